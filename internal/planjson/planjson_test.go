package planjson_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/performa-pa/performa/internal/ingest"
	"github.com/performa-pa/performa/internal/planjson"
	"github.com/performa-pa/performa/internal/seedtest"
)

// The seed encoded, decoded and encoded again gives the same document.
func TestRoundTrip(t *testing.T) {
	p, err := ingest.Parse(seedtest.File, seedtest.Bytes(t), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var first bytes.Buffer
	if err := planjson.Encode(&first, p); err != nil {
		t.Fatal(err)
	}
	back, err := planjson.Decode(bytes.NewReader(first.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	var second bytes.Buffer
	if err := planjson.Encode(&second, back); err != nil {
		t.Fatal(err)
	}
	if first.String() != second.String() {
		t.Fatal("encode(decode(encode(plan))) differs from encode(plan)")
	}
	if back.Objectives() != 124 || back.Units[2].DeclaredTotalWeight == nil {
		t.Errorf("decoded plan: %d objectives", back.Objectives())
	}
}

// The contract's field names, as documented in docs/plan-format.md.
func TestContractFields(t *testing.T) {
	p, err := ingest.Parse(seedtest.File, seedtest.Bytes(t), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	planjson.Encode(&buf, p)
	var doc struct {
		Schema       string `json:"schema"`
		Organization struct {
			Name string `json:"name"`
		} `json:"organization"`
		Units []struct {
			Name, Manager, Kind string
			Declared            *float64 `json:"declared_total_weight"`
			Source              struct{ Sheet int }
			Objectives          []struct {
				Code                *string
				Title               string
				Weight              *float64
				Mission, Program    struct{ Code *string }
				ReportedAchievement *string `json:"reported_achievement"`
				Source              struct{ Sheet, Line int }
				Indicators          []struct {
					Description string
					Baseline    struct {
						Year *int
						Text string
					}
					Targets []struct {
						Year int
						Text string
					}
				}
			}
		}
		Diagnostics []struct{ Severity, Code, Message string }
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Schema != planjson.Schema || doc.Organization.Name == "" || len(doc.Units) != 8 {
		t.Fatalf("document head: %q %q %d units", doc.Schema, doc.Organization.Name, len(doc.Units))
	}
	o := doc.Units[3].Objectives[2] // sheet 4, objective 3.1
	if o.Code == nil || *o.Code != "3.1" || *o.Weight != 6 || *o.Mission.Code != "01" || *o.Program.Code != "08" ||
		o.ReportedAchievement == nil || o.Source.Sheet != 4 || o.Source.Line != 56 {
		t.Errorf("objective 3.1: %+v", o)
	}
	in := o.Indicators[0]
	if *in.Baseline.Year != 2021 || in.Baseline.Text != "0%" || len(in.Targets) != 3 || in.Targets[2].Year != 2024 || in.Targets[2].Text != "100%" {
		t.Errorf("indicator of 3.1: %+v", in)
	}
	if doc.Units[0].Objectives[9].Code != nil {
		t.Error("an objective without code must have code null")
	}
	if !strings.Contains(buf.String(), `"declared_total_weight": null`) {
		t.Error("declared_total_weight must be null when not declared")
	}
}

func TestDecodeRejects(t *testing.T) {
	for _, in := range []string{`{`, `{"schema":"altro/v9"}`, `[]`} {
		if _, err := planjson.Decode(strings.NewReader(in)); err == nil {
			t.Errorf("Decode(%s): no error", in)
		}
	}
}
