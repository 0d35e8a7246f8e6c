package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// TestUnlockFromUserPage: a user locked out by failed sign-ins shows as
// such on its administration page, and the administrator unlocks it.
func TestUnlockFromUserPage(t *testing.T) {
	f := newFixture(t, "sqlite", nil)
	form := func(pw string) url.Values {
		return url.Values{"ente": {strconv.FormatInt(f.org.ID, 10)}, "nome": {f.target.Name}, "password": {pw}}
	}
	for range 5 {
		f.do(t, "POST", "/accedi", "", "", form("sbagliata!"))
	}
	if res := f.do(t, "POST", "/accedi", "", "", form("chiave di prova 2023")); res.status != http.StatusTooManyRequests {
		t.Fatalf("not locked out: %d", res.status)
	}
	page := "/amministrazione/utenti/" + id(f.target.ID)
	has(t, "user page", f.page(t, admin, page), `id="accessi-bloccati"`, "Sblocca gli accessi")
	res := f.post(t, admin, page+"/sblocca", nil)
	if res.status != http.StatusSeeOther {
		t.Fatalf("unlock: %d", res.status)
	}
	has(t, "after the unlock", f.page(t, admin, res.header.Get("Location")), "Accessi sbloccati")
	if res := f.do(t, "POST", "/accedi", "", "", form("chiave di prova 2023")); res.status != http.StatusSeeOther {
		t.Fatalf("after the unlock: %d", res.status)
	}
}

// TestOwnTokens: a user lists and revokes their own API tokens, and only
// theirs; a password change says how many tokens it revoked.
func TestOwnTokens(t *testing.T) {
	f := newFixture(t, "sqlite", nil)
	ctx := context.Background()
	mine := f.token(t, manager)
	other := f.token(t, reader)
	res := f.page(t, manager, "/profilo/token")
	has(t, "tokens page", res, `id="token-api"`, "test", "Revoca")
	ts, _ := f.st.APITokens(ctx, f.org.ID, f.users[manager].ID)
	theirs, _ := f.st.APITokens(ctx, f.org.ID, f.users[reader].ID)
	if len(ts) != 1 || len(theirs) != 1 {
		t.Fatalf("tokens: %d, %d", len(ts), len(theirs))
	}
	if res := f.post(t, manager, "/profilo/token/"+id(theirs[0].ID)+"/revoca", nil); res.status != http.StatusNotFound {
		t.Errorf("revoking another user's token: %d", res.status)
	}
	if _, err := f.srv.Auth.Token(ctx, other); err != nil {
		t.Errorf("another user's token was revoked: %v", err)
	}
	res = f.post(t, manager, "/profilo/token/"+id(ts[0].ID)+"/revoca", nil)
	if res.status != http.StatusSeeOther {
		t.Fatalf("revoke: %d", res.status)
	}
	has(t, "after revoking", f.page(t, manager, res.header.Get("Location")), "Token revocato")
	if _, err := f.srv.Auth.Token(ctx, mine); err == nil {
		t.Error("the revoked token still works")
	}

	f.token(t, manager)
	cookie := f.session(t, manager)
	res = f.do(t, "POST", "/profilo/password", cookie, "", url.Values{"attuale": {password(manager)},
		"nuova": {"una frase nuova e lunga"}, "conferma": {"una frase nuova e lunga"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("password change: %d %.300s", res.status, res.body)
	}
	loc := res.header.Get("Location")
	next := strings.TrimPrefix(strings.Split(res.header.Get("Set-Cookie"), ";")[0], "performa_sessione=")
	res = f.do(t, "GET", loc, next, "", nil)
	if !strings.Contains(res.body, "Password cambiata") || !strings.Contains(res.body, "1 token API revocato") {
		t.Errorf("after the password change: %s %.500s", loc, res.body)
	}
}

// TestChangePasswordThrottledInBrowser: wrong current passwords are
// throttled like sign-ins.
func TestChangePasswordThrottledInBrowser(t *testing.T) {
	f := newFixture(t, "sqlite", nil)
	cookie := f.session(t, reader)
	try := func(current string) int {
		return f.do(t, "POST", "/profilo/password", cookie, "", url.Values{"attuale": {current},
			"nuova": {"una frase nuova e lunga"}, "conferma": {"una frase nuova e lunga"}}).status
	}
	for i := range 5 {
		if st := try("sbagliata!"); st != http.StatusBadRequest {
			t.Fatalf("try %d: %d", i+1, st)
		}
	}
	if st := try(password(reader)); st != http.StatusTooManyRequests {
		t.Errorf("after 5 wrong tries: %d", st)
	}
}
