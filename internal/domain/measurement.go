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

// Warnings says, in Italian, what looks wrong in a measurement that can
// still be recorded: a completion date later than the date the value
// refers to (completed after the reference date it reports on).
func (m Measurement) Warnings() []string {
	var out []string
	if m.DateValue != nil && m.DateValue.After(m.Date) {
		out = append(out, "la data di completamento ("+m.DateValue.Format("02/01/2006")+
			") è successiva alla data di riferimento ("+m.Date.Format("02/01/2006")+"): controlla il valore.")
	}
	return out
}

// RecordedByImport is the RecordedBy of the measurements a plan's file
// brought with it: a re-import of the draft replaces them.
const RecordedByImport = "import"

// Validation is what the Nucleo di Valutazione decided about an objective in
// a year, with the reason: its own percentage, the computed figure
// confirmed, or the objective neutralised («non valutabile»: a cause not
// attributable to the unit; it leaves the year's roll-ups and its weight
// goes to the others). The computed figure is kept beside it. The newest
// validation of an objective and year counts: a later one replaces a
// neutralisation, and the other way round.
type Validation struct {
	ID             int64
	OrganizationID int64
	ObjectiveID    int64
	Year           int
	Kind           ValidationKind // "" reads as ValidationSet
	Computed       *float64
	Percent        float64 // 0 and meaningless when neutralised
	Reason         string
	ValidatedBy    string // the user's sign-in name: who, for the audit log
	// ValidatorName is the person's full name when they validated, as the
	// store found it among the users ("" when the name is not a user's).
	ValidatorName string
	ValidatedAt   time.Time
}

// ValidationKind says what a validation did.
type ValidationKind string

const (
	ValidationSet         ValidationKind = "validated"   // the Nucleo's own percentage
	ValidationConfirmed   ValidationKind = "confirmed"   // the computed figure confirmed as it is
	ValidationNeutralised ValidationKind = "neutralised" // non valutabile: out of the roll-ups
)

// ConfirmedReason is the reason of a confirmation given without one.
const ConfirmedReason = "Confermato il valore calcolato."

// Neutralised reports whether the validation neutralises the objective.
func (v *Validation) Neutralised() bool { return v.Kind == ValidationNeutralised }

// Validator is who validated, as people read it: the full name, else the
// sign-in name.
func (v *Validation) Validator() string {
	if v.ValidatorName != "" {
		return v.ValidatorName
	}
	return v.ValidatedBy
}

// Label says the kind in Italian.
func (k ValidationKind) Label() string {
	switch k {
	case ValidationConfirmed:
		return "calcolato confermato"
	case ValidationNeutralised:
		return "neutralizzato (non valutabile)"
	}
	return "validato"
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
