package web

import (
	"net/http"
	"time"

	"github.com/performa-pa/performa/internal/closure"
	"github.com/performa-pa/performa/internal/domain"
)

// The JSON API for closing and reopening a year, with the rules of the
// Validazione and Ciclo pages: a sign-off is refused (409) with the list
// of what is missing (error.gaps), a reopening needs the reason and the
// act.

type apiSignOffIn struct {
	Year int `json:"year"`
}

type apiSignOff struct {
	Year         int        `json:"year"`
	SignedBy     string     `json:"signed_by"`
	SignedByName string     `json:"signed_by_name"`
	SignedAt     time.Time  `json:"signed_at"`
	Organization *float64   `json:"organization"`
	Units        []apiFinal `json:"units"`
}

type apiFinal struct {
	ID    int64    `json:"id"`
	Name  string   `json:"name"`
	Score *float64 `json:"score"`
}

// apiGap is one thing a sign-off still needs.
type apiGap struct {
	Kind        string `json:"kind"` // signed, draft, year_open, no_result, not_validated, stale
	UnitID      int64  `json:"unit_id,omitempty"`
	ObjectiveID int64  `json:"objective_id,omitempty"`
	Message     string `json:"message"`
}

func gapsJSON(gaps []closure.Gap) []apiGap {
	out := make([]apiGap, 0, len(gaps))
	for _, g := range gaps {
		ag := apiGap{Kind: string(g.Kind), Message: g.Message}
		if g.Unit != nil {
			ag.UnitID = g.Unit.ID
		}
		if g.Objective != nil {
			ag.ObjectiveID = g.Objective.ID
		}
		out = append(out, ag)
	}
	return out
}

// inForce loads the plan version of the path when it is the one in force:
// a year closes and reopens on the plan people work on.
func (s *Server) inForce(r *http.Request) (*workspace, error) {
	id, err := pathID(r, "id", "Piano")
	if err != nil {
		return nil, err
	}
	ws, err := s.loadWorkspace(r)
	if err != nil {
		return nil, err
	}
	if ws.Plan.Version.ID != id {
		if _, err := s.Store.VersionStamp(r.Context(), principalUser(r).OrganizationID, id); err != nil {
			return nil, err // not found, or another ente's
		}
		return nil, domain.Errorf(domain.ECONFLICT, "Questa versione non è il piano in vigore (la versione %d): l'anno si chiude e si riapre sul piano in vigore.",
			ws.Plan.Version.Number)
	}
	return ws, nil
}

// handleAPISignOff closes a year of the plan in force for the Nucleo.
func (s *Server) handleAPISignOff(w http.ResponseWriter, r *http.Request) {
	var in apiSignOffIn
	if err := decodeJSON(r, &in); err != nil {
		s.Error(w, r, err)
		return
	}
	ws, err := s.inForce(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if !ws.Plan.Cycle.Contains(in.Year) {
		s.Error(w, r, &fieldsError{domain.Errorf(domain.EINVALID, "La chiusura non è valida: vedi fields."),
			map[string]string{"year": "Indica un anno del ciclo " + cycleLabel(ws.Plan.Cycle) + "."}})
		return
	}
	res := ws.scores(in.Year, time.Time{})
	so, err := closure.SignOff(r.Context(), s.Store, principalUser(r).OrganizationID, ws.Plan, res, ws.Stamp, actor(r))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	out := apiSignOff{Year: so.Year, SignedBy: so.SignedBy, SignedByName: so.SignedByName, SignedAt: so.SignedAt,
		Organization: so.Scores.Organization, Units: []apiFinal{}}
	for _, u := range so.Scores.Units {
		out.Units = append(out.Units, apiFinal{u.ID, u.Name, u.Score})
	}
	writeJSON(w, http.StatusCreated, out)
}

type apiReopenIn struct {
	Year      int    `json:"year"`
	Reason    string `json:"reason"`
	ActNumber string `json:"act_number"`
	ActDate   string `json:"act_date"` // AAAA-MM-GG
}

type apiReopening struct {
	Year      int    `json:"year"`
	Reason    string `json:"reason"`
	ActNumber string `json:"act_number"`
	ActDate   string `json:"act_date"`
	By        string `json:"by"`
}

// handleAPIReopen reopens a closed year of the plan in force: an
// administrator, with the reason and the act.
func (s *Server) handleAPIReopen(w http.ResponseWriter, r *http.Request) {
	var in apiReopenIn
	if err := decodeJSON(r, &in); err != nil {
		s.Error(w, r, err)
		return
	}
	ws, err := s.inForce(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	ro, fields := s.readReopening(ws, in.Year, in.Reason, in.ActNumber, in.ActDate, actor(r))
	if len(fields) > 0 {
		api := map[string]string{}
		for k, v := range fields {
			api[map[string]string{"anno": "year", "motivo": "reason", "numero": "act_number", "data": "act_date"}[k]] = v
		}
		s.Error(w, r, &fieldsError{domain.Errorf(domain.EINVALID, "La riapertura non è valida: vedi fields."), api})
		return
	}
	if err := s.Store.ReopenYear(r.Context(), principalUser(r).OrganizationID, ro); err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, apiReopening{ro.Year, ro.Reason, ro.ActNumber, ro.ActDate.Format(time.DateOnly), ro.By})
}
