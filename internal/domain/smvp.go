package domain

import "time"

// SMVP is an ente's Sistema di Misurazione e Valutazione della Performance
// for one cycle: how achievement is computed from measurements and how it
// becomes scores and rewards. It differs between entes and years, so it is
// configuration, stored per organization and cycle and versioned.
type SMVP struct {
	// Methods chooses, per rule kind, how an indicator's achievement is
	// computed; kinds not listed use DefaultMethod.
	Methods map[RuleKind]AchievementMethod `json:"methods"`
	// DeadlineLateness turns days late into achievement: the first band
	// whose UpToDays covers the delay applies; beyond the last, 0%.
	DeadlineLateness []LatenessBand `json:"deadline_lateness"`
	// ManagerWeights combine a manager's score: the objectives of their
	// units, the ente-level score, behaviour ratings. Parts without data
	// are left out and the others reweighted.
	ManagerWeights ManagerWeights `json:"manager_weights"`
	// RewardBands turn a manager's score into the share of the
	// retribuzione di risultato, in order.
	RewardBands []RewardBand `json:"reward_bands"`
	// MissingResults says how an objective without a result counts once
	// its year is over (or closed): MissingZero ("" too) or MissingExclude.
	// Before the year is over every score is provisional and leaves such
	// objectives out, saying how much of the weight it covers.
	MissingResults MissingPolicy `json:"missing_results,omitempty"`
	// Productivity distributes the fund for productivity among the staff
	// (nil: DefaultProductivity).
	Productivity *ProductivityRule `json:"productivity,omitempty"`
	// Evaluation says how people are evaluated (schede; nil:
	// DefaultEvaluation).
	Evaluation *EvaluationRule `json:"evaluation,omitempty"`
}

// MissingPolicy is how objectives without a result count in the roll-ups
// of a year that is over.
type MissingPolicy string

const (
	// MissingZero (the default): an objective without a result counts 0%.
	MissingZero MissingPolicy = "zero"
	// MissingExclude: objectives without a result are left out of the
	// roll-ups, and the others reweighted; an ente choosing it says so in
	// its SMVP.
	MissingExclude MissingPolicy = "exclude"
)

// Missing is the policy in force: MissingZero unless the SMVP chose
// MissingExclude.
func (s SMVP) Missing() MissingPolicy {
	if s.MissingResults == MissingExclude {
		return MissingExclude
	}
	return MissingZero
}

// Method names.
const (
	MethodProportional = "proportional" // value / target
	MethodBaseline     = "baseline"     // from baseline (0%) to target (100%)
	MethodThreshold    = "threshold"    // below Floor% of the target → 0, then proportional
	MethodBinary       = "binary"       // target met → 100, else 0
)

// AchievementMethod is how achievement is computed for a rule kind.
type AchievementMethod struct {
	Method string `json:"method"`
	// Floor is the share of the target (percent) under which achievement
	// is 0, for the threshold method.
	Floor float64 `json:"floor,omitempty"`
}

// LatenessBand: a deadline met up to UpToDays late is worth Percent.
type LatenessBand struct {
	UpToDays int     `json:"up_to_days"`
	Percent  float64 `json:"percent"`
}

// ManagerWeights are percentages summing to 100.
type ManagerWeights struct {
	Objectives   float64 `json:"objectives"`
	Organization float64 `json:"organization"`
	Behaviour    float64 `json:"behaviour"`
}

// RewardBand: scores from From (included) up to the next band's From are
// rewarded with Percent, or proportionally to the score when Proportional.
type RewardBand struct {
	From         float64 `json:"from"`
	Percent      float64 `json:"percent,omitempty"`
	Proportional bool    `json:"proportional,omitempty"`
}

// DefaultSMVP is the system performa applies when an ente has not stored
// its own (docs/smvp.md): proportional achievement, baseline-to-target for
// relative rules, deadlines worth 100% on time, 80% within 30 days, 50%
// within 60, manager score 70% objectives, 30% ente performance, no reward
// below 50 and a proportional one from 50, and objectives without a result
// counting 0% once the year is over.
func DefaultSMVP() SMVP {
	return SMVP{
		Methods: map[RuleKind]AchievementMethod{
			RuleAtLeast: {Method: MethodProportional}, RuleAtMost: {Method: MethodProportional},
			RuleEqual: {Method: MethodProportional}, RuleRange: {Method: MethodProportional},
			RuleCompletion: {Method: MethodProportional}, RuleAll: {Method: MethodProportional},
			RuleRelative: {Method: MethodBinary}, RuleYesNo: {Method: MethodBinary},
		},
		DeadlineLateness: []LatenessBand{{0, 100}, {30, 80}, {60, 50}},
		ManagerWeights:   ManagerWeights{Objectives: 70, Organization: 30, Behaviour: 0},
		RewardBands:      []RewardBand{{From: 0, Percent: 0}, {From: 50, Proportional: true}},
		MissingResults:   MissingZero,
	}
}

// StoredSMVP is one stored version of an ente's SMVP for a cycle.
type StoredSMVP struct {
	OrganizationID int64
	CycleID        int64
	Version        int
	SMVP           SMVP
	CreatedBy      string
	CreatedAt      time.Time
}

// Validate checks an SMVP before it is stored, in Italian.
func (s SMVP) Validate() error {
	for k, m := range s.Methods {
		switch m.Method {
		case MethodProportional, MethodBaseline, MethodBinary:
		case MethodThreshold:
			if m.Floor <= 0 || m.Floor >= 100 {
				return Errorf(EINVALID, "SMVP: la soglia del metodo %q per %q deve essere tra 0 e 100.", m.Method, k)
			}
		default:
			return Errorf(EINVALID, "SMVP: metodo %q sconosciuto per %q (ammessi: proportional, baseline, threshold, binary).", m.Method, k)
		}
	}
	for i, b := range s.DeadlineLateness {
		if b.UpToDays < 0 || b.Percent < 0 || b.Percent > 100 || (i > 0 && b.UpToDays <= s.DeadlineLateness[i-1].UpToDays) {
			return Errorf(EINVALID, "SMVP: fasce di ritardo non valide: giorni crescenti, percentuali tra 0 e 100.")
		}
	}
	w := s.ManagerWeights
	if w.Objectives < 0 || w.Organization < 0 || w.Behaviour < 0 || w.Objectives+w.Organization+w.Behaviour != 100 {
		return Errorf(EINVALID, "SMVP: i pesi della valutazione dei responsabili devono sommare a 100 (ora %g + %g + %g).",
			w.Objectives, w.Organization, w.Behaviour)
	}
	switch s.MissingResults {
	case "", MissingZero, MissingExclude:
	default:
		return Errorf(EINVALID, "SMVP: missing_results %q sconosciuto (ammessi: zero, exclude).", s.MissingResults)
	}
	if s.Evaluation != nil {
		if err := s.Evaluation.Validate(); err != nil {
			return err
		}
	}
	if s.Productivity != nil {
		if err := s.Productivity.Validate(); err != nil {
			return err
		}
	}
	for i, b := range s.RewardBands {
		if b.From < 0 || b.From > 100 || b.Percent < 0 || b.Percent > 100 || (i > 0 && b.From <= s.RewardBands[i-1].From) {
			return Errorf(EINVALID, "SMVP: fasce di premio non valide: punteggi crescenti tra 0 e 100.")
		}
	}
	return nil
}

// BehaviourRating is the evaluation of a manager's behaviour in a year
// (comportamenti organizzativi), 0–100: personal data, combined into the
// manager's score by the SMVP's weights.
type BehaviourRating struct {
	ID             int64
	OrganizationID int64
	CycleID        int64
	Year           int
	Manager        string
	Percent        float64
	Reason         string
	RatedBy        string
	RatedAt        time.Time
}
