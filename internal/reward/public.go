package reward

import (
	"strings"

	"github.com/performa-pa/performa/internal/domain"
)

// MinGroup is the fewest people a public group holds: smaller groups are
// merged with their neighbours, so that no one's premium or score can be
// read from the aggregates (art. 20 D.Lgs 33/2013 asks how selective the
// distribution was, not who got what).
const MinGroup = 3

// Group is one public aggregate: how many people, and what they received
// together, in cents.
type Group struct {
	Label  string `json:"label"`
	People int    `json:"people"`
	Total  int64  `json:"total_cents"`
	// paid counts the people of the group with a premium: a group where
	// one or two received anything and the others nothing would show
	// their amounts, so it needs MinGroup of them too.
	paid int
}

func (g Group) enough() bool { return g.People >= MinGroup && (g.paid == 0 || g.paid >= MinGroup) }

// Public is what may be published of a distribution: totals, and the
// premiums by score band and by area, never a person.
type Public struct {
	Year        int     `json:"year,omitempty"`
	Fund        int64   `json:"fund_cents"`
	Distributed int64   `json:"distributed_cents"`
	Unspent     int64   `json:"unspent_cents"`
	People      int     `json:"people"`
	ByBand      []Group `json:"by_band"`
	ByArea      []Group `json:"by_area"`
}

// PublicAggregates reduces a distribution to what may be published.
func (r *Result) PublicAggregates() Public {
	p := Public{Fund: r.Fund.Total(), Distributed: r.Distributed, Unspent: r.Unspent, People: len(r.People)}
	bands := make([]Group, len(r.Rule.Bands)+1)
	bands[0].Label = "senza scheda definitiva"
	for i, b := range r.Rule.Bands {
		bands[i+1].Label = bandLabel(r.Rule.Bands, i, b)
	}
	areas := make([]Group, len(domain.Areas))
	for i, a := range domain.Areas {
		areas[i].Label = string(a)
	}
	for _, e := range r.People {
		g := &bands[e.Band+1]
		paid := 0
		if e.Amount > 0 {
			paid = 1
		}
		g.People++
		g.paid += paid
		g.Total += e.Amount
		for i, a := range domain.Areas {
			if a == e.Area {
				areas[i].People++
				areas[i].paid += paid
				areas[i].Total += e.Amount
			}
		}
	}
	p.ByBand, p.ByArea = merge(bands), merge(areas)
	if p.People < MinGroup {
		p.ByBand, p.ByArea = nil, nil
	}
	return p
}

func bandLabel(bs []domain.ProductivityBand, i int, b domain.ProductivityBand) string {
	if i+1 < len(bs) {
		return "punteggio da " + num(b.From) + " a meno di " + num(bs[i+1].From)
	}
	return "punteggio da " + num(b.From)
}

func num(v float64) string {
	s := strings.TrimRight(strings.TrimRight(strings.Replace(formatFloat(v), ".", ",", 1), "0"), ",")
	return s
}

// merge drops empty groups and merges each group with fewer than MinGroup
// people, or with fewer than MinGroup paid among paid ones, into the next
// (the last into the one before), labels joined.
func merge(gs []Group) []Group {
	var out []Group
	var acc *Group
	for _, g := range gs {
		if g.People == 0 {
			continue
		}
		if acc == nil {
			c := g
			acc = &c
		} else {
			acc.Label += " + " + g.Label
			acc.People += g.People
			acc.paid += g.paid
			acc.Total += g.Total
		}
		if acc.enough() {
			out = append(out, *acc)
			acc = nil
		}
	}
	if acc != nil {
		if len(out) == 0 {
			return nil // fewer than MinGroup people in all
		}
		last := &out[len(out)-1]
		last.Label += " + " + acc.Label
		last.People += acc.People
		last.paid += acc.paid
		last.Total += acc.Total
	}
	return out
}

// BandLabel is the band of index i (-1: no final scheda) in Italian.
func BandLabel(rule domain.ProductivityRule, i int) string {
	if i < 0 || i >= len(rule.Bands) {
		return "senza scheda definitiva"
	}
	return bandLabel(rule.Bands, i, rule.Bands[i])
}
