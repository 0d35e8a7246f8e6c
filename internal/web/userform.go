package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
)

// userForm is the add/edit user form as typed, so that a refused form
// comes back with everything the administrator wrote.
type userForm struct {
	Name       string
	FullName   string
	Role       domain.Role
	Units      []string // checked
	OtherUnits string   // typed, one per line
	Disabled   bool
}

func parseUserForm(r *http.Request) userForm {
	r.ParseForm()
	return userForm{
		Name:       strings.TrimSpace(r.PostForm.Get("nome")),
		FullName:   strings.TrimSpace(r.PostForm.Get("nome_completo")),
		Role:       domain.Role(r.PostForm.Get("ruolo")),
		Units:      r.PostForm["unita"],
		OtherUnits: r.PostForm.Get("altre_unita"),
		Disabled:   r.PostForm.Get("disattivato") != "",
	}
}

// units are the checked and the typed units together, once each.
func (f userForm) units() []string {
	var out []string
	add := func(n string) {
		n = strings.Join(strings.Fields(n), " ")
		if n != "" && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	for _, n := range f.Units {
		add(n)
	}
	for _, n := range strings.Split(f.OtherUnits, "\n") {
		add(n)
	}
	return out
}

// unitChoices are the units offered as checkboxes: those of the plans and
// those already given, sorted.
func unitChoices(known []string, given ...[]string) []string {
	out := slices.Clone(known)
	for _, g := range given {
		for _, n := range g {
			if !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	slices.Sort(out)
	return out
}

// createdUser reports a one-time password just made.
type createdUser struct {
	Name     string
	What     string // "creato", "reimpostata"
	Password string
	Revoked  string // what a reset closed: sessions, API tokens
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
