package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
)

// Tenant isolation has two guards. The first is in every query: it names
// the organization (WHERE organization_id = $1). The second is PostgreSQL's
// row-level security (migration 00017): every table holding organization_id
// has a policy that shows and accepts only the rows of the organization the
// transaction works for, named by the setting performa.organization_id.
// Every query of the store therefore runs through readAs or writeAs, which
// set it for the transaction; a query that forgot its WHERE still sees
// only that organization, and a query run outside them sees nothing at all.
//
// The few operations that rightly cross organizations (the first start
// counting users, purging expired sessions, and migrations) go through
// acrossOrganizations, which says so for the transaction with the setting
// performa.all_organizations. It is the one way across, and
// TestAcrossOrganizationsCallers lists who uses it. The organizations table
// holds no organization_id: it is the directory of entes (their names are
// on the sign-in page) and is read without a policy.
//
// SQLite has no row-level security: there the first guard is the only one.

const (
	settingOrganization = "performa.organization_id"
	settingAll          = "performa.all_organizations"
)

// scope sets, for the rest of the transaction, the organization whose rows
// it may see and write.
func (d dialect) scope(ctx context.Context, tx *sql.Tx, orgID int64) error {
	if !d.rowSecurity {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `SELECT set_config($1, $2, true)`,
		settingOrganization, strconv.FormatInt(orgID, 10)); err != nil {
		return fmt.Errorf("store: set organization: %w", err)
	}
	return nil
}

// writeAs runs fn in a write transaction for the organization orgID.
// It adds one to the organization's generation (memo.go).
func (s *Store) writeAs(ctx context.Context, orgID int64, fn func(*sql.Tx) error) error {
	defer wrote(ctx)
	return inTx(ctx, s.writePool, nil, func(tx *sql.Tx) error {
		if err := s.d.scope(ctx, tx, orgID); err != nil {
			return err
		}
		if err := fn(tx); err != nil {
			return err
		}
		return bumpGeneration(ctx, tx, orgID)
	})
}

// readSnapshotAs runs fn in a read-only transaction for the organization,
// reading one snapshot (dialect.readTx) while imports go on.
func (s *Store) readSnapshotAs(ctx context.Context, orgID int64, fn func(*sql.Tx) error) error {
	return inTx(ctx, s.readPool, s.d.readTx, func(tx *sql.Tx) error {
		if err := s.d.scope(ctx, tx, orgID); err != nil {
			return err
		}
		return fn(tx)
	})
}

// readAs returns what a read for the organization orgID runs on, and the
// function that ends it (to defer). On SQLite it is the read pool; on
// PostgreSQL a read-only transaction scoped to the organization, so that
// row-level security applies.
func (s *Store) readAs(ctx context.Context, orgID int64) (querier, func(), error) {
	if !s.d.rowSecurity {
		if s.reads != nil {
			return s.reads, func() {}, nil
		}
		return s.readPool, func() {}, nil
	}
	tx, err := s.readPool.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, nil, fmt.Errorf("store: begin: %w", err)
	}
	if err := s.d.scope(ctx, tx, orgID); err != nil {
		tx.Rollback()
		return nil, nil, err
	}
	// A read-only transaction has nothing to commit.
	return tx, func() { tx.Rollback() }, nil
}

// exec runs one statement in a write transaction for the organization.
func (s *Store) exec(ctx context.Context, orgID int64, query string, args ...any) (sql.Result, error) {
	var res sql.Result
	err := s.writeAs(ctx, orgID, func(tx *sql.Tx) error {
		var err error
		res, err = tx.ExecContext(ctx, query, args...)
		return err
	})
	return res, err
}

// acrossOrganizations runs fn in a transaction of db that sees the rows of
// every organization. why says which legitimate operation crosses tenants;
// TestAcrossOrganizationsCallers keeps the list of them.
func (s *Store) acrossOrganizations(ctx context.Context, db *sql.DB, why string, fn func(*sql.Tx) error) error {
	return inTx(ctx, db, nil, func(tx *sql.Tx) error {
		if s.d.rowSecurity {
			if _, err := tx.ExecContext(ctx, `SELECT set_config($1, 'on', true)`, settingAll); err != nil {
				return fmt.Errorf("store: %s: %w", why, err)
			}
		}
		return fn(tx)
	})
}
