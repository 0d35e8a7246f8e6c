// Package planedit reads an objective or an indicator as a person types it
// (the web forms, the JSON API) into the domain's types, with an Italian
// message per field that cannot be used: weights in points of percentage
// ("12,5"), missions and programmes as plans write them ("03.01", "3.1",
// "01") checked against the official classification, targets understood
// by internal/target as at import. The store then checks the invariants
// again and decides whether the version may change.
package planedit

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/missions"
	"github.com/performa-pa/performa/internal/target"
)

// Errors are the fields that cannot be used, by field name, with the
// reason. The names are those of the JSON API ("title", "weight",
// "program_code", "targets.2023"); the forms map them to theirs.
type Errors map[string]string

// ObjectiveInput is an objective as typed. Kind "" keeps the objective's
// kind (an objective of the unit, for a new one).
type ObjectiveInput struct {
	Code, Title, Weight         string
	MissionCode, MissionText    string
	ProgramCode, ProgramText    string
	Manager, Staff, Notes, Kind string
}

// Apply writes the input into o and says which fields cannot be used.
func (in ObjectiveInput) Apply(o *domain.Objective) Errors {
	errs := Errors{}
	o.Code, o.Title = strings.TrimSpace(in.Code), strings.TrimSpace(in.Title)
	o.Manager, o.Staff, o.Notes = strings.TrimSpace(in.Manager), strings.TrimSpace(in.Staff), strings.TrimSpace(in.Notes)
	if o.Title == "" {
		errs["title"] = "Il titolo non può essere vuoto."
	}
	unreadable(errs, map[string]string{"code": in.Code, "title": in.Title, "manager": in.Manager, "staff": in.Staff,
		"notes": in.Notes, "mission_text": in.MissionText, "program_text": in.ProgramText})
	if w, msg := Weight(in.Weight); msg != "" {
		errs["weight"] = msg
	} else {
		o.Weight = w
	}
	switch k := domain.ObjectiveKind(in.Kind); {
	case k == "":
		if o.Kind == "" {
			o.Kind = domain.ObjectiveUnit
		}
	case k == domain.ObjectiveUnit || k == domain.ObjectiveOrganization || k == domain.ObjectiveCrossCutting:
		o.Kind = k
	default:
		errs["kind"] = "Tipo di obiettivo sconosciuto: scegli tra obiettivo di unità, performance organizzativa dell'ente e trasversale."
	}
	mc, pc, problem := missions.Resolve(in.MissionCode, in.ProgramCode)
	if kept := o.Mission.Code + o.Program.Code; kept != "" &&
		strings.TrimSpace(in.MissionCode) == o.Mission.Code && strings.TrimSpace(in.ProgramCode) == o.Program.Code {
		// Mission and programme as stored (an import keeps what the plan
		// wrote, a programme without its mission too): not judged again.
		mc, pc, problem = o.Mission.Code, o.Program.Code, nil
	}
	if problem != nil {
		errs[problem.Field+"_code"] = problem.Message
	} else {
		o.Mission = domain.Classified{Code: mc, Text: strings.TrimSpace(in.MissionText)}
		o.Program = domain.Classified{Code: pc, Text: strings.TrimSpace(in.ProgramText)}
	}
	return errs
}

// IndicatorInput is an indicator as typed, with its targets by year.
type IndicatorInput struct {
	Description, UnitOfMeasure, Weight, Direction string
	BaselineYear, BaselineText                    string
	Targets                                       map[int]string
}

// Apply writes the input into ind, for a plan of cycle c: the targets of
// the cycle's years as typed (one left empty is no target for that year),
// those of other years as they were, every one understood again.
func (in IndicatorInput) Apply(ind *domain.Indicator, c domain.Cycle) Errors {
	errs := Errors{}
	ind.Description, ind.UnitOfMeasure = strings.TrimSpace(in.Description), strings.TrimSpace(in.UnitOfMeasure)
	if ind.Description == "" {
		errs["description"] = "La descrizione non può essere vuota."
	}
	texts := map[string]string{"description": in.Description, "unit_of_measure": in.UnitOfMeasure, "baseline_text": in.BaselineText}
	for y, t := range in.Targets {
		texts["targets."+strconv.Itoa(y)] = t
	}
	unreadable(errs, texts)
	if w, msg := Weight(in.Weight); msg != "" {
		errs["weight"] = msg
	} else {
		ind.Weight = w
	}
	switch d := domain.Direction(in.Direction); d {
	case domain.DirectionUnknown, domain.HigherIsBetter, domain.LowerIsBetter:
		ind.Direction = d
	default:
		errs["direction"] = "Verso sconosciuto: scegli tra meglio più alto, meglio più basso e non indicato."
	}
	ind.Baseline = domain.Baseline{Text: strings.TrimSpace(in.BaselineText)}
	if y := strings.TrimSpace(in.BaselineYear); y != "" {
		if n, err := strconv.Atoi(y); err == nil && n > 1900 && n < 3000 {
			ind.Baseline.Year = n
		} else {
			errs["baseline_year"] = "L'anno della baseline è di quattro cifre, per esempio 2021."
		}
	}
	if v, ok := domain.ParseNumber(ind.Baseline.Text); ok {
		ind.Baseline.Value = &v
	}
	for y := range in.Targets {
		if !c.Contains(y) {
			errs["targets."+strconv.Itoa(y)] = "L'anno " + strconv.Itoa(y) + " è fuori dal ciclo " +
				strconv.Itoa(c.FirstYear) + "–" + strconv.Itoa(c.LastYear) + "."
		}
	}
	var ts []domain.Target
	for _, y := range c.Years() {
		if text := strings.TrimSpace(in.Targets[y]); text != "" {
			ts = append(ts, domain.Target{Year: y, Text: text})
		}
	}
	for _, t := range ind.Targets {
		if !c.Contains(t.Year) {
			ts = append(ts, t)
		}
	}
	ind.Targets = ts
	target.Annotate(&domain.Plan{Units: []*domain.Unit{{Objectives: []*domain.Objective{{Indicators: []*domain.Indicator{ind}}}}}})
	return errs
}

// unreadable says which texts are not valid UTF-8 or carry control
// characters other than line breaks and tabs: bytes a terminal in another
// encoding or a forged request may send, which no page could print.
func unreadable(errs Errors, texts map[string]string) {
	for field, t := range texts {
		if !utf8.ValidString(t) {
			errs[field] = "Il testo contiene caratteri non validi (non è UTF-8): riscrivilo."
			continue
		}
		for _, r := range t {
			if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' {
				errs[field] = "Il testo contiene caratteri di controllo: riscrivilo."
				break
			}
		}
	}
}

// Weight reads a weight in points of percentage ("12,5", "12.5", "12,5%"),
// nil when empty, or says why it cannot be used.
func Weight(s string) (*float64, string) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	if s == "" {
		return nil, ""
	}
	v, ok := domain.ParseNumber(s)
	if !ok || !(v >= 0 && v <= 100) { // NaN too
		return nil, "Scrivi il peso in punti percentuali, da 0 a 100 (per esempio 5 o 12,5)."
	}
	return &v, ""
}

// ObjectiveOf is objective o as a person would find it typed in a form:
// the starting point of an edit that changes only some fields (a PATCH of
// the API, «performa objective edit»).
func ObjectiveOf(o *domain.Objective) ObjectiveInput {
	return ObjectiveInput{
		Code: o.Code, Title: o.Title, Weight: weightText(o.Weight),
		MissionCode: o.Mission.Code, MissionText: o.Mission.Text,
		ProgramCode: o.Program.Code, ProgramText: o.Program.Text,
		Manager: o.Manager, Staff: o.Staff, Notes: o.Notes, Kind: string(o.Kind),
	}
}

// IndicatorOf is indicator ind as typed, with its targets of the years of
// cycle c: the starting point of an edit that changes only some fields.
func IndicatorOf(ind *domain.Indicator, c domain.Cycle) IndicatorInput {
	in := IndicatorInput{Description: ind.Description, UnitOfMeasure: ind.UnitOfMeasure, Weight: weightText(ind.Weight),
		Direction: string(ind.Direction), BaselineText: ind.Baseline.Text, Targets: map[int]string{}}
	if ind.Baseline.Year != 0 {
		in.BaselineYear = strconv.Itoa(ind.Baseline.Year)
	}
	for _, t := range ind.Targets {
		if c.Contains(t.Year) {
			in.Targets[t.Year] = t.Text
		}
	}
	return in
}

// weightText is a stored weight as Weight reads it back.
func weightText(w *float64) string {
	if w == nil {
		return ""
	}
	return strconv.FormatFloat(*w, 'f', -1, 64)
}
