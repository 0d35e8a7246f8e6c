package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
)

// Options adjust a parse.
type Options struct {
	// Organization names the ente; when empty it is taken from the text
	// ("Comune di Montepulciano") where it can be.
	Organization string
}

// Parse reads a plan from the bytes of a file. It returns an *domain.Error
// with code EINVALID when the input cannot be used at all (empty, binary,
// too large, no recognisable header); otherwise a plan whose Diagnostics say
// everything worth knowing about how it was read.
func Parse(name string, data []byte, opts Options) (*domain.Plan, error) {
	wb, diags, err := readText(name, data)
	if err != nil {
		return nil, err
	}
	if len(data) > 0 && data[len(data)-1] != '\n' {
		diags = append(diags, truncation(wb)...)
	}
	plan, more, err := FromWorkbook(wb, opts)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	plan.Version.SourceHash = hex.EncodeToString(sum[:])
	plan.Diagnostics = domain.SortDiagnostics(append(diags, more...))
	return plan, nil
}

// FromWorkbook reads a plan from a workbook of any format.
func FromWorkbook(wb *Workbook, opts Options) (*domain.Plan, []domain.Diagnostic, error) {
	var diags []domain.Diagnostic
	plan := &domain.Plan{Organization: domain.Organization{Name: opts.Organization},
		Version: domain.Version{Number: 1, Status: domain.VersionDraft, SourceFile: wb.Name}}
	var units []*assembler
	var firstBad error // why the first unreadable table was dropped
	for _, sh := range wb.Sheets {
		tables, d := findTables(sh.Rows)
		diags = append(diags, d...)
		for _, t := range tables {
			n := len(units) + 1
			lay, d, err := buildLayout(t.title, t.header, n)
			diags = append(diags, d...)
			if err != nil {
				diags = append(diags, diag(domain.SeverityError, "header.incomplete", n, t.header[0].Line, -1,
					"tabella ignorata: %v", err))
				if firstBad == nil {
					firstBad = fmt.Errorf("riga %d: %v", t.header[0].Line, err)
				}
				continue
			}
			a := newAssembler(n, t, lay)
			a.assemble(t.rows)
			diags = append(diags, a.diags...)
			units = append(units, a)
		}
	}
	if len(units) == 0 && firstBad != nil {
		return nil, nil, domain.Errorf(domain.EINVALID, "%s: intestazione non utilizzabile (%v).", wb.Name, firstBad)
	}
	if len(units) == 0 {
		return nil, nil, domain.Errorf(domain.EINVALID,
			"%s: nessuna intestazione riconosciuta. Il piano deve avere una riga di intestazione con almeno le colonne Peso, Obiettivo, Indicatore e Target (ad es. «TARGET 2022»).", wb.Name)
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

var comuneRe = regexp.MustCompile(`\b(Comune|Unione dei Comuni|Unione|Provincia) di ([A-Z][\p{L}'’]+(?: [A-Z][\p{L}'’]+)*)`)

// organizationFromText finds the ente a plan most often names itself
// ("Comune di Montepulciano"), if any.
func organizationFromText(wb *Workbook) string {
	count := map[string]int{}
	best := ""
	for _, sh := range wb.Sheets {
		for _, r := range sh.Rows {
			for _, c := range r.Cells {
				if !strings.Contains(c, "Comune di") && !strings.Contains(c, "Unione") && !strings.Contains(c, "Provincia di") {
					continue
				}
				for _, m := range comuneRe.FindAllStringSubmatch(c, -1) {
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
		"il file finisce a metà di una riga (%d celle invece di %d): l'ultima riga potrebbe essere incompleta", len(last.Cells), width)}
}
