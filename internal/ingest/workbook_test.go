package ingest_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"html"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/ingest"
)

// xlsxParts packs the parts of a minimal workbook: one sheet per XML given,
// the shared strings given. Tests build odd workbooks this way, part by
// part, as no spreadsheet program would write them.
func xlsxParts(t testing.TB, sheets []string, extra map[string]string) []byte {
	t.Helper()
	var wb, rels, types strings.Builder
	wb.WriteString(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>`)
	rels.WriteString(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	types.WriteString(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>`)
	parts := map[string]string{}
	for i, s := range sheets {
		state := ""
		if strings.HasPrefix(s, "hidden:") {
			s, state = strings.TrimPrefix(s, "hidden:"), ` state="hidden"`
		}
		fmt.Fprintf(&wb, `<sheet name="Foglio%d" sheetId="%d"%s r:id="rId%d"/>`, i+1, i+1, state, i+1)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, i+1)
		parts[fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1)] = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` + s + `</worksheet>`
	}
	wb.WriteString(`</sheets></workbook>`)
	rels.WriteString(`<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`)
	types.WriteString(`</Types>`)
	parts["[Content_Types].xml"] = types.String()
	parts["xl/workbook.xml"] = wb.String()
	parts["xl/_rels/workbook.xml.rels"] = rels.String()
	for k, v := range extra {
		parts[k] = v
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range parts {
		w, err := zw.Create(name)
		must(t, err)
		w.Write([]byte(content))
	}
	must(t, zw.Close())
	return buf.Bytes()
}

// inlineRow writes a sheet row of inline strings.
func inlineRow(line int, cells ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<row r="%d">`, line)
	for i, c := range cells {
		if c == "" {
			continue
		}
		ref, _ := excelize.CoordinatesToCellName(i+1, line)
		fmt.Fprintf(&b, `<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, ref, c)
	}
	b.WriteString(`</row>`)
	return b.String()
}

var smallCells = strings.Split(smallHeader, ";")

// smallSheet is a sheet with the small plan's header and rows.
func smallSheet(rows ...[]string) string {
	var b strings.Builder
	b.WriteString(`<sheetData>`)
	b.WriteString(inlineRow(1, smallCells...))
	for i, r := range rows {
		b.WriteString(inlineRow(i+2, r...))
	}
	b.WriteString(`</sheetData>`)
	return b.String()
}

func row(cells ...string) []string { return cells }

func TestBadWorkbooks(t *testing.T) {
	good := xlsxParts(t, []string{smallSheet(row("1", "x", "2", "y", "1", "100%", "Obiettivo", "Indicatore", "0", "1", "2", "3", "Mario Rossi"))}, nil)
	f := excelize.NewFile()
	f.SetCellStr("Sheet1", "A1", "segreto")
	var encrypted bytes.Buffer
	must(t, f.Write(&encrypted, excelize.Options{Password: "segreta"}))
	xls := append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), bytes.Repeat([]byte("W\x00o\x00r\x00k\x00b\x00o\x00o\x00k\x00"), 64)...)
	tests := []struct {
		name string
		data []byte
		want []string // in the error message, beside the file's name
	}{
		{"truncated xlsx", good[:len(good)/2], []string{"danneggiato"}},
		{"xlsx with a damaged part", damagePart(t, good, "xl/worksheets/sheet1.xml"), []string{"danneggiato", "sheet1.xml"}},
		{"password-protected xlsx", encrypted.Bytes(), []string{"protetto da password"}},
		{"old .xls", xls, []string{"Excel 97-2003", ".xlsx"}},
		{"password-protected ods", odsWithManifest(t, `<manifest:encryption-data/>`), []string{"protetto da password"}},
		{"a Word document", zipOf(t, map[string]string{"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"}), []string{"documento Word"}},
		{"an OpenDocument text", zipOf(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"}), []string{"non un foglio di calcolo"}},
		{"a zip of something else", zipOf(t, map[string]string{"foto.jpg": "..."}), []string{"non contiene un foglio di calcolo"}},
		{"zip bomb", zipBomb(t, 300<<20, false), []string{"zip bomb", "256,0 MB"}},
		{"zip bomb lying about its size", zipBomb(t, 300<<20, true), []string{"danneggiato"}},
		{"no recognisable header", xlsxParts(t, []string{`<sheetData>` + inlineRow(1, "Elenco", "dei", "fornitori") + inlineRow(2, "Rossi", "5%", "x") + `</sheetData>`, `<sheetData/>`}, nil),
			[]string{"nessuna intestazione riconosciuta", "«Foglio1», «Foglio2»"}},
		{"a million cells in one row, repeated", odsRepeated(t, 16384, 1000), []string{"foglio «Foglio1»", "più di 3.000.000 celle"}},
		{"workbook without sheets", xlsxParts(t, nil, nil), []string{"non ha fogli"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ingest.Parse("piano.xlsx", tt.data, ingest.Options{})
			if err == nil {
				t.Fatalf("no error; plan with %d units", len(p.Units))
			}
			msg := domain.ErrorMessage(err)
			if domain.ErrorCode(err) != domain.EINVALID || !strings.Contains(msg, "piano.xlsx") {
				t.Fatalf("error %q (%s)", msg, domain.ErrorCode(err))
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q lacks %q", msg, w)
				}
			}
		})
	}
}

func zipOf(t *testing.T, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range parts {
		w, err := zw.Create(name)
		must(t, err)
		w.Write([]byte(content))
	}
	must(t, zw.Close())
	return buf.Bytes()
}

// damagePart flips bytes in the middle of a part's compressed data.
func damagePart(t *testing.T, data []byte, part string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	must(t, err)
	for _, f := range zr.File {
		if f.Name == part {
			off, err := f.DataOffset()
			must(t, err)
			out := append([]byte(nil), data...)
			for i := off + 2; i < off+int64(f.CompressedSize64)-2; i++ {
				out[i] ^= 0x5a
			}
			return out
		}
	}
	t.Fatalf("no part %s", part)
	return nil
}

func odsWithManifest(t *testing.T, extra string) []byte {
	return zipOf(t, map[string]string{
		"mimetype":              "application/vnd.oasis.opendocument.spreadsheet",
		"META-INF/manifest.xml": `<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml">` + extra + `</manifest:file-entry></manifest:manifest>`,
		"content.xml":           "\x8f\x12 encrypted bytes \x00",
	})
}

// zipBomb is a workbook whose sheet unzips to size bytes of blanks. When it
// lies, the archive's directory declares a few bytes only.
func zipBomb(t *testing.T, size int, lie bool) []byte {
	t.Helper()
	var compressed bytes.Buffer
	zw := zip.NewWriter(&compressed)
	w, _ := zw.Create("x")
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	for n := 0; n < size; n += len(chunk) {
		w.Write(chunk)
	}
	must(t, zw.Close())
	zr, _ := zip.NewReader(bytes.NewReader(compressed.Bytes()), int64(compressed.Len()))
	raw, _ := zr.File[0].OpenRaw()
	var data bytes.Buffer
	data.ReadFrom(raw)

	good := xlsxParts(t, []string{`<sheetData/>`}, nil)
	gr, _ := zip.NewReader(bytes.NewReader(good), int64(len(good)))
	var out bytes.Buffer
	ow := zip.NewWriter(&out)
	for _, f := range gr.File {
		if f.Name == "xl/worksheets/sheet1.xml" {
			h := zr.File[0].FileHeader
			h.Name = f.Name
			if lie {
				h.UncompressedSize64 = 1000
			}
			rw, err := ow.CreateRaw(&h)
			must(t, err)
			rw.Write(data.Bytes())
			continue
		}
		must(t, ow.Copy(f))
	}
	must(t, ow.Close())
	return out.Bytes()
}

// odsRepeated is a spreadsheet whose one row holds a value repeated over
// cols columns, the row repeated rows times: a few hundred bytes that stand
// for cols × rows cells.
func odsRepeated(t *testing.T, cols, rows int) []byte {
	return odsZip(t, fmt.Sprintf(`<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="Foglio1"><table:table-row table:number-rows-repeated="%d"><table:table-cell table:number-columns-repeated="%d" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>`, rows, cols))
}

// peakHeap runs fn and returns the most heap it held at once beyond what
// was held before, sampled.
func peakHeap(fn func()) uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	runtime.GC()
	metrics.Read(sample)
	before := sample[0].Value.Uint64()
	var peak uint64
	var mu sync.Mutex
	done := make(chan struct{})
	go func() {
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				metrics.Read(sample)
				mu.Lock()
				peak = max(peak, sample[0].Value.Uint64())
				mu.Unlock()
			}
		}
	}()
	fn()
	close(done)
	mu.Lock()
	defer mu.Unlock()
	return max(peak, before) - before
}

// A sheet of a million rows is streamed: a million formatted empty rows
// under the plan cost nothing; a million rows of values are refused once
// past any plan's size, naming the sheet and the row. Memory stays bounded
// either way.
func TestMillionRows(t *testing.T) {
	const n = 1_000_000
	emptyRows := func() string {
		var b strings.Builder
		b.WriteString(`<sheetData>` + inlineRow(1, smallCells...) +
			inlineRow(2, "1", "x", "2", "y", "1", "100%", "Obiettivo", "Indicatore", "0", "1", "2", "3", "Mario Rossi"))
		for r := 3; r <= n; r++ {
			fmt.Fprintf(&b, `<row r="%d" s="1" customFormat="1"><c r="B%d" s="1"/></row>`, r, r)
		}
		return b.String() + `</sheetData>`
	}
	fullRows := func() string {
		var b strings.Builder
		b.WriteString(`<sheetData>` + inlineRow(1, smallCells...))
		for r := 2; r <= n; r++ {
			fmt.Fprintf(&b, `<row r="%d"><c r="A%d"><v>%d</v></c></row>`, r, r, r)
		}
		return b.String() + `</sheetData>`
	}

	t.Run("formatted empty rows", func(t *testing.T) {
		data := xlsxParts(t, []string{emptyRows()}, nil)
		var p *domain.Plan
		var err error
		peak := peakHeap(func() { p, err = ingest.Parse("piano.xlsx", data, ingest.Options{}) })
		if err != nil {
			t.Fatal(err)
		}
		if p.Objectives() != 1 {
			t.Errorf("%d objectives", p.Objectives())
		}
		if peak > 150<<20 {
			t.Errorf("peak heap %d MB", peak>>20)
		}
		t.Logf("%d MB zipped, peak heap %d MB", len(data)>>20, peak>>20)
	})
	t.Run("rows of values", func(t *testing.T) {
		data := xlsxParts(t, []string{fullRows()}, nil)
		var err error
		peak := peakHeap(func() { _, err = ingest.Parse("piano.xlsx", data, ingest.Options{}) })
		if err == nil || !strings.Contains(domain.ErrorMessage(err), "piano.xlsx: foglio «Foglio1», riga 250.001: il file ha più di 250.000 righe non vuote") {
			t.Fatalf("error %v", err)
		}
		if peak > 250<<20 {
			t.Errorf("peak heap %d MB", peak>>20)
		}
		t.Logf("%d MB zipped, peak heap %d MB", len(data)>>20, peak>>20)
	})
}

// styled is a styles part whose cell styles 1… have these number formats.
func styled(formats ...string) map[string]string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts>`)
	for i, f := range formats {
		fmt.Fprintf(&b, `<numFmt numFmtId="%d" formatCode="%s"/>`, 164+i, html.EscapeString(f))
	}
	b.WriteString(`</numFmts><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs><xf numFmtId="0"/>`)
	for i := range formats {
		fmt.Fprintf(&b, `<xf numFmtId="%d" applyNumberFormat="1"/>`, 164+i)
	}
	b.WriteString(`</cellXfs></styleSheet>`)
	return map[string]string{"xl/styles.xml": b.String()}
}

// readRows reads the first sheet of a file into rows.
func readRows(t *testing.T, data []byte) []ingest.Row {
	t.Helper()
	wb, _, err := ingest.Read("piano.xlsx", data, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return wb.Sheets[0].Rows
}

// TestCellText checks that each cell reads as a person sees it in an
// Italian spreadsheet.
func TestCellText(t *testing.T) {
	formats := []string{"0%", "0.0%", "#,##0.00", "dd/mm/yyyy", "0.0#", `"€ "#,##0.00;[Red]-"€ "#,##0.00`, "General", "@", "d mmmm yyyy h:mm"}
	cells := []struct {
		xml  string // the c element's attributes and content
		want string
	}{
		{`s="1"><v>0.05</v>`, "5%"},
		{`s="2"><v>0.125</v>`, "12,5%"},
		{`s="3"><v>1234.5</v>`, "1.234,50"},
		{`s="4"><v>44926</v>`, "31/12/2022"},
		{`s="5"><v>2.5</v>`, "2,5"},
		{`s="5"><v>2.55</v>`, "2,55"},
		{`s="6"><v>-1234.5</v>`, "-1.234,50"},
		{`s="7"><v>0.1</v>`, "0,1"},
		{`><v>0.30000000000000004</v>`, "0,3"},
		{`s="8"><v>12</v>`, "12"},
		{`s="9"><v>44926.5</v>`, "31/12/2022 12:00"},
		{`t="b"><v>1</v>`, "VERO"},
		{`t="e"><v>#DIV/0!</v>`, "#DIV/0!"},
		{`t="str"><f>A1&amp;"x"</f><v>testo calcolato</v>`, "testo calcolato"},
		{`t="inlineStr"><is><r><t>ricco </t></r><r><rPr><b/></rPr><t>testo</t></r><rPh><t>ふりがな</t></rPh></is>`, "ricco testo"},
		{`t="s"><v>0</v>`, "condiviso\na capo"},
		{`t="d"><v>2022-06-30T00:00:00</v>`, "30/06/2022"},
	}
	var b strings.Builder
	b.WriteString(`<sheetData>`)
	for i, c := range cells {
		fmt.Fprintf(&b, `<row r="%d"><c r="A%d" %s</c></row>`, i+1, i+1, c.xml)
	}
	b.WriteString(`</sheetData>`)
	extra := styled(formats...)
	extra["xl/sharedStrings.xml"] = `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>condiviso_x000D_
a capo</t></si></sst>`
	rows := readRows(t, xlsxParts(t, []string{b.String()}, extra))
	for i, c := range cells {
		got := ""
		if i < len(rows) && len(rows[i].Cells) > 0 {
			got = rows[i].Cells[0]
		}
		if got != c.want {
			t.Errorf("cell %s: %q, want %q", c.xml, got, c.want)
		}
	}
}

// xlsxOf writes a workbook with excelize: sheets of rows (strings; "=…" a
// formula, "n:…" a number, "%:…" a number formatted as a percentage), and
// merged ranges per sheet.
type xlsxSheetSpec struct {
	name   string
	rows   [][]string
	merges [][2]string
	hidden bool
}

func xlsxOf(t *testing.T, sheets ...xlsxSheetSpec) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	pct := "0%"
	style, err := f.NewStyle(&excelize.Style{CustomNumFmt: &pct})
	must(t, err)
	for k, s := range sheets {
		if k == 0 {
			must(t, f.SetSheetName("Sheet1", s.name))
		} else {
			_, err := f.NewSheet(s.name)
			must(t, err)
		}
		for i, r := range s.rows {
			for j, c := range r {
				ref, _ := excelize.CoordinatesToCellName(j+1, i+1)
				switch {
				case c == "":
				case strings.HasPrefix(c, "="):
					must(t, f.SetCellFormula(s.name, ref, c[1:]))
				case strings.HasPrefix(c, "n:"):
					var v float64
					fmt.Sscan(c[2:], &v)
					must(t, f.SetCellFloat(s.name, ref, v, -1, 64))
				case strings.HasPrefix(c, "%:"):
					var v float64
					fmt.Sscan(c[2:], &v)
					must(t, f.SetCellFloat(s.name, ref, v, -1, 64))
					must(t, f.SetCellStyle(s.name, ref, ref, style))
				default:
					must(t, f.SetCellStr(s.name, ref, c))
				}
			}
		}
		for _, m := range s.merges {
			must(t, f.MergeCell(s.name, m[0], m[1]))
		}
		if s.hidden {
			must(t, f.SetSheetVisible(s.name, false))
		}
	}
	buf, err := f.WriteToBuffer()
	must(t, err)
	return buf.Bytes()
}

func parseXLSX(t *testing.T, data []byte) *domain.Plan {
	t.Helper()
	p, err := ingest.Parse("piano.xlsx", data, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func diagnostic(p *domain.Plan, code string) (domain.Diagnostic, bool) {
	for _, d := range p.Diagnostics {
		if d.Code == code {
			return d, true
		}
	}
	return domain.Diagnostic{}, false
}

func TestWorkbookReading(t *testing.T) {
	h := smallCells
	tests := []struct {
		name   string
		sheets []xlsxSheetSpec
		check  func(t *testing.T, p *domain.Plan)
	}{
		{"an objective merged down its indicator rows, staff merged over two objectives", []xlsxSheetSpec{{name: "Servizi sociali",
			rows: [][]string{h,
				{"12", "Diritti sociali, politiche sociali e famiglia", "07", "Servizio necroscopico e cimiteriale", "1", "%:0.6", "Digitalizzare i contratti", "Contratti scansionati", "0", "50%", "80%", "100%", "Anna Bianchi", "2 istruttori"},
				{"", "", "", "", "", "", "", "Contratti in archivio digitale", "0", "40%", "70%", "100%"},
				{"", "", "", "", "2", "%:0.4", "Ridurre i tempi", "Giorni per pratica", "30", "25", "20", "15"},
			},
			merges: [][2]string{{"A2", "A4"}, {"B2", "B4"}, {"C2", "C4"}, {"D2", "D4"}, {"E2", "E3"}, {"F2", "F3"}, {"G2", "G3"}, {"M2", "M4"}, {"N2", "N4"}}}},
			func(t *testing.T, p *domain.Plan) {
				u := p.Units[0]
				if u.Name != "Servizi sociali" || len(u.Objectives) != 2 || len(u.Objectives[0].Indicators) != 2 {
					t.Fatalf("unit %q with %d objectives", u.Name, len(u.Objectives))
				}
				o1, o2 := u.Objectives[0], u.Objectives[1]
				if *o1.Weight != 60 || *o2.Weight != 40 || o2.Mission.Code != "12" || o2.Program.Code != "07" || o2.Manager != "Anna Bianchi" {
					t.Errorf("second objective %+v", o2)
				}
				if o1.Staff != "2 istruttori" || o2.Staff != "2 istruttori" {
					t.Errorf("staff %q, %q: the merged value counts for each row", o1.Staff, o2.Staff)
				}
				if d, ok := diagnostic(p, "unit.name"); !ok || !strings.Contains(d.Message, "nome del foglio") {
					t.Errorf("unit.name %v", d)
				}
			}},
		{"a formula without its value, a computed total, a hidden sheet", []xlsxSheetSpec{
			{name: "Foglio1", rows: [][]string{
				{"Piano degli obiettivi 2023–2025", "", "", "", "", "", "Unità: Servizi demografici", "", "", "Ente: Comune di Borgo"},
				h,
				{"1", "", "7", "", "1", "%:0.5", "Anagrafe digitale", "Certificati online", "=B9*2", "60%", "80%", "90%", "Mario Rossi"},
				{"1", "", "7", "", "2", "%:0.5", "Stato civile", "Atti digitalizzati", "10", "20", "30", "40", "Mario Rossi"},
				{"", "", "", "", "Totale", "=SUM(F3:F4)"},
			}},
			{name: "Vecchio piano", hidden: true, rows: [][]string{h, {"1", "", "1", "", "1", "100%", "Obiettivo dimenticato", "I", "0", "1", "2", "3", "Mario Rossi"}}},
		},
			func(t *testing.T, p *domain.Plan) {
				if len(p.Units) != 1 || p.Units[0].Name != "Servizi demografici" || p.Organization.Name != "Comune di Borgo" || p.Units[0].Source.Sheet != 1 {
					t.Fatalf("units %+v, organization %q", p.Units[0], p.Organization.Name)
				}
				if p.Units[0].DeclaredTotalWeight != nil || p.Objectives() != 2 {
					t.Errorf("declared total %v, %d objectives", p.Units[0].DeclaredTotalWeight, p.Objectives())
				}
				d, ok := diagnostic(p, "cell.formula_uncached")
				if !ok || d.Sheet != 1 || d.Line != 3 || d.Column != "I" || !strings.Contains(d.Message, "I3, F5") {
					t.Errorf("formula diagnostic %+v", d)
				}
				if d, ok := diagnostic(p, "sheet.hidden"); !ok || !strings.Contains(d.Message, "«Vecchio piano»") {
					t.Errorf("hidden sheet diagnostic %+v", d)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.check(t, parseXLSX(t, xlsxOf(t, tt.sheets...)))
		})
	}
}

// ODS keeps the text a cell shows; numbers shown the English way (by a
// LibreOffice in English) read with Italian separators.
func TestODSCellText(t *testing.T) {
	cells := []struct{ xml, want string }{
		{`office:value-type="percentage" office:value="0.8"><text:p>80.00%</text:p>`, "80,00%"},
		{`office:value-type="percentage" office:value="0.125"><text:p>12,5%</text:p>`, "12,5%"},
		{`office:value-type="float" office:value="1234.5"><text:p>1,234.50</text:p>`, "1.234,50"},
		{`office:value-type="float" office:value="1234.5"><text:p>1.234,50</text:p>`, "1.234,50"},
		{`office:value-type="float" office:value="1.234"><text:p>1,234</text:p>`, "1,234"},
		{`office:value-type="currency" office:value="-20.5"><text:p>-€ 20.50</text:p>`, "-€ 20,50"},
		{`office:value-type="float" office:value="0.3"/`, "0,3"},
		{`office:value-type="date" office:date-value="2022-09-30"><text:p>09/30/22</text:p>`, "30/09/2022"},
		{`office:value-type="string"><text:p>due<text:s text:c="2"/>spazi</text:p><text:p>a capo<text:line-break/>ancora</text:p><office:annotation><text:p>commento</text:p></office:annotation>`, "due  spazi\na capo\nancora"},
	}
	var b strings.Builder
	b.WriteString(`<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="Foglio1">`)
	for _, c := range cells {
		end := `</table:table-cell>`
		if strings.HasSuffix(c.xml, "/") {
			end = ""
			c.xml += ">"
		}
		fmt.Fprintf(&b, `<table:table-row><table:table-cell %s%s</table:table-row>`, c.xml, end)
	}
	b.WriteString(`</table:table></office:spreadsheet></office:body></office:document-content>`)
	wb, _, err := ingest.Read("piano.ods", odsZip(t, b.String()), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rows := wb.Sheets[0].Rows
	for i, c := range cells {
		if got := rows[i].Cells[0]; got != c.want {
			t.Errorf("cell %s: %q, want %q", c.xml, got, c.want)
		}
	}
}
