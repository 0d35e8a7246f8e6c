package ingest

import (
	"strings"
	"unicode/utf8"

	"github.com/performa-pa/performa/internal/domain"
)

// suggestAny proposes a mapping for the tables detection cannot read, so
// that a person has something to correct: in each sheet, the first row of
// two or more short labels is the header; each column is mapped to the
// field its label names, and when none names the objective, the column of
// the longest texts below is proposed as the objective's title. Every other
// labelled column is kept in the notes ("level").
func suggestAny(wb *Workbook) []MapTable {
	var out []MapTable
	for si, sh := range wb.Sheets {
		hi := headerCandidate(sh.Rows)
		if hi < 0 {
			continue
		}
		header := sh.Rows[hi]
		mt := newMapTable(wb, si, &table{header: []Row{header}})
		mt.Layout = "wide"
		title := false
		for c, s := range header.Cells {
			if s == "" {
				continue
			}
			name := fieldName(genericLabel(s))
			switch name {
			case "":
				name = "level"
			case "title", "code":
				if title {
					name = "level"
				}
				title = true
			}
			mt.Columns[domain.ColumnName(c)] = name
		}
		if !title {
			if c := longestTextColumn(sh.Rows[hi+1:], header); c >= 0 {
				mt.Columns[domain.ColumnName(c)] = "title"
				title = true
			}
		}
		if title {
			out = append(out, mt)
		}
	}
	return out
}

// headerCandidate is the index of the first row with two or more short
// text cells and no long ones: a header row; -1 if none.
func headerCandidate(rows []Row) int {
	for i, r := range rows {
		labels, long := 0, false
		for _, c := range r.Cells {
			switch {
			case c == "":
			case utf8.RuneCountInString(c) > 90:
				long = true
			case !isNumber(c) && !isWeight(c):
				labels++
			}
		}
		if labels >= 2 && !long && i+1 < len(rows) {
			return i
		}
	}
	return -1
}

// longestTextColumn is the labelled column whose cells below hold the
// longest texts on average: what a table of objectives describes them with.
func longestTextColumn(rows []Row, header Row) int {
	best, bestLen := -1, 0.0
	for c, label := range header.Cells {
		if label == "" {
			continue
		}
		total, n := 0, 0
		for _, r := range rows {
			if s := strings.TrimSpace(r.cell(c)); s != "" {
				total += utf8.RuneCountInString(s)
				n++
			}
		}
		if n > 0 && float64(total)/float64(n) > bestLen {
			best, bestLen = c, float64(total)/float64(n)
		}
	}
	return best
}
