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

// nameUnits names each unit from what names it as such (a column «Unità»,
// a title cell "Unità: Servizi sociali", as performa's exports write them),
// else from where its sheet says it (a title "… - AREA LL.PP. -PATRIMONIO",
// a cell "Area Polizia Municipale", the sheet's own name in a workbook),
// else from what its rows say of it ("Mappatura processi dell'Area
// Finanziaria", when no other unit claims that name), else from its manager
// ("Area – Massimo Duchini"). The ente-level sheet is the performance
// organizzativa. Names can be changed later; each choice is reported.
func nameUnits(units []*assembler) []domain.Diagnostic {
	var diags []domain.Diagnostic
	taken := map[string]bool{}
	named := make([]string, len(units))
	why := make([]string, len(units))
	perSheet := map[int]int{}
	for _, a := range units {
		perSheet[a.sheet]++
	}
	for i, a := range units {
		org := isOrganizationLevel(a.unit)
		if org {
			a.unit.Kind = domain.UnitOrganization
		}
		switch {
		case a.named != "":
			named[i], why[i] = a.named, "colonna «Unità»"
		case unitInTitle(a.lay.titleCells) != "":
			named[i], why[i] = unitInTitle(a.lay.titleCells), "titolo del foglio"
		case org:
			named[i], why[i] = "Performance organizzativa dell'ente", "obiettivi di performance organizzativa"
		case areaInTitle(a.lay.titleCells) != "":
			named[i], why[i] = areaInTitle(a.lay.titleCells), "titolo del foglio"
		case len(a.unitHints) > 0:
			named[i], why[i] = a.unitHints[0], "cella che nomina l'area"
		case perSheet[a.sheet] == 1 && unitFromSheetName(a.sheetName) != "":
			named[i], why[i] = unitFromSheetName(a.sheetName), "nome del foglio"
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
			if a.sheetName != "" {
				named[i] = "Foglio «" + a.sheetName + "»"
			}
		}
	}
	for i, a := range units {
		a.unit.Name = named[i]
		diags = append(diags, diag(domain.SeverityInfo, "unit.name", a.sheet, a.unit.Source.Line, -1,
			"unità «%s» (nome da: %s; modificabile)", named[i], why[i]))
	}
	return diags
}

var (
	unitTitleRe    = regexp.MustCompile(`(?i)^unit[àa](?: organizzativa)?\s*:\s*(\S.*)$`)
	genericSheetRe = regexp.MustCompile(`(?i)^(foglio|sheet|tabella|tab|pagina|page|feuil|hoja|blatt|planilha|plan)\s*\d*$|^\d+$`)
	planSheetRe    = regexp.MustCompile(`(?i)obiettiv|piano|\bp\.?d\.?o\b|\bpeg\b|\bpiao\b|performance|\b(19|20)\d\d\b|riepilogo|totali|istruzioni|legenda`)
)

// unitInTitle finds a unit named as such in a title cell ("Unità: Servizi
// sociali"), as performa's own exports write it.
func unitInTitle(cells []string) string {
	for _, c := range cells {
		if m := unitTitleRe.FindStringSubmatch(c); m != nil {
			return strings.TrimSpace(m[1])
		}
	}
	return ""
}

// unitFromSheetName returns a sheet's name if it can name a unit: not a
// default name ("Foglio1", "Sheet2") nor one that names the plan ("PDO
// 2022", "Obiettivi").
func unitFromSheetName(name string) string {
	name = strings.TrimSpace(name)
	if name == "" || genericSheetRe.MatchString(name) || planSheetRe.MatchString(name) {
		return ""
	}
	return name
}

// isOrganizationLevel reports whether most objectives of a unit are marked
// as ente-level performance organizzativa.
func isOrganizationLevel(u *domain.Unit) bool {
	n := 0
	for _, o := range u.Objectives {
		if containsFold(o.Notes, "performance organizzativa") { // orgLevelRe, written out
			n++
		}
	}
	return len(u.Objectives) > 0 && n*2 > len(u.Objectives)
}

// areaInTitle finds an area named in a title cell ("PIANO DEGLI OBIETTIVI
// SPECIFICI - AREA LL.PP. -PATRIMONIO"), not "di Area 2022".
func areaInTitle(cells []string) string {
	for _, c := range cells {
		if !containsFold(c, "area") {
			continue // what titleAreaRe needs
		}
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
			if !mentionsDell(in.Description) {
				continue // what mentionAreaRe needs: most descriptions have none
			}
			if m := mentionAreaRe.FindStringSubmatch(in.Description); m != nil {
				return m[1]
			}
		}
	}
	return ""
}

// containsFold reports whether s holds word (ASCII, starting with a
// letter) in any case.
func containsFold(s, word string) bool {
	lower, upper := word[0]|0x20, word[0]&^0x20
	for i := 0; i+len(word) <= len(s); i++ {
		if c := s[i]; c != lower && c != upper {
			continue
		}
		if strings.EqualFold(s[i:i+len(word)], word) {
			return true
		}
	}
	return false
}

// mentionsDell reports whether s holds "dell'" or "dell’" in any case.
func mentionsDell(s string) bool {
	for i := 4; i < len(s); i++ {
		if (s[i] == '\'' || strings.HasPrefix(s[i:], "’")) && strings.EqualFold(s[i-4:i], "dell") {
			return true
		}
	}
	return false
}

// markKinds sets each objective's kind: ente-level on the ente's sheet;
// cross-cutting when the same objective is given to two or more areas (the
// anti-corruption process mapping every area carries). "The same" means the
// same opening words, each cut to its stem, so that "Piani di lavori" and
// "Piani di lavoro" match; grouping by that key keeps this linear for plans
// of any size.
func markKinds(p *domain.Plan) {
	type group struct {
		objectives []*domain.Objective
		unit       int  // the first unit with the key
		many       bool // more than one unit has it
	}
	groups := map[string]*group{}
	for i, u := range p.Units {
		for _, o := range u.Objectives {
			if u.Kind == domain.UnitOrganization {
				o.Kind = domain.ObjectiveOrganization
				continue
			}
			k := titleKey(o.Title)
			if k == "" {
				continue
			}
			g := groups[k]
			if g == nil {
				g = &group{unit: i}
				groups[k] = g
			}
			g.many = g.many || g.unit != i
			g.objectives = append(g.objectives, o)
		}
	}
	for _, g := range groups {
		if !g.many {
			continue
		}
		for _, o := range g.objectives {
			o.Kind = domain.ObjectiveCrossCutting
		}
	}
}

// titleKey is the first six significant words of a title, each cut to five
// letters: a crude Italian stem that ignores plurals and small variations.
func titleKey(title string) string {
	var b strings.Builder
	words := 0
	// Normalize leaves words separated by one space.
	for w := range strings.SplitSeq(textnorm.Normalize(prefix(title, 120)), " ") {
		if w == "" || textnorm.Stopword(w) {
			continue
		}
		if words > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(prefix(w, 5))
		if words++; words == 6 {
			break
		}
	}
	if words < 2 {
		return ""
	}
	return b.String()
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
