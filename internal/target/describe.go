package target

import (
	"fmt"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
)

// Describe says a rule in plain Italian, with Italian number and date
// formats: "almeno 5 processi", "al massimo 15 giorni", "entro il
// 30/09/2022", "non inferiore al valore del 2022", "non misurabile: target
// da ricalibrare: nessun valore atteso". It never returns "".
func Describe(r domain.TargetRule) string {
	if len(r.Steps) > 1 {
		var parts []string
		for _, st := range r.Steps {
			parts = append(parts, describeOne(st))
		}
		return strings.Join(parts, ", poi ")
	}
	s := describeOne(r)
	for _, c := range r.Also {
		s += " e " + describeOne(c)
	}
	return s
}

func describeOne(r domain.TargetRule) string {
	s := describeKind(r)
	if r.Date != "" && r.Kind != domain.RuleDeadline && r.Kind != domain.RuleNotMeasurable {
		s += " entro il " + italianDate(r.Date)
	}
	return s
}

func describeKind(r domain.TargetRule) string {
	switch r.Kind {
	case domain.RuleAtLeast:
		return "almeno " + amount(r.Value, r.Unit, articleIl)
	case domain.RuleAtMost:
		return "al massimo " + amount(r.Value, r.Unit, articleIl)
	case domain.RuleEqual:
		return "pari " + amountAfterA(r.Value, r.Unit)
	case domain.RuleRange:
		return "tra " + rangeStart(r) + " e " + amount(r.Max, r.Unit, articleIl)
	case domain.RuleCompletion:
		return "completamento " + amountAfterA(r.Value, "%")
	case domain.RuleAll:
		return "tutti (100%)"
	case domain.RuleYesNo:
		return "realizzazione: sì/no"
	case domain.RuleDeadline:
		return describeDeadline(r)
	case domain.RuleRelative:
		return describeRelative(r)
	case domain.RuleNotMeasurable:
		if r.Reason == "" {
			return "non misurabile"
		}
		return "non misurabile: " + r.Reason
	}
	return fmt.Sprintf("regola sconosciuta (%q)", string(r.Kind))
}

// amount writes a quantity with its unit: "5 processi", "1 giorno",
// "l'80%" (with the article a percentage takes in Italian), "1.000 €".
func amount(v *float64, unit string, article func(float64) string) string {
	if v == nil {
		return "un valore non indicato"
	}
	n := italian.Number(*v, -1)
	switch unit {
	case "%":
		return article(*v) + n + "%"
	case "", countMarker:
		return n
	case "€":
		return n + " €"
	}
	if *v == 1 {
		unit = singular(unit)
	}
	return n + " " + unit
}

// rangeStart writes the lower end, with the unit only when Italian repeats
// it: "tra lo 0% e il 25%", "tra 3 e 5 processi".
func rangeStart(r domain.TargetRule) string {
	if r.Unit == "%" || r.Value == nil {
		return amount(r.Value, r.Unit, articleIl)
	}
	return italian.Number(*r.Value, -1)
}

// amountAfterA writes "a 3", "al 30%", "all'80%", "allo 0%".
func amountAfterA(v *float64, unit string) string {
	if v != nil && unit == "%" {
		return amount(v, unit, articleAl)
	}
	return "a " + amount(v, unit, articleIl)
}

var namedDeadlines = map[string]string{
	DeadlineLegalTerms:    "entro i termini di legge",
	DeadlineDueDates:      "entro le scadenze previste",
	DeadlineAssignedTerms: "entro i termini assegnati",
}

func describeDeadline(r domain.TargetRule) string {
	if r.Date != "" {
		return "entro il " + italianDate(r.Date)
	}
	if s, ok := namedDeadlines[r.Relation]; ok {
		return s
	}
	return "entro una scadenza non indicata"
}

// italianDate turns "2022-09-30" into "30/09/2022"; other text is kept.
func italianDate(iso string) string {
	y, rest, ok1 := strings.Cut(iso, "-")
	m, d, ok2 := strings.Cut(rest, "-")
	if !ok1 || !ok2 {
		return iso
	}
	return d + "/" + m + "/" + y
}

var relations = map[string]string{
	RelGreater:         "superiore al valore",
	RelGreaterOrEqual:  "non inferiore al valore",
	RelLess:            "inferiore al valore",
	RelLessOrEqual:     "non superiore al valore",
	RelBetter:          "migliore del valore",
	RelNotWorse:        "non peggiore del valore",
	RelMaintain:        "mantenimento del target",
	RelIncreaseBy:      "in più rispetto al valore",
	RelIncreasePercent: "aumento rispetto al valore",
	RelDecreasePercent: "riduzione rispetto al valore",
}

// describeChange writes a change from a reference: "2 PMO in più rispetto
// al valore del 2020", "aumento del 20% rispetto alla baseline".
func describeChange(r domain.TargetRule) string {
	ref := "alla baseline"
	if r.Year != 0 {
		ref = fmt.Sprintf("al valore del %d", r.Year)
	}
	switch r.Relation {
	case RelIncreaseBy:
		if r.Unit == "%" && r.Value != nil {
			return fmt.Sprintf("%s punti percentuali in più rispetto %s", italian.Number(*r.Value, -1), ref)
		}
		return fmt.Sprintf("%s in più rispetto %s", amount(r.Value, r.Unit, articleIl), ref)
	case RelIncreasePercent:
		return "aumento " + amountOfDel(r.Value) + " rispetto " + ref
	case RelDecreasePercent:
		return "riduzione " + amountOfDel(r.Value) + " rispetto " + ref
	}
	return ""
}

// amountOfDel writes "del 20%", "dell'80%", "del 100%".
func amountOfDel(v *float64) string {
	if v == nil {
		return "di un valore non indicato"
	}
	a := amount(v, "%", articleAl)
	return "de" + strings.TrimPrefix(a, "a")
}

func describeRelative(r domain.TargetRule) string {
	if s := describeChange(r); s != "" {
		return s
	}
	s, ok := relations[r.Relation]
	if !ok {
		s = "confronto (" + r.Relation + ") con il valore"
	}
	if r.Year == 0 {
		return s + " dell'anno precedente"
	}
	return fmt.Sprintf("%s del %d", s, r.Year)
}
