package web

import (
	"net/http"
	"net/url"
	"strconv"
)

// handleStaffCreate creates, in bozza, the schede of the year of everyone
// the user evaluates who has none yet (performa scheda create --all).
func (s *Server) handleStaffCreate(w http.ResponseWriter, r *http.Request) {
	d, _, err := s.desk(r, r.PostFormValue("anno"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	made, err := d.CreateAll(r.Context(), principalUser(r))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/personale?"+url.Values{"anno": {strconv.Itoa(d.Year)}, "create": {strconv.Itoa(made)}}.Encode(), http.StatusSeeOther)
}
