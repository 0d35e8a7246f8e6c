package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/score"
)

// validationUnitPage is one unit's objectives for the Nucleo di
// Valutazione: the computed achievement of each, the validation in force,
// and a field to validate or adjust it with the reason.
type validationUnitPage struct {
	W         *workspace
	Unit      *domain.Unit
	Score     *score.UnitScore
	SignOff   *domain.SignOff
	Values    map[string]string
	Errors    map[string]string
	ErrorList []fieldError
	Message   string
	Saved     int
}

// Field names an objective's field: "percentuale-ID".
func (pg *validationUnitPage) Field(name string, o *domain.Objective) string {
	return name + "-" + strconv.FormatInt(o.ID, 10)
}

func (pg *validationUnitPage) Value(field string) string { return pg.Values[field] }
func (pg *validationUnitPage) Err(field string) string   { return pg.Errors[field] }

func (s *Server) validationUnit(r *http.Request, year string) (*validationUnitPage, error) {
	id, err := pathID(r, "unit", "Unità")
	if err != nil {
		return nil, err
	}
	ws, err := s.loadWorkspace(r)
	if err != nil {
		return nil, err
	}
	ws.Year = ws.yearParam(year)
	unit, err := ws.unit(id)
	if err != nil {
		return nil, err
	}
	_, units := objectiveScores(ws.scores(ws.Year, time.Time{}))
	return &validationUnitPage{W: ws, Unit: unit, Score: units[unit.ID], SignOff: ws.SignOff(ws.Year),
		Values: map[string]string{}, Errors: map[string]string{}}, nil
}

// handleValidationUnit shows the unit's objectives to validate for the
// year (?anno=).
func (s *Server) handleValidationUnit(w http.ResponseWriter, r *http.Request) {
	pg, err := s.validationUnit(r, r.URL.Query().Get("anno"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	pg.Saved, _ = strconv.Atoi(r.URL.Query().Get("salvate"))
	page := s.newPage(r, pg.Unit.Name+" · Validazione", "/validazione", pg)
	if pg.Saved > 0 {
		page.Notice = "Registrate: " + plural(pg.Saved, "validazione", "validazioni") + ". I punteggi sono aggiornati."
	}
	s.render(w, r, "validation_unit.html", page)
}

// handleValidationUnitSave records the validations typed, all in one
// transaction: a percentage needs its reason. A refused form comes back
// with what was typed.
func (s *Server) handleValidationUnitSave(w http.ResponseWriter, r *http.Request) {
	pg, err := s.validationUnit(r, r.PostFormValue("anno"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var batch []*domain.Validation
	for _, os := range pg.Score.Objectives {
		o := os.Objective
		fp, fr := pg.Field(fieldPercent, o), pg.Field("motivazione", o)
		typedP, reason := strings.TrimSpace(r.PostFormValue(fp)), ensureReason(r.PostFormValue(fr))
		pg.Values[fp], pg.Values[fr] = r.PostFormValue(fp), r.PostFormValue(fr)
		if typedP == "" && reason == "" {
			continue
		}
		label := "Obiettivo " + objectiveLabel(o)
		p, ok := score.ParseNumber(typedP)
		switch {
		case typedP == "":
			pg.fail(fp, label, "Indica la percentuale validata, da 0 a 100.")
		case !ok || p < 0 || p > 100:
			pg.fail(fp, label, "Scrivi una percentuale da 0 a 100, per esempio 85 o 92,5.")
		}
		switch {
		case reason == "":
			pg.fail(fr, label, "La motivazione è obbligatoria: scrivi perché convalidi o correggi il valore.")
		case utf8.RuneCountInString(reason) > maxNote:
			pg.fail(fr, label, "La motivazione è troppo lunga (al massimo 2.000 caratteri).")
		}
		batch = append(batch, &domain.Validation{ObjectiveID: o.ID, Year: pg.W.Year, Computed: os.Computed,
			Percent: p, Reason: reason, ValidatedBy: actor(r)})
	}
	if len(batch) == 0 && len(pg.ErrorList) == 0 {
		pg.Message = "Non hai scritto nessuna validazione: indica percentuale e motivazione di almeno un obiettivo."
	}
	status := http.StatusBadRequest
	if pg.Message == "" && len(pg.ErrorList) == 0 {
		err := s.Store.AddValidations(r.Context(), principalUser(r).OrganizationID, batch)
		if err == nil {
			http.Redirect(w, r, "/validazione/unita/"+strconv.FormatInt(pg.Unit.ID, 10)+"?"+url.Values{
				"anno": {strconv.Itoa(pg.W.Year)}, "salvate": {strconv.Itoa(len(batch))}}.Encode(), http.StatusSeeOther)
			return
		}
		if status = Status(err); status == http.StatusInternalServerError {
			s.Error(w, r, err)
			return
		}
		pg.Message = domain.ErrorMessage(err) + " Nessuna validazione è stata salvata."
	}
	s.write(w, r, status, "validation_unit.html", s.newPage(r, pg.Unit.Name+" · Validazione", "/validazione", pg))
}

func (pg *validationUnitPage) fail(field, label, msg string) {
	pg.Errors[field] = msg
	pg.ErrorList = append(pg.ErrorList, fieldError{field, label, msg})
}
