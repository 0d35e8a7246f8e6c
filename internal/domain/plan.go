package domain

import "strconv"

// Plan is one version of a cycle's plan of objectives, whole: the unit of
// import and export.
type Plan struct {
	Organization Organization
	Cycle        Cycle
	Version      Version
	Units        []*Unit
	Diagnostics  []Diagnostic
}

// Objectives counts the objectives of every unit.
func (p *Plan) Objectives() int {
	n := 0
	for _, u := range p.Units {
		n += len(u.Objectives)
	}
	return n
}

// UnitKind distinguishes the ente-level pseudo-unit from areas.
type UnitKind string

const (
	UnitOrganization UnitKind = "organization" // performance organizzativa of the ente
	UnitArea         UnitKind = "unit"         // an area, settore or servizio
)

// SourceRef says where something was read: sheet (1-based, in file order) and
// line of the file (1-based).
type SourceRef struct {
	File  string `json:"-"`
	Sheet int    `json:"sheet"`
	Line  int    `json:"line,omitempty"`
}

// Unit is an area, settore or servizio with its manager (responsabile), or the
// pseudo-unit holding the ente-level objectives.
type Unit struct {
	ID             int64
	OrganizationID int64
	Position       int // 1-based, file order
	Name           string
	Manager        string
	Kind           UnitKind
	// DeclaredTotalWeight is the total the sheet states (a lone "100%" below
	// it); nil when it states none.
	DeclaredTotalWeight *float64
	Source              SourceRef
	Objectives          []*Objective

	// Identity is the same for the same unit in every version of the plan
	// and across cycles (see Objective.Identity); managers are bound to it.
	Identity int64
}

// TotalWeight sums the weights of the unit's objectives.
func (u *Unit) TotalWeight() float64 {
	var t float64
	for _, o := range u.Objectives {
		if o.Weight != nil {
			t += *o.Weight
		}
	}
	return t
}

// ObjectiveKind tells ente-level, unit and cross-cutting objectives apart.
type ObjectiveKind string

const (
	ObjectiveOrganization ObjectiveKind = "organization"  // performance organizzativa
	ObjectiveUnit         ObjectiveKind = "unit"          // of one area
	ObjectiveCrossCutting ObjectiveKind = "cross_cutting" // the same objective given to every unit
)

// Classified is a code of the official classification (D.Lgs 118/2011) with
// the text as written in the plan.
type Classified struct {
	Code string `json:"code"` // two digits, "" when absent
	Text string `json:"text"` // as written
}

// Objective is an objective of a unit, as written in the plan.
type Objective struct {
	ID             int64
	OrganizationID int64
	UnitID         int64
	Position       int    // 1-based within the unit, file order
	Code           string // as written ("3.1", "1.1."), "" when absent
	Title          string
	Weight         *float64 // percent: 5 for 5%
	Mission        Classified
	Program        Classified
	Manager        string // responsabile as written on the row (carried down)
	Staff          string // personale coinvolto
	Notes          string
	// ReportedAchievement is the "% raggiunta" typed in the workbook, as
	// written; performa computes its own.
	ReportedAchievement string
	Kind                ObjectiveKind
	Source              SourceRef
	Indicators          []*Indicator

	// Identity is the same for the same objective in every version of the
	// plan: a variation copies it, a re-import of the draft keeps it for
	// the rows it matches. A new objective's identity is its own ID; zero
	// until stored.
	Identity int64
	// Revision counts the edits of the stored row (optimistic
	// concurrency: an edit names the revision it was made from).
	Revision int
}

// Direction says whether a higher or a lower value is better.
type Direction string

const (
	DirectionUnknown Direction = ""
	HigherIsBetter   Direction = "higher"
	LowerIsBetter    Direction = "lower"
)

// Baseline is the starting point of an indicator.
type Baseline struct {
	Year  int      `json:"year,omitempty"` // 0 when unknown
	Text  string   `json:"text"`           // as written
	Value *float64 `json:"value,omitempty"`
}

// Indicator measures an objective. Its targets hold one entry per year.
type Indicator struct {
	ID             int64
	OrganizationID int64
	ObjectiveID    int64
	Position       int // 1-based within the objective
	Description    string
	UnitOfMeasure  string
	Weight         *float64 // percent within the plan, nil when not weighted
	Direction      Direction
	Baseline       Baseline
	Targets        []Target
	Source         SourceRef
	// Measurements are the values the imported file itself recorded (a
	// long layout's one row per period), RecordedBy "import", by date.
	// Values recorded in performa are not here: the store lists them.
	Measurements []Measurement

	Identity int64 // as for objectives
	Revision int   // as for objectives
}

// Target returns the target for year, if any.
func (in *Indicator) Target(year int) (Target, bool) {
	for _, t := range in.Targets {
		if t.Year == year {
			return t, true
		}
	}
	return Target{}, false
}

// Target is what an indicator should reach in one year: the text as written
// and, once understood, its rule.
type Target struct {
	Year int    `json:"year"`
	Text string `json:"text"`
	// Deadline is the date the file itself gives the target by, in a
	// column of its own («Trimestre/Anno di conseguimento»), YYYY-MM-DD.
	Deadline string `json:"deadline,omitempty"`
	// Milestone marks a deliverable to get done by the deadline (a
	// «milestone» of the PNRR), whatever placeholder its value cell holds.
	Milestone bool        `json:"milestone,omitempty"`
	Rule      *TargetRule `json:"rule,omitempty"`
}

// Ref names the objective for people: its code (or position) and title,
// cut to a readable length: "2.1 – Mappatura dei processi…".
func (o *Objective) Ref() string {
	label := o.Code
	if label == "" {
		label = "n. " + itoa(o.Position)
	}
	if t := cut(o.Title, 70); t != "" {
		label += " – " + t
	}
	return label
}

// cut shortens s to n characters at most, with an ellipsis, on a word.
func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	i := n - 1
	for i > n/2 && r[i] != ' ' {
		i--
	}
	return string(r[:i]) + "…"
}

func itoa(n int) string { return strconv.Itoa(n) }
