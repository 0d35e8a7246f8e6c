package ingest

import (
	"math"
	"regexp"
	"strings"

	"github.com/performa-pa/performa/internal/missions"
)

// record is one data row read by meaning, whatever column each cell stood in.
type record struct {
	line        int
	shift       int // columns the right part of the row stood from its header
	missionCode string
	missionName string
	programCode string
	programName string
	code        string
	weightText  string
	weight      *float64
	title       string
	indicator   string
	baseline    string
	baseYear    int // the baseline's own year, from a column of its own
	targets     []string
	manager     string
	staff       string
	achievement string
	notes       []string
	unitName    string    // a unit named on the row ("Area Polizia Municipale")
	cols        fieldCols // data column of each field read, for diagnostics
	unassigned  []int     // data columns of cells that fit no field
	lateTargets bool      // targets read one column later than they stood
}

// col returns the data column a field was read from, -1 if none.
func (r *record) col(f field) int {
	if c, ok := r.cols.get(f); ok {
		return c
	}
	return -1
}

// fieldCols is a column for each field, or none: a map[field]int without
// the map, made for every row.
type fieldCols struct {
	col [fBaselineYear + 1]int32
	has uint32 // bit f: col[f] is set
}

func (fc *fieldCols) set(f field, c int) { fc.col[f], fc.has = int32(c), fc.has|1<<f }

// get is the column of f (0 when none, as a map would say) and whether it
// was set.
func (fc *fieldCols) get(f field) (int, bool) { return int(fc.col[f]), fc.has&(1<<f) != 0 }

func (r *record) hasRight() bool {
	if r.indicator != "" || r.baseline != "" {
		return true
	}
	for _, t := range r.targets {
		if t != "" {
			return true
		}
	}
	return false
}

func (r *record) hasLeft() bool {
	return r.missionCode != "" || r.missionName != "" || r.programCode != "" || r.programName != ""
}

// reader reads the data rows of one table.
type reader struct {
	lay        *layout
	sheet      int
	managerCol int                 // header column where this table's rows name the manager
	kinds      map[string]cellKind // cache of kind
	notation   weightNotation      // how the table writes its weights
}

// weightAnchor finds the weight cell near the weight column: the anchor
// that tells how far the row stands shifted from its header. A percentage
// right of the column is a shifted weight only if the cell before it could
// be the objective's code (empty, or a code): an indicator row has its
// description there, and a percentage after it is its baseline.
func (t *reader) weightAnchor(r Row) (col int, ok bool) {
	for c := max(0, t.lay.weight-3); c <= t.lay.weight+3 && c < len(r.Cells); c++ {
		if isWeight(r.Cells[c]) && (c <= t.lay.weight || r.Cells[c-1] == "" || isCode(r.Cells[c-1])) {
			return c, true
		}
	}
	if t.notation != weightPercent { // bare numbers are weights only where the header says
		if _, ok := t.weightValue(r.cell(t.lay.weight)); ok {
			return t.lay.weight, true
		}
	}
	return 0, false
}

// shiftOf returns how far a row stands shifted from the header: by its
// weight, or for rows without one (further indicators) by its manager.
func (t *reader) shiftOf(r Row) int {
	if c, ok := t.weightAnchor(r); ok {
		return c - t.lay.weight
	}
	best, found := 0, false
	for c := t.lay.indicator; c < len(r.Cells); c++ {
		if t.isPerson(r.Cells[c]) && abs(c-t.managerCol) <= 3 {
			if !found || abs(c-t.managerCol) < abs(best) {
				best, found = c-t.managerCol, true
			}
		}
	}
	return best
}

// learnManagerColumn finds the header column where this table's weighted
// rows keep the manager: headers misplace it, rows are consistent.
func (t *reader) learnManagerColumn(rows []Row) {
	count := map[int]int{}
	for _, r := range rows {
		w, ok := t.weightAnchor(r)
		if !ok {
			continue
		}
		s := w - t.lay.weight
		for c := t.lay.trailStart + s; c < len(r.Cells); c++ {
			if t.isPerson(r.Cells[c]) {
				count[c-s]++
				break
			}
		}
	}
	t.managerCol = col(t.lay.cols, fManager)
	if t.managerCol < t.lay.trailStart {
		t.managerCol = t.lay.trailStart
	}
	best := 0
	for c, n := range count {
		if n > best || (n == best && c < t.managerCol) {
			t.managerCol, best = c, n
		}
	}
}

// read turns a data row into a record.
func (t *reader) read(r Row) *record {
	rec := &record{line: r.Line, targets: make([]string, len(t.lay.targets))}
	rec.shift = t.shiftOf(r)
	rb := t.lay.weight + rec.shift // first data column of the right part
	var left []int
	var trail []trailCell
	for c, text := range r.Cells {
		if text == "" {
			continue
		}
		if c < rb {
			left = append(left, c)
			continue
		}
		h := c - rec.shift
		switch {
		case h == t.lay.weight:
			rec.weightText = text
			if v, ok := t.weightValue(text); ok {
				rec.weight = &v
			}
		case h == t.lay.title:
			rec.title = text
		case h == t.lay.indicator:
			rec.indicator = text
		case h == t.lay.baseline:
			rec.baseline = text
		case h >= t.lay.trailStart:
			trail = append(trail, trailCell{c, h, text})
			continue
		default:
			rec.targets[h-t.lay.targets[0]] = text
		}
		rec.cols.set(fieldAt(t.lay, h), c)
	}
	t.readLeft(rec, r, left, rb)
	trail = t.baselineYear(rec, trail)
	trail = t.fixTargets(rec, trail)
	t.readTrail(rec, trail)
	t.fixLateTargets(rec)
	return rec
}

var (
	selfMaintainRe = regexp.MustCompile(`(?i)^mantenimento (?:del )?target (?:dell['’]\s*anno )?(\d{4})$`)
	targetLikeRe   = regexp.MustCompile(`(?i)^(?:entro\b|rilascio entro|protocollazione entro|\d{1,3}(?:[.,]\d+)?\s*%$|[<>=]|almeno\b|non oltre\b|max\b)`)
)

// fixLateTargets reads rows whose targets stand one column late. A first
// target that maintains the target of its own year or of the year before
// ("mantenimento target 2022", "… 2021" under TARGET 2022), with the cell
// before the targets (under Indicatore, with no baseline) reading like a
// target ("Entro il 15/10/2022", "100%") and the last target column empty,
// is one column late: that cell is the first year's target and the others
// move one year on. One rule for every row of that shape: the LL.PP. sheet
// of the seed writes both years.
func (t *reader) fixLateTargets(rec *record) {
	n := len(rec.targets)
	if n < 2 || rec.baseline != "" || rec.targets[n-1] != "" || !targetLikeRe.MatchString(rec.indicator) {
		return
	}
	m := selfMaintainRe.FindStringSubmatch(rec.targets[0])
	if m == nil || findYear(m[1]) > t.lay.targetYears[0] {
		return
	}
	copy(rec.targets[1:], rec.targets[:n-1])
	rec.targets[0], rec.indicator = rec.indicator, ""
	rec.lateTargets = true
}

// fillMerged completes a record with the cells merged down into its row
// from a row above, in the fields the row leaves empty: a baseline or a
// target merged over two indicators is each one's, staff or notes merged
// over two objectives are each one's. Mission, program and manager need
// not be: they carry down anyway. The objective's code, title and weight
// merged over its indicator rows are not read again: those rows are its
// indicators, not new objectives.
func (t *reader) fillMerged(rec *record, merged map[int]string) {
	set := func(dst *string, v string) {
		if *dst == "" {
			*dst = v
		}
	}
	for c, v := range merged {
		switch {
		case c == t.lay.indicator:
			set(&rec.indicator, v)
		case c == t.lay.baseline:
			set(&rec.baseline, v)
		case c >= t.lay.targets[0] && c < t.lay.trailStart:
			set(&rec.targets[c-t.lay.targets[0]], v)
		case c == col(t.lay.cols, fStaff):
			set(&rec.staff, v)
		case c == col(t.lay.cols, fAchievement):
			set(&rec.achievement, v)
		case c == col(t.lay.cols, fNotes) && len(rec.notes) == 0:
			rec.notes = []string{v}
		}
	}
}

// baselineYear takes the cell of a column that gives each row's baseline
// its own year («Anno baseline», as performa's exports write it when the
// rows of a sheet differ), if the table has one.
func (t *reader) baselineYear(rec *record, trail []trailCell) []trailCell {
	yc, ok := t.lay.cols[fBaselineYear]
	if !ok {
		return trail
	}
	for i, tc := range trail {
		if tc.h == yc && yearRe.FindString(tc.text) == tc.text {
			rec.baseYear = findYear(tc.text)
			return append(trail[:i:i], trail[i+1:]...)
		}
	}
	return trail
}

type trailCell struct {
	col, h int
	text   string
}

func fieldAt(lay *layout, h int) field {
	switch {
	case h == lay.weight:
		return fWeight
	case h == lay.title:
		return fTitle
	case h == lay.indicator:
		return fIndicator
	case h == lay.baseline:
		return fBaseline
	}
	return fTarget
}

// fixTargets puts targets where they belong. Targets follow the baseline:
// a run that starts one column late and spills past the last target column
// is moved back; a staff or manager cell at the end of the run belongs after
// it.
func (t *reader) fixTargets(rec *record, trail []trailCell) []trailCell {
	n := len(rec.targets)
	if n > 0 && rec.targets[0] == "" && len(trail) > 0 && trail[0].h == t.lay.trailStart && !t.trailing(trail[0].text) {
		copy(rec.targets, rec.targets[1:])
		rec.targets[n-1] = trail[0].text
		trail = trail[1:]
	}
	for i := n - 1; i >= 0; i-- {
		if rec.targets[i] == "" {
			continue
		}
		if !t.trailing(rec.targets[i]) {
			break
		}
		c, _ := rec.cols.get(fTarget)
		trail = append([]trailCell{{c, t.lay.trailStart, rec.targets[i]}}, trail...)
		rec.targets[i] = ""
	}
	return trail
}

// trailing reports whether a cell belongs to the columns after the targets:
// a manager's name or a description of staff.
func (t *reader) trailing(s string) bool {
	k := t.kind(s)
	return k.person || k.staff
}

// cellKind is what a cell says of people: a manager's name, or staff.
type cellKind struct {
	name          string
	person, staff bool
}

// isPerson is kind(s).person, without classifying the long cells
// (titles, descriptions) that never name a person (personName).
func (t *reader) isPerson(s string) bool {
	return len(s) <= maxPersonName && t.kind(s).person
}

// kind classifies a cell, once per distinct text: managers' names and
// staff descriptions repeat on every row of a sheet.
func (t *reader) kind(s string) cellKind {
	if k, ok := t.kinds[s]; ok {
		return k
	}
	if t.kinds == nil {
		t.kinds = map[string]cellKind{}
	}
	name, person := personName(s)
	k := cellKind{name: name, person: person, staff: isStaff(s)}
	t.kinds[s] = k
	return k
}

// readTrail reads the cells after the targets by what they contain: a name
// is the manager, a description of people is the staff, a percentage the
// achievement typed in; the rest are notes.
func (t *reader) readTrail(rec *record, trail []trailCell) {
	achCol := col(t.lay.cols, fAchievement)
	for _, tc := range trail {
		_, isPct := parsePercent(tc.text)
		k := t.kind(tc.text)
		name, person := k.name, k.person
		switch {
		case person && rec.manager == "":
			rec.manager = name
			rec.cols.set(fManager, tc.col)
			if u := unitPrefix(tc.text); u != "" {
				rec.unitName = u
			}
		case k.staff && rec.staff == "":
			rec.staff = tc.text
			rec.cols.set(fStaff, tc.col)
		case isPct && achCol >= 0 && rec.achievement == "":
			rec.achievement = tc.text
			rec.cols.set(fAchievement, tc.col)
		default:
			rec.notes = append(rec.notes, tc.text)
		}
	}
}

// Left part: mission code and name, program code and name, objective code.
const (
	slotMC = iota
	slotMN
	slotPC
	slotPN
)

var slotFields = [4]field{fMissionCode, fMissionName, fProgramCode, fProgramName}

// readLeft reads the cells left of the weight. The objective code is the
// code-like cell next to the weight or under its header; the others fill
// mission and program in order, numbers into codes and words into names,
// starting from the column each stands in; a text that is an official
// mission name is the mission.
func (t *reader) readLeft(rec *record, r Row, left []int, rb int) {
	codeCol := col(t.lay.cols, fCode)
	var tokens []int
	for i := len(left) - 1; i >= 0; i-- {
		c, s := left[i], r.Cells[left[i]]
		mappedCode := t.lay.mapped && codeCol >= 0 && c == codeCol+rec.shift // a mapping says so
		if (mappedCode || isCode(s) && (c == rb-1 || (codeCol >= 0 && c >= codeCol))) && (rec.code == "" || rec.code == s) {
			if rec.code == "" {
				rec.code = s
				rec.cols.set(fCode, c)
			}
			continue
		}
		tokens = append([]int{c}, tokens...)
	}
	slots := [4]string{}
	slotCol := [4]int{-1, -1, -1, -1}
	prev := -1
	for _, c := range tokens {
		s := r.Cells[c]
		num := isNumber(s)
		if !num && prev < slotMN && looksLikeUnitName(s) && !isMissionName(s) {
			rec.unitName = s
			continue
		}
		slot := -1
		if !num && slots[slotMN] == "" && isMissionName(s) {
			slot = slotMN
			if prev == slotPC && slots[slotMC] == "" { // "4 ISTRUZIONE…": the number was the mission
				slots[slotMC], slotCol[slotMC] = slots[slotPC], slotCol[slotPC]
				slots[slotPC], slotCol[slotPC] = "", -1
			}
		} else {
			slot = t.nextSlot(c, prev, num, slots)
		}
		if slot < 0 {
			rec.unassigned = append(rec.unassigned, c)
			rec.notes = append(rec.notes, s)
			continue
		}
		slots[slot], slotCol[slot], prev = s, c, slot
	}
	rec.missionCode, rec.missionName, rec.programCode, rec.programName = slots[0], slots[1], slots[2], slots[3]
	for i, c := range slotCol {
		if c >= 0 {
			rec.cols.set(slotFields[i], c)
		}
	}
}

// nextSlot finds where a left cell goes: from the slot of its column (or
// the one after the previous cell's, if later) onwards, the first of its
// kind; failing that, the first of its kind after the previous cell.
func (t *reader) nextSlot(c, prev int, num bool, slots [4]string) int {
	fits := func(s int) bool { return slots[s] == "" && (s == slotMC || s == slotPC) == num }
	for s := max(t.slotOfCol(c), prev+1); s <= slotPN; s++ {
		if fits(s) {
			return s
		}
	}
	for s := prev + 1; s <= slotPN; s++ {
		if fits(s) {
			return s
		}
	}
	return -1
}

// slotOfCol returns the left slot whose header column is the last at or
// before c.
func (t *reader) slotOfCol(c int) int {
	slot := 0
	for s, f := range slotFields {
		if hc, ok := t.lay.cols[f]; ok && hc <= c {
			slot = s
		}
	}
	return slot
}

// isMissionName reports whether a text is the official name of a mission
// ("ISTRUZIONE E DIRITTO ALLO STUDIO").
func isMissionName(s string) bool {
	if isNumber(s) {
		return false
	}
	_, ok := missions.MissionNamed(s)
	return ok
}

var subRowRe = regexp.MustCompile(`^\d{1,2}\s+\p{L}`)

// subtableRow reads a row of a sub-table of indicators below an objective
// (sheet 1 of the seed: "95,60% | 2 Autonomia finanziaria | >75% | <= 2022 |
// >=2023"): an optional value, a numbered name, and up to one target per
// year.
func (t *reader) subtableRow(r Row) (baseline, name string, targets []string, ok bool) {
	f := r.filled()
	if len(f) == 0 {
		return "", "", nil, false
	}
	at := -1
	for i, c := range f {
		if subRowRe.MatchString(r.Cells[c]) {
			at = i
			break
		}
	}
	if at < 0 || at > 1 || (at == 1 && f[0] != f[1]-1) {
		return "", "", nil, false
	}
	nc := f[at]
	if at == 1 {
		baseline = r.Cells[f[0]]
	}
	targets = make([]string, len(t.lay.targets))
	for _, c := range f[at+1:] {
		i := c - nc - 1
		if i >= len(targets) {
			return "", "", nil, false
		}
		targets[i] = r.Cells[c]
	}
	return baseline, r.Cells[nc], targets, true
}

var subtableTriggerRe = regexp.MustCompile(`(?i)^valori\s+(\d{4})$`)

// opensSubtable reports whether an objective row announces a sub-table of
// indicators: its baseline reads "Valori 2019" and a later cell "Target".
func opensSubtable(rec *record) (year int, ok bool) {
	m := subtableTriggerRe.FindStringSubmatch(rec.baseline)
	if m == nil {
		return 0, false
	}
	for _, s := range append(rec.targets, rec.notes...) {
		if strings.EqualFold(s, "target") {
			return findYear(m[1]), true
		}
	}
	return 0, false
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// weightNotation is how a table writes its weights.
type weightNotation int

const (
	weightPercent     weightNotation = iota // "5%", "12,5 %": nearly every plan
	weightFraction                          // 0,125: every weight of the table at most 1
	weightPoints                            // 12,5 without the sign, adding up to 100
	weightCoefficient                       // other bare numbers: relative coefficients
)

// learnNotation finds how a table writes its weights, from the cells under
// its Peso header. Only when no weight carries the % sign are bare numbers
// read as weights: as fractions if none exceeds 1, as percentage points if
// they add up to 100, otherwise as coefficients, kept as they are.
func (t *reader) learnNotation(rows []Row) (sum float64, n int) {
	maxV := 0.0
	w := t.lay.weight
	for _, r := range rows {
		for c := max(0, w-3); c <= w+2; c++ { // w+3 is the baseline, often a percentage
			if isWeight(r.cell(c)) {
				t.notation = weightPercent
				return 0, 0
			}
		}
		if v, ok := parseNumber(r.cell(w)); ok && v > 0 {
			sum += v
			maxV = max(maxV, v)
			n++
		}
	}
	switch {
	case n == 0:
		t.notation = weightPercent
	case maxV <= 1:
		t.notation = weightFraction
	case sum > 99.5 && sum < 100.5:
		t.notation = weightPoints
	default:
		t.notation = weightCoefficient
	}
	return sum, n
}

// weightValue reads a weight cell as percentage points: "5%" always, and
// bare numbers as the table's notation says.
func (t *reader) weightValue(s string) (float64, bool) {
	if v, ok := parsePercent(s); ok {
		return v, true
	}
	if t.notation == weightPercent {
		return 0, false
	}
	v, ok := parseNumber(s)
	if !ok || v < 0 {
		return 0, false
	}
	if t.notation == weightFraction {
		v = math.Round(v*100*1e6) / 1e6
	}
	return v, true
}
