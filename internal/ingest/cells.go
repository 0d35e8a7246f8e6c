package ingest

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Cell classifiers: what a cell looks like, independent of where it stands.

var (
	tagRe    = regexp.MustCompile(`(?i)</?(u|b|i|em|strong|span|font|br)\b[^>]*>`)
	codeRe   = regexp.MustCompile(`^\d{1,3}(?:\.\d{1,3})*\.?$`)
	numberRe = regexp.MustCompile(`^\d{1,3}$`)
	yearRe   = regexp.MustCompile(`\b(19[5-9]\d|20\d\d)\b`)
	// staffRe runs on the lowered cell: case-insensitive matching costs
	// Go's regexp several times more.
	staffRe   = regexp.MustCompile(`\bunit(?:à|a\b)|istruttor[ei]\b|\bpersonale\b|collaborat|operator[ei]|funzionari|\br\w{0,3}ponsabile\b|\bresp\.|\bdipendent|^p\.?\s?o\.?$|^a\.?p\.?$|\bposizion[ei] organizzativ`)
	titleRe   = regexp.MustCompile(`(?i)^(arch|ing|dott|dott\.ssa|dr|geom|avv|rag|prof|sig|sig\.ra)\.?$`)
	roleRe    = regexp.MustCompile(`(?i)^(segretario|segretaria|direttore|direttrice|comandante|dirigente)\s+(generale|comunale)?\s*`)
	notNameRe = regexp.MustCompile(`(?i)^(area|servizio|servizi|settore|ufficio|tutto|tutti|report|entro|almeno|mantenimento|target|nuovo|responsabile|reponsabile|piano|gestione|controllo|riduzione|attivit[àa]|n)$`)
)

// cleanCell trims a cell and drops inline HTML formatting that some exports
// leave in ("<u>codice della strada</u>").
func cleanCell(s string) string {
	if i := strings.IndexByte(s, '<'); i >= 0 && strings.IndexByte(s[i:], '>') > 0 { // what tagRe needs
		s = tagRe.ReplaceAllString(s, "")
	}
	if s == "" || (isPlainByte(s[0]) && isPlainByte(s[len(s)-1])) {
		return s // nothing to trim: most cells
	}
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\u00a0' })
}

// isPlainByte reports whether b is an ASCII character that is not space.
func isPlainByte(b byte) bool { return b > ' ' && b < 0x7f }

// parsePercent reads "5%", "0,5 %", "95,60%" as a number of percent points.
func parsePercent(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if len(s) > 12 || !strings.HasSuffix(s, "%") {
		return 0, false
	}
	// ^(\d{1,3}(?:[.,]\d+)?)\s*%$, written out: it runs on every cell.
	num := strings.TrimRight(s[:len(s)-1], " \t\n\f\r")
	i := 0
	for i < len(num) && num[i] >= '0' && num[i] <= '9' {
		i++
	}
	if i == 0 || i > 3 {
		return 0, false
	}
	if i < len(num) {
		if num[i] != '.' && num[i] != ',' || i+1 == len(num) {
			return 0, false
		}
		for _, c := range []byte(num[i+1:]) {
			if c < '0' || c > '9' {
				return 0, false
			}
		}
	}
	v, err := strconv.ParseFloat(strings.Replace(num, ",", ".", 1), 64)
	return v, err == nil
}

// isWeight reports whether a cell looks like an objective's weight.
func isWeight(s string) bool {
	v, ok := parsePercent(s)
	return ok && v > 0 && v <= 100
}

// isCode reports whether a cell looks like an objective code: "3", "3.1",
// "1.1.".
func isCode(s string) bool { return len(s) <= 12 && matchCode(s) }

// matchCode is codeRe.MatchString written out: groups of 1–3 digits
// separated by dots, a dot allowed at the end. It runs on every cell.
func matchCode(s string) bool {
	digits := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			if digits++; digits > 3 {
				return false
			}
		case c == '.' && digits > 0:
			digits = 0
			if i == len(s)-1 {
				return true
			}
		default:
			return false
		}
	}
	return digits > 0
}

// isNumber reports whether a cell is a small whole number, as mission and
// program codes are written.
func isNumber(s string) bool {
	if len(s) == 0 || len(s) > 3 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isStaff reports whether a cell describes staff involved ("n. 4 unità",
// "1 istruttore amm.vo", "tutto il personale", "P.O") rather than a person.
func isStaff(s string) bool {
	if len(s) > 300 {
		return false // a description, not a list of people
	}
	l := strings.ToLower(s)
	for _, hint := range staffHints {
		if strings.Contains(l, hint) {
			return staffMatch(l)
		}
	}
	return len(s) <= 5 && staffMatch(l) // "P.O", "PO", "A.P."
}

// staffMatch is staffRe.MatchString written out: it runs on every cell
// after the targets, and the regexp walks the whole of long ones.
func staffMatch(l string) bool {
	if len(l) <= 6 && staffShortRe.MatchString(l) {
		return true
	}
	found := func(word string, ok func(i, j int) bool) bool { // ok of each place [i, j) of word
		for off := 0; ; {
			k := strings.Index(l[off:], word)
			if k < 0 {
				return false
			}
			i := off + k
			if ok(i, i+len(word)) {
				return true
			}
			off = i + 1
		}
	}
	before := func(i int) bool { return i == 0 || !isWordByte(l[i-1]) }   // \b before a word character
	after := func(j int) bool { return j == len(l) || !isWordByte(l[j]) } // \b after a word character
	oneOf := func(j int, set string) bool { return j < len(l) && strings.IndexByte(set, l[j]) >= 0 }
	return found("unit", func(i, j int) bool {
		return before(i) && (strings.HasPrefix(l[j:], "à") || oneOf(j, "a") && after(j+1))
	}) ||
		found("istruttor", func(_, j int) bool { return oneOf(j, "ei") && after(j+1) }) ||
		found("personale", func(i, j int) bool { return before(i) && after(j) }) ||
		strings.Contains(l, "collaborat") ||
		found("operator", func(_, j int) bool { return oneOf(j, "ei") }) ||
		strings.Contains(l, "funzionari") ||
		found("ponsabile", func(i, j int) bool { // \br\w{0,3}ponsabile\b
			if !after(j) {
				return false
			}
			for r := i - 1; r >= max(0, i-4); r-- {
				if l[r] == 'r' && before(r) {
					return true
				}
				if !isWordByte(l[r]) {
					return false
				}
			}
			return false
		}) ||
		found("resp.", func(i, _ int) bool { return before(i) }) ||
		found("dipendent", func(i, _ int) bool { return before(i) }) ||
		found("posizion", func(i, j int) bool { return before(i) && oneOf(j, "ei") && strings.HasPrefix(l[j+1:], " organizzativ") })
}

// staffShortRe holds the alternatives of staffRe that match a whole short
// cell.
var staffShortRe = regexp.MustCompile(`^p\.?\s?o\.?$|^a\.?p\.?$`)

// staffHints are fragments every staff description has one of: a cheap
// test before the regular expression.
var staffHints = []string{"unit", "istrutt", "personale", "collabor", "operator", "funzionar", "ponsabile", "resp.", "dipendent", "posizion"}

// maxPersonName is the longest cell, in bytes, that can name a manager.
const maxPersonName = 80

// personName returns the person a cell names, if it looks like a manager:
// "Simonetta Gambini", "TORELLI GRAZIA -", "arch. Bertone", "Segretario
// Generale Giulio Nardi", "Area LL.PP.- Patrimonio : Ing. Roberto ROSATI".
// The result is the cell as written, trimmed of dangling dashes; for
// "unit : person" cells only the person.
func personName(s string) (string, bool) {
	if len(s) > maxPersonName {
		return "", false
	}
	s = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(s), "-–"))
	if i := strings.LastIndex(s, ":"); i >= 0 {
		s = strings.TrimSpace(s[i+1:])
	}
	if s == "" || strings.ContainsAny(s, "0123456789%<>=/()\"") {
		return "", false
	}
	if first := strings.Fields(s); len(first) == 0 || len(first) > 6 || !mayStartName(first[0]) || isStaff(s) {
		return "", false
	}
	rest := roleRe.ReplaceAllString(s, "")
	titled := rest != s
	words := strings.Fields(rest)
	if len(words) > 0 && titleRe.MatchString(words[0]) {
		words, titled = words[1:], true
	}
	if len(words) == 0 || len(words) > 4 {
		return "", false
	}
	for _, w := range words {
		r := []rune(w)
		if !unicode.IsUpper(r[0]) || notNameRe.MatchString(strings.Trim(w, ".")) {
			return "", false
		}
		for _, c := range r {
			if !unicode.IsLetter(c) && c != '\'' && c != '.' && c != '’' {
				return "", false
			}
		}
	}
	if len(words) == 1 && !titled { // a lone word is a surname only with a title: "arch. Bertone"
		return "", false
	}
	return s, true
}

// mayStartName is a cheap first test: a name, a title ("arch.", "Ing.") or
// a role ("Segretario") begins with a capital, or is a title written small.
func mayStartName(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) || titleRe.MatchString(w)
}

// unitPrefix returns the unit a "unit : person" cell names, if any.
func unitPrefix(s string) string {
	if i := strings.LastIndex(s, ":"); i > 0 {
		u := strings.TrimSpace(s[:i])
		if looksLikeUnitName(u) {
			return u
		}
	}
	return ""
}

var unitNameRe = regexp.MustCompile(`(?i)^(area|settore|servizio|ufficio|unit[àa] organizzativa|u\.o\.)\b`)

// looksLikeUnitName reports whether a text names an organisational unit:
// "Area Polizia Municipale", "Settore tecnico".
func looksLikeUnitName(s string) bool {
	return unitNameRe.MatchString(strings.TrimSpace(s)) && len(s) <= 80
}

// formatSize renders a byte count in Italian: "50,0 MB".
func formatSize(n int) string {
	return strings.ReplaceAll(fmt.Sprintf("%.1f MB", float64(n)/(1<<20)), ".", ",")
}

var (
	bareNumberRe = regexp.MustCompile(`^\d+(?:[.,]\d+)?$`)
	thousandsRe  = regexp.MustCompile(`^[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?$`)
)

// parseNumber reads a number written the Italian way ("0,125", "1.234,5")
// or with a decimal point ("0.125", as English-language exports write it).
// A point followed by three digits groups thousands, as in Italian.
func parseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if len(s) > 20 {
		return 0, false
	}
	switch {
	case thousandsRe.MatchString(s):
		s = strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), ",", ".")
	case bareNumberRe.MatchString(s):
		s = strings.ReplaceAll(s, ",", ".")
	default:
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}
