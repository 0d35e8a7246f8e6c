package planjson_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/planjson"
)

// Imported measurements travel in indicators[].measurements[] and come back.
func TestMeasurementsRoundTrip(t *testing.T) {
	n, yes := 71200.5, true
	d := time.Date(2022, 9, 15, 0, 0, 0, 0, time.UTC)
	in := &domain.Indicator{Description: "Importo", Measurements: []domain.Measurement{
		{Date: time.Date(2022, 6, 30, 0, 0, 0, 0, time.UTC), Text: "71.200,50", Number: &n, Note: "avanzamento dichiarato: 45%"},
		{Date: time.Date(2022, 9, 30, 0, 0, 0, 0, time.UTC), Text: "sì", Bool: &yes},
		{Date: time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC), Text: "15/09/2022", DateValue: &d},
	}}
	p := &domain.Plan{Units: []*domain.Unit{{Name: "A", Objectives: []*domain.Objective{{Title: "X", Indicators: []*domain.Indicator{in}}}}}}
	var buf bytes.Buffer
	if err := planjson.Encode(&buf, p); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"date": "2022-06-30"`, `"value": "71.200,50"`, `"number": 71200.5`, `"bool": true`, `"date_value": "2022-09-15"`} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("missing %s in %s", want, buf.String())
		}
	}
	back, err := planjson.Decode(strings.NewReader(strings.Replace(buf.String(), `"schema": ""`, `"schema": "performa.plan/v1"`, 1)))
	if err != nil {
		t.Fatal(err)
	}
	ms := back.Units[0].Objectives[0].Indicators[0].Measurements
	if len(ms) != 3 || *ms[0].Number != n || ms[0].Note != in.Measurements[0].Note || !*ms[1].Bool ||
		!ms[2].DateValue.Equal(d) || ms[2].RecordedBy != domain.RecordedByImport {
		t.Errorf("decoded: %+v", ms)
	}
}
