package reward

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/performa-pa/performa/internal/domain"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// staff40 is a register of 40 people: every area, part-time, part years,
// absences, scores in every band, three without a final scheda, ties.
func staff40() []Person {
	var out []Person
	for i := 0; i < 40; i++ {
		p := Person{
			Matricola: fmt.Sprintf("%04d", 1001+i), Name: fmt.Sprintf("Persona %02d", i+1),
			Area: domain.Areas[[]int{0, 1, 1, 2, 2, 2, 2, 3, 3, 3}[i%10]], PartTime: 100,
			ServiceDays: 365, AbsenceDays: (i * 7) % 23, YearDays: 365, Final: i%13 != 5,
			Score: float64(55 + (i*17)%46),
		}
		if i%6 == 0 {
			p.PartTime = 50
		}
		if i%9 == 0 {
			p.ServiceDays = 275
		}
		if i%4 == 0 {
			u := 88.5
			p.UnitScore = &u
		}
		out = append(out, p)
	}
	return out
}

func TestDistribute(t *testing.T) {
	def := domain.DefaultProductivity()
	noRedis := def
	noRedis.Redistribute = false
	noDiff := def
	noDiff.Differentiation = domain.Differentiation{}
	tests := []struct {
		name string
		rule domain.ProductivityRule
		fund Fund
	}{
		{"default", def, Fund{Organizational: 3000000, Individual: 7000001}},
		{"no redistribution", noRedis, Fund{Organizational: 1234567, Individual: 7654321}},
		{"no differentiation", noDiff, Fund{Organizational: 1, Individual: 99}},
		{"empty fund", def, Fund{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			people := staff40()
			r, err := Distribute(tc.rule, tc.fund, people)
			if err != nil {
				t.Fatal(err)
			}
			var sum, org, ind int64
			for i, e := range r.People {
				sum += e.Amount
				org += e.Organizational
				ind += e.Individual
				if !people[i].Final && e.Amount != 0 {
					t.Errorf("%s without a final scheda gets %d", e.Matricola, e.Amount)
				}
				if e.Amount < 0 {
					t.Errorf("%s negative", e.Matricola)
				}
			}
			if sum != r.Distributed || r.Distributed+r.Unspent != tc.fund.Total() || org > tc.fund.Organizational || ind > tc.fund.Individual {
				t.Fatalf("sum %d, distributed %d, unspent %d, fund %d", sum, r.Distributed, r.Unspent, tc.fund.Total())
			}
			if tc.rule.Redistribute && tc.fund.Total() > 0 && r.Unspent != r.UnspentNoScheda {
				t.Errorf("redistributing, unspent %d is not only the missing schede's %d", r.Unspent, r.UnspentNoScheda)
			}
			if tc.rule.Differentiation.Share > 0 && tc.fund.Individual > 0 {
				if r.Maggiorati != 3 { // 10% of 37 with a premium
					t.Errorf("%d maggiorati", r.Maggiorati)
				}
				if float64(r.MaggiorazioneEach) < 0.3*float64(r.AverageIndividual)-1 {
					t.Errorf("maggiorazione %d below 30%% of %d", r.MaggiorazioneEach, r.AverageIndividual)
				}
			}
		})
	}
}

func TestDistributeGolden(t *testing.T) {
	r, err := Distribute(domain.DefaultProductivity(), Fund{Organizational: 3000000, Individual: 7000001}, staff40())
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "matricola;area;score;band;organizational;individual;maggiorazione;amount\n")
	for _, e := range r.People {
		fmt.Fprintf(&b, "%s;%s;%g;%d;%s;%s;%s;%s\n", e.Matricola, e.Area, e.Score, e.Band, FormatEuro(e.Organizational),
			FormatEuro(e.Individual), FormatEuro(e.Maggiorazione), FormatEuro(e.Amount))
	}
	fmt.Fprintf(&b, "fund;%s;distributed;%s;unspent;%s;maggiorati;%d;each;%s;average;%s\n", FormatEuro(r.Fund.Total()),
		FormatEuro(r.Distributed), FormatEuro(r.Unspent), r.Maggiorati, FormatEuro(r.MaggiorazioneEach), FormatEuro(r.AverageIndividual))
	for _, n := range r.Notes {
		fmt.Fprintln(&b, "note;"+n)
	}
	const golden = "testdata/distribution-2022.golden"
	if *update {
		os.WriteFile(golden, []byte(b.String()), 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != b.String() {
		t.Fatalf("distribution differs from %s (go test -update):\n%s", golden, b.String())
	}
}

// TestPublicAggregatesHoldNoPerson: no matricola, name, score or amount of a
// person is in any byte of the public aggregates, and every group holds at
// least MinGroup people.
func TestPublicAggregatesHoldNoPerson(t *testing.T) {
	for _, n := range []int{40, 5, 2} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			r, err := Distribute(domain.DefaultProductivity(), Fund{Organizational: 3000000, Individual: 7000001}, staff40()[:n])
			if err != nil {
				t.Fatal(err)
			}
			pub := r.PublicAggregates()
			data, _ := json.Marshal(pub)
			text := string(data)
			for _, e := range r.People {
				for _, s := range []string{e.Matricola, e.Name, fmt.Sprintf(`:%d,`, e.Amount), fmt.Sprintf(`:%d}`, e.Amount)} {
					if e.Amount == 0 && strings.HasPrefix(s, ":") {
						continue
					}
					if strings.Contains(text, s) {
						t.Errorf("public aggregates hold %q of %s: %s", s, e.Matricola, text)
					}
				}
			}
			for _, key := range []string{"matricola", "name", "score", "amount"} {
				if strings.Contains(text, `"`+key) {
					t.Errorf("public aggregates have a %q field", key)
				}
			}
			for _, g := range append(pub.ByBand, pub.ByArea...) {
				if g.People < MinGroup {
					t.Errorf("group %q of %d people", g.Label, g.People)
				}
			}
			var total int64
			for _, g := range pub.ByBand {
				total += g.Total
			}
			if n >= MinGroup && total != r.Distributed {
				t.Errorf("bands hold %d of %d", total, r.Distributed)
			}
		})
	}
}

func TestParseEuro(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"12.345,67", 1234567, true}, {"12345,67", 1234567, true}, {"12345.67", 1234567, true}, {"€ 1.000", 100000, true},
		{"1.234.567", 123456700, true}, {"100", 10000, true}, {"0,5", 50, true},
		{"", 0, false}, {"-5", 0, false}, {"1,2,3", 0, false}, {"12,345", 0, false}, {"abc", 0, false},
	}
	for _, tc := range tests {
		got, err := ParseEuro(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("%q: %d, %v", tc.in, got, err)
		}
	}
	if FormatEuro(123456789) != "1.234.567,89 €" || FormatEuro(5) != "0,05 €" {
		t.Error(FormatEuro(123456789), FormatEuro(5))
	}
}
