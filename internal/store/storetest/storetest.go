// Package storetest opens fresh stores for tests, on SQLite and on
// PostgreSQL, so that every package whose tests touch the database runs them
// on both.
//
// PostgreSQL comes from the URL in PERFORMA_TEST_POSTGRES (start one with
// scripts/pg-test-server.sh); each store gets a database of its own, dropped
// when the test ends. The stores connect as TestRole, an ordinary role that
// owns its database: unlike the server's superuser, row-level security
// applies to it, so that every test also tests tenant isolation. Without the variable the PostgreSQL variant is
// skipped, except when CI=true, where it fails: CI must test both.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver

	"github.com/performa-pa/performa/internal/store"
)

// EnvPostgres names the variable holding the PostgreSQL server URL.
const EnvPostgres = "PERFORMA_TEST_POSTGRES"

// Dialects are the databases every store test runs on.
var Dialects = []string{store.SQLite, store.Postgres}

// Run runs fn as a subtest for each dialect.
func Run(t *testing.T, fn func(t *testing.T, dialect string)) {
	t.Helper()
	for _, d := range Dialects {
		t.Run(d, func(t *testing.T) { fn(t, d) })
	}
}

// MustOpen opens a fresh, empty store of the dialect, closed (and on
// PostgreSQL dropped) when the test ends.
func MustOpen(tb testing.TB, dialect string) *store.Store {
	tb.Helper()
	return MustOpenDSN(tb, DSN(tb, dialect))
}

// MustOpenDSN opens the store at dsn (from DSN), closed when the test
// ends: opened twice, it plays two processes on one database.
func MustOpenDSN(tb testing.TB, dsn string) *store.Store {
	tb.Helper()
	s, err := store.Open(context.Background(), dsn)
	if err != nil {
		tb.Fatalf("open store: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// DSN returns the address of a fresh, empty database of the dialect: a file
// in a temporary directory, or a PostgreSQL database created for the test
// and dropped when it ends. Opening it twice opens the same database.
func DSN(tb testing.TB, dialect string) string {
	tb.Helper()
	switch dialect {
	case store.SQLite:
		return filepath.Join(tb.TempDir(), "performa.db")
	case store.Postgres:
		return postgresDatabase(tb)
	}
	tb.Fatalf("unknown dialect %q", dialect)
	return ""
}

// ServerURL returns the PostgreSQL server URL, skipping the test when there
// is none (failing it when CI=true).
func ServerURL(tb testing.TB) string {
	tb.Helper()
	u := os.Getenv(EnvPostgres)
	if u == "" {
		if os.Getenv("CI") == "true" {
			tb.Fatal(EnvPostgres + " must be set when CI=true")
		}
		tb.Skip(EnvPostgres + " is not set: skipping PostgreSQL (start one with scripts/pg-test-server.sh)")
	}
	return u
}

// TestRole is the role the tests' stores connect as: no superuser, no
// BYPASSRLS, owner of the databases the tests create.
const TestRole = "performa_test"

// ensureRole creates an ordinary login role when the server lacks it. Test
// packages run at once, so two may try: the loser's duplicate is no error.
func ensureRole(ctx context.Context, admin *sql.DB, role string) error {
	_, err := admin.ExecContext(ctx, `DO $$ BEGIN
		IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '`+role+`') THEN
			CREATE ROLE `+role+` LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
		END IF;
	EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
	END $$`)
	return err
}

// AsRole returns the URL of the database at dsn for another ordinary role,
// created on the server when missing (a lower-case name): the role a
// server that does not own the tables connects as.
func AsRole(tb testing.TB, dsn, role string) string {
	tb.Helper()
	admin, err := sql.Open("pgx", ServerURL(tb))
	if err != nil {
		tb.Fatalf("postgres: %v", err)
	}
	defer admin.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := ensureRole(ctx, admin, role); err != nil {
		tb.Fatalf("postgres: create role %s: %v", role, err)
	}
	u, err := url.Parse(dsn)
	if err != nil {
		tb.Fatal(err)
	}
	u.User = url.User(role)
	return u.String()
}

// postgresDatabase creates performa_test_<random> on the server, owned by
// TestRole, and returns its URL as TestRole; the database is dropped when
// the test ends, after the stores opened on it are closed (cleanups run
// last-in first-out).
func postgresDatabase(tb testing.TB) string {
	tb.Helper()
	server := ServerURL(tb)
	admin, err := sql.Open("pgx", server)
	if err != nil {
		tb.Fatalf("postgres: %v", err)
	}
	var b [8]byte
	rand.Read(b[:])
	name := "performa_test_" + hex.EncodeToString(b[:])
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := ensureRole(ctx, admin, TestRole); err != nil {
		admin.Close()
		tb.Fatalf("postgres: create role %s: %v", TestRole, err)
	}
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name+" OWNER "+TestRole); err != nil {
		admin.Close()
		tb.Fatalf("postgres: create database: %v", err)
	}
	tb.Cleanup(func() {
		defer admin.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			tb.Errorf("postgres: drop database %s: %v", name, err)
		}
	})
	u, err := url.Parse(server)
	if err != nil {
		tb.Fatalf("postgres: %s: %v", EnvPostgres, err)
	}
	u.Path = "/" + name
	u.User = url.User(TestRole) // the test server trusts local connections
	return u.String()
}
