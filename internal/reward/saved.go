package reward

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
)

// Saved is the distribution as the store keeps it (domain.RewardDistribution),
// computed from the scores of the plan version versionID.
func (r *Result) Saved(year, smvpVersion int, versionID int64) domain.RewardDistribution {
	d := domain.RewardDistribution{Year: year, FundOrganizational: r.Fund.Organizational, FundIndividual: r.Fund.Individual,
		SMVPVersion: smvpVersion, VersionID: versionID, Rule: r.Rule, Distributed: r.Distributed, Unspent: r.Unspent}
	for _, e := range r.People {
		d.Entries = append(d.Entries, domain.RewardEntry{Matricola: e.Matricola, Person: e.Name, Area: e.Area, Unit: e.Unit,
			PartTime: e.PartTime, PresenceDays: e.PresenceDays, Final: e.Final, Score: e.Score, Band: e.Band,
			Coefficient: e.Coefficient, Organizational: e.Organizational, Individual: e.Individual,
			Maggiorazione: e.Maggiorazione, Amount: e.Amount})
	}
	return d
}

// FromSaved is a saved distribution as a Result, for its aggregates.
func FromSaved(d *domain.RewardDistribution) *Result {
	r := &Result{Rule: d.Rule, Fund: Fund{Organizational: d.FundOrganizational, Individual: d.FundIndividual},
		Distributed: d.Distributed, Unspent: d.Unspent}
	for _, e := range d.Entries {
		r.People = append(r.People, Entry{Matricola: e.Matricola, Name: e.Person, Area: e.Area, Unit: e.Unit, PartTime: e.PartTime,
			PresenceDays: e.PresenceDays, Final: e.Final, Score: e.Score, Band: e.Band, Coefficient: e.Coefficient,
			Organizational: e.Organizational, Individual: e.Individual, Maggiorazione: e.Maggiorazione, Amount: e.Amount})
	}
	return r
}

// DistributionReader reads a saved distribution (the store's
// RewardDistribution: ENOTFOUND when the year has none).
type DistributionReader interface {
	RewardDistribution(ctx context.Context, orgID int64, year int) (*domain.RewardDistribution, error)
}

// PublicYear is what the public section may show of a year's premiums
// (art. 20 D.Lgs 33/2013): the aggregates of the saved distribution, with
// groups of fewer than MinGroup people merged; never a person. ENOTFOUND
// when no distribution is saved for the year.
func PublicYear(ctx context.Context, st DistributionReader, orgID int64, year int) (Public, error) {
	d, err := st.RewardDistribution(ctx, orgID, year)
	if err != nil {
		return Public{}, err
	}
	return PublicOf(d), nil
}

// PublicOf is what the public section may show of the saved distribution
// d: its aggregates, of its year.
func PublicOf(d *domain.RewardDistribution) Public {
	p := FromSaved(d).PublicAggregates()
	p.Year = d.Year
	return p
}

// Text is the aggregates in Italian, for a public page or document: the
// premiums allotted and paid, and how they were distributed by score band
// and by area.
func (p Public) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Premi collegati alla performance %d (art. 20 D.Lgs 33/2013)\n", p.Year)
	fmt.Fprintf(&b, "Ammontare dei premi stanziati: %s\n", FormatEuro(p.Fund))
	fmt.Fprintf(&b, "Ammontare dei premi distribuiti: %s\n", FormatEuro(p.Distributed))
	fmt.Fprintf(&b, "Non distribuito: %s\n", FormatEuro(p.Unspent))
	fmt.Fprintf(&b, "Personale considerato: %s\n", italian.Count(p.People, "persona", "persone"))
	if len(p.ByBand) == 0 {
		fmt.Fprintf(&b, "La distribuzione per fasce e per aree non è mostrata: riguarda meno di %d persone.\n", MinGroup)
		return b.String()
	}
	groups := func(title string, gs []Group) {
		fmt.Fprintln(&b, title)
		for _, g := range gs {
			fmt.Fprintf(&b, "  %s: %s, premi %s\n", g.Label, italian.Count(g.People, "persona", "persone"), FormatEuro(g.Total))
		}
	}
	groups("Distribuzione per fascia di punteggio:", p.ByBand)
	groups("Distribuzione per area del CCNL 2019–2021:", p.ByArea)
	fmt.Fprintf(&b, "I gruppi con meno di %d persone sono accorpati ai vicini, perché nessuno sia riconoscibile.\n", MinGroup)
	return b.String()
}

// PeopleOf is the register of a year as the distribution reads it: each
// person with their days of service and absence, their final scheda's
// total (none: no premium) and their unit's score (unitScore by unit
// identity; nil: the person's own score counts for the organizational
// share).
func PeopleOf(year int, staff []domain.StaffMember, schede []domain.Scheda, unitScore func(identity int64) *float64) []Person {
	final := map[string]float64{}
	for _, sc := range schede {
		if sc.Status == domain.SchedaFinal && sc.Total != nil {
			final[sc.Matricola] = *sc.Total
		}
	}
	yearDays := int(time.Date(year+1, 1, 1, 0, 0, 0, 0, time.UTC).Sub(time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)).Hours() / 24)
	out := make([]Person, 0, len(staff))
	for _, m := range staff {
		p := Person{Matricola: m.Matricola, Name: m.FullName(), Area: m.Area, Unit: m.Unit.Name, PartTime: m.PartTime,
			AbsenceDays: m.AbsenceDays, YearDays: yearDays}
		if !m.End.Before(m.Start) {
			p.ServiceDays = int(m.End.Sub(m.Start).Hours()/24+0.5) + 1
		}
		p.Score, p.Final = final[m.Matricola]
		if unitScore != nil && m.Unit.ID != 0 {
			p.UnitScore = unitScore(m.Unit.ID)
		}
		out = append(out, p)
	}
	return out
}

// Register reads what a distribution rests on (the store's methods).
type Register interface {
	Staff(ctx context.Context, orgID int64, year int) ([]domain.StaffMember, error)
	Schede(ctx context.Context, orgID int64, year int) ([]domain.Scheda, error)
}

// Year distributes fund for year from the stored register and final
// schede, with the units' scores (unitScore), by rule: what «performa
// rewards» and the «Premi» page compute. ECONFLICT without a register.
func Year(ctx context.Context, st Register, orgID int64, year int, rule domain.ProductivityRule, fund Fund,
	unitScore func(identity int64) *float64) (*Result, error) {
	staff, err := st.Staff(ctx, orgID, year)
	if err != nil {
		return nil, err
	}
	if len(staff) == 0 {
		return nil, domain.Errorf(domain.ECONFLICT, "Il personale %d non è registrato: importalo con «performa staff import FILE --year %d».", year, year)
	}
	schede, err := st.Schede(ctx, orgID, year)
	if err != nil {
		return nil, err
	}
	return Distribute(rule, fund, PeopleOf(year, staff, schede, unitScore))
}
