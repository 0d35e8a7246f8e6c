package web

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"

	"github.com/performa-pa/performa/internal/document"
	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/publication"
)

// handlePublicPDF serves the PDF of a published document: the Piano of
// the version published, the public edition of the Relazione computed as
// the public page computes it, the premi as published. Both are made once per change of the ente
// (servePublic) and are cacheable like the pages.
func (s *Server) handlePublicPDF(kind domain.PublicationKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ps, err := s.loadSite(r)
		if err != nil {
			s.publicError(w, r, nil, err)
			return
		}
		pub, year, err := publishedDoc(r, ps, kind)
		if err != nil {
			s.publicError(w, r, ps, err)
			return
		}
		w.Header().Set("Content-Disposition", `inline; filename="`+string(kind)+"-"+strconv.Itoa(year)+`.pdf"`)
		s.servePublic(w, r, ps, func() (publicAnswer, error) {
			var buf bytes.Buffer
			if err := s.writePublicPDF(r.Context(), ps, pub, &buf); err != nil {
				return publicAnswer{}, err
			}
			return publicAnswer{contentType: "application/pdf", body: buf.Bytes()}, nil
		})
	}
}

// writePublicPDF renders pub's document. The Relazione never reads the
// behaviour ratings: its public edition has no individual score to show.
func (s *Server) writePublicPDF(ctx context.Context, ps *publicSite, pub *domain.Publication, w io.Writer) error {
	if pub.Kind == domain.PublishPremi {
		p, replaced, err := s.publicPremi(ctx, ps, pub)
		if err != nil {
			return err
		}
		in := document.Premi{Organization: ps.Org.Name, Public: p, PublishedAt: pub.PublishedAt, SavedAt: pub.DistributionSavedAt,
			Created: ps.Modified}
		if replaced != nil {
			in.Replaced = publication.ReplacedNotice(pub, *replaced)
		}
		return document.WritePremi(w, in)
	}
	if pub.Kind == domain.PublishPiano {
		ws, err := s.workspaceOf(ctx, ps.Org.ID, pub.VersionID, "")
		if err != nil {
			return err
		}
		return document.WritePiano(w, document.PianoOf(ws.Plan, ws.LoadedAt))
	}
	ws, err := s.workspaceOf(ctx, ps.Org.ID, ps.inForce(pub), strconv.Itoa(pub.Year))
	if err != nil {
		return err
	}
	return document.WriteRelazione(w, document.RelazioneOf(ws.scoreInput(pub.Year), ws.Versions, ws.SignOff(pub.Year),
		document.Public, ws.LoadedAt))
}
