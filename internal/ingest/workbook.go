package ingest

// Workbook is a spreadsheet reduced to text: what every format reader
// produces and the rest of the pipeline consumes.
type Workbook struct {
	Name   string // file name, for messages
	Sheets []*Sheet
}

// Sheet is one sheet of a workbook. A text export has no sheet boundaries of
// its own: it arrives as a single Sheet whose tables are told apart by their
// headers.
type Sheet struct {
	Name string
	Rows []Row
}

// Row is one row of cells, trimmed, with the line (or row number) it came
// from, 1-based.
type Row struct {
	Line  int
	Cells []string
}

// cell returns the cell at i, or "" beyond the row's end.
func (r Row) cell(i int) string {
	if i < 0 || i >= len(r.Cells) {
		return ""
	}
	return r.Cells[i]
}

// filled lists the indexes of the non-empty cells.
func (r Row) filled() []int {
	var idx []int
	for i, c := range r.Cells {
		if c != "" {
			idx = append(idx, i)
		}
	}
	return idx
}

// blank reports whether the row has no text at all.
func (r Row) blank() bool { return len(r.filled()) == 0 }
