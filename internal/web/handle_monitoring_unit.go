package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/score"
)

// monitoringUnitPage is one unit's monitoring form for a reference date:
// every indicator of the unit, saved in one go.
type monitoringUnitPage struct {
	W           *workspace
	Unit        *domain.Unit
	Date        time.Time // the reference date shown
	DateText    string    // as typed, when refused
	Year        int
	Objectives  []measureObjective
	UnitScore   *score.UnitScore
	SignOff     *domain.SignOff // the date's year is closed: no form
	Checkpoints []time.Time
	Values      map[string]string // typed, by field name
	Errors      map[string]string // by field name
	ErrorList   []fieldError      // the same, in form order, for the summary
	Message     string            // an error about the whole form
	Saved       int
}

type fieldError struct {
	Field   string
	Label   string
	Message string
}

type measureObjective struct {
	O     *domain.Objective
	Score *score.ObjectiveScore
	Rows  []measureRow
}

type measureRow struct {
	In     *domain.Indicator
	Target domain.Target
	Words  string
	Hint   string
	Manual bool
	Last   *domain.Measurement // the latest up to the date
	Score  score.IndicatorScore
}

// Field is the name of a field of the row: "valore-ID".
func (r measureRow) Field(name string) string { return name + "-" + strconv.FormatInt(r.In.ID, 10) }

// ShowInputs: the form's fields show while the year is open, and always
// when a refused form comes back, so that nothing typed is lost.
func (pg *monitoringUnitPage) ShowInputs() bool { return pg.SignOff == nil || pg.Values != nil }

// Value is what was typed in a field.
func (pg *monitoringUnitPage) Value(field string) string { return pg.Values[field] }

// Err is the error of a field, "" when none.
func (pg *monitoringUnitPage) Err(field string) string { return pg.Errors[field] }

// handleMonitoringUnit shows the unit's monitoring form for a reference
// date (?data=), with the achievement of every indicator and the unit's
// score as of that date. The route's rule already checked that the user
// manages the unit.
func (s *Server) handleMonitoringUnit(w http.ResponseWriter, r *http.Request) {
	ws, unit, err := s.monitoringUnit(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	day, msg := checkDay(r.URL.Query().Get("data"), ws.Plan.Cycle, ws.today())
	if r.URL.Query().Get("data") == "" || msg != "" {
		day = defaultCheckpoint(ws)
	}
	pg := buildMonitoringUnit(ws, unit, day)
	pg.Saved, _ = strconv.Atoi(r.URL.Query().Get("salvate"))
	page := s.newPage(r, unit.Name+" · Monitoraggio", "/monitoraggio", pg)
	if pg.Saved > 0 {
		page.Notice = "Registrate: " + plural(pg.Saved, "misurazione", "misurazioni") + ". Il raggiungimento qui sotto è già aggiornato."
	}
	s.render(w, r, "monitoring_unit.html", page)
}

// handleMonitoringUnitSave records every value typed in the form in one
// transaction. Anything wrong brings the form back with what was typed and
// a message on each wrong field; nothing is saved then.
func (s *Server) handleMonitoringUnitSave(w http.ResponseWriter, r *http.Request) {
	ws, unit, err := s.monitoringUnit(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	typedDay := r.PostFormValue("data")
	day, dayMsg := checkDay(typedDay, ws.Plan.Cycle, ws.today())
	base := day
	if dayMsg != "" {
		base = defaultCheckpoint(ws)
	}
	pg := buildMonitoringUnit(ws, unit, base)
	pg.DateText, pg.Values, pg.Errors = typedDay, map[string]string{}, map[string]string{}
	if dayMsg != "" {
		pg.Errors["data"] = dayMsg
		pg.ErrorList = append(pg.ErrorList, fieldError{"data", "Data di riferimento", dayMsg})
	}
	var batch []*domain.Measurement
	user := actor(r)
	for _, o := range pg.Objectives {
		for _, row := range o.Rows {
			in := measureInput{
				Value:    r.PostFormValue(row.Field(fieldValue)),
				Note:     r.PostFormValue(row.Field(fieldNote)),
				Evidence: r.PostFormValue(row.Field(fieldEvidence)),
				Percent:  r.PostFormValue(row.Field(fieldPercent)),
			}
			for name, v := range map[string]string{fieldValue: in.Value, fieldNote: in.Note, fieldEvidence: in.Evidence, fieldPercent: in.Percent} {
				pg.Values[row.Field(name)] = v
			}
			m, errs, typed := readMeasurement(row.In, base.Year(), in)
			if !typed {
				continue
			}
			for _, name := range []string{fieldValue, fieldPercent, fieldNote, fieldEvidence} {
				if msg, ok := errs[name]; ok {
					pg.Errors[row.Field(name)] = msg
					pg.ErrorList = append(pg.ErrorList, fieldError{row.Field(name),
						"Obiettivo " + objectiveLabel(o.O) + ", indicatore " + strconv.Itoa(row.In.Position), msg})
				}
			}
			m.IndicatorID, m.Date, m.RecordedBy = row.In.ID, day, user
			m.Achievement = achievementOf(ws, row.In, m)
			batch = append(batch, &m)
		}
	}
	if len(batch) == 0 && len(pg.ErrorList) == 0 {
		pg.Message = "Non hai scritto nessun valore: compila almeno un indicatore."
	}
	if pg.Message == "" && len(pg.ErrorList) == 0 {
		err = s.Store.AddMeasurements(r.Context(), principalUser(r).OrganizationID, batch)
		if err == nil {
			http.Redirect(w, r, "/monitoraggio/unita/"+strconv.FormatInt(unit.ID, 10)+"?"+url.Values{
				"data": {day.Format(time.DateOnly)}, "salvate": {strconv.Itoa(len(batch))}}.Encode(), http.StatusSeeOther)
			return
		}
		if Status(err) == http.StatusInternalServerError {
			s.Error(w, r, err)
			return
		}
		pg.Message = domain.ErrorMessage(err) + " Nessuna misurazione è stata salvata."
	}
	status := http.StatusBadRequest
	if err != nil {
		status = Status(err)
	}
	s.write(w, r, status, "monitoring_unit.html", s.newPage(r, unit.Name+" · Monitoraggio", "/monitoraggio", pg))
}

// monitoringUnit loads the plan in force and the unit of the path.
func (s *Server) monitoringUnit(r *http.Request) (*workspace, *domain.Unit, error) {
	id, err := pathID(r, "unit", "Unità")
	if err != nil {
		return nil, nil, err
	}
	ws, err := s.loadWorkspace(r)
	if err != nil {
		return nil, nil, err
	}
	unit, err := ws.unit(id)
	return ws, unit, err
}

// defaultCheckpoint is the reference date a form opens on: today in the
// year shown, else the last day of that year when it is over, else today.
func defaultCheckpoint(ws *workspace) time.Time {
	t := ws.today()
	switch {
	case t.Year() == ws.Year:
		return t
	case t.Year() > ws.Year:
		return time.Date(ws.Year, 12, 31, 0, 0, 0, 0, time.UTC)
	}
	return t
}

func buildMonitoringUnit(ws *workspace, unit *domain.Unit, day time.Time) *monitoringUnitPage {
	pg := &monitoringUnitPage{W: ws, Unit: unit, Date: day, Year: day.Year(), SignOff: ws.SignOff(day.Year())}
	res := ws.scores(day.Year(), day)
	objs, units := objectiveScores(res)
	pg.UnitScore = units[unit.ID]
	for _, o := range unit.Objectives {
		mo := measureObjective{O: o, Score: objs[o.ID]}
		for _, in := range o.Indicators {
			row := measureRow{In: in, Hint: valueHint(in, day.Year()), Manual: needsManual(in, day.Year())}
			row.Target, _ = in.Target(day.Year())
			row.Words = ruleWords(in, row.Target)
			if os := objs[o.ID]; os != nil {
				for _, is := range os.Indicators {
					if is.Indicator == in {
						row.Score = is
						row.Last = is.Measurement
					}
				}
			}
			mo.Rows = append(mo.Rows, row)
		}
		pg.Objectives = append(pg.Objectives, mo)
	}
	for _, y := range ws.Years() {
		for _, md := range [][2]int{{6, 30}, {9, 30}, {12, 31}} {
			d := time.Date(y, time.Month(md[0]), md[1], 0, 0, 0, 0, time.UTC)
			if !d.After(ws.today()) {
				pg.Checkpoints = append(pg.Checkpoints, d)
			}
		}
	}
	return pg
}

// achievementOf is the achievement m gives its indicator, as recorded with
// it: computed with the measurements up to m's date, m the newest.
func achievementOf(ws *workspace, in *domain.Indicator, m domain.Measurement) *float64 {
	var h score.History
	for _, old := range ws.history(in.ID) {
		if !old.Date.After(m.Date) {
			h = append(h, old)
		}
	}
	m.RecordedAt = time.Now()
	return score.Indicator(in, m.Date.Year(), append(h, m), ws.SMVP).Achievement
}
