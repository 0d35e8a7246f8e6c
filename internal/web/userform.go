package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
)

// userForm is the add/edit user form as typed, so that a refused form
// comes back with everything the administrator wrote.
type userForm struct {
	Name       string
	FullName   string
	Matricola  string // the person of the staff register the user is
	Role       domain.Role
	Units      []string // checked: unit identities, or "nome:" and a name kept by name only
	OtherUnits string   // typed, one per line: a name or a part of one
	Disabled   bool
}

func parseUserForm(r *http.Request) userForm {
	r.ParseForm()
	return userForm{
		Name:       strings.TrimSpace(r.PostForm.Get("nome")),
		FullName:   strings.TrimSpace(r.PostForm.Get("nome_completo")),
		Matricola:  strings.TrimSpace(r.PostForm.Get("matricola")),
		Role:       domain.Role(r.PostForm.Get("ruolo")),
		Units:      r.PostForm["unita"],
		OtherUnits: r.PostForm.Get("altre_unita"),
		Disabled:   r.PostForm.Get("disattivato") != "",
	}
}

// formUnits are a user's units as the form's checked values.
func formUnits(us []domain.UnitRef) []string {
	out := make([]string, 0, len(us))
	for _, u := range us {
		out = append(out, unitValue(u))
	}
	return out
}

func unitValue(u domain.UnitRef) string {
	if u.ID == 0 {
		return "nome:" + u.Name
	}
	return strconv.FormatInt(u.ID, 10)
}

// units resolves the checked and the typed units against the units of the
// plan (choices) and those the user already has (kept): each checked one
// must be one of them, each typed one must name one unit of the plan, in
// full or by a unique part, said back in resolved («Polizia» → Area
// Polizia Municipale). Ambiguous or unknown, the form is refused with the
// list to choose from.
func (f userForm) units(choices, kept []domain.UnitRef) (out []domain.UnitRef, resolved []string, err error) {
	add := func(u domain.UnitRef) {
		if !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	known := append(slices.Clone(choices), kept...)
	for _, v := range f.Units {
		i := slices.IndexFunc(known, func(u domain.UnitRef) bool { return unitValue(u) == v })
		if i < 0 {
			return nil, nil, domain.Errorf(domain.EINVALID, "Una delle unità scelte non è più nel piano: ricarica la pagina e scegli di nuovo.")
		}
		add(known[i])
	}
	for _, line := range strings.Split(f.OtherUnits, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		u, exact, err := domain.ResolveUnit(choices, line)
		if err != nil {
			return nil, nil, err
		}
		if !exact {
			resolved = append(resolved, "«"+strings.TrimSpace(line)+"» → "+u.Name)
		}
		add(u)
	}
	return out, resolved, nil
}

// unitOption is a unit offered as a checkbox.
type unitOption struct {
	Value, Label string
	Checked      bool
}

// unitOptions are the units offered: those of the plan in force, then any
// the user already has that it does not hold (by name only, or gone).
func unitOptions(choices, kept []domain.UnitRef, checked []string) []unitOption {
	var out []unitOption
	seen := map[string]bool{}
	add := func(u domain.UnitRef, note string) {
		v := unitValue(u)
		if seen[v] {
			return
		}
		seen[v] = true
		out = append(out, unitOption{Value: v, Label: u.Name + note, Checked: slices.Contains(checked, v)})
	}
	for _, u := range choices {
		add(u, "")
	}
	for _, u := range kept {
		note := " (non è nel piano in vigore)"
		if u.ID == 0 {
			note = " (scritta a mano, non è un'unità del piano: non dà accesso a nulla)"
		}
		add(u, note)
	}
	return out
}

// unitChoices are the units of the plan in force; none (and no error)
// when the organization has no plan yet.
func (s *Server) unitChoices(r *http.Request, orgID int64) ([]domain.UnitRef, error) {
	choices, err := s.Store.UnitChoices(r.Context(), orgID)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return nil, nil
	}
	return choices, err
}

// createdUser reports a one-time password just made.
type createdUser struct {
	Name     string
	What     string // "creato", "reimpostata"
	Password string
	Resolved []string // units found from a part of their name
	Revoked  string   // what a reset closed: sessions, API tokens
}

// revokedText says what a password change closed.
func revokedText(tokens int) string {
	switch tokens {
	case 0:
		return "Le sue sessioni sono state chiuse."
	case 1:
		return "Le sue sessioni sono state chiuse e il suo token API revocato."
	}
	return "Le sue sessioni sono state chiuse e i suoi " + itoa(tokens) + " token API revocati."
}
