package publication

import (
	"encoding/json"
	"io"
	"strconv"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
	"github.com/performa-pa/performa/internal/reward"
)

// The open data of the published premi (art. 20 D.Lgs 33/2013),
// premi-ANNO.csv and premi-ANNO.json (docs/open-data.md): the aggregates
// as published (Premi), never a person.

// PremiColumns are the columns of premi-ANNO.csv: three rows of the fund
// (livello «fondo»: stanziato, distribuito, non distribuito), then one
// row per score band (livello «fascia») and one per area (livello
// «area»), groups of fewer than reward.MinGroup people merged.
var PremiColumns = []string{"anno", "livello", "gruppo", "persone", "importo_euro"}

// PremiCSV writes the published aggregates p as CSV.
func PremiCSV(w io.Writer, p reward.Public) error {
	y := strconv.Itoa(p.Year)
	rows := [][]string{
		{y, "fondo", "stanziato", "", reward.Decimal(p.Fund)},
		{y, "fondo", "distribuito", strconv.Itoa(p.People), reward.Decimal(p.Distributed)},
		{y, "fondo", "non distribuito", "", reward.Decimal(p.Unspent)},
	}
	for _, g := range p.ByBand {
		rows = append(rows, []string{y, "fascia", g.Label, strconv.Itoa(g.People), reward.Decimal(g.Total)})
	}
	for _, g := range p.ByArea {
		rows = append(rows, []string{y, "area", g.Label, strconv.Itoa(g.People), reward.Decimal(g.Total)})
	}
	return writeCSV(w, PremiColumns, rows)
}

type premiJSON struct {
	Ente             string           `json:"ente"`
	Anno             int              `json:"anno"`
	PubblicatoIl     string           `json:"pubblicato_il"`
	DistribuzioneDel string           `json:"distribuzione_salvata_il"`
	Sostituita       *string          `json:"distribuzione_sostituita_il"`
	Stanziato        json.Number      `json:"stanziato_euro"`
	Distribuito      json.Number      `json:"distribuito_euro"`
	NonDistribuito   json.Number      `json:"non_distribuito_euro"`
	Persone          int              `json:"persone"`
	GruppoMinimo     int              `json:"gruppo_minimo"`
	PerFascia        []premiGroupJSON `json:"per_fascia"`
	PerArea          []premiGroupJSON `json:"per_area"`
	Riferimento      string           `json:"riferimento_normativo"`
}

type premiGroupJSON struct {
	Gruppo  string      `json:"gruppo"`
	Persone int         `json:"persone"`
	Importo json.Number `json:"importo_euro"`
}

func premiGroups(gs []reward.Group) []premiGroupJSON {
	out := []premiGroupJSON{}
	for _, g := range gs {
		out = append(out, premiGroupJSON{Gruppo: g.Label, Persone: g.People, Importo: json.Number(reward.Decimal(g.Total))})
	}
	return out
}

// PremiJSON writes the published aggregates of pub as JSON; replaced is
// when the saved distribution was replaced after the publication (nil:
// it was not).
func PremiJSON(w io.Writer, org string, pub *domain.Publication, p reward.Public, replaced *time.Time) error {
	out := premiJSON{Ente: org, Anno: p.Year, PubblicatoIl: pub.PublishedAt.Format(time.DateOnly),
		DistribuzioneDel: isoDate(pub.DistributionSavedAt), Stanziato: json.Number(reward.Decimal(p.Fund)),
		Distribuito: json.Number(reward.Decimal(p.Distributed)), NonDistribuito: json.Number(reward.Decimal(p.Unspent)), Persone: p.People,
		GruppoMinimo: reward.MinGroup, PerFascia: premiGroups(p.ByBand), PerArea: premiGroups(p.ByArea),
		Riferimento: "art. 20 D.Lgs 33/2013"}
	if replaced != nil {
		s := replaced.Format(time.DateOnly)
		out.Sostituita = &s
	}
	return writeJSON(w, out)
}

// ReplacedNotice is what the public pages say of premi whose saved
// distribution was replaced after they were published.
func ReplacedNotice(pub *domain.Publication, at time.Time) string {
	return "Dopo la pubblicazione del " + pub.PublishedAt.In(italian.Rome).Format("02/01/2006") +
		" l'ente ha salvato una nuova distribuzione dei premi (il " + at.In(italian.Rome).Format("02/01/2006") +
		"): le cifre qui sono quelle pubblicate, non ancora aggiornate"
}
