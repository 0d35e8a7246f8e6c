package ingest_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/ingest"
)

// TestSharedStringsCap: a workbook whose table of texts holds millions of
// entries (8 MB zipped, hundreds of MB in memory) is refused as soon as
// the table passes what any plan holds, with a message that says so.
func TestSharedStringsCap(t *testing.T) {
	var b strings.Builder
	n := 3_000_000
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, n, n)
	for i := range n {
		fmt.Fprintf(&b, "<si><t>%d</t></si>", i)
	}
	b.WriteString("</sst>")
	data := xlsxParts(t, []string{`<sheetData>` + inlineRow(1, "Peso", "Obiettivo", "Indicatore", "Target 2022") + `</sheetData>`},
		map[string]string{"xl/sharedStrings.xml": b.String()})
	start := time.Now()
	var err error
	peak := peakHeap(func() { _, err = ingest.Parse("piano.xlsx", data, ingest.Options{}) })
	took := time.Since(start)
	want := fmt.Sprintf("piano.xlsx: la tabella dei testi (xl/sharedStrings.xml) ha più di %s testi", italianInt(ingest.MaxSharedStrings))
	if err == nil || !strings.Contains(domain.ErrorMessage(err), want) {
		t.Fatalf("error %v, want %q", err, want)
	}
	t.Logf("%d MB zipped: refused in %v, peak heap %d MB", len(data)>>20, took.Round(time.Millisecond), peak>>20)
	if peak > 150<<20 {
		t.Errorf("peak heap %d MB before the refusal", peak>>20)
	}
}

// TestCellLengthCap: a cell longer than Excel's own limit (32.767
// characters) is no title: refused, naming file, sheet, row and column,
// in every format.
func TestCellLengthCap(t *testing.T) {
	long := strings.Repeat("a", ingest.MaxCellLength+1)
	header := []string{"N° obiettivo", "Peso", "Obiettivo", "Indicatore", "Target 2022"}
	cases := []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"shared string", "piano.xlsx", xlsxParts(t, []string{`<sheetData>` + inlineRow(1, header...) +
			`<row r="2"><c r="A2" t="s"><v>0</v></c></row></sheetData>`},
			map[string]string{"xl/sharedStrings.xml": `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>` + long + `</t></si></sst>`}),
			"piano.xlsx: la tabella dei testi (xl/sharedStrings.xml): il testo n. 1 ha più di 32.767 caratteri"},
		{"inline string", "piano.xlsx", xlsxParts(t, []string{`<sheetData>` + inlineRow(1, header...) + inlineRow(2, "1", "50%", long) + `</sheetData>`}, nil),
			"piano.xlsx: foglio «Foglio1», riga 2, colonna C: la cella ha più di 32.767 caratteri"},
		{"CSV field", "piano.csv", []byte(strings.Join(header, ";") + "\r\n1;50%;" + long + ";x;>= 1\r\n"),
			"piano.csv: riga 2, colonna C: la cella ha più di 32.767 caratteri"},
		{"text cell", "piano.txt", []byte(strings.Join(header, "\t") + "\n1\t50%\t" + long + "\tx\t>= 1\n"),
			"piano.txt: riga 2, colonna C: la cella ha più di 32.767 caratteri"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ingest.Parse(tc.file, tc.data, ingest.Options{})
			if err == nil || !strings.Contains(domain.ErrorMessage(err), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
		})
	}
	// At the limit the cell is read.
	ok := strings.Repeat("à", ingest.MaxCellLength)
	p, err := ingest.Parse("piano.csv", []byte(strings.Join(header, ";")+"\r\n1;50%;"+ok+";x;>= 1\r\n"), ingest.Options{})
	if err != nil || p.Objectives() != 1 || p.Units[0].Objectives[0].Title != ok {
		t.Fatalf("a cell at the limit: %v", err)
	}
}

func italianInt(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}
