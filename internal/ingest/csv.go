package ingest

import (
	"regexp"
	"strconv"
	"strings"
)

// readCSV reads comma-separated values as Excel and LibreOffice write them:
// fields separated by delim (";" in Italy, where "," is the decimal
// comma), quoted when they hold the delimiter, a quote or a line break, rows
// as wide as the widest one. Each record is a row of the sheet, numbered as
// the spreadsheet numbers it, however many lines its quoted line breaks
// take.
func readCSV(name, text string, delim byte, opts Options) (*Workbook, error) {
	sb := newSheetBuilder(name, newBudget(name, opts))
	sb.budget.total = int64(len(text))
	rest := text
	for n := 1; len(rest) > 0; n++ {
		var fields []string
		fields, rest = csvRecord(rest, delim, nil)
		for i, f := range fields {
			fields[i] = UnneutraliseFormula(cleanCell(unescapeOOXML(f)))
		}
		if err := sb.add(n, fields, nil); err != nil {
			return nil, err
		}
		if n%1024 == 0 || len(rest) == 0 {
			sb.budget.read(int64(len(text)-len(rest)) - sb.budget.done)
		}
	}
	return &Workbook{Name: name, Sheets: []*Sheet{sb.sheet}, Flat: true}, nil
}

// UnneutraliseFormula undoes what performa's CSV export does to a field
// a spreadsheet would run as a formula (report.NeutraliseFormula): one
// apostrophe goes from apostrophes followed by =, +, -, @, a tab or a
// carriage return. Other apostrophes are text and stay.
func UnneutraliseFormula(f string) string {
	rest := strings.TrimLeft(f, "'")
	if len(rest) == len(f) || rest == "" || !strings.ContainsRune("=+-@\t\r", rune(rest[0])) {
		return f
	}
	return f[1:]
}

// csvStats says how the quotes of a text were used: how many fields were
// quoted, and whether every quoted field was closed and followed by the
// delimiter or a line break, as CSV writers write them.
type csvStats struct {
	quoted int
	loose  bool
}

// csvRecord reads the record at the start of s and returns the rest.
func csvRecord(s string, delim byte, st *csvStats) (fields []string, rest string) {
	for {
		var f string
		var end bool
		f, s, end = csvField(s, delim, st)
		fields = append(fields, f)
		if end {
			return fields, s
		}
	}
}

// csvField reads the field at the start of s. end reports whether the field
// ends its record (a line break or the end of the text). The field is a
// piece of s unless it holds a doubled quote or text after its closing
// quote.
func csvField(s string, delim byte, st *csvStats) (field, rest string, end bool) {
	var own csvStats
	if st == nil {
		st = &own
	}
	head := ""
	if strings.HasPrefix(s, `"`) {
		st.quoted++
		var b []byte // only for a field holding "" (a quote)
		start, i := 1, 1
		for {
			j := strings.IndexByte(s[i:], '"')
			if j < 0 { // never closed: the rest of the text is the field
				st.loose = true
				if b != nil {
					return normalizeBreaks(string(append(b, s[start:]...))), "", true
				}
				return normalizeBreaks(s[start:]), "", true
			}
			i += j + 1
			if i < len(s) && s[i] == '"' { // "" is a quote
				b = append(b, s[start:i]...)
				i++
				start = i
				continue
			}
			break
		}
		if b != nil {
			head = string(append(b, s[start:i-1]...))
		} else {
			head = s[start : i-1]
		}
		s = s[i:]
		if len(s) > 0 && s[0] != delim && s[0] != '\n' && s[0] != '\r' {
			st.loose = true // text after the closing quote: kept, as spreadsheets do
		}
	}
	k := 0
	for k < len(s) && s[k] != delim && s[k] != '\r' && s[k] != '\n' {
		k++
	}
	if head != "" {
		field = normalizeBreaks(head + s[:k])
	} else {
		field = s[:k]
	}
	switch {
	case k == len(s):
		return field, "", true
	case s[k] == delim:
		return field, s[k+1:], false
	case s[k] == '\r' && k+1 < len(s) && s[k+1] == '\n':
		return field, s[k+2:], true
	}
	return field, s[k+1:], true
}

// normalizeBreaks turns the line breaks inside a cell into "\n".
func normalizeBreaks(s string) string {
	if !strings.ContainsRune(s, '\r') {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

var ooxmlEscapeRe = regexp.MustCompile(`_x[0-9A-Fa-f]{4}_`)

// unescapeOOXML decodes the "_x000D_" escapes Excel writes for characters
// XML cannot hold (a carriage return in a cell): they survive into its CSV
// exports. "_x005F_" escapes an underscore.
func unescapeOOXML(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	s = ooxmlEscapeRe.ReplaceAllStringFunc(s, func(m string) string {
		v, _ := strconv.ParseUint(m[2:6], 16, 32)
		return string(rune(v))
	})
	return normalizeBreaks(s)
}

// sniffDelimiter finds the delimiter of delimited text: of tab, ";" and
// ",", the one that splits the most rows of the sample into the same number
// of fields (two or more). Rows exported from one sheet are as wide as each
// other; commas inside the text, or decimal commas, are not that regular.
// It returns 0 when none splits the rows. st says how the chosen delimiter's
// fields were quoted.
func sniffDelimiter(text string) (delim byte, st csvStats) {
	// Some fifty lines of a plan tell the delimiter; reading more would
	// cost as much as the import itself.
	sample := text[:min(len(text), 16<<10)]
	if len(sample) < len(text) { // do not judge the quotes of a record cut short
		if i := strings.LastIndexByte(sample, '\n'); i > 0 {
			sample = sample[:i+1]
		}
	}
	bestFreq, bestMode := 0, 0
	for _, d := range []byte{'\t', ';', ','} {
		var s csvStats
		counts := map[int]int{}
		for rest := sample; len(rest) > 0; { // records, counting their fields
			n, blank := 0, true
			for end := false; !end; n++ {
				var f string
				f, rest, end = csvField(rest, d, &s)
				if n == 0 {
					blank = strings.TrimSpace(f) == ""
				}
			}
			if n > 1 || !blank {
				counts[n]++
			}
		}
		mode, freq := 0, 0
		for n, c := range counts {
			if c > freq || (c == freq && n > mode) {
				mode, freq = n, c
			}
		}
		if mode < 2 || freq < bestFreq || (freq == bestFreq && mode <= bestMode) {
			continue
		}
		delim, st, bestFreq, bestMode = d, s, freq, mode
	}
	return delim, st
}
