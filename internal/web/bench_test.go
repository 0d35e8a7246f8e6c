package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/domain"
)

// workedSeed is the seed plan with a year of monitoring: every indicator
// measured at three checkpoints of 2022, a validation per unit.
func workedSeed(tb testing.TB) *fixture {
	f := seedFixtureB(tb)
	ctx := context.Background()
	var ms []*domain.Measurement
	for _, u := range f.plan.Units {
		for i, o := range u.Objectives {
			for _, in := range o.Indicators {
				for k, day := range []int{181, 273, 365} {
					v := float64(i + k)
					ms = append(ms, &domain.Measurement{IndicatorID: in.ID, Number: &v, RecordedBy: manager,
						Date: time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, day-1)})
				}
			}
		}
	}
	if err := f.st.AddMeasurements(ctx, f.org.ID, ms); err != nil {
		tb.Fatal(err)
	}
	for _, u := range f.plan.Units {
		if len(u.Objectives) > 0 {
			v := &domain.Validation{ObjectiveID: u.Objectives[0].ID, Year: 2022, Percent: 80, Reason: "verificato", ValidatedBy: evaluator}
			if err := f.st.AddValidations(ctx, f.org.ID, []*domain.Validation{v}); err != nil {
				tb.Fatal(err)
			}
		}
	}
	return f
}

// benchmarkPage measures a page for the seed plan as the server makes it:
// session lookup, the plan and its monitoring loaded, scores computed, the
// page rendered (no network).
func benchmarkPage(b *testing.B, who, path string) {
	benchmarkPageOf(b, who, func(*fixture) string { return path })
}

// benchmarkPageOf is benchmarkPage for a path that depends on the fixture.
func benchmarkPageOf(b *testing.B, who string, pathOf func(*fixture) string) {
	benchmarkPageAs(b, who, pathOf, "")
}

// benchmarkPageAs is benchmarkPageOf with an Accept-Encoding header.
func benchmarkPageAs(b *testing.B, who string, pathOf func(*fixture) string, accept string) {
	f := workedSeed(b)
	path := pathOf(f)
	h := f.srv.Handler()
	cookie := f.session(b, who)
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest("GET", path, nil)
		req.AddCookie(&http.Cookie{Name: "performa_sessione", Value: cookie})
		if accept != "" {
			req.Header.Set("Accept-Encoding", accept)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatalf("status %d", w.Code)
		}
	}
}

// BenchmarkDashboard: the cruscotto, with the trend over three dates.
func BenchmarkDashboard(b *testing.B) { benchmarkPage(b, admin, "/") }

// BenchmarkDashboardCold: the cruscotto with nothing cached, as after a
// change: the version read again, the scores computed again.
func BenchmarkDashboardCold(b *testing.B) {
	f := workedSeed(b)
	h := f.srv.Handler()
	cookie := f.session(b, admin)
	b.ReportAllocs()
	for b.Loop() {
		f.srv.DropCaches()
		req := httptest.NewRequest("GET", "/", nil)
		req.AddCookie(&http.Cookie{Name: "performa_sessione", Value: cookie})
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatalf("status %d", w.Code)
		}
	}
}

// BenchmarkPlan: the whole plan, 124 objectives.
func BenchmarkPlan(b *testing.B) { benchmarkPage(b, reader, "/piano") }

// browserEncodings is what browsers send, and scripts/load.sh.
const browserEncodings = "gzip, deflate, br"

// BenchmarkPlanBrowser and BenchmarkDashboardBrowser: the pages as a
// browser asks for them, compressed.
func BenchmarkPlanBrowser(b *testing.B) {
	benchmarkPageAs(b, reader, func(*fixture) string { return "/piano" }, browserEncodings)
}

func BenchmarkDashboardBrowser(b *testing.B) {
	benchmarkPageAs(b, admin, func(*fixture) string { return "/" }, browserEncodings)
}

// BenchmarkValidationUnit: the Nucleo's page of the largest unit (48
// objectives), with every measurement of the year beside its figure.
func BenchmarkValidationUnit(b *testing.B) {
	benchmarkPageOf(b, evaluator, func(f *fixture) string {
		return "/validazione/unita/" + strconv.FormatInt(f.unit(b, "AREA LL.PP. -PATRIMONIO").ID, 10) + "?anno=2022"
	})
}

// BenchmarkValidation: the Nucleo's overview with what the sign-off still needs.
func BenchmarkValidation(b *testing.B) { benchmarkPage(b, evaluator, "/validazione?anno=2022") }

// BenchmarkPlanRender: the whole plan rendered afresh each time (a query
// never seen, so that the rendered-content cache misses), the version
// cached.
func BenchmarkPlanRender(b *testing.B) {
	f := workedSeed(b)
	h := f.srv.Handler()
	cookie := f.session(b, reader)
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		n++
		req := httptest.NewRequest("GET", "/piano?n="+strconv.Itoa(n), nil)
		req.AddCookie(&http.Cookie{Name: "performa_sessione", Value: cookie})
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatalf("status %d", w.Code)
		}
	}
}

// BenchmarkPlanCold: the whole plan with nothing cached, as after a change.
func BenchmarkPlanCold(b *testing.B) {
	f := workedSeed(b)
	h := f.srv.Handler()
	cookie := f.session(b, reader)
	b.ReportAllocs()
	for b.Loop() {
		f.srv.DropCaches()
		req := httptest.NewRequest("GET", "/piano", nil)
		req.AddCookie(&http.Cookie{Name: "performa_sessione", Value: cookie})
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatalf("status %d", w.Code)
		}
	}
}

// BenchmarkPlanSearch: the plan searched and filtered.
func BenchmarkPlanSearch(b *testing.B) { benchmarkPage(b, reader, "/piano?q=corruzione&stato=critico") }

// TestLoad runs a bounded load on the cruscotto (or the page in
// PERFORMA_LOAD_PATH) over loopback, for the seed with a year of
// monitoring: PERFORMA_LOAD=5s go test ./internal/web -run TestLoad -v. It reports
// requests per second and latency percentiles; without the variable it is
// skipped.
func TestLoad(t *testing.T) {
	d, err := time.ParseDuration(os.Getenv("PERFORMA_LOAD"))
	if err != nil || d <= 0 {
		t.Skip("set PERFORMA_LOAD to a duration (e.g. 5s) to run the load test")
	}
	d = min(d, time.Minute)
	f := workedSeed(t)
	cookie := f.session(t, admin)
	path := os.Getenv("PERFORMA_LOAD_PATH")
	if path == "" {
		path = "/"
	}
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
				req, _ := http.NewRequest("GET", f.ts.URL+path, nil)
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
	t.Logf("%s, %d connections, %v: %d requests, %.0f req/s, p50 %v, p90 %v, p99 %v, max %v, %d failed",
		path, workers, elapsed.Round(time.Millisecond), len(latencies), float64(len(latencies))/elapsed.Seconds(),
		pct(0.50), pct(0.90), pct(0.99), pct(1), failures)
	if failures > 0 {
		t.Errorf("%d requests failed", failures)
	}
}

// BenchmarkAPIPlan: the seed plan whole as JSON, through the version cache.
func BenchmarkAPIPlan(b *testing.B) {
	benchmarkPageOf(b, reader, func(f *fixture) string { return "/api/v1/plans/" + strconv.FormatInt(f.plan.Version.ID, 10) })
}

// BenchmarkAPIScores: the year's scores of the seed plan as JSON, as an
// administrator gets them (the managers' scores included).
func BenchmarkAPIScores(b *testing.B) {
	benchmarkPageOf(b, admin, func(f *fixture) string {
		return "/api/v1/plans/" + strconv.FormatInt(f.plan.Version.ID, 10) + "/scores?year=2022"
	})
}
