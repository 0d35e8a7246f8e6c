package web_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/performa-pa/performa/internal/ingest"
	"github.com/performa-pa/performa/internal/seedtest"
	"github.com/performa-pa/performa/internal/store/storetest"
	"github.com/performa-pa/performa/internal/web"
)

func get(t *testing.T, ts *httptest.Server, path string) (int, http.Header, string) {
	t.Helper()
	resp, err := http.Get(ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(body)
}

func TestServer(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		st := storetest.MustOpen(t, dialect)
		srv := web.NewServer(st, dialect, slog.New(slog.NewTextHandler(io.Discard, nil)))
		ts := httptest.NewServer(srv.Handler())
		defer ts.Close()

		code, _, body := get(t, ts, "/")
		if code != http.StatusOK || !strings.Contains(body, "Nessun piano salvato") {
			t.Fatalf("empty store: %d %.300s", code, body)
		}

		plan, err := ingest.Parse(seedtest.File, seedtest.Bytes(t), ingest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.ImportPlan(context.Background(), plan, "test"); err != nil {
			t.Fatal(err)
		}
		code, hdr, body := get(t, ts, "/")
		if code != http.StatusOK || hdr.Get("Content-Type") != "text/html; charset=utf-8" {
			t.Fatalf("plans page: %d %s", code, hdr.Get("Content-Type"))
		}
		for _, want := range []string{`<html lang="it">`, "Comune di Montepulciano", "2022–2024", "bozza",
			"<td class=\"num\">124</td>", seedtest.File} {
			if !strings.Contains(body, want) {
				t.Errorf("plans page lacks %q", want)
			}
		}
		if hdr.Get("X-Content-Type-Options") != "nosniff" || hdr.Get("Content-Security-Policy") == "" {
			t.Errorf("security headers missing: %v", hdr)
		}

		code, _, body = get(t, ts, "/healthz")
		var health map[string]string
		if code != http.StatusOK || json.Unmarshal([]byte(body), &health) != nil || health["status"] != "ok" || health["db"] != dialect {
			t.Errorf("healthz: %d %s", code, body)
		}
		if code, _, _ := get(t, ts, "/nonesiste"); code != http.StatusNotFound {
			t.Errorf("unknown path: %d, want 404", code)
		}
		resp, err := http.Post(ts.URL+"/", "text/plain", nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("POST /: %d, want 405", resp.StatusCode)
		}
	})
}

// A store that stops answering makes /healthz say so.
func TestHealthStoreDown(t *testing.T) {
	st := storetest.MustOpen(t, "sqlite")
	srv := web.NewServer(st, "sqlite", slog.New(slog.NewTextHandler(io.Discard, nil)))
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	st.Close()
	if code, _, body := get(t, ts, "/healthz"); code != http.StatusServiceUnavailable || !strings.Contains(body, `"error"`) {
		t.Errorf("healthz with the store closed: %d %s", code, body)
	}
}
