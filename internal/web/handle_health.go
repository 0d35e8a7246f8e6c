package web

import (
	"encoding/json"
	"net/http"
)

// handleHealth answers load balancers and monitoring: 200 when the store
// answers, 503 when it does not.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if _, err := s.Store.Organizations(r.Context()); err != nil {
		s.Logger.Error("archivio non raggiungibile", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		json.NewEncoder(w).Encode(map[string]string{"status": "error", "db": s.DBKind})
		return
	}
	json.NewEncoder(w).Encode(map[string]string{"status": "ok", "db": s.DBKind})
}
