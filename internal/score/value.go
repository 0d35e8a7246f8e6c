package score

import (
	"strconv"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
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

// FormatNumber writes 1234.5 as "1.234,5".
func FormatNumber(v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if i := strings.Index(s, "."); i >= 0 && len(s)-i > 3 {
		s = strconv.FormatFloat(v, 'f', 2, 64)
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	out := b.String()
	if frac != "" {
		out += "," + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

// FormatPercent writes 12.5 as "12,5%".
func FormatPercent(v float64) string { return FormatNumber(round1(v)) + "%" }
