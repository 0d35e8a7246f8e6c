package document

import (
	"fmt"
	"io"
	"time"

	"github.com/performa-pa/performa/internal/chart"
	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
	"github.com/performa-pa/performa/internal/score"
)

// Validazione is what the Nucleo di Valutazione's Documento di
// validazione prints: the sign-off of a year and its figures as locked.
type Validazione struct {
	Plan    *domain.Plan
	Result  score.Result    // computed with the sign-off's locked scores: Final
	SignOff *domain.SignOff // nil: the year is not signed off, and the document is refused
	Created time.Time
}

// NotSignedOff is the refusal of a Documento di validazione for a year
// the Nucleo di Valutazione has not closed.
func NotSignedOff(year int) error {
	return domain.Errorf(domain.ECONFLICT, "Il %d non è chiuso dal Nucleo di Valutazione: il documento di validazione si produce dopo la chiusura dell'anno (performa cycle signoff --year %d, o la pagina Validazione).", year, year)
}

// WriteValidazione writes the Documento di validazione of the year; it
// refuses (NotSignedOff) a year without a sign-off.
func WriteValidazione(w io.Writer, v Validazione) error {
	res, so := v.Result, v.SignOff
	if so == nil || res.Status != score.Final {
		return NotSignedOff(res.Year)
	}
	pl := v.Plan
	year := res.Year
	title := fmt.Sprintf("Documento di validazione della Relazione sulla performance %d", year)
	p, err := newPDF(meta{Organization: pl.Organization.Name, Title: title, Created: v.Created, Status: "dati definitivi",
		Subject: fmt.Sprintf("Validazione del Nucleo di Valutazione (art. 14, c. 4, lett. c, D.Lgs 150/2009), anno %d", year)})
	if err != nil {
		return err
	}
	f := p.f
	f.AddPage()
	p.cover("Documento di validazione", fmt.Sprintf("della Relazione sulla performance %d · Nucleo di Valutazione (art. 14, c. 4, lett. c, e c. 6, D.Lgs 150/2009)", year),
		[][2]string{
			{"Ciclo", cycleLabel(pl.Cycle)},
			{"Piano", "versione " + versionLabel(pl.Version) + ", " + actLabel(pl.Version)},
			{"Anno chiuso il", dateTime(so.SignedAt)},
			{"Dal", "Nucleo di Valutazione: " + so.Signer()},
			{"Performance dell'ente", pctOf(res.Organization.Score)},
			{"Documento prodotto il", date(v.Created)},
		}, v.Created)
	f.SetY(f.GetY() + 4)
	p.heading(0, "Validazione")
	var confirmed, corrected, neutralised, objectives int
	for _, u := range res.Units {
		for _, o := range u.Objectives {
			switch {
			case o.Neutralisation != nil:
				neutralised++
			case o.Validation != nil && o.Validation.Kind == domain.ValidationConfirmed:
				confirmed++
			case o.Validation != nil:
				corrected++
			}
			if o.State != score.StateUnplanned {
				objectives++
			}
		}
	}
	p.para(fmt.Sprintf("Il Nucleo di Valutazione di %s ha esaminato i risultati dell'anno %d del Piano della performance %s e ha chiuso l'anno il %s (%s). Dei %s: %d con il raggiungimento calcolato confermato, %d con il raggiungimento corretto dal Nucleo con la motivazione, %d neutralizzati (non valutabili). Con la chiusura le cifre che seguono sono definitive e fissate: misurazioni e validazioni successive non le cambiano, salvo una riapertura motivata con un atto.",
		pl.Organization.Name, year, cycleLabel(pl.Cycle), dateTime(so.SignedAt), so.Signer(),
		italian.Count(objectives, "obiettivo dell'anno", "obiettivi dell'anno"), confirmed, corrected, neutralised))
	p.heading(0, "Le cifre validate")
	p.facts([][2]string{{"Performance organizzativa dell'ente", pctOf(res.Organization.Score)}})
	var rows [][]cell
	for _, u := range res.Units {
		band, _ := chart.BandOf(chart.Bands, u.Score)
		var c, k, n int
		for _, o := range u.Objectives {
			switch {
			case o.Neutralisation != nil:
				n++
			case o.Validation != nil && o.Validation.Kind == domain.ValidationConfirmed:
				c++
			case o.Validation != nil:
				k++
			}
		}
		rows = append(rows, []cell{{text: u.Unit.Name, bold: true}, {text: pctOf(u.Score), bold: true}, {text: band.Label, colour: band.Colour, bold: true},
			{text: itoa(c)}, {text: itoa(k)}, {text: itoa(n)}})
	}
	p.table([]column{{head: "Unità", w: 64}, {head: "Punteggio", w: 22, align: "R"}, {head: "Stato", w: 22}, {head: "Confermati", w: 22, align: "R"},
		{head: "Corretti", w: 20, align: "R"}, {head: "Neutralizzati", align: "R"}}, rows)
	rows = nil
	for _, u := range res.Units {
		for _, o := range u.Objectives {
			if o.Validation == nil || o.Validation.Kind == domain.ValidationConfirmed {
				continue
			}
			rows = append(rows, []cell{{text: u.Unit.Name}, {text: objLabel(o.Objective) + " – " + o.Objective.Title}, {text: pctOf(o.Computed)},
				{text: pctOf(&o.Validation.Percent), bold: true}, {text: o.Validation.Reason + " (" + o.Validation.Validator() + ")"}})
		}
	}
	if len(rows) > 0 {
		p.heading(1, "Raggiungimenti corretti dal Nucleo")
		p.table([]column{{head: "Unità", w: 34}, {head: "Obiettivo", w: 56}, {head: "Calcolato", w: 17, align: "R"}, {head: "Validato", w: 17, align: "R"},
			{head: "Motivazione"}}, rows)
	}
	if len(res.Neutralised) > 0 {
		p.heading(1, "Obiettivi neutralizzati")
		rows = nil
		for _, n := range res.Neutralised {
			rows = append(rows, []cell{{text: n.Unit.Name}, {text: objLabel(n.Objective) + " – " + n.Objective.Title}, {text: italian.Percent(n.Weight, 2)},
				{text: n.Validation.Reason + " (" + n.Validation.Validator() + ")"}})
		}
		p.table([]column{{head: "Unità", w: 36}, {head: "Obiettivo", w: 62}, {head: "Peso", w: 14, align: "R"}, {head: "Motivazione"}}, rows)
	}
	p.space(40)
	f.SetY(f.GetY() + 10)
	p.font("", bodySize)
	f.CellFormat(textW, 5, fmt.Sprintf("%s, %s", pl.Organization.Name, date(so.SignedAt)), "", 1, "L", false, 0, "")
	f.SetY(f.GetY() + 6)
	p.semibold(bodySize)
	f.SetX(pageW - margin - 80)
	f.CellFormat(80, 5, "Il Nucleo di Valutazione", "", 1, "C", false, 0, "")
	p.font("", bodySize)
	f.SetX(pageW - margin - 80)
	f.CellFormat(80, 5, so.Signer(), "", 1, "C", false, 0, "")
	return p.output(w)
}

// dateTime writes a moment to the minute, Italian time: "31/01/2023 alle
// 12:30".
func dateTime(t time.Time) string { return t.In(italian.Rome).Format("02/01/2006 alle 15:04") }
