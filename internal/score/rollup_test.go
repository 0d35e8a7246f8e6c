package score_test

import (
	"strings"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/score"
)

func unitNamed(t *testing.T, res score.Result, name string) *score.UnitScore {
	t.Helper()
	for i := range res.Units {
		if res.Units[i].Unit.Name == name {
			return &res.Units[i]
		}
	}
	t.Fatalf("no unit %q", name)
	return nil
}

// The case: Area Polizia Municipale, objective 2 (weight 10 of
// 100) measured at 100%, the 14 others without a result.
func TestCompleteRollups(t *testing.T) {
	p := seedPlan(t)
	var police *domain.Unit
	for _, u := range p.Units {
		if u.Name == "Area Polizia Municipale" {
			police = u
		}
	}
	o1, o2 := police.Objectives[0], police.Objectives[1]
	base := score.Input{Plan: p, Year: 2022, SMVP: domain.DefaultSMVP(),
		Measurements: []domain.Measurement{measure(o2.Indicators[0], "2022-12-31", "6")}}
	rome, _ := time.LoadLocation("Europe/Rome")
	at := func(in score.Input, now time.Time) score.Result { in.Now = now; return score.Compute(in) }

	tests := []struct {
		name   string
		in     func() score.Input
		now    time.Time
		status score.Status
		unit   float64
		line   string
		how    string
	}{
		{"before the year is over", func() score.Input { return base }, time.Date(2022, 12, 31, 23, 59, 0, 0, rome),
			score.Provisional, 100, "provvisorio: 1 obiettivo su 15, 10% del peso", "media pesata di 1 obiettivo su 15 con un risultato (10% del peso)"},
		{"once it is over", func() score.Input { return base }, time.Date(2023, 1, 1, 0, 0, 0, 0, rome),
			score.Over, 10, "anno concluso, non ancora chiuso: 1 obiettivo su 15, 10% del peso; gli altri contano 0%", "media pesata di 15 obiettivi, 14 senza risultato contati 0%"},
		{"cycle closed during the year", func() score.Input { in := base; in.Closed = true; return in }, time.Date(2022, 6, 1, 0, 0, 0, 0, rome),
			score.Over, 10, "anno concluso", "14 senza risultato contati 0%"},
		{"an ente excluding missing results", func() score.Input {
			in := base
			in.SMVP.MissingResults = domain.MissingExclude
			return in
		}, time.Date(2023, 3, 1, 0, 0, 0, 0, rome),
			score.Over, 100, "per lo SMVP dell'ente gli obiettivi senza risultato non contano", "media pesata di 1 obiettivo su 15"},
		{"objective 1 (weight 15) neutralised", func() score.Input {
			in := base
			in.Validations = []domain.Validation{{ObjectiveID: o1.ID, Year: 2022, Kind: domain.ValidationNeutralised,
				Reason: "comando soppresso per legge regionale", ValidatedBy: "ndv"}}
			return in
		}, time.Date(2023, 3, 1, 0, 0, 0, 0, rome),
			score.Over, 11.8, "1 obiettivo su 14, 11,8% del peso; gli altri contano 0%; 1 obiettivo neutralizzato", // 10 × 100 / 85
			"1 obiettivo neutralizzato dal Nucleo di Valutazione (non valutabile): il peso (15%) è ripartito sugli altri"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := at(tt.in(), tt.now)
			u := unitNamed(t, res, "Area Polizia Municipale")
			if res.Status != tt.status || !near(u.Score, tt.unit) {
				t.Errorf("status %s, unit %v (%s); want %s, %v", res.Status, deref(u.Score), u.How, tt.status, tt.unit)
			}
			if line := u.StatusLine(&res); !strings.Contains(line, tt.line) {
				t.Errorf("status line %q, want %q", line, tt.line)
			}
			if !strings.Contains(u.How, tt.how) || !strings.HasPrefix(u.How, tt.status.Label()) {
				t.Errorf("how %q, want %q after %q", u.How, tt.how, tt.status.Label())
			}
		})
	}

	// Over: the missing objectives count 0 for the manager too, and the
	// data says what each objective is.
	res := at(base, time.Date(2023, 1, 10, 0, 0, 0, 0, time.UTC))
	u := unitNamed(t, res, "Area Polizia Municipale")
	if o := u.Objectives[0]; o.State != score.StateMissing || !o.Counted || !near(o.Score, 0) || o.Computed != nil {
		t.Errorf("objective 1 once the year is over: %+v", o.Figure)
	}
	if o := u.Objectives[1]; o.State != score.StateScored || !near(o.Score, 100) {
		t.Errorf("objective 2: %+v", o.Figure)
	}
	if c := u.Coverage; c.Objectives != 15 || c.Scored != 1 || c.Missing != 14 || c.Weight != 100 || c.WeightShare != 10 {
		t.Errorf("coverage %+v", c)
	}
	for _, m := range res.Managers {
		if m.Name == "Luca Batignani" && (!near(m.Objectives, 10) || m.Coverage.Scored != 1 || m.Coverage.Objectives != 15) {
			t.Errorf("manager: objectives %v, coverage %+v", deref(m.Objectives), m.Coverage)
		}
	}
	if c := res.Coverage; c.Scored != 1 || c.Objectives+c.Unplanned != p.Objectives() {
		t.Errorf("plan coverage %+v", c)
	}

	// Neutralised: out of the roll-up, in the lists, with the decision.
	in := base
	in.Validations = []domain.Validation{{ObjectiveID: o1.ID, Year: 2022, Kind: domain.ValidationNeutralised, Reason: "r", ValidatedBy: "ndv"}}
	res = at(in, time.Date(2023, 1, 10, 0, 0, 0, 0, time.UTC))
	u = unitNamed(t, res, "Area Polizia Municipale")
	if o := u.Objectives[0]; o.State != score.StateNeutralised || o.Counted || o.Score != nil || o.Validation != nil || o.Neutralisation == nil {
		t.Errorf("neutralised objective: %+v", o)
	}
	if len(u.Neutralised) != 1 || len(res.Neutralised) != 1 || res.Neutralised[0].Objective != o1 || res.Neutralised[0].Weight != 15 {
		t.Errorf("neutralised lists: %+v %+v", u.Neutralised, res.Neutralised)
	}
	// A later validation lifts the neutralisation.
	in.Validations = append(in.Validations, domain.Validation{ObjectiveID: o1.ID, Year: 2022, Percent: 40, Reason: "rivisto",
		ValidatedBy: "ndv", ValidatedAt: time.Date(2023, 2, 1, 0, 0, 0, 0, time.UTC)})
	res = at(in, time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC))
	if u := unitNamed(t, res, "Area Polizia Municipale"); u.Objectives[0].State != score.StateScored || !near(u.Score, 16) { // (15 × 40 + 10 × 100) / 100
		t.Errorf("neutralisation lifted: %s %v", u.Objectives[0].State, deref(u.Score))
	}
}

// An objective with no target in the year is out of the year's roll-up,
// whether the year is over or not.
func TestUnplannedObjective(t *testing.T) {
	p := seedPlan(t)
	res := score.Compute(score.Input{Plan: p, Year: 2022, SMVP: domain.DefaultSMVP(), Now: time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC)})
	u := unitNamed(t, res, "AREA LL.PP. -PATRIMONIO")
	var unplanned int
	for _, o := range u.Objectives {
		if o.State == score.StateUnplanned {
			unplanned++
			if o.Counted || o.Score != nil || !strings.Contains(o.How, "nessun target per il 2022") {
				t.Errorf("unplanned objective %s: %+v", o.Objective.Code, o.Figure)
			}
		}
	}
	if unplanned != 2 || u.Coverage.Unplanned != 2 || u.Coverage.Objectives != len(u.Objectives)-2 {
		t.Errorf("unplanned %d, coverage %+v", unplanned, u.Coverage)
	}
	if !strings.Contains(u.How, "2 obiettivi senza target nel 2022, fuori dal calcolo") {
		t.Errorf("how: %s", u.How)
	}
}

// A validation made when the computed figure was another is stale.
func TestStaleValidation(t *testing.T) {
	p := seedPlan(t)
	o11 := objectiveAt(p, 28)
	in := score.Input{Plan: p, Year: 2022, SMVP: domain.DefaultSMVP(), Now: time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC),
		Measurements: []domain.Measurement{measure(o11.Indicators[1], "2022-12-31", "3")},
		Validations: []domain.Validation{{ObjectiveID: o11.ID, Year: 2022, Kind: domain.ValidationConfirmed,
			Computed: ptr(66.7), Percent: 66.7, Reason: domain.ConfirmedReason, ValidatedBy: "ndv"}}}
	res := score.Compute(in)
	o := res.Units[1].Objectives[0]
	if !o.Stale || !near(o.Score, 66.7) || !near(o.Computed, 100) || !strings.Contains(o.How, "era 66,7%") {
		t.Errorf("stale confirmation: stale %v score %v computed %v %s", o.Stale, deref(o.Score), deref(o.Computed), o.How)
	}
	in.Validations[0].Computed, in.Validations[0].Percent = ptr(100), 100
	if o := score.Compute(in).Units[1].Objectives[0]; o.Stale || !strings.Contains(o.How, "calcolato confermato") {
		t.Errorf("current confirmation: %v %s", o.Stale, o.How)
	}
}

func TestYearOver(t *testing.T) {
	rome, _ := time.LoadLocation("Europe/Rome")
	for _, tt := range []struct {
		now  time.Time
		over bool
	}{
		{time.Date(2022, 12, 31, 23, 59, 59, 0, rome), false},
		{time.Date(2023, 1, 1, 0, 0, 0, 0, rome), true},
		{time.Date(2022, 12, 31, 23, 30, 0, 0, time.UTC), true}, // 00:30 in Italy
		{time.Date(2022, 12, 31, 22, 59, 0, 0, time.UTC), false},
		{time.Date(2021, 6, 1, 0, 0, 0, 0, rome), false},
	} {
		if got := score.YearOver(2022, tt.now); got != tt.over {
			t.Errorf("YearOver(2022, %s) = %v", tt.now, got)
		}
	}
}

func TestFormatMeasured(t *testing.T) {
	pct := &domain.Indicator{Description: "pratiche digitalizzate", Targets: []domain.Target{{Year: 2022, Text: "50%"}}}
	count := &domain.Indicator{Description: "servizi", Targets: []domain.Target{{Year: 2022, Text: "almeno sei servizi settimanali"}}}
	unit := &domain.Indicator{Description: "copertura", UnitOfMeasure: "%"}
	at := time.Date(2022, 9, 30, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		in    *domain.Indicator
		value string
		want  string
	}{
		{pct, "95", "95%"}, {pct, "62,5%", "62,5%"}, {count, "6", "6"}, {unit, "80", "80%"}, {pct, "sì", "sì"},
	} {
		m := score.ParseValue(tt.value)
		m.Date = at
		if got := score.FormatMeasured(tt.in, m); got != tt.want {
			t.Errorf("%s %q: %q, want %q", tt.in.Description, tt.value, got, tt.want)
		}
	}
}
