package store_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/audit"
	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/store"
	"github.com/performa-pa/performa/internal/store/storetest"
)

// addUsers writes n users (and so n audit entries) in org.
func addUsers(t *testing.T, s *store.Store, orgID int64, prefix string, n int) {
	t.Helper()
	for i := range n {
		u := &domain.User{OrganizationID: orgID, Name: fmt.Sprintf("%s%d", prefix, i), Role: domain.RoleReader,
			PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$a2V5"}
		if err := s.CreateUser(context.Background(), u, "admin"); err != nil {
			t.Fatal(err)
		}
	}
}

func verify(t *testing.T, s *store.Store, orgID int64) *audit.Report {
	t.Helper()
	r, err := audit.Verify(context.Background(), s, orgID)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// disableAuditTriggers does what someone with the database's keys could:
// take the append-only guard away.
func disableAuditTriggers(t *testing.T, s *store.Store) {
	t.Helper()
	ctx := context.Background()
	var stmts []string
	if s.Dialect() == store.SQLite {
		stmts = []string{"DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete", "DROP TRIGGER audit_log_no_replace"}
	} else {
		stmts = []string{"ALTER TABLE audit_log DISABLE TRIGGER USER"}
	}
	for _, q := range stmts {
		if err := store.Exec(ctx, s, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// TestAuditLogRefusesReplacement: besides UPDATE and DELETE, the ways
// around row triggers are refused: SQLite's INSERT OR REPLACE (which
// deletes the old row without firing delete triggers), an upsert, and
// PostgreSQL's TRUNCATE. The entry is left as it was.
func TestAuditLogRefusesReplacement(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s := storetest.MustOpen(t, dialect)
		res := mustImport(t, s, storetest.SamplePlan(orgA))
		entries, err := s.AuditLog(ctx, res.OrganizationID, 0)
		if err != nil || len(entries) != 1 {
			t.Fatalf("audit log: %v %v", entries, err)
		}
		e := entries[0]
		cols := `(organization_id, id, at, actor, action, entity, entity_id, before_json, after_json)`
		vals := `VALUES ($1, $2, $3, 'intruso', $4, $5, $6, '', '')`
		attempts := []string{
			`INSERT INTO audit_log ` + cols + ` ` + vals +
				` ON CONFLICT (organization_id, id) DO UPDATE SET actor = 'intruso'`,
		}
		if dialect == store.SQLite {
			attempts = append(attempts, `INSERT OR REPLACE INTO audit_log `+cols+` `+vals,
				`REPLACE INTO audit_log `+cols+` `+vals)
		} else {
			attempts = append(attempts, `TRUNCATE audit_log`, `TRUNCATE audit_log CASCADE`)
		}
		for _, q := range attempts {
			args := []any{e.OrganizationID, e.ID, e.At, e.Action, e.Entity, e.EntityID}
			if strings.HasPrefix(q, "TRUNCATE") {
				args = nil
			}
			if err := store.Exec(ctx, s, q, args...); err == nil {
				t.Errorf("accepted: %s", q)
			}
		}
		after, _ := s.AuditLog(ctx, res.OrganizationID, 0)
		if len(after) != 1 || after[0].Actor != "admin" {
			t.Errorf("the audit log changed: %+v", after)
		}
		if r := verify(t, s, res.OrganizationID); r.Break != nil || r.Entries != 1 {
			t.Errorf("verify: %+v", r)
		}
	})
}

// TestAuditChain: each organization's entries form their own chain, from
// 1; the chain is intact after ordinary use, and an entry changed under
// the API (triggers disabled) or the latest entries removed are found.
func TestAuditChain(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s := storetest.MustOpen(t, dialect)
		a := mustImport(t, s, storetest.SamplePlan(orgA)).OrganizationID
		b := mustImport(t, s, storetest.SamplePlan(orgB)).OrganizationID
		addUsers(t, s, a, "a", 4)
		addUsers(t, s, b, "b", 2)
		for org, n := range map[int64]int{a: 5, b: 3} {
			r := verify(t, s, org)
			if r.Break != nil || r.Entries != n || r.Head.Seq != int64(n) || len(r.Head.Hash) != 64 {
				t.Errorf("org %d: %+v", org, r)
			}
		}
		entries, _ := s.AuditLog(ctx, a, 0)
		for _, e := range entries {
			if e.Seq < 1 || e.Hash != audit.Hash(&e) {
				t.Errorf("entry %+v: not sealed", e)
			}
		}

		disableAuditTriggers(t, s)
		if err := store.Exec(ctx, s, `UPDATE audit_log SET actor = 'intruso' WHERE organization_id = $1 AND seq = 3`, a); err != nil {
			t.Fatal(err)
		}
		r := verify(t, s, a)
		if r.Break == nil || r.Break.Entry.Seq != 3 || r.Break.Problem != audit.Altered ||
			!strings.Contains(r.Break.Message(), "la voce n. 3 del ") || !strings.Contains(r.Break.Message(), "«intruso»") {
			t.Errorf("altered entry: %+v", r.Break)
		}
		if r := verify(t, s, b); r.Break != nil {
			t.Errorf("the other organization's chain broke: %+v", r.Break)
		}
		if err := store.Exec(ctx, s, `DELETE FROM audit_log WHERE organization_id = $1 AND seq = 3`, b); err != nil {
			t.Fatal(err)
		}
		r = verify(t, s, b)
		if r.Break == nil || r.Break.Problem != audit.Head || !strings.Contains(r.Break.Message(), "ne risultano scritte 3") {
			t.Errorf("last entry removed: %+v", r.Break)
		} else {
			t.Log(r.Break.Message())
		}
	})
}

// TestAuditChainConcurrent: writers of one organization take turns, so
// that the chain never forks, while other organizations go on.
func TestAuditChainConcurrent(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		s := storetest.MustOpen(t, dialect)
		a := mustImport(t, s, storetest.SamplePlan(orgA)).OrganizationID
		b := mustImport(t, s, storetest.SamplePlan(orgB)).OrganizationID
		var wg sync.WaitGroup
		for w := range 8 {
			org := a
			if w%4 == 3 {
				org = b
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				addUsers(t, s, org, fmt.Sprintf("w%d-", w), 6)
			}()
		}
		wg.Wait()
		for org, n := range map[int64]int{a: 1 + 6*6, b: 1 + 2*6} {
			if r := verify(t, s, org); r.Break != nil || r.Entries != n {
				t.Errorf("org %d: %d entries (want %d), break %+v", org, r.Entries, n, r.Break)
			}
		}
	})
}

// TestAuditChainLegacy: entries written before the chain existed (a store
// made by an older performa) are chained by the migration, in the order
// they were written, and the chain goes on from them.
func TestAuditChainLegacy(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		dsn := storetest.DSN(t, dialect)
		if err := store.MigrateTo(ctx, dsn, 4); err != nil {
			t.Fatal(err)
		}
		old, err := store.OpenRaw(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t0 := time.Date(2023, 1, 10, 9, 0, 0, 0, time.UTC)
		for _, q := range []string{
			`INSERT INTO organizations (id, name, created_at) VALUES (7, 'Comune di Pienza', $1)`,
			`INSERT INTO organizations (id, name, created_at) VALUES (8, 'Comune di Chiusi', $1)`,
		} {
			if _, err := old.ExecContext(ctx, q, t0); err != nil {
				t.Fatal(err)
			}
		}
		for i, org := range []int64{7, 8, 7, 7, 8} {
			if _, err := old.ExecContext(ctx,
				`INSERT INTO audit_log (organization_id, id, at, actor, action, entity, entity_id, before_json, after_json)
				 VALUES ($1, $2, $3, 'admin', 'update', 'objective', 99, '{"a":1}', '{"a":2}')`,
				org, 100-i, t0.Add(time.Duration(i)*time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
		old.Close()
		s, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		addUsers(t, s, 7, "p", 1)
		r := verify(t, s, 7)
		if r.Break != nil || r.Entries != 4 || r.Head.Seq != 4 {
			t.Errorf("Pienza: %+v", r)
		}
		entries, _ := s.AuditLog(ctx, 7, 0)
		if len(entries) != 4 || entries[3].ID != 100 || entries[3].Seq != 1 || entries[1].ID != 97 || entries[1].Seq != 3 {
			t.Errorf("legacy entries not chained in the order written: %+v", entries)
		}
		if r := verify(t, s, 8); r.Break != nil || r.Entries != 2 {
			t.Errorf("Chiusi: %+v", r)
		}
	})
}
