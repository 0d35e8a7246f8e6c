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

// Editing an objective of a draft version: the administrator, or the
// manager of its unit. The form carries the revision it was read at; the
// store refuses it when the objective changed since (optimistic
// concurrency), and the page then keeps what was typed, says so, and shows
// the objective as it now is.

type objectiveForm struct {
	planedit.ObjectiveInput
	Revision int
}

// objectiveFields are the form's names of the fields of planedit.
var objectiveFields = map[string]string{"code": "codice", "title": "titolo", "weight": "peso",
	"mission_code": "missione_codice", "program_code": "programma_codice", "kind": "tipo"}

// parseObjectiveForm reads the objective's fields of a posted form.
func parseObjectiveForm(r *http.Request) objectiveForm {
	f := objectiveForm{}
	for name, dst := range map[string]*string{"codice": &f.Code, "titolo": &f.Title, "peso": &f.Weight,
		"missione_codice": &f.MissionCode, "missione_testo": &f.MissionText, "programma_codice": &f.ProgramCode,
		"programma_testo": &f.ProgramText, "responsabile": &f.Manager, "personale": &f.Staff, "note": &f.Notes, "tipo": &f.Kind} {
		*dst = strings.TrimSpace(r.PostFormValue(name))
	}
	f.Revision, _ = strconv.Atoi(r.PostFormValue("revisione"))
	return f
}

// formErrors turns planedit's field errors into the form's, by name.
func formErrors(errs planedit.Errors, names map[string]string, into map[string]string) {
	for k, msg := range errs {
		if n, ok := names[k]; ok {
			into[n] = msg
		} else if y, ok := strings.CutPrefix(k, "targets."); ok {
			into["target_"+y] = msg
		} else {
			into[k] = msg
		}
	}
}

// kindOptions are the objective kinds, for a form.
func kindOptions() []option {
	var out []option
	for _, k := range []domain.ObjectiveKind{domain.ObjectiveUnit, domain.ObjectiveOrganization, domain.ObjectiveCrossCutting} {
		out = append(out, option{string(k), wording.KindLabel(k)})
	}
	return out
}

type objectiveEditPage struct {
	Unit     *domain.Unit
	O        *domain.Objective // as stored now
	Loc      *domain.Location
	Form     objectiveForm
	Error    string
	Errors   map[string]string
	Stale    bool // refused because someone else saved first
	ReadOnly bool
	Kinds    []option
}

func (pg *objectiveEditPage) Err(f string) string { return pg.Errors[f] }

func formOfObjective(o *domain.Objective, revision int) objectiveForm {
	f := objectiveForm{planedit.ObjectiveInput{Code: o.Code, Title: o.Title, MissionCode: o.Mission.Code, MissionText: o.Mission.Text,
		ProgramCode: o.Program.Code, ProgramText: o.Program.Text, Manager: o.Manager, Staff: o.Staff,
		Notes: o.Notes, Kind: string(o.Kind)}, revision}
	if o.Weight != nil {
		f.Weight = italian.Number(*o.Weight, 2)
	}
	return f
}

// loadObjectiveEdit reads the objective of the path as stored now.
func (s *Server) loadObjectiveEdit(r *http.Request) (*objectiveEditPage, error) {
	id, err := pathID(r, "objective", "Obiettivo")
	if err != nil {
		return nil, err
	}
	loc, plan, err := s.located(r, "objective", id)
	if err != nil {
		return nil, err
	}
	unit, o := findObjective(plan, id)
	if o == nil {
		return nil, domain.Errorf(domain.ENOTFOUND, "Obiettivo non trovato.")
	}
	pg := &objectiveEditPage{Unit: unit, O: o, Loc: loc, Form: formOfObjective(o, loc.Revision),
		Errors: map[string]string{}, ReadOnly: loc.VersionStatus != domain.VersionDraft, Kinds: kindOptions()}
	if pg.ReadOnly {
		pg.Error = readOnlyMessage(loc)
	}
	return pg, nil
}

// handleObjectiveForm shows the objective's edit form.
func (s *Server) handleObjectiveForm(w http.ResponseWriter, r *http.Request) {
	pg, err := s.loadObjectiveEdit(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.render(w, r, "objective_edit.html", s.newPage(r, "Modifica l'obiettivo "+objectiveLabel(pg.O), "/piano", pg))
}

// handleObjectiveSave saves the form, if made from the current revision.
func (s *Server) handleObjectiveSave(w http.ResponseWriter, r *http.Request) {
	pg, err := s.loadObjectiveEdit(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	f := parseObjectiveForm(r)
	pg.Form = f
	edit := *pg.O
	formErrors(f.Apply(&edit), objectiveFields, pg.Errors)
	if len(pg.Errors) > 0 {
		pg.Error = "L'obiettivo non è stato salvato: correggi i campi segnalati."
		s.write(w, r, http.StatusBadRequest, "objective_edit.html", s.newPage(r, "Modifica l'obiettivo "+objectiveLabel(pg.O), "/piano", pg))
		return
	}
	_, err = s.Store.UpdateObjective(r.Context(), principalUser(r).OrganizationID, &edit, f.Revision, actor(r))
	if err == nil {
		http.Redirect(w, r, "/piano/obiettivi/"+strconv.FormatInt(pg.O.ID, 10)+"?esito=modificato", http.StatusSeeOther)
		return
	}
	s.formRefused(w, r, err, "objective_edit.html", "Modifica l'obiettivo "+objectiveLabel(pg.O), pg, func(msg string, status int) {
		pg.Error, pg.Stale = msg, status == http.StatusConflict && !pg.ReadOnly
	})
}
