package ingest

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
)

// A long layout keeps the plan as one row per objective × unit × period:
// «Anno | Trimestre | Settore | Obiettivo | Indicatore | Peso | Target |
// Valore rilevato | % raggiunta». Its rows are grouped into one objective
// per unit, its indicators and their targets per year, and one measurement
// per period.

// Fields only a long layout has (classifyLabel never returns them, so that
// wide tables read as before).
const (
	fYear   field = iota + fBaselineYear + 1 // the year of the row
	fPeriod                                  // the period (quarter, half, month) or date of the value
	fValue                                   // the value measured in the period
)

var (
	yearLabelRe   = regexp.MustCompile(`^(anno|esercizio)( di riferimento| del piano)?\s*:?$`)
	periodLabelRe = regexp.MustCompile(`^(periodo|trimestre|semestre|quadrimestre|bimestre|mese|data|rilevazione|monitoraggio|scadenza di rilevazione)\b|^data (di |della )?(rilevazione|misurazione|monitoraggio|riferimento)`)
	valueLabelRe  = regexp.MustCompile(`^(valore|dato|risultato|misura|consuntivo)( (rilevat|raggiunt|effettiv|consuntiv|conseguit|misurat|al)\S*)?\s*:?$|^(valore|dato) (rilevat|raggiunt|effettiv|consuntiv)`)
	unitLongRe    = regexp.MustCompile(`^(struttura|settore|servizio|ufficio|direzione|centro di (responsabilit|costo)|dipartimento|reparto|unit[àa] operativa|u\.o\.|amministrazione titolare)`)
)

// longLabel maps a header cell of a long table to a field.
func longLabel(s string) field {
	l := strings.ToLower(strings.TrimSpace(s))
	if l == "" || len(l) > 90 {
		return fNone
	}
	switch {
	case yearLabelRe.MatchString(l):
		return fYear
	case periodLabelRe.MatchString(l):
		return fPeriod
	case valueLabelRe.MatchString(l):
		return fValue
	case unitLongRe.MatchString(l):
		return fUnit
	}
	if f := classifyLabel(s); f != fNone {
		return f
	}
	switch f := genericLabel(s); f { // other authorities' words
	case fTitle, fIndicator, fBaseline, fTarget, fCode, fManager, fValue:
		return f
	}
	return fNone
}

// isLongHeader reports whether a row with two plan labels is the header of
// a long table: it also names a period and a value.
func isLongHeader(r Row) bool {
	var period, value bool
	for _, c := range r.Cells {
		if c == "" || len(c) > 40 {
			continue
		}
		switch c[0] | 0x20 { // cheap first: it runs on rows of every sheet
		case 'p', 't', 's', 'q', 'b', 'm', 'd', 'r', 'v', 'c', 'a', 'g', 'l', '%':
		default:
			continue
		}
		switch longLabel(c) {
		case fPeriod:
			period = true
		case fValue, fAchievement:
			value = true
		}
	}
	return period && value
}

var periodLabelCI = regexp.MustCompile(`(?i)` + periodLabelRe.String())

// mayBePeriodLabel is a cheap test before periodLabelCI: every period
// label starts with one of a few words, in any case.
func mayBePeriodLabel(c string) bool {
	if c == "" || strings.IndexByte("ptsqbmdrPTSQBMDR", c[0]) < 0 {
		return false
	}
	for _, w := range periodLabelWords {
		if len(c) >= len(w) && strings.EqualFold(c[:len(w)], w) {
			return true
		}
	}
	return false
}

// periodLabelWords are the words periodLabelRe's labels begin with.
var periodLabelWords = []string{"periodo", "trimestre", "semestre", "quadrimestre", "bimestre", "mese", "data", "rilevazione", "monitoraggio", "scadenza di rilevazione"}

// hasPeriodLabel reports whether a header names a period, without
// allocating.
func hasPeriodLabel(header []Row) bool {
	for _, r := range header {
		for _, c := range r.Cells {
			if c != "" && len(c) <= 90 && mayBePeriodLabel(strings.TrimSpace(c)) && periodLabelCI.MatchString(strings.TrimSpace(c)) {
				return true
			}
		}
	}
	return false
}

// longLayout is where a long table keeps each field.
type longLayout struct {
	cols      map[field]int
	objective []int       // columns that identify an objective (with the unit's)
	unit      []int       // columns that identify a unit
	baseYear  int         // year of the baseline, from its header
	others    []genColumn // labelled columns of no field, kept in the notes
	// periodMonths is how many months a bare period number stands for
	// («Trimestre» 1…4: 3), from the header or the range of the numbers.
	periodMonths int
}

func (l *longLayout) col(f field) int { return col(l.cols, f) }

// detectLong reads a table's header as a long layout, or returns nil when
// it is not one: it needs an objective, a period and a value or progress
// column, and objectives that repeat over its rows.
func detectLong(t *table) *longLayout {
	if !hasPeriodLabel(t.header) {
		return nil // cheap first: most tables are wide
	}
	cols := map[field]int{}
	var units []int // every unit column, outer first («Dipartimento | Reparto»)
	baseYear := 0
	width := 0
	for _, r := range t.header {
		width = max(width, len(r.Cells))
	}
	var others []genColumn // labelled columns of no field: kept in the notes
	for c := range width {
		label := ""
		for i := len(t.header) - 1; i >= 0; i-- {
			s := t.header[i].cell(c)
			if label == "" {
				label = s
			}
			f := longLabel(s)
			if f == fNone {
				if i == 0 && label != "" {
					others = append(others, genColumn{c, label})
				}
				continue
			}
			if f == fManager && unitLongRe.MatchString(strings.ToLower(s)) {
				f = fUnit
			}
			if f == fUnit {
				units = append(units, c)
			}
			if _, ok := cols[f]; !ok {
				cols[f] = c
				if f == fBaseline {
					baseYear = findYear(s)
				}
			} else if f != fUnit {
				others = append(others, genColumn{c, s}) // a second «Azione» under the «Obiettivo»
			}
			break
		}
	}
	_, hasPeriod := cols[fPeriod]
	_, hasValue := cols[fValue]
	_, hasProgress := cols[fAchievement]
	_, hasTitle := cols[fTitle]
	_, hasCode := cols[fCode]
	if !hasPeriod || !(hasValue || hasProgress) || !(hasTitle || hasCode) {
		return nil
	}
	lay := newLongLayout(cols, baseYear)
	if len(units) > 1 {
		lay.unit = units
	}
	lay.others = others
	seen := map[string]bool{}
	for _, r := range t.rows {
		if r.blank() {
			continue
		}
		k := lay.key(r, lay.unit) + "\x00" + lay.key(r, lay.objective)
		if seen[k] {
			return lay
		}
		seen[k] = true
	}
	return nil
}

// newLongLayout completes the columns of a long table with the default keys:
// an objective is its code and title, a unit its unit column.
func newLongLayout(cols map[field]int, baseYear int) *longLayout {
	lay := &longLayout{cols: cols, baseYear: baseYear}
	for _, f := range []field{fCode, fTitle} {
		if c, ok := cols[f]; ok {
			lay.objective = append(lay.objective, c)
		}
	}
	if c, ok := cols[fUnit]; ok {
		lay.unit = []int{c}
	}
	return lay
}

// key joins the normalized cells of a row in the given columns.
func (l *longLayout) key(r Row, cols []int) string {
	var b strings.Builder
	for _, c := range cols {
		b.WriteString(strings.ToLower(strings.Join(strings.Fields(r.cell(c)), " ")))
		b.WriteByte(0)
	}
	return b.String()
}

// longGroup builds the units of a long table.
type longGroup struct {
	lay        *longLayout
	sheet      int
	diags      []domain.Diagnostic
	fraction   bool // weights written as fractions of 1
	years      []int
	units      []*longUnit
	byUnit     map[string]*longUnit
	seenRow    map[string]int
	othersSaid bool // header.notes said
}

type longUnit struct {
	name  string
	unit  *domain.Unit
	objs  map[string]*longObjective
	order []*longObjective
}

type longObjective struct {
	o          *domain.Objective
	weightLine int
	progress   time.Time // date of the progress kept as reported
	inds       map[string]*longIndicator
}

type longIndicator struct {
	in      *domain.Indicator
	targets map[int]string
	tLine   map[int]int
	meas    map[time.Time]int // measurement date → line
}

func (g *longGroup) add(sev domain.Severity, code string, line int, f field, format string, args ...any) {
	g.diags = append(g.diags, diag(sev, code, g.sheet, line, g.lay.col(f), format, args...))
}

// groupLong groups the rows of a long table into units.
func groupLong(t *table, lay *longLayout, sheet int) *longGroup {
	g := &longGroup{lay: lay, sheet: sheet, byUnit: map[string]*longUnit{}, seenRow: map[string]int{}}
	if lay.periodMonths == 0 {
		lay.learnPeriods(t.header, t.rows)
	}
	g.fraction = fractionWeights(t.rows, lay.col(fWeight))
	titleYear := 0
	if t.title != nil {
		titleYear = findYear(strings.Join(t.title.Cells, " "))
	}
	carried := map[field]string{}
	carry := []field{fUnit, fManager, fCode, fTitle, fYear, fMissionName, fMissionCode, fProgramName, fProgramCode}
	yearSet := map[int]bool{}
	for _, r := range t.rows {
		if r.blank() {
			continue
		}
		rk := strings.Join(r.Cells, "\x00")
		if first, ok := g.seenRow[rk]; ok {
			g.add(domain.SeverityInfo, "long.duplicate_row", r.Line, fNone,
				"riga uguale alla riga %d: ignorata", first)
			continue
		}
		g.seenRow[rk] = r.Line
		// Cells left blank below a value continue it, as merged cells do.
		cells := slices.Clone(r.Cells)
		for _, f := range carry {
			c, ok := lay.cols[f]
			if !ok {
				continue
			}
			for len(cells) <= c {
				cells = append(cells, "")
			}
			if cells[c] == "" {
				cells[c] = carried[f]
			} else {
				carried[f] = cells[c]
			}
		}
		row := Row{Line: r.Line, Cells: cells}
		get := func(f field) string { return row.cell(lay.col(f)) }
		title, code := get(fTitle), get(fCode)
		if c, rest, ok := splitCode(title); ok && code == "" {
			code, title = c, rest // «5.1 Gestione…»: the code as a code column would hold it
		}
		if title == "" && code == "" {
			g.add(domain.SeverityWarning, "row.orphan", r.Line, fTitle, "riga senza obiettivo: ignorata")
			continue
		}
		period := get(fPeriod)
		year := findYear(get(fYear))
		if year == 0 {
			year = findYear(period)
		}
		if year == 0 {
			year = titleYear
		}
		if year == 0 {
			g.add(domain.SeverityWarning, "long.no_year", r.Line, fYear,
				"riga senza anno (né nella colonna Anno, né nel periodo, né nel titolo): ignorata")
			continue
		}
		yearSet[year] = true
		u := g.unitOf(row)
		lo := g.objectiveOf(u, row, title, code)
		g.keepOthers(lo, row)
		li := g.indicatorOf(lo, row)
		g.checkWeight(lo, row)
		if tg := get(fTarget); tg != "" {
			if prev, ok := li.targets[year]; ok && prev != tg {
				g.add(domain.SeverityWarning, "long.conflict", r.Line, fTarget,
					"target «%s» diverso da «%s» della riga %d per lo stesso indicatore e anno %d: tenuto il primo",
					tg, prev, li.tLine[year], year)
			} else if !ok {
				li.targets[year], li.tLine[year] = tg, r.Line
			}
		}
		if b := get(fBaseline); b != "" && li.in.Baseline.Text == "" {
			li.in.Baseline = baseline(lay.baseYear, b)
		}
		if period != "" {
			g.measure(lo, li, row, year, period)
		}
	}
	for y := range yearSet {
		g.years = append(g.years, y)
	}
	slices.Sort(g.years)
	g.constantsAsTargets(t)
	for _, u := range g.units {
		for _, lo := range u.order {
			for _, in := range lo.o.Indicators {
				li := lo.inds[strings.ToLower(strings.Join(strings.Fields(in.Description), " "))]
				for _, y := range g.years {
					in.Targets = append(in.Targets, domain.Target{Year: y, Text: li.targets[y]})
				}
				slices.SortStableFunc(in.Measurements, func(a, b domain.Measurement) int { return a.Date.Compare(b.Date) })
			}
		}
		u.unit.Manager = mainManagerOf(u.unit)
	}
	return g
}

func (g *longGroup) unitOf(r Row) *longUnit {
	k := g.lay.key(r, g.lay.unit)
	if u, ok := g.byUnit[k]; ok {
		return u
	}
	var name []string
	for _, c := range g.lay.unit {
		if s := r.cell(c); s != "" {
			name = append(name, s)
		}
	}
	u := &longUnit{name: strings.Join(name, " – "), objs: map[string]*longObjective{},
		unit: &domain.Unit{Kind: domain.UnitArea}}
	g.byUnit[k] = u
	g.units = append(g.units, u)
	return u
}

func (g *longGroup) objectiveOf(u *longUnit, r Row, title, code string) *longObjective {
	k := g.lay.key(r, g.lay.objective)
	if lo, ok := u.objs[k]; ok {
		return lo
	}
	get := func(f field) string { return r.cell(g.lay.col(f)) }
	o := &domain.Objective{
		Position: len(u.unit.Objectives) + 1, Code: code, Title: title,
		Mission: officialCode(domain.Classified{Code: get(fMissionCode), Text: get(fMissionName)}),
		Program: officialCode(domain.Classified{Code: get(fProgramCode), Text: get(fProgramName)}),
		Manager: get(fManager), Staff: get(fStaff),
		Kind:   domain.ObjectiveUnit,
		Source: domain.SourceRef{Sheet: g.sheet, Line: r.Line},
	}
	lo := &longObjective{o: o, inds: map[string]*longIndicator{}}
	u.objs[k] = lo
	u.order = append(u.order, lo)
	u.unit.Objectives = append(u.unit.Objectives, o)
	return lo
}

func (g *longGroup) indicatorOf(lo *longObjective, r Row) *longIndicator {
	desc := r.cell(g.lay.col(fIndicator))
	k := strings.ToLower(strings.Join(strings.Fields(desc), " "))
	if li, ok := lo.inds[k]; ok {
		return li
	}
	in := &domain.Indicator{Position: len(lo.o.Indicators) + 1, Description: desc,
		Source: domain.SourceRef{Sheet: g.sheet, Line: r.Line}}
	li := &longIndicator{in: in, targets: map[int]string{}, tLine: map[int]int{}, meas: map[time.Time]int{}}
	lo.inds[k] = li
	lo.o.Indicators = append(lo.o.Indicators, in)
	return li
}

// checkWeight takes the objective's weight from its first row that has one;
// a row that gives another is reported.
func (g *longGroup) checkWeight(lo *longObjective, r Row) {
	s := r.cell(g.lay.col(fWeight))
	if s == "" {
		return
	}
	v, ok := longWeight(s, g.fraction)
	if !ok {
		g.add(domain.SeverityWarning, "weights.invalid", r.Line, fWeight,
			"peso «%s» non valido: un peso è una percentuale tra 0 e 100 (per esempio 5%%); ignorato", s)
		return
	}
	if lo.o.Weight == nil {
		lo.o.Weight, lo.weightLine = &v, r.Line
		return
	}
	if d := *lo.o.Weight - v; d > 0.005 || d < -0.005 {
		g.add(domain.SeverityWarning, "long.conflict", r.Line, fWeight,
			"peso %s diverso dal peso %s della riga %d per lo stesso obiettivo %s: tenuto %s",
			italian.Percent(v, 2), italian.Percent(*lo.o.Weight, 2), lo.weightLine, objectiveRef(lo.o), italian.Percent(*lo.o.Weight, 2))
	}
}

// measure records the value of a row as the measurement of its period.
func (g *longGroup) measure(lo *longObjective, li *longIndicator, r Row, year int, period string) {
	get := func(f field) string { return r.cell(g.lay.col(f)) }
	date, ok := numericPeriodEnd(period, year, g.lay.periodMonths)
	if !ok {
		date, ok = periodEnd(period, year)
	}
	if !ok {
		g.add(domain.SeverityWarning, "long.period", r.Line, fPeriod,
			"periodo «%s» non riconosciuto (ad es. «1° trimestre», «II semestre», «30/06/2022»): nessuna misurazione", period)
		return
	}
	value, progress := get(fValue), get(fAchievement)
	if _, hasValue := g.lay.cols[fValue]; !hasValue {
		value, progress = progress, ""
	}
	if progress != "" && !date.Before(lo.progress) {
		lo.o.ReportedAchievement, lo.progress = progress, date
	}
	if _, hasValue := g.lay.cols[fValue]; !hasValue && value != "" {
		value = progressValue(value) // «Avanzamento» 0–1 or %: the share done
	}
	if value == "" {
		f := fAchievement
		if _, ok := g.lay.cols[fValue]; ok {
			f = fValue
		}
		g.add(domain.SeverityInfo, "long.no_value", r.Line, f,
			"nessun valore per il periodo «%s»: nessuna misurazione", period)
		return
	}
	if first, dup := li.meas[date]; dup {
		g.add(domain.SeverityWarning, "long.conflict", r.Line, fValue,
			"secondo valore per lo stesso indicatore e periodo «%s» (il primo alla riga %d): tenuto il primo", period, first)
		return
	}
	li.meas[date] = r.Line
	m := domain.ParseValue(value)
	m.Text, m.Date, m.RecordedBy = value, date, domain.RecordedByImport
	var notes []string
	if progress != "" {
		notes = append(notes, "avanzamento dichiarato: "+progress)
	}
	notes = append(notes, get(fNotes))
	m.Note = joinNotes(notes)
	li.in.Measurements = append(li.in.Measurements, m)
}

// fractionWeights reports whether a long table writes its weights as
// fractions of 1: no % sign and none above 1.
func fractionWeights(rows []Row, c int) bool {
	if c < 0 {
		return false
	}
	n := 0
	for _, r := range rows {
		s := r.cell(c)
		if s == "" {
			continue
		}
		if strings.Contains(s, "%") {
			return false
		}
		if v, ok := parseNumber(s); ok && v > 1 {
			return false
		}
		n++
	}
	return n > 0
}

func longWeight(s string, fraction bool) (float64, bool) {
	if v, ok := parsePercent(s); ok {
		return v, true
	}
	v, ok := parseNumber(s)
	if !ok || v < 0 {
		return 0, false
	}
	if fraction {
		v = float64(int64(v*100*1e6+0.5)) / 1e6
	}
	return v, true
}

func mainManagerOf(u *domain.Unit) string {
	a := &assembler{unit: u}
	return a.mainManager()
}

var (
	ordinalRe  = regexp.MustCompile(`(?i)\b(?:([1-4])\s*[°º^o]?|(i{1,3}|iv)|(primo|secondo|terzo|quarto))\s*(trimestre|semestre|quadrimestre|bimestre|trim\.?|sem\.?)`)
	afterRe    = regexp.MustCompile(`(?i)\b(trimestre|semestre|quadrimestre|bimestre)\s*(?:n\.?\s*)?([1-6]|i{1,3}|iv|v|vi)\b`)
	shortRe    = regexp.MustCompile(`(?i)^(?:(t|q)([1-4])|(s|h)([12]))\b`)
	monthNames = []string{"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
		"settembre", "ottobre", "novembre", "dicembre"}
	annualRe = regexp.MustCompile(`(?i)^(annual[ei]|anno|intero anno|consuntivo|finale|fine anno|al 31/12|31/12)\b`)
)

// periodEnd reads a period as the date it ends: "1° trimestre 2022" →
// 2022-03-31, "II semestre" → 31/12 of the row's year, "giugno" → 30/06, a
// date as it is.
func periodEnd(s string, year int) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if m := domain.ParseValue(s); m.DateValue != nil {
		return *m.DateValue, true
	}
	if y := findYear(s); y > 0 {
		year = y
	}
	end := func(month int) (time.Time, bool) {
		return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC), true
	}
	kinds := map[string]int{"tri": 3, "sem": 6, "qua": 4, "bim": 2}
	ord := func(digit, roman, word string) int {
		switch {
		case digit != "":
			n, _ := strconv.Atoi(digit)
			return n
		case roman != "":
			return map[string]int{"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6}[strings.ToLower(roman)]
		}
		return map[string]int{"primo": 1, "secondo": 2, "terzo": 3, "quarto": 4}[strings.ToLower(word)]
	}
	if m := ordinalRe.FindStringSubmatch(s); m != nil {
		n, months := ord(m[1], m[2], m[3]), kinds[strings.ToLower(m[4])[:3]]
		if n >= 1 && n*months <= 12 {
			return end(n * months)
		}
	}
	if m := afterRe.FindStringSubmatch(s); m != nil {
		months := kinds[strings.ToLower(m[1])[:3]]
		n, err := strconv.Atoi(m[2])
		if err != nil {
			n = ord("", m[2], "")
		}
		if n >= 1 && n*months <= 12 {
			return end(n * months)
		}
	}
	if m := shortRe.FindStringSubmatch(s); m != nil {
		if m[2] != "" {
			n, _ := strconv.Atoi(m[2])
			return end(n * 3)
		}
		n, _ := strconv.Atoi(m[4])
		return end(n * 6)
	}
	l := strings.ToLower(s)
	for i, name := range monthNames {
		if strings.HasPrefix(l, name) || strings.HasPrefix(l, name[:3]+" ") || strings.HasPrefix(l, name[:3]+".") || l == name[:3] {
			return end(i + 1)
		}
	}
	if annualRe.MatchString(l) || yearRe.FindString(s) == s {
		return end(12)
	}
	return time.Time{}, false
}

// longUnits turns the groups of a long table into assemblers, as the rest
// of the pipeline (naming, checks, cycle) expects them.
func (g *longGroup) assemblers(t *table, pos int, sheetName string) []*assembler {
	line := t.header[0].Line
	var titleCells []string
	if t.title != nil {
		line, titleCells = t.title.Line, nonEmpty(t.title.Cells)
	}
	lay := &layout{targetYears: g.years, titleCells: titleCells, cols: map[field]int{}}
	var out []*assembler
	for i, u := range g.units {
		u.unit.Position = pos + i
		u.unit.Source = domain.SourceRef{Sheet: g.sheet, Line: line}
		a := &assembler{sheet: g.sheet, lay: lay, unit: u.unit, named: u.name, sheetName: sheetName}
		if i == 0 {
			a.diags = g.diags
		}
		out = append(out, a)
	}
	return out
}

var bareNumberPeriodRe = regexp.MustCompile(`^\s*([1-9]|1[0-2])\s*$`)

// numericPeriodEnd reads a bare period number (1…4 quarters, 1…2 halves,
// 1…12 months, as the header or the range says) as the day it ends.
func numericPeriodEnd(s string, year, months int) (time.Time, bool) {
	m := bareNumberPeriodRe.FindStringSubmatch(s)
	if m == nil || months == 0 || year == 0 {
		return time.Time{}, false
	}
	n, _ := strconv.Atoi(m[1])
	if n*months > 12 {
		return time.Time{}, false
	}
	return time.Date(year, time.Month(n*months)+1, 0, 0, 0, 0, 0, time.UTC), true
}

// learnPeriods finds what a bare period number counts: the header says
// («Trimestre», «Semestre», «Mese»), else the largest number does (up to 2
// halves, up to 4 quarters, up to 12 months).
func (l *longLayout) learnPeriods(header []Row, rows []Row) {
	c := l.col(fPeriod)
	if c < 0 {
		return
	}
	label := ""
	for _, r := range header {
		if s := strings.ToLower(r.cell(c)); s != "" {
			label = s
		}
	}
	for prefix, months := range map[string]int{"trim": 3, "sem": 6, "quadr": 4, "bim": 2, "mes": 1} {
		if strings.HasPrefix(label, prefix) {
			l.periodMonths = months
			return
		}
	}
	most, any := 0, false
	for _, r := range rows {
		s := r.cell(c)
		if s == "" {
			continue
		}
		m := bareNumberPeriodRe.FindStringSubmatch(s)
		if m == nil {
			return // periods written otherwise: periodEnd reads them
		}
		n, _ := strconv.Atoi(m[1])
		most, any = max(most, n), true
	}
	switch {
	case !any:
	case most <= 2:
		l.periodMonths = 6
	case most <= 4:
		l.periodMonths = 3
	default:
		l.periodMonths = 1
	}
}

// progressValue writes a progress as the share done: 0,75 (a fraction of
// 1) as «75%»; a percentage or other text as written.
func progressValue(s string) string {
	if strings.Contains(s, "%") {
		return s
	}
	if v, ok := parseNumber(s); ok && v >= 0 && v <= 1 {
		return italian.Percent(v*100, 2)
	}
	return s
}

// constantsAsTargets reads a value column that a table without a target
// column repeats unchanged over an indicator's periods as the target of
// each year: a measured value changes, a target stays. Values that change
// stay measurements; the diagnostic says which reading was taken.
func (g *longGroup) constantsAsTargets(t *table) {
	if _, ok := g.lay.cols[fTarget]; ok {
		return
	}
	c, ok := g.lay.cols[fValue]
	if !ok {
		return
	}
	targets, measured := 0, 0
	for _, u := range g.units {
		for _, lo := range u.order {
			for _, li := range lo.inds {
				ms := li.in.Measurements
				if len(ms) < 2 {
					measured += len(ms)
					continue
				}
				same := true
				for _, m := range ms[1:] {
					same = same && m.Text == ms[0].Text
				}
				if !same {
					measured++
					continue
				}
				for _, m := range ms {
					if _, ok := li.targets[m.Date.Year()]; !ok {
						li.targets[m.Date.Year()], li.tLine[m.Date.Year()] = m.Text, li.meas[m.Date]
					}
				}
				li.in.Measurements, li.meas = nil, map[time.Time]int{}
				targets++
			}
		}
	}
	if targets == 0 {
		return
	}
	line := t.header[len(t.header)-1].Line
	g.diags = append(g.diags, diag(domain.SeverityInfo, "long.value_as_target", g.sheet, line, c,
		"colonna «%s» senza colonna del target: per %d indicatori il valore è lo stesso in ogni periodo, letto come target dell'anno; per %d cambia, letto come misurazione",
		headerLabel(t, c), targets, measured))
}

func headerLabel(t *table, c int) string {
	for i := len(t.header) - 1; i >= 0; i-- {
		if s := t.header[i].cell(c); s != "" {
			return s
		}
	}
	return domain.ColumnName(c)
}

// keepOthers keeps the cells of the labelled columns no field reads in the
// objective's notes («Azione: …», «Fonte: …»), each distinct text once:
// nothing of the table is dropped without trace.
func (g *longGroup) keepOthers(lo *longObjective, r Row) {
	for _, gc := range g.lay.others {
		v := cleanText(r.cell(gc.col))
		if v == "" || isPlaceholder(v) {
			continue
		}
		n := gc.label + ": " + v
		if !strings.Contains(lo.o.Notes, n) {
			lo.o.Notes = joinNotes([]string{lo.o.Notes, n})
		}
	}
	if len(g.lay.others) > 0 && !g.othersSaid {
		g.othersSaid = true
		g.diags = append(g.diags, diag(domain.SeverityInfo, "header.notes", g.sheet, r.Line, g.lay.others[0].col,
			"colonne senza corrispondente in performa, conservate nelle note di ogni obiettivo: %s", labelList(g.lay.others)))
	}
}
