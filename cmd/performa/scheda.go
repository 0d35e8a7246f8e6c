package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/performa-pa/performa/internal/document"
	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/evaluation"
	"github.com/performa-pa/performa/internal/italian"
)

// The steps of «performa scheda», with the workflow step each runs.
var schedaSteps = map[string]evaluation.Step{
	"deliver": evaluation.StepDeliver, "acknowledge": evaluation.StepAcknowledge,
	"review": evaluation.StepReview, "finalise": evaluation.StepFinalize,
}

func runScheda(ctx context.Context, e *env, args []string) int {
	if len(args) > 0 {
		switch args[0] {
		case "create", "show", "rate", "assign", "list":
			return runSchedaCmd(ctx, e, args[0], args[1:])
		}
		if _, ok := schedaSteps[args[0]]; ok {
			return runSchedaCmd(ctx, e, args[0], args[1:])
		}
	}
	w, code := e.stderr, 2
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		w, code = e.stdout, 0
	} else if len(args) > 0 {
		fmt.Fprintf(w, "performa scheda: comando sconosciuto %q\n\n", args[0])
	}
	fmt.Fprintln(w, "Uso (le schede di valutazione del personale; dati personali):")
	fmt.Fprintln(w, "  performa scheda create --year N (--matricola M | --all) [--by NOME]")
	fmt.Fprintln(w, "  performa scheda show --year N --matricola M [--format text|json|pdf] [--output FILE.pdf] [--by NOME]")
	fmt.Fprintln(w, "  performa scheda rate --year N --matricola M [--behaviour CODICE=VALORE]... [--individual P | --objective \"TITOLO; PESO; RAGGIUNTO\"...] [--comment TESTO] [--by NOME]")
	fmt.Fprintln(w, "  performa scheda assign --year N --matricola M (--evaluator NOME | --by-role) [--by NOME] (l'amministratore: chi valuta)")
	fmt.Fprintln(w, "  performa scheda deliver --year N --matricola M [--by NOME]          (chi valuta: consegna)")
	fmt.Fprintln(w, "  performa scheda acknowledge --year N --matricola M [--by NOME]      (la persona: presa visione)")
	fmt.Fprintln(w, "  performa scheda review --year N --matricola M --text TESTO [--by NOME] (la persona: richiesta di riesame)")
	fmt.Fprintln(w, "  performa scheda finalise --year N --matricola M [--answer TESTO] [--by NOME] (chi valuta: definitiva)")
	fmt.Fprintln(w, "  performa scheda list --year N [--format text|json] [--by NOME]")
	fmt.Fprintln(w, "Esce con 0 se fatto, 1 se rifiutato (il motivo in italiano), 2 se il comando non è usabile.")
	return code
}

var schedaAbout = map[string]string{
	"create": "Crea la scheda di valutazione di una persona del personale (o, con --all, di tutte quelle che chi\n" +
		"esegue valuta e che non l'hanno ancora), in bozza: componenti e pesi del ruolo secondo lo SMVP, la\n" +
		"parte dei risultati dai punteggi validati. La crea l'amministratore o chi valuta la persona.",
	"show": "Mostra una scheda: componenti, pesi, punteggi e come sono calcolati, comportamenti, stato e date.\n" +
		"La vedono la persona, chi la valuta, il responsabile della sua unità, il Nucleo (per EQ e Segretario)\n" +
		"e l'amministratore.",
	"rate": "Nella bozza, chi valuta registra i comportamenti (CODICE=VALORE sulla scala dello SMVP), il punteggio\n" +
		"degli obiettivi individuali (--individual) oppure il loro elenco (--objective, uno per obiettivo, con\n" +
		"peso e raggiungimento: il punteggio è la media pesata) e un commento; la scheda si ricalcola.",
	"assign": "L'amministratore nomina chi valuta la persona (--evaluator: un responsabile, il Nucleo o un\n" +
		"amministratore, mai la persona stessa) al posto del ruolo che lo SMVP indica, o torna al ruolo\n" +
		"(--by-role). Solo sulla bozza.",
	"deliver":     "Chi valuta consegna la scheda completa alla persona.",
	"acknowledge": "La persona valutata, con il proprio utente, prende visione della scheda consegnata (con la data).",
	"review":      "La persona valutata chiede il riesame, con i motivi, entro i giorni dallo SMVP dalla presa visione.",
	"finalise": "Chi valuta rende la scheda definitiva, dopo la chiusura dell'anno: con la risposta (obbligatoria)\n" +
		"se è stato chiesto il riesame, altrimenti passati i giorni per chiederlo.",
	"list": "Elenca il personale dell'anno che chi esegue può vedere, con lo stato e il punteggio della scheda.",
}

func runSchedaCmd(ctx context.Context, e *env, sub string, args []string) int {
	cmd := "scheda " + sub
	fs := newFlags(e, cmd, cmd+" --year N --matricola M [--by NOME] [--db DSN]", schedaAbout[sub])
	db := dbFlag(fs)
	org := fs.String("organization", "", "nome dell'ente (se l'archivio ne contiene uno solo si può omettere)")
	year := fs.Int("year", 0, "anno (predefinito: il primo del ciclo)")
	by := byFlag(fs)
	var matricola, format, text, output *string
	var all *bool
	var behaviours, objectives stringList
	var individual, comment, evaluator *string
	var byRole *bool
	if sub != "list" {
		matricola = fs.String("matricola", "", "matricola `M` della persona")
	}
	switch sub {
	case "show":
		format = fs.String("format", "text", "formato dell'uscita: `text`, json o pdf (la scheda da firmare, con --output)")
		output = fs.String("output", "", "`FILE`.pdf da scrivere con --format pdf")
	case "list":
		format = fs.String("format", "text", "formato dell'uscita: `text` o json")
	case "create":
		all = fs.Bool("all", false, "tutte le persone che chi esegue valuta, senza scheda")
	case "rate":
		fs.Var(&behaviours, "behaviour", "comportamento `CODICE=VALORE` (ripetibile)")
		individual = fs.String("individual", "", "punteggio degli obiettivi individuali, `P` da 0 a 100")
		fs.Var(&objectives, "objective", "obiettivo individuale `\"TITOLO; PESO; RAGGIUNTO\"` (ripetibile; i pesi sommano a 100, il punteggio è la media pesata)")
		comment = fs.String("comment", "", "commento del valutatore")
	case "assign":
		evaluator = fs.String("evaluator", "", "utente `NOME` che valuta la persona")
		byRole = fs.Bool("by-role", false, "chi valuta secondo il ruolo, come nello SMVP")
	case "review":
		text = fs.String("text", "", "i motivi della richiesta di riesame")
	case "finalise":
		text = fs.String("answer", "", "la risposta del valutatore (obbligatoria se è stato chiesto il riesame)")
	}
	rest, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	formats := []string{"text", "json"}
	if sub == "show" {
		formats = append(formats, "pdf")
	}
	if !needArgs(e, fs, rest, 0, "") || (format != nil && !validFormat(e, cmd, *format, formats...)) {
		return 2
	}
	if output != nil && (*format == "pdf") != (*output != "") {
		fmt.Fprintf(e.stderr, "performa %s: il PDF si scrive su un file: --format pdf --output FILE.pdf, insieme.\n", cmd)
		return 2
	}
	wantOne := matricola != nil && (all == nil || !*all)
	if wantOne && *matricola == "" {
		fmt.Fprintf(e.stderr, "performa %s: indica la persona con --matricola M%s.\n", cmd, map[bool]string{true: " o --all", false: ""}[all != nil])
		return 2
	}
	if all != nil && *all && *matricola != "" {
		fmt.Fprintf(e.stderr, "performa %s: --matricola e --all si escludono.\n", cmd)
		return 2
	}
	if sub == "assign" && (*evaluator == "") == !*byRole {
		fmt.Fprintf(e.stderr, "performa %s: indica --evaluator NOME oppure --by-role.\n", cmd)
		return 2
	}
	rating := evaluation.Rating{}
	if sub == "rate" {
		var err error
		if rating, err = parseRating(behaviours, objectives, *individual, *comment); err != nil {
			return fail(e, cmd, err)
		}
	}
	s, y, ok := openYear(ctx, e, cmd, *db, *org, *year)
	if !ok {
		return 2
	}
	defer s.st.Close()
	who, err := s.actor(ctx, e, *by)
	if err == nil && who.User == nil {
		err = domain.Errorf(domain.EINVALID, "«%s» non è un utente dell'ente: le schede si usano con un utente (performa user add).", who.Name)
	}
	if err != nil {
		return fail(e, cmd, err)
	}
	d, err := s.desk(ctx, y)
	if err != nil {
		return fail(e, cmd, err)
	}
	u := who.User
	switch sub {
	case "list":
		rows, err := d.Visible(ctx, u)
		if err != nil {
			return fail(e, cmd, err)
		}
		if *format == "json" {
			out := []evaluation.Doc{}
			for _, r := range rows {
				out = append(out, evaluation.Document(d, r.Member, r.Scheda))
			}
			return jsonOut(e, cmd, map[string]any{"year": y, "people": out})
		}
		fmt.Fprintf(e.stdout, "Schede %d visibili a %s: %s\n", y, who.Label(), italian.Count(len(rows), "persona", "persone"))
		for _, r := range rows {
			status, total := "senza scheda", "—"
			if r.Scheda != nil {
				status, total = r.Scheda.Status.Label(), pct(r.Scheda.Total)
			}
			fmt.Fprintf(e.stdout, "  %-8s %-28s %-22s %-22s %s\n", r.Member.Matricola, r.Member.FullName(),
				evaluation.RoleLabel(evaluation.RoleOf(r.Member)), status, total)
		}
		return 0
	case "create":
		if *all {
			return createAll(ctx, e, d, who)
		}
	}
	m, sc, err := d.Open(ctx, u, *matricola)
	if err != nil {
		return fail(e, cmd, err)
	}
	switch sub {
	case "show":
		if sc == nil {
			return fail(e, cmd, domain.Errorf(domain.ENOTFOUND, "%s (matricola %s) non ha ancora la scheda %d.", m.FullName(), m.Matricola, y))
		}
		switch *format {
		case "json":
			return jsonOut(e, cmd, evaluation.Document(d, m, sc))
		case "pdf":
			return schedaPDF(e, cmd, *output, document.SchedaOf(d, s.org.Name, m, sc, s.now))
		}
		writeScheda(e.stdout, d, m, sc)
		return 0
	case "create":
		sc, err = d.Create(ctx, u, m)
	case "rate":
		sc, err = d.Rate(ctx, u, m, rating)
	case "assign":
		var named *domain.User
		if *evaluator != "" {
			if named, err = s.st.UserByName(ctx, u.OrganizationID, *evaluator); domain.ErrorCode(err) == domain.ENOTFOUND {
				err = domain.Errorf(domain.EINVALID, "«%s» non è un utente dell'ente (performa user list).", *evaluator)
			}
		}
		if err == nil {
			sc, err = d.Assign(ctx, u, m, named)
		}
	default:
		t := ""
		if text != nil {
			t = *text
		}
		sc, err = d.Step(ctx, u, m, schedaSteps[sub], t)
	}
	if err != nil {
		return fail(e, cmd, err)
	}
	fmt.Fprintf(e.stdout, "Scheda %d di %s (matricola %s): %s, punteggio %s.\n", y, m.FullName(), m.Matricola, sc.Status.Label(), pct(sc.Total))
	if sub == "rate" || sub == "create" {
		fmt.Fprintf(e.stdout, "  %s\n", sc.How)
	}
	if sub == "assign" {
		fmt.Fprintf(e.stdout, "  Chi valuta: %s.\n", evaluation.EvaluatorOf(d.Rule, sc))
	}
	return 0
}

func jsonOut(e *env, cmd string, v any) int {
	if err := writeJSON(e.stdout, v); err != nil {
		return fail(e, cmd, err)
	}
	return 0
}

// createAll creates the drafts of everyone the actor evaluates who has
// none yet.
func createAll(ctx context.Context, e *env, d *evaluation.Desk, who actor) int {
	made, err := d.CreateAll(ctx, who.User)
	if err != nil {
		return fail(e, "scheda create", err)
	}
	fmt.Fprintf(e.stdout, "Schede %d create: %d (in bozza).\n", d.Year, made)
	return 0
}

// parseRating reads --behaviour CODE=VALUE, --individual, --objective
// "TITLE; WEIGHT; ACHIEVED" and --comment.
func parseRating(behaviours, objectives []string, individual, comment string) (evaluation.Rating, error) {
	r := evaluation.Rating{Behaviours: map[string]int{}, Comment: comment}
	for _, b := range behaviours {
		code, val, ok := strings.Cut(b, "=")
		v, err := strconv.Atoi(strings.TrimSpace(val))
		if !ok || err != nil || strings.TrimSpace(code) == "" {
			return r, domain.Errorf(domain.EINVALID, "--behaviour %q: scrivi CODICE=VALORE, per esempio qualita=4.", b)
		}
		r.Behaviours[strings.TrimSpace(code)] = v
	}
	var err error
	if r.Individual, err = evaluation.ParseScore(individual); err != nil {
		return r, err
	}
	for _, line := range objectives {
		o, err := evaluation.ParseObjective(line)
		if err != nil {
			return r, domain.Errorf(domain.EINVALID, "--objective %q: %s", line, domain.ErrorMessage(err))
		}
		r.Objectives = append(r.Objectives, o)
	}
	if err := evaluation.CheckObjectives(r.Objectives); err != nil {
		return r, err
	}
	if len(r.Behaviours) == 0 && r.Individual == nil && r.Objectives == nil && strings.TrimSpace(comment) == "" {
		return r, domain.Errorf(domain.EINVALID, "Niente da registrare: indica --behaviour, --individual, --objective o --comment.")
	}
	return r, nil
}

// desk is the schede of a year with the SMVP's rule and the year's scores.
func (s *session) desk(ctx context.Context, year int) (*evaluation.Desk, error) {
	cfg, _, err := s.smvp(ctx)
	if err != nil {
		return nil, err
	}
	res, _, err := s.compute(ctx, year)
	if err != nil {
		return nil, err
	}
	return &evaluation.Desk{Store: s.st, OrgID: s.org.ID, Year: year, Rule: cfg.EvaluationRule(), Scores: res, Now: s.now}, nil
}

func writeScheda(w io.Writer, d *evaluation.Desk, m domain.StaffMember, sc *domain.Scheda) {
	fmt.Fprintf(w, "Scheda di valutazione %d · %s (matricola %s) · %s · %s\n", d.Year, m.FullName(), m.Matricola,
		evaluation.RoleLabel(sc.Role), orDash(m.Unit.Name))
	fmt.Fprintf(w, "Stato: %s", sc.Status.Label())
	for _, st := range []struct {
		label string
		at    string
	}{{"consegnata il", dateOf(sc.DeliveredAt)}, {"presa visione il", dateOf(sc.AcknowledgedAt)},
		{"riesame chiesto il", dateOf(sc.ReviewAt)}, {"definitiva il", dateOf(sc.FinalAt)}} {
		if st.at != "" {
			fmt.Fprintf(w, " · %s %s", st.label, st.at)
		}
	}
	fmt.Fprintln(w)
	if sc.Status == domain.SchedaAcknowledged {
		fmt.Fprintf(w, "Il riesame si può chiedere fino al %s.\n", d.ReviewUntil(sc).In(italian.Rome).Format("02/01/2006"))
	}
	fmt.Fprintln(w, "\nComponenti")
	for _, c := range sc.Body.Components {
		fmt.Fprintf(w, "  %-24s peso %-7s %-8s %s\n", evaluation.ComponentLabel(c.Component), italian.Percent(c.Weight, 2), pct(c.Score), c.How)
	}
	fmt.Fprintf(w, "Punteggio: %s (%s)\n", pct(sc.Total), sc.How)
	if len(sc.Body.Objectives) > 0 {
		fmt.Fprintln(w, "\nObiettivi individuali (peso · raggiungimento)")
		for _, o := range sc.Body.Objectives {
			fmt.Fprintf(w, "  %s · %s · %s\n", o.Title, italian.Percent(o.Weight, 2), italian.Percent(o.Achieved, 2))
		}
	}
	fmt.Fprintf(w, "\nComportamenti (scala %d–%d)\n", d.Rule.Scale.Min, d.Rule.Scale.Max)
	for _, b := range d.Rule.Behaviours {
		v, ok := sc.Body.Behaviours[b.Code]
		if !ok {
			fmt.Fprintf(w, "  %-14s %s: da valutare\n", b.Code, b.Name)
			continue
		}
		fmt.Fprintf(w, "  %-14s %s: %d (%s)\n", b.Code, b.Name, v, b.Descriptors[strconv.Itoa(v)])
	}
	for _, t := range []struct{ label, text string }{{"Commento del valutatore", sc.Body.Comment},
		{"Richiesta di riesame", sc.Body.Review}, {"Risposta del valutatore", sc.Body.Answer}} {
		if t.text != "" {
			fmt.Fprintf(w, "\n%s: %s\n", t.label, t.text)
		}
	}
}

// dateOf is a moment as an Italian date, "" for none.
func dateOf(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.In(italian.Rome).Format("02/01/2006")
}

// openYear opens the session of a command working on a year of the cycle
// (--year; 0: the first), refusing one outside it.
func openYear(ctx context.Context, e *env, cmd, db, org string, year int) (*session, int, bool) {
	s, ok := openSession(ctx, e, db, org)
	if !ok {
		return nil, 0, false
	}
	if year == 0 {
		year = s.plan.Cycle.FirstYear
	}
	if !s.yearFlag(e, cmd, year) {
		s.st.Close()
		return nil, 0, false
	}
	return s, year, true
}

// schedaPDF writes the scheda's PDF to path, whole or not at all.
func schedaPDF(e *env, cmd, path string, sc document.Scheda) int {
	var buf bytes.Buffer
	if err := document.WriteScheda(&buf, sc); err != nil {
		return fail(e, cmd, err)
	}
	if err := writeFileAtomic(path, func(w io.Writer) error { _, err := w.Write(buf.Bytes()); return err }); err != nil {
		fmt.Fprintf(e.stderr, "performa %s: %s non scritto: %v\n", cmd, path, err)
		return 2
	}
	fmt.Fprintf(e.stdout, "Scheda %d di %s scritta in %s (%s byte): dati personali.\n", sc.Year, sc.Person, path, italian.Number(float64(buf.Len()), 0))
	return 0
}
