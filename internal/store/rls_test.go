package store_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/store"
	"github.com/performa-pa/performa/internal/store/storetest"
)

// populate gives an organization a row in as many tables as the store's
// API can fill: plan, users with units, a session, a token, measurements,
// a validation, an SMVP, a rating, the audit log and its head.
func populate(t *testing.T, s *store.Store, name string) int64 {
	t.Helper()
	ctx := context.Background()
	p := storetest.SamplePlan(name)
	mustImport(t, s, p)
	org := p.Organization.ID
	u := &domain.User{OrganizationID: org, Name: "rossi", Role: domain.RoleManager, Units: []string{p.Units[1].Name},
		PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$a2V5"}
	if err := s.CreateUser(ctx, u, "admin"); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateSession(ctx, &domain.Session{OrganizationID: org, TokenHash: name, UserID: u.ID,
		ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateAPIToken(ctx, &domain.APIToken{OrganizationID: org, UserID: u.ID, TokenHash: name}, "admin"); err != nil {
		t.Fatal(err)
	}
	o := p.Units[1].Objectives[0]
	if err := s.AddMeasurement(ctx, org, &domain.Measurement{IndicatorID: o.Indicators[0].ID,
		Date: time.Date(2022, 6, 30, 0, 0, 0, 0, time.UTC), Number: ptr(20), RecordedBy: "rossi"}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddValidation(ctx, org, &domain.Validation{ObjectiveID: o.ID, Year: 2022, Percent: 50,
		Reason: "r", ValidatedBy: "ndv"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveSMVP(ctx, org, p.Cycle.ID, domain.DefaultSMVP(), "admin"); err != nil {
		t.Fatal(err)
	}
	if err := s.AddBehaviourRating(ctx, org, &domain.BehaviourRating{CycleID: p.Cycle.ID, Year: 2022,
		Manager: "Rossi", Percent: 80, Reason: "r", RatedBy: "ndv"}); err != nil {
		t.Fatal(err)
	}
	return org
}

// TestRowLevelSecurity: on PostgreSQL every table holding organization_id
// has row-level security, forced, with a policy; a query without the
// organization filter, in a transaction working for one organization,
// returns only that organization's rows, and one in a transaction naming
// no organization returns none. The tables are found in the schema, so
// that a table added by a later migration without its policy fails here.
func TestRowLevelSecurity(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.DSN(t, store.Postgres)
	s, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a := populate(t, s, orgA)
	b := populate(t, s, orgB)
	// Migrations see every organization: one that fills in a new column
	// must reach every row.
	if n, err := store.MigrationOrganizations(ctx, dsn, "objectives"); err != nil || n != 2 {
		t.Errorf("a migration sees %d organizations (%v), want 2", n, err)
	}

	// The store's role is one the policies apply to.
	if super, err := store.QueryAs(ctx, s, a,
		`SELECT (rolsuper OR rolbypassrls)::int FROM pg_roles WHERE rolname = current_user`); err != nil || len(super) != 1 || super[0] != 0 {
		t.Fatalf("the tests' store connects as a role that bypasses row-level security (%v, %v)", super, err)
	}

	tables := tablesWithOrganization(t, s, a)
	if len(tables) < 15 {
		t.Fatalf("only %d tables hold organization_id: %v", len(tables), tables)
	}
	for _, table := range tables {
		guarded, err := store.QueryAs(ctx, s, a, `SELECT (c.relrowsecurity AND c.relforcerowsecurity
			AND EXISTS (SELECT 1 FROM pg_policies p WHERE p.schemaname = current_schema()
			  AND p.tablename = c.relname AND p.policyname = 'performa_tenant'))::int
			FROM pg_class c WHERE c.oid = '`+table+`'::regclass`)
		if err != nil || len(guarded) != 1 || guarded[0] != 1 {
			t.Errorf("table %s holds organization_id but has no row-level security policy: its migration must call SELECT performa_isolate('%s'); (%v)",
				table, table, err)
			continue
		}
		// No WHERE organization_id: the policy is the only filter.
		orgs := map[int64]bool{}
		for _, org := range []int64{a, b} {
			seen, err := store.QueryAs(ctx, s, org, `SELECT DISTINCT organization_id FROM `+table)
			if err != nil {
				t.Fatalf("%s: %v", table, err)
			}
			for _, id := range seen {
				if id != org {
					t.Errorf("%s: working for organization %d, a query without filter saw organization %d", table, org, id)
				}
				orgs[id] = true
			}
		}
		if none, err := store.QueryUnscoped(ctx, s, `SELECT DISTINCT organization_id FROM `+table); err != nil || len(none) != 0 {
			t.Errorf("%s: a transaction naming no organization saw %v (%v)", table, none, err)
		}
		t.Logf("%s: each organization sees only its own rows (%d organizations with rows)", table, len(orgs))
	}

	// Writes are held to the organization too: another's rows are out of
	// reach, and a row for another cannot be added.
	if n, err := store.ExecAs(ctx, s, a, `UPDATE users SET full_name = 'intruso'`); err != nil || n != 1 {
		t.Errorf("update without filter: %d rows (%v), want only organization A's user", n, err)
	}
	if n, err := store.ExecAs(ctx, s, a, `DELETE FROM sessions WHERE organization_id = $1`, b); err != nil || n != 0 {
		t.Errorf("delete of another organization's sessions: %d rows (%v)", n, err)
	}
	ub, err := s.UserByName(ctx, b, "rossi")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.ExecAs(ctx, s, a, `INSERT INTO user_units (organization_id, user_id, unit_name)
		VALUES ($1, $2, 'Area intrusa')`, b, ub.ID); err == nil || !strings.Contains(err.Error(), "row-level security") {
		t.Errorf("a row for another organization was inserted (%v)", err)
	}
	ub, err = s.UserByName(ctx, b, "rossi")
	if err != nil || ub.FullName != "" || len(ub.Units) != 1 {
		t.Errorf("organization B's user changed: %+v %v", ub, err)
	}
}

// tablesWithOrganization lists the tables of the schema that hold an
// organization_id column.
func tablesWithOrganization(t *testing.T, s *store.Store, org int64) []string {
	t.Helper()
	rows, err := store.QueryNames(context.Background(), s, org, `SELECT c.relname FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid
		WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
		  AND a.attname = 'organization_id' AND NOT a.attisdropped ORDER BY c.relname`)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// allowedAcross is every operation that may see all organizations at once,
// with why it must. Adding one means deciding, here, that it is legitimate.
var allowedAcross = map[string]string{
	"count users":    "the first start makes an administrator only in a store without users",
	"purge sessions": "serve deletes the expired sessions of every organization",
}

// TestAcrossOrganizationsCallers: the store crosses organizations only for
// the operations of allowedAcross, each named where it happens.
func TestAcrossOrganizationsCallers(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	call := regexp.MustCompile(`acrossOrganizations\(ctx, s\.\w+, "([^"]*)"`)
	seen := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || f == "tenant.go" {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		n := strings.Count(string(src), "acrossOrganizations(")
		ms := call.FindAllStringSubmatch(string(src), -1)
		if len(ms) != n {
			t.Errorf("%s: %d calls of acrossOrganizations, %d of them with the reason as a literal", f, n, len(ms))
		}
		for _, m := range ms {
			if _, ok := allowedAcross[m[1]]; !ok {
				t.Errorf("%s: acrossOrganizations for %q, which allowedAcross does not list", f, m[1])
			}
			seen[m[1]] = true
		}
	}
	var unused []string
	for why := range allowedAcross {
		if !seen[why] {
			unused = append(unused, why)
		}
	}
	sort.Strings(unused)
	if len(unused) > 0 {
		t.Errorf("allowedAcross lists operations nothing does: %v", unused)
	}
}
