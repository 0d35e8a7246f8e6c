package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
)

func runSMVP(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "smvp", "smvp export|import [FILE] [--db DSN] [--organization NOME]",
		"Il Sistema di Misurazione e Valutazione della Performance dell'ente per il ciclo del\n"+
			"piano corrente, come file JSON (docs/smvp.md).\n"+
			"  export         stampa lo SMVP in vigore (quello predefinito se l'ente non ne ha salvato)\n"+
			"  import FILE    salva il FILE come nuova versione dello SMVP del ciclo")
	db := dbFlag(fs)
	org := fs.String("organization", "", "nome dell'ente (se l'archivio ne contiene uno solo si può omettere)")
	rest, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if len(rest) == 0 || (rest[0] != "export" && rest[0] != "import") ||
		(rest[0] == "export" && len(rest) != 1) || (rest[0] == "import" && len(rest) != 2) {
		fmt.Fprintln(e.stderr, "performa smvp: usare «smvp export» oppure «smvp import FILE».")
		fs.Usage()
		return 2
	}
	s, ok := openSession(ctx, e, *db, *org)
	if !ok {
		return 2
	}
	defer s.st.Close()
	if rest[0] == "export" {
		cfg, _, err := s.smvp(ctx)
		if err != nil {
			fmt.Fprintln(e.stderr, "performa smvp:", domain.ErrorMessage(err))
			return 2
		}
		writeJSON(e.stdout, cfg)
		return 0
	}
	data, err := os.ReadFile(rest[1])
	if err != nil {
		fmt.Fprintf(e.stderr, "performa smvp: %s non leggibile.\n", rest[1])
		return 2
	}
	var cfg domain.SMVP
	if err := json.Unmarshal(data, &cfg); err != nil {
		fmt.Fprintf(e.stderr, "performa smvp: %s non è uno SMVP in JSON valido: %s.\n", rest[1], italian.JSONError(err, data))
		return 2
	}
	st, err := s.st.SaveSMVP(ctx, s.org.ID, s.plan.Cycle.ID, cfg, "cli")
	if err != nil {
		fmt.Fprintln(e.stderr, "performa smvp:", domain.ErrorMessage(err))
		return 2
	}
	fmt.Fprintf(e.stdout, "SMVP salvato: ciclo %d–%d, versione %d.\n", s.plan.Cycle.FirstYear, s.plan.Cycle.LastYear, st.Version)
	return 0
}
