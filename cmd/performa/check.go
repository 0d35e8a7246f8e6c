package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/ingest"
	"github.com/performa-pa/performa/internal/italian"
	"github.com/performa-pa/performa/internal/planjson"
	"github.com/performa-pa/performa/internal/quality"
)

func runCheck(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "check", "check FILE [--format text|json] [--organization NOME] [--map MAPPA | --suggest-map] [--first-year AAAA] [--force]",
		"Legge il piano dal FILE (XLSX, ODS, CSV, testo delimitato da tabulazioni o JSON di performa,\n"+
			"riconosciuti dal contenuto) e mostra, per ogni foglio, unità, responsabile, obiettivi e pesi,\n"+
			"poi le segnalazioni. Non salva nulla. Esce con 0 se non ci sono errori, 1 se il piano\n"+
			"contiene errori, 2 se il file non si può usare. Con --suggest-map stampa invece la mappatura\n"+
			"che performa ha dedotto (JSON), da correggere e ripassare con --map. In fondo dice se\n"+
			"performa import lo salverebbe, e se serve --force (un piano vuoto o tagliato).")
	format := fs.String("format", "text", "formato dell'uscita: `text` o json")
	org := fs.String("organization", "", "nome dell'ente (se manca, dedotto dal testo)")
	mapFile := mapFlag(fs)
	firstYear := firstYearFlag(fs)
	suggest := fs.Bool("suggest-map", false, "stampa la mappatura dedotta dal file (JSON) invece del piano")
	force := forceFlag(fs)
	files, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if !validFirstYear(e, "check", *firstYear) {
		return 2
	}
	if !needArgs(e, fs, files, 1, "il FILE da leggere") || !validFormat(e, "check", *format, "text", "json") {
		return 2
	}
	if *suggest {
		return suggestMap(e, files[0], *org, *mapFile, *firstYear)
	}
	plan, err := parseFile(e, files[0], *org, *mapFile, *firstYear)
	if err != nil {
		fmt.Fprintln(e.stderr, domain.ErrorMessage(err))
		return 2
	}
	if *format == "json" {
		if err := planjson.Encode(e.stdout, plan); err != nil {
			fmt.Fprintln(e.stderr, err)
			return 2
		}
	} else {
		writeSummary(e.stdout, plan)
		writeDiagnostics(e.stdout, plan.Diagnostics)
		switch blocking := ingest.Blocking(plan); {
		case len(blocking) == 0:
			fmt.Fprintln(e.stdout, "\nImportazione: possibile.")
		case *force:
			fmt.Fprintf(e.stdout, "\nImportazione: possibile con --force, nonostante %s.\n", ingest.BlockingText(blocking))
		default:
			fmt.Fprintf(e.stdout, "\nImportazione: rifiutata senza --force, perché %s.\n", ingest.BlockingText(blocking))
		}
	}
	if domain.HasErrors(plan.Diagnostics) {
		return 1
	}
	return 0
}

// parseFile reads and parses a plan file, naming the file in every error,
// and reviews it: targets understood, plan quality among the diagnostics.
// Reading a large file shows its progress on a terminal.
func parseFile(e *env, path, org, mapFile string, firstYear int) (*domain.Plan, error) {
	data, err := readInput(path)
	if err != nil {
		return nil, err
	}
	opts := ingest.Options{Organization: org, FirstYear: firstYear}
	if opts.Mapping, err = readMapping(mapFile); err != nil {
		return nil, err
	}
	if len(data) > progressSize && isTerminal(e.stderr) {
		name := filepath.Base(path)
		opts.Progress = func(percent int) {
			fmt.Fprintf(e.stderr, "\rLettura di %s: %d%%", name, percent)
			if percent == 100 {
				fmt.Fprint(e.stderr, " — analisi del piano…")
			}
		}
		defer fmt.Fprintf(e.stderr, "\r%s\r", strings.Repeat(" ", len(name)+50))
	}
	p, err := ingest.Parse(filepath.Base(path), data, opts)
	if err != nil {
		return nil, err
	}
	quality.Review(p)
	return p, nil
}

// progressSize is the size of file from which reading shows its progress.
const progressSize = 4 << 20

// readInput reads a file whole, within the size limit of every format
// (ingest.MaxFileSize).
func readInput(path string) ([]byte, error) {
	st, err := os.Stat(path)
	switch {
	case err != nil:
		return nil, domain.Errorf(domain.EINVALID, "%s: file non trovato o non leggibile.", path)
	case st.IsDir():
		return nil, domain.Errorf(domain.EINVALID, "%s è una cartella, non un file.", path)
	}
	if st.Size() > ingest.MaxFileSize {
		return nil, ingest.TooLarge(path, st.Size())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, domain.Errorf(domain.EINVALID, "%s: lettura non riuscita: %s.", path, italian.FileError(err))
	}
	return data, nil
}

// validFirstYear refuses a --first-year that is not a year.
func validFirstYear(e *env, cmd string, y int) bool {
	if y != 0 && (y < 1900 || y > 2199) {
		fmt.Fprintf(e.stderr, "performa %s: --first-year %d non è un anno (ad es. 2023)\n", cmd, y)
		return false
	}
	return true
}

func validFormat(e *env, cmd, got string, allowed ...string) bool {
	for _, a := range allowed {
		if got == a {
			return true
		}
	}
	fmt.Fprintf(e.stderr, "performa %s: formato %q non previsto (ammessi: %v)\n", cmd, got, allowed)
	return false
}

// firstYearFlag declares --first-year, the plan's first year for targets
// written relative to it («Target primo anno») or with no year.
func firstYearFlag(fs *flag.FlagSet) *int {
	return fs.Int("first-year", 0, "primo anno del piano (`AAAA`), per i target scritti come «primo/secondo/terzo anno» o senza anno, se il file non lo dice")
}

// mapFlag declares --map, the mapping file that says how to read the plan.
func mapFlag(fs *flag.FlagSet) *string {
	return fs.String("map", "", "file JSON (`MAPPA`) che dice quali tabelle leggere e che cosa contiene ogni colonna (vedi --suggest-map)")
}

// readMapping reads a mapping file; none when path is empty.
func readMapping(path string) (*ingest.Mapping, error) {
	if path == "" {
		return nil, nil
	}
	st, err := os.Stat(path)
	if err != nil || st.IsDir() {
		return nil, domain.Errorf(domain.EINVALID, "%s: file di mappatura non trovato o non leggibile.", path)
	}
	if st.Size() > ingest.MaxMappingSize {
		return nil, domain.Errorf(domain.EINVALID, "%s: il file di mappatura è troppo grande.", path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, domain.Errorf(domain.EINVALID, "%s: lettura non riuscita: %s.", path, italian.FileError(err))
	}
	return ingest.ParseMapping(path, data)
}

// suggestMap prints the mapping detection infers for a file (or, with
// --map, the mapping as it reads it back).
func suggestMap(e *env, path, org, mapFile string, firstYear int) int {
	if mapFile != "" {
		fmt.Fprintln(e.stderr, "performa check: --suggest-map e --map non vanno insieme: la mappatura dedotta è quella senza --map.")
		return 2
	}
	data, err := readInput(path)
	if err == nil {
		var m *ingest.Mapping
		if m, err = ingest.Suggest(filepath.Base(path), data, ingest.Options{Organization: org, FirstYear: firstYear}); err == nil {
			err = m.Encode(e.stdout)
		}
	}
	if err != nil {
		fmt.Fprintln(e.stderr, domain.ErrorMessage(err))
		return 2
	}
	return 0
}
