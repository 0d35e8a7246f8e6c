package chart

import (
	"fmt"
	"html"
	"io"
	"strconv"
	"strings"
)

// Drawing is a laid-out chart: shapes in a W×H box, y downwards, units of
// 1/96 in (SVG user units; the PDF scales them to fit).
type Drawing struct {
	ID     string // unique in the page: the title's and description's ids derive from it
	Title  string
	Desc   string
	W, H   float64
	Shapes []Shape
}

// Kind is the kind of a shape.
type Kind int

const (
	Rect     Kind = iota // X, Y, W, H, Fill
	Line                 // X, Y to X2, Y2, Stroke, Dash
	Polyline             // Points, Stroke
	Circle               // X, Y centre, R, Fill, Stroke
	Text                 // X, Y baseline, Text, Size, Anchor, Bold, Fill
)

// Anchor is how a text is placed on its X.
type Anchor int

const (
	Start Anchor = iota
	Middle
	End
)

// Shape is one element of a drawing.
type Shape struct {
	Kind         Kind
	X, Y, W, H   float64
	X2, Y2, R    float64
	Points       [][2]float64
	Fill, Stroke string
	StrokeWidth  float64
	Dash         bool
	Text         string
	Size         float64
	Anchor       Anchor
	Bold         bool
	Opacity      float64 // of the fill; 0 means opaque
}

func (d *Drawing) rect(x, y, w, h float64, fill string) {
	d.Shapes = append(d.Shapes, Shape{Kind: Rect, X: x, Y: y, W: w, H: h, Fill: fill})
}

func (d *Drawing) line(x, y, x2, y2 float64, stroke string, width float64, dash bool) {
	d.Shapes = append(d.Shapes, Shape{Kind: Line, X: x, Y: y, X2: x2, Y2: y2, Stroke: stroke, StrokeWidth: width, Dash: dash})
}

func (d *Drawing) text(x, y float64, s string, size float64, anchor Anchor, bold bool, fill string) {
	d.Shapes = append(d.Shapes, Shape{Kind: Text, X: x, Y: y, Text: s, Size: size, Anchor: anchor, Bold: bold, Fill: fill})
}

// num writes a coordinate compactly and deterministically.
func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// SVG writes the drawing as an accessible SVG image: role="img", labelled
// by its <title> and <desc>. The width follows the container (max the
// drawing's own).
func (d *Drawing) SVG(w io.Writer) error {
	var b strings.Builder
	esc := html.EscapeString
	id := d.ID
	if id == "" {
		id = "grafico"
	}
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="pf-chart" width="%s" height="%s" viewBox="0 0 %s %s" role="img" aria-labelledby="%s-titolo %s-desc" font-family="Titillium Web, Geneva, Tahoma, sans-serif">`+"\n",
		num(d.W), num(d.H), num(d.W), num(d.H), esc(id), esc(id))
	fmt.Fprintf(&b, "<title id=\"%s-titolo\">%s</title>\n<desc id=\"%s-desc\">%s</desc>\n", esc(id), esc(d.Title), esc(id), esc(d.Desc))
	for _, s := range d.Shapes {
		switch s.Kind {
		case Rect:
			fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"`, num(s.X), num(s.Y), num(s.W), num(s.H), s.Fill)
			if s.Opacity > 0 {
				fmt.Fprintf(&b, ` fill-opacity="%s"`, num(s.Opacity))
			}
			b.WriteString("/>\n")
		case Line:
			fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"`, num(s.X), num(s.Y), num(s.X2), num(s.Y2), s.Stroke, num(s.StrokeWidth))
			if s.Dash {
				b.WriteString(` stroke-dasharray="4 3"`)
			}
			b.WriteString("/>\n")
		case Polyline:
			pts := make([]string, len(s.Points))
			for i, p := range s.Points {
				pts[i] = num(p[0]) + "," + num(p[1])
			}
			fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="%s" stroke-linejoin="round"/>`+"\n", strings.Join(pts, " "), s.Stroke, num(s.StrokeWidth))
		case Circle:
			fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="%s" fill="%s" stroke="%s" stroke-width="%s"/>`+"\n", num(s.X), num(s.Y), num(s.R), s.Fill, s.Stroke, num(s.StrokeWidth))
		case Text:
			fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="%s" fill="%s"`, num(s.X), num(s.Y), num(s.Size), s.Fill)
			switch s.Anchor {
			case Middle:
				b.WriteString(` text-anchor="middle"`)
			case End:
				b.WriteString(` text-anchor="end"`)
			}
			if s.Bold {
				b.WriteString(` font-weight="600"`)
			}
			fmt.Fprintf(&b, ">%s</text>\n", esc(s.Text))
		}
	}
	b.WriteString("</svg>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// String is the SVG as a string.
func (d *Drawing) String() string {
	var b strings.Builder
	_ = d.SVG(&b)
	return b.String()
}
