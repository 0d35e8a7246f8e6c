package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
)

type signInPage struct {
	Orgs  []domain.Organization
	OrgID int64
	Name  string
	After string // where to go once signed in
	Error string
}

// safeAfter keeps only a path on this server to return to after signing
// in, and "/" for anything else. Browsers are lenient where it hurts: they
// drop tabs and line breaks from a Location and read "\\" as "/", so that
// "/\t/evil.example" and "/\\evil.example" land on another site. Hence only
// printable ASCII, no backslash, no scheme, host or user, and a path that
// starts with exactly one slash.
func safeAfter(p string) string {
	for _, c := range []byte(p) {
		if c <= ' ' || c >= 0x7f || c == '\\' {
			return "/"
		}
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" ||
		!strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") ||
		!strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") ||
		strings.HasPrefix(u.Path, "/accedi") {
		return "/"
	}
	return p
}

// handleSignInForm shows the sign-in form; a signed-in user goes on.
func (s *Server) handleSignInForm(w http.ResponseWriter, r *http.Request) {
	if principal(r) != nil {
		http.Redirect(w, r, safeAfter(r.URL.Query().Get("dopo")), http.StatusSeeOther)
		return
	}
	orgs, err := s.Store.Organizations(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	data := signInPage{Orgs: orgs, After: safeAfter(r.URL.Query().Get("dopo"))}
	if id, err := strconv.ParseInt(r.URL.Query().Get("ente"), 10, 64); err == nil {
		data.OrgID = id
	}
	pg := s.newPage(r, "Accedi", "", data)
	if r.URL.Query().Get("uscita") != "" {
		pg.Notice = "Sei uscito da performa."
	}
	s.render(w, r, "signin.html", pg)
}

// handleSignIn checks the credentials, opens a session and goes where the
// person was heading; on failure the form comes back with the name typed
// and an Italian message.
func (s *Server) handleSignIn(w http.ResponseWriter, r *http.Request) {
	orgs, err := s.Store.Organizations(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	data := signInPage{
		Orgs:  orgs,
		Name:  strings.TrimSpace(r.PostFormValue("nome")),
		After: safeAfter(r.PostFormValue("dopo")),
	}
	data.OrgID, _ = strconv.ParseInt(r.PostFormValue("ente"), 10, 64)
	if len(orgs) == 1 && data.OrgID == 0 {
		data.OrgID = orgs[0].ID
	}
	_, cookie, err := s.Auth.SignIn(r.Context(), data.OrgID, data.Name, r.PostFormValue("password"),
		clientIP(r), r.UserAgent())
	if err != nil {
		status := Status(err)
		if status == http.StatusInternalServerError {
			s.Error(w, r, err)
			return
		}
		if status == http.StatusUnauthorized {
			// Wrong credentials: the form is shown again; 401 would ask
			// for HTTP authentication, which this is not.
			status = http.StatusUnprocessableEntity
		}
		data.Error = domain.ErrorMessage(err)
		s.write(w, r, status, "signin.html", s.newPage(r, "Accedi", "", data))
		return
	}
	s.setSessionCookie(w, r, cookie)
	http.Redirect(w, r, data.After, http.StatusSeeOther)
}
