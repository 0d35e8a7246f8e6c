package web

import (
	"net/http"
	"strconv"

	"github.com/performa-pa/performa/internal/domain"
)

type diffPage struct {
	Versions []domain.PlanSummary
	From, To *domain.Plan
	Diff     *planDiff
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
	match, err := s.lineage(r, pg.From, pg.To)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	pg.Diff = diffPlans(pg.From, pg.To, match)
	s.render(w, r, "diff.html", s.newPage(r, "Confronto tra versioni", "/piano", pg))
}

// lineage maps the objectives and indicators of to to those of from they
// were copied from, through the variations in between.
func (s *Server) lineage(r *http.Request, from, to *domain.Plan) (map[int64]int64, error) {
	match := map[int64]int64{}
	if from.Cycle.ID != to.Cycle.ID || from.Version.ID == to.Version.ID {
		return match, nil
	}
	all, err := s.Store.Plans(r.Context(), to.Organization.ID)
	if err != nil {
		return nil, err
	}
	chain := map[int64]int64{}
	for _, v := range all {
		if v.Cycle.ID == to.Cycle.ID && v.Version.Number > from.Version.Number && v.Version.Number <= to.Version.Number {
			o, err := s.Store.Origins(r.Context(), to.Organization.ID, v.Version.ID)
			if err != nil {
				return nil, err
			}
			for k, v := range o {
				chain[k] = v
			}
		}
	}
	inFrom := map[int64]bool{}
	for _, u := range from.Units {
		for _, o := range u.Objectives {
			inFrom[o.ID] = true
			for _, in := range o.Indicators {
				inFrom[in.ID] = true
			}
		}
	}
	for _, u := range to.Units {
		for _, o := range u.Objectives {
			ids := []int64{o.ID}
			for _, in := range o.Indicators {
				ids = append(ids, in.ID)
			}
			for _, id := range ids {
				x := id
				for step := 0; step < 64 && !inFrom[x]; step++ {
					y, ok := chain[x]
					if !ok {
						break
					}
					x = y
				}
				if inFrom[x] {
					match[id] = x
				}
			}
		}
	}
	return match, nil
}
