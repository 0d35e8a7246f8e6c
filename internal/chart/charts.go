package chart

import (
	"fmt"
	"strings"
	"time"

	"github.com/performa-pa/performa/internal/italian"
)

// Item is one bar of a score chart: a label and its score (nil: none yet).
type Item struct {
	Label string
	Value *float64
}

// Scores is a chart of scores as horizontal bars from 0 to 100%, each
// coloured by its band, over the bands' zones with their thresholds drawn.
type Scores struct {
	ID, Title string
	Items     []Item
	Bands     []Band // nil: Bands
	Noun      string // what the items are, plural: "unità"
}

const (
	width     = 640.0
	labelSize = 13.0
	smallSize = 11.0
)

func (c Scores) bands() []Band {
	if c.Bands == nil {
		return Bands
	}
	return c.Bands
}

// bandSummary says how many items fall in each band: "2 in linea, 1
// critico, 3 non misurati".
func bandSummary(bands []Band, values []*float64) string {
	counts := CountByBand(bands, values)
	var parts []string
	for _, c := range counts {
		if c.N > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c.N, c.Label))
		}
	}
	if len(parts) == 0 {
		return "nessun valore"
	}
	return strings.Join(parts, ", ")
}

// Drawing lays the chart out.
func (c Scores) Drawing() *Drawing {
	bands := c.bands()
	const x0, pw, top, row = 10.0, 540.0, 34.0, 44.0
	values := make([]*float64, len(c.Items))
	for i, it := range c.Items {
		values[i] = it.Value
	}
	noun := c.Noun
	if noun == "" {
		noun = "elementi"
	}
	d := &Drawing{ID: c.ID, Title: c.Title, W: width,
		Desc: fmt.Sprintf("Barre orizzontali da 0 a 100%%, una per ognuna delle %d %s, sulle fasce di stato con le soglie (%s): %s. Gli stessi valori sono nella tabella.",
			len(c.Items), noun, thresholds(bands), bandSummary(bands, values))}
	bottom := top + row*float64(len(c.Items)) + 6
	d.H = bottom + 40
	xAt := func(v float64) float64 { return x0 + pw*max(0, min(100, v))/100 }
	// The bands' zones, lightly tinted, and their thresholds.
	hi := 100.0
	for _, b := range bands {
		d.Shapes = append(d.Shapes, Shape{Kind: Rect, X: xAt(b.From), Y: top - 6, W: xAt(hi) - xAt(b.From), H: bottom - top + 6, Fill: b.Colour, Opacity: 0.08})
		hi = b.From
	}
	d.line(xAt(0), top-6, xAt(0), bottom, Grid, 1, false)
	d.line(xAt(100), top-6, xAt(100), bottom, Grid, 1, false)
	d.text(xAt(0), top-12, "0%", smallSize, Start, false, Muted)
	d.text(xAt(100), top-12, "100%", smallSize, End, false, Muted)
	for _, b := range bands {
		if b.From <= 0 || b.From >= 100 {
			continue
		}
		d.line(xAt(b.From), top-6, xAt(b.From), bottom, b.Colour, 1.5, true)
		d.text(xAt(b.From), top-12, threshold(b.From), smallSize, Middle, true, b.Colour)
	}
	for i, it := range c.Items {
		y := top + row*float64(i)
		d.text(x0, y+12, truncate(it.Label, 80), labelSize, Start, false, Ink)
		band, ok := BandOf(bands, it.Value)
		if !ok {
			d.text(x0+4, y+31, Missing, smallSize, Start, false, Muted)
			continue
		}
		w := xAt(*it.Value) - x0
		d.rect(x0, y+18, max(w, 1.5), 16, band.Colour)
		d.text(xAt(*it.Value)+6, y+31, percent(it.Value), labelSize, Start, true, Ink)
	}
	legend(d, bands, bottom+26)
	return d
}

// thresholds says the bands in words: "in linea da 90%, da seguire da
// 60%, critico sotto il 60%".
func thresholds(bands []Band) string {
	var parts []string
	for i, b := range bands {
		if i == len(bands)-1 && i > 0 {
			parts = append(parts, b.Label+" sotto il "+threshold(bands[i-1].From))
			continue
		}
		parts = append(parts, b.Label+" da "+threshold(b.From))
	}
	return strings.Join(parts, ", ")
}

// legend draws the bands' colours with their words on one line at y.
func legend(d *Drawing, bands []Band, y float64) {
	x := 10.0
	items := strings.Split(thresholds(bands), ", ")
	for i, b := range bands {
		d.rect(x, y-10, 12, 12, b.Colour)
		d.text(x+17, y, items[i], smallSize, Start, false, Ink)
		x += 17 + textWidth(items[i], smallSize) + 18
	}
}

// textWidth estimates the width of s in Titillium Web at size.
func textWidth(s string, size float64) float64 { return float64(len([]rune(s))) * size * 0.5 }

// Table is the chart's data as rows.
func (c Scores) Table() Table {
	t := Table{Caption: c.Title, Header: []string{"", "Punteggio", "Stato"}}
	for _, it := range c.Items {
		band, _ := BandOf(c.bands(), it.Value)
		t.Rows = append(t.Rows, []string{it.Label, percent(it.Value), band.Label})
	}
	return t
}

// Count is a number of things in a class.
type Count struct {
	Label  string
	N      int
	Colour string
}

// CountByBand counts values by band, highest band first, then the missing
// ones.
func CountByBand(bands []Band, values []*float64) []Count {
	out := make([]Count, len(bands)+1)
	for i, b := range bands {
		out[i] = Count{Label: b.Label, Colour: b.Colour}
	}
	out[len(bands)] = Count{Label: Missing, Colour: Secondary}
	for _, v := range values {
		b, ok := BandOf(bands, v)
		if !ok {
			out[len(bands)].N++
			continue
		}
		for i := range bands {
			if bands[i].Label == b.Label {
				out[i].N++
			}
		}
	}
	return out
}

// Counts is a chart of how many things fall in each class, as horizontal
// bars: objectives by achievement band.
type Counts struct {
	ID, Title string
	Counts    []Count
	Noun      string // plural: "obiettivi"
}

// Drawing lays the chart out.
func (c Counts) Drawing() *Drawing {
	const x0, pw, top, row = 10.0, 500.0, 8.0, 44.0
	total, most := 0, 0
	var parts []string
	for _, k := range c.Counts {
		total += k.N
		most = max(most, k.N)
		parts = append(parts, fmt.Sprintf("%s %d", k.Label, k.N))
	}
	d := &Drawing{ID: c.ID, Title: c.Title, W: width,
		Desc: fmt.Sprintf("Barre orizzontali, una per fascia, lunghe quanto il numero di %s (%d in tutto): %s. Gli stessi valori sono nella tabella.",
			c.Noun, total, strings.Join(parts, ", "))}
	d.H = top + row*float64(len(c.Counts)) + 4
	for i, k := range c.Counts {
		y := top + row*float64(i)
		d.text(x0, y+12, k.Label, labelSize, Start, false, Ink)
		w := 0.0
		if most > 0 {
			w = pw * float64(k.N) / float64(most)
		}
		if k.N > 0 {
			d.rect(x0, y+18, max(w, 2), 16, k.Colour)
		}
		d.text(x0+w+6, y+31, countLabel(k.N, total), labelSize, Start, true, Ink)
	}
	return d
}

// countLabel writes a count with its share: "12 (40%)".
func countLabel(n, total int) string {
	if total == 0 {
		return "0"
	}
	return fmt.Sprintf("%s (%s)", italian.Number(float64(n), 0), italian.Percent(float64(n)*100/float64(total), 1))
}

// Table is the chart's data as rows.
func (c Counts) Table() Table {
	total := 0
	for _, k := range c.Counts {
		total += k.N
	}
	t := Table{Caption: c.Title, Header: []string{"Fascia", strings.ToUpper(c.Noun[:1]) + c.Noun[1:], "Quota"}}
	for _, k := range c.Counts {
		share := "—"
		if total > 0 {
			share = italian.Percent(float64(k.N)*100/float64(total), 1)
		}
		t.Rows = append(t.Rows, []string{k.Label, italian.Number(float64(k.N), 0), share})
	}
	return t
}

// Series is one line of a trend chart: a value per date (nil: none).
type Series struct {
	Label  string
	Values []*float64
}

// Trend is a chart of scores across dates: a line with points per series,
// over the bands' thresholds. The dates are evenly spaced, in order.
type Trend struct {
	ID, Title string
	Dates     []time.Time
	Series    []Series
	Bands     []Band // nil: Bands
}

// Drawing lays the chart out.
func (c Trend) Drawing() *Drawing {
	bands := c.Bands
	if bands == nil {
		bands = Bands
	}
	const x0, x1, y0, y1 = 52.0, 600.0, 16.0, 216.0
	d := &Drawing{ID: c.ID, Title: c.Title, W: width, H: y1 + 34}
	var desc []string
	for _, s := range c.Series {
		var pts []string
		for i, v := range s.Values {
			if v != nil && i < len(c.Dates) {
				pts = append(pts, c.Dates[i].Format("02/01")+" "+percent(v))
			}
		}
		if len(pts) == 0 {
			pts = []string{"nessun valore"}
		}
		desc = append(desc, s.Label+": "+strings.Join(pts, ", "))
	}
	d.Desc = fmt.Sprintf("Linea con un punto per ognuna delle %d date di monitoraggio, da 0 a 100%%, con le soglie delle fasce (%s). %s. Gli stessi valori sono nella tabella.",
		len(c.Dates), thresholds(bands), strings.Join(desc, "; "))
	yAt := func(v float64) float64 { return y1 - (y1-y0)*max(0, min(100, v))/100 }
	for v := 0.0; v <= 100; v += 25 {
		d.line(x0, yAt(v), x1, yAt(v), Grid, 1, false)
		d.text(x0-8, yAt(v)+4, threshold(v), smallSize, End, false, Muted)
	}
	for _, b := range bands {
		if b.From <= 0 || b.From >= 100 {
			continue
		}
		d.line(x0, yAt(b.From), x1, yAt(b.From), b.Colour, 1.5, true)
		d.text(x1+4, yAt(b.From)+4, threshold(b.From), smallSize, Start, true, b.Colour)
	}
	n := len(c.Dates)
	xAt := func(i int) float64 {
		if n <= 1 {
			return (x0 + x1) / 2
		}
		return x0 + 24 + (x1-x0-48)*float64(i)/float64(n-1)
	}
	for i, t := range c.Dates {
		d.text(xAt(i), y1+18, t.Format("02/01"), smallSize, Middle, false, Ink)
	}
	// The first series is drawn last, on top, and its values over all.
	for si := len(c.Series) - 1; si >= 0; si-- {
		s := c.Series[si]
		colour := Palette[si%len(Palette)]
		var run [][2]float64
		flush := func() {
			if len(run) > 1 {
				d.Shapes = append(d.Shapes, Shape{Kind: Polyline, Points: run, Stroke: colour, StrokeWidth: 2.5})
			}
			run = nil
		}
		for i, v := range s.Values {
			if v == nil || i >= n {
				flush()
				continue
			}
			run = append(run, [2]float64{xAt(i), yAt(*v)})
		}
		flush()
		for i, v := range s.Values {
			if v == nil || i >= n {
				continue
			}
			d.Shapes = append(d.Shapes, Shape{Kind: Circle, X: xAt(i), Y: yAt(*v), R: 4.5, Fill: colour, Stroke: "#FFFFFF", StrokeWidth: 1.5})
		}
	}
	if len(c.Series) > 0 {
		for i, v := range c.Series[0].Values {
			if v != nil && i < n {
				d.text(xAt(i), yAt(*v)-10, percent(v), smallSize, Middle, true, Ink)
			}
		}
	}
	if len(c.Series) > 1 {
		d.H += 22
		x := x0
		for si, s := range c.Series {
			colour := Palette[si%len(Palette)]
			label := truncate(s.Label, 40)
			if w := 17 + textWidth(label, smallSize); x > x0 && x+w > width-10 {
				x, d.H = x0, d.H+20
			}
			d.rect(x, d.H-16, 12, 12, colour)
			d.text(x+17, d.H-6, label, smallSize, Start, false, Ink)
			x += 17 + textWidth(label, smallSize) + 18
		}
	}
	return d
}

// Drawn keeps the series worth drawing: those with at least one value,
// at most n of them (the palette's length when n is 0), in order.
func Drawn(series []Series, n int) []Series {
	if n <= 0 {
		n = len(Palette)
	}
	var out []Series
	for _, s := range series {
		for _, v := range s.Values {
			if v != nil {
				out = append(out, s)
				break
			}
		}
		if len(out) == n {
			break
		}
	}
	return out
}

// Table is the chart's data as rows: a row per series, a column per date.
func (c Trend) Table() Table {
	t := Table{Caption: c.Title, Header: []string{""}}
	for _, d := range c.Dates {
		t.Header = append(t.Header, d.Format("02/01/2006"))
	}
	for _, s := range c.Series {
		row := []string{s.Label}
		for i := range c.Dates {
			var v *float64
			if i < len(s.Values) {
				v = s.Values[i]
			}
			row = append(row, percent(v))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}
