package web

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/performa-pa/performa/internal/auth"
	"github.com/performa-pa/performa/internal/chart"
	"github.com/performa-pa/performa/internal/closure"
	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/quality"
	"github.com/performa-pa/performa/internal/score"
)

type dashboardPage struct {
	Plans     []domain.PlanSummary
	Units     []string // the signed-in manager's units
	CanImport bool

	W            *workspace // nil without a plan
	Result       score.Result
	Organization *float64
	Locked       *domain.SignOff // the year is signed off: its figures are final
	UnitRows     []dashboardUnit
	Quality      quality.Figures
	Overdue      []dashboardObjective
	Unmeasured   []dashboardObjective
	Chart        *trendChart
	Work         myWork
}

type dashboardUnit struct {
	Unit  *domain.Unit
	Score *float64
	Line  string // status and coverage in words
	How   string
}

type dashboardObjective struct {
	Unit *domain.Unit
	O    *domain.Objective
	Due  string // the deadline passed, 31/12/2022
}

// myWork is what waits for the signed-in person.
type myWork struct {
	Role     domain.Role
	Measure  []workItem // a manager's (or the administrator's) units with indicators to measure
	Validate []workItem // the evaluator's units with objectives to validate
	Drafts   []domain.PlanSummary
	// Gaps is what the year's sign-off still needs (closure.Check): the
	// year can be closed when there are none.
	Gaps     int
	CanClose bool
	Closed   bool // the year is signed off: nothing left to do in it
}

type workItem struct {
	Unit  *domain.Unit
	Count int
	Of    int
}

// handleDashboard is the cruscotto: the scores of the ente and of each unit
// in the year, the plan's measurable share, the objectives overdue or
// never measured, the trend across monitoring dates, and the signed-in
// person's work.
func (s *Server) handleDashboard(w http.ResponseWriter, r *http.Request) {
	u := principalUser(r)
	plans, err := s.plans(r.Context(), u.OrganizationID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	data := &dashboardPage{Plans: plans, Units: u.UnitNames(), CanImport: s.allowed(r, "GET /importa", principal(r))}
	// What the page shows comes from the plans, who asks, the query and,
	// with a plan, the version's state, the SMVP, the year, the day and
	// the sign-off: the key of the rendered page holds them all.
	// (The person and the plans go in as a hash of their JSON: shorter, and
	// no password hash kept in a key.)
	who, _ := json.Marshal(u)
	listed, _ := json.Marshal(plans)
	key := fmt.Sprintf("dashboard|%x|%x|%t|%s", sha256.Sum256(who), sha256.Sum256(listed), data.CanImport, r.URL.RawQuery)
	if len(plans) > 0 {
		ws, err := s.loadWorkspace(r)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		fillDashboard(data, ws, u)
		signed := int64(0)
		if so := ws.SignOff(ws.Year); so != nil {
			signed = so.SignedAt.UnixMicro()
		}
		key += fmt.Sprintf("|%d|%s|%d|%d|%t|%d|%d", ws.Plan.Version.ID, ws.Stamp, ws.SMVPVersion, ws.Year,
			score.YearOver(ws.Year, ws.LoadedAt), signed, ws.today().Unix()/86400)
		for _, v := range ws.Versions {
			key += fmt.Sprintf("|%d:%s", v.Version.ID, v.Version.Status)
		}
	}
	pg := s.newPage(r, "Cruscotto", "/", data)
	switch r.URL.Query().Get("esito") {
	case "password":
		pg.Notice = "Password cambiata: le altre sessioni sono state chiuse."
		if n, _ := strconv.Atoi(r.URL.Query().Get("token")); n == 1 {
			pg.Notice = "Password cambiata: le altre sessioni sono state chiuse e 1 token API revocato."
		} else if n > 1 {
			pg.Notice = "Password cambiata: le altre sessioni sono state chiuse e " + itoa(n) + " token API revocati."
		}
	case "importato":
		pg.Notice = "Piano importato."
	}
	s.renderShared(w, r, "dashboard.html", pg, key)
}

// dashboardFigures is what the Cruscotto shows that does not depend on
// who asks: computed once per version state, year, day and SMVP, kept with
// the version (plancache.go) and shared, so nobody may change it.
type dashboardFigures struct {
	unitRows   []dashboardUnit
	quality    quality.Figures
	overdue    []dashboardObjective
	unmeasured []dashboardObjective
	chart      *trendChart
	measured   map[int64]bool
	validate   []workItem // units with objectives to validate
	gaps       int        // what the sign-off still needs (closure.Check)
}

// dashboardKey names a computation of dashboardFigures within a version
// state: "overdue" depends on the day.
type dashboardKey struct {
	year, smvp int
	today      int64 // unix day
	signed     int64 // the sign-off counted (unix µs), 0: none
}

// plans is Store.Plans with the counts taken from the cached versions: the
// store counts them with three subqueries per version, more than the rest
// of the Cruscotto costs.
func (s *Server) plans(ctx context.Context, orgID int64) ([]domain.PlanSummary, error) {
	plans, err := s.Store.Versions(ctx, orgID)
	if err != nil {
		return nil, err
	}
	for i := range plans {
		d, err := s.version(ctx, orgID, plans[i].Version.ID)
		if err != nil {
			return nil, err
		}
		p := &plans[i]
		p.Units, p.Objectives, p.Indicators = len(d.plan.Units), d.plan.Objectives(), 0
		for _, u := range d.plan.Units {
			for _, o := range u.Objectives {
				p.Indicators += len(o.Indicators)
			}
		}
	}
	return plans, nil
}

func fillDashboard(d *dashboardPage, ws *workspace, u *domain.User) {
	d.W = ws
	year := ws.Year
	res := ws.scores(year, time.Time{}) // final figures once signed off
	d.Result, d.Locked, d.Organization = res, ws.SignOff(year), res.Organization.Score
	key := dashboardKey{year: year, smvp: ws.SMVPVersion, today: ws.today().Unix() / 86400}
	if so := ws.SignOff(year); so != nil {
		key.signed = so.SignedAt.UnixMicro()
	}
	f := ws.data.dashboard(key, func() *dashboardFigures { return computeDashboard(ws, res) })
	d.UnitRows, d.Quality, d.Overdue, d.Unmeasured, d.Chart = f.unitRows, f.quality, f.overdue, f.unmeasured, f.chart
	d.Work = buildWork(ws, f, u)
}

func computeDashboard(ws *workspace, res score.Result) *dashboardFigures {
	f := &dashboardFigures{}
	year := ws.Year
	for i := range res.Units {
		us := &res.Units[i]
		f.unitRows = append(f.unitRows, dashboardUnit{Unit: us.Unit, Score: us.Score, Line: us.StatusLine(&res), How: us.How})
	}
	f.quality = ws.quality().Overall
	f.measured = ws.measuredIn(year)
	now := ws.today()
	for _, unit := range ws.Plan.Units {
		for _, o := range unit.Objectives {
			anyTarget, anyMeasured, due := false, false, ""
			for _, in := range o.Indicators {
				t, ok := in.Target(year)
				if !ok || t.Text == "" {
					continue
				}
				anyTarget = true
				if f.measured[in.ID] {
					anyMeasured = true
					continue
				}
				if r := score.RuleOf(in, t); r.Kind == domain.RuleDeadline && r.Date != "" {
					if dl, err := time.Parse(time.DateOnly, r.Date); err == nil && dl.Before(now) {
						due = dl.Format("02/01/2006")
					}
				}
			}
			if due != "" {
				f.overdue = append(f.overdue, dashboardObjective{unit, o, due})
			}
			if anyTarget && !anyMeasured {
				f.unmeasured = append(f.unmeasured, dashboardObjective{Unit: unit, O: o})
			}
		}
	}
	f.chart = buildTrend(ws, year, res)
	for i := range res.Units {
		us := &res.Units[i]
		item := workItem{Unit: us.Unit, Of: len(us.Objectives)}
		for _, o := range us.Objectives {
			if toConfirm(o) {
				item.Count++
			}
		}
		if item.Count > 0 {
			f.validate = append(f.validate, item)
		}
	}
	// The same check as the sign-off's: never «puoi chiudere» when it
	// would be refused.
	f.gaps = len(closure.Check(ws.Plan, res))
	return f
}

// buildWork is the signed-in person's to-do list for the year: none once
// the year is signed off.
func buildWork(ws *workspace, f *dashboardFigures, u *domain.User) myWork {
	wk := myWork{Role: u.Role, Closed: ws.SignOff(ws.Year) != nil}
	year := ws.Year
	if u.Role == domain.RoleAdmin {
		for _, v := range ws.Versions {
			if v.Version.Status == domain.VersionDraft {
				wk.Drafts = append(wk.Drafts, v)
			}
		}
	}
	if wk.Closed {
		return wk
	}
	if u.Role == domain.RoleManager || u.Role == domain.RoleAdmin {
		for _, unit := range ws.Plan.Units {
			if u.Role == domain.RoleManager && !auth.Manages(u, unit.Identity) {
				continue
			}
			item := workItem{Unit: unit}
			for _, o := range unit.Objectives {
				for _, in := range o.Indicators {
					if t, ok := in.Target(year); ok && t.Text != "" {
						item.Of++
						if !f.measured[in.ID] {
							item.Count++
						}
					}
				}
			}
			if u.Role == domain.RoleManager || item.Count > 0 {
				wk.Measure = append(wk.Measure, item)
			}
		}
	}
	if u.Role == domain.RoleEvaluator || u.Role == domain.RoleAdmin {
		wk.Validate = f.validate
		wk.Gaps = f.gaps
		wk.CanClose = wk.Gaps == 0
	}
	return wk
}

// trendChart is the ente's score (and each unit's) at every monitoring date
// of the year, and the units' scores against the status bands: SVG charts
// drawn on the server (internal/chart), each with its data as a table.
type trendChart struct {
	Trend      template.HTML // the ente's trend and the measured units', SVG
	TrendTitle string
	TrendTable chart.Table   // the ente and every unit at each date
	Units      template.HTML // the units' scores against the bands, SVG
	UnitsTitle string
	UnitsTable chart.Table
}

const maxTrend = 12

// buildTrend scores the year at each date something was measured (the
// latest dozen).
func buildTrend(ws *workspace, year int, res score.Result) *trendChart {
	var dates []time.Time
	for _, m := range ws.Measurements {
		if m.Date.Year() == year && !slices.ContainsFunc(dates, m.Date.Equal) {
			dates = append(dates, m.Date)
		}
	}
	if len(dates) == 0 {
		return nil
	}
	slices.SortFunc(dates, func(a, b time.Time) int { return a.Compare(b) })
	if len(dates) > maxTrend {
		dates = dates[len(dates)-maxTrend:]
	}
	ente := chart.Series{Label: "Ente"}
	units := make([]chart.Series, len(ws.Plan.Units))
	for j, u := range ws.Plan.Units {
		units[j].Label = u.Name
	}
	for _, d := range dates {
		r := ws.computedAt(year, d)
		ente.Values = append(ente.Values, r.Organization.Score)
		for j := range r.Units {
			units[j].Values = append(units[j].Values, r.Units[j].Score)
		}
	}
	all := chart.Trend{ID: "grafico-andamento", Title: "Raggiungimento calcolato alle date di monitoraggio (senza le validazioni del Nucleo)",
		Dates: dates, Series: append([]chart.Series{ente}, units...)}
	// The lines drawn: the ente and the units measured (the table has
	// every unit).
	trend := all
	trend.Title = "Raggiungimento dell'ente e delle unità alle date di monitoraggio del " + itoa(year)
	trend.Series = chart.Drawn(all.Series, 0)
	bars := unitScores(res, "grafico-unita", "Punteggio delle unità nel "+itoa(year))
	return &trendChart{Trend: svgHTML(trend.Drawing()), TrendTitle: trend.Title, TrendTable: all.Table(),
		Units: svgHTML(bars.Drawing()), UnitsTitle: bars.Title, UnitsTable: bars.Table()}
}

// unitScores is the chart of the units' scores of a result.
func unitScores(res score.Result, id, title string) chart.Scores {
	c := chart.Scores{ID: id, Title: title, Noun: "unità"}
	for _, u := range res.Units {
		c.Items = append(c.Items, chart.Item{Label: u.Unit.Name, Value: u.Score})
	}
	return c
}

// svgHTML is a drawing as markup for a template: internal/chart escapes
// every text it writes.
func svgHTML(d *chart.Drawing) template.HTML { return template.HTML(d.String()) }
