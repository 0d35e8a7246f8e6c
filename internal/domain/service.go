package domain

import (
	"context"
	"time"
)

// PlanStore keeps organizations and their plans. Two implementations stand
// behind it (SQLite and PostgreSQL); both pass the same tests. Every method
// that reads or writes tenant data takes the organization id and filters by it.
type PlanStore interface {
	// ImportPlan stores p in one transaction as the draft version of its
	// cycle for the organization named p.Organization.Name, creating the
	// organization and the cycle (by first and last year) when missing. When
	// the cycle's newest version is a draft, its content is replaced (nothing
	// is duplicated); when it is approved the import is refused with
	// ECONFLICT, because an approved plan changes only through a variation.
	// On success p's ids are filled in.
	ImportPlan(ctx context.Context, p *Plan, actor string) (*ImportResult, error)
	// ImportPlanWith is ImportPlan with options: replacing, on purpose, a
	// draft that is a variation or holds edits made in performa (refused
	// otherwise with a *DraftEditedError), or a dry run.
	ImportPlanWith(ctx context.Context, p *Plan, opts ImportOptions) (*ImportResult, error)

	// Organizations lists every organization, by name.
	Organizations(ctx context.Context) ([]Organization, error)
	// OrganizationByName finds an organization by exact name (ENOTFOUND).
	OrganizationByName(ctx context.Context, name string) (*Organization, error)

	// Plans lists the plan versions of an organization, newest cycle first.
	Plans(ctx context.Context, orgID int64) ([]PlanSummary, error)
	// Plan loads one version whole: units, objectives, indicators,
	// targets and the diagnostics of its import (ENOTFOUND).
	Plan(ctx context.Context, orgID, versionID int64) (*Plan, error)
	// CurrentPlan loads the newest version of the newest cycle (ENOTFOUND).
	CurrentPlan(ctx context.Context, orgID int64) (*Plan, error)

	// AuditLog lists the audit entries of an organization, newest first.
	AuditLog(ctx context.Context, orgID int64, limit int) ([]AuditEntry, error)

	Close() error
}

// PlanSummary describes one stored plan version.
type PlanSummary struct {
	Organization Organization
	Cycle        Cycle
	Version      Version
	Units        int
	Objectives   int
	Indicators   int
	ImportedAt   time.Time
}

// ImportResult tells what ImportPlan did.
type ImportResult struct {
	OrganizationID int64
	CycleID        int64
	VersionID      int64
	Replaced       bool // a draft was replaced
	Created        bool // the organization was created

	// ReplacedVersion is the number of the draft replaced (Replaced).
	ReplacedVersion int
	// Erased are the edits made in performa that replacing the draft
	// erased (ImportOptions.ReplaceDraft).
	Erased []DraftEdit
	// Match tells which stored elements the imported ones continue.
	Match ImportMatch
	// DryRun: nothing was stored (ImportOptions.DryRun).
	DryRun bool
}

// ImportOptions say how an import treats the draft it would replace.
type ImportOptions struct {
	Actor string
	// ReplaceDraft replaces a draft that is a variation or holds edits
	// made in performa; without it such an import is refused with a
	// *DraftEditedError naming what it would erase.
	ReplaceDraft bool
	// DryRun does all the work and the checks, then stores nothing: the
	// result (or the refusal) says what the import would do.
	DryRun bool
}

// ImportMatch tells how the elements of an imported plan were matched to
// those stored before it (the draft it replaces, or for a new cycle the
// plan of the cycle before): matched ones keep their identity (and, in a
// replaced draft, their ids, so that links to them keep working).
type ImportMatch struct {
	// Against says what the plan was matched with, in words ("la bozza
	// (versione 1) del piano 2022–2024"); "" when nothing was stored before.
	Against    string
	Units      MatchCount
	Objectives MatchCount // zero for a new cycle: its objectives are new
	Indicators MatchCount
	// The elements added and removed, for the report.
	AddedUnits, RemovedUnits           []string
	AddedObjectives, RemovedObjectives []ElementRef
}

// MatchCount counts matched, added and removed elements of one kind.
type MatchCount struct{ Matched, Added, Removed int }

// ElementRef names an objective for people: its unit, code and title.
type ElementRef struct {
	Unit  string `json:"unit"`
	Code  string `json:"code"`
	Title string `json:"title"`
}

// DraftEdit is an edit made in performa to a draft version: which element
// (in words, as it was), what, who and when.
type DraftEdit struct {
	At       time.Time
	Actor    string // sign-in name
	FullName string // of the actor, when a user of the organization
	Action   string // "create", "update", "delete"
	Entity   string // "objective", "indicator"
	EntityID int64
	Label    string // "obiettivo 2.1 – Titolo (Area Finanziaria)"
}

// DraftEditedError refuses an import that would replace a draft holding
// work done in performa: a variation (version > 1) or edits. Its message
// names the version and the edits; ImportOptions.ReplaceDraft overrides.
type DraftEditedError struct {
	Err       *Error // ECONFLICT, with the message
	Version   int
	Variation bool
	Reason    string // of the variation
	Edits     []DraftEdit
}

func (e *DraftEditedError) Error() string { return e.Err.Error() }
func (e *DraftEditedError) Unwrap() error { return e.Err }

// InForce picks, among the plan versions of an organization (newest cycle
// first, newest version first, as PlanStore.Plans lists them), the one
// people work on: the approved version of the newest cycle or, while none
// is approved, its newest draft. It also returns that cycle's versions.
func InForce(all []PlanSummary) (PlanSummary, []PlanSummary, bool) {
	if len(all) == 0 {
		return PlanSummary{}, nil, false
	}
	var versions []PlanSummary
	for _, p := range all {
		if p.Cycle.ID == all[0].Cycle.ID {
			versions = append(versions, p)
		}
	}
	for _, v := range versions {
		if v.Version.Status == VersionApproved {
			return v, versions, true
		}
	}
	return versions[0], versions, true
}
