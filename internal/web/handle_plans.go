package web

import (
	"net/http"

	"github.com/performa-pa/performa/internal/domain"
)

type plansPage struct {
	Organizations []orgPlans
}

type orgPlans struct {
	Organization domain.Organization
	Plans        []domain.PlanSummary
}

// handlePlans lists every stored plan, by organization.
func (s *Server) handlePlans(w http.ResponseWriter, r *http.Request) {
	orgs, err := s.Store.Organizations(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var page plansPage
	for _, o := range orgs {
		plans, err := s.Store.Plans(r.Context(), o.ID)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		page.Organizations = append(page.Organizations, orgPlans{o, plans})
	}
	s.render(w, r, "plans.html", page)
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, name string, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := s.tmpl.ExecuteTemplate(w, name, data); err != nil {
		s.Logger.Error("pagina non generata", "template", name, "err", err)
	}
}
