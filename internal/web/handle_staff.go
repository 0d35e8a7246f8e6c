package web

import (
	"net/http"

	"github.com/performa-pa/performa/internal/evaluation"
)

// staffPage is «Personale»: the people of the year the user may see
// (administrators all, a Responsabile the staff of their units, the
// Nucleo the EQs and the Segretario), each with their scheda's state.
type staffPage struct {
	W    *workspace
	Rows []staffRow
	// Missing: how many of them the user evaluates and have no scheda.
	Missing int
}

type staffRow struct {
	Matricola, Person, Area, Unit, Role, Status, Score, Link string
}

// handleStaff lists the people of the year (?anno=) the user may see.
func (s *Server) handleStaff(w http.ResponseWriter, r *http.Request) {
	d, ws, rows, err := s.visible(r, r.URL.Query().Get("anno"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	pg := &staffPage{W: ws}
	for _, row := range rows {
		m := row.Member
		sr := staffRow{Matricola: m.Matricola, Person: m.FullName(), Area: string(m.Area), Unit: m.Unit.Name,
			Role: evaluation.RoleLabel(evaluation.RoleOf(m)), Status: "senza scheda", Score: "—", Link: schedaPath(m.Matricola, d.Year)}
		if row.Scheda != nil {
			sr.Status, sr.Score = row.Scheda.Status.Label(), scoreText(row.Scheda.Total)
		} else if evaluation.MayEvaluate(d.Rule, principalUser(r), evaluation.Draft(m, d.Year)) {
			pg.Missing++
		}
		pg.Rows = append(pg.Rows, sr)
	}
	page := s.newPage(r, "Personale", "/personale", pg)
	if n := r.URL.Query().Get("create"); n != "" {
		page.Notice = "Schede create in bozza: " + n + "."
	}
	s.render(w, r, "staff.html", page)
}
