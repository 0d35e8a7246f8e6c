package target

import (
	"math"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/domain"
)

var kinds = map[domain.RuleKind]bool{
	domain.RuleAtLeast: true, domain.RuleAtMost: true, domain.RuleEqual: true,
	domain.RuleRange: true, domain.RuleDeadline: true, domain.RuleYesNo: true,
	domain.RuleCompletion: true, domain.RuleRelative: true, domain.RuleAll: true,
	domain.RuleNotMeasurable: true,
}

var needsValue = map[domain.RuleKind]bool{
	domain.RuleAtLeast: true, domain.RuleAtMost: true, domain.RuleEqual: true,
	domain.RuleRange: true, domain.RuleCompletion: true, domain.RuleAll: true,
}

// FuzzParse checks that any text, year and context give a well-formed rule.
// It calls parse, not Parse, so that a panic is reported instead of being
// recovered.
func FuzzParse(f *testing.F) {
	for _, e := range readGolden(f) {
		// Short indicators keep the minimisation of new inputs quick; the
		// context only needs its first words.
		f.Add(e.Text, e.Year, e.Baseline, truncate(e.Indicator, 120))
	}
	f.Add("entro il 29/02", 2023, "", "")
	f.Add("> = / = <= >", -1, "n.", "tempi")
	f.Add("n.n.n. 99999999999999999999999999999 %", 1<<40, "1.000.000,5 h", "")
	f.Fuzz(func(t *testing.T, text string, year int, baseline, indicator string) {
		r := parse(text, Context{Year: year, Baseline: baseline, Indicator: indicator})
		if !kinds[r.Kind] {
			t.Fatalf("invalid kind %q", r.Kind)
		}
		if r.Date != "" {
			if _, err := time.Parse(time.DateOnly, r.Date); err != nil {
				t.Fatalf("date %q: %v", r.Date, err)
			}
		}
		for _, v := range []*float64{r.Value, r.Max} {
			if v != nil && (math.IsNaN(*v) || math.IsInf(*v, 0)) {
				t.Fatalf("value %v", *v)
			}
		}
		if r.Kind == domain.RuleNotMeasurable && r.Reason == "" {
			t.Fatal("not_measurable without a reason")
		}
		if needsValue[r.Kind] && r.Value == nil {
			t.Fatalf("%s without a value", r.Kind)
		}
		if r.Kind == domain.RuleRange && (r.Max == nil || *r.Max < *r.Value) {
			t.Fatalf("range %v..%v", r.Value, r.Max)
		}
		if r.Kind == domain.RuleDeadline && r.Date == "" && namedDeadlines[r.Relation] == "" {
			t.Fatalf("deadline with neither date nor named term: %+v", r)
		}
		if r.Kind == domain.RuleRelative && relations[r.Relation] == "" {
			t.Fatalf("unknown relation %q", r.Relation)
		}
		if Describe(r) == "" {
			t.Fatal("empty description")
		}
	})
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}
