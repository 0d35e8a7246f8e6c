package main

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/store/storetest"
)

// objectiveScoreJSON is an objective of «score --format json».
type objectiveScoreJSON struct {
	Code   *string  `json:"code"`
	Title  string   `json:"title"`
	Weight float64  `json:"weight"`
	State  string   `json:"state"`
	Score  *float64 `json:"achievement"`
	How    string   `json:"how"`
}

type unitScoreJSON struct {
	Name       string               `json:"name"`
	Score      *float64             `json:"score"`
	Objectives []objectiveScoreJSON `json:"objectives"`
}

// unitScores runs score --format json for one unit at now.
func unitScores(t *testing.T, now time.Time, db, unit string) unitScoreJSON {
	t.Helper()
	code, out, errs := runCmdAt(t, now, "score", "--format", "json", "--year", "2022", "--unit", unit, "--db", db)
	if code != 0 {
		t.Fatalf("score: exit %d: %s", code, errs)
	}
	var s struct {
		Units []unitScoreJSON `json:"units"`
	}
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("score JSON: %v", err)
	}
	for _, u := range s.Units {
		if strings.Contains(u.Name, unit) {
			return u
		}
	}
	t.Fatalf("no unit %q in %s", unit, out)
	return unitScoreJSON{}
}

func (u unitScoreJSON) objective(t *testing.T, title string) objectiveScoreJSON {
	t.Helper()
	for _, o := range u.Objectives {
		if o.Title == title {
			return o
		}
	}
	t.Fatalf("%s: no objective %q", u.Name, title)
	return objectiveScoreJSON{}
}

// TestIdentityAcrossVariation: measurements, validations, neutralisations
// and the scores locked by a sign-off follow an objective by its identity
// when a variation changes its code and weight; an objective a variation
// removes leaves the roll-up. On both databases, driven from the CLI.
func TestIdentityAcrossVariation(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		db, st, org := seededStore(t, dialect, people)
		at := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 10, 0, 0, 0, time.UTC) }
		ok := func(now time.Time, want string, args ...string) {
			t.Helper()
			code, out, errs := runCmdAt(t, now, append(args, "--db", db)...)
			if code != 0 || !strings.Contains(out, want) {
				t.Fatalf("%v: exit %d %q %q, want %q", args, code, out, errs, want)
			}
		}
		jan, feb := at(2023, 1, 20), at(2023, 2, 15)
		ok(jan, "approvata", "cycle", "approve", "--act", "12", "--date", "2022-01-28", "--by", "segretario")
		const (
			presidio  = "Presidio costante del Centro Storico"   // Polizia 2: measured, confirmed
			vigilanza = "Vigilanza stradale e pronto intervento" // Polizia 1: validated at 40%
		)
		ok(jan, "raggiungimento: 100%", "measure", "--unit", "Polizia", "--objective", "2", "--indicator", "1",
			"--date", "2022-12-31", "--value", "6", "--by", "batignani")
		ok(jan, "Calcolato confermato", "validate", "--unit", "Polizia", "--objective", "2", "--confirm", "--year", "2022", "--by", "ndv")
		ok(jan, "Validazione registrata", "validate", "--unit", "Polizia", "--objective", "1", "--percent", "40",
			"--reason", "metà dei servizi", "--year", "2022", "--by", "ndv")
		// Polizia 3, measured at 100% and confirmed, will be removed.
		p1, _ := st.CurrentPlan(ctx, org)
		third := unitOf(p1, "Area Polizia Municipale").Objectives[2]
		ok(jan, "Obiettivo neutralizzato", "validate", "--unit", "Polizia", "--objective", "4", "--neutralise",
			"--reason", "funzione trasferita", "--year", "2022", "--by", "ndv")
		ok(jan, "Validazione registrata", "validate", "--unit", "Polizia", "--objective", "3", "--percent", "100",
			"--reason", "relazione", "--year", "2022", "--by", "ndv")
		before := unitScores(t, jan, db, "Polizia")
		fourth := unitOf(p1, "Area Polizia Municipale").Objectives[3].Title

		// A variation: objective 2 gets code 2-bis and weight 20, objective 3 goes.
		ok(jan, "Variazione creata", "cycle", "variation", "--reason", "riorganizzazione", "--by", "segretario")
		ok(jan, "Codice: 2 → 2-bis", "objective", "edit", "--unit", "Polizia", "--objective", "2", "--code", "2-bis", "--weight", "20", "--by", "segretario")
		ok(jan, "Codice: 1 → 1-bis", "objective", "edit", "--unit", "Polizia", "--objective", "1", "--code", "1-bis", "--by", "segretario")
		ok(jan, "Obiettivo eliminato", "objective", "remove", "--unit", "Polizia", "--objective", "#3", "--by", "segretario")
		ok(jan, "Versione 2 del piano 2022–2024 approvata", "cycle", "approve", "--act", "30", "--date", "2023-01-20", "--by", "segretario")

		after := unitScores(t, jan, db, "Polizia")
		if o := after.objective(t, presidio); val(o.Score) != 100 || o.Code == nil || *o.Code != "2-bis" || o.Weight != 20 || o.State != "scored" {
			t.Errorf("objective 2 after the variation: %+v, want 2-bis, weight 20, 100%% confirmed", o)
		}
		if o := after.objective(t, vigilanza); val(o.Score) != 40 || o.State != "scored" {
			t.Errorf("objective 1 after the variation: %+v, want its 40%% validation", o)
		}
		if o := after.objective(t, fourth); o.State != "neutralised" {
			t.Errorf("neutralised objective after the variation: %+v", o)
		}
		for _, o := range after.Objectives {
			if o.Title == third.Title {
				t.Errorf("the removed objective is still rolled up: %+v", o)
			}
		}
		// The roll-up: 2-bis (20) at 100, 1-bis at 40 over the weight of the
		// objectives left, neutralised aside; the others count 0.
		p2, _ := st.CurrentPlan(ctx, org)
		var total, w1 float64
		for _, o := range unitOf(p2, "Area Polizia Municipale").Objectives {
			if o.Title == fourth || o.Weight == nil {
				continue
			}
			total += *o.Weight
			if o.Title == vigilanza {
				w1 = *o.Weight
			}
		}
		want := (20*100 + w1*40) / total
		if math.Abs(val(after.Score)-want) > 0.05 { // one decimal
			t.Errorf("Polizia after the variation: %v, want %.2f (before: %v)", val(after.Score), want, val(before.Score))
		}

		// Sign off 2022, then a variation changes code and weight again:
		// the locked figures follow the objectives.
		var batch []*domain.Validation
		for _, u := range p2.Units {
			for _, o := range u.Objectives {
				if u.Name == "Area Polizia Municipale" && o.Position <= 3 ||
					len(o.Indicators) == 1 && len(o.Indicators[0].Targets) > 0 && o.Indicators[0].Targets[0].Text == "" {
					continue
				}
				batch = append(batch, &domain.Validation{ObjectiveID: o.ID, Year: 2022, Percent: 70, Reason: "relazione finale", ValidatedBy: "ndv"})
			}
		}
		if err := st.AddValidations(ctx, org, batch); err != nil {
			t.Fatal(err)
		}
		ok(feb, "Anno 2022 chiuso", "cycle", "signoff", "--year", "2022", "--by", "ndv")
		closed := unitScores(t, feb, db, "Polizia")
		ok(feb, "Variazione creata", "cycle", "variation", "--reason", "pesi 2023", "--by", "segretario")
		ok(feb, "Peso: 20% → 30%", "objective", "edit", "--unit", "Polizia", "--objective", "2-bis", "--code", "2-ter", "--weight", "30", "--by", "segretario")
		ok(feb, "Versione 3 del piano 2022–2024 approvata", "cycle", "approve", "--act", "41", "--date", "2023-02-15", "--by", "segretario")
		final := unitScores(t, feb, db, "Polizia")
		if val(final.Score) != val(closed.Score) {
			t.Errorf("Polizia's final 2022 score moved with a variation: %v → %v", val(closed.Score), val(final.Score))
		}
		for _, title := range []string{presidio, vigilanza, fourth} {
			c, f := closed.objective(t, title), final.objective(t, title)
			if !strings.HasPrefix(f.How, "definitivo") || f.State != c.State || val(f.Score) != val(c.Score) {
				t.Errorf("%s after a variation of a closed year: %+v, want as locked %+v", title, f, c)
			}
		}
	})
}
