package web

import (
	"net/http"
	"strconv"

	"github.com/performa-pa/performa/internal/domain"
)

type tokensPage struct {
	Tokens []domain.APIToken
}

// handleTokens lists the signed-in user's API tokens, each with a button
// to revoke it. The tokens themselves are not shown: only their hashes
// are kept.
func (s *Server) handleTokens(w http.ResponseWriter, r *http.Request) {
	u := principalUser(r)
	ts, err := s.Store.APITokens(r.Context(), u.OrganizationID, u.ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	pg := s.newPage(r, "I miei token API", "", &tokensPage{Tokens: ts})
	if r.URL.Query().Get("esito") == "revocato" {
		pg.Notice = "Token revocato: da subito non vale più."
	}
	s.render(w, r, "tokens.html", pg)
}

// handleTokenRevoke revokes one of the signed-in user's API tokens; a
// token of someone else is not found.
func (s *Server) handleTokenRevoke(w http.ResponseWriter, r *http.Request) {
	u := principalUser(r)
	id, _ := strconv.ParseInt(r.PathValue("token"), 10, 64)
	ts, err := s.Store.APITokens(r.Context(), u.OrganizationID, u.ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	for _, t := range ts {
		if t.ID == id {
			if err := s.Store.DeleteAPIToken(r.Context(), u.OrganizationID, id, actor(r)); err != nil {
				s.Error(w, r, err)
				return
			}
			http.Redirect(w, r, "/profilo/token?esito=revocato", http.StatusSeeOther)
			return
		}
	}
	s.Error(w, r, domain.Errorf(domain.ENOTFOUND, "Token non trovato tra i tuoi."))
}
