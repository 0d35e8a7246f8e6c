package target

import "strings"

// Comparators are the words and signs that put a number or a year in
// relation to the target: "almeno 5", ">= 2", "maggiore 2022", "entro 15 gg".
// The same comparator means one thing before a quantity and another before a
// year: "maggiore di 77 postazioni" is at least 78, "maggiore 2022" is more
// than the value reached in 2022.

// Relations of a relative rule (domain.RuleRelative): how the value of the
// target's year compares with the value of the year in TargetRule.Year.
const (
	RelGreater        = "greater"          // "maggiore 2022", "> di 2021", "2023 > 2022"
	RelGreaterOrEqual = "greater_or_equal" // "pari o maggiore 2022", ">=2023", "non inferiore al 2022"
	RelLess           = "less"             // "< 2021"
	RelLessOrEqual    = "less_or_equal"    // "<= anno 2022"
	RelBetter         = "better"           // "migliore 2022": better in the rule's Direction
	RelNotWorse       = "not_worse"        // "pari o migliore 2022"
	RelMaintain       = "maintain"         // "mantenimento target 2022", "mantenimento", "2023 = 2022"
	// The changes compare with the value of the year in Year, or with the
	// baseline when Year is 0. RelIncreaseBy adds Value, in Unit, to it
	// ("ulteriori 2 PMO", "ulteriore 50% dei SAL": 50 points more);
	// RelIncreasePercent and RelDecreasePercent change it by Value percent
	// of itself ("aumento del 20% rispetto alla baseline").
	RelIncreaseBy      = "increase_by"
	RelIncreasePercent = "increase_percent"
	RelDecreasePercent = "decrease_percent"
)

// numKind is what a comparator means before a quantity.
type numKind uint8

const (
	numNone    numKind = iota
	numAtLeast         // "almeno", ">=", "maggiore di"
	numAtMost          // "max", "<=", "entro" (a duration)
	numEqual           // "=", "pari a"
	numAhead           // "riduzione di 7 gg": days gained on a reference term
)

type comparator struct {
	words    []string // the phrase, or one operator token
	num      numKind  // meaning before a quantity; numNone: compares only years
	strict   bool     // the number itself misses: "> 77", "maggiore di 77"
	relation string   // meaning before a year; "": does not compare years
	duration bool     // only before a duration: "entro 15 giorni", not "entro 2 pratiche"
	needsA   bool     // "pari a": "pari" alone is too common a word
}

func cmp(phrase string, num numKind, strict bool, relation string) comparator {
	return comparator{words: strings.Fields(phrase), num: num, strict: strict, relation: relation}
}

// comparators is searched in order: longer phrases first, so that
// "pari o maggiore" wins over "maggiore".
var comparators = []comparator{
	cmp("maggiore o uguale", numAtLeast, false, RelGreaterOrEqual), // ministries: "maggiore o uguale a 90,00%"
	cmp("superiore o uguale", numAtLeast, false, RelGreaterOrEqual),
	cmp("uguale o maggiore", numAtLeast, false, RelGreaterOrEqual),
	cmp("uguale o superiore", numAtLeast, false, RelGreaterOrEqual),
	cmp("minore o uguale", numAtMost, false, RelLessOrEqual),
	cmp("inferiore o uguale", numAtMost, false, RelLessOrEqual),
	cmp("uguale o minore", numAtMost, false, RelLessOrEqual),
	cmp("uguale o inferiore", numAtMost, false, RelLessOrEqual),
	cmp("pari o maggiore", numAtLeast, false, RelGreaterOrEqual),
	cmp("pari o superiore", numAtLeast, false, RelGreaterOrEqual),
	cmp("pari o inferiore", numAtMost, false, RelLessOrEqual),
	cmp("pari o minore", numAtMost, false, RelLessOrEqual),
	cmp("pari o migliore", numNone, false, RelNotWorse),
	cmp("non inferiore", numAtLeast, false, RelGreaterOrEqual),
	cmp("non meno di", numAtLeast, false, RelGreaterOrEqual),
	cmp("non superiore", numAtMost, false, RelLessOrEqual),
	cmp("non più di", numAtMost, false, RelLessOrEqual),
	cmp("non oltre", numAtMost, false, RelLessOrEqual),
	cmp("non peggiore", numNone, false, RelNotWorse),
	cmp("al massimo", numAtMost, false, ""),
	cmp("al minimo", numAtLeast, false, ""),
	cmp("più di", numAtLeast, true, RelGreater),
	cmp("meno di", numAtMost, true, RelLess),
	cmp("riduzione di", numAhead, false, ""),
	cmp("miglioramento di", numAhead, false, ""),
	cmp("riduzione del", numAtLeast, false, ""), // "riduzione del 10%": the change asked
	cmp("aumento del", numAtLeast, false, ""),
	cmp("aumento di", numAtLeast, false, ""),
	cmp("incremento del", numAtLeast, false, ""),
	cmp("incremento di", numAtLeast, false, ""),
	cmp("almeno", numAtLeast, false, RelGreaterOrEqual),
	cmp("minimo", numAtLeast, false, ""),
	cmp("min", numAtLeast, false, ""),
	cmp("ulteriori", numAtLeast, false, ""),
	cmp("ulteriore", numAtLeast, false, ""),
	cmp("massimo", numAtMost, false, ""),
	cmp("max", numAtMost, false, ""),
	cmp("oltre", numAtLeast, true, RelGreater),
	cmp("superiore", numAtLeast, true, RelGreater),
	cmp("maggiore", numAtLeast, true, RelGreater),
	cmp("inferiore", numAtMost, true, RelLess),
	cmp("minore", numAtMost, true, RelLess),
	cmp("migliore", numNone, false, RelBetter),
	cmp("mantenimento", numNone, false, RelMaintain),
	cmp("uguale", numEqual, false, RelMaintain),
	{words: []string{"pari"}, num: numEqual, relation: RelMaintain, needsA: true},
	{words: []string{"entro"}, num: numAtMost, duration: true},
	cmp(">=", numAtLeast, false, RelGreaterOrEqual),
	cmp(">", numAtLeast, true, RelGreater),
	cmp("<=", numAtMost, false, RelLessOrEqual),
	cmp("<", numAtMost, true, RelLess),
	cmp("=", numEqual, false, RelMaintain),
}

// comparatorWords holds the first word of every phrase: such a word is never
// the unit of a number.
var comparatorWords = map[string]bool{}

func init() {
	for _, c := range comparators {
		comparatorWords[c.words[0]] = true
	}
}

// fillers may stand between a comparator and its number: "<= a 15gg",
// "almeno n. 5", "maggiore di 77", "mantenimento target dell'anno 2022".
var fillers = map[string]bool{
	"a": true, "ad": true, "al": true, "all": true, "allo": true, "alla": true,
	"il": true, "l": true, "lo": true, "la": true, "i": true, "le": true,
	"gli": true, "di": true, "del": true,
	"dell": true, "della": true, "anno": true, "target": true, "obiettivo": true,
	"valore": true, "livello": true, countMarker: true, "max": true,
	"massimo": true, "almeno": true, "min": true, "minimo": true,
}

const maxFillers = 4

// comparison is a comparator applied to the quantity or year after it.
type comparison struct {
	cmp        comparator
	start, end int // tokens from the comparator to the end of the unit
	at         int // the number's token
	value      float64
	whole      bool // written without decimals
	unit       unitRead
	year       int  // a year compared with; 0 for a quantity
	before     bool // a duration before an event: "20gg prima della chiusura"
}

// scanComparisons finds, left to right, every comparator followed by a
// quantity or a year. Comparisons do not overlap.
func scanComparisons(toks []token) []comparison {
	var out []comparison
	for i := 0; i < len(toks); i++ {
		c, n := matchComparator(toks, i)
		if n == 0 {
			continue
		}
		if found, ok := compareWith(toks, c, i, i+n); ok {
			out = append(out, found)
			i = found.end - 1
		}
	}
	return out
}

func matchComparator(toks []token, i int) (comparator, int) {
	for _, c := range comparators {
		if matchPhrase(toks, i, c.words) && (!c.needsA || articleA(toks, i+1)) {
			return c, len(c.words)
		}
	}
	return comparator{}, 0
}

// matchPhrase matches words (or one operator) starting at toks[i].
func matchPhrase(toks []token, i int, words []string) bool {
	if i+len(words) > len(toks) {
		return false
	}
	for k, w := range words {
		t := toks[i+k]
		if (t.kind != tokWord && t.kind != tokOp) || t.text != w {
			return false
		}
	}
	return true
}

func articleA(toks []token, i int) bool {
	if i >= len(toks) || toks[i].kind != tokWord {
		return false
	}
	switch toks[i].text {
	case "a", "ad", "al", "all", "allo", "alla":
		return true
	}
	return false
}

// compareWith reads what follows the comparator at toks[i:j].
func compareWith(toks []token, c comparator, i, j int) (comparison, bool) {
	for n := 0; n < maxFillers && j < len(toks) && toks[j].kind == tokWord && fillers[toks[j].text]; n++ {
		j++
	}
	if j >= len(toks) {
		return comparison{}, false
	}
	t := toks[j]
	var v float64
	switch {
	case t.kind == tokNumber:
		v = t.num
	case t.kind == tokWord:
		w, ok := numberWord(t.text)
		if !ok {
			return comparison{}, false
		}
		v = w
	default:
		return comparison{}, false
	}
	u := unitAt(toks, j)
	if t.isYear() && u.noun == "" {
		found := comparison{cmp: c, start: i, end: j + 1, year: int(t.num)}
		return found, c.relation != ""
	}
	if c.num == numNone {
		return comparison{}, false
	}
	if (c.duration || c.num == numAhead) && !isTimeUnit(u.noun) {
		return comparison{}, false
	}
	found := comparison{cmp: c, start: i, end: u.end, at: j, value: v, unit: u,
		whole: t.kind == tokWord || t.whole}
	found.before, found.end = beforeEvent(toks, u)
	return found, true
}

// beforeEvent notices "20gg prima della chiusura": a duration counted before
// an event, where more days is better.
func beforeEvent(toks []token, u unitRead) (bool, int) {
	k := u.end
	for k < len(toks) && toks[k].isSymbol(".") {
		k++
	}
	if isTimeUnit(u.noun) && k < len(toks) && toks[k].isWord("prima") {
		return true, k + 1
	}
	return false, u.end
}

// between reads "tra 5 e 10 giorni" and "da 5 a 10 giorni" as a range.
func between(toks []token) (lo, hi float64, unit unitRead, at int, ok bool) {
	for i := 0; i+3 < len(toks); i++ {
		joiner := rangeJoiner(toks[i])
		a, b := toks[i+1], toks[i+3]
		if joiner == "" || !toks[i+2].isWord(joiner) ||
			a.kind != tokNumber || b.kind != tokNumber || a.isYear() || b.isYear() {
			continue
		}
		return a.num, b.num, unitAt(toks, i+3), i, true
	}
	return 0, 0, unitRead{}, 0, false
}

// rangeJoiner is the word between the two ends of a range opened by t.
func rangeJoiner(t token) string {
	switch {
	case t.isWord("tra"), t.isWord("fra"):
		return "e"
	case t.isWord("da"):
		return "a"
	}
	return ""
}
