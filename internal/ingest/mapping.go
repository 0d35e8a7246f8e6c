package ingest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
)

// MappingSchema names this version of the mapping file format.
const MappingSchema = "performa.map/v1"

// Mapping says how to read a workbook whose layout detection cannot
// settle: which tables (sheet and header row) to read, what each column
// holds, which columns identify an objective and a unit, and whether the
// table is wide (one row per objective or indicator, a column per year's
// target) or long (one row per objective × unit × period). docs/formats.md
// documents it; `performa check FILE --suggest-map` writes the mapping
// detection inferred.
type Mapping struct {
	Schema string     `json:"schema"`
	Tables []MapTable `json:"tables"`
	name   string     // the mapping file, for messages
}

// MapTable is one table of a mapping.
type MapTable struct {
	// Sheet is the sheet's name or its number (1-based); a CSV or text
	// file has one sheet, number 1.
	Sheet      any    `json:"sheet"`
	HeaderRow  int    `json:"header_row"`            // line of the (first) header row
	HeaderRows int    `json:"header_rows,omitempty"` // header rows, 1 if omitted
	Layout     string `json:"layout"`                // "wide" or "long"
	// Columns maps a column, by letter ("C") or by its header text
	// ("Valore rilevato"), to a field (see mapFields; "target:2022").
	Columns map[string]string `json:"columns"`
	// Objective and Unit list the columns that identify an objective and
	// a unit in a long table (default: code and title; unit).
	Objective []string `json:"objective,omitempty"`
	Unit      []string `json:"unit,omitempty"`
	// FirstYear is the plan's first year, for targets relative to it
	// («Target primo anno») or written with no year.
	FirstYear int `json:"first_year,omitempty"`
}

// mapFields are the field names of a mapping file.
var mapFields = map[string]field{
	"mission_code": fMissionCode, "mission": fMissionName, "program_code": fProgramCode, "program": fProgramName,
	"code": fCode, "weight": fWeight, "title": fTitle, "indicator": fIndicator, "baseline": fBaseline,
	"target": fTarget, "manager": fManager, "staff": fStaff, "progress": fAchievement, "notes": fNotes,
	"unit": fUnit, "baseline_year": fBaselineYear, "year": fYear, "period": fPeriod, "value": fValue,
	"unit_of_measure": fUnitOfMeasure, "kind": fKind, "level": fLevel,
}

func fieldName(f field) string {
	for n, g := range mapFields {
		if g == f {
			return n
		}
	}
	return ""
}

func (m *Mapping) errorf(format string, args ...any) error {
	return domain.Errorf(domain.EINVALID, "%s: %s", m.name, fmt.Sprintf(format, args...))
}

// MaxMappingSize bounds a mapping file: a few kilobytes.
const MaxMappingSize = 1 << 20

// ParseMapping reads a mapping file, naming it in every error.
func ParseMapping(name string, data []byte) (*Mapping, error) {
	m := &Mapping{name: name}
	if len(data) > MaxMappingSize {
		return nil, m.errorf("il file di mappatura è troppo grande (oltre %s).", formatSize(MaxMappingSize))
	}
	dec := json.NewDecoder(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	dec.DisallowUnknownFields()
	if err := dec.Decode(m); err != nil {
		return nil, m.errorf("mappatura non leggibile come JSON: %s.", italian.JSONError(err, data))
	}
	if m.Schema != MappingSchema {
		return nil, m.errorf("schema %q non previsto: atteso %q.", m.Schema, MappingSchema)
	}
	if len(m.Tables) == 0 {
		return nil, m.errorf("la mappatura non indica nessuna tabella («tables»).")
	}
	for i := range m.Tables {
		if err := m.check(i + 1); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// check validates one table of the mapping.
func (m *Mapping) check(n int) error {
	t := &m.Tables[n-1]
	switch s := t.Sheet.(type) {
	case string:
		if strings.TrimSpace(s) == "" {
			return m.errorf("tabella %d: il foglio («sheet») è vuoto.", n)
		}
	case float64:
		if s < 1 || s != float64(int(s)) || s > 100000 {
			return m.errorf("tabella %d: il foglio %v non è un numero da 1 in su.", n, s)
		}
	default:
		return m.errorf("tabella %d: indicare il foglio («sheet») con il nome o il numero.", n)
	}
	if t.HeaderRow < 1 || t.HeaderRow > 10_000_000 {
		return m.errorf("tabella %d: la riga di intestazione («header_row») deve essere un numero da 1 in su.", n)
	}
	if t.HeaderRows < 0 || t.HeaderRows > 10 {
		return m.errorf("tabella %d: «header_rows» deve essere tra 1 e 10.", n)
	}
	if t.Layout != "wide" && t.Layout != "long" {
		return m.errorf("tabella %d: «layout» deve essere \"wide\" (una riga per obiettivo) o \"long\" (una riga per obiettivo, unità e periodo), non %q.", n, t.Layout)
	}
	has := map[field]bool{}
	for col, name := range t.Columns {
		f, _, ok := parseFieldName(name)
		if !ok {
			return m.errorf("tabella %d, colonna «%s»: campo %q sconosciuto (campi: %s).", n, col, name, strings.Join(fieldList(), ", "))
		}
		has[f] = true
	}
	if t.FirstYear != 0 && (t.FirstYear < 1900 || t.FirstYear > 2199) {
		return m.errorf("tabella %d: «first_year» %d non è un anno.", n, t.FirstYear)
	}
	switch {
	case t.Layout == "wide" && !has[fTitle] && !has[fCode]:
		return m.errorf("tabella %d: una tabella «wide» deve indicare la colonna dell'obiettivo (\"title\" o \"code\").", n)
	case t.Layout == "long" && !has[fTitle] && !has[fCode] && len(t.Objective) == 0:
		return m.errorf("tabella %d: una tabella «long» deve indicare la colonna dell'obiettivo (\"title\" o \"code\").", n)
	}
	return nil
}

var fieldNameRe = regexp.MustCompile(`^([a-z_]+)(?::(\d{4}))?$`)

// parseFieldName reads "target:2022" as the field and its year.
func parseFieldName(s string) (field, int, bool) {
	m := fieldNameRe.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return fNone, 0, false
	}
	f, ok := mapFields[m[1]]
	if !ok {
		return fNone, 0, false
	}
	year, _ := strconv.Atoi(m[2])
	if year != 0 && f != fTarget && f != fBaseline {
		return fNone, 0, false
	}
	return f, year, true
}

func fieldList() []string {
	var names []string
	for n := range mapFields {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Encode writes the mapping as an indented JSON document.
func (m *Mapping) Encode(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(m)
}

// mappedTable is a table cut from a sheet where a mapping says, with what
// its columns hold.
type mappedTable struct {
	t    *table
	spec *MapTable
	cols map[field]int // column of each field (first, for a wide table's targets)
	// targets and baseline of a wide table
	targetCols, targetYears []int
	baseYear                int
	keyObjective, keyUnit   []int
	unitCols, levelCols     []int // every column mapped to "unit" or "level"
}

var letterRe = regexp.MustCompile(`^[A-Z]{1,3}$`)

// tables cuts the tables the mapping names out of sheet si: each starts at
// its header row, with the title row right above it, and runs to the next
// one.
func (m *Mapping) tables(wb *Workbook, si int) ([]*mappedTable, error) {
	sh := wb.Sheets[si]
	var specs []*MapTable
	for i := range m.Tables {
		t := &m.Tables[i]
		if m.sheetIndex(wb, t) == si {
			specs = append(specs, t)
		}
	}
	slices.SortStableFunc(specs, func(a, b *MapTable) int { return a.HeaderRow - b.HeaderRow })
	var out []*mappedTable
	for k, spec := range specs {
		start := slices.IndexFunc(sh.Rows, func(r Row) bool { return r.Line == spec.HeaderRow })
		if start < 0 || sh.Rows[start].blank() {
			return nil, m.errorf("%s: la riga di intestazione %d è vuota o non c'è.", sheetLabel(wb, sh), spec.HeaderRow)
		}
		n := max(1, spec.HeaderRows)
		end := min(len(sh.Rows), start+n)
		t := &table{header: sh.Rows[start:end]}
		if start > 0 && isTitle(sh.Rows[start-1]) {
			title := sh.Rows[start-1]
			t.title = &title
		}
		stop := len(sh.Rows)
		if k+1 < len(specs) {
			next := slices.IndexFunc(sh.Rows, func(r Row) bool { return r.Line >= specs[k+1].HeaderRow })
			if next >= 0 {
				stop = next
				if next > end && isTitle(sh.Rows[next-1]) {
					stop = next - 1
				}
			}
		}
		if stop > end {
			t.rows = sh.Rows[end:stop]
		}
		mt, err := m.resolve(wb, sh, t, spec)
		if err != nil {
			return nil, err
		}
		out = append(out, mt)
	}
	return out, nil
}

// sheetIndex returns the 0-based sheet a table of the mapping names, -1 if
// none.
func (m *Mapping) sheetIndex(wb *Workbook, t *MapTable) int {
	switch s := t.Sheet.(type) {
	case float64:
		if int(s) >= 1 && int(s) <= len(wb.Sheets) {
			return int(s) - 1
		}
	case string:
		for i, sh := range wb.Sheets {
			if strings.EqualFold(strings.TrimSpace(sh.Name), strings.TrimSpace(s)) {
				return i
			}
		}
	}
	return -1
}

// checkSheets fails when a table of the mapping names a sheet the workbook
// does not have.
func (m *Mapping) checkSheets(wb *Workbook) error {
	for i := range m.Tables {
		if m.sheetIndex(wb, &m.Tables[i]) < 0 {
			return m.errorf("il foglio %v della tabella %d non c'è nel file %s%s.", sheetValue(m.Tables[i].Sheet), i+1, wb.Name, sheetsRead(wb))
		}
	}
	return nil
}

func sheetValue(s any) string {
	if f, ok := s.(float64); ok {
		return strconv.Itoa(int(f))
	}
	return fmt.Sprintf("«%v»", s)
}

func sheetLabel(wb *Workbook, sh *Sheet) string {
	if wb.Flat || sh.Name == "" {
		return "foglio 1"
	}
	return sheetRef(sh.Name)
}

// resolve finds the column of every field the mapping names.
func (m *Mapping) resolve(wb *Workbook, sh *Sheet, t *table, spec *MapTable) (*mappedTable, error) {
	width := 0
	for _, r := range t.header {
		width = max(width, len(r.Cells))
	}
	for _, r := range t.rows {
		width = max(width, len(r.Cells))
	}
	colOf := func(key string) (int, error) {
		key = strings.TrimSpace(key)
		if letterRe.MatchString(key) {
			c := columnIndex(key)
			if c < width {
				return c, nil
			}
			return 0, m.errorf("%s, tabella alla riga %d: la colonna %s non c'è (la tabella arriva alla colonna %s).",
				sheetLabel(wb, sh), spec.HeaderRow, key, domain.ColumnName(width-1))
		}
		want := normLabel(key)
		for _, r := range t.header {
			for c, s := range r.Cells {
				if normLabel(s) == want {
					return c, nil
				}
			}
		}
		var labels []string
		for _, s := range t.header[len(t.header)-1].Cells {
			if s != "" {
				labels = append(labels, "«"+s+"»")
			}
		}
		return 0, m.errorf("%s: la colonna «%s» non c'è nella riga di intestazione %d (intestazioni: %s).",
			sheetLabel(wb, sh), key, spec.HeaderRow, strings.Join(labels, ", "))
	}
	mt := &mappedTable{t: t, spec: spec, cols: map[field]int{}}
	type tc struct{ col, year int }
	var targets []tc
	keys := make([]string, 0, len(spec.Columns))
	for k := range spec.Columns {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, key := range keys {
		c, err := colOf(key)
		if err != nil {
			return nil, err
		}
		f, year, _ := parseFieldName(spec.Columns[key])
		if f == fTarget && spec.Layout == "wide" {
			targets = append(targets, tc{c, year})
			continue
		}
		if f == fBaseline {
			mt.baseYear = year
		}
		switch f {
		case fLevel:
			mt.levelCols = append(mt.levelCols, c)
			continue
		case fUnit:
			mt.unitCols = append(mt.unitCols, c)
		}
		mt.cols[f] = c
	}
	slices.SortFunc(targets, func(a, b tc) int { return a.year - b.year })
	slices.Sort(mt.unitCols)
	slices.Sort(mt.levelCols)
	for _, x := range targets {
		mt.targetCols, mt.targetYears = append(mt.targetCols, x.col), append(mt.targetYears, x.year)
	}
	for _, key := range spec.Objective {
		c, err := colOf(key)
		if err != nil {
			return nil, err
		}
		mt.keyObjective = append(mt.keyObjective, c)
	}
	for _, key := range spec.Unit {
		c, err := colOf(key)
		if err != nil {
			return nil, err
		}
		mt.keyUnit = append(mt.keyUnit, c)
	}
	return mt, nil
}

func normLabel(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// columnIndex reads a column letter ("A", "AB") as a 0-based index.
func columnIndex(s string) int {
	n := 0
	for _, c := range s {
		n = n*26 + int(c-'A') + 1
	}
	return n - 1
}

// longLayout returns the layout of a long table the mapping describes.
func (mt *mappedTable) longLayout() *longLayout {
	lay := newLongLayout(mt.cols, mt.baseYear)
	if len(mt.keyObjective) > 0 {
		lay.objective = mt.keyObjective
	}
	if len(mt.keyUnit) > 0 {
		lay.unit = mt.keyUnit
	}
	return lay
}

// wideLayout returns the layout of a wide table the mapping describes.
// Where the mapping keeps weight, title, indicator, baseline and targets in
// that order, side by side (as detection finds them), the rows are read as
// they stand, realigned by their content; otherwise they are rearranged in
// that order first, and the columns the mapping does not name are left out.
func (mt *mappedTable) wideLayout() *layout {
	w := mt.cols[fWeight]
	canonical := col(mt.cols, fTitle) == w+1 && col(mt.cols, fIndicator) == w+2 && col(mt.cols, fBaseline) == w+3
	for i, c := range mt.targetCols {
		canonical = canonical && c == w+4+i
	}
	cols := mt.cols
	width := 0
	for _, r := range mt.t.header {
		width = max(width, len(r.Cells))
	}
	if !canonical {
		var order []int // source column of each new column, -1 for none
		cols = map[field]int{}
		place := func(f field, c int, ok bool) {
			if ok {
				cols[f] = len(order)
			}
			if !ok {
				c = -1
			}
			order = append(order, c)
		}
		for _, f := range []field{fMissionCode, fMissionName, fProgramCode, fProgramName, fCode} {
			if c, ok := mt.cols[f]; ok {
				place(f, c, true)
			}
		}
		for _, f := range []field{fWeight, fTitle, fIndicator, fBaseline} {
			c, ok := mt.cols[f]
			place(f, c, ok)
		}
		order = append(order, mt.targetCols...)
		for _, f := range []field{fManager, fStaff, fAchievement, fNotes, fUnit, fBaselineYear} {
			if c, ok := mt.cols[f]; ok {
				place(f, c, true)
			}
		}
		mt.t.rows = permuteRows(mt.t.rows, order)
		width = len(order)
		w = cols[fWeight]
	}
	lay := &layout{cols: cols, width: width, weight: w, title: w + 1, indicator: w + 2, baseline: w + 3,
		baselineYear: mt.baseYear, targetYears: mt.targetYears, mapped: true}
	for i := range mt.targetCols {
		lay.targets = append(lay.targets, w+4+i)
	}
	lay.trailStart = w + 4 + len(mt.targetCols)
	for _, r := range mt.t.header {
		lay.headerLines = append(lay.headerLines, r.Line)
	}
	if mt.t.title != nil {
		lay.titleCells = nonEmpty(mt.t.title.Cells)
	}
	return lay
}

// permuteRows rearranges the cells of rows: new column k holds old column
// order[k].
func permuteRows(rows []Row, order []int) []Row {
	out := make([]Row, len(rows))
	for i, r := range rows {
		nr := Row{Line: r.Line, Cells: make([]string, len(order))}
		for k, c := range order {
			nr.Cells[k] = r.cell(c)
			if r.marked(c, Merged|Formula) {
				if nr.Marks == nil {
					nr.Marks = make([]Mark, len(order))
				}
				nr.Marks[k] = r.Marks[c]
			}
		}
		nr.Cells, nr.Marks = trimRow(nr.Cells, nr.Marks)
		out[i] = nr
	}
	return out
}

// newMapTable starts the mapping of a table: its sheet, by name in a real
// workbook or by number, and its header rows.
func newMapTable(wb *Workbook, si int, t *table) MapTable {
	mt := MapTable{HeaderRow: t.header[0].Line, Columns: map[string]string{}}
	if wb.Flat || wb.Sheets[si].Name == "" {
		mt.Sheet = float64(si + 1)
	} else {
		mt.Sheet = wb.Sheets[si].Name
	}
	if len(t.header) > 1 {
		mt.HeaderRows = len(t.header)
	}
	return mt
}

// suggestTable writes what detection inferred of a table as a mapping.
func suggestTable(wb *Workbook, si int, t *table, lay *layout, ll *longLayout) MapTable {
	mt := newMapTable(wb, si, t)
	set := func(c int, name string) {
		if c < 0 {
			return
		}
		if _, taken := mt.Columns[domain.ColumnName(c)]; !taken {
			mt.Columns[domain.ColumnName(c)] = name
		}
	}
	if ll != nil {
		mt.Layout = "long"
		for f, c := range ll.cols {
			name := fieldName(f)
			if f == fBaseline && ll.baseYear > 0 {
				name += ":" + strconv.Itoa(ll.baseYear)
			}
			set(c, name)
		}
		for _, c := range ll.objective {
			mt.Objective = append(mt.Objective, domain.ColumnName(c))
		}
		for _, c := range ll.unit {
			mt.Unit = append(mt.Unit, domain.ColumnName(c))
		}
		return mt
	}
	mt.Layout = "wide"
	set(lay.weight, "weight")
	set(lay.title, "title")
	set(lay.indicator, "indicator")
	base := "baseline"
	if lay.baselineYear > 0 {
		base += ":" + strconv.Itoa(lay.baselineYear)
	}
	set(lay.baseline, base)
	for i, c := range lay.targets {
		set(c, "target:"+strconv.Itoa(lay.targetYears[i]))
	}
	fs := make([]field, 0, len(lay.cols))
	for f := range lay.cols {
		fs = append(fs, f)
	}
	slices.Sort(fs)
	for _, f := range fs {
		switch f {
		case fWeight, fTitle, fIndicator, fBaseline:
			continue
		}
		set(lay.cols[f], fieldName(f))
	}
	return mt
}

// generic reports whether a wide table of the mapping is read as a generic
// table, column by column: without a weight, with a target of no year, or
// with fields only generic tables have (year, period, value, unit of
// measure, kind, levels).
func (mt *mappedTable) generic() bool {
	if mt.spec.Layout != "wide" {
		return false
	}
	_, weight := mt.cols[fWeight]
	generic := !weight || len(mt.targetCols) == 0 || len(mt.levelCols) > 0 || mt.spec.FirstYear > 0
	for _, y := range mt.targetYears {
		generic = generic || y == 0
	}
	for _, f := range []field{fYear, fPeriod, fValue, fUnitOfMeasure, fKind} {
		_, has := mt.cols[f]
		generic = generic || has
	}
	return generic
}

// genericLayout returns the generic layout of a wide table the mapping
// describes, with the header's labels.
func (mt *mappedTable) genericLayout() *genericLayout {
	label := func(c int) string {
		for i := len(mt.t.header) - 1; i >= 0; i-- {
			if s := mt.t.header[i].cell(c); s != "" {
				return s
			}
		}
		return domain.ColumnName(c)
	}
	gl := &genericLayout{cols: map[field]int{}, labels: map[field]string{}, firstYear: mt.spec.FirstYear}
	if gl.firstYear > 0 {
		gl.yearFrom = "mappatura («first_year»)"
	}
	for f, c := range mt.cols {
		if f != fUnit {
			gl.set(f, genColumn{c, label(c)})
		}
	}
	for _, c := range mt.unitCols {
		gl.units = append(gl.units, genColumn{c, label(c)})
	}
	for _, c := range mt.levelCols {
		gl.levels = append(gl.levels, genColumn{c, label(c)})
	}
	for i, c := range mt.targetCols {
		gl.targets = append(gl.targets, genTarget{genColumn{c, label(c)}, mt.targetYears[i], 0})
	}
	return gl
}
