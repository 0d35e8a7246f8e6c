// Package domain holds performa's types and their invariants: the plan of
// objectives of an Italian local authority (organization, cycle, versions,
// units, objectives, indicators, targets), what happens to it during the year
// (measurements, validations) and the audit trail. It does no I/O: storage,
// spreadsheets and HTTP live in the packages around it.
package domain
