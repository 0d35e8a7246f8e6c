package ingest

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
	"github.com/performa-pa/performa/internal/missions"
)

// genColumn is a column of a generic table with its header label.
type genColumn struct {
	col   int
	label string
}

// genTarget is a target column: its year as the header writes it, or
// relative to the plan's first year («Target secondo anno»: rel 2), or
// neither (the row's year, or the plan's first year).
type genTarget struct {
	genColumn
	year, rel int
}

// genericLayout is where a generic table keeps each field.
type genericLayout struct {
	cols      map[field]int // one column per field
	labels    map[field]string
	units     []genColumn // organisational columns, outer first
	targets   []genTarget
	values    []genTarget // «Effettivo 2022», «Consuntivo 2023»: a value for each year
	levels    []genColumn // levels kept in the notes, in column order
	others    []genColumn // other labelled columns kept in the notes
	firstYear int         // the plan's first year, for relative targets
	yearFrom  string      // where firstYear was read, for the diagnostic
}

func (gl *genericLayout) col(f field) int { return col(gl.cols, f) }

var relYearRe = regexp.MustCompile(`(?i)\b(primo|1\s*[°º^]?|secondo|2\s*[°º^]?|terzo|3\s*[°º^]?|quarto|4\s*[°º^]?)\s*anno\b|\banno\s*(n|t)\s*\+\s*([0-3])\b`)

// relativeYear reads «Target primo anno», «Valore target 2°anno», «anno
// n+1» as a year counted from the plan's first (1 = the first).
func relativeYear(label string) int {
	m := relYearRe.FindStringSubmatch(label)
	if m == nil {
		return 0
	}
	if m[3] != "" {
		n, _ := strconv.Atoi(m[3])
		return n + 1
	}
	w := strings.ToLower(strings.TrimRight(strings.TrimSpace(m[1]), "°º^ "))
	switch {
	case w == "primo" || w == "1":
		return 1
	case w == "secondo" || w == "2":
		return 2
	case w == "terzo" || w == "3":
		return 3
	}
	return 4
}

// genericColumns reads the header rows of a table as a generic layout:
// labels of the lower row win over the upper one. It returns nil when the
// header names no objective.
func genericColumns(t *table) *genericLayout {
	width := 0
	for _, r := range t.header {
		width = max(width, len(r.Cells))
	}
	gl := &genericLayout{cols: map[field]int{}, labels: map[field]string{}}
	var titles []genColumn // candidate objective columns
	for c := range width {
		label := ""
		for i := len(t.header) - 1; i >= 0; i-- {
			if s := t.header[i].cell(c); s != "" {
				label = s
				break
			}
		}
		if label == "" {
			if columnHasText(t.rows, c) { // a column without a label is kept too
				gl.others = append(gl.others, genColumn{c, "colonna " + domain.ColumnName(c)})
			}
			continue
		}
		gc := genColumn{c, label}
		switch f := genericLabel(label); f {
		case fTarget:
			gl.targets = append(gl.targets, genTarget{gc, findYear(label), relativeYear(label)})
		case fUnit:
			gl.units = append(gl.units, gc)
		case fValue:
			if y := findYear(label); y > 0 {
				gl.values = append(gl.values, genTarget{gc, y, 0})
				continue
			}
			if _, taken := gl.cols[fValue]; taken {
				gl.others = append(gl.others, gc)
				continue
			}
			gl.set(fValue, gc)
		case fLevel:
			if lf := levelField(t, c, label); lf != fLevel {
				gl.set(lf, gc)
				continue
			}
			gl.levels = append(gl.levels, gc)
		case fTitle:
			titles = append(titles, gc)
		case fOther, fNone:
			gl.others = append(gl.others, gc)
		default:
			if _, taken := gl.cols[f]; taken {
				gl.others = append(gl.others, gc)
				continue
			}
			gl.set(f, gc)
		}
	}
	if len(gl.targets) > 1 {
		unnamed := true
		for _, t := range gl.targets {
			unnamed = unnamed && t.year == 0 && t.rel == 0
		}
		for i := range gl.targets {
			if unnamed { // «TARGET | TARGET | TARGET»: the plan's years in order
				gl.targets[i].rel = i + 1
			}
		}
	}
	gl.placeTitle(titles)
	gl.cardTitle()
	if _, ok := gl.cols[fTitle]; !ok {
		gl.titleFromLevels()
	}
	_, hasTitle := gl.cols[fTitle]
	_, hasCode := gl.cols[fCode]
	if !hasTitle && !hasCode {
		return nil
	}
	return gl
}

func (gl *genericLayout) set(f field, gc genColumn) {
	gl.cols[f], gl.labels[f] = gc.col, gc.label
}

// placeTitle chooses the objective among the title-like columns: an
// «Obiettivo …» over a «Titolo», which then names the indicator when no
// column does (a ministry's indicator card: «Titolo» of the indicator
// under its «Obiettivo strategico»).
func (gl *genericLayout) placeTitle(titles []genColumn) {
	for _, gc := range titles {
		if _, ok := gl.cols[fTitle]; !ok {
			gl.set(fTitle, gc)
			continue
		}
		if _, ok := gl.cols[fIndicator]; !ok && strings.HasPrefix(strings.ToLower(gc.label), "titolo") {
			gl.set(fIndicator, gc)
			continue
		}
		gl.others = append(gl.others, gc)
	}
}

// cardTitle reads an indicator card (a ministry's «Codice | Titolo |
// Obiettivo strategico»): «Titolo» and «Codice» are the indicator's, the
// objective is its «Obiettivo strategico».
func (gl *genericLayout) cardTitle() {
	c, ok := gl.cols[fTitle]
	_, hasInd := gl.cols[fIndicator]
	if !ok || hasInd || !strings.HasPrefix(strings.ToLower(gl.labels[fTitle]), "titolo") {
		return
	}
	for i, lv := range gl.levels {
		if l := strings.ToLower(lv.label); strings.HasPrefix(l, "obiettivo") {
			gl.set(fIndicator, genColumn{c, gl.labels[fTitle]})
			gl.set(fTitle, lv)
			gl.levels = slices.Delete(gl.levels, i, i+1)
			if cc, ok := gl.cols[fCode]; ok && !strings.Contains(strings.ToLower(gl.labels[fCode]), "obiettiv") {
				gl.others = append(gl.others, genColumn{cc, gl.labels[fCode]})
				delete(gl.cols, fCode)
			}
			return
		}
	}
}

// titleFromLevels takes the objective from the levels when no column is
// the objective's own: an «Obiettivo strategico» above a «Titolo»-less
// indicator, or the most detailed level of the PNRR (the sub-measure of an
// indicator's progress).
func (gl *genericLayout) titleFromLevels() {
	best := -1
	for i, lv := range gl.levels {
		l := strings.ToLower(lv.label)
		if strings.HasPrefix(l, "obiettivo") {
			best = i
			break
		}
		if strings.HasPrefix(l, "descrizione") {
			best = i // the last description is the most detailed level
		}
	}
	if best < 0 {
		return
	}
	chosen := gl.levels[best]
	gl.set(fTitle, chosen)
	gl.levels = slices.Delete(gl.levels, best, best+1)
	if _, ok := gl.cols[fCode]; ok {
		return
	}
	// The level's own code, in a column before its description
	// («Codice Univoco Sub-misura … Descrizione Sub-misura»).
	for i := len(gl.levels) - 1; i >= 0; i-- {
		lv := gl.levels[i]
		l := strings.ToLower(lv.label)
		if lv.col < chosen.col && (strings.HasPrefix(l, "codice") || strings.HasPrefix(l, "id ")) && describes(chosen.label, lv.label) {
			gl.set(fCode, lv)
			gl.levels = slices.Delete(gl.levels, i, i+1)
			return
		}
	}
}

// levelField tells a DUP mission or program (official codes, D.Lgs
// 118/2011) from a level of another plan that shares the word («Missione
// M1» of the PNRR, a «Programma» of the PNC): by the cells under it.
func levelField(t *table, c int, label string) field {
	f := classifyLabel(label)
	if f != fMissionName && f != fProgramName && f != fMissionCode && f != fProgramCode {
		return fLevel
	}
	for _, r := range t.rows {
		s := r.cell(c)
		if s == "" {
			continue
		}
		_, code := missions.NormalizeCode(s)
		switch {
		case code && (f == fMissionName || f == fMissionCode):
			return fMissionCode
		case code:
			return fProgramCode
		case f == fMissionName && isMissionName(s):
			return fMissionName
		}
		return fLevel
	}
	return fLevel
}

// genReader reads the rows of a generic table into units.
type genReader struct {
	gl           *genericLayout
	sheet        int
	diags        []domain.Diagnostic
	units        []*longUnit
	byUnit       map[string]*longUnit
	years        map[int]bool
	split        int  // codes split from titles
	titleTargets bool // objectives read as their own targets
	perRow       bool // the year of each target is the row's own
	yearCol      int
	fraction     bool
}

// readGeneric reads a generic table.
func readGeneric(t *table, gl *genericLayout, sheet int, opts Options) *genReader {
	g := &genReader{gl: gl, sheet: sheet, byUnit: map[string]*longUnit{}, years: map[int]bool{}}
	g.yearCol = gl.col(fYear)
	g.perRow = (g.yearCol >= 0 || datedPeriods(t, gl.col(fPeriod))) && !gl.hasYearedTargets()
	g.fraction = fractionWeights(t.rows, gl.col(fWeight))
	g.firstYear(t, opts)
	carried := map[int]string{}
	carry := append(slices.Clone(gl.units), gl.levels...)
	for _, f := range []field{fManager, fYear, fMissionCode, fMissionName, fProgramCode, fProgramName} {
		if c, ok := gl.cols[f]; ok {
			carry = append(carry, genColumn{col: c})
		}
	}
	var cur *longObjective
	for _, r := range t.rows {
		if r.blank() {
			continue
		}
		cells := slices.Clone(r.Cells)
		for _, gc := range carry { // a blank under a value continues it, as a merged cell
			for len(cells) <= gc.col {
				cells = append(cells, "")
			}
			if cells[gc.col] == "" {
				cells[gc.col] = carried[gc.col]
			} else {
				carried[gc.col] = cells[gc.col]
			}
		}
		row := Row{Line: r.Line, Cells: cells}
		cur = g.row(row, cur)
	}
	return g
}

// columnHasText reports whether any row has text in column c.
func columnHasText(rows []Row, c int) bool {
	for _, r := range rows {
		if r.cell(c) != "" {
			return true
		}
	}
	return false
}

// hasYearedTargets reports whether the table's target columns say their
// year (written or relative).
func (gl *genericLayout) hasYearedTargets() bool {
	for _, t := range gl.targets {
		if t.year > 0 || t.rel > 0 {
			return true
		}
	}
	return false
}

// firstYear finds the plan's first year for targets relative to it:
// --first-year, else the year column of the first row, else the title.
func (g *genReader) firstYear(t *table, opts Options) {
	gl := g.gl
	switch {
	case opts.FirstYear > 0:
		gl.firstYear, gl.yearFrom = opts.FirstYear, "--first-year"
	case gl.firstYear > 0: // from the mapping
	case g.yearCol >= 0:
		for _, r := range t.rows {
			if y := findYear(r.cell(g.yearCol)); y > 0 {
				gl.firstYear, gl.yearFrom = y, "colonna «"+gl.labels[fYear]+"»"
				break
			}
		}
	}
	if gl.firstYear == 0 && t.title != nil {
		if y := findYear(strings.Join(t.title.Cells, " ")); y > 0 {
			gl.firstYear, gl.yearFrom = y, "titolo della tabella"
		}
	}
}

func (g *genReader) add(sev domain.Severity, code string, line, column int, format string, args ...any) {
	g.diags = append(g.diags, diag(sev, code, g.sheet, line, column, format, args...))
}

// row reads one data row: a new objective, or a further indicator of the
// objective above when it names none.
func (g *genReader) row(r Row, cur *longObjective) *longObjective {
	gl := g.gl
	get := func(f field) string { return cleanText(r.cell(gl.col(f))) }
	code, title := get(fCode), get(fTitle)
	if code == "" {
		if c, rest, ok := splitCode(title); ok {
			code, title = c, rest
			g.split++
		}
	}
	if isPlaceholder(code) {
		code = ""
	}
	if code == "" && title == "" {
		if cur == nil || !g.hasIndicator(r) {
			if cur != nil && len(nonEmpty(r.Cells)) > 0 {
				cur.o.Notes = joinNotes(append([]string{cur.o.Notes}, g.notesOf(r, true)...))
			}
			return cur
		}
		g.indicator(cur, r)
		return cur
	}
	u := g.unitOf(r)
	key := strings.ToLower(code + "\x00" + strings.Join(strings.Fields(title), " "))
	lo, ok := u.objs[key]
	if !ok {
		o := &domain.Objective{
			Position: len(u.unit.Objectives) + 1, Code: code, Title: title,
			Mission: officialCode(domain.Classified{Code: get(fMissionCode), Text: get(fMissionName)}),
			Program: officialCode(domain.Classified{Code: get(fProgramCode), Text: get(fProgramName)}),
			Manager: get(fManager), Staff: get(fStaff), ReportedAchievement: get(fAchievement),
			Kind: domain.ObjectiveUnit, Source: domain.SourceRef{Sheet: g.sheet, Line: r.Line},
		}
		lo = &longObjective{o: o, inds: map[string]*longIndicator{}}
		u.objs[key], u.order = lo, append(u.order, lo)
		u.unit.Objectives = append(u.unit.Objectives, o)
	}
	g.weight(lo, r)
	lo.o.Notes = joinNotes(append([]string{lo.o.Notes}, g.newNotes(lo.o.Notes, g.notesOf(r, false))...))
	g.indicator(lo, r)
	return lo
}

// hasIndicator reports whether a row without objective says something of
// an indicator.
func (g *genReader) hasIndicator(r Row) bool {
	for _, f := range []field{fIndicator, fBaseline, fValue} {
		if g.gl.col(f) >= 0 && r.cell(g.gl.col(f)) != "" {
			return true
		}
	}
	for _, t := range g.gl.targets {
		if r.cell(t.col) != "" {
			return true
		}
	}
	return false
}

func (g *genReader) weight(lo *longObjective, r Row) {
	c := g.gl.col(fWeight)
	s := r.cell(c)
	if s == "" || isPlaceholder(s) || lo.o.Weight != nil {
		return
	}
	v, ok := longWeight(s, g.fraction)
	if !ok {
		g.add(domain.SeverityWarning, "long.weight", r.Line, c, "peso «%s» non leggibile: ignorato", s)
		return
	}
	lo.o.Weight, lo.weightLine = &v, r.Line
}

// indicator reads the indicator of a row, with its target for each year.
func (g *genReader) indicator(lo *longObjective, r Row) {
	gl := g.gl
	get := func(f field) string { return cleanText(r.cell(gl.col(f))) }
	desc := get(fIndicator)
	if isPlaceholder(desc) {
		desc = ""
	}
	k := strings.ToLower(strings.Join(strings.Fields(desc), " "))
	li, ok := lo.inds[k]
	if !ok {
		in := &domain.Indicator{Position: len(lo.o.Indicators) + 1, Description: desc,
			Source: domain.SourceRef{Sheet: g.sheet, Line: r.Line}}
		if u := get(fUnitOfMeasure); !isPlaceholder(u) {
			in.UnitOfMeasure = u
		}
		if b := get(fBaseline); b != "" && !isPlaceholder(b) && !strings.EqualFold(get(fKind), "milestone") {
			in.Baseline = baseline(0, b)
		}
		li = &longIndicator{in: in, targets: map[int]string{}, tLine: map[int]int{}, meas: map[time.Time]int{}}
		lo.inds[k] = li
		lo.o.Indicators = append(lo.o.Indicators, in)
	}
	milestone := strings.EqualFold(get(fKind), "milestone")
	rowYear := findYear(r.cell(g.yearCol))
	quarter := get(fPeriod)
	if rowYear == 0 {
		rowYear = findYear(quarter) // «Scadenza: 31/12/2023»
	}
	measured := gl.col(fValue) >= 0 && gl.col(fPeriod) >= 0 // the period is when the value was measured
	if measured {
		quarter = ""
	}
	if len(gl.targets) == 0 && g.perRow && rowYear > 0 && !measured {
		// An objective with its date and no value column (the PNC's): what
		// it says is the target, due by the quarter.
		g.target(li, domain.Target{Year: rowYear, Text: lo.o.Title, Milestone: true, Deadline: deadlineOf(quarter, rowYear)}, r.Line)
		g.titleTargets = true
	}
	for _, tc := range gl.targets {
		text := cleanText(r.cell(tc.col))
		year := tc.year
		switch {
		case year > 0:
		case tc.rel > 0 && gl.firstYear > 0:
			year = gl.firstYear + tc.rel - 1
		case g.perRow:
			year = rowYear
		default:
			year = gl.firstYear
		}
		if year == 0 || text == "" && !milestone {
			continue
		}
		t := domain.Target{Year: year, Text: text, Milestone: milestone || isPlaceholder(text) && isPlaceholder(li.in.UnitOfMeasure) && text != ""}
		if g.perRow {
			t.Deadline = deadlineOf(quarter, year)
		}
		g.target(li, t, r.Line)
	}
	for _, vc := range gl.values { // «Previsto 2022 | Effettivo 2022»
		if v := cleanText(r.cell(vc.col)); v != "" && !isPlaceholder(v) {
			g.measureAt(li, v, time.Date(vc.year, 12, 31, 0, 0, 0, 0, time.UTC), r.Line)
		}
	}
	if v := get(fValue); v != "" && !isPlaceholder(v) {
		year := cmpYear(rowYear, gl.firstYear)
		if year > 0 {
			date := time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC)
			if p := get(fPeriod); measured && p != "" {
				if d, ok := periodEnd(p, year); ok {
					date = d
				}
			}
			g.years[year] = true
			if _, dup := li.meas[date]; !dup {
				li.meas[date] = r.Line
				m := domain.ParseValue(v)
				m.Text, m.Date, m.RecordedBy = v, date, domain.RecordedByImport
				li.in.Measurements = append(li.in.Measurements, m)
			}
		}
	}
}

// datedPeriods reports whether a table's period column writes dates with
// their year («Scadenza prevista: 31/12/2023»): each row's target is then of
// that year.
func datedPeriods(t *table, c int) bool {
	if c < 0 {
		return false
	}
	for _, r := range t.rows {
		if s := r.cell(c); s != "" {
			return findYear(s) > 0
		}
	}
	return false
}

func cmpYear(a, b int) int {
	if a > 0 {
		return a
	}
	return b
}

// measureAt keeps a value of the file as the measurement at a date, once.
func (g *genReader) measureAt(li *longIndicator, v string, date time.Time, line int) {
	if _, dup := li.meas[date]; dup {
		return
	}
	g.years[date.Year()] = true
	li.meas[date] = line
	m := domain.ParseValue(v)
	m.Text, m.Date, m.RecordedBy = v, date, domain.RecordedByImport
	li.in.Measurements = append(li.in.Measurements, m)
}

// target keeps a target for its year; a second one for the same year is
// a conflict, reported.
func (g *genReader) target(li *longIndicator, t domain.Target, line int) {
	g.years[t.Year] = true
	for _, have := range li.in.Targets {
		if have.Year == t.Year {
			if have.Text != t.Text || have.Deadline != t.Deadline {
				g.add(domain.SeverityWarning, "long.conflict", line, -1,
					"secondo target per lo stesso indicatore e anno %d (il primo alla riga %d): tenuto il primo", t.Year, li.tLine[t.Year])
			}
			return
		}
	}
	li.tLine[t.Year] = line
	li.in.Targets = append(li.in.Targets, t)
}

// deadlineOf reads «Q3», «T3», «3° trimestre» of a year as the day the
// quarter ends.
func deadlineOf(period string, year int) string {
	if period == "" || year == 0 || isPlaceholder(period) {
		return ""
	}
	d, ok := periodEnd(period, year)
	if !ok {
		return ""
	}
	return d.Format("2006-01-02")
}

func (g *genReader) unitOf(r Row) *longUnit {
	var parts []string
	for _, gc := range g.gl.units {
		if s := cleanText(r.cell(gc.col)); s != "" && !isPlaceholder(s) && !slices.Contains(parts, s) {
			parts = append(parts, s)
		}
	}
	name := strings.Join(parts, " – ")
	k := strings.ToLower(name)
	if u, ok := g.byUnit[k]; ok {
		return u
	}
	u := &longUnit{name: name, objs: map[string]*longObjective{}, unit: &domain.Unit{Kind: domain.UnitArea}}
	g.byUnit[k] = u
	g.units = append(g.units, u)
	return u
}

// notesOf writes the levels and other columns of a row as notes: «Misura:
// M1C1I1.1 – Infrastrutture digitali». A code column and the description
// beside it («Missione | Descrizione Missione») make one note. all also
// keeps the fields of the plan (a row with no objective).
func (g *genReader) notesOf(r Row, all bool) []string {
	var out []string
	cols := append(slices.Clone(g.gl.levels), g.gl.others...)
	slices.SortFunc(cols, func(a, b genColumn) int { return a.col - b.col })
	skip := map[int]bool{}
	for i, gc := range cols {
		if skip[gc.col] {
			continue
		}
		v := cleanText(r.cell(gc.col))
		if v == "" || isPlaceholder(v) {
			continue
		}
		label := gc.label
		if i+1 < len(cols) && describes(cols[i+1].label, gc.label) {
			if d := cleanText(r.cell(cols[i+1].col)); d != "" && !isPlaceholder(d) && d != v {
				v += " – " + d
			}
			skip[cols[i+1].col] = true
		}
		out = append(out, label+": "+v)
	}
	if all {
		for _, f := range []field{fIndicator, fBaseline, fNotes} {
			if v := cleanText(r.cell(g.gl.col(f))); v != "" {
				out = append(out, v)
			}
		}
	}
	if c := g.gl.col(fNotes); c >= 0 && !all {
		if v := cleanText(r.cell(c)); v != "" && !isPlaceholder(v) {
			out = append(out, v)
		}
	}
	return out
}

// describes reports whether a label is the description of the level
// before it: «Descrizione Missione» after «Missione».
func describes(label, of string) bool {
	l, o := strings.ToLower(label), strings.ToLower(of)
	words := strings.Fields(o)
	return len(words) > 0 && strings.HasPrefix(l, "descrizione") && strings.HasSuffix(l, words[len(words)-1])
}

// newNotes keeps the notes not already in have: an objective on several
// rows (one per year) repeats its levels.
func (g *genReader) newNotes(have string, notes []string) []string {
	var out []string
	for _, n := range notes {
		if !strings.Contains(have, n) {
			out = append(out, n)
		}
	}
	return out
}

var placeholderSet = map[string]bool{"n/a": true, "na": true, "n.a.": true, "-": true, "–": true, "—": true, "n.d.": true, "nd": true, "/": true}

// isPlaceholder reports whether a cell says "nothing here" («N/A», «–»).
func isPlaceholder(s string) bool { return placeholderSet[strings.ToLower(strings.TrimSpace(s))] }

// assemblers turns the units of a generic table into assemblers, as the
// rest of the pipeline expects them, with the diagnostics of the reading.
func (g *genReader) assemblers(t *table, pos int, sheetName string) []*assembler {
	var years []int
	for y := range g.years {
		years = append(years, y)
	}
	slices.Sort(years)
	for _, u := range g.units {
		for _, o := range u.unit.Objectives {
			for _, in := range o.Indicators {
				in.Targets = fillYears(in.Targets, years)
				slices.SortStableFunc(in.Measurements, func(a, b domain.Measurement) int { return a.Date.Compare(b.Date) })
			}
		}
		u.unit.Manager = mainManagerOf(u.unit)
	}
	g.describe(t)
	lg := &longGroup{units: g.units, years: years, sheet: g.sheet, diags: g.diags}
	return lg.assemblers(t, pos, sheetName)
}

// fillYears gives an indicator one target per year of the table, in year
// order, an empty one where the file gives none.
func fillYears(ts []domain.Target, years []int) []domain.Target {
	out := make([]domain.Target, 0, len(years))
	for _, y := range years {
		t := domain.Target{Year: y}
		for _, have := range ts {
			if have.Year == y {
				t = have
			}
		}
		out = append(out, t)
	}
	return out
}

// describe says how the table was read: the columns of the plan, the
// levels and other columns kept in the notes, the years of the targets.
func (g *genReader) describe(t *table) {
	gl := g.gl
	line := t.header[len(t.header)-1].Line
	var parts []string
	for _, f := range []field{fCode, fTitle, fIndicator, fBaseline, fWeight, fUnitOfMeasure, fYear, fPeriod, fValue, fManager} {
		if c, ok := gl.cols[f]; ok {
			parts = append(parts, fmt.Sprintf("%s «%s» (%s)", genericFieldName(f), gl.labels[f], domain.ColumnName(c)))
		}
	}
	for _, u := range gl.units {
		parts = append(parts, fmt.Sprintf("unità «%s» (%s)", u.label, domain.ColumnName(u.col)))
	}
	for _, tc := range gl.targets {
		parts = append(parts, fmt.Sprintf("target «%s» (%s)", tc.label, domain.ColumnName(tc.col)))
	}
	g.add(domain.SeverityInfo, "header.generic", line, -1,
		"tabella letta colonna per colonna come dice l'intestazione: %s", strings.Join(parts, ", "))
	if len(gl.levels) > 0 {
		g.add(domain.SeverityInfo, "header.levels", line, gl.levels[0].col,
			"livelli del piano senza corrispondente in performa, conservati nelle note di ogni obiettivo: %s", labelList(gl.levels))
	}
	if len(gl.others) > 0 {
		g.add(domain.SeverityInfo, "header.notes", line, gl.others[0].col,
			"altre colonne conservate nelle note di ogni obiettivo: %s", labelList(gl.others))
	}
	for _, tc := range gl.targets {
		switch {
		case tc.rel > 0 && gl.firstYear > 0:
			g.add(domain.SeverityInfo, "header.target_years", line, tc.col,
				"«%s» letto come target %d (primo anno del piano %d, da: %s)", tc.label, gl.firstYear+tc.rel-1, gl.firstYear, gl.yearFrom)
		case tc.year == 0 && !g.perRow && gl.firstYear > 0:
			g.add(domain.SeverityInfo, "header.target_years", line, tc.col,
				"«%s» senza anno: letto come target %d (da: %s)", tc.label, gl.firstYear, gl.yearFrom)
		case tc.year == 0 && !g.perRow && (tc.rel == 0 || gl.firstYear == 0):
			g.add(domain.SeverityError, "header.target_years", line, tc.col,
				"«%s»: l'anno del target non è indicato né nel file né nel titolo; indicare il primo anno del piano con --first-year (o «first_year» nella mappatura)", tc.label)
		}
	}
	if g.perRow && g.yearCol >= 0 {
		g.add(domain.SeverityInfo, "header.target_years", line, g.yearCol,
			"anno di ogni target dalla colonna «%s»%s", gl.labels[fYear], periodNote(gl))
	} else if g.perRow {
		g.add(domain.SeverityInfo, "header.target_years", line, gl.col(fPeriod),
			"anno e scadenza di ogni target dalla colonna «%s»", gl.labels[fPeriod])
	}
	if g.titleTargets {
		g.add(domain.SeverityInfo, "header.target_years", line, gl.col(fTitle),
			"nessuna colonna del target: ogni obiettivo («%s») è il risultato da raggiungere entro la sua scadenza", gl.labels[fTitle])
	}
	if g.split > 0 {
		g.add(domain.SeverityInfo, "row.split_code", line, gl.col(fTitle),
			"%d titol%s cominciava%s con il codice dell'obiettivo («1.1)…», «5.1 …»): codice separato dal titolo",
			g.split, italian.Plural(g.split, "o", "i"), italian.Plural(g.split, "", "no"))
	}
}

func periodNote(gl *genericLayout) string {
	if l, ok := gl.labels[fPeriod]; ok && gl.col(fValue) >= 0 {
		return ", periodo di ogni valore dalla colonna «" + l + "»"
	}
	if l, ok := gl.labels[fPeriod]; ok {
		return ", scadenza dalla colonna «" + l + "»"
	}
	return ""
}

func labelList(cols []genColumn) string {
	var out []string
	for _, c := range cols {
		out = append(out, "«"+c.label+"»")
	}
	return strings.Join(out, ", ")
}

func genericFieldName(f field) string {
	switch f {
	case fUnitOfMeasure:
		return "unità di misura"
	case fYear:
		return "anno"
	case fPeriod:
		return "scadenza"
	case fValue:
		return "valore rilevato"
	case fKind:
		return "tipo"
	}
	return fieldNames[f]
}

// suggestGeneric writes what detection inferred of a generic table as a
// mapping.
func suggestGeneric(wb *Workbook, si int, t *table, gl *genericLayout, opts Options) MapTable {
	mt := newMapTable(wb, si, t)
	mt.Layout = "wide"
	for f, c := range gl.cols {
		mt.Columns[domain.ColumnName(c)] = fieldName(f)
	}
	for _, u := range gl.units {
		mt.Columns[domain.ColumnName(u.col)] = "unit"
	}
	for _, lv := range append(slices.Clone(gl.levels), gl.others...) {
		mt.Columns[domain.ColumnName(lv.col)] = "level"
	}
	g := &genReader{gl: gl, yearCol: gl.col(fYear)}
	g.firstYear(t, opts)
	for _, tc := range gl.targets {
		name := "target"
		switch {
		case tc.year > 0:
			name += ":" + strconv.Itoa(tc.year)
		case tc.rel > 0 && gl.firstYear > 0:
			name += ":" + strconv.Itoa(gl.firstYear+tc.rel-1)
		}
		mt.Columns[domain.ColumnName(tc.col)] = name
	}
	if gl.firstYear > 0 && gl.yearFrom != "" && !strings.HasPrefix(gl.yearFrom, "colonna") {
		mt.FirstYear = gl.firstYear
	}
	return mt
}
