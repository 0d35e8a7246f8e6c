package quality_test

import (
	"testing"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/ingest"
	"github.com/performa-pa/performa/internal/quality"
	"github.com/performa-pa/performa/internal/seedtest"
)

func TestSeedQuality(t *testing.T) {
	p, err := ingest.Parse(seedtest.File, seedtest.Bytes(t), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	before := len(p.Diagnostics)
	r := quality.Review(p)
	o := r.Overall
	if o.Objectives != 124 || o.Targets == 0 || o.Measurable+o.NotMeasurable != o.Targets {
		t.Fatalf("overall: %+v", o)
	}
	if o.MeasurableShare < 90 || o.MeasurableShare > 100 {
		t.Errorf("measurable share %v%%: the seed's targets are mostly measurable", o.MeasurableShare)
	}
	if o.WeightsAddUp || !r.Units[0].WeightsAddUp || r.Units[2].WeightsAddUp {
		t.Errorf("weights: overall %v, ente %v, Area finanziaria %v", o.WeightsAddUp, r.Units[0].WeightsAddUp, r.Units[2].WeightsAddUp)
	}
	if o.CrossCutting < 8 {
		t.Errorf("cross-cutting objectives: %d", o.CrossCutting)
	}
	// Sheet 6 rewrites most of its targets later ("da riformulare").
	if u := r.Units[5]; u.NotMeasurable < 8 || u.MeasurableShare > 80 {
		t.Errorf("Area – Massimo Duchini: %+v", u.Figures)
	}
	// Sheet 7 has no baselines for its routine objectives.
	if r.Units[6].MissingBaselines < 30 {
		t.Errorf("LL.PP. missing baselines: %d", r.Units[6].MissingBaselines)
	}
	// Every not measurable target is a diagnostic with the reason.
	n := 0
	for _, d := range p.Diagnostics[:] {
		if d.Code == "quality.not_measurable" {
			n++
			if d.Sheet == 0 || d.Line == 0 || d.Severity != domain.SeverityWarning {
				t.Errorf("diagnostic without place: %+v", d)
			}
		}
	}
	if n != o.NotMeasurable || len(p.Diagnostics) <= before {
		t.Errorf("%d not-measurable diagnostics for %d targets", n, o.NotMeasurable)
	}
	// Rules are attached to every target with a text.
	for _, u := range p.Units {
		for _, ob := range u.Objectives {
			for _, in := range ob.Indicators {
				for _, tg := range in.Targets {
					if (tg.Text == "") != (tg.Rule == nil) {
						t.Fatalf("line %d target %d %q: rule %v", in.Source.Line, tg.Year, tg.Text, tg.Rule)
					}
				}
			}
		}
	}
}

func TestBelowBaselineAndDeadlines(t *testing.T) {
	in := &domain.Indicator{Description: "pratiche evase", Baseline: domain.Baseline{Text: "95,60%", Value: ptr(95.6)},
		Source:  domain.SourceRef{Sheet: 1, Line: 10},
		Targets: []domain.Target{{Year: 2022, Text: ">75%"}, {Year: 2023, Text: "entro il 30/06/2026"}, {Year: 2024, Text: "100%"}}}
	p := &domain.Plan{Cycle: domain.Cycle{FirstYear: 2022, LastYear: 2024}, Units: []*domain.Unit{{Name: "Area", Objectives: []*domain.Objective{
		{Code: "1", Position: 1, Indicators: []*domain.Indicator{in}},
	}}}}
	r := quality.Review(p)
	if r.Overall.BelowBaseline != 1 || r.Overall.DeadlinesOutsideCycle != 1 || r.Overall.Targets != 3 {
		t.Errorf("figures: %+v", r.Overall)
	}
	codes := map[string]bool{}
	for _, d := range p.Diagnostics {
		codes[d.Code] = true
	}
	if !codes["quality.below_baseline"] || !codes["quality.deadline_outside_cycle"] {
		t.Errorf("diagnostics: %+v", p.Diagnostics)
	}
}

func ptr(f float64) *float64 { return &f }
