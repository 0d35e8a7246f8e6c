package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/publication"
)

// The open data of the published documents, under
// /trasparenza/{ente}/dati/ (docs/open-data.md): piano-ANNO.csv|json,
// risultati-ANNO.csv|json, premi-ANNO.csv|json and the catalogue
// catalogo.json (DCAT-AP_IT).

// openDataPage lists the open data of an ente.
type openDataPage struct {
	Base     string
	Sets     []publication.Dataset
	Licence  string
	LicenceN string
}

// datasets are the open data of what ps has published, newest year first,
// the Piano, the Relazione, the premi.
func (ps *publicSite) datasets() []publication.Dataset {
	var out []publication.Dataset
	for _, y := range publication.Years(ps.Pubs) {
		for _, k := range domain.PublicationKinds {
			if p := publication.Live(ps.Pubs, k, y); p != nil {
				modified := p.PublishedAt
				if k == domain.PublishRelazione && ps.Modified.After(modified) {
					modified = ps.Modified // results move with a reopened year
				}
				out = append(out, publication.Dataset{Pub: *p, Modified: modified, Files: publication.Files(k, y)})
			}
		}
	}
	return out
}

func (s *Server) handleOpenData(w http.ResponseWriter, r *http.Request) {
	ps, err := s.loadSite(r)
	if err != nil {
		s.publicError(w, r, nil, err)
		return
	}
	s.servePublic(w, r, ps, func() (publicAnswer, error) {
		return s.renderPublic("public_data.html", &publicPage{Title: "Dati aperti", Org: ps.Org, Crumbs: append(ps.crumbs(), crumb{"Performance", ps.base()}),
			Data: &openDataPage{Base: ps.base(), Sets: ps.datasets(), Licence: publication.LicenceURL, LicenceN: publication.LicenceName}})
	})
}

// absoluteBase is the absolute address of path on this server, as the
// client reached it.
func (s *Server) absoluteBase(r *http.Request, path string) string {
	scheme := "http"
	if r.TLS != nil || s.SecureCookies || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
		scheme = "https"
	}
	return scheme + "://" + r.Host + path
}

func (s *Server) handleOpenDataFile(w http.ResponseWriter, r *http.Request) {
	ps, err := s.loadSite(r)
	if err != nil {
		s.publicError(w, r, nil, err)
		return
	}
	name := r.PathValue("file")
	if name == "catalogo.json" {
		s.servePublic(w, r, ps, func() (publicAnswer, error) {
			var buf bytes.Buffer
			err := publication.Catalog(&buf, ps.Org, s.absoluteBase(r, ps.base()+"dati/"), ps.Modified, ps.datasets())
			return publicAnswer{contentType: "application/json; charset=utf-8", body: buf.Bytes()}, err
		})
		return
	}
	stem, ext, ok := strings.Cut(name, ".")
	kindName, yearText, ok2 := strings.Cut(stem, "-")
	year, err := strconv.Atoi(yearText)
	kind := map[string]domain.PublicationKind{"piano": domain.PublishPiano, "risultati": domain.PublishRelazione,
		"premi": domain.PublishPremi}[kindName]
	if !ok || !ok2 || err != nil || kind == "" || (ext != "csv" && ext != "json") {
		s.publicError(w, r, ps, domain.Errorf(domain.ENOTFOUND, "Non c'è nessun file «%s» tra i dati aperti.", name))
		return
	}
	pub := publication.Live(ps.Pubs, kind, year)
	if pub == nil {
		s.publicError(w, r, ps, domain.Errorf(domain.ENOTFOUND, "%s %d non %s ancora %s: i dati aperti non ci sono.",
			kind.The(), year, kind.Verb("è", "sono"), kind.Agree("pubblicato")))
		return
	}
	contentType := "text/csv; charset=utf-8; header=present"
	if ext == "json" {
		contentType = "application/json; charset=utf-8"
	}
	s.servePublic(w, r, ps, func() (publicAnswer, error) {
		var buf bytes.Buffer
		if kind == domain.PublishPremi {
			return s.premiData(r.Context(), ps, pub, ext, contentType)
		}
		if kind == domain.PublishPiano {
			d, err := s.version(r.Context(), ps.Org.ID, pub.VersionID)
			if err != nil {
				return publicAnswer{}, err
			}
			plan := publication.PublicPlan(d.plan)
			if ext == "csv" {
				err = publication.PlanCSV(&buf, plan, year)
			} else {
				err = publication.PlanJSON(&buf, ps.Org.Name, plan, year)
			}
			return publicAnswer{contentType: contentType, body: buf.Bytes()}, err
		}
		res, reopened, err := s.publicResults(r.Context(), ps, pub)
		if err != nil {
			return publicAnswer{}, err
		}
		if ext == "csv" {
			err = publication.ResultsCSV(&buf, res)
		} else {
			err = publication.ResultsJSON(&buf, ps.Org.Name, res, reopened)
		}
		return publicAnswer{contentType: contentType, body: buf.Bytes()}, err
	})
}
