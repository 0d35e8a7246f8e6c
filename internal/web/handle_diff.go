package web

import (
	"net/http"
	"strconv"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/plandiff"
)

type diffPage struct {
	Versions []domain.PlanSummary
	From, To *domain.Plan
	Diff     *plandiff.Diff
}

// handleDiff compares two versions of the plan (?da= older, ?a= newer):
// by default the newest version of the cycle in force with the one before.
func (s *Server) handleDiff(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	orgID := principalUser(r).OrganizationID
	_, versions, err := s.versionsInForce(ctx, orgID)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		s.render(w, r, "diff.html", s.newPage(r, "Confronto tra versioni", "/piano", &diffPage{}))
		return
	} else if err != nil {
		s.Error(w, r, err)
		return
	}
	pg := &diffPage{Versions: versions}
	from, _ := strconv.ParseInt(r.URL.Query().Get("da"), 10, 64)
	to, _ := strconv.ParseInt(r.URL.Query().Get("a"), 10, 64)
	if to == 0 {
		to = versions[0].Version.ID
	}
	if from == 0 {
		from = to
		for i, v := range versions {
			if v.Version.ID == to && i+1 < len(versions) {
				from = versions[i+1].Version.ID
			}
		}
	}
	if pg.From, err = s.Store.Plan(ctx, orgID, from); err != nil {
		s.Error(w, r, err)
		return
	}
	if pg.To, err = s.Store.Plan(ctx, orgID, to); err != nil {
		s.Error(w, r, err)
		return
	}
	if pg.From.Cycle.ID == pg.To.Cycle.ID && pg.From.Version.Number > pg.To.Version.Number {
		pg.From, pg.To = pg.To, pg.From
	}
	pg.Diff = plandiff.Compare(pg.From, pg.To)
	s.render(w, r, "diff.html", s.newPage(r, "Confronto tra versioni", "/piano", pg))
}
