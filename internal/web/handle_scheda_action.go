package web

import (
	"net/http"
	"strconv"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/evaluation"
)

// schedaSteps are the page's actions that move the workflow.
var schedaSteps = map[string]evaluation.Step{
	"consegna": evaluation.StepDeliver, "presa-visione": evaluation.StepAcknowledge,
	"riesame": evaluation.StepReview, "definitiva": evaluation.StepFinalize,
}

// handleSchedaAction does the action (azione) of the scheda page: crea,
// valuta (the behaviours «c-CODICE», «individuale», «obiettivi», «commento»),
// assegna («valutatore»: a user's name, "" by role), consegna,
// presa-visione, riesame («testo»), definitiva («risposta»). A refusal
// comes back on the page with its reason and what was typed.
func (s *Server) handleSchedaAction(w http.ResponseWriter, r *http.Request) {
	pg, d, err := s.schedaPage(r, r.PostFormValue("anno"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	u, m, action := principalUser(r), pg.Member, r.PostFormValue("azione")
	switch step, ok := schedaSteps[action]; {
	case action == "crea":
		_, err = d.Create(r.Context(), u, m)
	case action == "valuta":
		var rating evaluation.Rating
		if rating, err = ratingForm(r, d.Rule); err == nil {
			_, err = d.Rate(r.Context(), u, m, rating)
		}
	case action == "assegna":
		name := r.PostFormValue("valutatore")
		_, err = s.assignEvaluator(r, d, m, &name)
	case ok:
		text := r.PostFormValue("testo")
		if step == evaluation.StepFinalize {
			text = r.PostFormValue("risposta")
		}
		_, err = d.Step(r.Context(), u, m, step, text)
	default:
		err = domain.Errorf(domain.EINVALID, "Azione sconosciuta.")
	}
	if err == nil {
		http.Redirect(w, r, schedaPath(m.Matricola, d.Year)+"&esito="+action, http.StatusSeeOther)
		return
	}
	status := Status(err)
	if status == http.StatusInternalServerError || pg.Scheda == nil && action != "crea" {
		s.Error(w, r, err)
		return
	}
	pg.Error = domain.ErrorMessage(err)
	pg.Form = schedaForm{Individual: r.PostFormValue("individuale"), Objectives: r.PostFormValue("obiettivi"), Comment: r.PostFormValue("commento"),
		Review: r.PostFormValue("testo"), Answer: r.PostFormValue("risposta")}
	s.write(w, r, status, "scheda.html", s.newPage(r, "Scheda di "+m.FullName(), "/personale", pg))
}

// ratingForm reads the behaviours form.
func ratingForm(r *http.Request, rule domain.EvaluationRule) (evaluation.Rating, error) {
	out := evaluation.Rating{Behaviours: map[string]int{}, Comment: r.PostFormValue("commento")}
	for _, b := range rule.Behaviours {
		v := r.PostFormValue("c-" + b.Code)
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return out, domain.Errorf(domain.EINVALID, "Il comportamento «%s» ha un valore non valido.", b.Name)
		}
		out.Behaviours[b.Code] = n
	}
	var err error
	if out.Individual, err = evaluation.ParseScore(r.PostFormValue("individuale")); err != nil {
		return out, err
	}
	// The form shows the whole list: what comes back is the list (empty:
	// none any more), unless a score was typed with the list left empty.
	if out.Objectives, err = evaluation.ParseObjectives(r.PostFormValue("obiettivi")); err != nil {
		return out, err
	}
	if out.Objectives == nil {
		out.Objectives = []domain.IndividualObjective{}
	}
	return out, nil
}
