package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
	"github.com/performa-pa/performa/internal/plandiff"
)

func runDiff(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "diff", "diff [--from V] [--to V] [--cycle AAAA-AAAA] [--format text|json] [--db DSN] [--organization NOME]",
		"Confronta due versioni del piano di un ciclo: gli obiettivi aggiunti, tolti e modificati,\n"+
			"campo per campo, con i loro indicatori e target. Obiettivi e indicatori sono riconosciuti\n"+
			"per identità (restano gli stessi anche se ne cambiano codice o titolo): una versione\n"+
			"confrontata con sé stessa non ha differenze. Senza --from e --to confronta la versione più\n"+
			"recente del ciclo in vigore con quella prima. Esce con 0 se il confronto è fatto, 1 se una\n"+
			"versione non esiste, 2 se il comando non è usabile.")
	db := dbFlag(fs)
	org := fs.String("organization", "", "nome dell'ente (se l'archivio ne contiene uno solo si può omettere)")
	from := fs.Int("from", 0, "numero della versione di partenza (predefinito: quella prima di --to)")
	to := fs.Int("to", 0, "numero della versione di arrivo (predefinito: la più recente)")
	cycle := fs.String("cycle", "", "ciclo, `AAAA-AAAA` (predefinito: quello in vigore)")
	format := fs.String("format", "text", "formato: text o json")
	rest, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if !needArgs(e, fs, rest, 0, "") {
		return 2
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(e.stderr, "performa diff: formato %q non previsto: text o json\n", *format)
		return 2
	}
	first, last, err := parseCycle(*cycle)
	if err != nil {
		fmt.Fprintln(e.stderr, "performa diff:", err)
		return 2
	}
	st, o, ok := userContext(ctx, e, *db, *org)
	if !ok {
		return 2
	}
	defer st.Close()
	all, err := st.Versions(ctx, o.ID)
	if err != nil {
		fmt.Fprintln(e.stderr, "performa diff:", domain.ErrorMessage(err))
		return 2
	}
	versions := cycleVersions(all, first, last)
	if len(versions) == 0 {
		fmt.Fprintln(e.stderr, "performa diff: nessun piano per il ciclo indicato.")
		return 1
	}
	a, b, err := pickVersions(versions, *from, *to)
	if err != nil {
		fmt.Fprintln(e.stderr, "performa diff:", domain.ErrorMessage(err))
		return 1
	}
	pa, err := st.Plan(ctx, o.ID, a.Version.ID)
	if err == nil {
		var pb *domain.Plan
		if pb, err = st.Plan(ctx, o.ID, b.Version.ID); err == nil {
			d := plandiff.Compare(pa, pb)
			if *format == "json" {
				err = writeJSON(e.stdout, diffJSON{diffVersion(pa), diffVersion(pb), d})
			} else {
				writeDiff(e.stdout, pa, pb, d)
			}
		}
	}
	if err != nil {
		fmt.Fprintln(e.stderr, "performa diff:", domain.ErrorMessage(err))
		return 2
	}
	return 0
}

// parseCycle reads "2022-2024"; "" is the cycle in force (0, 0).
func parseCycle(s string) (int, int, error) {
	if s == "" {
		return 0, 0, nil
	}
	a, b, ok := strings.Cut(strings.ReplaceAll(s, "–", "-"), "-")
	first, err1 := strconv.Atoi(strings.TrimSpace(a))
	last, err2 := strconv.Atoi(strings.TrimSpace(b))
	if !ok || err1 != nil || err2 != nil || first > last {
		return 0, 0, fmt.Errorf("ciclo %q non valido: scrivere il primo e l'ultimo anno, per esempio 2022-2024", s)
	}
	return first, last, nil
}

// cycleVersions are the versions of the cycle first–last, or of the
// cycle in force when first is 0, newest first.
func cycleVersions(all []domain.PlanSummary, first, last int) []domain.PlanSummary {
	if first == 0 {
		_, vs, _ := domain.InForce(all)
		return vs
	}
	var out []domain.PlanSummary
	for _, v := range all {
		if v.Cycle.FirstYear == first && v.Cycle.LastYear == last {
			out = append(out, v)
		}
	}
	return out
}

// pickVersions finds versions number from and to (0: the newest for to,
// the one before to for from), older first.
func pickVersions(versions []domain.PlanSummary, from, to int) (domain.PlanSummary, domain.PlanSummary, error) {
	find := func(n int) (int, error) {
		for i, v := range versions {
			if v.Version.Number == n {
				return i, nil
			}
		}
		var ns []string
		for _, v := range versions {
			ns = append(ns, strconv.Itoa(v.Version.Number))
		}
		return 0, domain.Errorf(domain.ENOTFOUND, "il piano %d–%d non ha una versione %d (ha le versioni %s).",
			versions[0].Cycle.FirstYear, versions[0].Cycle.LastYear, n, strings.Join(ns, ", "))
	}
	ti := 0
	if to != 0 {
		var err error
		if ti, err = find(to); err != nil {
			return domain.PlanSummary{}, domain.PlanSummary{}, err
		}
	}
	fi := min(ti+1, len(versions)-1)
	if from != 0 {
		var err error
		if fi, err = find(from); err != nil {
			return domain.PlanSummary{}, domain.PlanSummary{}, err
		}
	}
	a, b := versions[fi], versions[ti]
	if a.Version.Number > b.Version.Number {
		a, b = b, a
	}
	return a, b, nil
}

type diffJSON struct {
	From diffVersionJSON `json:"from"`
	To   diffVersionJSON `json:"to"`
	*plandiff.Diff
}

type diffVersionJSON struct {
	Cycle   string `json:"cycle"`
	Version int    `json:"version"`
	Status  string `json:"status"`
	Reason  string `json:"reason,omitempty"`
}

func diffVersion(p *domain.Plan) diffVersionJSON {
	return diffVersionJSON{fmt.Sprintf("%d-%d", p.Cycle.FirstYear, p.Cycle.LastYear), p.Version.Number, string(p.Version.Status), p.Version.Reason}
}

// writeDiff prints a comparison as a Segretario reads it.
func writeDiff(w io.Writer, a, b *domain.Plan, d *plandiff.Diff) {
	fmt.Fprintf(w, "Piano %d–%d: dalla versione %d (%s) alla versione %d (%s)", b.Cycle.FirstYear, b.Cycle.LastYear,
		a.Version.Number, a.Version.Status.Label(), b.Version.Number, b.Version.Status.Label())
	if b.Version.Reason != "" && a.Version.ID != b.Version.ID {
		fmt.Fprintf(w, ", motivo: %s", b.Version.Reason)
	}
	fmt.Fprintln(w, ".")
	if d.Empty() {
		fmt.Fprintf(w, "Le due versioni hanno lo stesso contenuto (%s).\n", pluralIt(d.Same, "obiettivo", "obiettivi"))
		return
	}
	fmt.Fprintf(w, "%s, %s, %s, %s.\n", pluralIt(len(d.Added), "obiettivo aggiunto", "obiettivi aggiunti"),
		pluralIt(len(d.Removed), "tolto", "tolti"), pluralIt(len(d.Changed), "modificato", "modificati"),
		pluralIt(d.Same, "invariato", "invariati"))
	section := func(title, mark string, os []plandiff.Objective) {
		if len(os) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s:\n", title)
		for _, o := range os {
			fmt.Fprintf(w, "  %s %s, obiettivo %s", mark, o.Unit, o.Ref())
			if o.Weight != nil && mark != "*" {
				fmt.Fprintf(w, " (peso %s)", italian.Percent(*o.Weight, 2))
			}
			fmt.Fprintln(w)
			for _, c := range o.Fields {
				fmt.Fprintf(w, "      %s\n", c)
			}
			for _, in := range o.Indicators {
				fmt.Fprintf(w, "      indicatore %d (%s): %s\n", in.Position, in.Description, in.WhatWords())
				for _, c := range in.Fields {
					fmt.Fprintf(w, "        %s\n", c)
				}
			}
		}
	}
	section("Obiettivi aggiunti", "+", d.Added)
	section("Obiettivi tolti", "−", d.Removed)
	section("Obiettivi modificati", "*", d.Changed)
}
