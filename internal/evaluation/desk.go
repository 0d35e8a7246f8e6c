package evaluation

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/score"
)

// Store is what the workflow reads and writes (the store's methods).
type Store interface {
	Staff(ctx context.Context, orgID int64, year int) ([]domain.StaffMember, error)
	Scheda(ctx context.Context, orgID int64, year int, matricola string) (*domain.Scheda, error)
	Schede(ctx context.Context, orgID int64, year int) ([]domain.Scheda, error)
	SaveScheda(ctx context.Context, orgID int64, sc *domain.Scheda, actor, action string) error
}

// Desk runs the schede of one organization and year with the rule and the
// scores in force: the same rules for the command line, the web pages and
// the API.
type Desk struct {
	Store  Store
	OrgID  int64
	Year   int
	Rule   domain.EvaluationRule
	Scores score.Result
	Now    time.Time
}

func forbidden(format string, args ...any) error {
	return domain.Errorf(domain.EFORBIDDEN, format, args...)
}

// MaySee reports whether u may read the scheda and premium of m: the
// administrators all; the person themselves (the user linked to the
// matricola); a Responsabile the staff of their units; the Nucleo the EQs
// and the Segretario; whoever evaluates the scheda (sc may be nil).
func MaySee(rule domain.EvaluationRule, u *domain.User, m domain.StaffMember, sc *domain.Scheda) bool {
	if u == nil {
		return false
	}
	switch {
	case u.Role == domain.RoleAdmin, IsPerson(u, m):
		return true
	case u.Role == domain.RoleManager && m.Unit.ID != 0 && u.Manages(m.Unit.ID):
		return true
	case u.Role == domain.RoleEvaluator && RoleOf(m) != domain.RoleStaff:
		return true
	}
	return sc != nil && MayEvaluate(rule, u, sc)
}

// Member finds the person of the year's register (ENOTFOUND).
func (d *Desk) Member(ctx context.Context, matricola string) (domain.StaffMember, error) {
	people, err := d.Store.Staff(ctx, d.OrgID, d.Year)
	if err != nil {
		return domain.StaffMember{}, err
	}
	for _, m := range people {
		if m.Matricola == matricola {
			return m, nil
		}
	}
	return domain.StaffMember{}, domain.Errorf(domain.ENOTFOUND, "La matricola %s non è nel personale %d (performa staff list).", matricola, d.Year)
}

// Row is one person of the register with their scheda (nil: none yet).
type Row struct {
	Member domain.StaffMember
	Scheda *domain.Scheda
}

// Visible lists the people of the year u may see, with their schede.
func (d *Desk) Visible(ctx context.Context, u *domain.User) ([]Row, error) {
	people, err := d.Store.Staff(ctx, d.OrgID, d.Year)
	if err != nil {
		return nil, err
	}
	schede, err := d.Store.Schede(ctx, d.OrgID, d.Year)
	if err != nil {
		return nil, err
	}
	byM := map[string]*domain.Scheda{}
	for i := range schede {
		byM[schede[i].Matricola] = &schede[i]
	}
	var out []Row
	for _, m := range people {
		if MaySee(d.Rule, u, m, byM[m.Matricola]) {
			out = append(out, Row{m, byM[m.Matricola]})
		}
	}
	return out, nil
}

// Open finds the person and their scheda if u may see them: ENOTFOUND for
// a person u may not see, as for one who is not there, so that nobody
// learns who is in the register; the scheda is nil when none exists yet.
func (d *Desk) Open(ctx context.Context, u *domain.User, matricola string) (domain.StaffMember, *domain.Scheda, error) {
	m, err := d.Member(ctx, matricola)
	if err != nil {
		return m, nil, err
	}
	sc, err := d.Store.Scheda(ctx, d.OrgID, d.Year, matricola)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		sc, err = nil, nil
	}
	if err != nil {
		return m, nil, err
	}
	if !MaySee(d.Rule, u, m, sc) {
		return m, nil, domain.Errorf(domain.ENOTFOUND, "La matricola %s non è nel personale %d che puoi vedere.", matricola, d.Year)
	}
	return m, sc, nil
}

// Create makes the draft scheda of m, its results part filled from the
// scores: the administrators, or whoever evaluates the person.
func (d *Desk) Create(ctx context.Context, u *domain.User, m domain.StaffMember) (*domain.Scheda, error) {
	sc := Draft(m, d.Year)
	if !MayEvaluate(d.Rule, u, sc) {
		return nil, forbidden("%s non valuta %s (%s): la scheda la crea l'amministratore o chi valuta la persona (%s).",
			userLabel(u), m.FullName(), RoleLabel(sc.Role), EvaluatorLabel(EvaluatorRole(d.Rule, sc.Role)))
	}
	Fill(d.Rule, sc, d.Scores)
	if err := d.Store.SaveScheda(ctx, d.OrgID, sc, u.Name, "create"); err != nil {
		return nil, err
	}
	return sc, nil
}

// Assign names who evaluates m, in place of the role the SMVP gives (nil:
// by role again): the administrators only, on a draft. Nobody evaluates
// themselves, and the one named must be able to act: an active user who
// is a Responsabile, of the Nucleo or an administrator.
func (d *Desk) Assign(ctx context.Context, u *domain.User, m domain.StaffMember, evaluator *domain.User) (*domain.Scheda, error) {
	if u == nil || u.Role != domain.RoleAdmin {
		return nil, forbidden("Chi valuta una persona lo assegna solo l'amministratore.")
	}
	sc, err := d.scheda(ctx, m)
	if err != nil {
		return nil, err
	}
	if sc.Status != domain.SchedaDraft {
		return nil, domain.Errorf(domain.ECONFLICT, "La scheda di %s è %s: chi valuta si assegna sulla bozza.", m.FullName(), sc.Status.Label())
	}
	name := ""
	if evaluator != nil {
		switch {
		case IsPerson(evaluator, m):
			return nil, domain.Errorf(domain.EINVALID, "%s è la persona valutata: nessuno valuta se stesso.", userLabel(evaluator))
		case evaluator.Disabled:
			return nil, domain.Errorf(domain.EINVALID, "%s è disattivato: non può valutare.", userLabel(evaluator))
		case evaluator.Role != domain.RoleManager && evaluator.Role != domain.RoleEvaluator && evaluator.Role != domain.RoleAdmin:
			return nil, domain.Errorf(domain.EINVALID, "%s ha il ruolo %s: valuta un responsabile, il Nucleo o un amministratore.",
				userLabel(evaluator), evaluator.Role.Label())
		}
		name = evaluator.Name
	}
	if sc.Evaluator == name {
		return nil, domain.Errorf(domain.ECONFLICT, "Chi valuta %s è già %s.", m.FullName(), EvaluatorOf(d.Rule, sc))
	}
	sc.Evaluator = name
	if err := d.Store.SaveScheda(ctx, d.OrgID, sc, u.Name, "assign"); err != nil {
		return nil, err
	}
	return sc, nil
}

// EvaluatorOf says who evaluates the scheda, in Italian: «l'utente
// «rossi»», «il Nucleo di Valutazione».
func EvaluatorOf(rule domain.EvaluationRule, sc *domain.Scheda) string {
	if sc.Evaluator != "" {
		return "l'utente «" + sc.Evaluator + "»"
	}
	return EvaluatorLabel(EvaluatorRole(rule, sc.Role))
}

// Rating is what the evaluator writes on a draft: behaviour ratings (by
// code, merged into those given before), the individual objectives' score
// (nil: unchanged) or their list, each weighted with its achievement
// (nil: unchanged; empty: none any more), and a comment ("" : unchanged).
// A score given replaces the list, a list the score.
type Rating struct {
	Behaviours map[string]int
	Individual *float64
	Objectives []domain.IndividualObjective
	Comment    string
}

// Rate writes the evaluator's part of a draft scheda and fills it again.
func (d *Desk) Rate(ctx context.Context, u *domain.User, m domain.StaffMember, r Rating) (*domain.Scheda, error) {
	sc, err := d.scheda(ctx, m)
	if err != nil {
		return nil, err
	}
	if !MayEvaluate(d.Rule, u, sc) {
		return nil, d.notEvaluator(u, m, sc)
	}
	if sc.Status != domain.SchedaDraft {
		return nil, domain.Errorf(domain.ECONFLICT, "La scheda di %s è %s: si modifica solo la bozza.", m.FullName(), sc.Status.Label())
	}
	for code, v := range r.Behaviours {
		if !d.knownBehaviour(code) {
			return nil, domain.Errorf(domain.EINVALID, "«%s» non è un comportamento del catalogo dello SMVP (%s).", code, d.behaviourCodes())
		}
		if v < d.Rule.Scale.Min || v > d.Rule.Scale.Max {
			return nil, domain.Errorf(domain.EINVALID, "Il comportamento «%s» si valuta da %d a %d, non %d.", code, d.Rule.Scale.Min, d.Rule.Scale.Max, v)
		}
		if sc.Body.Behaviours == nil {
			sc.Body.Behaviours = map[string]int{}
		}
		sc.Body.Behaviours[code] = v
	}
	if r.Individual != nil && len(r.Objectives) > 0 {
		return nil, domain.Errorf(domain.EINVALID,
			"Indica il punteggio degli obiettivi individuali oppure il loro elenco con pesi e raggiungimenti, non entrambi.")
	}
	if r.Individual != nil {
		if !(*r.Individual >= 0 && *r.Individual <= 100) {
			return nil, domain.Errorf(domain.EINVALID, "Il punteggio degli obiettivi individuali è tra 0 e 100.")
		}
		v := *r.Individual
		sc.Body.Individual, sc.Body.Objectives = &v, nil
	}
	if r.Objectives != nil {
		r.Objectives = slices.Clone(r.Objectives)
		for i := range r.Objectives {
			r.Objectives[i].Title = strings.Join(strings.Fields(r.Objectives[i].Title), " ")
		}
		if err := CheckObjectives(r.Objectives); err != nil {
			return nil, err
		}
		if len(r.Objectives) > 0 || sc.Body.Objectives != nil {
			sc.Body.Individual = nil // the list's mean, or none with the list emptied
		}
		sc.Body.Objectives = r.Objectives
		if len(sc.Body.Objectives) == 0 {
			sc.Body.Objectives = nil
		}
	}
	if c := strings.TrimSpace(r.Comment); c != "" {
		sc.Body.Comment = c
	}
	Fill(d.Rule, sc, d.Scores)
	if err := d.Store.SaveScheda(ctx, d.OrgID, sc, u.Name, "rate"); err != nil {
		return nil, err
	}
	return sc, nil
}

// Step moves m's scheda by step: delivery and the final answer by whoever
// evaluates the person, presa visione and the request of a review by the
// person themselves only (the user linked to the matricola).
func (d *Desk) Step(ctx context.Context, u *domain.User, m domain.StaffMember, step Step, text string) (*domain.Scheda, error) {
	sc, err := d.scheda(ctx, m)
	if err != nil {
		return nil, err
	}
	switch step {
	case StepDeliver, StepFinalize:
		if !MayEvaluate(d.Rule, u, sc) {
			return nil, d.notEvaluator(u, m, sc)
		}
	case StepAcknowledge, StepReview:
		if !IsPerson(u, m) {
			what := "la presa visione"
			if step == StepReview {
				what = "la richiesta di riesame"
			}
			return nil, forbidden("%s non è %s (matricola %s): %s spetta solo alla persona valutata, con il proprio utente.",
				userLabel(u), m.FullName(), m.Matricola, what)
		}
	}
	if step == StepDeliver && sc.Status == domain.SchedaDraft {
		Fill(d.Rule, sc, d.Scores)
	}
	if err := Apply(d.Rule, sc, step, d.Now, text, d.Scores.Status == score.Final); err != nil {
		return nil, err
	}
	if err := d.Store.SaveScheda(ctx, d.OrgID, sc, u.Name, string(step)); err != nil {
		return nil, err
	}
	return sc, nil
}

// ReviewUntil is the last day the person may ask for a review (zero before
// the presa visione).
func (d *Desk) ReviewUntil(sc *domain.Scheda) time.Time { return reviewUntil(d.Rule, sc) }

func (d *Desk) scheda(ctx context.Context, m domain.StaffMember) (*domain.Scheda, error) {
	sc, err := d.Store.Scheda(ctx, d.OrgID, d.Year, m.Matricola)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return nil, domain.Errorf(domain.ENOTFOUND, "%s (matricola %s) non ha ancora la scheda %d: va creata prima.", m.FullName(), m.Matricola, d.Year)
	}
	return sc, err
}

func (d *Desk) notEvaluator(u *domain.User, m domain.StaffMember, sc *domain.Scheda) error {
	return forbidden("%s non valuta %s (%s): la valuta %s.", userLabel(u), m.FullName(), RoleLabel(sc.Role), EvaluatorOf(d.Rule, sc))
}

func (d *Desk) knownBehaviour(code string) bool {
	for _, b := range d.Rule.Behaviours {
		if b.Code == code {
			return true
		}
	}
	return false
}

func (d *Desk) behaviourCodes() string {
	var cs []string
	for _, b := range d.Rule.Behaviours {
		cs = append(cs, b.Code)
	}
	return strings.Join(cs, ", ")
}

func userLabel(u *domain.User) string {
	if u == nil {
		return "Chi non ha un utente"
	}
	return u.DisplayName()
}

// RoleLabel is the role of an evaluated person in Italian.
func RoleLabel(role string) string {
	switch role {
	case domain.RoleEQ:
		return "Elevata Qualificazione"
	case domain.RoleSegretario:
		return "Segretario"
	}
	return "personale"
}

// EvaluatorLabel is an evaluator role of the SMVP in Italian.
func EvaluatorLabel(r string) string {
	switch r {
	case "evaluator":
		return "il Nucleo di Valutazione"
	case "manager":
		return "il Responsabile dell'unità"
	case "admin":
		return "l'amministratore"
	}
	return r
}

// UnitScore finds the score of a unit, by identity, in res (nil: none).
func UnitScore(res score.Result) func(identity int64) *float64 {
	return func(identity int64) *float64 {
		for _, u := range res.Units {
			if u.Unit.Identity == identity {
				return u.Score
			}
		}
		return nil
	}
}

// Draft is the scheda m would have, before it is created: for asking who
// evaluates them.
func Draft(m domain.StaffMember, year int) *domain.Scheda {
	return &domain.Scheda{Year: year, Matricola: m.Matricola, Person: m.FullName(), Role: RoleOf(m), UnitIdentity: m.Unit.ID,
		Status: domain.SchedaDraft}
}

// CreateAll creates the drafts of everyone of the year u evaluates who has
// none yet, and says how many.
func (d *Desk) CreateAll(ctx context.Context, u *domain.User) (int, error) {
	rows, err := d.Visible(ctx, u)
	if err != nil {
		return 0, err
	}
	made := 0
	for _, r := range rows {
		if r.Scheda != nil || !MayEvaluate(d.Rule, u, Draft(r.Member, d.Year)) {
			continue
		}
		if _, err := d.Create(ctx, u, r.Member); err != nil {
			return made, err
		}
		made++
	}
	return made, nil
}

// ParseScore reads a score of the individual objectives as typed («85»,
// «85,5», «85%»): nil for nothing typed, EINVALID for what is no number
// (the range is Rate's to check).
func ParseScore(s string) (*float64, error) {
	t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	if t == "" {
		return nil, nil
	}
	v, err := strconv.ParseFloat(strings.Replace(t, ",", ".", 1), 64)
	if err != nil || strings.Count(t, ",")+strings.Count(t, ".") > 1 {
		return nil, domain.Errorf(domain.EINVALID, "«%s»: il punteggio degli obiettivi individuali è un numero da 0 a 100 (per esempio 85 o 85,5).", s)
	}
	return &v, nil
}
