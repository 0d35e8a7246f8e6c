package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/ingest"
)

// forceFlag declares --force: import a plan that would empty or cut the
// draft.
func forceFlag(fs *flag.FlagSet) *bool {
	return fs.Bool("force", false, "importa anche un piano senza unità o senza obiettivi, o con errori che ne fanno perdere una parte")
}

func runImport(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "import", "import FILE [--db DSN] [--organization NOME] [--map MAPPA] [--first-year AAAA] [--force]",
		"Legge il piano dal FILE e lo salva nell'archivio in una sola transazione: o tutto o niente.\n"+
			"Il piano diventa la bozza (versione 1) del suo ciclo. Reimportare lo stesso ciclo sostituisce\n"+
			"la bozza senza duplicare nulla; se il piano del ciclo è già approvato l'importazione è\n"+
			"rifiutata, perché un piano approvato cambia solo con una variazione. Un piano senza unità o\n"+
			"senza obiettivi, o con errori che ne fanno perdere una parte (un'intestazione incompleta),\n"+
			"è rifiutato (uscita 1) a meno di --force; i pesi che non tornano non lo impediscono.")
	db := dbFlag(fs)
	org := fs.String("organization", "", "nome dell'ente (se manca, dedotto dal testo del piano)")
	mapFile := mapFlag(fs)
	firstYear := firstYearFlag(fs)
	force := forceFlag(fs)
	files, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if !needArgs(e, fs, files, 1, "il FILE da importare") || !validFirstYear(e, "import", *firstYear) {
		return 2
	}
	plan, err := parseFile(e, files[0], *org, *mapFile, *firstYear)
	if err != nil {
		fmt.Fprintln(e.stderr, domain.ErrorMessage(err))
		return 2
	}
	if plan.Organization.Name == "" {
		fmt.Fprintln(e.stderr, "performa import: il piano non dice di quale ente è: indicarlo con --organization \"Comune di …\".")
		return 2
	}
	blocking := ingest.Blocking(plan)
	if len(blocking) > 0 && !*force {
		fmt.Fprintf(e.stderr, "performa import: piano non importato: %s\nL'archivio non è stato modificato. Per importarlo comunque: --force.\n",
			ingest.BlockingText(blocking))
		return 1
	}
	st, ok := openStore(ctx, e, *db)
	if !ok {
		return 2
	}
	defer st.Close()
	res, err := st.ImportPlan(ctx, plan, "cli")
	if err != nil {
		fmt.Fprintf(e.stderr, "performa import: %s\nL'archivio non è stato modificato.\n", domain.ErrorMessage(err))
		if domain.ErrorCode(err) == domain.EINTERNAL {
			fmt.Fprintln(e.stderr, "dettaglio:", err)
		}
		return 2
	}
	what := "importato come nuova bozza"
	if res.Replaced {
		what = "importato: sostituita la bozza precedente dello stesso ciclo"
	}
	fmt.Fprintf(e.stdout, "Piano %s (versione %d).\n", what, plan.Version.Number)
	if len(blocking) > 0 {
		fmt.Fprintf(e.stdout, "Piano importato nonostante %s (--force).\n", ingest.BlockingText(blocking))
	}
	fmt.Fprintln(e.stdout)
	writeSummary(e.stdout, plan)
	count := map[domain.Severity]int{}
	for _, d := range plan.Diagnostics {
		count[d.Severity]++
	}
	fmt.Fprintf(e.stdout, "\nSegnalazioni: %d errori, %d avvisi, %d note (elenco completo: performa check %s)\n",
		count[domain.SeverityError], count[domain.SeverityWarning], count[domain.SeverityInfo], files[0])
	for _, d := range plan.Diagnostics {
		if d.Severity == domain.SeverityError {
			fmt.Fprintf(e.stdout, "  %s\n", d)
		}
	}
	return 0
}
