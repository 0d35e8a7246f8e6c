package document

import (
	"bytes"
	"strings"
	"testing"

	"github.com/performa-pa/performa/internal/reward"
)

// TestPremi: the premi's PDF prints the totals and the groups as given,
// the notice of a replaced distribution, and with fewer than
// reward.MinGroup people the totals only.
func TestPremi(t *testing.T) {
	for _, tc := range []struct {
		name  string
		in    Premi
		wants []string
		not   []string
	}{
		{name: "groups", in: Premi{Organization: "Comune di Prova", PublishedAt: created, Created: created,
			Replaced: "Dopo la pubblicazione l'ente ha salvato una nuova distribuzione dei premi",
			Public: reward.Public{Year: 2022, Fund: 10000001, Distributed: 9000000, Unspent: 1000001, People: 7,
				ByBand: []reward.Group{{Label: "punteggio da 80 a meno di 90", People: 3, Total: 4000000}, {Label: "punteggio da 90", People: 4, Total: 5000000}},
				ByArea: []reward.Group{{Label: "Istruttori", People: 7, Total: 9000000}}}},
			wants: []string{"Premi collegati alla performance", "2022 · art. 20 D.Lgs 33/2013", "Comune di Prova", "Pubblicati il 15/02/2023",
				"100.000,01 €", "90.000,00 €", "10.000,01 €", "7 persone", "punteggio da 80 a meno di 90", "40.000,00 €", "Istruttori",
				"Dopo la pubblicazione l'ente ha salvato una nuova distribuzione dei premi.", "sono accorpati ai vicini"}},
		{name: "too few", in: Premi{Organization: "Comune di Prova", PublishedAt: created, Created: created,
			Public: reward.Public{Year: 2022, Fund: 100000, Distributed: 90000, People: 2, Unspent: 10000}},
			wants: []string{"2 persone", "La distribuzione per fasce e per aree non è mostrata: riguarda meno di 3 persone"},
			not:   []string{"Distribuzione per fascia di punteggio"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := WritePremi(&b, tc.in); err != nil {
				t.Fatal(err)
			}
			text := pdfText(t, b.Bytes())
			contains(t, tc.name, text, tc.wants...)
			for _, n := range tc.not {
				if strings.Contains(text, n) {
					t.Errorf("%s has %q", tc.name, n)
				}
			}
		})
	}
}
