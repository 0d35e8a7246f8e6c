package main

import (
	"context"
	"fmt"
	"time"

	"github.com/performa-pa/performa/internal/auth"
	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/score"
	"github.com/performa-pa/performa/internal/store"
)

// session is what measure, validate, score and cycle work on: the store,
// the organization, its plan in force, and the time now by the command's
// clock.
type session struct {
	st   *store.Store
	org  *domain.Organization
	plan *domain.Plan
	now  time.Time
}

func openSession(ctx context.Context, e *env, db, org string) (*session, bool) {
	st, ok := openStore(ctx, e, db)
	if !ok {
		return nil, false
	}
	o, ok := pickOrganization(ctx, e, st, org)
	if !ok {
		st.Close()
		return nil, false
	}
	p, err := planInForce(ctx, st, o.ID)
	if err != nil {
		fmt.Fprintln(e.stderr, "performa:", domain.ErrorMessage(err))
		st.Close()
		return nil, false
	}
	return &session{st, o, p, e.clock()}, true
}

// actor is who runs the command on the session's organization (actorOf,
// asUser).
func (s *session) actor(ctx context.Context, e *env, by string, roles ...domain.Role) (actor, error) {
	return actorOf(ctx, e, s.st, s.org.ID, by, asUser, roles...)
}

// planInForce loads the version people work on (domain.InForce): the
// approved one while a variation is still a draft.
func planInForce(ctx context.Context, st *store.Store, orgID int64) (*domain.Plan, error) {
	all, err := st.Versions(ctx, orgID)
	if err != nil {
		return nil, err
	}
	v, _, ok := domain.InForce(all)
	if !ok {
		return nil, domain.Errorf(domain.ENOTFOUND, "Non c'è ancora nessun piano per questo ente: importarne uno con «performa import FILE».")
	}
	return st.Plan(ctx, orgID, v.Version.ID)
}

// smvp is the organization's SMVP for the plan's cycle, or the default.
func (s *session) smvp(ctx context.Context) (domain.SMVP, int, error) {
	stored, err := s.st.SMVP(ctx, s.org.ID, s.plan.Cycle.ID)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return domain.DefaultSMVP(), 0, nil
	} else if err != nil {
		return domain.SMVP{}, 0, err
	}
	return stored.SMVP, stored.Version, nil
}

func runMeasure(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "measure", "measure --unit NOME --objective CODICE|#N --indicator N --date AAAA-MM-GG --value V [--note TESTO] [--evidence TESTO] [--db DSN]",
		"Registra una misurazione di un indicatore e mostra il grado di raggiungimento calcolato.\n"+
			"Il valore può essere un numero (1.234,5 o 12,5%), una data (30/09/2022), sì/no o testo.\n"+
			"Per un target non misurabile si indica la % a mano con --percent e la motivazione in --note.")
	db := dbFlag(fs)
	org := fs.String("organization", "", "nome dell'ente (se l'archivio ne contiene uno solo si può omettere)")
	unitQ := fs.String("unit", "", "unità: parte del nome o del nome del responsabile")
	objQ := fs.String("objective", "", "obiettivo: codice come scritto (3.1) o #N per la posizione")
	indN := fs.Int("indicator", 1, "posizione dell'indicatore nell'obiettivo (da 1)")
	day := fs.String("date", "", "data a cui si riferisce il valore, `AAAA-MM-GG`")
	value := fs.String("value", "", "valore misurato")
	percent := fs.Float64("percent", -1, "% di raggiungimento inserita a mano (target non misurabili)")
	note := fs.String("note", "", "nota (obbligatoria con --percent: la motivazione)")
	evidence := fs.String("evidence", "", "evidenza: protocollo, atto, documento")
	by := byFlag(fs)
	rest, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if !needArgs(e, fs, rest, 0, "") {
		return 2
	}
	date, err := time.Parse("2006-01-02", *day)
	if err != nil || *unitQ == "" || *objQ == "" || (*value == "" && *percent < 0) {
		fmt.Fprintln(e.stderr, "performa measure: servono --unit, --objective, --date AAAA-MM-GG e --value (o --percent).")
		return 2
	}
	if *percent >= 0 && *note == "" {
		fmt.Fprintln(e.stderr, "performa measure: una % inserita a mano richiede la motivazione in --note.")
		return 2
	}
	s, ok := openSession(ctx, e, *db, *org)
	if !ok {
		return 2
	}
	defer s.st.Close()
	in, o, u, err := locate(s.plan, *unitQ, *objQ, *indN)
	if err != nil {
		fmt.Fprintln(e.stderr, "performa measure:", domain.ErrorMessage(err))
		return 2
	}
	who, err := s.actor(ctx, e, *by, domain.RoleAdmin, domain.RoleManager)
	if err == nil && who.User != nil && who.User.Role == domain.RoleManager && !auth.Manages(who.User, u.Identity) {
		err = domain.Errorf(domain.EFORBIDDEN, "%s non è responsabile dell'unità «%s».", who.Label(), u.Name)
	}
	if err != nil {
		return fail(e, "measure", err)
	}
	m := score.ParseValue(*value)
	m.IndicatorID, m.Date, m.Note, m.Evidence, m.RecordedBy = in.ID, date, *note, *evidence, who.Name
	if *percent >= 0 {
		m.ManualAchievement = percent
	}
	cfg, _, err := s.smvp(ctx)
	if err != nil {
		fmt.Fprintln(e.stderr, "performa measure:", domain.ErrorMessage(err))
		return 2
	}
	history, err := s.st.Measurements(ctx, s.org.ID, s.plan.Version.ID)
	if err != nil {
		fmt.Fprintln(e.stderr, "performa measure:", domain.ErrorMessage(err))
		return 2
	}
	is := score.Indicator(in, date.Year(), append(forIndicator(history, in.ID), m), cfg)
	m.Achievement = is.Achievement
	if err := s.st.AddMeasurement(ctx, s.org.ID, &m); err != nil {
		return fail(e, "measure", err)
	}
	for _, w := range m.Warnings() {
		fmt.Fprintln(e.stderr, "performa measure: attenzione:", w)
	}
	fmt.Fprintf(e.stdout, "Misurazione registrata: %s, obiettivo %s, indicatore %d («%s»)\n", u.Name, objectiveLabel(o), in.Position, short(in.Description))
	fmt.Fprintf(e.stdout, "  %s: %s", date.Format("02/01/2006"), orDash(score.FormatValue(m)))
	if m.ManualAchievement != nil {
		fmt.Fprintf(e.stdout, " (%% a mano)")
	}
	fmt.Fprintln(e.stdout)
	if is.Target.Text != "" {
		fmt.Fprintf(e.stdout, "  target %d: %s\n", is.Target.Year, is.Target.Text)
	}
	if is.Achievement != nil {
		fmt.Fprintf(e.stdout, "  raggiungimento: %s (%s)\n", score.FormatPercent(*is.Achievement), is.How)
	} else {
		fmt.Fprintf(e.stdout, "  raggiungimento non calcolabile: %s\n", is.How)
	}
	return 0
}

// locate finds unit, objective and indicator in the plan.
func locate(p *domain.Plan, unitQ, objQ string, indN int) (*domain.Indicator, *domain.Objective, *domain.Unit, error) {
	u, err := findUnit(p, unitQ)
	if err != nil {
		return nil, nil, nil, err
	}
	o, err := findObjective(u, objQ)
	if err != nil {
		return nil, nil, nil, err
	}
	if indN == 0 {
		return nil, o, u, nil
	}
	in, err := findIndicator(o, indN)
	return in, o, u, err
}

func forIndicator(ms []domain.Measurement, id int64) []domain.Measurement {
	var out []domain.Measurement
	for _, m := range ms {
		if m.IndicatorID == id {
			out = append(out, m)
		}
	}
	return out
}

func short(s string) string {
	r := []rune(s)
	if len(r) <= 70 {
		return s
	}
	return string(r[:67]) + "…"
}
