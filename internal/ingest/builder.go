package ingest

import (
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/performa-pa/performa/internal/domain"
)

// Limits of what a workbook may hold. A plan of objectives has a few
// thousand cells; a file far beyond these is not a plan, and reading it
// whole would only fill the memory.
const (
	DefaultMaxCells = 3_000_000 // cells in the whole workbook, counting each row up to its last value
	DefaultMaxRows  = 250_000   // non-blank rows in the whole workbook
	MaxColumns      = 16_384    // columns of a sheet, as in Excel (A to XFD)
	// MaxCellLength is Excel's own limit of characters in a cell: a longer
	// "title" is not a plan's, and would be stored and shown whole.
	MaxCellLength = 32_767
	// MaxSharedStrings bounds the table of texts of an XLSX workbook (a
	// plan has a few thousand): millions of tiny entries zip to a few
	// megabytes and would fill hundreds of megabytes before any cell is
	// read.
	MaxSharedStrings = 250_000
)

// tooLong reports whether a cell is longer than MaxCellLength characters.
func tooLong(s string) bool {
	return len(s) > MaxCellLength && utf8.RuneCountInString(s) > MaxCellLength
}

// cellTooLong is the error of a cell longer than MaxCellLength, at its
// place: "piano.xlsx: foglio «Area 1», riga 2, colonna C: …". sheet is ""
// for a file of one table (CSV, text).
func cellTooLong(file, sheet string, line, col int) error {
	where := file + ": "
	if sheet != "" {
		where += sheetRef(sheet) + ", "
	}
	return domain.Errorf(domain.EINVALID,
		"%sriga %s, colonna %s: la cella ha più di %s caratteri (il limite di Excel): non è il testo di un piano degli obiettivi. Il file non è stato letto.",
		where, formatInt(line), domain.ColumnName(col), formatInt(MaxCellLength))
}

// budget counts the cells and rows read from a workbook against its limits,
// and the bytes read against the total, for the progress.
type budget struct {
	file              string
	cells, rows       int
	maxCells, maxRows int
	progress          func(percent int)
	done, total       int64
	percent           int
}

func newBudget(file string, opts Options) *budget {
	b := &budget{file: file, maxCells: opts.MaxCells, maxRows: opts.MaxRows, progress: opts.Progress}
	if b.maxCells <= 0 {
		b.maxCells = DefaultMaxCells
	}
	if b.maxRows <= 0 {
		b.maxRows = DefaultMaxRows
	}
	return b
}

// read counts n more bytes of the file read, and tells the progress when
// the percentage grows.
func (b *budget) read(n int64) {
	b.done += n
	if b.progress == nil || b.total <= 0 {
		return
	}
	if p := int(min(100, b.done*100/b.total)); p > b.percent {
		b.percent = p
		b.progress(p)
	}
}

// counter counts the bytes read through it into a budget.
type counter struct {
	r io.Reader
	b *budget
}

func (c counter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.b.read(int64(n))
	return n, err
}

// spend counts one non-blank row of n cells (up to its last value: empty
// cells before it take memory too), failing once the workbook holds more
// than a plan could.
func (b *budget) spend(sheet string, line, n int) error {
	b.cells += n
	b.rows++
	if b.cells <= b.maxCells && b.rows <= b.maxRows {
		return nil
	}
	what := formatInt(b.maxCells) + " celle"
	if b.rows > b.maxRows {
		what = formatInt(b.maxRows) + " righe non vuote"
	}
	return domain.Errorf(domain.EINVALID,
		"%s: %s, riga %s: il file ha più di %s, troppe per un piano degli obiettivi (che ne ha qualche migliaio). Il file non è stato letto: controllare che sia il file giusto, o togliere le righe in più.",
		b.file, sheetRef(sheet), formatInt(line), what)
}

// sheetBuilder collects the rows of one sheet as a reader streams them. It
// carries the value of a cell merged across rows into the rows below it,
// folds runs of blank rows into one (a sheet formatted down to its
// millionth row costs nothing) and spends the budget of the workbook.
type sheetBuilder struct {
	sheet  *Sheet
	budget *budget
	fills  []fill
}

// fill is the value of a cell merged down to line last, in column col.
type fill struct {
	col  int
	text string
	last int
}

// sheetName names the sheet in messages, "" for the one table of a CSV.
func (sb *sheetBuilder) sheetName() string {
	if sb.sheet.Name == sb.budget.file {
		return ""
	}
	return sb.sheet.Name
}

func newSheetBuilder(name string, b *budget) *sheetBuilder {
	return &sheetBuilder{sheet: &Sheet{Name: name}, budget: b}
}

// merge records that the cell at (line, col) spans the rows down to last.
// A column is covered by one merged cell at a time: a later one replaces
// it.
func (sb *sheetBuilder) merge(line, col int, text string, last int) {
	if text == "" || last <= line {
		return
	}
	for i := range sb.fills {
		if sb.fills[i].col == col {
			sb.fills[i] = fill{col: col, text: text, last: last}
			return
		}
	}
	sb.fills = append(sb.fills, fill{col: col, text: text, last: last})
}

// add appends the row at line (lines only grow). A row with no text of its
// own is blank, whatever merged cells cover it: the text export of the same
// sheet would show a blank line there.
func (sb *sheetBuilder) add(line int, cells []string, marks []Mark) error {
	cells, marks = trimRow(cells, marks)
	rows := sb.sheet.Rows
	if len(cells) == 0 {
		sb.dropFills(line)
		if n := len(rows); n == 0 || !rows[n-1].blank() {
			sb.sheet.Rows = append(rows, Row{Line: line})
		}
		return nil
	}
	if n := len(rows); n > 0 && rows[n-1].Line < line-1 && !rows[n-1].blank() {
		rows = append(rows, Row{Line: rows[n-1].Line + 1}) // rows skipped by the file are blank
	}
	for c, text := range cells {
		if tooLong(text) {
			return cellTooLong(sb.budget.file, sb.sheetName(), line, c)
		}
	}
	cells, marks = sb.applyFills(line, cells, marks)
	sb.sheet.Rows = append(rows, Row{Line: line, Cells: cells, Marks: marks})
	return sb.budget.spend(sb.sheet.Name, line, len(cells))
}

// applyFills writes the values of merged cells above into the empty cells
// they cover.
func (sb *sheetBuilder) applyFills(line int, cells []string, marks []Mark) ([]string, []Mark) {
	sb.dropFills(line)
	for _, f := range sb.fills {
		if f.col < len(cells) && cells[f.col] != "" {
			continue
		}
		for len(cells) <= f.col {
			cells = append(cells, "")
		}
		if marks == nil {
			marks = make([]Mark, len(cells))
		}
		for len(marks) < len(cells) {
			marks = append(marks, 0)
		}
		cells[f.col] = f.text
		marks[f.col] |= Merged
	}
	return cells, marks
}

// dropFills forgets the merged cells that end above line.
func (sb *sheetBuilder) dropFills(line int) {
	kept := sb.fills[:0]
	for _, f := range sb.fills {
		if f.last >= line {
			kept = append(kept, f)
		}
	}
	sb.fills = kept
}

// trimRow drops trailing empty cells and marks that mark nothing.
func trimRow(cells []string, marks []Mark) ([]string, []Mark) {
	n := len(cells)
	for n > 0 && cells[n-1] == "" {
		n--
	}
	cells = cells[:n]
	if len(marks) > n {
		marks = marks[:n]
	}
	for _, m := range marks {
		if m != 0 {
			return cells, marks
		}
	}
	return cells, nil
}

// sheetRef names a sheet in a message: «foglio «Area tecnica»».
func sheetRef(name string) string {
	if name == "" {
		return "foglio"
	}
	return "foglio «" + name + "»"
}

// formatInt writes a whole number the Italian way: 1.000.000.
func formatInt(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
