package web

import (
	"net/http"
	"time"

	"github.com/performa-pa/performa/internal/domain"
)

// apiPlanSummary is one element of GET /api/v1/plans.
type apiPlanSummary struct {
	ID         int64     `json:"id"` // the version's id: GET /api/v1/plans/{id}
	Cycle      apiCycle  `json:"cycle"`
	Version    apiVer    `json:"version"`
	Units      int       `json:"units"`
	Objectives int       `json:"objectives"`
	Indicators int       `json:"indicators"`
	SourceFile string    `json:"source_file"`
	ImportedAt time.Time `json:"imported_at"`
}

type apiCycle struct {
	FirstYear int    `json:"first_year"`
	LastYear  int    `json:"last_year"`
	Status    string `json:"status"`
}

type apiVer struct {
	Number int    `json:"number"`
	Status string `json:"status"`
}

// handleAPIPlans lists the plan versions of the caller's organization,
// newest cycle first.
func (s *Server) handleAPIPlans(w http.ResponseWriter, r *http.Request) {
	plans, err := s.Store.Plans(r.Context(), principalUser(r).OrganizationID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	out := struct {
		Plans []apiPlanSummary `json:"plans"`
	}{Plans: make([]apiPlanSummary, 0, len(plans))}
	for _, p := range plans {
		out.Plans = append(out.Plans, planSummaryJSON(p))
	}
	writeJSON(w, http.StatusOK, out)
}

func planSummaryJSON(p domain.PlanSummary) apiPlanSummary {
	return apiPlanSummary{
		ID:         p.Version.ID,
		Cycle:      apiCycle{p.Cycle.FirstYear, p.Cycle.LastYear, string(p.Cycle.Status)},
		Version:    apiVer{p.Version.Number, string(p.Version.Status)},
		Units:      p.Units,
		Objectives: p.Objectives,
		Indicators: p.Indicators,
		SourceFile: p.Version.SourceFile,
		ImportedAt: p.ImportedAt,
	}
}
