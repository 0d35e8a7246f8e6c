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
	"net/url"
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
	d dialect
	// The pools are used through writeAs, readAs, readSnapshotAs and
	// acrossOrganizations (tenant.go), which name the organization a
	// transaction works for: on PostgreSQL a query outside them sees no rows.
	writePool *sql.DB        // transactions that change data
	readPool  *sql.DB        // loads; the same pool as writePool on PostgreSQL
	reads     *preparedReads // readPool with prepared statements (SQLite)
	memo      *memo          // reads kept while the generation holds (memo.go)
}

var _ domain.PlanStore = (*Store)(nil)

// Open connects to the database named by dsn and brings its schema up to
// date. A dsn starting with postgres:// or postgresql:// is a PostgreSQL
// URL; anything else is the path of a SQLite file, created when missing.
func Open(ctx context.Context, dsn string) (*Store, error) {
	s := &Store{d: sqliteDialect, memo: newMemo()}
	if isPostgresDSN(dsn) {
		db, err := openPostgres(ctx, dsn)
		if err != nil {
			return nil, err
		}
		s.d, s.writePool, s.readPool = postgresDialect, db, db
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
		s.writePool, s.readPool = w, r
		s.reads = newPreparedReads(r)
	}
	if err := s.migrate(ctx, dsn); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// migrate applies the embedded migrations that the database has not seen.
// On PostgreSQL they run on a connection of their own that sees every
// organization (tenant.go): a migration that fills in a new column must
// reach every row, not none.
func (s *Store) migrate(ctx context.Context, dsn string) error {
	db := s.writePool
	if s.d.rowSecurity {
		var err error
		if db, err = openPostgres(ctx, withRuntimeParam(dsn, settingAll, "on")); err != nil {
			return err
		}
		defer db.Close()
	}
	p, err := s.provider(db)
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("store: migrate %s: %w", s.d.name, err)
	}
	return nil
}

// withRuntimeParam adds a setting to a PostgreSQL URL: the driver sends it
// when connecting, and it holds for the whole session.
func withRuntimeParam(dsn, name, value string) string {
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + url.QueryEscape(name) + "=" + url.QueryEscape(value)
}

// provider is goose's migration runner for the database db: the SQL files
// of the store's dialect and the Go migrations both share.
func (s *Store) provider(db *sql.DB) (*goose.Provider, error) {
	sub, err := fs.Sub(migrationsFS, s.d.migrations)
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	opts := []goose.ProviderOption{
		goose.WithSlog(slog.New(slog.DiscardHandler)),
		goose.WithDisableGlobalRegistry(true),
		goose.WithGoMigrations(chainMigration, slugMigration),
	}
	if s.d.name == Postgres {
		// Several performa processes may start at once against one database:
		// an advisory lock lets one of them migrate while the others wait.
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, fmt.Errorf("store: migrations lock: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(s.d.goose, db, sub, opts...)
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	return p, nil
}

// Dialect names the database in use: SQLite or Postgres.
func (s *Store) Dialect() string { return s.d.name }

// Close releases the connections.
func (s *Store) Close() error {
	var err error
	if s.reads != nil {
		err = s.reads.close()
	}
	err = errors.Join(err, s.writePool.Close())
	if s.readPool != s.writePool {
		err = errors.Join(err, s.readPool.Close())
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

// newIDs returns a source of consecutive ids from a random start below
// 2^62, for the rows one write creates together: as unlikely to meet
// another's as newID (2^62 starts, a block of at most millions), and
// written next to each other in the indexes.
func newIDs() func() int64 {
	id := newID() >> 1
	return func() int64 {
		id++
		return id
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
