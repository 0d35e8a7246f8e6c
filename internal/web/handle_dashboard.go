package web

import (
	"net/http"

	"github.com/performa-pa/performa/internal/domain"
)

type dashboardPage struct {
	Plans     []domain.PlanSummary
	Units     []string // the signed-in manager's units
	CanImport bool
}

// handleDashboard is the cruscotto. For now it lists the organization's
// plans and, for a manager, their units; the scores come with the scoring
// engine.
func (s *Server) handleDashboard(w http.ResponseWriter, r *http.Request) {
	u := principalUser(r)
	plans, err := s.Store.Plans(r.Context(), u.OrganizationID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	data := dashboardPage{Plans: plans, Units: u.Units,
		CanImport: s.allowed(r, "GET /importa", principal(r))}
	pg := s.newPage(r, "Cruscotto", "/", data)
	if r.URL.Query().Get("esito") == "password" {
		pg.Notice = "Password cambiata."
	}
	s.render(w, r, "dashboard.html", pg)
}
