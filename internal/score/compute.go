package score

import (
	"fmt"
	"sort"
	"strings"
	"time"

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
	// SMVP, say, must not change them), and the result is Final.
	Locked *domain.LockedScores
	// Now is when the scores are computed: Year is over from 1 January of
	// the next year, Italian time. Zero means time.Now(). Callers pass
	// their clock, so that tests can set it.
	Now time.Time
	// Closed says the cycle is closed: its years count as over.
	Closed bool
}

// Result is the score of one year of a plan, with how final it is and
// how much of the plan it rests on.
type Result struct {
	Year   int
	Status Status
	// Policy is how objectives without a result count once the year is
	// over (the SMVP's missing_results).
	Policy       domain.MissingPolicy
	Organization Figure // the ente's performance organizzativa
	// OrganizationCoverage is what the ente's figure rests on.
	OrganizationCoverage Coverage
	// Coverage is the whole plan's: every objective of every unit.
	Coverage    Coverage
	Neutralised []NeutralisedObjective // every neutralised objective, in plan order
	Units       []UnitScore
	Managers    []ManagerScore
}

// Status says how final a year's scores are.
type Status string

const (
	// Provisional: the year is not over. Objectives without a result are
	// left out of the roll-ups, and each roll-up says its Coverage.
	Provisional Status = "provisional"
	// Over: the year is over (or its cycle closed) but not signed off.
	// Objectives without a result count as the SMVP says (0% by default).
	Over Status = "over"
	// Final: the Nucleo di Valutazione signed the year off; its figures
	// are the ones locked then.
	Final Status = "final"
)

// Label is the status in Italian.
func (s Status) Label() string {
	switch s {
	case Over:
		return "anno concluso, non ancora chiuso"
	case Final:
		return "definitivo"
	}
	return "provvisorio"
}

// Figure is a percentage with how it was computed; Score is nil when
// nothing counts yet.
type Figure struct {
	Score *float64
	How   string
}

// Coverage says how much of a roll-up rests on results.
type Coverage struct {
	// Objectives in the roll-up's scope: planned in the year and not
	// neutralised.
	Objectives int `json:"objectives"`
	Scored     int `json:"scored"`  // of them, with a result
	Missing    int `json:"missing"` // of them, without one
	// Neutralised objectives are out of the roll-up, their weight spread
	// over the others.
	Neutralised int `json:"neutralised"`
	// Unplanned objectives have no target in the year and no validation:
	// the year does not ask anything of them.
	Unplanned         int     `json:"unplanned"`
	Weight            float64 `json:"weight"`             // Σ weight of Objectives
	ScoredWeight      float64 `json:"scored_weight"`      // Σ weight of Scored
	NeutralisedWeight float64 `json:"neutralised_weight"` // Σ weight of Neutralised
	// WeightShare is ScoredWeight / Weight, in percent (0 when Weight is 0).
	WeightShare float64 `json:"weight_share"`
}

// Summary says the coverage in words: "1 obiettivo su 15, 10% del peso".
func (c Coverage) Summary() string {
	return fmt.Sprintf("%d %s su %d, %s del peso", c.Scored, italian.Plural(c.Scored, "obiettivo", "obiettivi"),
		c.Objectives, FormatPercent(c.WeightShare))
}

func (c *Coverage) add(o ObjectiveScore) {
	switch o.State {
	case StateNeutralised:
		c.Neutralised++
		c.NeutralisedWeight += o.Weight
		return
	case StateUnplanned:
		c.Unplanned++
		return
	}
	c.Objectives++
	c.Weight += o.Weight
	if o.State == StateScored {
		c.Scored++
		c.ScoredWeight += o.Weight
	} else {
		c.Missing++
	}
}

func (c *Coverage) merge(o Coverage) {
	c.Objectives += o.Objectives
	c.Scored += o.Scored
	c.Missing += o.Missing
	c.Neutralised += o.Neutralised
	c.Unplanned += o.Unplanned
	c.Weight += o.Weight
	c.ScoredWeight += o.ScoredWeight
	c.NeutralisedWeight += o.NeutralisedWeight
}

func (c *Coverage) finish() {
	c.WeightShare = 0
	if c.Weight > 0 {
		c.WeightShare = round1(c.ScoredWeight / c.Weight * 100)
	}
}

// StatusLine says how final a roll-up is and what it covers, as pages
// show it beside the figure: «provvisorio: 1 obiettivo su 15, 10% del
// peso», «anno concluso, non ancora chiuso: 1 obiettivo su 15, 10% del
// peso; gli altri contano 0%», «definitivo».
func StatusLine(st Status, policy domain.MissingPolicy, c Coverage) string {
	line := st.Label()
	if st == Final {
		if c.Missing > 0 {
			line += ": " + c.Summary()
		}
	} else {
		line += ": " + c.Summary()
		if st == Over && c.Missing > 0 {
			if policy == domain.MissingExclude {
				line += "; per lo SMVP dell'ente gli obiettivi senza risultato non contano"
			} else {
				line += "; gli altri contano 0%"
			}
		}
	}
	if c.Neutralised > 0 {
		line += "; " + italian.Count(c.Neutralised, "obiettivo neutralizzato", "obiettivi neutralizzati")
	}
	return line
}

// NeutralisedObjective is an objective the Nucleo di Valutazione declared
// non valutabile for the year, with its decision.
type NeutralisedObjective struct {
	Unit       *domain.Unit
	Objective  *domain.Objective
	Weight     float64
	Validation *domain.Validation // reason, who, when
}

// UnitScore is a unit's score: Σ weight × achievement / Σ weight over the
// objectives that count (see Result.Status), with its coverage.
type UnitScore struct {
	Unit *domain.Unit
	Figure
	Objectives  []ObjectiveScore
	Scored      int // objectives with a result (Coverage.Scored)
	Coverage    Coverage
	Neutralised []NeutralisedObjective
}

// StatusLine is StatusLine for the unit.
func (u *UnitScore) StatusLine(r *Result) string { return StatusLine(r.Status, r.Policy, u.Coverage) }

// ObjectiveState says where an objective stands in its year.
type ObjectiveState string

const (
	StateScored      ObjectiveState = "scored"      // a computed or validated result
	StateMissing     ObjectiveState = "missing"     // no result: 0% once the year is over (SMVP)
	StateNeutralised ObjectiveState = "neutralised" // non valutabile: out of the roll-ups
	StateUnplanned   ObjectiveState = "unplanned"   // no target in the year
)

// ObjectiveScore is an objective's achievement: the validated figure where
// the Nucleo di Valutazione gave one, else the computed one; 0% for a
// missing result once the year is over, if the SMVP says so.
type ObjectiveScore struct {
	Objective *domain.Objective
	Weight    float64 // used in the unit's mean: the objective's, or 1 when it has none
	Computed  *float64
	// Validation is the newest validation or confirmation of the year;
	// nil when there is none, or when the newest decision is a
	// neutralisation (then Neutralisation holds it).
	Validation     *domain.Validation
	Neutralisation *domain.Validation
	State          ObjectiveState
	// Counted: the objective is part of its unit's mean (scored, or
	// missing and counted as 0%).
	Counted bool
	// Stale: the figure computed now differs from the one computed when
	// the Nucleo validated: the validation needs a second look.
	Stale      bool
	Figure     // what counts
	Indicators []IndicatorScore
}

// ManagerScore is a manager's score and the reward it earns.
type ManagerScore struct {
	Name       string
	Units      []string
	Objectives *float64 // their units' objectives
	Coverage   Coverage // of their units' objectives
	Behaviour  *float64
	Figure
	Reward *float64 // share of the retribuzione di risultato, 0–100
}

// YearOver reports whether year is over at now: from 1 January of the next
// year, Italian time.
func YearOver(year int, now time.Time) bool {
	return !now.In(italian.Rome).Before(time.Date(year+1, 1, 1, 0, 0, 0, 0, italian.Rome))
}

// Compute scores one year of a plan.
func Compute(in Input) Result {
	now := in.Now
	if now.IsZero() {
		now = time.Now()
	}
	res := Result{Year: in.Year, Status: Provisional, Policy: in.SMVP.Missing()}
	switch {
	case in.Locked != nil:
		res.Status = Final
	case in.Closed || YearOver(in.Year, now):
		res.Status = Over
	}
	zero := res.Status != Provisional && res.Policy == domain.MissingZero
	byIndicator := map[int64]History{}
	for _, m := range in.Measurements {
		byIndicator[m.IndicatorID] = append(byIndicator[m.IndicatorID], m)
	}
	validations := latestValidations(in.Validations, in.Year)
	// The signed-off figures of each objective, by id and by identity
	// (a variation approved after the sign-off gives new ids).
	locked, lockedIdentity := map[int64]domain.LockedObjective{}, map[int64]domain.LockedObjective{}
	if in.Locked != nil {
		for _, o := range in.Locked.Objectives {
			locked[o.ID] = o
			if o.Identity != 0 {
				lockedIdentity[o.Identity] = o
			}
		}
	}
	for _, u := range in.Plan.Units {
		us := UnitScore{Unit: u}
		var parts []weighted
		for _, o := range u.Objectives {
			os := objective(o, in.Year, byIndicator, validations[o.ID], in.SMVP)
			l, ok := locked[o.ID]
			if !ok && o.Identity != 0 {
				l, ok = lockedIdentity[o.Identity]
			}
			if ok {
				applyLocked(&os, l)
			} else if os.State == StateMissing && zero {
				os.Score, os.Counted = ptr(0), true
				os.How = "nessun risultato: conta 0% (anno concluso)"
			}
			us.Objectives = append(us.Objectives, os)
			us.Coverage.add(os)
			if os.Counted {
				parts = append(parts, weighted{os.Weight, *os.Score})
			}
			if os.State == StateNeutralised {
				us.Neutralised = append(us.Neutralised, NeutralisedObjective{u, o, os.Weight, os.Neutralisation})
			}
		}
		us.Coverage.finish()
		us.Scored = us.Coverage.Scored
		us.Score = mean(parts)
		us.How = rollupHow(res.Status, res.Policy, us.Coverage, in.Year)
		if l, ok := lockedUnit(in.Locked, u); ok {
			us.Score = l.Score
		}
		res.Units = append(res.Units, us)
		res.Coverage.merge(us.Coverage)
		res.Neutralised = append(res.Neutralised, us.Neutralised...)
	}
	res.Coverage.finish()
	res.Organization, res.OrganizationCoverage = organization(res)
	if in.Locked != nil && in.Locked.Organization != nil {
		res.Organization.Score = in.Locked.Organization
	}
	res.Managers = managers(res, in)
	return res
}

// lockedUnit is a unit's signed-off figure, found by id or, after a
// variation gave the units new ids, by identity (by name in sign-offs
// made before units had identities).
func lockedUnit(l *domain.LockedScores, u *domain.Unit) (domain.LockedUnit, bool) {
	if l == nil {
		return domain.LockedUnit{}, false
	}
	if lu, ok := l.Unit(u.ID); ok {
		return lu, true
	}
	for _, lu := range l.Units {
		if lu.Identity != 0 && lu.Identity == u.Identity {
			return lu, true
		}
	}
	for _, lu := range l.Units {
		if lu.Identity != 0 {
			continue
		}
		if lu.Name == u.Name {
			return lu, true
		}
	}
	return domain.LockedUnit{}, false
}

// applyLocked puts a signed-off objective's figures in place of the
// computed ones.
func applyLocked(os *ObjectiveScore, l domain.LockedObjective) {
	os.Score, os.Computed, os.Stale = l.Score, l.Computed, false
	switch {
	case l.Neutralised:
		os.State, os.Counted, os.Score = StateNeutralised, false, nil
		os.How = "definitivo: neutralizzato dal Nucleo di Valutazione (" + l.Reason + ")"
		return
	case l.Score == nil:
		os.State, os.Counted = StateMissing, false
	default:
		os.State, os.Counted = StateScored, true
	}
	os.How = "definitivo: anno chiuso dal Nucleo di Valutazione"
}

func objective(o *domain.Objective, year int, h map[int64]History, v *domain.Validation, smvp domain.SMVP) ObjectiveScore {
	os := ObjectiveScore{Objective: o, Weight: 1}
	if o.Weight != nil {
		os.Weight = *o.Weight
	}
	var parts []weighted
	planned := len(o.Indicators) == 0 // without indicators, only the Nucleo can give it a figure
	for _, in := range o.Indicators {
		is := Indicator(in, year, h[in.ID], smvp)
		os.Indicators = append(os.Indicators, is)
		if t, ok := in.Target(year); ok && t.Text != "" {
			planned = true
		}
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
	case v != nil && v.Neutralised():
		os.State, os.Neutralisation = StateNeutralised, v
		os.How = fmt.Sprintf("neutralizzato dal Nucleo di Valutazione, non valutabile (%s): fuori dai punteggi, il suo peso va agli altri obiettivi", v.Reason)
	case v != nil:
		os.State, os.Counted, os.Validation = StateScored, true, v
		os.Score = &v.Percent
		os.Stale = !samePercent(v.Computed, os.Computed)
		if v.Kind == domain.ValidationConfirmed {
			os.How = fmt.Sprintf("calcolato confermato dal Nucleo di Valutazione: %s", FormatPercent(v.Percent))
		} else {
			os.How = fmt.Sprintf("validato dal Nucleo di Valutazione: %s (%s)", FormatPercent(v.Percent), v.Reason)
			if os.Computed != nil {
				os.How += fmt.Sprintf("; calcolato %s", FormatPercent(*os.Computed))
			}
		}
		if os.Stale {
			os.How += fmt.Sprintf("; il calcolato è cambiato dopo la validazione (era %s)", pctOrNone(v.Computed))
		}
	case os.Computed != nil:
		os.State, os.Counted, os.Score = StateScored, true, os.Computed
		os.How = fmt.Sprintf("media pesata di %d %s su %d con un risultato", len(parts), italian.Plural(len(parts), "indicatore", "indicatori"), len(o.Indicators))
	case !planned:
		os.State = StateUnplanned
		os.How = fmt.Sprintf("nessun target per il %d: non conta nell'anno", year)
	default:
		os.State = StateMissing
		os.How = "nessun indicatore misurato"
	}
	return os
}

// samePercent compares two figures as scores show them.
func samePercent(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return round1(*a) == round1(*b)
}

func pctOrNone(p *float64) string {
	if p == nil {
		return "non calcolato"
	}
	return FormatPercent(*p)
}

// rollupHow says how a unit's (or the plan's) figure is made.
func rollupHow(st Status, policy domain.MissingPolicy, c Coverage, year int) string {
	var b strings.Builder
	b.WriteString(st.Label())
	b.WriteString(": ")
	counted := c.Scored
	if st != Provisional && policy == domain.MissingZero {
		counted = c.Objectives
	}
	if st == Final {
		counted = c.Objectives - c.Missing // an old sign-off may have left results out
	}
	switch {
	case c.Objectives == 0:
		b.WriteString("nessun obiettivo da valutare")
	case counted == c.Scored:
		fmt.Fprintf(&b, "media pesata di %d %s su %d con un risultato (%s del peso)", c.Scored,
			italian.Plural(c.Scored, "obiettivo", "obiettivi"), c.Objectives, FormatPercent(c.WeightShare))
	default:
		fmt.Fprintf(&b, "media pesata di %s, %d senza risultato %s", italian.Count(counted, "obiettivo", "obiettivi"),
			c.Missing, italian.Plural(c.Missing, "contato 0%", "contati 0%"))
	}
	if st == Over && c.Missing > 0 && policy == domain.MissingExclude {
		b.WriteString("; per lo SMVP dell'ente gli obiettivi senza risultato non contano")
	}
	if c.Neutralised > 0 {
		fmt.Fprintf(&b, "; %s dal Nucleo di Valutazione (non valutabile): il peso (%s) è ripartito sugli altri",
			italian.Count(c.Neutralised, "obiettivo neutralizzato", "obiettivi neutralizzati"), italian.Percent(c.NeutralisedWeight, 2))
	}
	if c.Unplanned > 0 {
		fmt.Fprintf(&b, "; %s senza target nel %d, fuori dal calcolo", italian.Count(c.Unplanned, "obiettivo", "obiettivi"), year)
	}
	return b.String()
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
// weighted mean of every unit's objectives that count.
func organization(res Result) (Figure, Coverage) {
	for _, u := range res.Units {
		if u.Unit.Kind == domain.UnitOrganization {
			return Figure{u.Score, "performance organizzativa dell'ente, " + u.How}, u.Coverage
		}
	}
	var parts []weighted
	for _, u := range res.Units {
		for _, o := range u.Objectives {
			if o.Counted {
				parts = append(parts, weighted{o.Weight, *o.Score})
			}
		}
	}
	return Figure{mean(parts), "nessun foglio di performance organizzativa: media pesata degli obiettivi di tutte le unità, " +
		rollupHow(res.Status, res.Policy, res.Coverage, res.Year)}, res.Coverage
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
		ms := byName[name]
		ms.Units = append(ms.Units, u.Unit.Name)
		ms.Coverage.merge(u.Coverage)
		for _, o := range u.Objectives {
			if o.Counted {
				objParts[name] = append(objParts[name], weighted{o.Weight, *o.Score})
			}
		}
	}
	sort.Strings(names)
	w := in.SMVP.ManagerWeights
	var out []ManagerScore
	for _, name := range names {
		ms := byName[name]
		ms.Coverage.finish()
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
		ms.How = res.Status.Label() + ": " + strings.Join(how, " + ")
		if len(how) == 0 {
			ms.How = res.Status.Label() + ": nessun dato"
		}
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
