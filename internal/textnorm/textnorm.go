// Package textnorm compares texts as people write them: case, accents,
// punctuation and small words aside, with room for a typo.
package textnorm

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Text is a text prepared for comparison: normalized once, compared often.
type Text struct {
	Normalized string
	Words      []string // significant words
}

// Prepare normalizes s and splits it into significant words.
func Prepare(s string) Text {
	n := Normalize(s)
	t := Text{Normalized: n}
	if n == "" {
		return t
	}
	// Normalize leaves words separated by one space, none before or after.
	words := make([]string, 0, strings.Count(n, " ")+1)
	for w := range strings.SplitSeq(n, " ") {
		if !stopwords[w] {
			words = append(words, w)
		}
	}
	if len(words) > 0 {
		t.Words = words
	}
	return t
}

// Similarity is the Dice coefficient of the significant words of a and b
// (0 to 1), counting a word as shared when one is a prefix of the other
// ("istituz." and "istituzionali") or one letter away ("tursmo", "turismo").
func Similarity(a, b string) float64 { return Prepare(a).Similarity(Prepare(b)) }

// Similarity compares two prepared texts; see the function Similarity.
func (t Text) Similarity(o Text) float64 {
	wa, wb := t.Words, o.Words
	if len(wa) == 0 || len(wb) == 0 {
		return 0
	}
	shared := 0
	for _, x := range wa {
		for _, y := range wb {
			if sameWord(x, y) {
				shared++
				break
			}
		}
	}
	return 2 * float64(shared) / float64(len(wa)+len(wb))
}

func sameWord(x, y string) bool {
	return x == y || (len(x) >= 4 && strings.HasPrefix(y, x)) || (len(y) >= 4 && strings.HasPrefix(x, y)) || editDistance1(x, y)
}

// editDistance1 accepts one dropped, added or changed letter in words long
// enough for that to be a typo ("tursmo", "consilari").
func editDistance1(a, b string) bool {
	if len(a) < 5 || len(b) < 5 {
		return false
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) > 1 {
		return false
	}
	i, j, diff := 0, 0, 0
	for i < len(a) && j < len(b) {
		if a[i] == b[j] {
			i++
			j++
			continue
		}
		diff++
		if diff > 1 {
			return false
		}
		if len(a) == len(b) {
			i++
		}
		j++
	}
	return diff+(len(b)-j)-(len(a)-i) <= 1
}

var stopwords = map[string]bool{"e": true, "di": true, "del": true, "della": true, "dei": true, "delle": true,
	"degli": true, "dell": true, "per": true, "la": true, "il": true, "le": true, "lo": true, "gli": true,
	"a": true, "al": true, "alla": true, "allo": true, "in": true, "con": true, "ed": true, "d": true}

// Stopword reports whether a normalized word is one of the small words
// Prepare leaves out.
func Stopword(w string) bool { return stopwords[w] }

// Words lists the significant words of s, normalized.
func Words(s string) []string { return Prepare(s).Words }

// fold maps accented Latin letters to their base letter, lowercased: built
// once from the Unicode decompositions so that Normalize needs no
// allocation per rune.
var fold = func() map[rune]rune {
	m := map[rune]rune{}
	for r := rune(0xC0); r <= 0x24F; r++ {
		d := norm.NFD.String(string(r))
		if base, size := utf8.DecodeRuneInString(d); size < len(d) && base < 128 {
			m[r] = unicode.ToLower(base)
		}
	}
	return m
}()

// Normalize lowercases, strips accents and turns punctuation into spaces.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for _, r := range s {
		if r < 128 { // ASCII, most of any text: no table, no Unicode classes
			switch {
			case r >= 'A' && r <= 'Z':
				r += 'a' - 'A'
				fallthrough
			case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
				b.WriteByte(byte(r))
				space = false
			case !space:
				b.WriteByte(' ')
				space = true
			}
			continue
		}
		if f, ok := fold[r]; ok {
			r = f
		}
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r < 128 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
			b.WriteByte(byte(r))
			space = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
			space = false
		case !space:
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimRight(b.String(), " ")
}
