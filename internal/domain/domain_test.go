package domain

import (
	"errors"
	"fmt"
	"testing"
)

func TestColumnName(t *testing.T) {
	for i, want := range map[int]string{0: "A", 5: "F", 25: "Z", 26: "AA", 27: "AB", 701: "ZZ", 702: "AAA", -1: ""} {
		if got := ColumnName(i); got != want {
			t.Errorf("ColumnName(%d) = %q, want %q", i, got, want)
		}
	}
}

func TestDiagnosticString(t *testing.T) {
	d := Diagnostic{Severity: SeverityError, Code: "weights.total", Sheet: 3, Line: 50, Column: "E", Message: "la somma è 25%"}
	if got, want := d.String(), "errore [weights.total] (foglio 3, riga 50, colonna E): la somma è 25%"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if got := (Diagnostic{Severity: SeverityInfo, Code: "x", Message: "m"}).String(); got != "nota [x]: m" {
		t.Errorf("String() = %q", got)
	}
}

func TestErrors(t *testing.T) {
	err := fmt.Errorf("wrapped: %w", Errorf(ECONFLICT, "piano %d approvato", 2022))
	if ErrorCode(err) != ECONFLICT || ErrorMessage(err) != "piano 2022 approvato" {
		t.Errorf("code %q message %q", ErrorCode(err), ErrorMessage(err))
	}
	if ErrorCode(errors.New("boom")) != EINTERNAL || ErrorMessage(errors.New("boom")) != "Errore interno." {
		t.Error("plain errors must be internal with a generic message")
	}
	if ErrorCode(nil) != "" {
		t.Error("nil has no code")
	}
}

func TestCycle(t *testing.T) {
	c := Cycle{FirstYear: 2022, LastYear: 2024}
	if ys := c.Years(); len(ys) != 3 || ys[0] != 2022 || ys[2] != 2024 || !c.Contains(2023) || c.Contains(2025) {
		t.Errorf("Years() = %v", ys)
	}
	for _, s := range []CycleStatus{CycleDraft, CycleApproved, CycleMonitoring, CycleClosed} {
		if !s.Valid() || s.Label() == string(s) {
			t.Errorf("status %s: valid %v label %q", s, s.Valid(), s.Label())
		}
	}
	if CycleStatus("boh").Valid() {
		t.Error("unknown status valid")
	}
}

func TestInForce(t *testing.T) {
	v := func(cycle int64, number int, st VersionStatus) PlanSummary {
		return PlanSummary{Cycle: Cycle{ID: cycle}, Version: Version{ID: cycle*10 + int64(number), Number: number, Status: st}}
	}
	tests := []struct {
		all  []PlanSummary
		want int64
	}{
		{[]PlanSummary{v(2, 1, VersionDraft)}, 21},
		{[]PlanSummary{v(2, 2, VersionDraft), v(2, 1, VersionApproved), v(1, 1, VersionApproved)}, 21}, // variation in draft
		{[]PlanSummary{v(2, 2, VersionApproved), v(2, 1, VersionSuperseded)}, 22},
		{[]PlanSummary{v(3, 1, VersionDraft), v(2, 1, VersionApproved)}, 31}, // a new cycle being drafted
	}
	for _, tt := range tests {
		got, versions, ok := InForce(tt.all)
		if !ok || got.Version.ID != tt.want || versions[0].Cycle.ID != tt.all[0].Cycle.ID {
			t.Errorf("InForce(%v) = %d, want %d", tt.all, got.Version.ID, tt.want)
		}
	}
	if _, _, ok := InForce(nil); ok {
		t.Error("InForce(nil) found a version")
	}
}
