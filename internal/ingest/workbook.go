package ingest

// Workbook is a spreadsheet reduced to text: what every format reader
// produces and the rest of the pipeline consumes.
type Workbook struct {
	Name   string // file name, for messages
	Sheets []*Sheet
	// Flat is set for delimited text (the tab-separated export, CSV): one
	// Sheet that holds the sheets of the workbook one after the other. Each
	// table found in it then stands for a sheet and is numbered as one; in
	// a real workbook tables are numbered by the sheet they are in.
	Flat bool
}

// Sheet is one sheet of a workbook. A text export has no sheet boundaries of
// its own: it arrives as a single Sheet whose tables are told apart by their
// headers.
type Sheet struct {
	Name string
	Rows []Row
}

// Row is one row of cells, trimmed, with the line (or row number) it came
// from, 1-based. Each cell is the text a person sees in it, the Italian way
// ("12,5%", "31/12/2022").
type Row struct {
	Line  int
	Cells []string
	// Marks says how some cells came by their text, where that matters to
	// reading them (nil when no cell of the row is marked).
	Marks []Mark
}

// Mark tells how a cell came by its text.
type Mark uint8

const (
	// Merged: the cell lies under a cell merged across rows, whose value
	// counts for every row it spans.
	Merged Mark = 1 << iota
	// Formula: the text is the value a formula computed when the file
	// was last saved.
	Formula
)

// marked reports whether cell i carries mark m.
func (r Row) marked(i int, m Mark) bool {
	return i >= 0 && i < len(r.Marks) && r.Marks[i]&m != 0
}

// cell returns the cell at i, or "" beyond the row's end.
func (r Row) cell(i int) string {
	if i < 0 || i >= len(r.Cells) {
		return ""
	}
	return r.Cells[i]
}

// filled lists the indexes of the non-empty cells.
func (r Row) filled() []int { return r.appendFilled(nil) }

// appendFilled appends the indexes of the non-empty cells to idx.
func (r Row) appendFilled(idx []int) []int {
	for i, c := range r.Cells {
		if c != "" {
			idx = append(idx, i)
		}
	}
	return idx
}

// blank reports whether the row has no text at all.
func (r Row) blank() bool {
	for _, c := range r.Cells {
		if c != "" {
			return false
		}
	}
	return true
}

// ownCells splits a row into the cells it holds itself and the values
// merged down into it from a row above (nil when none). Rows are shaped —
// blank, shifted, a lone total, an indicator of a sub-table — by their own
// cells, as the text export of the same sheet shows them.
func (r Row) ownCells() (own Row, merged map[int]string) {
	for i := range r.Marks {
		if r.Marks[i]&Merged == 0 || r.Cells[i] == "" {
			continue
		}
		if merged == nil {
			merged = map[int]string{}
			own = Row{Line: r.Line, Cells: append([]string(nil), r.Cells...), Marks: r.Marks}
		}
		merged[i] = r.Cells[i]
		own.Cells[i] = ""
	}
	if merged == nil {
		return r, nil
	}
	return own, merged
}

// ownRows returns the rows with only their own cells.
func ownRows(rows []Row) []Row {
	var out []Row
	for i, r := range rows {
		own, merged := r.ownCells()
		if merged != nil && out == nil {
			out = append([]Row(nil), rows[:i]...)
		}
		if out != nil {
			out = append(out, own)
		}
	}
	if out == nil {
		return rows
	}
	return out
}
