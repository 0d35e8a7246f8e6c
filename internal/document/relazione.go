package document

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/performa-pa/performa/internal/chart"
	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
	"github.com/performa-pa/performa/internal/score"
)

// Edition is who a Relazione is for.
type Edition string

const (
	// Public: what may be published; no individual score or rating.
	Public Edition = "public"
	// Internal: for administrators and the Nucleo di Valutazione; adds the
	// managers' scores with their behaviour ratings (personal data).
	Internal Edition = "internal"
)

// InternalBanner marks every page of the internal edition.
const InternalBanner = "Uso interno — contiene dati personali"

// ParseEdition reads an edition as written in an option: public, internal
// (or the Italian pubblica, interna).
func ParseEdition(s string) (Edition, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "public", "pubblica":
		return Public, true
	case "internal", "interna":
		return Internal, true
	}
	return "", false
}

// Relazione is what the Relazione sulla performance of a year prints.
type Relazione struct {
	Plan     *domain.Plan
	Result   score.Result // the year's scores (score.Compute, with the sign-off's locked figures when signed off)
	Edition  Edition
	Trend    chart.Trend          // the ente's score at the monitoring dates (TrendOf)
	Versions []domain.PlanSummary // the versions of the plan's cycle
	SignOff  *domain.SignOff      // nil while the year is open
	Created  time.Time
}

// WriteRelazione writes the Relazione sulla performance of r.Result.Year.
// The public edition carries no manager's individual score and no
// behaviour rating.
func WriteRelazione(w io.Writer, r Relazione) error {
	pl, res := r.Plan, r.Result
	year := res.Year
	title := fmt.Sprintf("Relazione sulla performance %d", year)
	m := meta{Organization: pl.Organization.Name, Title: title, Created: r.Created, Status: statusShort(res.Status),
		Subject: fmt.Sprintf("Risultati %d del Piano della performance %s (art. 10 D.Lgs 150/2009)", year, cycleLabel(pl.Cycle))}
	edition := "edizione pubblica"
	if r.Edition == Internal {
		m.Banner, edition = InternalBanner, "edizione per uso interno, con i punteggi individuali dei responsabili"
	}
	p, err := newPDF(m)
	if err != nil {
		return err
	}
	f := p.f
	f.AddPage()
	p.cover(title, fmt.Sprintf("Risultati dell'anno %d del Piano della performance %s (art. 10, c. 1, lett. b, D.Lgs 150/2009) · %s", year, cycleLabel(pl.Cycle), edition),
		[][2]string{
			{"Ciclo", cycleLabel(pl.Cycle)},
			{"Piano", "versione " + versionLabel(pl.Version) + ", " + actLabel(pl.Version)},
			{"Stato delle cifre", statusStatement(res, r.SignOff)},
			{"Performance dell'ente", pctOf(res.Organization.Score)},
			{"Documento prodotto il", date(r.Created)},
		}, r.Created)

	variations := yearVersions(r.Versions, year)
	headings := []tocEntry{{level: 0, text: "Sintesi"}}
	headings = append(headings, tocEntry{level: 0, text: "Risultati per unità"})
	for _, u := range res.Units {
		headings = append(headings, tocEntry{level: 1, text: u.Unit.Name})
	}
	headings = append(headings, tocEntry{level: 0, text: "Obiettivi neutralizzati"}, tocEntry{level: 0, text: "Il piano e le sue variazioni nel " + itoa(year)})
	if r.Edition == Internal {
		headings = append(headings, tocEntry{level: 0, text: "Valutazione dei responsabili"})
	}
	f.AddPage()
	p.contents(plannedTOC(headings))

	f.AddPage()
	p.heading(0, "Sintesi")
	p.statusBox(res, r.SignOff)
	p.facts([][2]string{{"Performance organizzativa dell'ente", pctOf(res.Organization.Score) + " — " + res.Organization.How},
		{"Copertura", score.StatusLine(res.Status, res.Policy, res.OrganizationCoverage)}})
	// The public edition names units, not people: a unit's score weighs in
	// its manager's evaluation, and who manages what is in the Piano.
	named := r.Edition == Internal
	var rows [][]cell
	for _, u := range res.Units {
		band, _ := chart.BandOf(chart.Bands, u.Score)
		row := []cell{{text: u.Unit.Name, bold: true}, {text: pctOf(u.Score), bold: true},
			{text: band.Label, colour: band.Colour, bold: true}, {text: u.StatusLine(&res)}}
		if named {
			row = append(row[:1], append([]cell{{text: orDash(u.Unit.Manager)}}, row[1:]...)...)
		}
		rows = append(rows, row)
	}
	cols := []column{{head: "Unità", w: 80}, {head: "Punteggio", w: 19, align: "R"}, {head: "Stato", w: 20},
		{head: "Quanto è definitivo e su che cosa poggia"}}
	if named {
		cols = append([]column{{head: "Unità", w: 46}, {head: "Responsabile", w: 34}}, cols[1:]...)
	}
	p.table(cols, rows)
	p.note("Stato: " + thresholdsText() + " (fasce dello SMVP).")

	units := chart.Scores{ID: "unita", Title: fmt.Sprintf("Punteggio delle unità nel %d", year), Noun: "unità"}
	var objectives []*float64
	for _, u := range res.Units {
		units.Items = append(units.Items, chart.Item{Label: u.Unit.Name, Value: u.Score})
		for _, o := range u.Objectives {
			if o.State == score.StateScored || o.State == score.StateMissing {
				objectives = append(objectives, o.Score)
			}
		}
	}
	p.figure(units.Drawing(), units.Table(), []column{{head: "Unità", w: 110}, {head: "Punteggio", w: 30, align: "R"}, {head: "Stato", align: "R"}})
	bands := chart.Counts{ID: "fasce", Title: fmt.Sprintf("Obiettivi per fascia di raggiungimento nel %d", year), Noun: "obiettivi",
		Counts: chart.CountByBand(chart.Bands, objectives)}
	p.figure(bands.Drawing(), bands.Table(), nil)
	if len(r.Trend.Dates) > 0 {
		tr := r.Trend
		if tr.Title == "" {
			tr.Title = fmt.Sprintf("Andamento dell'ente e delle unità alle date di monitoraggio del %d", year)
		}
		drawn := tr
		drawn.Series = chart.Drawn(tr.Series, 0) // the lines with a value; the table has every row
		p.figure(drawn.Drawing(), tr.Table(), nil)
		p.note("L'andamento è calcolato dalle misurazioni registrate fino a ogni data, senza le validazioni del Nucleo di Valutazione.")
	} else {
		p.note(fmt.Sprintf("Nessuna misurazione nel %d: l'andamento non si può ancora disegnare.", year))
	}

	f.AddPage()
	p.heading(0, "Risultati per unità")
	p.para("Per ogni obiettivo: il peso, ogni indicatore con il target dell'anno e il valore misurato, il raggiungimento calcolato da performa e quello validato dal Nucleo di Valutazione con la sua motivazione. I titoli lunghi sono abbreviati: il testo intero è nel Piano della performance.")
	for i, u := range res.Units {
		if i > 0 {
			p.space(60)
		}
		p.heading(1, u.Unit.Name)
		band, _ := chart.BandOf(chart.Bands, u.Score)
		facts := [][2]string{{"Punteggio", pctOf(u.Score) + " (" + band.Label + ") — " + u.StatusLine(&res)}}
		if named {
			facts = append([][2]string{{"Responsabile", orDash(u.Unit.Manager)}}, facts...)
		}
		p.smallFacts(facts)
		p.unitObjectives(res, u)
	}

	f.AddPage()
	p.heading(0, "Obiettivi neutralizzati")
	if len(res.Neutralised) == 0 {
		p.para(fmt.Sprintf("Nessun obiettivo neutralizzato nel %d.", year))
	} else {
		p.para("Obiettivi che il Nucleo di Valutazione ha dichiarato non valutabili: escono dai punteggi e il loro peso va agli altri obiettivi dell'unità.")
		rows = nil
		for _, n := range res.Neutralised {
			rows = append(rows, []cell{{text: n.Unit.Name}, {text: objLabel(n.Objective) + " – " + n.Objective.Title}, {text: italian.Percent(n.Weight, 2)},
				{text: n.Validation.Reason + " (" + n.Validation.Validator() + ", " + date(n.Validation.ValidatedAt) + ")"}})
		}
		p.table([]column{{head: "Unità", w: 36}, {head: "Obiettivo", w: 62}, {head: "Peso", w: 14, align: "R"}, {head: "Motivazione del Nucleo"}}, rows)
	}

	p.heading(0, "Il piano e le sue variazioni nel "+itoa(year))
	if len(variations) == 0 {
		p.para(fmt.Sprintf("Nessuna approvazione o variazione del piano con un atto del %d. In vigore: versione %s, %s.", year, versionLabel(pl.Version), actLabel(pl.Version)))
	} else {
		rows = nil
		for _, v := range variations {
			what := "approvazione del piano"
			if v.Version.Number > 1 {
				what = "variazione (art. 10, c. 3, D.Lgs 150/2009)"
				if v.Version.Reason != "" {
					what += ": " + v.Version.Reason
				}
			}
			rows = append(rows, []cell{{text: itoa(v.Version.Number)}, {text: what}, {text: v.Version.Status.Label()}, {text: actLabel(v.Version)}})
		}
		p.table([]column{{head: "Versione", w: 18, align: "R"}, {head: "Che cosa", w: 72}, {head: "Stato", w: 22}, {head: "Atto"}}, rows)
	}

	if r.Edition == Internal {
		f.AddPage()
		p.heading(0, "Valutazione dei responsabili")
		p.para("Punteggio individuale di ogni responsabile secondo lo SMVP dell'ente: obiettivi delle sue unità, performance dell'ente e comportamenti organizzativi; la quota della retribuzione di risultato che ne deriva. Dati personali: non pubblicare.")
		rows = nil
		for _, mg := range res.Managers {
			rows = append(rows, []cell{{text: mg.Name, bold: true}, {text: strings.Join(mg.Units, ", ")}, {text: pct2(mg.Objectives)},
				{text: pct2(mg.Behaviour)}, {text: pct2(mg.Score), bold: true}, {text: pct2(mg.Reward)}})
		}
		p.table([]column{{head: "Responsabile", w: 36}, {head: "Unità", w: 46}, {head: "Obiettivi", w: 20, align: "R"}, {head: "Comportamenti", w: 24, align: "R"},
			{head: "Punteggio", w: 22, align: "R"}, {head: "Premio", align: "R"}}, rows)
		for _, mg := range res.Managers {
			p.note(mg.Name + ": " + mg.How)
		}
	}
	return p.output(w)
}

// unitObjectives is the table of a unit's objectives and results.
func (p *pdf) unitObjectives(res score.Result, u score.UnitScore) {
	var rows [][]cell
	for _, o := range u.Objectives {
		var inds []string
		for _, is := range o.Indicators {
			if is.Target.Text == "" {
				continue
			}
			line := fmt.Sprintf("%d. target «%s»", is.Indicator.Position, is.Target.Text)
			if m := is.Measurement; m != nil {
				if v := score.FormatMeasured(is.Indicator, *m); v != "" {
					line += fmt.Sprintf(": misurato %s al %s", v, date(m.Date))
				} else {
					line += fmt.Sprintf(": valutato a mano al %s", date(m.Date))
				}
				if is.Achievement != nil {
					line += ", raggiungimento " + pctOf(is.Achievement)
				}
			} else if is.NeedsManual {
				line += ": non misurabile, valutato dal Nucleo"
			} else {
				line += ": nessuna misurazione"
			}
			inds = append(inds, line)
		}
		if len(inds) == 0 {
			inds = []string{"nessun target nell'anno"}
		}
		validated, reason := "—", ""
		switch {
		case o.Neutralisation != nil:
			validated = "neutralizzato"
			reason = o.Neutralisation.Reason + " (" + o.Neutralisation.Validator() + ", " + date(o.Neutralisation.ValidatedAt) + ")"
		case o.Validation != nil:
			validated = pctOf(&o.Validation.Percent)
			if o.Validation.Kind == domain.ValidationConfirmed {
				validated += "\nconfermato"
			}
			reason = o.Validation.Reason + " (" + o.Validation.Validator() + ", " + date(o.Validation.ValidatedAt) + ")"
			if o.Stale {
				reason += "; da rivedere: il calcolato è cambiato dopo la validazione"
			}
		case o.State == score.StateMissing && res.Status != score.Provisional:
			validated = pctOf(o.Score) + " (senza risultato)"
		case o.State == score.StateUnplanned:
			validated = "non previsto"
		}
		rows = append(rows, []cell{{text: objLabel(o.Objective) + " – " + cut(o.Objective.Title, 160)}, {text: weight(o.Objective.Weight)},
			{text: strings.Join(inds, "\n")}, {text: pctOf(o.Computed)}, {text: validated, bold: o.Validation != nil}, {text: reason}})
	}
	if len(rows) == 0 {
		p.note("Nessun obiettivo.")
		return
	}
	p.table([]column{{head: "Obiettivo", w: 44}, {head: "Peso", w: 11, align: "R"}, {head: "Target e valore misurato", w: 53},
		{head: "Calcolato", w: 15, align: "R"}, {head: "Validato", w: 19, align: "R"}, {head: "Motivazione del Nucleo"}}, rows)
}

// statusBox states, framed, how final the figures are.
func (p *pdf) statusBox(res score.Result, so *domain.SignOff) {
	f := p.f
	colour := chart.Warning
	label := "DATI PROVVISORI"
	switch res.Status {
	case score.Over:
		label = "DATI NON ANCORA DEFINITIVI"
	case score.Final:
		colour, label = chart.Success, "DATI DEFINITIVI"
	}
	text := statusStatement(res, so)
	p.font("", bodySize)
	lines := len(f.SplitText(text, textW-10))
	h := float64(lines)*lineH + 10
	p.space(h + 4)
	y := f.GetY()
	p.draw(colour)
	f.SetLineWidth(0.5)
	f.Rect(margin, y, textW, h, "D")
	p.fill(colour)
	f.Rect(margin, y, 1.6, h, "F")
	p.colour(colour)
	p.bold(10)
	f.SetXY(margin+5, y+2)
	f.CellFormat(textW-10, 4.5, label, "", 1, "L", false, 0, "")
	p.colour(chart.Ink)
	p.font("", bodySize)
	f.SetX(margin + 5)
	f.MultiCell(textW-10, lineH, text, "", "L", false)
	f.SetY(y + h + 4)
}

// statusStatement says in words whether the figures are provisional,
// of a year over and not closed, or final.
func statusStatement(res score.Result, so *domain.SignOff) string {
	switch res.Status {
	case score.Final:
		s := fmt.Sprintf("Cifre definitive: il Nucleo di Valutazione ha chiuso l'anno %d", res.Year)
		if so != nil {
			s += fmt.Sprintf(" il %s (%s)", date(so.SignedAt), so.Signer())
		}
		return s + "."
	case score.Over:
		s := fmt.Sprintf("Cifre non ancora definitive: l'anno %d è concluso, ma il Nucleo di Valutazione non l'ha ancora chiuso. ", res.Year)
		if res.Policy == domain.MissingExclude {
			return s + "Per lo SMVP dell'ente gli obiettivi senza risultato non contano."
		}
		return s + "Gli obiettivi senza risultato contano 0%."
	}
	return fmt.Sprintf("Cifre provvisorie: l'anno %d non è concluso; i punteggi considerano solo gli obiettivi con un risultato (%s).", res.Year, res.Coverage.Summary())
}

func statusShort(st score.Status) string {
	switch st {
	case score.Final:
		return "dati definitivi"
	case score.Over:
		return "dati non definitivi"
	}
	return "dati provvisori"
}

func thresholdsText() string {
	var parts []string
	bands := chart.Bands
	for i, b := range bands {
		if i == len(bands)-1 && i > 0 {
			parts = append(parts, b.Label+" sotto il "+italian.Percent(bands[i-1].From, 1))
		} else {
			parts = append(parts, b.Label+" da "+italian.Percent(b.From, 1))
		}
	}
	return strings.Join(parts, ", ")
}

// yearVersions are the versions of the cycle approved by an act of year,
// in order.
func yearVersions(vs []domain.PlanSummary, year int) []domain.PlanSummary {
	var out []domain.PlanSummary
	for _, v := range vs {
		if v.Version.Status != domain.VersionDraft && v.Version.ActDate != nil && v.Version.ActDate.In(italian.Rome).Year() == year {
			out = append(out, v)
		}
	}
	slices.SortFunc(out, func(a, b domain.PlanSummary) int { return a.Version.Number - b.Version.Number })
	return out
}

// pctOf writes a score with one decimal: "73,2%", or "—".
func pctOf(v *float64) string {
	if v == nil {
		return "—"
	}
	return score.FormatPercent(*v)
}

// pct2 writes an individual score with two decimals, as the SMVP's
// tables do: "73,21%".
func pct2(v *float64) string {
	if v == nil {
		return "—"
	}
	return italian.Percent(*v, 2)
}

func itoa(n int) string { return fmt.Sprint(n) }

// cut shortens a long text to n runes at a word, with an ellipsis.
func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	c := string(r[:n])
	if i := strings.LastIndexByte(c, ' '); i > n/2 {
		c = c[:i]
	}
	return strings.TrimRight(c, " ,;:-–") + "…"
}
