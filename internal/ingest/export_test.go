package ingest

// PeriodEnd exposes periodEnd to the tests.
var PeriodEnd = periodEnd

// SplitCode, CleanText, GenericLabel and NumericPeriodEnd expose the
// generic reader's parsers to the tests.
var (
	SplitCode        = splitCode
	CleanText        = cleanText
	NumericPeriodEnd = numericPeriodEnd
)

// GenericLabel says the field name a header label is read as.
func GenericLabel(s string) string { return fieldName(genericLabel(s)) }
