package store

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Dialect names, as returned by (*Store).Dialect.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// dialect holds the few things that differ between SQLite and PostgreSQL.
// The SQL itself is shared: both understand $1 placeholders (modernc binds
// $N by ordinal), ON CONFLICT and LIMIT.
type dialect struct {
	name       string
	goose      goose.Dialect
	migrations string // directory of the embedded migrations
	// forUpdate locks the selected rows until the end of the transaction.
	// SQLite has no row locks and needs none: its writes are serialized by
	// the single-connection write pool.
	forUpdate string
	// batchRows is how many rows one INSERT carries when a plan is written.
	// A plan has about a thousand rows and a national deployment imports
	// thousands of plans: on PostgreSQL a statement per row costs a round
	// trip per row (about 0.1 ms each, locally), while a hundred rows per
	// statement stay far below its limit of 65535 parameters (objectives
	// have 18 columns). SQLite runs in process: a prepared one-row statement
	// is fastest there, as it saves preparing and binding wide statements.
	batchRows int
	// prepareBatches prepares the insert statements once per import. pgx
	// already keeps a per-connection cache of prepared statements, which
	// outlives the transaction; modernc prepares every statement it runs.
	prepareBatches bool
	// readTx is how read-only loads begin, so that a plan is read from one
	// snapshot while imports go on.
	readTx *sql.TxOptions
	// rowSecurity: the database enforces tenant isolation itself (see
	// tenant.go), and every transaction names its organization.
	rowSecurity bool
}

var (
	sqliteDialect = dialect{
		name:           SQLite,
		goose:          goose.DialectSQLite3,
		migrations:     "migrations/sqlite",
		batchRows:      1,
		prepareBatches: true,
		readTx:         &sql.TxOptions{ReadOnly: true},
	}
	postgresDialect = dialect{
		name:        Postgres,
		goose:       goose.DialectPostgres,
		migrations:  "migrations/postgres",
		forUpdate:   " FOR UPDATE",
		batchRows:   100,
		readTx:      &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead},
		rowSecurity: true,
	}
)

// isPostgresDSN tells a PostgreSQL URL from a SQLite file path.
func isPostgresDSN(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// sqlitePragmas apply to every connection. WAL lets readers go on while a
// plan is imported; busy_timeout makes a connection wait for a lock rather
// than fail at once; foreign keys are off by default in SQLite.
const sqlitePragmas = "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)" +
	"&_pragma=synchronous(NORMAL)&_time_format=sqlite"

// sqliteWriterPragmas apply to the one writing connection. Its page cache
// is 64 MiB instead of SQLite's 2 MiB: a large import (124.000 objectives,
// a database of 160 MB) otherwise evicts the indexes' pages it writes
// again a moment later, and import time grows faster than the plan (issue
// 13: system time ×20 for ×10 the objectives; ×10 with this cache).
// Temporary b-trees (sorts for the indexes) stay in memory.
const sqliteWriterPragmas = "&_pragma=journal_mode(WAL)&_txlock=immediate" +
	"&_pragma=cache_size(-65536)&_pragma=temp_store(MEMORY)"

// openSQLite opens two pools on the same file. Writes go through a pool of
// one connection, so that concurrent writers queue in Go (bounded by their
// context) instead of spinning on SQLITE_BUSY; its transactions begin
// IMMEDIATE so that a transaction that reads before it writes cannot
// deadlock on the upgrade. Reads go through a pool of query-only
// connections, which WAL serves concurrently with the writer.
func openSQLite(ctx context.Context, path string) (write, read *sql.DB, err error) {
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	write, err = sql.Open("sqlite", path+sep+sqlitePragmas+sqliteWriterPragmas)
	if err != nil {
		return nil, nil, fmt.Errorf("store: open sqlite %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	// The first connection creates the file and switches it to WAL, which is
	// persistent: the read pool must not open before that.
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, nil, fmt.Errorf("store: open sqlite %s: %w", path, err)
	}
	read, err = sql.Open("sqlite", path+sep+sqlitePragmas+"&_pragma=query_only(1)")
	if err != nil {
		write.Close()
		return nil, nil, fmt.Errorf("store: open sqlite %s: %w", path, err)
	}
	n := max(2, runtime.GOMAXPROCS(0))
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	return write, read, nil
}

// openPostgres opens one pool used for both reads and writes: PostgreSQL
// handles concurrent writers itself.
func openPostgres(ctx context.Context, dsn string) (*sql.DB, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(8)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	return db, nil
}
