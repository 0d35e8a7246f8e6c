package ingest

import (
	"archive/zip"
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
)

// readXLSX reads an Office Open XML workbook (what Excel saves). Each sheet
// is streamed from the archive row by row, so memory holds the cells read,
// never the sheet's XML; each cell is read as the text a person sees in it
// (see numfmt.go). Cells merged across rows, formulas whose value was never
// computed and hidden sheets are handled as described where they are read.
//
// Writing is done with excelize (internal/report); reading is done here,
// because excelize's row iterator returns formatted text only: it cannot say
// which cells are numbers (to write them the Italian way) or formulas
// without a value, and it formats numbers the American way.
func readXLSX(name string, parts map[string]*zip.File, opts Options) (*Workbook, []domain.Diagnostic, error) {
	x := &xlsxReader{file: name, parts: parts, budget: newBudget(name, opts)}
	wbPath := x.officeDocument()
	sheets, err := x.readWorkbook(wbPath)
	if err != nil {
		return nil, nil, err
	}
	rels, err := x.readRels(wbPath)
	if err != nil {
		return nil, nil, err
	}
	if err := x.readStyles(rels.target("/styles", path.Join(path.Dir(wbPath), "styles.xml"))); err != nil {
		return nil, nil, err
	}
	if err := x.readSharedStrings(rels.target("/sharedStrings", path.Join(path.Dir(wbPath), "sharedStrings.xml"))); err != nil {
		return nil, nil, err
	}
	for _, s := range sheets { // progress: the sheets' XML, as it unzips
		if f := parts[rels[s.rel].path]; f != nil && !s.hidden {
			x.budget.total += int64(f.UncompressedSize64)
		}
	}
	wb := &Workbook{Name: name}
	for i, s := range sheets {
		rel := rels[s.rel]
		var sh *Sheet
		switch {
		case s.hidden:
			sh = &Sheet{Name: s.name}
			x.diags = append(x.diags, diag(domain.SeverityInfo, "sheet.hidden", i+1, 0, -1,
				"foglio nascosto «%s» non letto: chi apre il file non lo vede", s.name))
		case !strings.HasSuffix(rel.kind, "/worksheet") || parts[rel.path] == nil:
			sh = &Sheet{Name: s.name} // a chart sheet, or a sheet the archive lacks
		default:
			if sh, err = x.readSheet(parts[rel.path], s.name, i+1); err != nil {
				return nil, nil, err
			}
		}
		wb.Sheets = append(wb.Sheets, sh)
	}
	if len(wb.Sheets) == 0 {
		return nil, nil, domain.Errorf(domain.EINVALID, "%s: la cartella di lavoro non ha fogli.", name)
	}
	return wb, x.diags, nil
}

type xlsxReader struct {
	file     string
	parts    map[string]*zip.File
	budget   *budget
	sst      []string
	xfs      []numberFormat // number format of each cell style
	date1904 bool
	diags    []domain.Diagnostic
}

type xlsxSheet struct {
	name, rel string
	hidden    bool
}

// rel is a relationship: the part it points to and its kind (a type URI).
type rel struct{ path, kind string }

type relMap map[string]rel

// target returns the first part of a kind, or def.
func (rm relMap) target(kindSuffix, def string) string {
	ids := make([]string, 0, len(rm))
	for id := range rm {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if strings.HasSuffix(rm[id].kind, kindSuffix) {
			return rm[id].path
		}
	}
	return def
}

// decoder opens a part for streaming XML, or reports the workbook damaged.
func (x *xlsxReader) decoder(p string) (*xml.Decoder, io.Closer, error) {
	f := x.parts[p]
	if f == nil {
		return nil, nil, nil
	}
	rc, err := openPart(x.file, f)
	if err != nil {
		return nil, nil, err
	}
	d := xml.NewDecoder(bufio.NewReaderSize(rc, 64<<10))
	return d, rc, nil
}

// officeDocument finds the workbook part from the package relationships.
func (x *xlsxReader) officeDocument() string {
	rels, _ := x.readRelsAt("_rels/.rels", "")
	if p := rels.target("/officeDocument", ""); p != "" && x.parts[p] != nil {
		return p
	}
	return "xl/workbook.xml"
}

// readWorkbook lists the sheets in their order.
func (x *xlsxReader) readWorkbook(p string) ([]xlsxSheet, error) {
	d, c, err := x.decoder(p)
	if err != nil {
		return nil, err
	}
	if d == nil {
		return nil, domain.Errorf(domain.EINVALID, "%s: il file è danneggiato: manca la parte %s della cartella di lavoro.", x.file, p)
	}
	defer c.Close()
	var sheets []xlsxSheet
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return sheets, nil
		}
		if err != nil {
			return nil, damaged(x.file, p, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "workbookPr":
			v := attr(se, "date1904")
			x.date1904 = v == "1" || v == "true"
		case "sheet":
			state := attr(se, "state")
			sheets = append(sheets, xlsxSheet{name: attr(se, "name"), rel: attrNS(se, "r", "id"),
				hidden: state == "hidden" || state == "veryHidden"})
		}
	}
}

// readRels reads the relationships of a part.
func (x *xlsxReader) readRels(p string) (relMap, error) {
	dir, file := path.Split(p)
	return x.readRelsAt(dir+"_rels/"+file+".rels", dir)
}

func (x *xlsxReader) readRelsAt(p, base string) (relMap, error) {
	rm := relMap{}
	d, c, err := x.decoder(p)
	if d == nil || err != nil {
		return rm, err
	}
	defer c.Close()
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return rm, nil
		}
		if err != nil {
			return rm, damaged(x.file, p, err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "Relationship" {
			t := attr(se, "Target")
			if strings.HasPrefix(t, "/") {
				t = strings.TrimPrefix(t, "/")
			} else {
				t = path.Join(base, t)
			}
			rm[attr(se, "Id")] = rel{path: t, kind: attr(se, "Type")}
		}
	}
}

// readStyles reads the number format of each cell style (cellXfs).
func (x *xlsxReader) readStyles(p string) error {
	d, c, err := x.decoder(p)
	if d == nil || err != nil {
		return err
	}
	defer c.Close()
	custom := map[int]string{}
	var ids []int
	inXfs := false
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return damaged(x.file, p, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "numFmt":
				id, _ := strconv.Atoi(attr(t, "numFmtId"))
				custom[id] = attr(t, "formatCode")
			case "cellXfs":
				inXfs = true
			case "xf":
				if inXfs {
					id, _ := strconv.Atoi(attr(t, "numFmtId"))
					ids = append(ids, id)
				}
			}
		case xml.EndElement:
			if t.Name.Local == "cellXfs" {
				inXfs = false
			}
		}
	}
	for _, id := range ids {
		code, ok := custom[id]
		if !ok {
			code = builtinFormats[id]
		}
		x.xfs = append(x.xfs, parseNumberFormat(code))
	}
	return nil
}

// readSharedStrings reads the table of the workbook's texts: rich text runs
// joined, phonetic guides left out.
func (x *xlsxReader) readSharedStrings(p string) error {
	d, c, err := x.decoder(p)
	if d == nil || err != nil {
		return err
	}
	defer c.Close()
	var b strings.Builder
	inT, inPhonetic := false, false
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return damaged(x.file, p, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				b.Reset()
			case "t":
				inT = !inPhonetic
			case "rPh":
				inPhonetic = true
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				if len(x.sst) == MaxSharedStrings {
					return domain.Errorf(domain.EINVALID,
						"%s: la tabella dei testi (%s) ha più di %s testi, troppi per un piano degli obiettivi (che ne ha qualche migliaio): può essere un file costruito per esaurire la memoria. Il file non è stato letto.",
						x.file, p, formatInt(MaxSharedStrings))
				}
				x.sst = append(x.sst, cleanCell(unescapeOOXML(b.String())))
			case "t":
				inT = false
			case "rPh":
				inPhonetic = false
			}
		case xml.CharData:
			if inT {
				b.Write(t)
				if tooLong(b.String()) {
					return domain.Errorf(domain.EINVALID,
						"%s: la tabella dei testi (%s): il testo n. %s ha più di %s caratteri (il limite di Excel per una cella): non è il testo di un piano degli obiettivi. Il file non è stato letto.",
						x.file, p, formatInt(len(x.sst)+1), formatInt(MaxCellLength))
				}
			}
		}
	}
}

// xlsxCell is a cell as the sheet's XML gives it.
type xlsxCell struct {
	col          int
	style        int
	kind         string // the t attribute: s, str, inlineStr, b, e, d, n
	value        []byte
	inline       []byte
	formula      bool
	hasValue     bool
	inInline     bool
	inValue      bool
	inText       bool
	inPhonetic   bool
	outOfColumns bool
}

// reset starts a new cell, keeping the buffers of the last one.
func (c *xlsxCell) reset(col, style int, kind string) {
	*c = xlsxCell{col: col, style: style, kind: kind, outOfColumns: col >= MaxColumns,
		value: c.value[:0], inline: c.inline[:0]}
}

// readSheet streams one sheet into a Sheet. The sheet's XML is read by
// sheetScanner (xlsxscan.go), a scanner of the few shapes spreadsheets
// write, which hands the rest of the part to encoding/xml at the first
// thing it does not know, so that whatever the XML holds reads, and fails,
// as encoding/xml reads it.
func (x *xlsxReader) readSheet(f *zip.File, name string, no int) (*Sheet, error) {
	rc, err := openPart(x.file, f)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return x.readSheetFrom(counter{rc, x.budget}, f.Name, name, no, true)
}

// readSheetFrom reads a sheet's XML from r; without scan, all of it with
// encoding/xml (what the tests compare the scanner with).
func (x *xlsxReader) readSheetFrom(r io.Reader, part, name string, no int, scan bool) (*Sheet, error) {
	sr := &sheetReader{x: x, part: part, sb: newSheetBuilder(name, x.budget)}
	sr.cell.col = -1
	rest, lines := r, 0
	if scan {
		var err error
		if rest, lines, err = newSheetScanner(r).scan(sr); err != nil {
			return nil, err
		}
	}
	if rest != nil { // encoding/xml from where the scanner stopped
		d := xml.NewDecoder(rest)
		for {
			tok, err := d.RawToken()
			if err == io.EOF {
				break
			}
			if err != nil {
				var syn *xml.SyntaxError
				if errors.As(err, &syn) {
					syn.Line += lines
				}
				return nil, damaged(x.file, part, err)
			}
			switch t := tok.(type) {
			case xml.StartElement:
				sr.start(t.Name.Local, func(local string) string { return attr(t, local) })
			case xml.EndElement:
				if err := sr.end(t.Name.Local); err != nil {
					return nil, err
				}
			case xml.CharData:
				sr.text(t)
			}
		}
	}
	if len(sr.uncached) > 0 {
		n := len(sr.uncached)
		x.diags = append(x.diags, diag(domain.SeverityWarning, "cell.formula_uncached", no, sr.firstUncached[0], sr.firstUncached[1],
			"%s: %d formul%s senza valore calcolato (%s), lett%s come cell%s vuot%s. Il file è stato salvato da un programma che non calcola le formule: aprirlo con Excel o LibreOffice e salvarlo di nuovo.",
			sheetRef(name), n, italian.Plural(n, "a", "e"), listSome(sr.uncached, 5),
			italian.Plural(n, "a", "e"), italian.Plural(n, "a", "e"), italian.Plural(n, "a", "e")))
	}
	applyMerges(sr.sb.sheet, sr.merges)
	return sr.sb.sheet, nil
}

// sheetReader builds a Sheet from the elements of its XML, as they come.
type sheetReader struct {
	x              *xlsxReader
	part           string
	sb             *sheetBuilder
	line, lastLine int
	cells          []string
	marks          []Mark
	cell           xlsxCell
	merges         []cellRange
	uncached       []string // references of formulas without a value
	firstUncached  [2]int
	width          int // of the widest row so far: room for the next
}

// start reads a start tag: its local name and its attributes by local name.
func (s *sheetReader) start(local string, attr func(string) string) {
	switch local {
	case "row":
		s.line = s.lastLine + 1
		if r, err := strconv.Atoi(attr("r")); err == nil && r > s.lastLine {
			s.line = r
		}
		s.cells, s.marks = make([]string, 0, s.width), nil
		s.cell.col = -1
	case "c":
		col := s.cell.col + 1
		if ref := attr("r"); ref != "" {
			if cc, _, ok := parseCellRef(ref); ok {
				col = cc
			}
		}
		style := 0
		if v := attr("s"); v != "" {
			style, _ = strconv.Atoi(v)
		}
		s.cell.reset(col, style, attr("t"))
	case "v":
		s.cell.inValue, s.cell.hasValue = true, true
	case "f":
		s.cell.formula = true
	case "is":
		s.cell.inInline, s.cell.hasValue = true, true
	case "t":
		s.cell.inText = s.cell.inInline && !s.cell.inPhonetic
	case "rPh":
		s.cell.inPhonetic = true
	case "mergeCell":
		if r, ok := parseRange(attr("ref")); ok && len(s.merges) < maxMerges {
			s.merges = append(s.merges, r)
		}
	}
}

// end reads an end tag.
func (s *sheetReader) end(local string) error {
	cell := &s.cell
	switch local {
	case "v":
		cell.inValue = false
	case "t":
		cell.inText = false
	case "rPh":
		cell.inPhonetic = false
	case "c":
		if cell.outOfColumns || cell.col < 0 { // beyond XFD, or no cell began
			return nil
		}
		text, err := s.x.cellText(cell, s.part)
		if err != nil {
			return err
		}
		if cell.formula && !cell.hasValue {
			if len(s.uncached) == 0 {
				s.firstUncached = [2]int{s.line, cell.col}
			}
			s.uncached = append(s.uncached, domain.ColumnName(cell.col)+strconv.Itoa(s.line))
		}
		if text == "" && !cell.formula {
			return nil
		}
		for len(s.cells) <= cell.col {
			s.cells = append(s.cells, "")
		}
		s.cells[cell.col] = text
		if cell.formula {
			for len(s.marks) <= cell.col {
				s.marks = append(s.marks, 0)
			}
			s.marks[cell.col] |= Formula
		}
	case "row":
		if err := s.sb.add(s.line, s.cells, s.marks); err != nil {
			return err
		}
		s.width = max(s.width, len(s.cells))
		s.lastLine = s.line
	}
	return nil
}

// text reads character data (entities decoded, line breaks as "\n").
func (s *sheetReader) text(b []byte) {
	switch {
	case s.cell.inValue:
		s.cell.value = append(s.cell.value, b...)
	case s.cell.inText:
		s.cell.inline = append(s.cell.inline, b...)
	}
}

// maxMerges bounds the merged ranges read from a sheet: a plan has dozens.
const maxMerges = 100_000

// cellText is the text a person sees in a cell.
func (x *xlsxReader) cellText(c *xlsxCell, part string) (string, error) {
	v := strings.TrimSpace(string(c.value))
	switch c.kind {
	case "s":
		if v == "" {
			return "", nil
		}
		i, err := strconv.Atoi(v)
		if err != nil || i < 0 || i >= len(x.sst) {
			return "", damaged(x.file, part, fmt.Errorf("testo condiviso %q inesistente", v))
		}
		return x.sst[i], nil
	case "inlineStr":
		return cleanCell(unescapeOOXML(string(c.inline))), nil
	case "str", "e":
		return cleanCell(unescapeOOXML(string(c.value))), nil
	case "b":
		if v == "" {
			return "", nil
		}
		if v == "1" || v == "true" {
			return "VERO", nil
		}
		return "FALSO", nil
	case "d":
		return renderISODate(v), nil
	}
	if v == "" {
		return "", nil
	}
	n, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return cleanCell(v), nil
	}
	nf := numberFormat{general: true}
	if c.style >= 0 && c.style < len(x.xfs) {
		nf = x.xfs[c.style]
	}
	return nf.render(n, x.date1904), nil
}

// cellRange is a rectangle of cells: columns 0-based, rows 1-based.
type cellRange struct{ col1, row1, col2, row2 int }

// applyMerges reads merged cells as a person sees them: the value of the
// top-left cell, once. Down the rows a merge spans it counts for each row
// (mission, program, responsabile merged down the objectives they cover);
// across columns it stays in its first column, because the titles and
// headers that are merged across columns would otherwise be repeated.
// Whatever the file keeps in the covered cells is not shown, and not read.
func applyMerges(sh *Sheet, merges []cellRange) {
	rows := sh.Rows
	work := 0
	for _, m := range merges {
		i := sort.Search(len(rows), func(i int) bool { return rows[i].Line >= m.row1 })
		if i == len(rows) {
			continue
		}
		value := ""
		if rows[i].Line == m.row1 {
			value = rows[i].cell(m.col1)
		}
		for ; i < len(rows) && rows[i].Line <= m.row2; i++ {
			r := &rows[i]
			for c := m.col1; c <= m.col2 && c < len(r.Cells); c++ {
				if r.Line != m.row1 || c != m.col1 {
					r.Cells[c] = ""
				}
			}
			if work++; work > DefaultMaxCells {
				return // a file built to make this slow: what is done is done
			}
			if r.Line == m.row1 || value == "" || r.blank() {
				continue
			}
			for len(r.Cells) <= m.col1 {
				r.Cells = append(r.Cells, "")
			}
			for len(r.Marks) < len(r.Cells) {
				r.Marks = append(r.Marks, 0)
			}
			r.Cells[m.col1] = value
			r.Marks[m.col1] |= Merged
		}
	}
}

// parseCellRef reads "AB12" as column 27 (0-based) and row 12.
func parseCellRef(s string) (col, row int, ok bool) {
	i := 0
	for i < len(s) && (s[i] >= 'A' && s[i] <= 'Z' || s[i] >= 'a' && s[i] <= 'z') {
		if col > MaxColumns {
			return 0, 0, false
		}
		col = col*26 + int((s[i]|0x20)-'a') + 1
		i++
	}
	if i == 0 || i > 3 {
		return 0, 0, false
	}
	s = strings.TrimPrefix(s[i:], "$")
	row, err := strconv.Atoi(s)
	if s != "" && err != nil {
		return 0, 0, false
	}
	return col - 1, row, true
}

// parseRange reads "A5:A9" (or a single cell).
func parseRange(s string) (cellRange, bool) {
	a, b, found := strings.Cut(strings.ReplaceAll(s, "$", ""), ":")
	if !found {
		b = a
	}
	c1, r1, ok1 := parseCellRef(a)
	c2, r2, ok2 := parseCellRef(b)
	if !ok1 || !ok2 || r1 < 1 || r2 < r1 || c2 < c1 {
		return cellRange{}, false
	}
	return cellRange{col1: c1, row1: r1, col2: min(c2, MaxColumns-1), row2: r2}, true
}

// attr returns the value of the attribute with a local name.
func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// attrNS returns the value of a prefixed attribute (r:id), falling back to
// any attribute with that local name.
func attrNS(se xml.StartElement, prefix, local string) string {
	for _, a := range se.Attr {
		if a.Name.Space == prefix && a.Name.Local == local {
			return a.Value
		}
	}
	return attr(se, local)
}

// listSome lists up to n items, then "…".
func listSome(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:n], ", ") + ", …"
}
