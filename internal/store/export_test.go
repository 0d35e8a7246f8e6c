package store

import "context"

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

// OpenAt opens a store with its schema at a migration version, for tests
// of what a later migration does to existing data.
func OpenAt(ctx context.Context, dsn string, version int64) (*Store, error) {
	return openAt(ctx, dsn, version)
}
