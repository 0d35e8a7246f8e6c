package store

import (
	"context"
	"database/sql"
	"sync"
)

// preparedReads is what readAs gives on SQLite: the read pool, with each
// query text prepared once (per connection, as database/sql does) instead
// of compiled again for every call. SQLite's SQL compiler was half the
// database time of a page (a session, a version stamp, the versions).
// PostgreSQL's driver keeps prepared statements itself.
type preparedReads struct {
	db    *sql.DB
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}

// maxPrepared bounds the statements kept: queries with lists of values
// written into their text are many; past the bound they run unprepared.
const maxPrepared = 256

func newPreparedReads(db *sql.DB) *preparedReads {
	return &preparedReads{db: db, stmts: map[string]*sql.Stmt{}}
}

// stmt is the prepared statement of query, or nil to run it as it is (too
// many kept, or it does not prepare: running it says why).
func (p *preparedReads) stmt(ctx context.Context, query string) *sql.Stmt {
	p.mu.Lock()
	st, ok := p.stmts[query]
	full := len(p.stmts) >= maxPrepared
	p.mu.Unlock()
	if ok || full {
		return st
	}
	st, err := p.db.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if prev, ok := p.stmts[query]; ok { // prepared meanwhile by another caller
		st.Close()
		return prev
	}
	p.stmts[query] = st
	return st
}

func (p *preparedReads) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return p.db.ExecContext(ctx, query, args...)
}

func (p *preparedReads) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := p.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return p.db.QueryContext(ctx, query, args...)
}

func (p *preparedReads) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := p.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return p.db.QueryRowContext(ctx, query, args...)
}

// close releases the statements.
func (p *preparedReads) close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	var err error
	for q, st := range p.stmts {
		if e := st.Close(); e != nil && err == nil {
			err = e
		}
		delete(p.stmts, q)
	}
	return err
}
