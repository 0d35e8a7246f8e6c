package web

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/performa-pa/performa/internal/report"
)

// handleRewardsXLSX sends the payroll workbook of the year's saved
// distribution (?anno=).
func (s *Server) handleRewardsXLSX(w http.ResponseWriter, r *http.Request) {
	pg, err := s.rewardsPage(r, r.URL.Query().Get("anno"))
	if err == nil && pg.Saved == nil {
		err = errNoDistribution(pg.W.Year)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	org, err := s.Store.OrganizationByID(r.Context(), principalUser(r).OrganizationID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var b bytes.Buffer
	if err := report.PayrollXLSX(&b, org.Name, pg.Saved); err != nil {
		s.Error(w, r, err)
		return
	}
	sendFile(w, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", fmt.Sprintf("premi-%d.xlsx", pg.W.Year), b.Bytes(), true)
}
