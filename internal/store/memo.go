package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/performa-pa/performa/internal/domain"
)

// Reads answered from memory while nothing changed.
//
// Every page asks the store the same small things: whose session it is,
// the ente, its versions and their stamps, the SMVP, the sign-offs. Each
// is a statement, and together they were most of what a cached page cost.
// Every transaction that writes an ente's data adds one to its generation
// (organizations.generation, bumpGeneration) before committing. Pin reads
// the generation once per request, with the ente; under the pinned
// context, those reads are answered from what an earlier request read at
// the same generation. The counter is in the database, so a change made by
// another process (the CLI revoking sessions or disabling a user, another
// server) shows at the next request, as it does without the memo.
//
// The generation is read before the data: a copy kept under generation g
// holds at least what g held, never less. A write made under the pinned
// context ends the pin's use: what that request reads next comes from the
// database. A change made outside performa (SQL by hand) moves no
// generation: copies are kept at most memoMaxAge, so it shows within that.

type pinKey struct{}

type pin struct {
	org   domain.Organization
	gen   int64
	wrote atomic.Bool
}

// Bounds: entes whose reads are kept, and reads kept per ente (sessions
// are one each).
const (
	memoOrganizations = 1024
	memoReads         = 1024
	memoMaxAge        = 2 * time.Second
)

type memo struct {
	mu   sync.Mutex
	orgs map[int64]*orgMemo
	tick uint64
	now  func() time.Time // tests set it
}

type orgMemo struct {
	gen   int64
	used  uint64
	reads map[string]memoRead
}

type memoRead struct {
	v    any
	read time.Time
}

// Pin returns ctx with the generation of the organization orgID read now,
// under which the store's hot reads of that organization are answered from
// memory while the generation holds. ENOTFOUND: no such organization.
func (s *Store) Pin(ctx context.Context, orgID int64) (context.Context, error) {
	o, gen, err := s.organizationWhere(ctx, "id", orgID)
	if err != nil {
		return ctx, err
	}
	return context.WithValue(ctx, pinKey{}, &pin{org: *o, gen: gen}), nil
}

// pinned is the pin of ctx when it is for orgID and still usable.
func pinned(ctx context.Context, orgID int64) *pin {
	p, _ := ctx.Value(pinKey{}).(*pin)
	if p == nil || p.org.ID != orgID || p.wrote.Load() {
		return nil
	}
	return p
}

// wrote ends the use of ctx's pin, if any: a write was made under it.
func wrote(ctx context.Context) {
	if p, _ := ctx.Value(pinKey{}).(*pin); p != nil {
		p.wrote.Store(true)
	}
}

// bumpGeneration records, in the write transaction tx, that the
// organization's data changed. It is the transaction's last statement, so
// that the row lock it takes is held only until the commit.
func bumpGeneration(ctx context.Context, tx *sql.Tx, orgID int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE organizations SET generation = generation + 1 WHERE id = $1`, orgID); err != nil {
		return fmt.Errorf("store: bump generation: %w", err)
	}
	return nil
}

// recall is read's answer, from memory when ctx is pinned to orgID and the
// same read was made at the pin's generation. clone copies a value so that
// neither the caller nor the memo sees the other's changes.
func recall[T any](s *Store, ctx context.Context, orgID int64, key string, clone func(T) T, read func() (T, error)) (T, error) {
	p := pinned(ctx, orgID)
	if p == nil || s.memo == nil {
		return read()
	}
	if v, ok := s.memo.get(orgID, p.gen, key); ok {
		return clone(v.(T)), nil
	}
	v, err := read()
	if err != nil {
		return v, err
	}
	s.memo.put(orgID, p.gen, key, clone(v))
	return v, nil
}

func same[T any](v T) T { return v }

// clonePtr is a copy of what p points to (nil: nil).
func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func newMemo() *memo { return &memo{orgs: map[int64]*orgMemo{}, now: time.Now} }

func (m *memo) get(orgID, gen int64, key string) (any, bool) {
	t := m.now()
	m.mu.Lock()
	defer m.mu.Unlock()
	om := m.orgs[orgID]
	if om == nil || om.gen != gen {
		return nil, false
	}
	r, ok := om.reads[key]
	if !ok || t.Sub(r.read) >= memoMaxAge {
		return nil, false
	}
	m.tick++
	om.used = m.tick
	return r.v, true
}

// put keeps v under gen. What an older generation kept is dropped; a read
// pinned to an older generation than the one kept is not kept.
func (m *memo) put(orgID, gen int64, key string, v any) {
	t := m.now()
	m.mu.Lock()
	defer m.mu.Unlock()
	om := m.orgs[orgID]
	switch {
	case om != nil && om.gen > gen:
		return
	case om == nil || om.gen < gen || len(om.reads) >= memoReads:
		if om == nil && len(m.orgs) >= memoOrganizations {
			m.dropLeastUsed()
		}
		om = &orgMemo{gen: gen, reads: map[string]memoRead{}}
		m.orgs[orgID] = om
	}
	m.tick++
	om.used = m.tick
	om.reads[key] = memoRead{v, t}
}

func (m *memo) dropLeastUsed() {
	var oldest int64
	first := true
	for id, om := range m.orgs {
		if first || om.used < m.orgs[oldest].used {
			oldest, first = id, false
		}
	}
	delete(m.orgs, oldest)
}
