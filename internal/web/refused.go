package web

import (
	"net/http"

	"github.com/performa-pa/performa/internal/domain"
)

// formRefused shows a plan's form again after the store refused it: the
// page (template name, title) with the reason, set by set, and the status
// of the refusal. A missing element or an internal error goes to the
// error page instead.
func (s *Server) formRefused(w http.ResponseWriter, r *http.Request, err error, name, title string, pg any, set func(msg string, status int)) {
	status := Status(err)
	if status == http.StatusInternalServerError || status == http.StatusNotFound {
		s.Error(w, r, err)
		return
	}
	set(domain.ErrorMessage(err), status)
	s.write(w, r, status, name, s.newPage(r, title, "/piano", pg))
}

// located finds where the unit, objective or indicator (kind) id sits and
// loads its plan version.
func (s *Server) located(r *http.Request, kind string, id int64) (*domain.Location, *domain.Plan, error) {
	orgID := principalUser(r).OrganizationID
	var (
		loc *domain.Location
		err error
	)
	switch kind {
	case "unit":
		loc, err = s.Store.LocateUnit(r.Context(), orgID, id)
	case "objective":
		loc, err = s.Store.LocateObjective(r.Context(), orgID, id)
	default:
		loc, err = s.Store.LocateIndicator(r.Context(), orgID, id)
	}
	if err != nil {
		return nil, nil, err
	}
	plan, err := s.Store.Plan(r.Context(), orgID, loc.VersionID)
	if err != nil {
		return nil, nil, err
	}
	return loc, plan, nil
}
