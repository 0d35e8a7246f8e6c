// Package italian writes numbers and times as Italian readers expect them:
// "1.234,5", "12,5%", "31/12/2022 15:04:05". Every page, message and
// report of performa formats through it.
package italian

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Number writes v with '.' between thousands and ',' before the decimals,
// at most decimals of them with trailing zeros dropped ("1.234,5", "0,25",
// "7"); a negative decimals keeps as many as v needs.
func Number(v float64, decimals int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "?"
	}
	s := strconv.FormatFloat(math.Abs(v), 'f', decimals, 64)
	whole, frac, _ := strings.Cut(s, ".")
	frac = strings.TrimRight(frac, "0")
	var b strings.Builder
	if v < 0 && (strings.Trim(whole, "0") != "" || frac != "") {
		b.WriteByte('-')
	}
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteByte(',')
		b.WriteString(frac)
	}
	return b.String()
}

// Percent writes v as a percentage: "12,5%".
func Percent(v float64, decimals int) string { return Number(v, decimals) + "%" }

// Rome is Italian time, in which dates and times are shown (UTC when the
// system has no time zone data).
var Rome = func() *time.Location {
	if loc, err := time.LoadLocation("Europe/Rome"); err == nil {
		return loc
	}
	return time.UTC
}()

// DateTime writes a moment in Italian time to the second: "31/12/2022
// 15:04:05".
func DateTime(t time.Time) string { return t.In(Rome).Format("02/01/2006 15:04:05") }
