package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
	"github.com/performa-pa/performa/internal/score"
)

// compute scores a year of the session's plan with the stored
// measurements, validations and SMVP, at the session's time: provisional
// before the year is over, final when it is signed off.
func (s *session) compute(ctx context.Context, year int) (score.Result, int, error) {
	in, version, _, err := s.input(ctx, year)
	if err != nil {
		return score.Result{}, 0, err
	}
	return score.Compute(in), version, nil
}

// input is what scoring a year of the session's plan needs, loaded from
// the store (year 0: defaultYear), with the SMVP's version and the year's
// sign-off (nil while the year is open).
func (s *session) input(ctx context.Context, year int) (score.Input, int, *domain.SignOff, error) {
	ms, err := s.st.Measurements(ctx, s.org.ID, s.plan.Version.ID)
	if err != nil {
		return score.Input{}, 0, nil, err
	}
	vs, err := s.st.Validations(ctx, s.org.ID, s.plan.Version.ID)
	if err != nil {
		return score.Input{}, 0, nil, err
	}
	cfg, version, err := s.smvp(ctx)
	if err != nil {
		return score.Input{}, 0, nil, err
	}
	if year == 0 {
		year = defaultYear(s.plan, ms)
	}
	ratings, err := s.st.BehaviourRatings(ctx, s.org.ID, s.plan.Cycle.ID, year)
	if err != nil {
		return score.Input{}, 0, nil, err
	}
	signoffs, err := s.st.SignOffs(ctx, s.org.ID, s.plan.Cycle.ID)
	if err != nil {
		return score.Input{}, 0, nil, err
	}
	in := score.Input{Plan: s.plan, Year: year, Measurements: ms, Validations: vs, Behaviour: ratings, SMVP: cfg,
		Now: s.now, Closed: s.plan.Cycle.Status == domain.CycleClosed}
	var signed *domain.SignOff
	for i := range signoffs {
		if signoffs[i].Year == year {
			in.Locked, signed = &signoffs[i].Scores, &signoffs[i]
		}
	}
	return in, version, signed, nil
}

// defaultYear is the year of the latest measurement, or the cycle's first.
func defaultYear(p *domain.Plan, ms []domain.Measurement) int {
	year := p.Cycle.FirstYear
	var latest domain.Measurement
	for _, m := range ms {
		if m.Date.After(latest.Date) {
			latest = m
		}
	}
	if !latest.Date.IsZero() && p.Cycle.Contains(latest.Date.Year()) {
		year = latest.Date.Year()
	}
	return year
}

func runScore(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "score", "score [--year N] [--unit NOME] [--format text|json] [--db DSN]",
		"Calcola i punteggi di un anno del ciclo: per obiettivo, unità, ente (performance\n"+
			"organizzativa) e responsabile, con il modo in cui ogni cifra è calcolata, secondo lo\n"+
			"SMVP dell'ente (o quello predefinito). L'anno predefinito è quello dell'ultima\n"+
			"misurazione, o il primo del ciclo. Contiene dati personali (punteggi individuali):\n"+
			"non pubblicare.")
	db := dbFlag(fs)
	org := fs.String("organization", "", "nome dell'ente (se l'archivio ne contiene uno solo si può omettere)")
	year := fs.Int("year", 0, "anno del ciclo")
	unitQ := fs.String("unit", "", "solo questa unità (parte del nome o del responsabile)")
	format := fs.String("format", "text", "formato dell'uscita: `text` o json")
	rest, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if !needArgs(e, fs, rest, 0, "") || !validFormat(e, "score", *format, "text", "json") {
		return 2
	}
	s, ok := openSession(ctx, e, *db, *org)
	if !ok {
		return 2
	}
	defer s.st.Close()
	if *year != 0 && !s.plan.Cycle.Contains(*year) {
		fmt.Fprintf(e.stderr, "performa score: il %d è fuori dal ciclo %d–%d.\n", *year, s.plan.Cycle.FirstYear, s.plan.Cycle.LastYear)
		return 2
	}
	res, version, err := s.compute(ctx, *year)
	if err != nil {
		fmt.Fprintln(e.stderr, "performa score:", domain.ErrorMessage(err))
		return 2
	}
	if *unitQ != "" {
		u, err := findUnit(s.plan, *unitQ)
		if err != nil {
			fmt.Fprintln(e.stderr, "performa score:", domain.ErrorMessage(err))
			return 2
		}
		res = onlyUnit(res, u)
	}
	if *format == "json" {
		writeJSON(e.stdout, scoreDocument(s.org, res, version))
		return 0
	}
	writeScores(e.stdout, s.org, res, version)
	return 0
}

// onlyUnit keeps one unit and the manager of it.
func onlyUnit(res score.Result, u *domain.Unit) score.Result {
	out := res
	out.Units, out.Managers = nil, nil
	for _, us := range res.Units {
		if us.Unit == u {
			out.Units = append(out.Units, us)
		}
	}
	for _, m := range res.Managers {
		if m.Name == u.Manager {
			out.Managers = append(out.Managers, m)
		}
	}
	return out
}

func pct(p *float64) string {
	if p == nil {
		return "—"
	}
	return score.FormatPercent(*p)
}

func writeScores(w io.Writer, org *domain.Organization, res score.Result, smvpVersion int) {
	fmt.Fprintf(w, "Punteggi %d · %s · SMVP %s · %s\n", res.Year, org.Name, smvpLabel(smvpVersion),
		score.StatusLine(res.Status, res.Policy, res.Coverage))
	for _, n := range res.Neutralised {
		fmt.Fprintf(w, "  neutralizzato: %s, obiettivo %s (peso %s): %s — %s\n", n.Unit.Name, objectiveLabel(n.Objective),
			italian.Percent(n.Weight, 2), n.Validation.Reason, n.Validation.Validator())
	}
	fmt.Fprintf(w, "\nEnte (performance organizzativa): %s (%s)\n", pct(res.Organization.Score), res.Organization.How)
	for _, u := range res.Units {
		fmt.Fprintf(w, "\n%s · %s: %s (%s)\n", u.Unit.Name, orDash(u.Unit.Manager), pct(u.Score), u.How)
		for _, o := range u.Objectives {
			val := ""
			switch {
			case o.Neutralisation != nil:
				val = " (neutralizzato)"
			case o.Validation != nil && o.Validation.Kind == domain.ValidationConfirmed:
				val = " (confermato)"
			case o.Validation != nil:
				val = " (validato)"
			}
			fmt.Fprintf(w, "  %-6s peso %-5s %s%s — %s\n", objectiveLabel(o.Objective), italian.Percent(o.Weight, 2), pct(o.Score), val, o.How)
			for _, is := range o.Indicators {
				if is.Measurement == nil && !is.NeedsManual {
					continue
				}
				fmt.Fprintf(w, "         ind. %d: %s — %s\n", is.Indicator.Position, pct(is.Achievement), is.How)
			}
		}
	}
	if len(res.Managers) > 0 {
		fmt.Fprintln(w, "\nResponsabili (dati personali: non pubblicare)")
		for _, m := range res.Managers {
			fmt.Fprintf(w, "  %s (%s): %s, premio %s", m.Name, strings.Join(m.Units, ", "), pct(m.Score), pct(m.Reward))
			if m.How != "" {
				fmt.Fprintf(w, " — %s", m.How)
			}
			fmt.Fprintln(w)
		}
	}
}

func smvpLabel(version int) string {
	if version == 0 {
		return "predefinito"
	}
	return fmt.Sprintf("dell'ente, versione %d", version)
}

// The score document: percentages as numbers 0–100, null where nothing
// counts yet. status is provisional, over or final (score.Status);
// coverage says what each roll-up rests on (score.Coverage).
type scoreDoc struct {
	Year         int                `json:"year"`
	Status       score.Status       `json:"status"`
	StatusLabel  string             `json:"status_label"`
	Missing      string             `json:"missing_results"` // the SMVP's policy: zero or exclude
	SMVPVersion  int                `json:"smvp_version"`    // 0: the default
	Coverage     score.Coverage     `json:"coverage"`        // the whole plan
	Neutralised  []scoreNeutralised `json:"neutralised"`
	Organization scoreOrg           `json:"organization"`
	Units        []scoreUnit        `json:"units"`
	Managers     []scoreMgr         `json:"managers"`
}

type scoreOrg struct {
	Name     string         `json:"name"`
	Score    *float64       `json:"score"`
	How      string         `json:"how"`
	Coverage score.Coverage `json:"coverage"`
}

type scoreNeutralised struct {
	Unit   string  `json:"unit"`
	Code   *string `json:"code"`
	Title  string  `json:"title"`
	Weight float64 `json:"weight"`
	Reason string  `json:"reason"`
	By     string  `json:"by"`
	At     string  `json:"at"`
}

type scoreUnit struct {
	Name       string         `json:"name"`
	Manager    string         `json:"manager"`
	Kind       string         `json:"kind"`
	Score      *float64       `json:"score"`
	How        string         `json:"how"`
	Status     string         `json:"status_line"`
	Coverage   score.Coverage `json:"coverage"`
	Objectives []scoreObj     `json:"objectives"`
}

type scoreObj struct {
	Code        *string    `json:"code"`
	Position    int        `json:"position"`
	Title       string     `json:"title"`
	Weight      float64    `json:"weight"`
	State       string     `json:"state"` // scored, missing, neutralised, unplanned
	Counted     bool       `json:"counted"`
	Achievement *float64   `json:"achievement"`
	Computed    *float64   `json:"computed"`
	Validated   *float64   `json:"validated"`
	Kind        string     `json:"validation_kind,omitempty"` // validated, confirmed, neutralised
	Reason      string     `json:"validation_reason,omitempty"`
	Stale       bool       `json:"validation_stale,omitempty"`
	How         string     `json:"how"`
	Indicators  []scoreInd `json:"indicators"`
}

type scoreInd struct {
	Position    int      `json:"position"`
	Description string   `json:"description"`
	Target      string   `json:"target"`
	Kind        string   `json:"rule,omitempty"`
	Value       *string  `json:"value"`
	Date        *string  `json:"date"`
	Achievement *float64 `json:"achievement"`
	NeedsManual bool     `json:"needs_manual"`
	How         string   `json:"how"`
}

type scoreMgr struct {
	Name       string         `json:"name"`
	Units      []string       `json:"units"`
	Objectives *float64       `json:"objectives"`
	Coverage   score.Coverage `json:"coverage"`
	Behaviour  *float64       `json:"behaviour"`
	Score      *float64       `json:"score"`
	Reward     *float64       `json:"reward"`
	How        string         `json:"how"`
}

func codeOf(o *domain.Objective) *string {
	if o.Code == "" {
		return nil
	}
	c := o.Code
	return &c
}

func scoreDocument(org *domain.Organization, res score.Result, smvpVersion int) scoreDoc {
	d := scoreDoc{Year: res.Year, Status: res.Status, StatusLabel: score.StatusLine(res.Status, res.Policy, res.Coverage),
		Missing: string(res.Policy), SMVPVersion: smvpVersion, Coverage: res.Coverage, Neutralised: []scoreNeutralised{},
		Units: []scoreUnit{}, Managers: []scoreMgr{},
		Organization: scoreOrg{org.Name, res.Organization.Score, res.Organization.How, res.OrganizationCoverage}}
	for _, n := range res.Neutralised {
		d.Neutralised = append(d.Neutralised, scoreNeutralised{Unit: n.Unit.Name, Code: codeOf(n.Objective), Title: n.Objective.Title,
			Weight: n.Weight, Reason: n.Validation.Reason, By: n.Validation.Validator(), At: n.Validation.ValidatedAt.Format(time.RFC3339)})
	}
	for _, u := range res.Units {
		su := scoreUnit{Name: u.Unit.Name, Manager: u.Unit.Manager, Kind: string(u.Unit.Kind), Score: u.Score, How: u.How,
			Status: u.StatusLine(&res), Coverage: u.Coverage, Objectives: []scoreObj{}}
		for _, o := range u.Objectives {
			so := scoreObj{Code: codeOf(o.Objective), Position: o.Objective.Position, Title: o.Objective.Title, Weight: o.Weight,
				State: string(o.State), Counted: o.Counted, Achievement: o.Score, Computed: o.Computed, Stale: o.Stale,
				How: o.How, Indicators: []scoreInd{}}
			if o.Validation != nil {
				v := o.Validation.Percent
				so.Validated, so.Reason, so.Kind = &v, o.Validation.Reason, string(o.Validation.Kind)
			}
			if n := o.Neutralisation; n != nil {
				so.Reason, so.Kind = n.Reason, string(n.Kind)
			}
			for _, is := range o.Indicators {
				si := scoreInd{Position: is.Indicator.Position, Description: is.Indicator.Description, Target: is.Target.Text,
					Kind: string(is.Rule.Kind), Achievement: is.Achievement, NeedsManual: is.NeedsManual, How: is.How}
				if m := is.Measurement; m != nil {
					v, dt := score.FormatValue(*m), m.Date.Format("2006-01-02")
					si.Value, si.Date = &v, &dt
				}
				so.Indicators = append(so.Indicators, si)
			}
			su.Objectives = append(su.Objectives, so)
		}
		d.Units = append(d.Units, su)
	}
	for _, m := range res.Managers {
		d.Managers = append(d.Managers, scoreMgr{m.Name, m.Units, m.Objectives, m.Coverage, m.Behaviour, m.Score, m.Reward, m.How})
	}
	return d
}
