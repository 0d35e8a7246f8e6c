package web

import (
	"net/http"
	"strconv"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/evaluation"
	"github.com/performa-pa/performa/internal/italian"
)

// schedaPage is a person's scheda for a year: the components with their
// weights, scores and how, the behaviours, the state with its dates, and
// the actions the user may take — the evaluator's behaviours form,
// delivery and final answer, the person's presa visione and request of a
// review within the SMVP's days.
type schedaPage struct {
	W          *workspace
	Year       int
	Member     domain.StaffMember
	Scheda     *domain.Scheda
	RoleLabel  string
	Evaluator  string // who evaluates, in words
	Components []componentRow
	Objectives []objectiveRow // the person's own objectives, when listed
	Behaviours []behaviourRow
	Scale      domain.BehaviourScale
	Evaluates  bool // the user evaluates the person
	// Assignable are who the administrator may name to evaluate the
	// person (on a draft); empty for anyone else.
	Assignable []userOption
	IsPerson   bool // the user is the person
	// ReviewUntil is the last day of the review, "" before the presa visione.
	ReviewUntil string
	CanReview   bool // the person may still ask for a review
	CanFinalise bool // the evaluator may make it definitiva now
	Final       bool // the year's scores are final
	Error       string
	Form        schedaForm
}

type componentRow struct {
	Label, Weight, Score, How string
}

type objectiveRow struct {
	Title, Weight, Achieved string
}

type behaviourRow struct {
	Code, Name string
	Value      int // 0: not rated
	Levels     []levelRow
}

type levelRow struct {
	Level   int
	Text    string
	Checked bool
}

// schedaForm is what the user typed, back on a refused form.
type schedaForm struct {
	Individual, Objectives, Comment, Review, Answer string
}

func (s *Server) schedaPage(r *http.Request, year string) (*schedaPage, *evaluation.Desk, error) {
	d, ws, err := s.desk(r, year)
	if err != nil {
		return nil, nil, err
	}
	u := principalUser(r)
	m, sc, err := d.Open(r.Context(), u, r.PathValue("matricola"))
	if err != nil {
		return nil, nil, err
	}
	draft := sc
	if draft == nil {
		draft = evaluation.Draft(m, d.Year)
	}
	pg := &schedaPage{W: ws, Year: d.Year, Member: m, Scheda: sc, RoleLabel: evaluation.RoleLabel(draft.Role),
		Evaluator: evaluation.EvaluatorLabel(evaluation.EvaluatorRole(d.Rule, draft.Role)), Scale: d.Rule.Scale,
		Evaluates: evaluation.MayEvaluate(d.Rule, u, draft), IsPerson: evaluation.IsPerson(u, m), Final: ws.SignOff(d.Year) != nil}
	if sc == nil {
		return pg, d, nil
	}
	for _, c := range sc.Body.Components {
		pg.Components = append(pg.Components, componentRow{evaluation.ComponentLabel(c.Component), italian.Percent(c.Weight, 2),
			pct(c.Score), c.How})
	}
	for _, b := range d.Rule.Behaviours {
		row := behaviourRow{Code: b.Code, Name: b.Name, Value: sc.Body.Behaviours[b.Code]}
		for l := d.Rule.Scale.Min; l <= d.Rule.Scale.Max; l++ {
			row.Levels = append(row.Levels, levelRow{l, b.Descriptors[strconv.Itoa(l)], row.Value == l})
		}
		pg.Behaviours = append(pg.Behaviours, row)
	}
	// With a list, the score is its mean: the form shows the list only.
	if sc.Body.Individual != nil && len(sc.Body.Objectives) == 0 {
		pg.Form.Individual = italian.Number(*sc.Body.Individual, 2)
	}
	pg.Form.Objectives = evaluation.FormatObjectives(sc.Body.Objectives)
	for _, o := range sc.Body.Objectives {
		pg.Objectives = append(pg.Objectives, objectiveRow{o.Title, italian.Percent(o.Weight, 2), italian.Percent(o.Achieved, 2)})
	}
	pg.Form.Comment = sc.Body.Comment
	pg.Evaluator = evaluation.EvaluatorOf(d.Rule, sc)
	if u.Role == domain.RoleAdmin && sc.Status == domain.SchedaDraft {
		if pg.Assignable, err = s.assignable(r, m, sc); err != nil {
			return nil, nil, err
		}
	}
	if sc.AcknowledgedAt != nil {
		until := d.ReviewUntil(sc)
		pg.ReviewUntil = until.In(italian.Rome).Format("02/01/2006")
		late := d.Now.After(until)
		pg.CanReview = sc.Status == domain.SchedaAcknowledged && !late
		pg.CanFinalise = pg.Final && (sc.Status == domain.SchedaReview || sc.Status == domain.SchedaAcknowledged && late)
	}
	return pg, d, nil
}

// userOption is a user in a list to choose from.
type userOption struct {
	Name, Label string
	Selected    bool
}

// assignable lists who may evaluate m (evaluation.Desk.Assign's rule):
// active Responsabili, Nucleo and administrators, never the person.
func (s *Server) assignable(r *http.Request, m domain.StaffMember, sc *domain.Scheda) ([]userOption, error) {
	users, err := s.Store.Users(r.Context(), principalUser(r).OrganizationID)
	if err != nil {
		return nil, err
	}
	var out []userOption
	for _, u := range users {
		if u.Disabled || evaluation.IsPerson(&u, m) ||
			u.Role != domain.RoleManager && u.Role != domain.RoleEvaluator && u.Role != domain.RoleAdmin {
			continue
		}
		out = append(out, userOption{u.Name, u.DisplayName() + " (" + u.Role.Label() + ")", u.Name == sc.Evaluator})
	}
	return out, nil
}

// handleScheda shows a person's scheda for the year (?anno=): 404 for a
// person the user may not see, as for one who is not there.
func (s *Server) handleScheda(w http.ResponseWriter, r *http.Request) {
	pg, _, err := s.schedaPage(r, r.URL.Query().Get("anno"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	page := s.newPage(r, "Scheda di "+pg.Member.FullName(), "/personale", pg)
	page.Notice = schedaNotice[r.URL.Query().Get("esito")]
	s.render(w, r, "scheda.html", page)
}

// schedaNotice says what the last action did.
var schedaNotice = map[string]string{
	"crea":          "Scheda creata in bozza.",
	"valuta":        "Valutazione salvata: la scheda è ricalcolata.",
	"consegna":      "Scheda consegnata alla persona.",
	"presa-visione": "Presa visione registrata.",
	"riesame":       "Richiesta di riesame registrata.",
	"definitiva":    "La scheda è definitiva.",
	"assegna":       "Chi valuta è cambiato.",
}
