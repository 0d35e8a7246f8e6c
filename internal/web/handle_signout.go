package web

import "net/http"

// handleSignOut ends the session and goes back to the sign-in page.
func (s *Server) handleSignOut(w http.ResponseWriter, r *http.Request) {
	if err := s.Auth.SignOut(r.Context(), principal(r)); err != nil {
		s.Error(w, r, err)
		return
	}
	s.clearSessionCookie(w, r)
	http.Redirect(w, r, "/accedi?uscita=1", http.StatusSeeOther)
}
