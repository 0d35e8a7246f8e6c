package score

import (
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/domain"
)

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func measured(day, value string) domain.Measurement {
	m := ParseValue(value)
	m.Date = date(day)
	return m
}

func indicator(baseline string, targets ...string) *domain.Indicator {
	in := &domain.Indicator{ID: 1, Description: "indicatore", Baseline: domain.Baseline{Text: baseline}}
	if v, ok := ParseNumber(baseline); ok {
		in.Baseline.Value = &v
	}
	for i, t := range targets {
		in.Targets = append(in.Targets, domain.Target{Year: 2022 + i, Text: t})
	}
	return in
}

func TestIndicatorAchievement(t *testing.T) {
	def := domain.DefaultSMVP()
	thresholdSMVP := domain.DefaultSMVP()
	thresholdSMVP.Methods[domain.RuleAtLeast] = domain.AchievementMethod{Method: domain.MethodThreshold, Floor: 60}
	baselineSMVP := domain.DefaultSMVP()
	baselineSMVP.Methods[domain.RuleAtLeast] = domain.AchievementMethod{Method: domain.MethodBaseline}
	baselineSMVP.Methods[domain.RuleAtMost] = domain.AchievementMethod{Method: domain.MethodBaseline}
	tests := []struct {
		name   string
		in     *domain.Indicator
		year   int
		hist   History
		smvp   domain.SMVP
		want   float64 // -1: no achievement
		manual bool
	}{
		{"at least met", indicator("n. 4", ">= due processi"), 2022, History{measured("2022-12-31", "3")}, def, 100, false},
		{"at least, proportional", indicator("n. 4", "almeno 12 pratiche / anno"), 2022, History{measured("2022-12-31", "9")}, def, 75, false},
		{"at least, under the threshold", indicator("", "almeno 12 pratiche / anno"), 2022, History{measured("2022-12-31", "6")}, thresholdSMVP, 0, false},
		{"at least, above the threshold", indicator("", "almeno 12 pratiche / anno"), 2022, History{measured("2022-12-31", "9")}, thresholdSMVP, 75, false},
		{"at least, from the baseline", indicator("10", "almeno 14 pratiche / anno"), 2022, History{measured("2022-12-31", "12")}, baselineSMVP, 50, false},
		{"at most met", indicator("20gg", "<= a 15gg . dalla pubblicazione delibera"), 2022, History{measured("2022-12-31", "12")}, def, 100, false},
		{"at most missed", indicator("20gg", "<= a 15gg . dalla pubblicazione delibera"), 2022, History{measured("2022-12-31", "20")}, def, 75, false},
		{"at most, from the baseline", indicator("30", "<= 20 giorni"), 2022, History{measured("2022-12-31", "25")}, baselineSMVP, 50, false},
		{"equal", indicator("n. 12", "n. 12"), 2022, History{measured("2022-12-31", "12")}, def, 100, false},
		{"completion", indicator("0%", "50%", "80%", "100%"), 2023, History{measured("2023-12-31", "60%")}, def, 75, false},
		{"the latest measurement of the year counts", indicator("0%", "50%"), 2022,
			History{measured("2022-06-30", "10%"), measured("2022-12-31", "50%"), measured("2023-01-15", "0%")}, def, 100, false},
		{"deadline on time", indicator("nuovo=0", "entro il 30.09.2022"), 2022, History{measured("2022-10-01", "2022-09-28")}, def, 100, false},
		{"deadline 10 days late", indicator("nuovo=0", "entro il 30.09.2022"), 2022, History{measured("2022-10-15", "10/10/2022")}, def, 80, false},
		{"deadline 45 days late", indicator("nuovo=0", "entro il 30.09.2022"), 2022, History{measured("2022-11-15", "14/11/2022")}, def, 50, false},
		{"deadline 90 days late", indicator("nuovo=0", "entro il 30.09.2022"), 2022, History{measured("2022-12-31", "29/12/2022")}, def, 0, false},
		{"deadline not met", indicator("nuovo=0", "entro il 30.09.2022"), 2022, History{measured("2022-12-31", "no")}, def, 0, false},
		{"deadline done, dated by the measurement", indicator("nuovo=0", "entro 31 gennaio"), 2022, History{measured("2022-01-20", "sì")}, def, 100, false},
		{"yes/no", indicator("", "SI/NO"), 2022, History{measured("2022-12-31", "sì")}, def, 100, false},
		{"all", indicator("332", "tutti quelli presentati"), 2022, History{measured("2022-12-31", "95%")}, def, 95, false},
		{"relative: greater than last year", indicator("", "maggiore 2021", "maggiore 2022"), 2023,
			History{measured("2022-12-31", "5"), measured("2023-12-31", "6")}, def, 100, false},
		{"relative: not greater", indicator("", "maggiore 2021", "maggiore 2022"), 2023,
			History{measured("2022-12-31", "5"), measured("2023-12-31", "5")}, def, 0, false},
		{"relative without the past value", indicator("", "maggiore 2021", "maggiore 2022"), 2023,
			History{measured("2023-12-31", "6")}, def, -1, false},
		{"maintain the target of 2022", indicator("20gg", "<= a 15gg", "mantenimento target dell'anno 2022"), 2023,
			History{measured("2023-12-31", "14")}, def, 100, false},
		{"not measurable asks for a manual %", indicator("", "da ricalibrare"), 2022, History{measured("2022-12-31", "5")}, def, -1, true},
		{"no measurement", indicator("", ">= 2"), 2022, nil, def, -1, false},
		{"no target for the year", indicator("", ">= 2"), 2024, History{measured("2024-12-31", "5")}, def, -1, false},
		{"text where a number is needed", indicator("", ">= 2"), 2022, History{measured("2022-12-31", "abbastanza")}, def, -1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Indicator(tt.in, tt.year, tt.hist, tt.smvp)
			if s.NeedsManual != tt.manual {
				t.Errorf("needs manual = %v, want %v (%s)", s.NeedsManual, tt.manual, s.How)
			}
			if tt.want < 0 {
				if s.Achievement != nil {
					t.Errorf("achievement %v, want none (%s)", *s.Achievement, s.How)
				}
				if s.How == "" {
					t.Error("no explanation")
				}
				return
			}
			if s.Achievement == nil || *s.Achievement != tt.want {
				t.Errorf("achievement %v, want %v (rule %+v; %s)", s.Achievement, tt.want, s.Rule, s.How)
			}
		})
	}
}

// A manual % on a not-measurable target counts, with its reason.
func TestManualAchievement(t *testing.T) {
	m := measured("2022-12-31", "")
	m.ManualAchievement, m.Note = ptr(70), "verificato sul verbale del 20/12"
	s := Indicator(indicator("", "monitoraggio costante e periodico"), 2022, History{m}, domain.DefaultSMVP())
	if s.Achievement == nil || *s.Achievement != 70 || s.How != "% inserita a mano: verificato sul verbale del 20/12" {
		t.Errorf("manual: %v %q", s.Achievement, s.How)
	}
}

func TestParseValue(t *testing.T) {
	n := func(m domain.Measurement) any {
		switch {
		case m.Number != nil:
			return *m.Number
		case m.Bool != nil:
			return *m.Bool
		case m.DateValue != nil:
			return m.DateValue.Format("2006-01-02")
		}
		return m.Text
	}
	for in, want := range map[string]any{
		"1.234,5": 1234.5, "12,5%": 12.5, "7": 7.0, "0.5": 0.5, "1.234": 1234.0, "-3": -3.0,
		"sì": true, "SI": true, "no": false, "30/09/2022": "2022-09-30", "2022-09-30": "2022-09-30",
		"in corso": "in corso",
	} {
		if got := n(ParseValue(in)); got != want {
			t.Errorf("ParseValue(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestFormat(t *testing.T) {
	for v, want := range map[float64]string{1234.5: "1.234,5", 0: "0", 1000000: "1.000.000", -12.25: "-12,25", 33.333333: "33,33"} {
		if got := FormatNumber(v); got != want {
			t.Errorf("FormatNumber(%v) = %q, want %q", v, got, want)
		}
	}
	if got := FormatPercent(12.5); got != "12,5%" {
		t.Errorf("FormatPercent = %q", got)
	}
}
