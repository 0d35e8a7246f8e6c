package store

import (
	"context"
	"database/sql"
	"time"
)

// CountRows counts the rows of table, across organizations: tests use it to
// see that nothing was duplicated or half-written.
func CountRows(ctx context.Context, s *Store, table string) (int, error) {
	var n int
	err := s.acrossOrganizations(ctx, s.readPool, "test: count rows", func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table).Scan(&n)
	})
	return n, err
}

// Exec runs a statement on the write pool, seeing every organization, for
// tests that must reach under the API (to play the intruder with the
// audit log, say).
func Exec(ctx context.Context, s *Store, query string, args ...any) error {
	return s.acrossOrganizations(ctx, s.writePool, "test: exec", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, query, args...)
		return err
	})
}

// MigrateTo brings the database at dsn to the schema version given, as an
// older performa left it.
func MigrateTo(ctx context.Context, dsn string, version int64) error {
	s := &Store{d: sqliteDialect}
	var err error
	if isPostgresDSN(dsn) {
		s.d = postgresDialect
		s.writePool, err = openPostgres(ctx, dsn)
		s.readPool = s.writePool
	} else {
		s.writePool, s.readPool, err = openSQLite(ctx, dsn)
	}
	if err != nil {
		return err
	}
	defer s.Close()
	p, err := s.provider(s.writePool)
	if err != nil {
		return err
	}
	_, err = p.UpTo(ctx, version)
	return err
}

// OpenRaw opens the database at dsn without the store, for tests that
// write what an older performa wrote.
func OpenRaw(ctx context.Context, dsn string) (*sql.DB, error) {
	if isPostgresDSN(dsn) {
		return openPostgres(ctx, dsn)
	}
	w, r, err := openSQLite(ctx, dsn)
	if err == nil {
		r.Close()
	}
	return w, err
}

// QueryAs runs a query returning one integer column as the organization
// would, through the store's own way of naming it.
func QueryAs(ctx context.Context, s *Store, orgID int64, query string) ([]int64, error) {
	q, done, err := s.readAs(ctx, orgID)
	if err != nil {
		return nil, err
	}
	defer done()
	return int64s(ctx, q, query)
}

// QueryUnscoped runs a query returning one integer column in a transaction
// that names no organization.
func QueryUnscoped(ctx context.Context, s *Store, query string) ([]int64, error) {
	return int64s(ctx, s.readPool, query)
}

// ExecAs runs a statement in a write transaction for the organization.
func ExecAs(ctx context.Context, s *Store, orgID int64, query string, args ...any) (int64, error) {
	res, err := s.exec(ctx, orgID, query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func int64s(ctx context.Context, q querier, query string) ([]int64, error) {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// QueryNames runs a query returning one text column for the organization.
func QueryNames(ctx context.Context, s *Store, orgID int64, query string) ([]string, error) {
	q, done, err := s.readAs(ctx, orgID)
	if err != nil {
		return nil, err
	}
	defer done()
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// MigrationOrganizations counts the organizations with rows in table as a
// migration sees them (on the connection migrate opens).
func MigrationOrganizations(ctx context.Context, dsn, table string) (int, error) {
	db, err := openPostgres(ctx, withRuntimeParam(dsn, settingAll, "on"))
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var n int
	err = db.QueryRowContext(ctx, "SELECT COUNT(DISTINCT organization_id) FROM "+table).Scan(&n)
	return n, err
}

// SetMemoClock sets the clock by which the store's memo ages its copies
// (memo.go).
func SetMemoClock(s *Store, now func() time.Time) { s.memo.now = now }

// MemoMaxAge is how long a copy is kept at most.
const MemoMaxAge = memoMaxAge
