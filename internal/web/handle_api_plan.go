package web

import (
	"net/http"
	"strconv"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/planjson"
)

// handleAPIPlan returns one plan version whole, in the JSON plan format
// (performa.plan/v1, docs/plan-format.md). A version of another
// organization is not found.
func (s *Server) handleAPIPlan(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.Error(w, r, domain.Errorf(domain.ENOTFOUND, "Piano non trovato."))
		return
	}
	plan, err := s.Store.Plan(r.Context(), principalUser(r).OrganizationID, id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, planjson.FromPlan(plan))
}
