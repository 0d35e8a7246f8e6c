package store

import (
	"context"
	"database/sql"
)

// CountRows counts the rows of table, across organizations: tests use it to
// see that nothing was duplicated or half-written.
func CountRows(ctx context.Context, s *Store, table string) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table).Scan(&n)
	return n, err
}

// Exec runs a statement on the write pool, for tests that must reach under
// the API (to check the audit log's triggers, say).
func Exec(ctx context.Context, s *Store, query string, args ...any) error {
	_, err := s.write.ExecContext(ctx, query, args...)
	return err
}

// ExecAll runs a statement on the write pool, for tests that reach under
// the API to play the intruder.
func ExecAll(ctx context.Context, s *Store, query string, args ...any) error {
	_, err := s.write.ExecContext(ctx, query, args...)
	return err
}

// MigrateTo brings the database at dsn to the schema version given, as an
// older performa left it.
func MigrateTo(ctx context.Context, dsn string, version int64) error {
	s := &Store{d: sqliteDialect}
	var err error
	if isPostgresDSN(dsn) {
		s.d = postgresDialect
		s.write, err = openPostgres(ctx, dsn)
		s.read = s.write
	} else {
		s.write, s.read, err = openSQLite(ctx, dsn)
	}
	if err != nil {
		return err
	}
	defer s.Close()
	p, err := s.provider()
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
