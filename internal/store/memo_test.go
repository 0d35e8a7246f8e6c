package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/store"
	"github.com/performa-pa/performa/internal/store/storetest"
)

// TestPinnedReads: under a pinned context the hot reads are answered from
// memory while the ente's generation holds; each caller gets its own copy;
// a change made through the store, by this process or another, shows at
// the next pin; a write under the pinned context shows to the rest of the
// same request; a change made under the store's API shows within
// MemoMaxAge.
func TestPinnedReads(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		dsn := storetest.DSN(t, dialect)
		server := storetest.MustOpenDSN(t, dsn)
		cli := storetest.MustOpenDSN(t, dsn) // another process on the same database
		org := populate(t, server, "Comune di Pienza")
		other := populate(t, server, "Comune di Chiusi")
		hash := "Comune di Pienza" // populate's session
		clock := time.Now()
		store.SetMemoClock(server, func() time.Time { return clock })
		pin := func() context.Context {
			t.Helper()
			c, err := server.Pin(ctx, org)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		user := func(ctx context.Context, orgID int64, hash string) *domain.User {
			t.Helper()
			_, u, err := server.Session(ctx, orgID, hash)
			if err != nil {
				t.Fatal(err)
			}
			return u
		}

		u := user(pin(), org, hash)
		if u.Name != "rossi" || len(u.Units) != 1 {
			t.Fatalf("session's user: %+v", u)
		}
		u.Units[0].Name, u.FullName = "cambiata", "cambiato"
		u.Units = append(u.Units, domain.UnitRef{ID: 1, Name: "aggiunta"})
		if again := user(pin(), org, hash); len(again.Units) != 1 || again.Units[0].Name == "cambiata" || again.FullName == "cambiato" {
			t.Errorf("a caller's change reached the memo: %+v", again)
		}

		// Under the API: no generation moves. The pinned read is the copy
		// (which shows the memo answers), an unpinned one the database,
		// and so is a pinned one for another ente.
		if err := store.Exec(ctx, server, `UPDATE users SET full_name = 'Zeta' WHERE name = 'rossi'`); err != nil {
			t.Fatal(err)
		}
		if got := user(pin(), org, hash).FullName; got == "Zeta" {
			t.Errorf("pinned read went to the database")
		}
		if got := user(ctx, org, hash).FullName; got != "Zeta" {
			t.Errorf("unpinned read: %q", got)
		}
		if got := user(pin(), other, "Comune di Chiusi").FullName; got != "Zeta" {
			t.Errorf("read for another ente under this ente's pin: %q", got)
		}
		clock = clock.Add(store.MemoMaxAge)
		if got := user(pin(), org, hash).FullName; got != "Zeta" {
			t.Errorf("a copy older than %v still answers: %q", store.MemoMaxAge, got)
		}

		// Another process revokes the session: the next request does not
		// find it.
		user(pin(), org, hash)
		if err := cli.DeleteSession(ctx, org, hash); err != nil {
			t.Fatal(err)
		}
		if _, _, err := server.Session(pin(), org, hash); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("session revoked by another process: %v", err)
		}

		// Another process saves an SMVP: the next request reads it.
		versions, err := server.Versions(pin(), org)
		if err != nil || len(versions) == 0 {
			t.Fatalf("versions: %v %v", versions, err)
		}
		cycle := versions[0].Cycle.ID
		versions[0].Version.Reason = "cambiata"
		if again, _ := server.Versions(pin(), org); again[0].Version.Reason == "cambiata" {
			t.Errorf("a caller's change of the versions reached the memo")
		}
		smvp := func(ctx context.Context) *domain.StoredSMVP {
			t.Helper()
			st, err := server.SMVP(ctx, org, cycle)
			if err != nil {
				t.Fatal(err)
			}
			return st
		}
		first := smvp(pin()).Version
		if _, err := cli.SaveSMVP(ctx, org, cycle, domain.DefaultSMVP(), "cli"); err != nil {
			t.Fatal(err)
		}
		if got := smvp(pin()).Version; got != first+1 {
			t.Errorf("SMVP saved by another process: version %d, want %d", got, first+1)
		}

		// A write under the pinned context: the rest of the request reads
		// what it wrote.
		p := pin()
		st := smvp(p)
		if _, err := server.SaveSMVP(p, org, cycle, domain.DefaultSMVP(), "web"); err != nil {
			t.Fatal(err)
		}
		if got := smvp(p).Version; got != st.Version+1 {
			t.Errorf("after a write in the same request: version %d, want %d", got, st.Version+1)
		}

		// Each caller decodes its own SMVP.
		st = smvp(pin())
		for k := range st.SMVP.Methods {
			delete(st.SMVP.Methods, k)
		}
		st.SMVP.RewardBands = nil
		if again := smvp(pin()); len(again.SMVP.Methods) == 0 || len(again.SMVP.RewardBands) == 0 {
			t.Errorf("a caller's change reached the memo: %+v", again.SMVP)
		}

		// An ente that does not exist is not pinned.
		if _, err := server.Pin(ctx, 12345); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("pin of no ente: %v", err)
		}
	})
}
