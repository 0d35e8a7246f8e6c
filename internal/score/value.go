package score

import (
	"strconv"
	"strings"
	"time"

	"github.com/performa-pa/performa/internal/domain"
)

// ParseValue reads a measured value as people type it: a number in Italian
// ("1.234,5", "12,5%", "7"), a date ("30/09/2022", "2022-09-30"), yes or
// no ("sì", "no", "fatto"), or else text.
func ParseValue(s string) (m domain.Measurement) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "si", "sì", "s", "yes", "fatto", "raggiunto", "vero", "true":
		t := true
		m.Bool = &t
		return m
	case "no", "n", "non fatto", "non raggiunto", "falso", "false":
		f := false
		m.Bool = &f
		return m
	}
	if d, ok := parseDate(s); ok {
		m.DateValue = &d
		return m
	}
	if v, ok := ParseNumber(s); ok {
		m.Number = &v
		return m
	}
	m.Text = s
	return m
}

// ParseNumber reads an Italian number: "1.234,5", "12,5%", "-3", "0.5".
// A single dot followed by other than three digits is a decimal point.
func ParseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	if s == "" {
		return 0, false
	}
	if strings.Contains(s, ",") {
		s = strings.ReplaceAll(s, ".", "")
		s = strings.Replace(s, ",", ".", 1)
	} else if i := strings.LastIndex(s, "."); i >= 0 && strings.Count(s, ".") == 1 && len(s)-i-1 == 3 && i > 0 {
		s = strings.Replace(s, ".", "", 1) // "1.234": thousands
	} else if strings.Count(s, ".") > 1 {
		s = strings.ReplaceAll(s, ".", "")
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

func parseDate(s string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02", "02/01/2006", "2/1/2006", "02.01.2006", "2.1.2006", "02-01-2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

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
