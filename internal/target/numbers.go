package target

import (
	"math"
	"strconv"
	"strings"
)

// Numbers in words ("almeno tre report", "minimo sette servizi") and numbers
// written back the Italian way ("1.234,5").

var unitWords = map[string]float64{
	"zero": 0, "un": 1, "uno": 1, "una": 1, "due": 2, "tre": 3, "tré": 3,
	"quattro": 4, "cinque": 5, "sei": 6, "sette": 7, "otto": 8, "nove": 9,
	"dieci": 10, "undici": 11, "dodici": 12, "tredici": 13, "quattordici": 14,
	"quindici": 15, "sedici": 16, "diciassette": 17, "diciotto": 18,
	"diciannove": 19, "cento": 100, "mille": 1000,
}

// tens lists the tens with their elided stem: "ventuno", "trentotto" drop
// the final vowel before "uno" and "otto".
var tens = []struct {
	full, stem string
	value      float64
}{
	{"venti", "vent", 20}, {"trenta", "trent", 30}, {"quaranta", "quarant", 40},
	{"cinquanta", "cinquant", 50}, {"sessanta", "sessant", 60},
	{"settanta", "settant", 70}, {"ottanta", "ottant", 80}, {"novanta", "novant", 90},
}

// numberWord reads an Italian number word up to novantanove, plus cento and
// mille. Words are only read as numbers where a number is expected (after
// "almeno", ">=", "n."), because "un", "sei" and "tre" are also plain words.
func numberWord(w string) (float64, bool) {
	if v, ok := unitWords[w]; ok {
		return v, true
	}
	for _, t := range tens {
		if w == t.full {
			return t.value, true
		}
		rest, ok := strings.CutPrefix(w, t.full)
		if !ok {
			rest, ok = strings.CutPrefix(w, t.stem)
		}
		if !ok {
			continue
		}
		if u, ok := unitWords[rest]; ok && u >= 1 && u <= 9 {
			return t.value + u, true
		}
	}
	return 0, false
}

// elided reports whether the number is read aloud starting with a vowel
// ("uno", "otto", "undici", "ottanta", "ottocento", "undicimila"), which
// turns "il" into "l'" and "al" into "all'": "l'80%", "all'8%".
func elided(v float64) bool {
	n := math.Floor(math.Abs(v))
	if n >= 1e15 {
		return false
	}
	s := strconv.FormatFloat(n, 'f', 0, 64)
	switch {
	case n == 1 || n == 11:
		return true
	case s[0] == '8':
		return true // otto, ottanta, ottocento, ottomila
	case n >= 11000 && n < 12000:
		return true
	}
	return false
}

// articleIl is the definite article before a percentage: "il 50%",
// "l'80%", "lo 0%".
func articleIl(v float64) string {
	switch {
	case v == 0:
		return "lo "
	case elided(v):
		return "l'"
	}
	return "il "
}

// articleAl is "a" joined to the article: "al 50%", "all'80%", "allo 0%".
func articleAl(v float64) string {
	switch {
	case v == 0:
		return "allo "
	case elided(v):
		return "all'"
	}
	return "al "
}
