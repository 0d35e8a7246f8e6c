package target

import "strings"

// Small searches over tokens shared by the steps.

// hasSeq reports whether the texts occur as consecutive tokens (words,
// operators or symbols).
func hasSeq(toks []token, texts ...string) bool {
	for i := 0; i+len(texts) <= len(toks); i++ {
		k := 0
		for k < len(texts) && toks[i+k].kind != tokNumber && toks[i+k].kind != tokDate &&
			toks[i+k].text == texts[k] {
			k++
		}
		if k == len(texts) {
			return true
		}
	}
	return false
}

// hasWord reports whether any of the words occurs.
func hasWord(toks []token, words ...string) bool {
	for _, t := range toks {
		if t.kind != tokWord {
			continue
		}
		for _, w := range words {
			if t.text == w {
				return true
			}
		}
	}
	return false
}

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

func firstWord(toks []token) string {
	for _, t := range toks {
		if t.kind == tokWord {
			return t.text
		}
	}
	return ""
}

// firstQuantity is the index of the first number that is a quantity: not a
// year, not a list index ("1. Stesura ..."), not a reference to an act
// ("n. 65 /2019", "art. 142"), not a fraction ("2/3 presidi"); -1 if none.
func firstQuantity(toks []token) int {
	for i, t := range toks {
		if t.kind == tokNumber && !t.isYear() && !listIndex(toks, i) &&
			!fraction(toks, i) && !actReference(toks, i) {
			return i
		}
	}
	return -1
}

func listIndex(toks []token, i int) bool {
	return (i == 0 || toks[i-1].kind == tokSymbol) && i+2 < len(toks) &&
		(toks[i+1].isSymbol(".") || toks[i+1].isSymbol(")")) && toks[i+2].kind == tokWord
}

func fraction(toks []token, i int) bool {
	return i+2 < len(toks) && toks[i+1].isSymbol("/") && toks[i+2].kind == tokNumber
}

var actWords = wordSet("art artt articolo comma c lgs dlgs dpr legge l lr dl dm decreto " +
	"regolamento delibera deliberazione determina ordinanza prot protocollo cap capitolo punto")

// actReference: the number after "art.", "comma", "D.Lgs." names a rule, it
// is no quantity.
func actReference(toks []token, i int) bool {
	k := i - 1
	if k >= 0 && toks[k].isSymbol(".") {
		k--
	}
	return k >= 0 && toks[k].kind == tokWord && actWords[toks[k].text]
}
