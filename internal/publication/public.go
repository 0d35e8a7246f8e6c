package publication

import (
	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/score"
)

// The public views. They are built field by field from the plan and the
// score, never by copying a structure whole: a field added to
// score.Result or domain.Plan later stays private until someone decides
// here that the public may read it.

// Plan is what the public reads of a plan version: the units with their
// manager (the responsabile the plan names), the objectives, their
// indicators, baselines and targets. Staff involved and notes are left
// out: they may name people beyond the responsabili.
type Plan struct {
	Cycle   domain.Cycle
	Version domain.Version
	Units   []Unit
}

// Unit is a unit of the public plan.
type Unit struct {
	Identity   int64
	Name       string
	Manager    string
	Objectives []Objective
}

// Objective is an objective of the public plan.
type Objective struct {
	Identity   int64
	Code       string
	Title      string
	Weight     *float64
	Kind       domain.ObjectiveKind
	Mission    domain.Classified
	Program    domain.Classified
	Indicators []Indicator
}

// Indicator is an indicator of the public plan.
type Indicator struct {
	Identity      int64
	Description   string
	UnitOfMeasure string
	Weight        *float64
	Direction     domain.Direction
	Baseline      domain.Baseline
	Targets       []domain.Target
	src           *domain.Indicator
}

// Source is the plan's indicator, for saying its target rule in words.
func (in Indicator) Source() *domain.Indicator { return in.src }

// PublicPlan is the public view of p.
func PublicPlan(p *domain.Plan) Plan {
	out := Plan{Cycle: p.Cycle, Version: publicVersion(p.Version)}
	for _, u := range p.Units {
		pu := Unit{Identity: u.Identity, Name: u.Name, Manager: u.Manager}
		for _, o := range u.Objectives {
			po := Objective{Identity: o.Identity, Code: o.Code, Title: o.Title, Weight: o.Weight, Kind: o.Kind,
				Mission: o.Mission, Program: o.Program}
			for _, in := range o.Indicators {
				po.Indicators = append(po.Indicators, Indicator{Identity: in.Identity, Description: in.Description,
					UnitOfMeasure: in.UnitOfMeasure, Weight: in.Weight, Direction: in.Direction, Baseline: in.Baseline,
					Targets: in.Targets, src: in})
			}
			pu.Objectives = append(pu.Objectives, po)
		}
		out.Units = append(out.Units, pu)
	}
	return out
}

// publicVersion keeps of a version what its act made public: number,
// status, the variation's reason and the delibera.
func publicVersion(v domain.Version) domain.Version {
	return domain.Version{Number: v.Number, Status: v.Status, Reason: v.Reason, ActNumber: v.ActNumber, ActDate: v.ActDate}
}

// Versions are the public view of a cycle's versions: the approved ones
// (in force or replaced by a variation), with their acts, oldest first.
func Versions(all []domain.PlanSummary, cycleID int64) []domain.Version {
	var out []domain.Version
	for i := len(all) - 1; i >= 0; i-- {
		v := all[i].Version
		if all[i].Cycle.ID == cycleID && v.Status != domain.VersionDraft {
			out = append(out, publicVersion(v))
		}
	}
	return out
}

// Results is what the public reads of a year's results: the ente's score,
// each unit's and each objective's, how final they are and what they rest
// on. No individual figure: score.Result.Managers (their scores, behaviour
// ratings and rewards) is never read here.
type Results struct {
	Year         int
	Status       score.Status
	Policy       domain.MissingPolicy
	Organization *float64
	Coverage     score.Coverage // of the ente's figure
	Units        []UnitResult
}

// UnitResult is a unit's result. It does not name the unit's manager:
// next to a score, a person's name would read as their own evaluation.
type UnitResult struct {
	Identity   int64
	Name       string
	Score      *float64
	Coverage   score.Coverage
	Objectives []ObjectiveResult
}

// ObjectiveResult is an objective's result.
type ObjectiveResult struct {
	Identity int64
	Code     string
	Title    string
	Weight   *float64
	State    score.ObjectiveState
	Counted  bool
	Computed *float64 // from the measurements
	// Validated is the Nucleo's figure when it set one (nil when it
	// confirmed the computed one, or did not validate).
	Validated *float64
	Confirmed bool // the Nucleo confirmed the computed figure
	Score     *float64
	// Reason is the Nucleo's reason for its figure or for neutralising.
	Reason     string
	Indicators []IndicatorResult
}

// IndicatorResult is an indicator's result in the year.
type IndicatorResult struct {
	Identity    int64
	Description string
	Target      string // as written
	Measured    *domain.Measurement
	Achievement *float64
	src         *domain.Indicator
}

// Source is the plan's indicator, for formatting its value.
func (in IndicatorResult) Source() *domain.Indicator { return in.src }

// PublicResults is the public view of res: the ente, units and
// objectives.
func PublicResults(res score.Result) Results {
	out := Results{Year: res.Year, Status: res.Status, Policy: res.Policy, Organization: copyFloat(res.Organization.Score),
		Coverage: res.OrganizationCoverage}
	for _, u := range res.Units {
		pu := UnitResult{Identity: u.Unit.Identity, Name: u.Unit.Name, Score: copyFloat(u.Score),
			Coverage: u.Coverage}
		for _, o := range u.Objectives {
			po := ObjectiveResult{Identity: o.Objective.Identity, Code: o.Objective.Code, Title: o.Objective.Title,
				Weight: o.Objective.Weight, State: o.State, Counted: o.Counted, Computed: copyFloat(o.Computed),
				Score: copyFloat(o.Score)}
			switch v := o.Validation; {
			case o.Neutralisation != nil:
				po.Reason = o.Neutralisation.Reason
			case v != nil && v.Kind == domain.ValidationConfirmed:
				po.Confirmed = true
			case v != nil:
				p := v.Percent
				po.Validated, po.Reason = &p, v.Reason
			}
			for _, is := range o.Indicators {
				pi := IndicatorResult{Identity: is.Indicator.Identity, Description: is.Indicator.Description,
					Target: is.Target.Text, Achievement: copyFloat(is.Achievement), src: is.Indicator}
				if m := is.Measurement; m != nil {
					// The value and its date only: who recorded it, the
					// note and the evidence stay inside.
					pi.Measured = &domain.Measurement{Date: m.Date, Number: m.Number, Bool: m.Bool, DateValue: m.DateValue, Text: m.Text}
				}
				po.Indicators = append(po.Indicators, pi)
			}
			pu.Objectives = append(pu.Objectives, po)
		}
		out.Units = append(out.Units, pu)
	}
	return out
}

// Final reports whether the figures are the Nucleo's final ones.
func (r Results) Final() bool { return r.Status == score.Final }

// StatusLine says how final the ente's figure is and what it rests on.
func (r Results) StatusLine() string { return score.StatusLine(r.Status, r.Policy, r.Coverage) }

// StatusLine says how final the unit's figure is and what it rests on.
func (u UnitResult) StatusLine(r Results) string {
	return score.StatusLine(r.Status, r.Policy, u.Coverage)
}

func copyFloat(p *float64) *float64 {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
