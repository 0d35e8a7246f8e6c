package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/evaluation"
	"github.com/performa-pa/performa/internal/reward"
)

// The JSON API of the schede and the premiums, with the rules of the
// pages (evaluation.Desk): a person the caller may not see is not found.

// apiYear is the ?year= of an API request, "" when absent.
func apiYear(r *http.Request) string { return r.URL.Query().Get("year") }

// handleAPISchede lists the people of the year the caller may see, each
// with their scheda (status "" without one).
func (s *Server) handleAPISchede(w http.ResponseWriter, r *http.Request) {
	d, _, rows, err := s.visible(r, apiYear(r))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	out := []evaluation.Doc{}
	for _, row := range rows {
		out = append(out, evaluation.Document(d, row.Member, row.Scheda))
	}
	writeJSON(w, http.StatusOK, map[string]any{"year": d.Year, "people": out})
}

// handleAPIScheda is one person's scheda of the year.
func (s *Server) handleAPIScheda(w http.ResponseWriter, r *http.Request) {
	d, _, err := s.desk(r, apiYear(r))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	m, sc, err := d.Open(r.Context(), principalUser(r), r.PathValue("matricola"))
	if err == nil && sc == nil {
		err = domain.Errorf(domain.ENOTFOUND, "%s (matricola %s) non ha ancora la scheda %d.", m.FullName(), m.Matricola, d.Year)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, evaluation.Document(d, m, sc))
}

// apiSchedaAction is the body of the POSTs on schede: the year, and what
// each action needs.
type apiSchedaAction struct {
	Year       int            `json:"year"`
	Matricola  string         `json:"matricola"`            // POST /api/v1/schede
	Step       string         `json:"step"`                 // deliver, acknowledge, review, finalize
	Text       string         `json:"text"`                 // the review's reasons, the evaluator's answer
	Behaviours map[string]int `json:"behaviours,omitempty"` // ratings by code
	Individual *float64       `json:"individual,omitempty"`
	// Objectives: absent, unchanged; [], none any more.
	Objectives []domain.IndividualObjective `json:"objectives"`
	Comment    string                       `json:"comment,omitempty"`
	Evaluator  *string                      `json:"evaluator"` // …/evaluator: a user\'s sign-in name, "" by role
}

// handleAPISchedaAction creates a scheda (POST /api/v1/schede), rates it
// (…/{matricola}/ratings), moves it a step (…/{matricola}/steps) or names
// who evaluates the person (…/{matricola}/evaluator).
func (s *Server) handleAPISchedaAction(w http.ResponseWriter, r *http.Request) {
	var body apiSchedaAction
	if err := decodeJSON(r, &body); err != nil {
		s.Error(w, r, err)
		return
	}
	year := ""
	if body.Year != 0 {
		year = strconv.Itoa(body.Year)
	}
	d, _, err := s.desk(r, year)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	matricola := r.PathValue("matricola")
	if matricola == "" {
		matricola = body.Matricola
	}
	u := principalUser(r)
	m, _, err := d.Open(r.Context(), u, matricola)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var sc *domain.Scheda
	status := http.StatusOK
	switch {
	case r.PathValue("matricola") == "":
		sc, err = d.Create(r.Context(), u, m)
		status = http.StatusCreated
	case strings.HasSuffix(r.URL.Path, "/ratings"):
		sc, err = d.Rate(r.Context(), u, m, evaluation.Rating{Behaviours: body.Behaviours, Individual: body.Individual,
			Objectives: body.Objectives, Comment: body.Comment})
	case strings.HasSuffix(r.URL.Path, "/evaluator"):
		sc, err = s.assignEvaluator(r, d, m, body.Evaluator)
	default:
		switch step := evaluation.Step(body.Step); step {
		case evaluation.StepDeliver, evaluation.StepAcknowledge, evaluation.StepReview, evaluation.StepFinalize:
			sc, err = d.Step(r.Context(), u, m, step, body.Text)
		default:
			err = domain.Errorf(domain.EINVALID, "«step» è uno tra deliver, acknowledge, review e finalize.")
		}
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, status, evaluation.Document(d, m, sc))
}

// handleAPIRewards is the saved distribution of the year: every premium
// for the administrators, the caller's own for a person of the register.
func (s *Server) handleAPIRewards(w http.ResponseWriter, r *http.Request) {
	pg, err := s.rewardsPage(r, apiYear(r))
	if err == nil && pg.Saved == nil {
		err = errNoDistribution(pg.W.Year)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if pg.Admin {
		doc := reward.DocumentOf(pg.Saved)
		writeJSON(w, http.StatusOK, map[string]any{"year": pg.W.Year, "people": doc.People, "totals": doc.Totals})
		return
	}
	// A person gets their own premium only: not the totals either, which
	// less their own would tell another's in a small ente (the page shows
	// them to administrators only too).
	u, own := principalUser(r), []reward.DocumentPerson{}
	for _, e := range pg.Saved.Entries {
		if e.Matricola == u.Matricola {
			own = append(own, reward.PersonOf(e))
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"year": pg.W.Year, "people": own})
}

// assignEvaluator names the user name (nil: none given, refused; "": by
// role) as who evaluates m.
func (s *Server) assignEvaluator(r *http.Request, d *evaluation.Desk, m domain.StaffMember, name *string) (*domain.Scheda, error) {
	if name == nil {
		return nil, domain.Errorf(domain.EINVALID, "Indica «evaluator»: il nome di un utente, oppure \"\" per chi valuta secondo il ruolo.")
	}
	u := principalUser(r)
	var named *domain.User
	if *name != "" {
		var err error
		if named, err = s.Store.UserByName(r.Context(), u.OrganizationID, *name); domain.ErrorCode(err) == domain.ENOTFOUND {
			return nil, domain.Errorf(domain.EINVALID, "«%s» non è un utente dell'ente.", *name)
		} else if err != nil {
			return nil, err
		}
	}
	return d.Assign(r.Context(), u, m, named)
}
