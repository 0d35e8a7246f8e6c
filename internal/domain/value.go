package domain

import (
	"strconv"
	"strings"
	"time"
)

// ParseValue reads a measured value as people type it: a number in Italian
// ("1.234,5", "12,5%", "7"), a date ("30/09/2022", "2022-09-30"), yes or
// no ("sì", "no", "fatto"), or else text.
func ParseValue(s string) (m Measurement) {
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
