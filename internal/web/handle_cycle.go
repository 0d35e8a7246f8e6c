package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
)

// The cycle's administration: its status (draft → approved with the
// delibera → monitoring → closed) and its versions; approving a draft,
// starting a variation, comparing versions.

type cyclePage struct {
	Cycles []cycleView
	Error  string
	// What was typed in the refused form, to show it again.
	Form      cycleForm
	FormOf    int64 // the version or cycle the typed form belongs to
	Variation bool  // the typed form is the variation's
	Reopen    int   // the typed form is the reopening of this year
}

type cycleForm struct {
	ActNumber, ActDate, Reason string
}

type cycleView struct {
	Cycle    domain.Cycle
	Versions []domain.PlanSummary // newest first
	SignOffs []domain.SignOff
	History  []domain.YearEvent // closes and reopenings, oldest first
	// Reopenable are the years an administrator may reopen: those signed
	// off, every year of a closed cycle.
	Reopenable []int
	// CanVary: the newest version is approved and the cycle is open.
	CanVary bool
	Next    []option // the statuses the cycle can move to
}

func (s *Server) cyclePage(r *http.Request) (*cyclePage, error) {
	orgID := principalUser(r).OrganizationID
	plans, err := s.Store.Plans(r.Context(), orgID)
	if err != nil {
		return nil, err
	}
	pg := &cyclePage{}
	for _, p := range plans {
		if n := len(pg.Cycles); n == 0 || pg.Cycles[n-1].Cycle.ID != p.Cycle.ID {
			pg.Cycles = append(pg.Cycles, cycleView{Cycle: p.Cycle})
		}
		cv := &pg.Cycles[len(pg.Cycles)-1]
		cv.Versions = append(cv.Versions, p)
	}
	for i := range pg.Cycles {
		cv := &pg.Cycles[i]
		if cv.SignOffs, err = s.Store.SignOffs(r.Context(), orgID, cv.Cycle.ID); err != nil {
			return nil, err
		}
		if cv.History, err = s.Store.YearHistory(r.Context(), orgID, cv.Cycle.ID); err != nil {
			return nil, err
		}
		st := cv.Cycle.Status
		for _, y := range cv.Cycle.Years() {
			signed := false
			for _, so := range cv.SignOffs {
				signed = signed || so.Year == y
			}
			if signed || st == domain.CycleClosed {
				cv.Reopenable = append(cv.Reopenable, y)
			}
		}
		cv.CanVary = cv.Versions[0].Version.Status == domain.VersionApproved && st != domain.CycleClosed
		if st == domain.CycleApproved {
			cv.Next = append(cv.Next, option{string(domain.CycleMonitoring), "Avvia il monitoraggio"})
		}
		if st == domain.CycleApproved || st == domain.CycleMonitoring {
			cv.Next = append(cv.Next, option{string(domain.CycleClosed), "Chiudi il ciclo"})
		}
	}
	return pg, nil
}

// Typed is what was typed in a refused approval form of the version of.
func (pg *cyclePage) Typed(field string, of int64) string {
	if pg.FormOf != of || pg.Variation || pg.Reopen != 0 {
		return ""
	}
	if field == "numero" {
		return pg.Form.ActNumber
	}
	return pg.Form.ActDate
}

// TypedReopen is what was typed in a refused reopening form of year of
// the cycle of.
func (pg *cyclePage) TypedReopen(field string, of int64, year int) string {
	if pg.FormOf != of || pg.Reopen != year {
		return ""
	}
	return map[string]string{"motivo": pg.Form.Reason, "numero": pg.Form.ActNumber, "data": pg.Form.ActDate}[field]
}

// Previous is the version before v in the cycle, for comparing.
func (cv cycleView) Previous(i int) *domain.PlanSummary {
	if i+1 < len(cv.Versions) {
		return &cv.Versions[i+1]
	}
	return nil
}

// handleCycle shows the cycles and their versions.
func (s *Server) handleCycle(w http.ResponseWriter, r *http.Request) {
	pg, err := s.cyclePage(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	page := s.newPage(r, "Ciclo", "/amministrazione/utenti", pg)
	page.Notice = map[string]string{
		"approvata":  "Versione approvata: è il piano in vigore.",
		"variazione": "Variazione creata: la nuova versione è in bozza. Scegli la versione nel Piano per modificarne gli obiettivi, poi approvala qui.",
		"stato":      "Stato del ciclo aggiornato.",
		"riaperto":   "Anno riaperto: i suoi punteggi non sono più definitivi fino alla prossima chiusura.",
	}[r.URL.Query().Get("esito")]
	s.render(w, r, "cycle.html", page)
}

// cycleResult redirects after a change, or shows the page again with the
// error and what was typed.
func (s *Server) cycleResult(w http.ResponseWriter, r *http.Request, err error, done string, form cycleForm, of int64, variation bool) {
	s.cycleResultOf(w, r, err, done, func(pg *cyclePage) { pg.Form, pg.FormOf, pg.Variation = form, of, variation })
}

// cycleResultOf is cycleResult, the typed form put back by typed.
func (s *Server) cycleResultOf(w http.ResponseWriter, r *http.Request, err error, done string, typed func(*cyclePage)) {
	if err == nil {
		http.Redirect(w, r, "/amministrazione/ciclo?esito="+done, http.StatusSeeOther)
		return
	}
	status := Status(err)
	if status == http.StatusInternalServerError {
		s.Error(w, r, err)
		return
	}
	pg, lerr := s.cyclePage(r)
	if lerr != nil {
		s.Error(w, r, lerr)
		return
	}
	pg.Error = domain.ErrorMessage(err)
	typed(pg)
	s.write(w, r, status, "cycle.html", s.newPage(r, "Ciclo", "/amministrazione/utenti", pg))
}

// readReopening reads a reopening as typed (the page's field names:
// anno, motivo, numero, data), with a message per field that is wrong.
func (s *Server) readReopening(ws *workspace, year int, reason, act, date, by string) (*domain.Reopening, map[string]string) {
	fields := map[string]string{}
	ro := &domain.Reopening{CycleID: ws.Plan.Cycle.ID, Year: year, Reason: ensureReason(reason), ActNumber: strings.TrimSpace(act), By: by}
	if !ws.Plan.Cycle.Contains(year) {
		fields["anno"] = "Indica un anno del ciclo " + cycleLabel(ws.Plan.Cycle) + "."
	}
	if ro.Reason == "" {
		fields["motivo"] = "Indica il motivo della riapertura."
	}
	if ro.ActNumber == "" {
		fields["numero"] = "Indica il numero dell'atto che dispone la riapertura."
	}
	day, ok := parseDay(strings.TrimSpace(date))
	switch {
	case !ok:
		fields["data"] = "Indica la data dell'atto come 01/03/2023."
	case day.After(ws.today()):
		fields["data"] = "La data dell'atto non può essere nel futuro."
	}
	ro.ActDate = day
	return ro, fields
}

// handleReopenYear reopens a closed year of the cycle in force: an
// administrator, with the reason and the act that decided it.
func (s *Server) handleReopenYear(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "cycle", "Ciclo")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	ws, err := s.loadWorkspace(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	year, _ := strconv.Atoi(r.PostFormValue("anno"))
	form := cycleForm{Reason: r.PostFormValue("motivo"), ActNumber: r.PostFormValue("numero"), ActDate: r.PostFormValue("data")}
	if ws.Plan.Cycle.ID != id {
		err = domain.Errorf(domain.ECONFLICT, "Si riaprono gli anni del ciclo in vigore (%s).", cycleLabel(ws.Plan.Cycle))
	} else if ro, fields := s.readReopening(ws, year, form.Reason, form.ActNumber, form.ActDate, actor(r)); len(fields) > 0 {
		var msgs []string
		for _, k := range []string{"anno", "motivo", "numero", "data"} {
			if m := fields[k]; m != "" {
				msgs = append(msgs, m)
			}
		}
		err = domain.Errorf(domain.EINVALID, "L'anno non è stato riaperto: %s", strings.Join(msgs, " "))
	} else {
		err = s.Store.ReopenYear(r.Context(), principalUser(r).OrganizationID, ro)
	}
	s.cycleResultOf(w, r, err, "riaperto", func(pg *cyclePage) { pg.Form, pg.FormOf, pg.Reopen = form, id, year })
}

// handleApproveVersion records the Giunta's approval of a draft version.
func (s *Server) handleApproveVersion(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "version", "Versione")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	form := cycleForm{ActNumber: strings.TrimSpace(r.PostFormValue("numero")), ActDate: strings.TrimSpace(r.PostFormValue("data"))}
	day, ok := parseDay(form.ActDate)
	switch {
	case form.ActNumber == "":
		err = domain.Errorf(domain.EINVALID, "Indica il numero della delibera di approvazione.")
	case !ok:
		err = domain.Errorf(domain.EINVALID, "Indica la data della delibera come 28/01/2022.")
	case day.After(s.today()):
		err = domain.Errorf(domain.EINVALID, "La data della delibera non può essere nel futuro.")
	default:
		err = s.Store.ApproveVersion(r.Context(), principalUser(r).OrganizationID, id, form.ActNumber, day, actor(r))
	}
	s.cycleResult(w, r, err, "approvata", form, id, false)
}

// handleVariation starts a variation of the approved plan.
func (s *Server) handleVariation(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "cycle", "Ciclo")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	form := cycleForm{Reason: r.PostFormValue("motivo")}
	_, err = s.Store.CreateVariation(r.Context(), principalUser(r).OrganizationID, id, form.Reason, actor(r))
	s.cycleResult(w, r, err, "variazione", form, id, true)
}

// handleCycleStatus moves the cycle to the next status.
func (s *Server) handleCycleStatus(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "cycle", "Ciclo")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	status := domain.CycleStatus(r.PostFormValue("stato"))
	if status == domain.CycleClosed && r.PostFormValue("conferma") == "" {
		err = domain.Errorf(domain.EINVALID, "Per chiudere il ciclo spunta la conferma: dopo la chiusura non si registrano più misurazioni né validazioni.")
	} else {
		err = s.Store.SetCycleStatus(r.Context(), principalUser(r).OrganizationID, id, status, actor(r))
	}
	s.cycleResult(w, r, err, "stato", cycleForm{}, id, false)
}
