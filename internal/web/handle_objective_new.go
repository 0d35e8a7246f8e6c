package web

import (
	"net/http"
	"strconv"

	"github.com/performa-pa/performa/internal/domain"
)

// Adding an objective to a unit of a draft version (a variation, or the
// plan before its approval), with its first indicator and that
// indicator's targets per year: the administrator, or the manager of the
// unit. A form with errors comes back with everything typed.

type objectiveNewPage struct {
	Unit     *domain.Unit
	Loc      *domain.Location
	Form     objectiveForm
	Ind      indicatorForm // the first indicator, optional
	Errors   map[string]string
	Error    string
	ReadOnly bool
	Kinds    []option
	Dirs     []option
}

func (pg *objectiveNewPage) Err(f string) string { return pg.Errors[f] }

// loadObjectiveNew reads the unit of the path and its plan.
func (s *Server) loadObjectiveNew(r *http.Request) (*objectiveNewPage, *domain.Plan, error) {
	id, err := pathID(r, "unit", "Unità")
	if err != nil {
		return nil, nil, err
	}
	loc, plan, err := s.located(r, "unit", id)
	if err != nil {
		return nil, nil, err
	}
	pg := &objectiveNewPage{Loc: loc, Errors: map[string]string{}, Kinds: kindOptions(), Dirs: directionOptions(),
		ReadOnly: loc.VersionStatus != domain.VersionDraft}
	for _, u := range plan.Units {
		if u.ID == id {
			pg.Unit = u
		}
	}
	if pg.Unit == nil {
		return nil, nil, domain.Errorf(domain.ENOTFOUND, "Unità non trovata.")
	}
	pg.Form.Kind = string(domain.ObjectiveUnit)
	if pg.Unit.Kind == domain.UnitOrganization {
		pg.Form.Kind = string(domain.ObjectiveOrganization)
	}
	pg.Ind = formOfIndicator(plan.Cycle, &domain.Indicator{}, 0)
	for i := range pg.Ind.Targets {
		pg.Ind.Targets[i].Prefix, pg.Ind.Targets[i].Words = "ind_", ""
	}
	if pg.ReadOnly {
		pg.Error = readOnlyMessage(loc)
	}
	return pg, plan, nil
}

// readOnlyMessage says why a version's content cannot change.
func readOnlyMessage(loc *domain.Location) string {
	return "La versione " + itoa(loc.VersionNumber) + " del piano è " + versionStatus(loc.VersionStatus) +
		": non si modifica più. Per cambiarla serve una variazione (Amministrazione › Ciclo)."
}

func (s *Server) handleObjectiveNewForm(w http.ResponseWriter, r *http.Request) {
	pg, _, err := s.loadObjectiveNew(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.render(w, r, "objective_new.html", s.newPage(r, "Nuovo obiettivo · "+pg.Unit.Name, "/piano", pg))
}

// handleObjectiveNew adds the objective (and its first indicator, when
// one was typed) at the end of the unit.
func (s *Server) handleObjectiveNew(w http.ResponseWriter, r *http.Request) {
	pg, plan, err := s.loadObjectiveNew(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	pg.Form = parseObjectiveForm(r)
	pg.Ind = parseIndicatorForm(r, "ind_", plan.Cycle)
	o := &domain.Objective{}
	formErrors(pg.Form.Apply(o), objectiveFields, pg.Errors)
	if !pg.Ind.empty() {
		in := &domain.Indicator{}
		errs := map[string]string{}
		formErrors(pg.Ind.input().Apply(in, plan.Cycle), indicatorFields, errs)
		for k, v := range errs {
			pg.Errors["ind_"+k] = v
		}
		pg.Ind.describeTargets(in)
		o.Indicators = []*domain.Indicator{in}
	}
	title := "Nuovo obiettivo · " + pg.Unit.Name
	if len(pg.Errors) > 0 {
		pg.Error = "L'obiettivo non è stato aggiunto: correggi i campi segnalati."
		s.write(w, r, http.StatusBadRequest, "objective_new.html", s.newPage(r, title, "/piano", pg))
		return
	}
	err = s.Store.AddObjective(r.Context(), principalUser(r).OrganizationID, pg.Unit.ID, o, actor(r))
	if err == nil {
		http.Redirect(w, r, "/piano/obiettivi/"+strconv.FormatInt(o.ID, 10)+"?esito=aggiunto", http.StatusSeeOther)
		return
	}
	s.formRefused(w, r, err, "objective_new.html", title, pg, func(msg string, _ int) { pg.Error = msg })
}
