package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/store/storetest"
)

func TestSchede(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s := storetest.MustOpen(t, dialect)
		p := storetest.SamplePlan("Comune di Prova")
		if _, err := s.ImportPlan(ctx, p, "test"); err != nil {
			t.Fatal(err)
		}
		org := p.Organization.ID
		total := 76.5
		sc := &domain.Scheda{Year: 2022, Matricola: "1001", Person: "Rossi Mario", Role: domain.RoleStaff, UnitIdentity: 42,
			Status: domain.SchedaDraft, Total: &total, How: "come", Body: domain.SchedaBody{Behaviours: map[string]int{"qualita": 4}}}
		if err := s.SaveScheda(ctx, org, sc, "admin", "create"); err != nil {
			t.Fatal(err)
		}
		dup := *sc
		dup.ID = 0
		if err := s.SaveScheda(ctx, org, &dup, "admin", "create"); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("second scheda: %v", err)
		}
		stale := *sc
		at := time.Date(2023, 3, 1, 9, 0, 0, 0, time.UTC)
		sc.Status, sc.DeliveredAt = domain.SchedaDelivered, &at
		if err := s.SaveScheda(ctx, org, sc, "rosati", "deliver"); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveScheda(ctx, org, &stale, "rosati", "update"); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("stale write: %v", err)
		}
		got, err := s.Scheda(ctx, org, 2022, "1001")
		if err != nil || got.Status != domain.SchedaDelivered || !got.DeliveredAt.Equal(at) || *got.Total != 76.5 ||
			got.Body.Behaviours["qualita"] != 4 || got.Revision != 2 || got.UnitIdentity != 42 {
			t.Fatalf("%+v %v", got, err)
		}
		if all, _ := s.Schede(ctx, org, 2022); len(all) != 1 {
			t.Fatalf("%d schede", len(all))
		}
		if _, err := s.Scheda(ctx, org+1, 2022, "1001"); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatal("another organization sees the scheda")
		}
	})
}
