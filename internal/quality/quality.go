// Package quality measures how well a plan is written, as the Nucleo di
// Valutazione would: are its targets measurable (art. 5 D.Lgs 150/2009
// wants objectives specific and measurable), do indicators have a baseline,
// do targets ask more than the starting point, do deadlines fall within the
// cycle, do weights add up, which objectives are handed to every unit. It
// reads target rules already understood (target.Annotate) and does no I/O.
package quality

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/target"
)

// Report is the quality of a plan, per unit and overall.
type Report struct {
	Overall Figures       `json:"overall"`
	Units   []UnitFigures `json:"units"`
}

// UnitFigures are one unit's figures.
type UnitFigures struct {
	Name string `json:"name"`
	Figures
}

// Figures count what a reader of the plan checks.
type Figures struct {
	Objectives            int     `json:"objectives"`
	Targets               int     `json:"targets"` // targets with a text
	Measurable            int     `json:"measurable"`
	MeasurableShare       float64 `json:"measurable_share"` // percent of Targets
	NotMeasurable         int     `json:"not_measurable"`
	MissingBaselines      int     `json:"missing_baselines"`
	BelowBaseline         int     `json:"targets_below_baseline"`
	DeadlinesOutsideCycle int     `json:"deadlines_outside_cycle"`
	WeightTotal           float64 `json:"weight_total"`
	WeightsAddUp          bool    `json:"weights_add_up"`
	CrossCutting          int     `json:"cross_cutting_objectives"`
}

// Assess computes the report and the diagnostics that point at each
// problem (sheet and line of the indicator).
func Assess(p *domain.Plan) (Report, []domain.Diagnostic) {
	var r Report
	var diags []domain.Diagnostic
	for _, u := range p.Units {
		f, d := unit(p.Cycle, u)
		r.Units = append(r.Units, UnitFigures{u.Name, f})
		diags = append(diags, d...)
		r.Overall.add(f)
	}
	r.Overall.finish()
	r.Overall.WeightsAddUp = true
	for _, u := range r.Units {
		r.Overall.WeightsAddUp = r.Overall.WeightsAddUp && u.WeightsAddUp
	}
	return r, diags
}

func unit(c domain.Cycle, u *domain.Unit) (Figures, []domain.Diagnostic) {
	f := Figures{Objectives: len(u.Objectives), WeightTotal: round(u.TotalWeight())}
	want := 100.0
	if u.DeclaredTotalWeight != nil {
		want = *u.DeclaredTotalWeight
	}
	f.WeightsAddUp = math.Abs(u.TotalWeight()-want) < 0.005
	var diags []domain.Diagnostic
	note := func(sev domain.Severity, code string, in *domain.Indicator, format string, args ...any) {
		diags = append(diags, domain.Diagnostic{Severity: sev, Code: code, Sheet: in.Source.Sheet, Line: in.Source.Line,
			Message: fmt.Sprintf(format, args...)})
	}
	for _, o := range u.Objectives {
		if o.Kind == domain.ObjectiveCrossCutting {
			f.CrossCutting++
		}
		for _, in := range o.Indicators {
			measurable := 0
			for _, t := range in.Targets {
				if t.Text == "" || t.Rule == nil {
					continue
				}
				f.Targets++
				r := t.Rule
				if r.Kind == domain.RuleNotMeasurable {
					f.NotMeasurable++
					note(domain.SeverityWarning, "quality.not_measurable", in,
						"obiettivo %s, target %d «%s» non misurabile: %s", ref(o), t.Year, short(t.Text), r.Reason)
					continue
				}
				f.Measurable++
				measurable++
				if below(in, r) {
					f.BelowBaseline++
					note(domain.SeverityWarning, "quality.below_baseline", in,
						"obiettivo %s, target %d «%s» è meno ambizioso del punto di partenza «%s»", ref(o), t.Year, short(t.Text), short(in.Baseline.Text))
				}
				if y := deadlineYear(r); y != 0 && !c.Contains(y) {
					f.DeadlinesOutsideCycle++
					note(domain.SeverityWarning, "quality.deadline_outside_cycle", in,
						"obiettivo %s, target %d «%s»: scadenza nel %d, fuori dal ciclo %d–%d", ref(o), t.Year, short(t.Text), y, c.FirstYear, c.LastYear)
				}
			}
			if measurable > 0 && strings.TrimSpace(in.Baseline.Text) == "" {
				f.MissingBaselines++
				note(domain.SeverityInfo, "quality.missing_baseline", in,
					"obiettivo %s, indicatore «%s» senza baseline: il punto di partenza non è indicato", ref(o), short(in.Description))
			}
		}
	}
	f.finish()
	return f, diags
}

// below reports a target that asks less than the baseline where higher is
// better (or more where lower is).
func below(in *domain.Indicator, r *domain.TargetRule) bool {
	if in.Baseline.Value == nil || r.Value == nil || baselineUnit(in) != r.Unit {
		return false
	}
	b, v := *in.Baseline.Value, *r.Value
	switch r.Kind {
	case domain.RuleAtLeast, domain.RuleCompletion:
		return v < b
	case domain.RuleAtMost:
		return r.Direction == domain.LowerIsBetter && v > b
	}
	return false
}

// baselineUnit is the unit the baseline's text states ("95,60%" → "%"),
// so that a target in reports is not compared with a baseline in events.
func baselineUnit(in *domain.Indicator) string {
	return target.Parse(in.Baseline.Text, target.Context{Indicator: in.Description}).Unit
}

func deadlineYear(r *domain.TargetRule) int {
	if r.Kind != domain.RuleDeadline || r.Date == "" {
		return 0
	}
	d, err := time.Parse("2006-01-02", r.Date)
	if err != nil {
		return 0
	}
	return d.Year()
}

func (f *Figures) add(g Figures) {
	f.Objectives += g.Objectives
	f.Targets += g.Targets
	f.Measurable += g.Measurable
	f.NotMeasurable += g.NotMeasurable
	f.MissingBaselines += g.MissingBaselines
	f.BelowBaseline += g.BelowBaseline
	f.DeadlinesOutsideCycle += g.DeadlinesOutsideCycle
	f.WeightTotal = round(f.WeightTotal + g.WeightTotal)
	f.CrossCutting += g.CrossCutting
}

func (f *Figures) finish() {
	if f.Targets > 0 {
		f.MeasurableShare = round(float64(f.Measurable) / float64(f.Targets) * 100)
	}
}

func ref(o *domain.Objective) string {
	if o.Code != "" {
		return o.Code
	}
	return fmt.Sprintf("#%d", o.Position)
}

// short cuts long texts for messages.
func short(s string) string {
	r := []rune(s)
	if len(r) <= 60 {
		return s
	}
	return strings.TrimSpace(string(r[:57])) + "…"
}

func round(v float64) float64 { return math.Round(v*10) / 10 }

// Review understands every target of a freshly read plan (target.Annotate)
// and adds the quality diagnostics to the plan's own, so that check, import
// and the web show the same. It returns the report.
func Review(p *domain.Plan) Report {
	target.Annotate(p)
	r, diags := Assess(p)
	p.Diagnostics = domain.SortDiagnostics(append(p.Diagnostics, diags...))
	return r
}
