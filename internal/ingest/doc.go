// Package ingest reads a plan of objectives from the workbooks comuni already
// keep and turns it into a domain.Plan plus diagnostics. It reads the plan as
// a person would: it finds each table's header rows and maps columns by what
// they say, then reads every row from what its cells contain — a weight looks
// like "5%", a code like "3.1", the targets follow the baseline, a manager is
// a name — because real workbooks have cells shifted left or right of their
// header, merged cells left blank, indicators on rows of their own and stray
// page footers.
//
// The pipeline: a format reader yields a Workbook (sheets of rows of text
// cells with their line numbers); tables are found by their headers; each
// data row becomes a record; records are assembled into units, objectives and
// indicators; checks add diagnostics.
package ingest
