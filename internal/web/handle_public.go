package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/publication"
	"github.com/performa-pa/performa/internal/reward"
)

// The public section, «Amministrazione trasparente › Performance»: what
// an administrator published (internal/publication), for anyone, without
// signing in. The pages are built from the public views alone
// (publication.PublicPlan, publication.PublicResults): no individual score
// can reach them. They are cacheable: a strong ETag on the bytes, the
// time of the ente's newest recorded change as Last-Modified, and a short
// public max-age.

// publicMaxAge is how long a browser or a proxy may keep a public page
// without asking again.
const publicMaxAge = "public, max-age=300"

// publicPage is what the public layout needs.
type publicPage struct {
	Title  string
	Org    *domain.Organization
	Crumbs []crumb // the breadcrumb before the current page (Title)
	Data   any
}

// crumb is a step of the breadcrumb.
type crumb struct {
	Label string
	Path  string
}

// publicSite is an organization's public section: what it published.
type publicSite struct {
	Org      *domain.Organization
	Pubs     []domain.Publication
	Versions []domain.PlanSummary
	Stamp    string    // the organization's recorded state (PublicStamp)
	Modified time.Time // the newest change recorded for the organization
}

// base is the address of the site's section.
func (ps *publicSite) base() string { return "/trasparenza/" + ps.Org.Slug + "/" }

func (ps *publicSite) crumbs() []crumb {
	return []crumb{{ps.Org.Name, ps.base()}, {"Amministrazione trasparente", ps.base()}}
}

// loadSite reads the public section of the organization named by the
// path value "ente" (ENOTFOUND).
func (s *Server) loadSite(r *http.Request) (*publicSite, error) {
	ctx := r.Context()
	org, err := s.Store.OrganizationBySlug(ctx, r.PathValue("ente"))
	if err != nil {
		return nil, domain.Errorf(domain.ENOTFOUND, "Non c'è nessun ente a questo indirizzo.")
	}
	ps := &publicSite{Org: org}
	if ps.Pubs, err = s.Store.Publications(ctx, org.ID); err != nil {
		return nil, err
	}
	if ps.Versions, err = s.Store.Versions(ctx, org.ID); err != nil {
		return nil, err
	}
	stamp, at, err := s.Store.PublicStamp(ctx, org.ID)
	if err != nil {
		return nil, err
	}
	ps.Stamp, ps.Modified = stamp, org.CreatedAt
	if at.After(ps.Modified) {
		ps.Modified = at
	}
	return ps, nil
}

// publicAnswer is a public page or file as made, to answer with again.
type publicAnswer struct {
	contentType string
	body        []byte
	tag         string    // strong ETag of body ("" until answered once)
	used        time.Time // last answered, for the cache's eviction
}

// publicCache keeps the public answers made last, by address and the
// state of the organization they were made from (publicSite.Stamp) and the
// day (a year's figures stop being provisional at its end): what citizens
// and crawlers read most is made once per change. Bounded in bytes (PDFs
// weigh a hundred pages' worth), the least recently used dropped first,
// like the signed-in pages' cache (pagecache.go).
type publicCache struct {
	mu    sync.Mutex
	m     map[string]publicAnswer
	bytes int
}

const publicCacheBytes = 32 << 20

func (c *publicCache) get(key string) (publicAnswer, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	a, ok := c.m[key]
	if ok {
		a.used = time.Now()
		c.m[key] = a
	}
	return a, ok
}

func (c *publicCache) put(key string, a publicAnswer) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]publicAnswer{}
	}
	if _, ok := c.m[key]; ok {
		return
	}
	a.used = time.Now()
	c.m[key] = a
	c.bytes += len(a.body)
	for c.bytes > publicCacheBytes && len(c.m) > 1 {
		c.bytes -= len(dropOldest(c.m, func(a publicAnswer) time.Time { return a.used }).body)
	}
}

// servePublic answers a public address of ps with what build makes,
// made once per state of the organization and day, with the caching
// headers (writeCached). An error of build is an Italian error page.
func (s *Server) servePublic(w http.ResponseWriter, r *http.Request, ps *publicSite, build func() (publicAnswer, error)) {
	key := strings.Join([]string{ps.Org.Slug, r.URL.Path, ps.Stamp, s.today().Format(time.DateOnly), s.absoluteBase(r, "")}, "\x00")
	a, ok := s.publicAnswers.get(key)
	if !ok {
		var err error
		if a, err = build(); err != nil {
			s.publicError(w, r, ps, err)
			return
		}
		a.tag = bodyTag(a.body)
		s.publicAnswers.put(key, a)
	}
	s.writeCached(w, r, http.StatusOK, a, ps.Modified)
}

// renderPublic makes a page of the public layout (template name).
func (s *Server) renderPublic(name string, pg *publicPage) (publicAnswer, error) {
	t, ok := s.views.pages[name]
	if !ok {
		return publicAnswer{}, fmt.Errorf("web: unknown template %s", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "publiclayout", pg); err != nil {
		return publicAnswer{}, fmt.Errorf("web: template %s: %w", name, err)
	}
	return publicAnswer{contentType: "text/html; charset=utf-8", body: buf.Bytes()}, nil
}

// writePublic renders a public page that is not cached: an error, the
// list of entes.
func (s *Server) writePublic(w http.ResponseWriter, r *http.Request, status int, name string, pg *publicPage, modified time.Time) {
	a, err := s.renderPublic(name, pg)
	if err != nil {
		s.Logger.Error("pagina non generata", "template", name, "err", err)
		http.Error(w, "Errore interno.", http.StatusInternalServerError)
		return
	}
	s.writeCached(w, r, status, a, modified)
}

// bodyTag is a strong ETag for body.
func bodyTag(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + hex.EncodeToString(sum[:16]) + `"`
}

// writeCached answers a with a strong ETag on its bytes and
// Last-Modified, or 304 to a client holding it (If-None-Match first, else
// If-Modified-Since). Only a 200 is cacheable.
func (s *Server) writeCached(w http.ResponseWriter, r *http.Request, status int, a publicAnswer, modified time.Time) {
	h := w.Header()
	if status != http.StatusOK {
		h.Set("Content-Type", a.contentType)
		h.Set("Cache-Control", "no-cache")
		w.WriteHeader(status)
		w.Write(a.body)
		return
	}
	tag := a.tag
	if tag == "" {
		tag = bodyTag(a.body)
	}
	modified = modified.UTC().Truncate(time.Second)
	h.Set("ETag", tag)
	h.Set("Last-Modified", modified.Format(http.TimeFormat))
	h.Set("Cache-Control", publicMaxAge)
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		if etagMatches(inm, tag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	} else if ims, err := http.ParseTime(r.Header.Get("If-Modified-Since")); err == nil && !modified.After(ims) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", a.contentType)
	h.Set("Content-Length", strconv.Itoa(len(a.body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(a.body)
	}
}

// publicError answers a public address with an Italian page in the
// public layout: 404 for what does not exist or is not published.
func (s *Server) publicError(w http.ResponseWriter, r *http.Request, ps *publicSite, err error) {
	status := Status(err)
	if status == http.StatusInternalServerError {
		if clientGone(r, err) {
			return
		}
		s.Logger.Error("richiesta non riuscita", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	pg := &publicPage{Title: errorPage{Status: status}.Heading(), Data: errorPage{Status: status, Message: domain.ErrorMessage(err)}}
	if ps != nil {
		pg.Org, pg.Crumbs = ps.Org, append(ps.crumbs(), crumb{"Performance", ps.base()})
	}
	s.writePublic(w, r, status, "public_error.html", pg, time.Time{})
}

// handleTransparencyIndex is /trasparenza: the one organization's section,
// or the list of them.
func (s *Server) handleTransparencyIndex(w http.ResponseWriter, r *http.Request) {
	orgs, err := s.Store.Organizations(r.Context())
	if err != nil {
		s.publicError(w, r, nil, err)
		return
	}
	if len(orgs) == 1 {
		http.Redirect(w, r, "/trasparenza/"+url.PathEscape(orgs[0].Slug)+"/", http.StatusFound)
		return
	}
	var modified time.Time
	for _, o := range orgs {
		if o.CreatedAt.After(modified) {
			modified = o.CreatedAt
		}
	}
	s.writePublic(w, r, http.StatusOK, "public_index.html", &publicPage{Title: "Amministrazione trasparente", Data: orgs}, modified)
}

// handleTransparencyRedirect adds the final slash to an ente's address.
func (s *Server) handleTransparencyRedirect(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "/trasparenza/"+url.PathEscape(r.PathValue("ente"))+"/", http.StatusMovedPermanently)
}

// overviewYear is a year of the overview: its published documents.
type overviewYear struct {
	Year      int
	Piano     *domain.Publication
	Relazione *domain.Publication
	Act       *domain.Version // the delibera of the Piano's version
	Results   *publication.Results
	Reopened  string
	Premi     *domain.Publication
	Aggregate *reward.Public // what Premi published
	Replaced  string         // the saved distribution changed since
}

// handleTransparency is an ente's «Performance» page: the years published,
// each with its Piano, Relazione and premi.
func (s *Server) handleTransparency(w http.ResponseWriter, r *http.Request) {
	ps, err := s.loadSite(r)
	if err != nil {
		s.publicError(w, r, nil, err)
		return
	}
	s.servePublic(w, r, ps, func() (publicAnswer, error) {
		var years []overviewYear
		for _, y := range publication.Years(ps.Pubs) {
			oy := overviewYear{Year: y, Piano: publication.Live(ps.Pubs, domain.PublishPiano, y),
				Relazione: publication.Live(ps.Pubs, domain.PublishRelazione, y)}
			if oy.Piano != nil {
				oy.Act = ps.version(oy.Piano.VersionID)
			}
			if oy.Relazione != nil {
				res, reopened, err := s.publicResults(r.Context(), ps, oy.Relazione)
				if err != nil {
					return publicAnswer{}, err
				}
				oy.Results, oy.Reopened = &res, reopenedNotice(reopened)
			}
			if oy.Premi = publication.Live(ps.Pubs, domain.PublishPremi, y); oy.Premi != nil {
				p, replaced, err := s.publicPremi(r.Context(), ps, oy.Premi)
				if err != nil {
					return publicAnswer{}, err
				}
				oy.Aggregate = &p
				if replaced != nil {
					oy.Replaced = publication.ReplacedNotice(oy.Premi, *replaced)
				}
			}
			years = append(years, oy)
		}
		return s.renderPublic("public_overview.html", &publicPage{Title: "Performance", Org: ps.Org, Crumbs: ps.crumbs(), Data: struct {
			Base  string
			Years []overviewYear
		}{ps.base(), years}})
	})
}

// version is the public view of the stored version id, nil if unknown.
func (ps *publicSite) version(id int64) *domain.Version {
	for _, p := range ps.Versions {
		if p.Version.ID == id {
			v := publication.Versions([]domain.PlanSummary{p}, p.Cycle.ID)
			if len(v) == 1 {
				return &v[0]
			}
		}
	}
	return nil
}

// inForce is the version of pub's cycle the results are computed on: the
// approved one now (a variation approved after the publication carries
// the monitoring over), else the one published.
func (ps *publicSite) inForce(pub *domain.Publication) int64 {
	for _, p := range ps.Versions {
		if p.Cycle.ID == pub.CycleID && p.Version.Status == domain.VersionApproved {
			return p.Version.ID
		}
	}
	return pub.VersionID
}

// publicResults computes the public view of the results of pub's year,
// and says when the year was reopened (nil unless it is open again after
// a sign-off).
func (s *Server) publicResults(ctx context.Context, ps *publicSite, pub *domain.Publication) (publication.Results, *time.Time, error) {
	ws, err := s.workspaceOf(ctx, ps.Org.ID, ps.inForce(pub), strconv.Itoa(pub.Year))
	if err != nil {
		return publication.Results{}, nil, err
	}
	res := publication.PublicResults(ws.scores(pub.Year, time.Time{}))
	history, err := s.Store.YearHistory(ctx, ps.Org.ID, pub.CycleID)
	if err != nil {
		return publication.Results{}, nil, err
	}
	if ws.SignOff(pub.Year) != nil {
		return res, nil, nil
	}
	return res, publication.Reopened(history, pub.Year), nil
}

// reopenedNotice is what a page says of a reopened year, "" if it is not.
func reopenedNotice(at *time.Time) string {
	if at == nil {
		return ""
	}
	return publication.ReopenedNotice(*at)
}

// publishedDoc finds the live publication of the document at the path
// (kind, "anno"), or an Italian «not published yet» (ENOTFOUND).
func publishedDoc(r *http.Request, ps *publicSite, kind domain.PublicationKind) (*domain.Publication, int, error) {
	year, err := strconv.Atoi(r.PathValue("anno"))
	if err != nil || year < 1900 || year > 9999 {
		return nil, 0, domain.Errorf(domain.ENOTFOUND, "Anno non valido: «%s».", r.PathValue("anno"))
	}
	pub := publication.Live(ps.Pubs, kind, year)
	if pub == nil {
		return nil, year, domain.Errorf(domain.ENOTFOUND, "%s %d non %s ancora %s.", kind.The(), year, kind.Verb("è", "sono"), kind.Agree("pubblicato"))
	}
	return pub, year, nil
}

// publicPlanPage is the published Piano of a year.
type publicPlanPage struct {
	Base     string
	Pub      *domain.Publication
	Plan     publication.Plan
	Versions []domain.Version
}

func (s *Server) handlePublicPlan(w http.ResponseWriter, r *http.Request) {
	ps, err := s.loadSite(r)
	if err != nil {
		s.publicError(w, r, nil, err)
		return
	}
	pub, _, err := publishedDoc(r, ps, domain.PublishPiano)
	if err != nil {
		s.publicError(w, r, ps, err)
		return
	}
	s.servePublic(w, r, ps, func() (publicAnswer, error) {
		d, err := s.version(r.Context(), ps.Org.ID, pub.VersionID)
		if err != nil {
			return publicAnswer{}, err
		}
		data := &publicPlanPage{Base: ps.base(), Pub: pub, Plan: publication.PublicPlan(d.plan), Versions: publication.Versions(ps.Versions, pub.CycleID)}
		return s.renderPublic("public_plan.html", &publicPage{Title: "Piano della performance " + strconv.Itoa(pub.Year), Org: ps.Org,
			Crumbs: append(ps.crumbs(), crumb{"Performance", ps.base()}), Data: data})
	})
}

// publicResultsPage is the published Relazione of a year.
type publicResultsPage struct {
	Base     string
	Pub      *domain.Publication
	Results  publication.Results
	Reopened string
	Versions []domain.Version
}

func (s *Server) handlePublicResults(w http.ResponseWriter, r *http.Request) {
	ps, err := s.loadSite(r)
	if err != nil {
		s.publicError(w, r, nil, err)
		return
	}
	pub, _, err := publishedDoc(r, ps, domain.PublishRelazione)
	if err != nil {
		s.publicError(w, r, ps, err)
		return
	}
	s.servePublic(w, r, ps, func() (publicAnswer, error) {
		res, reopened, err := s.publicResults(r.Context(), ps, pub)
		if err != nil {
			return publicAnswer{}, err
		}
		data := &publicResultsPage{Base: ps.base(), Pub: pub, Results: res, Reopened: reopenedNotice(reopened), Versions: publication.Versions(ps.Versions, pub.CycleID)}
		return s.renderPublic("public_results.html", &publicPage{Title: "Relazione sulla performance " + strconv.Itoa(pub.Year), Org: ps.Org,
			Crumbs: append(ps.crumbs(), crumb{"Performance", ps.base()}), Data: data})
	})
}
