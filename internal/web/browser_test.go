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
	"github.com/chromedp/chromedp/kb"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/ingest"
	"github.com/performa-pa/performa/internal/quality"
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

// tab opens a new tab of the shared browser, started on first use, for
// three minutes (a bound against hangs, generous for a busy machine).
func tab(t *testing.T) context.Context { return tabFor(t, 5*time.Minute) }

// tabFor opens a new tab of the shared browser for at most d.
func tabFor(t *testing.T, d time.Duration) context.Context {
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
	ctx, cancelTimeout := context.WithTimeout(ctx, d)
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
	// Inject and run in one evaluation, once the page has finished loading:
	// a navigation between two evaluations would drop the injected script.
	const run = `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
		.then(r => r.violations
			.filter(v => v.impact === 'serious' || v.impact === 'critical')
			.map(v => v.impact + ' ' + v.id + ': ' + v.help + ' [' + v.nodes.slice(0, 5).map(n => n.target.join(' ')).join(', ') + ']'))`
	var violations []string
	var err error
	// A wait that matched the page being left lets the next one load during
	// the check ("Cannot find context"): then the check is run again.
	for attempt := 0; attempt < 5; attempt++ {
		if attempt > 0 {
			time.Sleep(300 * time.Millisecond)
		}
		if _, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.readyState === "complete"`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
			continue
		}
		if violations, err = chromedp.Run(ctx, chromedp.Evaluate[[]string](axeSource+";\n"+run, chromedp.EvalAwaitPromise)); err == nil {
			break
		}
	}
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
	quality.Review(plan) // targets understood, as an import does
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
		"/profilo/password", "/profilo/token", "/registro", "/nonesiste",
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
		chromedp.SendKeys(chromedp.ID("altre-unita"), "Polizia"),
		chromedp.Focus(chromedp.CSS("#nuovo-utente button[type=submit]")),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.ID("password-monouso")),
	)
	if err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "#tabella-utenti"); !strings.Contains(got, "g.verdi") || !strings.Contains(got, "Area Polizia Municipale") {
		t.Errorf("users table: %q", got)
	}
	// The unit typed by a part of its name is said back.
	if got := text(t, ctx, "#unita-riconosciute"); !strings.Contains(got, "«Polizia» → Area Polizia Municipale") {
		t.Errorf("resolved unit: %q", got)
	}
	axeCheck(t, ctx, "users page after adding")
	u, err := f.st.UserByName(ctx, f.org.ID, "g.verdi")
	if err != nil || u.Role != domain.RoleManager || len(u.Units) != 2 {
		t.Errorf("stored: %+v %v", u, err)
	}
}

// signInAs signs in and waits for the signed-in page.
func signInAs(t *testing.T, ctx context.Context, f *fixture, name string) {
	t.Helper()
	signIn(t, ctx, f, name, password(name))
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID("esci"))); err != nil {
		t.Fatalf("signed in as %s: %v", name, err)
	}
}

// signOut signs out with the keyboard: focus the button, press Enter.
func signOut(t *testing.T, ctx context.Context, f *fixture) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(f.ts.URL+"/"),
		chromedp.Focus(chromedp.ID("esci")),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.ID("accedi")),
	)
	if err != nil {
		t.Fatalf("sign out: %v", err)
	}
}

// visit opens a page and checks it with axe.
func visit(t *testing.T, ctx context.Context, f *fixture, path string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(f.ts.URL+path), chromedp.WaitReady(chromedp.ID("contenuto"))); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	axeCheck(t, ctx, path)
}

// TestBrowserWorkflow is the year in the browser, with the keyboard alone
// but for choosing the file: the administrator imports the seed through
// the page, a manager records a measurement, the evaluator validates and
// closes the year, the scores change on the way, a manager of another unit
// is refused; axe-core checks every page.
func TestBrowserWorkflow(t *testing.T) {
	ctx := tabFor(t, 6*time.Minute)
	f := newFixture(t, "sqlite", nil) // a generated draft for 2022–2024: the seed replaces it
	bg := context.Background()
	signInAs(t, ctx, f, admin)
	plan := importSeed(t, ctx, f)
	var fin, police *domain.Unit
	for _, u := range plan.Units {
		switch u.Name {
		case "Area Finanziaria":
			fin = u
		case "Area Polizia Municipale":
			police = u
		}
	}
	// The managers are given the seed's units (units of the generated
	// draft the seed replaced are gone).
	for who, unit := range map[string]*domain.Unit{manager: fin, otherManager: police} {
		u := f.users[who]
		u.Units = []domain.UnitRef{{ID: unit.Identity, Name: unit.Name}}
		if err := f.st.UpdateUser(bg, u, "test"); err != nil {
			t.Fatal(err)
		}
	}
	o := fin.Objectives[0]
	in := o.Indicators[0]

	// Every page of the administrator, with axe; the plan searched with the keyboard.
	err := chromedp.Do(ctx,
		chromedp.Navigate(f.ts.URL+"/piano"),
		chromedp.SendKeys(chromedp.ID("q"), "corruzione\r"),
		chromedp.WaitVisible(chromedp.ID("azzera")),
	)
	if err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "#risultati"); !strings.Contains(got, "corrispondono ai filtri") {
		t.Errorf("search: %q", got)
	}
	axeCheck(t, ctx, "/piano searched")
	for _, path := range []string{
		"/piano?unita=" + id(fin.ID) + "&anno=2023", "/piano/obiettivi/" + id(o.ID),
		"/piano/obiettivi/" + id(o.ID) + "/modifica", "/piano/indicatori/" + id(in.ID) + "/modifica",
		"/piano/confronto", "/monitoraggio", "/validazione", "/amministrazione/ciclo", "/registro",
		"/registro?utente=admin", "/amministrazione/utenti",
	} {
		visit(t, ctx, f, path)
	}
	signOut(t, ctx, f)

	// The manager of Area Finanziaria: a wrong value comes back with its
	// message, the right one is saved and its achievement shows.
	signInAs(t, ctx, f, manager)
	visit(t, ctx, f, "/")
	if got := text(t, ctx, "#il-mio-lavoro"); !strings.Contains(got, "Area Finanziaria") || !strings.Contains(got, "ancora da misurare") {
		t.Errorf("manager's work: %q", got)
	}
	visit(t, ctx, f, "/monitoraggio")
	unitPath := "/monitoraggio/unita/" + id(fin.ID)
	value := "#valore-" + id(in.ID)
	err = chromedp.Do(ctx,
		chromedp.Navigate(f.ts.URL+unitPath),
		chromedp.SendKeys(chromedp.CSS(value), "due"),
		chromedp.SendKeys(chromedp.ID("nota-"+id(in.ID)), "mappati rischi e controlli"),
		chromedp.Focus(chromedp.ID("salva-misurazioni")),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.ID("errori")),
	)
	if err != nil {
		t.Fatalf("wrong value: %v", err)
	}
	typed, err := chromedp.Run(ctx, chromedp.Evaluate[string]("document.getElementById('nota-"+id(in.ID)+"').value"))
	if err != nil || typed != "mappati rischi e controlli" {
		t.Errorf("the note typed was lost: %q %v", typed, err)
	}
	axeCheck(t, ctx, "monitoring form with errors")
	err = chromedp.Do(ctx,
		chromedp.Focus(chromedp.CSS(value)),
		chromedp.KeyEvent(kb.End),
		chromedp.KeyEvent("\b\b\b2\r"), // Enter in a field submits the form
		chromedp.WaitVisible(chromedp.CSS("main .alert-success")),
	)
	if err != nil {
		t.Fatalf("record: %v", err)
	}
	if got := text(t, ctx, "#raggiungimento-"+id(in.ID)); got != "100%" {
		t.Errorf("achievement shown: %q", got)
	}
	before := text(t, ctx, "#punteggio-unita")
	if !strings.Contains(before, "100%") {
		t.Errorf("unit score after the measurement: %q", before)
	}
	axeCheck(t, ctx, "monitoring form saved")
	// Not the unit of another manager.
	if err := chromedp.Do(ctx, chromedp.Navigate(f.ts.URL+"/monitoraggio/unita/"+id(police.ID))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "main"); !strings.Contains(got, "Accesso non consentito") {
		t.Errorf("manager on another unit: %q", got)
	}
	signOut(t, ctx, f)

	// The manager of another unit is refused the first one.
	signInAs(t, ctx, f, otherManager)
	visit(t, ctx, f, unitPath)
	if got := text(t, ctx, "main"); !strings.Contains(got, "Non sei responsabile dell'unità «Area Finanziaria»") {
		t.Errorf("other manager: %q", got)
	}
	signOut(t, ctx, f)

	// The evaluator validates (the reason is mandatory), and the score changes.
	signInAs(t, ctx, f, evaluator)
	visit(t, ctx, f, "/validazione?anno=2022")
	percent, reason := "percentuale-"+id(o.ID), "motivazione-"+id(o.ID)
	err = chromedp.Do(ctx,
		chromedp.Navigate(f.ts.URL+"/validazione/unita/"+id(fin.ID)+"?anno=2022"),
		chromedp.SendKeys(chromedp.ID(percent), "80\r"),
		chromedp.WaitVisible(chromedp.ID("errori")),
	)
	if err != nil {
		t.Fatalf("validation without reason: %v", err)
	}
	axeCheck(t, ctx, "validation form with errors")
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID(reason), "mappatura parziale: due processi su tre previsti\r"),
		chromedp.WaitVisible(chromedp.CSS("main .alert-success")),
	)
	if err != nil {
		t.Fatalf("validate: %v", err)
	}
	after := text(t, ctx, "#punteggio-unita")
	if !strings.Contains(after, "80%") {
		t.Errorf("unit score after the validation: %q (before %q)", after, before)
	}
	axeCheck(t, ctx, "validation saved")
	visit(t, ctx, f, "/?anno=2022")
	if got := text(t, ctx, "#tabella-unita"); !strings.Contains(got, "80%") {
		t.Errorf("cruscotto after the validation: %q", got)
	}
	if got := text(t, ctx, "#tabella-andamento"); !strings.Contains(got, "Ente") {
		t.Errorf("cruscotto's trend table: %q", got)
	}
	axeCheck(t, ctx, "cruscotto with the charts")
	// The year cannot be closed yet: the page says what is missing, and
	// offers no button.
	visit(t, ctx, f, "/validazione?anno=2022")
	if got := text(t, ctx, "#da-completare"); !strings.Contains(strings.ToLower(got), "non si può ancora chiudere") || !strings.Contains(got, "in bozza") {
		t.Errorf("gaps: %.300q", got)
	}
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#chiudi-anno').length`)); err != nil || n != 0 {
		t.Errorf("a close button on an incomplete year: %d %v", n, err)
	}
	visit(t, ctx, f, "/piano/obiettivi/"+id(o.ID))
	if got := text(t, ctx, "#tabella-validazioni"); !strings.Contains(got, "80%") || !strings.Contains(got, "Anna Bianchi") {
		t.Errorf("objective's validations: %q", got)
	}
}

// TestBrowserCycle: the administrator approves the plan with the
// delibera, starts a variation, edits an objective of the draft, sees a
// stale edit refused and the differences between the versions; with the
// keyboard alone, axe-core on each page.
func TestBrowserCycle(t *testing.T) {
	ctx := tab(t)
	f := seedFixture(t)
	bg := context.Background()
	signInAs(t, ctx, f, admin)
	v1 := f.plan.Version.ID
	err := chromedp.Do(ctx,
		chromedp.Navigate(f.ts.URL+"/amministrazione/ciclo"),
		chromedp.SendKeys(chromedp.ID("numero-"+id(v1)), "12"),
		chromedp.SendKeys(chromedp.ID("data-"+id(v1)), "31/02/2022\r"),
		chromedp.WaitVisible(chromedp.ID("errore-ciclo")),
	)
	if err != nil {
		t.Fatalf("approve with a bad date: %v", err)
	}
	axeCheck(t, ctx, "cycle page with an error")
	err = chromedp.Do(ctx,
		chromedp.Focus(chromedp.ID("data-"+id(v1))),
		chromedp.KeyEvent(kb.End),
		chromedp.KeyEvent("\b\b\b\b\b\b\b\b\b\b28/01/2022\r"),
		chromedp.WaitVisible(chromedp.ID("variazione-"+id(f.plan.Cycle.ID))),
	)
	if err != nil {
		t.Fatalf("approve: %v", err)
	}
	axeCheck(t, ctx, "cycle page approved")
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("motivo-"+id(f.plan.Cycle.ID)), "Nuovo obiettivo sul PNRR"),
		chromedp.Focus(chromedp.CSS("#variazione-"+id(f.plan.Cycle.ID)+" button")),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.CSS("main .alert-success")),
	)
	if err != nil {
		t.Fatalf("variation: %v", err)
	}
	axeCheck(t, ctx, "cycle page with a variation")
	plans, _ := f.st.Plans(bg, f.org.ID)
	draft, err := f.st.Plan(bg, f.org.ID, plans[0].Version.ID)
	if err != nil || draft.Version.Number != 2 {
		t.Fatalf("variation: %v %+v", err, plans[0].Version)
	}
	var o *domain.Objective
	for _, u := range draft.Units {
		if u.Name == "Area Finanziaria" {
			o = u.Objectives[0]
		}
	}
	edit := "/piano/obiettivi/" + id(o.ID) + "/modifica"
	err = chromedp.Do(ctx,
		chromedp.Navigate(f.ts.URL+edit),
		chromedp.Focus(chromedp.ID("peso")),
		chromedp.KeyEvent(kb.End),
		chromedp.KeyEvent("\b\b\b3\r"),
		chromedp.WaitVisible(chromedp.CSS("main .alert-success")),
	)
	if err != nil {
		t.Fatalf("edit: %v", err)
	}
	// Someone else saves first: the form, read at revision 2, is refused.
	if err := chromedp.Do(ctx, chromedp.Navigate(f.ts.URL+edit), chromedp.WaitVisible(chromedp.ID("peso"))); err != nil {
		t.Fatal(err)
	}
	other := *o
	other.Title = "Titolo cambiato da un altro"
	if _, err := f.st.UpdateObjective(bg, f.org.ID, &other, 2, "responsabile"); err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		chromedp.Focus(chromedp.ID("peso")),
		chromedp.KeyEvent(kb.End),
		chromedp.KeyEvent("\b\b\b4\r"),
		chromedp.WaitVisible(chromedp.ID("errore-modifica")),
	)
	if err != nil {
		t.Fatalf("stale edit: %v", err)
	}
	if got := text(t, ctx, "#errore-modifica"); !strings.Contains(got, "qualcun altro ha modificato") {
		t.Errorf("stale edit: %q", got)
	}
	axeCheck(t, ctx, "stale edit refused")
	visit(t, ctx, f, "/piano/confronto")
	if got := text(t, ctx, "#sintesi-differenze"); !strings.Contains(got, "1 modificato,") {
		t.Errorf("differences: %q", got)
	}
	visit(t, ctx, f, "/piano?versione="+id(draft.Version.ID))
	visit(t, ctx, f, "/registro?oggetto="+id(o.ID))
	if got := text(t, ctx, "main"); !strings.Contains(got, "Titolo cambiato da un altro") {
		t.Errorf("audit of the objective: %.300q", got)
	}
}

// TestBrowserVariation: in a variation, the administrator adds an
// objective with its indicator and targets (a wrong programme first,
// said in the field), removes another after its confirmation page,
// changes a weight and a programme written as plans write it, and reads
// the comparison with the approved plan and the registro; with the
// keyboard alone, axe-core on each page.
func TestBrowserVariation(t *testing.T) {
	ctx := tab(t)
	f := seedFixture(t)
	bg := context.Background()
	if err := f.st.ApproveVersion(bg, f.org.ID, f.plan.Version.ID, "12", time.Date(2022, 1, 27, 0, 0, 0, 0, time.UTC), admin); err != nil {
		t.Fatal(err)
	}
	v, err := f.st.CreateVariation(bg, f.org.ID, f.plan.Cycle.ID, "nuovo servizio di vicinato", admin)
	if err != nil {
		t.Fatal(err)
	}
	draft, _ := f.st.Plan(bg, f.org.ID, v.ID)
	police := draft.Units[7]
	signInAs(t, ctx, f, admin)
	visit(t, ctx, f, "/piano?versione="+id(v.ID))
	err = chromedp.Do(ctx,
		chromedp.Focus(chromedp.ID("nuovo-obiettivo-"+id(police.ID))),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.ID("modulo-nuovo-obiettivo")),
	)
	if err != nil {
		t.Fatalf("to the new objective form: %v", err)
	}
	axeCheck(t, ctx, "new objective form")
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("codice"), "16"),
		chromedp.SendKeys(chromedp.ID("peso"), "5"),
		chromedp.SendKeys(chromedp.ID("titolo"), "Controllo del vicinato"),
		chromedp.SendKeys(chromedp.ID("programma_codice"), "03.07"),
		chromedp.SendKeys(chromedp.ID("ind_descrizione"), "Incontri con i cittadini"),
		chromedp.SendKeys(chromedp.ID("ind_target_2022"), ">= 4 incontri"),
		chromedp.SendKeys(chromedp.ID("ind_target_2023"), ">= 6 incontri"),
		chromedp.Focus(chromedp.ID("aggiungi-obiettivo")),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.ID("programma_codice-errore")),
	)
	if err != nil {
		t.Fatalf("new objective with a wrong programme: %v", err)
	}
	if got := text(t, ctx, "#programma_codice-errore"); !strings.Contains(got, "non ha un programma 07") {
		t.Errorf("programme refused: %q", got)
	}
	axeCheck(t, ctx, "new objective refused")
	err = chromedp.Do(ctx,
		chromedp.Focus(chromedp.ID("programma_codice")),
		chromedp.KeyEvent(kb.End),
		chromedp.KeyEvent("\b1"),
		chromedp.Focus(chromedp.ID("aggiungi-obiettivo")),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.ID("nuovo-indicatore")),
	)
	if err != nil {
		t.Fatalf("new objective: %v", err)
	}
	if got := text(t, ctx, "main"); !strings.Contains(got, "Obiettivo aggiunto") || !strings.Contains(got, "Incontri con i cittadini") ||
		!strings.Contains(got, "Polizia locale e amministrativa") {
		t.Errorf("added objective: %.400q", got)
	}
	axeCheck(t, ctx, "added objective")

	// Remove the first objective of the unit.
	gone := police.Objectives[0]
	visit(t, ctx, f, "/piano/obiettivi/"+id(gone.ID))
	err = chromedp.Do(ctx,
		chromedp.Focus(chromedp.ID("elimina-obiettivo")),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.ID("conseguenze")),
	)
	if err != nil {
		t.Fatalf("to the removal page: %v", err)
	}
	axeCheck(t, ctx, "removal page")
	err = chromedp.Do(ctx,
		chromedp.Focus(chromedp.ID("conferma-eliminazione")),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.ID("filtri")),
	)
	if err != nil {
		t.Fatalf("remove: %v", err)
	}
	if got := text(t, ctx, "main"); !strings.Contains(got, "Obiettivo eliminato") || strings.Contains(got, gone.Title) {
		t.Errorf("after removal: %.300q", got)
	}
	axeCheck(t, ctx, "plan after removal")

	// Change a weight and a programme, written "3.2".
	o := police.Objectives[1]
	visit(t, ctx, f, "/piano/obiettivi/"+id(o.ID)+"/modifica")
	err = chromedp.Do(ctx,
		chromedp.Focus(chromedp.ID("peso")),
		chromedp.KeyEvent(kb.End),
		chromedp.KeyEvent("\b\b12"),
		chromedp.Focus(chromedp.ID("programma_codice")),
		chromedp.KeyEvent(kb.End),
		chromedp.KeyEvent("\b\b3.2"),
		chromedp.Focus(chromedp.ID("salva-obiettivo")),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.ID("campi")),
	)
	if err != nil {
		t.Fatalf("edit: %v", err)
	}
	if got := text(t, ctx, "#campi"); !strings.Contains(got, "12%") || !strings.Contains(got, "Sistema integrato di sicurezza urbana") {
		t.Errorf("edited: %q", got)
	}
	axeCheck(t, ctx, "edited objective")

	visit(t, ctx, f, "/piano/confronto")
	if got := text(t, ctx, "#sintesi-differenze"); got != "1 obiettivo aggiunto, 1 tolto, 1 modificato, 122 invariati." {
		t.Errorf("differences: %q", got)
	}
	if got := text(t, ctx, "main"); !strings.Contains(got, "Controllo del vicinato") || !strings.Contains(got, gone.Title[:30]) ||
		!strings.Contains(got, "03.02 Sistema integrato di sicurezza urbana") {
		t.Errorf("comparison: %.600q", got)
	}
	visit(t, ctx, f, "/registro")
	if got := text(t, ctx, "main"); !strings.Contains(got, "Aggiunta dell'obiettivo 16 – Controllo del vicinato (Area Polizia Municipale)") ||
		!strings.Contains(got, "Peso: 10% → 12%") {
		t.Errorf("registro: %.600q", got)
	}
}
