package web

import (
	"net/http"
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
}

type cycleForm struct {
	ActNumber, ActDate, Reason string
}

type cycleView struct {
	Cycle    domain.Cycle
	Versions []domain.PlanSummary // newest first
	SignOffs []domain.SignOff
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
		st := cv.Cycle.Status
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
	if pg.FormOf != of || pg.Variation {
		return ""
	}
	if field == "numero" {
		return pg.Form.ActNumber
	}
	return pg.Form.ActDate
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
	}[r.URL.Query().Get("esito")]
	s.render(w, r, "cycle.html", page)
}

// cycleResult redirects after a change, or shows the page again with the
// error and what was typed.
func (s *Server) cycleResult(w http.ResponseWriter, r *http.Request, err error, done string, form cycleForm, of int64, variation bool) {
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
	pg.Error, pg.Form, pg.FormOf, pg.Variation = domain.ErrorMessage(err), form, of, variation
	s.write(w, r, status, "cycle.html", s.newPage(r, "Ciclo", "/amministrazione/utenti", pg))
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
	case day.After(today()):
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
