package web

import (
	"net/http"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/wording"
)

// describeAudit puts audit entries in words (internal/wording): their
// objects by code and title, people by full name.
func (s *Server) describeAudit(r *http.Request, entries []domain.AuditEntry) ([]wording.Entry, error) {
	if len(entries) == 0 {
		return nil, nil
	}
	orgID := principalUser(r).OrganizationID
	ids := make([]int64, 0, len(entries))
	for _, e := range entries {
		ids = append(ids, e.EntityID)
	}
	subjects, err := s.Store.AuditSubjects(r.Context(), orgID, ids)
	if err != nil {
		return nil, err
	}
	people, err := s.Store.People(r.Context(), orgID)
	if err != nil {
		return nil, err
	}
	out := make([]wording.Entry, 0, len(entries))
	for _, e := range entries {
		out = append(out, wording.Describe(e, subjects, people))
	}
	return out, nil
}
