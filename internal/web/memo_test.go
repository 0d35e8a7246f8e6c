package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/store"
	"github.com/performa-pa/performa/internal/store/storetest"
	"github.com/performa-pa/performa/internal/web"
)

// TestOtherProcessShowsAtOnce: the server answers a page's session, ente,
// versions and the like from memory while the ente's generation holds
// (store/memo.go). What another process changes through the store — the
// CLI renaming or disabling a user, revoking a token, editing the plan —
// shows at the very next request, with the same session and pages asked
// just before (kept, then, in every cache).
func TestOtherProcessShowsAtOnce(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		f := newFixture(t, dialect, nil)
		cli := storetest.MustOpenDSN(t, f.dsn)
		cookie, token := f.session(t, manager), f.token(t, manager)
		get := func(path string) response {
			t.Helper()
			f.do(t, "GET", path, cookie, "", nil) // asked twice: the second from the caches
			return f.do(t, "GET", path, cookie, "", nil)
		}

		u := *f.users[manager]
		u.FullName = "Carla Verdi"
		if err := cli.UpdateUser(ctx, &u, "cli"); err != nil {
			t.Fatal(err)
		}
		if r := get("/"); r.status != 200 || !strings.Contains(r.body, "Carla Verdi") {
			t.Errorf("renamed by the CLI: %d, name shown: %t", r.status, strings.Contains(r.body, "Carla Verdi"))
		}

		o := *f.plan.Units[0].Objectives[0]
		o.Title = "Titolo cambiato dalla riga di comando"
		before := get("/piano")
		if _, err := cli.UpdateObjective(ctx, f.org.ID, &o, 1, "cli"); err != nil {
			t.Fatal(err)
		}
		if after := get("/piano"); strings.Contains(before.body, o.Title) || !strings.Contains(after.body, o.Title) {
			t.Errorf("objective edited by the CLI: shown before %t, after %t",
				strings.Contains(before.body, o.Title), strings.Contains(after.body, o.Title))
		}

		api := func() int {
			t.Helper()
			f.do(t, "GET", "/api/v1/plans", "", token, nil)
			return f.do(t, "GET", "/api/v1/plans", "", token, nil).status
		}
		if got := api(); got != 200 {
			t.Fatalf("token: %d", got)
		}
		tokens, err := cli.APITokens(ctx, f.org.ID, u.ID)
		if err != nil || len(tokens) != 1 {
			t.Fatalf("tokens: %v %v", tokens, err)
		}
		if err := cli.DeleteAPIToken(ctx, f.org.ID, tokens[0].ID, "cli"); err != nil {
			t.Fatal(err)
		}
		if got := api(); got != http.StatusUnauthorized {
			t.Errorf("token revoked by the CLI: %d", got)
		}

		u.Disabled = true
		if err := cli.UpdateUser(ctx, &u, "cli"); err != nil {
			t.Fatal(err)
		}
		r := f.do(t, "GET", "/", cookie, "", nil)
		if r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/accedi") {
			t.Errorf("disabled by the CLI: %d %q", r.status, r.header.Get("Location"))
		}
	})
}

// countingStore counts the whole-version reads, each made slow enough for
// requests to meet.
type countingStore struct {
	*store.Store
	plans atomic.Int32
}

func (c *countingStore) Plan(ctx context.Context, orgID, versionID int64) (*domain.Plan, error) {
	c.plans.Add(1)
	time.Sleep(50 * time.Millisecond)
	return c.Store.Plan(ctx, orgID, versionID)
}

// TestVersionReadOnce: requests that miss the same state of a version at
// the same moment (at start, or after every change) wait for one read of
// it, instead of each reading the whole plan.
func TestVersionReadOnce(t *testing.T) {
	f := newFixture(t, store.SQLite, nil)
	cs := &countingStore{Store: f.st}
	srv := web.NewServer(cs, store.SQLite, quietLogger())
	srv.Clock = f.clock.Now
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	cookie := f.session(t, reader)
	const n = 16
	var wg sync.WaitGroup
	codes := make([]int, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("GET", ts.URL+"/piano", nil)
			req.AddCookie(&http.Cookie{Name: "performa_sessione", Value: cookie})
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			codes[i] = resp.StatusCode
		}()
	}
	wg.Wait()
	for i, c := range codes {
		if c != 200 {
			t.Errorf("request %d: %d", i, c)
		}
	}
	if got := cs.plans.Load(); got != 1 {
		t.Errorf("%d requests at once read the version %d times, want 1", n, got)
	}
}

// TestScoresAPIRatings: the scores API's result is kept per version state
// and behaviour ratings; a rating recorded by another process shows in
// the managers' scores at the next call.
func TestScoresAPIRatings(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		f := newFixture(t, dialect, nil)
		cli := storetest.MustOpenDSN(t, f.dsn)
		path := "/api/v1/plans/" + id(f.plan.Version.ID) + "/scores?year=2022"
		behaviour := func() (string, any) {
			t.Helper()
			f.api(t, evaluator, "GET", path, nil) // the second from the caches
			res, doc := f.api(t, evaluator, "GET", path, nil)
			ms, _ := doc["managers"].([]any)
			if res.status != 200 || len(ms) == 0 {
				t.Fatalf("scores: %d %.300s", res.status, res.body)
			}
			m := ms[0].(map[string]any)
			return m["name"].(string), m["behaviour"]
		}
		name, before := behaviour()
		if before != nil {
			t.Fatalf("%s rated before any rating: %v", name, before)
		}
		if err := cli.AddBehaviourRating(context.Background(), f.org.ID, &domain.BehaviourRating{CycleID: f.plan.Cycle.ID,
			Year: 2022, Manager: name, Percent: 75, Reason: "colloquio", RatedBy: "ndv"}); err != nil {
			t.Fatal(err)
		}
		if _, after := behaviour(); after != 75.0 {
			t.Errorf("%s after a rating by another process: %v, want 75", name, after)
		}
	})
}
