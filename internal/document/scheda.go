package document

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/evaluation"
	"github.com/performa-pa/performa/internal/italian"
)

// Scheda is a person's evaluation for the year as its PDF prints it: for
// the person's file, signed by who evaluates and by the person. Personal
// data: whoever serves it checks first who may read it
// (evaluation.Desk.Open).
type Scheda struct {
	Organization string
	Year         int
	Person       string // «Cognome Nome»
	Matricola    string
	Area, Unit   string
	Role         string // in words
	Evaluator    string // who evaluates, in words
	Status       string
	Dates        [][2]string // what happened and when, in order
	Components   [][4]string // component, weight, score, how
	Total, How   string
	Objectives   [][3]string // title, weight, achievement
	Scale        string
	Behaviours   [][2]string // behaviour, rating with its descriptor
	Comment      string
	Review       string
	Answer       string
	Created      time.Time
}

// SchedaOf is what the PDF of sc (m's scheda in d) prints.
func SchedaOf(d *evaluation.Desk, org string, m domain.StaffMember, sc *domain.Scheda, created time.Time) Scheda {
	s := Scheda{Organization: org, Year: d.Year, Person: m.FullName(), Matricola: m.Matricola, Area: string(m.Area),
		Unit: orDash(m.Unit.Name), Role: evaluation.RoleLabel(sc.Role), Evaluator: evaluation.EvaluatorOf(d.Rule, sc),
		Status: sc.Status.Label(), Total: pct2(sc.Total), How: sc.How,
		Scale:   fmt.Sprintf("%d–%d", d.Rule.Scale.Min, d.Rule.Scale.Max),
		Comment: sc.Body.Comment, Review: sc.Body.Review, Answer: sc.Body.Answer, Created: created}
	for _, e := range []struct {
		label string
		at    *time.Time
	}{{"Consegnata il", sc.DeliveredAt}, {"Presa visione il", sc.AcknowledgedAt}, {"Riesame chiesto il", sc.ReviewAt}, {"Definitiva il", sc.FinalAt}} {
		if e.at != nil {
			s.Dates = append(s.Dates, [2]string{e.label, date(*e.at)})
		}
	}
	if sc.AcknowledgedAt != nil && sc.FinalAt == nil {
		s.Dates = append(s.Dates, [2]string{"Riesame entro il", date(d.ReviewUntil(sc))})
	}
	for _, c := range sc.Body.Components {
		s.Components = append(s.Components, [4]string{evaluation.ComponentLabel(c.Component), italian.Percent(c.Weight, 2), pct2(c.Score), c.How})
	}
	for _, o := range sc.Body.Objectives {
		s.Objectives = append(s.Objectives, [3]string{o.Title, italian.Percent(o.Weight, 2), italian.Percent(o.Achieved, 2)})
	}
	for _, b := range d.Rule.Behaviours {
		v, ok := sc.Body.Behaviours[b.Code]
		text := "da valutare"
		if ok {
			text = strconv.Itoa(v)
			if desc := b.Descriptors[strconv.Itoa(v)]; desc != "" {
				text += " (" + desc + ")"
			}
		}
		s.Behaviours = append(s.Behaviours, [2]string{b.Name, text})
	}
	return s
}

// WriteScheda writes the scheda's PDF: who and what, the components with
// their weights and how each score comes, the person's own objectives, the
// behaviours, the comments and the review, then the signatures.
func WriteScheda(w io.Writer, s Scheda) error {
	title := fmt.Sprintf("Scheda di valutazione %d", s.Year)
	p, err := newPDF(meta{Organization: s.Organization, Title: title + " · " + s.Person, Created: s.Created,
		Subject: "Valutazione individuale (artt. 9 e 18–19 D.Lgs 150/2009): dati personali",
		Banner:  "Dati personali: per la persona valutata, chi la valuta e l'amministrazione.", Status: s.Status})
	if err != nil {
		return err
	}
	p.f.AddPage()
	p.semibold(11)
	p.colour("#5D7083")
	p.f.MultiCell(textW, 6, s.Organization, "", "L", false)
	p.colour("#17324D")
	p.heading(0, title)
	p.facts(append([][2]string{
		{"Persona", s.Person + " (matricola " + s.Matricola + ")"},
		{"Area e unità", s.Area + " · " + s.Unit},
		{"Ruolo", s.Role},
		{"Valuta", s.Evaluator},
		{"Stato", s.Status},
	}, s.Dates...))
	p.heading(1, "Componenti e punteggio")
	var rows [][]cell
	for _, c := range s.Components {
		rows = append(rows, []cell{{text: c[0]}, {text: c[1]}, {text: c[2], bold: true}, {text: c[3]}})
	}
	p.table([]column{{head: "Componente", w: 40}, {head: "Peso", w: 16, align: "R"}, {head: "Punteggio", w: 22, align: "R"}, {head: "Come"}}, rows)
	p.facts([][2]string{{"Punteggio complessivo", s.Total}, {"Come", s.How}})
	if len(s.Objectives) > 0 {
		p.heading(1, "Obiettivi individuali")
		rows = nil
		for _, o := range s.Objectives {
			rows = append(rows, plain(o[0], o[1], o[2]))
		}
		p.table([]column{{head: "Obiettivo"}, {head: "Peso", w: 20, align: "R"}, {head: "Raggiungimento", w: 32, align: "R"}}, rows)
	}
	p.heading(1, "Comportamenti (scala "+s.Scale+")")
	p.facts(s.Behaviours)
	for _, t := range [][2]string{{"Commento del valutatore", s.Comment}, {"Richiesta di riesame", s.Review}, {"Risposta del valutatore", s.Answer}} {
		if t[1] != "" {
			p.heading(1, t[0])
			p.para(t[1])
		}
	}
	p.signatures()
	return p.output(w)
}

// signatures leaves room for who evaluates and for the person.
func (p *pdf) signatures() {
	f := p.f
	p.space(30)
	f.SetY(f.GetY() + 12)
	y := f.GetY()
	half := (textW - 10) / 2
	for i, who := range []string{"Chi valuta", "La persona valutata, per presa visione"} {
		x := margin + float64(i)*(half+10)
		p.draw("#5D7083")
		f.SetLineWidth(0.3)
		f.Line(x, y+10, x+half, y+10)
		p.font("", 9)
		f.SetXY(x, y+11)
		f.MultiCell(half, 4, who, "", "L", false)
	}
}
