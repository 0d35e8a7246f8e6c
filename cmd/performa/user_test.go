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

	// A unit is one of the plan's: named in full or by a unique part,
	// said back.
	code, out, errs := runCmd(t, "user", "add", "m.rossi", "--role", "manager", "--unit", "Area Finanziaria",
		"--unit", "polizia", "--full-name", "Mario Rossi", "--db", dsn)
	pw := oneTimeRE.FindStringSubmatch(out)
	if code != 0 || pw == nil || !strings.Contains(out, "Unità «polizia»: trovata «Area Polizia Municipale».") ||
		!strings.Contains(out, "responsabile di area: Area Finanziaria, Area Polizia Municipale") {
		t.Fatalf("user add: %d %q %q", code, out, errs)
	}
	// Ambiguous or unknown, refused with the list, and nothing stored.
	for unit, want := range map[string]string{
		"Area":        "«Area» è parte del nome di più unità del piano («Area Finanziaria», «Area Amministrativa», «Area – arch. Bertone», «Area – Massimo Duchini», «AREA LL.PP. -PATRIMONIO», «Area Polizia Municipale»): precisa quale.",
		"Inesistente": "Nessuna unità del piano si chiama «Inesistente». Le unità del piano sono: «Performance organizzativa dell'ente», «Segreteria generale», «Area Finanziaria»,",
	} {
		code, out, errs := runCmd(t, "user", "add", "x.bianchi", "--role", "manager", "--unit", unit, "--db", dsn)
		if code != 1 || !strings.Contains(errs, want) || out != "" {
			t.Errorf("user add --unit %s: %d %q %q", unit, code, out, errs)
		}
	}
	code, out, errs = runWithStdin(t, "una frase segreta\n", "user", "add", "nucleo", "--role", "evaluator", "--password-stdin", "--db", dsn)
	if code != 0 || strings.Contains(out, "monouso") {
		t.Fatalf("user add --password-stdin: %d %q %q", code, out, errs)
	}
	for _, bad := range []struct {
		args []string
		code int
	}{
		{[]string{"user", "add", "x"}, 2},                               // no role
		{[]string{"user", "add", "x", "--role", "capo"}, 2},             // unknown role
		{[]string{"user", "add", "x", "--role", "manager"}, 2},          // no unit
		{[]string{"user", "add", "nucleo", "--role", "reader"}, 1},      // taken
		{[]string{"user", "add", "Mario Rossi", "--role", "reader"}, 2}, // bad name
		{[]string{"user", "add", "x", "--role", "reader", "--organization", "Comune di Nessuno"}, 2},
		{[]string{"user", "boh"}, 2},
		{[]string{"user", "edit", "m.rossi"}, 2},                     // nothing to change
		{[]string{"user", "edit", "nessuno", "--role", "reader"}, 1}, // no such user
	} {
		if code, _, errs := runCmd(t, append(bad.args, "--db", dsn)...); code != bad.code || errs == "" {
			t.Errorf("%q: exit %d, stderr %q", bad.args, code, errs)
		}
	}
	if code, _, errs := runWithStdin(t, "corta\n", "user", "add", "y", "--role", "reader", "--password-stdin", "--db", dsn); code != 2 || !strings.Contains(errs, "almeno 10") {
		t.Errorf("short password: %d %q", code, errs)
	}

	code, out, _ = runCmd(t, "user", "list", "--db", dsn)
	if code != 0 || !strings.Contains(out, "Utenti dell'ente «Comune di Montepulciano»: 2") ||
		!regexp.MustCompile(`m\.rossi\s+Mario Rossi\s+responsabile di area\s+Area Finanziaria, Area Polizia Municipale\s+password monouso da cambiare`).MatchString(out) ||
		!regexp.MustCompile(`nucleo\s+Nucleo di Valutazione / OIV\s+attivo`).MatchString(out) {
		t.Errorf("user list: %d\n%s", code, out)
	}

	// user edit: units replaced (by a part of a name, said back; an
	// ambiguous one refused and nothing changed), full name, role.
	if code, out, errs := runCmd(t, "user", "edit", "m.rossi", "--unit", "Duchini", "--unit", "Area Finanziaria", "--db", dsn); code != 0 ||
		!strings.Contains(out, "Unità «Duchini»: trovata «Area – Massimo Duchini».") ||
		!strings.Contains(out, "Utente «m.rossi» modificato: responsabile di area: Area Finanziaria, Area – Massimo Duchini.") {
		t.Errorf("user edit --unit: %d %q %q", code, out, errs)
	}
	if code, _, errs := runCmd(t, "user", "edit", "m.rossi", "--unit", "area", "--db", dsn); code != 1 || !strings.Contains(errs, "più unità del piano") {
		t.Errorf("user edit --unit area: %d %q", code, errs)
	}
	if code, out, _ := runCmd(t, "user", "edit", "m.rossi", "--full-name", "Mario Rossi Bianchi", "--db", dsn); code != 0 ||
		!strings.Contains(out, "Area Finanziaria, Area – Massimo Duchini") {
		t.Errorf("user edit --full-name: %d %q", code, out)
	}
	if code, _, errs := runCmd(t, "user", "edit", "nucleo", "--unit", "Finanziaria", "--db", dsn); code != 2 || !strings.Contains(errs, "Solo un responsabile") {
		t.Errorf("units for an evaluator: %d %q", code, errs)
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
