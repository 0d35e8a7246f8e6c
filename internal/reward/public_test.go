package reward

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/performa-pa/performa/internal/domain"
)

type savedStore map[int]*domain.RewardDistribution

func (s savedStore) RewardDistribution(_ context.Context, _ int64, year int) (*domain.RewardDistribution, error) {
	if d, ok := s[year]; ok {
		return d, nil
	}
	return nil, domain.Errorf(domain.ENOTFOUND, "none")
}

// TestPublicYearHoldsNoPerson: every number in the public aggregates of a
// saved distribution, in its JSON and in its Italian text, is an aggregate
// (a total, a group's people or premiums, a band's bound, the year, a
// law's number): no person's amount or score, matricola or name, in any
// byte.
func TestPublicYearHoldsNoPerson(t *testing.T) {
	for _, n := range []int{40, 7, 2} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			r, err := Distribute(domain.DefaultProductivity(), Fund{Organizational: 3000000, Individual: 7000001}, staff40()[:n])
			if err != nil {
				t.Fatal(err)
			}
			d := r.Saved(2022, 0, 0)
			pub, err := PublicYear(context.Background(), savedStore{2022: &d}, 1, 2022)
			if err != nil {
				t.Fatal(err)
			}
			data, err := json.Marshal(pub)
			if err != nil {
				t.Fatal(err)
			}
			text := pub.Text()
			if !strings.Contains(text, "Ammontare dei premi distribuiti: "+FormatEuro(r.Distributed)) {
				t.Errorf("text without the total paid:\n%s", text)
			}
			// What may be published, as JSON numbers and as Italian text.
			allowedJSON := map[string]bool{"2022": true, "3": true}
			allowedText := map[string]bool{"2022": true, "20": true, "33": true, "2013": true, "2019": true, "2021": true, "3": true}
			add := func(cents int64) {
				allowedJSON[strconv.FormatInt(cents, 10)] = true
				allowedText[strings.TrimSuffix(FormatEuro(cents), " €")] = true
			}
			add(pub.Fund)
			add(pub.Distributed)
			add(pub.Unspent)
			allowedJSON[strconv.Itoa(pub.People)], allowedText[strconv.Itoa(pub.People)] = true, true
			for _, g := range append(pub.ByBand, pub.ByArea...) {
				add(g.Total)
				allowedJSON[strconv.Itoa(g.People)], allowedText[strconv.Itoa(g.People)] = true, true
			}
			for _, b := range d.Rule.Bands {
				allowedText[num(b.From)], allowedJSON[num(b.From)] = true, true
			}
			number := regexp.MustCompile(`[0-9][0-9.,]*[0-9]|[0-9]`)
			for _, tok := range number.FindAllString(string(data), -1) {
				if !allowedJSON[tok] {
					t.Errorf("JSON holds %s, no aggregate: %s", tok, data)
				}
			}
			for _, tok := range number.FindAllString(text, -1) {
				if !allowedText[tok] {
					t.Errorf("text holds %s, no aggregate:\n%s", tok, text)
				}
			}
			for _, e := range r.People {
				for _, s := range []string{e.Matricola, e.Name} {
					if strings.Contains(string(data), s) || strings.Contains(text, s) {
						t.Errorf("public aggregates name %q", s)
					}
				}
			}
			for _, g := range append(pub.ByBand, pub.ByArea...) {
				if g.People < MinGroup {
					t.Errorf("group %q of %d", g.Label, g.People)
				}
			}
			if n < MinGroup && (len(pub.ByBand) > 0 || !strings.Contains(text, "meno di 3 persone")) {
				t.Errorf("%d people, groups shown:\n%s", n, text)
			}
		})
	}
	if _, err := PublicYear(context.Background(), savedStore{}, 1, 2023); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("no distribution: %v", err)
	}
}
