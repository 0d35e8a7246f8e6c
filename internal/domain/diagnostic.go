package domain

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Severity of a diagnostic.
type Severity string

const (
	SeverityError   Severity = "error"   // the plan is wrong or could not be read faithfully
	SeverityWarning Severity = "warning" // probably a mistake in the plan
	SeverityInfo    Severity = "info"    // something performa decided, for the record
)

// Rank orders severities, errors first.
func (s Severity) Rank() int {
	switch s {
	case SeverityError:
		return 0
	case SeverityWarning:
		return 1
	}
	return 2
}

// Label is the Italian word for the severity.
func (s Severity) Label() string {
	switch s {
	case SeverityError:
		return "errore"
	case SeverityWarning:
		return "avviso"
	}
	return "nota"
}

// Diagnostic is something worth telling about an input: where (sheet, line
// of the file, column letter) and what, in Italian. Code is stable, for
// machines.
type Diagnostic struct {
	Severity Severity `json:"severity"`
	Code     string   `json:"code"`
	Sheet    int      `json:"sheet,omitempty"`
	Line     int      `json:"line,omitempty"`
	Column   string   `json:"column,omitempty"`
	Message  string   `json:"message"`
}

// String renders the diagnostic on one line, in Italian.
func (d Diagnostic) String() string {
	var where []string
	if d.Sheet > 0 {
		where = append(where, fmt.Sprintf("foglio %d", d.Sheet))
	}
	if d.Line > 0 {
		where = append(where, fmt.Sprintf("riga %d", d.Line))
	}
	if d.Column != "" {
		where = append(where, "colonna "+d.Column)
	}
	loc := ""
	if len(where) > 0 {
		loc = " (" + strings.Join(where, ", ") + ")"
	}
	return fmt.Sprintf("%s [%s]%s: %s", d.Severity.Label(), d.Code, loc, d.Message)
}

// HasErrors reports whether any diagnostic is an error.
func HasErrors(ds []Diagnostic) bool {
	for _, d := range ds {
		if d.Severity == SeverityError {
			return true
		}
	}
	return false
}

// ColumnName returns the spreadsheet letter of a 0-based column index:
// 0 → "A", 25 → "Z", 26 → "AA".
func ColumnName(i int) string {
	if i < 0 {
		return ""
	}
	s := ""
	for i >= 0 {
		s = string(rune('A'+i%26)) + s
		i = i/26 - 1
	}
	return s
}

// SortDiagnostics orders diagnostics by sheet and line, keeping the order
// of those at the same place; nil becomes empty.
func SortDiagnostics(ds []Diagnostic) []Diagnostic {
	byPlace := func(a, b Diagnostic) int {
		return cmp.Or(cmp.Compare(a.Sheet, b.Sheet), cmp.Compare(a.Line, b.Line))
	}
	if !slices.IsSortedFunc(ds, byPlace) { // mostly they come in order
		slices.SortStableFunc(ds, byPlace)
	}
	if ds == nil {
		ds = []Diagnostic{}
	}
	return ds
}
