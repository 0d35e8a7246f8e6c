package web

import (
	"net/http"

	"github.com/performa-pa/performa/internal/domain"
)

// adminPage is the administration's index: its sections, each with what
// needs doing there.
type adminPage struct {
	Users    int
	Disabled int
	W        *workspace // nil without a plan
	Drafts   int        // draft versions of the cycle in force
}

// handleAdmin shows the administration's sections.
func (s *Server) handleAdmin(w http.ResponseWriter, r *http.Request) {
	u := principalUser(r)
	users, err := s.Store.Users(r.Context(), u.OrganizationID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	pg := &adminPage{Users: len(users)}
	for _, x := range users {
		if x.Disabled {
			pg.Disabled++
		}
	}
	ws, err := s.loadWorkspace(r)
	switch {
	case domain.ErrorCode(err) == domain.ENOTFOUND:
	case err != nil:
		s.Error(w, r, err)
		return
	default:
		pg.W = ws
		for _, v := range ws.Versions {
			if v.Version.Status == domain.VersionDraft {
				pg.Drafts++
			}
		}
	}
	s.render(w, r, "admin.html", s.newPage(r, "Amministrazione", "/amministrazione", pg))
}
