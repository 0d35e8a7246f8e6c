package ingest_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/ingest"
	"github.com/performa-pa/performa/internal/planjson"
	"github.com/performa-pa/performa/internal/seedtest"
)

// The seed is the tab-separated export of a workbook with one sheet per
// area. These tests rebuild that workbook — as .xlsx with excelize, as .ods
// by hand, as CSV — and check that each imports to exactly the plan the
// text gives.

// seedSheet is one sheet of the workbook the seed was exported from: the
// lines of one table, from its title to the line before the next title.
type seedSheet struct {
	start int        // line of the seed where the sheet begins
	rows  [][]string // cells as written in the seed
}

// seedSheets splits the seed at the title lines of its units.
func seedSheets(t testing.TB) []seedSheet {
	t.Helper()
	p := parseSeed(t)
	lines := strings.Split(strings.TrimSuffix(string(seedtest.Bytes(t)), "\n"), "\n")
	var sheets []seedSheet
	for i, u := range p.Units {
		end := len(lines)
		if i+1 < len(p.Units) {
			end = p.Units[i+1].Source.Line - 1
		}
		s := seedSheet{start: u.Source.Line}
		for _, l := range lines[u.Source.Line-1 : end] {
			s.rows = append(s.rows, strings.Split(strings.TrimSuffix(l, "\r"), "\t"))
		}
		sheets = append(sheets, s)
	}
	return sheets
}

// mergeRuns finds the cells to merge in a sheet: in the mission, program
// and responsabile columns, each value over the blank cells below it, down
// to the next value or blank row.
func (s seedSheet) mergeRuns() (runs [][3]int) { // column, first row, last row (0-based)
	header := -1
	for i, r := range s.rows {
		if strings.Contains(strings.ToLower(strings.Join(r, "\t")), "peso") {
			header = i
		}
		if header >= 0 && i > header+1 {
			break
		}
	}
	var cols []int
	for i := 0; i <= header; i++ {
		for c, cell := range s.rows[i] {
			switch strings.ToLower(strings.TrimSpace(cell)) {
			case "missione", "programma":
				cols = append(cols, c-1, c)
			case "responsabile":
				cols = append(cols, c)
			}
		}
	}
	blank := func(r []string) bool { return strings.TrimSpace(strings.Join(r, "")) == "" }
	cell := func(r []string, c int) string {
		if c < 0 || c >= len(r) {
			return ""
		}
		return strings.TrimSpace(r[c])
	}
	for _, c := range cols {
		top := -1
		for i := header + 1; i <= len(s.rows); i++ {
			if i == len(s.rows) || blank(s.rows[i]) || cell(s.rows[i], c) != "" {
				if top >= 0 && i-1 > top {
					runs = append(runs, [3]int{c, top, i - 1})
				}
				top = -1
				if i < len(s.rows) && cell(s.rows[i], c) != "" {
					top = i
				}
			}
		}
	}
	return runs
}

var (
	intRe     = regexp.MustCompile(`^(0|[1-9]\d{0,5})$`)
	percentRe = regexp.MustCompile(`^(\d{1,3})(?:,(\d{1,2}))?%$`)
	decimalRe = regexp.MustCompile(`^(\d{1,4}),(\d{1,3})$`)
)

// typed says how a spreadsheet would hold a cell of the seed: whole numbers
// and percentages as numbers (with the format that shows them as written),
// the rest as text.
func typed(s string) (value float64, format string, ok bool) {
	switch {
	case intRe.MatchString(s):
		v, _ := strconv.ParseFloat(s, 64)
		return v, "0", true
	case percentRe.MatchString(s):
		m := percentRe.FindStringSubmatch(s)
		v, _ := strconv.ParseFloat(m[1]+"."+m[2]+"0", 64)
		return v / 100, "0" + decimals(len(m[2])) + "%", true
	case decimalRe.MatchString(s):
		m := decimalRe.FindStringSubmatch(s)
		v, _ := strconv.ParseFloat(m[1]+"."+m[2], 64)
		return v, "0" + decimals(len(m[2])), true
	}
	return 0, "", false
}

func decimals(n int) string {
	if n == 0 {
		return ""
	}
	return "." + strings.Repeat("0", n)
}

// seedXLSX writes the seed as Excel would hold it: one sheet per table,
// numbers as numbers, mission, program and responsabile merged down.
func seedXLSX(t *testing.T, sheets []seedSheet) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	styles := map[string]int{}
	for k, s := range sheets {
		name := fmt.Sprintf("Foglio%d", k+1)
		if k == 0 {
			f.SetSheetName("Sheet1", name)
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for i, r := range s.rows {
			for j, c := range r {
				if strings.TrimSpace(c) == "" {
					continue
				}
				ref, _ := excelize.CoordinatesToCellName(j+1, i+1)
				v, format, ok := typed(strings.TrimSpace(c))
				if !ok {
					must(t, f.SetCellStr(name, ref, c))
					continue
				}
				if _, done := styles[format]; !done {
					id, err := f.NewStyle(&excelize.Style{CustomNumFmt: &format})
					must(t, err)
					styles[format] = id
				}
				must(t, f.SetCellFloat(name, ref, v, -1, 64))
				must(t, f.SetCellStyle(name, ref, ref, styles[format]))
			}
		}
		for _, m := range s.mergeRuns() {
			a, _ := excelize.CoordinatesToCellName(m[0]+1, m[1]+1)
			b, _ := excelize.CoordinatesToCellName(m[0]+1, m[2]+1)
			must(t, f.MergeCell(name, a, b))
		}
	}
	buf, err := f.WriteToBuffer()
	must(t, err)
	return buf.Bytes()
}

// seedODS writes the seed as LibreOffice would: runs of equal cells and of
// blank rows written once with a repeat count, mission, program and
// responsabile spanning the rows below them (which hold covered cells), a
// sheet formatted down to its millionth row.
func seedODS(t *testing.T, sheets []seedSheet) []byte {
	t.Helper()
	return odsZip(t, seedODSContent(sheets))
}

// seedODSContent is the content.xml of seedODS.
func seedODSContent(sheets []seedSheet) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"><office:body><office:spreadsheet>`)
	for k, s := range sheets {
		fmt.Fprintf(&b, `<table:table table:name="Foglio%d"><table:table-column table:number-columns-repeated="1024"/>`, k+1)
		span := map[[2]int]int{}     // row, column → rows spanned
		covered := map[[2]int]bool{} // cells under a span
		for _, m := range s.mergeRuns() {
			span[[2]int{m[1], m[0]}] = m[2] - m[1] + 1
			for i := m[1] + 1; i <= m[2]; i++ {
				covered[[2]int{i, m[0]}] = true
			}
		}
		for i := 0; i < len(s.rows); {
			n := 1
			for i+n < len(s.rows) && strings.Join(s.rows[i+n], "\t") == strings.Join(s.rows[i], "\t") && !hasAny(span, covered, i, i+n) {
				n++
			}
			if n > 1 {
				fmt.Fprintf(&b, `<table:table-row table:number-rows-repeated="%d">`, n)
			} else {
				b.WriteString(`<table:table-row>`)
			}
			writeODSCells(&b, s.rows[i], i, span, covered)
			b.WriteString(`</table:table-row>`)
			i += n
		}
		b.WriteString(`<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>`)
	}
	b.WriteString(`</office:spreadsheet></office:body></office:document-content>`)
	return b.String()
}

func hasAny(span map[[2]int]int, covered map[[2]int]bool, from, to int) bool {
	for k := range span {
		if k[0] >= from && k[0] <= to {
			return true
		}
	}
	for k := range covered {
		if k[0] >= from && k[0] <= to {
			return true
		}
	}
	return false
}

func writeODSCells(b *strings.Builder, row []string, i int, span map[[2]int]int, covered map[[2]int]bool) {
	for j := 0; j < len(row); {
		c := row[j]
		if covered[[2]int{i, j}] {
			b.WriteString(`<table:covered-table-cell/>`)
			j++
			continue
		}
		n := 1
		for j+n < len(row) && row[j+n] == c && span[[2]int{i, j + n}] == 0 && !covered[[2]int{i, j + n}] && span[[2]int{i, j}] == 0 {
			n++
		}
		b.WriteString(`<table:table-cell`)
		if n > 1 {
			fmt.Fprintf(b, ` table:number-columns-repeated="%d"`, n)
		}
		if rs := span[[2]int{i, j}]; rs > 1 {
			fmt.Fprintf(b, ` table:number-rows-spanned="%d" table:number-columns-spanned="1"`, rs)
		}
		if strings.TrimSpace(c) == "" {
			b.WriteString(`/>`)
			j += n
			continue
		}
		v, format, ok := typed(strings.TrimSpace(c))
		switch {
		case ok && strings.HasSuffix(format, "%"):
			fmt.Fprintf(b, ` office:value-type="percentage" office:value="%s"`, strconv.FormatFloat(v, 'f', -1, 64))
		case ok:
			fmt.Fprintf(b, ` office:value-type="float" office:value="%s"`, strconv.FormatFloat(v, 'f', -1, 64))
		default:
			b.WriteString(` office:value-type="string"`)
		}
		fmt.Fprintf(b, `><text:p>%s</text:p></table:table-cell>`, odsText(c))
		j += n
	}
}

// odsText escapes a cell's text as ODS keeps it: runs of spaces as <text:s/>.
func odsText(s string) string {
	s = html.EscapeString(s)
	return regexp.MustCompile(` {2,}`).ReplaceAllStringFunc(s, func(m string) string {
		return fmt.Sprintf(` <text:s text:c="%d"/>`, len(m)-1)
	})
}

// odsZip packs a content.xml as an ODS file: the mimetype first, stored.
func odsZip(t testing.TB, content string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	must(t, err)
	w.Write([]byte("application/vnd.oasis.opendocument.spreadsheet"))
	w, _ = zw.Create("META-INF/manifest.xml")
	w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`))
	w, _ = zw.Create("content.xml")
	w.Write([]byte(content))
	must(t, zw.Close())
	return buf.Bytes()
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// planDoc is a plan as its JSON document, without what names the file it
// was read from.
func planDoc(t *testing.T, p *domain.Plan) map[string]any {
	t.Helper()
	var buf bytes.Buffer
	must(t, planjson.Encode(&buf, p))
	var doc map[string]any
	must(t, json.Unmarshal(buf.Bytes(), &doc))
	delete(doc, "source")
	return doc
}

var linesInMessageRe = regexp.MustCompile(`(righe|riga) (\d+(?:, \d+)*)`)

// renumber maps the seed's line numbers to the rows of the sheets the
// workbook has: line L of the table that starts at line s is row L-s+1 of
// its sheet — in the sources, and where diagnostics name lines, in their
// place and in their message ("righe 15, 20").
func renumber(v any, starts []int) {
	fix := func(m map[string]any) {
		sheet, ok1 := m["sheet"].(float64)
		if !ok1 || sheet < 1 || int(sheet) > len(starts) {
			return
		}
		start := starts[int(sheet)-1]
		if line, ok := m["line"].(float64); ok {
			m["line"] = line - float64(start) + 1
		}
		if msg, ok := m["message"].(string); ok {
			m["message"] = linesInMessageRe.ReplaceAllStringFunc(msg, func(s string) string {
				word, nums, _ := strings.Cut(s, " ")
				var out []string
				for _, n := range strings.Split(nums, ", ") {
					v, _ := strconv.Atoi(n)
					out = append(out, strconv.Itoa(v-start+1))
				}
				return word + " " + strings.Join(out, ", ")
			})
		}
	}
	switch x := v.(type) {
	case map[string]any:
		if src, ok := x["source"].(map[string]any); ok {
			fix(src)
		}
		if _, ok := x["severity"]; ok {
			fix(x)
		}
		for _, val := range x {
			renumber(val, starts)
		}
	case []any:
		for _, val := range x {
			renumber(val, starts)
		}
	}
}

// sameDoc fails with the first difference between two plan documents.
func sameDoc(t *testing.T, want, got map[string]any) {
	t.Helper()
	w, _ := json.MarshalIndent(want, "", " ")
	g, _ := json.MarshalIndent(got, "", " ")
	if bytes.Equal(w, g) {
		return
	}
	wl, gl := strings.Split(string(w), "\n"), strings.Split(string(g), "\n")
	for i := range min(len(wl), len(gl)) {
		if wl[i] != gl[i] {
			from := max(0, i-12)
			t.Fatalf("plans differ at line %d of the JSON document:\nwant:\n%s\ngot:\n%s",
				i+1, strings.Join(wl[from:min(len(wl), i+4)], "\n"), strings.Join(gl[from:min(len(gl), i+4)], "\n"))
		}
	}
	t.Fatalf("plans differ in length: want %d lines, got %d", len(wl), len(gl))
}

// TestSeedAsWorkbook reads the seed rebuilt as a workbook with one sheet per
// table and checks that the plan is the text's, line for row: the whole JSON
// document — units, objectives, indicators, diagnostics — is compared, with
// the seed's line numbers mapped to the rows of the sheets, and without the
// source block (file name and hash).
func TestSeedAsWorkbook(t *testing.T) {
	sheets := seedSheets(t)
	var starts []int
	for _, s := range sheets {
		starts = append(starts, s.start)
	}
	want := planDoc(t, parseSeed(t))
	renumber(want, starts)
	merges := 0
	for _, s := range sheets {
		merges += len(s.mergeRuns())
	}
	if merges < 20 {
		t.Fatalf("only %d merged runs in the fixture", merges)
	}
	for _, tt := range []struct {
		name string
		data []byte
	}{
		{"piano.xlsx", seedXLSX(t, sheets)},
		{"piano.ods", seedODS(t, sheets)},
		{"piano-senza-estensione", seedXLSX(t, sheets)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ingest.Parse(tt.name, tt.data, ingest.Options{})
			if err != nil {
				t.Fatal(err)
			}
			sameDoc(t, want, planDoc(t, p))
		})
	}
}

// csvField quotes a field the way spreadsheets do when saving CSV.
func csvQuote(s string, delim string, always bool) string {
	if always || strings.ContainsAny(s, delim+"\"\n\r") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

// seedCSV writes the seed as a spreadsheet saves CSV: a byte-order mark,
// CRLF line ends, every row as wide as the widest, fields quoted when they
// must be (or always).
func seedCSV(t testing.TB, delim string, always bool) []byte {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(string(seedtest.Bytes(t)), "\n"), "\n")
	width := 0
	for _, l := range lines {
		width = max(width, strings.Count(l, "\t")+1)
	}
	var b strings.Builder
	b.WriteString("\ufeff")
	for _, l := range lines {
		cells := strings.Split(strings.TrimSuffix(l, "\r"), "\t")
		for len(cells) < width {
			cells = append(cells, "")
		}
		for i, c := range cells {
			cells[i] = csvQuote(c, delim, always && c != "")
		}
		b.WriteString(strings.Join(cells, delim) + "\r\n")
	}
	return []byte(b.String())
}

// TestSeedAsCSV reads the seed saved as CSV with each delimiter: the plan is
// the text's, line for line (the whole JSON document but its source block).
func TestSeedAsCSV(t *testing.T) {
	want := planDoc(t, parseSeed(t))
	for _, tt := range []struct {
		name   string
		delim  string
		always bool
	}{
		{"semicolon", ";", false},
		{"comma", ",", false},
		{"comma, every field quoted", ",", true},
		{"tab, every field quoted", "\t", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ingest.Parse("piano.csv", seedCSV(t, tt.delim, tt.always), ingest.Options{})
			if err != nil {
				t.Fatal(err)
			}
			sameDoc(t, want, planDoc(t, p))
		})
	}
}

// A small plan: header, two objectives, the second with two indicators.
const smallHeader = "N° missione;Missione;N° programma;Programma;N° obiettivo;Peso;Obiettivo;Indicatore;Baseline 2021;Target 2022;Target 2023;Target 2024;Responsabile;Personale coinvolto;% raggiunta;Note"

func TestCSVDetails(t *testing.T) {
	tests := []struct {
		name  string
		data  string
		check func(t *testing.T, p *domain.Plan)
	}{
		{"quoted line breaks, Excel escapes, trailing empty columns",
			smallHeader + ";;;\r\n" +
				"01;Servizi istituzionali, generali e di gestione;02;Segreteria generale;1;60%;\"Prevenire la corruzione\r\n(seconda riga)\";\"Ore di formazione_x000D_\nper dipendente\";4;5;6;7;Mario Rossi;2 istruttori;;\"nota con \"\"virgolette\"\"; e punto e virgola\";;;\r\n" +
				";;;;2;40%;Trasparenza;Pubblicazioni entro 15 gg;20;15;15;15;Mario Rossi;;;;;;\r\n" +
				";;;;;;;Sezioni aggiornate;80%;90%;95%;100%;;;;;;\r\n",
			func(t *testing.T, p *domain.Plan) {
				o := p.Units[0].Objectives
				if len(o) != 2 || o[0].Title != "Prevenire la corruzione\n(seconda riga)" || o[0].Indicators[0].Description != "Ore di formazione\nper dipendente" {
					t.Fatalf("objectives %+v %q", o[0], o[0].Indicators[0].Description)
				}
				if o[0].Notes != `nota con "virgolette"; e punto e virgola` {
					t.Errorf("notes %q", o[0].Notes)
				}
				if len(o[1].Indicators) != 2 || o[1].Indicators[1].Targets[2].Text != "100%" || o[1].Source.Line != 3 || o[1].Indicators[1].Source.Line != 4 {
					t.Errorf("second objective %+v", o[1])
				}
			}},
		{"blank lines keep their row numbers",
			smallHeader + "\n\n\n;;;;1;100%;Obiettivo;Indicatore;0;1;2;3;Mario Rossi\n",
			func(t *testing.T, p *domain.Plan) {
				if l := p.Units[0].Objectives[0].Source.Line; l != 4 {
					t.Errorf("objective on line %d, want 4", l)
				}
			}},
		{"Latin-1", strings.ReplaceAll(smallHeader, "N°", "N\xb0") + "\n;;;;1;100%;Attivit\xe0 di controllo;Indicatore;0;1;2;3;Mario Rossi\n",
			func(t *testing.T, p *domain.Plan) {
				if p.Units[0].Objectives[0].Title != "Attività di controllo" || !hasDiagnostic(p, "file.encoding") {
					t.Errorf("title %q, diagnostics %v", p.Units[0].Objectives[0].Title, p.Diagnostics)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ingest.Parse("piano.csv", []byte(tt.data), ingest.Options{})
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, p)
		})
	}
}

// Excel's "Testo Unicode" is UTF-16 with a byte-order mark.
func TestUTF16Text(t *testing.T) {
	seed := string(seedtest.Bytes(t))
	var utf16 []byte
	utf16 = append(utf16, 0xff, 0xfe)
	for _, r := range seed {
		if r > 0xffff {
			t.Fatal("seed outside the BMP")
		}
		utf16 = append(utf16, byte(r), byte(r>>8))
	}
	p, err := ingest.Parse("piano.txt", utf16, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sameDoc(t, planDoc(t, parseSeed(t)), planDoc(t, p))
}

// Plans name their columns in many ways; each way reads the same plan.
func TestHeaderVocabulary(t *testing.T) {
	row := "1;Servizi istituzionali, generali e di gestione;2;Segreteria generale;1.1;100%;Ridurre i tempi;Giorni medi per pratica;30;25;20;15;Mario Rossi;3 istruttori;40%;da verificare\n"
	headers := []string{
		"N° missione;Missione;N° programma;Programma;N° obiettivo;Peso;Obiettivo;Indicatore;Baseline 2021;Target 2022;Target 2023;Target 2024;Responsabile;Personale coinvolto;% raggiunta;Note",
		"N.;MISSIONE;N.;PROGRAMMA;Codice obiettivo;Peso %;Obiettivo operativo;Indicatore di risultato;Valore di partenza 2021;Risultato atteso 2022;Risultato atteso 2023;Risultato atteso 2024;Dirigente;Risorse umane coinvolte;Stato di attuazione;Osservazioni",
		"N°;Missione;N°;Programma;Cod. obiettivo;Ponderazione;Descrizione obiettivo;Formula;Punto di partenza 2021;Valore atteso 2022;Valore atteso 2023;Valore atteso 2024;Centro di responsabilità;Personale;Avanzamento;Note",
		"N°;Missione;N°;Programma;Numero obiettivo;Pesatura;Azione;Indicatore;Valore storico 2021;Target 2022;Target 2023;Target 2024;Settore;Personale coinvolto;Grado di raggiungimento;Note",
		"N°;Missione;N°;Programma;N° obiettivo;Peso;Descrizione dell'obiettivo;Indicatore;Baseline (2021);Valore obiettivo 2022;Valore obiettivo 2023;Valore obiettivo 2024;Struttura;Personale coinvolto;% di raggiungimento;Note",
	}
	for _, h := range headers {
		t.Run(h[:40], func(t *testing.T) {
			p, err := ingest.Parse("piano.csv", []byte(h+"\n"+row), ingest.Options{})
			if err != nil {
				t.Fatal(err)
			}
			o := p.Units[0].Objectives[0]
			in := o.Indicators[0]
			if o.Code != "1.1" || *o.Weight != 100 || o.Title != "Ridurre i tempi" || in.Description != "Giorni medi per pratica" ||
				in.Baseline.Year != 2021 || in.Baseline.Text != "30" || in.Targets[2].Year != 2024 || in.Targets[2].Text != "15" ||
				o.Manager != "Mario Rossi" || o.Staff != "3 istruttori" || o.ReportedAchievement != "40%" || o.Notes != "da verificare" ||
				o.Mission.Code != "01" || o.Program.Code != "02" {
				t.Errorf("objective %+v, indicator %+v", o, in)
			}
			for _, d := range p.Diagnostics {
				if d.Code == "header.unmapped" || d.Code == "header.out_of_order" {
					t.Errorf("%s", d)
				}
			}
		})
	}
}

// Weights written without the % sign: fractions of 1, points, coefficients.
func TestWeightNotations(t *testing.T) {
	header := "N° obiettivo;Peso;Obiettivo;Indicatore;Baseline 2021;Target 2022;Responsabile\n"
	rows := func(w1, w2 string) string {
		return header + "1;" + w1 + ";Primo;Indicatore uno;0;1;Mario Rossi\n" + "2;" + w2 + ";Secondo;Indicatore due;0;1;Mario Rossi\n"
	}
	tests := []struct {
		name, data string
		want       [2]float64
		code       string
		errors     int
	}{
		{"percentages", rows("60%", "40 %"), [2]float64{60, 40}, "", 0},
		{"Italian fractions", rows("0,6", "0,4"), [2]float64{60, 40}, "weights.fraction", 0},
		{"English fractions", rows("0.625", "0.375"), [2]float64{62.5, 37.5}, "weights.fraction", 0},
		{"points without the sign", rows("62,5", "37,5"), [2]float64{62.5, 37.5}, "weights.number", 0},
		{"coefficients", rows("2", "3"), [2]float64{2, 3}, "weights.coefficient", 1},
		{"a declared total in fractions", rows("0,5", "0,5") + ";1\n", [2]float64{50, 50}, "weights.fraction", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ingest.Parse("piano.csv", []byte(tt.data), ingest.Options{})
			if err != nil {
				t.Fatal(err)
			}
			u := p.Units[0]
			if len(u.Objectives) != 2 || *u.Objectives[0].Weight != tt.want[0] || *u.Objectives[1].Weight != tt.want[1] {
				t.Fatalf("objectives %d: %v", len(u.Objectives), u.Objectives)
			}
			if _, ok := diagnostic(p, tt.code); tt.code != "" && !ok {
				t.Errorf("no %s diagnostic", tt.code)
			}
			errors := 0
			for _, d := range p.Diagnostics {
				if d.Severity == domain.SeverityError {
					errors++
				}
			}
			if errors != tt.errors {
				t.Errorf("%d errors: %v", errors, p.Diagnostics)
			}
			if strings.Contains(tt.name, "declared") && (u.DeclaredTotalWeight == nil || *u.DeclaredTotalWeight != 100) {
				t.Errorf("declared total %v", u.DeclaredTotalWeight)
			}
		})
	}
}

// Reading tells its progress, growing to 100%.
func TestProgress(t *testing.T) {
	sheets := seedSheets(t)
	for _, tt := range []struct {
		name string
		data []byte
	}{
		{"piano.xlsx", seedXLSX(t, sheets)},
		{"piano.ods", seedODS(t, sheets)},
		{"piano.csv", largeCSV(5000)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var seen []int
			opts := ingest.Options{Progress: func(p int) { seen = append(seen, p) }}
			if _, err := ingest.Parse(tt.name, tt.data, opts); err != nil {
				t.Fatal(err)
			}
			if len(seen) < 3 || seen[len(seen)-1] != 100 {
				t.Fatalf("progress %v", seen)
			}
			for i := 1; i < len(seen); i++ {
				if seen[i] <= seen[i-1] {
					t.Fatalf("progress not growing: %v", seen)
				}
			}
		})
	}
}
