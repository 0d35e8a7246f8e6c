// Package evaluation holds the schede di valutazione: the evaluation of a
// person for a year by the SMVP's components and weights for their role,
// the results part filled from the validated scores, the behaviours from
// the catalogue, the total with how it was computed, and the workflow
// bozza → consegnata → presa visione → richiesta di riesame → definitiva.
package evaluation

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
	"github.com/performa-pa/performa/internal/score"
)

// RoleOf says which scheda a person has: the Segretario by profile, an EQ
// when a Funzionario's profile says Elevata Qualificazione (or EQ, PO,
// Responsabile), everyone else staff.
func RoleOf(m domain.StaffMember) string {
	p := " " + strings.ToLower(m.Profile) + " "
	switch {
	case strings.Contains(p, "segretari"):
		return domain.RoleSegretario
	case m.Area == domain.AreaFunzionari && (strings.Contains(p, "elevata qualificazione") || strings.Contains(p, " eq ") ||
		strings.Contains(p, " e.q.") || strings.Contains(p, " po ") || strings.Contains(p, "responsabile") || strings.Contains(p, "posizione organizzativa")):
		return domain.RoleEQ
	}
	return domain.RoleStaff
}

// Fill computes the components, total and how of a scheda from the year's
// scores res (the ente's and the unit's, by identity), the behaviour
// ratings and the individual score in its body.
func Fill(rule domain.EvaluationRule, s *domain.Scheda, res score.Result) {
	var comps []domain.SchedaComponent
	for _, cw := range rule.Components[s.Role] {
		c := domain.SchedaComponent{Component: cw.Component, Weight: cw.Weight}
		switch cw.Component {
		case domain.ComponentOrganization:
			c.Score, c.How = res.Organization.Score, "performance organizzativa dell'ente ("+res.Status.Label()+")"
		case domain.ComponentUnit:
			c.How = "nessuna unità del piano"
			for _, u := range res.Units {
				if s.UnitIdentity != 0 && u.Unit.Identity == s.UnitIdentity {
					c.Score, c.How = u.Score, "obiettivi dell'unità «"+u.Unit.Name+"» ("+res.Status.Label()+")"
				}
			}
		case domain.ComponentIndividual:
			c.Score, c.How = s.Body.Individual, "obiettivi individuali, dal valutatore"
			if len(s.Body.Objectives) > 0 {
				c.Score, c.How = objectivesScore(s.Body.Objectives)
				s.Body.Individual = c.Score
			}
		case domain.ComponentBehaviour:
			c.Score, c.How = behaviourScore(rule, s.Body.Behaviours)
		}
		comps = append(comps, c)
	}
	s.Body.Components = comps
	s.Total, s.How = total(comps)
}

// behaviourScore is the mean of the ratings on the scale, as a percentage
// from Min (0%) to Max (100%).
func behaviourScore(rule domain.EvaluationRule, ratings map[string]int) (*float64, string) {
	if len(rule.Behaviours) == 0 {
		return nil, "nessun comportamento nel catalogo"
	}
	sum, n := 0.0, 0
	for _, b := range rule.Behaviours {
		if v, ok := ratings[b.Code]; ok {
			sum += float64(v-rule.Scale.Min) / float64(rule.Scale.Max-rule.Scale.Min) * 100
			n++
		}
	}
	if n < len(rule.Behaviours) {
		return nil, fmt.Sprintf("comportamenti valutati: %d su %d", n, len(rule.Behaviours))
	}
	v := sum / float64(n)
	return &v, fmt.Sprintf("media di %s sulla scala %d–%d", italian.Count(n, "comportamento", "comportamenti"), rule.Scale.Min, rule.Scale.Max)
}

// total is Σ weight × score / 100 when every component has a score.
func total(cs []domain.SchedaComponent) (*float64, string) {
	var parts []string
	t := 0.0
	for _, c := range cs {
		if c.Score == nil {
			return nil, "manca il punteggio di «" + ComponentLabel(c.Component) + "»"
		}
		t += c.Weight * *c.Score / 100
		parts = append(parts, italian.Percent(c.Weight, 2)+" × "+italian.Percent(*c.Score, 2)+" ("+ComponentLabel(c.Component)+")")
	}
	if len(cs) == 0 {
		return nil, "nessuna componente per il ruolo"
	}
	t = math.Round(t*100) / 100
	return &t, strings.Join(parts, " + ") + " = " + italian.Percent(t, 2)
}

// ComponentLabel is a component in Italian.
func ComponentLabel(c string) string {
	switch c {
	case domain.ComponentOrganization:
		return "performance dell'ente"
	case domain.ComponentUnit:
		return "obiettivi dell'unità"
	case domain.ComponentIndividual:
		return "obiettivi individuali"
	case domain.ComponentBehaviour:
		return "comportamenti"
	}
	return c
}

// Step is one action of the workflow.
type Step string

const (
	StepDeliver     Step = "deliver"
	StepAcknowledge Step = "acknowledge"
	StepReview      Step = "review"
	StepFinalize    Step = "finalize"
)

// Apply moves the scheda by step at now, or refuses (ECONFLICT, in
// Italian). text is the review request or the evaluator's answer. final
// says the year's scores are signed off (score.Final): a scheda becomes
// definitiva only on final scores.
func Apply(rule domain.EvaluationRule, s *domain.Scheda, step Step, now time.Time, text string, final bool) error {
	refuse := func(format string, args ...any) error { return domain.Errorf(domain.ECONFLICT, format, args...) }
	t := now.UTC()
	switch step {
	case StepDeliver:
		if s.Status != domain.SchedaDraft {
			return refuse("La scheda è %s: si consegna solo una bozza.", s.Status.Label())
		}
		if s.Total == nil {
			return refuse("La scheda non è completa (%s): non si consegna.", s.How)
		}
		s.Status, s.DeliveredAt = domain.SchedaDelivered, &t
	case StepAcknowledge:
		if s.Status != domain.SchedaDelivered {
			return refuse("La scheda è %s: la presa visione segue la consegna.", s.Status.Label())
		}
		s.Status, s.AcknowledgedAt = domain.SchedaAcknowledged, &t
	case StepReview:
		if s.Status != domain.SchedaAcknowledged {
			return refuse("La scheda è %s: il riesame si chiede dopo la presa visione.", s.Status.Label())
		}
		if until := reviewUntil(rule, s); t.After(until) {
			return refuse("Il riesame si poteva chiedere fino al %s (%d giorni dalla presa visione, SMVP).", until.In(italian.Rome).Format("02/01/2006"), rule.ReviewDays)
		}
		if strings.TrimSpace(text) == "" {
			return domain.Errorf(domain.EINVALID, "La richiesta di riesame ne dice i motivi: scrivili.")
		}
		s.Status, s.ReviewAt, s.Body.Review = domain.SchedaReview, &t, strings.TrimSpace(text)
	case StepFinalize:
		if !final {
			return refuse("I punteggi dell'anno %d non sono ancora definitivi: la scheda diventa definitiva dopo la chiusura dell'anno (performa cycle signoff).", s.Year)
		}
		switch s.Status {
		case domain.SchedaReview:
			if strings.TrimSpace(text) == "" {
				return domain.Errorf(domain.EINVALID, "La persona ha chiesto il riesame: la scheda definitiva porta la risposta del valutatore.")
			}
			s.Body.Answer = strings.TrimSpace(text)
		case domain.SchedaAcknowledged:
			if until := reviewUntil(rule, s); !t.After(until) {
				return refuse("La persona può chiedere il riesame fino al %s: la scheda diventa definitiva dopo.", until.In(italian.Rome).Format("02/01/2006"))
			}
			s.Body.Answer = strings.TrimSpace(text)
		case domain.SchedaDelivered:
			return refuse("Manca la presa visione della persona: la scheda diventa definitiva dopo.")
		default:
			return refuse("La scheda è %s: non può diventare definitiva.", s.Status.Label())
		}
		s.Status, s.FinalAt = domain.SchedaFinal, &t
	default:
		return domain.Errorf(domain.EINVALID, "Passo sconosciuto: %s.", step)
	}
	return nil
}

// reviewUntil is the last moment a review may be asked.
func reviewUntil(rule domain.EvaluationRule, s *domain.Scheda) time.Time {
	if s.AcknowledgedAt == nil {
		return time.Time{}
	}
	return s.AcknowledgedAt.Add(time.Duration(rule.ReviewDays) * 24 * time.Hour)
}

// EvaluatorRole is the role that evaluates a person of role (the SMVP's
// evaluators; default the Nucleo for EQs and the Segretario, the unit's
// Responsabile for staff).
func EvaluatorRole(rule domain.EvaluationRule, role string) string {
	if r, ok := rule.Evaluators[role]; ok {
		return r
	}
	return domain.DefaultEvaluation().Evaluators[role]
}

// MayEvaluate reports whether u evaluates the scheda: the named evaluator,
// else by role — the Nucleo (evaluator), the Responsabile of the person's
// unit (manager); administrators always.
func MayEvaluate(rule domain.EvaluationRule, u *domain.User, s *domain.Scheda) bool {
	if u == nil {
		return false
	}
	if u.Role == domain.RoleAdmin {
		return true
	}
	if s.Evaluator != "" {
		return u.Name == s.Evaluator
	}
	switch EvaluatorRole(rule, s.Role) {
	case "evaluator":
		return u.Role == domain.RoleEvaluator
	case "manager":
		return u.Role == domain.RoleManager && s.UnitIdentity != 0 && u.Manages(s.UnitIdentity)
	}
	return false
}

// IsPerson reports whether u is the person the scheda evaluates: the
// user linked to the register's matricola (never by name: two people may
// share one).
func IsPerson(u *domain.User, m domain.StaffMember) bool {
	return u != nil && u.Matricola != "" && u.Matricola == m.Matricola
}
