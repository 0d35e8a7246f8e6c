package main

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/document/pdftest"
	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/store"
	"github.com/performa-pa/performa/internal/store/storetest"
)

// staffUsers are the users of the schede tests: the administrator, the
// Nucleo, the Responsabili of the Area Finanziaria and of the Polizia, and
// two people of the register signing in as themselves.
var staffUsers = [][]string{
	{"segretario", "admin", "--full-name", "Giulio Nardi"},
	{"ndv", "evaluator", "--full-name", "Anna Bianchi"},
	{"gambini", "manager", "--unit", "Area Finanziaria", "--full-name", "Simonetta Gambini"},
	{"batignani", "manager", "--unit", "Area Polizia Municipale", "--full-name", "Luca Batignani"},
	{"abianchi", "reader", "--full-name", "Anna Bianchi", "--matricola", "1002"},
	{"santoro", "reader", "--full-name", "Luca Santoro", "--matricola", "1023"},
	{"ricci", "reader", "--full-name", "Chiara Ricci", "--matricola", "1008"},
}

const staffFile = "../../internal/staff/testdata/personale-2022.csv"

var afterSignOff = time.Date(2023, 2, 16, 10, 0, 0, 0, time.UTC)

// signedOff2022 imports the seed, the users and the 2022 register, approves
// the plan, validates every objective (a percentage by unit, so that the
// units differ) and signs 2022 off: the scores are final.
func signedOff2022(t *testing.T, dialect string, users [][]string, register string) (string, *store.Store, int64) {
	t.Helper()
	db, st, org := seededStore(t, dialect, users)
	ctx := context.Background()
	at := time.Date(2023, 2, 15, 10, 0, 0, 0, time.UTC)
	for _, args := range [][]string{
		{"staff", "import", register, "--by", "segretario"},
		{"cycle", "approve", "--act", "12", "--date", "2022-01-28", "--by", "segretario"},
	} {
		if code, out, errs := runCmdAt(t, at, append(args, "--db", db)...); code != 0 {
			t.Fatalf("%v: %s%s", args, out, errs)
		}
	}
	plan, err := st.CurrentPlan(ctx, org)
	if err != nil {
		t.Fatal(err)
	}
	var batch []*domain.Validation
	for i, u := range plan.Units {
		for _, o := range u.Objectives {
			batch = append(batch, &domain.Validation{ObjectiveID: o.ID, Year: 2022, Percent: float64(95 - (i*7)%40),
				Reason: "relazione finale", ValidatedBy: "ndv"})
		}
	}
	if err := st.AddValidations(ctx, org, batch); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := runCmdAt(t, at, "cycle", "signoff", "--year", "2022", "--by", "ndv", "--db", db); code != 0 {
		t.Fatalf("signoff: %s%s", out, errs)
	}
	return db, st, org
}

// rolesRegister is the testdata register with an EQ (1008, Ricci Chiara,
// Segreteria generale) and the Segretario (1029, Martini Andrea), whom
// the Nucleo evaluates.
const rolesRegister = "../../internal/staff/testdata/personale-ruoli-2022.csv"

// TestSchedaCLI walks the whole workflow from the command line, on both
// databases, with every refusal: who may evaluate, the presa visione and
// the riesame by the person only, the riesame's deadline, the answer a
// riesame asks for, who sees what.
func TestSchedaCLI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		db, st, org := signedOff2022(t, dialect, staffUsers, rolesRegister)
		day := func(d int) time.Time { return afterSignOff.AddDate(0, 0, d) }
		audit := func() int {
			l, err := st.AuditLog(context.Background(), org, 0)
			if err != nil {
				t.Fatal(err)
			}
			return len(l)
		}
		step := func(at time.Time, code int, want string, args ...string) string {
			t.Helper()
			before := audit()
			got, out, errs := runCmdAt(t, at, append(append([]string{"scheda"}, args...), "--year", "2022", "--db", db)...)
			if got != code || !strings.Contains(out+errs, want) {
				t.Fatalf("%v: exit %d\n%s%s\nwant %d and %q", args, got, out, errs, code, want)
			}
			if changed := audit() != before; changed != (code == 0 && args[0] != "show" && args[0] != "list") {
				t.Fatalf("%v: exit %d, audit changed %v", args, code, changed)
			}
			return out
		}
		anna := []string{"--matricola", "1002"} // Bianchi Anna, Area Finanziaria
		luca := []string{"--matricola", "1023"} // Santoro Luca, Area Finanziaria
		with := func(args []string, more ...string) []string { return append(append([]string{}, args...), more...) }

		// Creating: the administrator or whoever evaluates the person.
		step(day(0), 2, "non è nel personale 2022 che puoi vedere", with([]string{"create"}, with(anna, "--by", "batignani")...)...)
		step(day(0), 2, "che puoi vedere", with([]string{"create"}, with(anna, "--by", "ndv")...)...)
		step(day(0), 1, "Anna Bianchi non valuta Bianchi Anna (personale): la scheda la crea l'amministratore o chi valuta la persona (il Responsabile dell'unità)",
			with([]string{"create"}, with(anna, "--by", "abianchi")...)...)
		step(day(0), 1, "Chiara Ricci non valuta Ricci Chiara (Elevata Qualificazione): la scheda la crea l'amministratore o chi valuta la persona (il Nucleo di Valutazione)", "create", "--matricola", "1008", "--by", "ricci")
		step(day(0), 2, "non è nel personale 2022", "create", "--matricola", "9999", "--by", "segretario")
		step(day(0), 2, "--matricola M o --all", "create", "--by", "segretario")
		step(day(0), 0, "Schede 2022 create: 6 (in bozza).", "create", "--all", "--by", "gambini")
		step(day(0), 1, "esiste già", with([]string{"create"}, with(anna, "--by", "segretario")...)...)

		// Rating: the evaluator only, on the catalogue's scale.
		rate := with([]string{"rate"}, anna...)
		step(day(0), 2, "che puoi vedere", with(rate, "--behaviour", "qualita=4", "--by", "batignani")...)
		step(day(0), 1, "Anna Bianchi non valuta Bianchi Anna (personale): la valuta il Responsabile dell'unità", with(rate, "--behaviour", "qualita=4", "--by", "abianchi")...)
		step(day(0), 2, "non è un comportamento del catalogo", with(rate, "--behaviour", "simpatia=4", "--by", "gambini")...)
		step(day(0), 2, "si valuta da 1 a 5", with(rate, "--behaviour", "qualita=9", "--by", "gambini")...)
		step(day(0), 2, "CODICE=VALORE", with(rate, "--behaviour", "qualita", "--by", "gambini")...)
		step(day(0), 1, "non è completa", with([]string{"deliver"}, with(anna, "--by", "gambini")...)...)
		out := step(day(0), 0, "bozza", with(rate, "--behaviour", "collaborazione=5", "--behaviour", "qualita=4",
			"--behaviour", "utenza=3", "--behaviour", "autonomia=5", "--individual", "80", "--by", "gambini")...)
		if !strings.Contains(out, "30% × 80% (obiettivi individuali)") {
			t.Errorf("rate: %s", out)
		}
		step(day(0), 0, "consegnata", with([]string{"deliver"}, with(anna, "--by", "gambini")...)...)
		step(day(0), 1, "si modifica solo la bozza", with(rate, "--behaviour", "qualita=5", "--by", "gambini")...)

		// The presa visione and the riesame: the person only.
		step(day(1), 1, "spetta solo alla persona valutata", with([]string{"acknowledge"}, with(anna, "--by", "segretario")...)...)
		step(day(1), 2, "che puoi vedere", with([]string{"acknowledge"}, with(anna, "--by", "santoro")...)...)
		step(day(1), 1, "la presa visione segue la consegna", with([]string{"acknowledge"}, with(luca, "--by", "santoro")...)...)
		step(day(1), 0, "presa visione", with([]string{"acknowledge"}, with(anna, "--by", "abianchi")...)...)
		step(day(2), 1, "fino al", with([]string{"finalise"}, with(anna, "--by", "gambini")...)...)
		step(day(2), 2, "ne dice i motivi", with([]string{"review"}, with(anna, "--by", "abianchi")...)...)
		step(day(2), 1, "spetta solo alla persona valutata", with([]string{"review"}, with(anna, "--text", "x", "--by", "gambini")...)...)
		step(day(2), 0, "richiesta di riesame", with([]string{"review"}, with(anna, "--text", "lo sportello non è considerato", "--by", "abianchi")...)...)
		step(day(3), 2, "porta la risposta del valutatore", with([]string{"finalise"}, with(anna, "--by", "gambini")...)...)
		step(day(3), 1, "non valuta", with([]string{"finalise"}, with(anna, "--answer", "ok", "--by", "abianchi")...)...)
		step(day(3), 0, "definitiva", with([]string{"finalise"}, with(anna, "--answer", "confermata: lo sportello è considerato", "--by", "gambini")...)...)

		// Luca: his own objectives as a weighted list, refused when the
		// weights do not add up or with a score beside; the riesame after
		// the deadline is refused; then definitiva without an answer.
		lucaRate := with([]string{"rate"}, luca...)
		step(day(0), 2, "sommano a 90%, non a 100%", with(lucaRate, "--objective", "Tempi di pagamento; 50; 50",
			"--objective", "Sportello telematico; 40; 75", "--by", "gambini")...)
		step(day(0), 2, "«titolo; peso; raggiungimento»", with(lucaRate, "--objective", "Tempi di pagamento 100 50", "--by", "gambini")...)
		step(day(0), 2, "il raggiungimento di «Tempi di pagamento» è un numero da 0 a 100, non «120»",
			with(lucaRate, "--objective", "Tempi di pagamento; 100; 120", "--by", "gambini")...)
		step(day(0), 2, "non entrambi", with(lucaRate, "--individual", "60", "--objective", "Tempi di pagamento; 100; 50", "--by", "gambini")...)
		out = step(day(0), 0, "bozza", with(lucaRate, "--behaviour", "collaborazione=3", "--behaviour", "qualita=3",
			"--behaviour", "utenza=3", "--behaviour", "autonomia=3", "--objective", "Tempi di pagamento; 60; 50",
			"--objective", "Sportello telematico; 40; 75", "--by", "gambini")...)
		if !strings.Contains(out, "30% × 60% (obiettivi individuali)") {
			t.Errorf("rate with objectives: %s", out)
		}
		out = step(day(0), 0, "bozza", with([]string{"show"}, with(luca, "--by", "gambini")...)...)
		for _, want := range []string{"media pesata di 2 obiettivi individuali",
			"Obiettivi individuali (peso · raggiungimento)", "  Tempi di pagamento · 60% · 50%", "  Sportello telematico · 40% · 75%"} {
			if !strings.Contains(out, want) {
				t.Errorf("rate with objectives lacks %q:\n%s", want, out)
			}
		}
		step(day(0), 0, "consegnata", with([]string{"deliver"}, with(luca, "--by", "segretario")...)...)
		step(day(1), 0, "presa visione", with([]string{"acknowledge"}, with(luca, "--by", "santoro")...)...)
		step(day(17), 1, "Il riesame si poteva chiedere fino al 04/03/2023", with([]string{"review"}, with(luca, "--text", "tardi", "--by", "santoro")...)...)
		step(day(17), 0, "definitiva", with([]string{"finalise"}, with(luca, "--by", "gambini")...)...)

		// Who evaluates Francesca (staff: her Responsabile by the SMVP) is
		// named by the administrator only, on the draft: then only the one
		// named rates her; back by role, her Responsabile again.
		costa := []string{"--matricola", "1016"}
		assign := with([]string{"assign"}, costa...)
		step(day(0), 1, "lo assegna solo l'amministratore", with(assign, "--evaluator", "batignani", "--by", "gambini")...)
		step(day(0), 2, "valuta un responsabile, il Nucleo o un amministratore", with(assign, "--evaluator", "santoro", "--by", "segretario")...)
		step(day(0), 2, "«nessuno» non è un utente dell'ente", with(assign, "--evaluator", "nessuno", "--by", "segretario")...)
		step(day(0), 2, "--evaluator NOME oppure --by-role", with(assign, "--by", "segretario")...)
		step(day(0), 0, "Chi valuta: l'utente «batignani».", with(assign, "--evaluator", "batignani", "--by", "segretario")...)
		step(day(0), 1, "Chi valuta Costa Francesca è già l'utente «batignani».", with(assign, "--evaluator", "batignani", "--by", "segretario")...)
		step(day(0), 1, "Simonetta Gambini non valuta Costa Francesca (personale): la valuta l'utente «batignani»",
			with([]string{"rate"}, with(costa, "--behaviour", "qualita=4", "--by", "gambini")...)...)
		step(day(0), 0, "bozza", with([]string{"rate"}, with(costa, "--behaviour", "qualita=4", "--by", "batignani")...)...)
		step(day(0), 0, "Chi valuta: il Responsabile dell'unità.", with(assign, "--by-role", "--by", "segretario")...)
		step(day(0), 0, "bozza", with([]string{"rate"}, with(costa, "--behaviour", "qualita=3", "--by", "gambini")...)...)

		// Who sees what.
		show := with([]string{"show"}, anna...)
		text := step(day(4), 0, "Stato: definitiva", with(show, "--by", "abianchi")...)
		for _, want := range []string{"presa visione il 17/02/2023", "Richiesta di riesame: lo sportello", "Risposta del valutatore: confermata",
			"Qualità e precisione del lavoro: 4 (lavoro accurato)"} {
			if !strings.Contains(text, want) {
				t.Errorf("show lacks %q:\n%s", want, text)
			}
		}
		step(day(4), 2, "che puoi vedere", with(show, "--by", "santoro")...)
		step(day(4), 2, "che puoi vedere", with(show, "--by", "batignani")...)
		step(day(4), 2, "che puoi vedere", with(show, "--by", "ndv")...)
		step(day(4), 0, `"status": "definitiva"`, with(show, "--by", "gambini", "--format", "json")...)
		// The PDF for her file, written whole; refused without a file, or to whoever may not see her.
		pdfPath := filepath.Join(t.TempDir(), "scheda-1002.pdf")
		step(day(4), 2, "--format pdf --output FILE.pdf, insieme", with(show, "--by", "abianchi", "--format", "pdf")...)
		step(day(4), 2, "che puoi vedere", with(show, "--by", "batignani", "--format", "pdf", "--output", pdfPath)...)
		if _, err := os.Stat(pdfPath); err == nil {
			t.Error("a refused PDF was written")
		}
		step(day(4), 0, "Scheda 2022 di Bianchi Anna scritta in", with(show, "--by", "abianchi", "--format", "pdf", "--output", pdfPath)...)
		b, err := os.ReadFile(pdfPath)
		if err != nil {
			t.Fatal(err)
		}
		pdf := pdftest.Text(t, b)
		for _, want := range []string{"Comune di Montepulciano", "Bianchi Anna (matricola 1002)", "definitiva", "Definitiva il",
			"lo sportello non è considerato", "confermata: lo sportello è considerato", "Chi valuta"} {
			if !strings.Contains(pdf, want) {
				t.Errorf("scheda PDF lacks %q", want)
			}
		}
		for who, n := range map[string]string{"segretario": "40 persone", "gambini": "6 persone", "batignani": "5 persone",
			"abianchi": "1 persona", "ndv": "2 persone", "ricci": "1 persona"} {
			step(day(4), 0, n, "list", "--by", who)
		}
		step(day(4), 2, "non è un utente", "list", "--by", "nessuno")
	})
}

// FuzzParseRating: any --behaviour, --objective, --individual and
// --comment is a rating or an Italian refusal, never a panic; a list
// accepted has weights adding up to 100.
func FuzzParseRating(f *testing.F) {
	f.Add("qualita=4", "Sportello unico; 100; 80", "80", "")
	f.Add("=", "; 40; 85", "85,5%", "ok")
	f.Add("a=b", "Tempi; 100,0%; NaN", "NaN", "")
	f.Fuzz(func(t *testing.T, behaviour, objective, individual, comment string) {
		r, err := parseRating([]string{behaviour}, []string{objective}, individual, comment)
		if err != nil {
			if domain.ErrorCode(err) != domain.EINVALID {
				t.Errorf("%q %q: %v", behaviour, objective, err)
			}
			return
		}
		if len(r.Behaviours) == 0 {
			t.Errorf("%q: no behaviour read", behaviour)
		}
		if len(r.Objectives) != 1 || math.Abs(r.Objectives[0].Weight-100) > 0.005 || r.Objectives[0].Title == "" {
			t.Errorf("%q: accepted as %+v", objective, r.Objectives)
		}
	})
}
