package store_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/store"
	"github.com/performa-pa/performa/internal/store/storetest"
)

func mustOrg(t *testing.T, s *store.Store, name string) *domain.Organization {
	t.Helper()
	o, _, err := s.EnsureOrganization(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func mustUser(t *testing.T, s *store.Store, u *domain.User) *domain.User {
	t.Helper()
	if u.PasswordHash == "" {
		u.PasswordHash = "$argon2id$test"
	}
	if err := s.CreateUser(context.Background(), u, "test"); err != nil {
		t.Fatalf("CreateUser %s: %v", u.Name, err)
	}
	return u
}

func TestUsers(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s := storetest.MustOpen(t, dialect)
		if n, err := s.CountUsers(ctx); err != nil || n != 0 {
			t.Fatalf("CountUsers on a new store = %d, %v", n, err)
		}
		a, created, err := s.EnsureOrganization(ctx, orgA)
		if err != nil || !created {
			t.Fatalf("EnsureOrganization: %v created %v", err, created)
		}
		if again, created, err := s.EnsureOrganization(ctx, orgA); err != nil || created || again.ID != a.ID {
			t.Fatalf("EnsureOrganization again: %+v %v %v", again, created, err)
		}
		if o, err := s.OrganizationByID(ctx, a.ID); err != nil || o.Name != orgA {
			t.Fatalf("OrganizationByID: %+v %v", o, err)
		}
		_, err = s.OrganizationByID(ctx, 42)
		wantCode(t, err, domain.ENOTFOUND)
		b := mustOrg(t, s, orgB)

		m := mustUser(t, s, &domain.User{OrganizationID: a.ID, Name: "  M.Rossi ", FullName: " Mario   Rossi ",
			Role: domain.RoleManager, Units: []string{"Area  Tecnica", "Area Finanziaria"}, MustChangePassword: true})
		if m.ID == 0 || m.Name != "m.rossi" || m.FullName != "Mario Rossi" || m.CreatedAt.IsZero() {
			t.Fatalf("created user: %+v", m)
		}
		if !reflect.DeepEqual(m.Units, []string{"Area Finanziaria", "Area Tecnica"}) {
			t.Errorf("units = %q", m.Units)
		}
		// The same name in another organization is another user.
		mustUser(t, s, &domain.User{OrganizationID: b.ID, Name: "m.rossi", Role: domain.RoleReader})
		err = s.CreateUser(ctx, &domain.User{OrganizationID: a.ID, Name: "M.ROSSI", Role: domain.RoleReader, PasswordHash: "x"}, "test")
		wantCode(t, err, domain.ECONFLICT)
		for _, bad := range []domain.User{
			{Name: "", Role: domain.RoleReader},
			{Name: "mario rossi", Role: domain.RoleReader},
			{Name: "àlfa", Role: domain.RoleReader},
			{Name: "x", Role: "boss"},
			{Name: "x", Role: domain.RoleReader, Units: []string{"Area"}},
			{Name: "x", Role: domain.RoleManager},
			{Name: "x", Role: domain.RoleManager, Units: []string{"Area", " Area "}},
		} {
			bad.OrganizationID, bad.PasswordHash = a.ID, "x"
			wantCode(t, s.CreateUser(ctx, &bad, "test"), domain.EINVALID)
		}

		got, err := s.UserByName(ctx, a.ID, "M.Rossi")
		if err != nil {
			t.Fatal(err)
		}
		same(t, "UserByName", m, got)
		got, err = s.User(ctx, a.ID, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		same(t, "User", m, got)
		_, err = s.User(ctx, b.ID, m.ID)
		wantCode(t, err, domain.ENOTFOUND)
		_, err = s.UserByName(ctx, a.ID, "nessuno")
		wantCode(t, err, domain.ENOTFOUND)

		mustUser(t, s, &domain.User{OrganizationID: a.ID, Name: "admin", Role: domain.RoleAdmin})
		list, err := s.Users(ctx, a.ID)
		if err != nil || len(list) != 2 || list[0].Name != "admin" || list[1].Name != "m.rossi" ||
			!reflect.DeepEqual(list[1].Units, m.Units) || list[0].Units != nil {
			t.Fatalf("Users: %+v %v", list, err)
		}
		if n, err := s.CountUsers(ctx); err != nil || n != 3 {
			t.Errorf("CountUsers = %d, %v", n, err)
		}

		// Update: role, units, full name, disabled; the name and the
		// password stay.
		upd := &domain.User{OrganizationID: a.ID, ID: m.ID, Name: "ignored", FullName: "Mario Rossi",
			Role: domain.RoleManager, Units: []string{"Area Vigilanza"}}
		if err := s.UpdateUser(ctx, upd, "admin"); err != nil {
			t.Fatal(err)
		}
		got, _ = s.User(ctx, a.ID, m.ID)
		if got.Name != "m.rossi" || !reflect.DeepEqual(got.Units, []string{"Area Vigilanza"}) ||
			got.PasswordHash != m.PasswordHash || !got.MustChangePassword || !got.UpdatedAt.After(m.UpdatedAt) && !got.UpdatedAt.Equal(m.UpdatedAt) {
			t.Fatalf("after update: %+v", got)
		}
		same(t, "UpdateUser's user", got, upd)
		upd.Role, upd.Units = domain.RoleEvaluator, nil
		if err := s.UpdateUser(ctx, upd, "admin"); err != nil {
			t.Fatal(err)
		}
		if got, _ = s.User(ctx, a.ID, m.ID); got.Role != domain.RoleEvaluator || got.Units != nil {
			t.Fatalf("after second update: %+v", got)
		}
		wantCode(t, s.UpdateUser(ctx, &domain.User{OrganizationID: b.ID, ID: m.ID, Name: "x", Role: domain.RoleReader}, "admin"), domain.ENOTFOUND)

		// Password: replaced, sessions gone.
		sess := &domain.Session{OrganizationID: a.ID, TokenHash: "h1", UserID: m.ID, ExpiresAt: time.Now().Add(time.Hour)}
		if err := s.CreateSession(ctx, sess); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SetPassword(ctx, a.ID, m.ID, "$argon2id$new", false, "m.rossi"); err != nil {
			t.Fatal(err)
		}
		if got, _ = s.User(ctx, a.ID, m.ID); got.PasswordHash != "$argon2id$new" || got.MustChangePassword {
			t.Errorf("after SetPassword: %+v", got)
		}
		_, _, err = s.Session(ctx, a.ID, "h1")
		wantCode(t, err, domain.ENOTFOUND)
		_, err = s.SetPassword(ctx, b.ID, m.ID, "x", false, "x")
		wantCode(t, err, domain.ENOTFOUND)

		// Every change is in the audit log, never a password hash.
		log, err := s.AuditLog(ctx, a.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		actions := map[string]int{}
		for _, e := range log {
			if e.Entity == "user" {
				actions[e.Action]++
			}
			for _, js := range []string{e.Before, e.After} {
				if js != "" && (strings.Contains(js, "argon2") || strings.Contains(js, "password_hash")) {
					t.Errorf("audit entry leaks the password: %s", js)
				}
			}
		}
		if actions["create"] != 2 || actions["update"] != 2 || actions["password"] != 1 {
			t.Errorf("audit actions: %v", actions)
		}
	})
}

func TestUnits(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s := storetest.MustOpen(t, dialect)
		p := storetest.GeneratedPlan(orgA, 3, 1)
		res := mustImport(t, s, p)
		names, err := s.UnitNames(ctx, res.OrganizationID)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, u := range p.Units {
			if u.Kind == domain.UnitArea {
				want = append(want, u.Name)
			}
		}
		if len(names) == 0 || len(names) != len(want) {
			t.Fatalf("UnitNames = %q, want %q", names, want)
		}
		u0 := p.Units[0]
		got, err := s.Unit(ctx, res.OrganizationID, u0.ID)
		if err != nil || got.Name != u0.Name || got.Kind != u0.Kind || got.Objectives != nil {
			t.Fatalf("Unit: %+v %v", got, err)
		}
		b := mustOrg(t, s, orgB)
		_, err = s.Unit(ctx, b.ID, u0.ID)
		wantCode(t, err, domain.ENOTFOUND)
		if names, err := s.UnitNames(ctx, b.ID); err != nil || len(names) != 0 {
			t.Errorf("UnitNames of another organization: %q %v", names, err)
		}
	})
}

func TestSessions(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s := storetest.MustOpen(t, dialect)
		a, b := mustOrg(t, s, orgA), mustOrg(t, s, orgB)
		u := mustUser(t, s, &domain.User{OrganizationID: a.ID, Name: "lettore", Role: domain.RoleReader})
		start := time.Now().UTC().Truncate(time.Microsecond)
		sess := &domain.Session{OrganizationID: a.ID, TokenHash: "abc", UserID: u.ID, CreatedAt: start,
			ExpiresAt: start.Add(time.Hour), IP: "127.0.0.1", UserAgent: "test"}
		if err := s.CreateSession(ctx, sess); err != nil {
			t.Fatal(err)
		}
		got, gu, err := s.Session(ctx, a.ID, "abc")
		if err != nil {
			t.Fatal(err)
		}
		same(t, "session", sess, got)
		same(t, "session user", u, gu)
		// Another organization never finds it.
		_, _, err = s.Session(ctx, b.ID, "abc")
		wantCode(t, err, domain.ENOTFOUND)

		later := start.Add(10 * time.Minute)
		if err := s.TouchSession(ctx, a.ID, "abc", later); err != nil {
			t.Fatal(err)
		}
		if got, _, _ = s.Session(ctx, a.ID, "abc"); !got.LastSeenAt.Equal(later) {
			t.Errorf("LastSeenAt = %v, want %v", got.LastSeenAt, later)
		}

		// A new sign-in removes the user's expired sessions; PurgeSessions
		// removes everyone's.
		old := &domain.Session{OrganizationID: a.ID, TokenHash: "old", UserID: u.ID,
			CreatedAt: start.Add(-48 * time.Hour), ExpiresAt: start.Add(-time.Hour)}
		if err := s.CreateSession(ctx, old); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateSession(ctx, &domain.Session{OrganizationID: a.ID, TokenHash: "new", UserID: u.ID, ExpiresAt: start.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		_, _, err = s.Session(ctx, a.ID, "old")
		wantCode(t, err, domain.ENOTFOUND)
		if err := s.CreateSession(ctx, old); err != nil {
			t.Fatal(err)
		}
		if n, err := s.PurgeSessions(ctx, start); err != nil || n != 1 {
			t.Errorf("PurgeSessions = %d, %v", n, err)
		}

		if err := s.DeleteSession(ctx, a.ID, "abc"); err != nil {
			t.Fatal(err)
		}
		_, _, err = s.Session(ctx, a.ID, "abc")
		wantCode(t, err, domain.ENOTFOUND)
		if err := s.DeleteSession(ctx, a.ID, "abc"); err != nil {
			t.Errorf("deleting twice: %v", err)
		}

		// Disabling a user signs it out.
		u.Disabled = true
		if err := s.UpdateUser(ctx, u, "admin"); err != nil {
			t.Fatal(err)
		}
		_, _, err = s.Session(ctx, a.ID, "new")
		wantCode(t, err, domain.ENOTFOUND)
	})
}

func TestAPITokens(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s := storetest.MustOpen(t, dialect)
		a, b := mustOrg(t, s, orgA), mustOrg(t, s, orgB)
		u := mustUser(t, s, &domain.User{OrganizationID: a.ID, Name: "nucleo", Role: domain.RoleEvaluator})
		tok := &domain.APIToken{OrganizationID: a.ID, UserID: u.ID, Label: "script", TokenHash: "h"}
		if err := s.CreateAPIToken(ctx, tok, "admin"); err != nil {
			t.Fatal(err)
		}
		if tok.ID == 0 || tok.CreatedAt.IsZero() {
			t.Fatalf("token: %+v", tok)
		}
		got, gu, err := s.APIToken(ctx, a.ID, "h")
		if err != nil {
			t.Fatal(err)
		}
		same(t, "token", tok, got)
		same(t, "token user", u, gu)
		_, _, err = s.APIToken(ctx, b.ID, "h")
		wantCode(t, err, domain.ENOTFOUND)
		wantCode(t, s.CreateAPIToken(ctx, &domain.APIToken{OrganizationID: b.ID, UserID: u.ID, TokenHash: "x"}, "admin"), domain.ENOTFOUND)

		at := time.Now().UTC().Truncate(time.Microsecond)
		if err := s.TouchAPIToken(ctx, a.ID, tok.ID, at); err != nil {
			t.Fatal(err)
		}
		list, err := s.APITokens(ctx, a.ID, u.ID)
		if err != nil || len(list) != 1 || list[0].LastUsedAt == nil || !list[0].LastUsedAt.Equal(at) {
			t.Fatalf("APITokens: %+v %v", list, err)
		}
		if err := s.DeleteAPIToken(ctx, a.ID, tok.ID, "admin"); err != nil {
			t.Fatal(err)
		}
		wantCode(t, s.DeleteAPIToken(ctx, a.ID, tok.ID, "admin"), domain.ENOTFOUND)
		_, _, err = s.APIToken(ctx, a.ID, "h")
		wantCode(t, err, domain.ENOTFOUND)
	})
}
