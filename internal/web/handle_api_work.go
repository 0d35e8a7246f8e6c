package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/ingest"
	"github.com/performa-pa/performa/internal/italian"
	"github.com/performa-pa/performa/internal/quality"
	"github.com/performa-pa/performa/internal/score"
)

// The JSON API for the year's work: importing a plan, measurements,
// validations, scores. The route table gives these the same rules as the
// pages; the store refuses what the pages refuse.

// decodeJSON reads a request's JSON body into v.
func decodeJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return domain.Errorf(domain.EINVALID, "Il corpo della richiesta è troppo grande.")
		}
		return domain.Errorf(domain.EINVALID, "Il corpo della richiesta non è un JSON valido: %s.", italian.JSONError(err, nil))
	}
	return nil
}

// fieldsError is an EINVALID error with a message per field.
type fieldsError struct {
	err    *domain.Error
	Fields map[string]string
}

func (e *fieldsError) Error() string { return e.err.Error() }
func (e *fieldsError) Unwrap() error { return e.err }

// apiMeasurement is a measurement in the API.
type apiMeasurement struct {
	ID          int64     `json:"id"`
	IndicatorID int64     `json:"indicator_id"`
	Date        string    `json:"date"`
	Value       string    `json:"value"`          // as performa writes it back: 1.234,5; sì; 30/09/2022
	Number      *float64  `json:"number"`         // when the value is a number
	Bool        *bool     `json:"bool,omitempty"` // yes/no
	DateValue   string    `json:"date_value,omitempty"`
	Text        string    `json:"text,omitempty"`
	Percent     *float64  `json:"percent"` // given by hand, for a target that cannot be measured
	Note        string    `json:"note"`
	Evidence    string    `json:"evidence"`
	Achievement *float64  `json:"achievement"` // computed when recorded
	RecordedBy  string    `json:"recorded_by"`
	RecordedAt  time.Time `json:"recorded_at"`
	Warnings    []string  `json:"warnings,omitempty"` // what looks wrong, though recorded: a completion after the reference date
}

func measurementJSON(m domain.Measurement) apiMeasurement {
	out := apiMeasurement{ID: m.ID, IndicatorID: m.IndicatorID, Date: m.Date.Format(time.DateOnly),
		Value: score.FormatValue(m), Number: m.Number, Bool: m.Bool, Text: m.Text, Percent: m.ManualAchievement,
		Note: m.Note, Evidence: m.Evidence, Achievement: m.Achievement, RecordedBy: m.RecordedBy, RecordedAt: m.RecordedAt,
		Warnings: m.Warnings()}
	if m.DateValue != nil {
		out.DateValue = m.DateValue.Format(time.DateOnly)
	}
	return out
}

// handleAPIMeasurements lists the measurements of a plan version.
func (s *Server) handleAPIMeasurements(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "Piano")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	d, err := s.version(r.Context(), principalUser(r).OrganizationID, id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	ms := d.measurements
	out := struct {
		Measurements []apiMeasurement `json:"measurements"`
	}{Measurements: make([]apiMeasurement, 0, len(ms))}
	for _, m := range ms {
		out.Measurements = append(out.Measurements, measurementJSON(m))
	}
	writeJSON(w, http.StatusOK, out)
}

// apiMeasurementIn is a measurement to record, as typed: the value as a
// person would write it (a number "1.234,5" or 12.5, a date, sì/no, text).
type apiMeasurementIn struct {
	Date     string   `json:"date"`
	Value    any      `json:"value"`
	Percent  *float64 `json:"percent"`
	Note     string   `json:"note"`
	Evidence string   `json:"evidence"`
}

// handleAPIAddMeasurement records one measurement of an indicator and
// answers with it and its achievement.
func (s *Server) handleAPIAddMeasurement(w http.ResponseWriter, r *http.Request) {
	orgID := principalUser(r).OrganizationID
	id, err := pathID(r, "indicator", "Indicatore")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var in apiMeasurementIn
	if err := decodeJSON(r, &in); err != nil {
		s.Error(w, r, err)
		return
	}
	loc, err := s.Store.LocateIndicator(r.Context(), orgID, id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	ws, err := s.loadWorkspaceOf(r, loc.VersionID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	_, _, indicator := findIndicator(ws.Plan, id)
	fields := map[string]string{}
	day, msg := checkDay(in.Date, ws.Plan.Cycle, ws.today())
	if msg != "" {
		fields["date"] = msg
	}
	typed := measureInput{Value: jsonValue(in.Value), Note: in.Note, Evidence: in.Evidence}
	if in.Percent != nil {
		typed.Percent = strconv.FormatFloat(*in.Percent, 'f', -1, 64)
	}
	year := day.Year()
	if msg != "" {
		year = ws.Plan.Cycle.FirstYear
	}
	m, errs, typedSomething := readMeasurement(indicator, year, typed)
	if !typedSomething {
		fields["value"] = "Indica il valore (o, per un target non misurabile, percent e note)."
	}
	for k, v := range errs {
		fields[map[string]string{fieldValue: "value", fieldNote: "note", fieldEvidence: "evidence", fieldPercent: "percent"}[k]] = v
	}
	if len(fields) > 0 {
		s.Error(w, r, &fieldsError{domain.Errorf(domain.EINVALID, "La misurazione non è valida: vedi fields."), fields})
		return
	}
	m.IndicatorID, m.Date, m.RecordedBy = id, day, actor(r)
	m.Achievement = achievementOf(ws, indicator, m)
	if err := s.Store.AddMeasurements(r.Context(), orgID, []*domain.Measurement{&m}); err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, measurementJSON(m))
}

// jsonValue turns a JSON value into the text a person would have typed.
func jsonValue(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		if x {
			return "sì"
		}
		return "no"
	case float64:
		return strings.Replace(strconv.FormatFloat(x, 'f', -1, 64), ".", ",", 1)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

type apiValidationIn struct {
	Year    int      `json:"year"`
	Percent *float64 `json:"percent"`
	Reason  string   `json:"reason"`
}

type apiValidation struct {
	ID            int64     `json:"id"`
	ObjectiveID   int64     `json:"objective_id"`
	Year          int       `json:"year"`
	Kind          string    `json:"kind"` // validated, confirmed, neutralised
	Computed      *float64  `json:"computed"`
	Percent       *float64  `json:"percent"` // null when neutralised
	Reason        string    `json:"reason"`
	ValidatedBy   string    `json:"validated_by"`
	ValidatorName string    `json:"validator_name"`
	ValidatedAt   time.Time `json:"validated_at"`
}

func validationJSON(v *domain.Validation) apiValidation {
	out := apiValidation{ID: v.ID, ObjectiveID: v.ObjectiveID, Year: v.Year, Kind: string(v.Kind), Computed: v.Computed,
		Reason: v.Reason, ValidatedBy: v.ValidatedBy, ValidatorName: v.ValidatorName, ValidatedAt: v.ValidatedAt}
	if !v.Neutralised() {
		p := v.Percent
		out.Percent = &p
	}
	return out
}

// handleAPIAddValidation records the Nucleo's percentage for an objective
// in a year; the computed figure is stored beside it.
func (s *Server) handleAPIAddValidation(w http.ResponseWriter, r *http.Request) {
	s.apiValidate(w, r, domain.ValidationSet)
}

// handleAPIConfirm confirms an objective's computed figure for a year.
func (s *Server) handleAPIConfirm(w http.ResponseWriter, r *http.Request) {
	s.apiValidate(w, r, domain.ValidationConfirmed)
}

// handleAPINeutralise neutralises an objective for a year (non
// valutabile), with the reason.
func (s *Server) handleAPINeutralise(w http.ResponseWriter, r *http.Request) {
	s.apiValidate(w, r, domain.ValidationNeutralised)
}

// apiValidate records a decision of the kind on the objective of the
// path, as the validation page does.
func (s *Server) apiValidate(w http.ResponseWriter, r *http.Request, kind domain.ValidationKind) {
	orgID := principalUser(r).OrganizationID
	id, err := pathID(r, "objective", "Obiettivo")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var in apiValidationIn
	if err := decodeJSON(r, &in); err != nil {
		s.Error(w, r, err)
		return
	}
	loc, err := s.Store.LocateObjective(r.Context(), orgID, id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	ws, err := s.loadWorkspaceOf(r, loc.VersionID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	fields := map[string]string{}
	if !ws.Plan.Cycle.Contains(in.Year) {
		fields["year"] = "Indica un anno del ciclo " + cycleLabel(ws.Plan.Cycle) + "."
	}
	in.Reason = ensureReason(in.Reason)
	switch kind {
	case domain.ValidationSet:
		if in.Percent == nil || *in.Percent < 0 || *in.Percent > 100 {
			fields["percent"] = "Indica la percentuale validata, da 0 a 100."
		}
		if in.Reason == "" {
			fields["reason"] = "La motivazione è obbligatoria."
		}
	case domain.ValidationConfirmed, domain.ValidationNeutralised:
		if in.Percent != nil {
			fields["percent"] = "Non si indica: una conferma vale il calcolato, una neutralizzazione non ha percentuale."
		}
		if kind == domain.ValidationNeutralised && in.Reason == "" {
			fields["reason"] = "Per neutralizzare serve la motivazione: la causa non imputabile all'unità."
		}
	}
	if len(fields) > 0 {
		s.Error(w, r, &fieldsError{domain.Errorf(domain.EINVALID, "La validazione non è valida: vedi fields."), fields})
		return
	}
	objs, _ := objectiveScores(ws.scores(in.Year, time.Time{}))
	v := &domain.Validation{ObjectiveID: id, Year: in.Year, Kind: kind, Reason: in.Reason, ValidatedBy: actor(r)}
	if os := objs[id]; os != nil {
		v.Computed = os.Computed
	}
	switch {
	case kind == domain.ValidationSet:
		v.Percent = *in.Percent
	case kind == domain.ValidationConfirmed && v.Computed == nil:
		s.Error(w, r, domain.Errorf(domain.ECONFLICT, "L'obiettivo non ha un valore calcolato nel %d da confermare.", in.Year))
		return
	case kind == domain.ValidationConfirmed:
		v.Percent = *v.Computed
	}
	if err := s.Store.AddValidations(r.Context(), orgID, []*domain.Validation{v}); err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, validationJSON(v))
}

// The scores of a year, as the API gives them: status says how final they
// are (provisional, over, final), coverage what they rest on.
type apiScores struct {
	Year         int               `json:"year"`
	Status       score.Status      `json:"status"`
	StatusLabel  string            `json:"status_label"`
	Missing      string            `json:"missing_results"` // the SMVP's policy: zero or exclude
	Locked       bool              `json:"locked"`          // signed off: final
	SignedAt     *time.Time        `json:"signed_at,omitempty"`
	SMVPVersion  int               `json:"smvp_version"` // 0: the default SMVP
	Coverage     score.Coverage    `json:"coverage"`     // the whole plan
	Neutralised  []apiNeutralised  `json:"neutralised"`
	Organization apiFigure         `json:"organization"`
	Units        []apiUnitScore    `json:"units"`
	Managers     []apiManagerScore `json:"managers,omitempty"` // personal data: administrators and evaluators only
}

type apiFigure struct {
	Score    *float64       `json:"score"`
	How      string         `json:"how"`
	Coverage score.Coverage `json:"coverage"`
}

type apiNeutralised struct {
	ObjectiveID int64     `json:"objective_id"`
	Unit        string    `json:"unit"`
	Code        string    `json:"code"`
	Title       string    `json:"title"`
	Weight      float64   `json:"weight"`
	Reason      string    `json:"reason"`
	By          string    `json:"by"`
	At          time.Time `json:"at"`
}

type apiUnitScore struct {
	ID         int64               `json:"id"`
	Name       string              `json:"name"`
	Manager    string              `json:"manager"`
	Score      *float64            `json:"score"`
	How        string              `json:"how"`
	StatusLine string              `json:"status_line"`
	Coverage   score.Coverage      `json:"coverage"`
	Objectives []apiObjectiveScore `json:"objectives"`
}

type apiObjectiveScore struct {
	ID        int64    `json:"id"`
	Code      string   `json:"code"`
	Title     string   `json:"title"`
	Weight    *float64 `json:"weight"`
	State     string   `json:"state"` // scored, missing, neutralised, unplanned
	Counted   bool     `json:"counted"`
	Computed  *float64 `json:"computed"`
	Validated *float64 `json:"validated"`
	Kind      string   `json:"validation_kind,omitempty"`
	Reason    string   `json:"validation_reason,omitempty"`
	Stale     bool     `json:"validation_stale,omitempty"`
	Score     *float64 `json:"score"`
	How       string   `json:"how"`
}

type apiManagerScore struct {
	Name       string         `json:"name"`
	Units      []string       `json:"units"`
	Objectives *float64       `json:"objectives"`
	Coverage   score.Coverage `json:"coverage"`
	Behaviour  *float64       `json:"behaviour"`
	Score      *float64       `json:"score"`
	Reward     *float64       `json:"reward"`
	How        string         `json:"how"`
}

// handleAPIScores computes the scores of a year (?year=, default as the
// pages) of a plan version. Individual managers' scores are personal data
// (D.Lgs 33/2013 art. 20): only administrators and evaluators get them.
func (s *Server) handleAPIScores(w http.ResponseWriter, r *http.Request) {
	u := principalUser(r)
	id, err := pathID(r, "id", "Piano")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	ws, err := s.loadWorkspaceOf(r, id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	year := ws.yearParam(r.URL.Query().Get("year"))
	if q := r.URL.Query().Get("year"); q != "" && strconv.Itoa(year) != q {
		s.Error(w, r, domain.Errorf(domain.EINVALID, "L'anno %s è fuori dal ciclo %s.", q, cycleLabel(ws.Plan.Cycle)))
		return
	}
	ratings, err := s.Store.BehaviourRatings(r.Context(), u.OrganizationID, ws.Plan.Cycle.ID, year)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	// Computed once per version state, year, SMVP, sign-off and ratings:
	// the same input the API used to build each time.
	res := ws.scoresRated(year, ratings)
	so := ws.SignOff(year)
	out := apiScores{Year: year, Status: res.Status, StatusLabel: score.StatusLine(res.Status, res.Policy, res.Coverage),
		Missing: string(res.Policy), SMVPVersion: ws.SMVPVersion, Coverage: res.Coverage, Neutralised: []apiNeutralised{},
		Organization: apiFigure{res.Organization.Score, res.Organization.How, res.OrganizationCoverage}, Units: []apiUnitScore{}}
	if so != nil {
		out.Locked, out.SignedAt = true, &so.SignedAt
	}
	for _, n := range res.Neutralised {
		out.Neutralised = append(out.Neutralised, apiNeutralised{n.Objective.ID, n.Unit.Name, n.Objective.Code, n.Objective.Title,
			n.Weight, n.Validation.Reason, n.Validation.Validator(), n.Validation.ValidatedAt})
	}
	for i := range res.Units {
		us := &res.Units[i]
		au := apiUnitScore{ID: us.Unit.ID, Name: us.Unit.Name, Manager: us.Unit.Manager, Score: us.Score, How: us.How,
			StatusLine: us.StatusLine(&res), Coverage: us.Coverage, Objectives: []apiObjectiveScore{}}
		for _, o := range us.Objectives {
			ao := apiObjectiveScore{ID: o.Objective.ID, Code: o.Objective.Code, Title: o.Objective.Title, Weight: o.Objective.Weight,
				State: string(o.State), Counted: o.Counted, Computed: o.Computed, Stale: o.Stale, Score: o.Score, How: o.How}
			if v := o.Validation; v != nil {
				p := v.Percent
				ao.Validated, ao.Kind, ao.Reason = &p, string(v.Kind), v.Reason
			}
			if n := o.Neutralisation; n != nil {
				ao.Kind, ao.Reason = string(n.Kind), n.Reason
			}
			au.Objectives = append(au.Objectives, ao)
		}
		out.Units = append(out.Units, au)
	}
	if u.Role == domain.RoleAdmin || u.Role == domain.RoleEvaluator {
		out.Managers = []apiManagerScore{}
		for _, m := range res.Managers {
			out.Managers = append(out.Managers, apiManagerScore{m.Name, m.Units, m.Objectives, m.Coverage, m.Behaviour, m.Score, m.Reward, m.How})
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// apiImport is the answer to POST /plans.
type apiImport struct {
	Stored      bool                `json:"stored"` // false for a dry run
	ID          int64               `json:"id,omitempty"`
	Replaced    bool                `json:"replaced"`
	Cycle       apiCycle            `json:"cycle"`
	Units       int                 `json:"units"`
	Objectives  int                 `json:"objectives"`
	Quality     quality.Report      `json:"quality"`
	Diagnostics []domain.Diagnostic `json:"diagnostics"`
	// Blocking are the errors that refuse the import without force=true:
	// an empty plan, a part of it lost.
	Blocking    []domain.Diagnostic `json:"blocking"`
	Match       *apiMatch           `json:"match,omitempty"`
	Erased      []apiDraftEdit      `json:"erased,omitempty"`
	WouldRefuse string              `json:"would_refuse,omitempty"` // dry run: why the import would be refused
}

// apiMatch tells what the imported elements were matched with.
type apiMatch struct {
	Against           string              `json:"against"`
	Units             apiCount            `json:"units"`
	Objectives        apiCount            `json:"objectives"`
	Indicators        apiCount            `json:"indicators"`
	AddedObjectives   []domain.ElementRef `json:"added_objectives"`
	RemovedObjectives []domain.ElementRef `json:"removed_objectives"`
}

type apiCount struct {
	Matched int `json:"matched"`
	Added   int `json:"added"`
	Removed int `json:"removed"`
}

type apiDraftEdit struct {
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Action string    `json:"action"`
	What   string    `json:"what"`
}

func matchJSON(m domain.ImportMatch) *apiMatch {
	c := func(x domain.MatchCount) apiCount { return apiCount{x.Matched, x.Added, x.Removed} }
	out := &apiMatch{Against: m.Against, Units: c(m.Units), Objectives: c(m.Objectives), Indicators: c(m.Indicators),
		AddedObjectives: m.AddedObjectives, RemovedObjectives: m.RemovedObjectives}
	if out.AddedObjectives == nil {
		out.AddedObjectives = []domain.ElementRef{}
	}
	if out.RemovedObjectives == nil {
		out.RemovedObjectives = []domain.ElementRef{}
	}
	return out
}

// handleAPIImport imports a workbook sent as the request body (or as the
// "file" field of a multipart form) into the caller's organization; with
// ?dry_run=true it only checks it, and says what the import would do (or
// why it would be refused). ?file= names the file; ?replace_draft=true
// replaces a draft that is a variation or holds edits made in performa.
func (s *Server) handleAPIImport(w http.ResponseWriter, r *http.Request) {
	name, data, err := apiUpload(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	firstYear, err := formFirstYear(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	plan, report, err := s.parsePlan(r, name, data, firstYear)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	out := apiImport{Cycle: apiCycle{FirstYear: plan.Cycle.FirstYear, LastYear: plan.Cycle.LastYear, Status: string(domain.CycleDraft)},
		Units: len(plan.Units), Objectives: plan.Objectives(), Quality: report, Diagnostics: plan.Diagnostics,
		Blocking: ingest.Blocking(plan)}
	if out.Blocking == nil {
		out.Blocking = []domain.Diagnostic{}
	}
	if out.Diagnostics == nil {
		out.Diagnostics = []domain.Diagnostic{}
	}
	dry, _ := strconv.ParseBool(r.URL.Query().Get("dry_run"))
	replace, _ := strconv.ParseBool(r.URL.Query().Get("replace_draft"))
	if force, _ := strconv.ParseBool(r.URL.Query().Get("force")); !dry {
		if err := refuseBlocked(plan, force, "ripeti la richiesta con force=true"); err != nil {
			s.Error(w, r, err)
			return
		}
	}
	res, err := s.Store.ImportPlanWith(r.Context(), plan, domain.ImportOptions{Actor: actor(r), ReplaceDraft: replace, DryRun: dry})
	if dry && err != nil && Status(err) != http.StatusInternalServerError {
		out.WouldRefuse = domain.ErrorMessage(err)
		writeJSON(w, http.StatusOK, out)
		return
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	out.Match = matchJSON(res.Match)
	for _, e := range res.Erased {
		out.Erased = append(out.Erased, apiDraftEdit{e.At, e.Actor, e.Action, e.Label})
	}
	if dry {
		out.Replaced = res.Replaced
		writeJSON(w, http.StatusOK, out)
		return
	}
	out.Stored, out.ID, out.Replaced, out.Cycle.Status = true, res.VersionID, res.Replaced, string(plan.Cycle.Status)
	writeJSON(w, http.StatusCreated, out)
}

// apiUpload reads the file of POST /plans.
func apiUpload(r *http.Request) (string, []byte, error) {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		if err := parseForm(r, maxUpload); err != nil {
			return "", nil, err
		}
		return uploadedFile(r, "file")
	}
	data, err := io.ReadAll(r.Body)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return "", nil, domain.Errorf(domain.EINVALID, "Il file è troppo grande (al massimo %d MB).", maxUpload>>20)
	} else if err != nil {
		return "", nil, domain.Errorf(domain.EINVALID, "Il file non si è caricato per intero: riprova.")
	}
	if len(data) == 0 {
		return "", nil, domain.Errorf(domain.EINVALID, "Il corpo della richiesta è vuoto: invia il file del piano.")
	}
	name := strings.TrimSpace(r.URL.Query().Get("file"))
	if name == "" {
		name = "piano"
	}
	return name, data, nil
}
