package main

import (
	"context"
	"fmt"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/score"
)

func runValidate(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "validate", "validate --unit NOME --objective CODICE|#N --percent P --reason TESTO [--year N] [--db DSN]",
		"Registra la percentuale di raggiungimento validata dal Nucleo di Valutazione per un\n"+
			"obiettivo, con la motivazione. Il valore calcolato resta registrato accanto; i punteggi\n"+
			"usano quello validato.")
	db := dbFlag(fs)
	org := fs.String("organization", "", "nome dell'ente (se l'archivio ne contiene uno solo si può omettere)")
	unitQ := fs.String("unit", "", "unità: parte del nome o del nome del responsabile")
	objQ := fs.String("objective", "", "obiettivo: codice come scritto o #N per la posizione")
	percent := fs.Float64("percent", -1, "percentuale validata, da 0 a 100")
	reason := fs.String("reason", "", "motivazione")
	year := fs.Int("year", 0, "anno (predefinito: il primo del ciclo)")
	by := fs.String("by", "Nucleo di Valutazione", "chi valida")
	rest, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if !needArgs(e, fs, rest, 0, "") {
		return 2
	}
	if *unitQ == "" || *objQ == "" || *percent < 0 || *percent > 100 || *reason == "" {
		fmt.Fprintln(e.stderr, "performa validate: servono --unit, --objective, --percent (0–100) e --reason.")
		return 2
	}
	s, ok := openSession(ctx, e, *db, *org)
	if !ok {
		return 2
	}
	defer s.st.Close()
	_, o, u, err := locate(s.plan, *unitQ, *objQ, 0)
	if err != nil {
		fmt.Fprintln(e.stderr, "performa validate:", domain.ErrorMessage(err))
		return 2
	}
	y := *year
	if y == 0 {
		y = s.plan.Cycle.FirstYear
	}
	if !s.plan.Cycle.Contains(y) {
		fmt.Fprintf(e.stderr, "performa validate: il %d è fuori dal ciclo %d–%d.\n", y, s.plan.Cycle.FirstYear, s.plan.Cycle.LastYear)
		return 2
	}
	res, _, err := s.compute(ctx, y)
	if err != nil {
		fmt.Fprintln(e.stderr, "performa validate:", domain.ErrorMessage(err))
		return 2
	}
	v := domain.Validation{ObjectiveID: o.ID, Year: y, Computed: objectiveScore(res, o.ID).Computed,
		Percent: *percent, Reason: *reason, ValidatedBy: *by}
	if err := s.st.AddValidation(ctx, s.org.ID, &v); err != nil {
		fmt.Fprintln(e.stderr, "performa validate:", domain.ErrorMessage(err))
		return 2
	}
	computed := "non calcolato"
	if v.Computed != nil {
		computed = score.FormatPercent(*v.Computed)
	}
	fmt.Fprintf(e.stdout, "Validazione registrata: %s, obiettivo %s, anno %d: %s (calcolato: %s)\n  motivazione: %s\n",
		u.Name, objectiveLabel(o), y, score.FormatPercent(v.Percent), computed, v.Reason)
	return 0
}

func objectiveScore(res score.Result, id int64) score.ObjectiveScore {
	for _, u := range res.Units {
		for _, o := range u.Objectives {
			if o.Objective.ID == id {
				return o
			}
		}
	}
	return score.ObjectiveScore{}
}
