package ingest

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/performa-pa/performa/internal/domain"
)

// readText reads the tab-separated text export of a workbook (what "Save as
// Unicode text" gives): one row per line, cells separated by tabs. It checks
// that the input is text (binary: looksBinary of its bytes) and converts
// Latin-1 (Windows-1252) to UTF-8, saying so in a diagnostic. The cells
// are pieces of the text, in one slice for all rows.
func readText(name, text string, binary bool) (*Workbook, []domain.Diagnostic, error) {
	var diags []domain.Diagnostic
	switch {
	case len(strings.TrimSpace(text)) == 0:
		return nil, nil, domain.Errorf(domain.EINVALID, "%s: il file è vuoto.", name)
	case len(text) > MaxFileSize:
		return nil, nil, TooLarge(name, int64(len(text)))
	case binary:
		return nil, nil, domain.Errorf(domain.EINVALID,
			"%s: non è un file di testo (contiene dati binari). Esportare il foglio di calcolo come testo delimitato da tabulazioni (UTF-8).", name)
	}
	text = strings.TrimPrefix(text, "\xef\xbb\xbf")
	if !utf8.ValidString(text) {
		text = string(decodeWindows1252([]byte(text)))
		diags = append(diags, domain.Diagnostic{Severity: domain.SeverityWarning, Code: "file.encoding",
			Message: "il file non è in UTF-8: letto come Latin-1 (Windows-1252). Controllare le lettere accentate."})
	}
	lines := splitLines(text)
	all := make([]string, 0, strings.Count(text, "\t")+len(lines))
	rows := make([]Row, 0, len(lines))
	for i, l := range lines {
		start := len(all)
		for j := 0; ; j++ {
			cell, rest, more := strings.Cut(l, "\t")
			if tooLong(cell) {
				return nil, nil, cellTooLong(name, "", i+1, j)
			}
			all = append(all, cleanCell(cell))
			if !more {
				break
			}
			l = rest
		}
		// A full slice expression: appending to one row's cells must not
		// write over the next row's.
		rows = append(rows, Row{Line: i + 1, Cells: all[start:len(all):len(all)]})
	}
	wb := &Workbook{Name: name, Sheets: []*Sheet{{Name: name, Rows: rows}}, Flat: true}
	return wb, diags, nil
}

// splitLines splits text into lines ended by CRLF (Windows), CR (old Macs)
// or LF, alike: a file pasted together from several sources mixes them.
func splitLines(text string) []string {
	lines := make([]string, 0, strings.Count(text, "\n")+1)
	for {
		i := strings.IndexByte(text, '\n')
		if i < 0 {
			i = len(text)
		}
		if j := strings.IndexByte(text[:i], '\r'); j >= 0 { // a CR before it ends the line
			i = j
		}
		if i == len(text) {
			return append(lines, text)
		}
		lines = append(lines, text[:i])
		if text[i] == '\r' && i+1 < len(text) && text[i+1] == '\n' {
			i++
		}
		text = text[i+1:]
	}
}

// looksBinary tells a text export from anything else: NUL bytes or many
// control characters mean binary (a .xlsx, an image, garbage).
func looksBinary(data []byte) bool {
	sample := data
	if len(sample) > 64<<10 {
		sample = sample[:64<<10]
	}
	if bytes.IndexByte(sample, 0) >= 0 {
		return true
	}
	ctrl := 0
	for _, b := range sample {
		ctrl += int(controlByte[b])
	}
	return ctrl*100 > len(sample)
}

// controlByte is 1 for the control characters text does not hold.
var controlByte = func() (t [256]uint8) {
	for b := range 0x20 {
		if b != '\t' && b != '\n' && b != '\r' && b != '\f' {
			t[b] = 1
		}
	}
	return t
}()

// cp1252 maps the bytes 0x80–0x9F of Windows-1252 that differ from Latin-1.
var cp1252 = map[byte]rune{
	0x80: '€', 0x82: '‚', 0x83: 'ƒ', 0x84: '„', 0x85: '…', 0x86: '†', 0x87: '‡',
	0x88: 'ˆ', 0x89: '‰', 0x8A: 'Š', 0x8B: '‹', 0x8C: 'Œ', 0x8E: 'Ž', 0x91: '‘',
	0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—', 0x98: '˜',
	0x99: '™', 0x9A: 'š', 0x9B: '›', 0x9C: 'œ', 0x9E: 'ž', 0x9F: 'Ÿ',
}

func decodeWindows1252(data []byte) []byte {
	var b strings.Builder
	b.Grow(len(data) + len(data)/8)
	for _, c := range data {
		if r, ok := cp1252[c]; ok {
			b.WriteRune(r)
		} else {
			b.WriteRune(rune(c))
		}
	}
	return []byte(b.String())
}
