package ingest_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/ingest"
	"github.com/performa-pa/performa/internal/seedtest"
)

// unitsJSON is the plan's units as the JSON format writes them: the plan
// itself, without the diagnostics of its reading.
func unitsJSON(t *testing.T, p *domain.Plan) string {
	t.Helper()
	doc := planDoc(t, p)
	b, err := json.Marshal(map[string]any{"units": doc["units"], "cycle": doc["cycle"], "organization": doc["organization"]})
	must(t, err)
	return string(b)
}

// The mapping detection infers for the seed, fed back, reads the same plan.
func TestSuggestedMapRoundTrip(t *testing.T) {
	data := seedtest.Bytes(t)
	for _, tc := range []struct {
		name string
		data []byte
	}{{"seed.txt", data}, {"monitoraggio.csv", longCSV()}, {"seed.csv", seedCSV(t, ";", false)}} {
		t.Run(tc.name, func(t *testing.T) {
			want, err := ingest.Parse(tc.name, tc.data, ingest.Options{})
			must(t, err)
			m, err := ingest.Suggest(tc.name, tc.data, ingest.Options{})
			must(t, err)
			var buf bytes.Buffer
			must(t, m.Encode(&buf))
			back, err := ingest.ParseMapping("mappa.json", buf.Bytes())
			if err != nil {
				t.Fatalf("%v\n%s", err, buf.String())
			}
			got, err := ingest.Parse(tc.name, tc.data, ingest.Options{Mapping: back})
			must(t, err)
			if w, g := unitsJSON(t, want), unitsJSON(t, got); w != g {
				t.Errorf("plan read with the suggested mapping differs:\nwant %.400s\ngot  %.400s\nmapping %.600s", diffAt(w, g), diffAt(g, w), buf.String())
			}
		})
	}
}

func diffAt(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return a[max(0, i-100):]
}

// unusualCSV is a plan whose header words performa does not know and whose
// columns stand in an order of their own.
const unusualCSV = `Scheda obiettivi di gestione 2023
Rif.;Finalità;Quota;Misuratore;Livello atteso 2023;Livello atteso 2024;Situazione iniziale;Dirigente
A1;Riduzione dei tempi di pagamento delle fatture;40%;Giorni medi di pagamento;<= 30 gg;<= 25 gg;45 gg;Anna Neri
A2;Aggiornamento del regolamento di contabilità;60%;Regolamento approvato;entro il 30/06/2023;mantenimento;no;Anna Neri
`

const unusualMap = `{
  "schema": "performa.map/v1",
  "tables": [{
    "sheet": 1, "header_row": 2, "layout": "wide",
    "columns": {"A": "code", "Finalità": "title", "quota": "weight", "D": "indicator",
      "Livello atteso 2023": "target:2023", "F": "target:2024", "G": "baseline", "H": "manager"}
  }]
}`

func TestMappingUnusualHeader(t *testing.T) {
	if _, err := ingest.Parse("scheda.csv", []byte(unusualCSV), ingest.Options{}); err == nil {
		t.Fatal("read without a mapping: want no header recognised")
	}
	m, err := ingest.ParseMapping("mappa.json", []byte(unusualMap))
	must(t, err)
	p, err := ingest.Parse("scheda.csv", []byte(unusualCSV), ingest.Options{Mapping: m, Organization: "Comune di Prova"})
	must(t, err)
	if len(p.Units) != 1 || len(p.Units[0].Objectives) != 2 {
		t.Fatalf("plan: %+v", p.Units)
	}
	o := p.Units[0].Objectives[0]
	in := o.Indicators[0]
	if o.Code != "A1" || o.Title != "Riduzione dei tempi di pagamento delle fatture" || *o.Weight != 40 || o.Manager != "Anna Neri" ||
		in.Description != "Giorni medi di pagamento" || in.Baseline.Text != "45 gg" ||
		len(in.Targets) != 2 || in.Targets[0].Year != 2023 || in.Targets[0].Text != "<= 30 gg" || in.Targets[1].Text != "<= 25 gg" {
		t.Errorf("objective A1: %+v %+v", o, in)
	}
	if p.Cycle.FirstYear != 2023 || p.Cycle.LastYear != 2024 || p.Units[0].TotalWeight() != 100 {
		t.Errorf("cycle %+v, total %v", p.Cycle, p.Units[0].TotalWeight())
	}
}

// A long table whose header detection cannot read, with a mapping.
func TestMappingLong(t *testing.T) {
	csv := strings.Join([]string{
		"Esercizio;Fase;Ufficio;Traguardo;Quota;Atteso;Rilevato",
		"2022;1° semestre;Tributi;Recupero evasione IMU;50%;>= 100.000;40.000",
		"2022;2° semestre;Tributi;Recupero evasione IMU;50%;>= 100.000;110.500",
		"2022;1° semestre;Tributi;Sportello online;50%;sì;no",
		"2022;2° semestre;Tributi;Sportello online;50%;sì;sì",
	}, "\n") + "\n"
	m, err := ingest.ParseMapping("mappa.json", []byte(`{"schema": "performa.map/v1", "tables": [{"sheet": 1, "header_row": 1, "layout": "long",
		"columns": {"A": "year", "B": "period", "C": "unit", "D": "title", "E": "weight", "F": "target", "G": "value"}}]}`))
	must(t, err)
	p, err := ingest.Parse("tributi.csv", []byte(csv), ingest.Options{Mapping: m, Organization: "Comune di Prova"})
	must(t, err)
	if len(p.Units) != 1 || p.Units[0].Name != "Tributi" || len(p.Units[0].Objectives) != 2 {
		t.Fatalf("units: %+v", p.Units)
	}
	ms := p.Units[0].Objectives[0].Indicators[0].Measurements
	if len(ms) != 2 || ms[1].Text != "110.500" || *ms[1].Number != 110500 || ms[1].Date.Format("2006-01-02") != "2022-12-31" {
		t.Errorf("measurements: %+v", ms)
	}
}

func TestMappingErrors(t *testing.T) {
	for _, tc := range []struct{ mapping, want string }{
		{`{"schema": "performa.map/v1", "tables": [{"sheet": 1, "header_row": 2, "layout": "wide",
			"columns": {"A": "code", "Valore": "weight", "E": "target:2023"}}]}`, "mappa.json: foglio 1: la colonna «Valore» non c'è nella riga di intestazione 2"},
		{`{"schema": "performa.map/v1", "tables": [{"sheet": 1, "header_row": 2, "layout": "wide",
			"columns": {"B": "title", "Z": "weight", "E": "target:2023"}}]}`, "mappa.json: foglio 1, tabella alla riga 2: la colonna Z non c'è"},
		{`{"schema": "performa.map/v1", "tables": [{"sheet": "Obiettivi", "header_row": 2, "layout": "wide",
			"columns": {"B": "title", "C": "weight", "E": "target:2023"}}]}`, "mappa.json: il foglio «Obiettivi» della tabella 1 non c'è"},
		{`{"schema": "performa.map/v1", "tables": [{"sheet": 1, "header_row": 2, "layout": "wide",
			"columns": {"C": "peso", "E": "target:2023"}}]}`, `campo "peso" sconosciuto`},
		{`{"schema": "performa.map/v1", "tables": [{"sheet": 1, "header_row": 2, "layout": "largo", "columns": {}}]}`, "«layout» deve essere"},
		{`{"schema": "performa.map/v1", "tables": [{"sheet": 1, "header_row": 2, "layout": "wide", "columns": {"C": "weight", "E": "target"}}]}`, "deve indicare la colonna dell'obiettivo"},
		{`{"schema": "performa.map/v1", "tables": [{"sheet": 1, "header_row": 2, "layout": "wide", "first_year": 22, "columns": {"C": "title", "E": "target"}}]}`, "«first_year» 22 non è un anno"},
		{`{"tables": []}`, "schema"},
		{`{`, "non leggibile"},
	} {
		m, err := ingest.ParseMapping("mappa.json", []byte(tc.mapping))
		if err == nil {
			_, err = ingest.Parse("scheda.csv", []byte(unusualCSV), ingest.Options{Mapping: m})
		}
		if err == nil || domain.ErrorCode(err) != domain.EINVALID || !strings.Contains(domain.ErrorMessage(err), tc.want) {
			t.Errorf("%s: %v, want %q", tc.mapping, err, tc.want)
		}
	}
}
