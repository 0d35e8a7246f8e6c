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

// footprint is what a refused command must leave as it was: the audit
// log, the sign-offs and their history, the versions, the monitoring.
type footprint struct {
	audit, signoffs, history, versions, measurements, validations int
	cycle                                                         domain.CycleStatus
}

func footprintOf(t *testing.T, st *store.Store, orgID int64) footprint {
	t.Helper()
	ctx := context.Background()
	audit, err := st.AuditLog(ctx, orgID, 0)
	if err != nil {
		t.Fatal(err)
	}
	plans, _ := st.Plans(ctx, orgID)
	fp := footprint{audit: len(audit), versions: len(plans), cycle: plans[0].Cycle.Status}
	sos, _ := st.SignOffs(ctx, orgID, plans[0].Cycle.ID)
	h, _ := st.YearHistory(ctx, orgID, plans[0].Cycle.ID)
	fp.signoffs, fp.history = len(sos), len(h)
	for _, p := range plans {
		ms, _ := st.Measurements(ctx, orgID, p.Version.ID)
		vs, _ := st.Validations(ctx, orgID, p.Version.ID)
		fp.measurements += len(ms)
		fp.validations += len(vs)
	}
	return fp
}

func unitOf(p *domain.Plan, name string) *domain.Unit {
	for _, u := range p.Units {
		if u.Name == name {
			return u
		}
	}
	return nil
}

// TestCycleCLI walks 2022 from the command line, on both databases: the
// issue's Polizia case (one objective of weight 10 at 100%: 100 while the
// year runs, provisional; 10% once it is over; 10% final after the
// sign-off), a guarded sign-off, a reopening with its act. Every refusal
// exits 1 with the reason and changes nothing; unusable input exits 2.
func TestCycleCLI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		db, st, org := seededStore(t, dialect, people)
		at := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 10, 0, 0, 0, time.UTC) }
		// refused runs a command that must be refused with code and a
		// message containing want, leaving the store as it was.
		refused := func(now time.Time, code int, want string, args ...string) {
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
		ok := func(now time.Time, want string, args ...string) string {
			t.Helper()
			code, out, errs := runCmdAt(t, now, append(args, "--db", db)...)
			if code != 0 || !strings.Contains(out, want) {
				t.Fatalf("%v: exit %d %q %q, want %q", args, code, out, errs, want)
			}
			return out
		}
		measure := []string{"measure", "--unit", "Polizia", "--objective", "2", "--indicator", "1", "--date", "2022-12-31", "--value", "6"}

		// Who measures: the unit's manager, by name; not the Nucleo, not a stranger.
		refused(at(2022, 12, 31), 1, "questa operazione spetta a", append(measure, "--by", "ndv")...)
		refused(at(2022, 12, 31), 2, "«nessuno» non è un utente", append(measure, "--by", "nessuno")...)
		refused(at(2022, 12, 31), 2, "non è un utente", measure...) // the OS user is no user of the ente
		ok(at(2022, 12, 31), "raggiungimento: 100%", append(measure, "--by", "batignani")...)

		police := func(s scoreJSON) (float64, string) {
			for _, u := range s.Units {
				if u.Name == "Area Polizia Municipale" {
					return val(u.Score), s.Status
				}
			}
			t.Fatal("no Polizia")
			return 0, ""
		}
		if got, status := police(scoresAt(t, at(2022, 12, 31), "--db", db)); got != 100 || status != "provisional" {
			t.Errorf("Polizia while 2022 runs: %v %s, want 100 provisional", got, status)
		}
		text := ok(at(2022, 12, 31), "provvisorio: media pesata di 1 obiettivo su 15 con un risultato (10% del peso)", "score", "--unit", "Polizia")
		if !strings.Contains(text, "Punteggi 2022") {
			t.Errorf("score text: %s", text)
		}
		after := at(2023, 2, 15)
		if got, status := police(scoresAt(t, after, "--db", db)); got != 10 || status != "over" {
			t.Errorf("Polizia once 2022 is over: %v %s, want 10 over", got, status)
		}
		ok(after, "media pesata di 15 obiettivi, 14 senza risultato contati 0%", "score", "--unit", "Polizia")

		// The sign-off is refused with the list of what is missing.
		refused(after, 1, "La versione 1 del piano è in bozza", "cycle", "signoff", "--year", "2022", "--by", "ndv")
		refused(after, 1, "Area Polizia Municipale, obiettivo 1: nessun risultato", "cycle", "signoff", "--year", "2022", "--by", "ndv")
		refused(after, 1, "Area Polizia Municipale, obiettivo 2: calcolato 100%, da convalidare", "cycle", "signoff", "--year", "2022", "--by", "ndv")
		refused(after, 1, "spetta a", "cycle", "signoff", "--year", "2022", "--by", "batignani")
		refused(after, 2, "fuori dal ciclo", "cycle", "signoff", "--year", "2030", "--by", "ndv")
		refused(after, 2, "--year", "cycle", "signoff", "--by", "ndv")

		// Approval: the administrator, with the delibera.
		refused(after, 1, "spetta a", "cycle", "approve", "--act", "12", "--date", "2022-01-28", "--by", "ndv")
		refused(after, 2, "AAAA-MM-GG", "cycle", "approve", "--act", "12", "--date", "28/01/2022", "--by", "segretario")
		refused(after, 2, "nel futuro", "cycle", "approve", "--act", "12", "--date", "2023-02-16", "--by", "segretario")
		refused(after, 2, "numero della delibera", "cycle", "approve", "--date", "2022-01-28", "--by", "segretario")
		ok(after, "Versione 1 del piano 2022–2024 approvata con la delibera n. 12 del 28/01/2022", "cycle", "approve", "--act", "12", "--date", "2022-01-28", "--by", "segretario")
		refused(after, 1, "non c'è una bozza da approvare", "cycle", "approve", "--act", "13", "--date", "2022-01-29", "--by", "segretario")

		// The Nucleo: confirm objective 2, give objective 1 nothing, neutralise one elsewhere.
		validate := []string{"validate", "--unit", "Polizia", "--year", "2022", "--by", "ndv"}
		refused(after, 1, "non ha un valore calcolato", append(validate, "--objective", "1", "--confirm")...)
		refused(after, 2, "una tra --percent", append(validate, "--objective", "1", "--confirm", "--percent", "10")...)
		refused(after, 2, "motivazione", append(validate, "--objective", "1", "--neutralise")...)
		refused(after, 1, "spetta a", "validate", "--unit", "Polizia", "--objective", "2", "--confirm", "--year", "2022", "--by", "batignani")
		ok(after, "Calcolato confermato: Area Polizia Municipale, obiettivo 2, anno 2022: 100%", append(validate, "--objective", "2", "--confirm")...)
		out := ok(after, "Validazione registrata", append(validate, "--objective", "1", "--percent", "0", "--reason", "nessun servizio documentato")...)
		if !strings.Contains(out, "da: Anna Bianchi (ndv)") {
			t.Errorf("validation without the person's full name: %s", out)
		}
		ok(after, "Obiettivo neutralizzato (non valutabile): Area Finanziaria, obiettivo 1", "validate", "--unit", "Finanziaria",
			"--objective", "1", "--neutralise", "--reason", "trasferimento della funzione all'Unione", "--year", "2022", "--by", "ndv")
		// Every other objective with its validation, in one batch.
		plan, err := st.CurrentPlan(ctx, org)
		if err != nil {
			t.Fatal(err)
		}
		police2, finance1 := unitOf(plan, "Area Polizia Municipale"), unitOf(plan, "Area Finanziaria").Objectives[0]
		var batch []*domain.Validation
		for _, u := range plan.Units {
			for i, o := range u.Objectives {
				if o == finance1 || u == police2 && i < 2 || len(o.Indicators) == 1 && len(o.Indicators[0].Targets) > 0 && o.Indicators[0].Targets[0].Text == "" {
					continue
				}
				p := 80.0
				if u == police2 {
					p = 0
				}
				batch = append(batch, &domain.Validation{ObjectiveID: o.ID, Year: 2022, Percent: p, Reason: "relazione finale", ValidatedBy: "ndv"})
			}
		}
		if err := st.AddValidations(ctx, org, batch[1:]); err != nil {
			t.Fatal(err)
		}
		refused(after, 1, "1 obiettivo senza risultato", "cycle", "signoff", "--year", "2022", "--by", "ndv")
		if err := st.AddValidations(ctx, org, batch[:1]); err != nil {
			t.Fatal(err)
		}
		refused(at(2022, 12, 31), 1, "Il 2022 non è ancora concluso", "cycle", "signoff", "--year", "2022", "--by", "ndv")
		ok(after, "Anno 2022 chiuso da Anna Bianchi: i punteggi sono definitivi.", "cycle", "signoff", "--year", "2022", "--by", "ndv")
		if got, status := police(scoresAt(t, after, "--db", db)); got != 10 || status != "final" {
			t.Errorf("Polizia after the sign-off: %v %s, want 10 final", got, status)
		}
		refused(after, 1, "è stato chiuso dal Nucleo", append(measure, "--by", "batignani")...)
		refused(after, 1, "L'anno 2022 è già chiuso", "cycle", "signoff", "--year", "2022", "--by", "ndv")

		// Reopening: the administrator, with reason and act.
		reopen := []string{"cycle", "reopen", "--year", "2022", "--reason", "errore nella misurazione dell'obiettivo 2", "--act", "45", "--date", "2023-03-01"}
		later := at(2023, 3, 2)
		refused(later, 1, "spetta a", append(reopen, "--by", "ndv")...)
		refused(later, 2, "numero dell'atto", "cycle", "reopen", "--year", "2022", "--reason", "r", "--date", "2023-03-01", "--by", "segretario")
		refused(later, 1, "non è chiuso", "cycle", "reopen", "--year", "2023", "--reason", "r", "--act", "45", "--date", "2023-03-01", "--by", "segretario")
		ok(later, "Anno 2022 riaperto (atto n. 45 del 01/03/2023", append(reopen, "--by", "segretario")...)
		if got, status := police(scoresAt(t, later, "--db", db)); got != 10 || status != "over" {
			t.Errorf("Polizia after reopening: %v %s, want 10 over", got, status)
		}
		ok(later, "Anno 2022 chiuso", "cycle", "signoff", "--year", "2022", "--by", "ndv")
		show := ok(later, "2022 riaperto da Giulio Nardi (atto n. 45 del 01/03/2023): errore nella misurazione", "cycle", "show")
		if strings.Count(show, "2022 chiuso da Anna Bianchi") != 2 {
			t.Errorf("cycle show: %s", show)
		}
	})
}
