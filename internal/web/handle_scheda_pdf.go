package web

import (
	"bytes"
	"net/http"
	"strconv"

	"github.com/performa-pa/performa/internal/document"
	"github.com/performa-pa/performa/internal/domain"
)

// handleSchedaPDF is a person's scheda for the year (?anno=) as PDF, for
// their file: to whoever may see the scheda (404 otherwise, as the page),
// never kept by a browser or a proxy (personal data).
func (s *Server) handleSchedaPDF(w http.ResponseWriter, r *http.Request) {
	d, _, err := s.desk(r, r.URL.Query().Get("anno"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	m, sc, err := d.Open(r.Context(), principalUser(r), r.PathValue("matricola"))
	if err == nil && sc == nil {
		err = domain.Errorf(domain.ENOTFOUND, "%s non ha ancora la scheda %d.", m.FullName(), d.Year)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	org := ""
	if o, err := s.Store.OrganizationByID(r.Context(), d.OrgID); err == nil {
		org = o.Name
	}
	var b bytes.Buffer
	if err := document.WriteScheda(&b, document.SchedaOf(d, org, m, sc, s.now())); err != nil {
		s.Error(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", `inline; filename="scheda-`+strconv.Itoa(d.Year)+"-"+m.Matricola+`.pdf"`)
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Length", strconv.Itoa(b.Len()))
	w.WriteHeader(http.StatusOK)
	w.Write(b.Bytes())
}
