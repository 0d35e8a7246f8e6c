package target

import (
	"fmt"

	"github.com/performa-pa/performa/internal/domain"
)

// Deadlines: "entro il 30.09.2022", "Entro il 31/12" (the target's year),
// "entro 31 gennaio", "entro ottobre 2022", "entro il 2023", and deadlines
// that are named rather than dated ("entro i termini di legge").

// Named deadlines: a deadline rule with no Date carries one of these in
// Relation. Whether it was met is checked against the act or the law.
const (
	DeadlineLegalTerms    = "legal_terms"    // "entro i termini di legge"
	DeadlineDueDates      = "due_dates"      // "entro la scadenza", "entro le rispettive scadenze"
	DeadlineAssignedTerms = "assigned_terms" // "entro i termini assegnati"
)

// deadline: the latest date written is the one that closes the target:
// "Entro il 15/10/2022 (adozione) ed entro il 31/12/2022 (approvazione)" is
// achieved by 31/12/2022.
func (p *parser) deadline() (domain.TargetRule, bool) {
	if d, ok := p.latestDate(); ok {
		return deadlineOn(d), true
	}
	if d, ok := p.monthOrYear(); ok {
		return deadlineOn(d), true
	}
	if rel := namedDeadline(p.toks); rel != "" {
		return domain.TargetRule{Kind: domain.RuleDeadline, Relation: rel, Direction: domain.LowerIsBetter}, true
	}
	if p.undatable() {
		return notMeasurable(reasonNoYear), true
	}
	return domain.TargetRule{}, false
}

func deadlineOn(date string) domain.TargetRule {
	return domain.TargetRule{Kind: domain.RuleDeadline, Date: date, Direction: domain.LowerIsBetter}
}

// withDate adds to a quantity the date it must be reached by, when the text
// gives one: "pari almeno al 50% entro 30 settembre".
func (p *parser) withDate(r domain.TargetRule) domain.TargetRule {
	if d, ok := p.latestDate(); ok {
		r.Date = d
	}
	return r
}

// targetYear is ctx.Year when it can date a deadline.
func (p *parser) targetYear() int {
	if p.ctx.Year >= 1900 && p.ctx.Year <= 2199 {
		return p.ctx.Year
	}
	return 0
}

// latestDate returns the latest written date as "YYYY-MM-DD"; a date
// without a year takes the target's year.
func (p *parser) latestDate() (string, bool) {
	latest := ""
	for _, t := range p.toks {
		if t.kind != tokDate {
			continue
		}
		y := t.year
		if y == 0 {
			y = p.targetYear()
		}
		if y == 0 || !validDate(t.day, t.month, y) {
			continue
		}
		if d := isoDate(y, t.month, t.day); d > latest {
			latest = d
		}
	}
	return latest, latest != ""
}

func isoDate(y, m, d int) string { return fmt.Sprintf("%04d-%02d-%02d", y, m, d) }

// monthOrYear reads "entro ottobre 2022" (the month's last day), "entro il
// 2023" and "entro fine anno" (31 December).
func (p *parser) monthOrYear() (string, bool) {
	t := p.toks
	for i := range t {
		if !t[i].isWord("entro") {
			continue
		}
		j := i + 1
		for j < len(t) && t[j].kind == tokWord && deadlineFillers[t[j].text] {
			j++
		}
		if d, ok := p.monthOrYearAt(j); ok {
			return d, true
		}
	}
	return "", false
}

var deadlineFillers = map[string]bool{"il": true, "la": true, "l": true, "fine": true, "di": true, "del": true, "mese": true}

func (p *parser) monthOrYearAt(j int) (string, bool) {
	t := p.toks
	if j >= len(t) {
		return "", false
	}
	year := p.targetYear()
	switch {
	case t[j].isYear():
		return isoDate(int(t[j].num), 12, 31), true
	case t[j].isWord("anno") && year != 0:
		return isoDate(year, 12, 31), true
	case t[j].kind != tokWord:
		return "", false
	}
	m, ok := months[t[j].text]
	if !ok {
		return "", false
	}
	if j+1 < len(t) && t[j+1].isYear() {
		year = int(t[j+1].num)
	}
	if year == 0 {
		return "", false
	}
	return isoDate(year, m, daysIn(m, year)), true
}

// namedDeadline: "entro i termini di legge", "Entro le rispettive
// scadenze", "Entro i termini assegnati".
func namedDeadline(toks []token) string {
	if !hasWord(toks, "entro") {
		return ""
	}
	switch {
	case hasWord(toks, "legge", "normativi", "normativa", "legislativi"):
		return DeadlineLegalTerms
	case hasWord(toks, "scadenza", "scadenze"):
		return DeadlineDueDates
	case hasWord(toks, "termini", "termine"):
		return DeadlineAssignedTerms
	}
	return ""
}

// undatable: "entro il 31/12" with no year to put it in.
func (p *parser) undatable() bool {
	if p.targetYear() != 0 {
		return false
	}
	for _, t := range p.toks {
		if t.kind == tokDate && t.year == 0 {
			return true
		}
	}
	return false
}
