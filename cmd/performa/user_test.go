package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/performa-pa/performa/internal/auth"
	"github.com/performa-pa/performa/internal/seedtest"
	"github.com/performa-pa/performa/internal/store"
	"github.com/performa-pa/performa/internal/store/storetest"
)

// runWithStdin runs performa in-process with stdin.
func runWithStdin(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, getenv: func(string) string { return "" },
		user: func() string { return testOSUser }}
	code := run(context.Background(), e, args)
	return code, out.String(), errb.String()
}

var oneTimeRE = regexp.MustCompile(`Password monouso: (\S+)`)

func TestUserCommands(t *testing.T) {
	dsn := storetest.DSN(t, "sqlite")
	if code, _, errs := runCmd(t, "user", "list", "--db", dsn); code != 2 || !strings.Contains(errs, "archivio è vuoto") {
		t.Errorf("user list on an empty store: %d %s", code, errs)
	}
	if code, _, errs := runCmd(t, "import", seedtest.Path(t), "--db", dsn); code != 0 {
		t.Fatalf("import: %s", errs)
	}

	code, out, errs := runCmd(t, "user", "add", "m.rossi", "--role", "manager", "--unit", "Area Finanziaria",
		"--unit", "Area Tecnica", "--full-name", "Mario Rossi", "--db", dsn)
	pw := oneTimeRE.FindStringSubmatch(out)
	if code != 0 || pw == nil || !strings.Contains(out, "responsabile di area: Area Finanziaria, Area Tecnica") {
		t.Fatalf("user add: %d %q %q", code, out, errs)
	}
	code, out, errs = runWithStdin(t, "una frase segreta\n", "user", "add", "nucleo", "--role", "evaluator", "--password-stdin", "--db", dsn)
	if code != 0 || strings.Contains(out, "monouso") {
		t.Fatalf("user add --password-stdin: %d %q %q", code, out, errs)
	}
	for _, bad := range [][]string{
		{"user", "add", "x"},                               // no role
		{"user", "add", "x", "--role", "capo"},             // unknown role
		{"user", "add", "x", "--role", "manager"},          // no unit
		{"user", "add", "nucleo", "--role", "reader"},      // taken
		{"user", "add", "Mario Rossi", "--role", "reader"}, // bad name
		{"user", "add", "x", "--role", "reader", "--organization", "Comune di Nessuno"},
		{"user", "boh"},
	} {
		if code, _, errs := runCmd(t, append(bad, "--db", dsn)...); code != 2 || errs == "" {
			t.Errorf("%q: exit %d, stderr %q", bad, code, errs)
		}
	}
	if code, _, errs := runWithStdin(t, "corta\n", "user", "add", "y", "--role", "reader", "--password-stdin", "--db", dsn); code != 2 || !strings.Contains(errs, "almeno 10") {
		t.Errorf("short password: %d %q", code, errs)
	}

	code, out, _ = runCmd(t, "user", "list", "--db", dsn)
	if code != 0 || !strings.Contains(out, "Utenti dell'ente «Comune di Montepulciano»: 2") ||
		!regexp.MustCompile(`m\.rossi\s+Mario Rossi\s+responsabile di area\s+Area Finanziaria, Area Tecnica\s+password monouso da cambiare`).MatchString(out) ||
		!regexp.MustCompile(`nucleo\s+valutatore \(NdV/OIV\)\s+attivo`).MatchString(out) {
		t.Errorf("user list: %d\n%s", code, out)
	}

	ctx := context.Background()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	orgs, _ := st.Organizations(ctx)
	svc := auth.New(st)
	if _, _, err := svc.SignIn(ctx, orgs[0].ID, "m.rossi", pw[1], "127.0.0.1", "test"); err != nil {
		t.Errorf("the printed one-time password does not work: %v", err)
	}
	if _, _, err := svc.SignIn(ctx, orgs[0].ID, "nucleo", "una frase segreta", "127.0.0.1", "test"); err != nil {
		t.Errorf("the password from stdin does not work: %v", err)
	}

	code, out, _ = runWithStdin(t, "un'altra frase segreta\n", "user", "passwd", "nucleo", "--password-stdin", "--db", dsn)
	if code != 0 || !strings.Contains(out, "reimpostata") {
		t.Errorf("user passwd: %d %q", code, out)
	}
	if _, _, err := svc.SignIn(ctx, orgs[0].ID, "nucleo", "un'altra frase segreta", "127.0.0.1", "test"); err != nil {
		t.Errorf("new password: %v", err)
	}
	code, out, _ = runCmd(t, "user", "passwd", "m.rossi", "--db", dsn)
	if code != 0 || oneTimeRE.FindStringSubmatch(out) == nil {
		t.Errorf("user passwd (one-time): %d %q", code, out)
	}
	if code, _, errs := runCmd(t, "user", "passwd", "nessuno", "--db", dsn); code != 2 || !strings.Contains(errs, "non trovato") {
		t.Errorf("user passwd of nobody: %d %q", code, errs)
	}

	code, out, errs = runCmd(t, "token", "create", "nucleo", "--label", "script", "--db", dsn)
	token := strings.TrimSpace(out)
	if code != 0 || !strings.HasPrefix(token, "pfm_") || !strings.Contains(errs, "non sarà più mostrato") {
		t.Fatalf("token create: %d %q %q", code, out, errs)
	}
	if p, err := svc.Token(ctx, token); err != nil || p.User.Name != "nucleo" {
		t.Errorf("the printed token does not work: %v", err)
	}
	if code, _, _ := runCmd(t, "token", "create", "nessuno", "--db", dsn); code != 2 {
		t.Errorf("token for nobody: %d", code)
	}
	if code, _, _ := runCmd(t, "token"); code != 2 {
		t.Errorf("token without subcommand: %d", code)
	}
}
