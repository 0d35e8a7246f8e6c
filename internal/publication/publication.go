// Package publication decides what an ente publishes in «Amministrazione
// trasparente › Performance», and what the public may read of it. Nothing
// is public until an administrator publishes it: the Piano of a year once
// an approved version of the plan covers it, the Relazione of a year once
// the Nucleo di Valutazione has signed the year off. Publishing and taking
// down are both in the audit log (the store writes it), and the history
// stays.
//
// The privacy filter lives here too: Results is the public view of a
// year's score.Result, and carries only the ente's, the units' and the
// objectives' figures (performance organizzativa). Managers' individual
// scores, behaviour ratings, schede and rewards never reach it; the public
// pages and the open data are built from it alone. The package does no
// I/O but through the store it is given, and knows nothing of HTTP.
package publication

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
	"github.com/performa-pa/performa/internal/reward"
)

// Store is what publishing needs of the store.
type Store interface {
	domain.PublicationStore
	reward.DistributionReader
	Versions(ctx context.Context, orgID int64) ([]domain.PlanSummary, error)
	SignOffs(ctx context.Context, orgID, cycleID int64) ([]domain.SignOff, error)
}

// Candidate is what a publication of kind and year would publish: the
// cycle and the version (for premi also the saved distribution), or why
// it cannot be published now (Refusal).
type Candidate struct {
	Kind         domain.PublicationKind
	Year         int
	Version      *domain.PlanSummary        // nil when refused
	SignOff      *domain.SignOff            // the Relazione's sign-off
	Distribution *domain.RewardDistribution // the premi's saved distribution
	Refusal      error                      // ECONFLICT with the reason in Italian
}

// unknownKind is the refusal of a kind that is none of the three.
func unknownKind(kind domain.PublicationKind) error {
	return domain.Errorf(domain.EINVALID, "Documento sconosciuto «%s»: piano, relazione o premi.", kind)
}

// Find says what publishing kind for year would publish. The Piano of a
// year is the approved version in force of the newest cycle covering it;
// the Relazione of a year needs the year signed off by the Nucleo in a
// cycle covering it, and publishes that cycle's approved version. The
// premi of a year need a saved distribution of the year's fund (performa
// rewards --save) and an approved version covering the year, the plan
// whose scores the premiums rest on, which the publication records.
func Find(ctx context.Context, st Store, orgID int64, kind domain.PublicationKind, year int) (*Candidate, error) {
	if !kind.Valid() {
		return nil, unknownKind(kind)
	}
	c := &Candidate{Kind: kind, Year: year}
	if kind == domain.PublishPremi {
		d, err := st.RewardDistribution(ctx, orgID, year)
		switch {
		case domain.ErrorCode(err) == domain.ENOTFOUND:
			c.Refusal = domain.Errorf(domain.ECONFLICT,
				"I dati sui premi collegati alla performance %d non si possono pubblicare: nessuna distribuzione dei premi è salvata per il %d (Premi › Salva, o performa rewards --year %d --save).",
				year, year, year)
			return c, nil
		case err != nil:
			return nil, err
		}
		c.Distribution = d
	}
	all, err := st.Versions(ctx, orgID)
	if err != nil {
		return nil, err
	}
	if c.Distribution != nil && c.Distribution.VersionID != 0 {
		return premiVersion(c, all), nil
	}
	covering := false
	for _, cycleID := range cyclesOf(all) {
		var approved *domain.PlanSummary
		for i := range all {
			p := &all[i]
			if p.Cycle.ID != cycleID || !p.Cycle.Contains(year) {
				continue
			}
			covering = true
			if p.Version.Status == domain.VersionApproved && approved == nil {
				approved = p
			}
		}
		if approved == nil {
			continue
		}
		if kind != domain.PublishRelazione {
			c.Version = approved
			return c, nil
		}
		sos, err := st.SignOffs(ctx, orgID, cycleID)
		if err != nil {
			return nil, err
		}
		for i := range sos {
			if sos[i].Year == year {
				c.Version, c.SignOff = approved, &sos[i]
				return c, nil
			}
		}
	}
	switch {
	case !covering:
		c.Refusal = domain.Errorf(domain.ECONFLICT, "%s %d non %s pubblicare: nessun piano salvato copre il %d.",
			kind.The(), year, kind.Verb("si può", "si possono"), year)
	case kind == domain.PublishPremi:
		c.Refusal = domain.Errorf(domain.ECONFLICT,
			"I dati sui premi collegati alla performance %d non si possono pubblicare: nessuna versione approvata del piano copre il %d, e i premi poggiano sui suoi punteggi.",
			year, year)
	case kind == domain.PublishPiano:
		c.Refusal = domain.Errorf(domain.ECONFLICT,
			"Il Piano della performance %d non si può pubblicare: nessuna versione approvata del piano copre il %d; va prima approvata con la delibera.",
			year, year)
	default:
		c.Refusal = domain.Errorf(domain.ECONFLICT,
			"La Relazione sulla performance %d non si può pubblicare: il Nucleo di Valutazione non ha ancora chiuso l'anno %d (Validazione › Chiudi l'anno).",
			year, year)
	}
	return c, nil
}

// premiVersion completes the candidate premi whose distribution records
// the plan version its scores came from: that version, once approved.
func premiVersion(c *Candidate, all []domain.PlanSummary) *Candidate {
	for i := range all {
		p := &all[i]
		if p.Version.ID != c.Distribution.VersionID {
			continue
		}
		if p.Version.Status == domain.VersionApproved || p.Version.Status == domain.VersionSuperseded {
			c.Version = p
			return c
		}
		c.Refusal = domain.Errorf(domain.ECONFLICT,
			"I dati sui premi collegati alla performance %d non si possono pubblicare: la distribuzione è calcolata sui punteggi della versione %d del piano, che è %s; va prima approvata con la delibera.",
			c.Year, p.Version.Number, p.Version.Status.Label())
		return c
	}
	c.Refusal = domain.Errorf(domain.ECONFLICT,
		"I dati sui premi collegati alla performance %d non si possono pubblicare: la versione del piano su cui la distribuzione è calcolata non c'è più; salva di nuovo la distribuzione.", c.Year)
	return c
}

// cyclesOf lists the cycles of versions (newest cycle first, as the store
// lists them), once each.
func cyclesOf(all []domain.PlanSummary) []int64 {
	var out []int64
	seen := map[int64]bool{}
	for _, p := range all {
		if !seen[p.Cycle.ID] {
			seen[p.Cycle.ID] = true
			out = append(out, p.Cycle.ID)
		}
	}
	return out
}

// Publish publishes kind of year for the user by, when the rules allow
// (else ECONFLICT with the reason in Italian, and nothing changes): the
// version Find picks becomes the live publication, replacing one of
// another version.
func Publish(ctx context.Context, st Store, orgID int64, kind domain.PublicationKind, year int, by string) (*domain.Publication, error) {
	c, err := Find(ctx, st, orgID, kind, year)
	if err != nil {
		return nil, err
	}
	if c.Refusal != nil {
		return nil, c.Refusal
	}
	p := &domain.Publication{Kind: kind, Year: year, CycleID: c.Version.Cycle.ID, VersionID: c.Version.Version.ID,
		VersionNumber: c.Version.Version.Number, PublishedBy: by}
	if d := c.Distribution; d != nil {
		if p.Content, err = json.Marshal(reward.PublicOf(d)); err != nil {
			return nil, fmt.Errorf("publication: premi: %w", err)
		}
		saved := d.SavedAt
		p.DistributionID, p.DistributionSavedAt = d.ID, &saved
	}
	if err := st.Publish(ctx, orgID, p); err != nil {
		return nil, err
	}
	return p, nil
}

// Unpublish takes kind of year off the public site (ECONFLICT when it is
// not published).
func Unpublish(ctx context.Context, st Store, orgID int64, kind domain.PublicationKind, year int, by string) (*domain.Publication, error) {
	if !kind.Valid() {
		return nil, unknownKind(kind)
	}
	return st.Unpublish(ctx, orgID, kind, year, by)
}

// ParseKind reads a kind as people write it: piano, relazione or premi.
func ParseKind(s string) (domain.PublicationKind, error) {
	k := domain.PublicationKind(s)
	if !k.Valid() {
		return "", unknownKind(k)
	}
	return k, nil
}

// Live is the live publication of kind and year among pubs, nil if none.
func Live(pubs []domain.Publication, kind domain.PublicationKind, year int) *domain.Publication {
	for i := range pubs {
		if p := &pubs[i]; p.Kind == kind && p.Year == year && p.Live() {
			return p
		}
	}
	return nil
}

// History lists the publications of kind and year among pubs, newest
// first.
func History(pubs []domain.Publication, kind domain.PublicationKind, year int) []domain.Publication {
	var out []domain.Publication
	for i := len(pubs) - 1; i >= 0; i-- {
		if pubs[i].Kind == kind && pubs[i].Year == year {
			out = append(out, pubs[i])
		}
	}
	return out
}

// Years lists the years with a live publication, newest first, each once.
func Years(pubs []domain.Publication) []int {
	seen := map[int]bool{}
	var out []int
	for _, p := range pubs {
		if p.Live() && !seen[p.Year] {
			seen[p.Year] = true
			out = append(out, p.Year)
		}
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] > out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// Reopened is when year was reopened, if its sign-off was undone and not
// made again (history: the cycle's, oldest first; nil otherwise): the
// figures a published Relazione shows are then not final.
func Reopened(history []domain.YearEvent, year int) *time.Time {
	var last *domain.YearEvent
	for i := range history {
		if history[i].Year == year {
			last = &history[i]
		}
	}
	if last == nil || last.Action != domain.YearReopened {
		return nil
	}
	t := last.At
	return &t
}

// ReopenedNotice is what the public pages say of a reopened year.
func ReopenedNotice(at time.Time) string {
	return fmt.Sprintf("anno riaperto il %s: dati non definitivi", at.In(italian.Rome).Format("02/01/2006"))
}

// Done says what was done, for the CLI and the pages.
func Done(p *domain.Publication) string {
	if p.Live() {
		return fmt.Sprintf("%s %d %s (%s) il %s.", p.Kind.The(), p.Year, p.Kind.Agree("pubblicato"), p.What(),
			p.PublishedAt.In(italian.Rome).Format("02/01/2006 15:04"))
	}
	return fmt.Sprintf("%s %d %s dalla pubblicazione il %s.", p.Kind.The(), p.Year, p.Kind.Agree("ritirato"),
		p.UnpublishedAt.In(italian.Rome).Format("02/01/2006 15:04"))
}

// Premi is what a publication of premi published: the aggregates as they
// were when it was published, whatever was saved since.
func Premi(p *domain.Publication) (reward.Public, error) {
	var out reward.Public
	if p.Kind != domain.PublishPremi {
		return out, fmt.Errorf("publication: %s is not premi", p.Kind)
	}
	if err := json.Unmarshal(p.Content, &out); err != nil {
		return out, fmt.Errorf("publication: premi %d: %w", p.Year, err)
	}
	return out, nil
}

// Replaced is when the saved distribution of a published premi's year was
// replaced by a newer save (nil when it is still the one published): the
// public page then says that its figures are the ones published, not the
// saved ones. d is the year's saved distribution (nil: none any more).
func Replaced(p *domain.Publication, d *domain.RewardDistribution) *time.Time {
	if p.Kind != domain.PublishPremi || d != nil && d.ID == p.DistributionID {
		return nil
	}
	if d == nil {
		t := p.PublishedAt
		return &t
	}
	t := d.SavedAt
	return &t
}
