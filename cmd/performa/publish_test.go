package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/store"
	"github.com/performa-pa/performa/internal/store/storetest"
)

// cliSteps are the two steps of a command-line test on db at now:
// refused (the exit code, the reason on standard error, the store
// unchanged) and ok (exit 0, the output).
func cliSteps(t *testing.T, db string, st *store.Store, org int64, now time.Time) (refused func(int, string, ...string), ok func(string, ...string)) {
	refused = func(code int, want string, args ...string) {
		t.Helper()
		before := footprintOf(t, st, org)
		got, out, errs := runCmdAt(t, now, append(args, "--db", db)...)
		if got != code || !strings.Contains(errs, want) {
			t.Errorf("%v: exit %d %q%q, want %d and %q", args, got, out, errs, code, want)
		}
		if after := footprintOf(t, st, org); after != before {
			t.Errorf("%v refused, but the store changed: %+v → %+v", args, before, after)
		}
	}
	ok = func(want string, args ...string) {
		t.Helper()
		code, out, errs := runCmdAt(t, now, append(args, "--db", db)...)
		if code != 0 || !strings.Contains(out, want) {
			t.Fatalf("%v: exit %d %q %q, want %q", args, code, out, errs, want)
		}
	}
	return refused, ok
}

// TestPublishCLI: publish and unpublish on both databases, with the rules
// of the page: the administrator only; the Piano once approved, the
// Relazione once the year is signed off; refusals exit 1 with the reason
// and change nothing, unusable input exits 2.
func TestPublishCLI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		db, st, org := seededStore(t, dialect, people)
		now := time.Date(2023, 3, 1, 10, 0, 0, 0, time.UTC)
		refused, ok := cliSteps(t, db, st, org, now)
		refused(2, "--year", "publish", "piano", "--by", "segretario")
		refused(2, "comando sconosciuto \"bilancio\"", "publish", "bilancio", "--year", "2022")
		refused(1, "spetta a", "publish", "piano", "--year", "2022", "--by", "ndv")
		refused(1, "nessuna versione approvata del piano copre il 2022", "publish", "piano", "--year", "2022", "--by", "segretario")
		ok("Versione 1", "cycle", "approve", "--act", "12", "--date", "2022-01-28", "--by", "segretario")
		ok("Il Piano della performance 2022 pubblicato (versione 1 del piano)", "publish", "piano", "--year", "2022", "--by", "segretario")
		refused(1, "è già pubblicato", "publish", "piano", "--year", "2022", "--by", "segretario")
		refused(1, "il Nucleo di Valutazione non ha ancora chiuso l'anno 2022", "publish", "relazione", "--year", "2022", "--by", "segretario")
		plan, err := st.CurrentPlan(ctx, org)
		if err != nil {
			t.Fatal(err)
		}
		stamp, err := st.VersionStamp(ctx, org, plan.Version.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.SignOff(ctx, org, &domain.SignOff{CycleID: plan.Cycle.ID, Year: 2022, SignedBy: "ndv"}, plan.Version.ID, stamp); err != nil {
			t.Fatal(err)
		}
		ok("/trasparenza/comune-di-montepulciano/", "publish", "relazione", "--year", "2022", "--by", "segretario")
		ok("Il Piano della performance 2022 ritirato dalla pubblicazione", "unpublish", "piano", "--year", "2022", "--by", "segretario")
		refused(1, "non è pubblicato: non c'è nulla da ritirare", "unpublish", "piano", "--year", "2022", "--by", "segretario")
		refused(1, "spetta a", "unpublish", "relazione", "--year", "2022", "--by", "batignani")
		pubs, err := st.Publications(ctx, org)
		if err != nil || len(pubs) != 2 || pubs[0].PublishedName != "Giulio Nardi" || pubs[0].UnpublishedName != "Giulio Nardi" || !pubs[1].Live() {
			t.Errorf("publications: %+v %v", pubs, err)
		}
	})
}

// TestPublishPremiCLI: publish and unpublish premi, on both databases:
// refused (exit 1, nothing changes) without a saved distribution, twice
// for the same one, and for someone who is not an administrator; a new
// save is published in place of the live one; exit 2 without a year.
func TestPublishPremiCLI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		db, st, org := signedOff2022(t, dialect, people, staffFile)
		finalSchede(t, st, org)
		refused, ok := cliSteps(t, db, st, org, afterSignOff)
		save := func(fund string) {
			t.Helper()
			ok("Distribuzione 2022 salvata", "rewards", "--year", "2022", "--fund-organizational", fund, "--fund-individual", "70.000,00",
				"--save", "--by", "segretario")
		}
		refused(2, "--year", "publish", "premi", "--by", "segretario")
		refused(1, "I dati sui premi collegati alla performance 2022 non si possono pubblicare: nessuna distribuzione dei premi è salvata per il 2022",
			"publish", "premi", "--year", "2022", "--by", "segretario")
		save("30.000,00")
		refused(1, "spetta a", "publish", "premi", "--year", "2022", "--by", "ndv")
		ok("I dati sui premi collegati alla performance 2022 pubblicati (distribuzione salvata il ", "publish", "premi", "--year", "2022", "--by", "segretario")
		refused(1, "I dati sui premi collegati alla performance 2022 sono già pubblicati (distribuzione salvata il ",
			"publish", "premi", "--year", "2022", "--by", "segretario")
		save("31.000,00")
		ok("/trasparenza/comune-di-montepulciano/", "publish", "premi", "--year", "2022", "--by", "segretario")
		ok("I dati sui premi collegati alla performance 2022 ritirati dalla pubblicazione", "unpublish", "premi", "--year", "2022", "--by", "segretario")
		refused(1, "I dati sui premi collegati alla performance 2022 non sono pubblicati: non c'è nulla da ritirare",
			"unpublish", "premi", "--year", "2022", "--by", "segretario")
		pubs, err := st.Publications(ctx, org)
		if err != nil {
			t.Fatal(err)
		}
		var premi []domain.Publication
		for _, p := range pubs {
			if p.Kind == domain.PublishPremi {
				premi = append(premi, p)
			}
		}
		if len(premi) != 2 || premi[0].DistributionID == premi[1].DistributionID || premi[1].Live() {
			t.Errorf("premi publications: %+v", premi)
		}
		if code, out, _ := runCmdAt(t, afterSignOff, "publish", "--help"); code != 0 || !strings.Contains(out, "performa publish premi --year N") {
			t.Errorf("usage: %d %s", code, out)
		}
	})
}
