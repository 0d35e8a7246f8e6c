package domain

import "time"

// EvaluationRule is what the SMVP says of the individual evaluation
// (schede di valutazione): the components and weights of each role, the
// catalogue of behaviours with its scale, who evaluates whom, and the days
// a person has to ask for a review.
type EvaluationRule struct {
	// Components by role (RoleEQ, RoleSegretario, RoleStaff): weights in
	// percent summing to 100.
	Components map[string][]ComponentWeight `json:"components"`
	Behaviours []BehaviourItem              `json:"behaviours"`
	Scale      BehaviourScale               `json:"scale"`
	// Evaluators by role: "evaluator" (the Nucleo di Valutazione),
	// "manager" (the Responsabile of the person's unit), "admin".
	Evaluators map[string]string `json:"evaluators"`
	// ReviewDays: the days after the presa visione within which the
	// person may ask for a review.
	ReviewDays int `json:"review_days"`
}

// Roles of the evaluated.
const (
	RoleEQ         = "eq"         // Funzionari with an Elevata Qualificazione
	RoleSegretario = "segretario" // the Segretario generale
	RoleStaff      = "staff"      // everyone else
)

// Components of a scheda.
const (
	ComponentOrganization = "organization" // the ente's performance organizzativa
	ComponentUnit         = "unit"         // the objectives of the person's unit
	ComponentIndividual   = "individual"   // individual objectives, as the evaluator scores them
	ComponentBehaviour    = "behaviour"    // behaviours, from the catalogue
)

// ComponentWeight is one component of a role's scheda.
type ComponentWeight struct {
	Component string  `json:"component"`
	Weight    float64 `json:"weight"`
}

// BehaviourItem is one behaviour of the catalogue, with a descriptor for
// each level of the scale.
type BehaviourItem struct {
	Code        string            `json:"code"`
	Name        string            `json:"name"`
	Descriptors map[string]string `json:"descriptors"` // level ("1".."5") → what it means
}

// BehaviourScale is the scale of behaviour ratings: Min to Max.
type BehaviourScale struct {
	Min int `json:"min"`
	Max int `json:"max"`
}

// DefaultEvaluation is the rule performa applies when the SMVP holds none
// (docs/smvp.md).
func DefaultEvaluation() EvaluationRule {
	d := func(a, b, c, e, f string) map[string]string {
		return map[string]string{"1": a, "2": b, "3": c, "4": e, "5": f}
	}
	return EvaluationRule{
		Components: map[string][]ComponentWeight{
			RoleSegretario: {{ComponentOrganization, 40}, {ComponentIndividual, 30}, {ComponentBehaviour, 30}},
			RoleEQ:         {{ComponentOrganization, 20}, {ComponentUnit, 50}, {ComponentBehaviour, 30}},
			RoleStaff:      {{ComponentUnit, 40}, {ComponentIndividual, 30}, {ComponentBehaviour, 30}},
		},
		Behaviours: []BehaviourItem{
			{"collaborazione", "Collaborazione e lavoro di gruppo", d("non collabora", "collabora se richiesto", "collabora", "promuove la collaborazione", "è un riferimento per il gruppo")},
			{"qualita", "Qualità e precisione del lavoro", d("errori frequenti", "errori occasionali", "lavoro corretto", "lavoro accurato", "lavoro esemplare")},
			{"utenza", "Orientamento all'utenza", d("trascura l'utenza", "risponde solo se sollecitato", "risponde con cura", "anticipa i bisogni", "migliora il servizio")},
			{"autonomia", "Autonomia e iniziativa", d("va sempre guidato", "spesso guidato", "autonomo", "propone soluzioni", "innova")},
		},
		Scale:      BehaviourScale{Min: 1, Max: 5},
		Evaluators: map[string]string{RoleEQ: "evaluator", RoleSegretario: "evaluator", RoleStaff: "manager"},
		ReviewDays: 15,
	}
}

// EvaluationRule is the rule in force: the SMVP's, else DefaultEvaluation.
func (s SMVP) EvaluationRule() EvaluationRule {
	if s.Evaluation == nil || len(s.Evaluation.Components) == 0 {
		return DefaultEvaluation()
	}
	return *s.Evaluation
}

// Validate checks the rule, in Italian.
func (r EvaluationRule) Validate() error {
	for role, cs := range r.Components {
		sum := 0.0
		for _, c := range cs {
			switch c.Component {
			case ComponentOrganization, ComponentUnit, ComponentIndividual, ComponentBehaviour:
			default:
				return Errorf(EINVALID, "SMVP: componente %q sconosciuta per %q (ammesse: organization, unit, individual, behaviour).", c.Component, role)
			}
			sum += c.Weight
		}
		if sum < 99.999 || sum > 100.001 {
			return Errorf(EINVALID, "SMVP: i pesi della scheda di «%s» devono sommare a 100 (ora %g).", role, sum)
		}
	}
	if r.Scale.Min >= r.Scale.Max || r.Scale.Min < 0 {
		return Errorf(EINVALID, "SMVP: la scala dei comportamenti va da un minimo a un massimo più alto.")
	}
	if r.ReviewDays < 0 || r.ReviewDays > 365 {
		return Errorf(EINVALID, "SMVP: i giorni per chiedere il riesame sono tra 0 e 365.")
	}
	return nil
}

// SchedaStatus is where a scheda stands in its workflow.
type SchedaStatus string

const (
	SchedaDraft        SchedaStatus = "bozza"
	SchedaDelivered    SchedaStatus = "consegnata"
	SchedaAcknowledged SchedaStatus = "presa_visione"
	SchedaReview       SchedaStatus = "riesame"
	SchedaFinal        SchedaStatus = "definitiva"
)

// Label is the status in Italian.
func (s SchedaStatus) Label() string {
	switch s {
	case SchedaDelivered:
		return "consegnata"
	case SchedaAcknowledged:
		return "presa visione"
	case SchedaReview:
		return "richiesta di riesame"
	case SchedaFinal:
		return "definitiva"
	}
	return "bozza"
}

// Scheda is the evaluation of a person for a year.
type Scheda struct {
	OrganizationID int64
	ID             int64
	Year           int
	Matricola      string
	Person         string // «Cognome Nome», as in the register
	Role           string // RoleEQ, RoleSegretario, RoleStaff
	UnitIdentity   int64
	Evaluator      string // the user who evaluates ("" : by role, see EvaluationRule.Evaluators)
	Status         SchedaStatus
	Body           SchedaBody
	Total          *float64
	How            string
	CreatedBy      string
	CreatedAt      time.Time
	DeliveredAt    *time.Time
	AcknowledgedAt *time.Time
	ReviewAt       *time.Time
	FinalAt        *time.Time
	Revision       int
}

// SchedaBody is what the scheda says: the components with their scores,
// the behaviour ratings, the review and the answer.
type SchedaBody struct {
	Components []SchedaComponent `json:"components"`
	Behaviours map[string]int    `json:"behaviours,omitempty"`
	Individual *float64          `json:"individual,omitempty"` // individual objectives, 0–100
	// Objectives are the person's own objectives, when the evaluator lists
	// them: Individual is then their weighted mean (evaluation.Fill).
	Objectives []IndividualObjective `json:"objectives,omitempty"`
	Comment    string                `json:"comment,omitempty"`
	Review     string                `json:"review,omitempty"` // the person's request
	Answer     string                `json:"answer,omitempty"` // the evaluator's answer
}

// IndividualObjective is one of a person's own objectives on the scheda:
// its weight among them (the weights add up to 100) and how far it was
// reached, both in points of percentage.
type IndividualObjective struct {
	Title    string  `json:"title"`
	Weight   float64 `json:"weight"`
	Achieved float64 `json:"achieved"`
}

// SchedaComponent is one component with its weight, score and how.
type SchedaComponent struct {
	Component string   `json:"component"`
	Weight    float64  `json:"weight"`
	Score     *float64 `json:"score,omitempty"`
	How       string   `json:"how"`
}
