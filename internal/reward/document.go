package reward

import (
	"fmt"
	"strconv"

	"github.com/performa-pa/performa/internal/domain"
)

// Cents2 is an amount in cents written in JSON as euros with two
// decimals: 1234.50.
type Cents2 int64

func (c Cents2) MarshalJSON() ([]byte, error) { return []byte(Decimal(int64(c))), nil }

// Decimal writes cents as euros with a dot and two decimals, as machines
// read them (open data, JSON): 1234,5 € is "1234.50".
func Decimal(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return fmt.Sprintf("%s%d.%02d", sign, cents/100, cents%100)
}

// Fixed2 is a number written in JSON with two decimals.
type Fixed2 float64

func (f Fixed2) MarshalJSON() ([]byte, error) {
	return strconv.AppendFloat(nil, float64(f), 'f', 2, 64), nil
}

// Document is a distribution as performa rewards --format json and the
// API write it: one entry per person, score null without a final scheda
// (whose amount is 0), and the totals, in euros with two decimals.
type Document struct {
	People []DocumentPerson `json:"people"`
	Totals DocumentTotals   `json:"totals"`
}

// DocumentPerson is one person's premium.
type DocumentPerson struct {
	Matricola string  `json:"matricola"`
	Score     *Fixed2 `json:"score"`
	Amount    Cents2  `json:"amount"`
}

// DocumentTotals are the fund, what is distributed and what is not.
type DocumentTotals struct {
	Fund        Cents2 `json:"fund"`
	Distributed Cents2 `json:"distributed"`
	Unspent     Cents2 `json:"unspent"`
}

// DocumentOf writes a distribution as a Document.
func DocumentOf(d *domain.RewardDistribution) Document {
	doc := Document{People: []DocumentPerson{}, Totals: DocumentTotals{Cents2(d.Fund()), Cents2(d.Distributed), Cents2(d.Unspent)}}
	for _, e := range d.Entries {
		doc.People = append(doc.People, PersonOf(e))
	}
	return doc
}

// PersonOf is one entry as a DocumentPerson.
func PersonOf(e domain.RewardEntry) DocumentPerson {
	p := DocumentPerson{Matricola: e.Matricola, Amount: Cents2(e.Amount)}
	if e.Final {
		v := Fixed2(e.Score)
		p.Score = &v
	}
	return p
}
