package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/score"
)

// validationPage is the Nucleo di Valutazione's overview of a year: each
// unit's score and how many objectives are validated, and the sign-off.
type validationPage struct {
	W          *workspace
	Result     score.Result
	Units      []validationUnit
	SignOff    *domain.SignOff
	Objectives int // objectives of the plan
	Validated  int // with a validation for the year
	Unscored   int // with no result at all
	Message    string
	Confirm    bool // the confirmation box, as sent
}

type validationUnit struct {
	Score     *score.UnitScore
	Locked    *domain.LockedUnit
	Validated int
	ToDo      int // a result, no validation
	Unscored  int
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
	pg := s.newPage(r, "Validazione", "/validazione", buildValidation(ws))
	if r.URL.Query().Get("esito") == "chiuso" {
		pg.Notice = "Anno " + strconv.Itoa(ws.Year) + " chiuso: i punteggi sono definitivi."
	}
	s.render(w, r, "validation.html", pg)
}

func buildValidation(ws *workspace) *validationPage {
	pg := &validationPage{W: ws, SignOff: ws.SignOff(ws.Year)}
	pg.Result = ws.scores(ws.Year, time.Time{})
	for i := range pg.Result.Units {
		us := &pg.Result.Units[i]
		vu := validationUnit{Score: us}
		if pg.SignOff != nil {
			if l, ok := pg.SignOff.Scores.Unit(us.Unit.ID); ok {
				vu.Locked = &l
			}
		}
		for _, o := range us.Objectives {
			switch {
			case o.Validation != nil:
				vu.Validated++
			case o.Computed != nil:
				vu.ToDo++
			default:
				vu.Unscored++
			}
		}
		pg.Objectives += len(us.Objectives)
		pg.Validated += vu.Validated
		pg.Unscored += vu.Unscored
		pg.Units = append(pg.Units, vu)
	}
	return pg
}

// handleSignOff closes a year: the scores as the signer saw them become
// final. The form sends back the state of the plan its figures came from;
// anything recorded since refuses the sign-off, and the page shows the new
// figures.
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
	pg := buildValidation(ws)
	pg.Confirm = r.PostFormValue("conferma") != ""
	seen := r.PostFormValue("stato_piano") // the state of the plan the signer saw
	switch {
	case !pg.Confirm:
		err = domain.Errorf(domain.EINVALID, "Per chiudere l'anno spunta la conferma: dopo la chiusura i punteggi del %d non si modificano più.", year)
	case seen != ws.Stamp:
		err = domain.Errorf(domain.ECONFLICT, "Nel frattempo il piano è cambiato (nuove misurazioni, validazioni o modifiche): controlla i punteggi qui sotto, aggiornati, e chiudi di nuovo l'anno.")
	default:
		// The store checks the stamp again, within the sign-off's transaction.
		so := &domain.SignOff{CycleID: ws.Plan.Cycle.ID, Year: year, SignedBy: actor(r), Scores: lockScores(pg.Result)}
		err = s.Store.SignOff(r.Context(), principalUser(r).OrganizationID, so, ws.Plan.Version.ID, ws.Stamp)
	}
	if err == nil {
		http.Redirect(w, r, "/validazione?"+url.Values{"anno": {strconv.Itoa(year)}, "esito": {"chiuso"}}.Encode(), http.StatusSeeOther)
		return
	}
	if Status(err) == http.StatusInternalServerError {
		s.Error(w, r, err)
		return
	}
	pg.Message = domain.ErrorMessage(err)
	s.write(w, r, Status(err), "validation.html", s.newPage(r, "Validazione", "/validazione", pg))
}

// lockScores is what a sign-off keeps of a result.
func lockScores(res score.Result) domain.LockedScores {
	l := domain.LockedScores{Organization: res.Organization.Score}
	for _, u := range res.Units {
		l.Units = append(l.Units, domain.LockedUnit{ID: u.Unit.ID, Name: u.Unit.Name, Score: u.Score})
		for _, o := range u.Objectives {
			lo := domain.LockedObjective{ID: o.Objective.ID, UnitID: u.Unit.ID, Code: o.Objective.Code,
				Title: o.Objective.Title, Computed: o.Computed, Score: o.Score}
			if o.Validation != nil {
				p := o.Validation.Percent
				lo.Validated = &p
			}
			l.Objectives = append(l.Objectives, lo)
		}
	}
	return l
}

// ensureReason trims a reason as typed.
func ensureReason(s string) string { return strings.Join(strings.Fields(s), " ") }
