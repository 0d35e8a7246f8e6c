package store

import (
	"context"
	"fmt"
	"slices"

	"github.com/performa-pa/performa/internal/domain"
)

// Versions lists the plan versions of an organization as Plans does, newest
// cycle first and newest version first, without counting their content:
// what a page needs to find the version in force, at a fraction of the
// cost.
func (s *Store) Versions(ctx context.Context, orgID int64) ([]domain.PlanSummary, error) {
	return recall(s, ctx, orgID, "versions", cloneVersions, func() ([]domain.PlanSummary, error) {
		return s.versions(ctx, orgID)
	})
}

// cloneVersions copies a list of versions down to their act dates.
func cloneVersions(vs []domain.PlanSummary) []domain.PlanSummary {
	vs = slices.Clone(vs)
	for i := range vs {
		vs[i].Version.ActDate = clonePtr(vs[i].Version.ActDate)
	}
	return vs
}

func (s *Store) versions(ctx context.Context, orgID int64) ([]domain.PlanSummary, error) {
	q, done, err := s.readAs(ctx, orgID)
	if err != nil {
		return nil, err
	}
	defer done()
	rows, err := q.QueryContext(ctx, `SELECT `+versionColumns+versionFrom+
		` WHERE v.organization_id = $1
		 ORDER BY c.first_year DESC, c.last_year DESC, v.number DESC`, orgID)
	if err != nil {
		return nil, fmt.Errorf("store: select versions: %w", err)
	}
	defer rows.Close()
	var out []domain.PlanSummary
	for rows.Next() {
		ps, err := scanVersion(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan version: %w", err)
		}
		out = append(out, *ps)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: select versions: %w", err)
	}
	return out, nil
}
