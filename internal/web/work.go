package web

import (
	"context"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/quality"
	"github.com/performa-pa/performa/internal/score"
)

// workspace is the plan in force of the signed-in user's organization with
// what happened to it: what most pages show.
type workspace struct {
	Plan         *domain.Plan
	Versions     []domain.PlanSummary // the versions of the plan's cycle, newest first
	Measurements []domain.Measurement
	Validations  []domain.Validation
	SMVP         domain.SMVP
	SMVPVersion  int // 0: the default SMVP
	SignOffs     []domain.SignOff
	Year         int       // the year shown
	LoadedAt     time.Time // when the page was made: the time its figures are as of
	Stamp        string    // the version's state (VersionStamp) the figures come from
	data         *versionData
}

// versionsInForce finds the version people work on: the approved version
// of the newest cycle or, while nothing is approved, its newest draft. It
// returns the versions of that cycle too, newest first. ENOTFOUND without a
// plan.
func (s *Server) versionsInForce(ctx context.Context, orgID int64) (int64, []domain.PlanSummary, error) {
	all, err := s.Store.Versions(ctx, orgID)
	if err != nil {
		return 0, nil, err
	}
	pick, versions, ok := domain.InForce(all)
	if !ok {
		return 0, nil, domain.Errorf(domain.ENOTFOUND, "Non c'è ancora nessun piano per questo ente.")
	}
	return pick.Version.ID, versions, nil
}

// loadWorkspace reads the plan in force and its monitoring, and picks the
// year from the "anno" query parameter (default: defaultYear).
func (s *Server) loadWorkspace(r *http.Request) (*workspace, error) { return s.loadWorkspaceOf(r, 0) }

// loadWorkspaceOf reads the version versionID (0: the plan in force) and
// its monitoring.
func (s *Server) loadWorkspaceOf(r *http.Request, versionID int64) (*workspace, error) {
	return s.workspaceOf(r.Context(), principalUser(r).OrganizationID, versionID, r.URL.Query().Get("anno"))
}

// workspaceOf reads the version versionID (0: the plan in force) of the
// organization orgID and its monitoring, and picks the year asked for
// (default: defaultYear).
func (s *Server) workspaceOf(ctx context.Context, orgID, versionID int64, year string) (*workspace, error) {
	w := &workspace{LoadedAt: s.now()}
	var err error
	if versionID == 0 {
		if versionID, w.Versions, err = s.versionsInForce(ctx, orgID); err != nil {
			return nil, err
		}
	}
	d, err := s.version(ctx, orgID, versionID)
	if err != nil {
		return nil, err
	}
	w.Plan, w.Measurements, w.Validations, w.Stamp, w.data = d.plan, d.measurements, d.validations, d.stamp, d
	if w.Versions == nil {
		all, err := s.Store.Versions(ctx, orgID)
		if err != nil {
			return nil, err
		}
		for _, p := range all {
			if p.Cycle.ID == w.Plan.Cycle.ID {
				w.Versions = append(w.Versions, p)
			}
		}
	}
	stored, err := s.Store.SMVP(ctx, orgID, w.Plan.Cycle.ID)
	switch {
	case domain.ErrorCode(err) == domain.ENOTFOUND:
		w.SMVP = domain.DefaultSMVP()
	case err != nil:
		return nil, err
	default:
		w.SMVP, w.SMVPVersion = stored.SMVP, stored.Version
	}
	if w.SignOffs, err = s.Store.SignOffs(ctx, orgID, w.Plan.Cycle.ID); err != nil {
		return nil, err
	}
	w.Year = w.yearParam(year)
	return w, nil
}

// yearParam is the year asked for, when within the cycle, else the
// default year.
func (w *workspace) yearParam(s string) int {
	if y, err := strconv.Atoi(s); err == nil && w.Plan.Cycle.Contains(y) {
		return y
	}
	return w.defaultYear()
}

// defaultYear is the year being worked on: the first year of the cycle not
// signed off yet that has measurements, else the year of the latest
// measurement, else the first year of the cycle not signed off.
func (w *workspace) defaultYear() int {
	c := w.Plan.Cycle
	var my measuredYears
	if w.data != nil {
		my = w.data.measuredYears()
	} else {
		my = measuredYearsOf(c, w.Measurements)
	}
	for _, y := range c.Years() {
		if w.SignOff(y) == nil && my.years[y] {
			return y
		}
	}
	if my.latest != 0 {
		return my.latest
	}
	for _, y := range c.Years() {
		if w.SignOff(y) == nil {
			return y
		}
	}
	return c.FirstYear
}

// measuredYears are the years with a measurement, and the latest of them
// within the cycle (0: none).
type measuredYears struct {
	years  map[int]bool
	latest int
}

func measuredYearsOf(c domain.Cycle, ms []domain.Measurement) measuredYears {
	my := measuredYears{years: map[int]bool{}}
	for _, m := range ms {
		y := m.Date.Year()
		my.years[y] = true
		if c.Contains(y) && y > my.latest {
			my.latest = y
		}
	}
	return my
}

// SignOff is the sign-off of year, nil while the year is open.
func (w *workspace) SignOff(year int) *domain.SignOff {
	for i := range w.SignOffs {
		if w.SignOffs[i].Year == year {
			return &w.SignOffs[i]
		}
	}
	return nil
}

// Years are the cycle's years, for choosing one.
func (w *workspace) Years() []int { return w.Plan.Cycle.Years() }

// scores computes year with the Nucleo's validations: as of when the
// workspace was loaded (provisional, over, or final when signed off) when
// until is zero, else with the measurements dated up to until, as the
// year stood on that day.
func (w *workspace) scores(year int, until time.Time) score.Result {
	return w.compute(year, until, true, nil)
}

// scoresRated is scores with the managers' behaviour ratings counted (their
// individual scores): what the scores API gives.
func (w *workspace) scoresRated(year int, ratings map[string]float64) score.Result {
	return w.compute(year, time.Time{}, true, ratings)
}

// behaviourKey names a set of ratings in a scoreKey.
func behaviourKey(ratings map[string]float64) string {
	if len(ratings) == 0 {
		return ""
	}
	var b strings.Builder
	for _, m := range slices.Sorted(maps.Keys(ratings)) {
		b.WriteString(m + "=" + strconv.FormatFloat(ratings[m], 'g', -1, 64) + "\x00")
	}
	return b.String()
}

// computedAt is year computed from the measurements dated up to day,
// without the Nucleo's validations: how the year was going at that date,
// provisional as it was then.
func (w *workspace) computedAt(year int, day time.Time) score.Result {
	return w.compute(year, day, false, nil)
}

// compute scores the workspace's version, once per version state: the
// result is shared, and nobody may change it.
func (w *workspace) compute(year int, until time.Time, validations bool, ratings map[string]float64) score.Result {
	key := scoreKey{year: year, validations: validations, smvp: w.SMVPVersion, behaviour: behaviourKey(ratings)}
	if !until.IsZero() {
		key.until = until.Unix() / 86400
	}
	in := score.Input{Plan: w.Plan, Year: year, SMVP: w.SMVP, Now: w.LoadedAt,
		Closed: w.Plan.Cycle.Status == domain.CycleClosed, Behaviour: ratings}
	if validations {
		in.Validations = w.Validations
	}
	if !until.IsZero() {
		in.Now, in.Closed = until, false // as the year stood on that day: provisional
	} else if so := w.SignOff(year); so != nil && validations {
		in.Locked, key.signed = &so.Scores, so.SignedAt.UnixMicro()
	}
	key.over = in.Closed || score.YearOver(year, in.Now)
	run := func() score.Result {
		in.Measurements = w.Measurements
		if !until.IsZero() {
			in.Measurements = make([]domain.Measurement, 0, len(w.Measurements))
			for _, m := range w.Measurements {
				if !m.Date.After(until) {
					in.Measurements = append(in.Measurements, m)
				}
			}
		}
		return score.Compute(in)
	}
	if w.data == nil || (!until.IsZero() && !until.Equal(time.Unix(key.until*86400, 0).UTC())) {
		return run() // a time within a day: not worth keeping
	}
	return w.data.result(key, run)
}

// scoreInput is what scoring year needs, as the workspace was loaded:
// every measurement, the Nucleo's validations, the sign-off's locked
// scores once signed off (the documents compute from it).
func (w *workspace) scoreInput(year int) score.Input {
	in := score.Input{Plan: w.Plan, Year: year, SMVP: w.SMVP, Now: w.LoadedAt, Measurements: w.Measurements,
		Validations: w.Validations, Closed: w.Plan.Cycle.Status == domain.CycleClosed}
	if so := w.SignOff(year); so != nil {
		in.Locked = &so.Scores
	}
	return in
}

// quality is the plan's quality report.
func (w *workspace) quality() quality.Report {
	if w.data != nil && w.data.quality != nil {
		return w.data.quality()
	}
	r, _ := quality.Assess(w.Plan)
	return r
}

// history is the measurements of one indicator, by date.
func (w *workspace) history(indicatorID int64) score.History {
	var h score.History
	for _, m := range w.Measurements {
		if m.IndicatorID == indicatorID {
			h = append(h, m)
		}
	}
	return h
}

// measuredIn reports which indicators have a measurement dated in year.
func (w *workspace) measuredIn(year int) map[int64]bool {
	out := map[int64]bool{}
	for _, m := range w.Measurements {
		if m.Date.Year() == year {
			out[m.IndicatorID] = true
		}
	}
	return out
}

// unit finds a unit of the plan by id (ENOTFOUND: not in the plan in
// force).
func (w *workspace) unit(id int64) (*domain.Unit, error) {
	for _, u := range w.Plan.Units {
		if u.ID == id {
			return u, nil
		}
	}
	return nil, domain.Errorf(domain.ENOTFOUND, "L'unità non è nel piano in vigore.")
}

// pathID reads a numeric path value; a malformed one is not found.
func pathID(r *http.Request, name, what string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.Errorf(domain.ENOTFOUND, "%s non trovato.", what)
	}
	return id, nil
}

// findObjective finds an objective of a plan and its unit.
func findObjective(p *domain.Plan, id int64) (*domain.Unit, *domain.Objective) {
	for _, u := range p.Units {
		for _, o := range u.Objectives {
			if o.ID == id {
				return u, o
			}
		}
	}
	return nil, nil
}

// findIndicator finds an indicator of a plan with its objective and unit.
func findIndicator(p *domain.Plan, id int64) (*domain.Unit, *domain.Objective, *domain.Indicator) {
	for _, u := range p.Units {
		for _, o := range u.Objectives {
			for _, in := range o.Indicators {
				if in.ID == id {
					return u, o, in
				}
			}
		}
	}
	return nil, nil, nil
}

// objectiveScores indexes a result's objectives and units by id.
func objectiveScores(res score.Result) (map[int64]*score.ObjectiveScore, map[int64]*score.UnitScore) {
	objs := map[int64]*score.ObjectiveScore{}
	units := map[int64]*score.UnitScore{}
	for i := range res.Units {
		u := &res.Units[i]
		units[u.Unit.ID] = u
		for j := range u.Objectives {
			objs[u.Objectives[j].Objective.ID] = &u.Objectives[j]
		}
	}
	return objs, units
}

// dayOf is the day of t in Italy, at midnight UTC like stored dates.
func dayOf(t time.Time) time.Time {
	n := t.In(rome)
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
}

// today is the day the workspace was loaded, by the server's clock.
func (w *workspace) today() time.Time { return dayOf(w.LoadedAt) }

// parseDay reads a day as Italians write it (31/12/2022, 31.12.2022) or
// as a date field sends it (2022-12-31).
func parseDay(s string) (time.Time, bool) {
	for _, layout := range []string{"02/01/2006", "2/1/2006", "02.01.2006", "2.1.2006", time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// people maps the sign-in names of the organization's users to how they
// read: the full name when known. Measurements record the sign-in name.
type people map[string]string

// Person is how a sign-in name reads.
func (p people) Person(name string) string {
	if n := p[name]; n != "" {
		return n
	}
	return name
}

// people reads the names of the signed-in user's organization.
func (s *Server) people(r *http.Request) (people, error) {
	users, err := s.Store.Users(r.Context(), principalUser(r).OrganizationID)
	if err != nil {
		return nil, err
	}
	out := people{}
	for i := range users {
		out[users[i].Name] = users[i].DisplayName()
	}
	return out, nil
}

// actor is the name recorded in the audit log for the signed-in user.
func actor(r *http.Request) string { return principalUser(r).Name }
