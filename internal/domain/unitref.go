package domain

import (
	"strings"

	"github.com/performa-pa/performa/internal/textnorm"
)

// ResolveUnit finds, among the units of the plan (choices), the one a
// person typed: the unit of exactly that name; else the one unit with that
// name but for case, accents and punctuation; else the one unit whose name
// contains what was typed. Ambiguous or unknown, it is refused (EINVALID)
// with the list to choose from. exact reports whether the name was typed
// in full, so that a caller says back a unit found from a part.
func ResolveUnit(choices []UnitRef, typed string) (ref UnitRef, exact bool, err error) {
	typed = strings.Join(strings.Fields(typed), " ")
	if typed == "" {
		return UnitRef{}, false, Errorf(EINVALID, "Il nome dell'unità è vuoto.")
	}
	if len(choices) == 0 {
		return UnitRef{}, false, Errorf(EINVALID,
			"L'ente non ha ancora un piano con unità: importalo, poi assegna le unità ai responsabili.")
	}
	for _, c := range choices {
		if c.Name == typed {
			return c, true, nil
		}
	}
	want := textnorm.Normalize(typed)
	var same, part []UnitRef
	for _, c := range choices {
		n := textnorm.Normalize(c.Name)
		switch {
		case n == want:
			same = append(same, c)
		case want != "" && strings.Contains(n, want):
			part = append(part, c)
		}
	}
	switch {
	case len(same) == 1:
		return same[0], true, nil
	case len(same) > 1:
		return UnitRef{}, false, Errorf(EINVALID,
			"«%s» indica più unità del piano (%s): scrivi il nome esatto di una.", typed, QuoteUnits(same))
	case len(part) == 1:
		return part[0], false, nil
	case len(part) > 1:
		return UnitRef{}, false, Errorf(EINVALID,
			"«%s» è parte del nome di più unità del piano (%s): precisa quale.", typed, QuoteUnits(part))
	}
	return UnitRef{}, false, Errorf(EINVALID,
		"Nessuna unità del piano si chiama «%s». Le unità del piano sono: %s.", typed, QuoteUnits(choices))
}

// QuoteUnits lists unit names for a message: «A», «B».
func QuoteUnits(us []UnitRef) string {
	names := make([]string, len(us))
	for i, u := range us {
		names[i] = "«" + u.Name + "»"
	}
	return strings.Join(names, ", ")
}
