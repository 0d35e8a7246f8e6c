package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// A weightless plan of another authority (the PNRR register) is read and
// checked without errors: exit 0, the absence of weights said once.
func TestCheckWeightlessPlanExitsZero(t *testing.T) {
	file := filepath.Join("..", "..", "internal", "ingest", "testdata", "real", "pnrr_met_programmazione.csv")
	code, out, stderr := runCmd(t, "check", file)
	if code != 0 || strings.Count(out, "[weights.none]") != 1 || strings.Contains(out, "weights.total") || !strings.Contains(out, "senza pesi") {
		t.Errorf("exit %d\n%s\n%s", code, out, stderr)
	}
	code, out, _ = runCmd(t, "check", file, "--suggest-map")
	if code != 0 || !strings.Contains(out, `"U": "target"`) || !strings.Contains(out, `"W": "year"`) {
		t.Errorf("suggest-map: exit %d\n%s", code, out)
	}
	if code, _, stderr = runCmd(t, "check", file, "--first-year", "23"); code != 2 || !strings.Contains(stderr, "non è un anno") {
		t.Errorf("--first-year 23: exit %d %s", code, stderr)
	}
}
