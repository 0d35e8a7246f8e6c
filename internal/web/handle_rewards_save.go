package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/evaluation"
	"github.com/performa-pa/performa/internal/reward"
)

// handleRewardsSave computes the distribution of the year's fund
// («fondo_organizzativa», «fondo_individuale», in euros) from the
// register, the final schede and the units' scores, and saves it in place
// of the year's (performa rewards --save).
func (s *Server) handleRewardsSave(w http.ResponseWriter, r *http.Request) {
	pg, err := s.rewardsPage(r, r.PostFormValue("anno"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	pg.FundOrg, pg.FundInd = r.PostFormValue("fondo_organizzativa"), r.PostFormValue("fondo_individuale")
	err = s.saveRewards(r, pg)
	if err == nil {
		http.Redirect(w, r, "/premi?"+url.Values{"anno": {strconv.Itoa(pg.W.Year)}, "esito": {"salvata"}}.Encode(), http.StatusSeeOther)
		return
	}
	if Status(err) == http.StatusInternalServerError {
		s.Error(w, r, err)
		return
	}
	pg.Error = domain.ErrorMessage(err)
	s.write(w, r, Status(err), "rewards.html", s.newPage(r, "Premi", "/premi", pg))
}

func (s *Server) saveRewards(r *http.Request, pg *rewardsPage) error {
	var fund reward.Fund
	var err error
	if fund.Organizational, err = reward.ParseEuro(pg.FundOrg); err != nil {
		return err
	}
	if fund.Individual, err = reward.ParseEuro(pg.FundInd); err != nil {
		return err
	}
	ctx, u, year := r.Context(), principalUser(r), pg.W.Year
	res, err := reward.Year(ctx, s.Store, u.OrganizationID, year, pg.W.SMVP.ProductivityRule(), fund,
		evaluation.UnitScore(pg.W.scores(year, time.Time{})))
	if err != nil {
		return err
	}
	d := res.Saved(year, pg.W.SMVPVersion, pg.W.Plan.Version.ID) // the scores are this version's
	return s.Store.SaveRewardDistribution(ctx, u.OrganizationID, &d, u.Name)
}
