package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
)

// findUnit finds a unit by a case-insensitive part of its name or of its
// manager's name; ambiguity is an error that lists the candidates.
func findUnit(p *domain.Plan, q string) (*domain.Unit, error) {
	typed := strings.Join(strings.Fields(q), " ")
	// The name as written wins: a plan may keep «Area Finanziaria» and
	// «AREA FINANZIARIA» as two units.
	for _, u := range p.Units {
		if u.Name == typed {
			return u, nil
		}
	}
	q = strings.ToLower(typed)
	var same, found []*domain.Unit
	for _, u := range p.Units {
		if strings.ToLower(u.Name) == q {
			same = append(same, u)
		}
		if strings.Contains(strings.ToLower(u.Name), q) || strings.Contains(strings.ToLower(u.Manager), q) {
			found = append(found, u)
		}
	}
	if len(same) == 1 {
		return same[0], nil
	}
	if len(same) > 1 {
		found = same
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return nil, domain.Errorf(domain.ENOTFOUND, "nessuna unità corrisponde a %q; unità del piano: %s", q, unitNames(p.Units))
	}
	return nil, domain.Errorf(domain.EINVALID, "%q corrisponde a più unità (%s): precisare", q, unitNames(found))
}

func unitNames(us []*domain.Unit) string {
	var names []string
	for _, u := range us {
		names = append(names, "«"+u.Name+"»")
	}
	return strings.Join(names, ", ")
}

// findObjective finds an objective of a unit by its code as written, or by
// "#N", its 1-based position (for objectives without or with repeated
// codes).
func findObjective(u *domain.Unit, q string) (*domain.Objective, error) {
	q = strings.TrimSpace(q)
	if n, ok := strings.CutPrefix(q, "#"); ok {
		i, err := strconv.Atoi(n)
		if err != nil || i < 1 || i > len(u.Objectives) {
			return nil, domain.Errorf(domain.EINVALID, "posizione %q non valida: «%s» ha %s (#1–#%d)", q, u.Name, italian.Count(len(u.Objectives), "obiettivo", "obiettivi"), len(u.Objectives))
		}
		return u.Objectives[i-1], nil
	}
	var found []*domain.Objective
	for _, o := range u.Objectives {
		if o.Code == q || strings.TrimSuffix(o.Code, ".") == strings.TrimSuffix(q, ".") {
			found = append(found, o)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return nil, domain.Errorf(domain.ENOTFOUND, "nessun obiettivo con codice %q in «%s»: usare #N per la posizione", q, u.Name)
	}
	var pos []string
	for _, o := range found {
		pos = append(pos, fmt.Sprintf("#%d", o.Position))
	}
	return nil, domain.Errorf(domain.EINVALID, "il codice %q è ripetuto in «%s» (%s): indicare l'obiettivo con #N", q, u.Name, strings.Join(pos, ", "))
}

// findIndicator finds an indicator by its 1-based position.
func findIndicator(o *domain.Objective, n int) (*domain.Indicator, error) {
	if n < 1 || n > len(o.Indicators) {
		return nil, domain.Errorf(domain.EINVALID, "l'obiettivo %s ha %s: --indicator va da 1 a %d", objectiveLabel(o), italian.Count(len(o.Indicators), "indicatore", "indicatori"), len(o.Indicators))
	}
	return o.Indicators[n-1], nil
}

func objectiveLabel(o *domain.Objective) string {
	if o.Code != "" {
		return o.Code
	}
	return fmt.Sprintf("#%d", o.Position)
}
