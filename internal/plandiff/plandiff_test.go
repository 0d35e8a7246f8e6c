package plandiff_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/plandiff"
)

func ptr(f float64) *float64 { return &f }

func plan(weight float64, code string, indicators ...string) *domain.Plan {
	o := &domain.Objective{ID: 10, Identity: 1, Code: code, Title: "Bilancio", Weight: ptr(weight)}
	for i, d := range indicators {
		o.Indicators = append(o.Indicators, &domain.Indicator{ID: int64(20 + i), Identity: int64(100 + i), Position: i + 1, Description: d})
	}
	other := &domain.Objective{ID: 11, Identity: 2, Code: "1", Title: "Altro"}
	return &domain.Plan{Units: []*domain.Unit{{Name: "Area", Objectives: []*domain.Objective{o, other}}}}
}

// Objectives are matched by identity: a version with itself shows no
// change; a new code is a change of the same objective, not an objective
// added and one removed.
func TestCompare(t *testing.T) {
	if d := plandiff.Compare(plan(10, "1", "a"), plan(10, "1", "a")); !d.Empty() || d.Same != 2 {
		t.Fatalf("same: %+v", d)
	}
	d := plandiff.Compare(plan(10, "1", "a", "b"), plan(12, "1.1", "a"))
	if len(d.Added)+len(d.Removed) != 0 || len(d.Changed) != 1 || d.Same != 1 {
		t.Fatalf("changed: %+v", d)
	}
	c := d.Changed[0]
	if len(c.Fields) != 2 || c.Fields[0].String() != "Codice: 1 → 1.1" || c.Fields[1].String() != "Peso: 10% → 12%" ||
		len(c.Indicators) != 1 || c.Indicators[0].What != "removed" || c.Indicators[0].Description != "b" {
		t.Errorf("changes: %+v", c)
	}
	to := plan(10, "1", "a")
	to.Units[0].Objectives[1] = &domain.Objective{ID: 12, Identity: 3, Code: "1", Title: "Altro"} // same code, another objective
	d = plandiff.Compare(plan(10, "1", "a"), to)
	if len(d.Added) != 1 || d.Added[0].Identity != 3 || len(d.Removed) != 1 || d.Removed[0].Identity != 2 {
		t.Errorf("identity over code: %+v", d)
	}
}

// A version compared with itself gives empty lists in JSON, never null.
func TestCompareSameJSONLists(t *testing.T) {
	p := &domain.Plan{}
	b, err := json.Marshal(plandiff.Compare(p, p))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"added":[]`, `"removed":[]`, `"changed":[]`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("%s: want %s", b, want)
		}
	}
}
