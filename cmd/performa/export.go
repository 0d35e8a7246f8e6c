package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
	"github.com/performa-pa/performa/internal/report"
)

func runExport(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "export", "export [--db DSN] [--organization NOME] [--format xlsx|ods|csv|json] [--output FILE]",
		"Scrive il piano più recente dell'ente salvato nell'archivio:\n"+
			"  json  il formato performa.plan/v1 (docs/plan-format.md): lo stesso di «performa check\n"+
			"        --format json», più gli identificativi (predefinito);\n"+
			"  xlsx  cartella di lavoro Excel, un foglio per unità, con pesi, totale e intestazione bloccata;\n"+
			"  ods   lo stesso per LibreOffice;\n"+
			"  csv   una tabella sola (separatore «;», UTF-8), con la colonna Unità.\n"+
			"Ogni formato si può reimportare con «performa import». Senza --output il piano va\n"+
			"sull'uscita standard; il formato si ricava dall'estensione di --output se --format manca.")
	db := dbFlag(fs)
	org := fs.String("organization", "", "nome dell'ente (se l'archivio ne contiene uno solo si può omettere)")
	format := fs.String("format", "", "formato: xlsx, ods, csv o `json`")
	output := fs.String("output", "", "`FILE` da scrivere (se manca: uscita standard)")
	rest, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	f, ok := exportFormat(e, *format, *output)
	if !needArgs(e, fs, rest, 0, "") || !ok {
		return 2
	}
	if *output == "" && f.Binary() && isTerminal(e.stdout) {
		fmt.Fprintf(e.stderr, "performa export: il formato %s non è testo: indicare --output FILE.%s, o reindirizzare l'uscita su un file.\n", f, f)
		return 2
	}
	st, ok := openStore(ctx, e, *db)
	if !ok {
		return 2
	}
	defer st.Close()
	o, ok := pickOrganization(ctx, e, st, *org)
	if !ok {
		return 2
	}
	plan, err := st.CurrentPlan(ctx, o.ID)
	if err != nil {
		fmt.Fprintln(e.stderr, "performa export:", domain.ErrorMessage(err))
		return 2
	}
	if *output == "" {
		err = report.Write(e.stdout, f, plan)
	} else {
		err = writeFileAtomic(*output, func(w io.Writer) error { return report.Write(w, f, plan) })
	}
	if err != nil {
		fmt.Fprintln(e.stderr, "performa export:", err)
		return 2
	}
	if *output != "" {
		fmt.Fprintf(e.stdout, "Piano scritto in %s (%s, %d unità, %d obiettivi).\n", *output, f, len(plan.Units), plan.Objectives())
	}
	return 0
}

// exportFormat picks the format: as given, else from the output's
// extension, else JSON.
func exportFormat(e *env, format, output string) (report.Format, bool) {
	if format == "" {
		ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(output), "."))
		for _, f := range report.Formats {
			if string(f) == ext {
				return f, true
			}
		}
		return report.JSONFormat, true
	}
	for _, f := range report.Formats {
		if string(f) == strings.ToLower(format) {
			return f, true
		}
	}
	fmt.Fprintf(e.stderr, "performa export: formato %q non previsto (ammessi: xlsx, ods, csv, json)\n", format)
	return "", false
}

// writeFileAtomic writes a file through a temporary file in the same
// folder, renamed when complete: a failed export leaves no half file.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".performa-export-*")
	if err != nil {
		return fmt.Errorf("impossibile scrivere in %s: %s", filepath.Dir(path), italian.FileError(err))
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("impossibile scrivere %s: %s", path, italian.FileError(err))
	}
	return nil
}

// isTerminal reports whether w is a terminal, where binary output is
// garbage.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
