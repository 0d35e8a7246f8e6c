package report

import (
	"archive/zip"
	"fmt"
	"html"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
)

// ODS writes the plan as an OpenDocument spreadsheet (LibreOffice), one
// sheet per unit, as ODS files are written: the mimetype first and stored,
// styles for widths, wrapping and percentages, the frozen header in
// settings.xml.
func ODS(w io.Writer, p *domain.Plan) error {
	sheets := layout(p)
	zw := zip.NewWriter(w)
	mt, err := zw.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	if err != nil {
		return err
	}
	if _, err := io.WriteString(mt, "application/vnd.oasis.opendocument.spreadsheet"); err != nil {
		return err
	}
	parts := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"META-INF/manifest.xml", writeManifest},
		{"meta.xml", func(w io.Writer) error { return writeMeta(w, p) }},
		{"styles.xml", writeODSStyles},
		{"settings.xml", func(w io.Writer) error { return writeSettings(w, sheets) }},
		{"content.xml", func(w io.Writer) error { return writeContent(w, sheets) }},
	}
	for _, part := range parts {
		pw, err := zw.Create(part.name)
		if err != nil {
			return err
		}
		if err := part.write(pw); err != nil {
			return err
		}
	}
	return zw.Close()
}

const odsNamespaces = `xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0" office:version="1.3"`

func writeManifest(w io.Writer) error {
	_, err := io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="settings.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>`)
	return err
}

func writeMeta(w io.Writer, p *domain.Plan) error {
	_, err := fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta %s><office:meta><meta:generator>performa</meta:generator><dc:title>%s</dc:title><dc:subject>%s</dc:subject><dc:language>it-IT</dc:language></office:meta></office:document-meta>`,
		odsNamespaces, esc("Piano degli obiettivi "+cycleText(p.Cycle)), esc(p.Organization.Name))
	return err
}

func writeODSStyles(w io.Writer) error {
	_, err := fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles %s><office:styles><style:default-style style:family="table-cell"><style:paragraph-properties fo:language="it" fo:country="IT"/><style:text-properties fo:language="it" fo:country="IT"/></style:default-style></office:styles></office:document-styles>`, odsNamespaces)
	return err
}

// writeSettings freezes the title and header rows of every sheet, as
// LibreOffice keeps it.
func writeSettings(w io.Writer, sheets []*sheet) error {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<office:document-settings %s><office:settings><config:config-item-set config:name="ooo:view-settings"><config:config-item-map-indexed config:name="Views"><config:config-item-map-entry><config:config-item config:name="ViewId" config:type="string">view1</config:config-item><config:config-item-map-named config:name="Tables">`, odsNamespaces)
	for _, s := range sheets {
		fmt.Fprintf(&b, `<config:config-item-map-entry config:name="%s">`, esc(s.name))
		for _, item := range []struct {
			name, kind, value string
		}{
			{"HorizontalSplitMode", "short", "0"}, {"VerticalSplitMode", "short", "2"},
			{"HorizontalSplitPosition", "int", "0"}, {"VerticalSplitPosition", "int", "2"},
			{"ActiveSplitRange", "short", "2"}, {"PositionLeft", "int", "0"}, {"PositionRight", "int", "0"},
			{"PositionTop", "int", "0"}, {"PositionBottom", "int", "2"},
		} {
			fmt.Fprintf(&b, `<config:config-item config:name="%s" config:type="%s">%s</config:config-item>`, item.name, item.kind, item.value)
		}
		b.WriteString(`</config:config-item-map-entry>`)
	}
	b.WriteString(`</config:config-item-map-named></config:config-item-map-entry></config:config-item-map-indexed></config:config-item-set></office:settings></office:document-settings>`)
	_, err := io.WriteString(w, b.String())
	return err
}

func writeContent(w io.Writer, sheets []*sheet) error {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content %s><office:automatic-styles>
<number:percentage-style style:name="N0"><number:number number:decimal-places="0" number:min-integer-digits="1"/><number:text>%%</number:text></number:percentage-style>
<number:percentage-style style:name="N2"><number:number number:decimal-places="2" number:min-integer-digits="1"/><number:text>%%</number:text></number:percentage-style>
<style:style style:name="title" style:family="table-cell"><style:text-properties fo:font-weight="bold" fo:font-size="12pt"/></style:style>
<style:style style:name="header" style:family="table-cell"><style:table-cell-properties fo:background-color="#dce6f1" fo:wrap-option="wrap" style:vertical-align="middle" fo:border-bottom="0.5pt solid #808080"/><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="text" style:family="table-cell"><style:table-cell-properties style:vertical-align="top"/></style:style>
<style:style style:name="wrap" style:family="table-cell"><style:table-cell-properties fo:wrap-option="wrap" style:vertical-align="top"/></style:style>
<style:style style:name="pct" style:family="table-cell" style:data-style-name="N0"><style:table-cell-properties style:vertical-align="top"/></style:style>
<style:style style:name="pct2" style:family="table-cell" style:data-style-name="N2"><style:table-cell-properties style:vertical-align="top"/></style:style>
<style:style style:name="total" style:family="table-cell"><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="totalpct" style:family="table-cell" style:data-style-name="N0"><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="totalpct2" style:family="table-cell" style:data-style-name="N2"><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="header-row" style:family="table-row"><style:table-row-properties style:row-height="1cm"/></style:style>
`, odsNamespaces)
	widths := map[float64]bool{}
	for _, s := range sheets {
		for _, cw := range s.columnWidths() {
			if !widths[cw] {
				widths[cw] = true
				fmt.Fprintf(&b, `<style:style style:name="%s" style:family="table-column"><style:table-column-properties style:column-width="%.2fcm"/></style:style>`, widthStyle(cw), cw*0.21)
			}
		}
	}
	b.WriteString(`</office:automatic-styles><office:body><office:spreadsheet>`)
	for _, s := range sheets {
		writeODSTable(&b, s)
	}
	b.WriteString(`</office:spreadsheet></office:body></office:document-content>`)
	_, err := io.WriteString(w, b.String())
	return err
}

func widthStyle(w float64) string { return "co" + strconv.FormatFloat(w, 'f', -1, 64) }

func writeODSTable(b *strings.Builder, s *sheet) {
	fmt.Fprintf(b, `<table:table table:name="%s">`, esc(s.name))
	for _, cw := range s.columnWidths() {
		fmt.Fprintf(b, `<table:table-column table:style-name="%s"/>`, widthStyle(cw))
	}
	b.WriteString(`<table:table-header-rows><table:table-row>`)
	title := make([]string, s.width())
	for _, t := range s.title {
		title[t.col] = t.text
	}
	for _, t := range title {
		odsCell(b, "title", cell{text: t}, "")
	}
	b.WriteString(`</table:table-row><table:table-row table:style-name="header-row">`)
	for _, h := range s.header {
		odsCell(b, "header", cell{text: h}, "")
	}
	b.WriteString(`</table:table-row></table:table-header-rows>`)
	const first = 3
	span := map[[2]int]int{}
	covered := map[[2]int]bool{}
	for _, m := range s.merges {
		span[[2]int{m.first, m.col}] = m.last - m.first + 1
		for i := m.first + 1; i <= m.last; i++ {
			covered[[2]int{i, m.col}] = true
		}
	}
	total := 0.0
	for i, row := range s.rows {
		b.WriteString(`<table:table-row>`)
		for c, v := range row {
			if covered[[2]int{i, c}] {
				b.WriteString(`<table:covered-table-cell/>`)
				continue
			}
			attrs := ""
			if n := span[[2]int{i, c}]; n > 1 {
				attrs = fmt.Sprintf(` table:number-rows-spanned="%d" table:number-columns-spanned="1"`, n)
			}
			style := "text"
			switch {
			case v.weight != nil:
				style = "pct2"
				if whole(*v.weight) {
					style = "pct"
				}
				total += *v.weight
			case s.wrapped(c):
				style = "wrap"
			}
			odsCell(b, style, v, attrs)
		}
		b.WriteString(`</table:table-row>`)
	}
	if len(s.rows) > 0 {
		last := first + len(s.rows) - 1
		style := "totalpct2"
		if whole(total) {
			style = "totalpct"
		}
		b.WriteString(`<table:table-row>`)
		for c := 0; c < colWeight; c++ {
			text := ""
			if c == colCode {
				text = "Totale"
			}
			odsCell(b, "total", cell{text: text}, "")
		}
		formula := fmt.Sprintf(` table:formula="of:=SUM([.%s:.%s])"`, cellName(colWeight, first), cellName(colWeight, last))
		odsCell(b, style, cell{weight: &total}, formula)
		b.WriteString(`</table:table-row>`)
		if d := s.unit.DeclaredTotalWeight; d != nil {
			style := "pct2"
			if whole(*d) {
				style = "pct"
			}
			b.WriteString(`<table:table-row>`)
			for c := 0; c < colWeight; c++ {
				text := ""
				if c == colCode {
					text = "Totale dichiarato"
				}
				odsCell(b, "text", cell{text: text}, "")
			}
			odsCell(b, style, cell{weight: d}, "")
			b.WriteString(`</table:table-row>`)
		}
	}
	b.WriteString(`</table:table>`)
}

// odsCell writes a cell: text, or a percentage with its value and the text
// it shows.
func odsCell(b *strings.Builder, style string, v cell, attrs string) {
	switch {
	case v.weight != nil:
		fmt.Fprintf(b, `<table:table-cell table:style-name="%s"%s office:value-type="percentage" office:value="%s"><text:p>%s</text:p></table:table-cell>`,
			style, attrs, strconv.FormatFloat(*v.weight/100, 'f', -1, 64), italian.Percent(*v.weight, 4))
	case v.text == "":
		fmt.Fprintf(b, `<table:table-cell table:style-name="%s"%s/>`, style, attrs)
	default:
		fmt.Fprintf(b, `<table:table-cell table:style-name="%s"%s office:value-type="string">`, style, attrs)
		for _, p := range strings.Split(v.text, "\n") {
			fmt.Fprintf(b, `<text:p>%s</text:p>`, odsText(p))
		}
		b.WriteString(`</table:table-cell>`)
	}
}

var spacesRe = regexp.MustCompile(`  +`)

// odsText escapes a paragraph as ODS keeps it: runs of spaces as <text:s/>,
// tabs as <text:tab/>.
func odsText(s string) string {
	s = esc(s)
	s = spacesRe.ReplaceAllStringFunc(s, func(m string) string {
		return fmt.Sprintf(` <text:s text:c="%d"/>`, len(m)-1)
	})
	if strings.HasPrefix(s, " ") {
		s = `<text:s/>` + s[1:]
	}
	return strings.ReplaceAll(s, "\t", "<text:tab/>")
}

// esc escapes text for XML, dropping the control characters XML cannot
// hold.
func esc(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' {
			return -1
		}
		return r
	}, s)
	return html.EscapeString(s)
}
