package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/auth"
	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/store"
	"github.com/performa-pa/performa/internal/store/storetest"
	"github.com/performa-pa/performa/internal/web"
)

const orgName = "Comune di Montepulciano"

// The principals every route is tried with.
const (
	anonymous    = "anonimo"
	admin        = "admin"
	manager      = "responsabile"       // manages "Area 1" ("Area Finanziaria" of the seed, "Area Tecnica" of the sample plan)
	otherManager = "altro-responsabile" // manages "Area 2" ("Area Polizia Municipale", the ente-level unit)
	evaluator    = "nucleo"
	reader       = "lettore"
)

var principals = []string{anonymous, admin, manager, otherManager, evaluator, reader}

// fullNames of the fixture's users that have one.
var fullNames = map[string]string{evaluator: "Anna Bianchi", admin: "Giulio Nardi"}

// matricole link fixture users to the staff register.
var matricole = map[string]string{reader: "1002"}

// password of a fixture user (the same for all: the policy only refuses
// one containing the user's name).
func password(string) string { return "chiave di prova 2022" }

// fixture is a server on a fresh store with a plan and a user per role.
type fixture struct {
	dsn    string // the store's database: another process opens it again
	st     *store.Store
	srv    *web.Server
	ts     *httptest.Server
	org    *domain.Organization
	users  map[string]*domain.User
	plan   *domain.Plan
	target *domain.User // a user the administration routes act on
	clock  *testClock   // the server's clock
}

// testClock is a clock tests set. It starts on the last day of 2022, the
// seed's first year: its scores are provisional until a test moves it.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

// during2022 is the fixture's clock at start: 2022 still running.
var during2022 = time.Date(2022, 12, 31, 12, 0, 0, 0, time.UTC)

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func newFixture(t testing.TB, dialect string, plan *domain.Plan) *fixture {
	t.Helper()
	ctx := context.Background()
	dsn := storetest.DSN(t, dialect)
	st := storetest.MustOpenDSN(t, dsn)
	f := &fixture{dsn: dsn, st: st, users: map[string]*domain.User{}}
	if plan == nil {
		plan = storetest.GeneratedPlan(orgName, 20, 1)
	}
	plan.Organization.Name = orgName
	if _, err := st.ImportPlan(ctx, plan, "test"); err != nil {
		t.Fatal(err)
	}
	f.plan = plan
	f.org = &plan.Organization
	f.srv = web.NewServer(st, dialect, quietLogger())
	f.clock = &testClock{now: during2022}
	f.srv.Clock = f.clock.Now
	units := map[string][]domain.UnitRef{}
	for _, u := range plan.Units {
		switch u.Name {
		case "Area 1", "Area Finanziaria", "Area Tecnica": // generated plans, the seed, the sample
			units[manager] = []domain.UnitRef{{ID: u.Identity, Name: u.Name}}
		case "Area 2", "Area Polizia Municipale", "Performance organizzativa dell'ente":
			units[otherManager] = []domain.UnitRef{{ID: u.Identity, Name: u.Name}}
		}
	}
	roleOf := map[string]domain.Role{admin: domain.RoleAdmin, manager: domain.RoleManager,
		otherManager: domain.RoleManager, evaluator: domain.RoleEvaluator, reader: domain.RoleReader}
	for _, name := range principals[1:] {
		u := &domain.User{OrganizationID: f.org.ID, Name: name, FullName: fullNames[name], Role: roleOf[name], Units: units[name],
			Matricola: matricole[name]}
		if err := f.srv.Auth.CreateUser(ctx, u, password(name), false, "test"); err != nil {
			t.Fatal(err)
		}
		f.users[name] = u
	}
	f.target = &domain.User{OrganizationID: f.org.ID, Name: "bersaglio", Role: domain.RoleReader}
	if err := f.srv.Auth.CreateUser(ctx, f.target, "chiave di prova 2023", false, "test"); err != nil {
		t.Fatal(err)
	}
	f.ts = httptest.NewServer(f.srv.Handler())
	t.Cleanup(f.ts.Close)
	return f
}

// unit returns the plan's unit named name.
func (f *fixture) unit(t testing.TB, name string) *domain.Unit {
	for _, u := range f.plan.Units {
		if u.Name == name {
			return u
		}
	}
	t.Fatalf("no unit %q", name)
	return nil
}

// session opens a session for the principal straight in the store (no
// password hashing: fast) and returns its cookie value, "" for anonymous.
func (f *fixture) session(t testing.TB, who string) string {
	t.Helper()
	u := f.users[who]
	if u == nil {
		return ""
	}
	cookie, hash := auth.NewSessionToken(u.OrganizationID)
	err := f.st.CreateSession(context.Background(), &domain.Session{OrganizationID: u.OrganizationID,
		TokenHash: hash, UserID: u.ID, ExpiresAt: time.Now().Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	return cookie
}

// token makes an API token for the principal, "" for anonymous.
func (f *fixture) token(t testing.TB, who string) string {
	t.Helper()
	u := f.users[who]
	if u == nil {
		return ""
	}
	tok, _, err := f.srv.Auth.CreateToken(context.Background(), u, "test", "test")
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// noRedirect is a client that shows redirects instead of following them.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

type response struct {
	status int
	header http.Header
	body   string
}

// do sends a request as a session (cookie) with its CSRF token on
// state-changing requests, or with a bearer token.
func (f *fixture) do(t testing.TB, method, path, cookie, bearer string, form url.Values) response {
	t.Helper()
	if form == nil {
		form = url.Values{}
	}
	var body io.Reader
	if method == http.MethodPost {
		if cookie != "" {
			form.Set("csrf", auth.CSRFToken(cookie))
		}
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, f.ts.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if cookie != "" {
		req.AddCookie(&http.Cookie{Name: "performa_sessione", Value: cookie})
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{resp.StatusCode, resp.Header, string(b)}
}

// browser is an HTTP client with a cookie jar, following redirects.
func (f *fixture) browser(t testing.TB) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar}
}

// drain drains and closes a response body.
func drain(resp *http.Response) (int64, error) {
	defer resp.Body.Close()
	return io.Copy(io.Discard, resp.Body)
}
