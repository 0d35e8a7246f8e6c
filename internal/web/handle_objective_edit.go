package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
	"github.com/performa-pa/performa/internal/missions"
	"github.com/performa-pa/performa/internal/score"
	"github.com/performa-pa/performa/internal/wording"
)

// Editing an objective of a draft version: the administrator, or the
// manager of its unit. The form carries the revision it was read at; the
// store refuses it when the objective changed since (optimistic
// concurrency), and the page then keeps what was typed, says so, and shows
// the objective as it now is.

type objectiveForm struct {
	Code, Title, Weight                                string
	MissionCode, MissionText, ProgramCode, ProgramText string
	Manager, Staff, Notes, Kind                        string
	Revision                                           int
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
	f := objectiveForm{Code: o.Code, Title: o.Title, MissionCode: o.Mission.Code, MissionText: o.Mission.Text,
		ProgramCode: o.Program.Code, ProgramText: o.Program.Text, Manager: o.Manager, Staff: o.Staff,
		Notes: o.Notes, Kind: string(o.Kind), Revision: revision}
	if o.Weight != nil {
		f.Weight = italian.Number(*o.Weight, 2)
	}
	return f
}

// loadObjectiveEdit reads the objective of the path as stored now.
func (s *Server) loadObjectiveEdit(r *http.Request) (*objectiveEditPage, error) {
	orgID := principalUser(r).OrganizationID
	id, err := pathID(r, "objective", "Obiettivo")
	if err != nil {
		return nil, err
	}
	loc, err := s.Store.LocateObjective(r.Context(), orgID, id)
	if err != nil {
		return nil, err
	}
	plan, err := s.Store.Plan(r.Context(), orgID, loc.VersionID)
	if err != nil {
		return nil, err
	}
	unit, o := findObjective(plan, id)
	if o == nil {
		return nil, domain.Errorf(domain.ENOTFOUND, "Obiettivo non trovato.")
	}
	pg := &objectiveEditPage{Unit: unit, O: o, Loc: loc, Form: formOfObjective(o, loc.Revision),
		Errors: map[string]string{}, ReadOnly: loc.VersionStatus != domain.VersionDraft}
	for _, k := range []domain.ObjectiveKind{domain.ObjectiveUnit, domain.ObjectiveOrganization, domain.ObjectiveCrossCutting} {
		pg.Kinds = append(pg.Kinds, option{string(k), wording.KindLabel(k)})
	}
	if pg.ReadOnly {
		pg.Error = "La versione " + itoa(loc.VersionNumber) + " del piano è " + versionStatus(loc.VersionStatus) +
			": non si modifica più. Per cambiarla serve una variazione (Amministrazione › Ciclo)."
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
	f := objectiveForm{}
	for name, dst := range map[string]*string{"codice": &f.Code, "titolo": &f.Title, "peso": &f.Weight,
		"missione_codice": &f.MissionCode, "missione_testo": &f.MissionText, "programma_codice": &f.ProgramCode,
		"programma_testo": &f.ProgramText, "responsabile": &f.Manager, "personale": &f.Staff, "note": &f.Notes, "tipo": &f.Kind} {
		*dst = strings.TrimSpace(r.PostFormValue(name))
	}
	f.Revision, _ = strconv.Atoi(r.PostFormValue("revisione"))
	pg.Form = f
	edit := *pg.O
	edit.Code, edit.Title, edit.Manager, edit.Staff, edit.Notes = f.Code, f.Title, f.Manager, f.Staff, f.Notes
	edit.Mission = domain.Classified{Code: f.MissionCode, Text: f.MissionText}
	edit.Program = domain.Classified{Code: f.ProgramCode, Text: f.ProgramText}
	edit.Kind = domain.ObjectiveKind(f.Kind)
	edit.Weight = nil
	if f.Weight != "" {
		if v, ok := score.ParseNumber(f.Weight); ok && v >= 0 && v <= 100 {
			edit.Weight = &v
		} else {
			pg.Errors["peso"] = "Scrivi il peso in punti percentuali, da 0 a 100 (per esempio 5 o 12,5)."
		}
	}
	for field, code := range map[string]*string{"missione_codice": &edit.Mission.Code, "programma_codice": &edit.Program.Code} {
		if *code == "" {
			continue
		}
		if c, ok := missions.NormalizeCode(*code); ok && len(c) == 2 {
			*code = c
		} else {
			pg.Errors[field] = "Il codice è un numero di due cifre, per esempio 01."
		}
	}
	if edit.Mission.Code != "" && missionName(edit.Mission.Code) == "" && pg.Errors["missione_codice"] == "" {
		pg.Errors["missione_codice"] = "Nessuna missione ha il codice " + edit.Mission.Code + " nella classificazione ufficiale (D.Lgs 118/2011)."
	}
	if f.Title == "" {
		pg.Errors["titolo"] = "Il titolo non può essere vuoto."
	}
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
	status := Status(err)
	if status == http.StatusInternalServerError || status == http.StatusNotFound {
		s.Error(w, r, err)
		return
	}
	pg.Error = domain.ErrorMessage(err)
	pg.Stale = status == http.StatusConflict && !pg.ReadOnly
	s.write(w, r, status, "objective_edit.html", s.newPage(r, "Modifica l'obiettivo "+objectiveLabel(pg.O), "/piano", pg))
}
