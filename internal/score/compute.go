package score

import (
	"fmt"
	"sort"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
)

// Input is everything a score needs.
type Input struct {
	Plan         *domain.Plan
	Year         int
	Measurements []domain.Measurement // of every indicator, every year
	Validations  []domain.Validation  // of every objective, every year
	Behaviour    map[string]float64   // behaviour rating per manager, if the SMVP uses them
	SMVP         domain.SMVP
	// Locked holds the final scores of a year the Nucleo di Valutazione
	// signed off: they count instead of anything computed now (a later
	// SMVP, say, must not change them).
	Locked *domain.LockedScores
}

// Result is the score of one year of a plan.
type Result struct {
	Year         int
	Organization Figure // the ente's performance organizzativa
	Units        []UnitScore
	Managers     []ManagerScore
}

// Figure is a percentage with how it was computed; Score is nil when
// nothing is measured yet.
type Figure struct {
	Score *float64
	How   string
}

// UnitScore is a unit's score: Σ weight × achievement / Σ weight over its
// objectives with an achievement.
type UnitScore struct {
	Unit *domain.Unit
	Figure
	Objectives []ObjectiveScore
	Scored     int // objectives with an achievement
}

// ObjectiveScore is an objective's achievement: the validated figure where
// the Nucleo di Valutazione gave one, else the computed one.
type ObjectiveScore struct {
	Objective  *domain.Objective
	Weight     float64 // used in the unit's mean: the objective's, or 1 when it has none
	Computed   *float64
	Validation *domain.Validation // the latest for the year
	Figure                        // what counts
	Indicators []IndicatorScore
}

// ManagerScore is a manager's score and the reward it earns.
type ManagerScore struct {
	Name       string
	Units      []string
	Objectives *float64 // their units' objectives
	Behaviour  *float64
	Figure
	Reward *float64 // share of the retribuzione di risultato, 0–100
}

// Compute scores one year of a plan.
func Compute(in Input) Result {
	res := Result{Year: in.Year}
	byIndicator := map[int64]History{}
	for _, m := range in.Measurements {
		byIndicator[m.IndicatorID] = append(byIndicator[m.IndicatorID], m)
	}
	validations := latestValidations(in.Validations, in.Year)
	locked := map[int64]domain.LockedObjective{}
	if in.Locked != nil {
		for _, o := range in.Locked.Objectives {
			locked[o.ID] = o
		}
	}
	for _, u := range in.Plan.Units {
		us := UnitScore{Unit: u}
		var parts []weighted
		for _, o := range u.Objectives {
			os := objective(o, in.Year, byIndicator, validations[o.ID], in.SMVP)
			if l, ok := locked[o.ID]; ok {
				os.Score, os.Computed = l.Score, l.Computed
				os.How = "definitivo: anno chiuso dal Nucleo di Valutazione"
			}
			us.Objectives = append(us.Objectives, os)
			if os.Score != nil {
				parts = append(parts, weighted{os.Weight, *os.Score})
				us.Scored++
			}
		}
		us.Score = mean(parts)
		us.How = fmt.Sprintf("media pesata di %d %s su %d con un risultato", us.Scored, italian.Plural(us.Scored, "obiettivo", "obiettivi"), len(u.Objectives))
		res.Units = append(res.Units, us)
	}
	res.Organization = organization(res.Units)
	if in.Locked != nil && in.Locked.Organization != nil {
		res.Organization = Figure{in.Locked.Organization, "definitivo: anno chiuso dal Nucleo di Valutazione"}
	}
	res.Managers = managers(res, in)
	return res
}

func objective(o *domain.Objective, year int, h map[int64]History, v *domain.Validation, smvp domain.SMVP) ObjectiveScore {
	os := ObjectiveScore{Objective: o, Weight: 1, Validation: v}
	if o.Weight != nil {
		os.Weight = *o.Weight
	}
	var parts []weighted
	for _, in := range o.Indicators {
		is := Indicator(in, year, h[in.ID], smvp)
		os.Indicators = append(os.Indicators, is)
		if is.Achievement != nil {
			w := 1.0
			if in.Weight != nil {
				w = *in.Weight
			}
			parts = append(parts, weighted{w, *is.Achievement})
		}
	}
	os.Computed = mean(parts)
	switch {
	case v != nil:
		os.Score = &v.Percent
		os.How = fmt.Sprintf("validato dal Nucleo di Valutazione: %s (%s)", FormatPercent(v.Percent), v.Reason)
		if os.Computed != nil {
			os.How += fmt.Sprintf("; calcolato %s", FormatPercent(*os.Computed))
		}
	case os.Computed != nil:
		os.Score = os.Computed
		os.How = fmt.Sprintf("media pesata di %d %s su %d con un risultato", len(parts), italian.Plural(len(parts), "indicatore", "indicatori"), len(o.Indicators))
	default:
		os.How = "nessun indicatore misurato"
	}
	return os
}

// latestValidations keeps the newest validation of each objective for year.
func latestValidations(vs []domain.Validation, year int) map[int64]*domain.Validation {
	out := map[int64]*domain.Validation{}
	for i := range vs {
		v := &vs[i]
		if v.Year != year {
			continue
		}
		if cur := out[v.ObjectiveID]; cur == nil || v.ValidatedAt.After(cur.ValidatedAt) {
			out[v.ObjectiveID] = v
		}
	}
	return out
}

// organization is the ente-level pseudo-unit's score; without one, the
// weighted mean of every unit's objectives.
func organization(units []UnitScore) Figure {
	for _, u := range units {
		if u.Unit.Kind == domain.UnitOrganization {
			return Figure{u.Score, "performance organizzativa dell'ente: " + u.How}
		}
	}
	var parts []weighted
	for _, u := range units {
		for _, o := range u.Objectives {
			if o.Score != nil {
				parts = append(parts, weighted{o.Weight, *o.Score})
			}
		}
	}
	return Figure{mean(parts), "nessun foglio di performance organizzativa: media pesata degli obiettivi di tutte le unità"}
}

// managers scores each manager from the objectives of the units they lead,
// combined with the ente's score and behaviour ratings by the SMVP's
// weights; parts without data are left out and the others reweighted.
func managers(res Result, in Input) []ManagerScore {
	byName := map[string]*ManagerScore{}
	objParts := map[string][]weighted{}
	var names []string
	for _, u := range res.Units {
		if u.Unit.Manager == "" || u.Unit.Kind == domain.UnitOrganization {
			continue
		}
		name := u.Unit.Manager
		if byName[name] == nil {
			byName[name] = &ManagerScore{Name: name}
			names = append(names, name)
		}
		byName[name].Units = append(byName[name].Units, u.Unit.Name)
		for _, o := range u.Objectives {
			if o.Score != nil {
				objParts[name] = append(objParts[name], weighted{o.Weight, *o.Score})
			}
		}
	}
	sort.Strings(names)
	w := in.SMVP.ManagerWeights
	var out []ManagerScore
	for _, name := range names {
		ms := byName[name]
		ms.Objectives = mean(objParts[name])
		if b, ok := in.Behaviour[name]; ok {
			ms.Behaviour = &b
		}
		var parts []weighted
		var how []string
		add := func(weight float64, v *float64, label string) {
			if weight > 0 && v != nil {
				parts = append(parts, weighted{weight, *v})
				how = append(how, fmt.Sprintf("%s %s × %s", label, FormatPercent(*v), FormatPercent(weight)))
			}
		}
		add(w.Objectives, ms.Objectives, "obiettivi delle unità")
		add(w.Organization, res.Organization.Score, "performance dell'ente")
		add(w.Behaviour, ms.Behaviour, "comportamenti")
		ms.Score = mean(parts)
		ms.How = strings.Join(how, " + ")
		if ms.Score != nil {
			ms.Reward = reward(*ms.Score, in.SMVP.RewardBands)
		}
		out = append(out, *ms)
	}
	return out
}

// reward applies the SMVP's bands to a score.
func reward(score float64, bands []domain.RewardBand) *float64 {
	var r *float64
	for _, b := range bands {
		if score < b.From {
			break
		}
		if b.Proportional {
			r = ptr(round1(score))
		} else {
			r = ptr(b.Percent)
		}
	}
	return r
}

type weighted struct{ w, v float64 }

// mean is Σ w × v / Σ w, nil when there is nothing to average.
func mean(parts []weighted) *float64 {
	var sw, s float64
	for _, p := range parts {
		sw += p.w
		s += p.w * p.v
	}
	if sw == 0 {
		return nil
	}
	return ptr(round1(s / sw))
}
