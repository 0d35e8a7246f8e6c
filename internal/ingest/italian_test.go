package ingest_test

import (
	"archive/zip"
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/ingest"
)

// TestBadWeights: a weight that is negative, not a number, infinite or
// beyond what a float holds is «peso non valido», at its sheet, row and
// column, not «senza peso».
func TestBadWeights(t *testing.T) {
	for _, w := range []string{"-5%", "-5", "NaN", "Inf", "+Inf", "-Inf", "1e309", "1E309", "abc"} {
		csv := "N° obiettivo;Peso;Obiettivo;Indicatore;Target 2022;Target 2023;Target 2024\r\n" +
			"1;" + w + ";Riduzione dei tempi;Giorni medi;<= 20;<= 18;<= 15\r\n" +
			"2;50%;Digitalizzazione;Pratiche online;>= 50%;>= 60%;>= 70%\r\n"
		p, err := ingest.Parse("piano.csv", []byte(csv), ingest.Options{Organization: "Comune di Prova"})
		if err != nil {
			t.Fatalf("%s: %v", w, err)
		}
		var found *domain.Diagnostic
		for i, d := range p.Diagnostics {
			if strings.Contains(d.Message, "senza peso") {
				t.Errorf("weight %q: %s", w, d)
			}
			if d.Code == "weights.invalid" {
				found = &p.Diagnostics[i]
			}
		}
		if found == nil || found.Line != 2 || found.Column != "B" || !strings.Contains(found.Message, "peso «"+w+"» non valido") {
			t.Errorf("weight %q: %+v in %v", w, found, p.Diagnostics)
		}
		if o := p.Units[0].Objectives[0]; o.Weight != nil {
			t.Errorf("weight %q read as %v", w, *o.Weight)
		}
	}
}

// english finds what betrays a Go or English message.
var english = regexp.MustCompile(`(?i)\b(syntax|error|invalid|unexpected|character|exceeded|depth|cannot|unmarshal|expected|element|closed|EOF|entity|value|looking|string|number|object|array)\b`)

// TestMessagesInItalian: what the decoders of XML and JSON say of a broken
// file reaches the user in Italian, with the file, the part and the line.
func TestMessagesInItalian(t *testing.T) {
	xlsx := func(sheet string) []byte {
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		for name, body := range map[string]string{
			"[Content_Types].xml":        `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>`,
			"xl/workbook.xml":            `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Area 1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
			"xl/_rels/workbook.xml.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
			"xl/worksheets/sheet1.xml":   sheet,
		} {
			w, _ := zw.Create(name)
			w.Write([]byte(body))
		}
		zw.Close()
		return b.Bytes()
	}
	deep := strings.Repeat("[", 20000) + strings.Repeat("]", 20000)
	cases := []struct {
		name, file string
		data       []byte
		want       []string
	}{
		{"XML entity", "piano.xlsx", xlsx(`<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>`),
			[]string{"piano.xlsx", "xl/worksheets/sheet1.xml", "riga 1", "«&lol9;»"}},
		{"XML broken tag", "piano.xlsx", xlsx("<?xml version=\"1.0\"?>\n<worksheet><sheetData>\n<row r=\"1\" <c/></row></sheetData></worksheet>"),
			[]string{"piano.xlsx", "xl/worksheets/sheet1.xml", "riga 3", "struttura XML non valida"}},
		{"JSON cut", "piano.json", []byte(`{"schema":"performa.plan/v1","units":[{"name":"Area`),
			[]string{"piano.json", "finisce"}},
		{"JSON too deep", "piano.json", []byte(`{"schema":"performa.plan/v1","units":` + deep + `}`),
			[]string{"piano.json", "riga 1", "annidati"}},
		{"JSON bad character", "piano.json", []byte("{\"schema\":\"performa.plan/v1\",\n\"units\": [x]}"),
			[]string{"piano.json", "riga 2, colonna 11", "«x»"}},
		{"JSON wrong type", "piano.json", []byte(`{"schema":"performa.plan/v1","units":[{"name":"Area 1","objectives":[{"title":"t","weight":"cinque"}]}]}`),
			[]string{"piano.json", "units.objectives.weight", "testo", "numero"}},
		{"JSON huge number", "piano.json", []byte(`{"schema":"performa.plan/v1","units":[{"name":"Area 1","objectives":[{"title":"t","weight":1e309}]}]}`),
			[]string{"piano.json", "weight", "1e309", "numero"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ingest.Parse(tc.file, tc.data, ingest.Options{})
			if err == nil {
				t.Fatal("no error")
			}
			msg := domain.ErrorMessage(err)
			if m := english.FindString(msg); m != "" {
				t.Errorf("English in %q: %q", msg, m)
			}
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("%q lacks %q", msg, w)
				}
			}
		})
	}
}
