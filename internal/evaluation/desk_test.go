package evaluation

import (
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
