package web

import (
	"bufio"
	"compress/gzip"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// Responses in text (HTML, JSON, CSV, SVG, CSS, JavaScript) are compressed
// when the client accepts it: brotli or gzip, whichever Accept-Encoding
// prefers (brotli on a tie, it is smaller). Already compressed types
// (fonts, images, PDF, XLSX, ZIP) and bodies under minCompress bytes go
// as they are, and so do 304s, 204s and answers to HEAD. The static files
// are compressed once, when first read (static.go); pages and API answers
// as they are written, with pooled writers at levels that cost little CPU.

const (
	minCompress  = 1024 // smaller bodies are sent as they are
	gzipLevel    = 2    // /piano (168 KB): 1,1 ms, 26 KB; level 5 costs twice as much for 3 KB less
	brotliLevel  = 1    // level 4 costs 4,7 ms on /piano: the page's whole budget
	encodingGzip = "gzip"
	encodingBr   = "br"
)

var (
	gzipPool   = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(io.Discard, gzipLevel); return w }}
	brotliPool = sync.Pool{New: func() any { return brotli.NewWriterLevel(io.Discard, brotliLevel) }}
	// Templates write in small pieces, and brotli's fastest level
	// compresses each write on its own: the pieces are gathered first.
	bufPool = sync.Pool{New: func() any { return bufio.NewWriterSize(io.Discard, 32<<10) }}
)

// negotiateEncoding picks the content coding of Accept-Encoding among br
// and gzip by q-value ("" for none): "br;q=0.5, gzip" is gzip,
// "gzip;q=0, *" is br, "identity" is none.
func negotiateEncoding(header string) string {
	q := map[string]float64{}
	star, hasStar := 0.0, false
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		v := 1.0
		for _, p := range strings.Split(params, ";") {
			k, val, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				f, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
				if err != nil || f < 0 || f > 1 {
					f = 0
				}
				v = f
			}
		}
		switch name {
		case "*":
			star, hasStar = v, true
		case encodingBr, encodingGzip, "x-gzip":
			if name == "x-gzip" {
				name = encodingGzip
			}
			if old, ok := q[name]; !ok || v > old {
				q[name] = v
			}
		}
	}
	weight := func(name string) float64 {
		if v, ok := q[name]; ok {
			return v
		}
		if hasStar {
			return star
		}
		return 0
	}
	br, gz := weight(encodingBr), weight(encodingGzip)
	switch {
	case br > 0 && br >= gz:
		return encodingBr
	case gz > 0:
		return encodingGzip
	}
	return ""
}

// compressible reports whether a content type is text worth compressing.
func compressible(ctype string) bool {
	ctype, _, _ = strings.Cut(ctype, ";")
	ctype = strings.ToLower(strings.TrimSpace(ctype))
	return strings.HasPrefix(ctype, "text/") || strings.Contains(ctype, "javascript") ||
		strings.Contains(ctype, "json") || strings.Contains(ctype, "svg") || strings.HasSuffix(ctype, "+xml") ||
		ctype == "application/xml"
}

// compress is the middleware.
func compress(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept-Encoding")
		enc := negotiateEncoding(r.Header.Get("Accept-Encoding"))
		if enc == "" || r.Method == http.MethodHead || strings.HasPrefix(r.URL.Path, "/static/") {
			// handleStatic sends its files compressed beforehand.
			next.ServeHTTP(w, r)
			return
		}
		cw := &compressWriter{ResponseWriter: w, encoding: enc}
		defer cw.close()
		next.ServeHTTP(cw, r)
	})
}

// compressWriter holds the first minCompress bytes back to decide: a
// smaller body, a status without a body or a type already compressed goes
// as it is.
type compressWriter struct {
	http.ResponseWriter
	encoding string
	status   int
	buf      []byte
	decided  bool
	wc       io.WriteCloser // nil: passing through
	bw       *bufio.Writer  // in front of wc
	reset    func()
}

func (c *compressWriter) WriteHeader(status int) {
	if c.status != 0 {
		return
	}
	if status < 200 { // 1xx informational: pass on, wait for the final one
		c.ResponseWriter.WriteHeader(status)
		return
	}
	c.status = status
	if status == http.StatusNotModified {
		c.tagEncoding()
	}
	if status == http.StatusNoContent || status == http.StatusNotModified {
		c.decide(false)
	}
}

func (c *compressWriter) Write(p []byte) (int, error) {
	if c.status == 0 {
		c.WriteHeader(http.StatusOK)
	}
	if !c.decided {
		h := c.Header()
		if h.Get("Content-Encoding") != "" || !compressible(h.Get("Content-Type")) {
			c.decide(false)
		} else if len(c.buf)+len(p) < minCompress {
			c.buf = append(c.buf, p...)
			return len(p), nil
		} else {
			c.decide(true)
		}
	}
	if c.wc != nil {
		return c.bw.Write(p)
	}
	return c.ResponseWriter.Write(p)
}

// decide sends the header, compressed or not, and what was held back.
func (c *compressWriter) decide(on bool) {
	c.decided = true
	if c.status == 0 {
		c.status = http.StatusOK
	}
	h := c.Header()
	if on {
		h.Del("Content-Length")
		h.Set("Content-Encoding", c.encoding)
		c.tagEncoding()
		switch c.encoding {
		case encodingBr:
			bw := brotliPool.Get().(*brotli.Writer)
			bw.Reset(c.ResponseWriter)
			c.wc, c.reset = bw, func() { bw.Reset(io.Discard); brotliPool.Put(bw) }
		default:
			gw := gzipPool.Get().(*gzip.Writer)
			gw.Reset(c.ResponseWriter)
			c.wc, c.reset = gw, func() { gw.Reset(io.Discard); gzipPool.Put(gw) }
		}
		c.bw = bufPool.Get().(*bufio.Writer)
		c.bw.Reset(c.wc)
	}
	c.ResponseWriter.WriteHeader(c.status)
	if len(c.buf) > 0 {
		if c.wc != nil {
			c.bw.Write(c.buf)
		} else {
			c.ResponseWriter.Write(c.buf)
		}
		c.buf = nil
	}
}

// tagEncoding gives the compressed representation its own strong ETag
// (the tag with "-br" or "-gzip"), the one a 304 repeats; etagMatches
// recognizes it.
func (c *compressWriter) tagEncoding() { tagEncoded(c.Header(), c.encoding) }

func tagEncoded(h http.Header, encoding string) {
	if etag := h.Get("ETag"); strings.HasPrefix(etag, `"`) && !strings.HasSuffix(etag, "-"+encoding+`"`) {
		h.Set("ETag", strings.TrimSuffix(etag, `"`)+"-"+encoding+`"`)
	}
}

// close ends the response: a body held back whole was small, sent as is.
func (c *compressWriter) close() {
	if !c.decided {
		if c.status == 0 && len(c.buf) == 0 {
			return // nothing written: net/http sends its 200
		}
		c.decide(false)
	}
	if c.wc != nil {
		c.bw.Flush()
		c.wc.Close()
		c.bw.Reset(io.Discard)
		bufPool.Put(c.bw)
		c.reset()
		c.wc, c.bw = nil, nil
	}
}

// Flush sends what is compressed so far (a streamed answer).
func (c *compressWriter) Flush() {
	if !c.decided {
		c.decide(c.Header().Get("Content-Encoding") == "" && compressible(c.Header().Get("Content-Type")) && len(c.buf) > 0)
	}
	if c.wc != nil {
		c.bw.Flush()
		if f, ok := c.wc.(interface{ Flush() error }); ok {
			f.Flush()
		}
	}
	http.NewResponseController(c.ResponseWriter).Flush()
}

// Hijack and Unwrap let http.ResponseController reach the connection.
func (c *compressWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return http.NewResponseController(c.ResponseWriter).Hijack()
}

func (c *compressWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }
