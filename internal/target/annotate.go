package target

import "github.com/performa-pa/performa/internal/domain"

// Annotate understands every target of a plan: each gets its rule, and each
// indicator without a direction takes the one its first measurable target
// states. Import calls it once, so that rules are stored with the plan and
// scoring need not parse text again.
func Annotate(p *domain.Plan) {
	for _, u := range p.Units {
		for _, o := range u.Objectives {
			for _, in := range o.Indicators {
				annotateIndicator(in)
			}
		}
	}
}

func annotateIndicator(in *domain.Indicator) {
	for i := range in.Targets {
		t := &in.Targets[i]
		if t.Text == "" && !t.Milestone {
			t.Rule = nil
			continue
		}
		r := Parse(t.Text, Context{Year: t.Year, Baseline: in.Baseline.Text, Indicator: in.Description,
			Deadline: t.Deadline, Milestone: t.Milestone})
		t.Rule = &r
		if in.Direction == domain.DirectionUnknown && r.Direction != domain.DirectionUnknown {
			in.Direction = r.Direction
		}
		if in.UnitOfMeasure == "" && r.Unit != "" && r.Kind != domain.RuleNotMeasurable {
			in.UnitOfMeasure = r.Unit
		}
	}
}
