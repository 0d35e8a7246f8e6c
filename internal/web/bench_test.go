package web_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"
)

// BenchmarkDashboard measures the cruscotto for the seed plan as the
// server makes it: session lookup, the organization's plans, the page
// rendered (no network).
func BenchmarkDashboard(b *testing.B) {
	f := seedFixtureB(b)
	h := f.srv.Handler()
	cookie := f.session(b, admin)
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest("GET", "/", nil)
		req.AddCookie(&http.Cookie{Name: "performa_sessione", Value: cookie})
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatalf("status %d", w.Code)
		}
	}
}

// TestLoad runs a bounded load on the cruscotto over loopback:
// PERFORMA_LOAD=5s go test ./internal/web -run TestLoad -v. It reports
// requests per second and latency percentiles; without the variable it is
// skipped.
func TestLoad(t *testing.T) {
	d, err := time.ParseDuration(os.Getenv("PERFORMA_LOAD"))
	if err != nil || d <= 0 {
		t.Skip("set PERFORMA_LOAD to a duration (e.g. 5s) to run the load test")
	}
	d = min(d, time.Minute)
	f := seedFixtureB(t)
	cookie := f.session(t, admin)
	workers := 16
	if s := os.Getenv("PERFORMA_LOAD_WORKERS"); s != "" {
		workers, _ = strconv.Atoi(s)
	}
	tr := &http.Transport{MaxIdleConnsPerHost: workers, MaxConnsPerHost: workers}
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	defer tr.CloseIdleConnections()
	var (
		mu        sync.Mutex
		latencies []time.Duration
		failures  int
		wg        sync.WaitGroup
	)
	deadline := time.Now().Add(d)
	start := time.Now()
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			bad := 0
			for time.Now().Before(deadline) {
				req, _ := http.NewRequest("GET", f.ts.URL+"/", nil)
				req.AddCookie(&http.Cookie{Name: "performa_sessione", Value: cookie})
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					bad++
					continue
				}
				_, _ = drain(resp)
				if resp.StatusCode != 200 {
					bad++
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			latencies = append(latencies, mine...)
			failures += bad
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(latencies)
	pct := func(p float64) time.Duration {
		if len(latencies) == 0 {
			return 0
		}
		return latencies[min(len(latencies)-1, int(float64(len(latencies))*p))]
	}
	t.Logf("cruscotto, %d connections, %v: %d requests, %.0f req/s, p50 %v, p90 %v, p99 %v, max %v, %d failed",
		workers, elapsed.Round(time.Millisecond), len(latencies), float64(len(latencies))/elapsed.Seconds(),
		pct(0.50), pct(0.90), pct(0.99), pct(1), failures)
	if failures > 0 {
		t.Errorf("%d requests failed", failures)
	}
}
