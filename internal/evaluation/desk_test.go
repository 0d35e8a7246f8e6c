package evaluation

import (
	"context"
	"strings"
	"testing"

	"github.com/performa-pa/performa/internal/domain"
)

// TestMaySee: the person themselves, by matricola and never by name; the
// Responsabile the staff of their units; the Nucleo the EQs and the
// Segretario; the administrators everyone.
func TestMaySee(t *testing.T) {
	rule := domain.DefaultEvaluation()
	staff := domain.StaffMember{Matricola: "1002", Surname: "Bianchi", Name: "Anna", Area: domain.AreaIstruttori, Unit: domain.UnitRef{ID: 7}}
	eq := domain.StaffMember{Matricola: "1008", Area: domain.AreaFunzionari, Profile: "Funzionario EQ", Unit: domain.UnitRef{ID: 8}}
	segr := domain.StaffMember{Matricola: "1029", Profile: "Segretario generale"}
	users := map[string]*domain.User{
		"admin":    {Name: "admin", Role: domain.RoleAdmin},
		"manager7": {Name: "m7", Role: domain.RoleManager, Units: []domain.UnitRef{{ID: 7}}},
		"manager8": {Name: "m8", Role: domain.RoleManager, Units: []domain.UnitRef{{ID: 8}}},
		"nucleo":   {Name: "ndv", Role: domain.RoleEvaluator},
		"anna":     {Name: "anna", Role: domain.RoleReader, Matricola: "1002"},
		"namesake": {Name: "bianchi", Role: domain.RoleReader, FullName: "Anna Bianchi"},
		"nobody":   nil,
	}
	tests := []struct {
		m    domain.StaffMember
		want map[string]bool
	}{
		{staff, map[string]bool{"admin": true, "manager7": true, "anna": true}},
		{eq, map[string]bool{"admin": true, "manager8": true, "nucleo": true}},
		{segr, map[string]bool{"admin": true, "nucleo": true}},
	}
	for _, tc := range tests {
		for who, u := range users {
			if got := MaySee(rule, u, tc.m, nil); got != tc.want[who] {
				t.Errorf("%s sees %s: %v", who, tc.m.Matricola, got)
			}
		}
	}
	if IsPerson(users["namesake"], staff) || !IsPerson(users["anna"], staff) {
		t.Error("the person is the matricola's user, not a namesake")
	}
}

func TestParseScore(t *testing.T) {
	for in, want := range map[string]float64{"85": 85, "85,5": 85.5, " 85.5% ": 85.5, "0": 0} {
		if v, err := ParseScore(in); err != nil || *v != want {
			t.Errorf("%q: %v %v", in, v, err)
		}
	}
	if v, err := ParseScore(""); v != nil || err != nil {
		t.Error("empty")
	}
	for _, in := range []string{"molto", "1.234,5", "8,5,5"} {
		if _, err := ParseScore(in); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("%q: %v", in, err)
		}
	}
}

// memStore keeps schede in memory for the Desk's tests.
type memStore struct {
	staff  []domain.StaffMember
	schede map[string]*domain.Scheda
	saved  []string // the actions saved
}

func (s *memStore) Staff(context.Context, int64, int) ([]domain.StaffMember, error) {
	return s.staff, nil
}

func (s *memStore) Scheda(_ context.Context, _ int64, _ int, matricola string) (*domain.Scheda, error) {
	sc, ok := s.schede[matricola]
	if !ok {
		return nil, domain.Errorf(domain.ENOTFOUND, "nessuna scheda")
	}
	c := *sc
	return &c, nil
}

func (s *memStore) Schede(context.Context, int64, int) ([]domain.Scheda, error) { return nil, nil }

func (s *memStore) SaveScheda(_ context.Context, _ int64, sc *domain.Scheda, _, action string) error {
	c := *sc
	s.schede[sc.Matricola] = &c
	s.saved = append(s.saved, action)
	return nil
}

// TestAssign: the administrator names who evaluates a person, on the
// draft only; never the person, a disabled user or a reader; then only
// the one named evaluates, until the role is given back.
func TestAssign(t *testing.T) {
	ctx := context.Background()
	anna := domain.StaffMember{Matricola: "1002", Surname: "Bianchi", Name: "Anna", Area: domain.AreaIstruttori, Unit: domain.UnitRef{ID: 7}}
	st := &memStore{staff: []domain.StaffMember{anna}, schede: map[string]*domain.Scheda{}}
	d := &Desk{Store: st, Year: 2022, Rule: domain.DefaultEvaluation()}
	admin := &domain.User{Name: "admin", Role: domain.RoleAdmin}
	m7 := &domain.User{Name: "m7", Role: domain.RoleManager, Units: []domain.UnitRef{{ID: 7}}}
	m9 := &domain.User{Name: "m9", Role: domain.RoleManager, Units: []domain.UnitRef{{ID: 9}}}
	if _, err := d.Create(ctx, m7, anna); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		by, named *domain.User
		code      string
		want      string
	}{
		{m7, m9, domain.EFORBIDDEN, "solo l'amministratore"},
		{admin, &domain.User{Name: "anna", Role: domain.RoleManager, Matricola: "1002"}, domain.EINVALID, "nessuno valuta se stesso"},
		{admin, &domain.User{Name: "ex", Role: domain.RoleManager, Disabled: true}, domain.EINVALID, "è disattivato"},
		{admin, &domain.User{Name: "lettore", Role: domain.RoleReader}, domain.EINVALID, "valuta un responsabile, il Nucleo o un amministratore"},
		{admin, nil, domain.ECONFLICT, "è già il Responsabile dell'unità"},
	} {
		if _, err := d.Assign(ctx, c.by, anna, c.named); domain.ErrorCode(err) != c.code || !strings.Contains(domain.ErrorMessage(err), c.want) {
			t.Errorf("assign %v by %s: %v, want %s %q", c.named, c.by.Name, err, c.code, c.want)
		}
	}
	sc, err := d.Assign(ctx, admin, anna, m9)
	if err != nil || sc.Evaluator != "m9" || EvaluatorOf(d.Rule, sc) != "l'utente «m9»" {
		t.Fatalf("assign m9: %+v %v", sc, err)
	}
	if _, err := d.Rate(ctx, m7, anna, Rating{Comment: "x"}); domain.ErrorCode(err) != domain.EFORBIDDEN ||
		!strings.Contains(err.Error(), "la valuta l'utente «m9»") {
		t.Errorf("the unit's Responsabile rates after the assignment: %v", err)
	}
	if !MaySee(d.Rule, m9, anna, sc) {
		t.Error("the one named does not see the person")
	}
	if _, err := d.Rate(ctx, m9, anna, Rating{Comment: "x"}); err != nil {
		t.Errorf("the one named rates: %v", err)
	}
	if sc, err = d.Assign(ctx, admin, anna, nil); err != nil || sc.Evaluator != "" || !MayEvaluate(d.Rule, m7, sc) {
		t.Errorf("back by role: %+v %v", sc, err)
	}
	st.schede["1002"].Status = domain.SchedaDelivered
	if _, err := d.Assign(ctx, admin, anna, m9); domain.ErrorCode(err) != domain.ECONFLICT || !strings.Contains(err.Error(), "sulla bozza") {
		t.Errorf("assign on a delivered scheda: %v", err)
	}
	if want := []string{"create", "assign", "rate", "assign"}; strings.Join(st.saved, ",") != strings.Join(want, ",") {
		t.Errorf("saved %v, want %v", st.saved, want)
	}
}
