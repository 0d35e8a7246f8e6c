package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/score"
)

func runValidate(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "validate", "validate --unit NOME --objective CODICE|#N (--percent P --reason TESTO | --confirm [--reason TESTO] | --neutralise --reason TESTO) [--year N] [--by NOME] [--db DSN]",
		"Registra la decisione del Nucleo di Valutazione su un obiettivo per un anno:\n"+
			"  --percent P --reason TESTO   la percentuale validata, con la motivazione; il valore\n"+
			"                               calcolato resta registrato accanto e i punteggi usano questa\n"+
			"  --confirm                    conferma il valore calcolato così com'è\n"+
			"  --neutralise --reason TESTO  obiettivo non valutabile (causa non imputabile all'unità):\n"+
			"                               esce dai punteggi dell'anno e il suo peso va agli altri\n"+
			"L'ultima decisione dell'anno è quella che conta. Esce con 0 se registrata, 1 se rifiutata\n"+
			"(anno chiuso, nulla da confermare, permessi), 2 se i dati non sono utilizzabili.")
	db := dbFlag(fs)
	org := fs.String("organization", "", "nome dell'ente (se l'archivio ne contiene uno solo si può omettere)")
	unitQ := fs.String("unit", "", "unità: parte del nome o del nome del responsabile")
	objQ := fs.String("objective", "", "obiettivo: codice come scritto o #N per la posizione")
	percent := fs.Float64("percent", -1, "percentuale validata, da 0 a 100")
	confirm := fs.Bool("confirm", false, "conferma il valore calcolato")
	neutralise := fs.Bool("neutralise", false, "neutralizza l'obiettivo (non valutabile), con --reason")
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
	modes := 0
	for _, on := range []bool{*percent >= 0, *confirm, *neutralise} {
		if on {
			modes++
		}
	}
	*reason = strings.Join(strings.Fields(*reason), " ")
	switch {
	case *unitQ == "" || *objQ == "" || modes != 1:
		fmt.Fprintln(e.stderr, "performa validate: servono --unit, --objective e una tra --percent P, --confirm e --neutralise.")
		return 2
	case *percent > 100:
		fmt.Fprintln(e.stderr, "performa validate: --percent va da 0 a 100.")
		return 2
	case !*confirm && *reason == "":
		fmt.Fprintln(e.stderr, "performa validate: serve la motivazione (--reason).")
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
	who, err := s.actor(ctx, e, *by, domain.RoleEvaluator, domain.RoleAdmin)
	if err != nil {
		return fail(e, "validate", err)
	}
	res, _, err := s.compute(ctx, y)
	if err != nil {
		return fail(e, "validate", err)
	}
	v := domain.Validation{ObjectiveID: o.ID, Year: y, Computed: objectiveScore(res, o.ID).Computed,
		Percent: *percent, Reason: *reason, ValidatedBy: who.Name}
	switch {
	case *confirm && v.Computed == nil:
		return fail(e, "validate", domain.Errorf(domain.ECONFLICT,
			"l'obiettivo %s non ha un valore calcolato nel %d da confermare: indica --percent o --neutralise.", objectiveLabel(o), y))
	case *confirm:
		v.Kind, v.Percent = domain.ValidationConfirmed, *v.Computed
	case *neutralise:
		v.Kind, v.Percent = domain.ValidationNeutralised, 0
	}
	if err := s.st.AddValidation(ctx, s.org.ID, &v); err != nil {
		return fail(e, "validate", err)
	}
	computed := "non calcolato"
	if v.Computed != nil {
		computed = score.FormatPercent(*v.Computed)
	}
	switch v.Kind {
	case domain.ValidationConfirmed:
		fmt.Fprintf(e.stdout, "Calcolato confermato: %s, obiettivo %s, anno %d: %s\n", u.Name, objectiveLabel(o), y, score.FormatPercent(v.Percent))
	case domain.ValidationNeutralised:
		fmt.Fprintf(e.stdout, "Obiettivo neutralizzato (non valutabile): %s, obiettivo %s, anno %d (calcolato: %s)\n"+
			"  esce dai punteggi dell'anno; il suo peso va agli altri obiettivi dell'unità\n", u.Name, objectiveLabel(o), y, computed)
	default:
		fmt.Fprintf(e.stdout, "Validazione registrata: %s, obiettivo %s, anno %d: %s (calcolato: %s)\n",
			u.Name, objectiveLabel(o), y, score.FormatPercent(v.Percent), computed)
	}
	fmt.Fprintf(e.stdout, "  motivazione: %s\n  da: %s\n", v.Reason, validatorLabel(v, who))
	return 0
}

// validatorLabel is who validated, with the full name the store found.
func validatorLabel(v domain.Validation, who actor) string {
	if v.ValidatorName != "" {
		return v.ValidatorName + " (" + v.ValidatedBy + ")"
	}
	return who.Label()
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
