package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/target"
)

func runRule(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "rule", `rule "TESTO" [--baseline TESTO] [--year N] [--indicator TESTO] [--format text|json]`,
		"Mostra come performa capisce il testo di un target: la regola in parole e in JSON\n"+
			"(tipo, valore, unità, data, anno di confronto, verso, motivo se non misurabile).")
	baseline := fs.String("baseline", "", "testo della baseline (punto di partenza)")
	year := fs.Int("year", 0, "`ANNO` del target: completa date come «entro il 31/12»")
	indicator := fs.String("indicator", "", "descrizione dell'indicatore")
	format := fs.String("format", "text", "formato dell'uscita: `text` o json")
	texts, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if !needArgs(e, fs, texts, 1, "il TESTO del target") || !validFormat(e, "rule", *format, "text", "json") {
		return 2
	}
	r := target.Parse(texts[0], target.Context{Year: *year, Baseline: *baseline, Indicator: *indicator})
	if *format == "json" {
		writeJSON(e.stdout, r)
		return 0
	}
	fmt.Fprintf(e.stdout, "Target: %s\n", texts[0])
	fmt.Fprintf(e.stdout, "Regola: %s\n", target.Describe(r))
	if r.Kind == domain.RuleNotMeasurable {
		fmt.Fprintln(e.stdout, "Misurabile: no — serve una % inserita a mano con la motivazione")
	} else {
		fmt.Fprintln(e.stdout, "Misurabile: sì")
	}
	if d := directionLabel(r.Direction); d != "" {
		fmt.Fprintf(e.stdout, "Verso: %s\n", d)
	}
	b, _ := json.Marshal(r)
	fmt.Fprintf(e.stdout, "JSON: %s\n", b)
	return 0
}

func directionLabel(d domain.Direction) string {
	switch d {
	case domain.HigherIsBetter:
		return "meglio più alto"
	case domain.LowerIsBetter:
		return "meglio più basso"
	}
	return ""
}
