package store_test

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/performa-pa/performa/internal/audit"
	"github.com/performa-pa/performa/internal/store"
	"github.com/performa-pa/performa/internal/store/storetest"
)

// appRoleGrants is the SQL block of docs/postgresql.md that gives the
// server's role its permissions: the test runs it as written.
func appRoleGrants(t *testing.T) string {
	t.Helper()
	doc, err := os.ReadFile("../../docs/postgresql.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)<!-- app-role-grants:[^>]*-->\n```sql\n(.*?)```").FindSubmatch(doc)
	if m == nil {
		t.Fatal("docs/postgresql.md: no app-role-grants block")
	}
	return string(m[1])
}

// TestServerAsNonOwner: the server runs as a role that does not own the
// tables, with the grants of docs/postgresql.md. It works (imports, reads,
// appends to the audit log) and cannot do what only an owner can: drop or
// disable the audit log's triggers, turn row-level security off, truncate,
// update or delete audit entries.
func TestServerAsNonOwner(t *testing.T) {
	ctx := context.Background()
	owner := storetest.DSN(t, store.Postgres)
	s, err := store.Open(ctx, owner)
	if err != nil {
		t.Fatal(err)
	}
	grants := strings.ReplaceAll(strings.ReplaceAll(appRoleGrants(t), "performa_app", "performa_test_app"),
		"performa_owner", storetest.TestRole)
	app := storetest.AsRole(t, owner, "performa_test_app")
	if err := store.Exec(ctx, s, grants); err != nil {
		t.Fatalf("grants: %v", err)
	}
	s.Close()

	as, err := store.Open(ctx, app)
	if err != nil {
		t.Fatalf("the server's role cannot open the store: %v", err)
	}
	defer as.Close()
	org := mustImport(t, as, storetest.SamplePlan(orgA)).OrganizationID
	addUsers(t, as, org, "u", 2)
	if r := verify(t, as, org); r.Break != nil || r.Entries != 3 {
		t.Fatalf("verify as the server's role: %+v", r)
	}
	for _, q := range []string{
		`DROP TRIGGER audit_log_no_update ON audit_log`,
		`ALTER TABLE audit_log DISABLE TRIGGER USER`,
		`ALTER TABLE audit_log DISABLE ROW LEVEL SECURITY`,
		`ALTER TABLE users NO FORCE ROW LEVEL SECURITY`,
		`DROP POLICY performa_tenant ON users`,
		`TRUNCATE audit_log`,
		`UPDATE audit_log SET actor = 'intruso'`,
		`DELETE FROM audit_log`,
		`DELETE FROM audit_heads`,
		`CREATE TABLE intrusa (organization_id BIGINT)`,
	} {
		if err := store.Exec(ctx, as, q); err == nil {
			t.Errorf("the server's role could: %s", q)
		}
	}
	if r, err := audit.Verify(ctx, as, org); err != nil || r.Break != nil || r.Entries != 3 {
		t.Errorf("the audit log changed: %+v %v", r, err)
	}
}
