package web_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/performa-pa/performa/internal/web"
)

// syncBuffer is a log destination the handler's goroutines may share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestClientGoneIsNoError: a client that disconnects (its request's context
// canceled) is not a fault of the server: it is logged at debug level, not
// as an error that would bury real ones (289 lines in a load test).
func TestClientGoneIsNoError(t *testing.T) {
	f := newFixture(t, "sqlite", nil)
	var logs syncBuffer
	srv := web.NewServer(f.st, "sqlite", slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	cookie := f.session(t, admin)
	for _, path := range []string{"/", "/piano", "/registro", "/api/v1/plans"} {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		req := httptest.NewRequest("GET", path, nil).WithContext(ctx)
		req.AddCookie(&http.Cookie{Name: "performa_sessione", Value: cookie})
		srv.Handler().ServeHTTP(httptest.NewRecorder(), req)
	}
	out := logs.String()
	if strings.Contains(out, "level=ERROR") {
		t.Errorf("a disconnected client was logged as an error:\n%s", out)
	}
	if !strings.Contains(out, "level=DEBUG") || !strings.Contains(out, "context canceled") {
		t.Errorf("a disconnected client left no debug line:\n%s", out)
	}
}
