package main

import (
	"context"
	"fmt"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/planjson"
)

func runExport(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "export", "export [--db DSN] [--organization NOME] --format json",
		"Stampa il piano più recente dell'ente salvato nell'archivio, nel formato JSON\n"+
			"performa.plan/v1 (docs/plan-format.md): lo stesso di «performa check --format json»,\n"+
			"più gli identificativi.")
	db := dbFlag(fs)
	org := fs.String("organization", "", "nome dell'ente (se l'archivio ne contiene uno solo si può omettere)")
	format := fs.String("format", "json", "formato: `json`")
	rest, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if !needArgs(e, fs, rest, 0, "") || !validFormat(e, "export", *format, "json") {
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
	if err := planjson.Encode(e.stdout, plan); err != nil {
		fmt.Fprintln(e.stderr, "performa export:", err)
		return 2
	}
	return 0
}
