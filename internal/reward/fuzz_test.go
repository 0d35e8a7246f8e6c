package reward

import (
	"strings"
	"testing"
)

// FuzzParseEuro: any text is an amount or an Italian refusal, never a
// panic; an amount read back from FormatEuro is the same.
func FuzzParseEuro(f *testing.F) {
	for _, s := range []string{"12.345,67", "12345.67", "€ 1.000", "0,5", "", "-5", "1,2,3", "1e400", "NaN", "99999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseEuro(s)
		if err != nil {
			if !strings.Contains(err.Error(), "«") {
				t.Errorf("%q: %v", s, err)
			}
			return
		}
		if c < 0 {
			t.Fatalf("%q: %d", s, c)
		}
		back, err := ParseEuro(FormatEuro(c))
		if err != nil || back != c {
			t.Errorf("%q → %d → %q → %d %v", s, c, FormatEuro(c), back, err)
		}
	})
}
