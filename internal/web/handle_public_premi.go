package web

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/publication"
	"github.com/performa-pa/performa/internal/reward"
)

// The published premi of a year (art. 20 D.Lgs 33/2013),
// /trasparenza/{ente}/premi/{anno}: the aggregates as the administrator
// published them (publication.Premi), never a person; when the saved
// distribution was replaced after the publication, the page says so.

// publicPremiPage is the published premi of a year.
type publicPremiPage struct {
	Base     string
	Pub      *domain.Publication
	Premi    reward.Public
	Replaced string // notice when the saved distribution changed since
	MinGroup int
}

// publicPremi is what pub published, and when the year's saved
// distribution was replaced after it (nil: it was not).
func (s *Server) publicPremi(ctx context.Context, ps *publicSite, pub *domain.Publication) (reward.Public, *time.Time, error) {
	p, err := publication.Premi(pub)
	if err != nil {
		return p, nil, err
	}
	d, err := s.Store.RewardDistribution(ctx, ps.Org.ID, pub.Year)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		d, err = nil, nil
	}
	if err != nil {
		return p, nil, err
	}
	return p, publication.Replaced(pub, d), nil
}

func (s *Server) handlePublicPremi(w http.ResponseWriter, r *http.Request) {
	ps, err := s.loadSite(r)
	if err != nil {
		s.publicError(w, r, nil, err)
		return
	}
	pub, _, err := publishedDoc(r, ps, domain.PublishPremi)
	if err != nil {
		s.publicError(w, r, ps, err)
		return
	}
	s.servePublic(w, r, ps, func() (publicAnswer, error) {
		p, replaced, err := s.publicPremi(r.Context(), ps, pub)
		if err != nil {
			return publicAnswer{}, err
		}
		data := &publicPremiPage{Base: ps.base(), Pub: pub, Premi: p, MinGroup: reward.MinGroup}
		if replaced != nil {
			data.Replaced = publication.ReplacedNotice(pub, *replaced)
		}
		return s.renderPublic("public_premi.html", &publicPage{Title: "Premi collegati alla performance " + strconv.Itoa(pub.Year), Org: ps.Org,
			Crumbs: append(ps.crumbs(), crumb{"Performance", ps.base()}), Data: data})
	})
}

// premiData answers premi-ANNO.csv|json for the published premi pub.
func (s *Server) premiData(ctx context.Context, ps *publicSite, pub *domain.Publication, ext, contentType string) (publicAnswer, error) {
	p, replaced, err := s.publicPremi(ctx, ps, pub)
	if err != nil {
		return publicAnswer{}, err
	}
	var buf bytes.Buffer
	if ext == "csv" {
		err = publication.PremiCSV(&buf, p)
	} else {
		err = publication.PremiJSON(&buf, ps.Org.Name, pub, p, replaced)
	}
	return publicAnswer{contentType: contentType, body: buf.Bytes()}, err
}
