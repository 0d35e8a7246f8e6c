package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/store/storetest"
)

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// TestSignOff: a year signed off refuses measurements and validations for
// that year, keeps its scores, and the last year closes the cycle.
func TestSignOff(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s := storetest.MustOpen(t, dialect)
		p := storetest.SamplePlan("Comune di Prova")
		if _, err := s.ImportPlan(ctx, p, "test"); err != nil {
			t.Fatal(err)
		}
		org := p.Organization.ID
		in := p.Units[1].Objectives[0].Indicators[0]
		o := p.Units[1].Objectives[0]
		v := p.Version.ID
		stamp, err := s.VersionStamp(ctx, org, v)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.AddMeasurement(ctx, org, &domain.Measurement{IndicatorID: in.ID, Date: day(2022, 6, 30), Number: ptr(20), RecordedBy: "rossi"}); err != nil {
			t.Fatal(err)
		}
		so := &domain.SignOff{CycleID: p.Cycle.ID, Year: 2022, SignedBy: "ndv",
			Scores: domain.LockedScores{Organization: ptr(80), Units: []domain.LockedUnit{{ID: p.Units[1].ID, Name: "Area Tecnica", Score: ptr(75)}}}}
		// The plan is still a draft: a year closes on the approved plan.
		draftStamp, _ := s.VersionStamp(ctx, org, v)
		if err := s.SignOff(ctx, org, so, v, draftStamp); domain.ErrorCode(err) != domain.ECONFLICT || !contains(domain.ErrorMessage(err), "non è approvata") {
			t.Fatalf("sign-off of a draft: %v", err)
		}
		if err := s.ApproveVersion(ctx, org, v, "12", day(2022, 1, 28), "admin"); err != nil {
			t.Fatal(err)
		}
		// Computed before the measurement and the approval: stale.
		if err := s.SignOff(ctx, org, so, v, stamp); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("stale sign-off: %v", err)
		}
		stamp2, _ := s.VersionStamp(ctx, org, v)
		if stamp2 == stamp {
			t.Fatal("a measurement left the version's stamp unchanged")
		}
		if err := s.SignOff(ctx, org, so, v, stamp2); err != nil {
			t.Fatal(err)
		}
		if err := s.SignOff(ctx, org, so, v, stamp2); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("second sign-off: %v", err)
		}
		if err := s.SignOff(ctx, org, &domain.SignOff{CycleID: p.Cycle.ID, Year: 2030, SignedBy: "ndv"}, v, stamp2); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("year outside the cycle: %v", err)
		}
		err = s.AddMeasurement(ctx, org, &domain.Measurement{IndicatorID: in.ID, Date: day(2022, 12, 31), Number: ptr(20), RecordedBy: "rossi"})
		if domain.ErrorCode(err) != domain.ECONFLICT || !contains(domain.ErrorMessage(err), "2022") {
			t.Errorf("measurement after sign-off: %v", err)
		}
		err = s.AddValidation(ctx, org, &domain.Validation{ObjectiveID: o.ID, Year: 2022, Percent: 50, Reason: "r", ValidatedBy: "ndv"})
		if domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("validation after sign-off: %v", err)
		}
		// Another year goes on; a batch with one refused row writes none.
		ok := &domain.Measurement{IndicatorID: in.ID, Date: day(2023, 6, 30), Number: ptr(18), RecordedBy: "rossi"}
		bad := &domain.Measurement{IndicatorID: in.ID, Date: day(2022, 7, 1), Number: ptr(18), RecordedBy: "rossi"}
		if err := s.AddMeasurements(ctx, org, []*domain.Measurement{ok, bad}); domain.ErrorCode(err) != domain.ECONFLICT || ok.ID != 0 {
			t.Errorf("batch with a refused row: %v, id %d", err, ok.ID)
		}
		if ms, _ := s.Measurements(ctx, org, p.Version.ID); len(ms) != 1 {
			t.Errorf("half a batch written: %d measurements", len(ms))
		}
		if err := s.AddMeasurements(ctx, org, []*domain.Measurement{ok}); err != nil {
			t.Fatal(err)
		}
		sos, err := s.SignOffs(ctx, org, p.Cycle.ID)
		if err != nil || len(sos) != 1 || sos[0].Year != 2022 || sos[0].SignedBy != "ndv" || *sos[0].Scores.Organization != 80 ||
			len(sos[0].Scores.Units) != 1 || *sos[0].Scores.Units[0].Score != 75 {
			t.Fatalf("sign-offs: %v %+v", err, sos)
		}
		if sos2, _ := s.SignOffs(ctx, org+1, p.Cycle.ID); len(sos2) != 0 {
			t.Error("another organization sees the sign-offs")
		}
		// Signing off the last year closes the cycle.
		stamp3, _ := s.VersionStamp(ctx, org, v)
		if err := s.SignOff(ctx, org, &domain.SignOff{CycleID: p.Cycle.ID, Year: 2024, SignedBy: "ndv"}, v, stamp3); err != nil {
			t.Fatal(err)
		}
		cur, _ := s.CurrentPlan(ctx, org)
		if cur.Cycle.Status != domain.CycleClosed {
			t.Errorf("cycle after the last sign-off: %s", cur.Cycle.Status)
		}
		err = s.AddMeasurement(ctx, org, &domain.Measurement{IndicatorID: in.ID, Date: day(2023, 9, 30), Number: ptr(20), RecordedBy: "rossi"})
		if domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("measurement in a closed cycle: %v", err)
		}
	})
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

// TestVariation: approve, vary, edit the draft, approve the variation: the
// monitoring follows, the old version stays as it was.
func TestVariation(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s := storetest.MustOpen(t, dialect)
		p := storetest.SamplePlan("Comune di Prova")
		if _, err := s.ImportPlan(ctx, p, "test"); err != nil {
			t.Fatal(err)
		}
		org, cycle := p.Organization.ID, p.Cycle.ID
		if _, err := s.CreateVariation(ctx, org, cycle, "motivo", "admin"); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("variation of a draft: %v", err)
		}
		if err := s.ApproveVersion(ctx, org, p.Version.ID, "12", day(2022, 1, 28), "admin"); err != nil {
			t.Fatal(err)
		}
		if err := s.SetCycleStatus(ctx, org, cycle, domain.CycleMonitoring, "admin"); err != nil {
			t.Fatal(err)
		}
		if err := s.SetCycleStatus(ctx, org, cycle, domain.CycleApproved, "admin"); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("back to approved: %v", err)
		}
		in := p.Units[1].Objectives[0].Indicators[0]
		o := p.Units[1].Objectives[0]
		if err := s.AddMeasurement(ctx, org, &domain.Measurement{IndicatorID: in.ID, Date: day(2022, 6, 30), Number: ptr(22), RecordedBy: "rossi"}); err != nil {
			t.Fatal(err)
		}
		if err := s.AddValidation(ctx, org, &domain.Validation{ObjectiveID: o.ID, Year: 2022, Percent: 90, Reason: "ok", ValidatedBy: "ndv"}); err != nil {
			t.Fatal(err)
		}
		// The approved version is read-only.
		if _, err := s.UpdateObjective(ctx, org, &domain.Objective{ID: o.ID, Title: "x", Kind: domain.ObjectiveUnit}, 1, "admin"); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("edit of an approved version: %v", err)
		}
		if _, err := s.CreateVariation(ctx, org, cycle, " ", "admin"); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("variation without a reason: %v", err)
		}
		v2, err := s.CreateVariation(ctx, org, cycle, "nuovo servizio", "admin")
		if err != nil {
			t.Fatal(err)
		}
		if v2.Number != 2 || v2.Status != domain.VersionDraft {
			t.Fatalf("variation: %+v", v2)
		}
		if _, err := s.CreateVariation(ctx, org, cycle, "altra", "admin"); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("second variation while a draft exists: %v", err)
		}
		draft, err := s.Plan(ctx, org, v2.ID)
		if err != nil || draft.Objectives() != p.Objectives() || draft.Version.Reason != "nuovo servizio" {
			t.Fatalf("copied plan: %v", err)
		}
		// The copies keep the identity of what they copy, under new ids.
		o2 := draft.Units[1].Objectives[0]
		in2 := o2.Indicators[0]
		if o2.ID == o.ID || o2.Identity != o.Identity || in2.ID == in.ID || in2.Identity != in.Identity ||
			draft.Units[1].Identity != p.Units[1].Identity || draft.Units[1].ID == p.Units[1].ID {
			t.Fatalf("identities: %+v %+v", o2, in2)
		}
		// Monitoring stays on the approved version while the variation is a draft.
		if err := s.AddMeasurement(ctx, org, &domain.Measurement{IndicatorID: in2.ID, Date: day(2022, 7, 1), Number: ptr(22), RecordedBy: "rossi"}); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("measurement on the draft variation: %v", err)
		}
		// Edits: the revision decides.
		loc, err := s.LocateObjective(ctx, org, o2.ID)
		if err != nil || loc.Revision != 1 || loc.VersionID != v2.ID || loc.UnitName != "Area Tecnica" {
			t.Fatalf("locate: %v %+v", err, loc)
		}
		edit := *o2
		edit.Title, edit.Weight = "Semplificazione (variata)", ptr(20)
		rev, err := s.UpdateObjective(ctx, org, &edit, 1, "admin")
		if err != nil || rev != 2 {
			t.Fatalf("update: %v %d", err, rev)
		}
		stale := *o2
		stale.Title = "da una copia vecchia"
		if _, err := s.UpdateObjective(ctx, org, &stale, 1, "rossi"); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("stale edit: %v", err)
		}
		ind := *in2
		ind.Targets = []domain.Target{{Year: 2022, Text: "<= 20 gg", Rule: &domain.TargetRule{Kind: domain.RuleAtMost, Value: ptr(20)}}}
		if _, err := s.UpdateIndicator(ctx, org, &ind, 1, "admin"); err != nil {
			t.Fatal(err)
		}
		ind.Targets = append(ind.Targets, domain.Target{Year: 2022, Text: "doppio"})
		if _, err := s.UpdateIndicator(ctx, org, &ind, 2, "admin"); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("two targets for a year: %v", err)
		}
		after, _ := s.Plan(ctx, org, v2.ID)
		if got := after.Units[1].Objectives[0]; got.Title != "Semplificazione (variata)" || *got.Weight != 20 ||
			len(got.Indicators[0].Targets) != 1 || got.Indicators[0].Targets[0].Rule.Kind != domain.RuleAtMost {
			t.Errorf("edited: %+v", got)
		}
		// One more measurement on v1 before the variation is approved.
		if err := s.AddMeasurement(ctx, org, &domain.Measurement{IndicatorID: in.ID, Date: day(2022, 9, 30), Number: ptr(19), RecordedBy: "rossi"}); err != nil {
			t.Fatal(err)
		}
		if err := s.ApproveVersion(ctx, org, v2.ID, "99", day(2022, 10, 5), "admin"); err != nil {
			t.Fatal(err)
		}
		ms, _ := s.Measurements(ctx, org, v2.ID)
		vs, _ := s.Validations(ctx, org, v2.ID)
		if len(ms) != 2 || ms[0].IndicatorID != in2.ID || *ms[1].Number != 19 || len(vs) != 1 || vs[0].ObjectiveID != o2.ID {
			t.Errorf("carried: %+v %+v", ms, vs)
		}
		old, _ := s.Plan(ctx, org, p.Version.ID)
		if old.Version.Status != domain.VersionSuperseded || old.Units[1].Objectives[0].Title != o.Title {
			t.Errorf("superseded version changed: %+v", old.Version)
		}
		if oldMs, _ := s.Measurements(ctx, org, p.Version.ID); len(oldMs) != 2 {
			t.Errorf("superseded version's measurements: %d", len(oldMs))
		}
		if err := s.AddMeasurement(ctx, org, &domain.Measurement{IndicatorID: in.ID, Date: day(2022, 10, 30), Number: ptr(19), RecordedBy: "rossi"}); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("measurement on a superseded version: %v", err)
		}
		// The audit log per object and per person.
		hist, err := s.AuditOf(ctx, org, []int64{o2.ID, in2.ID}, 0)
		if err != nil || len(hist) != 2 || hist[0].Entity != "indicator" || hist[1].Entity != "objective" ||
			!contains(hist[1].Before, `"revision":1`) || !contains(hist[1].After, "variata") {
			t.Errorf("audit of the objective: %v %+v", err, hist)
		}
		byRossi, err := s.AuditByActor(ctx, org, "rossi", 0)
		if err != nil || len(byRossi) != 2 {
			t.Errorf("audit by rossi: %v %d", err, len(byRossi))
		}
		actors, _ := s.AuditActors(ctx, org)
		if len(actors) != 4 { // admin, ndv, rossi, test
			t.Errorf("actors: %v", actors)
		}
		if other, _ := s.AuditOf(ctx, org+1, []int64{o2.ID}, 0); len(other) != 0 {
			t.Error("another organization reads the audit log")
		}
	})
}
