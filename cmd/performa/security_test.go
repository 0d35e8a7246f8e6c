package main

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/performa-pa/performa/internal/auth"
	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/seedtest"
	"github.com/performa-pa/performa/internal/store"
	"github.com/performa-pa/performa/internal/store/storetest"
)

// TestSecurityCommands: unlocking a user locked out by failed sign-ins,
// listing and revoking one's API tokens, reading the security events; a
// password reset says it revoked the tokens.
func TestSecurityCommands(t *testing.T) {
	dsn := storetest.DSN(t, "sqlite")
	if code, _, errs := runCmd(t, "import", seedtest.Path(t), "--db", dsn); code != 0 {
		t.Fatalf("import: %s", errs)
	}
	if code, _, errs := runWithStdin(t, "cavallo batteria graffetta\n", "user", "add", "nucleo", "--role", "evaluator",
		"--password-stdin", "--db", dsn); code != 0 {
		t.Fatalf("user add: %s", errs)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	orgs, _ := st.Organizations(ctx)
	org := orgs[0].ID
	server := auth.New(st) // the server, with its own memory
	for range 5 {
		server.SignIn(ctx, org, "nucleo", "sbagliata!", "10.0.0.7", "test")
	}
	if _, _, err := server.SignIn(ctx, org, "nucleo", "cavallo batteria graffetta", "10.0.0.7", "test"); domain.ErrorCode(err) != domain.ETOOMANY {
		t.Fatalf("not locked out: %v", err)
	}
	code, out, errs := runCmd(t, "user", "unlock", "nucleo", "--db", dsn)
	if code != 0 || !strings.Contains(out, "«nucleo» sbloccato") {
		t.Fatalf("user unlock: %d %q %q", code, out, errs)
	}
	if _, _, err := server.SignIn(ctx, org, "nucleo", "cavallo batteria graffetta", "10.0.0.7", "test"); err != nil {
		t.Fatalf("after the unlock: %v", err)
	}
	if code, _, errs := runCmd(t, "user", "unlock", "nessuno", "--db", dsn); code != 2 || !strings.Contains(errs, "non trovato") {
		t.Errorf("unlock of nobody: %d %q", code, errs)
	}

	var tokens []string
	for _, label := range []string{"script notturno", "foglio di calcolo"} {
		_, out, _ := runCmd(t, "token", "create", "nucleo", "--label", label, "--db", dsn)
		tokens = append(tokens, strings.TrimSpace(out))
	}
	code, out, _ = runCmd(t, "token", "list", "nucleo", "--db", dsn)
	if code != 0 || !strings.Contains(out, "script notturno") || !strings.Contains(out, "foglio di calcolo") ||
		!strings.Contains(out, "mai usato") || strings.Contains(out, tokens[0]) {
		t.Fatalf("token list: %d\n%s", code, out)
	}
	id := regexp.MustCompile(`(?m)^\s*(\d+)\s+script notturno`).FindStringSubmatch(out)
	if id == nil {
		t.Fatalf("no id in:\n%s", out)
	}
	if code, out, errs := runCmd(t, "token", "revoke", "nucleo", id[1], "--db", dsn); code != 0 || !strings.Contains(out, "revocato") {
		t.Fatalf("token revoke: %d %q %q", code, out, errs)
	}
	if _, err := server.Token(ctx, tokens[0]); err == nil {
		t.Error("the revoked token still works")
	}
	if _, err := server.Token(ctx, tokens[1]); err != nil {
		t.Errorf("the other token was revoked too: %v", err)
	}
	if code, _, errs := runCmd(t, "token", "revoke", "nucleo", id[1], "--db", dsn); code != 1 || !strings.Contains(errs, "non trovato") {
		t.Errorf("revoking it again: %d %q", code, errs)
	}
	code, out, _ = runWithStdin(t, "un'altra frase lunga\n", "user", "passwd", "nucleo", "--password-stdin", "--db", dsn)
	if code != 0 || !strings.Contains(out, "il suo token API revocato") {
		t.Errorf("user passwd: %d %q", code, out)
	}
	if _, err := server.Token(ctx, tokens[1]); err == nil {
		t.Error("a token survived the password reset")
	}

	code, out, _ = runCmd(t, "audit", "security", "--db", dsn)
	for _, want := range []string{"accesso non riuscito", "blocco degli accessi", "sblocco degli accessi", "accesso", "10.0.0.7", "revoca"} {
		if !strings.Contains(out, want) {
			t.Errorf("audit security lacks %q:\n%s", want, out)
		}
	}
	if code != 0 {
		t.Errorf("audit security: %d", code)
	}
}
