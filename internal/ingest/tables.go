package ingest

import "github.com/performa-pa/performa/internal/domain"

// table is one plan table: its title row, header rows and data rows. In the
// text export every sheet of the workbook is one table.
type table struct {
	title  *Row
	header []Row
	rows   []Row
	unit   string // the unit its rows name in a column of their own, if any
}

// findTables splits a sheet's rows into tables. A table starts at its header
// rows (rows that name three or more fields and hold no weights), with the
// title row right above them, and runs until the next table: blank lines do
// not end a table, because sheets have blank lines of their own.
func findTables(rows []Row, sheet int) ([]*table, []domain.Diagnostic) {
	var tables []*table
	var before []Row // rows before the first table
	isHeader := func(r Row) bool {
		for _, c := range r.Cells { // cheap first: data rows carry weights
			if isWeight(c) {
				return false
			}
		}
		n := headerScore(r)
		return n >= 3 || n == 2 && isLongHeader(r) || genericHeader(r)
	}
	// The rows of each table, and those before the first, are pieces of
	// rows (capped: appending to one never writes over the next).
	start := 0 // the first row not yet given to a table or to before
	give := func(end int) {
		if len(tables) == 0 {
			before = rows[start:end:end]
		} else {
			tables[len(tables)-1].rows = rows[start:end:end]
		}
	}
	for i := 0; i < len(rows); i++ {
		if !isHeader(rows[i]) {
			continue
		}
		give(i)
		j := i + 1
		for j < len(rows) && isHeader(rows[j]) {
			j++
		}
		t := &table{header: rows[i:j:j]}
		// The title row is the non-blank row right above the header; it
		// was taken as a data row of the previous table (or as a row before
		// the first table).
		if n := len(tables); n > 0 {
			prev := tables[n-1]
			if k := len(prev.rows); k > 0 && isTitle(prev.rows[k-1]) {
				title := prev.rows[k-1]
				t.title, prev.rows = &title, prev.rows[:k-1:k-1]
			}
		} else if k := len(before); k > 0 && isTitle(before[k-1]) {
			title := before[k-1]
			t.title, before = &title, before[:k-1:k-1]
		}
		tables = append(tables, t)
		i, start = j-1, j
	}
	give(len(rows))
	var diags []domain.Diagnostic
	for _, r := range before {
		if !r.blank() {
			diags = append(diags, diag(domain.SeverityInfo, "row.skipped", sheet, r.Line, -1,
				"riga prima della prima intestazione ignorata"))
		}
	}
	return tables, diags
}

// isTitle reports whether a row can be a table's title: a few cells of
// text, no weights ("DUP 2022 | Piano degli obiettivi… | STATO DI
// RAGGIUNGIMENTO").
func isTitle(r Row) bool {
	f := r.filled()
	if len(f) == 0 || len(f) > 4 {
		return false
	}
	for _, c := range f {
		if isWeight(r.Cells[c]) {
			return false
		}
	}
	return true
}

// splitByUnit splits a table whose rows name their unit in a column of
// their own («Unità», as in performa's CSV export) into one table per unit,
// in the order the units first appear; a blank cell continues the unit
// above, as a merged cell would. The unit's cell is blanked, so that the
// rest of the row reads like any other.
func splitByUnit(t *table, lay *layout) []*table {
	c, ok := lay.cols[fUnit]
	if !ok {
		return []*table{t}
	}
	var parts []*table
	byName := map[string]*table{}
	var cur *table
	var before []Row // rows above the first unit named
	for _, r := range t.rows {
		if name := r.cell(c); name != "" {
			if byName[name] == nil {
				byName[name] = &table{title: t.title, header: t.header, unit: name}
				parts = append(parts, byName[name])
			}
			cur = byName[name]
			cells := append([]string(nil), r.Cells...)
			cells[c] = ""
			r.Cells = cells
		}
		if cur == nil {
			before = append(before, r)
			continue
		}
		cur.rows = append(cur.rows, r)
	}
	if len(parts) == 0 {
		return []*table{t}
	}
	parts[0].rows = append(before, parts[0].rows...)
	return parts
}
