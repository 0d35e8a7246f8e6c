// Package document writes the documents of the cycle as PDF: the Piano
// della performance of an approved version, the Relazione sulla
// performance of a year (public and internal editions), the Nucleo di
// Valutazione's Documento di validazione, the published premi and a
// person's scheda di valutazione (personal data). Each is rendered from plain data
// (the plan, score.Result, the sign-off) into an io.Writer: no store, no
// HTTP. A4, Titillium Web embedded, running header with the ente and the
// title, «Pagina N di M», document metadata in Italian and an outline of
// the contents.
package document

import (
	"embed"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/performa-pa/performa/internal/chart"
)

// The TrueType Titillium Web of Bootstrap Italia (copied by
// scripts/assets.sh, SIL Open Font License: fonts/OFL.txt).
//
//go:embed fonts/*.ttf
var fonts embed.FS

const (
	family   = "Titillium"
	pageW    = 210.0
	pageH    = 297.0
	margin   = 18.0
	top      = 24.0
	bottom   = 18.0
	textW    = pageW - 2*margin
	bodySize = 10.0
	lineH    = 4.6
)

// compress says whether page contents are deflated: tests turn it off to
// search the raw bytes.
var compress = true

// pdf is a document being written, with the helpers every document uses.
type pdf struct {
	f        *fpdf.Fpdf
	org      string
	title    string
	banner   string // printed on every page (the internal edition's warning)
	status   string // the figures' status in the running header
	toc      []tocEntry
	tocAlias int
}

type tocEntry struct {
	level int
	text  string
	alias string
}

// Meta describes a document for its properties.
type meta struct {
	Organization, Title, Subject string
	Banner, Status               string
	Created                      time.Time
}

func newPDF(m meta) (*pdf, error) {
	f := fpdf.New("P", "mm", "A4", "")
	f.AliasNbPages("{nb}") // before the fonts: their subsets keep the digits
	for _, s := range []struct{ style, file string }{{"", "regular"}, {"I", "italic"}, {"B", "700"}, {"S", "600"}} {
		b, err := fonts.ReadFile("fonts/titillium-web-v10-latin-ext_latin-" + s.file + ".ttf")
		if err != nil {
			return nil, err
		}
		name := family
		if s.style == "S" { // semibold: a family of its own
			name, s.style = family+"SB", ""
		}
		f.AddUTF8FontFromBytes(name, s.style, b)
	}
	if err := f.Error(); err != nil {
		return nil, err
	}
	p := &pdf{f: f, org: m.Organization, title: m.Title, banner: m.Banner, status: m.Status}
	f.SetTitle(m.Title, true)
	f.SetAuthor(m.Organization, true)
	f.SetSubject(m.Subject, true)
	f.SetCreator("performa", true)
	f.SetProducer("performa (codeberg.org/go-pdf/fpdf)", true)
	f.SetLang("it-IT")
	f.SetKeywords("ciclo della performance, "+m.Organization, true)
	if !m.Created.IsZero() {
		f.SetCreationDate(m.Created)
		f.SetModificationDate(m.Created)
	}
	f.SetCatalogSort(true)
	f.SetDisplayMode("fullwidth", "continuous")
	f.SetMargins(margin, top, margin)
	f.SetCellMargin(0) // the tables pad their cells themselves
	f.SetCompression(compress)
	f.SetAutoPageBreak(true, bottom+4)
	f.SetHeaderFuncMode(p.header, false)
	f.SetFooterFunc(p.footer)
	return p, nil
}

func (p *pdf) header() {
	f := p.f
	if f.PageNo() == 1 {
		if p.banner != "" {
			p.bannerLine(8)
		}
		return
	}
	p.font("", 8.5)
	p.colour(chart.Muted)
	f.SetXY(margin, 9)
	f.CellFormat(textW/2, 4, p.org, "", 0, "L", false, 0, "")
	right := p.title
	if p.status != "" {
		right += " · " + p.status
	}
	f.CellFormat(textW/2, 4, right, "", 1, "R", false, 0, "")
	p.draw(chart.Grid)
	f.SetLineWidth(0.2)
	f.Line(margin, 14, pageW-margin, 14)
	if p.banner != "" {
		p.bannerLine(15.5)
	}
	f.SetXY(margin, top)
	p.colour(chart.Ink)
}

func (p *pdf) bannerLine(y float64) {
	f := p.f
	p.fill(chart.Danger)
	f.SetTextColor(255, 255, 255)
	p.bold(8.5)
	f.SetXY(margin, y)
	f.CellFormat(textW, 5, p.banner, "", 1, "C", true, 0, "")
	p.colour(chart.Ink)
}

func (p *pdf) footer() {
	f := p.f
	f.SetY(-bottom + 4)
	p.font("", 8.5)
	p.colour(chart.Muted)
	f.CellFormat(textW/2, 4, "Prodotto con performa", "", 0, "L", false, 0, "")
	f.CellFormat(textW/2, 4, fmt.Sprintf("Pagina %d di {nb}", f.PageNo()), "", 0, "R", false, 0, "")
	p.colour(chart.Ink)
}

// rgb reads "#RRGGBB".
func rgb(hex string) (int, int, int) {
	v, _ := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
	return int(v >> 16 & 0xff), int(v >> 8 & 0xff), int(v & 0xff)
}

func (p *pdf) colour(hex string) { p.f.SetTextColor(rgb(hex)) }
func (p *pdf) fill(hex string)   { p.f.SetFillColor(rgb(hex)) }
func (p *pdf) draw(hex string)   { p.f.SetDrawColor(rgb(hex)) }

// font sets the regular (style "") or italic ("I") face.
func (p *pdf) font(style string, size float64) { p.f.SetFont(family, style, size) }

// bold sets the bold face; semibold is the headings' weight.
func (p *pdf) bold(size float64)     { p.f.SetFont(family, "B", size) }
func (p *pdf) semibold(size float64) { p.f.SetFont(family+"SB", "", size) }

// space makes sure h mm are left on the page, else starts a new one.
func (p *pdf) space(h float64) {
	if p.f.GetY()+h > pageH-bottom-4 {
		p.f.AddPage()
	}
}

// heading writes a heading of level 0 (chapter), 1 or 2, in the outline
// and (levels 0 and 1) in the contents.
func (p *pdf) heading(level int, text string) {
	f := p.f
	sizes := []float64{17, 13.5, 11.5}
	before := []float64{2, 5, 3.5}
	p.space(sizes[level]*0.9 + 16)
	f.SetY(f.GetY() + before[level])
	f.Bookmark(text, level, -1)
	if level < 2 {
		p.tocAlias++
		alias := fmt.Sprintf("{p%03d}", p.tocAlias)
		p.toc = append(p.toc, tocEntry{level, text, alias})
		f.RegisterAlias(alias, strconv.Itoa(f.PageNo()))
	}
	p.semibold(sizes[level])
	if level == 0 {
		p.colour(chart.Primary)
	} else {
		p.colour("#17324D")
	}
	f.MultiCell(textW, sizes[level]*0.5, text, "", "L", false)
	if level == 0 {
		p.draw(chart.Primary)
		f.SetLineWidth(0.6)
		f.Line(margin, f.GetY()+1, margin+30, f.GetY()+1)
		f.SetY(f.GetY() + 3)
	}
	f.SetY(f.GetY() + 1.5)
	p.colour(chart.Ink)
}

// para writes a paragraph.
func (p *pdf) para(text string) {
	p.font("", bodySize)
	p.f.MultiCell(textW, lineH, text, "", "L", false)
	p.f.SetY(p.f.GetY() + 1.5)
}

// note writes a small grey paragraph.
func (p *pdf) note(text string) {
	p.font("I", 8.5)
	p.colour(chart.Muted)
	p.f.MultiCell(textW, 3.8, text, "", "L", false)
	p.colour(chart.Ink)
	p.f.SetY(p.f.GetY() + 1)
}

// facts writes label: value lines, labels in a column.
func (p *pdf) facts(rows [][2]string) {
	f := p.f
	for _, r := range rows {
		p.font("", bodySize)
		lines := len(f.SplitText(r[1], textW-48))
		p.space(float64(lines)*lineH + 1)
		y := f.GetY()
		p.semibold(bodySize)
		f.SetXY(margin, y)
		f.MultiCell(46, lineH, r[0], "", "L", false)
		labelEnd := f.GetY()
		p.font("", bodySize)
		f.SetXY(margin+48, y)
		f.MultiCell(textW-48, lineH, r[1], "", "L", false)
		f.SetY(max(f.GetY(), labelEnd) + 0.8)
	}
	f.SetY(f.GetY() + 1.5)
}

// column of a table.
type column struct {
	head  string
	w     float64 // mm; the last column takes what is left when 0
	align string  // "L" (default), "R", "C"
}

// cell is a table cell: text, optionally bold or coloured.
type cell struct {
	text   string
	bold   bool
	colour string
}

func plain(texts ...string) []cell {
	out := make([]cell, len(texts))
	for i, t := range texts {
		out[i] = cell{text: t}
	}
	return out
}

// table writes rows under a header that repeats on every page; long texts
// wrap within their column.
func (p *pdf) table(cols []column, rows [][]cell) {
	f := p.f
	used := 0.0
	for _, c := range cols {
		used += c.w
	}
	for i := range cols {
		if cols[i].w == 0 {
			cols[i].w = textW - used
		}
	}
	const size, lh, pad = 8.8, 3.9, 1.3
	head := func() {
		p.semibold(size)
		h := 0.0
		for _, c := range cols {
			h = max(h, float64(len(f.SplitText(c.head, c.w-2*pad)))*lh)
		}
		h += 2 * pad
		y := f.GetY()
		p.fill("#E6EEF7")
		f.Rect(margin, y, textW, h, "F")
		x := margin
		p.colour("#17324D")
		for _, c := range cols {
			f.SetXY(x+pad, y+pad)
			f.MultiCell(c.w-2*pad, lh, c.head, "", align(c.align), false)
			x += c.w
		}
		p.colour(chart.Ink)
		f.SetXY(margin, y+h)
	}
	height := func(row []cell) float64 {
		h := 0.0
		for i, c := range row {
			if i >= len(cols) {
				break
			}
			p.cellFont(c, size)
			h = max(h, float64(len(f.SplitText(orSpace(c.text), cols[i].w-2*pad)))*lh)
		}
		return h + 2*pad
	}
	// The header never stays alone at the foot of a page.
	firstH := 0.0
	if len(rows) > 0 {
		firstH = min(height(rows[0]), 60)
	}
	p.space(12 + firstH)
	head()
	for ri, row := range rows {
		h := height(row)
		if f.GetY()+h > pageH-bottom-4 {
			f.AddPage()
			head()
		}
		y := f.GetY()
		if ri%2 == 1 {
			p.fill("#F7F9FB")
			f.Rect(margin, y, textW, h, "F")
		}
		x := margin
		for i, c := range row {
			if i >= len(cols) {
				break
			}
			p.cellFont(c, size)
			if c.colour != "" {
				p.colour(c.colour)
			}
			f.SetXY(x+pad, y+pad)
			f.MultiCell(cols[i].w-2*pad, lh, c.text, "", align(cols[i].align), false)
			p.colour(chart.Ink)
			x += cols[i].w
		}
		p.draw(chart.Grid)
		f.SetLineWidth(0.15)
		f.Line(margin, y+h, pageW-margin, y+h)
		f.SetXY(margin, y+h)
	}
	f.SetY(f.GetY() + 3)
}

func (p *pdf) cellFont(c cell, size float64) {
	if c.bold {
		p.semibold(size)
	} else {
		p.font("", size)
	}
}

func orSpace(s string) string {
	if s == "" {
		return " "
	}
	return s
}

func align(a string) string {
	if a == "" {
		return "L"
	}
	return a
}

// contents writes the table of contents of the headings written after
// it: the page numbers are aliases filled in when the document closes.
// It needs the headings beforehand: lines are the entries to come.
func (p *pdf) contents(entries []tocEntry) {
	f := p.f
	p.semibold(17)
	p.colour(chart.Primary)
	f.CellFormat(textW, 9, "Indice", "", 1, "L", false, 0, "")
	p.colour(chart.Ink)
	f.SetY(f.GetY() + 3)
	for _, e := range entries {
		indent := 0.0
		if e.level == 0 {
			p.semibold(10.5)
			f.SetY(f.GetY() + 1.5)
		} else {
			p.font("", 10)
			indent = 6
		}
		lines := f.SplitText(e.text, textW-indent-14)
		p.space(float64(len(lines)) * 5)
		y := f.GetY()
		f.SetXY(margin+indent, y)
		f.MultiCell(textW-indent-14, 5, e.text, "", "L", false)
		end := f.GetY()
		f.SetXY(pageW-margin-12, end-5)
		f.CellFormat(12, 5, e.alias, "", 0, "R", false, 0, "")
		f.SetY(end + 0.3)
	}
}

// plannedTOC gives the entries the document will write, with the
// aliases heading() will register, in the same order.
func plannedTOC(headings []tocEntry) []tocEntry {
	out := make([]tocEntry, 0, len(headings))
	n := 0
	for _, h := range headings {
		if h.level < 2 {
			n++
			out = append(out, tocEntry{h.level, h.text, fmt.Sprintf("{p%03d}", n)})
		}
	}
	return out
}

// figure draws a chart (internal/chart) with vector primitives, scaled to
// the text width, then its data as a table.
func (p *pdf) figure(d *chart.Drawing, tb chart.Table, cols []column) {
	f := p.f
	scale := textW / d.W
	h := d.H * scale
	// The chart and its table on the same page (a long table: its start).
	table := float64(len(tb.Rows))*6.6 + 10
	if len(tb.Rows) > 12 {
		table = 32
	}
	p.space(h + 12 + table)
	p.semibold(10.5)
	f.MultiCell(textW, 5, d.Title, "", "L", false)
	f.SetY(f.GetY() + 1)
	x0, y0 := margin, f.GetY()
	X := func(v float64) float64 { return x0 + v*scale }
	Y := func(v float64) float64 { return y0 + v*scale }
	for _, s := range d.Shapes {
		switch s.Kind {
		case chart.Rect:
			p.fill(s.Fill)
			if s.Opacity > 0 {
				f.SetAlpha(s.Opacity, "Normal")
			}
			f.Rect(X(s.X), Y(s.Y), s.W*scale, s.H*scale, "F")
			if s.Opacity > 0 {
				f.SetAlpha(1, "Normal")
			}
		case chart.Line:
			p.draw(s.Stroke)
			f.SetLineWidth(s.StrokeWidth * scale)
			if s.Dash {
				f.SetDashPattern([]float64{4 * scale, 3 * scale}, 0)
			}
			f.Line(X(s.X), Y(s.Y), X(s.X2), Y(s.Y2))
			if s.Dash {
				f.SetDashPattern(nil, 0)
			}
		case chart.Polyline:
			p.draw(s.Stroke)
			f.SetLineWidth(s.StrokeWidth * scale)
			f.SetLineJoinStyle("round")
			for i := 1; i < len(s.Points); i++ {
				f.Line(X(s.Points[i-1][0]), Y(s.Points[i-1][1]), X(s.Points[i][0]), Y(s.Points[i][1]))
			}
		case chart.Circle:
			p.fill(s.Fill)
			p.draw(s.Stroke)
			f.SetLineWidth(s.StrokeWidth * scale)
			f.Circle(X(s.X), Y(s.Y), s.R*scale, "FD")
		case chart.Text:
			pt := s.Size * scale * 72 / 25.4 // the drawing's units are mm here once scaled
			if s.Bold {
				p.semibold(pt)
			} else {
				p.font("", pt)
			}
			p.colour(s.Fill)
			x := X(s.X)
			switch s.Anchor {
			case chart.Middle:
				x -= f.GetStringWidth(s.Text) / 2
			case chart.End:
				x -= f.GetStringWidth(s.Text)
			}
			f.Text(x, Y(s.Y), s.Text)
		}
	}
	p.colour(chart.Ink)
	f.SetXY(margin, y0+h+2)
	if len(tb.Rows) > 0 {
		if cols == nil {
			first := min(70, textW/2)
			rest := (textW - first) / float64(max(1, len(tb.Header)-1))
			for i, hd := range tb.Header {
				if i == 0 {
					cols = append(cols, column{head: hd, w: first})
				} else {
					cols = append(cols, column{head: hd, w: rest, align: "R"})
				}
			}
		}
		rows := make([][]cell, len(tb.Rows))
		for i, r := range tb.Rows {
			rows[i] = plain(r...)
		}
		p.table(cols, rows)
	}
}

// output closes the document into w.
func (p *pdf) output(w io.Writer) error {
	if err := p.f.Error(); err != nil {
		return err
	}
	return p.f.Output(w)
}
