// Package closure decides whether the Nucleo di Valutazione may sign a year
// off, and what a sign-off keeps. A year closes only when its figures are
// earned: the version of the plan in force is approved, the year is over,
// every objective has a result or was neutralised, and every result was
// validated by the Nucleo (confirming the computed figure counts) after
// its last change. Check lists what is missing, each gap naming the unit
// and objective so that pages can link to it; SignOff refuses with that
// list and signs off otherwise. The web pages, the API and the CLI all
// close a year through SignOff. The package does no I/O but through the
// store it is given.
package closure

import (
	"context"
	"fmt"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
	"github.com/performa-pa/performa/internal/score"
)

// GapKind says what a gap is.
type GapKind string

const (
	GapSigned       GapKind = "signed"        // the year is signed off already
	GapDraft        GapKind = "draft"         // the version in force is not approved
	GapYearOpen     GapKind = "year_open"     // the year is not over
	GapNoResult     GapKind = "no_result"     // an objective has no result and was not neutralised
	GapNotValidated GapKind = "not_validated" // a result the Nucleo has not validated
	GapStale        GapKind = "stale"         // validated before the computed figure changed
)

// Gap is one thing that stands between a year and its sign-off.
type Gap struct {
	Kind      GapKind
	Unit      *domain.Unit      // nil for the plan's gaps
	Objective *domain.Objective // nil for the plan's gaps
	Message   string            // in Italian
}

// Check lists what stands between res's year of p and its sign-off, in
// plan order: nil when the year can be closed. res must be computed from
// the version in force with its validations, at the time of the sign-off
// (score.Input.Now).
func Check(p *domain.Plan, res score.Result) []Gap {
	var gaps []Gap
	if res.Status == score.Final {
		return []Gap{{Kind: GapSigned, Message: fmt.Sprintf("L'anno %d è già chiuso: per rivederlo va riaperto, con l'atto che lo dispone.", res.Year)}}
	}
	if p.Version.Status != domain.VersionApproved {
		gaps = append(gaps, Gap{Kind: GapDraft, Message: fmt.Sprintf(
			"La versione %d del piano è in bozza: va approvata con la delibera prima di chiudere l'anno.", p.Version.Number)})
	}
	if res.Status == score.Provisional {
		gaps = append(gaps, Gap{Kind: GapYearOpen, Message: fmt.Sprintf(
			"Il %d non è ancora concluso: i punteggi restano provvisori fino al 31/12/%d.", res.Year, res.Year)})
	}
	for _, u := range res.Units {
		for _, o := range u.Objectives {
			if g, ok := objectiveGap(u.Unit, o); ok {
				gaps = append(gaps, g)
			}
		}
	}
	return gaps
}

func objectiveGap(u *domain.Unit, o score.ObjectiveScore) (Gap, bool) {
	g := Gap{Unit: u, Objective: o.Objective}
	where := fmt.Sprintf("%s, obiettivo %s", u.Name, label(o.Objective))
	switch {
	case o.State == score.StateNeutralised || o.State == score.StateUnplanned:
		return g, false
	case o.Validation == nil && o.Computed == nil:
		g.Kind, g.Message = GapNoResult, where+": nessun risultato; va misurato, validato con una percentuale o neutralizzato."
	case o.Validation == nil:
		g.Kind, g.Message = GapNotValidated, fmt.Sprintf("%s: calcolato %s, da convalidare o correggere.", where, score.FormatPercent(*o.Computed))
	case o.Stale:
		was := "nessun valore calcolato"
		if o.Validation.Computed != nil {
			was = "il calcolato era " + score.FormatPercent(*o.Validation.Computed)
		}
		now := "ora non c'è un valore calcolato"
		if o.Computed != nil {
			now = "ora è " + score.FormatPercent(*o.Computed)
		}
		g.Kind, g.Message = GapStale, fmt.Sprintf("%s: validato %s quando %s, %s; va rivisto.", where,
			score.FormatPercent(o.Validation.Percent), was, now)
	default:
		return g, false
	}
	return g, true
}

func label(o *domain.Objective) string {
	if o.Code != "" {
		return o.Code
	}
	return fmt.Sprintf("#%d", o.Position)
}

// Refusal is the refusal of a sign-off: ECONFLICT with a summary in
// Italian, and the gaps, for a page to list.
type Refusal struct {
	err  *domain.Error
	Year int
	Gaps []Gap
}

func (r *Refusal) Error() string { return r.err.Error() }
func (r *Refusal) Unwrap() error { return r.err }

// Refuse makes the refusal of year's sign-off for gaps: «L'anno 2022 non
// si può chiudere: 114 obiettivi senza risultato, 9 risultati da
// validare; il piano è in bozza.»
func Refuse(year int, gaps []Gap) *Refusal {
	if len(gaps) == 1 && gaps[0].Kind == GapSigned {
		return &Refusal{err: domain.Errorf(domain.ECONFLICT, "%s", gaps[0].Message), Year: year}
	}
	count := map[GapKind]int{}
	var plan []string
	for _, g := range gaps {
		count[g.Kind]++
		if g.Objective == nil {
			plan = append(plan, g.Message)
		}
	}
	var parts []string
	if n := count[GapNoResult]; n > 0 {
		parts = append(parts, italian.Count(n, "obiettivo senza risultato", "obiettivi senza risultato"))
	}
	if n := count[GapNotValidated]; n > 0 {
		parts = append(parts, italian.Count(n, "risultato da validare", "risultati da validare"))
	}
	if n := count[GapStale]; n > 0 {
		parts = append(parts, italian.Count(n, "validazione da rivedere", "validazioni da rivedere"))
	}
	msg := fmt.Sprintf("L'anno %d non si può chiudere", year)
	if len(parts) > 0 {
		msg += ": " + strings.Join(parts, ", ")
	}
	msg += "."
	if len(plan) > 0 {
		msg += " " + strings.Join(plan, " ")
	}
	return &Refusal{err: domain.Errorf(domain.ECONFLICT, "%s", msg), Year: year, Gaps: gaps}
}

// Store is what a sign-off needs of the store (domain.WorkStore.SignOff).
type Store interface {
	SignOff(ctx context.Context, orgID int64, so *domain.SignOff, versionID int64, stamp string) error
}

// SignOff closes res's year of p for the user by when Check finds nothing
// missing, locking res's figures; otherwise it refuses with a *Refusal and
// changes nothing. res must have been computed from the version p in the
// state stamp (domain.WorkStore.VersionStamp, read before the data): the
// store refuses when the version has changed since.
func SignOff(ctx context.Context, st Store, orgID int64, p *domain.Plan, res score.Result, stamp, by string) (*domain.SignOff, error) {
	if gaps := Check(p, res); len(gaps) > 0 {
		return nil, Refuse(res.Year, gaps)
	}
	so := &domain.SignOff{CycleID: p.Cycle.ID, Year: res.Year, SignedBy: by, Scores: Lock(res)}
	if err := st.SignOff(ctx, orgID, so, p.Version.ID, stamp); err != nil {
		return nil, err
	}
	return so, nil
}

// Lock is what a sign-off keeps of a result: the ente's, each unit's and
// each objective's figures, computed, validated and counted, and which
// objectives were neutralised and why.
func Lock(res score.Result) domain.LockedScores {
	l := domain.LockedScores{Organization: res.Organization.Score}
	for _, u := range res.Units {
		l.Units = append(l.Units, domain.LockedUnit{ID: u.Unit.ID, Identity: u.Unit.Identity, Name: u.Unit.Name, Score: u.Score})
		for _, o := range u.Objectives {
			lo := domain.LockedObjective{ID: o.Objective.ID, Identity: o.Objective.Identity, UnitID: u.Unit.ID, Code: o.Objective.Code,
				Title: o.Objective.Title, Computed: o.Computed, Score: o.Score}
			if o.Validation != nil && o.Validation.Kind != domain.ValidationConfirmed {
				p := o.Validation.Percent
				lo.Validated = &p
			}
			if o.Neutralisation != nil {
				lo.Neutralised, lo.Reason = true, o.Neutralisation.Reason
			}
			l.Objectives = append(l.Objectives, lo)
		}
	}
	return l
}
