// Package web serves performa over HTTP: server-rendered pages in Italian
// built with Bootstrap Italia, for signed-in users by role, and a JSON API
// under /api/v1/ for programs holding a token. Every route is declared
// once, in routes.go, with the rule that decides who may use it. Handlers
// are thin: they parse the request, call the store, render.
package web

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/performa-pa/performa/internal/auth"
	"github.com/performa-pa/performa/internal/closure"
	"github.com/performa-pa/performa/internal/domain"
)

// Store is what the web application needs of the store.
type Store interface {
	domain.PlanStore
	domain.UserStore
	domain.WorkStore
	domain.PeopleStore
	domain.PublicationStore
	// Pin reads the organization's generation once for the request: under
	// the context it returns, the session, the ente, its versions, SMVP and
	// sign-offs are answered from memory while nothing of the ente changed
	// (store/memo.go).
	Pin(ctx context.Context, orgID int64) (context.Context, error)
}

// Server holds what the handlers need.
type Server struct {
	Store  Store
	Auth   *auth.Service
	DBKind string // "sqlite" or "postgres", for the health endpoint
	Logger *slog.Logger
	// SecureCookies marks cookies Secure even on plain HTTP: for a TLS
	// proxy in front of performa that does not say X-Forwarded-Proto.
	SecureCookies bool
	// Clock is the time now (nil: time.Now): whether a year is over, and
	// so whether its scores are provisional, depends on it. Tests set it.
	Clock func() time.Time

	views     *views
	routes    []route
	mux       *http.ServeMux
	imports   *pendingImports
	versions  *versionCache
	fragments *fragmentCache
	// publicAnswers are the public section's pages and files as made
	// (handle_public.go).
	publicAnswers publicCache
	responses     *responseCache
}

// NewServer parses the templates and registers the routes once.
func NewServer(store Store, dbKind string, logger *slog.Logger) *Server {
	s := &Server{Store: store, Auth: auth.New(store), DBKind: dbKind, Logger: logger}
	s.views = parseViews()
	s.imports = newPendingImports()
	s.versions = newVersionCache()
	s.fragments = newFragmentCache()
	s.responses = newResponseCache()
	go warmAssets()
	s.mux = http.NewServeMux()
	for _, rt := range s.routeTable() {
		s.handle(rt)
	}
	return s
}

// now is the time by the server's clock.
func (s *Server) now() time.Time {
	if s.Clock != nil {
		return s.Clock()
	}
	return time.Now()
}

// today is the current day in Italy by the server's clock, at midnight UTC
// like stored dates.
func (s *Server) today() time.Time { return dayOf(s.now()) }

// Handler is the whole application: compression (compress.go),
// cross-origin protection (the
// Origin/Sec-Fetch-Site check on state-changing requests), security headers
// and the routes.
func (s *Server) Handler() http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.Error(w, r, domain.Errorf(domain.EFORBIDDEN,
			"Richiesta rifiutata: proviene da un altro sito. Ricarica la pagina e riprova."))
	}))
	return compress(securityHeaders(cop.Handler(s.mux)))
}

// ListenAndServe serves on addr until ctx ends, then shuts down gracefully.
func (s *Server) ListenAndServe(ctx context.Context, addr string, ready func(net.Addr)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute, // a workbook upload on a slow line
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	if ready != nil {
		ready(ln.Addr())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(shutdown); err != nil {
			return err
		}
		if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	}
}

// contentSecurityPolicy allows only what performa serves itself: no CDN, no
// inline script. Bootstrap Italia's CSS embeds its small icons as data:
// URLs and its script sets inline styles.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; font-src 'self' data:; connect-src 'self'; form-action 'self'; " +
	"frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if !strings.HasPrefix(r.URL.Path, "/static/") {
			// Pages show one person's data: never from a shared cache, nor
			// from the browser's after signing out.
			h.Set("Cache-Control", "no-store")
		}
		next.ServeHTTP(w, r)
	})
}

// statusOf maps domain error codes to HTTP status codes.
var statusOf = map[string]int{
	domain.ECONFLICT:     http.StatusConflict,
	domain.EINVALID:      http.StatusBadRequest,
	domain.ENOTFOUND:     http.StatusNotFound,
	domain.EUNAUTHORIZED: http.StatusUnauthorized,
	domain.EFORBIDDEN:    http.StatusForbidden,
	domain.ETOOMANY:      http.StatusTooManyRequests,
}

// Status is the HTTP status of err: the one place where domain error codes
// become HTTP status codes.
func Status(err error) int {
	if st, ok := statusOf[domain.ErrorCode(err)]; ok {
		return st
	}
	return http.StatusInternalServerError
}

// isAPI tells the JSON API's requests from the pages'.
func isAPI(r *http.Request) bool {
	return r.URL.Path == "/api/v1" || strings.HasPrefix(r.URL.Path, "/api/")
}

// Error answers with err: JSON for the API, an Italian page otherwise. A
// page that needs signing in redirects to the sign-in page instead, which
// brings the person back afterwards.
func (s *Server) Error(w http.ResponseWriter, r *http.Request, err error) {
	status := Status(err)
	if status == http.StatusInternalServerError && clientGone(r, err) {
		// Nobody is waiting for an answer, and nothing failed here.
		s.Logger.Debug("richiesta interrotta dal client", "method", r.Method, "path", r.URL.Path, "err", err)
		return
	}
	if status == http.StatusInternalServerError {
		s.Logger.Error("richiesta non riuscita", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if isAPI(r) {
		if status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer realm="performa"`)
		}
		body := apiErrorBody{Code: domain.ErrorCode(err), Message: domain.ErrorMessage(err)}
		var fe *fieldsError
		if errors.As(err, &fe) {
			body.Fields = fe.Fields
		}
		var refusal *closure.Refusal
		if errors.As(err, &refusal) {
			body.Gaps = gapsJSON(refusal.Gaps)
		}
		writeJSON(w, status, apiError{Error: body})
		return
	}
	if status == http.StatusUnauthorized && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		http.Redirect(w, r, "/accedi?dopo="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	s.renderStatus(w, r, status, "error.html", "Errore", errorPage{Status: status, Message: domain.ErrorMessage(err)})
}

// clientGone reports whether err comes from the client going away: the
// request's context was canceled (a closed tab, a load tester's timeout).
func clientGone(r *http.Request, err error) bool {
	return errors.Is(err, context.Canceled) && r.Context().Err() != nil
}

type errorPage struct {
	Status  int
	Message string
}

// Heading is the title of an error page.
func (e errorPage) Heading() string {
	switch e.Status {
	case http.StatusNotFound:
		return "Pagina non trovata"
	case http.StatusForbidden:
		return "Accesso non consentito"
	case http.StatusUnauthorized:
		return "Accesso richiesto"
	case http.StatusTooManyRequests:
		return "Troppi tentativi"
	case http.StatusInternalServerError:
		return "Errore interno"
	}
	return "Richiesta non valida"
}

type apiError struct {
	Error apiErrorBody `json:"error"`
}

type apiErrorBody struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"` // what is wrong with each field of the request
	Gaps    []apiGap          `json:"gaps,omitempty"`   // what a refused sign-off still needs
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}
