package web

import (
	"net/http"

	"github.com/performa-pa/performa/internal/auth"
	"github.com/performa-pa/performa/internal/domain"
)

type usersPage struct {
	ID       int64 // zero: the form adds a user
	Users    []domain.User
	Units    []unitOption
	Form     userForm
	Error    string
	Created  *createdUser
	Resolved []string // units of the last edit found from a part of their name
}

func (s *Server) usersPage(r *http.Request, form userForm) (*usersPage, error) {
	orgID := principalUser(r).OrganizationID
	users, err := s.Store.Users(r.Context(), orgID)
	if err != nil {
		return nil, err
	}
	choices, err := s.unitChoices(r, orgID)
	if err != nil {
		return nil, err
	}
	if form.Role == "" {
		form.Role = domain.RoleReader
	}
	return &usersPage{Users: users, Units: unitOptions(choices, nil, form.Units), Form: form}, nil
}

// handleUsers lists the organization's users, with the form to add one.
func (s *Server) handleUsers(w http.ResponseWriter, r *http.Request) {
	data, err := s.usersPage(r, userForm{})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	pg := s.newPage(r, "Utenti", "/amministrazione/utenti", data)
	if r.URL.Query().Get("esito") == "modificato" {
		pg.Notice = "Modifiche salvate."
	}
	s.render(w, r, "users.html", pg)
}

// handleUserAdd adds a user with a one-time password, shown once on the
// page that answers. Units typed by a part of their name are resolved
// against the plan's and said back.
func (s *Server) handleUserAdd(w http.ResponseWriter, r *http.Request) {
	admin := principalUser(r)
	form := parseUserForm(r)
	choices, err := s.unitChoices(r, admin.OrganizationID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	units, resolved, err := form.units(choices, nil)
	password := auth.GeneratePassword()
	u := &domain.User{OrganizationID: admin.OrganizationID, Name: form.Name, FullName: form.FullName, Matricola: form.Matricola,
		Role: form.Role, Units: units}
	if err == nil {
		err = s.Auth.CreateUser(r.Context(), u, password, true, admin.Name)
	}
	status := http.StatusOK
	var created *createdUser
	if err == nil {
		created, form = &createdUser{Name: u.Name, What: "creato", Password: password, Resolved: resolved}, userForm{}
	} else if status = Status(err); status == http.StatusInternalServerError {
		s.Error(w, r, err)
		return
	}
	data, lerr := s.usersPage(r, form)
	if lerr != nil {
		s.Error(w, r, lerr)
		return
	}
	data.Created = created
	if err != nil {
		data.Error = domain.ErrorMessage(err)
	}
	s.write(w, r, status, "users.html", s.newPage(r, "Utenti", "/amministrazione/utenti", data))
}
