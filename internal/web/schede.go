package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/performa-pa/performa/internal/auth"
	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/evaluation"
	"github.com/performa-pa/performa/internal/italian"
	"github.com/performa-pa/performa/internal/reward"
)

// The schede and the premiums: who sees and does what is decided by
// internal/evaluation (evaluation.Desk, MaySee, MayEvaluate, IsPerson),
// the same rules as «performa scheda» and «performa rewards».

// Rules of the schede's routes.
var (
	// staffViewers: who has a list of people to see (the person sees
	// their own scheda from «La mia scheda»).
	staffViewers = roles("admin-manager-evaluator", domain.RoleAdmin, domain.RoleManager, domain.RoleEvaluator)
	// person: a user linked to a person of the register (a matricola).
	person = rule{"person", func(_ *Server, _ *http.Request, p *auth.Principal) error {
		if p == nil {
			return errSignIn()
		}
		if p.User.Matricola == "" {
			return domain.Errorf(domain.EFORBIDDEN, "Il tuo utente non è collegato a una persona del personale: chiedi all'amministratore di indicare la tua matricola.")
		}
		return nil
	}}
	// adminOrPerson: the administrators (every premium) and the people of
	// the register (their own).
	adminOrPerson = rule{"admin-or-person", func(s *Server, r *http.Request, p *auth.Principal) error {
		if p != nil && p.User.Role == domain.RoleAdmin {
			return nil
		}
		return person.check(s, r, p)
	}}
)

// desk is the schede of the year asked for (year; "" or out of the cycle:
// the workspace's default) with the SMVP and the scores in force.
func (s *Server) desk(r *http.Request, year string) (*evaluation.Desk, *workspace, error) {
	ws, err := s.loadWorkspace(r)
	if err != nil {
		return nil, nil, err
	}
	if year != "" {
		ws.Year = ws.yearParam(year)
	}
	d := &evaluation.Desk{Store: s.Store, OrgID: principalUser(r).OrganizationID, Year: ws.Year, Rule: ws.SMVP.EvaluationRule(),
		Scores: ws.scores(ws.Year, time.Time{}), Now: s.now()}
	return d, ws, nil
}

// visible is the desk of the year and the people of it the user may see,
// with their schede.
func (s *Server) visible(r *http.Request, year string) (*evaluation.Desk, *workspace, []evaluation.Row, error) {
	d, ws, err := s.desk(r, year)
	if err != nil {
		return nil, nil, nil, err
	}
	rows, err := d.Visible(r.Context(), principalUser(r))
	return d, ws, rows, err
}

// schedaPath is the page of a person's scheda for a year.
func schedaPath(matricola string, year int) string {
	return "/personale/" + matricola + "?anno=" + strconv.Itoa(year)
}

// euro is cents in Italian: «1.234,56 €».
func euro(cents int64) string { return reward.FormatEuro(cents) }

// scoreText is a scheda's score in Italian, «—» without one.
func scoreText(p *float64) string {
	if p == nil {
		return "—"
	}
	return italian.Number(*p, 2)
}

func errNoDistribution(year int) error {
	return domain.Errorf(domain.ENOTFOUND, "Nessuna distribuzione dei premi salvata per il %d.", year)
}
