package ingest

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
)

const (
	odsMimetype = "application/vnd.oasis.opendocument.spreadsheet"
	maxRepeat   = 1 << 24 // rows an ODS row may stand for: more than any sheet has
)

// readODS reads an OpenDocument spreadsheet (what LibreOffice saves) by
// streaming its content.xml. ODS writes a run of equal cells or rows once
// with a repeat count — a sheet formatted to its last row is one element
// repeated a million times — so empty runs are skipped, never expanded, and
// a value repeated across cells or rows counts once per cell, against the
// workbook's budget.
func readODS(name string, parts map[string]*zip.File, opts Options) (*Workbook, []domain.Diagnostic, error) {
	if err := checkODS(name, parts); err != nil {
		return nil, nil, err
	}
	content := parts["content.xml"]
	if content == nil {
		return nil, nil, domain.Errorf(domain.EINVALID, "%s: il file è danneggiato: manca content.xml, il contenuto del foglio di calcolo.", name)
	}
	rc, err := openPart(name, content)
	if err != nil {
		return nil, nil, err
	}
	defer rc.Close()
	o := &odsReader{file: name, budget: newBudget(name, opts), wb: &Workbook{Name: name}}
	o.budget.total = int64(content.UncompressedSize64)
	if err := o.read(xml.NewDecoder(bufio.NewReaderSize(counter{rc, o.budget}, 64<<10))); err != nil {
		return nil, nil, err
	}
	if len(o.wb.Sheets) == 0 {
		return nil, nil, domain.Errorf(domain.EINVALID, "%s: il foglio di calcolo non ha fogli.", name)
	}
	return o.wb, o.diags, nil
}

// checkODS tells other OpenDocument files (a text, a presentation) and
// password-protected spreadsheets from what can be read.
func checkODS(name string, parts map[string]*zip.File) error {
	if mt := parts["mimetype"]; mt != nil && mt.UncompressedSize64 < 200 {
		data, err := readSmallPart(name, mt)
		if err != nil {
			return err
		}
		kind := strings.TrimSpace(string(data))
		if !strings.HasPrefix(kind, odsMimetype) {
			return domain.Errorf(domain.EINVALID, "%s: è un documento OpenDocument di tipo %q, non un foglio di calcolo (ODS).", name, kind)
		}
	}
	if mf := parts["META-INF/manifest.xml"]; mf != nil && mf.UncompressedSize64 < 1<<20 {
		data, err := readSmallPart(name, mf)
		if err != nil {
			return err
		}
		if bytes.Contains(data, []byte("encryption-data")) {
			return domain.Errorf(domain.EINVALID,
				"%s: il file è protetto da password. Aprirlo con LibreOffice, togliere la password (File › Proprietà › Sicurezza) e salvarlo di nuovo.", name)
		}
	}
	return nil
}

func readSmallPart(name string, f *zip.File) ([]byte, error) {
	rc, err := openPart(name, f)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		return nil, damaged(name, f.Name, err)
	}
	return data, nil
}

type odsReader struct {
	file   string
	budget *budget
	wb     *Workbook
	diags  []domain.Diagnostic

	sb       *sheetBuilder
	line     int // the first line of the current row
	rowRep   int
	cells    []string
	marks    []Mark
	col      int
	cell     odsCell
	inCell   bool
	skip     int // depth inside an element whose text is not the cell's (a comment)
	uncached []string
	first    [2]int // line and column of the first formula without a value
}

// odsCell is a cell as content.xml gives it.
type odsCell struct {
	covered    bool
	repeat     int
	rowSpan    int
	valueType  string
	value      string
	formula    bool
	text       strings.Builder
	paragraphs int
	inP        int // depth inside paragraphs, whose text is the cell's
}

// read streams the document's tables.
func (o *odsReader) read(d *xml.Decoder) error {
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return damaged(o.file, "content.xml", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := o.start(t); err != nil {
				return err
			}
		case xml.EndElement:
			if err := o.end(t); err != nil {
				return err
			}
		case xml.CharData:
			if o.inCell && o.skip == 0 && o.cell.inP > 0 {
				o.cell.text.Write(t)
			}
		}
	}
}

func (o *odsReader) start(t xml.StartElement) error {
	if o.skip > 0 {
		o.skip++
		return nil
	}
	switch t.Name.Local {
	case "table":
		if o.inCell || o.sb != nil { // a table inside a cell: not a sheet
			o.skip = 1
			return nil
		}
		o.sb = newSheetBuilder(attr(t, "name"), o.budget)
		o.line, o.uncached = 1, nil
	case "table-row":
		o.rowRep = repeat(t, "number-rows-repeated", maxRepeat)
		o.cells, o.marks, o.col = nil, nil, 0
	case "table-cell", "covered-table-cell":
		if o.sb == nil { // a cell outside any table
			o.skip = 1
			return nil
		}
		o.inCell = true
		o.cell = odsCell{
			covered:   t.Name.Local == "covered-table-cell",
			repeat:    repeat(t, "number-columns-repeated", MaxColumns),
			rowSpan:   repeat(t, "number-rows-spanned", maxRepeat),
			valueType: attrNS(t, "office", "value-type"),
			formula:   attr(t, "formula") != "",
		}
		switch o.cell.valueType {
		case "date":
			o.cell.value = attr(t, "date-value")
		case "time":
			o.cell.value = attr(t, "time-value")
		case "boolean":
			o.cell.value = attr(t, "boolean-value")
		case "string":
			o.cell.value = attr(t, "string-value")
		default:
			o.cell.value = attr(t, "value")
		}
	case "p", "h":
		if o.inCell {
			if o.cell.paragraphs > 0 {
				o.cell.text.WriteByte('\n')
			}
			o.cell.paragraphs++
			o.cell.inP++
		}
	case "s":
		if o.inCell {
			o.cell.text.WriteString(strings.Repeat(" ", min(repeat(t, "c", 1000), 1000)))
		}
	case "tab":
		if o.inCell {
			o.cell.text.WriteByte('\t')
		}
	case "line-break":
		if o.inCell {
			o.cell.text.WriteByte('\n')
		}
	case "annotation", "shapes", "frame":
		o.skip = 1
	}
	return nil
}

func (o *odsReader) end(t xml.EndElement) error {
	if o.skip > 0 {
		o.skip--
		return nil
	}
	switch t.Name.Local {
	case "p", "h":
		if o.inCell && o.cell.inP > 0 {
			o.cell.inP--
		}
	case "table-cell", "covered-table-cell":
		o.inCell = false
		o.endCell()
	case "table-row":
		return o.endRow()
	case "table":
		if o.sb != nil {
			o.endTable()
		}
	}
	return nil
}

// endCell places the cell's text in each column it repeats over.
func (o *odsReader) endCell() {
	c := &o.cell
	text := ""
	if !c.covered { // covered by a merged cell: hidden, not read
		text = o.cellText(c)
	}
	if c.formula && !c.covered && c.value == "" && c.paragraphs == 0 {
		if len(o.uncached) == 0 {
			o.first = [2]int{o.line, o.col}
		}
		o.uncached = append(o.uncached, domain.ColumnName(o.col)+strconv.Itoa(o.line))
	}
	if text != "" {
		for k := 0; k < c.repeat && o.col+k < MaxColumns; k++ {
			for len(o.cells) <= o.col+k {
				o.cells = append(o.cells, "")
			}
			o.cells[o.col+k] = text
			if c.formula {
				for len(o.marks) <= o.col+k {
					o.marks = append(o.marks, 0)
				}
				o.marks[o.col+k] |= Formula
			}
		}
		if c.rowSpan > 1 {
			o.sb.merge(o.line, o.col, text, o.line+c.rowSpan-1)
		}
	}
	o.col += c.repeat
}

// cellText is the text a person sees: the paragraphs LibreOffice writes as
// displayed — numbers with Italian separators whatever the locale of who
// saved the file, dates as 31/12/2022 — or else the value, written the
// Italian way.
func (o *odsReader) cellText(c *odsCell) string {
	s := cleanCell(c.text.String())
	switch c.valueType {
	case "float", "percentage", "currency":
		if v, err := strconv.ParseFloat(c.value, 64); err == nil && s != "" {
			if c.valueType == "percentage" {
				v *= 100
			}
			return italianSeparators(s, v)
		}
	case "date":
		if c.value != "" {
			return renderISODate(c.value)
		}
	}
	if s != "" || c.paragraphs > 0 {
		return s
	}
	switch c.valueType {
	case "", "string":
		return cleanCell(c.value)
	case "boolean":
		if c.value == "true" {
			return "VERO"
		}
		return "FALSO"
	case "date":
		return renderISODate(c.value)
	case "time":
		return c.value
	}
	v, err := strconv.ParseFloat(c.value, 64)
	if err != nil {
		return ""
	}
	if c.valueType == "percentage" {
		return renderGeneral(v*100) + "%"
	}
	return renderGeneral(v)
}

// endRow adds the row once per repetition; a blank run is added once.
func (o *odsReader) endRow() error {
	if o.sb == nil {
		return nil
	}
	if len(o.cells) == 0 {
		if err := o.sb.add(o.line, nil, nil); err != nil {
			return err
		}
	}
	for k := 0; k < o.rowRep && len(o.cells) > 0; k++ {
		cells := append([]string(nil), o.cells...)
		var marks []Mark
		if o.marks != nil {
			marks = append([]Mark(nil), o.marks...)
		}
		if err := o.sb.add(o.line+k, cells, marks); err != nil {
			return err
		}
	}
	o.line += o.rowRep
	return nil
}

func (o *odsReader) endTable() {
	no := len(o.wb.Sheets) + 1
	if n := len(o.uncached); n > 0 {
		o.diags = append(o.diags, diag(domain.SeverityWarning, "cell.formula_uncached", no, o.first[0], o.first[1],
			"%s: %d formul%s senza valore calcolato (%s), lett%s come cell%s vuot%s. Aprire il file con LibreOffice o Excel e salvarlo di nuovo.",
			sheetRef(o.sb.sheet.Name), n, italian.Plural(n, "a", "e"), listSome(o.uncached, 5), italian.Plural(n, "a", "e"), italian.Plural(n, "a", "e"), italian.Plural(n, "a", "e")))
	}
	o.wb.Sheets = append(o.wb.Sheets, o.sb.sheet)
	o.sb = nil
}

// repeat reads a repeat or span count, at least 1 and at most limit.
func repeat(se xml.StartElement, local string, limit int) int {
	n, err := strconv.Atoi(attr(se, local))
	if err != nil || n < 1 {
		return 1
	}
	return min(n, limit)
}

// italianSeparators rewrites a number displayed the English way ("80.00%",
// "1,234.50") with Italian separators ("80,00%", "1.234,50"): the display
// follows the locale of whoever saved the file. A display is English when,
// read the English way, it is the cell's value.
func italianSeparators(display string, value float64) string {
	start := strings.IndexAny(display, "0123456789")
	end := strings.LastIndexAny(display, "0123456789")
	if start < 0 || !strings.Contains(display[start:end+1], ".") && !strings.Contains(display[start:end+1], ",") {
		return display
	}
	digits := display[start : end+1]
	english, err := strconv.ParseFloat(strings.ReplaceAll(digits, ",", ""), 64)
	if err != nil || math.Abs(english-math.Abs(value)) > 1e-9*max(1, math.Abs(value)) {
		return display
	}
	swapped := strings.Map(func(r rune) rune {
		switch r {
		case '.':
			return ','
		case ',':
			return '.'
		}
		return r
	}, digits)
	return display[:start] + swapped + display[end+1:]
}
