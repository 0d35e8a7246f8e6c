package web

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/andybalholm/brotli"
)

// Whole pages, as sent, for the pages whose content is cached by key (the
// Piano): the layout around the content and its compressed copies too, so
// that a page asked again — by the same person in the same session, with
// the same menu and notice — costs neither template execution nor
// compression. The layout's part of the key holds everything the layout
// shows of the request (pageLayoutKey); the content's part is the key of
// Server.content, which names everything the content shows.

const responseCacheBytes = 32 << 20 // pages kept at once, counted uncompressed

type response struct {
	body       []byte
	compressed func() (gz, br []byte) // made once, on the first compressed request
	used       time.Time
}

type responseCache struct {
	mu    sync.Mutex
	m     map[string]*response
	bytes int
}

func newResponseCache() *responseCache { return &responseCache{m: map[string]*response{}} }

// pageLayoutKey is what the layout shows of a page but its content: the
// title, the menu and its current entry, the ente, who is signed in (name
// and role), their session's CSRF token, the notice.
func pageLayoutKey(pg *page) string {
	var b strings.Builder
	for _, s := range []string{pg.Title, pg.Active, pg.CSRF, pg.Notice} {
		b.WriteString(s)
		b.WriteByte(0)
	}
	if pg.Org != nil {
		b.WriteString(strconv.FormatInt(pg.Org.ID, 10) + ":" + pg.Org.Name)
	}
	b.WriteByte(0)
	if pg.User != nil {
		b.WriteString(strconv.FormatInt(pg.User.ID, 10) + ":" + pg.User.DisplayName() + ":" + string(pg.User.Role))
	}
	for _, n := range pg.Nav {
		b.WriteString("\x00" + n.Path + "=" + n.Label)
	}
	return b.String()
}

// renderShared writes the page name (status 200) whose content is what
// contentKey names, from the cache when it was made before.
func (s *Server) renderShared(w http.ResponseWriter, r *http.Request, name string, pg *page, contentKey string) {
	key := name + "\x00" + contentKey + "\x00" + pageLayoutKey(pg)
	c := s.responses
	c.mu.Lock()
	resp, ok := c.m[key]
	if ok {
		resp.used = time.Now()
	}
	c.mu.Unlock()
	if !ok {
		t, found := s.views.pages[name]
		if !found {
			s.Logger.Error("pagina sconosciuta", "template", name)
			http.Error(w, "Errore interno.", http.StatusInternalServerError)
			return
		}
		var b bytes.Buffer
		if err := t.ExecuteTemplate(&b, "layout", pg); err != nil {
			s.Logger.Error("pagina non generata", "template", name, "err", err)
			http.Error(w, "Errore interno.", http.StatusInternalServerError)
			return
		}
		resp = newResponse(b.Bytes())
		c.put(key, resp)
	}
	writeResponse(w, r, resp, "text/html; charset=utf-8")
}

// writeResponse sends a kept response (status 200) compressed as the
// client accepts, from the copies made once.
func writeResponse(w http.ResponseWriter, r *http.Request, resp *response, contentType string) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	body := resp.body
	if enc := negotiateEncoding(r.Header.Get("Accept-Encoding")); enc != "" && r.Method != http.MethodHead {
		gz, br := resp.compressed()
		z := gz
		if enc == encodingBr {
			z = br
		}
		if z != nil {
			body = z
			h.Set("Content-Encoding", enc) // the compress middleware lets it pass
			tagEncoded(h, enc)
		}
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// newResponse keeps a page's bytes; its compressed copies are made once,
// at levels worth their cost for a page served many times.
func newResponse(body []byte) *response {
	return &response{body: body, used: time.Now(), compressed: sync.OnceValues(func() (gz, br []byte) {
		var g bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&g, 6)
		zw.Write(body)
		zw.Close()
		var c bytes.Buffer
		bw := brotli.NewWriterLevel(&c, 5)
		bw.Write(body)
		bw.Close()
		return g.Bytes(), c.Bytes()
	})}
}

// put keeps a page, dropping the least recently used beyond the budget.
func (c *responseCache) put(key string, resp *response) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[key]; ok {
		return
	}
	c.m[key] = resp
	c.bytes += len(resp.body)
	for c.bytes > responseCacheBytes && len(c.m) > 1 {
		c.bytes -= len(dropOldest(c.m, func(r *response) time.Time { return r.used }).body)
	}
}

// dropOldest removes the least recently used entry of a cache (m not
// empty) and returns it.
func dropOldest[K comparable, T any](m map[K]T, used func(T) time.Time) T {
	var oldestKey K
	var oldest T
	first := true
	for k, x := range m {
		if first || used(x).Before(used(oldest)) {
			oldestKey, oldest, first = k, x, false
		}
	}
	delete(m, oldestKey)
	return oldest
}
