package web

import (
	"net/http"
	"strconv"

	"github.com/performa-pa/performa/internal/domain"
)

// Adding an indicator, with its targets per year, to an objective of a
// draft version: the administrator, or the manager of its unit.

type indicatorNewPage struct {
	Unit     *domain.Unit
	O        *domain.Objective
	Loc      *domain.Location
	Form     indicatorForm
	Errors   map[string]string
	Error    string
	ReadOnly bool
	Dirs     []option
}

func (s *Server) loadIndicatorNew(r *http.Request) (*indicatorNewPage, *domain.Plan, error) {
	id, err := pathID(r, "objective", "Obiettivo")
	if err != nil {
		return nil, nil, err
	}
	loc, plan, err := s.located(r, "objective", id)
	if err != nil {
		return nil, nil, err
	}
	unit, o := findObjective(plan, id)
	if o == nil {
		return nil, nil, domain.Errorf(domain.ENOTFOUND, "Obiettivo non trovato.")
	}
	pg := &indicatorNewPage{Unit: unit, O: o, Loc: loc, Form: formOfIndicator(plan.Cycle, &domain.Indicator{}, 0),
		Errors: map[string]string{}, Dirs: directionOptions(), ReadOnly: loc.VersionStatus != domain.VersionDraft}
	for i := range pg.Form.Targets {
		pg.Form.Targets[i].Words = ""
	}
	if pg.ReadOnly {
		pg.Error = readOnlyMessage(loc)
	}
	return pg, plan, nil
}

func (s *Server) handleIndicatorNewForm(w http.ResponseWriter, r *http.Request) {
	pg, _, err := s.loadIndicatorNew(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.render(w, r, "indicator_new.html", s.newPage(r, "Nuovo indicatore · obiettivo "+objectiveLabel(pg.O), "/piano", pg))
}

func (s *Server) handleIndicatorNew(w http.ResponseWriter, r *http.Request) {
	pg, plan, err := s.loadIndicatorNew(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	pg.Form = parseIndicatorForm(r, "", plan.Cycle)
	in := &domain.Indicator{}
	formErrors(pg.Form.input().Apply(in, plan.Cycle), indicatorFields, pg.Errors)
	pg.Form.describeTargets(in)
	title := "Nuovo indicatore · obiettivo " + objectiveLabel(pg.O)
	if len(pg.Errors) > 0 {
		pg.Error = "L'indicatore non è stato aggiunto: correggi i campi segnalati."
		s.write(w, r, http.StatusBadRequest, "indicator_new.html", s.newPage(r, title, "/piano", pg))
		return
	}
	err = s.Store.AddIndicator(r.Context(), principalUser(r).OrganizationID, pg.O.ID, in, actor(r))
	if err == nil {
		http.Redirect(w, r, "/piano/obiettivi/"+strconv.FormatInt(pg.O.ID, 10)+"?esito=indicatore-aggiunto#indicatore-"+
			strconv.FormatInt(in.ID, 10), http.StatusSeeOther)
		return
	}
	s.formRefused(w, r, err, "indicator_new.html", title, pg, func(msg string, _ int) { pg.Error = msg })
}
