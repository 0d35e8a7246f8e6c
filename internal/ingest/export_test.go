package ingest

// PeriodEnd exposes periodEnd to the tests.
var PeriodEnd = periodEnd
