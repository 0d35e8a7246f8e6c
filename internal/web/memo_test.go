package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/performa-pa/performa/internal/store/storetest"
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
		cli := mustOpen(t, f.dsn)
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
