package web

import (
	"net/http"
	"strconv"

	"github.com/performa-pa/performa/internal/domain"
)

type monitoringUnitPage struct {
	Unit *domain.Unit
}

// handleMonitoringUnit will hold the measurement form of one unit; the
// route's rule already checked that the user manages it.
func (s *Server) handleMonitoringUnit(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("unit"), 10, 64)
	if err != nil {
		s.handleNotFound(w, r)
		return
	}
	unit, err := s.Store.Unit(r.Context(), principalUser(r).OrganizationID, id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.render(w, r, "monitoring_unit.html", s.newPage(r, unit.Name+" · Monitoraggio", "/monitoraggio",
		monitoringUnitPage{Unit: unit}))
}
