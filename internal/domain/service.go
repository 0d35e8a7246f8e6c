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
	// CheckImport says whether ImportPlan would store p (nil) or refuse it
	// (the refusal), storing nothing: what an import page offers follows
	// it. p is changed as ImportPlan changes it, its ids then zeroed.
	CheckImport(ctx context.Context, p *Plan) error

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
}

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
