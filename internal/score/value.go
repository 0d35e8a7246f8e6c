package score

import (
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
