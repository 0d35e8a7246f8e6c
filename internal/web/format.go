package web

import (
	"bytes"
	"encoding/json"
	"html/template"
	"strconv"
	"sync"

	"github.com/performa-pa/performa/internal/audit"
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

// The thresholds of the status: what the cruscotto colours.
const (
	onTrack   = 90.0 // from here: in line
	watchFrom = 60.0 // from here: to follow; below: critical
)

var statuses = []statusInfo{
	{"in-linea", "in linea", "success", "check-circle"},
	{"da-seguire", "da seguire", "warning", "warning-circle"},
	{"critico", "critico", "danger", "close-circle"},
	{"non-misurato", "non misurato", "secondary", "minus-circle"},
}

// scoreStatus places a score among the statuses.
func scoreStatus(p *float64) statusInfo {
	switch {
	case p == nil:
		return statuses[3]
	case *p >= onTrack:
		return statuses[0]
	case *p >= watchFrom:
		return statuses[1]
	}
	return statuses[2]
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

func kindLabel(k domain.ObjectiveKind) string {
	switch k {
	case domain.ObjectiveOrganization:
		return "performance organizzativa dell'ente"
	case domain.ObjectiveCrossCutting:
		return "trasversale (assegnato a più unità)"
	}
	return "obiettivo di unità"
}

func directionLabel(d domain.Direction) string {
	switch d {
	case domain.HigherIsBetter:
		return "meglio più alto"
	case domain.LowerIsBetter:
		return "meglio più basso"
	}
	return "non indicato"
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

// auditAction is an audit log action in Italian.
func auditAction(a string) string {
	if l, ok := map[string]string{
		"create": "creazione", "update": "modifica", "delete": "eliminazione", "import": "importazione",
		"approve": "approvazione", "variation": "variazione", "status": "cambio di stato", "signoff": "chiusura dell'anno",
		"carry": "misurazioni riportate", "password": "password",
	}[a]; ok {
		return l
	}
	return audit.ActionLabel(a)
}

// auditEntity is what an audit log entry is about, in Italian.
func auditEntity(e string) string {
	if l, ok := map[string]string{
		"plan": "piano", "plan_version": "versione del piano", "cycle": "ciclo", "objective": "obiettivo",
		"indicator": "indicatore", "measurement": "misurazione", "validation": "validazione", "user": "utente",
		"smvp": "SMVP", "behaviour_rating": "valutazione dei comportamenti", "api_token": "token API",
	}[e]; ok {
		return l
	}
	return e
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
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
