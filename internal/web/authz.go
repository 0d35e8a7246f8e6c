package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/performa-pa/performa/internal/auth"
	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
)

// rule decides whether the principal (nil: nobody signed in) may use a
// route: nil to allow, else an error saying why not (EUNAUTHORIZED: sign
// in first; EFORBIDDEN: not with this role).
type rule struct {
	name  string
	check func(s *Server, r *http.Request, p *auth.Principal) error
}

func errForbidden() error {
	return domain.Errorf(domain.EFORBIDDEN, "Non hai i permessi per aprire questa pagina.")
}

func errSignIn() error { return domain.Errorf(domain.EUNAUTHORIZED, "Accedi per continuare.") }

// roles allows signed-in users holding one of the roles (any role when
// none is given).
func roles(name string, allowed ...domain.Role) rule {
	return rule{name, func(_ *Server, _ *http.Request, p *auth.Principal) error {
		if p == nil {
			return errSignIn()
		}
		if len(allowed) == 0 {
			return nil
		}
		for _, r := range allowed {
			if p.User.Role == r {
				return nil
			}
		}
		return errForbidden()
	}}
}

// The rules of the route table.
var (
	// public: anyone, signed in or not.
	public = rule{"public", func(*Server, *http.Request, *auth.Principal) error { return nil }}
	// signedIn: any role.
	signedIn         = roles("signed-in")
	adminOnly        = roles("admin", domain.RoleAdmin)
	evaluatorOrAdmin = roles("evaluator-or-admin", domain.RoleEvaluator, domain.RoleAdmin)
	managerOrAdmin   = roles("manager-or-admin", domain.RoleManager, domain.RoleAdmin)
)

// managerOfUnit allows the administrator and the manager of the unit whose
// id is the path value param. A manager is given the unit's identity,
// which every version of the unit shares: the rule loads the unit and
// compares identities. A unit of another organization is not found.
func managerOfUnit(param string) rule { return managerOf("unit", param) }

// managerOfObjective and managerOfIndicator allow the administrator and the
// manager of the unit the objective or indicator (path value param)
// belongs to.
func managerOfObjective(param string) rule { return managerOf("objective", param) }

func managerOfIndicator(param string) rule { return managerOf("indicator", param) }

// managerOf finds the unit of the element named by the path value param
// (a unit, an objective or an indicator) and allows the administrator and
// its manager.
func managerOf(kind, param string) rule {
	return rule{"manager-of-" + kind, func(s *Server, r *http.Request, p *auth.Principal) error {
		if p == nil {
			return errSignIn()
		}
		switch p.User.Role {
		case domain.RoleAdmin:
			return nil
		case domain.RoleManager:
		default:
			return errForbidden()
		}
		identity, name, err := s.unitOf(r, kind, param, p.User.OrganizationID)
		if err != nil {
			return err
		}
		if !auth.Manages(p.User, identity) {
			return domain.Errorf(domain.EFORBIDDEN, "Non sei responsabile dell'unità «%s».", name)
		}
		return nil
	}}
}

// unitOf is the identity and name of the unit of the element named by
// the path value param.
func (s *Server) unitOf(r *http.Request, kind, param string, orgID int64) (int64, string, error) {
	id, err := strconv.ParseInt(r.PathValue(param), 10, 64)
	if err != nil {
		msg := map[string]string{"unit": "Unità non trovata.", "objective": "Obiettivo non trovato.", "indicator": "Indicatore non trovato."}[kind]
		return 0, "", domain.Errorf(domain.ENOTFOUND, "%s", msg)
	}
	switch kind {
	case "objective":
		loc, err := s.Store.LocateObjective(r.Context(), orgID, id)
		if err != nil {
			return 0, "", err
		}
		return loc.UnitIdentity, loc.UnitName, nil
	case "indicator":
		loc, err := s.Store.LocateIndicator(r.Context(), orgID, id)
		if err != nil {
			return 0, "", err
		}
		return loc.UnitIdentity, loc.UnitName, nil
	}
	u, err := s.Store.Unit(r.Context(), orgID, id)
	if err != nil {
		return 0, "", err
	}
	return u.Identity, u.Name, nil
}

type principalKey struct{}

// principal is who the request comes from (nil: nobody signed in).
func principal(r *http.Request) *auth.Principal {
	p, _ := r.Context().Value(principalKey{}).(*auth.Principal)
	return p
}

// sessionCookie names the session cookie.
const sessionCookie = "performa_sessione"

// identify finds who a request comes from: an API token in the
// Authorization header, else the session cookie. A request without either
// is anonymous (nil, nil); a bad token is an error, a stale cookie is
// anonymous (and the cookie is cleared).
func (s *Server) identify(w http.ResponseWriter, r *http.Request) (*auth.Principal, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		token, ok := cutBearer(h)
		if !ok {
			return nil, domain.Errorf(domain.EUNAUTHORIZED, "Intestazione Authorization non valida: serve «Bearer TOKEN».")
		}
		return s.Auth.Token(r.Context(), token)
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil, nil
	}
	p, err := s.Auth.Session(r.Context(), c.Value)
	if domain.ErrorCode(err) == domain.EUNAUTHORIZED {
		s.clearSessionCookie(w, r)
		return nil, nil
	}
	return p, err
}

// pin gives the request the generation of the ente its session cookie or
// API token names (Store.Pin), read once: the reads that every page makes
// are then answered from memory while nothing of the ente changed. A
// request naming no ente, or one that does not exist, goes unpinned and is
// identified (or refused) as before.
func (s *Server) pin(r *http.Request) *http.Request {
	var orgID int64
	if h := r.Header.Get("Authorization"); h != "" {
		if token, ok := cutBearer(h); ok {
			orgID, _, _ = auth.ParseAPIToken(token)
		}
	} else if c, err := r.Cookie(sessionCookie); err == nil {
		orgID, _, _ = auth.ParseSessionToken(c.Value)
	}
	if orgID == 0 {
		return r
	}
	ctx, err := s.Store.Pin(r.Context(), orgID)
	if err != nil {
		if domain.ErrorCode(err) != domain.ENOTFOUND {
			s.Logger.Warn("generazione dell'ente non letta", "err", err)
		}
		return r
	}
	return r.WithContext(ctx)
}

func cutBearer(h string) (string, bool) {
	const prefix = "Bearer "
	if len(h) <= len(prefix) || !equalFoldASCII(h[:len(prefix)], prefix) {
		return "", false
	}
	return h[len(prefix):], true
}

func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// safeMethod reports whether a request changes nothing.
func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// handle registers a route behind its rule: identify the principal, check
// the anti-forgery token of a session's state-changing request, send a
// user with a one-time password to change it, apply the rule, then run the
// handler.
func (s *Server) handle(rt route) {
	if rt.rule.check == nil {
		// A route without a rule is refused to everyone.
		rt.rule = rule{"", func(*Server, *http.Request, *auth.Principal) error { return errForbidden() }}
	}
	s.routes = append(s.routes, rt)
	if rt.anonymous && rt.rule.name == public.name {
		s.mux.HandleFunc(rt.pattern, rt.handler)
		return
	}
	limit := rt.maxBody
	if limit == 0 {
		limit = maxFormBody
	}
	s.mux.HandleFunc(rt.pattern, func(w http.ResponseWriter, r *http.Request) {
		if !safeMethod(r.Method) {
			r.Body = http.MaxBytesReader(w, r.Body, limit)
		}
		r = s.pin(r)
		p, err := s.identify(w, r)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		if p != nil && p.Session != nil && !safeMethod(r.Method) && rt.rule.name != public.name {
			if err := parseForm(r, limit); err != nil {
				s.Error(w, r, err)
				return
			}
			// Cross-origin requests were refused already (Handler); the
			// per-session token also stops same-site forgeries.
			token := r.Header.Get("X-CSRF-Token")
			if token == "" {
				token = r.PostFormValue("csrf")
			}
			if !auth.ValidCSRF(p.Cookie, token) {
				s.Error(w, r, domain.Errorf(domain.EFORBIDDEN,
					"Il modulo è scaduto o non è valido: ricarica la pagina e riprova."))
				return
			}
		}
		if p != nil && p.User.MustChangePassword && !rt.beforePasswordChange {
			if isAPI(r) {
				s.Error(w, r, domain.Errorf(domain.EFORBIDDEN, "Cambia la password dal sito prima di usare l'API."))
			} else {
				http.Redirect(w, r, "/profilo/password", http.StatusSeeOther)
			}
			return
		}
		if p != nil {
			// Before the rule: a refusal is a page of the signed-in
			// person's, with their menu and name.
			r = r.WithContext(context.WithValue(r.Context(), principalKey{}, p))
		}
		if err := rt.rule.check(s, r, p); err != nil {
			s.Error(w, r, err)
			return
		}
		rt.handler(w, r)
	})
}

// allowed reports whether p may use the route registered as pattern: the
// navigation shows only what the route table allows.
func (s *Server) allowed(r *http.Request, pattern string, p *auth.Principal) bool {
	for _, rt := range s.routes {
		if rt.pattern == pattern {
			return rt.rule.check != nil && rt.rule.check(s, r, p) == nil
		}
	}
	return false
}

// maxFormBody bounds the body of a request whose route sets no limit of its
// own: a form, or a JSON request of the API.
const maxFormBody = 1 << 20

// parseForm reads a posted form, a file upload too, saying so in Italian
// when it is larger than the route accepts.
func parseForm(r *http.Request, limit int64) error {
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		err = r.ParseMultipartForm(8 << 20) // beyond this, parts wait in temporary files
	} else {
		err = r.ParseForm()
	}
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return domain.Errorf(domain.EINVALID, "Il modulo o il file inviato è troppo grande (al massimo %s MB).",
			italian.Number(float64(limit)/(1<<20), 2))
	}
	return nil // a malformed form is left to the handler, which finds its fields missing
}
