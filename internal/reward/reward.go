// Package reward distributes the fund for productivity of a year among the
// staff by the SMVP's rule (domain.ProductivityRule): the fund's share for
// organizational performance and its share for individual performance,
// each by weight = coefficient of the score band × parameter of the area ×
// presence × part-time, with art. 81 CCNL 2019–2021's maggiorazione for the
// best individual scores, to the cent.
//
// How a share F is distributed:
//
//  1. Every person of the register has a base = area parameter × presence
//     (days of service less days of absence, over the days of the year,
//     when the SMVP counts presence by days) × part-time / 100, and a
//     quota = F × base / Σ base.
//  2. A person without a final (definitiva) scheda gets nothing: their
//     quota stays unspent.
//  3. The rest, the pool, goes to the people with a final scheda by
//     weight = base × the coefficient of their score's band: when the SMVP
//     redistributes, the whole pool in proportion to the weights; when it
//     does not, each gets quota × coefficient and the remainder stays
//     unspent.
//  4. Individual share only: the k people with the highest individual
//     scores (k = Share% of those with a premium, rounded down, at least
//     one; equal scores at the cut go by matricola, and the result says
//     so) receive a maggiorazione of Percent% of the average individual
//     premium computed in step 3. The maggiorazioni are paid out of the
//     share: the step-3 premiums are scaled down by the same factor so
//     that the share's total does not change; the maggiorazione is
//     therefore more than Percent% of the average premium actually paid.
//  5. Rounding to the cent is by largest remainder: the share's total in
//     cents is fixed (the pool, or the floor of the exact sum when the
//     SMVP does not redistribute), each person gets the floor of their
//     exact amount, and the cents left over go one each to the largest
//     fractional parts, equal parts by matricola. The sum distributed
//     equals the fund less what is unspent, to the cent.
package reward

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
)

// Person is one person of the register with what their premium depends on.
type Person struct {
	Matricola string
	Name      string
	Area      domain.Area
	Unit      string
	PartTime  float64 // percent of full time
	// ServiceDays are the days of service in the year, AbsenceDays the
	// days of absence the SMVP counts, YearDays the days of the year.
	ServiceDays, AbsenceDays, YearDays int
	// Final: the person's scheda is definitiva. Without it no premium.
	Final bool
	// Score is the total of the final scheda (0–100).
	Score float64
	// UnitScore is the score of the person's unit, for the organizational
	// share; nil: the person's own score.
	UnitScore *float64
}

// Fund is the year's fund for productivity, in cents.
type Fund struct {
	Organizational, Individual int64
}

// Entry is one person's premium, in cents.
type Entry struct {
	Matricola      string
	Name           string
	Area           domain.Area
	Unit           string
	PartTime       float64
	PresenceDays   int // days of service less days of absence
	Final          bool
	Score          float64
	Band           int // index of the band of the individual score; -1 without a final scheda
	Coefficient    float64
	Base           float64 // area parameter × presence × part-time
	Organizational int64
	Individual     int64 // including the maggiorazione
	Maggiorazione  int64
	Amount         int64
}

// Result is the distribution of a year's fund.
type Result struct {
	Rule        domain.ProductivityRule
	Fund        Fund
	People      []Entry // in the order given
	Distributed int64
	Unspent     int64
	// UnspentNoScheda is what stays unspent because people had no final
	// scheda; the rest of Unspent is what the bands left (no
	// redistribution, or nobody with a weight).
	UnspentNoScheda int64
	// Maggiorati: how many people received the maggiorazione, of how much
	// each (cents), over the average individual premium (cents).
	Maggiorati        int
	MaggiorazioneEach int64
	AverageIndividual int64
	Notes             []string
}

// Total is the whole fund.
func (f Fund) Total() int64 { return f.Organizational + f.Individual }

// Distribute computes the premiums of people under rule.
func Distribute(rule domain.ProductivityRule, fund Fund, people []Person) (*Result, error) {
	if err := rule.Validate(); err != nil {
		return nil, err
	}
	if fund.Organizational < 0 || fund.Individual < 0 {
		return nil, domain.Errorf(domain.EINVALID, "Il fondo non può essere negativo.")
	}
	res := &Result{Rule: rule, Fund: fund, People: make([]Entry, len(people))}
	base := make([]float64, len(people))
	for i, p := range people {
		e := Entry{Matricola: p.Matricola, Name: p.Name, Area: p.Area, Unit: p.Unit, PartTime: p.PartTime,
			PresenceDays: max(0, p.ServiceDays-p.AbsenceDays), Final: p.Final, Score: p.Score, Band: -1}
		base[i] = rule.AreaParameters[p.Area] * presence(rule, p) * math.Max(0, math.Min(p.PartTime, 100)) / 100
		e.Base = base[i]
		if p.Final {
			e.Band, e.Coefficient = band(rule, p.Score)
		}
		res.People[i] = e
	}
	orgScore := func(p Person) float64 {
		if p.UnitScore != nil {
			return *p.UnitScore
		}
		return p.Score
	}
	org, orgLost := share(rule, fund.Organizational, people, base, orgScore)
	ind, indLost := share(rule, fund.Individual, people, base, func(p Person) float64 { return p.Score })
	bonus := res.differentiate(rule, people, ind)
	orgC := largestRemainder(org, people)
	indC := largestRemainder(ind, people)
	bonusC := largestRemainder(bonus, people)
	for i := range res.People {
		e := &res.People[i]
		e.Organizational, e.Individual, e.Maggiorazione = orgC[i], indC[i], bonusC[i]
		e.Amount = e.Organizational + e.Individual
		res.Distributed += e.Amount
	}
	res.Unspent = fund.Total() - res.Distributed
	res.UnspentNoScheda = int64(math.Ceil(orgLost-1e-7) + math.Ceil(indLost-1e-7))
	if res.UnspentNoScheda > res.Unspent {
		res.UnspentNoScheda = res.Unspent
	}
	return res, nil
}

func presence(rule domain.ProductivityRule, p Person) float64 {
	if p.ServiceDays <= 0 {
		return 0
	}
	if !rule.PresenceByDays || p.YearDays <= 0 {
		return 1
	}
	return math.Max(0, float64(p.ServiceDays-p.AbsenceDays)) / float64(p.YearDays)
}

// band finds the band of a score and its coefficient.
func band(rule domain.ProductivityRule, score float64) (int, float64) {
	at, c := -1, 0.0
	for i, b := range rule.Bands {
		if score >= b.From {
			at, c = i, b.Coefficient
		}
	}
	return at, c
}

// share distributes F cents (steps 1–3) into exact amounts, returning them
// and the cents lost to people without a final scheda.
func share(rule domain.ProductivityRule, f int64, people []Person, base []float64, score func(Person) float64) ([]float64, float64) {
	out := make([]float64, len(people))
	var sumBase float64
	for _, b := range base {
		sumBase += b
	}
	if f == 0 || sumBase == 0 {
		return out, 0
	}
	var lost, sumW float64
	w := make([]float64, len(people))
	for i, p := range people {
		quota := float64(f) * base[i] / sumBase
		if !p.Final {
			lost += quota
			continue
		}
		_, c := band(rule, score(p))
		w[i] = base[i] * c
		sumW += w[i]
		if !rule.Redistribute {
			out[i] = quota * c
		}
	}
	if rule.Redistribute && sumW > 0 {
		pool := float64(f) - lost
		for i := range out {
			out[i] = pool * w[i] / sumW
		}
	}
	return out, lost
}

// differentiate applies art. 81's maggiorazione to the individual share
// (step 4), in place, and returns each person's maggiorazione.
func (res *Result) differentiate(rule domain.ProductivityRule, people []Person, ind []float64) []float64 {
	bonus := make([]float64, len(people))
	d := rule.Differentiation
	var paid []int
	var sum float64
	for i, v := range ind {
		if v > 0 {
			paid = append(paid, i)
			sum += v
		}
	}
	if d.Share <= 0 || len(paid) == 0 {
		return bonus
	}
	avg := sum / float64(len(paid))
	k := max(1, int(math.Floor(float64(len(paid))*d.Share/100+1e-9)))
	slices.SortStableFunc(paid, func(a, b int) int {
		if people[a].Score != people[b].Score {
			if people[a].Score > people[b].Score {
				return -1
			}
			return 1
		}
		return strings.Compare(people[a].Matricola, people[b].Matricola)
	})
	each := avg * d.Percent / 100
	total := each * float64(k)
	if total >= sum {
		res.Notes = append(res.Notes, "La maggiorazione non trova capienza nella quota individuale: non applicata.")
		return bonus
	}
	if k < len(paid) && people[paid[k-1]].Score == people[paid[k]].Score {
		res.Notes = append(res.Notes, fmt.Sprintf("A pari punteggio (%s) al limite della quota della maggiorazione decide l'ordine di matricola.",
			strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", people[paid[k]].Score), "0"), ".")))
	}
	scale := (sum - total) / sum
	for i := range ind {
		ind[i] *= scale
	}
	for _, i := range paid[:k] {
		ind[i] += each
		bonus[i] = each
	}
	res.Maggiorati, res.MaggiorazioneEach, res.AverageIndividual = k, int64(math.Round(each)), int64(math.Round(avg))
	return bonus
}

// largestRemainder rounds exact amounts (cents) to whole cents keeping
// their sum (step 5).
func largestRemainder(exact []float64, people []Person) []int64 {
	out := make([]int64, len(exact))
	var sum float64
	var floors int64
	for i, v := range exact {
		sum += v
		out[i] = int64(math.Floor(v + 1e-7))
		floors += out[i]
	}
	target := int64(math.Floor(sum + 1e-6))
	order := make([]int, 0, len(exact))
	for i, v := range exact {
		if v > 0 {
			order = append(order, i)
		}
	}
	frac := func(i int) float64 { return exact[i] - float64(out[i]) }
	slices.SortStableFunc(order, func(a, b int) int {
		if fa, fb := frac(a), frac(b); math.Abs(fa-fb) > 1e-9 {
			if fa > fb {
				return -1
			}
			return 1
		}
		return strings.Compare(people[a].Matricola, people[b].Matricola)
	})
	for j := 0; floors < target && len(order) > 0; j = (j + 1) % len(order) {
		out[order[j]]++
		floors++
	}
	return out
}
