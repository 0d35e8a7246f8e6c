package web

import (
	"bytes"
	"encoding/json"
	"html/template"
	"strconv"
	"sync"

	"github.com/performa-pa/performa/internal/chart"
	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
	"github.com/performa-pa/performa/internal/missions"
	"github.com/performa-pa/performa/internal/score"
	"github.com/performa-pa/performa/internal/target"
)

// How figures read in the pages, Italian style.

// pct writes a percentage that may be missing: "12,5%", or "—".
func pct(p *float64) string {
	if p == nil {
		return "—"
	}
	return score.FormatPercent(*p)
}

// weightLabel writes an objective's or indicator's weight, "—" if none.
func weightLabel(w *float64) string {
	if w == nil {
		return "—"
	}
	return italian.Number(*w, 2) + "%"
}

// statusInfo is how far a score is from its target, in words (for
// everyone) and as a colour (for those who see it): never colour alone.
type statusInfo struct {
	Key   string // for filters: "in-linea", "da-seguire", "critico", "non-misurato"
	Label string
	Class string // Bootstrap Italia colour: success, warning, danger, secondary
	Icon  string // sprite name
}

// statuses are chart.Bands' (in line, to follow, critical), then the
// missing score.
var statuses = []statusInfo{
	{"in-linea", "in linea", "success", "check-circle"},
	{"da-seguire", "da seguire", "warning", "warning-circle"},
	{"critico", "critico", "danger", "close-circle"},
	{"non-misurato", "non misurato", "secondary", "minus-circle"},
}

// scoreStatus places a score among the statuses by the bands the charts
// and documents use (chart.Bands), so that they all colour it alike.
func scoreStatus(p *float64) statusInfo {
	if p == nil {
		return statuses[len(chart.Bands)]
	}
	for i, b := range chart.Bands {
		if *p >= b.From {
			return statuses[i]
		}
	}
	return statuses[len(chart.Bands)-1]
}

// barWidth is the width of a progress bar, 0–100.
func barWidth(p *float64) float64 {
	if p == nil {
		return 0
	}
	return max(0, min(100, *p))
}

// ruleWords says the target of an indicator in words: its stored rule,
// or the text understood now when the plan was stored without rules.
func ruleWords(in *domain.Indicator, t domain.Target) string {
	if t.Text == "" {
		return "nessun target"
	}
	return target.Describe(score.RuleOf(in, t))
}

// objectiveLabel is the objective's code as written, or its position.
func objectiveLabel(o *domain.Objective) string {
	if o.Code != "" {
		return o.Code
	}
	return "#" + italian.Number(float64(o.Position), 2)
}

// missionName is the official name of a DUP mission, "" if unknown.
func missionName(code string) string {
	if m, ok := missions.LookupMission(code); ok {
		return m.Name
	}
	return ""
}

// programName is the official name of a program of a mission.
func programName(mission, program string) string {
	if p, ok := missions.LookupProgram(mission, program); ok {
		return p.Name
	}
	return ""
}

// shortText cuts a long text for a list, with an ellipsis.
func shortText(n int, s string) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// auditJSON lays out an audit log's JSON for reading, "" for none.
func auditJSON(s string) string {
	if s == "" {
		return ""
	}
	var b bytes.Buffer
	if json.Indent(&b, []byte(s), "", " ") != nil {
		return s
	}
	return b.String()
}

// args builds a map for a template called with several values:
// {{template "x" args "A" 1 "B" 2}}.
func args(kv ...any) map[string]any {
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		k, _ := kv[i].(string)
		m[k] = kv[i+1]
	}
	return m
}

// spriteURL is the address of Bootstrap Italia's icons, fingerprinted.
var spriteURL = sync.OnceValue(func() string { return assetURL(spritesSVG) })

// badgeHTML is a score's status in words, coloured, with its icon. Pages
// show many: it is written here rather than as a template.
func badgeHTML(p *float64) template.HTML {
	st := scoreStatus(p)
	return template.HTML(`<span class="badge bg-` + st.Class + ` pf-badge"><svg class="icon icon-xs icon-white me-1" aria-hidden="true" focusable="false"><use href="` +
		spriteURL() + `#it-` + st.Icon + `"></use></svg>` + st.Label + `</span>`)
}

// scoreBarHTML is a score as a bar (decoration, hidden from screen
// readers), the figure and the status in words.
func scoreBarHTML(p *float64) template.HTML {
	st := scoreStatus(p)
	return template.HTML(`<span class="pf-score"><span class="pf-bar" aria-hidden="true"><span class="pf-fill bg-`+st.Class+
		`" style="width: `+strconv.FormatFloat(barWidth(p), 'f', 1, 64)+`%"></span></span><strong class="pf-value">`+
		pct(p)+`</strong>`) + badgeHTML(p) + `</span>`
}

// plural writes a count with its noun: "1 obiettivo", "3 obiettivi".
func plural(n int, one, many string) string { return italian.Count(n, one, many) }
