package score_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/ingest"
	"github.com/performa-pa/performa/internal/score"
	"github.com/performa-pa/performa/internal/seedtest"
	"github.com/performa-pa/performa/internal/target"
)

// seedPlan parses the seed and numbers its objectives and indicators as the
// store would.
func seedPlan(tb testing.TB) *domain.Plan {
	tb.Helper()
	p, err := ingest.Parse(seedtest.File, seedtest.Bytes(tb), ingest.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	var id int64
	for _, u := range p.Units {
		id++
		u.ID = id
		for _, o := range u.Objectives {
			id++
			o.ID = id
			for _, in := range o.Indicators {
				id++
				in.ID = id
			}
		}
	}
	return p
}

func objectiveAt(p *domain.Plan, line int) *domain.Objective {
	for _, u := range p.Units {
		for _, o := range u.Objectives {
			if o.Source.Line == line {
				return o
			}
		}
	}
	panic("no objective")
}

func measure(in *domain.Indicator, day, value string) domain.Measurement {
	m := score.ParseValue(value)
	m.IndicatorID = in.ID
	m.Date, _ = time.Parse("2006-01-02", day)
	return m
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func near(p *float64, want float64) bool { return p != nil && math.Abs(*p-want) < 0.051 }

func TestComputeSeed(t *testing.T) {
	p := seedPlan(t)
	o11 := objectiveAt(p, 28) // Segreteria generale 1.1. (70%): <= 12 gg (50%), almeno tre report (20%)
	o12 := objectiveAt(p, 30) // 1.2 (30%): entro 30 giugno 2022
	e12 := objectiveAt(p, 7)  // ente 1.2 (5%): almeno n. 5 processi
	e17 := objectiveAt(p, 12) // ente 1.7 (10%): questionnaires, at least 50%
	in := score.Input{
		Plan: p, Year: 2022, SMVP: domain.DefaultSMVP(), Now: time.Date(2022, 12, 31, 12, 0, 0, 0, time.UTC), // provisional
		Measurements: []domain.Measurement{
			measure(o11.Indicators[0], "2022-12-31", "12"),
			measure(o11.Indicators[1], "2022-12-31", "3"),
			measure(o12.Indicators[0], "2022-06-20", "sì"),
			measure(e12.Indicators[0], "2022-12-31", "5"),
			measure(e17.Indicators[0], "2022-09-30", "40%"), // target 2022: at least 50% by 30 September
		},
	}
	res := score.Compute(in)
	seg := res.Units[1]
	if !near(seg.Objectives[0].Score, 100) || !near(seg.Objectives[1].Score, 100) || !near(seg.Score, 100) || seg.Scored != 2 {
		t.Fatalf("Segreteria: 1.1. %v, 1.2 %v, unit %v (%s)", seg.Objectives[0].Score, seg.Objectives[1].Score, seg.Score, seg.How)
	}
	if !near(res.Organization.Score, 86.7) { // (5 × 100 + 10 × 40/50) / 15
		t.Errorf("ente = %v (%s), want 86,7", deref(res.Organization.Score), res.Organization.How)
	}
	if res.Units[2].Score != nil {
		t.Errorf("Area finanziaria has no measurement, score %v", *res.Units[2].Score)
	}

	// The Nucleo validates 1.2 at 80%: the validated figure counts, the
	// computed one is kept.
	in.Validations = []domain.Validation{
		{ObjectiveID: o12.ID, Year: 2022, Percent: 60, Reason: "prima stesura", ValidatedAt: time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC)},
		{ObjectiveID: o12.ID, Year: 2022, Percent: 80, Reason: "statuto approvato ma non pubblicato", ValidatedAt: time.Date(2023, 5, 2, 0, 0, 0, 0, time.UTC)},
		{ObjectiveID: o12.ID, Year: 2023, Percent: 10, Reason: "altro anno", ValidatedAt: time.Date(2024, 5, 2, 0, 0, 0, 0, time.UTC)},
	}
	res = score.Compute(in)
	seg = res.Units[1]
	o := seg.Objectives[1]
	if !near(o.Score, 80) || !near(o.Computed, 100) || o.Validation == nil || o.Validation.Reason != "statuto approvato ma non pubblicato" {
		t.Fatalf("validated 1.2: score %v computed %v", o.Score, o.Computed)
	}
	if !near(seg.Score, 94) { // (70 × 100 + 30 × 80) / 100
		t.Errorf("Segreteria with validation = %v, want 94", seg.Score)
	}

	// Manager: 70% their units' objectives + 30% the ente's.
	var nardi *score.ManagerScore
	for i := range res.Managers {
		if res.Managers[i].Name == "Segretario Generale Giulio Nardi" {
			nardi = &res.Managers[i]
		}
	}
	if nardi == nil || !near(nardi.Objectives, 94) || !near(nardi.Score, 91.8) || !near(nardi.Reward, 91.8) { // 70% × 94 + 30% × 86,7
		t.Fatalf("Nardi: %+v", nardi)
	}
	if len(res.Managers) != 7 {
		t.Errorf("%d managers, want 7 (one per area)", len(res.Managers))
	}
	for _, m := range res.Managers {
		if m.Name != nardi.Name && m.Objectives != nil {
			t.Errorf("%s has objectives measured: %v", m.Name, *m.Objectives)
		}
	}
}

func TestRewardBands(t *testing.T) {
	p := seedPlan(t)
	o12 := objectiveAt(p, 30)
	smvp := domain.DefaultSMVP()
	smvp.ManagerWeights = domain.ManagerWeights{Objectives: 100}
	for _, tt := range []struct {
		validated  float64
		reward     float64
		rewardNone bool
	}{{40, 0, false}, {50, 50, false}, {75, 75, false}, {100, 100, false}} {
		in := score.Input{Plan: p, Year: 2022, SMVP: smvp, Validations: []domain.Validation{
			{ObjectiveID: p.Units[1].Objectives[0].ID, Year: 2022, Percent: tt.validated, Reason: "r"},
			{ObjectiveID: o12.ID, Year: 2022, Percent: tt.validated, Reason: "r"},
		}}
		res := score.Compute(in)
		for _, m := range res.Managers {
			if m.Name == "Segretario Generale Giulio Nardi" && !near(m.Reward, tt.reward) {
				t.Errorf("score %v: reward %v, want %v", tt.validated, m.Reward, tt.reward)
			}
		}
	}
}

// BenchmarkCompute300 scores one organization of 300 objectives × 3
// indicators, rules understood at import as the store keeps them.
func BenchmarkCompute300(b *testing.B) {
	p := generated(300, 3)
	target.Annotate(p)
	in := score.Input{Plan: p, Year: 2022, SMVP: domain.DefaultSMVP(), Measurements: measurementsFor(p)}
	b.ReportAllocs()
	for b.Loop() {
		score.Compute(in)
	}
}

// BenchmarkComputeNational scores 8,000 organizations (every comune) of 40
// objectives × 2 indicators each in one run.
func BenchmarkComputeNational(b *testing.B) {
	const orgs = 8000
	p := generated(40, 2)
	target.Annotate(p)
	inputs := make([]score.Input, orgs)
	for i := range inputs {
		inputs[i] = score.Input{Plan: p, Year: 2022, SMVP: domain.DefaultSMVP(), Measurements: measurementsFor(p)}
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, in := range inputs {
			score.Compute(in)
		}
	}
}

// generated is a plan of n objectives in areas of 10, k indicators each,
// with targets the parser understands.
func generated(n, k int) *domain.Plan {
	p := &domain.Plan{Cycle: domain.Cycle{FirstYear: 2022, LastYear: 2024}}
	var u *domain.Unit
	var id int64
	texts := []string{">= 10 pratiche", "<= 15 gg", "entro il 30/09/2022", "80%", "n. 12"}
	for i := range n {
		if i%10 == 0 {
			u = &domain.Unit{Name: "Area", Manager: "Responsabile " + string(rune('A'+i/10%26)), Kind: domain.UnitArea}
			p.Units = append(p.Units, u)
		}
		id++
		w := 10.0
		o := &domain.Objective{ID: id, Weight: &w}
		for j := range k {
			id++
			in := &domain.Indicator{ID: id, Description: "indicatore"}
			for y := 2022; y <= 2024; y++ {
				t := texts[(i+j)%len(texts)]
				in.Targets = append(in.Targets, domain.Target{Year: y, Text: t})
			}
			o.Indicators = append(o.Indicators, in)
		}
		u.Objectives = append(u.Objectives, o)
	}
	return p
}

func measurementsFor(p *domain.Plan) []domain.Measurement {
	var ms []domain.Measurement
	for _, u := range p.Units {
		for _, o := range u.Objectives {
			for _, in := range o.Indicators {
				ms = append(ms, measure(in, "2022-09-30", "9"))
			}
		}
	}
	return ms
}

// A signed-off year keeps its final figures, whatever is computed now.
func TestLockedScores(t *testing.T) {
	p := seedPlan(t)
	o11 := objectiveAt(p, 28)
	o12 := objectiveAt(p, 30)
	final := 55.0
	ente := 77.0
	// A sign-off made before results were required may hold objectives
	// without a score: they stay out.
	in := score.Input{Plan: p, Year: 2022, SMVP: domain.DefaultSMVP(),
		Measurements: []domain.Measurement{measure(o11.Indicators[1], "2022-12-31", "3")},
		Locked: &domain.LockedScores{Organization: &ente, Objectives: []domain.LockedObjective{
			{ID: o11.ID, Score: &final}, {ID: o12.ID}}}}
	res := score.Compute(in)
	o := res.Units[1].Objectives[0]
	if !near(o.Score, 55) || !near(res.Units[1].Score, 55) || !near(res.Organization.Score, 77) || res.Status != score.Final {
		t.Errorf("locked: objective %v, unit %v, ente %v, %s", deref(o.Score), deref(res.Units[1].Score), deref(res.Organization.Score), res.Status)
	}
	if !strings.HasPrefix(res.Units[1].How, "definitivo") || res.Units[1].Coverage.Missing != 1 {
		t.Errorf("locked unit: %s %+v", res.Units[1].How, res.Units[1].Coverage)
	}
	// The unit's locked figure counts even where objectives would say
	// otherwise (a later SMVP, say).
	in.Locked.Units = []domain.LockedUnit{{ID: p.Units[1].ID, Score: ptr(60)}}
	if res := score.Compute(in); !near(res.Units[1].Score, 60) {
		t.Errorf("locked unit score: %v", deref(res.Units[1].Score))
	}
}

func ptr(v float64) *float64 { return &v }

// A variation approved after the sign-off gives objectives and units new
// ids: the locked figures find them by identity; a unit of the same name
// but another identity is not given another's figure.
func TestLockedScoresByIdentity(t *testing.T) {
	p := seedPlan(t)
	u := p.Units[1]
	o := u.Objectives[0]
	o.Identity, u.Identity = 9001, 9002
	final := 42.0
	locked := &domain.LockedScores{
		Units:      []domain.LockedUnit{{ID: 1, Identity: 9002, Name: "altro nome", Score: ptr(33)}},
		Objectives: []domain.LockedObjective{{ID: 2, Identity: 9001, Score: &final}}}
	res := score.Compute(score.Input{Plan: p, Year: 2022, SMVP: domain.DefaultSMVP(), Locked: locked})
	got := res.Units[1]
	if !near(got.Objectives[0].Score, 42) || !strings.HasPrefix(got.Objectives[0].How, "definitivo") || !near(got.Score, 33) {
		t.Errorf("by identity: objective %v (%s), unit %v", deref(got.Objectives[0].Score), got.Objectives[0].How, deref(got.Score))
	}
	locked.Units = []domain.LockedUnit{{ID: 1, Identity: 7, Name: u.Name, Score: ptr(33)}}
	if res := score.Compute(score.Input{Plan: p, Year: 2022, SMVP: domain.DefaultSMVP(), Locked: locked}); near(res.Units[1].Score, 33) {
		t.Errorf("a unit of another identity took the locked figure by name")
	}
}
