package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/ingest"
	"github.com/performa-pa/performa/internal/planjson"
	"github.com/performa-pa/performa/internal/quality"
)

func runCheck(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "check", "check FILE [--format text|json] [--organization NOME]",
		"Legge il piano dal FILE e mostra, per ogni foglio, unità, responsabile, obiettivi e pesi,\n"+
			"poi le segnalazioni. Non salva nulla. Esce con 0 se non ci sono errori, 1 se il piano\n"+
			"contiene errori, 2 se il file non si può usare.")
	format := fs.String("format", "text", "formato dell'uscita: `text` o json")
	org := fs.String("organization", "", "nome dell'ente (se manca, dedotto dal testo)")
	files, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if !needArgs(e, fs, files, 1, "il FILE da leggere") || !validFormat(e, "check", *format, "text", "json") {
		return 2
	}
	plan, err := parseFile(files[0], *org)
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
	}
	if domain.HasErrors(plan.Diagnostics) {
		return 1
	}
	return 0
}

// parseFile reads and parses a plan file, naming the file in every error,
// and reviews it: targets understood, plan quality among the diagnostics.
func parseFile(path, org string) (*domain.Plan, error) {
	data, err := readInput(path)
	if err != nil {
		return nil, err
	}
	p, err := ingest.Parse(filepath.Base(path), data, ingest.Options{Organization: org})
	if err != nil {
		return nil, err
	}
	quality.Review(p)
	return p, nil
}

func readInput(path string) ([]byte, error) {
	st, err := os.Stat(path)
	switch {
	case err != nil:
		return nil, domain.Errorf(domain.EINVALID, "%s: file non trovato o non leggibile.", path)
	case st.IsDir():
		return nil, domain.Errorf(domain.EINVALID, "%s è una cartella, non un file.", path)
	case st.Size() > ingest.MaxTextSize:
		return nil, domain.Errorf(domain.EINVALID, "%s: il file è di %.1f MB, oltre il limite di %d MB per un piano.",
			path, float64(st.Size())/(1<<20), ingest.MaxTextSize>>20)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, domain.Errorf(domain.EINVALID, "%s: lettura non riuscita: %v", path, err)
	}
	return data, nil
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
