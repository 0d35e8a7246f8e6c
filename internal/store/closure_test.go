package store_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/store"
	"github.com/performa-pa/performa/internal/store/storetest"
)

// approvedSample stores the sample plan, approved, with a user for the
// Nucleo who has a full name.
func approvedSample(t *testing.T, s *store.Store) *domain.Plan {
	t.Helper()
	ctx := context.Background()
	p := storetest.SamplePlan("Comune di Prova")
	if _, err := s.ImportPlan(ctx, p, "test"); err != nil {
		t.Fatal(err)
	}
	if err := s.ApproveVersion(ctx, p.Organization.ID, p.Version.ID, "12", day(2022, 1, 28), "admin"); err != nil {
		t.Fatal(err)
	}
	u := &domain.User{OrganizationID: p.Organization.ID, Name: "ndv", FullName: "Anna Bianchi", Role: domain.RoleEvaluator, PasswordHash: "x"}
	if err := s.CreateUser(ctx, u, "test"); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestValidationKinds: a validation, a confirmation and a neutralisation
// are stored with the kind and the validator's full name; what cannot be
// stored is refused and writes nothing; a variation carries them over.
func TestValidationKinds(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s := storetest.MustOpen(t, dialect)
		p := approvedSample(t, s)
		org := p.Organization.ID
		o1, o2, o3 := p.Units[0].Objectives[0], p.Units[1].Objectives[0], p.Units[1].Objectives[1]
		refused := []struct {
			v    domain.Validation
			want string
		}{
			{domain.Validation{ObjectiveID: o1.ID, Year: 2022, Kind: domain.ValidationConfirmed, ValidatedBy: "ndv"}, "Non c'è un valore calcolato"},
			{domain.Validation{ObjectiveID: o1.ID, Year: 2022, Kind: domain.ValidationConfirmed, Computed: ptr(60), Percent: 70, ValidatedBy: "ndv"}, "vale il valore calcolato (60%)"},
			{domain.Validation{ObjectiveID: o1.ID, Year: 2022, Kind: domain.ValidationNeutralised, ValidatedBy: "ndv"}, "serve la motivazione"},
			{domain.Validation{ObjectiveID: o1.ID, Year: 2022, Kind: "forse", Reason: "r", ValidatedBy: "ndv"}, "sconosciuto"},
		}
		for _, tt := range refused {
			v := tt.v
			if err := s.AddValidation(ctx, org, &v); domain.ErrorCode(err) != domain.EINVALID || !contains(domain.ErrorMessage(err), tt.want) {
				t.Errorf("%+v: %v, want %q", tt.v, err, tt.want)
			}
		}
		batch := []*domain.Validation{
			{ObjectiveID: o1.ID, Year: 2022, Percent: 80, Reason: "mappatura parziale", ValidatedBy: "NDV"},
			{ObjectiveID: o2.ID, Year: 2022, Kind: domain.ValidationConfirmed, Computed: ptr(66.7), Percent: 66.7, ValidatedBy: "ndv"},
			{ObjectiveID: o3.ID, Year: 2022, Kind: domain.ValidationNeutralised, Percent: 40, Reason: "sisma: uffici inagibili", ValidatedBy: "script"},
		}
		if err := s.AddValidations(ctx, org, batch); err != nil {
			t.Fatal(err)
		}
		vs, err := s.Validations(ctx, org, p.Version.ID)
		if err != nil || len(vs) != 3 {
			t.Fatalf("validations: %v %d", err, len(vs))
		}
		byObjective := map[int64]domain.Validation{}
		for _, v := range vs {
			byObjective[v.ObjectiveID] = v
		}
		if v := byObjective[o1.ID]; v.Kind != domain.ValidationSet || v.Percent != 80 || v.Validator() != "Anna Bianchi" {
			t.Errorf("validation: %+v", v)
		}
		if v := byObjective[o2.ID]; v.Kind != domain.ValidationConfirmed || v.Percent != 66.7 || v.Reason != domain.ConfirmedReason || v.ValidatorName != "Anna Bianchi" {
			t.Errorf("confirmation: %+v", v)
		}
		if v := byObjective[o3.ID]; !v.Neutralised() || v.Percent != 0 || v.Reason != "sisma: uffici inagibili" || v.Validator() != "script" {
			t.Errorf("neutralisation: %+v (a program's name stays as it is)", v)
		}
		// A variation, once approved, carries the kinds and names over.
		if _, err := s.CreateVariation(ctx, org, p.Cycle.ID, "nuovo obiettivo", "admin"); err != nil {
			t.Fatal(err)
		}
		plans, _ := s.Plans(ctx, org)
		if err := s.ApproveVersion(ctx, org, plans[0].Version.ID, "30", day(2022, 7, 15), "admin"); err != nil {
			t.Fatal(err)
		}
		carried, err := s.Validations(ctx, org, plans[0].Version.ID)
		if err != nil || len(carried) != 3 {
			t.Fatalf("carried: %v %d", err, len(carried))
		}
		kinds := map[domain.ValidationKind]string{}
		for _, v := range carried {
			kinds[v.Kind] = v.Validator()
		}
		if kinds[domain.ValidationNeutralised] != "script" || kinds[domain.ValidationConfirmed] != "Anna Bianchi" || kinds[domain.ValidationSet] != "Anna Bianchi" {
			t.Errorf("carried kinds: %v", kinds)
		}
	})
}

// TestReopenYear: a signed-off year reopens only with reason and act;
// the sign-off and the reopening stay in the year's history; a closed
// cycle goes back to monitoring; the year records again and closes again.
func TestReopenYear(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s := storetest.MustOpen(t, dialect)
		p := approvedSample(t, s)
		org, cycle, v := p.Organization.ID, p.Cycle.ID, p.Version.ID
		in := p.Units[1].Objectives[0].Indicators[0]
		signOff := func(year int) error {
			stamp, err := s.VersionStamp(ctx, org, v)
			if err != nil {
				t.Fatal(err)
			}
			return s.SignOff(ctx, org, &domain.SignOff{CycleID: cycle, Year: year, SignedBy: "ndv",
				Scores: domain.LockedScores{Organization: ptr(70)}}, v, stamp)
		}
		reopen := domain.Reopening{CycleID: cycle, Year: 2022, Reason: "errore materiale nella misurazione", ActNumber: "45", ActDate: day(2023, 3, 1), By: "ndv"}
		if err := s.ReopenYear(ctx, org, &reopen); domain.ErrorCode(err) != domain.ECONFLICT || !contains(domain.ErrorMessage(err), "non è chiuso") {
			t.Errorf("reopening an open year: %v", err)
		}
		if err := signOff(2022); err != nil {
			t.Fatal(err)
		}
		if err := signOff(2024); err != nil { // the last year closes the cycle
			t.Fatal(err)
		}
		for _, bad := range []domain.Reopening{
			{CycleID: cycle, Year: 2022, ActNumber: "45", ActDate: day(2023, 3, 1), By: "ndv"},
			{CycleID: cycle, Year: 2022, Reason: "r", ActDate: day(2023, 3, 1), By: "ndv"},
			{CycleID: cycle, Year: 2022, Reason: "r", ActNumber: "45", By: "ndv"},
			{CycleID: cycle, Year: 2030, Reason: "r", ActNumber: "45", ActDate: day(2023, 3, 1), By: "ndv"},
		} {
			if err := s.ReopenYear(ctx, org, &bad); domain.ErrorCode(err) != domain.EINVALID {
				t.Errorf("reopening %+v: %v", bad, err)
			}
		}
		if sos, _ := s.SignOffs(ctx, org, cycle); len(sos) != 2 || sos[0].Signer() != "Anna Bianchi" {
			t.Fatalf("a refused reopening changed the sign-offs: %+v", sos)
		}
		if err := s.ReopenYear(ctx, org+1, &reopen); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("another organization reopens: %v", err)
		}
		if err := s.ReopenYear(ctx, org, &reopen); err != nil {
			t.Fatal(err)
		}
		sos, _ := s.SignOffs(ctx, org, cycle)
		if len(sos) != 1 || sos[0].Year != 2024 {
			t.Errorf("sign-offs after reopening 2022: %+v", sos)
		}
		cur, _ := s.CurrentPlan(ctx, org)
		if cur.Cycle.Status != domain.CycleMonitoring {
			t.Errorf("cycle after reopening: %s", cur.Cycle.Status)
		}
		if err := s.AddMeasurement(ctx, org, &domain.Measurement{IndicatorID: in.ID, Date: day(2022, 12, 31), Number: ptr(22), RecordedBy: "rossi"}); err != nil {
			t.Errorf("measurement in the reopened year: %v", err)
		}
		if err := signOff(2022); err != nil {
			t.Fatalf("closing again: %v", err)
		}
		h, err := s.YearHistory(ctx, org, cycle)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range h {
			got = append(got, string(e.Action)+" "+itoa(e.Year))
		}
		want := []string{"signoff 2022", "signoff 2024", "reopen 2022", "signoff 2022"}
		if len(got) != len(want) {
			t.Fatalf("history: %v, want %v", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("history: %v, want %v", got, want)
			}
		}
		r := h[2]
		if r.Reason != reopen.Reason || r.ActNumber != "45" || r.ActDate == nil || !r.ActDate.Equal(day(2023, 3, 1)) || r.Who() != "Anna Bianchi" || r.Scores != nil {
			t.Errorf("reopening in the history: %+v", r)
		}
		if h[0].Scores == nil || *h[0].Scores.Organization != 70 {
			t.Errorf("sign-off in the history: %+v", h[0])
		}
		if other, _ := s.YearHistory(ctx, org+1, cycle); len(other) != 0 {
			t.Error("another organization sees the history")
		}
		audit, _ := s.AuditLog(ctx, org, 0)
		var reopened bool
		for _, e := range audit {
			reopened = reopened || e.Action == "reopen" && contains(e.After, "errore materiale") && contains(e.After, "2023-03-01")
		}
		if !reopened {
			t.Error("the reopening is not in the audit log")
		}
	})
}

func itoa(n int) string { return strconv.Itoa(n) }
