package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/store/storetest"
)

func TestStaffRegister(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s := storetest.MustOpen(t, dialect)
		p := storetest.SamplePlan("Comune di Prova")
		if _, err := s.ImportPlan(ctx, p, "test"); err != nil {
			t.Fatal(err)
		}
		org := p.Organization.ID
		units, err := s.UnitChoices(ctx, org)
		if err != nil {
			t.Fatal(err)
		}
		d := func(m, day int) time.Time { return time.Date(2022, time.Month(m), day, 0, 0, 0, 0, time.UTC) }
		people := []domain.StaffMember{
			{Matricola: "2", Surname: "Verdi", Name: "Luca", Area: domain.AreaFunzionari, Profile: "Architetto", Unit: units[1], PartTime: 100, Start: d(1, 1), End: d(12, 31)},
			{Matricola: "1", Surname: "Bianchi", Name: "Anna", Area: domain.AreaIstruttori, Unit: domain.UnitRef{Name: "scritta a mano"}, PartTime: 50, Start: d(4, 1), End: d(12, 31), AbsenceDays: 12},
		}
		tests := []struct {
			name   string
			people []domain.StaffMember
			force  bool
			code   string
			want   int
		}{
			{"first import", people, false, "", 2},
			{"again, same", people, false, "", 2},
			{"empty refused", nil, false, domain.ECONFLICT, 2},
			{"duplicate", []domain.StaffMember{people[0], people[0]}, false, domain.EINVALID, 2},
			{"empty forced", nil, true, "", 0},
			{"back", people, false, "", 2},
		}
		for _, tc := range tests {
			_, err := s.ReplaceStaff(ctx, org, 2022, tc.people, "admin", tc.force)
			if domain.ErrorCode(err) != tc.code && !(tc.code == "" && err == nil) {
				t.Fatalf("%s: %v", tc.name, err)
			}
			got, err := s.Staff(ctx, org, 2022)
			if err != nil || len(got) != tc.want {
				t.Fatalf("%s: %d people, %v", tc.name, len(got), err)
			}
		}
		got, _ := s.Staff(ctx, org, 2022)
		if got[0].Matricola != "1" || got[0].PartTime != 50 || !got[0].Start.Equal(d(4, 1)) || got[0].AbsenceDays != 12 || got[0].Unit.ID != 0 ||
			got[1].Unit != units[1] || got[1].Area != domain.AreaFunzionari || got[1].ImportedBy != "admin" {
			t.Fatalf("%+v", got)
		}
		if other, _ := s.Staff(ctx, org+1, 2022); len(other) != 0 {
			t.Fatal("another organization sees the staff")
		}
	})
}
