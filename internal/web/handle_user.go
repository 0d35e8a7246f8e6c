package web

import (
	"net/http"
	"strconv"

	"github.com/performa-pa/performa/internal/auth"
	"github.com/performa-pa/performa/internal/domain"
)

type userPage struct {
	ID      int64
	Units   []unitOption
	Form    userForm
	Error   string
	Created *createdUser
}

// pathUser loads the user named by the {user} path value, in the signed-in
// administrator's organization.
func (s *Server) pathUser(r *http.Request) (*domain.User, error) {
	id, err := strconv.ParseInt(r.PathValue("user"), 10, 64)
	if err != nil {
		return nil, domain.Errorf(domain.ENOTFOUND, "Utente non trovato.")
	}
	return s.Store.User(r.Context(), principalUser(r).OrganizationID, id)
}

func (s *Server) userPage(r *http.Request, u *domain.User, form userForm) (*userPage, error) {
	choices, err := s.unitChoices(r, u.OrganizationID)
	if err != nil {
		return nil, err
	}
	form.Name = u.Name
	return &userPage{ID: u.ID, Units: unitOptions(choices, u.Units, form.Units), Form: form}, nil
}

func formOf(u *domain.User) userForm {
	return userForm{Name: u.Name, FullName: u.FullName, Role: u.Role, Units: formUnits(u.Units), Disabled: u.Disabled}
}

// handleUserForm shows a user, to change role, units, name or state.
func (s *Server) handleUserForm(w http.ResponseWriter, r *http.Request) {
	u, err := s.pathUser(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	data, err := s.userPage(r, u, formOf(u))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.render(w, r, "user.html", s.newPage(r, "Utente "+u.Name, "/amministrazione/utenti", data))
}

// handleUserEdit saves the form. An administrator cannot take the role
// away from themselves nor disable themselves: someone must stay able to
// administer.
func (s *Server) handleUserEdit(w http.ResponseWriter, r *http.Request) {
	admin := principalUser(r)
	u, err := s.pathUser(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	form := parseUserForm(r)
	choices, err := s.unitChoices(r, u.OrganizationID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	upd := *u
	units, resolved, err := form.units(choices, u.Units)
	upd.FullName, upd.Role, upd.Units, upd.Disabled = form.FullName, form.Role, units, form.Disabled
	switch {
	case err != nil:
	case u.ID == admin.ID && (upd.Role != domain.RoleAdmin || upd.Disabled):
		err = domain.Errorf(domain.EINVALID, "Non puoi togliere a te stesso il ruolo di amministratore né disattivarti: chiedilo a un altro amministratore.")
	default:
		err = s.Store.UpdateUser(r.Context(), &upd, admin.Name)
	}
	if err == nil && len(resolved) == 0 {
		http.Redirect(w, r, "/amministrazione/utenti?esito=modificato", http.StatusSeeOther)
		return
	}
	if err == nil {
		// Say back the units found from a part of their name.
		data, lerr := s.usersPage(r, userForm{})
		if lerr != nil {
			s.Error(w, r, lerr)
			return
		}
		data.Resolved = resolved
		pg := s.newPage(r, "Utenti", "/amministrazione/utenti", data)
		pg.Notice = "Modifiche di «" + u.Name + "» salvate."
		s.render(w, r, "users.html", pg)
		return
	}
	status := Status(err)
	if status == http.StatusInternalServerError || status == http.StatusNotFound {
		s.Error(w, r, err)
		return
	}
	data, lerr := s.userPage(r, u, form)
	if lerr != nil {
		s.Error(w, r, lerr)
		return
	}
	data.Error = domain.ErrorMessage(err)
	s.write(w, r, status, "user.html", s.newPage(r, "Utente "+u.Name, "/amministrazione/utenti", data))
}

// handleUserPasswordReset gives a user a new one-time password, shown once.
func (s *Server) handleUserPasswordReset(w http.ResponseWriter, r *http.Request) {
	admin := principalUser(r)
	u, err := s.pathUser(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	password := auth.GeneratePassword()
	if err := s.Auth.SetPassword(r.Context(), u, password, true, admin.Name); err != nil {
		s.Error(w, r, err)
		return
	}
	data, err := s.userPage(r, u, formOf(u))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	data.Created = &createdUser{Name: u.Name, What: "reimpostata", Password: password}
	s.render(w, r, "user.html", s.newPage(r, "Utente "+u.Name, "/amministrazione/utenti", data))
}
