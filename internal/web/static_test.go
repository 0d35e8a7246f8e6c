package web

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// The fonts of performa.css carry their fingerprint, and a fingerprinted
// URL is cached for a year.
func TestStaticFontsVersioned(t *testing.T) {
	a := loadAsset("css/performa.css")
	if a == nil {
		t.Fatal("no performa.css")
	}
	if VendorAssetsMissing() {
		t.Skip("scripts/assets.sh not run")
	}
	urls := regexp.MustCompile(`url\("([^"]+)"\)`).FindAllStringSubmatch(string(a.data), -1)
	if len(urls) == 0 {
		t.Fatal("no url() in performa.css")
	}
	s := &Server{}
	for _, u := range urls {
		if !regexp.MustCompile(`\.woff2\?v=[0-9a-f]{12}$`).MatchString(u[1]) {
			t.Errorf("font without its fingerprint: %s", u[1])
			continue
		}
		req := httptest.NewRequest("GET", "/static/"+strings.TrimPrefix(u[1], "../"), nil)
		rec := httptest.NewRecorder()
		s.handleStatic(rec, req)
		if rec.Code != http.StatusOK || rec.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" ||
			rec.Header().Get("Content-Encoding") != "" {
			t.Errorf("%s: %d %v", u[1], rec.Code, rec.Header())
		}
	}
}
