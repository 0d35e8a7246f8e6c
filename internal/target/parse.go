package target

import (
	"fmt"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
)

// Context is what Parse knows of a target besides its text.
type Context struct {
	// Year is the year the target is for (2022 under "TARGET 2022"). It dates
	// "entro il 31/12" and "entro 31 gennaio", and "mantenimento" alone
	// refers to the year before it.
	Year int
	// Baseline is the starting point as written ("n. 3 / anno", "nuovo=0"):
	// "almeno 10" borrows its unit, and it tells a rate from a completion.
	Baseline string
	// Indicator is the indicator's description: it tells a completion
	// percentage from a rate, and which direction is better for "migliore"
	// and "mantenimento" ("tempi", "giorni": lower is better).
	Indicator string
	// Deadline is the date the file gives the target by in a column of its
	// own (YYYY-MM-DD): a quantity without a date of its own is due then.
	Deadline string
	// Milestone marks a deliverable: its value cell is a placeholder ("0",
	// "N/A") and the target is getting it done by the Deadline.
	Milestone bool
}

// Italian reasons of not_measurable rules: they are shown to the Segretario
// and to the Nucleo di Valutazione as they are.
const (
	reasonEmpty        = "target non indicato"
	reasonRecalibrate  = "target da ricalibrare: nessun valore atteso"
	reasonReformulate  = "target da riformulare: nessun valore atteso"
	reasonToDefine     = "target da definire: nessun valore atteso"
	reasonActivity     = "descrive un'attività, non un valore atteso"
	reasonFormula      = "indica la formula dell'indicatore, non il valore atteso"
	reasonUnquantified = "non indica quanti: manca il valore atteso"
	reasonNoYear       = "data senza anno e anno del target non indicato"
	reasonNotBefore    = "rimanda al %d: serve un anno precedente a quello del target"
	reasonUnrecognized = "nessun valore atteso riconoscibile nel testo"
	reasonUnreadable   = "testo non interpretabile"
)

// Parse reads a target text into a rule. It never panics and always returns
// a rule: when the text states no expected value the rule is not_measurable
// and Reason says why, in Italian.
func Parse(text string, ctx Context) (rule domain.TargetRule) {
	// parse has no known panic: FuzzParse calls it unguarded to find them.
	// The guard keeps an import of a whole plan going if one is ever hit.
	defer func() {
		if recover() != nil {
			rule = notMeasurable(reasonUnreadable)
		}
	}()
	return withDeadline(deliverableBy(parse(text, ctx), ctx), ctx)
}

// deliverableBy reads a milestone's text that states no value ("Fine
// lavori") as the deliverable it names, due by the deadline.
func deliverableBy(r domain.TargetRule, ctx Context) domain.TargetRule {
	if ctx.Milestone && ctx.Deadline != "" && r.Kind == domain.RuleNotMeasurable {
		return deadlineOn(ctx.Deadline)
	}
	return r
}

// withDeadline dates a quantity by the deadline the file gives in a column
// of its own, unless the text dates it.
func withDeadline(r domain.TargetRule, ctx Context) domain.TargetRule {
	if ctx.Deadline == "" || r.Date != "" {
		return r
	}
	switch r.Kind {
	case domain.RuleAtLeast, domain.RuleAtMost, domain.RuleEqual, domain.RuleRange,
		domain.RuleCompletion, domain.RuleAll, domain.RuleYesNo, domain.RuleRelative:
		r.Date = ctx.Deadline
	}
	return r
}

// parser holds one target text while the steps look at it.
type parser struct {
	text string // as written: "SINO" is only a yes/no in capitals
	toks []token
	ctx  Context
	cmps []comparison
	// ctxWords are the words of indicator and baseline, lexed on first use:
	// most targets never need them.
	ctxWords []string
	ctxLexed bool
	baseToks []token // nil until first used; never nil after
}

// steps are tried in order and the first that recognises the text wins. The
// order is the judgement: a stated quantity ("almeno 14 pratiche / anno 2023
// > 2022") beats the comparison with a year written next to it, an explicit
// "da ricalibrare" beats everything.
var steps = []func(*parser) (domain.TargetRule, bool){
	(*parser).milestone,
	(*parser).blank,
	(*parser).declaredNotMeasurable,
	(*parser).yesNo,
	(*parser).shareOfCases,
	(*parser).milestoneDeliverable,
	(*parser).changeBy,
	(*parser).datedSteps,
	(*parser).fromTo,
	(*parser).comparedNumber,
	(*parser).everything,
	(*parser).bareNumber,
	(*parser).deadline,
	(*parser).relative,
	(*parser).reportFrequency,
	(*parser).unquantified,
	(*parser).formulaOnly,
	(*parser).deliverable,
	(*parser).activity,
}

func parse(text string, ctx Context) domain.TargetRule {
	p := &parser{text: text, toks: lex(text), ctx: ctx}
	p.cmps = scanComparisons(p.toks)
	for _, step := range steps {
		if r, ok := step(p); ok {
			return r
		}
	}
	return notMeasurable(reasonUnrecognized)
}

func notMeasurable(reason string) domain.TargetRule {
	return domain.TargetRule{Kind: domain.RuleNotMeasurable, Reason: reason}
}

func quantity(kind domain.RuleKind, v float64, unit string, dir domain.Direction) domain.TargetRule {
	return domain.TargetRule{Kind: kind, Value: &v, Unit: unit, Direction: dir}
}

// blank: "", "-", "n.d.", "/".
func (p *parser) blank() (domain.TargetRule, bool) {
	for _, t := range p.toks {
		switch t.kind {
		case tokNumber, tokDate:
			return domain.TargetRule{}, false
		case tokWord:
			if !placeholders[t.text] {
				return domain.TargetRule{}, false
			}
		}
	}
	return notMeasurable(reasonEmpty), true
}

var placeholders = map[string]bool{countMarker: true, "n": true, "d": true, "nd": true, "a": true, "na": true}

var declared = []struct {
	phrase []string
	reason string
}{
	{strings.Fields("da ricalibrare"), reasonRecalibrate},
	{strings.Fields("da riformulare"), reasonReformulate},
	{strings.Fields("da definire"), reasonToDefine},
	{strings.Fields("da rideterminare"), reasonToDefine},
	{strings.Fields("monitoraggio costante"), reasonActivity},
	{strings.Fields("monitoraggio continuo"), reasonActivity},
	{strings.Fields("costante e periodico"), reasonActivity},
}

// declaredNotMeasurable: the plan itself says there is no value yet ("da
// ricalibrare"), or describes an ongoing activity ("monitoraggio costante e
// periodico - attività SEO 2022<= 2021"), even when a comparison trails it.
func (p *parser) declaredNotMeasurable() (domain.TargetRule, bool) {
	for _, d := range declared {
		if hasSeq(p.toks, d.phrase...) {
			return notMeasurable(d.reason), true
		}
	}
	return domain.TargetRule{}, false
}

// yesNo: "SI/NO", "SINO", `valore "si" ... valore "no"`, a lone "sì".
func (p *parser) yesNo() (domain.TargetRule, bool) {
	lone := len(p.toks) == 1 && (p.toks[0].isWord("si") || p.toks[0].isWord("sì"))
	if lone || hasSeq(p.toks, "si", "/", "no") || hasSeq(p.toks, "sì", "/", "no") ||
		hasSeq(p.toks, "si", "o", "no") || hasWord(p.toks, "sino") && strings.Contains(p.text, "SINO") ||
		hasSeq(p.toks, `"`, "si", `"`) && hasSeq(p.toks, `"`, "no", `"`) {
		return domain.TargetRule{Kind: domain.RuleYesNo}, true
	}
	return domain.TargetRule{}, false
}

// shareOfCases: "Entro 3 giorni dall'assegnazione nell'80% dei casi" - what
// is measured is the share of cases meeting the condition, not the days.
func (p *parser) shareOfCases() (domain.TargetRule, bool) {
	t := p.toks
	for i := 0; i+3 < len(t); i++ {
		if t[i].kind == tokNumber && t[i+1].isSymbol("%") &&
			(t[i+2].isWord("dei") || t[i+2].isWord("delle")) && t[i+3].isWord("casi") {
			return quantity(domain.RuleAtLeast, t[i].num, "%", domain.HigherIsBetter), true
		}
	}
	return domain.TargetRule{}, false
}

// comparedNumber: the first comparator followed by a quantity ("almeno 5",
// "<= a 15gg", "maggiore di 77 postazioni"), or a range ("> 0 <= 25%",
// "tra 5 e 10").
func (p *parser) comparedNumber() (domain.TargetRule, bool) {
	first := -1
	for k, c := range p.cmps {
		if c.year == 0 {
			first = k
			break
		}
	}
	lo, hi, u, at, isRange := between(p.toks)
	if isRange && (first < 0 || at < p.cmps[first].start) {
		return p.withDate(rangeRule(lo, hi, p.unitOf(u, at+3, at))), true
	}
	if first < 0 {
		return domain.TargetRule{}, false
	}
	c := p.cmps[first]
	if first+1 < len(p.cmps) {
		if r, ok := p.rangeOf(c, p.cmps[first+1]); ok {
			return p.withDate(r), true
		}
	}
	r := p.withDate(p.numericRule(c))
	r.Also = p.alsoConditions(first)
	if hasWord(p.toks[:c.start], "tutti", "tutte") || hasWord(p.toks[c.end:], "tutti", "tutte") {
		// "almeno 2 HUB – aggiudicazione per tutti gli HUB": every one too
		r.Also = append(r.Also, quantity(domain.RuleAll, 100, "%", domain.HigherIsBetter))
	}
	return r, true
}

func (p *parser) numericRule(c comparison) domain.TargetRule {
	unit := p.unitOf(c.unit, c.at, c.start)
	v := c.value
	switch {
	case c.cmp.num == numAhead || c.before:
		// "miglioramento di max 7 gg rispetto ai termini di legge", "max a
		// 20gg prima della chiusura": days gained, the more the better.
		return quantity(domain.RuleAtLeast, v, unit+" di anticipo", domain.HigherIsBetter)
	case c.cmp.num == numAtLeast:
		if c.cmp.strict && countable(unit) && c.whole {
			v++ // "maggiore di 77 postazioni": 77 does not reach it, 78 does
		}
		return quantity(domain.RuleAtLeast, v, unit, domain.HigherIsBetter)
	case c.cmp.num == numAtMost:
		if c.cmp.strict && countable(unit) && c.whole && v >= 1 {
			v--
		}
		return quantity(domain.RuleAtMost, v, unit, domain.LowerIsBetter)
	}
	return equalRule(v, unit)
}

// equalRule: "= 1", "pari a 3", "0". Zero is a ceiling as much as a value
// ("0" anticipazioni di tesoreria): anything above it is worse.
func equalRule(v float64, unit string) domain.TargetRule {
	dir := domain.DirectionUnknown
	if v == 0 {
		dir = domain.LowerIsBetter
	}
	return quantity(domain.RuleEqual, v, unit, dir)
}

// rangeOf joins a lower and an upper bound written one after the other:
// "> 0 <= 25%", ">= 3 e <= 5".
func (p *parser) rangeOf(a, b comparison) (domain.TargetRule, bool) {
	gap := b.start - a.end
	if b.year != 0 || gap < 0 || gap > 1 || gap == 1 && !joins(p.toks[a.end]) {
		return domain.TargetRule{}, false
	}
	if a.cmp.num == numAtMost && b.cmp.num == numAtLeast {
		a, b = b, a
	}
	if a.cmp.num != numAtLeast || b.cmp.num != numAtMost || a.before || b.before {
		return domain.TargetRule{}, false
	}
	unit := p.unitOf(b.unit, b.at, b.start)
	if unit == "" {
		unit = p.unitOf(a.unit, a.at, a.start)
	}
	return rangeRule(a.value, b.value, unit), true
}

func joins(t token) bool {
	return t.isWord("e") || t.isWord("ed") || t.isSymbol(",") || t.isSymbol("-")
}

func rangeRule(lo, hi float64, unit string) domain.TargetRule {
	if lo > hi {
		lo, hi = hi, lo // "> 30 <= 10" is a slip; the range meant is 10..30
	}
	r := quantity(domain.RuleRange, lo, unit, domain.DirectionUnknown)
	r.Max = &hi
	return r
}

// everything: "tutti", "tutti quelli presentati", "evasione istanze 100%".
func (p *parser) everything() (domain.TargetRule, bool) {
	if !hasWord(p.toks, "tutti", "tutte", "totalità") && !p.allWorkDone() {
		return domain.TargetRule{}, false
	}
	return p.withDate(quantity(domain.RuleAll, 100, "%", domain.HigherIsBetter)), true
}

// allWorkDone: 100% of what comes in is handled ("evasione istanze 100%",
// "100% delle pratiche").
func (p *parser) allWorkDone() bool {
	t := p.toks
	for i := 0; i+1 < len(t); i++ {
		if t[i].kind != tokNumber || t[i].num != 100 || !t[i+1].isSymbol("%") {
			continue
		}
		of := i+2 < len(t) && (t[i+2].isWord("delle") || t[i+2].isWord("dei") || t[i+2].isWord("degli"))
		return of || hasWord(t, "evasione", "evase", "evasi", "evaso", "evadere")
	}
	return false
}

// bareNumber: a quantity with no comparator ("n. 12", "12", "3 processi",
// "50%", "0"). A count is a floor; a percentage is a completion unless the
// indicator is a rate; zero is exactly zero.
func (p *parser) bareNumber() (domain.TargetRule, bool) {
	j := firstQuantity(p.toks)
	if j < 0 {
		return domain.TargetRule{}, false
	}
	v := p.toks[j].num
	unit := p.unitOf(unitAt(p.toks, j), j, j)
	switch {
	case unit == "%":
		return p.withDate(p.percentRule(v)), true
	case v == 0:
		return p.withDate(equalRule(0, unit)), true
	}
	return p.withDate(quantity(domain.RuleAtLeast, v, unit, domain.HigherIsBetter)), true
}

// percentRule: "50%" of a project is how far it must be completed; "80%" of
// questionnaires returned is a rate to reach.
func (p *parser) percentRule(v float64) domain.TargetRule {
	switch {
	case p.rateContext() && v == 0:
		return equalRule(0, "%")
	case p.rateContext() || v > 100:
		return quantity(domain.RuleAtLeast, v, "%", domain.HigherIsBetter)
	}
	return quantity(domain.RuleCompletion, v, "%", domain.HigherIsBetter)
}

// relative: a comparison with a year ("maggiore 2022", "<= anno 2022",
// "mantenimento target dell'anno 2022"), or "mantenimento" alone, which keeps
// the previous year's target.
func (p *parser) relative() (domain.TargetRule, bool) {
	for _, c := range p.cmps {
		if c.year != 0 {
			return p.relativeRule(c.cmp.relation, c.year), true
		}
	}
	if hasWord(p.toks, "mantenimento") {
		year := 0
		if p.ctx.Year > 0 {
			year = p.ctx.Year - 1
		}
		return p.relativeRule(RelMaintain, year), true
	}
	return domain.TargetRule{}, false
}

// relativeRule refuses a comparison with the target's own year or a later
// one ("mantenimento target 2022" as the 2022 target): it cannot be measured
// when the year is scored, and usually means the cell sits in the wrong
// column.
func (p *parser) relativeRule(rel string, year int) domain.TargetRule {
	if p.ctx.Year > 0 && year >= p.ctx.Year {
		return notMeasurable(fmt.Sprintf(reasonNotBefore, year))
	}
	return domain.TargetRule{Kind: domain.RuleRelative, Year: year, Relation: rel,
		Direction: p.relationDirection(rel)}
}

// perYear counts the reports a frequency asks for in a year.
var perYear = map[string]float64{
	"mensili": 12, "bimestrali": 6, "trimestrali": 4, "quadrimestrali": 3,
	"semestrali": 2, "annuali": 1, "annui": 1, "annue": 1,
}

// reportFrequency: "report trimestrale" asks for four reports a year.
func (p *parser) reportFrequency() (domain.TargetRule, bool) {
	t := p.toks
	for i := 0; i+1 < len(t); i++ {
		noun := unitNames[t[i].text]
		f, ok := frequencies[t[i+1].text]
		if t[i].kind != tokWord || (noun != "report" && noun != "relazioni") || !ok || perYear[f.plural] == 0 {
			continue
		}
		return quantity(domain.RuleAtLeast, perYear[f.plural], noun+" "+f.plural, domain.HigherIsBetter), true
	}
	return domain.TargetRule{}, false
}

var moreWords = wordSet("ulteriori ulteriore almeno più maggiori altri altre nuovi nuove")

// unquantified: "ulteriori processi" asks for more of something without
// saying how many; a Nucleo could not tell whether one is enough.
func (p *parser) unquantified() (domain.TargetRule, bool) {
	for i := 0; i+1 < len(p.toks); i++ {
		_, isUnit := unitNames[p.toks[i+1].text]
		if p.toks[i].kind == tokWord && moreWords[p.toks[i].text] && p.toks[i+1].kind == tokWord && isUnit {
			return notMeasurable(reasonUnquantified), true
		}
	}
	return domain.TargetRule{}, false
}

// formulaOnly: "n. pervenuti / n. istruttorie completate" restates how the
// indicator is computed and leaves out the value to reach.
func (p *parser) formulaOnly() (domain.TargetRule, bool) {
	markers := 0
	for i := 0; i+1 < len(p.toks); i++ {
		if p.toks[i].isWord(countMarker) && p.toks[i+1].kind == tokWord {
			markers++
		}
	}
	if markers >= 2 && (hasSeq(p.toks, "/") || hasWord(p.toks, "su")) {
		return notMeasurable(reasonFormula), true
	}
	return domain.TargetRule{}, false
}

var deliverables = wordSet("approvazione adozione ottenimento procedura nomina attivazione " +
	"realizzazione predisposizione presentazione redazione stesura revisione revisone pubblicazione " +
	"sottoscrizione stipula affidamento aggiudicazione avvio conclusione completamento " +
	"definizione istituzione costituzione acquisizione approvare adottare")

// deliverable: a text that names a thing to get done ("procedura
// contrattuale per ...", "ottenimento riconoscimento Città che legge") is
// achieved or not.
func (p *parser) deliverable() (domain.TargetRule, bool) {
	if deliverables[firstWord(p.toks)] {
		return domain.TargetRule{Kind: domain.RuleYesNo}, true
	}
	return domain.TargetRule{}, false
}

var activities = wordSet("monitoraggio gestione controllo verifica supporto assistenza attività " +
	"coordinamento implementazione aggiornamento promozione analisi collaborazione presidio " +
	"vigilanza sensibilizzazione formazione prosecuzione miglioramento potenziamento")

// activity: a text that describes ongoing work ("gestione fase iniziale /
// implementazione") states no value to reach.
func (p *parser) activity() (domain.TargetRule, bool) {
	if activities[firstWord(p.toks)] {
		return notMeasurable(reasonActivity), true
	}
	return domain.TargetRule{}, false
}
