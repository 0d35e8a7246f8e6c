// Package textnorm compares texts as people write them: case, accents,
// punctuation and small words aside, with room for a typo.
package textnorm

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Similarity is the Dice coefficient of the significant words of a and b
// (0 to 1), counting a word as shared when one is a prefix of the other
// ("istituz." and "istituzionali") or one letter away ("tursmo", "turismo").
func Similarity(a, b string) float64 {
	wa, wb := Words(a), Words(b)
	if len(wa) == 0 || len(wb) == 0 {
		return 0
	}
	shared := 0
	for _, x := range wa {
		for _, y := range wb {
			if x == y || (len(x) >= 4 && strings.HasPrefix(y, x)) || (len(y) >= 4 && strings.HasPrefix(x, y)) || editDistance1(x, y) {
				shared++
				break
			}
		}
	}
	return 2 * float64(shared) / float64(len(wa)+len(wb))
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

// Words lists the significant words of s, normalized.
func Words(s string) []string {
	var out []string
	for _, w := range strings.Fields(Normalize(s)) {
		if !stopwords[w] {
			out = append(out, w)
		}
	}
	return out
}

// Normalize lowercases, strips accents and turns punctuation into spaces.
func Normalize(s string) string {
	var b strings.Builder
	space := true
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
			space = false
		case !space:
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimSpace(b.String())
}
