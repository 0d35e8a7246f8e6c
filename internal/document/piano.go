package document

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/performa-pa/performa/internal/chart"
	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
	"github.com/performa-pa/performa/internal/missions"
	"github.com/performa-pa/performa/internal/quality"
	"github.com/performa-pa/performa/internal/score"
	"github.com/performa-pa/performa/internal/target"
)

// Piano is what the Piano della performance prints: an approved version
// of the plan and its quality report (quality.Assess).
type Piano struct {
	Plan    *domain.Plan
	Quality quality.Report
	Created time.Time // when the document is produced: the date it says
}

// WritePiano writes the Piano della performance. A version still in draft
// is refused (domain.ECONFLICT): the Piano is an approved act.
func WritePiano(w io.Writer, in Piano) error {
	pl := in.Plan
	if pl.Version.Status == domain.VersionDraft {
		return domain.Errorf(domain.ECONFLICT, "La versione %d del piano è in bozza: il Piano della performance si produce da una versione approvata (performa cycle approve).", pl.Version.Number)
	}
	title := "Piano della performance " + cycleLabel(pl.Cycle)
	p, err := newPDF(meta{Organization: pl.Organization.Name, Title: title, Created: in.Created,
		Subject: "Sezione Performance del PIAO: obiettivi, indicatori e target del ciclo " + cycleLabel(pl.Cycle)})
	if err != nil {
		return err
	}
	f := p.f
	f.AddPage()
	p.cover("Piano della performance", "Sezione Performance del Piano integrato di attività e organizzazione (PIAO) · Piano degli obiettivi",
		[][2]string{
			{"Ciclo", cycleLabel(pl.Cycle)},
			{"Versione", versionLabel(pl.Version)},
			{"Approvazione", actLabel(pl.Version)},
			{"Contenuto", fmt.Sprintf("%s, %s, %s", italian.Count(len(pl.Units), "unità", "unità"),
				italian.Count(pl.Objectives(), "obiettivo", "obiettivi"), italian.Count(indicators(pl), "indicatore", "indicatori"))},
			{"Documento prodotto il", date(in.Created)},
		}, in.Created)
	headings := []tocEntry{{level: 0, text: "Il piano in sintesi"}}
	for _, u := range pl.Units {
		headings = append(headings, tocEntry{level: 0, text: unitHeading(u)})
	}
	headings = append(headings, tocEntry{level: 0, text: "Qualità del piano"})
	f.AddPage()
	p.contents(plannedTOC(headings))

	f.AddPage()
	p.heading(0, "Il piano in sintesi")
	p.para(fmt.Sprintf("Il piano del ciclo %s di %s assegna a ogni unità organizzativa i suoi obiettivi, con il peso, la missione e il programma del DUP, gli indicatori, la baseline e il target di ogni anno. Per ogni target il documento riporta il testo come è scritto nel piano e come performa lo intende per misurarlo.",
		cycleLabel(pl.Cycle), pl.Organization.Name))
	var rows [][]cell
	for _, u := range pl.Units {
		rows = append(rows, []cell{{text: u.Name, bold: true}, {text: orDash(u.Manager)}, {text: italian.Number(float64(len(u.Objectives)), 0)},
			{text: italian.Percent(u.TotalWeight(), 2)}})
	}
	p.table([]column{{head: "Unità", w: 74}, {head: "Responsabile", w: 50}, {head: "Obiettivi", w: 22, align: "R"}, {head: "Somma dei pesi", align: "R"}}, rows)

	for _, u := range pl.Units {
		f.AddPage()
		p.heading(0, unitHeading(u))
		p.facts([][2]string{{"Responsabile", orDash(u.Manager)},
			{"Obiettivi", fmt.Sprintf("%d, somma dei pesi %s", len(u.Objectives), italian.Percent(u.TotalWeight(), 2))}})
		for _, o := range u.Objectives {
			p.objective(pl.Cycle, o)
		}
	}

	f.AddPage()
	p.heading(0, "Qualità del piano")
	q := in.Quality.Overall
	p.para(fmt.Sprintf("Target misurabili: %d su %d (%s); %d non misurabili, %d indicatori senza baseline, %d target meno ambiziosi della baseline, %d scadenze fuori dal ciclo, %s.",
		q.Measurable, q.Targets, italian.Percent(q.MeasurableShare, 1), q.NotMeasurable, q.MissingBaselines, q.BelowBaseline,
		q.DeadlinesOutsideCycle, italian.Count(q.CrossCutting, "obiettivo trasversale", "obiettivi trasversali")))
	rows = nil
	for _, uf := range in.Quality.Units {
		weights := italian.Percent(uf.WeightTotal, 2)
		c := cell{text: weights}
		if !uf.WeightsAddUp {
			c = cell{text: weights + " (non tornano)", colour: chart.Danger, bold: true}
		}
		rows = append(rows, []cell{{text: uf.Name}, {text: fmt.Sprintf("%d su %d", uf.Measurable, uf.Targets)},
			{text: italian.Percent(uf.MeasurableShare, 1)}, {text: italian.Number(float64(uf.MissingBaselines), 0)}, c})
	}
	p.table([]column{{head: "Unità", w: 62}, {head: "Target misurabili", w: 30, align: "R"}, {head: "Quota", w: 20, align: "R"},
		{head: "Senza baseline", w: 24, align: "R"}, {head: "Somma dei pesi", align: "R"}}, rows)
	p.note("Un target è misurabile quando performa ne ricava un valore atteso (un numero, una data, un sì/no, una percentuale di completamento); gli altri vanno valutati a mano dal Nucleo di Valutazione.")
	return p.output(w)
}

// objective writes an objective: the heading bar, its facts, its
// indicators with the targets of every year.
func (p *pdf) objective(c domain.Cycle, o *domain.Objective) {
	f := p.f
	label := "Obiettivo " + objLabel(o)
	p.semibold(10.5)
	titleLines := f.SplitText(label+" – "+o.Title, textW-34)
	h := float64(len(titleLines))*4.8 + 3
	p.space(h + 42)
	y := f.GetY() + 2
	p.fill("#E6EEF7")
	f.Rect(margin, y, textW, h, "F")
	p.fill(chart.Primary)
	f.Rect(margin, y, 1.2, h, "F")
	p.colour("#17324D")
	f.SetXY(margin+3, y+1.5)
	f.MultiCell(textW-34, 4.8, label+" – "+o.Title, "", "L", false)
	f.SetXY(pageW-margin-30, y+1.5)
	f.CellFormat(28, 4.8, "Peso "+weight(o.Weight), "", 0, "R", false, 0, "")
	p.colour(chart.Ink)
	f.SetXY(margin, y+h+1.5)
	var facts [][2]string
	facts = append(facts, [2]string{"Missione e programma", missionProgram(o)})
	if o.Kind == domain.ObjectiveCrossCutting {
		facts = append(facts, [2]string{"Tipo", "obiettivo trasversale, assegnato a ogni unità"})
	}
	if o.Staff != "" {
		facts = append(facts, [2]string{"Personale coinvolto", o.Staff})
	}
	if o.Notes != "" {
		facts = append(facts, [2]string{"Note", o.Notes})
	}
	p.smallFacts(facts)
	var rows [][]cell
	for _, in := range o.Indicators {
		first := true
		desc := fmt.Sprintf("%d. %s", in.Position, in.Description)
		if in.UnitOfMeasure != "" {
			desc += " (" + in.UnitOfMeasure + ")"
		}
		if in.Weight != nil {
			desc += ", peso " + weight(in.Weight)
		}
		base := baseline(in.Baseline)
		for _, year := range c.Years() {
			t, ok := in.Target(year)
			if !ok || t.Text == "" {
				continue
			}
			row := []cell{{}, {}, {text: fmt.Sprint(year)}, {text: t.Text}, {text: target.Describe(score.RuleOf(in, t))}}
			if first {
				row[0], row[1] = cell{text: desc}, cell{text: base}
				first = false
			}
			rows = append(rows, row)
		}
		if first {
			rows = append(rows, []cell{{text: desc}, {text: base}, {text: "—"}, {text: "nessun target"}, {}})
		}
	}
	if len(rows) == 0 {
		p.note("Nessun indicatore.")
		return
	}
	p.table([]column{{head: "Indicatore", w: 50}, {head: "Baseline", w: 27}, {head: "Anno", w: 11}, {head: "Target come scritto", w: 38},
		{head: "Come lo intende performa"}}, rows)
}

// smallFacts writes label: value lines in a smaller face.
func (p *pdf) smallFacts(rows [][2]string) {
	f := p.f
	for _, r := range rows {
		p.font("", 9)
		lines := len(f.SplitText(r[1], textW-42))
		p.space(float64(lines)*4 + 1)
		y := f.GetY()
		p.semibold(9)
		p.colour(chart.Muted)
		f.SetXY(margin, y)
		f.CellFormat(40, 4, r[0], "", 0, "L", false, 0, "")
		p.colour(chart.Ink)
		p.font("", 9)
		f.SetXY(margin+42, y)
		f.MultiCell(textW-42, 4, r[1], "", "L", false)
	}
	f.SetY(f.GetY() + 1.5)
}

// cover writes the first page: the ente, the title, the facts.
func (p *pdf) cover(title, subtitle string, facts [][2]string, created time.Time) {
	f := p.f
	p.fill(chart.Primary)
	f.Rect(0, 0, pageW, 8, "F")
	f.SetY(40)
	p.semibold(14)
	p.colour(chart.Muted)
	f.MultiCell(textW, 7, p.org, "", "L", false)
	f.SetY(f.GetY() + 8)
	p.bold(30)
	p.colour(chart.Primary)
	f.MultiCell(textW, 12, title, "", "L", false)
	f.SetY(f.GetY() + 3)
	p.font("", 12.5)
	p.colour("#17324D")
	f.MultiCell(textW, 6, subtitle, "", "L", false)
	p.draw(chart.Primary)
	f.SetLineWidth(0.8)
	f.Line(margin, f.GetY()+5, margin+40, f.GetY()+5)
	f.SetY(f.GetY() + 14)
	p.colour(chart.Ink)
	p.facts(facts)
	_ = created
}

func cycleLabel(c domain.Cycle) string { return fmt.Sprintf("%d–%d", c.FirstYear, c.LastYear) }

func versionLabel(v domain.Version) string {
	s := fmt.Sprintf("%d (%s)", v.Number, v.Status.Label())
	if v.Number > 1 && v.Reason != "" {
		s += ", variazione: " + v.Reason
	}
	return s
}

// actLabel says the act that approved a version.
func actLabel(v domain.Version) string {
	switch {
	case v.ActNumber != "" && v.ActDate != nil:
		return fmt.Sprintf("delibera di Giunta n. %s del %s", v.ActNumber, date(*v.ActDate))
	case v.ActNumber != "":
		return "delibera di Giunta n. " + v.ActNumber
	case v.ActDate != nil:
		return "delibera di Giunta del " + date(*v.ActDate)
	}
	return "atto non indicato"
}

func unitHeading(u *domain.Unit) string { return u.Name }

func indicators(pl *domain.Plan) int {
	n := 0
	for _, u := range pl.Units {
		for _, o := range u.Objectives {
			n += len(o.Indicators)
		}
	}
	return n
}

// date writes a day: "31/12/2022".
func date(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(italian.Rome).Format("02/01/2006")
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

func weight(w *float64) string {
	if w == nil {
		return "—"
	}
	return italian.Percent(*w, 2)
}

// objLabel is the objective's code as written, or its position.
func objLabel(o *domain.Objective) string {
	if o.Code != "" {
		return o.Code
	}
	return fmt.Sprintf("n. %d", o.Position)
}

// missionProgram names the DUP mission and programme by their official
// names (D.Lgs 118/2011), or as written when the plan gives no code.
func missionProgram(o *domain.Objective) string {
	var parts []string
	if m, ok := missions.LookupMission(o.Mission.Code); ok {
		parts = append(parts, "Missione "+m.Code+" – "+m.Name)
		if pr, ok := missions.LookupProgram(m.Code, o.Program.Code); ok {
			parts = append(parts, "programma "+pr.Code+" – "+pr.Name)
		} else if o.Program.Text != "" {
			parts = append(parts, "programma "+o.Program.Text)
		}
	} else {
		if o.Mission.Text != "" {
			parts = append(parts, "Missione "+o.Mission.Text)
		}
		if o.Program.Text != "" {
			parts = append(parts, "programma "+o.Program.Text)
		}
	}
	if len(parts) == 0 {
		return "non indicati"
	}
	return strings.Join(parts, "; ")
}

func baseline(b domain.Baseline) string {
	if b.Text == "" && b.Value == nil {
		return "—"
	}
	s := b.Text
	if s == "" {
		s = italian.Number(*b.Value, -1)
	}
	if b.Year != 0 {
		s += fmt.Sprintf(" (%d)", b.Year)
	}
	return s
}
