package target

import (
	"math"
	"strconv"
	"strings"
	"unicode"
)

// The lexer turns a target text into words, numbers, dates, comparison
// operators and symbols. It reads Italian conventions ("1.234,5", "n. 12",
// "31/12/2022", "30 settembre") and the spreadsheet habits of the seed
// ("> / =" for ">=", "15gg", "n.3"), so that the rules in parse.go can look at
// tokens instead of spelling variants.

type tokenKind uint8

const (
	tokWord   tokenKind = iota // lower-case word; "n." is the count marker
	tokNumber                  // a number written with digits
	tokDate                    // a day and month, with the year when written
	tokOp                      // > >= < <= =
	tokSymbol                  // % € / . - ( ) and any other sign
)

type token struct {
	kind  tokenKind
	text  string  // the word, operator or symbol; the digits of a number
	num   float64 // tokNumber
	whole bool    // tokNumber written without decimals
	// day, month, year of a tokDate; year is 0 when the text omits it.
	day, month, year int
}

// countMarker is how "n.", "N.", "n°" and "nr." are kept: a word that says the
// number after it is a count.
const countMarker = "n."

func (t token) isWord(w string) bool   { return t.kind == tokWord && t.text == w }
func (t token) isSymbol(s string) bool { return t.kind == tokSymbol && t.text == s }

// isYear tells a year ("2022") from a quantity: a whole number between 1900
// and 2100 written without thousands separators.
func (t token) isYear() bool {
	return t.kind == tokNumber && t.whole && t.num >= 1900 && t.num <= 2100 &&
		len(t.text) == 4
}

// replacer folds the typographic variants a spreadsheet produces into the
// plain characters the lexer knows.
var replacer = strings.NewReplacer(
	"≥", ">=", "≤", "<=", "’", "'", "‘", "'", "`", "'", "´", "'",
	"“", `"`, "”", `"`, "«", `"`, "»", `"`, "–", "-", "—", "-",
	"\u00a0", " ", "º", "°", "÷", "/",
)

// lex splits text into tokens.
func lex(text string) []token {
	s := []rune(strings.ToLower(replacer.Replace(text)))
	l := lexer{src: s}
	for l.pos < len(s) {
		l.next()
	}
	return mergeWrittenDates(l.toks)
}

type lexer struct {
	src  []rune
	pos  int
	toks []token
}

func (l *lexer) peek(off int) rune {
	if l.pos+off < len(l.src) && l.pos+off >= 0 {
		return l.src[l.pos+off]
	}
	return 0
}

func (l *lexer) emit(t token) { l.toks = append(l.toks, t) }

func (l *lexer) next() {
	r := l.src[l.pos]
	switch {
	case unicode.IsSpace(r) || r == '\'':
		// The apostrophe only elides a vowel ("dell'anno", "l'80%"): the
		// words on both sides are what matters.
		l.pos++
	case unicode.IsLetter(r):
		l.word()
	case r >= '0' && r <= '9':
		if !l.date() {
			l.number()
		}
	case r == '>' || r == '<' || r == '=':
		l.operator()
	default:
		l.emit(token{kind: tokSymbol, text: string(r)})
		l.pos++
	}
}

func (l *lexer) word() {
	start := l.pos
	for l.pos < len(l.src) && unicode.IsLetter(l.src[l.pos]) {
		l.pos++
	}
	w := string(l.src[start:l.pos])
	// "n.", "n°", "nr." announce a count; keep the marker, drop the dot.
	if (w == "n" || w == "nr" || w == "num") && (l.peek(0) == '.' || l.peek(0) == '°') {
		l.pos++
		w = countMarker
	}
	l.emit(token{kind: tokWord, text: w})
}

// operator reads >, <, = and their spreadsheet spellings ">=", "> =",
// "> / =", "=>" and "=<".
func (l *lexer) operator() {
	r := l.src[l.pos]
	l.pos++
	if r == '=' {
		if c := l.peek(0); c == '>' || c == '<' {
			l.pos++
			l.emit(token{kind: tokOp, text: string(c) + "="})
			return
		}
		l.emit(token{kind: tokOp, text: "="})
		return
	}
	j := l.pos
	for j < len(l.src) && l.src[j] == ' ' {
		j++
	}
	if j < len(l.src) && l.src[j] == '/' {
		j++
		for j < len(l.src) && l.src[j] == ' ' {
			j++
		}
	}
	if j < len(l.src) && l.src[j] == '=' {
		l.pos = j + 1
		l.emit(token{kind: tokOp, text: string(r) + "="})
		return
	}
	l.emit(token{kind: tokOp, text: string(r)})
}

// digits reads a run of ASCII digits from position i.
func (l *lexer) digits(i int) string {
	j := i
	for j < len(l.src) && l.src[j] >= '0' && l.src[j] <= '9' {
		j++
	}
	return string(l.src[i:j])
}

// date reads "31/12/2022", "31.12.22", "30-09-2022", and "31/12" or "31.12"
// when a word that introduces a date comes just before ("entro il 31/12"):
// without it "2/3 presidi" would be the 2nd of March.
func (l *lexer) date() bool {
	start := l.pos
	d := l.digits(l.pos)
	i := l.pos + len(d)
	if len(d) == 4 {
		return l.isoDate()
	}
	if len(d) > 2 || i >= len(l.src) {
		return false
	}
	sep := l.src[i]
	if sep != '/' && sep != '.' && sep != '-' {
		return false
	}
	m := l.digits(i + 1)
	if len(m) == 0 || len(m) > 2 {
		return false
	}
	i += 1 + len(m)
	y := ""
	if i < len(l.src) && l.src[i] == sep {
		if y = l.digits(i + 1); len(y) == 2 || len(y) == 4 {
			i += 1 + len(y)
		} else {
			y = ""
		}
	}
	day, _ := strconv.Atoi(d)
	month, _ := strconv.Atoi(m)
	year := expandYear(y)
	if !validDate(day, month, year) || (y == "" && !l.afterDateWord()) {
		return false
	}
	l.pos = i
	l.emit(token{kind: tokDate, text: string(l.src[start:i]), day: day, month: month, year: year})
	return true
}

// isoDate reads "2022-09-30", as a spreadsheet may export a date cell.
func (l *lexer) isoDate() bool {
	y := l.digits(l.pos)
	i := l.pos + 4
	if i >= len(l.src) || l.src[i] != '-' {
		return false
	}
	m := l.digits(i + 1)
	j := i + 1 + len(m)
	if len(m) == 0 || len(m) > 2 || j >= len(l.src) || l.src[j] != '-' {
		return false
	}
	d := l.digits(j + 1)
	day, _ := strconv.Atoi(d)
	month, _ := strconv.Atoi(m)
	year, _ := strconv.Atoi(y)
	if len(d) == 0 || len(d) > 2 || !validDate(day, month, year) {
		return false
	}
	end := j + 1 + len(d)
	l.emit(token{kind: tokDate, text: string(l.src[l.pos:end]), day: day, month: month, year: year})
	l.pos = end
	return true
}

// expandYear reads a written year: "22" is 2022, "" is 0 (not written).
func expandYear(y string) int {
	n, err := strconv.Atoi(y)
	if err != nil {
		return 0
	}
	if len(y) == 2 {
		return 2000 + n
	}
	return n
}

var dateWords = map[string]bool{
	"entro": true, "il": true, "al": true, "dal": true, "del": true,
	"fino": true, "data": true, "scadenza": true, "l": true, "lo": true,
}

func (l *lexer) afterDateWord() bool {
	n := len(l.toks)
	return n > 0 && l.toks[n-1].kind == tokWord && dateWords[l.toks[n-1].text]
}

// number reads "12", "1.234,5", "95,60", "0.5": in Italian the dot groups
// thousands and the comma marks decimals; a dot followed by other than three
// digits is taken as a decimal point, as spreadsheets sometimes write it.
func (l *lexer) number() {
	start := l.pos
	var b strings.Builder
	b.WriteString(l.digits(l.pos))
	l.pos += b.Len()
	whole := true
	for l.peek(0) == '.' && len(l.digits(l.pos+1)) == 3 {
		b.WriteString(l.digits(l.pos + 1))
		l.pos += 4
	}
	if c := l.peek(0); (c == ',' || c == '.') && len(l.digits(l.pos+1)) > 0 {
		frac := l.digits(l.pos + 1)
		b.WriteString("." + frac)
		l.pos += 1 + len(frac)
		whole = false
	}
	raw := string(l.src[start:l.pos])
	v, err := strconv.ParseFloat(b.String(), 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		// Absurdly long digit runs are not a target value; keep them as a sign.
		l.emit(token{kind: tokSymbol, text: raw})
		return
	}
	l.emit(token{kind: tokNumber, text: raw, num: v, whole: whole})
}

var months = map[string]int{
	"gennaio": 1, "febbraio": 2, "marzo": 3, "aprile": 4, "maggio": 5, "giugno": 6,
	"luglio": 7, "agosto": 8, "settembre": 9, "ottobre": 10, "novembre": 11, "dicembre": 12,
	"gen": 1, "feb": 2, "mar": 3, "apr": 4, "mag": 5, "giu": 6,
	"lug": 7, "ago": 8, "set": 9, "ott": 10, "nov": 11, "dic": 12,
}

// mergeWrittenDates joins "30 settembre [2022]" and "1° gennaio" into one
// date token.
func mergeWrittenDates(toks []token) []token {
	out := make([]token, 0, len(toks))
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if i+2 < len(toks) && t.kind == tokNumber && toks[i+1].isSymbol("°") && toks[i+2].kind == tokWord {
			if _, ok := months[toks[i+2].text]; ok {
				toks[i+1] = t // drop the ordinal sign: "1° gennaio" is "1 gennaio"
				continue
			}
		}
		if i+1 < len(toks) && t.kind == tokNumber && t.whole && t.num <= 31 && toks[i+1].kind == tokWord {
			if m, ok := months[toks[i+1].text]; ok && validDate(int(t.num), m, 0) {
				d := token{kind: tokDate, text: t.text + " " + toks[i+1].text, day: int(t.num), month: m}
				i++
				if i+1 < len(toks) && toks[i+1].isYear() {
					d.year = int(toks[i+1].num)
					d.text += " " + toks[i+1].text
					i++
				}
				out = append(out, d)
				continue
			}
		}
		out = append(out, t)
	}
	return out
}

// validDate checks a day and month, against the year when known (29/02).
func validDate(day, month, year int) bool {
	if month < 1 || month > 12 || day < 1 || day > 31 {
		return false
	}
	if year == 0 {
		year = 2024 // a leap year: "29/02" without a year is a real day
	}
	if year < 1900 || year > 2199 {
		return false
	}
	return day <= daysIn(month, year)
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
