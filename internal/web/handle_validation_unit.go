package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/score"
)

// validationUnitPage is one unit's objectives for the Nucleo di
// Valutazione: each objective's measurements with their notes and
// evidence beside the computed achievement, the decision in force, and
// the ways to decide: confirm the computed figure (one objective, or all
// of the unit's at once with one reason), give another percentage with
// the reason, or neutralise the objective (non valutabile) with the
// reason.
type validationUnitPage struct {
	W       *workspace
	Result  *score.Result
	Unit    *domain.Unit
	Score   *score.UnitScore
	SignOff *domain.SignOff
	people
	Values    map[string]string
	Errors    map[string]string
	ErrorList []fieldError
	Message   string
}

// Field names an objective's field: "percentuale-ID".
func (pg *validationUnitPage) Field(name string, o *domain.Objective) string {
	return name + "-" + strconv.FormatInt(o.ID, 10)
}

func (pg *validationUnitPage) Value(field string) string { return pg.Values[field] }
func (pg *validationUnitPage) Err(field string) string   { return pg.Errors[field] }

// Measurements are the measurements of an indicator dated in the year
// shown, newest first.
func (pg *validationUnitPage) Measurements(in *domain.Indicator) []domain.Measurement {
	var out []domain.Measurement
	for _, m := range pg.W.history(in.ID) {
		if m.Date.Year() == pg.W.Year {
			out = append(out, m)
		}
	}
	slices.Reverse(out)
	return out
}

// ToConfirm are the objectives whose computed figure waits for the
// Nucleo: what «Convalida il calcolato» for the whole unit confirms.
func (pg *validationUnitPage) ToConfirm() []*score.ObjectiveScore {
	var out []*score.ObjectiveScore
	for i := range pg.Score.Objectives {
		if toConfirm(pg.Score.Objectives[i]) {
			out = append(out, &pg.Score.Objectives[i])
		}
	}
	return out
}

// CanConfirm reports whether an objective has a computed figure to confirm.
func (pg *validationUnitPage) CanConfirm(o score.ObjectiveScore) bool {
	return o.Computed != nil && o.State != score.StateNeutralised &&
		(o.Validation == nil || o.Stale || o.Validation.Kind != domain.ValidationConfirmed)
}

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
	res := ws.scores(ws.Year, time.Time{})
	_, units := objectiveScores(res)
	people, err := s.people(r)
	if err != nil {
		return nil, err
	}
	return &validationUnitPage{W: ws, Result: &res, Unit: unit, Score: units[unit.ID], SignOff: ws.SignOff(ws.Year),
		people: people, Values: map[string]string{}, Errors: map[string]string{}}, nil
}

// handleValidationUnit shows the unit's objectives to validate for the
// year (?anno=).
func (s *Server) handleValidationUnit(w http.ResponseWriter, r *http.Request) {
	pg, err := s.validationUnit(r, r.URL.Query().Get("anno"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	page := s.newPage(r, pg.Unit.Name+" · Validazione", "/validazione", pg)
	page.Notice = savedNotice(r.URL.Query())
	s.render(w, r, "validation_unit.html", page)
}

// savedNotice says what the last save recorded.
func savedNotice(q url.Values) string {
	var parts []string
	for _, k := range []struct{ key, one, many string }{
		{"validate", "validazione", "validazioni"},
		{"confermati", "calcolato confermato", "calcolati confermati"},
		{"neutralizzati", "obiettivo neutralizzato", "obiettivi neutralizzati"},
	} {
		if n, _ := strconv.Atoi(q.Get(k.key)); n > 0 {
			parts = append(parts, plural(n, k.one, k.many))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "Registrati: " + strings.Join(parts, ", ") + ". I punteggi sono aggiornati."
}

// handleValidationUnitSave records what the Nucleo decided, all in one
// transaction: the percentages typed, each with its reason, and the
// button pressed (azione): «Convalida il calcolato» of one objective
// (convalida:ID) or of all the unit's objectives waiting for it
// (convalida-tutti, one reason for the lot), «Neutralizza» (neutralizza:ID,
// with the objective's reason). A refused form comes back with what was
// typed.
func (s *Server) handleValidationUnitSave(w http.ResponseWriter, r *http.Request) {
	pg, err := s.validationUnit(r, r.PostFormValue("anno"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	action := r.PostFormValue("azione")
	verb, target, _ := strings.Cut(action, ":")
	var batch []*domain.Validation
	if action == "convalida-tutti" {
		batch = pg.confirmAll(r, actor(r))
	} else {
		batch = pg.readTyped(r, verb, target, actor(r))
	}
	if len(batch) == 0 && len(pg.ErrorList) == 0 && pg.Message == "" {
		pg.Message = "Non hai scritto nessuna validazione: indica percentuale e motivazione di almeno un obiettivo, oppure convalida il calcolato."
	}
	status := http.StatusBadRequest
	if pg.Message == "" && len(pg.ErrorList) == 0 {
		err := s.Store.AddValidations(r.Context(), principalUser(r).OrganizationID, batch)
		if err == nil {
			http.Redirect(w, r, "/validazione/unita/"+strconv.FormatInt(pg.Unit.ID, 10)+"?"+savedQuery(pg.W.Year, batch).Encode(), http.StatusSeeOther)
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

// savedQuery counts what a batch recorded, for the page after it.
func savedQuery(year int, batch []*domain.Validation) url.Values {
	count := map[domain.ValidationKind]int{}
	for _, v := range batch {
		count[v.Kind]++
	}
	q := url.Values{"anno": {strconv.Itoa(year)}}
	for kind, key := range map[domain.ValidationKind]string{domain.ValidationSet: "validate",
		domain.ValidationConfirmed: "confermati", domain.ValidationNeutralised: "neutralizzati"} {
		if count[kind] > 0 {
			q.Set(key, strconv.Itoa(count[kind]))
		}
	}
	return q
}

// confirmAll confirms the computed figure of every objective of the unit
// waiting for it, with the one reason typed (or the default one).
func (pg *validationUnitPage) confirmAll(r *http.Request, by string) []*domain.Validation {
	reason := ensureReason(r.PostFormValue("motivazione-tutti"))
	pg.Values["motivazione-tutti"] = r.PostFormValue("motivazione-tutti")
	if utf8.RuneCountInString(reason) > maxNote {
		pg.fail("motivazione-tutti", "Convalida di tutti gli obiettivi", "La motivazione è troppo lunga (al massimo 2.000 caratteri).")
		return nil
	}
	var batch []*domain.Validation
	for _, os := range pg.ToConfirm() {
		batch = append(batch, &domain.Validation{ObjectiveID: os.Objective.ID, Year: pg.W.Year, Kind: domain.ValidationConfirmed,
			Computed: os.Computed, Percent: *os.Computed, Reason: reason, ValidatedBy: by})
	}
	if len(batch) == 0 {
		pg.Message = "Nessun obiettivo dell'unità ha un valore calcolato da convalidare."
	}
	return batch
}

// readTyped reads the percentages and reasons typed, and the objective's
// button pressed: verb "convalida" or "neutralizza" on the objective id
// target.
func (pg *validationUnitPage) readTyped(r *http.Request, verb, target string, by string) []*domain.Validation {
	var batch []*domain.Validation
	for _, os := range pg.Score.Objectives {
		o := os.Objective
		fp, fr := pg.Field(fieldPercent, o), pg.Field("motivazione", o)
		typedP, reason := strings.TrimSpace(r.PostFormValue(fp)), ensureReason(r.PostFormValue(fr))
		pg.Values[fp], pg.Values[fr] = r.PostFormValue(fp), r.PostFormValue(fr)
		label := "Obiettivo " + objectiveLabel(o)
		if utf8.RuneCountInString(reason) > maxNote {
			pg.fail(fr, label, "La motivazione è troppo lunga (al massimo 2.000 caratteri).")
			continue
		}
		pressed := target == strconv.FormatInt(o.ID, 10)
		switch {
		case pressed && verb == "convalida" && typedP != "":
			pg.fail(fp, label, "Hai scritto una percentuale: salva la validazione, oppure cancellala per convalidare il calcolato.")
		case pressed && verb == "convalida" && os.Computed == nil:
			pg.fail(fp, label, "Non c'è un valore calcolato da convalidare: indica la percentuale validata o neutralizza l'obiettivo.")
		case pressed && verb == "convalida":
			batch = append(batch, &domain.Validation{ObjectiveID: o.ID, Year: pg.W.Year, Kind: domain.ValidationConfirmed,
				Computed: os.Computed, Percent: *os.Computed, Reason: reason, ValidatedBy: by})
		case pressed && verb == "neutralizza" && typedP != "":
			pg.fail(fp, label, "Un obiettivo neutralizzato non ha una percentuale: cancellala per neutralizzarlo.")
		case pressed && verb == "neutralizza" && reason == "":
			pg.fail(fr, label, "Per neutralizzare l'obiettivo scrivi la motivazione: la causa non imputabile all'unità.")
		case pressed && verb == "neutralizza":
			batch = append(batch, &domain.Validation{ObjectiveID: o.ID, Year: pg.W.Year, Kind: domain.ValidationNeutralised,
				Computed: os.Computed, Reason: reason, ValidatedBy: by})
		case typedP == "" && reason == "":
		default:
			if v := pg.readPercent(os, typedP, reason, by); v != nil {
				batch = append(batch, v)
			}
		}
	}
	return batch
}

// readPercent reads a percentage typed with its reason.
func (pg *validationUnitPage) readPercent(os score.ObjectiveScore, typedP, reason, by string) *domain.Validation {
	o := os.Objective
	fp, fr := pg.Field(fieldPercent, o), pg.Field("motivazione", o)
	label := "Obiettivo " + objectiveLabel(o)
	p, ok := score.ParseNumber(typedP)
	valid := true
	switch {
	case typedP == "":
		pg.fail(fp, label, "Indica la percentuale validata, da 0 a 100, oppure convalida il calcolato.")
		valid = false
	case !ok || p < 0 || p > 100:
		pg.fail(fp, label, "Scrivi una percentuale da 0 a 100, per esempio 85 o 92,5.")
		valid = false
	}
	if reason == "" {
		pg.fail(fr, label, "La motivazione è obbligatoria: scrivi perché convalidi o correggi il valore.")
		valid = false
	}
	if !valid {
		return nil
	}
	return &domain.Validation{ObjectiveID: o.ID, Year: pg.W.Year, Kind: domain.ValidationSet, Computed: os.Computed,
		Percent: p, Reason: reason, ValidatedBy: by}
}

func (pg *validationUnitPage) fail(field, label, msg string) {
	pg.Errors[field] = msg
	pg.ErrorList = append(pg.ErrorList, fieldError{field, label, msg})
}
