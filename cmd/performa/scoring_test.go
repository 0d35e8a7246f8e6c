package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/seedtest"
	"github.com/performa-pa/performa/internal/store"
	"github.com/performa-pa/performa/internal/store/storetest"
)

type scoreJSON struct {
	Year         int    `json:"year"`
	Status       string `json:"status"`
	SMVPVersion  int    `json:"smvp_version"`
	Organization struct {
		Score *float64 `json:"score"`
	} `json:"organization"`
	Units []struct {
		Name       string   `json:"name"`
		Score      *float64 `json:"score"`
		Objectives []struct {
			Code        *string  `json:"code"`
			Weight      float64  `json:"weight"`
			Achievement *float64 `json:"achievement"`
			Computed    *float64 `json:"computed"`
			Validated   *float64 `json:"validated"`
		} `json:"objectives"`
	} `json:"units"`
	Managers []struct {
		Name   string   `json:"name"`
		Score  *float64 `json:"score"`
		Reward *float64 `json:"reward"`
	} `json:"managers"`
}

// during2022 is a clock inside the seed's first year: its scores are
// provisional, objectives without a result left out.
var during2022 = time.Date(2022, 12, 31, 12, 0, 0, 0, time.UTC)

// scores runs score --format json while 2022 is still going on.
func scores(t *testing.T, args ...string) scoreJSON {
	t.Helper()
	return scoresAt(t, during2022, args...)
}

func scoresAt(t *testing.T, now time.Time, args ...string) scoreJSON {
	t.Helper()
	code, out, errs := runCmdAt(t, now, append([]string{"score", "--format", "json"}, args...)...)
	if code != 0 {
		t.Fatalf("score: exit %d: %s", code, errs)
	}
	var s scoreJSON
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("score JSON: %v\n%.300s", err, out)
	}
	return s
}

func val(p *float64) float64 {
	if p == nil {
		return -1
	}
	return *p
}

// A measurement changes the score as the SMVP says; a validation overrides
// the computed figure; a new SMVP changes how it is computed.
func TestMeasureValidateScore(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		db := storetest.DSN(t, dialect)
		if code, _, errs := runCmd(t, "import", seedtest.Path(t), "--db", db); code != 0 {
			t.Fatal(errs)
		}
		s := scores(t, "--db", db)
		if s.Year != 2022 || s.Organization.Score != nil || s.Units[1].Score != nil || s.SMVPVersion != 0 {
			t.Fatalf("before any measurement: %+v", s)
		}

		// Segreteria generale, 1.1., second indicator: "almeno tre report".
		code, out, errs := runCmd(t, "measure", "--db", db, "--unit", "segreteria", "--objective", "1.1",
			"--indicator", "2", "--date", "2022-12-31", "--value", "2", "--note", "verbali")
		if code != 0 || !strings.Contains(out, "raggiungimento: 66,7% (2 / 3)") {
			t.Fatalf("measure: exit %d\n%s%s", code, out, errs)
		}
		s = scores(t, "--db", db, "--unit", "segreteria")
		if len(s.Units) != 1 || s.Units[0].Name != "Segreteria generale" || val(s.Units[0].Score) != 66.7 {
			t.Fatalf("after a measurement: %+v", s.Units)
		}
		if len(s.Managers) != 1 || val(s.Managers[0].Score) != 66.7 || val(s.Managers[0].Reward) != 66.7 {
			t.Errorf("manager: %+v", s.Managers)
		}

		// The evaluator validates 1.2 at 80%: (70 × 66,7 + 30 × 80) / 100.
		code, out, errs = runCmd(t, "validate", "--db", db, "--unit", "segreteria", "--objective", "1.2",
			"--percent", "80", "--reason", "statuto approvato in ritardo", "--year", "2022")
		if code != 0 || !strings.Contains(out, "80% (calcolato: non calcolato)") {
			t.Fatalf("validate: exit %d\n%s%s", code, out, errs)
		}
		s = scores(t, "--db", db)
		seg := s.Units[1]
		if val(seg.Objectives[1].Validated) != 80 || seg.Objectives[1].Computed != nil || val(seg.Score) != 70.7 {
			t.Fatalf("after validation: %+v", seg)
		}

		// Behaviour ratings count only when the SMVP gives them a weight.
		if code, out, errs := runCmd(t, "rate", "--db", db, "--manager", "Nardi", "--percent", "90", "--reason", "collaborazione", "--year", "2022"); code != 2 || !strings.Contains(errs, "più unità") {
			t.Errorf("rate with an ambiguous manager: exit %d %s%s", code, out, errs)
		}
		if code, _, errs := runCmd(t, "rate", "--db", db, "--manager", "segreteria", "--percent", "90", "--reason", "collaborazione", "--year", "2022"); code != 0 {
			t.Fatalf("rate: %s", errs)
		}
		if s := scores(t, "--db", db); val(s.Managers[len(s.Managers)-1].Score) != val(scores(t, "--db", db).Managers[len(s.Managers)-1].Score) {
			t.Fatal("unstable scores")
		}

		// A stricter SMVP: at least rules under 70% of the target give 0.
		_, smvp, _ := runCmd(t, "smvp", "export", "--db", db)
		strict := strings.Replace(smvp, `"at_least": {
      "method": "proportional"
    }`, `"at_least": {
      "method": "threshold",
      "floor": 70
    }`, 1)
		strict = strings.Replace(strict, `"objectives": 70,
    "organization": 30,
    "behaviour": 0`, `"objectives": 50,
    "organization": 30,
    "behaviour": 20`, 1)
		if strict == smvp {
			t.Fatalf("SMVP export has no at_least method:\n%s", smvp)
		}
		file := filepath.Join(t.TempDir(), "smvp.json")
		os.WriteFile(file, []byte(strict), 0o644)
		if code, out, errs := runCmd(t, "smvp", "import", file, "--db", db); code != 0 || !strings.Contains(out, "versione 1") {
			t.Fatalf("smvp import: exit %d %s%s", code, out, errs)
		}
		s = scores(t, "--db", db)
		if s.SMVPVersion != 1 || val(s.Units[1].Objectives[0].Achievement) != 0 || val(s.Units[1].Score) != 24 {
			t.Fatalf("with the strict SMVP: version %d, 1.1. %v, unit %v", s.SMVPVersion, val(s.Units[1].Objectives[0].Achievement), val(s.Units[1].Score))
		}
		// Nardi: objectives 24 × 50 + behaviour 90 × 20, the ente unmeasured: (1200 + 1800) / 70.
		for _, m := range s.Managers {
			if m.Name == "Segretario Generale Giulio Nardi" && val(m.Score) != 42.9 {
				t.Errorf("Nardi with behaviour: %v", val(m.Score))
			}
			if m.Name == "Segretario Generale Giulio Nardi" && val(m.Reward) != 0 {
				t.Errorf("Nardi reward under 50: %v", val(m.Reward))
			}
		}
	})
}

func TestMeasureErrors(t *testing.T) {
	db := storetest.DSN(t, "sqlite")
	if code, _, errs := runCmd(t, "import", seedtest.Path(t), "--db", db); code != 0 {
		t.Fatal(errs)
	}
	base := []string{"measure", "--db", db, "--date", "2022-12-31", "--value", "1"}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--unit", "nessuna", "--objective", "1"}, "nessuna unità corrisponde"},
		{[]string{"--unit", "area", "--objective", "1"}, "corrisponde a più unità"},
		{[]string{"--unit", "bertone", "--objective", "1"}, "è ripetuto"},
		{[]string{"--unit", "bertone", "--objective", "#99"}, "ha 11 obiettivi"},
		{[]string{"--unit", "bertone", "--objective", "#3", "--indicator", "5"}, "ha 2 indicatori"},
		{[]string{"--unit", "duchini", "--objective", "6", "--percent", "50"}, "richiede la motivazione"},
	}
	for _, tt := range tests {
		code, _, errs := runCmd(t, append(base, tt.args...)...)
		if code != 2 || !strings.Contains(errs, tt.want) {
			t.Errorf("measure %v: exit %d %q; want %q", tt.args, code, errs, tt.want)
		}
	}
	// A completion date after the reference date is recorded, with a warning.
	code, out, errs := runCmd(t, "measure", "--db", db, "--unit", "segreteria", "--objective", "1.2", "--date", "2022-06-30", "--value", "15/07/2022")
	if code != 0 || !strings.Contains(errs, "attenzione: la data di completamento (15/07/2022) è successiva alla data di riferimento (30/06/2022)") {
		t.Errorf("completion after the reference date: exit %d %s%s", code, out, errs)
	}
	// A manual % with its reason is accepted for a target that cannot be measured.
	code, out, errs = runCmd(t, append(base, "--unit", "duchini", "--objective", "6", "--percent", "50", "--note", "fase iniziale completata")...)
	if code != 0 || !strings.Contains(out, "raggiungimento: 50% (% inserita a mano: fase iniziale completata)") {
		t.Errorf("manual: exit %d %s%s", code, out, errs)
	}
}

func TestRuleCommand(t *testing.T) {
	code, out, _ := runCmd(t, "rule", "entro 31 gennaio", "--year", "2023", "--format", "json")
	var r map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &r) != nil || r["kind"] != "deadline" || r["date"] != "2023-01-31" || r["direction"] != "lower" {
		t.Errorf("rule json: exit %d %s", code, out)
	}
	code, out, _ = runCmd(t, "rule", "--year", "2022", "da ricalibrare")
	if code != 0 || !strings.Contains(out, "Misurabile: no") || !strings.Contains(out, "non misurabile") {
		t.Errorf("rule text: exit %d %s", code, out)
	}
	code, out, _ = runCmd(t, "rule", ">= due processi", "--baseline", "nuovo= 4")
	if code != 0 || !strings.Contains(out, "Regola: almeno 2 processi") || !strings.Contains(out, "meglio più alto") {
		t.Errorf("rule: exit %d %s", code, out)
	}
}

// While a variation is a draft, measurements go to the approved version in
// force.
func TestMeasureDuringVariation(t *testing.T) {
	db := storetest.DSN(t, "sqlite")
	if code, _, errs := runCmd(t, "import", seedtest.Path(t), "--db", db); code != 0 {
		t.Fatal(errs)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	orgs, _ := st.Organizations(ctx)
	plans, _ := st.Plans(ctx, orgs[0].ID)
	if err := st.ApproveVersion(ctx, orgs[0].ID, plans[0].Version.ID, "7", time.Date(2022, 1, 27, 0, 0, 0, 0, time.UTC), "test"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateVariation(ctx, orgs[0].ID, plans[0].Cycle.ID, "nuovo obiettivo PNRR", "test"); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCmd(t, "measure", "--db", db, "--unit", "gambini", "--objective", "1", "--date", "2022-06-30", "--value", "2")
	if code != 0 || !strings.Contains(out, "raggiungimento: 100%") {
		t.Fatalf("measure during a variation: exit %d %s%s", code, out, errs)
	}
	ms, _ := st.Measurements(ctx, orgs[0].ID, plans[0].Version.ID)
	if len(ms) != 1 {
		t.Errorf("measurements on the approved version: %d, want 1", len(ms))
	}
}
