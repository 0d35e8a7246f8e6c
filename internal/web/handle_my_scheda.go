package web

import "net/http"

// handleMyScheda sends a person of the register to their own scheda, for
// the year asked for (?anno=) or the one being worked on.
func (s *Server) handleMyScheda(w http.ResponseWriter, r *http.Request) {
	ws, err := s.loadWorkspace(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	http.Redirect(w, r, schedaPath(principalUser(r).Matricola, ws.Year), http.StatusSeeOther)
}
