package domain_test

import (
	"strings"
	"testing"

	"github.com/performa-pa/performa/internal/domain"
)

func TestResolveUnit(t *testing.T) {
	choices := []domain.UnitRef{{1, "Area Finanziaria"}, {2, "AREA FINANZIARIA"}, {3, "Area Polizia Municipale"},
		{4, "Area Attività Produttive"}, {5, "Area Tecnica"}}
	for _, tt := range []struct {
		typed string
		id    int64
		exact bool
		err   string
	}{
		{"Area Finanziaria", 1, true, ""},
		{"AREA FINANZIARIA", 2, true, ""},
		{"  Area   Tecnica ", 5, true, ""},
		{"area polizia municipale", 3, true, ""},   // the one unit of that name but for case
		{"AREA ATTIVITA' PRODUTTIVE", 4, true, ""}, // … and accents and punctuation
		{"polizia", 3, false, ""},                  // a unique part
		{"area finanziaria", 0, false, "«area finanziaria» indica più unità del piano («Area Finanziaria», «AREA FINANZIARIA»): scrivi il nome esatto di una."},
		{"Area", 0, false, "«Area» è parte del nome di più unità del piano («Area Finanziaria», «AREA FINANZIARIA», «Area Polizia Municipale», «Area Attività Produttive», «Area Tecnica»): precisa quale."},
		{"Vigilanza", 0, false, "Nessuna unità del piano si chiama «Vigilanza». Le unità del piano sono: «Area Finanziaria», «AREA FINANZIARIA»,"},
		{" ", 0, false, "Il nome dell'unità è vuoto."},
	} {
		r, exact, err := domain.ResolveUnit(choices, tt.typed)
		if tt.err != "" {
			if domain.ErrorCode(err) != domain.EINVALID || !strings.HasPrefix(domain.ErrorMessage(err), tt.err) {
				t.Errorf("%q: %v, want %q", tt.typed, err, tt.err)
			}
			continue
		}
		if err != nil || r.ID != tt.id || exact != tt.exact {
			t.Errorf("%q = %+v %v %v, want %d %v", tt.typed, r, exact, err, tt.id, tt.exact)
		}
	}
	if _, _, err := domain.ResolveUnit(nil, "Area"); !strings.Contains(domain.ErrorMessage(err), "non ha ancora un piano") {
		t.Errorf("no plan: %v", err)
	}
}
