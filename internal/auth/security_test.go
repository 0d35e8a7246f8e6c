package auth_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/auth"
	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/store"
	"github.com/performa-pa/performa/internal/store/storetest"
)

const pw = "cavallo batteria graffetta"

func securityFixture(t *testing.T, dialect string) (*store.Store, *auth.Service, *domain.User, *time.Time) {
	t.Helper()
	ctx := context.Background()
	st := storetest.MustOpen(t, dialect)
	svc := auth.New(st)
	clock := time.Now()
	svc.Now = func() time.Time { return clock }
	org, _, err := st.EnsureOrganization(ctx, "Comune di Prova")
	if err != nil {
		t.Fatal(err)
	}
	u := &domain.User{OrganizationID: org.ID, Name: "rossi", Role: domain.RoleReader}
	if err := svc.CreateUser(ctx, u, pw, false, "admin"); err != nil {
		t.Fatal(err)
	}
	return st, svc, u, &clock
}

// actions lists the actions of the audit log, oldest first.
func actions(t *testing.T, st *store.Store, orgID int64) []string {
	t.Helper()
	es, err := st.AuditLog(context.Background(), orgID, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(es) - 1; i >= 0; i-- {
		out = append(out, es[i].Action+":"+es[i].Actor)
	}
	return out
}

// TestSecurityEvents: sign-ins, failed sign-ins, the lockout, the unlock,
// the sign-out and password changes are in the organization's audit log.
func TestSecurityEvents(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		st, svc, u, _ := securityFixture(t, dialect)
		org := u.OrganizationID
		if _, _, err := svc.SignIn(ctx, org, "nessuno", "sbagliata!", "10.0.0.9", "test"); err == nil {
			t.Fatal("unknown user signed in")
		}
		for range 5 {
			svc.SignIn(ctx, org, "rossi", "sbagliata!", "10.0.0.9", "test")
		}
		if _, _, err := svc.SignIn(ctx, org, "rossi", pw, "10.0.0.9", "test"); domain.ErrorCode(err) != domain.ETOOMANY {
			t.Fatalf("locked out: %v", err)
		}
		if err := svc.Unlock(ctx, u, "admin"); err != nil {
			t.Fatal(err)
		}
		p, _, err := svc.SignIn(ctx, org, "rossi", pw, "10.0.0.9", "test")
		if err != nil {
			t.Fatalf("after the unlock: %v", err)
		}
		if err := svc.SignOut(ctx, p); err != nil {
			t.Fatal(err)
		}
		got := strings.Join(actions(t, st, org), " ")
		want := "create:admin signin_failed:nessuno signin_failed:rossi signin_failed:rossi signin_failed:rossi signin_failed:rossi signin_failed:rossi lockout:rossi unlock:admin signin:rossi signout:rossi"
		if got != want {
			t.Errorf("audit log:\n%s\nwant:\n%s", got, want)
		}
		es, _ := st.AuditLog(ctx, org, 0)
		for _, e := range es {
			if e.Action == "signin_failed" && !strings.Contains(e.After, `"ip":"10.0.0.9"`) {
				t.Errorf("failed sign-in without its address: %+v", e)
			}
		}
	})
}

// TestUnlockAcrossProcesses: an unlock made by another process (the command
// line, while the server runs) reaches the server's throttle through the
// store.
func TestUnlockAcrossProcesses(t *testing.T) {
	ctx := context.Background()
	st, svc, u, _ := securityFixture(t, store.SQLite)
	for range 5 {
		svc.SignIn(ctx, u.OrganizationID, "rossi", "sbagliata!", "10.0.0.9", "test")
	}
	if _, _, err := svc.SignIn(ctx, u.OrganizationID, "rossi", pw, "10.0.0.9", "test"); domain.ErrorCode(err) != domain.ETOOMANY {
		t.Fatalf("locked out: %v", err)
	}
	cli := auth.New(st) // another process, with its own memory
	if err := cli.Unlock(ctx, u, "admin"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.SignIn(ctx, u.OrganizationID, "rossi", pw, "10.0.0.9", "test"); err != nil {
		t.Fatalf("the server ignores the unlock: %v", err)
	}
}

// TestSharedAddressSlowsDown: many failures from one address (an office
// behind NAT) slow its sign-ins down instead of locking everyone out.
func TestSharedAddressSlowsDown(t *testing.T) {
	ctx := context.Background()
	st, svc, u, clock := securityFixture(t, store.SQLite)
	other := &domain.User{OrganizationID: u.OrganizationID, Name: "bianchi", Role: domain.RoleReader}
	if err := svc.CreateUser(ctx, other, pw, false, "admin"); err != nil {
		t.Fatal(err)
	}
	_ = st
	for i := range 40 {
		svc.SignIn(ctx, u.OrganizationID, "utente"+string(rune('a'+i%26)), "sbagliata!", "10.0.0.1", "test")
		*clock = clock.Add(time.Second)
	}
	_, _, err := svc.SignIn(ctx, u.OrganizationID, "bianchi", pw, "10.0.0.1", "test")
	if domain.ErrorCode(err) != domain.ETOOMANY || !strings.Contains(domain.ErrorMessage(err), "secondi") {
		t.Fatalf("right after the failures: %v", err)
	}
	*clock = clock.Add(auth.AddressSlowdown)
	if _, _, err := svc.SignIn(ctx, u.OrganizationID, "bianchi", pw, "10.0.0.1", "test"); err != nil {
		t.Fatalf("a colleague behind the same address is locked out: %v", err)
	}
}

// TestChangePasswordThrottled: the current-password check of a password
// change is throttled like sign-in.
func TestChangePasswordThrottled(t *testing.T) {
	ctx := context.Background()
	_, svc, u, _ := securityFixture(t, store.SQLite)
	p, _, err := svc.SignIn(ctx, u.OrganizationID, "rossi", pw, "10.0.0.1", "test")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if _, _, err := svc.ChangePassword(ctx, p, "sbagliata!", "una frase nuova e lunga", "10.0.0.1", "test"); domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("try %d: %v", i+1, err)
		}
	}
	_, _, err = svc.ChangePassword(ctx, p, pw, "una frase nuova e lunga", "10.0.0.1", "test")
	if domain.ErrorCode(err) != domain.ETOOMANY {
		t.Fatalf("after 5 wrong tries even the right password goes through: %v", err)
	}
}

// TestPasswordChangeRevokesTokens: changing or resetting a password revokes
// the user's API tokens (as it ends the sessions), and says how many.
func TestPasswordChangeRevokesTokens(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		st, svc, u, _ := securityFixture(t, dialect)
		tok, _, err := svc.CreateToken(ctx, u, "script", "admin")
		if err != nil {
			t.Fatal(err)
		}
		p, _, err := svc.SignIn(ctx, u.OrganizationID, "rossi", pw, "10.0.0.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		np, _, err := svc.ChangePassword(ctx, p, pw, "una frase nuova e lunga", "10.0.0.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		if np.RevokedTokens != 1 {
			t.Errorf("revoked %d tokens, want 1", np.RevokedTokens)
		}
		if _, err := svc.Token(ctx, tok); err == nil {
			t.Error("the token survived the password change")
		}
		tok, _, _ = svc.CreateToken(ctx, u, "script", "admin")
		n, err := svc.SetPassword(ctx, u, "un'altra frase lunga", true, "admin")
		if err != nil || n != 1 {
			t.Errorf("reset: %d tokens revoked, %v", n, err)
		}
		if _, err := svc.Token(ctx, tok); err == nil {
			t.Error("the token survived the password reset")
		}
		if ts, _ := st.APITokens(ctx, u.OrganizationID, u.ID); len(ts) != 0 {
			t.Errorf("%d tokens left", len(ts))
		}
	})
}
