package planedit_test

import (
	"testing"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/planedit"
)

func TestObjectiveInput(t *testing.T) {
	for _, tt := range []struct {
		in     planedit.ObjectiveInput
		fields []string // refused
		check  func(o *domain.Objective) bool
	}{
		{planedit.ObjectiveInput{Title: "T", Weight: "12,5", ProgramCode: "03.01"}, nil, func(o *domain.Objective) bool {
			return *o.Weight == 12.5 && o.Mission.Code == "03" && o.Program.Code == "01" && o.Kind == domain.ObjectiveUnit
		}},
		{planedit.ObjectiveInput{Title: "T", Weight: "5%", MissionCode: "3", ProgramCode: "2"}, nil, func(o *domain.Objective) bool {
			return *o.Weight == 5 && o.Mission.Code == "03" && o.Program.Code == "02"
		}},
		{planedit.ObjectiveInput{Title: "T", Weight: ""}, nil, func(o *domain.Objective) bool { return o.Weight == nil }},
		{planedit.ObjectiveInput{Title: " ", Weight: "120", ProgramCode: "03.07", Kind: "boh"}, []string{"title", "weight", "program_code", "kind"}, nil},
		{planedit.ObjectiveInput{Title: "T", MissionCode: "25"}, []string{"mission_code"}, nil},
		// Bytes of another encoding or control characters: refused, not stored.
		{planedit.ObjectiveInput{Title: "Citt\xe0", Notes: "a\x00b", Staff: "Rossi\x1b[2J"}, []string{"title", "notes", "staff"}, nil},
		{planedit.ObjectiveInput{Title: "Città", Notes: "riga uno\r\nriga due\tfine"}, nil, func(o *domain.Objective) bool {
			return o.Notes == "riga uno\r\nriga due\tfine"
		}},
	} {
		o := &domain.Objective{}
		errs := tt.in.Apply(o)
		for _, f := range tt.fields {
			if errs[f] == "" {
				t.Errorf("%+v: %s not refused (%v)", tt.in, f, errs)
			}
		}
		if len(errs) != len(tt.fields) {
			t.Errorf("%+v: refused %v, want %v", tt.in, errs, tt.fields)
		}
		if tt.check != nil && !tt.check(o) {
			t.Errorf("%+v: %+v", tt.in, o)
		}
	}
}

func TestIndicatorInput(t *testing.T) {
	c := domain.Cycle{FirstYear: 2022, LastYear: 2024}
	in := &domain.Indicator{Targets: []domain.Target{{Year: 2021, Text: "vecchio"}, {Year: 2022, Text: "x"}}}
	errs := planedit.IndicatorInput{Description: "Servizi", Direction: "higher", BaselineYear: "2021", BaselineText: "4",
		Targets: map[int]string{2022: "almeno sei servizi settimanali", 2023: "", 2024: ">= 8"}}.Apply(in, c)
	if len(errs) != 0 || len(in.Targets) != 3 || in.Targets[0].Year != 2022 || in.Targets[0].Rule == nil ||
		in.Targets[1].Year != 2024 || in.Targets[2].Text != "vecchio" || *in.Baseline.Value != 4 || in.Baseline.Year != 2021 {
		t.Fatalf("%v %+v", errs, in)
	}
	errs = planedit.IndicatorInput{Direction: "su", BaselineYear: "21", Targets: map[int]string{2030: "1"}}.Apply(&domain.Indicator{}, c)
	for _, f := range []string{"description", "direction", "baseline_year", "targets.2030"} {
		if errs[f] == "" {
			t.Errorf("%s not refused: %v", f, errs)
		}
	}
	errs = planedit.IndicatorInput{Description: "Servizi\xff", Targets: map[int]string{2023: "entro il\x0030.09"}}.Apply(&domain.Indicator{}, c)
	if len(errs) != 2 || errs["description"] == "" || errs["targets.2023"] == "" {
		t.Errorf("unreadable texts not refused: %v", errs)
	}
}

// FuzzWeight: a weight is nil, a number from 0 to 100, or refused with a
// message; never more.
func FuzzWeight(f *testing.F) {
	for _, s := range []string{"12,5", "5%", "", "1.234,5", "-1", "NaN", "1e309", "100,0001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w, msg := planedit.Weight(s)
		if (w != nil) == (msg != "") && !(w == nil && msg == "") {
			t.Fatalf("%q: %v %q", s, w, msg)
		}
		if w != nil && (*w < 0 || *w > 100 || *w != *w) {
			t.Fatalf("%q: weight %v", s, *w)
		}
	})
}

// An edit that leaves mission and programme as stored keeps them as the
// plan wrote them, even when the classification would not take them as
// typed: the seed's Polizia objectives cite programme 06 without a
// mission, and changing their weight must not be refused for it.
func TestObjectiveInputKeepsStoredClassification(t *testing.T) {
	stored := &domain.Objective{Title: "Sicurezza stradale", Kind: domain.ObjectiveUnit,
		Program: domain.Classified{Code: "06", Text: "codice della strada"}}
	in := planedit.ObjectiveOf(stored)
	in.Weight = "12"
	edit := *stored
	if errs := in.Apply(&edit); len(errs) != 0 {
		t.Fatalf("weight edit refused for the stored programme: %v", errs)
	}
	if *edit.Weight != 12 || edit.Program.Code != "06" || edit.Mission.Code != "" || edit.Program.Text != "codice della strada" {
		t.Errorf("edited: %+v", edit)
	}
	// Typed anew, the programme is judged.
	in.ProgramCode = "6"
	if errs := in.Apply(&edit); errs["program_code"] == "" {
		t.Errorf("a programme typed without its mission accepted: %+v", edit)
	}
}
