package ingest_test

import (
	"testing"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/ingest"
)

// FuzzMapping: any mapping file is either refused with an Italian error or
// read, and then applied to a plan without crashing.
func FuzzMapping(f *testing.F) {
	f.Add([]byte(unusualMap))
	f.Add([]byte(`{"schema": "performa.map/v1", "tables": [{"sheet": 1, "header_row": 1, "layout": "long",
		"columns": {"A": "year", "B": "period", "C": "unit", "D": "title", "E": "weight", "F": "target", "G": "value"}, "objective": ["D"], "unit": ["C"]}]}`))
	f.Add([]byte(`{"schema": "performa.map/v1", "tables": [{"sheet": "Foglio1", "header_row": 3, "header_rows": 2, "layout": "wide", "columns": {"ZZ": "weight"}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ingest.ParseMapping("mappa.json", data)
		if err != nil {
			if domain.ErrorCode(err) != domain.EINVALID {
				t.Fatalf("error not EINVALID: %v", err)
			}
			return
		}
		for _, file := range [][]byte{[]byte(unusualCSV), longCSV()} {
			if _, err := ingest.Parse("scheda.csv", file, ingest.Options{Mapping: m, Organization: "Comune di Prova"}); err != nil && domain.ErrorCode(err) != domain.EINVALID {
				t.Fatalf("error not EINVALID: %v", err)
			}
		}
	})
}

// FuzzLongLayout: any long table groups without crashing, and every
// measurement it yields has a date and the text as written.
func FuzzLongLayout(f *testing.F) {
	f.Add(longCSV())
	f.Add([]byte("Anno;Periodo;Struttura;Obiettivo;Peso;Valore\n2022;II semestre;A;X;50%;1\n2022;II semestre;A;X;60%;2\n"))
	f.Add([]byte("Periodo;Obiettivo;Avanzamento;Target\nQ1;X;10%;\nT2 2021;X;;\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ingest.Parse("long.csv", data, ingest.Options{Organization: "Comune di Prova"})
		if err != nil {
			if domain.ErrorCode(err) != domain.EINVALID {
				t.Fatalf("error not EINVALID: %v", err)
			}
			return
		}
		for _, u := range p.Units {
			for _, o := range u.Objectives {
				for _, in := range o.Indicators {
					for _, m := range in.Measurements {
						if m.Date.IsZero() || m.Text == "" || m.RecordedBy != domain.RecordedByImport {
							t.Fatalf("measurement %+v", m)
						}
					}
				}
			}
		}
	})
}
