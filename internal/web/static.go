package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// warmAssets reads and compresses every embedded static file, once per
// process (NewServer starts it in the background), so that no request pays
// for it.
var warmAssets = sync.OnceFunc(func() {
	fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if a := loadAsset(strings.TrimPrefix(p, "static/")); a != nil {
				a.compressed()
			}
		}
		return nil
	})
})

// static holds performa's own CSS and, under vendor/, the files of
// Bootstrap Italia copied from node_modules by scripts/assets.sh (not in
// git). The directory always exists, so the binary builds without them; it
// then serves unstyled pages and serve says what is missing.
//
//go:embed static
var staticFS embed.FS

// VendorAssetsMissing reports whether Bootstrap Italia's files were left out
// of the build (scripts/assets.sh was not run).
func VendorAssetsMissing() bool {
	_, err := fs.Stat(staticFS, "static/"+bootstrapCSS)
	return err != nil
}

const (
	bootstrapCSS = "vendor/bootstrap-italia/css/bootstrap-italia.min.css"
	spritesSVG   = "vendor/bootstrap-italia/svg/sprites.svg"
)

// asset is an embedded file ready to serve: its fingerprint for URLs that
// can be cached forever, and a gzip copy of compressible files.
type asset struct {
	data    []byte
	ctype   string
	version string
	// compressed gives the gzip and brotli copies (nil: not smaller, or
	// not text), made on first use: the fingerprint, which every page
	// needs, never waits for them.
	compressed func() (gz, br []byte)
}

var (
	assetsMu sync.Mutex
	assets   = map[string]*asset{}
)

// loadAsset reads and prepares an embedded file once (name is relative to
// static/).
func loadAsset(name string) *asset {
	assetsMu.Lock()
	defer assetsMu.Unlock()
	if a, ok := assets[name]; ok {
		return a
	}
	data, err := staticFS.ReadFile("static/" + name)
	if err != nil {
		assets[name] = nil
		return nil
	}
	if path.Ext(name) == ".css" {
		data = versionURLs(path.Dir(name), data)
	}
	sum := sha256.Sum256(data)
	a := &asset{data: data, version: hex.EncodeToString(sum[:6])}
	a.ctype = mime.TypeByExtension(path.Ext(name))
	if a.ctype == "" {
		a.ctype = http.DetectContentType(data)
	}
	text := compressible(a.ctype) && len(data) > minCompress
	a.compressed = sync.OnceValues(func() (gz, br []byte) {
		if !text {
			return nil, nil
		}
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		zw.Write(data)
		zw.Close()
		if b.Len() < len(data) {
			gz = b.Bytes()
		}
		// Level 11 takes seconds for Bootstrap Italia's CSS and gains 2%.
		var c bytes.Buffer
		bw := brotli.NewWriterLevel(&c, 9)
		bw.Write(data)
		bw.Close()
		if c.Len() < len(data) {
			br = c.Bytes()
		}
		return gz, br
	})
	assets[name] = a
	return a
}

// cssURL is a relative url("…") in a style sheet.
var cssURL = regexp.MustCompile(`url\("([^"?#:]+)"\)`)

// versionURLs gives the files a style sheet in dir refers to (its fonts)
// their fingerprint, as assetURL does, so they too are cached for a year.
func versionURLs(dir string, css []byte) []byte {
	return cssURL.ReplaceAllFunc(css, func(m []byte) []byte {
		rel := string(cssURL.FindSubmatch(m)[1])
		data, err := staticFS.ReadFile("static/" + path.Join(dir, rel))
		if err != nil {
			return m
		}
		sum := sha256.Sum256(data)
		return []byte(`url("` + rel + "?v=" + hex.EncodeToString(sum[:6]) + `")`)
	})
}

// assetURL is the URL of a static file with its fingerprint: ?v= changes
// when the file does, so browsers may keep it for a year.
func assetURL(name string) string {
	if a := loadAsset(name); a != nil {
		return "/static/" + name + "?v=" + a.version
	}
	return "/static/" + name
}

// handleStatic serves the embedded static files, compressed when the
// browser accepts it.
func (s *Server) handleStatic(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/static/")
	if name == "" || strings.HasSuffix(name, "/") || strings.Contains(name, "..") {
		s.handleNotFound(w, r)
		return
	}
	a := loadAsset(name)
	if a == nil {
		s.handleNotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", a.ctype)
	h.Set("Vary", "Accept-Encoding")
	if v := r.URL.Query().Get("v"); v != "" && v == a.version {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
		h.Set("ETag", `"`+a.version+`"`)
		if r.Header.Get("If-None-Match") == `"`+a.version+`"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	data := a.data
	switch enc := negotiateEncoding(r.Header.Get("Accept-Encoding")); enc {
	case encodingBr, encodingGzip:
		gz, br := a.compressed()
		if enc == encodingBr && br != nil {
			h.Set("Content-Encoding", encodingBr)
			data = br
		} else if gz != nil {
			h.Set("Content-Encoding", encodingGzip)
			data = gz
		}
	}
	h.Set("Content-Length", strconv.Itoa(len(data)))
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}
