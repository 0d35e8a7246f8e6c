package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/performa-pa/performa/internal/auth"
	"github.com/performa-pa/performa/internal/domain"
)

type userPage struct {
	ID      int64
	Units   []unitOption
	Form    userForm
	Error   string
	Created *createdUser
	// LockedFor is how long the user stays locked out of signing in after
	// failed attempts (0: not locked).
	LockedFor int // minutes
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
	pg := &userPage{ID: u.ID, Units: unitOptions(choices, u.Units, form.Units), Form: form}
	if locked, left := s.Auth.Locked(u); locked {
		pg.LockedFor = int((left + time.Minute - 1) / time.Minute)
	}
	return pg, nil
}

// handleUserUnlock lets a user locked out by failed sign-ins try again.
func (s *Server) handleUserUnlock(w http.ResponseWriter, r *http.Request) {
	u, err := s.pathUser(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.Auth.Unlock(r.Context(), u, actor(r)); err != nil {
		s.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/amministrazione/utenti/"+strconv.FormatInt(u.ID, 10)+"?esito=sbloccato", http.StatusSeeOther)
}

func formOf(u *domain.User) userForm {
	return userForm{Name: u.Name, FullName: u.FullName, Matricola: u.Matricola, Role: u.Role, Units: formUnits(u.Units), Disabled: u.Disabled}
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
	pg := s.newPage(r, "Utente "+u.Name, "/amministrazione/utenti", data)
	if r.URL.Query().Get("esito") == "sbloccato" {
		pg.Notice = "Accessi sbloccati: «" + u.Name + "» può accedere di nuovo subito."
	}
	s.render(w, r, "user.html", pg)
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
	upd.Matricola = form.Matricola
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
	revoked, err := s.Auth.SetPassword(r.Context(), u, password, true, admin.Name)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	data, err := s.userPage(r, u, formOf(u))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	data.Created = &createdUser{Name: u.Name, What: "reimpostata", Password: password, Revoked: revokedText(revoked)}
	s.render(w, r, "user.html", s.newPage(r, "Utente "+u.Name, "/amministrazione/utenti", data))
}
