package main

import (
	"testing"

	"github.com/performa-pa/performa/internal/domain"
)

// Two units that differ only by case are two units: the name as written
// picks one, a spelling of neither is refused as ambiguous.
func TestFindUnitByCase(t *testing.T) {
	p := &domain.Plan{Units: []*domain.Unit{
		{Name: "Area Finanziaria", Manager: "Gambini"},
		{Name: "AREA FINANZIARIA", Manager: "Rossi"},
		{Name: "Area Polizia Municipale", Manager: "Batignani"},
	}}
	for _, c := range []struct{ typed, want string }{
		{"AREA FINANZIARIA", "AREA FINANZIARIA"},
		{"Area Finanziaria", "Area Finanziaria"},
		{"  Area   Finanziaria ", "Area Finanziaria"},
		{"polizia", "Area Polizia Municipale"},
		{"area finanziaria", ""},
	} {
		u, err := findUnit(p, c.typed)
		switch {
		case c.want == "" && err == nil:
			t.Errorf("%q: want a refusal, got %q", c.typed, u.Name)
		case c.want != "" && err != nil:
			t.Errorf("%q: %v", c.typed, err)
		case c.want != "" && u.Name != c.want:
			t.Errorf("%q: got %q, want %q", c.typed, u.Name, c.want)
		}
	}
}
