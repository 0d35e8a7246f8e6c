package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
)

// Reading the audit log per object and per person.

const auditColumns = chainColumns

func scanAudit(rows *sql.Rows, orgID int64) ([]domain.AuditEntry, error) {
	defer rows.Close()
	var out []domain.AuditEntry
	for rows.Next() {
		e := domain.AuditEntry{OrganizationID: orgID}
		if err := scanChained(rows, &e); err != nil {
			return nil, fmt.Errorf("store: scan audit entry: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: select audit log: %w", err)
	}
	return out, nil
}

func auditLimit(limit int) int {
	if limit <= 0 {
		return math.MaxInt32
	}
	return limit
}

// AuditOf lists the audit entries about any of the rows ids (an objective,
// its indicators, their measurements, its validations: ids are unique
// within an organization), newest first; limit <= 0 means all.
func (s *Store) AuditOf(ctx context.Context, orgID int64, ids []int64, limit int) ([]domain.AuditEntry, error) {
	q, done, err := s.readAs(ctx, orgID)
	if err != nil {
		return nil, err
	}
	defer done()
	if len(ids) == 0 {
		return nil, nil
	}
	args := []any{orgID, auditLimit(limit)}
	marks := make([]string, len(ids))
	for i, id := range ids {
		args = append(args, id)
		marks[i] = "$" + strconv.Itoa(i+3)
	}
	rows, err := q.QueryContext(ctx,
		`SELECT `+auditColumns+` FROM audit_log
		 WHERE organization_id = $1 AND entity_id IN (`+strings.Join(marks, ", ")+`)
		 ORDER BY at DESC, id DESC LIMIT $2`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: select audit log: %w", err)
	}
	return scanAudit(rows, orgID)
}

// AuditByActor lists what one person did (the name recorded as actor),
// newest first; limit <= 0 means all.
func (s *Store) AuditByActor(ctx context.Context, orgID int64, actor string, limit int) ([]domain.AuditEntry, error) {
	q, done, err := s.readAs(ctx, orgID)
	if err != nil {
		return nil, err
	}
	defer done()
	rows, err := q.QueryContext(ctx,
		`SELECT `+auditColumns+` FROM audit_log WHERE organization_id = $1 AND actor = $2
		 ORDER BY at DESC, id DESC LIMIT $3`, orgID, actor, auditLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("store: select audit log: %w", err)
	}
	return scanAudit(rows, orgID)
}

// AuditActors lists who appears in the organization's audit log, by name.
func (s *Store) AuditActors(ctx context.Context, orgID int64) ([]string, error) {
	q, done, err := s.readAs(ctx, orgID)
	if err != nil {
		return nil, err
	}
	defer done()
	rows, err := q.QueryContext(ctx,
		`SELECT DISTINCT actor FROM audit_log WHERE organization_id = $1 ORDER BY actor`, orgID)
	if err != nil {
		return nil, fmt.Errorf("store: select audit actors: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, fmt.Errorf("store: scan audit actor: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func jsonUnmarshal(s string, v any) error {
	if err := json.Unmarshal([]byte(s), v); err != nil {
		return fmt.Errorf("store: json: %w", err)
	}
	return nil
}

var _ domain.WorkStore = (*Store)(nil)
