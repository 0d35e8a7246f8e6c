package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/store/storetest"
)

// Measurements a plan's file brings travel with the plan: written by the
// import, loaded with the plan, replaced by a re-import; a measurement
// recorded in performa keeps the draft from being replaced.
func TestImportedMeasurements(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s := storetest.MustOpen(t, dialect)
		withValues := func(values ...string) *domain.Plan {
			p := storetest.SamplePlan("Comune di Prova")
			in := p.Units[1].Objectives[0].Indicators[0]
			yes := true
			for i, v := range values {
				m := domain.Measurement{Date: time.Date(2022, time.Month(3*(i+1))+1, 0, 0, 0, 0, 0, time.UTC), Text: v, Note: "avanzamento dichiarato: 50%"}
				switch v {
				case "sì":
					m.Bool = &yes
				case "15/09/2022":
					d := time.Date(2022, 9, 15, 0, 0, 0, 0, time.UTC)
					m.DateValue = &d
				default:
					m.Number = ptr(12.5)
				}
				in.Measurements = append(in.Measurements, m)
			}
			return p
		}
		p := withValues("12,5", "sì", "15/09/2022")
		if _, err := s.ImportPlan(ctx, p, "test"); err != nil {
			t.Fatal(err)
		}
		org, version := p.Organization.ID, p.Version.ID
		got, err := s.Plan(ctx, org, version)
		if err != nil {
			t.Fatal(err)
		}
		ms := got.Units[1].Objectives[0].Indicators[0].Measurements
		if len(ms) != 3 || ms[0].Text != "12,5" || *ms[0].Number != 12.5 || ms[0].Note != "avanzamento dichiarato: 50%" ||
			ms[0].Date.Format(time.DateOnly) != "2022-03-31" || ms[1].Bool == nil || !*ms[1].Bool ||
			ms[2].DateValue == nil || ms[2].DateValue.Format(time.DateOnly) != "2022-09-15" || ms[2].RecordedBy != domain.RecordedByImport {
			t.Fatalf("loaded measurements: %+v", ms)
		}
		if all, _ := s.Measurements(ctx, org, version); len(all) != 3 {
			t.Errorf("monitoring sees %d measurements", len(all))
		}

		// A re-import replaces the imported measurements.
		p = withValues("7")
		if _, err := s.ImportPlan(ctx, p, "test"); err != nil {
			t.Fatalf("re-import over imported measurements: %v", err)
		}
		all, _ := s.Measurements(ctx, org, p.Version.ID)
		if len(all) != 1 || all[0].Text != "7" {
			t.Fatalf("after re-import: %+v", all)
		}

		// One recorded in performa blocks it.
		in := p.Units[1].Objectives[0].Indicators[0]
		if err := s.AddMeasurement(ctx, org, &domain.Measurement{IndicatorID: in.ID,
			Date: time.Date(2022, 6, 30, 0, 0, 0, 0, time.UTC), Number: ptr(3), RecordedBy: "rossi"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ImportPlan(ctx, withValues("8"), "test"); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("re-import over a recorded measurement: %v", err)
		}
	})
}
