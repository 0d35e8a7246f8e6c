package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/store/storetest"
)

func TestSignInOut(t *testing.T) {
	f := newFixture(t, "sqlite", nil)
	// Nobody signed in: every page sends to the sign-in form, which comes
	// back to the page afterwards.
	res := f.do(t, "GET", "/piano", "", "", nil)
	if res.status != http.StatusSeeOther || res.header.Get("Location") != "/accedi?dopo=%2Fpiano" {
		t.Fatalf("anonymous /piano: %d %q", res.status, res.header.Get("Location"))
	}
	res = f.do(t, "GET", "/accedi?dopo=%2Fpiano", "", "", nil)
	if res.status != 200 || !strings.Contains(res.body, `name="dopo" value="/piano"`) || !strings.Contains(res.body, orgName) {
		t.Fatalf("sign-in form: %d %.500s", res.status, res.body)
	}

	// Wrong password: the form again, in Italian, with the name kept.
	form := url.Values{"ente": {strconv.FormatInt(f.org.ID, 10)}, "nome": {"lettore"}, "password": {"sbagliata!"}, "dopo": {"/piano"}}
	res = f.do(t, "POST", "/accedi", "", "", form)
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Nome utente o password non corretti.") ||
		!strings.Contains(res.body, `value="lettore"`) {
		t.Fatalf("wrong password: %d %.300s", res.status, res.body)
	}

	form.Set("password", password("lettore"))
	form.Set("dopo", "https://altrove.example/")
	res = f.do(t, "POST", "/accedi", "", "", form)
	if res.status != http.StatusSeeOther || res.header.Get("Location") != "/" {
		t.Fatalf("sign in: %d %q (a foreign destination must be ignored)", res.status, res.header.Get("Location"))
	}
	set := res.header.Get("Set-Cookie")
	for _, want := range []string{"performa_sessione=", "HttpOnly", "SameSite=Lax", "Path=/"} {
		if !strings.Contains(set, want) {
			t.Errorf("cookie %q lacks %s", set, want)
		}
	}
	if strings.Contains(set, "Secure") {
		t.Errorf("cookie over plain HTTP is Secure: %q", set)
	}
	cookie := strings.TrimPrefix(strings.Split(set, ";")[0], "performa_sessione=")

	res = f.do(t, "GET", "/", cookie, "", nil)
	if res.status != 200 || !strings.Contains(res.body, "Cruscotto") || !strings.Contains(res.body, "2022–2024") {
		t.Fatalf("cruscotto: %d %.300s", res.status, res.body)
	}
	// The reader's menu: no Monitoraggio, Validazione, Importa, Amministrazione.
	for label, want := range map[string]bool{">Cruscotto<": true, ">Piano<": true, ">Monitoraggio<": false,
		">Validazione<": false, ">Importa<": false, ">Amministrazione<": false} {
		if strings.Contains(res.body, label) != want {
			t.Errorf("reader's menu: %s shown = %v", label, !want)
		}
	}
	if res.header.Get("Cache-Control") != "no-store" {
		t.Errorf("page cacheable: %q", res.header.Get("Cache-Control"))
	}

	// Signing out needs the form's token; then the session is gone.
	req, _ := http.NewRequest("POST", f.ts.URL+"/esci", nil)
	req.AddCookie(&http.Cookie{Name: "performa_sessione", Value: cookie})
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("sign out without CSRF token: %d, want 403", resp.StatusCode)
	}
	res = f.do(t, "POST", "/esci", cookie, "", nil)
	if res.status != http.StatusSeeOther || res.header.Get("Location") != "/accedi?uscita=1" || !strings.Contains(res.header.Get("Set-Cookie"), "Max-Age=0") {
		t.Fatalf("sign out: %d %v", res.status, res.header)
	}
	if res = f.do(t, "GET", "/", cookie, "", nil); res.status != http.StatusSeeOther {
		t.Errorf("the session survived signing out: %d", res.status)
	}
}

func TestSecureCookie(t *testing.T) {
	f := newFixture(t, "sqlite", nil)
	form := url.Values{"nome": {"admin"}, "password": {password("admin")}}
	req, _ := http.NewRequest("POST", f.ts.URL+"/accedi", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-Proto", "https")
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if c := resp.Header.Get("Set-Cookie"); resp.StatusCode != http.StatusSeeOther || !strings.Contains(c, "Secure") {
		t.Errorf("behind TLS: %d cookie %q", resp.StatusCode, c)
	}
}

func TestCrossOrigin(t *testing.T) {
	f := newFixture(t, "sqlite", nil)
	cookie := f.session(t, admin)
	form := url.Values{"csrf": {""}, "nome": {"nuovo"}, "ruolo": {"reader"}}
	for name, h := range map[string][2]string{
		"Sec-Fetch-Site": {"Sec-Fetch-Site", "cross-site"},
		"Origin":         {"Origin", "https://altrove.example"},
	} {
		req, _ := http.NewRequest("POST", f.ts.URL+"/amministrazione/utenti", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: "performa_sessione", Value: cookie})
		req.Header.Set(h[0], h[1])
		resp, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden || !strings.Contains(string(body), "altro sito") {
			t.Errorf("%s: %d %.200s", name, resp.StatusCode, body)
		}
	}
	// A wrong per-session token is refused too.
	form.Set("csrf", "falso")
	res := f.do(t, "POST", "/esci", "", "", nil) // anonymous: must sign in
	if res.status != http.StatusUnauthorized {
		t.Errorf("anonymous sign out: %d", res.status)
	}
}

func TestOneTimePassword(t *testing.T) {
	f := newFixture(t, "sqlite", nil)
	ctx := context.Background()
	u := f.users[reader]
	if _, err := f.srv.Auth.SetPassword(ctx, u, "monouso-12345", true, "admin"); err != nil {
		t.Fatal(err)
	}
	_, cookie, err := f.srv.Auth.SignIn(ctx, f.org.ID, "lettore", "monouso-12345", "127.0.0.1", "test")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/", "/piano"} {
		if res := f.do(t, "GET", path, cookie, "", nil); res.status != http.StatusSeeOther || res.header.Get("Location") != "/profilo/password" {
			t.Errorf("%s with a one-time password: %d %q", path, res.status, res.header.Get("Location"))
		}
	}
	res := f.do(t, "GET", "/profilo/password", cookie, "", nil)
	if res.status != 200 || !strings.Contains(res.body, "monouso") || strings.Contains(res.body, ">Cruscotto<") {
		t.Fatalf("password page: %d %.300s", res.status, res.body)
	}
	res = f.do(t, "POST", "/profilo/password", cookie, "", url.Values{"attuale": {"monouso-12345"}, "nuova": {"una frase lunga"}, "conferma": {"un'altra frase"}})
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, "non coincidono") {
		t.Errorf("mismatch: %d", res.status)
	}
	res = f.do(t, "POST", "/profilo/password", cookie, "", url.Values{"attuale": {"monouso-12345"}, "nuova": {"corta"}, "conferma": {"corta"}})
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, "almeno 10 caratteri") {
		t.Errorf("short: %d", res.status)
	}
	res = f.do(t, "POST", "/profilo/password", cookie, "", url.Values{"attuale": {"monouso-12345"}, "nuova": {"una frase lunga"}, "conferma": {"una frase lunga"}})
	if res.status != http.StatusSeeOther || res.header.Get("Location") != "/?esito=password&token=0" {
		t.Fatalf("change: %d %.300s", res.status, res.body)
	}
	newCookie := strings.TrimPrefix(strings.Split(res.header.Get("Set-Cookie"), ";")[0], "performa_sessione=")
	if res := f.do(t, "GET", "/?esito=password", newCookie, "", nil); res.status != 200 || !strings.Contains(res.body, "Password cambiata: le altre sessioni sono state chiuse.") {
		t.Errorf("after the change: %d", res.status)
	}
	if res := f.do(t, "GET", "/", cookie, "", nil); res.status != http.StatusSeeOther {
		t.Errorf("the old session survived the change: %d", res.status)
	}
}

func TestUsersAdmin(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		f := newFixture(t, dialect, nil)
		cookie := f.session(t, admin)
		res := f.do(t, "GET", "/amministrazione/utenti", cookie, "", nil)
		if res.status != 200 || !strings.Contains(res.body, "responsabile di area") || !strings.Contains(res.body, "Area 1") {
			t.Fatalf("users page: %d %.300s", res.status, res.body)
		}
		// Add a manager of a listed unit and of one typed.
		form := url.Values{"nome": {"G.Verdi"}, "nome_completo": {"Giuseppe Verdi"}, "ruolo": {"manager"},
			"unita": {"Area 2"}, "altre_unita": {"Area Futura\r\n"}}
		res = f.do(t, "POST", "/amministrazione/utenti", cookie, "", form)
		pw := regexp.MustCompile(`<code class="fs-5">([^<]+)</code>`).FindStringSubmatch(res.body)
		if res.status != 200 || pw == nil {
			t.Fatalf("add: %d %.500s", res.status, res.body)
		}
		u, err := f.st.UserByName(context.Background(), f.org.ID, "g.verdi")
		if err != nil || u.Role != domain.RoleManager || strings.Join(u.Units, "|") != "Area 2|Area Futura" || !u.MustChangePassword {
			t.Fatalf("added user: %+v %v", u, err)
		}
		if _, _, err := f.srv.Auth.SignIn(context.Background(), f.org.ID, "g.verdi", pw[1], "127.0.0.2", "test"); err != nil {
			t.Errorf("the one-time password shown does not work: %v", err)
		}
		// The same name again: refused, and the form keeps what was typed.
		res = f.do(t, "POST", "/amministrazione/utenti", cookie, "", form)
		if res.status != http.StatusConflict || !strings.Contains(res.body, "Esiste già") || !strings.Contains(res.body, "Giuseppe Verdi") {
			t.Errorf("duplicate: %d", res.status)
		}
		// Edit: make them a reader.
		path := "/amministrazione/utenti/" + strconv.FormatInt(u.ID, 10)
		res = f.do(t, "POST", path, cookie, "", url.Values{"nome_completo": {"Giuseppe Verdi"}, "ruolo": {"reader"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("edit: %d %.300s", res.status, res.body)
		}
		if u, _ = f.st.User(context.Background(), f.org.ID, u.ID); u.Role != domain.RoleReader || u.Units != nil {
			t.Errorf("after edit: %+v", u)
		}
		// A manager without units is refused with the reason.
		res = f.do(t, "POST", path, cookie, "", url.Values{"ruolo": {"manager"}})
		if res.status != http.StatusBadRequest || !strings.Contains(res.body, "almeno un") {
			t.Errorf("manager without units: %d", res.status)
		}
		// An administrator cannot demote themselves.
		self := "/amministrazione/utenti/" + strconv.FormatInt(f.users[admin].ID, 10)
		res = f.do(t, "POST", self, cookie, "", url.Values{"ruolo": {"reader"}})
		if res.status != http.StatusBadRequest || !strings.Contains(res.body, "a te stesso") {
			t.Errorf("self-demotion: %d", res.status)
		}
		// Reset a password: a new one-time password.
		res = f.do(t, "POST", path+"/password", cookie, "", nil)
		if res.status != 200 || !strings.Contains(res.body, "reimpostata") {
			t.Errorf("reset: %d", res.status)
		}
		// Another organization's users are not found.
		other, _, _ := f.st.EnsureOrganization(context.Background(), "Comune di Chiusi")
		stranger := &domain.User{OrganizationID: other.ID, Name: "estraneo", Role: domain.RoleReader}
		if err := f.srv.Auth.CreateUser(context.Background(), stranger, "chiave di prova 2024", false, "test"); err != nil {
			t.Fatal(err)
		}
		if res := f.do(t, "GET", "/amministrazione/utenti/"+strconv.FormatInt(stranger.ID, 10), cookie, "", nil); res.status != http.StatusNotFound {
			t.Errorf("another organization's user: %d", res.status)
		}
	})
}

func TestPagesAndErrors(t *testing.T) {
	f := newFixture(t, "sqlite", nil)
	res := f.do(t, "GET", "/nonesiste", "", "", nil)
	if res.status != http.StatusNotFound || !strings.Contains(res.body, "Pagina non trovata") || !strings.Contains(res.body, `<html lang="it">`) {
		t.Errorf("404: %d %.300s", res.status, res.body)
	}
	if res := f.do(t, "POST", "/", "", "", nil); res.status != http.StatusMethodNotAllowed {
		t.Errorf("POST /: %d, want 405", res.status)
	}
	res = f.do(t, "GET", "/healthz", "", "", nil)
	var health map[string]string
	if res.status != 200 || json.Unmarshal([]byte(res.body), &health) != nil || health["status"] != "ok" {
		t.Errorf("healthz: %d %s", res.status, res.body)
	}
	for _, h := range []string{"X-Content-Type-Options", "Content-Security-Policy", "X-Frame-Options", "Referrer-Policy"} {
		if res.header.Get(h) == "" {
			t.Errorf("header %s missing", h)
		}
	}
	// The managers see their units, and only theirs, in Monitoraggio.
	res = f.do(t, "GET", "/monitoraggio", f.session(t, manager), "", nil)
	if res.status != 200 || !strings.Contains(res.body, ">Area 1<") || strings.Contains(res.body, ">Area 2<") {
		t.Errorf("manager's monitoring: %d %.2000s", res.status, res.body)
	}
	res = f.do(t, "GET", "/monitoraggio/unita/"+strconv.FormatInt(f.unit(t, "Area 2").ID, 10), f.session(t, manager), "", nil)
	if res.status != http.StatusForbidden || !strings.Contains(res.body, "Non sei responsabile dell&#39;unità «Area 2»") {
		t.Errorf("another unit: %d %.300s", res.status, res.body)
	}
	if res := f.do(t, "GET", "/monitoraggio/unita/999", f.session(t, manager), "", nil); res.status != http.StatusNotFound {
		t.Errorf("unknown unit: %d", res.status)
	}
}

func TestStatic(t *testing.T) {
	f := newFixture(t, "sqlite", nil)
	res := f.do(t, "GET", "/static/css/performa.css", "", "", nil)
	if res.status != 200 || !strings.HasPrefix(res.header.Get("Content-Type"), "text/css") || res.header.Get("ETag") == "" {
		t.Fatalf("css: %d %v", res.status, res.header)
	}
	if res := f.do(t, "GET", "/static/nonesiste.css", "", "", nil); res.status != http.StatusNotFound {
		t.Errorf("missing asset: %d", res.status)
	}
	// The page links assets with their fingerprint, cacheable for a year.
	page := f.do(t, "GET", "/accedi", "", "", nil)
	m := regexp.MustCompile(`href="(/static/css/performa\.css\?v=[0-9a-f]+)"`).FindStringSubmatch(page.body)
	if m == nil {
		t.Fatalf("no fingerprinted CSS link in %.500s", page.body)
	}
	if res := f.do(t, "GET", m[1], "", "", nil); !strings.Contains(res.header.Get("Cache-Control"), "immutable") {
		t.Errorf("fingerprinted asset: %v", res.header)
	}
}
