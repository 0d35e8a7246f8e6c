package ingest

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/performa-pa/performa/internal/domain"
)

// field is what a column of a plan holds.
type field int

const (
	fNone field = iota
	fMissionCode
	fMissionName
	fProgramCode
	fProgramName
	fCode
	fWeight
	fTitle
	fIndicator
	fBaseline
	fTarget
	fManager
	fStaff
	fAchievement
	fNotes
	fUnit         // the unit each row belongs to, in a column of its own
	fBaselineYear // the year of each row's baseline, in a column of its own
)

var fieldNames = map[field]string{
	fMissionCode: "N° missione", fMissionName: "missione", fProgramCode: "N° programma",
	fProgramName: "programma", fCode: "N° obiettivo", fWeight: "peso", fTitle: "obiettivo",
	fIndicator: "indicatore", fBaseline: "baseline", fTarget: "target", fManager: "responsabile",
	fStaff: "personale coinvolto", fAchievement: "% raggiunta", fNotes: "note", fUnit: "unità",
	fBaselineYear: "anno baseline",
}

// classifyLabel maps one header cell to a field, by the words Italian plans
// use for it. Cells longer than a label are table titles sitting in a header
// row.
func classifyLabel(s string) field {
	if len(s) > 90 {
		return fNone
	}
	if f, ok := seedLabelMemo.Load(s); ok {
		return f.(field)
	}
	f := classifyLabelText(s)
	if seedLabelMemoSize.Load() < labelMemoMax {
		if _, loaded := seedLabelMemo.LoadOrStore(s, f); !loaded {
			seedLabelMemoSize.Add(1)
		}
	}
	return f
}

// seedLabelMemo is labelMemo (generic.go) for classifyLabel: every row
// tried as a header asks about its short cells.
var (
	seedLabelMemo     sync.Map // cell → field
	seedLabelMemoSize atomic.Int64
)

// classifyLabelText is classifyLabel without the memo.
func classifyLabelText(s string) field {
	t := strings.TrimSpace(s)
	if t == "" {
		return fNone
	}
	if c := t[0]; c < 0x80 && c != '%' && (c|0x20 < 'a' || c|0x20 > 'z') && strings.IndexAny(t, "bB") < 0 {
		// Every label begins with a letter or "%", but for those that
		// hold "baseline": data cells, most of them ("5%", "1.1", "<= 15 gg").
		return fNone
	}
	l := strings.ToLower(t)
	switch {
	case (l[0] == 'n' || l[0] == 'c') && strings.Contains(l, "ob") && numberedObjectiveRe.MatchString(l):
		return fCode
	case l == "%" || hasPrefix(l, "% raggiunt", "%raggiunt", "raggiunt", "stato di attuazione", "avanzament",
		"% di raggiungimento", "grado di raggiungimento", "percentuale di raggiungimento", "livello di raggiungimento"):
		return fAchievement
	case hasPrefix(l, "personale", "risorse umane coinvolte"):
		return fStaff
	case hasPrefix(l, "dirigente", "responsabile", "centro di responsabilit") || short(l, 's') && structureLabelRe.MatchString(l):
		return fManager
	case (short(l, 'u') || short(l, 'a')) && unitLabelRe.MatchString(l):
		return fUnit
	case short(l, 'a') && baselineYearLabelRe.MatchString(l):
		return fBaselineYear
	case hasPrefix(l, "missione"):
		return fMissionName
	case hasPrefix(l, "programma"):
		return fProgramName
	case hasPrefix(l, "peso", "ponderazione", "pesatura"):
		return fWeight
	case hasPrefix(l, "obiettivo", "descrizione obiettivo", "descrizione dell'obiettivo", "azione"):
		return fTitle
	case hasPrefix(l, "indicator", "formula"):
		return fIndicator
	case strings.Contains(l, "baseline") || hasPrefix(l, "punto di partenza", "valore di partenza", "valore storico", "valore iniziale"):
		return fBaseline
	case hasPrefix(l, "target", "valore atteso", "risultato atteso", "valore obiettivo"):
		return fTarget
	case hasPrefix(l, "note", "osservazioni"):
		return fNotes
	}
	return fNone
}

// Words that also begin ordinary cells ("Settore tecnico", "Area
// Finanziaria") are labels only when they stand alone.
var (
	structureLabelRe    = regexp.MustCompile(`^(struttura|settore|servizio)( responsabile| competente| di riferimento)?\s*:?$`)
	baselineYearLabelRe = regexp.MustCompile(`^anno (della |di )?(baseline|riferimento della baseline)$`)
	unitLabelRe         = regexp.MustCompile(`^(unit[àa]( organizzativa)?|u\.\s?o\.?|area( organizzativa| di riferimento)?)\s*:?$`)
)

var numberedObjectiveRe = regexp.MustCompile(`^(n[°º.]?|num\.?|numero|cod\.?|codice)\s*(obiettivo|ob\.)`)

// short reports whether a label is short and starts with c: a cheap test
// before a regular expression, run on every cell of a sheet.
func short(l string, c byte) bool { return len(l) <= 40 && l[0] == c }

func hasPrefix(s string, prefixes ...string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

var numberLabelRe = regexp.MustCompile(`(?i)^(n[°º.]?|num\.?|numero|cod\.?|codice)$`)

// headerScore counts the distinct fields a row announces: a header row
// announces several.
func headerScore(r Row) int {
	var seen uint64 // one bit per field
	n := 0
	for _, c := range r.Cells {
		if f := classifyLabel(c); f != fNone && seen&(1<<f) == 0 {
			seen |= 1 << f
			n++
		}
	}
	return n
}

// layout is where a table keeps each field, in the columns of its header.
// Data rows may stand shifted from it; rows.go realigns them.
type layout struct {
	headerLines  []int
	cols         map[field]int // first column of each field
	weight       int
	title        int
	indicator    int
	baseline     int
	baselineYear int
	targets      []int // columns of the yearly targets, in year order
	targetYears  []int
	trailStart   int // first column after the targets
	width        int
	titleCells   []string // the cells of the table's title row, if any
	mapped       bool     // read as a mapping file says, not as detected
}

// buildLayout reads a table's header rows (one or two, plus the title row
// above them) into a layout. Labels of the lower header row win over the
// upper one, which often holds group titles.
func buildLayout(title *Row, rows []Row, sheet int) (*layout, []domain.Diagnostic, error) {
	var diags []domain.Diagnostic
	width := 0
	for _, r := range rows {
		width = max(width, len(r.Cells))
	}
	merged := make([]string, width)
	for c := range width {
		for i := len(rows) - 1; i >= 0; i-- {
			if s := rows[i].cell(c); s != "" && (classifyLabel(s) != fNone || numberLabelRe.MatchString(s)) {
				merged[c] = s
				break
			}
		}
	}
	lay := &layout{cols: map[field]int{}, width: width}
	for _, r := range rows {
		lay.headerLines = append(lay.headerLines, r.Line)
	}
	if title != nil {
		lay.titleCells = nonEmpty(title.Cells)
	}
	type tcol struct{ col, year int }
	var targets []tcol
	for c, s := range merged {
		f := classifyLabel(s)
		if f == fNone && numberLabelRe.MatchString(s) {
			f = numberField(merged, c)
		}
		switch f {
		case fNone:
			if s != "" {
				diags = append(diags, diag(domain.SeverityInfo, "header.unmapped", sheet, rows[len(rows)-1].Line, c,
					"colonna %q non riconosciuta: le sue celle sono lette dal contenuto (nelle note se non sono altro)", s))
			}
			continue
		case fTarget:
			targets = append(targets, tcol{c, findYear(s)})
			continue
		case fBaseline:
			lay.baselineYear = findYear(s)
		}
		if _, ok := lay.cols[f]; !ok {
			lay.cols[f] = c
		}
	}
	w, ok := lay.cols[fWeight]
	if !ok || len(targets) == 0 {
		return nil, diags, fmt.Errorf("intestazione senza colonna %s", missingWhat(ok))
	}
	lay.weight = w
	cols := make([]int, len(targets))
	years := make([]int, len(targets))
	for i, t := range targets {
		cols[i], years[i] = t.col, t.year
	}
	if allZero(years) && title != nil {
		// "TARGET | TARGET | TARGET" under a title "Piano … 2022-2024".
		if y := findYear(strings.Join(title.Cells, " ")); y > 0 {
			years[0] = y
		}
	}
	if allZero(years) {
		return nil, diags, fmt.Errorf("intestazione senza anni dei target (ad es. «TARGET 2022»)")
	}
	lay.targetYears, diags = resolveYears(years, sheet, rows[len(rows)-1].Line, cols, diags)
	lay.placeColumns(cols, sheet, rows[len(rows)-1].Line, &diags)
	return lay, diags, nil
}

func allZero(xs []int) bool {
	for _, x := range xs {
		if x != 0 {
			return false
		}
	}
	return true
}

func missingWhat(hasWeight bool) string {
	if !hasWeight {
		return "Peso"
	}
	return "Target"
}

// numberField decides what a bare "N°" column numbers from the column after
// it: the mission, the program or the objective.
func numberField(merged []string, c int) field {
	for _, s := range merged[c+1:] {
		switch classifyLabel(s) {
		case fMissionName:
			return fMissionCode
		case fProgramName:
			return fProgramCode
		case fNone:
			continue
		}
		return fCode
	}
	return fCode
}

// placeColumns fixes where title, indicator, baseline and targets stand. Every
// plan keeps them in this order right after the weight; a header whose rows
// were exported out of step (labels of other fields between the targets) is
// read in that order, and the decision is reported.
func (lay *layout) placeColumns(targetCols []int, sheet, line int, diags *[]domain.Diagnostic) {
	want := []int{lay.weight + 1, lay.weight + 2, lay.weight + 3}
	got := []int{col(lay.cols, fTitle), col(lay.cols, fIndicator), col(lay.cols, fBaseline)}
	inOrder := equalInts(want, got)
	for i, c := range targetCols {
		inOrder = inOrder && c == lay.weight+4+i
	}
	lay.title, lay.indicator, lay.baseline = want[0], want[1], want[2]
	lay.targets = make([]int, len(targetCols))
	for i := range targetCols {
		lay.targets[i] = lay.weight + 4 + i
	}
	lay.trailStart = lay.weight + 4 + len(targetCols)
	if !inOrder {
		*diags = append(*diags, diag(domain.SeverityWarning, "header.out_of_order", sheet, line, lay.weight,
			"le etichette dell'intestazione non seguono l'ordine delle colonne (peso, obiettivo, indicatore, baseline, target): colonne lette in quest'ordine a partire da Peso"))
	}
}

func col(m map[field]int, f field) int {
	if c, ok := m[f]; ok {
		return c
	}
	return -1
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// resolveYears gives each target column its year. Headers repeat a year by
// mistake ("TARGET 2022" twice): the columns stand in year order, so when the
// years written are not strictly increasing they are read as consecutive
// years from the first, and the decision is reported.
func resolveYears(years []int, sheet, line int, cols []int, diags []domain.Diagnostic) ([]int, []domain.Diagnostic) {
	ok := years[0] > 0
	for i := 1; i < len(years); i++ {
		ok = ok && years[i] > years[i-1]
	}
	if ok {
		return years, diags
	}
	first := years[0]
	if first == 0 {
		for i, y := range years {
			if y > 0 {
				first = y - i
				break
			}
		}
	}
	out := make([]int, len(years))
	var written, read []string
	for i := range years {
		if first > 0 {
			out[i] = first + i
		}
		written = append(written, yearText(years[i]))
		read = append(read, yearText(out[i]))
	}
	if sort.IntsAreSorted(out) && first > 0 {
		diags = append(diags, diag(domain.SeverityWarning, "header.target_years", sheet, line, cols[0],
			"anni dei target scritti come %s: letti nell'ordine delle colonne come %s",
			strings.Join(written, ", "), strings.Join(read, ", ")))
	} else {
		diags = append(diags, diag(domain.SeverityWarning, "header.target_years", sheet, line, cols[0],
			"anni dei target non indicati nell'intestazione"))
	}
	return out, diags
}

func yearText(y int) string {
	if y == 0 {
		return "(senza anno)"
	}
	return strconv.Itoa(y)
}

func findYear(s string) int {
	// yearRe written out: the first word (a run of ASCII letters, digits
	// and underscores) that is a year from 1950 to 2099.
	for i := 0; i < len(s); {
		if !isWordByte(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isWordByte(s[j]) {
			j++
		}
		if w := s[i:j]; len(w) == 4 && leadingDigits(w) == 4 && (w[:2] == "19" && w[2] >= '5' || w[:2] == "20") {
			y, _ := strconv.Atoi(w)
			return y
		}
		i = j
	}
	return 0
}

func nonEmpty(cells []string) []string {
	var out []string
	for _, c := range cells {
		if c != "" {
			out = append(out, c)
		}
	}
	return out
}

// diag builds a diagnostic at a 0-based column (-1 for none).
func diag(sev domain.Severity, code string, sheet, line, column int, format string, args ...any) domain.Diagnostic {
	return domain.Diagnostic{Severity: sev, Code: code, Sheet: sheet, Line: line,
		Column: domain.ColumnName(column), Message: fmt.Sprintf(format, args...)}
}
