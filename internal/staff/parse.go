// Package staff reads the staff register (personale) of an ente from the
// workbooks it keeps (XLSX, ODS, CSV), with the diagnostics plans get:
// Italian messages naming the file, the sheet, the row and the column. It
// binds each person to a unit of the plan by the unit's identity, as users
// are bound, and suggests the people the plan's free-text «personale
// coinvolto» may mean, without ever linking them by itself.
package staff

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/ingest"
	"github.com/performa-pa/performa/internal/textnorm"
)

// Severity of an issue found reading the register.
type Severity int

const (
	Note Severity = iota
	Warning
	Error
)

// Label is the severity in Italian.
func (s Severity) Label() string {
	switch s {
	case Error:
		return "errore"
	case Warning:
		return "avviso"
	}
	return "nota"
}

// Issue is one thing found reading the register, and where.
type Issue struct {
	Severity Severity `json:"-"`
	Level    string   `json:"severity"`
	Code     string   `json:"code"`
	File     string   `json:"file"`
	Sheet    string   `json:"sheet,omitempty"`
	Line     int      `json:"line,omitempty"`
	Column   string   `json:"column,omitempty"`
	Message  string   `json:"message"`
}

// String renders the issue on one line, in Italian: «errore: personale.csv,
// foglio «Personale», riga 4, colonna C: …».
func (i Issue) String() string {
	where := []string{i.File}
	if i.Sheet != "" {
		where = append(where, "foglio «"+i.Sheet+"»")
	}
	if i.Line > 0 {
		where = append(where, fmt.Sprintf("riga %d", i.Line))
	}
	if i.Column != "" {
		where = append(where, "colonna "+i.Column)
	}
	return i.Severity.Label() + ": " + strings.Join(where, ", ") + ": " + i.Message
}

// Register is what a file holds: the people read and the issues found.
type Register struct {
	File   string
	People []domain.StaffMember
	Issues []Issue
	// Skipped counts the rows left out because of an error.
	Skipped int
}

// Errors counts the issues of severity Error.
func (r *Register) Errors() int {
	n := 0
	for _, i := range r.Issues {
		if i.Severity == Error {
			n++
		}
	}
	return n
}

// Options says what a register is read against.
type Options struct {
	// Year the register is for: dates outside it are errors, missing
	// dates are its first and last day.
	Year int
	// Units are the units of the plan in force a person may belong to
	// (store.UnitChoices). Empty: units stay as written, unbound.
	Units []domain.UnitRef
}

type column int

const (
	colMatricola column = iota
	colFullName
	colSurname
	colName
	colArea
	colProfile
	colUnit
	colPartTime
	colStart
	colEnd
	colAbsence
	nColumns
)

var columnNames = [nColumns]string{"matricola", "cognome e nome", "cognome", "nome", "area", "profilo", "unità", "part-time", "data di inizio", "data di fine", "giorni di assenza"}

// headers are the normalized header texts each column is known by.
var headers = map[string]column{
	"matricola": colMatricola, "matr": colMatricola, "n matricola": colMatricola, "numero matricola": colMatricola, "codice dipendente": colMatricola,
	"cognome e nome": colFullName, "nominativo": colFullName, "dipendente": colFullName, "cognome nome": colFullName, "nome e cognome": colFullName,
	"cognome": colSurname, "nome": colName,
	"area": colArea, "area ccnl": colArea, "area di inquadramento": colArea, "inquadramento": colArea, "categoria": colArea, "area contrattuale": colArea,
	"profilo": colProfile, "profilo professionale": colProfile, "qualifica": colProfile,
	"unita": colUnit, "unita organizzativa": colUnit, "settore": colUnit, "servizio": colUnit, "area di assegnazione": colUnit, "assegnazione": colUnit, "struttura": colUnit, "ufficio": colUnit,
	"part time": colPartTime, "part time %": colPartTime, "% part time": colPartTime, "percentuale part time": colPartTime, "tempo parziale": colPartTime, "percentuale": colPartTime, "orario": colPartTime,
	"data inizio": colStart, "inizio": colStart, "dal": colStart, "data di inizio": colStart, "in servizio dal": colStart, "data assunzione": colStart, "inizio servizio": colStart,
	"data fine": colEnd, "fine": colEnd, "al": colEnd, "data di fine": colEnd, "in servizio al": colEnd, "data cessazione": colEnd, "cessazione": colEnd, "fine servizio": colEnd,
	"giorni di assenza": colAbsence, "assenze": colAbsence, "giorni assenza": colAbsence, "gg assenza": colAbsence, "assenze gg": colAbsence, "giorni di assenza smvp": colAbsence,
}

func headerColumn(cell string) (column, bool) {
	n := strings.Join(strings.Fields(strings.NewReplacer(".", " ", "-", " ", "_", " ", "(", " ", ")", " ", ":", " ").Replace(textnorm.Normalize(cell))), " ")
	c, ok := headers[n]
	return c, ok
}

// Parse reads a staff register from the bytes of a file of any format the
// plans come in. It returns an error only when the file cannot be read at
// all (domain.EINVALID); everything else is an issue.
func Parse(name string, data []byte, opts Options) (*Register, error) {
	wb, _, err := ingest.Read(name, data, ingest.Options{})
	if err != nil {
		return nil, err
	}
	return FromWorkbook(name, wb, opts), nil
}

// FromWorkbook reads the register from a workbook already read: the first
// sheet with a header row naming the matricola.
func FromWorkbook(name string, wb *ingest.Workbook, opts Options) *Register {
	reg := &Register{File: name}
	for _, sh := range wb.Sheets {
		sheet := sh.Name
		if wb.Flat {
			sheet = ""
		}
		for i, r := range sh.Rows {
			cols, ok := headerRow(r)
			if !ok {
				continue
			}
			p := &parser{reg: reg, sheet: sheet, cols: cols, opts: opts, seen: map[string]int{}}
			if cols[colFullName] < 0 && cols[colSurname] < 0 {
				p.issue(Error, "staff.header", r.Line, -1, "l'intestazione non ha la colonna del cognome e nome (o «Cognome» e «Nome»).")
				return reg
			}
			for _, row := range sh.Rows[i+1:] {
				p.row(row)
			}
			if len(reg.People) == 0 && reg.Skipped == 0 {
				p.issue(Warning, "staff.empty", 0, -1, "il foglio non contiene persone: solo l'intestazione.")
			}
			return reg
		}
	}
	reg.Issues = append(reg.Issues, Issue{Severity: Error, Level: Error.Label(), Code: "staff.no_header", File: name,
		Message: "nessun foglio ha una riga di intestazione con la colonna «Matricola»: non è un elenco del personale."})
	return reg
}

// headerRow finds the columns of a header row: one naming the matricola
// and at least two more known columns.
func headerRow(r ingest.Row) ([nColumns]int, bool) {
	var cols [nColumns]int
	for i := range cols {
		cols[i] = -1
	}
	n := 0
	for i, c := range r.Cells {
		k, ok := headerColumn(c)
		if !ok || cols[k] >= 0 {
			continue
		}
		cols[k] = i
		n++
	}
	return cols, cols[colMatricola] >= 0 && n >= 3
}

type parser struct {
	reg   *Register
	sheet string
	cols  [nColumns]int
	opts  Options
	seen  map[string]int // matricola → line
}

func (p *parser) issue(sev Severity, code string, line, col int, format string, args ...any) {
	is := Issue{Severity: sev, Level: sev.Label(), Code: code, File: p.reg.File, Sheet: p.sheet, Line: line, Message: fmt.Sprintf(format, args...)}
	if col >= 0 {
		is.Column = columnLetter(col)
	}
	p.reg.Issues = append(p.reg.Issues, is)
}

// columnLetter is the spreadsheet name of the 0-based column i: A, …, Z, AA.
func columnLetter(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

func (p *parser) cell(r ingest.Row, c column) string {
	i := p.cols[c]
	if i < 0 || i >= len(r.Cells) {
		return ""
	}
	return strings.Join(strings.Fields(r.Cells[i]), " ")
}

func (p *parser) row(r ingest.Row) {
	blank := true
	for _, c := range r.Cells {
		if strings.TrimSpace(c) != "" {
			blank = false
			break
		}
	}
	if blank {
		return
	}
	errs := len(p.reg.Issues)
	bad := func() bool {
		for _, is := range p.reg.Issues[errs:] {
			if is.Severity == Error {
				return true
			}
		}
		return false
	}
	m := domain.StaffMember{Year: p.opts.Year, SourceLine: r.Line, PartTime: 100}
	m.Matricola = p.cell(r, colMatricola)
	if m.Matricola == "" {
		p.issue(Error, "staff.matricola", r.Line, p.cols[colMatricola], "manca la matricola: la riga è esclusa.")
	} else if first, dup := p.seen[m.Matricola]; dup {
		p.issue(Error, "staff.duplicate", r.Line, p.cols[colMatricola], "la matricola %s è già alla riga %d: la riga è esclusa.", m.Matricola, first)
	} else {
		p.seen[m.Matricola] = r.Line
	}
	p.names(r, &m)
	p.area(r, &m)
	m.Profile = p.cell(r, colProfile)
	p.unit(r, &m)
	p.partTime(r, &m)
	p.dates(r, &m)
	p.absence(r, &m)
	if bad() {
		p.reg.Skipped++
		return
	}
	p.reg.People = append(p.reg.People, m)
}

func (p *parser) names(r ingest.Row, m *domain.StaffMember) {
	if p.cols[colSurname] >= 0 {
		m.Surname, m.Name = p.cell(r, colSurname), p.cell(r, colName)
	} else {
		m.Surname, m.Name = splitFullName(p.cell(r, colFullName))
	}
	if m.Surname == "" {
		c := p.cols[colSurname]
		if c < 0 {
			c = p.cols[colFullName]
		}
		p.issue(Error, "staff.name", r.Line, c, "manca il cognome e nome: la riga è esclusa.")
	}
}

// splitFullName splits «ROSSI Mario» (surname in capitals first) into
// surname and name; any other text stays whole as the surname, since
// «Mario Rossi» and «Rossi Mario» cannot be told apart.
func splitFullName(s string) (surname, name string) {
	words := strings.Fields(s)
	i := 0
	for i < len(words) && isUpperWord(words[i]) {
		i++
	}
	if i > 0 && i < len(words) {
		return strings.Join(words[:i], " "), strings.Join(words[i:], " ")
	}
	return s, ""
}

func isUpperWord(w string) bool {
	letters := 0
	for _, r := range w {
		if r >= 'a' && r <= 'z' || r > 127 && strings.ToUpper(string(r)) != string(r) {
			return false
		}
		if r >= 'A' && r <= 'Z' || r > 127 {
			letters++
		}
	}
	return letters > 1
}

// areaNames are the normalized ways an area is written: the CCNL
// 2019–2021 names, and the categories of the CCNL before it, which its
// art. 12 maps to them (A → Operatori, B → Operatori esperti, C →
// Istruttori, D → Funzionari e EQ).
var areaNames = map[string]domain.Area{
	"operatori": domain.AreaOperatori, "operatore": domain.AreaOperatori,
	"operatori esperti": domain.AreaOperatoriEsperti, "operatore esperto": domain.AreaOperatoriEsperti,
	"istruttori": domain.AreaIstruttori, "istruttore": domain.AreaIstruttori,
	"funzionari e elevata qualificazione": domain.AreaFunzionari, "funzionari ed elevata qualificazione": domain.AreaFunzionari,
	"funzionari e eq": domain.AreaFunzionari, "funzionari ed eq": domain.AreaFunzionari, "funzionari": domain.AreaFunzionari,
	"funzionario": domain.AreaFunzionari, "funzionario eq": domain.AreaFunzionari, "eq": domain.AreaFunzionari, "elevata qualificazione": domain.AreaFunzionari,
	"funzionari e e q": domain.AreaFunzionari, "funzionari ed e q": domain.AreaFunzionari, "e q": domain.AreaFunzionari,
}

var oldCategories = map[string]domain.Area{"a": domain.AreaOperatori, "b": domain.AreaOperatoriEsperti, "c": domain.AreaIstruttori, "d": domain.AreaFunzionari}

func (p *parser) area(r ingest.Row, m *domain.StaffMember) {
	raw := p.cell(r, colArea)
	col := p.cols[colArea]
	if raw == "" {
		p.issue(Error, "staff.area", r.Line, col, "manca l'area del CCNL 2019–2021 (Operatori, Operatori esperti, Istruttori, Funzionari e Elevata Qualificazione): la riga è esclusa.")
		return
	}
	n := strings.Join(strings.Fields(strings.NewReplacer(".", " ", "-", " ", "/", " ").Replace(textnorm.Normalize(raw))), " ")
	n = strings.TrimPrefix(strings.TrimPrefix(n, "area dei "), "area degli ")
	n = strings.TrimPrefix(n, "area ")
	if a, ok := areaNames[n]; ok {
		m.Area = a
		return
	}
	cat := strings.TrimPrefix(n, "cat ")
	cat = strings.TrimPrefix(cat, "categoria ")
	if len(cat) >= 1 {
		if a, ok := oldCategories[cat[:1]]; ok && (len(cat) == 1 || strings.Trim(cat[1:], "0123456789 ") == "") {
			m.Area = a
			p.issue(Note, "staff.category", r.Line, col, "«%s» è una categoria del CCNL precedente: letta come area «%s» (art. 12 CCNL 2019–2021).", raw, a)
			return
		}
	}
	p.issue(Error, "staff.area", r.Line, col, "«%s» non è un'area del CCNL 2019–2021 (Operatori, Operatori esperti, Istruttori, Funzionari e Elevata Qualificazione): la riga è esclusa.", raw)
}

func (p *parser) unit(r ingest.Row, m *domain.StaffMember) {
	raw := p.cell(r, colUnit)
	col := p.cols[colUnit]
	if raw == "" {
		p.issue(Warning, "staff.unit", r.Line, col, "manca l'unità: %s non sarà valutato sui risultati di un'unità.", m.FullName())
		return
	}
	m.Unit.Name = raw
	if len(p.opts.Units) == 0 {
		return
	}
	ref, exact, err := domain.ResolveUnit(p.opts.Units, raw)
	if err != nil {
		p.issue(Error, "staff.unit", r.Line, col, "%s La riga è esclusa.", strings.TrimSuffix(domain.ErrorMessage(err), "."))
		return
	}
	if !exact {
		p.issue(Note, "staff.unit_part", r.Line, col, "«%s» letta come l'unità «%s».", raw, ref.Name)
	}
	m.Unit = ref
}

func (p *parser) partTime(r ingest.Row, m *domain.StaffMember) {
	raw := p.cell(r, colPartTime)
	col := p.cols[colPartTime]
	n := textnorm.Normalize(raw)
	switch n {
	case "", "tempo pieno", "full time", "pieno", "no":
		return
	}
	s := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(raw), "%"))
	s = strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), ",", ".")
	v, err := strconv.ParseFloat(s, 64)
	if err == nil && v > 0 && v <= 1 && strings.Contains(s, ".") {
		v *= 100 // 0.5 written as a fraction
	}
	if err != nil || math.IsNaN(v) || v <= 0 || v > 100 {
		p.issue(Error, "staff.part_time", r.Line, col, "«%s» non è una percentuale di part-time (da 1 a 100): la riga è esclusa.", raw)
		return
	}
	m.PartTime = math.Round(v*100) / 100
}

func (p *parser) dates(r ingest.Row, m *domain.StaffMember) {
	y := p.opts.Year
	first := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	last := time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)
	m.Start, m.End = first, last
	read := func(c column, into *time.Time) bool {
		raw := p.cell(r, c)
		if raw == "" {
			return true
		}
		d, ok := parseDate(raw)
		if !ok {
			p.issue(Error, "staff.date", r.Line, p.cols[c], "«%s» non è una data (gg/mm/aaaa): la riga è esclusa.", raw)
			return false
		}
		switch {
		case d.Before(first) && c == colStart:
			d = first // in service since before the year
		case d.After(last) && c == colEnd:
			d = last
		case y > 0 && d.Year() != y:
			p.issue(Error, "staff.date", r.Line, p.cols[c], "la %s %s non è nell'anno %d: la riga è esclusa.", columnNames[c], d.Format("02/01/2006"), y)
			return false
		}
		*into = d
		return true
	}
	if read(colStart, &m.Start) && read(colEnd, &m.End) && m.End.Before(m.Start) {
		p.issue(Error, "staff.date", r.Line, p.cols[colEnd], "la data di fine (%s) viene prima di quella di inizio (%s): la riga è esclusa.",
			m.End.Format("02/01/2006"), m.Start.Format("02/01/2006"))
	}
}

// parseDate reads a date the Italian way (31/12/2022, 31.12.2022,
// 31-12-22) or as ISO 8601.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"02/01/2006", "2/1/2006", "02.01.2006", "2.1.2006", "02-01-2006", "2006-01-02", "02/01/06", "2/1/06"} {
		if d, err := time.Parse(layout, s); err == nil {
			return d, true
		}
	}
	return time.Time{}, false
}

func (p *parser) absence(r ingest.Row, m *domain.StaffMember) {
	raw := p.cell(r, colAbsence)
	if raw == "" {
		return
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(raw, ",", "."), 64)
	if err != nil || v < 0 || v > 366 || v != math.Trunc(v) {
		p.issue(Error, "staff.absence", r.Line, p.cols[colAbsence], "«%s» non è un numero di giorni di assenza (intero, da 0 a 366): la riga è esclusa.", raw)
		return
	}
	m.AbsenceDays = int(v)
	if days := int(m.End.Sub(m.Start).Hours()/24) + 1; m.AbsenceDays > days && !m.Start.IsZero() {
		p.issue(Warning, "staff.absence", r.Line, p.cols[colAbsence], "%d giorni di assenza su %d di servizio nell'anno.", m.AbsenceDays, days)
	}
}
