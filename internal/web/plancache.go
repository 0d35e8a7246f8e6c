package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"strings"
	"sync"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/planjson"
	"github.com/performa-pa/performa/internal/quality"
	"github.com/performa-pa/performa/internal/score"
)

// Most pages show the same plan version with its monitoring, read whole
// from the store: a few hundred rows, most of a page's time. The server
// keeps the versions it read, each with the stamp the store gave it
// (domain.WorkStore.VersionStamp: it changes with every edit, measurement,
// validation, import or status change, whoever makes it, this process or
// another), and reads a version again only when its stamp has moved. A
// cached plan is shared by the requests that read it: nothing may change
// it (edits work on copies).

const versionCacheSize = 128 // versions kept, the least recently used dropped

type versionData struct {
	orgID        int64
	stamp        string
	plan         *domain.Plan
	measurements []domain.Measurement
	validations  []domain.Validation
	used         time.Time

	// What is computed from the version, kept with it: the same for every
	// request until the stamp moves.
	quality func() quality.Report
	// planJSON is the version in the JSON plan format, encoded once;
	// planResponse is it as the API sends it, with its compressed copies.
	planJSON     func() []byte
	planResponse func() *response
	// measuredYears are the years with a measurement (work.go).
	measuredYears func() measuredYears
	mu            sync.Mutex
	results       map[scoreKey]score.Result
	// dashboards are the Cruscotto's figures (handle_dashboard.go).
	dashboards map[dashboardKey]*dashboardFigures
}

// scoreKey names a computation of a version's scores.
type scoreKey struct {
	year        int
	until       int64  // unix day of the latest measurement counted; 0: all
	validations bool   // the Nucleo's validations count
	smvp        int    // the SMVP version (0: the default)
	over        bool   // the year is over (or its cycle closed) at the time of the computation
	signed      int64  // the sign-off whose figures count (unix µs), 0: none
	behaviour   string // the managers' behaviour ratings counted, "" none (behaviourKey)
}

const maxResults = 64 // computations kept per version

// result computes, or recalls, the scores of the version for key.
func (d *versionData) result(key scoreKey, compute func() score.Result) score.Result {
	return recall(&d.mu, &d.results, key, compute)
}

// recall returns m[key] or, computed outside the lock, compute's value,
// kept while m holds fewer than maxResults.
func recall[K comparable, V any](mu *sync.Mutex, m *map[K]V, key K, compute func() V) V {
	mu.Lock()
	v, ok := (*m)[key]
	mu.Unlock()
	if ok {
		return v
	}
	v = compute()
	mu.Lock()
	if *m == nil {
		*m = map[K]V{}
	}
	if len(*m) < maxResults {
		(*m)[key] = v
	}
	mu.Unlock()
	return v
}

// etag is a strong entity tag for what is derived from the version in
// this state: it names the organization, the version and its stamp, so it
// changes with every edit, measurement or status change.
func (d *versionData) etag(versionID int64) string {
	sum := sha256.Sum256(fmt.Appendf(nil, "%d\x00%d\x00%s", d.orgID, versionID, d.stamp))
	return `"` + hex.EncodeToString(sum[:12]) + `"`
}

// dashboard computes, or recalls, the Cruscotto's figures for key; d may
// be nil (a workspace not from the cache): computed each time.
func (d *versionData) dashboard(key dashboardKey, compute func() *dashboardFigures) *dashboardFigures {
	if d == nil {
		return compute()
	}
	return recall(&d.mu, &d.dashboards, key, compute)
}

type versionCache struct {
	mu sync.Mutex
	m  map[int64]*versionData // by version id
	// loading are the reads under way: requests that miss the same state
	// of a version at once (after a change, or at start) wait for one
	// read instead of each reading the whole version.
	loading map[versionState]*versionLoad
}

type versionState struct {
	orgID, versionID int64
	stamp            string
}

type versionLoad struct {
	done chan struct{}
	d    *versionData
	err  error
}

func newVersionCache() *versionCache {
	return &versionCache{m: map[int64]*versionData{}, loading: map[versionState]*versionLoad{}}
}

// version returns a version with its measurements and validations, from the
// cache when current.
func (s *Server) version(ctx context.Context, orgID, versionID int64) (*versionData, error) {
	stamp, err := s.Store.VersionStamp(ctx, orgID, versionID)
	if err != nil {
		return nil, err
	}
	c := s.versions
	key := versionState{orgID, versionID, stamp}
	c.mu.Lock()
	d := c.m[versionID]
	if d != nil && d.orgID == orgID && d.stamp == stamp {
		d.used = time.Now()
		c.mu.Unlock()
		return d, nil
	}
	if l := c.loading[key]; l != nil {
		c.mu.Unlock()
		select {
		case <-l.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if errors.Is(l.err, context.Canceled) || errors.Is(l.err, context.DeadlineExceeded) {
			// The read ended with its own request: read for this one.
			return s.readVersion(ctx, key)
		}
		return l.d, l.err
	}
	l := &versionLoad{done: make(chan struct{})}
	c.loading[key] = l
	c.mu.Unlock()
	l.d, l.err = s.readVersion(ctx, key)
	c.mu.Lock()
	delete(c.loading, key)
	if l.err == nil {
		c.put(versionID, l.d)
	}
	c.mu.Unlock()
	close(l.done)
	return l.d, l.err
}

// readVersion reads a version whose stamp was read before: a change in
// between leaves a newer copy under an older stamp, read again next time;
// never the reverse.
func (s *Server) readVersion(ctx context.Context, key versionState) (*versionData, error) {
	orgID, versionID := key.orgID, key.versionID
	d := &versionData{orgID: orgID, stamp: key.stamp, used: time.Now(), results: map[scoreKey]score.Result{}}
	var err error
	if d.plan, err = s.Store.Plan(ctx, orgID, versionID); err != nil {
		return nil, err
	}
	if d.measurements, err = s.Store.Measurements(ctx, orgID, versionID); err != nil {
		return nil, err
	}
	if d.validations, err = s.Store.Validations(ctx, orgID, versionID); err != nil {
		return nil, err
	}
	plan := d.plan
	d.quality = sync.OnceValue(func() quality.Report {
		r, _ := quality.Assess(plan)
		return r
	})
	measurements := d.measurements
	d.measuredYears = sync.OnceValue(func() measuredYears { return measuredYearsOf(plan.Cycle, measurements) })
	d.planJSON = sync.OnceValue(func() []byte {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.Encode(planjson.FromPlan(plan))
		return b.Bytes()
	})
	d.planResponse = sync.OnceValue(func() *response { return newResponse(d.planJSON()) })
	return d, nil
}

// put keeps d (c.mu held), dropping the least recently used beyond the
// cache's size.
func (c *versionCache) put(versionID int64, d *versionData) {
	c.m[versionID] = d
	for len(c.m) > versionCacheSize {
		dropOldest(c.m, func(x *versionData) time.Time { return x.used })
	}
}

// Rendered pages are cached too where they depend only on the version's
// state and the request's query, not on who asks: the Piano, the largest
// page. The key names everything the content shows; the layout around it
// (who is signed in, the menu) is rendered for each request.

const fragmentCacheBytes = 32 << 20 // rendered content kept at once

type fragment struct {
	html template.HTML
	used time.Time
}

type fragmentCache struct {
	mu    sync.Mutex
	m     map[string]*fragment
	bytes int
}

func newFragmentCache() *fragmentCache { return &fragmentCache{m: map[string]*fragment{}} }

// content renders the "content" template of the page name with what data
// returns, or recalls it by key.
func (s *Server) content(name, key string, data func() any) (template.HTML, error) {
	c := s.fragments
	c.mu.Lock()
	if f, ok := c.m[key]; ok {
		f.used = time.Now()
		c.mu.Unlock()
		return f.html, nil
	}
	c.mu.Unlock()
	t, ok := s.views.pages[name]
	if !ok {
		return "", fmt.Errorf("web: no page %s", name)
	}
	var b strings.Builder
	if err := t.ExecuteTemplate(&b, "content", &page{Data: data()}); err != nil {
		return "", err
	}
	html := template.HTML(b.String())
	c.mu.Lock()
	if _, ok := c.m[key]; !ok {
		c.m[key] = &fragment{html: html, used: time.Now()}
		c.bytes += len(html)
	}
	for c.bytes > fragmentCacheBytes && len(c.m) > 1 {
		c.bytes -= len(dropOldest(c.m, func(f *fragment) time.Time { return f.used }).html)
	}
	c.mu.Unlock()
	return html, nil
}
