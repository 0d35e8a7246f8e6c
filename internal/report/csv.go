package report

import (
	"bufio"
	"io"
	"regexp"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
)

// CSV writes the plan as one table for other programs, the way Excel in
// Italian saves CSV: UTF-8 with a byte-order mark (Excel needs it to read
// the accents), fields separated by ";" (the comma is the decimal
// separator), CRLF line ends, fields quoted when they hold a ";", a quote or
// a line break. The first column names each row's unit; the others are the
// workbook's columns. A unit whose plan declares a total has a row saying it
// («Totale dichiarato»).
func CSV(w io.Writer, p *domain.Plan) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("\ufeff")
	all := &domain.Unit{}
	for _, u := range p.Units {
		all.Objectives = append(all.Objectives, u.Objectives...)
	}
	columns := func() *sheet { // one set of columns for every unit
		s := &sheet{years: targetYears(all)}
		s.baseYear, s.ownYears = baselineYear(all)
		return s
	}
	empty := columns()
	empty.fill(p, &domain.Unit{})
	header := append([]string{"Unità"}, empty.header...)
	writeCSVRow(bw, header)
	for _, u := range p.Units {
		s := columns()
		s.fill(p, u)
		for _, row := range s.rows {
			fields := []string{u.Name}
			for _, c := range row {
				fields = append(fields, c.csvText())
			}
			writeCSVRow(bw, fields)
		}
		if d := u.DeclaredTotalWeight; d != nil {
			fields := make([]string, len(header))
			fields[0], fields[1+colCode], fields[1+colWeight] = u.Name, "Totale dichiarato", italian.Percent(*d, 4)
			writeCSVRow(bw, fields)
		}
	}
	return bw.Flush()
}

func (c cell) csvText() string {
	if c.weight != nil {
		return italian.Percent(*c.weight, 4)
	}
	return c.text
}

func writeCSVRow(w *bufio.Writer, fields []string) {
	for i, f := range fields {
		if i > 0 {
			w.WriteByte(';')
		}
		f = NeutraliseFormula(f)
		if strings.ContainsAny(f, ";\"\r\n") || strings.TrimSpace(f) != f {
			f = `"` + strings.ReplaceAll(f, `"`, `""`) + `"`
		}
		w.WriteString(f)
	}
	w.WriteString("\r\n")
}

// formulaStart holds what makes a spreadsheet read a CSV field as a
// formula (OWASP, "CSV Injection").
const formulaStart = "=+-@\t\r"

// plainNumber is a field a spreadsheet reads as a number, in which no
// formula can hide: "-5", "+3", "-1.234,5%".
var plainNumber = regexp.MustCompile(`^[+-]?[0-9][0-9.,]*%?$`)

// NeutraliseFormula makes a CSV field that a spreadsheet would run as a
// formula plain text, by OWASP's rule: an apostrophe in front. A field that
// already starts with apostrophes before such a character gets one more,
// so that the ingest's CSV reader, which takes one away (see
// ingest.UnneutraliseFormula), gives back exactly what was written.
// Numbers stay numbers.
func NeutraliseFormula(f string) string {
	rest := strings.TrimLeft(f, "'")
	if rest == "" || !strings.ContainsRune(formulaStart, rune(rest[0])) {
		return f
	}
	if len(rest) == len(f) && plainNumber.MatchString(f) {
		return f
	}
	return "'" + f
}
