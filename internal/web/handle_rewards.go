package web

import (
	"net/http"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
	"github.com/performa-pa/performa/internal/reward"
)

// rewardsPage is «Premi»: for the administrators the saved distribution
// of the year with its totals and what is unspent, the payroll workbook,
// and the form computing and saving a new one; for a person their own
// premium only.
type rewardsPage struct {
	W       *workspace
	Admin   bool
	Saved   *domain.RewardDistribution
	Rows    []rewardRow // administrators: everyone; a person: their own
	Total   rewardRow
	FundOrg string
	FundInd string
	Error   string
}

type rewardRow struct {
	Matricola, Person, Area, Unit, Score, Band, Organizational, Individual, Maggiorazione, Amount string
}

func rewardRowOf(rule domain.ProductivityRule, e domain.RewardEntry) rewardRow {
	sc := "—"
	if e.Final {
		sc = italian.Number(e.Score, 2)
	}
	return rewardRow{e.Matricola, e.Person, string(e.Area), e.Unit, sc, reward.BandLabel(rule, e.Band), euro(e.Organizational),
		euro(e.Individual - e.Maggiorazione), euro(e.Maggiorazione), euro(e.Amount)}
}

func (s *Server) rewardsPage(r *http.Request, year string) (*rewardsPage, error) {
	ws, err := s.loadWorkspace(r)
	if err != nil {
		return nil, err
	}
	if year != "" {
		ws.Year = ws.yearParam(year)
	}
	u := principalUser(r)
	pg := &rewardsPage{W: ws, Admin: u.Role == domain.RoleAdmin}
	d, err := s.Store.RewardDistribution(r.Context(), u.OrganizationID, ws.Year)
	switch {
	case domain.ErrorCode(err) == domain.ENOTFOUND:
		return pg, nil
	case err != nil:
		return nil, err
	}
	pg.Saved = d
	var org, ind, magg int64
	for _, e := range d.Entries {
		if pg.Admin || e.Matricola == u.Matricola {
			pg.Rows = append(pg.Rows, rewardRowOf(d.Rule, e))
		}
		org, ind, magg = org+e.Organizational, ind+e.Individual-e.Maggiorazione, magg+e.Maggiorazione
	}
	pg.Total = rewardRow{Organizational: euro(org), Individual: euro(ind), Maggiorazione: euro(magg), Amount: euro(d.Distributed)}
	if pg.Admin {
		pg.FundOrg = strings.TrimSuffix(euro(d.FundOrganizational), " €")
		pg.FundInd = strings.TrimSuffix(euro(d.FundIndividual), " €")
	}
	return pg, nil
}

// handleRewards shows the premiums of the year (?anno=).
func (s *Server) handleRewards(w http.ResponseWriter, r *http.Request) {
	pg, err := s.rewardsPage(r, r.URL.Query().Get("anno"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	page := s.newPage(r, "Premi", "/premi", pg)
	if r.URL.Query().Get("esito") == "salvata" {
		page.Notice = "Distribuzione calcolata e salvata al posto della precedente."
	}
	s.render(w, r, "rewards.html", page)
}
