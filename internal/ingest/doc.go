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
//
// The format is recognised from the content (format.go): XLSX (xlsx.go) and
// ODS (ods.go) are streamed from their archives row by row, CSV (csv.go) and
// the tab-separated text export (text.go) are split in memory; every reader
// hands its rows to a sheetBuilder (builder.go), which carries merged cells
// down, folds blank runs and holds the workbook to its limits. Cells are the
// text a person sees in an Italian spreadsheet (numfmt.go). A plan exported
// by performa as JSON is read back as it is (json.go).
package ingest
