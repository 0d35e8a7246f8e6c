// Package chart draws the charts of performa on the server, with no
// JavaScript: unit scores against the status bands, objectives by
// achievement band, a score's trend across monitoring dates. A chart is
// laid out once as a Drawing (shapes in points) that SVG writes for the
// pages and that internal/document draws in the PDF with the same
// geometry and colours; Table gives the same data as rows, to print
// beside it for those who do not see the picture.
package chart

import (
	"github.com/performa-pa/performa/internal/italian"
)

// Bootstrap Italia colours.
const (
	Primary   = "#0066CC"
	Secondary = "#5D7083"
	Success   = "#008055"
	Warning   = "#A66300"
	Danger    = "#CC334D"
	Grid      = "#C5C7C9"
	Ink       = "#1A1A1A"
	Muted     = "#5D7083"
	Light     = "#F2F7FC"
)

// Palette colours the series of a trend chart, in order.
var Palette = []string{Primary, "#E37B00", "#00838F", "#7B3FA0", Secondary, "#995C00", "#2E7D32", "#AD1457"}

// Band is a status band of scores: from From (included) up to the next
// band's From.
type Band struct {
	From   float64
	Label  string
	Colour string
}

// Bands are the status bands the pages and documents colour scores by
// (docs/smvp.md): in line from 90%, to follow from 60%, critical below.
// Highest first.
var Bands = []Band{
	{From: 90, Label: "in linea", Colour: Success},
	{From: 60, Label: "da seguire", Colour: Warning},
	{From: 0, Label: "critico", Colour: Danger},
}

// Missing labels a score that does not exist yet.
const Missing = "non misurato"

// BandOf is the band of a score among bands (highest first); ok is false
// for a missing score.
func BandOf(bands []Band, v *float64) (Band, bool) {
	if v == nil {
		return Band{Label: Missing, Colour: Secondary}, false
	}
	for _, b := range bands {
		if *v >= b.From {
			return b, true
		}
	}
	return bands[len(bands)-1], true
}

// Table is a chart's data as rows of text, for a table beside it.
type Table struct {
	Caption string
	Header  []string
	Rows    [][]string
}

// percent writes a score: "73,2%", or "—".
func percent(v *float64) string {
	if v == nil {
		return "—"
	}
	return italian.Percent(*v, 1)
}

// threshold writes a band's lower bound: "90%".
func threshold(v float64) string { return italian.Percent(v, 1) }

// truncate shortens s to at most n runes, with an ellipsis.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
