package chart

import (
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func p(v float64) *float64 { return &v }

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// The charts of the golden files: a person reviews them as pictures.
var golden = map[string]*Drawing{
	"units.svg": Scores{ID: "unita", Title: "Punteggio delle unità nel 2022", Noun: "unità", Items: []Item{
		{"Area Amministrativa e Servizi alla Persona", p(96.5)},
		{"Area Finanziaria", p(73.21)},
		{"Area Polizia Municipale", p(10)},
		{"Area Lavori Pubblici, Patrimonio, Manutenzioni e Protezione Civile — ufficio tecnico con un nome molto lungo da accorciare", p(100)},
		{"Area Urbanistica ed Edilizia", nil},
	}}.Drawing(),
	"bands.svg": Counts{ID: "fasce", Title: "Obiettivi per fascia di raggiungimento nel 2022", Noun: "obiettivi",
		Counts: CountByBand(Bands, []*float64{p(100), p(95), p(90), p(72), p(10), p(0), nil, nil, nil})}.Drawing(),
	"trend.svg": Trend{ID: "andamento", Title: "Andamento dell'ente nel 2022",
		Dates:  []time.Time{day("2022-03-31"), day("2022-06-30"), day("2022-09-30"), day("2022-12-31")},
		Series: []Series{{"Ente", []*float64{p(40), nil, p(66.67), p(91.25)}}, {"Area Finanziaria", []*float64{p(20), p(50), p(75), p(100)}}}}.Drawing(),
}

func TestGolden(t *testing.T) {
	for name, d := range golden {
		t.Run(name, func(t *testing.T) {
			got := d.String()
			path := filepath.Join("testdata", name)
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("%s differs from the golden file (go test -update to rewrite it):\n%s", name, got)
			}
		})
	}
}

// Every chart is well-formed XML, an image with a title and a description.
func TestAccessible(t *testing.T) {
	for name, d := range golden {
		var svg struct {
			Role  string `xml:"role,attr"`
			Label string `xml:"aria-labelledby,attr"`
			Title string `xml:"title"`
			Desc  string `xml:"desc"`
		}
		if err := xml.Unmarshal([]byte(d.String()), &svg); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if svg.Role != "img" || svg.Title == "" || svg.Desc == "" || svg.Label != d.ID+"-titolo "+d.ID+"-desc" {
			t.Errorf("%s: role %q, labelled by %q, title %q, desc %q", name, svg.Role, svg.Label, svg.Title, svg.Desc)
		}
	}
}

func TestTables(t *testing.T) {
	units := Scores{Title: "U", Items: []Item{{"Area Finanziaria", p(73.21)}, {"Area Polizia", nil}, {"Area Tecnica", p(90)}}}
	if got := units.Table().Rows; len(got) != 3 || strings.Join(got[0], "|") != "Area Finanziaria|73,2%|da seguire" ||
		strings.Join(got[1], "|") != "Area Polizia|—|non misurato" || strings.Join(got[2], "|") != "Area Tecnica|90%|in linea" {
		t.Errorf("units table: %q", got)
	}
	counts := Counts{Title: "C", Noun: "obiettivi", Counts: CountByBand(Bands, []*float64{p(100), p(59.9), p(60), nil})}
	tb := counts.Table()
	if tb.Header[1] != "Obiettivi" || strings.Join(tb.Rows[0], "|") != "in linea|1|25%" || strings.Join(tb.Rows[1], "|") != "da seguire|1|25%" ||
		strings.Join(tb.Rows[2], "|") != "critico|1|25%" || strings.Join(tb.Rows[3], "|") != "non misurato|1|25%" {
		t.Errorf("counts table: %q %q", tb.Header, tb.Rows)
	}
	trend := Trend{Title: "T", Dates: []time.Time{day("2022-06-30"), day("2022-12-31")}, Series: []Series{{"Ente", []*float64{nil, p(1234.5)}}}}
	tt := trend.Table()
	if strings.Join(tt.Header, "|") != "|30/06/2022|31/12/2022" || strings.Join(tt.Rows[0], "|") != "Ente|—|1.234,5%" {
		t.Errorf("trend table: %q %q", tt.Header, tt.Rows)
	}
}

func TestDescriptions(t *testing.T) {
	d := golden["units.svg"]
	for _, want := range []string{"5 unità", "in linea da 90%", "da seguire da 60%", "critico sotto il 60%", "2 in linea, 1 da seguire, 1 critico, 1 non misurato"} {
		if !strings.Contains(d.Desc, want) {
			t.Errorf("description %q lacks %q", d.Desc, want)
		}
	}
	if tr := golden["trend.svg"]; !strings.Contains(tr.Desc, "Ente: 31/03 40%, 30/09 66,7%, 31/12 91,2%") {
		t.Errorf("trend description: %q", tr.Desc)
	}
}

func TestEmpty(t *testing.T) {
	for _, d := range []*Drawing{Scores{}.Drawing(), Counts{Noun: "obiettivi"}.Drawing(), Trend{}.Drawing()} {
		if err := xml.Unmarshal([]byte(d.String()), new(struct{})); err != nil {
			t.Error(err)
		}
	}
}

func TestDrawn(t *testing.T) {
	series := []Series{{"Ente", []*float64{nil, nil}}, {"A", []*float64{nil, p(1)}}, {"B", []*float64{p(2), nil}}, {"C", []*float64{p(3)}}}
	got := Drawn(series, 2)
	if len(got) != 2 || got[0].Label != "A" || got[1].Label != "B" {
		t.Errorf("drawn: %+v", got)
	}
	if got := Drawn(series, 0); len(got) != 3 {
		t.Errorf("drawn without a bound: %+v", got)
	}
}
