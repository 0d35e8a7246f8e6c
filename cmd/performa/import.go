package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/ingest"
	"github.com/performa-pa/performa/internal/italian"
)

// forceFlag declares --force: import a plan that would empty or cut the
// draft.
func forceFlag(fs *flag.FlagSet) *bool {
	return fs.Bool("force", false, "importa anche un piano senza unità o senza obiettivi, o con errori che ne fanno perdere una parte")
}

func runImport(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "import", "import FILE [--db DSN] [--organization NOME] [--map MAPPA] [--first-year AAAA] [--force] [--replace-draft] [--dry-run]",
		"Legge il piano dal FILE e lo salva nell'archivio in una sola transazione: o tutto o niente.\n"+
			"Il piano diventa la bozza (versione 1) del suo ciclo. Reimportare lo stesso ciclo sostituisce\n"+
			"la bozza senza duplicare nulla: obiettivi e indicatori riconosciuti (per unità, codice, titolo,\n"+
			"posizione) restano gli stessi, con i loro collegamenti e la loro storia. La bozza non è\n"+
			"sostituita se è una variazione (versione 2 o seguenti) o contiene modifiche fatte in performa,\n"+
			"a meno di --replace-draft; mai se ha misurazioni registrate. Se il piano del ciclo è già\n"+
			"approvato l'importazione è rifiutata: un piano approvato cambia solo con una variazione.\n"+
			"Un piano senza unità o senza obiettivi, o con errori che ne fanno perdere una parte\n"+
			"(un'intestazione incompleta), è rifiutato a meno di --force; i pesi che non tornano non lo\n"+
			"impediscono. Esce con 0 se il piano è salvato, 1 se l'importazione è rifiutata, 2 se il file\n"+
			"non si può usare.")
	db := dbFlag(fs)
	org := fs.String("organization", "", "nome dell'ente (se manca, dedotto dal testo del piano)")
	mapFile := mapFlag(fs)
	firstYear := firstYearFlag(fs)
	force := forceFlag(fs)
	by := byFlag(fs)
	replace := fs.Bool("replace-draft", false, "sostituisce la bozza anche se è una variazione o contiene modifiche fatte in performa (che vanno perse)")
	dry := fs.Bool("dry-run", false, "controlla soltanto che cosa farebbe l'importazione, senza salvare nulla")
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
	var orgID int64 // a new ente has no users yet: whoever imports is recorded
	if o, err := st.OrganizationByName(ctx, plan.Organization.Name); err == nil {
		orgID = o.ID
	}
	who, err := actorOf(ctx, e, st, orgID, *by, asUser, domain.RoleAdmin)
	if err != nil {
		return fail(e, "import", err)
	}
	res, err := st.ImportPlanWith(ctx, plan, domain.ImportOptions{Actor: who.Name, ReplaceDraft: *replace, DryRun: *dry})
	if err != nil {
		fmt.Fprintf(e.stderr, "performa import: %s\nL'archivio non è stato modificato.\n", domain.ErrorMessage(err))
		switch domain.ErrorCode(err) {
		case domain.EINTERNAL:
			fmt.Fprintln(e.stderr, "dettaglio:", err)
			return 2
		case domain.EINVALID:
			return 2
		}
		return exitCode(err)
	}
	var notes []string
	if len(blocking) > 0 {
		notes = append(notes, fmt.Sprintf("Piano importato nonostante %s (--force).", ingest.BlockingText(blocking)))
	}
	writeImported(e.stdout, res, plan, notes...)
	writeSummary(e.stdout, plan)
	count := map[domain.Severity]int{}
	for _, d := range plan.Diagnostics {
		count[d.Severity]++
	}
	fmt.Fprintf(e.stdout, "\nSegnalazioni: %s (elenco completo: performa check %s)\n", diagnosticCounts(count), files[0])
	for _, d := range plan.Diagnostics {
		if d.Severity == domain.SeverityError {
			fmt.Fprintf(e.stdout, "  %s\n", d)
		}
	}
	return 0
}

// writeImported says what an import did (or, in a dry run, would do): the
// version written, what it was matched with, the objectives added and
// removed, the edits a replaced draft lost.
func writeImported(w io.Writer, res *domain.ImportResult, plan *domain.Plan, notes ...string) {
	what := "importato come nuova bozza"
	if res.Replaced {
		what = "importato: sostituita la bozza precedente dello stesso ciclo"
	}
	if res.DryRun {
		fmt.Fprintf(w, "Prova: nulla è stato salvato. Il piano sarebbe %s (versione %d).\n", what, max(res.ReplacedVersion, 1))
	} else {
		fmt.Fprintf(w, "Piano %s (versione %d).\n", what, plan.Version.Number)
	}
	for _, n := range notes {
		fmt.Fprintln(w, n)
	}
	m := res.Match
	if m.Against != "" {
		fmt.Fprintf(w, "Confronto con %s: %s.\n", m.Against, matchWords(m))
	}
	for _, r := range m.AddedObjectives {
		fmt.Fprintf(w, "  + %s\n", objectiveRefWords(r))
	}
	for _, r := range m.RemovedObjectives {
		fmt.Fprintf(w, "  − %s\n", objectiveRefWords(r))
	}
	for _, n := range m.RemovedUnits {
		fmt.Fprintf(w, "  − unità «%s»: i suoi responsabili non la ritrovano; assegnarne una con performa user edit\n", n)
	}
	if len(res.Erased) > 0 {
		fmt.Fprintln(w, erasedHeading(len(res.Erased)))
		for _, ed := range res.Erased {
			who := ed.FullName
			if who == "" {
				who = ed.Actor
			}
			fmt.Fprintf(w, "  %s, %s: %s\n", ed.At.Local().Format("02/01/2006 15:04"), who, ed.Label)
		}
	}
	fmt.Fprintln(w)
}

// matchWords counts matched, added and removed elements in words.
func matchWords(m domain.ImportMatch) string {
	part := func(c domain.MatchCount, one, many string) string {
		return fmt.Sprintf("%s (%s, %s, %s)", pluralIt(c.Matched+c.Added, one, many),
			pluralIt(c.Matched, "riconosciuto", "riconosciuti"), pluralIt(c.Added, "nuovo", "nuovi"), pluralIt(c.Removed, "tolto", "tolti"))
	}
	s := fmt.Sprintf("%s (%s, %s, %s)", pluralIt(m.Units.Matched+m.Units.Added, "unità", "unità"),
		pluralIt(m.Units.Matched, "riconosciuta", "riconosciute"), pluralIt(m.Units.Added, "nuova", "nuove"), pluralIt(m.Units.Removed, "tolta", "tolte"))
	if m.Objectives.Matched+m.Objectives.Added+m.Objectives.Removed > 0 {
		s += "; " + part(m.Objectives, "obiettivo", "obiettivi") + "; " + part(m.Indicators, "indicatore", "indicatori")
	}
	return s
}

func objectiveRefWords(r domain.ElementRef) string {
	o := domain.Objective{Code: r.Code, Title: r.Title}
	return r.Unit + ", obiettivo " + o.Ref()
}

// pluralIt writes a count with its noun: "1 errore", "3 errori".
func pluralIt(n int, one, many string) string { return italian.Count(n, one, many) }

// erasedHeading introduces the edits made in performa that replacing the
// draft erases, the participle agreeing with their number.
func erasedHeading(n int) string {
	if n == 1 {
		return "Cancellata 1 modifica fatta in performa sulla bozza:"
	}
	return "Cancellate " + pluralIt(n, "modifica", "modifiche") + " fatte in performa sulla bozza:"
}
