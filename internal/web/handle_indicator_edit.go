package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
	"github.com/performa-pa/performa/internal/planedit"
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
	Year   int
	Text   string
	Words  string // how performa reads the stored text
	Prefix string // of the form's field names
}

// Name is the form field of the target.
func (t targetField) Name() string { return t.Prefix + "target_" + strconv.Itoa(t.Year) }

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

// directionOptions are the directions of an indicator, for a form.
func directionOptions() []option {
	var out []option
	for _, d := range []domain.Direction{domain.DirectionUnknown, domain.HigherIsBetter, domain.LowerIsBetter} {
		out = append(out, option{string(d), wording.DirectionLabel(d)})
	}
	return out
}

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

// indicatorFields are the form's names of the fields of planedit.
var indicatorFields = map[string]string{"description": "descrizione", "weight": "peso", "direction": "verso",
	"baseline_year": "baseline_anno"}

// parseIndicatorForm reads an indicator's fields of a posted form, their
// names after prefix (the new objective's form holds its first indicator
// as "ind_…"), with a target for each year of cycle c.
func parseIndicatorForm(r *http.Request, prefix string, c domain.Cycle) indicatorForm {
	v := func(name string) string { return strings.TrimSpace(r.PostFormValue(prefix + name)) }
	f := indicatorForm{Description: v("descrizione"), UnitOfMeasure: v("unita_misura"), Weight: v("peso"),
		Direction: v("verso"), BaselineYear: v("baseline_anno"), BaselineText: v("baseline_testo")}
	f.Revision, _ = strconv.Atoi(r.PostFormValue("revisione"))
	for _, y := range c.Years() {
		f.Targets = append(f.Targets, targetField{Year: y, Text: v("target_" + strconv.Itoa(y)), Prefix: prefix})
	}
	return f
}

// input is the form as planedit reads it.
func (f indicatorForm) input() planedit.IndicatorInput {
	in := planedit.IndicatorInput{Description: f.Description, UnitOfMeasure: f.UnitOfMeasure, Weight: f.Weight,
		Direction: f.Direction, BaselineYear: f.BaselineYear, BaselineText: f.BaselineText, Targets: map[int]string{}}
	for _, t := range f.Targets {
		in.Targets[t.Year] = t.Text
	}
	return in
}

// empty reports whether nothing was typed (the optional first indicator
// of a new objective).
func (f indicatorForm) empty() bool {
	typed := f.Description + f.UnitOfMeasure + f.Weight + f.BaselineYear + f.BaselineText
	for _, t := range f.Targets {
		typed += t.Text
	}
	return typed == ""
}

// describeTargets says how performa reads each target typed.
func (f *indicatorForm) describeTargets(in *domain.Indicator) {
	for i := range f.Targets {
		if t, ok := in.Target(f.Targets[i].Year); ok {
			f.Targets[i].Words = ruleWords(in, t)
		}
	}
}

func (s *Server) loadIndicatorEdit(r *http.Request) (*indicatorEditPage, *domain.Plan, error) {
	id, err := pathID(r, "indicator", "Indicatore")
	if err != nil {
		return nil, nil, err
	}
	loc, plan, err := s.located(r, "indicator", id)
	if err != nil {
		return nil, nil, err
	}
	unit, o, in := findIndicator(plan, id)
	if in == nil {
		return nil, nil, domain.Errorf(domain.ENOTFOUND, "Indicatore non trovato.")
	}
	pg := &indicatorEditPage{Unit: unit, O: o, In: in, Loc: loc, Form: formOfIndicator(plan.Cycle, in, loc.Revision),
		Errors: map[string]string{}, ReadOnly: loc.VersionStatus != domain.VersionDraft, Dirs: directionOptions()}
	if pg.ReadOnly {
		pg.Error = readOnlyMessage(loc)
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
	f := parseIndicatorForm(r, "", plan.Cycle)
	edit := *pg.In
	formErrors(f.input().Apply(&edit, plan.Cycle), indicatorFields, pg.Errors)
	f.describeTargets(&edit)
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
	s.formRefused(w, r, err, "indicator_edit.html", "Modifica l'indicatore", pg, func(msg string, status int) {
		pg.Error, pg.Stale = msg, status == http.StatusConflict && !pg.ReadOnly
	})
}
