package reward

import (
	"math"
	"strconv"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
)

func formatFloat(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

// ParseEuro reads an amount in euros as an Italian or a programmer writes
// it («12.345,67», «12345,67», «12345.67», «€ 1.000»), to cents.
func ParseEuro(s string) (int64, error) {
	t := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "€"))
	t = strings.ReplaceAll(strings.TrimSpace(strings.TrimSuffix(t, "€")), " ", "")
	bad := domain.Errorf(domain.EINVALID, "«%s» non è un importo in euro (per esempio 12.345,67).", s)
	if t == "" {
		return 0, bad
	}
	switch c, d := strings.Count(t, ","), strings.Count(t, "."); {
	case c == 1:
		t = strings.ReplaceAll(t, ".", "")
		t = strings.Replace(t, ",", ".", 1)
	case c > 1:
		return 0, bad
	case d > 1 || (d == 1 && len(t)-strings.Index(t, ".") == 4): // 12.345 or 1.234.567: thousands
		t = strings.ReplaceAll(t, ".", "")
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) || v > 1e12 {
		return 0, bad
	}
	if i := strings.Index(t, "."); i >= 0 && len(t)-i-1 > 2 {
		return 0, domain.Errorf(domain.EINVALID, "«%s»: un importo in euro ha al più due decimali.", s)
	}
	return int64(math.Round(v * 100)), nil
}

// Euro writes cents as euros for JSON and spreadsheets: 1234.5 (a number).
func Euro(cents int64) float64 { return float64(cents) / 100 }

// FormatEuro writes cents the Italian way: «1.234,50 €».
func FormatEuro(cents int64) string {
	neg := cents < 0
	if neg {
		cents = -cents
	}
	whole := strconv.FormatInt(cents/100, 10)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	b.WriteString("," + strconv.FormatInt(100+cents%100, 10)[1:] + " €")
	return b.String()
}
