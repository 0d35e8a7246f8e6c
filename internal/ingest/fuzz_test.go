package ingest_test

import (
	"strings"
	"testing"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/ingest"
)

// checkParse is what any input must give: a plan that holds together, or a
// clear error naming the file — never a panic.
func checkParse(t *testing.T, name string, data []byte) {
	p, err := ingest.Parse(name, data, ingest.Options{MaxCells: 200_000, MaxRows: 20_000})
	if err != nil {
		msg := domain.ErrorMessage(err)
		if domain.ErrorCode(err) != domain.EINVALID || !strings.HasPrefix(msg, name) {
			t.Fatalf("unexpected error %v", err)
		}
		return
	}
	if len(p.Units) == 0 {
		t.Fatal("plan without units and no error")
	}
	for i, u := range p.Units {
		if u.Position != i+1 || u.Source.Sheet < 1 || u.Name == "" {
			t.Fatalf("unit %d: %+v", i+1, u)
		}
		for _, o := range u.Objectives {
			if o.Source.Line < 1 || o.Position < 1 {
				t.Fatalf("objective without source: %+v", o)
			}
			for _, in := range o.Indicators {
				for _, tg := range in.Targets {
					if tg.Year != 0 && !p.Cycle.Contains(tg.Year) {
						t.Fatalf("target year %d outside cycle %d–%d", tg.Year, p.Cycle.FirstYear, p.Cycle.LastYear)
					}
				}
			}
		}
	}
	for _, d := range p.Diagnostics {
		if d.Code == "" || d.Message == "" {
			t.Fatalf("diagnostic without code or message: %+v", d)
		}
	}
}

func FuzzCSV(f *testing.F) {
	f.Add(seedCSV(f, ";", false))
	f.Add(seedCSV(f, ",", true))
	f.Add([]byte(smallHeader + "\r\n01;Servizi;02;\"Segreteria\ngenerale\";1;60%;\"Titolo \"\"citato\"\"\";Ore_x000D_\n;4;5;6;7;Mario Rossi;2 istruttori;;nota\r\n;;;;2;0,4;x;y;1.234,5;1;2;3\r\n"))
	f.Add([]byte("a;b\n\"non chiuso;c\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParse(t, "piano.csv", data)
	})
}

func FuzzODS(f *testing.F) {
	f.Add(seedODSContent(seedSheets(f)))
	f.Add(`<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet><table:table table:name="A"><table:table-row><table:table-cell office:value-type="string"><text:p>N° obiettivo</text:p></table:table-cell><table:table-cell><text:p>Peso</text:p></table:table-cell><table:table-cell><text:p>Obiettivo</text:p></table:table-cell><table:table-cell><text:p>Indicatore</text:p></table:table-cell><table:table-cell><text:p>Baseline</text:p></table:table-cell><table:table-cell><text:p>Target 2022</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="3"><table:table-cell table:number-rows-spanned="2"><text:p>1</text:p></table:table-cell><table:table-cell office:value-type="percentage" office:value="1"/><table:table-cell table:number-columns-repeated="3"><text:p>x<text:s text:c="3"/>y</text:p><text:p>z</text:p></table:table-cell><table:covered-table-cell table:formula="of:=1"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>`)
	f.Fuzz(func(t *testing.T, content string) {
		checkParse(t, "piano.ods", odsZip(t, content))
	})
}

func FuzzXLSX(f *testing.F) {
	f.Add(smallSheet(row("1", "x", "2", "y", "1", "100%", "Obiettivo", "Indicatore", "0", "1", "2", "3", "Mario Rossi"),
		row("", "", "", "", "", "", "", "Secondo", "1", "2", "3", "4")) + `<mergeCells><mergeCell ref="A2:A3"/></mergeCells>`)
	f.Add(`<sheetData><row r="2"><c r="B2" t="s"><v>0</v></c><c s="1"><f>SUM(A1)</f></c><c t="b"><v>1</v></c><c r="XFD2"><v>1e308</v></c></row><row><c t="d"><v>2022-01-01</v></c></row></sheetData><mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells>`)
	f.Fuzz(func(t *testing.T, sheet string) {
		data := xlsxParts(t, []string{sheet}, map[string]string{"xl/sharedStrings.xml": `<sst><si><t>Peso</t></si></sst>`})
		checkParse(t, "piano.xlsx", data)
	})
}
