package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/planedit"
	"github.com/performa-pa/performa/internal/planjson"
)

// The JSON API for whole variations: in a draft version, add an objective
// (with its indicators and targets) to a unit, change one, remove one, and
// the same for indicators. The same rules as the pages: the administrator
// or the unit's manager; a change names the revision it was made from
// (GET /plans/{id} gives it) and is refused when stale; fields are read as
// the forms read them (planedit), with a message per field.

// apiObjectiveIn is an objective as sent. Absent fields keep their value
// in a PATCH; weight may be a number or a text ("12,5"; "" for none).
type apiObjectiveIn struct {
	Code        *string          `json:"code"`
	Title       *string          `json:"title"`
	Weight      any              `json:"weight"`
	MissionCode *string          `json:"mission_code"`
	MissionText *string          `json:"mission_text"`
	ProgramCode *string          `json:"program_code"`
	ProgramText *string          `json:"program_text"`
	Manager     *string          `json:"manager"`
	Staff       *string          `json:"staff"`
	Notes       *string          `json:"notes"`
	Kind        *string          `json:"kind"`
	Revision    int              `json:"revision"`
	Indicators  []apiIndicatorIn `json:"indicators"`
}

// apiIndicatorIn is an indicator as sent; targets replace those of the
// years they name.
type apiIndicatorIn struct {
	Description   *string       `json:"description"`
	UnitOfMeasure *string       `json:"unit_of_measure"`
	Weight        any           `json:"weight"`
	Direction     *string       `json:"direction"`
	BaselineYear  any           `json:"baseline_year"`
	BaselineText  *string       `json:"baseline_text"`
	Targets       []apiTargetIn `json:"targets"`
	Revision      int           `json:"revision"`
}

type apiTargetIn struct {
	Year int    `json:"year"`
	Text string `json:"text"`
}

func str(p *string, keep string) string {
	if p == nil {
		return keep
	}
	return *p
}

// weightText is a sent weight as a person would type it; nil keeps the
// current one.
func weightText(v any, keep *float64) string {
	if v == nil {
		if keep == nil {
			return ""
		}
		return strconv.FormatFloat(*keep, 'f', -1, 64)
	}
	return jsonValue(v)
}

// objectiveInput merges what was sent over o.
func (in apiObjectiveIn) objectiveInput(o *domain.Objective) planedit.ObjectiveInput {
	out := planedit.ObjectiveOf(o)
	out.Code, out.Title, out.Weight = str(in.Code, out.Code), str(in.Title, out.Title), weightText(in.Weight, o.Weight)
	out.MissionCode, out.MissionText = str(in.MissionCode, out.MissionCode), str(in.MissionText, out.MissionText)
	out.ProgramCode, out.ProgramText = str(in.ProgramCode, out.ProgramCode), str(in.ProgramText, out.ProgramText)
	out.Manager, out.Staff, out.Notes = str(in.Manager, out.Manager), str(in.Staff, out.Staff), str(in.Notes, out.Notes)
	out.Kind = str(in.Kind, out.Kind)
	return out
}

// indicatorInput merges what was sent over ind, for a plan of cycle c.
func (in apiIndicatorIn) indicatorInput(ind *domain.Indicator, c domain.Cycle) planedit.IndicatorInput {
	out := planedit.IndicatorOf(ind, c)
	out.Description, out.UnitOfMeasure = str(in.Description, out.Description), str(in.UnitOfMeasure, out.UnitOfMeasure)
	out.Weight, out.Direction = weightText(in.Weight, ind.Weight), str(in.Direction, out.Direction)
	out.BaselineText = str(in.BaselineText, out.BaselineText)
	if in.BaselineYear != nil {
		out.BaselineYear = jsonValue(in.BaselineYear)
	}
	for _, t := range in.Targets {
		out.Targets[t.Year] = t.Text
	}
	return out
}

// fieldsRefused answers 400 with the fields that cannot be used.
func (s *Server) fieldsRefused(w http.ResponseWriter, r *http.Request, what string, errs planedit.Errors) bool {
	if len(errs) == 0 {
		return false
	}
	s.Error(w, r, &fieldsError{domain.Errorf(domain.EINVALID, "%s non è valido: vedi fields.", what), errs})
	return true
}

// handleAPIAddObjective adds an objective, with its indicators, at the end
// of a unit of a draft version.
func (s *Server) handleAPIAddObjective(w http.ResponseWriter, r *http.Request) {
	orgID := principalUser(r).OrganizationID
	unitID, err := pathID(r, "unit", "Unità")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var in apiObjectiveIn
	if err := decodeJSON(r, &in); err != nil {
		s.Error(w, r, err)
		return
	}
	_, plan, err := s.located(r, "unit", unitID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	o := &domain.Objective{}
	errs := in.objectiveInput(o).Apply(o)
	for i, ji := range in.Indicators {
		ind := &domain.Indicator{}
		for k, v := range ji.indicatorInput(ind, plan.Cycle).Apply(ind, plan.Cycle) {
			errs["indicators."+strconv.Itoa(i)+"."+k] = v
		}
		o.Indicators = append(o.Indicators, ind)
	}
	if s.fieldsRefused(w, r, "L'obiettivo", errs) {
		return
	}
	if err := s.Store.AddObjective(r.Context(), orgID, unitID, o, actor(r)); err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, planjson.FromObjective(o))
}

// handleAPIUpdateObjective changes the fields sent of an objective of a
// draft version, from the revision sent.
func (s *Server) handleAPIUpdateObjective(w http.ResponseWriter, r *http.Request) {
	orgID := principalUser(r).OrganizationID
	_, o, ok := s.apiObjective(w, r)
	if !ok {
		return
	}
	var in apiObjectiveIn
	if err := decodeJSON(r, &in); err != nil {
		s.Error(w, r, err)
		return
	}
	if in.Revision == 0 {
		s.Error(w, r, &fieldsError{domain.Errorf(domain.EINVALID, "Indica la revisione da cui parte la modifica: vedi fields."),
			map[string]string{"revision": "Indica la revisione dell'obiettivo letta (GET /api/v1/plans/{id})."}})
		return
	}
	edit := *o
	if s.fieldsRefused(w, r, "L'obiettivo", in.objectiveInput(o).Apply(&edit)) {
		return
	}
	rev, err := s.Store.UpdateObjective(r.Context(), orgID, &edit, in.Revision, actor(r))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	edit.Revision = rev
	writeJSON(w, http.StatusOK, planjson.FromObjective(&edit))
}

// handleAPIRemoveObjective removes an objective of a draft version, from
// the revision given (?revision=).
func (s *Server) handleAPIRemoveObjective(w http.ResponseWriter, r *http.Request) {
	if _, o, ok := s.apiObjective(w, r); ok {
		s.apiRemove(w, r, o.ID, s.Store.DeleteObjective)
	}
}

// apiRemove removes element id with remove, from the revision of
// ?revision=, and answers 204.
func (s *Server) apiRemove(w http.ResponseWriter, r *http.Request, id int64,
	remove func(ctx context.Context, orgID, id int64, revision int, actor string) error) {
	rev, ok := s.revisionParam(w, r)
	if !ok {
		return
	}
	if err := remove(r.Context(), principalUser(r).OrganizationID, id, rev, actor(r)); err != nil {
		s.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// handleAPIAddIndicator adds an indicator, with its targets, at the end of
// an objective of a draft version.
func (s *Server) handleAPIAddIndicator(w http.ResponseWriter, r *http.Request) {
	plan, o, ok := s.apiObjective(w, r)
	if !ok {
		return
	}
	var in apiIndicatorIn
	if err := decodeJSON(r, &in); err != nil {
		s.Error(w, r, err)
		return
	}
	ind := &domain.Indicator{}
	if s.fieldsRefused(w, r, "L'indicatore", in.indicatorInput(ind, plan.Cycle).Apply(ind, plan.Cycle)) {
		return
	}
	if err := s.Store.AddIndicator(r.Context(), principalUser(r).OrganizationID, o.ID, ind, actor(r)); err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, planjson.FromIndicator(ind))
}

// handleAPIUpdateIndicator changes the fields sent of an indicator, from
// the revision sent; targets sent replace those of their years.
func (s *Server) handleAPIUpdateIndicator(w http.ResponseWriter, r *http.Request) {
	plan, ind, ok := s.apiIndicator(w, r)
	if !ok {
		return
	}
	var in apiIndicatorIn
	if err := decodeJSON(r, &in); err != nil {
		s.Error(w, r, err)
		return
	}
	if in.Revision == 0 {
		s.Error(w, r, &fieldsError{domain.Errorf(domain.EINVALID, "Indica la revisione da cui parte la modifica: vedi fields."),
			map[string]string{"revision": "Indica la revisione dell'indicatore letta (GET /api/v1/plans/{id})."}})
		return
	}
	edit := *ind
	if s.fieldsRefused(w, r, "L'indicatore", in.indicatorInput(ind, plan.Cycle).Apply(&edit, plan.Cycle)) {
		return
	}
	rev, err := s.Store.UpdateIndicator(r.Context(), principalUser(r).OrganizationID, &edit, in.Revision, actor(r))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	edit.Revision = rev
	writeJSON(w, http.StatusOK, planjson.FromIndicator(&edit))
}

// handleAPIRemoveIndicator removes an indicator of a draft version, from
// the revision given (?revision=).
func (s *Server) handleAPIRemoveIndicator(w http.ResponseWriter, r *http.Request) {
	if _, ind, ok := s.apiIndicator(w, r); ok {
		s.apiRemove(w, r, ind.ID, s.Store.DeleteIndicator)
	}
}

// apiObjective loads the objective of the path, with its plan.
func (s *Server) apiObjective(w http.ResponseWriter, r *http.Request) (*domain.Plan, *domain.Objective, bool) {
	id, err := pathID(r, "objective", "Obiettivo")
	var plan *domain.Plan
	if err == nil {
		_, plan, err = s.located(r, "objective", id)
	}
	if err != nil {
		s.Error(w, r, err)
		return nil, nil, false
	}
	_, o := findObjective(plan, id)
	if o == nil {
		s.Error(w, r, domain.Errorf(domain.ENOTFOUND, "Obiettivo non trovato."))
		return nil, nil, false
	}
	return plan, o, true
}

// apiIndicator loads the indicator of the path, with its plan.
func (s *Server) apiIndicator(w http.ResponseWriter, r *http.Request) (*domain.Plan, *domain.Indicator, bool) {
	id, err := pathID(r, "indicator", "Indicatore")
	var plan *domain.Plan
	if err == nil {
		_, plan, err = s.located(r, "indicator", id)
	}
	if err != nil {
		s.Error(w, r, err)
		return nil, nil, false
	}
	_, _, ind := findIndicator(plan, id)
	if ind == nil {
		s.Error(w, r, domain.Errorf(domain.ENOTFOUND, "Indicatore non trovato."))
		return nil, nil, false
	}
	return plan, ind, true
}

// revisionParam reads ?revision=, required to remove an element.
func (s *Server) revisionParam(w http.ResponseWriter, r *http.Request) (int, bool) {
	rev, err := strconv.Atoi(r.URL.Query().Get("revision"))
	if err != nil || rev <= 0 {
		s.Error(w, r, &fieldsError{domain.Errorf(domain.EINVALID, "Indica la revisione da cui parte l'eliminazione: vedi fields."),
			map[string]string{"revision": "Indica ?revision= con la revisione letta (GET /api/v1/plans/{id})."}})
		return 0, false
	}
	return rev, true
}
