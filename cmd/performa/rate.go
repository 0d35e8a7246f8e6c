package main

import (
	"context"
	"fmt"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/score"
)

func runRate(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "rate", "rate --manager NOME --percent P --reason TESTO [--year N] [--db DSN]",
		"Registra la valutazione dei comportamenti organizzativi di un responsabile per un anno\n"+
			"(0–100). Lo SMVP dice quanto pesa nel suo punteggio (manager_weights.behaviour).\n"+
			"È un dato personale.")
	db := dbFlag(fs)
	org := fs.String("organization", "", "nome dell'ente (se l'archivio ne contiene uno solo si può omettere)")
	manager := fs.String("manager", "", "responsabile: parte del nome, come scritto nel piano")
	percent := fs.Float64("percent", -1, "valutazione, da 0 a 100")
	reason := fs.String("reason", "", "motivazione")
	year := fs.Int("year", 0, "anno (predefinito: il primo del ciclo)")
	by := byFlag(fs)
	rest, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if !needArgs(e, fs, rest, 0, "") {
		return 2
	}
	if *manager == "" || *percent < 0 || *percent > 100 || *reason == "" {
		fmt.Fprintln(e.stderr, "performa rate: servono --manager, --percent (0–100) e --reason.")
		return 2
	}
	s, ok := openSession(ctx, e, *db, *org)
	if !ok {
		return 2
	}
	defer s.st.Close()
	u, err := findUnit(s.plan, *manager)
	if err != nil {
		fmt.Fprintln(e.stderr, "performa rate:", domain.ErrorMessage(err))
		return 2
	}
	y := *year
	if y == 0 {
		y = s.plan.Cycle.FirstYear
	}
	who, err := s.actor(ctx, e, *by, domain.RoleEvaluator, domain.RoleAdmin)
	if err != nil {
		return fail(e, "rate", err)
	}
	r := domain.BehaviourRating{CycleID: s.plan.Cycle.ID, Year: y, Manager: u.Manager, Percent: *percent, Reason: *reason, RatedBy: who.Name}
	if err := s.st.AddBehaviourRating(ctx, s.org.ID, &r); err != nil {
		return fail(e, "rate", err)
	}
	fmt.Fprintf(e.stdout, "Valutazione dei comportamenti registrata: %s, anno %d: %s\n", r.Manager, y, score.FormatPercent(r.Percent))
	return 0
}
