package web

import (
	"net/http"
	"slices"
	"time"

	"github.com/performa-pa/performa/internal/auth"
	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/score"
	"github.com/performa-pa/performa/internal/wording"
)

type objectivePage struct {
	W           *workspace
	Unit        *domain.Unit
	O           *domain.Objective
	Loc         *domain.Location
	Years       []objectiveYear
	Indicators  []indicatorView
	Validations []domain.Validation // newest first
	Audit       []wording.Entry
	ShowAudit   bool // administrators and evaluators read the audit log
	CanEdit     bool
	CanMeasure  bool
	CanValidate bool
	people
}

type objectiveYear struct {
	Year    int
	Status  score.Status // how final the year's figures are
	Score   *score.ObjectiveScore
	SignOff *domain.SignOff
}

type indicatorView struct {
	In           *domain.Indicator
	Targets      []targetView
	Measurements []domain.Measurement
}

type targetView struct {
	domain.Target
	Words      string
	Measurable bool
	Score      score.IndicatorScore
}

// handleObjective shows one objective whole: every field, each indicator
// with its targets per year in words, the measurements over time, the
// achievement and validation per year, and, for administrators and
// evaluators, its audit history. Any version's objective can be shown.
func (s *Server) handleObjective(w http.ResponseWriter, r *http.Request) {
	u := principalUser(r)
	id, err := pathID(r, "objective", "Obiettivo")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	loc, err := s.Store.LocateObjective(r.Context(), u.OrganizationID, id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	ws, err := s.loadWorkspaceOf(r, loc.VersionID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	unit, o := findObjective(ws.Plan, id)
	if o == nil {
		s.Error(w, r, domain.Errorf(domain.ENOTFOUND, "Obiettivo non trovato."))
		return
	}
	pg := &objectivePage{W: ws, Unit: unit, O: o, Loc: loc}
	manages := u.Role == domain.RoleAdmin || auth.Manages(u, unit.Identity)
	pg.CanEdit = manages && ws.Plan.Version.Editable()
	pg.CanMeasure = manages
	pg.CanValidate = u.Role == domain.RoleAdmin || u.Role == domain.RoleEvaluator
	pg.ShowAudit = pg.CanValidate
	for _, y := range ws.Years() {
		res := ws.scores(y, time.Time{})
		objs, _ := objectiveScores(res)
		pg.Years = append(pg.Years, objectiveYear{Year: y, Status: res.Status, Score: objs[o.ID], SignOff: ws.SignOff(y)})
	}
	if pg.people, err = s.people(r); err != nil {
		s.Error(w, r, err)
		return
	}
	ids := []int64{o.ID}
	for _, in := range o.Indicators {
		ids = append(ids, in.ID)
		iv := indicatorView{In: in}
		h := ws.history(in.ID)
		for _, t := range in.Targets {
			tv := targetView{Target: t, Words: ruleWords(in, t)}
			if t.Text != "" {
				rule := score.RuleOf(in, t)
				tv.Measurable = rule.Measurable()
			}
			tv.Score = score.Indicator(in, t.Year, h, ws.SMVP)
			iv.Targets = append(iv.Targets, tv)
		}
		iv.Measurements = slices.Clone(h)
		slices.Reverse(iv.Measurements) // newest first
		for _, m := range h {
			ids = append(ids, m.ID)
		}
		pg.Indicators = append(pg.Indicators, iv)
	}
	for i := len(ws.Validations) - 1; i >= 0; i-- {
		if v := ws.Validations[i]; v.ObjectiveID == o.ID {
			pg.Validations = append(pg.Validations, v)
			ids = append(ids, v.ID)
		}
	}
	if pg.ShowAudit {
		entries, err := s.Store.AuditOf(r.Context(), u.OrganizationID, ids, 200)
		if err == nil {
			pg.Audit, err = s.describeAudit(r, entries)
		}
		if err != nil {
			s.Error(w, r, err)
			return
		}
	}
	pg2 := s.newPage(r, "Obiettivo "+objectiveLabel(o)+" · "+unit.Name, "/piano", pg)
	switch r.URL.Query().Get("esito") {
	case "modificato":
		pg2.Notice = "Modifiche salvate."
	case "aggiunto":
		pg2.Notice = "Obiettivo aggiunto alla versione " + itoa(loc.VersionNumber) + " del piano."
	case "indicatore-aggiunto":
		pg2.Notice = "Indicatore aggiunto."
	case "indicatore-eliminato":
		pg2.Notice = "Indicatore eliminato."
	}
	s.render(w, r, "objective.html", pg2)
}
