package web

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/score"
	"github.com/performa-pa/performa/internal/textnorm"
	"github.com/performa-pa/performa/internal/wording"
)

// planFilter is the Piano page's query: every filter is a GET parameter,
// so that the page works without JavaScript and a filtered view can be
// bookmarked or sent.
type planFilter struct {
	Unit    int64  // unita
	Manager string // responsabile
	Mission string // missione: two digits
	Program string // programma: "MM.PP"
	Kind    string // tipo
	Status  string // stato: a statusInfo key, or "validato"
	Query   string // q
	Version int64  // versione: 0 for the plan in force
}

func parsePlanFilter(q url.Values) planFilter {
	f := planFilter{
		Manager: strings.TrimSpace(q.Get("responsabile")),
		Mission: q.Get("missione"),
		Program: q.Get("programma"),
		Kind:    q.Get("tipo"),
		Status:  q.Get("stato"),
		Query:   strings.TrimSpace(q.Get("q")),
	}
	f.Unit, _ = strconv.ParseInt(q.Get("unita"), 10, 64)
	f.Version, _ = strconv.ParseInt(q.Get("versione"), 10, 64)
	return f
}

// Active reports whether any filter narrows the plan.
func (f planFilter) Active() bool {
	return f.Unit != 0 || f.Manager != "" || f.Mission != "" || f.Program != "" || f.Kind != "" || f.Status != "" || f.Query != ""
}

type option struct {
	Value string
	Label string
}

type planPage struct {
	W        *workspace
	Result   *score.Result // the year's scores: status and coverage
	Filter   planFilter
	Units    []planUnit
	Shown    int
	Total    int
	Units0   []option // every unit, for the filter
	Managers []string
	Missions []option
	Programs []option
	Kinds    []option
	Statuses []option
	Editable bool // the version shown is a draft
	InForce  bool // the version shown is the plan in force
}

type planUnit struct {
	Unit       *domain.Unit
	Score      *score.UnitScore
	Objectives []planObjective
	CanAdd     bool // the version is a draft and the reader may add objectives to the unit
}

type planObjective struct {
	O     *domain.Objective
	Score *score.ObjectiveScore
	Label string // code, or #position
	Lines []planLine
}

// planLine is an indicator as the plan's table shows it, prepared.
type planLine struct {
	Description string
	Target      string // as written, "" when none for the year
	Words       string // the rule in words
	Achievement string // "" when not computed
}

// handlePlan shows the plan: units, objectives, their indicators with the
// target of the year in words and the achievement, filtered.
func (s *Server) handlePlan(w http.ResponseWriter, r *http.Request) {
	f := parsePlanFilter(r.URL.Query())
	ws, err := s.loadWorkspaceOf(r, f.Version)
	if domain.ErrorCode(err) == domain.ENOTFOUND && f.Version == 0 {
		s.render(w, r, "plan.html", s.newPage(r, "Piano", "/piano", &planPage{}))
		return
	} else if err != nil {
		s.Error(w, r, err)
		return
	}
	// The content depends on the version's state, the SMVP, the cycle's
	// versions, the year and the filters: not on who asks.
	// Whether the year is over, and its sign-off, decide how final the
	// figures are.
	signed := int64(0)
	if so := ws.SignOff(ws.Year); so != nil {
		signed = so.SignedAt.UnixMicro()
	}
	key := fmt.Sprintf("plan.html|%d|%d|%s|%d|%d|%t|%d|%s", ws.Plan.Organization.ID, ws.Plan.Version.ID, ws.Stamp,
		ws.SMVPVersion, ws.Year, score.YearOver(ws.Year, ws.LoadedAt), signed, r.URL.RawQuery)
	for _, v := range ws.Versions {
		key += fmt.Sprintf("|%d:%s", v.Version.ID, v.Version.Status)
	}
	// Of the one who asks, only which units they may add objectives to
	// shows (in a draft): the key holds it.
	u := principalUser(r)
	canAdd := func(unit *domain.Unit) bool {
		return ws.Plan.Version.Editable() && (u.Role == domain.RoleAdmin || u.Manages(unit.Identity))
	}
	if ws.Plan.Version.Editable() {
		key += "|edit:" + string(u.Role)
		for _, unit := range ws.Plan.Units {
			if canAdd(unit) && u.Role != domain.RoleAdmin {
				key += fmt.Sprintf(",%d", unit.Identity)
			}
		}
	}
	html, err := s.content("plan.html", key, func() any { return buildPlanPage(ws, f, canAdd) })
	if err != nil {
		s.Error(w, r, err)
		return
	}
	pg := s.newPage(r, "Piano", "/piano", html)
	if r.URL.Query().Get("esito") == "obiettivo-eliminato" {
		pg.Notice = "Obiettivo eliminato."
	}
	s.renderShared(w, r, "fragment.html", pg, key)
}

func buildPlanPage(ws *workspace, f planFilter, canAdd func(*domain.Unit) bool) *planPage {
	pg := &planPage{W: ws, Filter: f, Editable: ws.Plan.Version.Editable()}
	pg.InForce = len(ws.Versions) > 0
	for _, v := range ws.Versions {
		if v.Version.Status == domain.VersionApproved {
			pg.InForce = v.Version.ID == ws.Plan.Version.ID
			break
		}
	}
	res := ws.scores(ws.Year, time.Time{})
	pg.Result = &res
	objScores, unitScores := objectiveScores(res)
	query := textnorm.Normalize(f.Query)
	manager := textnorm.Normalize(f.Manager)
	managers := map[string]string{}
	missionSeen, programSeen := map[string]bool{}, map[string]bool{}
	for _, u := range ws.Plan.Units {
		pg.Units0 = append(pg.Units0, option{strconv.FormatInt(u.ID, 10), u.Name})
		pu := planUnit{Unit: u, Score: unitScores[u.ID], CanAdd: canAdd(u)}
		for _, o := range u.Objectives {
			pg.Total++
			for _, m := range []string{o.Manager, u.Manager} {
				if m != "" {
					managers[textnorm.Normalize(m)] = m
				}
			}
			if c := o.Mission.Code; c != "" && !missionSeen[c] {
				missionSeen[c] = true
				pg.Missions = append(pg.Missions, option{c, c + " · " + cmp.Or(missionName(c), o.Mission.Text)})
			}
			if c := o.Mission.Code + "." + o.Program.Code; o.Program.Code != "" && !programSeen[c] {
				programSeen[c] = true
				pg.Programs = append(pg.Programs, option{c, c + " · " + cmp.Or(programName(o.Mission.Code, o.Program.Code), o.Program.Text)})
			}
			os := objScores[o.ID]
			if !f.matches(u, o, os, query, manager) {
				continue
			}
			pu.Objectives = append(pu.Objectives, planObjectiveOf(o, os, ws.Year))
			pg.Shown++
		}
		if len(pu.Objectives) > 0 || pu.CanAdd && (f.Unit == 0 || f.Unit == u.ID) {
			pg.Units = append(pg.Units, pu)
		}
	}
	for _, m := range managers {
		pg.Managers = append(pg.Managers, m)
	}
	slices.SortFunc(pg.Managers, func(a, b string) int { return cmp.Compare(strings.ToLower(a), strings.ToLower(b)) })
	slices.SortFunc(pg.Missions, func(a, b option) int { return cmp.Compare(a.Value, b.Value) })
	slices.SortFunc(pg.Programs, func(a, b option) int { return cmp.Compare(a.Value, b.Value) })
	for _, k := range []domain.ObjectiveKind{domain.ObjectiveOrganization, domain.ObjectiveUnit, domain.ObjectiveCrossCutting} {
		pg.Kinds = append(pg.Kinds, option{string(k), wording.KindLabel(k)})
	}
	for _, st := range statuses {
		pg.Statuses = append(pg.Statuses, option{st.Key, st.Label})
	}
	pg.Statuses = append(pg.Statuses, option{"validato", "validato dal Nucleo"}, option{"da-validare", "da validare"},
		option{"neutralizzato", "neutralizzato dal Nucleo"})
	return pg
}

// matches applies the filters to one objective.
func (f planFilter) matches(u *domain.Unit, o *domain.Objective, os *score.ObjectiveScore, query, manager string) bool {
	switch {
	case f.Unit != 0 && u.ID != f.Unit:
		return false
	case manager != "" && textnorm.Normalize(o.Manager) != manager && textnorm.Normalize(u.Manager) != manager:
		return false
	case f.Mission != "" && o.Mission.Code != f.Mission:
		return false
	case f.Program != "" && o.Mission.Code+"."+o.Program.Code != f.Program:
		return false
	case f.Kind != "" && string(o.Kind) != f.Kind:
		return false
	}
	if f.Status != "" {
		var sc *float64
		validated, todo, neutral := false, false, false
		if os != nil {
			sc, validated = os.Score, os.Validation != nil && !os.Stale
			todo, neutral = toConfirm(*os), os.State == score.StateNeutralised
		}
		switch f.Status {
		case "validato":
			if !validated {
				return false
			}
		case "da-validare":
			if !todo {
				return false
			}
		case "neutralizzato":
			if !neutral {
				return false
			}
		default:
			if scoreStatus(sc).Key != f.Status {
				return false
			}
		}
	}
	if query == "" {
		return true
	}
	texts := []string{o.Code, o.Title, o.Notes, o.Staff, o.Manager, o.Mission.Text, o.Program.Text}
	for _, in := range o.Indicators {
		texts = append(texts, in.Description)
		for _, t := range in.Targets {
			texts = append(texts, t.Text)
		}
	}
	for _, t := range texts {
		if t != "" && strings.Contains(textnorm.Normalize(t), query) {
			return true
		}
	}
	return false
}

// planObjectiveOf prepares an objective's row: its indicators with the
// year's target in words and their achievement.
func planObjectiveOf(o *domain.Objective, os *score.ObjectiveScore, year int) planObjective {
	po := planObjective{O: o, Score: os, Label: objectiveLabel(o)}
	for i, in := range o.Indicators {
		l := planLine{Description: shortText(140, in.Description)}
		if t, ok := in.Target(year); ok && t.Text != "" {
			l.Target, l.Words = t.Text, ruleWords(in, t)
		}
		if os != nil && i < len(os.Indicators) && os.Indicators[i].Achievement != nil {
			l.Achievement = pct(os.Indicators[i].Achievement)
		}
		po.Lines = append(po.Lines, l)
	}
	return po
}

// Selected helps the filter form keep its choices.
func (f planFilter) UnitValue() string {
	if f.Unit == 0 {
		return ""
	}
	return strconv.FormatInt(f.Unit, 10)
}
