package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
)

// Options adjust a parse.
type Options struct {
	// Organization names the ente; when empty it is taken from the text
	// ("Comune di Montepulciano") where it can be.
	Organization string
	// MaxCells and MaxRows bound the cells and non-blank rows a workbook
	// may hold (0: DefaultMaxCells, DefaultMaxRows).
	MaxCells, MaxRows int
	// Progress, if set, is told how far reading the file has gone, in
	// percent (0–100), each time the figure grows: a command line shows it
	// for large files.
	Progress func(percent int)
	// Mapping, if set, says which tables to read and what their columns
	// hold, instead of detection (see ParseMapping).
	Mapping *Mapping
	// FirstYear is the plan's first year, for targets written relative to
	// it («Target primo anno») or with no year at all, when the file does
	// not say it (0: from the file).
	FirstYear int
}

// Parse reads a plan from the bytes of a file: an XLSX or ODS workbook, CSV,
// the tab-separated text export, or a plan exported by performa as JSON,
// recognised from the content. It returns
// an *domain.Error with code EINVALID when the input cannot be used at all
// (empty, damaged, protected, too large, no recognisable header); otherwise
// a plan whose Diagnostics say everything worth knowing about how it was
// read.
func Parse(name string, data []byte, opts Options) (*domain.Plan, error) {
	if len(data) > MaxFileSize {
		return nil, TooLarge(name, int64(len(data)))
	}
	if looksJSON(data) {
		p, err := parseJSON(name, data, opts)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(data)
		p.Version.SourceHash = hex.EncodeToString(sum[:])
		p.Diagnostics = append(p.Diagnostics, emptiness(p)...)
		return p, nil
	}
	wb, format, diags, err := read(name, data, opts)
	if err != nil {
		return nil, err
	}
	if format == FormatText && len(data) > 0 && data[len(data)-1] != '\n' && data[len(data)-1] != '\r' {
		diags = append(diags, truncation(wb)...)
	}
	plan, more, err := FromWorkbook(wb, opts)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	plan.Version.SourceHash = hex.EncodeToString(sum[:])
	plan.Diagnostics = domain.SortDiagnostics(append(append(diags, more...), emptiness(plan)...))
	return plan, nil
}

// Read reads the bytes of a file of any format into a workbook: the sheets,
// rows and cells the importer reads a plan from, each cell the text a
// person sees in it, with the diagnostics of the reading.
func Read(name string, data []byte, opts Options) (*Workbook, []domain.Diagnostic, error) {
	wb, _, diags, err := read(name, data, opts)
	return wb, diags, err
}

// FromWorkbook reads a plan from a workbook of any format.
func FromWorkbook(wb *Workbook, opts Options) (*domain.Plan, []domain.Diagnostic, error) {
	return fromWorkbook(wb, opts, nil)
}

// Suggest reads a file as Parse does and returns the mapping detection
// inferred for it: the tables found, their layout and what each column
// holds, for a person to correct and pass back with Options.Mapping.
func Suggest(name string, data []byte, opts Options) (*Mapping, error) {
	if looksJSON(data) {
		return nil, domain.Errorf(domain.EINVALID, "%s: è un piano in JSON di performa: non serve una mappatura.", name)
	}
	wb, _, _, err := read(name, data, opts)
	if err != nil {
		return nil, err
	}
	m := &Mapping{Schema: MappingSchema, Tables: []MapTable{}}
	if _, _, err := fromWorkbook(wb, opts, &m.Tables); err != nil {
		// Nothing detection can read: propose a mapping anyway, from the
		// first header row of each sheet, for a person to correct.
		if m.Tables = suggestAny(wb); len(m.Tables) == 0 {
			return nil, err
		}
	}
	return m, nil
}

// fromWorkbook reads a plan from a workbook, with the tables and columns
// opts.Mapping names or else those detection finds; when suggest is set it
// collects the mapping of every table read.
func fromWorkbook(wb *Workbook, opts Options, suggest *[]MapTable) (*domain.Plan, []domain.Diagnostic, error) {
	var diags []domain.Diagnostic
	plan := &domain.Plan{Organization: domain.Organization{Name: opts.Organization},
		Version: domain.Version{Number: 1, Status: domain.VersionDraft, SourceFile: wb.Name}}
	var units []*assembler
	kinds := make(map[string]cellKind, 256) // what cells say of people, for every table
	var firstBad error                      // why the first unreadable table was dropped
	m := opts.Mapping
	if m != nil {
		if err := m.checkSheets(wb); err != nil {
			return nil, nil, err
		}
	}
	for si, sh := range wb.Sheets {
		sheetNo := si + 1 // a table's sheet, for Source and diagnostics
		if wb.Flat {
			sheetNo = 0 // rows before the first table belong to no sheet
		}
		var tables []*table
		var mapped []*mappedTable
		if m != nil {
			var err error
			if mapped, err = m.tables(wb, si); err != nil {
				return nil, nil, err
			}
			for _, mt := range mapped {
				tables = append(tables, mt.t)
			}
		} else {
			var d []domain.Diagnostic
			tables, d = findTables(sh.Rows, sheetNo)
			diags = append(diags, d...)
		}
		for ti, t := range tables {
			pos := len(units) + 1
			if wb.Flat {
				sheetNo = pos // in a text export each table was a sheet
			}
			var mt *mappedTable
			var ll *longLayout
			if mapped != nil {
				mt = mapped[ti]
				if mt.spec.Layout == "long" {
					ll = mt.longLayout()
				}
			} else {
				ll = detectLong(t)
			}
			if ll != nil {
				if suggest != nil {
					*suggest = append(*suggest, suggestTable(wb, si, t, nil, ll))
				}
				g := groupLong(t, ll, sheetNo)
				units = append(units, g.assemblers(t, pos, sheetName(wb, sh))...)
				for _, a := range units[pos-1:] {
					diags = append(diags, a.diags...)
				}
				continue
			}
			var lay *layout
			if mt != nil && mt.generic() {
				g := readGeneric(t, mt.genericLayout(), sheetNo, opts)
				if suggest != nil {
					*suggest = append(*suggest, suggestGeneric(wb, si, t, mt.genericLayout(), opts))
				}
				units = append(units, g.assemblers(t, len(units)+1, sheetName(wb, sh))...)
				for _, a := range units[pos-1:] {
					diags = append(diags, a.diags...)
				}
				continue
			}
			if mt != nil {
				lay = mt.wideLayout()
			} else {
				var d []domain.Diagnostic
				var err error
				lay, d, err = buildLayout(t.title, t.header, sheetNo)
				if err != nil || !seedShaped(t, lay) {
					if gl := genericColumns(t); gl != nil {
						if suggest != nil {
							*suggest = append(*suggest, suggestGeneric(wb, si, t, gl, opts))
						}
						g := readGeneric(t, gl, sheetNo, opts)
						if err != nil && cutSeedHeader(gl) {
							// A table of the seed's shape whose header lost
							// labels: read as it stands, but an error, so that
							// importing it takes a decision (--force).
							g.add(domain.SeverityError, "header.incomplete", t.header[0].Line, -1,
								"intestazione incompleta (%v): tabella letta colonna per colonna come dice l'intestazione, le colonne senza etichetta nelle note; controllare prima di importare", err)
						}
						units = append(units, g.assemblers(t, len(units)+1, sheetName(wb, sh))...)
						for _, a := range units[pos-1:] {
							diags = append(diags, a.diags...)
						}
						continue
					}
				}
				diags = append(diags, d...)
				if err != nil {
					diags = append(diags, diag(domain.SeverityError, "header.incomplete", sheetNo, t.header[0].Line, -1,
						"tabella ignorata: %v", err))
					if firstBad == nil {
						firstBad = fmt.Errorf("%sriga %d: %v", sheetPrefix(wb, sh), t.header[0].Line, err)
					}
					continue
				}
			}
			if suggest != nil {
				*suggest = append(*suggest, suggestTable(wb, si, t, lay, nil))
			}
			for _, part := range splitByUnit(t, lay) {
				a := newAssembler(len(units)+1, sheetNo, part, lay, kinds)
				if !wb.Flat {
					a.sheetName = sh.Name
				}
				a.assemble(part.rows)
				diags = append(diags, a.diags...)
				units = append(units, a)
			}
		}
	}
	if len(units) == 0 && firstBad != nil {
		return nil, nil, domain.Errorf(domain.EINVALID, "%s: intestazione non utilizzabile (%v).", wb.Name, firstBad)
	}
	if len(units) == 0 {
		return nil, nil, domain.Errorf(domain.EINVALID,
			"%s: nessuna intestazione riconosciuta, nessuna tabella di obiettivi%s. Serve una riga di intestazione con la colonna dell'obiettivo (ad es. «Obiettivo», «Titolo», «Codice obiettivo») e qualcosa che lo misuri (indicatore, target, anno, peso); «performa check FILE --suggest-map» propone una mappatura da correggere e ripassare con --map.", wb.Name, sheetsRead(wb))
	}
	for _, a := range units {
		plan.Units = append(plan.Units, a.unit)
	}
	plan.Cycle = cycleOf(units)
	diags = append(diags, nameUnits(units)...)
	markKinds(plan)
	diags = append(diags, check(plan, units)...)
	if plan.Organization.Name == "" {
		plan.Organization.Name = organizationFromText(wb)
		if plan.Organization.Name != "" {
			diags = append(diags, domain.Diagnostic{Severity: domain.SeverityInfo, Code: "organization.inferred",
				Message: "nome dell'ente dedotto dal testo: «" + plan.Organization.Name + "» (si può indicare con --organization)"})
		}
	}
	return plan, diags, nil
}

// sheetName is the name of a sheet of a real workbook, "" in a text export.
func sheetName(wb *Workbook, sh *Sheet) string {
	if wb.Flat {
		return ""
	}
	return sh.Name
}

// sheetPrefix names the sheet of a workbook in a message; a text export
// has no sheets to name.
func sheetPrefix(wb *Workbook, sh *Sheet) string {
	if wb.Flat {
		return ""
	}
	return sheetRef(sh.Name) + ", "
}

// sheetsRead lists the sheets of a workbook for a message.
func sheetsRead(wb *Workbook) string {
	if wb.Flat {
		return ""
	}
	var names []string
	for _, sh := range wb.Sheets {
		names = append(names, "«"+sh.Name+"»")
	}
	if len(names) > 10 {
		names = append(names[:10], "…")
	}
	return " (fogli: " + strings.Join(names, ", ") + ")"
}

// cycleOf spans the years of every table's targets.
func cycleOf(units []*assembler) domain.Cycle {
	c := domain.Cycle{Status: domain.CycleDraft}
	for _, a := range units {
		for _, y := range a.lay.targetYears {
			if y == 0 {
				continue
			}
			if c.FirstYear == 0 || y < c.FirstYear {
				c.FirstYear = y
			}
			c.LastYear = max(c.LastYear, y)
		}
	}
	return c
}

var (
	comuneRe = regexp.MustCompile(`\b(Comune|Unione dei Comuni|Unione|Provincia) di ([A-Z][\p{L}'’]+(?: [A-Z][\p{L}'’]+)*)`)
	// comuneAtRe is comuneRe anchored, tried only where a name begins:
	// unanchored, the regexp walks every long description that mentions
	// a Comune.
	comuneAtRe = regexp.MustCompile(`^(?:` + comuneRe.String()[2:] + `)`)
)

// comuneNames lists the matches of comuneRe in c, as
// FindAllStringSubmatch does, [whole, kind, name] each.
func comuneNames(c string) [][]string {
	var out [][]string
	for pos := 0; pos < len(c); {
		i := nextComune(c, pos)
		if i < 0 {
			break
		}
		if i > 0 && isWordByte(c[i-1]) { // \b
			pos = i + 1
			continue
		}
		m := comuneAtRe.FindStringSubmatch(c[i:])
		if m == nil {
			pos = i + 1
			continue
		}
		out = append(out, m)
		pos = i + len(m[0])
	}
	return out
}

// nextComune is the first place at or after pos where "Comune", "Unione"
// or "Provincia" begins, or -1.
func nextComune(c string, pos int) int {
	best := -1
	for _, w := range []string{"Comune", "Unione", "Provincia"} {
		if j := strings.Index(c[pos:], w); j >= 0 && (best < 0 || pos+j < best) {
			best = pos + j
		}
	}
	return best
}

// isWordByte is \w of Go's regexp: an ASCII letter, digit or underscore.
func isWordByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// enteLabel reads "Ente: NOME" (any case), like (?i)^ente\s*:\s*(\S.*)$
// written out: it is tried on every cell.
func enteLabel(c string) (string, bool) {
	const space = " \t\n\f\r"
	if len(c) < 5 || len(c) > 120 || !strings.EqualFold(c[:4], "ente") {
		return "", false
	}
	rest := strings.TrimLeft(c[4:], space)
	if !strings.HasPrefix(rest, ":") {
		return "", false
	}
	rest = strings.TrimLeft(rest[1:], space)
	if rest == "" || strings.ContainsRune(rest, '\n') {
		return "", false
	}
	return strings.TrimSpace(rest), true
}

// organizationFromText finds the ente a plan names as such ("Ente: Comune
// di Montepulciano", as performa's exports write it) or else most often
// names itself ("Comune di Montepulciano"), if any.
func organizationFromText(wb *Workbook) string {
	count := map[string]int{}
	best := ""
	for _, sh := range wb.Sheets {
		for _, r := range sh.Rows {
			for _, c := range r.Cells {
				if name, ok := enteLabel(c); ok {
					return name
				}
				if !strings.Contains(c, "Comune di") && !strings.Contains(c, "Unione") && !strings.Contains(c, "Provincia di") {
					continue
				}
				for _, m := range comuneNames(c) {
					name := m[1] + " di " + m[2]
					count[name]++
					if count[name] > count[best] {
						best = name
					}
				}
			}
		}
	}
	if count[best] < 2 {
		return ""
	}
	return best
}

// truncation warns when the file ends in the middle of a row: no final line
// break and a last row shorter than the rows before it.
func truncation(wb *Workbook) []domain.Diagnostic {
	rows := wb.Sheets[0].Rows
	if len(rows) < 2 {
		return nil
	}
	last := rows[len(rows)-1]
	width := 0
	for _, r := range rows[:len(rows)-1] {
		if !r.blank() {
			width = len(r.Cells)
		}
	}
	if last.blank() || len(last.Cells) >= width {
		return nil
	}
	return []domain.Diagnostic{diag(domain.SeverityWarning, "file.truncated", 0, last.Line, len(last.Cells)-1,
		"il file finisce a metà di una riga (%s invece di %d): l'ultima riga potrebbe essere incompleta", italian.Count(len(last.Cells), "cella", "celle"), width)}
}
