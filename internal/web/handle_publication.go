package web

import (
	"net/http"
	"sort"
	"strconv"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/publication"
)

// Amministrazione › Pubblicazione: what is published in «Amministrazione
// trasparente › Performance», per year and document, with the buttons to
// publish and take down (the CLI twins: performa publish|unpublish).

// publicationPage is the state of the publications.
type publicationPage struct {
	Slug  string
	Rows  []publicationRow
	Error string
}

// publicationRow is a document of a year: what is live, what would be
// published, the history.
type publicationRow struct {
	Kind      domain.PublicationKind
	Year      int
	Live      *domain.Publication
	Candidate *publication.Candidate
	History   []domain.Publication
}

// Refusal is why the document cannot be published now, "" if it can.
func (pr publicationRow) Refusal() string {
	if pr.Candidate.Refusal != nil {
		return domain.ErrorMessage(pr.Candidate.Refusal)
	}
	return ""
}

// Newer says what newer than the live one would be published ("" when
// nothing): another approved version, for premi another saved
// distribution.
func (pr publicationRow) Newer() string {
	c := pr.Candidate
	switch {
	case pr.Live == nil || c.Version == nil:
		return ""
	case pr.Kind == domain.PublishPremi && c.Distribution != nil && c.Distribution.ID != pr.Live.DistributionID:
		return "Dopo la pubblicazione è stata salvata un'altra distribuzione dei premi: la pagina pubblica mostra ancora le cifre pubblicate e lo dice; ripubblica per mostrare la nuova."
	case pr.Kind != domain.PublishPremi && c.Version.Version.ID != pr.Live.VersionID:
		return "C'è una versione approvata più recente: ripubblica per mostrarla."
	}
	return ""
}

// Path is the document's public page.
func (pr publicationRow) Path(slug string) string {
	return "/trasparenza/" + slug + "/" + string(pr.Kind) + "/" + strconv.Itoa(pr.Year)
}

func (s *Server) publicationPage(r *http.Request) (*publicationPage, error) {
	ctx := r.Context()
	orgID := principalUser(r).OrganizationID
	org, err := s.Store.OrganizationByID(ctx, orgID)
	if err != nil {
		return nil, err
	}
	all, err := s.Store.Versions(ctx, orgID)
	if err != nil {
		return nil, err
	}
	pubs, err := s.Store.Publications(ctx, orgID)
	if err != nil {
		return nil, err
	}
	years := map[int]bool{}
	for _, p := range all {
		for _, y := range p.Cycle.Years() {
			years[y] = true
		}
	}
	for _, p := range pubs {
		years[p.Year] = true
	}
	var ys []int
	for y := range years {
		ys = append(ys, y)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(ys)))
	pg := &publicationPage{Slug: org.Slug}
	for _, y := range ys {
		for _, k := range domain.PublicationKinds {
			c, err := publication.Find(ctx, s.Store, orgID, k, y)
			if err != nil {
				return nil, err
			}
			pg.Rows = append(pg.Rows, publicationRow{Kind: k, Year: y, Live: publication.Live(pubs, k, y), Candidate: c,
				History: publication.History(pubs, k, y)})
		}
	}
	return pg, nil
}

func (s *Server) handlePublication(w http.ResponseWriter, r *http.Request) {
	pg, err := s.publicationPage(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	page := s.newPage(r, "Pubblicazione", "/amministrazione/pubblicazione", pg)
	page.Notice = map[string]string{
		"pubblicato": "Documento pubblicato: si legge senza accesso in Amministrazione trasparente.",
		"ritirato":   "Documento ritirato dalla pubblicazione: l'indirizzo pubblico risponde «non ancora pubblicato».",
	}[r.URL.Query().Get("esito")]
	s.render(w, r, "publication.html", page)
}

// handlePublicationSave publishes or takes down a document (form fields
// azione = pubblica|ritira, documento = piano|relazione|premi, anno).
func (s *Server) handlePublicationSave(w http.ResponseWriter, r *http.Request) {
	u := principalUser(r)
	kind, err := publication.ParseKind(r.PostFormValue("documento"))
	year, yerr := strconv.Atoi(r.PostFormValue("anno"))
	if err == nil && yerr != nil {
		err = domain.Errorf(domain.EINVALID, "Anno non valido: «%s».", r.PostFormValue("anno"))
	}
	done := ""
	if err == nil {
		switch r.PostFormValue("azione") {
		case "pubblica":
			_, err = publication.Publish(r.Context(), s.Store, u.OrganizationID, kind, year, u.Name)
			done = "pubblicato"
		case "ritira":
			_, err = publication.Unpublish(r.Context(), s.Store, u.OrganizationID, kind, year, u.Name)
			done = "ritirato"
		default:
			err = domain.Errorf(domain.EINVALID, "Azione sconosciuta: pubblica o ritira.")
		}
	}
	if err == nil {
		http.Redirect(w, r, "/amministrazione/pubblicazione?esito="+done, http.StatusSeeOther)
		return
	}
	status := Status(err)
	if status == http.StatusInternalServerError {
		s.Error(w, r, err)
		return
	}
	pg, lerr := s.publicationPage(r)
	if lerr != nil {
		s.Error(w, r, lerr)
		return
	}
	pg.Error = domain.ErrorMessage(err)
	s.write(w, r, status, "publication.html", s.newPage(r, "Pubblicazione", "/amministrazione/pubblicazione", pg))
}
