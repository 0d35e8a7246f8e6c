package main

import (
	"strconv"
	"strings"
	"testing"
)

// FuzzTargetsFlag feeds --target values: the parser never panics, and a
// value it accepts is a year of the plan's range with its text trimmed and
// written back as given (planedit judges the text: TestIndicatorInput).
func FuzzTargetsFlag(f *testing.F) {
	for _, s := range []string{"2023=almeno 6 servizi", "2023=", " 2024 = entro il 30.09.2024 ", "dopo=5", "=5",
		"2023", "99999999999999999999=1", "2023=a=b", "+2023=x", "2023=\xff", "2023=≥ 2 processi"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		tf := targetsFlag{}
		if err := tf.Set(v); err != nil {
			if !strings.Contains(err.Error(), "AAAA=TESTO") {
				t.Fatalf("Set(%q): the refusal does not say the form: %v", v, err)
			}
			if len(tf) != 0 {
				t.Fatalf("Set(%q) refused but kept %v", v, tf)
			}
			return
		}
		if len(tf) != 1 {
			t.Fatalf("Set(%q) kept %d targets", v, len(tf))
		}
		y, text, _ := strings.Cut(v, "=")
		n, _ := strconv.Atoi(strings.TrimSpace(y))
		got, ok := tf[n]
		if !ok || n < 1900 || n > 3000 {
			t.Fatalf("Set(%q) = %v: year out of range", v, tf)
		}
		if got != strings.TrimSpace(text) {
			t.Fatalf("Set(%q): text %q, want %q", v, got, strings.TrimSpace(text))
		}
	})
}
