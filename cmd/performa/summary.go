package main

import (
	"fmt"
	"io"
	"math"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
	"github.com/performa-pa/performa/internal/quality"
)

// writeSummary prints a plan the way a Segretario reads it: per sheet, the
// unit, its manager, how many objectives and indicators, and the weights.
func writeSummary(w io.Writer, p *domain.Plan) {
	org := p.Organization.Name
	if org == "" {
		org = "(ente non indicato)"
	}
	fmt.Fprintf(w, "Piano %d–%d · %s · file %s\n", p.Cycle.FirstYear, p.Cycle.LastYear, org, p.Version.SourceFile)
	fmt.Fprintf(w, "%d unità, %s, %s\n\n", len(p.Units), italian.Count(p.Objectives(), "obiettivo", "obiettivi"),
		italian.Count(countIndicators(p), "indicatore", "indicatori"))
	for _, u := range p.Units {
		ind := 0
		for _, o := range u.Objectives {
			ind += len(o.Indicators)
		}
		kind := ""
		if u.Kind == domain.UnitOrganization {
			kind = " (performance organizzativa dell'ente)"
		}
		fmt.Fprintf(w, "Foglio %d · %s%s\n", u.Source.Sheet, u.Name, kind)
		fmt.Fprintf(w, "  responsabile: %s\n", orDash(u.Manager))
		if !weighted(u) {
			fmt.Fprintf(w, "  obiettivi: %d · indicatori: %d · senza pesi\n", len(u.Objectives), ind)
			continue
		}
		fmt.Fprintf(w, "  obiettivi: %d · indicatori: %d · somma dei pesi: %s", len(u.Objectives), ind, italian.Percent(u.TotalWeight(), 2))
		if u.DeclaredTotalWeight != nil {
			fmt.Fprintf(w, " (totale dichiarato %s)", italian.Percent(*u.DeclaredTotalWeight, 2))
		}
		if math.Abs(u.TotalWeight()-want(u)) >= 0.005 {
			fmt.Fprint(w, "  ← non torna")
		}
		fmt.Fprintln(w)
	}
	writeQuality(w, p)
}

func want(u *domain.Unit) float64 {
	if u.DeclaredTotalWeight != nil {
		return *u.DeclaredTotalWeight
	}
	return 100
}

// diagnosticCounts says how many errors, warnings and notes there are:
// "1 errore, 68 avvisi, 125 note".
func diagnosticCounts(count map[domain.Severity]int) string {
	return italian.Count(count[domain.SeverityError], "errore", "errori") + ", " +
		italian.Count(count[domain.SeverityWarning], "avviso", "avvisi") + ", " +
		italian.Count(count[domain.SeverityInfo], "nota", "note")
}

// writeDiagnostics prints the diagnostics, errors first, with a count.
func writeDiagnostics(w io.Writer, ds []domain.Diagnostic) {
	count := map[domain.Severity]int{}
	for _, d := range ds {
		count[d.Severity]++
	}
	fmt.Fprintf(w, "\nSegnalazioni: %s\n", diagnosticCounts(count))
	for _, sev := range []domain.Severity{domain.SeverityError, domain.SeverityWarning, domain.SeverityInfo} {
		for _, d := range ds {
			if d.Severity == sev {
				fmt.Fprintf(w, "  %s\n", d)
			}
		}
	}
}

func countIndicators(p *domain.Plan) int {
	n := 0
	for _, u := range p.Units {
		for _, o := range u.Objectives {
			n += len(o.Indicators)
		}
	}
	return n
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// writeQuality prints how measurable and sound the plan is, per unit.
func writeQuality(w io.Writer, p *domain.Plan) {
	r, _ := quality.Assess(p)
	if r.Overall.Targets == 0 {
		return
	}
	fmt.Fprintf(w, "\nQualità del piano: %d target su %d misurabili (%s)", r.Overall.Measurable, r.Overall.Targets, italian.Percent(r.Overall.MeasurableShare, 2))
	fmt.Fprintf(w, " · %d senza baseline · %d sotto la baseline · %s fuori dal ciclo · %s\n",
		r.Overall.MissingBaselines, r.Overall.BelowBaseline, italian.Count(r.Overall.DeadlinesOutsideCycle, "scadenza", "scadenze"),
		italian.Count(r.Overall.CrossCutting, "obiettivo trasversale", "obiettivi trasversali"))
	for i, u := range r.Units {
		weights := "pesi a posto"
		if !u.WeightsAddUp && u.WeightTotal == 0 {
			weights = "senza pesi"
		} else if !u.WeightsAddUp {
			weights = "pesi che non tornano (" + italian.Percent(u.WeightTotal, 2) + ")"
		}
		fmt.Fprintf(w, "  Foglio %d · %s: %d/%d target misurabili (%s), %d senza baseline, %s\n",
			p.Units[i].Source.Sheet, u.Name, u.Measurable, u.Targets, italian.Percent(u.MeasurableShare, 2), u.MissingBaselines, weights)
	}
}

// weighted reports whether any objective of the unit has a weight.
func weighted(u *domain.Unit) bool {
	for _, o := range u.Objectives {
		if o.Weight != nil {
			return true
		}
	}
	return false
}
