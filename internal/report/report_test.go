package report_test

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/ingest"
	"github.com/performa-pa/performa/internal/planjson"
	"github.com/performa-pa/performa/internal/report"
	"github.com/performa-pa/performa/internal/seedtest"
)

func seedPlan(tb testing.TB) *domain.Plan {
	tb.Helper()
	p, err := ingest.Parse(seedtest.File, seedtest.Bytes(tb), ingest.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// planContent is what a plan says, as its JSON document: everything but
// where it was read from — the source file, the sheet and line of each
// element, the diagnostics of the reading — which an exported file cannot
// share with the file the plan first came from.
func planContent(t *testing.T, p *domain.Plan) string {
	t.Helper()
	var buf bytes.Buffer
	if err := planjson.Encode(&buf, p); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	delete(doc, "diagnostics")
	dropSources(doc)
	out, _ := json.MarshalIndent(doc, "", " ")
	return string(out)
}

func dropSources(v any) {
	switch x := v.(type) {
	case map[string]any:
		delete(x, "source")
		for _, val := range x {
			dropSources(val)
		}
	case []any:
		for _, val := range x {
			dropSources(val)
		}
	}
}

// sameContent fails with the first difference between two plans.
func sameContent(t *testing.T, want, got string) {
	t.Helper()
	if want == got {
		return
	}
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range min(len(wl), len(gl)) {
		if wl[i] != gl[i] {
			from := max(0, i-15)
			t.Fatalf("plans differ at line %d:\nwant:\n%s\ngot:\n%s", i+1,
				strings.Join(wl[from:min(len(wl), i+3)], "\n"), strings.Join(gl[from:min(len(gl), i+3)], "\n"))
		}
	}
	t.Fatalf("plans differ in length: %d and %d lines", len(wl), len(gl))
}

// TestRoundTrip writes the seed's plan in every format and reads it back:
// the plan is the same — organization, cycle, units with name, manager,
// kind, declared and computed totals, objectives with every field,
// indicators with weights, baselines (year, text, value) and targets.
func TestRoundTrip(t *testing.T) {
	p := seedPlan(t)
	want := planContent(t, p)
	for _, f := range report.Formats {
		t.Run(string(f), func(t *testing.T) {
			var buf bytes.Buffer
			if err := report.Write(&buf, f, p); err != nil {
				t.Fatal(err)
			}
			opts := ingest.Options{}
			if f == report.CSVFormat { // a CSV is data only: the ente is given, as with --organization
				opts.Organization = p.Organization.Name
			}
			back, err := ingest.Parse("piano."+string(f), buf.Bytes(), opts)
			if err != nil {
				t.Fatal(err)
			}
			sameContent(t, want, planContent(t, back))
			for _, d := range back.Diagnostics {
				if f == report.JSONFormat {
					break // the diagnostics of the seed's reading, kept
				}
				if d.Code == "row.realigned" || d.Code == "header.unmapped" || d.Code == "row.unassigned_cell" {
					t.Errorf("the export reads back with %s", d)
				}
			}
		})
	}
}

// The workbook is one a Segretario would send: a sheet per unit named
// after it, the title and header frozen, weights as percentages, a total.
func TestXLSXLooks(t *testing.T) {
	p := seedPlan(t)
	var buf bytes.Buffer
	if err := report.XLSX(&buf, p); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	names := f.GetSheetList()
	if len(names) != len(p.Units) {
		t.Fatalf("%d sheets for %d units", len(names), len(p.Units))
	}
	for i, u := range p.Units {
		name := names[i]
		if len([]rune(name)) > 31 || strings.ContainsAny(name, `[]:*?/\`) || !strings.HasPrefix(u.Name, strings.TrimSpace(name[:min(len(name), 10)])) {
			t.Errorf("sheet %q for unit %q", name, u.Name)
		}
		panes, err := f.GetPanes(name)
		if err != nil || !panes.Freeze || panes.YSplit != 2 {
			t.Errorf("sheet %q: panes %+v, %v", name, panes, err)
		}
		if h, _ := f.GetCellValue(name, "F2"); h != "Peso" {
			t.Errorf("sheet %q: F2 = %q", name, h)
		}
		if w, _ := f.GetColWidth(name, "G"); w < 30 {
			t.Errorf("sheet %q: column G %v wide", name, w)
		}
	}
	// The weights are numbers shown as percentages, summed by a formula.
	name := names[0]
	if v, _ := f.GetCellValue(name, "F3", excelize.Options{RawCellValue: true}); v != "0.05" {
		t.Errorf("F3 raw = %q, want 0.05", v)
	}
	if v, _ := f.GetCellValue(name, "F3"); v != "5%" {
		t.Errorf("F3 shown as %q, want 5%%", v)
	}
	rows, _ := f.GetRows(name)
	last := len(rows)
	formula, _ := f.GetCellFormula(name, "F"+strconv.Itoa(last))
	label, _ := f.GetCellValue(name, "E"+strconv.Itoa(last))
	if label != "Totale" || !strings.HasPrefix(formula, "SUM(F3:F") {
		t.Errorf("last row: %q %q", label, formula)
	}
}
