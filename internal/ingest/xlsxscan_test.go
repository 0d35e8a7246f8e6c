package ingest

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

var sheetXMLCases = []string{
	`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n" +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
		`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>0.05</v></c><c r="C1" t="inlineStr"><is><t>a &amp; b &#233; &#x41;</t><rPh><t>x</t></rPh></is></c></row>` +
		`<row r="3" spans="1:3"><c r="A3" t="str"><f>A1</f><v>x` + "\r\n" + `y</v></c><c r="B3"><f>1+1</f></c><c t="b"><v>1</v></c></row>` +
		`<!-- a comment --><x:row r="4"><x:c r="A4" t='d'><x:v>2022-12-31</x:v></x:c></x:row>` +
		`</sheetData><mergeCells count="1"><mergeCell ref="A1:A3"/></mergeCells></worksheet>`,
	`<worksheet><sheetData><row><c><v>1</v></c><c/><c r="C1"><v>2</v></c></row></sheetData></worksheet>`,
	`<worksheet><row><c t="inlineStr"><is><t>&unknown;</t></is></c></row></worksheet>`,
	`<worksheet><row><c t="inlineStr"><is><t>ok</t></is></c></row><row><c>` + "\x01" + `</c></row></worksheet>`,
	`<worksheet><row><c t="s"><v>7</v></c></row></worksheet>`,
	"<worksheet>\n<row>\n<c>\n<v>1</v></c></row>\n</worksheet",
	`<!DOCTYPE x><worksheet/>`, `<worksheet a="1"b="2"/>`, `<worksheet><![CDATA[x]]></worksheet>`, `<w a="&amp;">t</w>`,
	`<?xml version="1.1"?><w/>`, `<?xml version="1.0" encoding="latin1"?><w/>`, `<w>]]></w>`, `<w>a</w >`, `</ w>`, `< w>`,
	`<w x='a"b>c'><row><c><v>3</v></c></row></w>`, `<w>` + "\xff" + `</w>`, `<a:b:c/>`, `<:a/>`, `<a:/>`, `<!---->`, `<!-- -- -->`,
	`<w><row r="x"><c r="ZZZZ1"><v>1</v></c></row></w>`, `<w>&#0;</w>`, `<w>&#x110000;</w>`, `<w>&#+1;</w>`, `<w>&#x;</w>`,
}

func FuzzSheetScanner(f *testing.F) {
	for _, c := range sheetXMLCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkSheetScanner(t, data) })
}

func TestSheetScanner(t *testing.T) {
	for _, c := range sheetXMLCases {
		checkSheetScanner(t, []byte(c))
	}
	// A sheet larger than the scanner's buffer, read a few bytes at a time.
	var b strings.Builder
	b.WriteString(`<worksheet><sheetData>`)
	for i := 1; i <= 20000; i++ {
		fmt.Fprintf(&b, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>riga %d &amp; più</t></is></c><c r="B%d" s="1"><v>%d.5</v></c></row>`, i, i, i, i, i)
	}
	b.WriteString(`</sheetData></worksheet>`)
	checkSheetScanner(t, []byte(b.String()))
}

// checkSheetScanner reads a sheet's XML with the scanner (whole, and a byte
// at a time) and with encoding/xml alone: the same rows, diagnostics and
// error.
func checkSheetScanner(t *testing.T, data []byte) {
	t.Helper()
	read := func(r io.Reader, scan bool) string {
		x := &xlsxReader{file: "piano.xlsx", budget: newBudget("piano.xlsx", Options{}),
			sst: []string{"uno"}, xfs: []numberFormat{{general: true}, {percent: true}}}
		sh, err := x.readSheetFrom(r, "xl/worksheets/sheet1.xml", "Foglio1", 1, scan)
		if err != nil {
			return "error: " + err.Error()
		}
		return fmt.Sprintf("%+v %+v", sh.Rows, x.diags)
	}
	want := read(bytes.NewReader(data), false)
	if got := read(bytes.NewReader(data), true); got != want {
		t.Errorf("%q: scanner\n%.600s\nencoding/xml\n%.600s", data, got, want)
	}
	if len(data) < 4096 {
		if got := read(iotest.OneByteReader(bytes.NewReader(data)), true); got != want {
			t.Errorf("%q, a byte at a time: scanner\n%.600s\nencoding/xml\n%.600s", data, got, want)
		}
	}
}
