package storetest

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/store"
)

// FinalSchede stores, by actor, a final scheda for every person of the
// organization's register of year but those of skip, with a total from 52
// to 99,75 that repeats (ties at the art. 81 cut are possible; a quarter
// point apart, 52,25 is written nowhere else), and returns the register.
func FinalSchede(tb testing.TB, st *store.Store, orgID int64, year int, actor string, skip ...string) []domain.StaffMember {
	tb.Helper()
	ctx := context.Background()
	people, err := st.Staff(ctx, orgID, year)
	if err != nil || len(people) == 0 {
		tb.Fatalf("register %d: %d people, %v", year, len(people), err)
	}
	for _, m := range people {
		if slices.Contains(skip, m.Matricola) {
			continue
		}
		var n int
		fmt.Sscan(m.Matricola, &n)
		total := 52 + float64((n*37)%48) + float64(n%4)/4
		sc := &domain.Scheda{Year: year, Matricola: m.Matricola, Person: m.FullName(), Role: domain.RoleStaff, UnitIdentity: m.Unit.ID,
			Status: domain.SchedaFinal, Total: &total, How: "collaudo"}
		if err := st.SaveScheda(ctx, orgID, sc, actor, "create"); err != nil {
			tb.Fatalf("%s: %v", m.Matricola, err)
		}
	}
	return people
}
