package score

import (
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
	"github.com/performa-pa/performa/internal/target"
)

// IndicatorScore is an indicator's achievement in a year, with the target
// and the measurement it was computed from.
type IndicatorScore struct {
	Indicator   *domain.Indicator
	Target      domain.Target
	Rule        domain.TargetRule
	Measurement *domain.Measurement // the latest of the year, nil if none
	Achievement *float64            // 0–100, nil when it cannot be computed
	How         string              // in Italian
	NeedsManual bool                // the target is not measurable: a % must be given by hand
}

// History is what the achievement of an indicator may need besides its own
// measurement: the measurements of other years (relative targets).
type History []domain.Measurement

// latest returns the latest measurement dated in year, nil if none.
func (h History) latest(year int) *domain.Measurement {
	var best *domain.Measurement
	for i := range h {
		m := &h[i]
		if m.Date.Year() != year {
			continue
		}
		if best == nil || m.Date.After(best.Date) || (m.Date.Equal(best.Date) && m.RecordedAt.After(best.RecordedAt)) {
			best = m
		}
	}
	return best
}

// RuleOf returns the target's rule, parsing the text when the plan carries
// none.
func RuleOf(in *domain.Indicator, t domain.Target) domain.TargetRule {
	if t.Rule != nil {
		return *t.Rule
	}
	return target.Parse(t.Text, target.Context{Year: t.Year, Baseline: in.Baseline.Text, Indicator: in.Description})
}

// Indicator computes an indicator's achievement in year from its
// measurements (of any year), as the SMVP says.
func Indicator(in *domain.Indicator, year int, h History, smvp domain.SMVP) IndicatorScore {
	s := IndicatorScore{Indicator: in}
	t, ok := in.Target(year)
	if !ok || t.Text == "" && t.Rule == nil {
		s.How = fmt.Sprintf("nessun target per il %d", year)
		return s
	}
	s.Target, s.Rule = t, RuleOf(in, t)
	s.NeedsManual = s.Rule.Kind == domain.RuleNotMeasurable
	s.Measurement = h.latest(year)
	if s.Measurement == nil {
		s.How = fmt.Sprintf("nessuna misurazione nel %d", year)
		if s.NeedsManual {
			s.How += "; target non misurabile (" + s.Rule.Reason + "): serve una % inserita a mano con la motivazione"
		}
		return s
	}
	m := s.Measurement
	if m.ManualAchievement != nil {
		s.Achievement, s.How = clamp(*m.ManualAchievement), "% inserita a mano: "+m.Note
		return s
	}
	if s.NeedsManual {
		s.How = "target non misurabile (" + s.Rule.Reason + "): serve una % inserita a mano con la motivazione"
		return s
	}
	a, how := achieve(in, s.Rule, *m, h, smvp, 0)
	s.Achievement, s.How = a, how
	return s
}

// achieve applies the SMVP's method for the rule's kind to a measurement.
// depth bounds the chain of relative targets ("mantenimento target 2022").
func achieve(in *domain.Indicator, r domain.TargetRule, m domain.Measurement, h History, smvp domain.SMVP, depth int) (*float64, string) {
	method := methodFor(smvp, r.Kind)
	switch r.Kind {
	case domain.RuleYesNo:
		done, ok := isDone(m)
		if !ok {
			return nil, "serve un valore sì/no"
		}
		return binary(done, "fatto", "non fatto")
	case domain.RuleDeadline:
		return deadline(r, m, smvp)
	case domain.RuleRelative:
		return relative(in, r, m, h, smvp, depth)
	}
	if m.Number == nil {
		return nil, "serve un valore numerico (misurato: " + FormatValue(m) + ")"
	}
	v := *m.Number
	if r.Value == nil && r.Kind != domain.RuleAll {
		return nil, "il target non indica un valore da raggiungere"
	}
	switch r.Kind {
	case domain.RuleAll:
		target := 100.0
		if r.Value != nil {
			target = *r.Value
		}
		return atLeast(v, target, nil, method)
	case domain.RuleAtLeast, domain.RuleCompletion:
		return atLeast(v, *r.Value, in.Baseline.Value, method)
	case domain.RuleAtMost:
		return atMost(v, *r.Value, in.Baseline.Value, method)
	case domain.RuleEqual:
		return equal(v, *r.Value, method)
	case domain.RuleRange:
		lo, hi := *r.Value, *r.Value
		if r.Max != nil {
			hi = *r.Max
		}
		switch {
		case v >= lo && v <= hi:
			return ptr(100), fmt.Sprintf("%s compreso tra %s e %s", FormatNumber(v), FormatNumber(lo), FormatNumber(hi))
		case v < lo:
			return atLeast(v, lo, nil, method)
		default:
			return atMost(v, hi, nil, method)
		}
	}
	return nil, "regola " + string(r.Kind) + " non valutabile"
}

func methodFor(smvp domain.SMVP, k domain.RuleKind) domain.AchievementMethod {
	if m, ok := smvp.Methods[k]; ok && m.Method != "" {
		return m
	}
	return domain.AchievementMethod{Method: domain.MethodProportional}
}

// atLeast: higher is better, the target is v ≥ t.
func atLeast(v, t float64, base *float64, m domain.AchievementMethod) (*float64, string) {
	if v >= t {
		return ptr(100), fmt.Sprintf("%s ≥ %s: raggiunto", FormatNumber(v), FormatNumber(t))
	}
	switch m.Method {
	case domain.MethodBinary:
		return binary(false, "", fmt.Sprintf("%s < %s", FormatNumber(v), FormatNumber(t)))
	case domain.MethodBaseline:
		if base != nil && *base < t {
			a := (v - *base) / (t - *base) * 100
			return clamp(a), fmt.Sprintf("(%s − baseline %s) / (%s − %s)", FormatNumber(v), FormatNumber(*base), FormatNumber(t), FormatNumber(*base))
		}
	}
	if t <= 0 {
		return ptr(0), fmt.Sprintf("%s < %s", FormatNumber(v), FormatNumber(t))
	}
	a := v / t * 100
	how := fmt.Sprintf("%s / %s", FormatNumber(v), FormatNumber(t))
	return threshold(a, how, m)
}

// atMost: lower is better, the target is v ≤ t.
func atMost(v, t float64, base *float64, m domain.AchievementMethod) (*float64, string) {
	if v <= t {
		return ptr(100), fmt.Sprintf("%s ≤ %s: raggiunto", FormatNumber(v), FormatNumber(t))
	}
	switch m.Method {
	case domain.MethodBinary:
		return binary(false, "", fmt.Sprintf("%s > %s", FormatNumber(v), FormatNumber(t)))
	case domain.MethodBaseline:
		if base != nil && *base > t {
			a := (*base - v) / (*base - t) * 100
			return clamp(a), fmt.Sprintf("(baseline %s − %s) / (%s − %s)", FormatNumber(*base), FormatNumber(v), FormatNumber(*base), FormatNumber(t))
		}
	}
	if v <= 0 || t < 0 {
		return ptr(0), fmt.Sprintf("%s > %s", FormatNumber(v), FormatNumber(t))
	}
	a := t / v * 100
	return threshold(a, fmt.Sprintf("%s / %s", FormatNumber(t), FormatNumber(v)), m)
}

func equal(v, t float64, m domain.AchievementMethod) (*float64, string) {
	if v == t {
		return ptr(100), fmt.Sprintf("%s = %s: raggiunto", FormatNumber(v), FormatNumber(t))
	}
	if m.Method == domain.MethodBinary || t == 0 {
		return binary(false, "", fmt.Sprintf("%s ≠ %s", FormatNumber(v), FormatNumber(t)))
	}
	a := 100 - math.Abs(v-t)/math.Abs(t)*100
	return threshold(a, fmt.Sprintf("100 − |%s − %s| / %s", FormatNumber(v), FormatNumber(t), FormatNumber(t)), m)
}

// threshold applies the SMVP's floor: under it, nothing.
func threshold(a float64, how string, m domain.AchievementMethod) (*float64, string) {
	if m.Method == domain.MethodThreshold && a < m.Floor {
		return ptr(0), fmt.Sprintf("%s = %s, sotto la soglia del %s: 0%%", how, FormatPercent(a), FormatPercent(m.Floor))
	}
	return clamp(a), how
}

// deadline: on time is 100%, late goes through the SMVP's lateness bands.
func deadline(r domain.TargetRule, m domain.Measurement, smvp domain.SMVP) (*float64, string) {
	done, ok := isDone(m)
	if !ok {
		return nil, "serve la data di completamento o sì/no"
	}
	if !done {
		return binary(false, "", "non completato")
	}
	if r.Date == "" {
		return binary(true, "completato nei termini", "")
	}
	due, err := time.Parse("2006-01-02", r.Date)
	if err != nil {
		return nil, "scadenza non leggibile: " + r.Date
	}
	when := m.Date
	if m.DateValue != nil {
		when = *m.DateValue
	}
	late := int(when.Sub(due).Hours() / 24)
	if late <= 0 {
		return ptr(100), fmt.Sprintf("completato il %s, entro il %s", when.Format("02/01/2006"), due.Format("02/01/2006"))
	}
	bands := append([]domain.LatenessBand(nil), smvp.DeadlineLateness...)
	sort.Slice(bands, func(i, j int) bool { return bands[i].UpToDays < bands[j].UpToDays })
	for _, b := range bands {
		if late <= b.UpToDays {
			return ptr(b.Percent), fmt.Sprintf("completato il %s, %s dopo la scadenza del %s: %s", when.Format("02/01/2006"), italian.Count(late, "giorno", "giorni"), due.Format("02/01/2006"), FormatPercent(b.Percent))
		}
	}
	return ptr(0), fmt.Sprintf("completato il %s, %s dopo la scadenza del %s: oltre i ritardi ammessi", when.Format("02/01/2006"), italian.Count(late, "giorno", "giorni"), due.Format("02/01/2006"))
}

// relative compares with another year: the target of that year
// ("mantenimento target 2022") or the value measured then ("maggiore 2022").
func relative(in *domain.Indicator, r domain.TargetRule, m domain.Measurement, h History, smvp domain.SMVP, depth int) (*float64, string) {
	if r.Relation == target.RelMaintain && depth < 5 {
		if t, ok := in.Target(r.Year); ok && t.Text != "" {
			prev := RuleOf(in, t)
			if prev.Kind != domain.RuleNotMeasurable {
				a, how := achieve(in, prev, m, h, smvp, depth+1)
				return a, fmt.Sprintf("mantenimento del target %d («%s»): %s", r.Year, t.Text, how)
			}
		}
	}
	if r.Year == 0 && isChange(r.Relation) {
		return changeFromBaseline(in, r, m)
	}
	past := h.latest(r.Year)
	if past == nil || past.Number == nil || m.Number == nil {
		return nil, fmt.Sprintf("serve il valore misurato nel %d per il confronto", r.Year)
	}
	v, p := *m.Number, *past.Number
	if isChange(r.Relation) {
		return change(r, v, p, fmt.Sprintf("il %d", r.Year))
	}
	var met bool
	switch r.Relation {
	case target.RelGreater:
		met = v > p
	case target.RelGreaterOrEqual:
		met = v >= p
	case target.RelLess:
		met = v < p
	case target.RelLessOrEqual:
		met = v <= p
	case target.RelBetter:
		met = v > p
		if r.Direction == domain.LowerIsBetter {
			met = v < p
		}
	default: // not worse, maintain
		met = v >= p
		if r.Direction == domain.LowerIsBetter {
			met = v <= p
		}
	}
	how := fmt.Sprintf("%s nel %d contro %s nel %d", FormatNumber(v), m.Date.Year(), FormatNumber(p), r.Year)
	return binary(met, how+": raggiunto", how+": non raggiunto")
}

func isChange(rel string) bool {
	return rel == target.RelIncreaseBy || rel == target.RelIncreasePercent || rel == target.RelDecreasePercent
}

// changeFromBaseline scores a change counted from the baseline, which must
// be a number by now.
func changeFromBaseline(in *domain.Indicator, r domain.TargetRule, m domain.Measurement) (*float64, string) {
	if in.Baseline.Value == nil || m.Number == nil {
		return nil, "serve il valore di partenza (baseline) come numero, e un valore misurato, per il confronto"
	}
	return change(r, *m.Number, *in.Baseline.Value, "la baseline")
}

// change scores a value against a reference changed by the rule: "2 in
// più", "aumento del 20%", "riduzione del 10%". Reaching the changed
// reference is the target.
func change(r domain.TargetRule, v, ref float64, what string) (*float64, string) {
	if r.Value == nil {
		return nil, "il target non indica di quanto cambiare"
	}
	want := ref + *r.Value
	met := v >= want
	switch r.Relation {
	case target.RelIncreasePercent:
		want = ref * (1 + *r.Value/100)
		met = v >= want
	case target.RelDecreasePercent:
		want = ref * (1 - *r.Value/100)
		met = v <= want
	}
	how := fmt.Sprintf("%s contro %s da raggiungere (%s %s)", FormatNumber(v), FormatNumber(want), what, FormatNumber(ref))
	return binary(met, how+": raggiunto", how+": non raggiunto")
}

// isDone reads yes/no from a measurement: sì/no, a completion date, or a
// number (above zero is done).
func isDone(m domain.Measurement) (done, ok bool) {
	switch {
	case m.Bool != nil:
		return *m.Bool, true
	case m.DateValue != nil:
		return true, true
	case m.Number != nil:
		return *m.Number > 0, true
	}
	return false, false
}

func binary(met bool, yes, no string) (*float64, string) {
	if met {
		return ptr(100), yes
	}
	return ptr(0), no
}

func clamp(a float64) *float64 {
	a = math.Max(0, math.Min(100, a))
	return ptr(round1(a))
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }

func ptr(v float64) *float64 { return &v }
