// Package report writes a plan in the formats people exchange: XLSX and ODS
// workbooks a Segretario would send — one sheet per unit, the columns of the
// plans comuni keep, weights as percentages, a total, a frozen header — CSV
// for other programs, and the JSON document (performa.plan/v1).
//
// Every format reads back into the same plan through internal/ingest: the
// sheets say which ente and unit they are of («Ente: …», «Unità: …»), a
// formula computes the total of the weights (a computed total declares
// nothing), and a column gives baselines their own year where the rows of a
// unit differ.
package report

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/planjson"
)

// Format is an export format.
type Format string

const (
	XLSXFormat Format = "xlsx"
	ODSFormat  Format = "ods"
	CSVFormat  Format = "csv"
	JSONFormat Format = "json"
)

// Formats lists the formats, in the order of the command's help.
var Formats = []Format{XLSXFormat, ODSFormat, CSVFormat, JSONFormat}

// Binary reports whether a format is not text (and is no use on a
// terminal).
func (f Format) Binary() bool { return f == XLSXFormat || f == ODSFormat }

// Write writes the plan in a format.
func Write(w io.Writer, f Format, p *domain.Plan) error {
	switch f {
	case XLSXFormat:
		return XLSX(w, p)
	case ODSFormat:
		return ODS(w, p)
	case CSVFormat:
		return CSV(w, p)
	case JSONFormat:
		return planjson.Encode(w, p)
	}
	return fmt.Errorf("formato %q non previsto", f)
}

// Column layout of a unit's sheet: the seed's columns, in its order.
const (
	colMissionCode = iota
	colMission
	colProgramCode
	colProgram
	colCode
	colWeight
	colTitle
	colIndicator
	colBaseline
	colTargets // then one column per target year
)

// sheet is a unit laid out as a sheet: title, header, rows.
type sheet struct {
	unit     *domain.Unit
	name     string // sheet name: at most 31 characters, none of []:*?/\
	title    []titleCell
	header   []string
	years    []int
	baseYear int  // the year in the baseline's header
	ownYears bool // rows whose baseline has another year: a column says it
	rows     [][]cell
	starts   []bool // rows that start an objective
	merges   []merge
}

type titleCell struct {
	col  int
	text string
}

// cell is the content of a cell: text, or a weight shown as a percentage.
type cell struct {
	text   string
	weight *float64
}

func (c cell) empty() bool { return c.text == "" && c.weight == nil }

// merge is a run of rows (0-based, within the data rows) in one column
// whose value is written once, merged down.
type merge struct{ col, first, last int }

// trailing columns, after the targets
func (s *sheet) colManager() int      { return colTargets + len(s.years) }
func (s *sheet) colStaff() int        { return s.colManager() + 1 }
func (s *sheet) colAchievement() int  { return s.colManager() + 2 }
func (s *sheet) colNotes() int        { return s.colManager() + 3 }
func (s *sheet) colBaselineYear() int { return s.colManager() + 4 }
func (s *sheet) width() int {
	if s.ownYears {
		return s.colBaselineYear() + 1
	}
	return s.colNotes() + 1
}

// layout lays out every unit of a plan.
func layout(p *domain.Plan) []*sheet {
	var sheets []*sheet
	used := map[string]bool{}
	for i, u := range p.Units {
		s := layoutUnit(p, u)
		s.name = sheetName(u.Name, i+1, used)
		sheets = append(sheets, s)
	}
	return sheets
}

func layoutUnit(p *domain.Plan, u *domain.Unit) *sheet {
	s := &sheet{years: targetYears(u)}
	s.baseYear, s.ownYears = baselineYear(u)
	s.fill(p, u)
	s.mergeRuns()
	return s
}

// fill lays out a unit in the sheet's columns (years and baseline years
// set).
func (s *sheet) fill(p *domain.Plan, u *domain.Unit) {
	s.unit = u
	s.header = []string{"N° missione", "Missione", "N° programma", "Programma", "N° obiettivo", "Peso",
		"Obiettivo", "Indicatore", "Baseline"}
	if s.baseYear != 0 {
		s.header[colBaseline] += " " + strconv.Itoa(s.baseYear)
	}
	for _, y := range s.years {
		if y == 0 {
			s.header = append(s.header, "Target")
		} else {
			s.header = append(s.header, "Target "+strconv.Itoa(y))
		}
	}
	s.header = append(s.header, "Responsabile", "Personale coinvolto", "% raggiunta", "Note")
	if s.ownYears {
		s.header = append(s.header, "Anno baseline")
	}
	s.title = []titleCell{{colMissionCode, "Piano degli obiettivi " + cycleText(p.Cycle)}, {colTitle, "Unità: " + u.Name}}
	if p.Organization.Name != "" {
		s.title = append(s.title, titleCell{colTargets, "Ente: " + p.Organization.Name})
	}
	for _, o := range u.Objectives {
		s.addObjective(o)
	}
}

// addObjective lays out an objective: its first indicator on its own row,
// further indicators on rows of their own below it. Weighted indicators
// carry their weights on their rows (the objective's is their sum).
func (s *sheet) addObjective(o *domain.Objective) {
	weighted := weightedIndicators(o)
	row := s.newRow(true)
	row[colMissionCode].text, row[colMission].text = o.Mission.Code, o.Mission.Text
	row[colProgramCode].text, row[colProgram].text = o.Program.Code, o.Program.Text
	row[colCode].text, row[colTitle].text = o.Code, o.Title
	row[colWeight].weight = o.Weight
	row[s.colManager()].text, row[s.colStaff()].text = o.Manager, o.Staff
	row[s.colAchievement()].text, row[s.colNotes()].text = o.ReportedAchievement, o.Notes
	for i, in := range o.Indicators {
		if i > 0 {
			row = s.newRow(false)
		}
		if weighted {
			row[colWeight].weight = in.Weight
		}
		row[colIndicator].text = in.Description
		row[colBaseline].text = in.Baseline.Text
		if s.ownYears && in.Baseline.Text != "" && in.Baseline.Year != 0 {
			row[s.colBaselineYear()].text = strconv.Itoa(in.Baseline.Year)
		}
		for j, y := range s.years {
			if t, ok := in.Target(y); ok {
				row[colTargets+j].text = t.Text
			}
		}
	}
}

func (s *sheet) newRow(start bool) []cell {
	row := make([]cell, s.width())
	s.rows = append(s.rows, row)
	s.starts = append(s.starts, start)
	return row
}

// weightedIndicators reports whether an objective's weight is the sum of
// its indicators' weights, each written on its row.
func weightedIndicators(o *domain.Objective) bool {
	if len(o.Indicators) < 2 || o.Weight == nil {
		return false
	}
	sum := 0.0
	for _, in := range o.Indicators {
		if in.Weight == nil {
			return false
		}
		sum += *in.Weight
	}
	return math.Abs(sum-*o.Weight) < 0.005
}

// mergeRuns writes mission, program and manager once over the objectives
// that share them, merged down, as plans are kept: the importer reads a
// merged value for every row it spans. A program's run ends where its
// mission changes, as it would in a workbook.
func (s *sheet) mergeRuns() {
	key := func(row []cell, c int) string {
		if c > colProgram {
			return row[c].text
		}
		var k []string
		for i := colMissionCode; i <= c; i++ {
			k = append(k, row[i].text)
		}
		return strings.Join(k, "\x00")
	}
	keys := make([][]string, len(s.rows))
	for i, row := range s.rows {
		for c := range row {
			keys[i] = append(keys[i], key(row, c))
		}
	}
	for _, c := range []int{colMissionCode, colMission, colProgramCode, colProgram, s.colManager()} {
		first := -1
		flush := func(last int) {
			if first >= 0 && last > first {
				s.merges = append(s.merges, merge{c, first, last})
				for i := first + 1; i <= last; i++ {
					s.rows[i][c].text = ""
				}
			}
		}
		for i, row := range s.rows {
			switch {
			case !s.starts[i]: // an indicator row: covered by its objective's run
			case first >= 0 && keys[i][c] == keys[first][c]:
			default:
				flush(i - 1)
				first = -1
				if row[c].text != "" {
					first = i
				}
			}
		}
		flush(len(s.rows) - 1)
	}
	sort.Slice(s.merges, func(i, j int) bool {
		a, b := s.merges[i], s.merges[j]
		return a.first < b.first || a.first == b.first && a.col < b.col
	})
}

// targetYears are the years of the unit's targets, in order.
func targetYears(u *domain.Unit) []int {
	seen := map[int]bool{}
	var years []int
	for _, o := range u.Objectives {
		for _, in := range o.Indicators {
			for _, t := range in.Targets {
				if !seen[t.Year] {
					seen[t.Year] = true
					years = append(years, t.Year)
				}
			}
		}
	}
	sort.Ints(years)
	return years
}

// baselineYear is the year most baselines of the unit have; ownYears
// reports whether some have another.
func baselineYear(u *domain.Unit) (year int, ownYears bool) {
	count := map[int]int{}
	for _, o := range u.Objectives {
		for _, in := range o.Indicators {
			if in.Baseline.Text != "" {
				count[in.Baseline.Year]++
			}
		}
	}
	for y, n := range count {
		if n > count[year] || (n == count[year] && y < year) {
			year = y
		}
	}
	return year, len(count) > 1
}

func cycleText(c domain.Cycle) string {
	if c.FirstYear == 0 {
		return ""
	}
	if c.LastYear == c.FirstYear {
		return strconv.Itoa(c.FirstYear)
	}
	return fmt.Sprintf("%d–%d", c.FirstYear, c.LastYear)
}

// sheetName makes a unit's name a valid sheet name: at most 31 characters,
// none of []:*?/\, not starting or ending with an apostrophe, unique.
func sheetName(unit string, n int, used map[string]bool) string {
	name := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) || r < 0x20 {
			return '-'
		}
		return r
	}, unit)
	name = strings.Trim(strings.TrimSpace(name), "'")
	if name == "" || strings.EqualFold(name, "history") {
		name = fmt.Sprintf("Unità %d", n)
	}
	base := strings.TrimRight(truncate(name, 31), "' ")
	name = base
	for i := 2; used[strings.ToLower(name)]; i++ {
		suffix := fmt.Sprintf(" (%d)", i)
		name = strings.TrimRight(truncate(base, 31-len(suffix)), "' ") + suffix
	}
	used[strings.ToLower(name)] = true
	return name
}

// truncate cuts s to at most n characters.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return strings.TrimSpace(string([]rune(s)[:n]))
}

// whole reports whether a weight is a whole percentage.
func whole(v float64) bool { return math.Abs(v-math.Round(v)) < 1e-9 }

// columnWidths are the widths of the columns, in characters.
func (s *sheet) columnWidths() []float64 {
	w := []float64{7, 26, 7, 26, 8, 7, 44, 44, 22}
	for range s.years {
		w = append(w, 24)
	}
	w = append(w, 24, 24, 10, 30)
	if s.ownYears {
		w = append(w, 10)
	}
	return w
}

// wrapped reports whether a column holds long text to wrap.
func (s *sheet) wrapped(c int) bool {
	return c == colMission || c == colProgram || c == colTitle || c == colIndicator || c == colBaseline ||
		(c >= colTargets && c < s.colManager()) || c == s.colStaff() || c == s.colNotes()
}

// columnName returns the letter of a 0-based column.
func columnName(i int) string { return domain.ColumnName(i) }
