package target

import (
	"github.com/performa-pa/performa/internal/domain"
)

// milestone: a deliverable whose value cell is a placeholder ("0", "N/A",
// empty), as the PNRR register writes its milestones: getting it done by
// the deadline is the target.
func (p *parser) milestone() (domain.TargetRule, bool) {
	if !p.ctx.Milestone {
		return domain.TargetRule{}, false
	}
	for _, t := range p.toks {
		if t.kind == tokNumber && t.num != 0 || t.kind == tokDate || t.kind == tokWord && !placeholders[t.text] {
			return domain.TargetRule{}, false
		}
	}
	if p.ctx.Deadline != "" {
		return deadlineOn(p.ctx.Deadline), true
	}
	return domain.TargetRule{Kind: domain.RuleYesNo}, true
}

var (
	increaseWords = wordSet("aumento incremento crescita aumentare incrementare")
	decreaseWords = wordSet("riduzione diminuzione calo ridurre diminuire")
	moreOf        = wordSet("ulteriori ulteriore restante rimanente restanti rimanenti")
)

// changeBy: a change from a reference. "Aumento del 20% rispetto alla
// baseline" is a share of the baseline: with the baseline's value known
// (10) it is at least 12, otherwise a comparison with the baseline.
// "Ulteriori 2 PMO", "Ulteriore 50% dei SAL", "Incremento di 10 nuove
// Amministrazioni" add an amount to the year before.
func (p *parser) changeBy() (domain.TargetRule, bool) {
	t := p.toks
	for i := 0; i < len(t); i++ {
		w := t[i]
		if w.kind != tokWord || !increaseWords[w.text] && !decreaseWords[w.text] && !moreOf[w.text] {
			continue
		}
		j := i + 1
		for n := 0; j < len(t) && n < 4 && t[j].kind == tokWord && (fillers[t[j].text] || t[j].text == "di" || t[j].text == "del" || t[j].text == "pari"); n++ {
			j++
		}
		if _, word := numberWord(tokText(t, j)); (j >= len(t) || t[j].kind != tokNumber && !word) && !moreOf[w.text] {
			j = percentAhead(t, i+1) // "incremento del numero di utenti del 100%"
		}
		if j < 0 || j >= len(t) || t[j].isYear() {
			continue
		}
		v, isNum := t[j].num, t[j].kind == tokNumber
		if !isNum {
			if v, isNum = numberWord(t[j].text); !isNum || t[j].kind != tokWord {
				continue
			}
		}
		u := unitAt(t, j)
		percent := u.noun == "%"
		switch {
		case moreOf[w.text] && isTimeUnit(u.noun):
			continue // "ulteriore periodo di 5 anni", "entro 3 mesi … ulteriori": a duration
		case moreOf[w.text] || increaseWords[w.text] && !percent:
			// an amount on top of the year before
			unit := p.unitOf(u, j, j)
			if percent && hasWord(t[u.end:], "dei", "delle", "del", "degli") {
				unit = "%"
			}
			return p.withDate(p.changeRule(RelIncreaseBy, v, unit, p.previousYear())), true
		case percent:
			rel := RelIncreasePercent
			if decreaseWords[w.text] {
				rel = RelDecreasePercent
			}
			return p.withDate(p.percentChange(rel, v)), true
		}
	}
	return domain.TargetRule{}, false
}

// previousYear is the year before the target's, 0 when unknown (then the
// change counts from the baseline).
func (p *parser) previousYear() int {
	if y := p.targetYear(); y > 0 {
		return y - 1
	}
	return 0
}

func (p *parser) changeRule(rel string, v float64, unit string, year int) domain.TargetRule {
	dir := domain.HigherIsBetter
	if rel == RelDecreasePercent {
		dir = domain.LowerIsBetter
	}
	return domain.TargetRule{Kind: domain.RuleRelative, Relation: rel, Value: &v, Unit: unit, Year: year, Direction: dir}
}

// percentChange: a change by a share of the baseline. With the baseline's
// value written as a number the target is that number changed ("aumento
// del 20%" of 10 is at least 12); otherwise it is a comparison with the
// baseline, measured once the baseline is.
func (p *parser) percentChange(rel string, pct float64) domain.TargetRule {
	b := p.baseline()
	if j := firstQuantity(b); j >= 0 && len(b) <= 4 {
		base := b[j].num
		unit := unitAt(b, j).String()
		if rel == RelIncreasePercent {
			return quantity(domain.RuleAtLeast, round6(base*(1+pct/100)), unit, domain.HigherIsBetter)
		}
		return quantity(domain.RuleAtMost, round6(base*(1-pct/100)), unit, domain.LowerIsBetter)
	}
	return p.changeRule(rel, pct, "%", 0)
}

func round6(v float64) float64 { return float64(int64(v*1e6+0.5)) / 1e6 }

// fromTo: "da 11 a 0" goes from a value to another: down to a ceiling
// (lower is better) or up to a floor. "da 5 a 10 giorni" without a
// baseline of 5 stays a range.
func (p *parser) fromTo() (domain.TargetRule, bool) {
	t := p.toks
	for i := 0; i+3 < len(t); i++ {
		if !t[i].isWord("da") || !t[i+2].isWord("a") || t[i+1].kind != tokNumber || t[i+3].kind != tokNumber ||
			t[i+1].isYear() || t[i+3].isYear() {
			continue
		}
		from, to := t[i+1].num, t[i+3].num
		unit := p.unitOf(unitAt(t, i+3), i+3, i)
		b := p.baseline()
		fromBaseline := firstQuantity(b) >= 0 && b[firstQuantity(b)].num == from
		switch {
		case to < from:
			return p.withDate(quantity(domain.RuleAtMost, to, unit, domain.LowerIsBetter)), true
		case fromBaseline:
			return p.withDate(quantity(domain.RuleAtLeast, to, unit, domain.HigherIsBetter)), true
		}
		return domain.TargetRule{}, false
	}
	return domain.TargetRule{}, false
}

// datedSteps: "n. 15 entro il 30.06 e n. 20 entro il 31.12" sets a value
// for each date: every step is kept, and the rule is the last, the year's.
func (p *parser) datedSteps() (domain.TargetRule, bool) {
	t := p.toks
	var steps []domain.TargetRule
	for i := 0; i < len(t); i++ {
		if t[i].kind != tokNumber || t[i].isYear() || listIndex(t, i) || actReference(t, i) || fraction(t, i) {
			continue
		}
		u := unitAt(t, i)
		if isTimeUnit(u.noun) {
			continue // "entro 30 giorni": a duration, not a step
		}
		k := u.end
		for n := 0; k < len(t) && n < 3 && t[k].kind == tokWord && (t[k].isWord("entro") || dateWords[t[k].text]); n++ {
			k++
		}
		if k >= len(t) || t[k].kind != tokDate || k == u.end {
			continue
		}
		y := t[k].year
		if y == 0 {
			y = p.targetYear()
		}
		if y == 0 || !validDate(t[k].day, t[k].month, y) {
			continue
		}
		unit := p.unitOf(u, i, i)
		r := quantity(domain.RuleAtLeast, t[i].num, unit, domain.HigherIsBetter)
		if unit == "%" {
			r = p.percentRule(t[i].num)
		}
		r.Date = isoDate(y, t[k].month, t[k].day)
		steps = append(steps, r)
		i = k
	}
	if len(steps) < 2 {
		return domain.TargetRule{}, false
	}
	last := steps[len(steps)-1]
	last.Steps = steps
	return last, true
}

// alsoConditions: the comparisons after the first that set quantities of
// their own ("almeno 100 … e almeno 1.728 …"), kept with the rule.
func (p *parser) alsoConditions(first int) []domain.TargetRule {
	var out []domain.TargetRule
	for _, c := range p.cmps[first+1:] {
		if c.year != 0 || c.cmp.num != numAtLeast && c.cmp.num != numAtMost || p.toks[c.at].kind != tokNumber {
			continue
		}
		r := p.numericRule(c)
		r.Date = ""
		out = append(out, r)
	}
	return out
}

// percentAhead finds, within a few words, "del N%" after a word of change.
func percentAhead(t []token, from int) int {
	for j := from; j < len(t) && j < from+8; j++ {
		if t[j].kind == tokNumber && j+1 < len(t) && t[j+1].isSymbol("%") && j > 0 && (t[j-1].isWord("del") || t[j-1].isWord("di")) {
			return j
		}
		if t[j].kind != tokWord {
			return -1
		}
	}
	return -1
}

func tokText(t []token, j int) string {
	if j < len(t) {
		return t[j].text
	}
	return ""
}

// milestoneDeliverable: a milestone that names a thing to get done
// ("Pubblicazione del bando di gara per acquisto delle 3 nuove unità
// navali"): the number inside it describes the thing, it is not a count
// to reach. A comparator ("per almeno 2 HUB") still sets one.
func (p *parser) milestoneDeliverable() (domain.TargetRule, bool) {
	if !p.ctx.Milestone || !deliverables[firstWord(p.toks)] {
		return domain.TargetRule{}, false
	}
	for _, c := range p.cmps {
		if c.year == 0 {
			return domain.TargetRule{}, false
		}
	}
	if hasWord(p.toks, "tutti", "tutte") {
		return domain.TargetRule{}, false
	}
	return domain.TargetRule{Kind: domain.RuleYesNo}, true
}
