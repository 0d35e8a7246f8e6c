package store_test

import (
	"context"
	"testing"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/store/storetest"
)

// TestRewardDistribution: a distribution that does not add up is refused
// and nothing is stored; a new save replaces the year's, other years and
// other organizations untouched.
func TestRewardDistribution(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s := storetest.MustOpen(t, dialect)
		p := storetest.SamplePlan("Comune di Prova")
		if _, err := s.ImportPlan(ctx, p, "test"); err != nil {
			t.Fatal(err)
		}
		org := p.Organization.ID
		d := func(fund int64, amounts ...int64) *domain.RewardDistribution {
			out := &domain.RewardDistribution{Year: 2022, FundIndividual: fund, Rule: domain.DefaultProductivity()}
			for i, a := range amounts {
				out.Entries = append(out.Entries, domain.RewardEntry{Matricola: string(rune('1' + i)), Amount: a, Area: domain.AreaIstruttori})
				out.Distributed += a
			}
			out.Unspent = fund - out.Distributed
			return out
		}
		bad := d(100, 30, 30)
		bad.Distributed = 61
		if err := s.SaveRewardDistribution(ctx, org, bad, "admin"); domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("not adding up: %v", err)
		}
		if _, err := s.RewardDistribution(ctx, org, 2022); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("stored after a refusal: %v", err)
		}
		if err := s.SaveRewardDistribution(ctx, org, d(100, 30, 30), "admin"); err != nil {
			t.Fatal(err)
		}
		other := d(5, 5)
		other.Year = 2023
		if err := s.SaveRewardDistribution(ctx, org, other, "admin"); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveRewardDistribution(ctx, org, d(1000, 1, 2, 3), "segretario"); err != nil {
			t.Fatal(err)
		}
		got, err := s.RewardDistribution(ctx, org, 2022)
		if err != nil || len(got.Entries) != 3 || got.Entries[2].Amount != 3 || got.Unspent != 994 || got.SavedBy != "segretario" ||
			got.Rule.Differentiation.Percent != 30 {
			t.Fatalf("%+v %v", got, err)
		}
		if y, err := s.RewardDistribution(ctx, org, 2023); err != nil || y.Distributed != 5 {
			t.Fatalf("2023: %+v %v", y, err)
		}
		if _, err := s.RewardDistribution(ctx, org+1, 2022); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("another organization reads it: %v", err)
		}
	})
}

// TestUserMatricola: a matricola links one user at most.
func TestUserMatricola(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s := storetest.MustOpen(t, dialect)
		o, _, err := s.EnsureOrganization(ctx, "Comune di Prova")
		if err != nil {
			t.Fatal(err)
		}
		a := &domain.User{OrganizationID: o.ID, Name: "anna", Role: domain.RoleReader, PasswordHash: "x", Matricola: " 1002 "}
		if err := s.CreateUser(ctx, a, "test"); err != nil {
			t.Fatal(err)
		}
		b := &domain.User{OrganizationID: o.ID, Name: "luca", Role: domain.RoleReader, PasswordHash: "x", Matricola: "1002"}
		if err := s.CreateUser(ctx, b, "test"); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("second user with 1002: %v", err)
		}
		b.Matricola = ""
		if err := s.CreateUser(ctx, b, "test"); err != nil {
			t.Fatal(err)
		}
		b.Matricola = "1002"
		if err := s.UpdateUser(ctx, b, "test"); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("update to 1002: %v", err)
		}
		got, err := s.UserByName(ctx, o.ID, "anna")
		if err != nil || got.Matricola != "1002" {
			t.Fatalf("%+v %v", got, err)
		}
		got.FullName = "Anna Bianchi"
		if err := s.UpdateUser(ctx, got, "test"); err != nil {
			t.Fatal(err)
		}
	})
}
