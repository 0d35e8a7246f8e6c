package target

import (
	"strings"

	"github.com/performa-pa/performa/internal/domain"
)

// What the indicator and the baseline tell about a target: the unit a bare
// "almeno 10" counts, whether "80%" is a rate or a completion, and which way
// is better for "migliore 2022" or "mantenimento".

// unitOf decides the unit of the number at toks[at], whose comparator starts
// at toks[cmpAt]: a count noun just before the comparator, which the
// comparison is about ("monitoraggi <2 controllo gestione"); else the unit
// written after the number; else "n." when the text says "n."; else the
// baseline's unit ("almeno 10" after "n.3 processo x area").
func (p *parser) unitOf(u unitRead, at, cmpAt int) string {
	if cmpAt > 0 && cmpAt < at && p.toks[cmpAt-1].kind == tokWord && !isMeasure(u.noun) {
		if n, ok := unitNames[p.toks[cmpAt-1].text]; ok && countable(n) {
			return strings.TrimSpace(n + " " + u.qual)
		}
	}
	if u.noun != "" {
		return u.String()
	}
	if at > 0 && p.toks[at-1].isWord(countMarker) {
		return countMarker
	}
	if b := baselineUnit(p.baseline()); b != "" {
		if u.qual == "" || strings.Contains(b, u.qual) {
			return b
		}
		return b + " " + u.qual
	}
	return ""
}

// isMeasure: a unit written after the number that no noun before the
// comparator overrides ("pratiche >= 80%" is a percentage).
func isMeasure(unit string) bool {
	return unit == "%" || unit == "€" || isTimeUnit(unit)
}

// baselineUnit is the unit of the first quantity of the baseline, when it
// writes one: "4 h pro capite" gives "ore pro capite".
func baselineUnit(toks []token) string {
	j := firstQuantity(toks)
	if j < 0 {
		return ""
	}
	u := unitAt(toks, j)
	if u.noun == "" {
		return ""
	}
	return u.String()
}

// rateWords mark an indicator that measures a share: its percentages are
// rates to reach, not the completion of a project. "rapporto" counts only as
// "rapporto tra": alone it is as often a relationship ("maggiore rapporto
// con le associazioni").
var rateWords = []string{"percentual", "tasso", "incidenza", "campion", "capacità",
	"indice", "copertura"}

func (p *parser) rateContext() bool {
	w := p.contextWords()
	return anyPrefix(w, rateWords...) || hasPair(w, "rapporto", "tra", "fra") ||
		ratioWritten(p.baseline())
}

// hasPair finds first followed by one of next.
func hasPair(words []string, first string, next ...string) bool {
	for i := 0; i+1 < len(words); i++ {
		if words[i] != first {
			continue
		}
		for _, n := range next {
			if words[i+1] == n {
				return true
			}
		}
	}
	return false
}

// ratioWritten finds "41 questionari compilati su 104" in a baseline.
func ratioWritten(toks []token) bool {
	for i, t := range toks {
		if t.kind != tokNumber {
			continue
		}
		for k := i + 1; k < len(toks) && k <= i+4; k++ {
			if toks[k].isWord("su") || toks[k].isSymbol("/") {
				return k+1 < len(toks) && toks[k+1].kind == tokNumber
			}
		}
	}
	return false
}

// lowerWords mark an indicator where less is better: time taken, debt,
// deadlines.
var lowerWords = []string{"tempi", "tempo", "giorni", "gg", "ritard", "durata", "attesa",
	"disavanzo", "debit", "rigidità", "anticipazion", "entro", "scadenz"}

// relationDirection: "maggiore 2022" wants more and "< 2021" wants less
// whatever the indicator; "migliore" and "mantenimento" take the direction
// from the indicator.
func (p *parser) relationDirection(rel string) domain.Direction {
	switch rel {
	case RelGreater, RelGreaterOrEqual:
		return domain.HigherIsBetter
	case RelLess, RelLessOrEqual:
		return domain.LowerIsBetter
	case RelBetter, RelNotWorse:
		return p.contextDirection(domain.HigherIsBetter)
	}
	fallback := domain.DirectionUnknown
	if countWritten(p.baseline()) {
		fallback = domain.HigherIsBetter // keeping "n. 4/anno" monitoraggi: more is fine
	}
	return p.contextDirection(fallback)
}

// contextDirection reads the indicator and baseline. "Riduzione tempi ...
// rispetto termini di legge" counts days gained on the legal term, so more
// is better even though it speaks of time.
func (p *parser) contextDirection(fallback domain.Direction) domain.Direction {
	w := p.contextWords()
	switch {
	case anyPrefix(w, "rispetto") && anyPrefix(w, "termin") && anyPrefix(w, "riduzion", "miglioramento"):
		return domain.HigherIsBetter
	case anyPrefix(w, lowerWords...):
		return domain.LowerIsBetter
	}
	return fallback
}

// countWritten: the baseline counts things ("n. 4/anno", "3 processi").
func countWritten(toks []token) bool {
	j := firstQuantity(toks)
	if j < 0 {
		return false
	}
	return (j > 0 && toks[j-1].isWord(countMarker)) || countable(unitAt(toks, j).noun)
}

// baseline is the baseline's tokens, lexed on first use.
func (p *parser) baseline() []token {
	if p.baseToks == nil {
		p.baseToks = lex(p.ctx.Baseline)
	}
	return p.baseToks
}

func (p *parser) contextWords() []string {
	if !p.ctxLexed {
		p.ctxLexed = true
		for _, t := range lex(p.ctx.Indicator + " \n " + p.ctx.Baseline) {
			if t.kind == tokWord {
				p.ctxWords = append(p.ctxWords, t.text)
			}
		}
	}
	return p.ctxWords
}

func anyPrefix(words []string, prefixes ...string) bool {
	for _, w := range words {
		for _, pre := range prefixes {
			if strings.HasPrefix(w, pre) {
				return true
			}
		}
	}
	return false
}
