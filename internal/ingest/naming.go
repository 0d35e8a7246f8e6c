package ingest

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/textnorm"
)

var (
	titleAreaRe     = regexp.MustCompile(`(?i)\b(area\s+[^\d\s].*)$`)
	mentionAreaRe   = regexp.MustCompile(`(?i)\bdell['’]\s*(area\s+\p{L}[\p{L}.\-]*(?:\s+[\p{Lu}][\p{L}.\-]*)*)`)
	trailingYearsRe = regexp.MustCompile(`\s*\b\d{4}(\s*[-–/]\s*\d{2,4})?\s*$`)
	orgLevelRe      = regexp.MustCompile(`(?i)performance organizzativa`)
	secretaryRe     = regexp.MustCompile(`(?i)^segretari[oa] (generale|comunale)\b`)
)

// nameUnits names each unit from where its sheet says it (a title "… - AREA
// LL.PP. -PATRIMONIO", a cell "Area Polizia Municipale"), else from what
// its rows say of it ("Mappatura processi dell'Area Finanziaria", when no
// other unit claims that name), else from its manager ("Area – Massimo
// Duchini"). The ente-level sheet is the performance organizzativa. Names
// can be changed later; each choice is reported.
func nameUnits(units []*assembler) []domain.Diagnostic {
	var diags []domain.Diagnostic
	taken := map[string]bool{}
	named := make([]string, len(units))
	why := make([]string, len(units))
	for i, a := range units {
		if isOrganizationLevel(a.unit) {
			a.unit.Kind = domain.UnitOrganization
			named[i], why[i] = "Performance organizzativa dell'ente", "obiettivi di performance organizzativa"
		} else if n := areaInTitle(a.lay.titleCells); n != "" {
			named[i], why[i] = n, "titolo del foglio"
		} else if len(a.unitHints) > 0 {
			named[i], why[i] = a.unitHints[0], "cella che nomina l'area"
		}
		if named[i] != "" {
			taken[textnorm.Normalize(named[i])] = true
		}
	}
	for i, a := range units {
		if named[i] != "" {
			continue
		}
		if n := areaMentioned(a.unit); n != "" && !taken[textnorm.Normalize(n)] {
			named[i], why[i] = n, "area citata negli obiettivi"
			taken[textnorm.Normalize(n)] = true
		} else if secretaryRe.MatchString(a.unit.Manager) {
			named[i], why[i] = "Segreteria generale", "responsabile: "+a.unit.Manager
		} else if a.unit.Manager != "" {
			named[i], why[i] = "Area – "+a.unit.Manager, "nome del responsabile"
		} else {
			named[i], why[i] = fmt.Sprintf("Foglio %d", a.sheet), "nessun nome nel foglio"
		}
	}
	for i, a := range units {
		a.unit.Name = named[i]
		diags = append(diags, diag(domain.SeverityInfo, "unit.name", a.sheet, a.unit.Source.Line, -1,
			"unità «%s» (nome da: %s; modificabile)", named[i], why[i]))
	}
	return diags
}

// isOrganizationLevel reports whether most objectives of a unit are marked
// as ente-level performance organizzativa.
func isOrganizationLevel(u *domain.Unit) bool {
	n := 0
	for _, o := range u.Objectives {
		if orgLevelRe.MatchString(o.Notes) {
			n++
		}
	}
	return len(u.Objectives) > 0 && n*2 > len(u.Objectives)
}

// areaInTitle finds an area named in a title cell ("PIANO DEGLI OBIETTIVI
// SPECIFICI - AREA LL.PP. -PATRIMONIO"), not "di Area 2022".
func areaInTitle(cells []string) string {
	for _, c := range cells {
		for _, part := range strings.Split(c, " - ") {
			if m := titleAreaRe.FindStringSubmatch(strings.TrimSpace(part)); m != nil {
				return strings.TrimSpace(trailingYearsRe.ReplaceAllString(m[1], ""))
			}
		}
	}
	return ""
}

// areaMentioned finds the area a unit's own objectives name ("Mappatura
// processi dell'Area Finanziaria").
func areaMentioned(u *domain.Unit) string {
	for _, o := range u.Objectives {
		for _, in := range o.Indicators {
			if m := mentionAreaRe.FindStringSubmatch(in.Description); m != nil {
				return m[1]
			}
		}
	}
	return ""
}

// markKinds sets each objective's kind: ente-level on the ente's sheet;
// cross-cutting when the same objective is given to two or more areas (the
// anti-corruption process mapping every area carries).
func markKinds(p *domain.Plan) {
	type ref struct {
		unit  int
		o     *domain.Objective
		title textnorm.Text
	}
	var all []ref
	byWord := map[string][]int{} // significant word → objectives using it
	for i, u := range p.Units {
		for _, o := range u.Objectives {
			if u.Kind == domain.UnitOrganization {
				o.Kind = domain.ObjectiveOrganization
				continue
			}
			if o.Title == "" {
				continue
			}
			t := textnorm.Prepare(prefix(o.Title, 300))
			for _, w := range t.Words {
				byWord[w] = append(byWord[w], len(all))
			}
			all = append(all, ref{i, o, t})
		}
	}
	// Compare each title only with titles sharing its first word: similar
	// titles share most words, and a plan of thousands of objectives must
	// not compare every pair.
	for i, a := range all {
		if len(a.title.Words) == 0 {
			continue
		}
		for _, j := range byWord[a.title.Words[0]] {
			b := all[j]
			if j != i && b.unit != a.unit && comparableLength(a.title, b.title) && a.title.Similarity(b.title) >= 0.75 {
				a.o.Kind, b.o.Kind = domain.ObjectiveCrossCutting, domain.ObjectiveCrossCutting
			}
		}
	}
}

// prefix cuts s to at most n bytes on a rune boundary: the same objective
// shares its opening words, and long descriptions need not be compared
// whole.
func prefix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// comparableLength tells whether two titles have word counts close enough
// for a similarity of 0.75 (Dice) to be possible at all.
func comparableLength(a, b textnorm.Text) bool {
	x, y := len(a.Words), len(b.Words)
	return 2*min(x, y) >= max(x, y)
}
