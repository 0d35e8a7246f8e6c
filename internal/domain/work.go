package domain

import (
	"context"
	"time"
)

// SignOff is the Nucleo di Valutazione's sign-off of one year of a cycle:
// from then on the year's final scores are locked (measurements and
// validations for that year are refused) and Scores keeps them as they were
// when signed.
type SignOff struct {
	OrganizationID int64
	CycleID        int64
	Year           int
	SignedBy       string // sign-in name
	SignedByName   string // full name, as the store found it among the users
	SignedAt       time.Time
	Scores         LockedScores
}

// Signer is who signed off, as people read it.
func (so *SignOff) Signer() string {
	if so.SignedByName != "" {
		return so.SignedByName
	}
	return so.SignedBy
}

// Reopening undoes the sign-off of a year (or the closing of its cycle):
// an administrator's act, with the reason and the act (number and date)
// that decided it. The scores of the year stop being final until the next
// sign-off.
type Reopening struct {
	CycleID   int64
	Year      int
	Reason    string
	ActNumber string
	ActDate   time.Time
	By        string // sign-in name
}

// YearAction is what happened to a year in its history.
type YearAction string

const (
	YearSignedOff YearAction = "signoff"
	YearReopened  YearAction = "reopen"
)

// YearEvent is one close or reopening of a year, kept for good: the
// history of a year's sign-offs.
type YearEvent struct {
	OrganizationID int64
	CycleID        int64
	Year           int
	Action         YearAction
	By             string // sign-in name
	ByName         string // full name when known
	At             time.Time
	Reason         string     // reopenings
	ActNumber      string     // reopenings
	ActDate        *time.Time // reopenings
	Scores         *LockedScores
}

// Who is who acted, as people read it.
func (e *YearEvent) Who() string {
	if e.ByName != "" {
		return e.ByName
	}
	return e.By
}

// LockedScores are the final scores of a year, as signed off.
type LockedScores struct {
	Organization *float64          `json:"organization"`
	Units        []LockedUnit      `json:"units"`
	Objectives   []LockedObjective `json:"objectives"`
}

// LockedUnit is a unit's final score.
type LockedUnit struct {
	ID       int64    `json:"id"`
	Identity int64    `json:"identity,omitempty"` // the unit's in every version (0 in sign-offs before identities)
	Name     string   `json:"name"`
	Score    *float64 `json:"score"`
}

// LockedObjective is an objective's final figures: computed, validated
// (nil when the Nucleo di Valutazione kept the computed one) and the one
// that counts.
type LockedObjective struct {
	ID int64 `json:"id"`
	// Identity is the objective's in every version: a variation approved
	// after the sign-off gives it a new id, not a new identity.
	Identity  int64    `json:"identity,omitempty"`
	UnitID    int64    `json:"unit_id"`
	Code      string   `json:"code"`
	Title     string   `json:"title"`
	Computed  *float64 `json:"computed"`
	Validated *float64 `json:"validated"`
	Score     *float64 `json:"score"`
	// Neutralised: out of the roll-ups by the Nucleo's decision, with its
	// reason.
	Neutralised bool   `json:"neutralised,omitempty"`
	Reason      string `json:"reason,omitempty"`
}

// Unit returns the locked score of the unit id, if any.
func (l LockedScores) Unit(id int64) (LockedUnit, bool) {
	for _, u := range l.Units {
		if u.ID == id {
			return u, true
		}
	}
	return LockedUnit{}, false
}

// Location places an objective or an indicator in its plan: the unit, the
// version and the cycle it belongs to, and its revision, the counter that
// every edit increments (optimistic concurrency: an edit names the revision
// it was made from and is refused when the row has moved on).
type Location struct {
	OrganizationID int64
	CycleID        int64
	VersionID      int64
	VersionNumber  int
	VersionStatus  VersionStatus
	UnitID         int64
	UnitName       string
	ObjectiveID    int64
	IndicatorID    int64 // 0 for an objective
	Revision       int

	UnitIdentity int64 // the unit's identity: managers are bound to it
}

// WorkStore keeps what happens to a plan during its cycle: measurements,
// validations, the SMVP, sign-offs, approvals and variations, edits, and
// the audit log read per object and per person. As everywhere, every method
// takes the organization id and filters by it.
type WorkStore interface {
	Measurements(ctx context.Context, orgID, versionID int64) ([]Measurement, error)
	// AddMeasurements records measurements, all or none.
	AddMeasurements(ctx context.Context, orgID int64, ms []*Measurement) error
	Validations(ctx context.Context, orgID, versionID int64) ([]Validation, error)
	// AddValidations records validations, all or none.
	AddValidations(ctx context.Context, orgID int64, vs []*Validation) error
	// SMVP is the cycle's newest stored SMVP (ENOTFOUND: the default applies).
	SMVP(ctx context.Context, orgID, cycleID int64) (*StoredSMVP, error)
	BehaviourRatings(ctx context.Context, orgID, cycleID int64, year int) (map[string]float64, error)
	// SignOff locks a year's final scores, computed from the version
	// versionID in the state stamp (VersionStamp).
	SignOff(ctx context.Context, orgID int64, so *SignOff, versionID int64, stamp string) error
	SignOffs(ctx context.Context, orgID, cycleID int64) ([]SignOff, error)
	// ReopenYear undoes a year's sign-off (and the closing of its cycle).
	ReopenYear(ctx context.Context, orgID int64, r *Reopening) error
	// YearHistory lists every sign-off and reopening of a cycle's years,
	// oldest first.
	YearHistory(ctx context.Context, orgID, cycleID int64) ([]YearEvent, error)
	ApproveVersion(ctx context.Context, orgID, versionID int64, actNumber string, actDate time.Time, actor string) error
	SetCycleStatus(ctx context.Context, orgID, cycleID int64, status CycleStatus, actor string) error
	// CreateVariation copies the approved plan into a new draft version.
	CreateVariation(ctx context.Context, orgID, cycleID int64, reason, actor string) (*Version, error)
	LocateObjective(ctx context.Context, orgID, objectiveID int64) (*Location, error)
	LocateIndicator(ctx context.Context, orgID, indicatorID int64) (*Location, error)
	LocateUnit(ctx context.Context, orgID, unitID int64) (*Location, error)
	// UpdateObjective and UpdateIndicator save an edit made from revision
	// and return the new revision (ECONFLICT when stale or not a draft).
	UpdateObjective(ctx context.Context, orgID int64, o *Objective, revision int, actor string) (int, error)
	UpdateIndicator(ctx context.Context, orgID int64, in *Indicator, revision int, actor string) (int, error)
	// AddObjective and AddIndicator add an element (with its indicators
	// and targets) at the end of a unit or objective of a draft version;
	// DeleteObjective and DeleteIndicator remove one, edited from revision.
	AddObjective(ctx context.Context, orgID, unitID int64, o *Objective, actor string) error
	AddIndicator(ctx context.Context, orgID, objectiveID int64, in *Indicator, actor string) error
	DeleteObjective(ctx context.Context, orgID, objectiveID int64, revision int, actor string) error
	DeleteIndicator(ctx context.Context, orgID, indicatorID int64, revision int, actor string) error
	// DraftEdits lists the edits made in performa to a draft version.
	DraftEdits(ctx context.Context, orgID, versionID int64) ([]DraftEdit, error)
	AuditOf(ctx context.Context, orgID int64, ids []int64, limit int) ([]AuditEntry, error)
	AuditByActor(ctx context.Context, orgID int64, actor string, limit int) ([]AuditEntry, error)
	AuditActors(ctx context.Context, orgID int64) ([]string, error)
	// AuditSubjects finds what audit entries are about (by EntityID), for
	// the rows still stored; People maps sign-in names to full names.
	AuditSubjects(ctx context.Context, orgID int64, ids []int64) (map[int64]AuditSubject, error)
	People(ctx context.Context, orgID int64) (map[string]string, error)
	// Versions lists the plan versions like PlanStore.Plans, without
	// counting their content.
	Versions(ctx context.Context, orgID int64) ([]PlanSummary, error)
	// VersionStamp changes whenever a version's content, monitoring or
	// status (or its cycle's) changes: a cached copy with the same stamp is
	// current.
	VersionStamp(ctx context.Context, orgID, versionID int64) (string, error)
}
