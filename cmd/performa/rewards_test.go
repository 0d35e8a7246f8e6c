package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/performa-pa/performa/internal/store"
	"github.com/performa-pa/performa/internal/store/storetest"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files under testdata/")

// finalSchede stores a final scheda for every person of the 2022 register
// but 1005, 1020 and 1036 (storetest.FinalSchede).
func finalSchede(t *testing.T, st *store.Store, org int64) {
	t.Helper()
	if people := storetest.FinalSchede(t, st, org, 2022, "segretario", "1005", "1020", "1036"); len(people) != 40 {
		t.Fatalf("%d people", len(people))
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *updateGolden {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != got {
		t.Errorf("differs from %s (go test -run %s -update):\n%s", path, t.Name(), got)
	}
}

// TestRewardsCLI distributes a fund over the 40-person testdata register
// with the seed's validated 2022 scores, on both databases: the fund split
// to the cent, the art. 81 maggiorazione, no premium without a final
// scheda, --save replacing the year's distribution (audited), the payroll
// XLSX; golden files for the JSON and the text.
func TestRewardsCLI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		db, st, org := signedOff2022(t, dialect, people, staffFile)
		finalSchede(t, st, org)
		ctx := context.Background()
		args := []string{"rewards", "--year", "2022", "--fund-organizational", "30.000,00", "--fund-individual", "70000.01", "--db", db, "--by", "segretario"}
		code, out, errs := runCmdAt(t, afterSignOff, append(args, "--format", "json")...)
		if code != 0 {
			t.Fatal(errs)
		}
		golden(t, "rewards-2022.json", out)
		var doc struct {
			People []struct {
				Matricola string   `json:"matricola"`
				Score     *float64 `json:"score"`
				Amount    float64  `json:"amount"`
			} `json:"people"`
			Totals struct{ Fund, Distributed, Unspent float64 } `json:"totals"`
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		var sum int64
		for _, p := range doc.People {
			cents := int64(p.Amount*100 + 0.5)
			sum += cents
			if p.Score == nil && cents != 0 {
				t.Errorf("%s without a final scheda gets %v", p.Matricola, p.Amount)
			}
		}
		fund, distributed, unspent := int64(doc.Totals.Fund*100+0.5), int64(doc.Totals.Distributed*100+0.5), int64(doc.Totals.Unspent*100+0.5)
		if len(doc.People) != 40 || fund != 10000001 || sum != distributed || sum != fund-unspent || unspent == 0 {
			t.Fatalf("%d people, fund %d, sum %d, distributed %d, unspent %d", len(doc.People), fund, sum, distributed, unspent)
		}
		if !strings.Contains(out, `"amount": 0.00`) || !strings.Contains(out, `"fund": 100000.01`) {
			t.Errorf("amounts are not written with two decimals:\n%.400s", out)
		}

		code, text, errs := runCmdAt(t, afterSignOff, append(args, "--save", "--output", filepath.Join(t.TempDir(), "premi.xlsx"))...)
		if code != 0 {
			t.Fatal(errs)
		}
		golden(t, "rewards-2022.txt", strings.SplitN(text, "\nDistribuzione 2022 salvata", 2)[0])
		for _, want := range []string{"Fondo: 100.000,01 €", "Maggiorazione art. 81 CCNL 2019–2021: 3 persone", "Distribuzione 2022 salvata da Giulio Nardi (segretario)."} {
			if !strings.Contains(text, want) {
				t.Errorf("text lacks %q", want)
			}
		}
		d, err := st.RewardDistribution(ctx, org, 2022)
		if err != nil || len(d.Entries) != 40 || d.Distributed != distributed || d.SavedBy != "segretario" {
			t.Fatalf("saved: %+v %v", d, err)
		}
		if plans, _ := st.Plans(ctx, org); len(plans) == 0 || d.VersionID != plans[0].Version.ID {
			t.Errorf("the distribution records version %d, want the plan in force", d.VersionID)
		}
		var magg, each int64
		var paid, sumInd int64
		for _, e := range d.Entries {
			if e.Maggiorazione > 0 {
				magg++
				each = e.Maggiorazione
			}
			if e.Amount > 0 {
				paid++
				sumInd += e.Individual - e.Maggiorazione
			}
		}
		// art. 81: the maggiorazione is at least 30% of the average individual premium.
		if magg != 3 || float64(each) < 0.3*float64(sumInd+each*magg)/float64(paid) {
			t.Errorf("maggiorazione: %d people, %d each, average %d", magg, each, (sumInd+each*magg)/paid)
		}

		// A new --save replaces the distribution, audited with before and after.
		if code, _, errs := runCmdAt(t, afterSignOff, "rewards", "--year", "2022", "--fund-organizational", "0", "--fund-individual", "1000", "--save", "--db", db, "--by", "segretario"); code != 0 {
			t.Fatal(errs)
		}
		d2, err := st.RewardDistribution(ctx, org, 2022)
		if err != nil || d2.Fund() != 100000 || d2.Distributed+d2.Unspent != 100000 {
			t.Fatalf("replaced: %+v %v", d2, err)
		}
		log, _ := st.AuditLog(ctx, org, 0)
		saves := 0
		for _, a := range log {
			if a.Entity == "reward_distribution" {
				saves++
			}
		}
		if saves != 2 {
			t.Errorf("%d audited saves", saves)
		}

		// Refusals.
		for _, tc := range []struct {
			code int
			want string
			args []string
		}{
			{1, "spetta a", []string{"--by", "ndv"}},
			{2, "non è un importo in euro", []string{"--fund-individual", "mille", "--by", "segretario"}},
			{2, "servono --fund-organizational", []string{"--by", "segretario", "--fund-individual", ""}},
			{2, "fuori dal ciclo", []string{"--year", "2030", "--by", "segretario"}},
		} {
			a := append([]string{"rewards", "--year", "2022", "--fund-organizational", "1", "--fund-individual", "1", "--db", db}, tc.args...)
			if code, out, errs := runCmdAt(t, afterSignOff, a...); code != tc.code || !strings.Contains(errs, tc.want) {
				t.Errorf("%v: exit %d %s%s", tc.args, code, out, errs)
			}
		}
	})
}

// TestPayrollXLSX reads back the payroll workbook: a row per person, the
// totals row equal to the distribution, euros as numbers with a € format.
func TestPayrollXLSX(t *testing.T) {
	db, st, org := signedOff2022(t, store.SQLite, people, staffFile)
	finalSchede(t, st, org)
	out := filepath.Join(t.TempDir(), "premi.xlsx")
	if code, _, errs := runCmdAt(t, afterSignOff, "rewards", "--year", "2022", "--fund-organizational", "30000", "--fund-individual", "70000,01",
		"--output", out, "--save", "--db", db, "--by", "segretario"); code != 0 {
		t.Fatal(errs)
	}
	d, err := st.RewardDistribution(context.Background(), org, 2022)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Premi", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3+40+2 || rows[2][0] != "Matricola" || rows[2][12] != "Totale" || rows[3][0] != d.Entries[0].Matricola {
		t.Fatalf("%d rows: %v", len(rows), rows[2])
	}
	total := rows[43]
	if total[0] != "Totale distribuito" || total[12] != fmt.Sprint(float64(d.Distributed)/100) {
		t.Errorf("totals row %v, distributed %d", total, d.Distributed)
	}
	style, _ := f.GetCellStyle("Premi", "M4")
	st2, _ := f.GetStyle(style)
	if st2 == nil || st2.CustomNumFmt == nil || !strings.Contains(*st2.CustomNumFmt, "€") {
		t.Errorf("no € number format on M4")
	}
}
