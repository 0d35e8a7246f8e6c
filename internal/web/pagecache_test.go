package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestSharedPagesPerPerson: the Cruscotto and the Piano come from the cache
// of whole pages, which must never give one person's page (name, menu,
// CSRF token, their work) to another, nor a page from before a change.
func TestSharedPagesPerPerson(t *testing.T) {
	f := seedFixture(t)
	h := f.srv.Handler()
	get := func(cookie, path, accept string) (string, http.Header) {
		req := httptest.NewRequest("GET", path, nil)
		req.AddCookie(&http.Cookie{Name: "performa_sessione", Value: cookie})
		if accept != "" {
			req.Header.Set("Accept-Encoding", accept)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 {
			t.Fatalf("%s: status %d", path, w.Code)
		}
		b, _ := io.ReadAll(w.Body)
		return string(b), w.Header()
	}
	adminCookie, readerCookie := f.session(t, admin), f.session(t, reader)
	for _, path := range []string{"/", "/piano"} {
		a1, _ := get(adminCookie, path, "")
		kept := f.srv.KeptPages()
		a2, _ := get(adminCookie, path, "")
		if a1 != a2 {
			t.Errorf("%s: the same person's page changed between two requests", path)
		}
		if kept == 0 || f.srv.KeptPages() != kept {
			t.Errorf("%s: the page asked again was not the one kept (%d kept, then %d)", path, kept, f.srv.KeptPages())
		}
		r1, _ := get(readerCookie, path, "")
		if r1 == a1 || !strings.Contains(r1, "(lettore)") || strings.Contains(r1, "(amministratore)") {
			t.Errorf("%s: the reader got the administrator's page", path)
		}
		if strings.Contains(r1, `href="/amministrazione"`) {
			t.Errorf("%s: the reader's menu shows the administration", path)
		}
		// A new session of the same person has its own CSRF token.
		other, _ := get(f.session(t, admin), path, "")
		if other == a1 {
			t.Errorf("%s: a second session got the first one's page (CSRF token)", path)
		}
		_, hdr := get(adminCookie, path, "br")
		if hdr.Get("Content-Encoding") != "br" || !strings.Contains(hdr.Get("Vary"), "Accept-Encoding") {
			t.Errorf("%s: compressed copy: Content-Encoding %q, Vary %q", path, hdr.Get("Content-Encoding"), hdr.Get("Vary"))
		}
	}
}
