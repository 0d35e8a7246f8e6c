package web

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/score"
)

// Reading a measurement as typed, in the monitoring form or the API,
// checked against what the indicator's target needs, with a message in
// Italian for each field that is wrong.

// measureInput is what was typed for one indicator.
type measureInput struct {
	Value, Note, Evidence, Percent string
}

func (in measureInput) empty() bool {
	return strings.TrimSpace(in.Value+in.Note+in.Evidence+in.Percent) == ""
}

// Field names of the monitoring form, and of the API's errors.
const (
	fieldValue    = "valore"
	fieldNote     = "nota"
	fieldEvidence = "evidenza"
	fieldPercent  = "percentuale"
)

const maxNote = 2000 // characters of a note or an evidence

// needsManual reports whether the target of year cannot be measured: its
// achievement is a percentage given by hand with the reason.
func needsManual(in *domain.Indicator, year int) bool {
	t, ok := in.Target(year)
	if !ok || t.Text == "" {
		return false
	}
	return score.RuleOf(in, t).Kind == domain.RuleNotMeasurable
}

// valueHint says what to type for the target of year.
func valueHint(in *domain.Indicator, year int) string {
	t, ok := in.Target(year)
	if !ok || t.Text == "" {
		return "Nessun target per il " + itoa(year) + ": il valore si registra ma non si calcola il raggiungimento."
	}
	r := score.RuleOf(in, t)
	unit := ""
	if r.Unit != "" && r.Unit != "%" {
		unit = " (" + r.Unit + ")"
	}
	switch r.Kind {
	case domain.RuleAtLeast, domain.RuleAtMost, domain.RuleEqual, domain.RuleRange:
		return "Un numero" + unit + ", per esempio 12 o 1.234,5."
	case domain.RuleCompletion:
		return "L'avanzamento in percentuale, per esempio 60%."
	case domain.RuleAll:
		return "La percentuale raggiunta, per esempio 100%."
	case domain.RuleYesNo:
		return "Sì o no."
	case domain.RuleDeadline:
		return "La data di completamento (gg/mm/aaaa), oppure sì o no alla data di riferimento."
	case domain.RuleRelative:
		return "Un numero" + unit + " (o sì/no), confrontato con il " + itoa(r.Year) + "."
	case domain.RuleNotMeasurable:
		return "Target non misurabile: indica la percentuale raggiunta e la motivazione; il valore è facoltativo."
	}
	return "Il valore misurato."
}

// readMeasurement turns what was typed for an indicator into a
// measurement for year. It returns the errors per field (nil when none)
// and whether anything was typed at all.
func readMeasurement(in *domain.Indicator, year int, typed measureInput) (domain.Measurement, map[string]string, bool) {
	if typed.empty() {
		return domain.Measurement{}, nil, false
	}
	errs := map[string]string{}
	value := strings.TrimSpace(typed.Value)
	m := score.ParseValue(value)
	m.Note, m.Evidence = strings.TrimSpace(typed.Note), strings.TrimSpace(typed.Evidence)
	if utf8.RuneCountInString(m.Note) > maxNote {
		errs[fieldNote] = "La nota è troppo lunga (al massimo 2.000 caratteri)."
	}
	if utf8.RuneCountInString(m.Evidence) > maxNote {
		errs[fieldEvidence] = "L'evidenza è troppo lunga (al massimo 2.000 caratteri)."
	}
	if needsManual(in, year) {
		p, ok := score.ParseNumber(typed.Percent)
		switch {
		case strings.TrimSpace(typed.Percent) == "":
			errs[fieldPercent] = "Il target non è misurabile: indica la percentuale raggiunta, da 0 a 100."
		case !ok || p < 0 || p > 100:
			errs[fieldPercent] = "Scrivi una percentuale da 0 a 100, per esempio 80 o 62,5."
		default:
			m.ManualAchievement = &p
		}
		if m.Note == "" {
			errs[fieldNote] = "Scrivi la motivazione della percentuale."
		}
		return m, nilIfEmpty(errs), true
	}
	if strings.TrimSpace(typed.Percent) != "" {
		errs[fieldPercent] = "La percentuale a mano si indica solo per i target non misurabili: scrivi il valore misurato."
	}
	if value == "" {
		errs[fieldValue] = "Scrivi il valore misurato: la nota o l'evidenza da sole non bastano."
		return m, errs, true
	}
	t, _ := in.Target(year)
	if t.Text != "" {
		if msg := valueMismatch(score.RuleOf(in, t), m); msg != "" {
			errs[fieldValue] = msg
		}
	}
	return m, nilIfEmpty(errs), true
}

// valueMismatch says why a value does not suit a rule, "" when it does.
func valueMismatch(r domain.TargetRule, m domain.Measurement) string {
	switch r.Kind {
	case domain.RuleAtLeast, domain.RuleAtMost, domain.RuleEqual, domain.RuleRange, domain.RuleCompletion, domain.RuleAll:
		if m.Number == nil {
			return "Serve un numero, per esempio 12 o 1.234,5."
		}
	case domain.RuleYesNo:
		if m.Bool == nil {
			return "Scrivi sì o no."
		}
	case domain.RuleDeadline:
		if m.DateValue == nil && m.Bool == nil {
			return "Scrivi la data di completamento (gg/mm/aaaa), oppure sì o no."
		}
	case domain.RuleRelative:
		if m.Number == nil && m.Bool == nil {
			return "Serve un numero (oppure sì o no)."
		}
	}
	return ""
}

func nilIfEmpty(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	return m
}

// checkDay checks a reference date for measurements: a date of the cycle,
// not after today.
func checkDay(s string, c domain.Cycle, today time.Time) (time.Time, string) {
	d, ok := parseDay(strings.TrimSpace(s))
	switch {
	case strings.TrimSpace(s) == "":
		return d, "Indica la data a cui si riferiscono i valori (gg/mm/aaaa)."
	case !ok:
		return d, "La data «" + s + "» non è valida: scrivila come 30/06/2022."
	case !c.Contains(d.Year()):
		return d, "La data deve cadere negli anni del ciclo, dal " + itoa(c.FirstYear) + " al " + itoa(c.LastYear) + "."
	case d.After(today):
		return d, "La data non può essere nel futuro."
	}
	return d, ""
}

func itoa(n int) string { return strconv.Itoa(n) }
