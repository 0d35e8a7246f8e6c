package web

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

func TestNegotiateEncoding(t *testing.T) {
	for _, c := range []struct{ header, want string }{
		{"", ""},
		{"identity", ""},
		{"gzip", "gzip"},
		{"x-gzip", "gzip"},
		{"br", "br"},
		{"gzip, deflate, br", "br"},
		{"gzip, deflate, br, zstd", "br"},
		{"br;q=0.5, gzip", "gzip"},
		{"br;q=1.0, gzip;q=0.8", "br"},
		{"gzip;q=0, br;q=0", ""},
		{"gzip;q=0, *", "br"},
		{"*;q=0.3, gzip;q=0.5", "gzip"},
		{"*", "br"},
		{"GZIP", "gzip"},
		{"gzip ; q=0.2 , br ; q = 0.1", "gzip"},
		{"br;q=abc, gzip", "gzip"},
		{"deflate", ""},
	} {
		if got := negotiateEncoding(c.header); got != c.want {
			t.Errorf("Accept-Encoding %q: %q, want %q", c.header, got, c.want)
		}
	}
}

func decode(t *testing.T, enc string, body []byte) string {
	t.Helper()
	var r io.Reader
	switch enc {
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	case "br":
		r = brotli.NewReader(bytes.NewReader(body))
	default:
		return string(body)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestCompress(t *testing.T) {
	big := strings.Repeat("<p>Obiettivo raggiunto al 100%.</p>\n", 200)
	handler := func(ctype, body string, status int) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", ctype)
			w.Header().Set("ETag", `"abc"`)
			w.WriteHeader(status)
			if r.Method != http.MethodHead {
				// In pieces, smaller than the threshold.
				for i := 0; i < len(body); i += 100 {
					io.WriteString(w, body[i:min(i+100, len(body))])
				}
			}
		})
	}
	for _, c := range []struct {
		name, method, accept, ctype, body string
		status                            int
		want                              string // Content-Encoding
	}{
		{"html gzip", "GET", "gzip", "text/html; charset=utf-8", big, 200, "gzip"},
		{"html br", "GET", "gzip, deflate, br", "text/html; charset=utf-8", big, 200, "br"},
		{"json br", "GET", "br", "application/json; charset=utf-8", big, 200, "br"},
		{"svg", "GET", "gzip", "image/svg+xml", big, 200, "gzip"},
		{"error page", "GET", "gzip", "text/html; charset=utf-8", big, 404, "gzip"},
		{"no accept", "GET", "", "text/html; charset=utf-8", big, 200, ""},
		{"refused", "GET", "gzip;q=0", "text/html; charset=utf-8", big, 200, ""},
		{"tiny", "GET", "gzip", "text/html; charset=utf-8", "<p>ok</p>", 200, ""},
		{"woff2", "GET", "gzip", "font/woff2", big, 200, ""},
		{"png", "GET", "gzip", "image/png", big, 200, ""},
		{"pdf", "GET", "gzip", "application/pdf", big, 200, ""},
		{"xlsx", "GET", "gzip", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", big, 200, ""},
		{"zip", "GET", "gzip", "application/zip", big, 200, ""},
		{"head", "HEAD", "gzip", "text/html; charset=utf-8", big, 200, ""},
		{"not modified", "GET", "gzip", "text/html; charset=utf-8", "", 304, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest(c.method, "/piano", nil)
			if c.accept != "" {
				req.Header.Set("Accept-Encoding", c.accept)
			}
			rec := httptest.NewRecorder()
			compress(handler(c.ctype, c.body, c.status)).ServeHTTP(rec, req)
			res := rec.Result()
			if res.StatusCode != c.status {
				t.Errorf("status %d", res.StatusCode)
			}
			if got := res.Header.Get("Content-Encoding"); got != c.want {
				t.Errorf("Content-Encoding %q, want %q", got, c.want)
			}
			if res.Header.Get("Vary") != "Accept-Encoding" {
				t.Errorf("Vary %q", res.Header.Get("Vary"))
			}
			if c.method == "HEAD" || c.status == 304 {
				if rec.Body.Len() != 0 {
					t.Errorf("a body of %d bytes", rec.Body.Len())
				}
				return
			}
			if got := decode(t, c.want, rec.Body.Bytes()); got != c.body {
				t.Errorf("body %d bytes, want %d", len(got), len(c.body))
			}
			if c.want != "" {
				if rec.Body.Len() >= len(c.body)/5 {
					t.Errorf("compressed to %d of %d bytes", rec.Body.Len(), len(c.body))
				}
				if tag := res.Header.Get("ETag"); tag != `"abc-`+c.want+`"` {
					t.Errorf("ETag %q", tag)
				}
			}
		})
	}
}

// An already encoded body is passed on untouched.
func TestCompressPassesEncoded(t *testing.T) {
	req := httptest.NewRequest("GET", "/x", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	rec := httptest.NewRecorder()
	body := strings.Repeat("x", 5000)
	compress(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css")
		w.Header().Set("Content-Encoding", "br")
		io.WriteString(w, body)
	})).ServeHTTP(rec, req)
	if rec.Header().Get("Content-Encoding") != "br" || rec.Body.String() != body {
		t.Errorf("%v %d", rec.Header(), rec.Body.Len())
	}
}
