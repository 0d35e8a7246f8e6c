package evaluation

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
)

// A person's own objectives are written one per line, as the evaluator
// writes them on the web form and on the command line (--objective):
//
//	Riduzione dei tempi di risposta; 40; 85
//
// title, weight among them and achievement, the numbers in points of
// percentage in Italian form (12,5 or 12,5%). The weights add up to 100.

// MaxObjectives bounds a person's own objectives.
const MaxObjectives = 20

// ParseObjectives reads the lines of text (blank ones skipped); none gives
// an empty list. A refusal names the line.
func ParseObjectives(text string) ([]domain.IndividualObjective, error) {
	var out []domain.IndividualObjective
	for i, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		o, err := ParseObjective(line)
		if err != nil {
			return nil, domain.Errorf(domain.EINVALID, "Obiettivi individuali, riga %d: %s", i+1, domain.ErrorMessage(err))
		}
		out = append(out, o)
	}
	return out, CheckObjectives(out)
}

// ParseObjective reads one line: «titolo; peso; raggiungimento».
func ParseObjective(line string) (domain.IndividualObjective, error) {
	var o domain.IndividualObjective
	parts := strings.Split(line, ";")
	if len(parts) != 3 {
		return o, domain.Errorf(domain.EINVALID, "scrivi «titolo; peso; raggiungimento», per esempio «Riduzione dei tempi di risposta; 40; 85».")
	}
	o.Title = strings.Join(strings.Fields(parts[0]), " ")
	if err := readableTitle(o.Title); err != nil {
		return o, err
	}
	w, ok := percent(parts[1])
	if !ok || w <= 0 {
		return o, domain.Errorf(domain.EINVALID, "il peso di «%s» è un numero maggiore di 0 e fino a 100, non «%s».", o.Title, strings.TrimSpace(parts[1]))
	}
	a, ok := percent(parts[2])
	if !ok {
		return o, domain.Errorf(domain.EINVALID, "il raggiungimento di «%s» è un numero da 0 a 100, non «%s».", o.Title, strings.TrimSpace(parts[2]))
	}
	o.Weight, o.Achieved = w, a
	return o, nil
}

// CheckObjectives refuses a list whose weights do not add up to 100, or
// one too long, or with a title twice.
func CheckObjectives(os []domain.IndividualObjective) error {
	if len(os) == 0 {
		return nil
	}
	if len(os) > MaxObjectives {
		return domain.Errorf(domain.EINVALID, "Al massimo %d obiettivi individuali, non %d.", MaxObjectives, len(os))
	}
	sum := 0.0
	seen := map[string]bool{}
	for _, o := range os {
		if err := readableTitle(o.Title); err != nil {
			return err
		}
		if !(o.Weight > 0 && o.Weight <= 100) || !(o.Achieved >= 0 && o.Achieved <= 100) {
			return domain.Errorf(domain.EINVALID, "«%s»: peso maggiore di 0 e fino a 100, raggiungimento da 0 a 100.", o.Title)
		}
		key := strings.ToLower(o.Title)
		if seen[key] {
			return domain.Errorf(domain.EINVALID, "L'obiettivo individuale «%s» è scritto due volte.", o.Title)
		}
		seen[key] = true
		sum += o.Weight
	}
	if d := sum - 100; d > 0.005 || d < -0.005 {
		return domain.Errorf(domain.EINVALID, "I pesi degli obiettivi individuali sommano a %s, non a 100%%.", italian.Percent(sum, 2))
	}
	return nil
}

// FormatObjectives writes the list as ParseObjectives reads it.
func FormatObjectives(os []domain.IndividualObjective) string {
	var b strings.Builder
	for _, o := range os {
		fmt.Fprintf(&b, "%s; %s; %s\n", o.Title, italian.Number(o.Weight, 2), italian.Number(o.Achieved, 2))
	}
	return b.String()
}

// objectivesScore is the weighted mean of the achievements, with how.
func objectivesScore(os []domain.IndividualObjective) (*float64, string) {
	sum, weights := 0.0, 0.0
	for _, o := range os {
		sum += o.Weight * o.Achieved
		weights += o.Weight
	}
	if weights == 0 {
		return nil, "nessun obiettivo individuale"
	}
	v := sum / weights
	return &v, fmt.Sprintf("media pesata di %s, dal valutatore", italian.Count(len(os), "obiettivo individuale", "obiettivi individuali"))
}

func readableTitle(t string) error {
	switch {
	case t == "":
		return domain.Errorf(domain.EINVALID, "manca il titolo dell'obiettivo.")
	case !utf8.ValidString(t):
		return domain.Errorf(domain.EINVALID, "il titolo contiene caratteri non validi (non è UTF-8).")
	case utf8.RuneCountInString(t) > 300:
		return domain.Errorf(domain.EINVALID, "il titolo «%.40s…» supera i 300 caratteri.", t)
	}
	for _, r := range t {
		if unicode.IsControl(r) {
			return domain.Errorf(domain.EINVALID, "il titolo contiene caratteri di controllo.")
		}
	}
	return nil
}

// percent reads a number of points of percentage, 0 to 100.
func percent(s string) (float64, bool) {
	t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	v, ok := domain.ParseNumber(t)
	return v, ok && v >= 0 && v <= 100
}
