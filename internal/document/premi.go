package document

import (
	"fmt"
	"io"
	"time"

	"github.com/performa-pa/performa/internal/italian"
	"github.com/performa-pa/performa/internal/reward"
)

// Premi is what the public PDF of a year's premi prints (art. 20 D.Lgs
// 33/2013): the aggregates as the administrator published them, never a
// person.
type Premi struct {
	Organization string
	Public       reward.Public // publication.Premi: Year set
	PublishedAt  time.Time
	SavedAt      *time.Time // when the distribution published was saved
	Replaced     string     // publication.ReplacedNotice, "" when it was not
	Created      time.Time
}

// WritePremi writes the premi's PDF: the fund allotted, distributed and
// unspent, then the distribution by score band and by area.
func WritePremi(w io.Writer, in Premi) error {
	pub := in.Public
	title := fmt.Sprintf("Premi collegati alla performance %d", pub.Year)
	p, err := newPDF(meta{Organization: in.Organization, Title: title, Created: in.Created,
		Subject: fmt.Sprintf("Ammontare dei premi collegati alla performance stanziati e distribuiti, anno %d (art. 20 D.Lgs 33/2013)", pub.Year)})
	if err != nil {
		return err
	}
	p.f.AddPage()
	facts := [][2]string{{"Pubblicati il", date(in.PublishedAt)}}
	if in.SavedAt != nil {
		facts = append(facts, [2]string{"Distribuzione del fondo del", date(*in.SavedAt)})
	}
	facts = append(facts, [2]string{"Documento prodotto il", date(in.Created)})
	p.cover("Premi collegati alla performance", fmt.Sprintf("%d · art. 20 D.Lgs 33/2013", pub.Year), facts, in.Created)
	if in.Replaced != "" {
		p.f.SetY(p.f.GetY() + 2)
		p.note(in.Replaced + ".")
	}
	p.f.SetY(p.f.GetY() + 4)
	p.heading(0, "Ammontare dei premi")
	p.facts([][2]string{
		{"Premi stanziati", reward.FormatEuro(pub.Fund)},
		{"Premi distribuiti", reward.FormatEuro(pub.Distributed)},
		{"Non distribuito", reward.FormatEuro(pub.Unspent)},
		{"Personale considerato", italian.Count(pub.People, "persona", "persone")},
	})
	if len(pub.ByBand) == 0 {
		p.para(fmt.Sprintf("La distribuzione per fasce e per aree non è mostrata: riguarda meno di %d persone, che sarebbero riconoscibili.", reward.MinGroup))
		return p.output(w)
	}
	groups := func(heading, first string, gs []reward.Group) {
		p.heading(1, heading)
		var rows [][]cell
		for _, g := range gs {
			rows = append(rows, []cell{{text: g.Label}, {text: itoa(g.People)}, {text: reward.FormatEuro(g.Total), bold: true}})
		}
		p.table([]column{{head: first, w: 100}, {head: "Persone", w: 25, align: "R"}, {head: "Premi distribuiti", align: "R"}}, rows)
	}
	groups("Distribuzione per fascia di punteggio", "Fascia del punteggio individuale", pub.ByBand)
	groups("Distribuzione per area", "Area del CCNL 2019–2021", pub.ByArea)
	p.note(fmt.Sprintf("I gruppi con meno di %d persone (o con meno di %d persone premiate) sono accorpati ai vicini, perché nessuno sia riconoscibile: per questo una riga può unire più fasce.",
		reward.MinGroup, reward.MinGroup))
	return p.output(w)
}
