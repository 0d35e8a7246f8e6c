package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/performa-pa/performa/internal/closure"
	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
	"github.com/performa-pa/performa/internal/score"
)

// The cycle's actions, as the web's Amministrazione › Ciclo and
// Validazione pages do them, with the same rules and refusals: approve the
// draft with the delibera, start a variation, sign off a year, reopen it.

// runCycle dispatches the cycle subcommands.
func runCycle(ctx context.Context, e *env, args []string) int {
	sub := map[string]func(context.Context, *env, []string) int{
		"approve": runCycleApprove, "variation": runCycleVariation, "signoff": runCycleSignOff,
		"reopen": runCycleReopen, "show": runCycleShow,
	}
	return dispatch(ctx, e, "cycle", args, sub, []string{
		"  performa cycle approve --act N --date AAAA-MM-GG      approva la bozza del piano con la delibera",
		"  performa cycle variation --reason TESTO              crea una variazione del piano approvato",
		"  performa cycle signoff --year N                      chiude l'anno: i punteggi diventano definitivi",
		"  performa cycle reopen --year N --reason TESTO --act N --date AAAA-MM-GG   riapre un anno chiuso",
		"  performa cycle show                                  stato del ciclo, versioni, chiusure e riaperture",
		"",
		"Tutti accettano --by NOME (chi esegue), --db DSN e --organization NOME. Escono con 0 se",
		"l'operazione è fatta, 1 se è rifiutata (il motivo sullo standard error; nulla cambia),",
		"2 se i dati non sono utilizzabili.",
	})
}

// cycleFlags are the options every cycle subcommand takes.
type cycleFlags struct {
	db, org, by *string
}

func newCycleFlags(fs *flag.FlagSet) cycleFlags {
	return cycleFlags{db: dbFlag(fs), org: fs.String("organization", "", "nome dell'ente (se l'archivio ne contiene uno solo si può omettere)"),
		by: byFlag(fs)}
}

// session parses a cycle subcommand's arguments, checks them with valid
// (which says what is wrong), and opens the session; nil with the exit
// code when it cannot.
func (cf cycleFlags) session(ctx context.Context, e *env, fs *flag.FlagSet, args []string, valid func() bool) (*session, int) {
	rest, code, ok := parseArgs(fs, args)
	if !ok {
		return nil, code
	}
	if !needArgs(e, fs, rest, 0, "") || !valid() {
		return nil, 2
	}
	s, ok := openSession(ctx, e, *cf.db, *cf.org)
	if !ok {
		return nil, 2
	}
	return s, 0
}

// actDate reads the date of an act: AAAA-MM-GG, not in the future.
func actDate(e *env, cmd, s string) (time.Time, bool) {
	d, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		fmt.Fprintf(e.stderr, "performa %s: --date AAAA-MM-GG, per esempio 2022-01-28 (non «%s»).\n", cmd, s)
		return time.Time{}, false
	}
	n := e.clock().In(italian.Rome)
	if d.After(time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)) {
		fmt.Fprintf(e.stderr, "performa %s: la data dell'atto (%s) non può essere nel futuro.\n", cmd, d.Format("02/01/2006"))
		return time.Time{}, false
	}
	return d, true
}

func runCycleApprove(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "cycle approve", "cycle approve --act N --date AAAA-MM-GG [--by NOME] [--db DSN]",
		"Registra l'approvazione della Giunta della versione in bozza del piano (la prima, o una\n"+
			"variazione), con numero e data della delibera. Da approvata la versione è in sola lettura;\n"+
			"una variazione sostituisce la versione in vigore e ne riceve misurazioni e validazioni.")
	cf := newCycleFlags(fs)
	act := fs.String("act", "", "numero della delibera di approvazione")
	day := fs.String("date", "", "data della delibera, `AAAA-MM-GG`")
	var date time.Time
	s, code := cf.session(ctx, e, fs, args, func() bool {
		if strings.TrimSpace(*act) == "" {
			fmt.Fprintln(e.stderr, "performa cycle approve: serve il numero della delibera (--act N).")
			return false
		}
		var ok bool
		date, ok = actDate(e, "cycle approve", *day)
		return ok
	})
	if s == nil {
		return code
	}
	defer s.st.Close()
	who, err := s.actor(ctx, e, *cf.by, domain.RoleAdmin)
	if err != nil {
		return fail(e, "cycle approve", err)
	}
	versions, err := s.cycleVersions(ctx)
	if err != nil {
		return fail(e, "cycle approve", err)
	}
	v := versions[0].Version // the newest
	if v.Status != domain.VersionDraft {
		return fail(e, "cycle approve", domain.Errorf(domain.ECONFLICT,
			"non c'è una bozza da approvare: la versione %d del piano %d–%d è già approvata (per cambiarla: «performa cycle variation»).",
			v.Number, s.plan.Cycle.FirstYear, s.plan.Cycle.LastYear))
	}
	if err := s.st.ApproveVersion(ctx, s.org.ID, v.ID, *act, date, who.Name); err != nil {
		return fail(e, "cycle approve", err)
	}
	fmt.Fprintf(e.stdout, "Versione %d del piano %d–%d approvata con la delibera n. %s del %s: è il piano in vigore.\n",
		v.Number, s.plan.Cycle.FirstYear, s.plan.Cycle.LastYear, strings.TrimSpace(*act), date.Format("02/01/2006"))
	if v.Number > 1 {
		fmt.Fprintf(e.stdout, "  misurazioni e validazioni della versione %d passano a questa.\n", versions[1].Version.Number)
	}
	return 0
}

// cycleVersions are the versions of the session's cycle, newest first.
func (s *session) cycleVersions(ctx context.Context) ([]domain.PlanSummary, error) {
	all, err := s.st.Versions(ctx, s.org.ID)
	if err != nil {
		return nil, err
	}
	var out []domain.PlanSummary
	for _, v := range all {
		if v.Cycle.ID == s.plan.Cycle.ID {
			out = append(out, v)
		}
	}
	return out, nil
}

func runCycleVariation(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "cycle variation", "cycle variation --reason TESTO [--by NOME] [--db DSN]",
		"Crea una variazione del piano approvato (art. 10 c.3 D.Lgs 150/2009): una nuova versione in\n"+
			"bozza, copia di quella in vigore, da modificare e poi approvare con «performa cycle approve».\n"+
			"Il piano approvato resta in vigore, e il monitoraggio continua su di esso, fino ad allora.")
	cf := newCycleFlags(fs)
	reason := fs.String("reason", "", "motivo della variazione")
	s, code := cf.session(ctx, e, fs, args, func() bool {
		if strings.TrimSpace(*reason) == "" {
			fmt.Fprintln(e.stderr, "performa cycle variation: serve il motivo della variazione (--reason TESTO).")
			return false
		}
		return true
	})
	if s == nil {
		return code
	}
	defer s.st.Close()
	who, err := s.actor(ctx, e, *cf.by, domain.RoleAdmin)
	if err != nil {
		return fail(e, "cycle variation", err)
	}
	v, err := s.st.CreateVariation(ctx, s.org.ID, s.plan.Cycle.ID, *reason, who.Name)
	if err != nil {
		return fail(e, "cycle variation", err)
	}
	fmt.Fprintf(e.stdout, "Variazione creata: versione %d in bozza del piano %d–%d (motivo: %s).\n"+
		"  Il piano approvato resta in vigore finché la variazione non è approvata («performa cycle approve»).\n",
		v.Number, s.plan.Cycle.FirstYear, s.plan.Cycle.LastYear, v.Reason)
	return 0
}

// yearFlag checks --year: a year of the session's cycle.
func (s *session) yearFlag(e *env, cmd string, year int) bool {
	if year == 0 {
		fmt.Fprintf(e.stderr, "performa %s: indica l'anno con --year N.\n", cmd)
		return false
	}
	if !s.plan.Cycle.Contains(year) {
		fmt.Fprintf(e.stderr, "performa %s: il %d è fuori dal ciclo %d–%d.\n", cmd, year, s.plan.Cycle.FirstYear, s.plan.Cycle.LastYear)
		return false
	}
	return true
}

func runCycleSignOff(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "cycle signoff", "cycle signoff --year N [--by NOME] [--db DSN]",
		"Chiude un anno del ciclo per il Nucleo di Valutazione: i punteggi dell'anno diventano\n"+
			"definitivi e non si registrano più misurazioni né validazioni. È rifiutata, con l'elenco di\n"+
			"ciò che manca, finché il piano in vigore non è approvato, l'anno non è concluso, o un\n"+
			"obiettivo non ha un risultato (o una neutralizzazione) o un risultato non è validato.")
	cf := newCycleFlags(fs)
	year := fs.Int("year", 0, "anno da chiudere")
	s, code := cf.session(ctx, e, fs, args, func() bool { return true })
	if s == nil {
		return code
	}
	defer s.st.Close()
	if !s.yearFlag(e, "cycle signoff", *year) {
		return 2
	}
	who, err := s.actor(ctx, e, *cf.by, domain.RoleEvaluator, domain.RoleAdmin)
	if err != nil {
		return fail(e, "cycle signoff", err)
	}
	// The stamp first, then the data: the store refuses the sign-off if
	// anything changed after the stamp was read.
	stamp, err := s.st.VersionStamp(ctx, s.org.ID, s.plan.Version.ID)
	if err == nil {
		s.plan, err = s.st.Plan(ctx, s.org.ID, s.plan.Version.ID)
	}
	var res score.Result
	if err == nil {
		res, _, err = s.compute(ctx, *year)
	}
	var so *domain.SignOff
	if err == nil {
		so, err = closure.SignOff(ctx, s.st, s.org.ID, s.plan, res, stamp, who.Name)
	}
	var refusal *closure.Refusal
	if errors.As(err, &refusal) {
		fmt.Fprintf(e.stderr, "performa cycle signoff: %s\n", domain.ErrorMessage(err))
		if len(refusal.Gaps) > 0 {
			fmt.Fprintln(e.stderr, "Da completare:")
		}
		for _, g := range refusal.Gaps {
			fmt.Fprintf(e.stderr, "  - %s\n", g.Message)
		}
		return 1
	}
	if err != nil {
		return fail(e, "cycle signoff", err)
	}
	fmt.Fprintf(e.stdout, "Anno %d chiuso da %s: i punteggi sono definitivi.\n", so.Year, so.Signer())
	fmt.Fprintf(e.stdout, "  Ente (performance organizzativa): %s\n", pct(res.Organization.Score))
	for _, u := range res.Units {
		fmt.Fprintf(e.stdout, "  %s: %s\n", u.Unit.Name, pct(u.Score))
	}
	if so.Year == s.plan.Cycle.LastYear {
		fmt.Fprintf(e.stdout, "È l'ultimo anno: il ciclo %d–%d è chiuso.\n", s.plan.Cycle.FirstYear, s.plan.Cycle.LastYear)
	}
	return 0
}

func runCycleReopen(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "cycle reopen", "cycle reopen --year N --reason TESTO --act N --date AAAA-MM-GG [--by NOME] [--db DSN]",
		"Riapre un anno chiuso (solo un amministratore), con il motivo e l'atto che lo dispone: i\n"+
			"punteggi dell'anno non sono più definitivi fino alla prossima chiusura, e misurazioni e\n"+
			"validazioni si registrano di nuovo. Chiusure e riaperture restano nella storia dell'anno.")
	cf := newCycleFlags(fs)
	year := fs.Int("year", 0, "anno da riaprire")
	reason := fs.String("reason", "", "motivo della riapertura")
	act := fs.String("act", "", "numero dell'atto che dispone la riapertura")
	day := fs.String("date", "", "data dell'atto, `AAAA-MM-GG`")
	var date time.Time
	s, code := cf.session(ctx, e, fs, args, func() bool {
		if strings.TrimSpace(*reason) == "" || strings.TrimSpace(*act) == "" {
			fmt.Fprintln(e.stderr, "performa cycle reopen: servono il motivo (--reason TESTO) e il numero dell'atto (--act N).")
			return false
		}
		var ok bool
		date, ok = actDate(e, "cycle reopen", *day)
		return ok
	})
	if s == nil {
		return code
	}
	defer s.st.Close()
	if !s.yearFlag(e, "cycle reopen", *year) {
		return 2
	}
	who, err := s.actor(ctx, e, *cf.by, domain.RoleAdmin)
	if err != nil {
		return fail(e, "cycle reopen", err)
	}
	r := &domain.Reopening{CycleID: s.plan.Cycle.ID, Year: *year, Reason: *reason, ActNumber: *act, ActDate: date, By: who.Name}
	if err := s.st.ReopenYear(ctx, s.org.ID, r); err != nil {
		return fail(e, "cycle reopen", err)
	}
	fmt.Fprintf(e.stdout, "Anno %d riaperto (atto n. %s del %s, motivo: %s): i punteggi non sono più definitivi fino alla prossima chiusura.\n",
		r.Year, r.ActNumber, r.ActDate.Format("02/01/2006"), r.Reason)
	return 0
}

func runCycleShow(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "cycle show", "cycle show [--db DSN]", "Mostra il ciclo in vigore: stato, versioni del piano, anni chiusi e riaperti.")
	cf := newCycleFlags(fs)
	s, code := cf.session(ctx, e, fs, args, func() bool { return true })
	if s == nil {
		return code
	}
	defer s.st.Close()
	versions, err := s.cycleVersions(ctx)
	if err != nil {
		return fail(e, "cycle show", err)
	}
	history, err := s.st.YearHistory(ctx, s.org.ID, s.plan.Cycle.ID)
	if err != nil {
		return fail(e, "cycle show", err)
	}
	c := s.plan.Cycle
	fmt.Fprintf(e.stdout, "Ciclo %d–%d · %s · stato: %s; in vigore la versione %d\n", c.FirstYear, c.LastYear, s.org.Name,
		c.Status.Label(), s.plan.Version.Number)
	fmt.Fprintln(e.stdout, "\nVersioni:")
	for _, v := range versions {
		line := fmt.Sprintf("  %d: %s", v.Version.Number, v.Version.Status.Label())
		if v.Version.ActNumber != "" {
			line += ", delibera n. " + v.Version.ActNumber
		}
		if v.Version.ActDate != nil {
			line += " del " + v.Version.ActDate.Format("02/01/2006")
		}
		if v.Version.Reason != "" {
			line += " — " + v.Version.Reason
		}
		fmt.Fprintln(e.stdout, line)
	}
	fmt.Fprintln(e.stdout, "\nChiusure e riaperture:")
	if len(history) == 0 {
		fmt.Fprintln(e.stdout, "  nessuna")
	}
	for _, h := range history {
		switch h.Action {
		case domain.YearSignedOff:
			fmt.Fprintf(e.stdout, "  %s: %d chiuso da %s\n", h.At.In(italian.Rome).Format("02/01/2006 15:04"), h.Year, h.Who())
		case domain.YearReopened:
			fmt.Fprintf(e.stdout, "  %s: %d riaperto da %s (atto n. %s del %s): %s\n", h.At.In(italian.Rome).Format("02/01/2006 15:04"),
				h.Year, h.Who(), h.ActNumber, h.ActDate.Format("02/01/2006"), h.Reason)
		}
	}
	return 0
}
