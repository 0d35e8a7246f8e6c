package web

import (
	"net"
	"net/http"
	"strings"
)

// secure reports whether cookies must be marked Secure: over TLS, behind a
// TLS proxy that says so (X-Forwarded-Proto; trusting it can only make the
// cookie stricter), or when configured.
func (s *Server) secure(r *http.Request) bool {
	return s.SecureCookies || r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

// setSessionCookie hands the browser its session: HttpOnly (no script
// reads it), SameSite=Lax (not sent on cross-site form posts), for the
// whole site, until the browser closes: the server ends the session anyway.
func (s *Server) setSessionCookie(w http.ResponseWriter, r *http.Request, value string) {
	http.SetCookie(w, &http.Cookie{
		Name:     sessionCookie,
		Value:    value,
		Path:     "/",
		HttpOnly: true,
		SameSite: http.SameSiteLaxMode,
		Secure:   s.secure(r),
	})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{
		Name:     sessionCookie,
		Value:    "",
		Path:     "/",
		MaxAge:   -1,
		HttpOnly: true,
		SameSite: http.SameSiteLaxMode,
		Secure:   s.secure(r),
	})
}

// clientIP is the address a request comes from, for the sign-in throttle.
// performa does not trust X-Forwarded-For: behind a proxy every request
// seems to come from the proxy, which the per-user limit still covers.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
