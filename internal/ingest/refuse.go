package ingest

import (
	"fmt"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
)

// Importing a plan replaces the draft of its cycle. A plan that would empty
// it or cut part of it away is refused unless the user insists (--force on
// the command line, a checkbox in the browser, force=true in the API).

// nonBlocking are the errors a plan may be imported with: they are true of
// the plan as its authors wrote it, and importing it loses nothing. Weights
// that do not add up are one (the seed has such a unit).
var nonBlocking = map[string]bool{"weights.total": true}

// Blocking returns the diagnostics that keep p from being imported unless
// the user insists: every error but the non-blocking ones. An empty plan
// carries one (plan.empty, see emptiness).
func Blocking(p *domain.Plan) []domain.Diagnostic {
	var out []domain.Diagnostic
	for _, d := range p.Diagnostics {
		if d.Severity == domain.SeverityError && !nonBlocking[d.Code] {
			out = append(out, d)
		}
	}
	return out
}

// emptiness is the error of a plan without units or without objectives:
// importing it would replace the draft with nothing.
func emptiness(p *domain.Plan) []domain.Diagnostic {
	switch {
	case len(p.Units) == 0:
		return []domain.Diagnostic{{Severity: domain.SeverityError, Code: "plan.empty",
			Message: "il piano non contiene nessuna unità: importarlo svuoterebbe la bozza del ciclo"}}
	case p.Objectives() == 0:
		return []domain.Diagnostic{{Severity: domain.SeverityError, Code: "plan.empty",
			Message: "il piano non contiene nessun obiettivo (solo l'intestazione?): importarlo svuoterebbe la bozza del ciclo"}}
	}
	return nil
}

// BlockingText says in Italian why a plan is refused: "il piano ha un
// errore che lo impedisce: errore [plan.empty]: …", the first five errors
// in full.
func BlockingText(ds []domain.Diagnostic) string {
	var b strings.Builder
	if len(ds) == 1 {
		b.WriteString("il piano ha un errore che lo impedisce")
	} else {
		fmt.Fprintf(&b, "il piano ha %d errori che lo impediscono", len(ds))
	}
	for i, d := range ds {
		if i == 5 {
			fmt.Fprintf(&b, "; e altri %d (si vedano le segnalazioni)", len(ds)-i)
			break
		}
		sep := ": "
		if i > 0 {
			sep = "; "
		}
		b.WriteString(sep + d.String())
	}
	return b.String()
}
