package web

import (
	"html/template"
	"strings"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
	"github.com/performa-pa/performa/internal/report"
	"github.com/performa-pa/performa/internal/score"
	"github.com/performa-pa/performa/internal/wording"
)

var rome = func() *time.Location {
	if loc, err := time.LoadLocation("Europe/Rome"); err == nil {
		return loc
	}
	return time.UTC
}()

var funcs = template.FuncMap{
	// datetime renders 31/12/2022 15:04, Italian style, in Italian time.
	"datetime": func(t time.Time) string { return t.In(rome).Format("02/01/2006 15:04") },
	// date renders 31/12/2022.
	"date":          func(t time.Time) string { return t.In(rome).Format("02/01/2006") },
	"dateptr":       datePtr,
	"minus":         func(a, b int) int { return a - b },
	"statusLine":    statusLine,
	"measured":      score.FormatMeasured,
	"measuredPtr":   func(in *domain.Indicator, m *domain.Measurement) string { return score.FormatMeasured(in, *m) },
	"number":        func(v float64) string { return italian.Number(v, 2) },
	"cycleStatus":   func(s domain.CycleStatus) string { return s.Label() },
	"versionStatus": versionStatus,
	"roleLabel":     func(r domain.Role) string { return r.Label() },
	"roles":         func() []domain.Role { return domain.Roles },
	"asset":         assetURL,
	"sprite":        func(icon string) string { return spriteURL() + "#it-" + icon },
	"join":          strings.Join,
	"pct":           pct,
	"euro":          euro,
	"percent":       func(v float64) string { return score.FormatPercent(v) },
	"weight":        weightLabel,
	"status":        scoreStatus,
	"bar":           barWidth,
	"rule":          ruleWords,
	"value":         score.FormatValue,
	"objLabel":      objectiveLabel,
	"kindLabel":     wording.KindLabel,
	"missionLabel":  wording.MissionLabel,
	"add":           func(a, b int) int { return a + b },
	"programLabel":  wording.ProgramLabel,
	"dirLabel":      wording.DirectionLabel,
	"missionName":   missionName,
	"programName":   programName,
	"iso":           func(t time.Time) string { return t.Format(time.DateOnly) },
	"severity":      func(s domain.Severity) string { return s.Label() },
	"deref":         func(p *float64) float64 { return *p },
	"short":         shortText,
	"exportFormats": func() []report.Format { return report.Formats },
	"upper":         func(f report.Format) string { return strings.ToUpper(string(f)) },
	"auditJSON":     auditJSON,
	"args":          args,
	"plural":        plural,
	"scoreBarHTML":  scoreBarHTML,
	"badgeHTML":     badgeHTML,
	"has": func(list []string, s string) bool {
		for _, x := range list {
			if x == s {
				return true
			}
		}
		return false
	},
}

// datePtr renders a day that may be missing, "—" then.
func datePtr(t *time.Time) string {
	if t == nil {
		return "—"
	}
	return t.Format("02/01/2006")
}

// statusLine says how final res is and what cov covers
// (score.StatusLine).
func statusLine(res score.Result, cov score.Coverage) string {
	return score.StatusLine(res.Status, res.Policy, cov)
}

func versionStatus(s domain.VersionStatus) string { return s.Label() }
