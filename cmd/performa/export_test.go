package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/performa-pa/performa/internal/seedtest"
)

// planUnits is what a plan document says of its units, without the sheet
// and line each element was read from.
func planUnits(t *testing.T, doc map[string]any) string {
	t.Helper()
	var drop func(v any)
	drop = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			delete(x, "source")
			delete(x, "id")
			delete(x, "identity")
			delete(x, "revision")
			for _, val := range x {
				drop(val)
			}
		case []any:
			for _, val := range x {
				drop(val)
			}
		}
	}
	units := doc["units"]
	drop(units)
	out, _ := json.Marshal(units)
	return string(out)
}

// The stored plan exported in each format reads back as the same plan.
func TestExportFormats(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "performa.db")
	if code, out, errs := runCmd(t, "import", seedtest.Path(t), "--db", dsn); code != 0 {
		t.Fatalf("import: %d %s %s", code, out, errs)
	}
	_, checked, _ := runCmd(t, "check", seedtest.Path(t), "--format", "json")
	want := planUnits(t, decode(t, checked))
	dir := t.TempDir()
	for _, tt := range []struct {
		args []string
		file string
	}{
		{[]string{"--format", "xlsx"}, "piano.xlsx"},
		{nil, "piano.ods"}, // the format from the extension
		{[]string{"--format", "csv"}, "piano.txt"},
		{[]string{"--format", "json"}, "piano.json"},
	} {
		t.Run(tt.file, func(t *testing.T) {
			out := filepath.Join(dir, tt.file)
			args := append([]string{"export", "--db", dsn, "--output", out}, tt.args...)
			code, stdout, errs := runCmd(t, args...)
			if code != 0 || !strings.Contains(stdout, "Piano scritto in") {
				t.Fatalf("export: %d %s %s", code, stdout, errs)
			}
			_, back, errs := runCmd(t, "check", out, "--format", "json", "--organization", "Comune di Montepulciano")
			if got := planUnits(t, decode(t, back)); got != want {
				t.Errorf("%s reads back as another plan (%s)", tt.file, errs)
			}
		})
	}
	// Binary formats go to standard output when it is not a terminal.
	code, stdout, _ := runCmd(t, "export", "--db", dsn, "--format", "xlsx")
	if code != 0 || !strings.HasPrefix(stdout, "PK") {
		t.Errorf("xlsx to stdout: exit %d, %.10q", code, stdout)
	}
	code, _, errs := runCmd(t, "export", "--db", dsn, "--format", "pdf")
	if code != 2 || !strings.Contains(errs, "formato \"pdf\" non previsto") {
		t.Errorf("pdf: exit %d %s", code, errs)
	}
	// A failed export leaves no file behind.
	code, _, _ = runCmd(t, "export", "--db", dsn, "--output", filepath.Join(dir, "manca", "piano.xlsx"))
	if _, err := os.Stat(filepath.Join(dir, "manca", "piano.xlsx")); code != 2 || err == nil {
		t.Errorf("export into a missing folder: exit %d, %v", code, err)
	}
}
