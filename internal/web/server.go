// Package web serves performa over HTTP: for now a health endpoint and a
// page listing the stored plans. Handlers are thin: they parse the request,
// call the store, render.
package web

import (
	"context"
	"embed"
	"errors"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/performa-pa/performa/internal/domain"
)

//go:embed templates/*.html
var templateFS embed.FS

// Server holds what the handlers need.
type Server struct {
	Store  domain.PlanStore
	DBKind string // "sqlite" or "postgres", for the health endpoint
	Logger *slog.Logger
	tmpl   *template.Template
}

// NewServer parses the templates once.
func NewServer(store domain.PlanStore, dbKind string, logger *slog.Logger) *Server {
	s := &Server{Store: store, DBKind: dbKind, Logger: logger}
	s.tmpl = template.Must(template.New("").Funcs(funcs).ParseFS(templateFS, "templates/*.html"))
	return s
}

// Handler routes requests: the standard library's ServeMux with method
// patterns.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.handleHealth)
	mux.HandleFunc("GET /{$}", s.handlePlans)
	return securityHeaders(mux)
}

// ListenAndServe serves on addr until ctx ends, then shuts down gracefully.
func (s *Server) ListenAndServe(ctx context.Context, addr string, ready func(net.Addr)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
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

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'")
		next.ServeHTTP(w, r)
	})
}

// Error renders err with the status its code maps to: the one place where
// domain error codes become HTTP status codes.
func (s *Server) Error(w http.ResponseWriter, r *http.Request, err error) {
	code := domain.ErrorCode(err)
	status := map[string]int{
		domain.ECONFLICT: http.StatusConflict, domain.EINVALID: http.StatusBadRequest,
		domain.ENOTFOUND: http.StatusNotFound, domain.EUNAUTHORIZED: http.StatusUnauthorized,
		domain.EFORBIDDEN: http.StatusForbidden,
	}[code]
	if status == 0 {
		status = http.StatusInternalServerError
		s.Logger.Error("richiesta non riuscita", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	http.Error(w, domain.ErrorMessage(err), status)
}
