package auth_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/auth"
	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/store/storetest"
)

func TestPassword(t *testing.T) {
	h, err := auth.HashPassword("cavallo batteria graffetta")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash = %s", h)
	}
	if ok, err := auth.VerifyPassword(h, "cavallo batteria graffetta"); !ok || err != nil {
		t.Errorf("right password: %v %v", ok, err)
	}
	if ok, err := auth.VerifyPassword(h, "cavallo batteria graffettA"); ok || err != nil {
		t.Errorf("wrong password: %v %v", ok, err)
	}
	h2, _ := auth.HashPassword("cavallo batteria graffetta")
	if h2 == h {
		t.Error("two hashes of one password are equal: no salt")
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=1,t=1,p=1$c2FsdA$a2V5", "$argon2id$v=19$m=999999999,t=1,p=1$c2FsdA$a2V5a2V5a2V5a2V5a2V5"} {
		if _, err := auth.VerifyPassword(bad, "x"); err == nil {
			t.Errorf("VerifyPassword(%q) accepted a bad hash", bad)
		}
	}
	for pw, ok := range map[string]bool{"corta": false, "abbastanza lunga": true, "mario.rossi123": false, strings.Repeat("x", 300): false} {
		if err := auth.CheckPassword(pw, "mario.rossi"); (err == nil) != ok {
			t.Errorf("CheckPassword(%.20q) = %v", pw, err)
		}
	}
	p := auth.GeneratePassword()
	if len(p) != 23 || strings.Count(p, "-") != 3 || auth.CheckPassword(p, "admin") != nil || p == auth.GeneratePassword() {
		t.Errorf("GeneratePassword = %q", p)
	}
}

func TestTokens(t *testing.T) {
	c, h := auth.NewSessionToken(42)
	if org, hash, ok := auth.ParseSessionToken(c); !ok || org != 42 || hash != h || strings.Contains(h, c[3:]) {
		t.Errorf("session token %q: %d %q %v", c, org, hash, ok)
	}
	tok, th := auth.NewAPIToken(7)
	if org, hash, ok := auth.ParseAPIToken(tok); !ok || org != 7 || hash != th || !strings.HasPrefix(tok, "pfm_7_") {
		t.Errorf("API token %q: %d %q %v", tok, org, hash, ok)
	}
	for _, bad := range []string{"", "42", "42.abc", "x." + strings.Repeat("a", 64), "-1." + strings.Repeat("a", 64), "42." + strings.Repeat("g", 64)} {
		if _, _, ok := auth.ParseSessionToken(bad); ok {
			t.Errorf("ParseSessionToken(%q) ok", bad)
		}
	}
	for _, bad := range []string{"", "pfm_", "pfm_7", "xyz_7_" + strings.Repeat("a", 64), "pfm_0_" + strings.Repeat("a", 64)} {
		if _, _, ok := auth.ParseAPIToken(bad); ok {
			t.Errorf("ParseAPIToken(%q) ok", bad)
		}
	}
	c2, _ := auth.NewSessionToken(42)
	if auth.CSRFToken(c) == auth.CSRFToken(c2) || !auth.ValidCSRF(c, auth.CSRFToken(c)) || auth.ValidCSRF(c, auth.CSRFToken(c2)) || auth.ValidCSRF(c, "") {
		t.Error("CSRF tokens are not per session")
	}
}

func TestThrottle(t *testing.T) {
	th := auth.NewThrottle(3, time.Minute)
	for i := 0; i < 3; i++ {
		if b, _ := th.Blocked("k"); b {
			t.Fatalf("blocked after %d failures", i)
		}
		th.Fail("k")
	}
	if b, left := th.Blocked("k"); !b || left <= 0 || left > time.Minute {
		t.Errorf("not blocked after 3 failures: %v %v", b, left)
	}
	if b, _ := th.Blocked("other"); b {
		t.Error("another key is blocked")
	}
	th.Reset("k")
	if b, _ := th.Blocked("k"); b {
		t.Error("blocked after reset")
	}
}

// A manager manages the units of the identities given, never another
// unit with a similar name.
func TestManages(t *testing.T) {
	u := &domain.User{Role: domain.RoleManager, Units: []domain.UnitRef{{ID: 7, Name: "Area Finanziaria"}}}
	if !auth.Manages(u, 7) || auth.Manages(u, 8) || auth.Manages(u, 0) {
		t.Error("Manages compares identities badly")
	}
	u.Role = domain.RoleReader
	if auth.Manages(u, 7) {
		t.Error("a reader manages a unit")
	}
}

func TestService(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		st := storetest.MustOpen(t, dialect)
		svc := auth.New(st)
		clock := time.Now()
		svc.Now = func() time.Time { return clock }

		first, err := svc.Bootstrap(ctx, "")
		if err != nil || first == nil || first.Organization.Name != auth.DefaultOrganization ||
			first.User.Role != domain.RoleAdmin || !first.User.MustChangePassword {
			t.Fatalf("Bootstrap: %+v %v", first, err)
		}
		if again, err := svc.Bootstrap(ctx, ""); again != nil || err != nil {
			t.Fatalf("second Bootstrap: %+v %v", again, err)
		}
		org := first.Organization.ID

		p, cookie, err := svc.SignIn(ctx, org, "ADMIN ", first.Password, "10.0.0.1", "test")
		if err != nil || p.User.Name != "admin" || p.CSRF() == "" {
			t.Fatalf("SignIn: %+v %v", p, err)
		}
		got, err := svc.Session(ctx, cookie)
		if err != nil || got.User.ID != p.User.ID || got.CSRF() != p.CSRF() {
			t.Fatalf("Session: %+v %v", got, err)
		}
		if _, err := svc.Session(ctx, cookie[:len(cookie)-2]); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
			t.Errorf("bad cookie: %v", err)
		}

		// Change the one-time password: the old session ends, a new one opens.
		_, _, err = svc.ChangePassword(ctx, got, "sbagliata", "una password nuova", "10.0.0.1", "test")
		if domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("wrong current password: %v", err)
		}
		np, ncookie, err := svc.ChangePassword(ctx, got, first.Password, "una password nuova", "10.0.0.1", "test")
		if err != nil || np.User.MustChangePassword {
			t.Fatalf("ChangePassword: %v", err)
		}
		if _, err := svc.Session(ctx, cookie); err == nil {
			t.Error("the old session survived the password change")
		}
		if _, err := svc.Session(ctx, ncookie); err != nil {
			t.Errorf("new session: %v", err)
		}

		// Idle and absolute expiry.
		clock = clock.Add(auth.SessionIdle + time.Second)
		if _, err := svc.Session(ctx, ncookie); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
			t.Errorf("idle session: %v", err)
		}
		_, c2, err := svc.SignIn(ctx, org, "admin", "una password nuova", "10.0.0.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 4; i++ { // touched every few hours, until the day ends
			clock = clock.Add(3 * time.Hour)
			if _, err := svc.Session(ctx, c2); (err == nil) != (i < 3) {
				t.Errorf("after %dh: %v", 3*(i+1), err)
			}
		}

		// Wrong passwords and unknown users look the same; the throttle
		// stops the sixth try even with the right password.
		for i := 0; i < 5; i++ {
			_, _, err := svc.SignIn(ctx, org, "admin", "sbagliata!!", "10.0.0.2", "test")
			if domain.ErrorMessage(err) != "Nome utente o password non corretti." {
				t.Fatalf("try %d: %v", i, err)
			}
		}
		_, _, err = svc.SignIn(ctx, org, "nessuno", "sbagliata!!", "10.0.0.3", "test")
		if domain.ErrorMessage(err) != "Nome utente o password non corretti." {
			t.Errorf("unknown user: %v", err)
		}
		_, _, err = svc.SignIn(ctx, org, "admin", "una password nuova", "10.0.0.4", "test")
		if domain.ErrorCode(err) != domain.ETOOMANY || !strings.Contains(domain.ErrorMessage(err), "Riprova tra 15 minuti") {
			t.Errorf("throttled: %v", err)
		}

		// API tokens.
		tok, rec, err := svc.CreateToken(ctx, p.User, "script", "admin")
		if err != nil || rec.ID == 0 {
			t.Fatal(err)
		}
		tp, err := svc.Token(ctx, tok)
		if err != nil || tp.User.ID != p.User.ID || tp.CSRF() != "" || tp.Token.LastUsedAt == nil {
			t.Fatalf("Token: %+v %v", tp, err)
		}
		flipped := tok[:len(tok)-1] + map[bool]string{true: "1", false: "0"}[tok[len(tok)-1] == '0']
		if _, err := svc.Token(ctx, flipped); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
			t.Errorf("bad token: %v", err)
		}

		// A disabled user cannot sign in nor use its token.
		r := &domain.User{OrganizationID: org, Name: "lettore", Role: domain.RoleReader}
		if err := svc.CreateUser(ctx, r, "segreto di lettura", false, "admin"); err != nil {
			t.Fatal(err)
		}
		rtok, _, _ := svc.CreateToken(ctx, r, "", "admin")
		r.Disabled = true
		if err := st.UpdateUser(ctx, r, "admin"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.SignIn(ctx, org, "lettore", "segreto di lettura", "10.0.0.5", "test"); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Errorf("disabled user signs in: %v", err)
		}
		if _, err := svc.Token(ctx, rtok); err == nil {
			t.Error("disabled user's token works")
		}
	})
}

func TestBootstrapOrganizations(t *testing.T) {
	ctx := context.Background()
	st := storetest.MustOpen(t, "sqlite")
	svc := auth.New(st)
	st.EnsureOrganization(ctx, "Comune di A")
	st.EnsureOrganization(ctx, "Comune di B")
	if _, err := svc.Bootstrap(ctx, ""); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("two organizations, no name: %v", err)
	}
	first, err := svc.Bootstrap(ctx, "Comune di B")
	if err != nil || first.Organization.Name != "Comune di B" {
		t.Errorf("named: %+v %v", first, err)
	}
}
