package ingest

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Numbers in workbooks are stored as numbers and shown through a number
// format ("0%", "#,##0.00", "dd/mm/yyyy"). The importer reads what a person
// sees, so numbers are written out here as an Italian spreadsheet shows
// them: 0.125 under "0.0%" is "12,5%", 1234.5 under "#,##0.00" is
// "1.234,50", a date is "31/12/2022".

// numberFormat is what of a number format decides how a number reads.
type numberFormat struct {
	general   bool
	percent   bool
	decimals  int // decimals always shown ("0.00")
	optional  int // further decimals shown when not zero ("0.0#")
	thousands bool
	date      bool
	clock     bool // a time of day
}

// builtinFormats are the codes of Excel's built-in number formats that
// matter here; the others read as General.
var builtinFormats = map[int]string{
	1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 5: "#,##0", 6: "#,##0", 7: "#,##0.00", 8: "#,##0.00",
	9: "0%", 10: "0.00%", 14: "dd/mm/yyyy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy",
	18: "h:mm", 19: "h:mm:ss", 20: "h:mm", 21: "h:mm:ss", 22: "dd/mm/yyyy h:mm",
	37: "#,##0", 38: "#,##0", 39: "#,##0.00", 40: "#,##0.00", 41: "#,##0", 42: "#,##0", 43: "#,##0.00", 44: "#,##0.00",
	45: "mm:ss", 46: "[h]:mm:ss", 47: "mm:ss",
	27: "yyyy/mm/dd", 28: "yyyy/mm/dd", 29: "yyyy/mm/dd", 30: "mm/dd/yy", 31: "yyyy/mm/dd", 32: "h:mm", 33: "h:mm:ss",
	34: "h:mm", 35: "h:mm:ss", 36: "yyyy/mm/dd", 50: "yyyy/mm/dd", 51: "yyyy/mm/dd", 52: "yyyy/mm/dd", 53: "yyyy/mm/dd",
	54: "yyyy/mm/dd", 55: "yyyy/mm/dd", 56: "yyyy/mm/dd", 57: "yyyy/mm/dd", 58: "yyyy/mm/dd",
}

// parseNumberFormat reads the first section of a format code (the one for
// positive numbers), leaving out literal text, colours and conditions.
func parseNumberFormat(code string) numberFormat {
	var b strings.Builder
	quoted, bracket := false, false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case quoted:
			quoted = c != '"'
		case c == '"':
			quoted = true
		case bracket:
			if c == ']' {
				bracket = false
			} else if c == 'h' || c == 'H' || c == 'm' || c == 's' { // [h]:mm elapsed time
				b.WriteByte(c | 0x20)
			}
		case c == '[':
			bracket = true
		case c == '\\' || c == '_' || c == '*': // an escaped or padding character follows
			i++
		case c == ';':
			i = len(code)
		default:
			b.WriteByte(c)
		}
	}
	s := strings.ToLower(b.String())
	var nf numberFormat
	switch {
	case s == "" || s == "general" || s == "@" || strings.Contains(s, "e+") || strings.Contains(s, "?/"):
		nf.general = true
	case strings.ContainsAny(s, "yd"):
		nf.date = true
		nf.clock = strings.ContainsAny(s, "hs")
	case strings.ContainsAny(s, "hs") || strings.Contains(s, "m:"):
		nf.clock = true
	case strings.Contains(s, "m"):
		nf.date = true
	default:
		nf.percent = strings.Contains(s, "%")
		whole, frac, _ := strings.Cut(s, ".")
		nf.thousands = strings.Contains(strings.Trim(whole, ",% "), ",")
		for _, c := range frac {
			switch c {
			case '0', '?':
				nf.decimals++
			case '#':
				nf.optional++
			}
		}
	}
	return nf
}

// render writes a number as the format shows it, the Italian way.
func (nf numberFormat) render(v float64, date1904 bool) string {
	switch {
	case nf.date || nf.clock:
		return renderDate(v, nf, date1904)
	case nf.general:
		return renderGeneral(v)
	}
	if nf.percent {
		v *= 100
	}
	s := strconv.FormatFloat(v, 'f', nf.decimals+nf.optional, 64)
	if nf.optional > 0 {
		cut := strings.TrimRight(s, "0")
		if len(s)-len(cut) > nf.optional {
			cut = s[:len(s)-nf.optional]
		}
		s = strings.TrimSuffix(cut, ".")
	}
	s = italianDigits(s, nf.thousands)
	if nf.percent {
		s += "%"
	}
	return s
}

// renderGeneral writes a number as the General format shows it: up to ten
// significant digits, no thousands separator.
func renderGeneral(v float64) string {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return ""
	}
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 10, 64), 64)
	s := strconv.FormatFloat(r, 'f', -1, 64)
	if len(s) > 24 { // a number no plan writes: keep it short
		s = strconv.FormatFloat(r, 'g', 10, 64)
	}
	return italianDigits(s, false)
}

// italianDigits turns "1234.5" into "1234,5", or "1.234,5" with thousands.
func italianDigits(s string, thousands bool) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, hasFrac := strings.Cut(s, ".")
	if thousands && len(whole) > 3 && !strings.ContainsAny(whole, "e") {
		var b strings.Builder
		for i, c := range whole {
			if i > 0 && (len(whole)-i)%3 == 0 {
				b.WriteByte('.')
			}
			b.WriteRune(c)
		}
		whole = b.String()
	}
	if hasFrac {
		whole += "," + frac
	}
	if neg && strings.Trim(whole, "0,.") != "" {
		whole = "-" + whole
	}
	return whole
}

// excelEpoch is day 0 of Excel's 1900 date system, counting its
// fictitious 29 February 1900.
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// renderDate writes a date serial number as "31/12/2022" (and the time
// when the format shows one).
func renderDate(v float64, nf numberFormat, date1904 bool) string {
	if v < 0 || v > 2958465 || math.IsNaN(v) { // beyond 31/12/9999: not a date
		return renderGeneral(v)
	}
	if date1904 {
		v += 1462
	}
	if !date1904 && v < 61 && v >= 1 { // before Excel's non-existent 29/02/1900
		v++
	}
	t := excelEpoch.Add(time.Duration(math.Round(v*86400)) * time.Second)
	switch {
	case nf.date && nf.clock:
		return t.Format("02/01/2006 15:04")
	case nf.clock:
		return t.Format("15:04")
	}
	return t.Format("02/01/2006")
}

// renderISODate writes an ISO 8601 date ("2022-12-31T00:00:00") the Italian
// way; other text is returned as it is.
func renderISODate(s string) string {
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, strings.TrimSuffix(s, "Z")); err == nil {
			if t.Hour() != 0 || t.Minute() != 0 {
				return t.Format("02/01/2006 15:04")
			}
			return t.Format("02/01/2006")
		}
	}
	return s
}
