package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
)

// handleAPIPlan returns one plan version whole, in the JSON plan format
// (performa.plan/v1, docs/plan-format.md), from the version cache the
// pages use: encoded once per state of the version. The ETag names that
// state, so a client holding it gets 304 until the version changes. A
// version of another organization is not found.
func (s *Server) handleAPIPlan(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.Error(w, r, domain.Errorf(domain.ENOTFOUND, "Piano non trovato."))
		return
	}
	d, err := s.version(r.Context(), principalUser(r).OrganizationID, id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	tag := d.etag(id)
	h := w.Header()
	h.Set("ETag", tag)
	h.Set("Cache-Control", "private, no-cache")
	if etagMatches(r.Header.Get("If-None-Match"), tag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	writeResponse(w, r, d.planResponse(), "application/json; charset=utf-8")
}

// etagMatches reports whether an If-None-Match header names tag (or is *).
// Weak tags match their strong form (the weak comparison RFC 9110 asks
// for If-None-Match), and so do the tags of the compressed representations
// (compress.go).
func etagMatches(header, tag string) bool {
	base := strings.TrimSuffix(tag, `"`)
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == tag || t == "*" || t == base+"-"+encodingBr+`"` || t == base+"-"+encodingGzip+`"` {
			return true
		}
	}
	return false
}
