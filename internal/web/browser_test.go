package web_test

// Tests in a real headless Chromium (Debian's chromium) through chromedp,
// with axe-core (npm) checking accessibility on every page. One browser
// serves the whole package; each test has its own tab.
//
// Without Chromium these tests skip, except when CI=true: there they fail,
// because CI must run them (scripts/test.sh installs chromium).

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/ingest"
	"github.com/performa-pa/performa/internal/seedtest"
)

var (
	browserOnce    sync.Once
	browserCtx     context.Context
	browserCancels []context.CancelFunc
	browserDir     string
	browserMissing string // why there is no browser
)

func TestMain(m *testing.M) {
	code := m.Run()
	for i := len(browserCancels) - 1; i >= 0; i-- {
		browserCancels[i]()
	}
	if browserDir != "" {
		os.RemoveAll(browserDir)
	}
	os.Exit(code)
}

// chromiumPath finds the browser: $PERFORMA_CHROMIUM, else Debian's.
func chromiumPath() (string, error) {
	if p := os.Getenv("PERFORMA_CHROMIUM"); p != "" {
		return p, nil
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("chromium not found (apt-get install chromium, or set PERFORMA_CHROMIUM)")
}

// needBrowser skips the test without a browser, or fails it when CI=true.
func needBrowser(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatal(why + " (CI=true: browser tests must run)")
	}
	t.Skip(why)
}

// tab opens a new tab of the shared browser, started on first use.
func tab(t *testing.T) context.Context {
	t.Helper()
	browserOnce.Do(func() {
		path, err := chromiumPath()
		if err != nil {
			browserMissing = err.Error()
			return
		}
		browserDir, err = os.MkdirTemp("", "performa-chromium-")
		if err != nil {
			browserMissing = err.Error()
			return
		}
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(path),
			chromedp.Headless,
			chromedp.NoSandbox, // CI runs as root
			chromedp.DisableGPU,
			chromedp.Flag("disable-dev-shm-usage", true),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.UserDataDir(browserDir),
			chromedp.WindowSize(1280, 1000),
		)
		alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancel := chromedp.NewContext(alloc)
		browserCancels = append(browserCancels, cancelAlloc, cancel)
		if err := chromedp.Do(ctx); err != nil {
			browserMissing = "chromium does not start: " + err.Error()
			return
		}
		browserCtx = ctx
	})
	if browserCtx == nil {
		needBrowser(t, browserMissing)
	}
	ctx, cancel := chromedp.NewContext(browserCtx)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("new tab: %v", err)
	}
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancelTimeout)
	return ctx
}

var (
	axeOnce   sync.Once
	axeSource string
	axeErr    error
)

// axeCheck runs axe-core on the page shown and fails the test on any
// serious or critical violation of WCAG 2.1 A/AA.
func axeCheck(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	axeOnce.Do(func() {
		var b []byte
		b, axeErr = os.ReadFile(filepath.Join("..", "..", "node_modules", "axe-core", "axe.min.js"))
		axeSource = string(b)
	})
	if axeErr != nil {
		needBrowser(t, "axe-core missing: run scripts/assets.sh (npm ci): "+axeErr.Error())
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](axeSource+";undefined", chromedp.EvalIgnoreExceptions)); err != nil {
		t.Fatalf("%s: inject axe: %v", what, err)
	}
	const run = `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
		.then(r => r.violations
			.filter(v => v.impact === 'serious' || v.impact === 'critical')
			.map(v => v.impact + ' ' + v.id + ': ' + v.help + ' [' + v.nodes.slice(0, 5).map(n => n.target.join(' ')).join(', ') + ']'))`
	violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](run, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: axe: %v", what, err)
	}
	for _, v := range violations {
		t.Errorf("%s: accessibility: %s", what, v)
	}
}

// seedFixture is a server holding the seed plan.
func seedFixture(t *testing.T) *fixture { return seedFixtureB(t) }

func seedFixtureB(t testing.TB) *fixture {
	t.Helper()
	plan, err := ingest.Parse(seedtest.File, seedtest.Bytes(t), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return newFixture(t, "sqlite", plan)
}

// signIn fills the sign-in form with the keyboard alone and submits it
// with Enter.
func signIn(t *testing.T, ctx context.Context, f *fixture, name, pw string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(f.ts.URL+"/accedi"),
		chromedp.SendKeys(chromedp.ID("nome"), name),
		chromedp.SendKeys(chromedp.ID("password"), pw+"\r"),
	)
	if err != nil {
		t.Fatalf("sign in as %s: %v", name, err)
	}
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

func location(t *testing.T, ctx context.Context) string {
	t.Helper()
	l, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestBrowserAdmin(t *testing.T) {
	ctx := tab(t)
	f := seedFixture(t)

	// Nobody signed in: the cruscotto sends to the sign-in page.
	if err := chromedp.Do(ctx, chromedp.Navigate(f.ts.URL+"/")); err != nil {
		t.Fatal(err)
	}
	if l := location(t, ctx); !strings.Contains(l, "/accedi?dopo=%2F") {
		t.Fatalf("location %s", l)
	}
	axeCheck(t, ctx, "sign-in page")

	// The first focusable element is the skip link.
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\t")); err != nil {
		t.Fatal(err)
	}
	focused, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.textContent.trim()`))
	if err != nil || focused != "Vai al contenuto principale" {
		t.Errorf("first Tab focuses %q (%v), want the skip link", focused, err)
	}

	signIn(t, ctx, f, "admin", password(admin))
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID("tabella-piani"))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "#tabella-piani"); !strings.Contains(got, "2022–2024") || !strings.Contains(got, "bozza") {
		t.Errorf("plans: %q", got)
	}
	if got := text(t, ctx, "#ente"); got != orgName {
		t.Errorf("header: %q", got)
	}
	if got := text(t, ctx, "nav[aria-label='Menu principale']"); !strings.Contains(got, "Amministrazione") || !strings.Contains(got, "Validazione") {
		t.Errorf("admin's menu: %q", got)
	}
	axeCheck(t, ctx, "cruscotto")

	var unitID int64
	for _, u := range f.plan.Units {
		if u.Kind == domain.UnitArea {
			unitID = u.ID
			break
		}
	}
	for _, path := range []string{
		"/piano", "/monitoraggio", "/monitoraggio/unita/" + strconv.FormatInt(unitID, 10), "/validazione",
		"/importa", "/amministrazione/utenti", "/amministrazione/utenti/" + strconv.FormatInt(f.users[manager].ID, 10),
		"/profilo/password", "/nonesiste",
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(f.ts.URL+path)); err != nil {
			t.Fatal(err)
		}
		axeCheck(t, ctx, path)
	}

	// Sign out with the keyboard: focus the button, press Enter.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(f.ts.URL+"/"),
		chromedp.Focus(chromedp.ID("esci")),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.ID("accedi")),
	); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "main"); !strings.Contains(got, "Sei uscito da performa.") {
		t.Errorf("after signing out: %q", got)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(f.ts.URL+"/")); err != nil {
		t.Fatal(err)
	}
	if l := location(t, ctx); !strings.Contains(l, "/accedi") {
		t.Errorf("signed out, / shows %s", l)
	}
}

func TestBrowserReaderRefused(t *testing.T) {
	ctx := tab(t)
	f := seedFixture(t)
	signIn(t, ctx, f, "lettore", password(reader))
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID("tabella-piani"))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "nav[aria-label='Menu principale']"); strings.Contains(got, "Amministrazione") || !strings.Contains(got, "Piano") {
		t.Errorf("reader's menu: %q", got)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(f.ts.URL+"/amministrazione/utenti")); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "main"); !strings.Contains(got, "Accesso non consentito") || !strings.Contains(got, "Non hai i permessi") {
		t.Errorf("reader on the users page: %q", got)
	}
	axeCheck(t, ctx, "403 page")
}

func TestBrowserWrongPassword(t *testing.T) {
	ctx := tab(t)
	f := seedFixture(t)
	signIn(t, ctx, f, "admin", "non è questa")
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID("errore-accesso"))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "#errore-accesso"); got != "Nome utente o password non corretti." {
		t.Errorf("message: %q", got)
	}
	axeCheck(t, ctx, "sign-in page with an error")
}

// TestBrowserAddUser adds a manager from the users page with the keyboard
// alone, and sees the one-time password.
func TestBrowserAddUser(t *testing.T) {
	ctx := tab(t)
	f := seedFixture(t)
	signIn(t, ctx, f, "admin", password(admin))
	err := chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.ID("tabella-piani")),
		chromedp.Navigate(f.ts.URL+"/amministrazione/utenti"),
		chromedp.SendKeys(chromedp.ID("nome-utente"), "g.verdi"),
		chromedp.SendKeys(chromedp.ID("nome-completo"), "Giuseppe Verdi"),
		chromedp.Focus(chromedp.ID("ruolo")),
	)
	if err != nil {
		t.Fatal(err)
	}
	// Typing a letter on the role list picks "responsabile di area".
	if err := chromedp.Do(ctx, chromedp.KeyEvent("r")); err != nil {
		t.Fatal(err)
	}
	role, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('ruolo').value`))
	if err != nil || role != "manager" {
		t.Fatalf("role chosen with the keyboard: %q %v", role, err)
	}
	err = chromedp.Do(ctx,
		chromedp.Focus(chromedp.ID("unita-0")),
		chromedp.KeyEvent(" "),
		chromedp.SendKeys(chromedp.ID("altre-unita"), "Area Futura"),
		chromedp.Focus(chromedp.CSS("#nuovo-utente button[type=submit]")),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.ID("password-monouso")),
	)
	if err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "#tabella-utenti"); !strings.Contains(got, "g.verdi") || !strings.Contains(got, "Area Futura") {
		t.Errorf("users table: %q", got)
	}
	axeCheck(t, ctx, "users page after adding")
	u, err := f.st.UserByName(ctx, f.org.ID, "g.verdi")
	if err != nil || u.Role != domain.RoleManager || len(u.Units) != 2 {
		t.Errorf("stored: %+v %v", u, err)
	}
}
