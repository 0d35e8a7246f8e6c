package web

import (
	"net/http"

	"github.com/performa-pa/performa/internal/auth"
	"github.com/performa-pa/performa/internal/domain"
)

type monitoringPage struct {
	Plan  *domain.Plan
	Units []*domain.Unit
}

// handleMonitoring lists the units of the current plan whose measurements
// the user records: every area for the administrator, their own for a
// manager.
func (s *Server) handleMonitoring(w http.ResponseWriter, r *http.Request) {
	u := principalUser(r)
	var data monitoringPage
	plan, err := s.Store.CurrentPlan(r.Context(), u.OrganizationID)
	switch {
	case domain.ErrorCode(err) == domain.ENOTFOUND:
	case err != nil:
		s.Error(w, r, err)
		return
	default:
		data.Plan = plan
		for _, unit := range plan.Units {
			if u.Role == domain.RoleAdmin || auth.Manages(u, unit.Name) {
				data.Units = append(data.Units, unit)
			}
		}
	}
	s.render(w, r, "monitoring.html", s.newPage(r, "Monitoraggio", "/monitoraggio", data))
}
