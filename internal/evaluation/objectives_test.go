package evaluation

import (
	"math"
	"strings"
	"testing"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/score"
)

func obj(title string, weight, achieved float64) domain.IndividualObjective {
	return domain.IndividualObjective{Title: title, Weight: weight, Achieved: achieved}
}

func TestParseObjectives(t *testing.T) {
	for _, c := range []struct {
		text string
		want []domain.IndividualObjective
		err  string
	}{
		{"", nil, ""},
		{"\n  \n", nil, ""},
		{"Riduzione dei tempi di risposta; 40; 85\nSportello   telematico ; 60% ; 72,5%\n",
			[]domain.IndividualObjective{obj("Riduzione dei tempi di risposta", 40, 85), obj("Sportello telematico", 60, 72.5)}, ""},
		{"Uno; 33,33; 90\nDue; 33,33; 80\nTre; 33,34; 70", []domain.IndividualObjective{obj("Uno", 33.33, 90), obj("Due", 33.33, 80), obj("Tre", 33.34, 70)}, ""},
		{"Uno; 50; 90\nDue; 40; 80", nil, "sommano a 90%, non a 100%"},
		{"Uno; 100; 90\n\nUno; 0; 10", nil, "riga 3: il peso di «Uno» è un numero maggiore di 0"},
		{"Uno; 50; 90\nuno; 50; 80", nil, "«uno» è scritto due volte"},
		{"Uno, 100, 90", nil, "riga 1: scrivi «titolo; peso; raggiungimento»"},
		{"; 100; 90", nil, "manca il titolo"},
		{"Uno; cento; 90", nil, "non «cento»"},
		{"Uno; 100; NaN", nil, "non «NaN»"},
		{"Uno; 100; -5", nil, "da 0 a 100, non «-5»"},
		{"Uno\x01; 100; 5", nil, "caratteri di controllo"},
		{"\xff; 100; 5", nil, "non è UTF-8"},
		{strings.Repeat("Obiettivo; 1; 1\n", MaxObjectives+1), nil, "Al massimo 20 obiettivi individuali, non 21"},
	} {
		got, err := ParseObjectives(c.text)
		if c.err != "" {
			if err == nil || domain.ErrorCode(err) != domain.EINVALID || !strings.Contains(domain.ErrorMessage(err), c.err) {
				t.Errorf("%q: %v, want %q", c.text, err, c.err)
			}
			continue
		}
		if err != nil || len(got) != len(c.want) {
			t.Errorf("%q: %v %v", c.text, got, err)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%q: %+v, want %+v", c.text, got[i], c.want[i])
			}
		}
		if back, err := ParseObjectives(FormatObjectives(got)); err != nil || len(back) != len(got) {
			t.Errorf("%q: written back as %q: %v", c.text, FormatObjectives(got), err)
		}
	}
	var many []domain.IndividualObjective
	for i := range MaxObjectives + 1 {
		many = append(many, domain.IndividualObjective{Title: "Obiettivo " + string(rune('A'+i)), Weight: 100.0 / float64(MaxObjectives+1), Achieved: 50})
	}
	if err := CheckObjectives(many); err == nil || !strings.Contains(err.Error(), "Al massimo 20") {
		t.Errorf("%d objectives: %v", len(many), err)
	}
}

// TestFillObjectives: with a list, the individual component is the
// weighted mean of the achievements, said in its how, and the body's
// score is that mean.
func TestFillObjectives(t *testing.T) {
	s, rule := filled(t)
	s.Body.Objectives = []domain.IndividualObjective{obj("Tempi di pagamento", 60, 50), obj("Sportello telematico", 40, 75)}
	Fill(rule, s, score.Result{Status: score.Final, Organization: score.Figure{Score: ptr(90)},
		Units: []score.UnitScore{{Unit: &domain.Unit{Identity: 7, Name: "Area Tecnica"}, Figure: score.Figure{Score: ptr(70)}}}})
	var ind domain.SchedaComponent
	for _, c := range s.Body.Components {
		if c.Component == domain.ComponentIndividual {
			ind = c
		}
	}
	if ind.Score == nil || *ind.Score != 60 || ind.How != "media pesata di 2 obiettivi individuali, dal valutatore" {
		t.Fatalf("individual component: %+v", ind)
	}
	if s.Body.Individual == nil || *s.Body.Individual != 60 {
		t.Errorf("body's score: %v", s.Body.Individual)
	}
	// 40% × 70 + 30% × 60 + 30% × 81,25 = 28 + 18 + 24,375
	if s.Total == nil || math.Abs(*s.Total-70.38) > 1e-9 {
		t.Errorf("total %v (%s)", s.Total, s.How)
	}
}

// FuzzParseObjectives: any text is a list whose weights add up to 100
// with titles that print, or an Italian refusal; never a panic.
func FuzzParseObjectives(f *testing.F) {
	f.Add("Riduzione dei tempi di risposta; 40; 85\nSportello telematico; 60%; 72,5%")
	f.Add("Uno; 100; 1.234,5")
	f.Add("; ; ;\n\n")
	f.Fuzz(func(t *testing.T, text string) {
		got, err := ParseObjectives(text)
		if err != nil {
			if domain.ErrorCode(err) != domain.EINVALID {
				t.Fatalf("%q: %v", text, err)
			}
			return
		}
		if len(got) == 0 {
			return
		}
		sum := 0.0
		for _, o := range got {
			if readableTitle(o.Title) != nil || !(o.Achieved >= 0 && o.Achieved <= 100) {
				t.Fatalf("%q: accepted %+v", text, o)
			}
			sum += o.Weight
		}
		if math.Abs(sum-100) > 0.005 {
			t.Fatalf("%q: weights add up to %v", text, sum)
		}
	})
}
