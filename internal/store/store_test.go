package store_test

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/store"
	"github.com/performa-pa/performa/internal/store/storetest"
)

// Every test runs on SQLite and PostgreSQL through storetest.Run.

const orgA, orgB = "Comune di Montepulciano", "Comune di Chiusi"

var contentTables = []string{"organizations", "cycles", "plan_versions", "units", "objectives",
	"indicators", "targets", "import_diagnostics", "audit_log"}

func mustImport(t *testing.T, s *store.Store, p *domain.Plan) *domain.ImportResult {
	t.Helper()
	res, err := s.ImportPlan(context.Background(), p, "admin")
	if err != nil {
		t.Fatalf("ImportPlan: %v", err)
	}
	return res
}

// counts returns the number of rows of every table.
func counts(t *testing.T, s *store.Store) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range contentTables {
		n, err := store.CountRows(context.Background(), s, table)
		if err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		out[table] = n
	}
	return out
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := domain.ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

// stripIDs clears what the store assigns (ids, positions) and the header, so
// that a loaded plan can be compared with the plan before import. It changes
// the units of p in place.
func stripIDs(p *domain.Plan) *domain.Plan {
	q := *p
	q.Organization, q.Cycle, q.Version = domain.Organization{}, domain.Cycle{}, domain.Version{}
	for _, u := range q.Units {
		u.ID, u.OrganizationID, u.Position, u.Identity = 0, 0, 0, 0
		for _, o := range u.Objectives {
			o.ID, o.OrganizationID, o.UnitID, o.Position, o.Identity, o.Revision = 0, 0, 0, 0, 0, 0
			for _, in := range o.Indicators {
				in.ID, in.OrganizationID, in.ObjectiveID, in.Position, in.Identity, in.Revision = 0, 0, 0, 0, 0, 0
			}
		}
	}
	return &q
}

// same fails the test when want and got differ, showing both as JSON.
func same(t *testing.T, what string, want, got any) {
	t.Helper()
	if reflect.DeepEqual(want, got) {
		return
	}
	w, _ := json.MarshalIndent(want, "", "  ")
	g, _ := json.MarshalIndent(got, "", "  ")
	t.Fatalf("%s differs\nwant: %s\ngot:  %s", what, w, g)
}

func TestRoundTrip(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s := storetest.MustOpen(t, dialect)
		p := storetest.SamplePlan(orgA)
		res := mustImport(t, s, p)
		if !res.Created || res.Replaced || res.VersionID == 0 || res.OrganizationID == 0 {
			t.Fatalf("result = %+v", res)
		}
		if p.Version.ID != res.VersionID || p.Organization.ID != res.OrganizationID ||
			p.Cycle.ID != res.CycleID || p.Units[1].Objectives[0].Indicators[1].ID == 0 {
			t.Fatalf("ids not filled into the plan: %+v", p.Version)
		}

		got, err := s.Plan(ctx, res.OrganizationID, res.VersionID)
		if err != nil {
			t.Fatal(err)
		}
		// Loaded equals imported, ids and header included...
		same(t, "units", p.Units, got.Units)
		same(t, "diagnostics", p.Diagnostics, got.Diagnostics)
		same(t, "organization", p.Organization, got.Organization)
		same(t, "cycle", p.Cycle, got.Cycle)
		same(t, "version", p.Version, got.Version)
		if got.Cycle.Status != domain.CycleDraft || got.Version.Status != domain.VersionDraft ||
			got.Version.Number != 1 || got.Version.SourceHash != "5fc117f247c81c3e" {
			t.Errorf("header = %+v %+v", got.Cycle, got.Version)
		}
		cur, err := s.CurrentPlan(ctx, res.OrganizationID)
		if err != nil {
			t.Fatal(err)
		}
		same(t, "current plan", got, cur)
		// ...and, but for ids and positions, equals the plan as built.
		same(t, "plan without ids", stripIDs(storetest.SamplePlan(orgA)), stripIDs(got))
	})
}

func TestPlansAndAuditLog(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s := storetest.MustOpen(t, dialect)
		res := mustImport(t, s, storetest.SamplePlan(orgA))
		ps, err := s.Plans(ctx, res.OrganizationID)
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) != 1 {
			t.Fatalf("%d plans, want 1", len(ps))
		}
		sum := ps[0]
		if sum.Units != 2 || sum.Objectives != 3 || sum.Indicators != 4 ||
			sum.Version.ID != res.VersionID || sum.Organization.Name != orgA ||
			sum.Cycle.FirstYear != 2022 || sum.ImportedAt.IsZero() {
			t.Errorf("summary = %+v", sum)
		}
		log, err := s.AuditLog(ctx, res.OrganizationID, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(log) != 1 || log[0].Action != "import" || log[0].Entity != "plan" ||
			log[0].EntityID != res.VersionID || log[0].Actor != "admin" || log[0].Before != "" {
			t.Fatalf("audit log = %+v", log)
		}
		var after map[string]any
		if err := json.Unmarshal([]byte(log[0].After), &after); err != nil {
			t.Fatalf("audit after %q: %v", log[0].After, err)
		}
		if after["units"] != 2.0 || after["objectives"] != 3.0 || after["file"] != storetest.SourceFile {
			t.Errorf("audit after = %s", log[0].After)
		}
	})
}

func TestReimportReplacesDraft(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s := storetest.MustOpen(t, dialect)
		first := mustImport(t, s, storetest.SamplePlan(orgA))
		before := counts(t, s)

		again := mustImport(t, s, storetest.SamplePlan(orgA))
		if !again.Replaced || again.Created || again.VersionID != first.VersionID ||
			again.OrganizationID != first.OrganizationID || again.CycleID != first.CycleID {
			t.Fatalf("re-import result = %+v, first = %+v", again, first)
		}
		after := counts(t, s)
		before["audit_log"]++ // the one thing that grows
		same(t, "row counts", before, after)

		// A smaller plan from another file replaces the content whole.
		p := storetest.SamplePlan(orgA)
		p.Units = p.Units[1:]
		p.Diagnostics = nil
		p.Version.SourceFile = "pdo_2022_v2.xlsx"
		p.Version.SourceHash = "abc"
		mustImport(t, s, p)
		got, err := s.CurrentPlan(ctx, first.OrganizationID)
		if err != nil {
			t.Fatal(err)
		}
		same(t, "units", p.Units, got.Units)
		if got.Diagnostics != nil || got.Version.SourceFile != "pdo_2022_v2.xlsx" ||
			got.Version.SourceHash != "abc" || got.Version.ID != first.VersionID {
			t.Errorf("version = %+v, diagnostics = %v", got.Version, got.Diagnostics)
		}
		n := counts(t, s)
		if n["plan_versions"] != 1 || n["units"] != 1 || n["objectives"] != 2 ||
			n["indicators"] != 3 || n["targets"] != 9 || n["import_diagnostics"] != 0 {
			t.Errorf("counts after smaller plan = %v", n)
		}
		log, err := s.AuditLog(ctx, first.OrganizationID, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(log) != 3 || !strings.Contains(log[0].Before, `"units":2`) ||
			!strings.Contains(log[0].After, `"units":1`) {
			t.Errorf("audit log, newest first = %+v", log)
		}
	})
}

func TestApprovedPlanRefusesImport(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s := storetest.MustOpen(t, dialect)
		res := mustImport(t, s, storetest.SamplePlan(orgA))
		actDate := time.Date(2022, 1, 27, 0, 0, 0, 0, time.UTC)
		if err := s.ApproveVersion(ctx, res.OrganizationID, res.VersionID, "12", actDate, "segretario"); err != nil {
			t.Fatal(err)
		}
		approved, err := s.Plan(ctx, res.OrganizationID, res.VersionID)
		if err != nil {
			t.Fatal(err)
		}
		v := approved.Version
		if v.Status != domain.VersionApproved || v.ActNumber != "12" || v.ActDate == nil ||
			!v.ActDate.Equal(actDate) || approved.Cycle.Status != domain.CycleApproved {
			t.Fatalf("approved version = %+v, cycle = %+v", v, approved.Cycle)
		}
		before := counts(t, s)

		p := storetest.SamplePlan(orgA)
		_, err = s.ImportPlan(ctx, p, "admin")
		wantCode(t, err, domain.ECONFLICT)
		if msg := domain.ErrorMessage(err); !strings.Contains(msg, "2022–2024") || !strings.Contains(msg, "variazione") {
			t.Errorf("message = %q", msg)
		}
		if p.Version.ID != 0 || p.Units[0].ID != 0 {
			t.Errorf("a refused import left ids in the plan")
		}
		same(t, "row counts", before, counts(t, s))
		after, err := s.Plan(ctx, res.OrganizationID, res.VersionID)
		if err != nil {
			t.Fatal(err)
		}
		same(t, "approved plan", approved, after)

		err = s.ApproveVersion(ctx, res.OrganizationID, res.VersionID, "13", actDate, "segretario")
		wantCode(t, err, domain.ECONFLICT)
	})
}

func TestFailedImportWritesNothing(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s := storetest.MustOpen(t, dialect)
		empty := counts(t, s)

		// The database refuses the last objective, after the organization,
		// cycle, version and the first unit were written.
		bad := storetest.SamplePlan(orgB)
		bad.Units[1].Objectives[1].Kind = "bogus"
		_, err := s.ImportPlan(ctx, bad, "admin")
		wantCode(t, err, domain.EINTERNAL)
		same(t, "row counts after a refused objective", empty, counts(t, s))
		if bad.Organization.ID != 0 || bad.Units[0].ID != 0 || bad.Units[1].Objectives[0].ID != 0 {
			t.Errorf("a failed import left ids in the plan")
		}

		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		_, err = s.ImportPlan(cancelled, storetest.SamplePlan(orgB), "admin")
		if err == nil {
			t.Fatal("import with a cancelled context succeeded")
		}
		same(t, "row counts after a cancelled import", empty, counts(t, s))

		// A failed re-import leaves the draft it would have replaced intact.
		res := mustImport(t, s, storetest.SamplePlan(orgA))
		draft, err := s.Plan(ctx, res.OrganizationID, res.VersionID)
		if err != nil {
			t.Fatal(err)
		}
		full := counts(t, s)
		bad = storetest.SamplePlan(orgA)
		bad.Units[1].Kind = "bogus"
		_, err = s.ImportPlan(ctx, bad, "admin")
		wantCode(t, err, domain.EINTERNAL)
		same(t, "row counts after a failed re-import", full, counts(t, s))
		kept, err := s.Plan(ctx, res.OrganizationID, res.VersionID)
		if err != nil {
			t.Fatal(err)
		}
		same(t, "draft after a failed re-import", draft, kept)
	})
}

func TestImportRefusesInvalidPlans(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		s := storetest.MustOpen(t, dialect)
		empty := counts(t, s)
		noName := storetest.SamplePlan("")
		badYears := storetest.SamplePlan(orgA)
		badYears.Cycle.LastYear = 2021
		twice := storetest.SamplePlan(orgA)
		in := twice.Units[0].Objectives[0].Indicators[0]
		in.Targets = append(in.Targets, domain.Target{Year: 2022, Text: ">= 3"})
		for name, p := range map[string]*domain.Plan{"no name": noName, "years": badYears, "twice": twice} {
			_, err := s.ImportPlan(context.Background(), p, "admin")
			wantCode(t, err, domain.EINVALID)
			if name == "twice" && !strings.Contains(domain.ErrorMessage(err), "foglio 1, riga 3") {
				t.Errorf("message = %q", domain.ErrorMessage(err))
			}
		}
		same(t, "row counts", empty, counts(t, s))
	})
}

func TestTenantIsolation(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s := storetest.MustOpen(t, dialect)
		a := mustImport(t, s, storetest.SamplePlan(orgA))
		b := mustImport(t, s, storetest.SamplePlan(orgB))
		if a.OrganizationID == b.OrganizationID || !b.Created {
			t.Fatalf("organizations not distinct: %+v %+v", a, b)
		}

		_, err := s.Plan(ctx, a.OrganizationID, b.VersionID)
		wantCode(t, err, domain.ENOTFOUND)
		err = s.ApproveVersion(ctx, a.OrganizationID, b.VersionID, "1", time.Now(), "admin")
		wantCode(t, err, domain.ENOTFOUND)

		cur, err := s.CurrentPlan(ctx, a.OrganizationID)
		if err != nil {
			t.Fatal(err)
		}
		if cur.Version.ID != a.VersionID || cur.Organization.Name != orgA {
			t.Errorf("current plan of A = %+v", cur.Version)
		}
		ps, err := s.Plans(ctx, b.OrganizationID)
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) != 1 || ps[0].Version.ID != b.VersionID {
			t.Errorf("plans of B = %+v", ps)
		}
		log, err := s.AuditLog(ctx, b.OrganizationID, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(log) != 1 || log[0].EntityID != b.VersionID {
			t.Errorf("audit log of B = %+v", log)
		}
		_, err = s.CurrentPlan(ctx, b.OrganizationID+1)
		wantCode(t, err, domain.ENOTFOUND)
	})
}

func TestOrganizations(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s := storetest.MustOpen(t, dialect)
		mustImport(t, s, storetest.SamplePlan(orgA))
		b := mustImport(t, s, storetest.SamplePlan(orgB))
		orgs, err := s.Organizations(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(orgs) != 2 || orgs[0].Name != orgB || orgs[1].Name != orgA {
			t.Errorf("organizations = %+v", orgs)
		}
		o, err := s.OrganizationByName(ctx, orgB)
		if err != nil {
			t.Fatal(err)
		}
		if o.ID != b.OrganizationID || o.CreatedAt.IsZero() {
			t.Errorf("organization = %+v", o)
		}
		_, err = s.OrganizationByName(ctx, "Comune di Nessuno")
		wantCode(t, err, domain.ENOTFOUND)
	})
}

func TestMigrationsIdempotent(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		dsn := storetest.DSN(t, dialect)
		s1, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		res := mustImport(t, s1, storetest.SamplePlan(orgA))
		// A second process opening the same database while the first runs.
		s2, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatalf("second open: %v", err)
		}
		s2.Close()
		s1.Close()

		s3, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatalf("reopen: %v", err)
		}
		defer s3.Close()
		p, err := s3.CurrentPlan(ctx, res.OrganizationID)
		if err != nil {
			t.Fatal(err)
		}
		if p.Version.ID != res.VersionID || len(p.Units) != 2 {
			t.Errorf("plan after reopen = %+v", p.Version)
		}
	})
}

func TestAuditLogIsAppendOnly(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s := storetest.MustOpen(t, dialect)
		mustImport(t, s, storetest.SamplePlan(orgA))
		if err := store.Exec(ctx, s, `UPDATE audit_log SET actor = 'x'`); err == nil {
			t.Error("an audit entry was updated")
		}
		if err := store.Exec(ctx, s, `DELETE FROM audit_log`); err == nil {
			t.Error("an audit entry was deleted")
		}
		if n := counts(t, s)["audit_log"]; n != 1 {
			t.Errorf("%d audit entries, want 1", n)
		}
	})
}

func TestDialect(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		if got := storetest.MustOpen(t, dialect).Dialect(); got != dialect {
			t.Errorf("Dialect() = %q, want %q", got, dialect)
		}
	})
}

// TestConcurrentImports re-imports one organization's draft and creates
// another organization from several goroutines at once, while readers load
// the plan: every import succeeds, nothing is duplicated, and no reader ever
// sees a half-written plan.
func TestConcurrentImports(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s := storetest.MustOpen(t, dialect)
		first := mustImport(t, s, storetest.SamplePlan(orgA))
		single := counts(t, s)

		const writers, rounds = 4, 4
		var wg sync.WaitGroup
		errs := make(chan error, 4*writers*rounds)
		for w := range writers {
			wg.Go(func() {
				for range rounds {
					_, err := s.ImportPlan(ctx, storetest.SamplePlan([]string{orgA, orgB}[w%2]), "admin")
					errs <- err
				}
			})
			wg.Go(func() {
				for range rounds {
					p, err := s.CurrentPlan(ctx, first.OrganizationID)
					if err == nil && (len(p.Units) != 2 || p.Objectives() != 3 ||
						len(p.Units[1].Objectives[0].Indicators[0].Targets) != 3) {
						t.Errorf("a reader saw a half-written plan: %d units, %d objectives",
							len(p.Units), p.Objectives())
					}
					errs <- err
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		n := counts(t, s)
		for _, table := range contentTables {
			want := 2 * single[table] // two organizations with one plan each
			if table == "audit_log" {
				want = 1 + writers*rounds
			}
			if n[table] != want {
				t.Errorf("%s: %d rows, want %d", table, n[table], want)
			}
		}
	})
}
