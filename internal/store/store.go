// Package store keeps organizations and their plans in SQLite (the default,
// a single file) or PostgreSQL (shared and national deployments). One
// implementation of domain.PlanStore serves both over database/sql with raw
// SQL; the few differences live in a dialect value. The schema is created and
// upgraded at Open by versioned migrations embedded in the binary.
//
// Every table is keyed by organization id first and every query filters by
// it, so that no tenant can see another's rows and a national deployment can
// distribute the tables by organization.
package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"strings"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/performa-pa/performa/internal/domain"
)

//go:embed migrations
var migrationsFS embed.FS

// Store is the database behind performa. It is safe for concurrent use.
type Store struct {
	d     dialect
	write *sql.DB // transactions that change data
	read  *sql.DB // loads; the same pool as write on PostgreSQL
}

var _ domain.PlanStore = (*Store)(nil)

// Open connects to the database named by dsn and brings its schema up to
// date. A dsn starting with postgres:// or postgresql:// is a PostgreSQL
// URL; anything else is the path of a SQLite file, created when missing.
func Open(ctx context.Context, dsn string) (*Store, error) { return openAt(ctx, dsn, 0) }

// openAt opens the store with its schema at migration version (0: the
// newest).
func openAt(ctx context.Context, dsn string, version int64) (*Store, error) {
	s := &Store{d: sqliteDialect}
	if isPostgresDSN(dsn) {
		db, err := openPostgres(ctx, dsn)
		if err != nil {
			return nil, err
		}
		s.d, s.write, s.read = postgresDialect, db, db
	} else {
		if dsn == "" {
			return nil, errors.New("store: empty sqlite path")
		}
		// Each connection of the two pools would get a database of its own.
		if strings.Contains(dsn, ":memory:") || strings.Contains(dsn, "mode=memory") {
			return nil, errors.New("store: in-memory sqlite is not supported, use a file")
		}
		w, r, err := openSQLite(ctx, dsn)
		if err != nil {
			return nil, err
		}
		s.write, s.read = w, r
	}
	if err := s.migrateTo(ctx, version); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// migrateTo applies the migrations up to version (0: all of them).
func (s *Store) migrateTo(ctx context.Context, version int64) error {
	sub, err := fs.Sub(migrationsFS, s.d.migrations)
	if err != nil {
		return fmt.Errorf("store: migrations: %w", err)
	}
	opts := []goose.ProviderOption{
		goose.WithSlog(slog.New(slog.DiscardHandler)),
		goose.WithDisableGlobalRegistry(true),
	}
	if s.d.name == Postgres {
		// Several performa processes may start at once against one database:
		// an advisory lock lets one of them migrate while the others wait.
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return fmt.Errorf("store: migrations lock: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(s.d.goose, s.write, sub, opts...)
	if err != nil {
		return fmt.Errorf("store: migrations: %w", err)
	}
	if version > 0 {
		_, err = p.UpTo(ctx, version)
	} else {
		_, err = p.Up(ctx)
	}
	if err != nil {
		return fmt.Errorf("store: migrate %s: %w", s.d.name, err)
	}
	return nil
}

// Dialect names the database in use: SQLite or Postgres.
func (s *Store) Dialect() string { return s.d.name }

// Close releases the connections.
func (s *Store) Close() error {
	err := s.write.Close()
	if s.read != s.write {
		err = errors.Join(err, s.read.Close())
	}
	return err
}

// newID returns a random positive int63. Ids are made by the application
// because a composite primary key cannot autoincrement in SQLite, and random
// ones never collide across the shards of a distributed deployment.
func newID() int64 {
	var b [8]byte
	for {
		rand.Read(b[:]) // never fails: it crashes the program instead
		if id := int64(binary.BigEndian.Uint64(b[:]) >> 1); id != 0 {
			return id
		}
	}
}

// now is the current time as both databases store it: UTC, microseconds
// (PostgreSQL's precision), so that what ImportPlan hands back equals what a
// later load reads.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// inTx runs fn in a transaction of db, committing when fn succeeds and
// rolling back otherwise.
func inTx(ctx context.Context, db *sql.DB, opts *sql.TxOptions, fn func(*sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}
