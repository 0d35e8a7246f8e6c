package web

import (
	"net/http"
	"strconv"

	"github.com/performa-pa/performa/internal/auth"
	"github.com/performa-pa/performa/internal/domain"
)

type passwordPage struct {
	Required bool // a one-time password must be replaced
	MinLen   int
	Error    string
}

// handlePasswordForm shows the form to change one's own password.
func (s *Server) handlePasswordForm(w http.ResponseWriter, r *http.Request) {
	u := principalUser(r)
	s.render(w, r, "password.html", s.newPage(r, "Cambia password", "",
		passwordPage{Required: u.MustChangePassword, MinLen: auth.MinPasswordLen}))
}

// handlePassword changes the password: every other session of the user
// ends and this browser gets a new one.
func (s *Server) handlePassword(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	next := r.PostFormValue("nuova")
	var err error
	if next != r.PostFormValue("conferma") {
		err = domain.Errorf(domain.EINVALID, "Le due nuove password non coincidono.")
	} else {
		var (
			cookie string
			np     *auth.Principal
		)
		if np, cookie, err = s.Auth.ChangePassword(r.Context(), p, r.PostFormValue("attuale"), next,
			clientIP(r), r.UserAgent()); err == nil {
			s.setSessionCookie(w, r, cookie)
			http.Redirect(w, r, "/?esito=password&token="+strconv.Itoa(np.RevokedTokens), http.StatusSeeOther)
			return
		}
	}
	status := Status(err)
	if status == http.StatusInternalServerError {
		s.Error(w, r, err)
		return
	}
	s.write(w, r, status, "password.html", s.newPage(r, "Cambia password", "",
		passwordPage{Required: p.User.MustChangePassword, MinLen: auth.MinPasswordLen, Error: domain.ErrorMessage(err)}))
}
