package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/store/storetest"
)

func TestMonitoring(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s := storetest.MustOpen(t, dialect)
		p := storetest.SamplePlan("Comune di Prova")
		if _, err := s.ImportPlan(ctx, p, "test"); err != nil {
			t.Fatal(err)
		}
		org, version := p.Organization.ID, p.Version.ID
		in := p.Units[1].Objectives[0].Indicators[0]
		yes := true
		done := time.Date(2022, 9, 28, 0, 0, 0, 0, time.UTC)
		ms := []domain.Measurement{
			{IndicatorID: in.ID, Date: time.Date(2022, 6, 30, 0, 0, 0, 0, time.UTC), Number: ptr(27.5), Note: "primo semestre", Evidence: "prot. 123", RecordedBy: "rossi", Achievement: ptr(90.9)},
			{IndicatorID: in.ID, Date: time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC), Bool: &yes, DateValue: &done, RecordedBy: "rossi"},
			{IndicatorID: in.ID, Date: time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC), Text: "in corso", ManualAchievement: ptr(40), Note: "a mano", RecordedBy: "rossi"},
		}
		for i := range ms {
			if err := s.AddMeasurement(ctx, org, &ms[i]); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.Measurements(ctx, org, version)
		if err != nil || len(got) != 3 {
			t.Fatalf("measurements: %v, %d", err, len(got))
		}
		if *got[0].Number != 27.5 || got[0].Note != "primo semestre" || got[0].Evidence != "prot. 123" || *got[0].Achievement != 90.9 ||
			!got[0].Date.Equal(ms[0].Date) || got[1].Bool == nil || !*got[1].Bool || !got[1].DateValue.Equal(done) ||
			got[2].Text != "in corso" || *got[2].ManualAchievement != 40 {
			t.Errorf("measurements read back: %+v", got)
		}

		o := p.Units[1].Objectives[0]
		v := domain.Validation{ObjectiveID: o.ID, Year: 2022, Computed: ptr(90), Percent: 85, Reason: "verificato", ValidatedBy: "ndv"}
		if err := s.AddValidation(ctx, org, &v); err != nil {
			t.Fatal(err)
		}
		vs, err := s.Validations(ctx, org, version)
		if err != nil || len(vs) != 1 || vs[0].Percent != 85 || *vs[0].Computed != 90 || vs[0].Reason != "verificato" {
			t.Fatalf("validations: %v %+v", err, vs)
		}

		// Bad input and other tenants are refused.
		for _, bad := range []error{
			s.AddMeasurement(ctx, org, &domain.Measurement{IndicatorID: 42, RecordedBy: "x"}),
			s.AddMeasurement(ctx, org+1, &domain.Measurement{IndicatorID: in.ID, RecordedBy: "x"}),
			s.AddValidation(ctx, org, &domain.Validation{ObjectiveID: o.ID, Percent: 120, Reason: "r", ValidatedBy: "n"}),
			s.AddValidation(ctx, org, &domain.Validation{ObjectiveID: o.ID, Percent: 50, ValidatedBy: "n"}),
		} {
			if bad == nil || (domain.ErrorCode(bad) != domain.ENOTFOUND && domain.ErrorCode(bad) != domain.EINVALID) {
				t.Errorf("accepted bad input: %v", bad)
			}
		}
		if n, _ := s.Measurements(ctx, org+1, version); len(n) != 0 {
			t.Error("another organization sees the measurements")
		}

		// A draft with measurements is not replaced by a re-import.
		again := storetest.SamplePlan("Comune di Prova")
		if _, err := s.ImportPlan(ctx, again, "test"); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("re-import over measurements: %v", err)
		}
		if got, _ := s.Measurements(ctx, org, version); len(got) != 3 {
			t.Error("measurements lost")
		}

		// Every change is in the audit log.
		log, _ := s.AuditLog(ctx, org, 0)
		counted := map[string]int{}
		for _, e := range log {
			counted[e.Entity]++
		}
		if counted["measurement"] != 3 || counted["validation"] != 1 {
			t.Errorf("audit log: %v", counted)
		}
	})
}

func TestSMVPVersions(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s := storetest.MustOpen(t, dialect)
		p := storetest.SamplePlan("Comune di Prova")
		if _, err := s.ImportPlan(ctx, p, "test"); err != nil {
			t.Fatal(err)
		}
		org, cycle := p.Organization.ID, p.Cycle.ID
		if _, err := s.SMVP(ctx, org, cycle); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("no SMVP yet: %v", err)
		}
		cfg := domain.DefaultSMVP()
		if st, err := s.SaveSMVP(ctx, org, cycle, cfg, "admin"); err != nil || st.Version != 1 {
			t.Fatalf("save 1: %v", err)
		}
		cfg.Methods[domain.RuleAtLeast] = domain.AchievementMethod{Method: domain.MethodThreshold, Floor: 60}
		cfg.ManagerWeights = domain.ManagerWeights{Objectives: 60, Organization: 20, Behaviour: 20}
		if st, err := s.SaveSMVP(ctx, org, cycle, cfg, "admin"); err != nil || st.Version != 2 {
			t.Fatalf("save 2: %v", err)
		}
		st, err := s.SMVP(ctx, org, cycle)
		if err != nil || st.Version != 2 || st.SMVP.Methods[domain.RuleAtLeast].Floor != 60 || st.SMVP.ManagerWeights.Behaviour != 20 || st.CreatedBy != "admin" {
			t.Fatalf("read back: %v %+v", err, st)
		}
		bad := domain.DefaultSMVP()
		bad.ManagerWeights.Objectives = 90
		if _, err := s.SaveSMVP(ctx, org, cycle, bad, "admin"); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("weights not summing to 100 accepted: %v", err)
		}
	})
}

func ptr(f float64) *float64 { return &f }
