package ingest

import (
	"fmt"
	"math"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
	"github.com/performa-pa/performa/internal/missions"
)

// check looks at the assembled plan as the Nucleo di Valutazione would:
// weights that do not add up, codes missing or repeated, missions and
// programs that disagree with the official classification, objectives
// without indicators.
func check(p *domain.Plan, units []*assembler) []domain.Diagnostic {
	var diags []domain.Diagnostic
	weightless := !hasWeights(p)
	if weightless && p.Objectives() > 0 {
		diags = append(diags, domain.Diagnostic{Severity: domain.SeverityInfo, Code: "weights.none",
			Message: "il piano non assegna pesi agli obiettivi: letto senza pesi (si possono aggiungere dopo l'importazione)"})
	}
	for i, u := range p.Units {
		a := units[i]
		if !weightless {
			diags = append(diags, checkWeights(u, a)...)
		}
		diags = append(diags, checkObjectives(u, weightless, invalidWeights(a))...)
		diags = append(diags, checkClassification(u)...)
	}
	return diags
}

// hasWeights reports whether any objective of the plan has a weight: a
// plan that weighs none is a plan without weights, said once.
func hasWeights(p *domain.Plan) bool {
	for _, u := range p.Units {
		for _, o := range u.Objectives {
			if o.Weight != nil {
				return true
			}
		}
	}
	return false
}

func checkWeights(u *domain.Unit, a *assembler) []domain.Diagnostic {
	total := u.TotalWeight()
	want, line, what := 100.0, u.Source.Line, "100%"
	if u.DeclaredTotalWeight != nil {
		want, line, what = *u.DeclaredTotalWeight, a.totalLine, "il totale dichiarato "+italian.Percent(*u.DeclaredTotalWeight, 2)
	}
	if len(u.Objectives) == 0 || math.Abs(total-want) < 0.005 {
		return nil
	}
	return []domain.Diagnostic{diag(domain.SeverityError, "weights.total", u.Source.Sheet, line, -1,
		"la somma dei pesi degli obiettivi di «%s» è %s, non %s", u.Name, italian.Percent(total, 2), what)}
}

// invalidWeights are the lines whose weight was not valid, said already.
func invalidWeights(a *assembler) map[int]bool {
	lines := map[int]bool{}
	for _, d := range a.diags {
		if d.Code == "weights.invalid" {
			lines[d.Line] = true
		}
	}
	return lines
}

func checkObjectives(u *domain.Unit, weightless bool, invalidWeight map[int]bool) []domain.Diagnostic {
	var diags []domain.Diagnostic
	seen := map[string]*domain.Objective{}
	var uncoded []string
	for _, o := range u.Objectives {
		at := func(sev domain.Severity, code, format string, args ...any) {
			diags = append(diags, diag(sev, code, u.Source.Sheet, o.Source.Line, -1, format, args...))
		}
		switch prev := seen[o.Code]; {
		case o.Code == "":
			uncoded = append(uncoded, fmt.Sprint(o.Source.Line))
		case prev != nil:
			at(domain.SeverityWarning, "objective.duplicate_code",
				"codice obiettivo %q ripetuto (già alla riga %d)", o.Code, prev.Source.Line)
		default:
			seen[o.Code] = o
		}
		if o.Title == "" {
			at(domain.SeverityWarning, "objective.no_title", "obiettivo %s senza titolo", objectiveRef(o))
		}
		if o.Weight == nil && !weightless && !invalidWeight[o.Source.Line] {
			at(domain.SeverityWarning, "objective.no_weight", "obiettivo %s senza peso", objectiveRef(o))
		}
		if len(o.Indicators) == 0 {
			at(domain.SeverityWarning, "objective.no_indicator", "obiettivo %s senza indicatori né target", objectiveRef(o))
		}
	}
	if len(uncoded) > 0 {
		diags = append(diags, diag(domain.SeverityWarning, "objective.no_code", u.Source.Sheet, u.Objectives[0].Source.Line, -1,
			"%d obiettiv%s senza codice (rig%s %s): si possono indicare con la loro posizione (#N)",
			len(uncoded), italian.Plural(len(uncoded), "o", "i"), italian.Plural(len(uncoded), "a", "he"), strings.Join(uncoded, ", ")))
	}
	return diags
}

// checkClassification compares missions and programs with the official
// classification, once per distinct citation in the unit. A mismatch against
// a name not yet confirmed is only a note.
func checkClassification(u *domain.Unit) []domain.Diagnostic {
	var diags []domain.Diagnostic
	done := map[string]bool{}
	for _, o := range u.Objectives {
		key := o.Mission.Code + "|" + o.Mission.Text + "|" + o.Program.Code + "|" + o.Program.Text
		if done[key] {
			continue
		}
		done[key] = true
		add := func(sev domain.Severity, code, format string, args ...any) {
			diags = append(diags, diag(sev, code, u.Source.Sheet, o.Source.Line, -1, format, args...))
		}
		m, mok := classifyMission(o.Mission, add)
		if o.Program.Code == "" {
			continue
		}
		if o.Mission.Code == "" {
			add(domain.SeverityWarning, "classification.program_without_mission",
				"programma %s («%s») senza missione", o.Program.Code, o.Program.Text)
			continue
		}
		if !mok {
			continue
		}
		p, ok := missions.LookupProgram(o.Mission.Code, o.Program.Code)
		switch {
		case !ok:
			add(domain.SeverityWarning, "classification.program_unknown",
				"il programma %s non esiste nella missione %s («%s») della classificazione ufficiale", o.Program.Code, m.Code, m.Name)
		case p.RegionsOnly:
			add(domain.SeverityWarning, "classification.program_regions_only",
				"il programma %s.%s («%s») è solo per le Regioni", m.Code, p.Code, p.Name)
		case o.Program.Text != "":
			compareName(o.Program.Text, p.Name, p.Confirmed, "programma "+m.Code+"."+p.Code, "classification.program_name", add)
		}
	}
	return diags
}

type addFunc func(sev domain.Severity, code, format string, args ...any)

func classifyMission(c domain.Classified, add addFunc) (missions.Mission, bool) {
	if c.Code == "" {
		return missions.Mission{}, false
	}
	m, ok := missions.LookupMission(c.Code)
	if !ok {
		add(domain.SeverityWarning, "classification.mission_unknown",
			"la missione %q non esiste nella classificazione ufficiale (D.Lgs 118/2011)", c.Code)
		return m, false
	}
	if c.Text != "" {
		compareName(c.Text, m.Name, true, "missione "+m.Code, "classification.mission_name", add)
	}
	return m, true
}

func compareName(written, official string, confirmed bool, what, code string, add addFunc) {
	switch missions.Compare(written, official) {
	case missions.Same:
		return
	case missions.Similar:
		add(domain.SeverityInfo, code, "%s scritta «%s»; nome ufficiale «%s»", what, written, official)
	default:
		sev := domain.SeverityWarning
		if !confirmed {
			sev = domain.SeverityInfo
		}
		add(sev, code, "%s: «%s» non corrisponde al nome ufficiale «%s»", what, written, official)
	}
}
