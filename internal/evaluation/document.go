package evaluation

import (
	"time"

	"github.com/performa-pa/performa/internal/domain"
)

// Doc is a scheda as performa scheda show --format json and the API
// write it; without a scheda, Status is "" and Total null.
type Doc struct {
	Matricola      string                       `json:"matricola"`
	Person         string                       `json:"person"`
	Area           string                       `json:"area"`
	Unit           string                       `json:"unit,omitempty"`
	Role           string                       `json:"role"`
	Evaluator      string                       `json:"evaluator,omitempty"` // named by the administrator; "" by role
	Status         string                       `json:"status"`              // "" without a scheda
	Total          *float64                     `json:"total"`
	How            string                       `json:"how,omitempty"`
	Components     []domain.SchedaComponent     `json:"components"`
	Behaviours     map[string]int               `json:"behaviours,omitempty"`
	Individual     *float64                     `json:"individual,omitempty"`
	Objectives     []domain.IndividualObjective `json:"objectives,omitempty"`
	Comment        string                       `json:"comment,omitempty"`
	Review         string                       `json:"review,omitempty"`
	Answer         string                       `json:"answer,omitempty"`
	DeliveredAt    string                       `json:"delivered_at,omitempty"`
	AcknowledgedAt string                       `json:"acknowledged_at,omitempty"`
	ReviewUntil    string                       `json:"review_until,omitempty"`
	ReviewAt       string                       `json:"review_at,omitempty"`
	FinalAt        string                       `json:"final_at,omitempty"`
	Revision       int                          `json:"revision,omitempty"`
}

// Document is the scheda of m (nil: none yet) as a Doc.
func Document(d *Desk, m domain.StaffMember, sc *domain.Scheda) Doc {
	doc := Doc{Matricola: m.Matricola, Person: m.FullName(), Area: string(m.Area), Unit: m.Unit.Name, Role: RoleOf(m),
		Components: []domain.SchedaComponent{}}
	if sc == nil {
		return doc
	}
	doc.Role, doc.Status, doc.Total, doc.How, doc.Evaluator = sc.Role, string(sc.Status), sc.Total, sc.How, sc.Evaluator
	doc.Components, doc.Behaviours, doc.Individual = sc.Body.Components, sc.Body.Behaviours, sc.Body.Individual
	doc.Objectives = sc.Body.Objectives
	doc.Comment, doc.Review, doc.Answer, doc.Revision = sc.Body.Comment, sc.Body.Review, sc.Body.Answer, sc.Revision
	if doc.Components == nil {
		doc.Components = []domain.SchedaComponent{}
	}
	doc.DeliveredAt, doc.AcknowledgedAt = isoTime(sc.DeliveredAt), isoTime(sc.AcknowledgedAt)
	doc.ReviewAt, doc.FinalAt = isoTime(sc.ReviewAt), isoTime(sc.FinalAt)
	if sc.AcknowledgedAt != nil {
		until := d.ReviewUntil(sc)
		doc.ReviewUntil = isoTime(&until)
	}
	return doc
}

// isoTime is a moment for JSON, "" for none.
func isoTime(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
