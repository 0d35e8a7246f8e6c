package evaluation

import (
	"strings"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/score"
)

func ptr(f float64) *float64 { return &f }

func filled(t *testing.T) (*domain.Scheda, domain.EvaluationRule) {
	rule := domain.DefaultEvaluation()
	s := &domain.Scheda{Year: 2022, Role: domain.RoleStaff, UnitIdentity: 7, Status: domain.SchedaDraft,
		Body: domain.SchedaBody{Individual: ptr(80), Behaviours: map[string]int{"collaborazione": 5, "qualita": 4, "utenza": 3, "autonomia": 5}}}
	res := score.Result{Status: score.Final, Organization: score.Figure{Score: ptr(90)},
		Units: []score.UnitScore{{Unit: &domain.Unit{Identity: 7, Name: "Area Tecnica"}, Figure: score.Figure{Score: ptr(70)}}}}
	Fill(rule, s, res)
	return s, rule
}

func TestFill(t *testing.T) {
	s, _ := filled(t)
	// 40% × 70 + 30% × 80 + 30% × 81,25 (mean of 4,3,2,4 steps of 4) = 28 + 24 + 24,375
	if s.Total == nil || *s.Total != 76.38 || !strings.Contains(s.How, "obiettivi dell'unità") || !strings.HasSuffix(s.How, "= 76,38%") {
		t.Fatalf("%v %s", s.Total, s.How)
	}
	s.Body.Behaviours = map[string]int{"qualita": 4}
	Fill(domain.DefaultEvaluation(), s, score.Result{})
	if s.Total != nil || !strings.Contains(s.How, "manca il punteggio") {
		t.Fatalf("%v %s", s.Total, s.How)
	}
}

func TestWorkflow(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2023, 3, d, 10, 0, 0, 0, time.UTC) }
	type step struct {
		step  Step
		at    int
		text  string
		final bool
		code  string // "" done, else the refusal's code
		want  domain.SchedaStatus
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"no review", []step{
			{StepAcknowledge, 1, "", true, domain.ECONFLICT, domain.SchedaDraft},
			{StepDeliver, 1, "", true, "", domain.SchedaDelivered},
			{StepFinalize, 2, "", true, domain.ECONFLICT, domain.SchedaDelivered},
			{StepAcknowledge, 2, "", true, "", domain.SchedaAcknowledged},
			{StepFinalize, 10, "", true, domain.ECONFLICT, domain.SchedaAcknowledged},  // within the review days
			{StepFinalize, 20, "", false, domain.ECONFLICT, domain.SchedaAcknowledged}, // scores not final
			{StepFinalize, 20, "", true, "", domain.SchedaFinal},
			{StepReview, 21, "no", true, domain.ECONFLICT, domain.SchedaFinal},
		}},
		{"review", []step{
			{StepDeliver, 1, "", true, "", domain.SchedaDelivered},
			{StepAcknowledge, 2, "", true, "", domain.SchedaAcknowledged},
			{StepReview, 3, " ", true, domain.EINVALID, domain.SchedaAcknowledged},
			{StepReview, 3, "il comportamento «utenza» non considera lo sportello", true, "", domain.SchedaReview},
			{StepFinalize, 4, "", true, domain.EINVALID, domain.SchedaReview},
			{StepFinalize, 4, "confermata: lo sportello è stato considerato", true, "", domain.SchedaFinal},
		}},
		{"review too late", []step{
			{StepDeliver, 1, "", true, "", domain.SchedaDelivered},
			{StepAcknowledge, 1, "", true, "", domain.SchedaAcknowledged},
			{StepReview, 17, "tardi", true, domain.ECONFLICT, domain.SchedaAcknowledged},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, rule := filled(t)
			for i, st := range tc.steps {
				err := Apply(rule, s, st.step, day(st.at), st.text, st.final)
				if domain.ErrorCode(err) != st.code && !(st.code == "" && err == nil) {
					t.Fatalf("step %d %s: %v", i, st.step, err)
				}
				if s.Status != st.want {
					t.Fatalf("step %d %s: status %s", i, st.step, s.Status)
				}
			}
		})
	}
}

func TestWhoEvaluates(t *testing.T) {
	rule := domain.DefaultEvaluation()
	staff := &domain.Scheda{Role: domain.RoleStaff, UnitIdentity: 7}
	eq := &domain.Scheda{Role: domain.RoleEQ, UnitIdentity: 7}
	manager := &domain.User{Name: "rosati", Role: domain.RoleManager, Units: []domain.UnitRef{{ID: 7}}}
	other := &domain.User{Name: "x", Role: domain.RoleManager, Units: []domain.UnitRef{{ID: 8}}}
	nucleo := &domain.User{Name: "ndv", Role: domain.RoleEvaluator}
	admin := &domain.User{Name: "admin", Role: domain.RoleAdmin}
	tests := []struct {
		u    *domain.User
		s    *domain.Scheda
		want bool
	}{
		{manager, staff, true}, {other, staff, false}, {nucleo, staff, false}, {admin, staff, true},
		{manager, eq, false}, {nucleo, eq, true}, {nil, eq, false},
		{other, &domain.Scheda{Role: domain.RoleStaff, UnitIdentity: 7, Evaluator: "x"}, true},
	}
	for i, tc := range tests {
		if got := MayEvaluate(rule, tc.u, tc.s); got != tc.want {
			t.Errorf("%d: %v", i, got)
		}
	}
	if RoleOf(domain.StaffMember{Area: domain.AreaFunzionari, Profile: "Funzionario EQ"}) != domain.RoleEQ ||
		RoleOf(domain.StaffMember{Area: domain.AreaFunzionari, Profile: "Funzionario tecnico"}) != domain.RoleStaff ||
		RoleOf(domain.StaffMember{Profile: "Segretario generale"}) != domain.RoleSegretario {
		t.Error("roles")
	}
}
