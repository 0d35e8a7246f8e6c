package score

import (
	"strings"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
)

// ParseValue reads a measured value as people type it (domain.ParseValue).
func ParseValue(s string) domain.Measurement { return domain.ParseValue(s) }

// ParseNumber reads an Italian number (domain.ParseNumber).
func ParseNumber(s string) (float64, bool) { return domain.ParseNumber(s) }

// FormatValue writes a measurement's value back in Italian.
func FormatValue(m domain.Measurement) string {
	switch {
	case m.Number != nil:
		return FormatNumber(*m.Number)
	case m.Bool != nil && *m.Bool:
		return "sì"
	case m.Bool != nil:
		return "no"
	case m.DateValue != nil:
		return m.DateValue.Format("02/01/2006")
	}
	return m.Text
}

// FormatNumber writes a measured value or a target as scores show them:
// at most two decimals, "1.234,5".
func FormatNumber(v float64) string { return italian.Number(v, 2) }

// FormatPercent writes an achievement or a score: one decimal, "66,7%".
func FormatPercent(v float64) string { return italian.Percent(v, 1) }

// FormatMeasured writes a measurement of an indicator as its readers
// expect it: a number with "%" when the indicator counts in percent (its
// unit of measure, or the rule of the target of the measurement's year),
// "95%" rather than "95"; otherwise as FormatValue.
func FormatMeasured(in *domain.Indicator, m domain.Measurement) string {
	if m.Number == nil || !inPercent(in, m.Date.Year()) {
		return FormatValue(m)
	}
	return FormatPercentValue(*m.Number)
}

// FormatPercentValue writes a measured percentage: "95%", "62,5%".
func FormatPercentValue(v float64) string { return italian.Percent(v, 2) }

// inPercent reports whether an indicator's values are percentages in year.
func inPercent(in *domain.Indicator, year int) bool {
	if u := strings.TrimSpace(in.UnitOfMeasure); u == "%" || strings.HasPrefix(strings.ToLower(u), "percentual") {
		return true
	}
	t, ok := in.Target(year)
	if !ok || t.Text == "" {
		return false
	}
	r := RuleOf(in, t)
	return r.Unit == "%" || r.Kind == domain.RuleCompletion || r.Kind == domain.RuleAll
}
