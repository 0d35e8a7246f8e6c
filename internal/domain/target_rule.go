package domain

// RuleKind is what a target text means.
type RuleKind string

const (
	RuleAtLeast       RuleKind = "at_least"
	RuleAtMost        RuleKind = "at_most"
	RuleEqual         RuleKind = "equal"
	RuleRange         RuleKind = "range"
	RuleDeadline      RuleKind = "deadline"
	RuleYesNo         RuleKind = "yes_no"
	RuleCompletion    RuleKind = "completion"
	RuleRelative      RuleKind = "relative"
	RuleAll           RuleKind = "all"
	RuleNotMeasurable RuleKind = "not_measurable"
)

// TargetRule is a target text understood: a comparison with a number, a
// deadline, yes/no, a completion percentage, a comparison with another year,
// or not measurable with the reason.
type TargetRule struct {
	Kind      RuleKind  `json:"kind"`
	Value     *float64  `json:"value,omitempty"`
	Max       *float64  `json:"max,omitempty"` // upper bound of a range
	Unit      string    `json:"unit,omitempty"`
	Date      string    `json:"date,omitempty"` // YYYY-MM-DD
	Year      int       `json:"year,omitempty"` // the year a relative rule refers to
	Relation  string    `json:"relation,omitempty"`
	Direction Direction `json:"direction,omitempty"`
	Reason    string    `json:"reason,omitempty"`
	// Steps are the dated steps of a target written as several ("n. 15
	// entro il 30.06 e n. 20 entro il 31.12"): the rule itself is the last,
	// the year's target.
	Steps []TargetRule `json:"steps,omitempty"`
	// Also lists further conditions the same text sets ("almeno 100 … e
	// almeno 1.728 …"): the rule itself is the first; every one must hold.
	Also []TargetRule `json:"also,omitempty"`
}

// Measurable reports whether achievement can be computed from the rule.
func (r *TargetRule) Measurable() bool { return r != nil && r.Kind != RuleNotMeasurable }
