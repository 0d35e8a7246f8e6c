package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
	"github.com/performa-pa/performa/internal/score"
	"github.com/performa-pa/performa/internal/target"
	"github.com/performa-pa/performa/internal/wording"
)

// Editing an indicator of a draft version, its targets included: as for
// objectives, from the revision the form was read at. Each target text is
// understood again (target.Annotate), as at import.

type indicatorForm struct {
	Description, UnitOfMeasure, Weight, Direction string
	BaselineYear, BaselineText                    string
	Targets                                       []targetField
	Revision                                      int
}

type targetField struct {
	Year  int
	Text  string
	Words string // how performa reads the stored text
}

// Name is the form field of the target.
func (t targetField) Name() string { return "target_" + strconv.Itoa(t.Year) }

type indicatorEditPage struct {
	Unit     *domain.Unit
	O        *domain.Objective
	In       *domain.Indicator // as stored now
	Loc      *domain.Location
	Form     indicatorForm
	Error    string
	Errors   map[string]string
	Stale    bool
	ReadOnly bool
	Dirs     []option
}

func (pg *indicatorEditPage) Err(f string) string { return pg.Errors[f] }

func formOfIndicator(c domain.Cycle, in *domain.Indicator, revision int) indicatorForm {
	f := indicatorForm{Description: in.Description, UnitOfMeasure: in.UnitOfMeasure, Direction: string(in.Direction),
		BaselineText: in.Baseline.Text, Revision: revision}
	if in.Weight != nil {
		f.Weight = italian.Number(*in.Weight, 2)
	}
	if in.Baseline.Year != 0 {
		f.BaselineYear = strconv.Itoa(in.Baseline.Year)
	}
	for _, y := range c.Years() {
		t, _ := in.Target(y)
		f.Targets = append(f.Targets, targetField{Year: y, Text: t.Text, Words: ruleWords(in, domain.Target{Year: y, Text: t.Text, Rule: t.Rule})})
	}
	return f
}

func (s *Server) loadIndicatorEdit(r *http.Request) (*indicatorEditPage, *domain.Plan, error) {
	orgID := principalUser(r).OrganizationID
	id, err := pathID(r, "indicator", "Indicatore")
	if err != nil {
		return nil, nil, err
	}
	loc, err := s.Store.LocateIndicator(r.Context(), orgID, id)
	if err != nil {
		return nil, nil, err
	}
	plan, err := s.Store.Plan(r.Context(), orgID, loc.VersionID)
	if err != nil {
		return nil, nil, err
	}
	unit, o, in := findIndicator(plan, id)
	if in == nil {
		return nil, nil, domain.Errorf(domain.ENOTFOUND, "Indicatore non trovato.")
	}
	pg := &indicatorEditPage{Unit: unit, O: o, In: in, Loc: loc, Form: formOfIndicator(plan.Cycle, in, loc.Revision),
		Errors: map[string]string{}, ReadOnly: loc.VersionStatus != domain.VersionDraft}
	for _, d := range []domain.Direction{domain.DirectionUnknown, domain.HigherIsBetter, domain.LowerIsBetter} {
		pg.Dirs = append(pg.Dirs, option{string(d), wording.DirectionLabel(d)})
	}
	if pg.ReadOnly {
		pg.Error = "La versione " + itoa(loc.VersionNumber) + " del piano è " + versionStatus(loc.VersionStatus) +
			": non si modifica più. Per cambiarla serve una variazione (Amministrazione › Ciclo)."
	}
	return pg, plan, nil
}

func (s *Server) handleIndicatorForm(w http.ResponseWriter, r *http.Request) {
	pg, _, err := s.loadIndicatorEdit(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.render(w, r, "indicator_edit.html", s.newPage(r, "Modifica l'indicatore", "/piano", pg))
}

func (s *Server) handleIndicatorSave(w http.ResponseWriter, r *http.Request) {
	pg, plan, err := s.loadIndicatorEdit(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	f := indicatorForm{
		Description:   strings.TrimSpace(r.PostFormValue("descrizione")),
		UnitOfMeasure: strings.TrimSpace(r.PostFormValue("unita_misura")),
		Weight:        strings.TrimSpace(r.PostFormValue("peso")),
		Direction:     r.PostFormValue("verso"),
		BaselineYear:  strings.TrimSpace(r.PostFormValue("baseline_anno")),
		BaselineText:  strings.TrimSpace(r.PostFormValue("baseline_testo")),
	}
	f.Revision, _ = strconv.Atoi(r.PostFormValue("revisione"))
	edit := *pg.In
	edit.Description, edit.UnitOfMeasure, edit.Direction = f.Description, f.UnitOfMeasure, domain.Direction(f.Direction)
	edit.Weight, edit.Baseline = nil, domain.Baseline{Text: f.BaselineText}
	if f.Weight != "" {
		if v, ok := score.ParseNumber(f.Weight); ok && v >= 0 && v <= 100 {
			edit.Weight = &v
		} else {
			pg.Errors["peso"] = "Scrivi il peso in punti percentuali, da 0 a 100."
		}
	}
	if f.BaselineYear != "" {
		if y, err := strconv.Atoi(f.BaselineYear); err == nil && y > 1900 && y < 3000 {
			edit.Baseline.Year = y
		} else {
			pg.Errors["baseline_anno"] = "L'anno della baseline è di quattro cifre, per esempio 2021."
		}
	}
	if v, ok := score.ParseNumber(f.BaselineText); ok {
		edit.Baseline.Value = &v
	}
	// Targets of the cycle's years as typed; others (if any) as they were.
	edit.Targets = nil
	inCycle := map[int]bool{}
	for _, y := range plan.Cycle.Years() {
		inCycle[y] = true
		text := strings.TrimSpace(r.PostFormValue("target_" + strconv.Itoa(y)))
		f.Targets = append(f.Targets, targetField{Year: y, Text: text})
		edit.Targets = append(edit.Targets, domain.Target{Year: y, Text: text})
	}
	for _, t := range pg.In.Targets {
		if !inCycle[t.Year] {
			edit.Targets = append(edit.Targets, t)
		}
	}
	target.Annotate(&domain.Plan{Units: []*domain.Unit{{Objectives: []*domain.Objective{{Indicators: []*domain.Indicator{&edit}}}}}})
	for i := range f.Targets {
		if t, ok := edit.Target(f.Targets[i].Year); ok {
			f.Targets[i].Words = ruleWords(&edit, t)
		}
	}
	if f.Description == "" {
		pg.Errors["descrizione"] = "La descrizione non può essere vuota."
	}
	pg.Form = f
	if len(pg.Errors) > 0 {
		pg.Error = "L'indicatore non è stato salvato: correggi i campi segnalati."
		s.write(w, r, http.StatusBadRequest, "indicator_edit.html", s.newPage(r, "Modifica l'indicatore", "/piano", pg))
		return
	}
	_, err = s.Store.UpdateIndicator(r.Context(), principalUser(r).OrganizationID, &edit, f.Revision, actor(r))
	if err == nil {
		http.Redirect(w, r, "/piano/obiettivi/"+strconv.FormatInt(pg.O.ID, 10)+"?esito=modificato#indicatore-"+strconv.FormatInt(pg.In.ID, 10), http.StatusSeeOther)
		return
	}
	status := Status(err)
	if status == http.StatusInternalServerError || status == http.StatusNotFound {
		s.Error(w, r, err)
		return
	}
	pg.Error = domain.ErrorMessage(err)
	pg.Stale = status == http.StatusConflict && !pg.ReadOnly
	s.write(w, r, status, "indicator_edit.html", s.newPage(r, "Modifica l'indicatore", "/piano", pg))
}
