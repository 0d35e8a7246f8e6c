package main

import (
	"context"
	"strings"
	"testing"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/plandiff"
	"github.com/performa-pa/performa/internal/seedtest"
	"github.com/performa-pa/performa/internal/store"
	"github.com/performa-pa/performa/internal/store/storetest"
)

// people are the users the CLI tests add to the seed's ente: an
// administrator, the Nucleo, the Polizia's manager.
var people = [][]string{
	{"segretario", "admin", "--full-name", "Giulio Nardi"},
	{"ndv", "evaluator", "--full-name", "Anna Bianchi"},
	{"batignani", "manager", "--unit", "Area Polizia Municipale", "--full-name", "Luca Batignani"},
}

// seededStore imports the seed into a new store of dialect, adds users
// (each: name, role, more options of user add) and opens the store; it
// returns the DSN, the store (closed at the end of the test) and the
// ente's id.
func seededStore(t *testing.T, dialect string, users [][]string) (string, *store.Store, int64) {
	t.Helper()
	db := storetest.DSN(t, dialect)
	if code, _, errs := runCmd(t, "import", seedtest.Path(t), "--db", db); code != 0 {
		t.Fatal(errs)
	}
	for _, u := range users {
		args := append([]string{"user", "add", u[0], "--role", u[1], "--password-stdin", "--db", db}, u[2:]...)
		if code, _, errs := runWithStdin(t, "una frase segreta\n", args...); code != 0 {
			t.Fatalf("user add %s: %s", u[0], errs)
		}
	}
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	orgs, err := st.Organizations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return db, st, orgs[0].ID
}

// draftOf is the newest version of the stored plan, loaded whole.
func draftOf(t *testing.T, st *store.Store, orgID int64) *domain.Plan {
	t.Helper()
	ctx := context.Background()
	plans, err := st.Plans(ctx, orgID)
	if err != nil {
		t.Fatal(err)
	}
	p, err := st.Plan(ctx, orgID, plans[0].Version.ID)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestPlanEditCLI drives a whole variation from the command line, on both
// databases: objective and indicator add, edit and remove, with the rules
// of the plan's pages and of the API (the administrator or the unit's
// manager; a draft only; fields read as the forms read them; a stale
// revision and an element with measurements refused). Every refusal exits
// 1 with the reason and changes nothing; unusable input exits 2.
func TestPlanEditCLI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		db, st, org := seededStore(t, dialect, append(people[:len(people):len(people)],
			[]string{"rossi", "manager", "--unit", "Area Finanziaria", "--full-name", "Mario Rossi"}))
		refused := func(code int, want string, args ...string) {
			t.Helper()
			before, plan := footprintOf(t, st, org), draftOf(t, st, org)
			got, out, errs := runCmd(t, append(args, "--db", db)...)
			if got != code || !strings.Contains(errs, want) {
				t.Errorf("%v: exit %d %q%q, want %d and %q", args, got, out, errs, code, want)
			}
			if after := footprintOf(t, st, org); after != before {
				t.Errorf("%v refused, but the store changed: %+v → %+v", args, before, after)
			}
			if after := draftOf(t, st, org); !plandiff.Compare(plan, after).Empty() {
				t.Errorf("%v refused, but the draft changed", args)
			}
		}
		ok := func(want string, args ...string) string {
			t.Helper()
			code, out, errs := runCmd(t, append(args, "--db", db)...)
			if code != 0 || !strings.Contains(out, want) {
				t.Fatalf("%v: exit %d %q %q, want %q", args, code, out, errs, want)
			}
			return out
		}
		police := func(p *domain.Plan) *domain.Unit { return unitOf(p, "Area Polizia Municipale") }

		// The first draft, before approval: an objective with a measurement
		// recorded in performa is not removed.
		ok("Misurazione registrata", "measure", "--unit", "Polizia", "--objective", "2", "--indicator", "1",
			"--date", "2022-06-30", "--value", "6", "--by", "batignani")
		refused(1, "ha già 1 misurazione o validazione registrate", "objective", "remove", "--unit", "Polizia", "--objective", "2", "--by", "segretario")
		refused(1, "ha già 1 misurazione o validazione registrate", "indicator", "remove", "--unit", "Polizia", "--objective", "2", "--indicator", "1", "--by", "segretario")
		ok("Versione 1 del piano 2022–2024 approvata", "cycle", "approve", "--act", "12", "--date", "2022-01-28", "--by", "segretario")

		add := []string{"objective", "add", "--unit", "Polizia", "--code", "16", "--title", "Controlli notturni", "--weight", "5",
			"--program", "03.01", "--indicator", "Controlli svolti", "--direction", "alto", "--target", "2022=almeno 10", "--target", "2023=almeno 20"}
		// An approved plan changes only with a variation.
		refused(1, "non c'è una variazione aperta: la versione 1 del piano 2022–2024 è approvata", append(add, "--by", "segretario")...)
		refused(1, "non c'è una variazione aperta", "objective", "edit", "--unit", "Polizia", "--objective", "2", "--weight", "12", "--by", "segretario")
		refused(1, "non c'è una variazione aperta", "indicator", "add", "--unit", "Polizia", "--objective", "2", "--description", "x", "--by", "segretario")
		ok("Variazione creata: versione 2", "cycle", "variation", "--reason", "controlli notturni", "--by", "segretario")

		// Who: the administrator or the unit's manager.
		refused(1, "questa operazione spetta a", append(add, "--by", "ndv")...)
		refused(1, "Mario Rossi (rossi) non è responsabile dell'unità «Area Polizia Municipale»", append(add, "--by", "rossi")...)
		refused(2, "«nessuno» non è un utente", append(add, "--by", "nessuno")...)
		// Unusable input: every field that cannot be used, by its option.
		refused(2, "--weight: Scrivi il peso in punti percentuali", "objective", "add", "--unit", "Polizia", "--title", "X", "--weight", "molto", "--by", "segretario")
		refused(2, "--program: «3.x» non è un programma", "objective", "add", "--unit", "Polizia", "--title", "X", "--program", "3.x", "--by", "segretario")
		refused(2, "--title: Il titolo non può essere vuoto", "objective", "add", "--unit", "Polizia", "--by", "segretario")
		refused(2, "--target 2030: L'anno 2030 è fuori dal ciclo 2022–2024", append(add, "--target", "2030=5", "--by", "segretario")...)
		refused(2, "AAAA=TESTO", append(add, "--target", "dopo=5", "--by", "segretario")...)
		refused(2, "nessuna unità corrisponde", "objective", "add", "--unit", "Inesistente", "--title", "X", "--by", "segretario")
		refused(2, "indica l'unità", "objective", "add", "--title", "X", "--by", "segretario")

		out := ok("Obiettivo aggiunto alla versione 2 del piano (variazione in bozza): Area Polizia Municipale, obiettivo 16 – Controlli notturni (#16), con 1 indicatore.",
			append(add, "--by", "batignani")...)
		for _, want := range []string{"Programma: — → 03.01 Polizia locale e amministrativa", "Peso: — → 5%", "Target 2023: — → almeno 20"} {
			if !strings.Contains(out, want) {
				t.Errorf("objective add says %q, want %q", out, want)
			}
		}
		draft := draftOf(t, st, org)
		o := police(draft).Objectives[15]
		if o.Code != "16" || *o.Weight != 5 || o.Mission.Code != "03" || o.Program.Code != "01" || len(o.Indicators) != 1 ||
			len(o.Indicators[0].Targets) != 2 || o.Indicators[0].Direction != domain.HigherIsBetter || o.Identity != o.ID {
			t.Errorf("added objective: %+v", o)
		}
		if o.Indicators[0].Targets[0].Rule == nil {
			t.Errorf("target not understood: %+v", o.Indicators[0].Targets[0])
		}

		// Edit: only the fields given change; the identity stays.
		out = ok("Obiettivo modificato nella versione 2 del piano (variazione in bozza): Area Polizia Municipale, obiettivo 16.1 – Controlli serali (revisione 2).",
			"objective", "edit", "--unit", "Polizia", "--objective", "16", "--code", "16.1", "--title", "Controlli serali", "--weight", "7,5", "--by", "segretario")
		if !strings.Contains(out, "Peso: 5% → 7,5%") || !strings.Contains(out, "Codice: 16 → 16.1") {
			t.Errorf("objective edit says %q", out)
		}
		edited := police(draftOf(t, st, org)).Objectives[15]
		if edited.Identity != o.Identity || edited.Program.Code != "01" || edited.Revision != 2 || *edited.Weight != 7.5 {
			t.Errorf("edited objective: %+v", edited)
		}
		ok("Nessuna modifica", "objective", "edit", "--unit", "Polizia", "--objective", "16.1", "--weight", "7.5", "--by", "segretario")
		refused(1, "ora alla revisione 2, tu partivi dalla 1", "objective", "edit", "--unit", "Polizia", "--objective", "16.1", "--weight", "3", "--revision", "1", "--by", "segretario")
		refused(2, "--mission: Nessuna missione ha il codice 55", "objective", "edit", "--unit", "Polizia", "--objective", "16.1", "--mission", "55", "--by", "segretario")
		refused(2, "il codice \"1\" è ripetuto", "objective", "edit", "--unit", "Amministrativa", "--objective", "1", "--weight", "3", "--by", "segretario")
		// An objective whose programme the plan wrote without its mission
		// (the seed's Polizia: programme 06) changes weight all the same.
		out = ok("Peso: 15% → 12%", "objective", "edit", "--unit", "Polizia", "--objective", "1", "--weight", "12", "--by", "batignani")
		if strings.Contains(out, "Programma") {
			t.Errorf("objective edit changed the programme: %s", out)
		}

		// Indicators: add with targets, edit a target, remove.
		ok("Indicatore aggiunto alla versione 2 del piano (variazione in bozza): Area Polizia Municipale, obiettivo 16.1 – Controlli serali, indicatore 2 («Verbali»).",
			"indicator", "add", "--unit", "Polizia", "--objective", "16.1", "--description", "Verbali", "--target", "2022=100", "--by", "batignani")
		refused(2, "--description: La descrizione non può essere vuota", "indicator", "add", "--unit", "Polizia", "--objective", "16.1", "--target", "2022=1", "--by", "batignani")
		refused(2, "--indicator va da 1 a 2", "indicator", "edit", "--unit", "Polizia", "--objective", "16.1", "--indicator", "3", "--target", "2022=1", "--by", "batignani")
		out = ok("Indicatore modificato", "indicator", "edit", "--unit", "Polizia", "--objective", "16.1", "--indicator", "2",
			"--target", "2022=120", "--target", "2023=130", "--by", "batignani")
		if !strings.Contains(out, "Target 2022: 100 → 120") || !strings.Contains(out, "Target 2023: — → 130") {
			t.Errorf("indicator edit says %q", out)
		}
		refused(1, "non è responsabile", "indicator", "remove", "--unit", "Polizia", "--objective", "16.1", "--indicator", "2", "--by", "rossi")
		ok("Indicatore eliminato dalla versione 2 del piano (variazione in bozza): Area Polizia Municipale, obiettivo 16.1 – Controlli serali, indicatore 2 («Verbali»).",
			"indicator", "remove", "--unit", "Polizia", "--objective", "16.1", "--indicator", "2", "--by", "batignani")
		if n := len(police(draftOf(t, st, org)).Objectives[15].Indicators); n != 1 {
			t.Errorf("after indicator remove: %d indicators", n)
		}

		// Objective 2 holds a measurement of version 1, not of the draft:
		// the variation may remove it (it leaves the roll-up on approval).
		ok("Obiettivo eliminato dalla versione 2 del piano (variazione in bozza): Area Polizia Municipale, obiettivo 2",
			"objective", "remove", "--unit", "Polizia", "--objective", "2", "--by", "segretario")
		if n := len(police(draftOf(t, st, org)).Objectives); n != 15 {
			t.Errorf("after objective remove: %d objectives in Polizia, want 15", n)
		}
		diff := ok("1 obiettivo aggiunto, 1 tolto", "diff")
		if !strings.Contains(diff, "16.1 – Controlli serali") {
			t.Errorf("diff: %s", diff)
		}
		// The audit log names the person.
		if code, out, _ := runCmd(t, "cycle", "show", "--db", db); code != 0 || !strings.Contains(out, "2") {
			t.Errorf("cycle show: %d %s", code, out)
		}
		ok("Versione 2 del piano 2022–2024 approvata", "cycle", "approve", "--act", "30", "--date", "2022-05-10", "--by", "segretario")
		refused(1, "non c'è una variazione aperta: la versione 2", "objective", "remove", "--unit", "Polizia", "--objective", "16.1", "--by", "segretario")
	})
}

// «Cancellate 1 modifica fatte», seen replacing a variation with one edit.
func TestErasedHeading(t *testing.T) {
	for n, want := range map[int]string{
		1: "Cancellata 1 modifica fatta in performa sulla bozza:",
		3: "Cancellate 3 modifiche fatte in performa sulla bozza:",
	} {
		if got := erasedHeading(n); got != want {
			t.Errorf("%d: %q, want %q", n, got, want)
		}
	}
}
