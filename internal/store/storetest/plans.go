package storetest

import (
	"fmt"

	"github.com/performa-pa/performa/internal/domain"
)

func ptr(f float64) *float64 { return &f }

// SourceFile is the file name the sample plans claim to come from.
const SourceFile = "pdo_2022.txt"

// SamplePlan is a small, realistic plan of org for 2022–2024: the ente-level
// pseudo-unit and one area, objectives with codes "1.1", "3.1" and none,
// with and without weights, indicators with baselines and three yearly
// targets, one target understood as a rule, and import diagnostics.
func SamplePlan(org string) *domain.Plan {
	src := func(sheet, line int) domain.SourceRef {
		return domain.SourceRef{Sheet: sheet, Line: line}
	}
	targets := func(texts ...string) []domain.Target {
		var ts []domain.Target
		for i, t := range texts {
			ts = append(ts, domain.Target{Year: 2022 + i, Text: t})
		}
		return ts
	}
	practices := &domain.Indicator{
		Description: "Tempo medio di rilascio delle autorizzazioni", UnitOfMeasure: "giorni",
		Weight: ptr(60), Direction: domain.LowerIsBetter,
		Baseline: domain.Baseline{Year: 2021, Text: "30 gg", Value: ptr(30)},
		Targets:  targets("<= 25 gg", "<= 20 gg", "<= 15 gg"),
		Source:   src(2, 8),
	}
	practices.Targets[0].Rule = &domain.TargetRule{
		Kind: domain.RuleAtMost, Value: ptr(25), Unit: "gg", Direction: domain.LowerIsBetter,
	}
	return &domain.Plan{
		Organization: domain.Organization{Name: org},
		Cycle:        domain.Cycle{FirstYear: 2022, LastYear: 2024},
		Version:      domain.Version{SourceFile: SourceFile, SourceHash: "5fc117f247c81c3e"},
		Units: []*domain.Unit{
			{
				Name: "Performance organizzativa dell'ente", Kind: domain.UnitOrganization,
				Source: src(1, 1),
				Objectives: []*domain.Objective{{
					Code: "1.1", Title: "Attuazione del Piano di prevenzione della corruzione",
					Weight:  ptr(50),
					Mission: domain.Classified{Code: "01", Text: "Servizi istituzionali, generali e di gestione"},
					Program: domain.Classified{Code: "02", Text: "Segreteria generale"},
					Manager: "Segretario generale", Kind: domain.ObjectiveOrganization,
					Source: src(1, 3),
					Indicators: []*domain.Indicator{{
						Description: "Processi mappati", UnitOfMeasure: "n.",
						Direction: domain.HigherIsBetter,
						Baseline:  domain.Baseline{Year: 2021, Text: "n. 4", Value: ptr(4)},
						Targets:   targets(">= 2 processi", ">= 4 processi", "mantenimento target 2023"),
						Source:    src(1, 3),
					}},
				}},
			},
			{
				Name: "Area Tecnica", Manager: "Ing. Maria Rossi", Kind: domain.UnitArea,
				DeclaredTotalWeight: ptr(100), Source: src(2, 1),
				Objectives: []*domain.Objective{
					{
						Code: "3.1", Title: "Semplificazione dei procedimenti edilizi", Weight: ptr(12.5),
						Mission: domain.Classified{Code: "08", Text: "Assetto del territorio ed edilizia abitativa"},
						Program: domain.Classified{Code: "01", Text: "Urbanistica e assetto del territorio"},
						Manager: "Ing. Maria Rossi", Staff: "Geom. Bianchi, Arch. Verdi",
						Notes: "In collaborazione con il SUAP", ReportedAchievement: "100%",
						Kind: domain.ObjectiveUnit, Source: src(2, 8),
						Indicators: []*domain.Indicator{practices, {
							Description: "Pratiche digitalizzate", UnitOfMeasure: "%",
							Weight: ptr(40), Direction: domain.HigherIsBetter,
							Baseline: domain.Baseline{Text: "non disponibile"},
							Targets:  targets("50%", "80%", "100%"),
							Source:   src(2, 9),
						}},
					},
					{
						Title:   "Mappatura dei processi a rischio corruttivo",
						Manager: "Ing. Maria Rossi", Kind: domain.ObjectiveCrossCutting,
						Source: src(2, 12),
						Indicators: []*domain.Indicator{{
							Description: "Mappatura completata",
							Targets:     targets("entro il 30.09.2022", "da ricalibrare", ""),
							Source:      src(2, 12),
						}},
					},
				},
			},
		},
		Diagnostics: []domain.Diagnostic{
			{Severity: domain.SeverityWarning, Code: "weights-total", Sheet: 2, Line: 14,
				Message: "La somma dei pesi dell'area è 12,5%, non 100%."},
			{Severity: domain.SeverityInfo, Code: "carried-manager", Sheet: 2, Line: 12, Column: "F",
				Message: "Responsabile ripreso dalla riga precedente."},
		},
	}
}

// GeneratedPlan is a plan of org for 2022–2024 as large as a real one:
// objectives spread over areas of ten, each with indicatorsPer indicators of
// three yearly targets.
func GeneratedPlan(org string, objectives, indicatorsPer int) *domain.Plan {
	p := &domain.Plan{
		Organization: domain.Organization{Name: org},
		Cycle:        domain.Cycle{FirstYear: 2022, LastYear: 2024},
		Version:      domain.Version{SourceFile: "generated.xlsx"},
	}
	var u *domain.Unit
	for i := range objectives {
		if i%10 == 0 {
			u = &domain.Unit{Name: fmt.Sprintf("Area %d", i/10+1), Manager: "Responsabile",
				Kind: domain.UnitArea, Source: domain.SourceRef{Sheet: i/10 + 1, Line: 1}}
			p.Units = append(p.Units, u)
		}
		o := &domain.Objective{
			Code: fmt.Sprintf("%d.%d", i/10+1, i%10+1), Title: fmt.Sprintf("Obiettivo %d", i+1),
			Weight: ptr(10), Mission: domain.Classified{Code: "01", Text: "Servizi istituzionali"},
			Kind: domain.ObjectiveUnit, Source: domain.SourceRef{Sheet: i/10 + 1, Line: 3 + i%10},
		}
		for j := range indicatorsPer {
			in := &domain.Indicator{
				Description: fmt.Sprintf("Indicatore %d.%d", i+1, j+1), UnitOfMeasure: "n.",
				Direction: domain.HigherIsBetter,
				Baseline:  domain.Baseline{Year: 2021, Text: "10", Value: ptr(10)},
				Source:    o.Source,
			}
			for y := 2022; y <= 2024; y++ {
				in.Targets = append(in.Targets, domain.Target{Year: y, Text: fmt.Sprintf(">= %d", y-2010),
					Rule: &domain.TargetRule{Kind: domain.RuleAtLeast, Value: ptr(float64(y - 2010))}})
			}
			o.Indicators = append(o.Indicators, in)
		}
		u.Objectives = append(u.Objectives, o)
	}
	return p
}
