package ingest

import (
	"cmp"
	"fmt"
	"regexp"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
	"github.com/performa-pa/performa/internal/missions"
)

// assembler turns the records of one table into a unit with its objectives
// and indicators, carrying down what merged cells left blank.
type assembler struct {
	sheet int
	lay   *layout
	rd    *reader
	unit  *domain.Unit
	diags []domain.Diagnostic

	mission, program domain.Classified // carried down, code as written
	manager          string            // carried down
	cur              *domain.Objective
	subYear          int      // baseline year while reading a sub-table of indicators
	unitHints        []string // units the rows name
	totalLine        int      // line of the declared total
	named            string   // the unit's name from a column of its own
	sheetName        string   // the name of its sheet, in a real workbook
}

// kinds is the cache of reader.kind the tables of one parse share.
func newAssembler(pos, sheet int, t *table, lay *layout, kinds map[string]cellKind) *assembler {
	a := &assembler{sheet: sheet, lay: lay, rd: &reader{lay: lay, sheet: sheet, kinds: kinds}, named: t.unit}
	own := ownRows(t.rows)
	a.rd.learnManagerColumn(own)
	a.noteNotation(own, t.header)
	line := t.header[0].Line
	if t.title != nil {
		line = t.title.Line
	}
	a.unit = &domain.Unit{Position: pos, Kind: domain.UnitArea, Source: domain.SourceRef{Sheet: sheet, Line: line}}
	return a
}

// noteNotation learns how the table writes its weights and, unless with the
// % sign, says how they were read.
func (a *assembler) noteNotation(rows, header []Row) {
	sum, n := a.rd.learnNotation(rows)
	line := header[len(header)-1].Line
	switch a.rd.notation {
	case weightFraction:
		a.add(domain.SeverityInfo, "weights.fraction", line, a.lay.weight,
			"pesi scritti come frazioni di 1 (%d pesi, tutti non oltre 1): letti come percentuali (0,125 = 12,5%%)", n)
	case weightPoints:
		a.add(domain.SeverityInfo, "weights.number", line, a.lay.weight,
			"pesi scritti senza il segno %%: letti come punti percentuali (la loro somma è %s)", italian.Number(sum, 2))
	case weightCoefficient:
		a.add(domain.SeverityWarning, "weights.coefficient", line, a.lay.weight,
			"pesi scritti come coefficienti (numeri senza %%, la cui somma è %s e non 100): letti così come sono, non come percentuali", italian.Number(sum, 2))
	}
}

func (a *assembler) add(sev domain.Severity, code string, line, column int, format string, args ...any) {
	a.diags = append(a.diags, diag(sev, code, a.sheet, line, column, format, args...))
}

// assemble reads every data row of the table.
func (a *assembler) assemble(rows []Row) {
	var buf []int // the filled columns of each row in turn
	for _, full := range rows {
		r, merged := full.ownCells()
		f := r.appendFilled(buf[:0])
		buf = f
		if len(f) == 0 {
			a.subYear = 0
			continue
		}
		if a.subYear > 0 {
			if a.subtable(r) {
				continue
			}
			a.subYear = 0
		}
		if len(f) == 1 && a.lone(r, f[0]) {
			continue
		}
		if len(f) == 2 && a.total(r, f) {
			continue
		}
		rec := a.rd.read(r)
		a.rd.fillMerged(rec, merged)
		a.apply(rec)
	}
	a.unit.Manager = a.mainManager()
}

// lone handles a row with a single cell: a percentage below the table is the
// sheet's declared total; a word where no field fits is a stray line (a page
// footer). It reports whether the row was handled.
func (a *assembler) lone(r Row, c int) bool {
	s := r.Cells[c]
	if v, ok := parsePercent(s); ok && c <= a.lay.weight+1 {
		a.declareTotal(r, c, v)
		return true
	}
	if v, ok := a.rd.weightValue(s); ok && c == a.lay.weight && a.rd.notation != weightPercent {
		a.declareTotal(r, c, v)
		return true
	}
	if c < a.lay.weight && !isNumber(s) && !isMissionName(s) {
		a.add(domain.SeverityInfo, "row.skipped", r.Line, c,
			"riga isolata %q ignorata: non è un obiettivo né un indicatore (piè di pagina?)", s)
		return true
	}
	return false
}

var totalLabelRe = regexp.MustCompile(`(?i)^(totale|tot\.)(\s.{0,40})?$`)

// total handles a row that states a total: a label ("Totale", "TOTALE
// PESI", "Totale dichiarato") left of a weight. It reports whether the row
// was one.
func (a *assembler) total(r Row, f []int) bool {
	label, value := f[0], f[1]
	if !totalLabelRe.MatchString(r.Cells[label]) || value < a.lay.weight-3 || value > a.lay.weight+3 {
		return false
	}
	v, ok := a.rd.weightValue(r.Cells[value])
	if !ok {
		return false
	}
	a.declareTotal(r, value, v)
	return true
}

// declareTotal takes the total written below a table as the total it
// declares, unless a formula computed it: then it is the sum of the weights
// above, which performa computes itself, and states nothing.
func (a *assembler) declareTotal(r Row, c int, v float64) {
	if r.marked(c, Formula) {
		a.add(domain.SeverityInfo, "row.skipped", r.Line, c,
			"totale dei pesi calcolato da una formula (%s): non è un obiettivo né un totale dichiarato", r.Cells[c])
		return
	}
	a.unit.DeclaredTotalWeight, a.totalLine = &v, r.Line
}

// apply places a record: a new objective, a further indicator of the
// objective above, or a row that only sets mission and program.
func (a *assembler) apply(rec *record) {
	a.carry(rec)
	if rec.unitName != "" {
		a.unitHints = append(a.unitHints, rec.unitName)
	}
	if rec.shift != 0 {
		a.add(domain.SeverityInfo, "row.realigned", rec.line, rec.col(fWeight),
			"celle spostate di %d colonn%s a %s rispetto all'intestazione: riga riallineata dal contenuto",
			abs(rec.shift), italian.Plural(abs(rec.shift), "a", "e"), direction(rec.shift))
	}
	if rec.lateTargets {
		a.add(domain.SeverityInfo, "row.late_targets", rec.line, rec.col(fIndicator),
			"il target %d manteneva il target del proprio anno o di quello prima: la cella sotto «Indicatore» è letta come target %d e gli altri target come degli anni successivi",
			a.lay.targetYears[0], a.lay.targetYears[0])
	}
	for _, c := range rec.unassigned {
		a.add(domain.SeverityWarning, "row.unassigned_cell", rec.line, c,
			"cella che non corrisponde a nessuna colonna: conservata nelle note")
	}
	hasW, hasT, hasC := rec.weight != nil, rec.title != "", rec.code != ""
	switch {
	case hasC || hasT:
		a.objective(rec)
	case hasW:
		a.weightedIndicator(rec)
	case rec.hasRight():
		a.indicator(rec)
	case rec.hasLeft():
		// mission or program heading for the rows below: carried only
	default:
		if a.cur != nil && (rec.staff != "" || len(rec.notes) > 0) {
			a.cur.Notes = joinNotes(append([]string{a.cur.Notes}, append([]string{rec.staff}, rec.notes...)...))
			a.add(domain.SeverityInfo, "row.notes_only", rec.line, -1,
				"riga senza obiettivo né indicatore: il testo è aggiunto alle note dell'obiettivo sopra")
		}
	}
}

// carry applies what the row says of mission, program and manager, and
// fills in what it leaves blank from the rows above (merged cells).
func (a *assembler) carry(rec *record) {
	if rec.missionCode != "" && rec.missionCode != a.mission.Code {
		a.mission = domain.Classified{Code: rec.missionCode}
		a.program = domain.Classified{}
	}
	if rec.missionName != "" {
		a.mission.Text = rec.missionName
	}
	if rec.programCode != "" && rec.programCode != a.program.Code {
		a.program = domain.Classified{Code: rec.programCode}
	}
	if rec.programName != "" {
		a.program.Text = rec.programName
	}
	if rec.manager != "" {
		a.manager = rec.manager
	}
}

func (a *assembler) objective(rec *record) {
	if rec.code == "" {
		if code, rest, ok := splitCode(rec.title); ok { // «1.1)Puntuale attuazione…»
			rec.code, rec.title = code, rest
			a.add(domain.SeverityInfo, "row.split_code", rec.line, rec.col(fTitle),
				"codice %s scritto all'inizio del titolo: separato dal titolo", code)
		}
	}
	o := &domain.Objective{
		Position: len(a.unit.Objectives) + 1,
		Code:     rec.code, Title: rec.title, Weight: rec.weight,
		Mission: officialCode(a.mission), Program: officialCode(a.program),
		Manager: a.manager, Staff: rec.staff, Notes: joinNotes(rec.notes),
		ReportedAchievement: rec.achievement,
		Kind:                domain.ObjectiveUnit,
		Source:              domain.SourceRef{Sheet: a.sheet, Line: rec.line},
	}
	a.unit.Objectives = append(a.unit.Objectives, o)
	a.cur = o
	if rec.weight == nil && rec.weightText != "" {
		a.add(domain.SeverityWarning, "weights.invalid", rec.line, rec.col(fWeight),
			"peso «%s» non valido: un peso è una percentuale tra 0 e 100 (per esempio 5%%); il peso dell'obiettivo %s resta vuoto",
			rec.weightText, objectiveRef(o))
	}
	if year, ok := opensSubtable(rec); ok {
		a.subYear = year
		o.Notes = joinNotes([]string{rec.indicator, o.Notes})
		a.add(domain.SeverityInfo, "row.subtable", rec.line, rec.col(fBaseline),
			"le righe seguenti (valori %d, indicatore, target) sono lette come indicatori di questo obiettivo", year)
		return
	}
	if rec.hasRight() {
		o.Indicators = append(o.Indicators, a.newIndicator(rec, nil))
	}
}

// weightedIndicator handles a row with a weight but neither title nor code:
// a further, weighted indicator of the objective above, whose weight becomes
// the sum of its indicators' weights.
func (a *assembler) weightedIndicator(rec *record) {
	o := a.cur
	if o == nil {
		a.add(domain.SeverityError, "row.orphan", rec.line, rec.col(fWeight),
			"riga con peso %s ma senza obiettivo: né titolo né codice, e nessun obiettivo sopra", rec.weightText)
		return
	}
	unweighted := true
	for _, in := range o.Indicators {
		unweighted = unweighted && in.Weight == nil
	}
	if unweighted && len(o.Indicators) == 1 && o.Weight != nil {
		w := *o.Weight
		o.Indicators[0].Weight = &w
	}
	o.Indicators = append(o.Indicators, a.newIndicator(rec, rec.weight))
	var sum float64
	for _, in := range o.Indicators {
		if in.Weight != nil {
			sum += *in.Weight
		}
	}
	o.Weight = &sum
	a.add(domain.SeverityInfo, "row.weighted_indicator", rec.line, rec.col(fWeight),
		"riga con peso %s senza titolo né codice: indicatore pesato dell'obiettivo %s; peso dell'obiettivo = %s",
		rec.weightText, objectiveRef(o), italian.Percent(sum, 2))
}

func (a *assembler) indicator(rec *record) {
	if a.cur == nil {
		a.add(domain.SeverityError, "row.orphan", rec.line, rec.col(fIndicator),
			"indicatore senza obiettivo: nessun obiettivo sopra questa riga")
		return
	}
	if rec.manager != "" && a.cur.Manager == "" {
		a.cur.Manager = rec.manager
	}
	a.cur.Indicators = append(a.cur.Indicators, a.newIndicator(rec, nil))
}

func (a *assembler) newIndicator(rec *record, weight *float64) *domain.Indicator {
	in := &domain.Indicator{
		Position:    len(a.cur.Indicators) + 1,
		Description: rec.indicator,
		Weight:      weight,
		Baseline:    baseline(cmp.Or(rec.baseYear, a.lay.baselineYear), rec.baseline),
		Source:      domain.SourceRef{Sheet: a.sheet, Line: rec.line},
	}
	in.Targets = a.targets(rec.targets)
	return in
}

func (a *assembler) targets(texts []string) []domain.Target {
	ts := make([]domain.Target, len(texts))
	for i, s := range texts {
		ts[i] = domain.Target{Year: a.lay.targetYears[i], Text: s}
	}
	return ts
}

// subtable reads one row of a sub-table of indicators; false when the row is
// not one.
func (a *assembler) subtable(r Row) bool {
	base, name, targets, ok := a.rd.subtableRow(r)
	if !ok || a.cur == nil {
		return false
	}
	a.cur.Indicators = append(a.cur.Indicators, &domain.Indicator{
		Position:    len(a.cur.Indicators) + 1,
		Description: name,
		Baseline:    baseline(a.subYear, base),
		Targets:     a.targets(targets),
		Source:      domain.SourceRef{Sheet: a.sheet, Line: r.Line},
	})
	return true
}

var plainNumberRe = regexp.MustCompile(`^-?\d{1,3}(?:\.\d{3})*(?:,\d+)?$|^-?\d+(?:,\d+)?$`)

// plainNumber is plainNumberRe.MatchString written out: «1.234,5», «-12»,
// «0,75».
func plainNumber(s string) bool {
	s = strings.TrimPrefix(s, "-")
	n := leadingDigits(s)
	if n == 0 {
		return false
	}
	rest := s[n:]
	if rest != "" && rest[0] == '.' { // thousands: at most three digits before, three in each group
		if n > 3 {
			return false
		}
		for rest != "" && rest[0] == '.' {
			if len(rest) < 4 || leadingDigits(rest[1:4]) != 3 {
				return false
			}
			rest = rest[4:]
		}
	}
	if rest == "" {
		return true
	}
	return rest[0] == ',' && len(rest) > 1 && leadingDigits(rest[1:]) == len(rest)-1
}

// leadingDigits counts the ASCII digits s begins with.
func leadingDigits(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

// baseline keeps the text as written and, where it is a plain number or
// percentage ("332", "95,60%", "68,18"), its value.
func baseline(year int, text string) domain.Baseline {
	b := domain.Baseline{Year: year, Text: text}
	if v, ok := parsePercent(text); ok {
		b.Value = &v
	} else if text != "" && (text[0] == '-' || text[0] >= '0' && text[0] <= '9') && plainNumber(text) {
		var v float64
		if _, err := fmt.Sscan(strings.ReplaceAll(strings.ReplaceAll(text, ".", ""), ",", "."), &v); err == nil {
			b.Value = &v
		}
	}
	if text == "" {
		b.Year = 0
	}
	return b
}

// mainManager is the manager most objectives of the unit name.
func (a *assembler) mainManager() string {
	count := map[string]int{}
	best := ""
	for _, o := range a.unit.Objectives {
		if o.Manager == "" {
			continue
		}
		count[o.Manager]++
		if count[o.Manager] > count[best] {
			best = o.Manager
		}
	}
	return best
}

func joinNotes(parts []string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " · ")
}

func objectiveRef(o *domain.Objective) string {
	if o.Code != "" {
		return o.Code
	}
	return fmt.Sprintf("n. %d", o.Position)
}

func direction(shift int) string {
	if shift > 0 {
		return "destra"
	}
	return "sinistra"
}

// officialCode writes a numeric code the way the classification does
// ("1" → "01"), keeping the text as written.
func officialCode(c domain.Classified) domain.Classified {
	if code, ok := missions.NormalizeCode(c.Code); ok {
		c.Code = code
	}
	return c
}
