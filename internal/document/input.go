package document

import (
	"fmt"
	"slices"
	"time"

	"github.com/performa-pa/performa/internal/chart"
	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/quality"
	"github.com/performa-pa/performa/internal/score"
)

// maxTrend is how many monitoring dates the trend shows: the latest.
const maxTrend = 12

// TrendOf is the ente's score and every unit's at each date something was
// measured in the year of in (the latest dozen), computed from the measurements dated up
// to that day and without the Nucleo's validations: how the year was
// going then.
func TrendOf(in score.Input) chart.Trend {
	var dates []time.Time
	for _, m := range in.Measurements {
		if m.Date.Year() == in.Year && !slices.ContainsFunc(dates, m.Date.Equal) {
			dates = append(dates, m.Date)
		}
	}
	slices.SortFunc(dates, func(a, b time.Time) int { return a.Compare(b) })
	if len(dates) > maxTrend {
		dates = dates[len(dates)-maxTrend:]
	}
	t := chart.Trend{ID: "andamento", Title: fmt.Sprintf("Andamento dell'ente e delle unità alle date di monitoraggio del %d", in.Year), Dates: dates,
		Series: []chart.Series{{Label: "Ente"}}}
	for _, u := range in.Plan.Units {
		t.Series = append(t.Series, chart.Series{Label: u.Name})
	}
	for _, d := range dates {
		at := in
		at.Validations, at.Locked, at.Now, at.Closed = nil, nil, d, false
		at.Measurements = make([]domain.Measurement, 0, len(in.Measurements))
		for _, m := range in.Measurements {
			if !m.Date.After(d) {
				at.Measurements = append(at.Measurements, m)
			}
		}
		r := score.Compute(at)
		t.Series[0].Values = append(t.Series[0].Values, r.Organization.Score)
		for i := range r.Units {
			t.Series[i+1].Values = append(t.Series[i+1].Values, r.Units[i].Score)
		}
	}
	return t
}

// RelazioneOf assembles the Relazione of in.Year from what scoring the
// year needs (with the sign-off's locked scores in in.Locked when signed
// off): the scores, the trend. The CLI and the web both build it so.
func RelazioneOf(in score.Input, versions []domain.PlanSummary, so *domain.SignOff, ed Edition, created time.Time) Relazione {
	return Relazione{Plan: in.Plan, Result: score.Compute(in), Edition: ed, Trend: TrendOf(in), Versions: versions, SignOff: so, Created: created}
}

// ValidazioneOf assembles the Documento di validazione of in.Year.
func ValidazioneOf(in score.Input, so *domain.SignOff, created time.Time) Validazione {
	return Validazione{Plan: in.Plan, Result: score.Compute(in), SignOff: so, Created: created}
}

// PianoOf assembles the Piano of a version.
func PianoOf(p *domain.Plan, created time.Time) Piano {
	q, _ := quality.Assess(p)
	return Piano{Plan: p, Quality: q, Created: created}
}
