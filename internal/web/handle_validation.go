package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/performa-pa/performa/internal/closure"
	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/score"
)

// validationPage is the Nucleo di Valutazione's overview of a year: each
// unit's score and what is left to do there, what still stands between
// the year and its sign-off, and the sign-off.
type validationPage struct {
	W          *workspace
	Result     score.Result
	Units      []validationUnit
	SignOff    *domain.SignOff
	Gaps       []closure.Gap      // what the sign-off still needs, in plan order
	PlanGaps   []gapRow           // of them, the plan's (not an objective's)
	ObjGaps    []gapRow           // the objectives'
	History    []domain.YearEvent // the year's closes and reopenings, oldest first
	Objectives int                // objectives of the plan
	Validated  int                // with a validation or confirmation for the year
	Unscored   int                // with no result at all
	Message    string
	Confirm    bool // the confirmation box, as sent
	CanReopen  bool // the signed-in user may reopen a closed year (an administrator)
}

// gapRow is a gap as the page lists it: its message and where it is mended.
type gapRow struct {
	Message, Link string
}

type validationUnit struct {
	Score       *score.UnitScore
	Line        string // status and coverage in words
	Validated   int
	ToDo        int // a result waiting for the Nucleo: not validated, or validated before it changed
	Unscored    int // no result, not neutralised
	Neutralised int
	Gaps        int // gaps of the sign-off in this unit
}

// handleValidation lists the units with their scores for the year, what is
// left to validate, and the sign-off of the year.
func (s *Server) handleValidation(w http.ResponseWriter, r *http.Request) {
	ws, err := s.loadWorkspace(r)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		s.render(w, r, "validation.html", s.newPage(r, "Validazione", "/validazione", &validationPage{}))
		return
	} else if err != nil {
		s.Error(w, r, err)
		return
	}
	pg, err := s.buildValidation(r, ws)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	page := s.newPage(r, "Validazione", "/validazione", pg)
	if r.URL.Query().Get("esito") == "chiuso" {
		page.Notice = "Anno " + strconv.Itoa(ws.Year) + " chiuso: i punteggi sono definitivi."
	}
	s.render(w, r, "validation.html", page)
}

func (s *Server) buildValidation(r *http.Request, ws *workspace) (*validationPage, error) {
	pg := &validationPage{W: ws, SignOff: ws.SignOff(ws.Year), CanReopen: principalUser(r).Role == domain.RoleAdmin}
	pg.Result = ws.scores(ws.Year, time.Time{})
	if pg.SignOff == nil {
		pg.setGaps(closure.Check(ws.Plan, pg.Result))
	}
	gapsIn := map[int64]int{}
	for _, g := range pg.Gaps {
		if g.Unit != nil {
			gapsIn[g.Unit.ID]++
		}
	}
	for i := range pg.Result.Units {
		us := &pg.Result.Units[i]
		vu := validationUnit{Score: us, Line: us.StatusLine(&pg.Result), Gaps: gapsIn[us.Unit.ID]}
		for _, o := range us.Objectives {
			switch {
			case o.State == score.StateNeutralised:
				vu.Neutralised++
			case toConfirm(o):
				vu.ToDo++
			case o.Validation != nil:
				vu.Validated++
			case o.State == score.StateMissing:
				vu.Unscored++
			}
		}
		pg.Objectives += len(us.Objectives)
		pg.Validated += vu.Validated
		pg.Unscored += vu.Unscored
		pg.Units = append(pg.Units, vu)
	}
	history, err := s.Store.YearHistory(r.Context(), principalUser(r).OrganizationID, ws.Plan.Cycle.ID)
	if err != nil {
		return nil, err
	}
	for _, e := range history {
		if e.Year == ws.Year {
			pg.History = append(pg.History, e)
		}
	}
	return pg, nil
}

// toConfirm reports whether an objective's result waits for the Nucleo:
// computed and not validated, or validated before the computed figure
// changed.
func toConfirm(o score.ObjectiveScore) bool {
	if o.State == score.StateNeutralised || o.Computed == nil {
		return false
	}
	return o.Validation == nil || o.Stale
}

// setGaps keeps the gaps and lays them out for the page.
func (pg *validationPage) setGaps(gaps []closure.Gap) {
	pg.Gaps, pg.PlanGaps, pg.ObjGaps = gaps, nil, nil
	for _, g := range gaps {
		row := gapRow{g.Message, pg.gapLink(g)}
		if g.Objective == nil {
			pg.PlanGaps = append(pg.PlanGaps, row)
		} else {
			pg.ObjGaps = append(pg.ObjGaps, row)
		}
	}
}

// gapLink is where a gap is mended.
func (pg *validationPage) gapLink(g closure.Gap) string {
	switch {
	case g.Objective != nil:
		return "/validazione/unita/" + strconv.FormatInt(g.Unit.ID, 10) + "?anno=" + strconv.Itoa(pg.W.Year) +
			"#obiettivo-" + strconv.FormatInt(g.Objective.ID, 10)
	case g.Kind == closure.GapDraft || g.Kind == closure.GapSigned:
		return "/amministrazione/ciclo"
	}
	return ""
}

// handleSignOff closes a year: the scores as the signer saw them become
// final. The form sends back the state of the plan its figures came from;
// anything recorded since refuses the sign-off, and the page shows the new
// figures. A year that is not complete (closure.Check) is refused with the
// list of what is missing.
func (s *Server) handleSignOff(w http.ResponseWriter, r *http.Request) {
	ws, err := s.loadWorkspace(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	year, err := strconv.Atoi(r.PostFormValue("anno"))
	if err != nil || !ws.Plan.Cycle.Contains(year) {
		s.Error(w, r, domain.Errorf(domain.EINVALID, "Indica un anno del ciclo %d–%d.", ws.Plan.Cycle.FirstYear, ws.Plan.Cycle.LastYear))
		return
	}
	ws.Year = year
	pg, err := s.buildValidation(r, ws)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	pg.Confirm = r.PostFormValue("conferma") != ""
	seen := r.PostFormValue("stato_piano") // the state of the plan the signer saw
	switch {
	case !pg.Confirm:
		err = domain.Errorf(domain.EINVALID, "Per chiudere l'anno spunta la conferma: dopo la chiusura i punteggi del %d non si modificano più.", year)
	case seen != ws.Stamp:
		err = domain.Errorf(domain.ECONFLICT, "Nel frattempo il piano è cambiato (nuove misurazioni, validazioni o modifiche): controlla i punteggi qui sotto, aggiornati, e chiudi di nuovo l'anno.")
	default:
		// The store checks the stamp again, within the sign-off's transaction.
		_, err = closure.SignOff(r.Context(), s.Store, principalUser(r).OrganizationID, ws.Plan, pg.Result, ws.Stamp, actor(r))
	}
	if err == nil {
		http.Redirect(w, r, "/validazione?"+url.Values{"anno": {strconv.Itoa(year)}, "esito": {"chiuso"}}.Encode(), http.StatusSeeOther)
		return
	}
	if Status(err) == http.StatusInternalServerError {
		s.Error(w, r, err)
		return
	}
	var refusal *closure.Refusal
	if errors.As(err, &refusal) && len(refusal.Gaps) > 0 {
		pg.setGaps(refusal.Gaps)
	}
	pg.Message = domain.ErrorMessage(err)
	s.write(w, r, Status(err), "validation.html", s.newPage(r, "Validazione", "/validazione", pg))
}

// ensureReason trims a reason as typed.
func ensureReason(s string) string { return strings.Join(strings.Fields(s), " ") }
