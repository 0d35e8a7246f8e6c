package domain

import "time"

// Measurement is a value recorded for an indicator at a date: a number, a
// date, yes/no or text, with who recorded it and the evidence.
type Measurement struct {
	ID             int64
	OrganizationID int64
	IndicatorID    int64
	Date           time.Time // the date the value refers to
	Number         *float64
	Bool           *bool
	DateValue      *time.Time
	Text           string
	Note           string
	Evidence       string
	RecordedBy     string
	RecordedAt     time.Time
	// Achievement is the achievement 0–100 computed when the value was
	// recorded, for the record; scores are always recomputed.
	Achievement *float64
	// ManualAchievement is a percentage given by hand, with the reason in
	// Note, for a target that cannot be measured ("da ricalibrare").
	ManualAchievement *float64
}

// RecordedByImport is the RecordedBy of the measurements a plan's file
// brought with it: a re-import of the draft replaces them.
const RecordedByImport = "import"

// Validation is the Nucleo di Valutazione's percentage for an objective in a
// year, with the reason. The computed figure is kept beside it.
type Validation struct {
	ID             int64
	OrganizationID int64
	ObjectiveID    int64
	Year           int
	Computed       *float64
	Percent        float64
	Reason         string
	ValidatedBy    string
	ValidatedAt    time.Time
}

// AuditEntry records one change: who, when, what, before and after (JSON).
// The audit log is append-only and tamper-evident: the entries of an
// organization form a chain, numbered by Seq from 1, in which each entry
// carries the hash of the one before (PrevHash) and its own (Hash); see
// internal/audit.
type AuditEntry struct {
	ID             int64
	OrganizationID int64
	Seq            int64
	At             time.Time
	Actor          string
	Action         string // "import", "update", "delete", ...
	Entity         string // "plan", "objective", "indicator", ...
	EntityID       int64
	Before         string
	After          string
	PrevHash       string
	Hash           string
}
