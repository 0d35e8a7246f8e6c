package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/pressly/goose/v3"

	"github.com/performa-pa/performa/internal/audit"
	"github.com/performa-pa/performa/internal/domain"
)

// The audit log's hash chain (internal/audit): sealing new entries, reading
// the chain back, and chaining the entries of stores made before it.

// appendAudit seals e after the last entry of its organization and inserts
// it. Writers of one organization take turns on its audit_heads row: the
// update locks it until the transaction ends (PostgreSQL; SQLite's writes
// are serialized anyway), so that two transactions can never seal two
// entries after the same one.
func appendAudit(ctx context.Context, q querier, e *domain.AuditEntry) error {
	if _, err := q.ExecContext(ctx,
		`INSERT INTO audit_heads (organization_id, seq, hash) VALUES ($1, 0, '') ON CONFLICT DO NOTHING`,
		e.OrganizationID); err != nil {
		return fmt.Errorf("store: audit head: %w", err)
	}
	var (
		seq  int64
		prev string
	)
	// seq = seq takes the row lock without changing anything yet.
	if err := q.QueryRowContext(ctx,
		`UPDATE audit_heads SET seq = seq WHERE organization_id = $1 RETURNING seq, hash`,
		e.OrganizationID).Scan(&seq, &prev); err != nil {
		return fmt.Errorf("store: audit head: %w", err)
	}
	audit.Seal(e, seq, prev)
	if _, err := q.ExecContext(ctx,
		`INSERT INTO audit_log (organization_id, id, seq, at, actor, action, entity, entity_id,
		   before_json, after_json, prev_hash, hash)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		e.OrganizationID, e.ID, e.Seq, e.At, e.Actor, e.Action, e.Entity, e.EntityID,
		e.Before, e.After, e.PrevHash, e.Hash); err != nil {
		return fmt.Errorf("store: insert audit entry: %w", err)
	}
	if _, err := q.ExecContext(ctx,
		`UPDATE audit_heads SET seq = $2, hash = $3 WHERE organization_id = $1`,
		e.OrganizationID, e.Seq, e.Hash); err != nil {
		return fmt.Errorf("store: audit head: %w", err)
	}
	return nil
}

const chainColumns = `id, seq, at, actor, action, entity, entity_id, before_json, after_json, prev_hash, hash`

func scanChained(r rowScanner, e *domain.AuditEntry) error {
	err := r.Scan(&e.ID, &e.Seq, &e.At, &e.Actor, &e.Action, &e.Entity, &e.EntityID,
		&e.Before, &e.After, &e.PrevHash, &e.Hash)
	e.At = e.At.UTC()
	return err
}

// AuditChain hands the organization's audit entries to fn in chain order
// and returns its head, all read from one snapshot: see audit.Chain.
func (s *Store) AuditChain(ctx context.Context, orgID int64, fn func(*domain.AuditEntry) error) (int64, string, error) {
	var (
		seq  int64
		hash string
	)
	err := s.readSnapshotAs(ctx, orgID, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit_heads WHERE organization_id = $1`, orgID).
			Scan(&seq, &hash)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: select audit head: %w", err)
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+chainColumns+` FROM audit_log
			WHERE organization_id = $1 ORDER BY seq, id`, orgID)
		if err != nil {
			return fmt.Errorf("store: select audit chain: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			e := domain.AuditEntry{OrganizationID: orgID}
			if err := scanChained(rows, &e); err != nil {
				return fmt.Errorf("store: scan audit entry: %w", err)
			}
			if err := fn(&e); err != nil {
				return err
			}
		}
		return rows.Err()
	})
	return seq, hash, err
}

// chainMigration is migration 16, the same for both databases: it chains
// the entries that a store made before the chain holds (00015 added the
// columns), per organization in the order they were written (time, then
// id), fills audit_heads, and makes the places in the chain unique. The
// update trigger of 00015 lets exactly this update through: from no hash
// to a hash, nothing else changed.
var chainMigration = goose.NewGoMigration(16,
	&goose.GoFunc{RunTx: chainLegacyEntries},
	&goose.GoFunc{RunTx: func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DROP INDEX audit_log_seq`)
		return err
	}})

func chainLegacyEntries(ctx context.Context, tx *sql.Tx) error {
	var legacy []domain.AuditEntry
	rows, err := tx.QueryContext(ctx,
		`SELECT organization_id, `+chainColumns+` FROM audit_log WHERE hash = '' ORDER BY organization_id, at, id`)
	if err != nil {
		return fmt.Errorf("chain audit log: %w", err)
	}
	for rows.Next() {
		var e domain.AuditEntry
		var dest = []any{&e.OrganizationID, &e.ID, &e.Seq, &e.At, &e.Actor, &e.Action, &e.Entity, &e.EntityID,
			&e.Before, &e.After, &e.PrevHash, &e.Hash}
		if err := rows.Scan(dest...); err != nil {
			rows.Close()
			return fmt.Errorf("chain audit log: %w", err)
		}
		legacy = append(legacy, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("chain audit log: %w", err)
	}
	var (
		org, seq int64
		prev     string
	)
	flush := func() error {
		if org == 0 {
			return nil
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO audit_heads (organization_id, seq, hash) VALUES ($1, $2, $3)`,
			org, seq, prev)
		return err
	}
	for i := range legacy {
		e := &legacy[i]
		if e.OrganizationID != org {
			if err := flush(); err != nil {
				return fmt.Errorf("chain audit log: %w", err)
			}
			org, seq, prev = e.OrganizationID, 0, ""
		}
		audit.Seal(e, seq, prev)
		if _, err := tx.ExecContext(ctx,
			`UPDATE audit_log SET seq = $3, prev_hash = $4, hash = $5 WHERE organization_id = $1 AND id = $2`,
			e.OrganizationID, e.ID, e.Seq, e.PrevHash, e.Hash); err != nil {
			return fmt.Errorf("chain audit log: %w", err)
		}
		seq, prev = e.Seq, e.Hash
	}
	if err := flush(); err != nil {
		return fmt.Errorf("chain audit log: %w", err)
	}
	_, err = tx.ExecContext(ctx, `CREATE UNIQUE INDEX audit_log_seq ON audit_log (organization_id, seq)`)
	return err
}
