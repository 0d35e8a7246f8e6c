package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"

	"github.com/performa-pa/performa/internal/domain"
)

// Organizations lists every organization, by name. It is the one listing
// that crosses tenants: it serves the administrator of the installation.
func (s *Store) Organizations(ctx context.Context) ([]domain.Organization, error) {
	rows, err := s.readPool.QueryContext(ctx, `SELECT id, name, created_at, COALESCE(slug, '') FROM organizations ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("store: select organizations: %w", err)
	}
	defer rows.Close()
	var orgs []domain.Organization
	for rows.Next() {
		var o domain.Organization
		if err := rows.Scan(&o.ID, &o.Name, &o.CreatedAt, &o.Slug); err != nil {
			return nil, fmt.Errorf("store: scan organization: %w", err)
		}
		o.CreatedAt = o.CreatedAt.UTC()
		orgs = append(orgs, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: select organizations: %w", err)
	}
	return orgs, nil
}

// OrganizationByName finds an organization by exact name (ENOTFOUND).
func (s *Store) OrganizationByName(ctx context.Context, name string) (*domain.Organization, error) {
	o := domain.Organization{Name: name}
	err := s.readPool.QueryRowContext(ctx, `SELECT id, created_at, COALESCE(slug, '') FROM organizations WHERE name = $1`, name).
		Scan(&o.ID, &o.CreatedAt, &o.Slug)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "L'ente «%s» non esiste.", name)
	} else if err != nil {
		return nil, fmt.Errorf("store: select organization: %w", err)
	}
	o.CreatedAt = o.CreatedAt.UTC()
	return &o, nil
}

// countColumns is the select list counting the units, objectives and
// indicators of the version given by the SQL expressions org and version.
func countColumns(org, version string) string {
	units := `FROM units u WHERE u.organization_id = ` + org + ` AND u.version_id = ` + version
	objectives := `FROM objectives ob
		JOIN units u ON u.organization_id = ob.organization_id AND u.id = ob.unit_id
		WHERE ob.organization_id = ` + org + ` AND u.version_id = ` + version
	indicators := `FROM indicators i
		JOIN objectives ob ON ob.organization_id = i.organization_id AND ob.id = i.objective_id
		JOIN units u ON u.organization_id = ob.organization_id AND u.id = ob.unit_id
		WHERE i.organization_id = ` + org + ` AND u.version_id = ` + version
	return `(SELECT COUNT(*) ` + units + `), (SELECT COUNT(*) ` + objectives +
		`), (SELECT COUNT(*) ` + indicators + `)`
}

// Plans lists the plan versions of an organization, newest cycle first and,
// within a cycle, newest version first.
func (s *Store) Plans(ctx context.Context, orgID int64) ([]domain.PlanSummary, error) {
	q, done, err := s.readAs(ctx, orgID)
	if err != nil {
		return nil, err
	}
	defer done()
	query := `SELECT ` + countColumns("v.organization_id", "v.id") + `, ` + versionColumns + versionFrom +
		` WHERE v.organization_id = $1
		 ORDER BY c.first_year DESC, c.last_year DESC, v.number DESC`
	rows, err := q.QueryContext(ctx, query, orgID)
	if err != nil {
		return nil, fmt.Errorf("store: select plans: %w", err)
	}
	defer rows.Close()
	var out []domain.PlanSummary
	for rows.Next() {
		var n [3]int
		ps, err := scanCounted(rows, &n)
		if err != nil {
			return nil, fmt.Errorf("store: scan plan: %w", err)
		}
		ps.Units, ps.Objectives, ps.Indicators = n[0], n[1], n[2]
		out = append(out, *ps)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: select plans: %w", err)
	}
	return out, nil
}

// scanCounted scans a row of Plans: the three counts come first.
func scanCounted(rows *sql.Rows, n *[3]int) (*domain.PlanSummary, error) {
	return scanVersion(prefixScanner{rows, []any{&n[0], &n[1], &n[2]}})
}

// prefixScanner puts extra destinations in front of the ones Scan is given.
type prefixScanner struct {
	r     rowScanner
	first []any
}

func (p prefixScanner) Scan(dest ...any) error { return p.r.Scan(append(p.first, dest...)...) }

// AuditLog lists the audit entries of an organization, newest first; limit
// <= 0 means all of them.
func (s *Store) AuditLog(ctx context.Context, orgID int64, limit int) ([]domain.AuditEntry, error) {
	q, done, err := s.readAs(ctx, orgID)
	if err != nil {
		return nil, err
	}
	defer done()
	if limit <= 0 {
		limit = math.MaxInt32
	}
	rows, err := q.QueryContext(ctx,
		`SELECT `+auditColumns+` FROM audit_log WHERE organization_id = $1
		 ORDER BY at DESC, id DESC LIMIT $2`, orgID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: select audit log: %w", err)
	}
	return scanAudit(rows, orgID)
}
