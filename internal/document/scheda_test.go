package document

import (
	"bytes"
	"testing"

	"github.com/performa-pa/performa/internal/document/pdftest"
	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/evaluation"
	"github.com/performa-pa/performa/internal/score"
)

// TestScheda: the scheda's PDF prints the person, who evaluates, the
// components with weights, scores and how, the person's own objectives,
// every behaviour with its descriptor, the review and the answer, the
// signatures, and says it holds personal data on every page.
func TestScheda(t *testing.T) {
	d := &evaluation.Desk{Year: 2022, Rule: domain.DefaultEvaluation()}
	m := domain.StaffMember{Matricola: "1002", Surname: "Bianchi", Name: "Anna", Area: domain.AreaIstruttori,
		Unit: domain.UnitRef{ID: 7, Name: "Area Finanziaria"}}
	delivered, seen := created.AddDate(0, 0, 1), created.AddDate(0, 0, 2)
	sc := &domain.Scheda{Year: 2022, Matricola: "1002", Role: domain.RoleStaff, UnitIdentity: 7, Status: domain.SchedaAcknowledged,
		Evaluator: "gambini", DeliveredAt: &delivered, AcknowledgedAt: &seen,
		Body: domain.SchedaBody{Behaviours: map[string]int{"collaborazione": 5, "qualita": 4},
			Objectives: []domain.IndividualObjective{{Title: "Riduzione dei tempi di pagamento", Weight: 60, Achieved: 50},
				{Title: "Sportello telematico", Weight: 40, Achieved: 75}},
			Comment: "Ottima collaborazione con l'utenza.", Review: "Lo sportello non è considerato."}}
	evaluation.Fill(d.Rule, sc, score.Result{Status: score.Final, Units: []score.UnitScore{
		{Unit: &domain.Unit{Identity: 7, Name: "Area Finanziaria"}, Figure: score.Figure{Score: ptr(81)}}}})
	var b bytes.Buffer
	if err := WriteScheda(&b, SchedaOf(d, "Comune di Montepulciano", m, sc, created)); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, b.Bytes())
	contains(t, "scheda", text, "Scheda di valutazione 2022", "Comune di Montepulciano", "Bianchi Anna (matricola 1002)",
		"Istruttori · Area Finanziaria", "l'utente «gambini»", "presa visione", "Consegnata il 16/02/2023", "Presa visione il 17/02/2023",
		"Riesame entro il", "obiettivi dell'unità", "81%", "media pesata di 2 obiettivi individuali", "Riduzione dei tempi di pagamento",
		"Sportello telematico", "75%", "Comportamenti (scala 1–5)", "da valutare", "Ottima collaborazione con l'utenza.",
		"Lo sportello non è considerato.", "manca il punteggio di «comportamenti»", "La persona valutata, per presa visione",
		"Dati personali: per la persona valutata, chi la valuta e l'amministrazione.")
	pdftest.NotBlank(t, b.Bytes())
}

// ptr is a score.
func ptr(f float64) *float64 { return &f }
