package web

import (
	"net/http"
	"time"

	"github.com/performa-pa/performa/internal/auth"
	"github.com/performa-pa/performa/internal/domain"
)

type monitoringPage struct {
	W     *workspace
	Units []monitoringUnit
}

type monitoringUnit struct {
	Unit     *domain.Unit
	Score    *float64
	Measured int // indicators with a target for the year and a measurement in it
	Targets  int // indicators with a target for the year
}

// handleMonitoring lists the units of the plan in force whose measurements
// the user records: every area for the administrator, their own for a
// manager, with how far the year's monitoring has gone.
func (s *Server) handleMonitoring(w http.ResponseWriter, r *http.Request) {
	u := principalUser(r)
	data := &monitoringPage{}
	ws, err := s.loadWorkspace(r)
	switch {
	case domain.ErrorCode(err) == domain.ENOTFOUND:
	case err != nil:
		s.Error(w, r, err)
		return
	default:
		data.W = ws
		_, units := objectiveScores(ws.scores(ws.Year, time.Time{}))
		measured := ws.measuredIn(ws.Year)
		for _, unit := range ws.Plan.Units {
			if u.Role != domain.RoleAdmin && !auth.Manages(u, unit.Identity) {
				continue
			}
			mu := monitoringUnit{Unit: unit}
			if us := units[unit.ID]; us != nil {
				mu.Score = us.Score
			}
			for _, o := range unit.Objectives {
				for _, in := range o.Indicators {
					if t, ok := in.Target(ws.Year); ok && t.Text != "" {
						mu.Targets++
						if measured[in.ID] {
							mu.Measured++
						}
					}
				}
			}
			data.Units = append(data.Units, mu)
		}
	}
	s.render(w, r, "monitoring.html", s.newPage(r, "Monitoraggio", "/monitoraggio", data))
}
