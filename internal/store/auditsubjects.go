package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
)

// AuditSubjects finds what audit entries are about, for the rows still
// stored among ids (their EntityID): objectives, indicators, measurements
// and validations with their objective and unit, versions and cycles with
// their years, users with their names. Ids are unique within an
// organization, so one list serves every kind.
func (s *Store) AuditSubjects(ctx context.Context, orgID int64, ids []int64) (map[int64]domain.AuditSubject, error) {
	out := map[int64]domain.AuditSubject{}
	seen := map[int64]bool{}
	var uniq []int64
	for _, id := range ids {
		if id != 0 && !seen[id] {
			seen[id] = true
			uniq = append(uniq, id)
		}
	}
	const chunk = 500 // parameters per query
	for len(uniq) > 0 {
		n := min(len(uniq), chunk)
		if err := s.auditSubjects(ctx, orgID, uniq[:n], out); err != nil {
			return nil, err
		}
		uniq = uniq[n:]
	}
	return out, nil
}

func (s *Store) auditSubjects(ctx context.Context, orgID int64, ids []int64, out map[int64]domain.AuditSubject) error {
	args := []any{orgID}
	marks := make([]string, len(ids))
	for i, id := range ids {
		args = append(args, id)
		marks[i] = "$" + strconv.Itoa(i+2)
	}
	in := "(" + strings.Join(marks, ", ") + ")"
	const objective = ` JOIN units u ON u.organization_id = o.organization_id AND u.id = o.unit_id
		JOIN plan_versions v ON v.organization_id = u.organization_id AND v.id = u.version_id
		JOIN cycles c ON c.organization_id = v.organization_id AND c.id = v.cycle_id`
	const cols = `, o.id, u.name, o.code, o.title, o.position, `
	const tail = `, v.id, v.number, c.first_year, c.last_year, '', ''`
	query := `SELECT 'objective', o.id` + cols + `0` + tail + ` FROM objectives o` + objective +
		` WHERE o.organization_id = $1 AND o.id IN ` + in + `
		UNION ALL SELECT 'indicator', i.id` + cols + `i.position` + tail + ` FROM indicators i
		JOIN objectives o ON o.organization_id = i.organization_id AND o.id = i.objective_id` + objective +
		` WHERE i.organization_id = $1 AND i.id IN ` + in + `
		UNION ALL SELECT 'measurement', m.id` + cols + `i.position` + tail + ` FROM measurements m
		JOIN indicators i ON i.organization_id = m.organization_id AND i.id = m.indicator_id
		JOIN objectives o ON o.organization_id = i.organization_id AND o.id = i.objective_id` + objective +
		` WHERE m.organization_id = $1 AND m.id IN ` + in + `
		UNION ALL SELECT 'validation', va.id` + cols + `0` + tail + ` FROM validations va
		JOIN objectives o ON o.organization_id = va.organization_id AND o.id = va.objective_id` + objective +
		` WHERE va.organization_id = $1 AND va.id IN ` + in + `
		UNION ALL SELECT 'plan_version', v.id, 0, '', '', '', 0, 0` + tail + ` FROM plan_versions v
		JOIN cycles c ON c.organization_id = v.organization_id AND c.id = v.cycle_id
		WHERE v.organization_id = $1 AND v.id IN ` + in + `
		UNION ALL SELECT 'cycle', c.id, 0, '', '', '', 0, 0, 0, 0, c.first_year, c.last_year, '', '' FROM cycles c
		WHERE c.organization_id = $1 AND c.id IN ` + in + `
		UNION ALL SELECT 'user', us.id, 0, '', '', '', 0, 0, 0, 0, 0, 0, us.name, us.full_name FROM users us
		WHERE us.organization_id = $1 AND us.id IN ` + in
	q, done, err := s.readAs(ctx, orgID)
	if err != nil {
		return err
	}
	defer done()
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("store: select audit subjects: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			a  domain.AuditSubject
			id int64
		)
		if err := rows.Scan(&a.Entity, &id, &a.ObjectiveID, &a.Unit, &a.Code, &a.Title, &a.Position, &a.IndicatorPosition,
			&a.VersionID, &a.VersionNumber, &a.FirstYear, &a.LastYear, &a.UserName, &a.FullName); err != nil {
			return fmt.Errorf("store: scan audit subject: %w", err)
		}
		out[id] = a
	}
	return rows.Err()
}

// People maps the sign-in names of the organization's users to their full
// names (those who have one), to name the actors of the audit log.
func (s *Store) People(ctx context.Context, orgID int64) (map[string]string, error) {
	q, done, err := s.readAs(ctx, orgID)
	if err != nil {
		return nil, err
	}
	defer done()
	rows, err := q.QueryContext(ctx,
		`SELECT name, full_name FROM users WHERE organization_id = $1 AND full_name <> ''`, orgID)
	if err != nil {
		return nil, fmt.Errorf("store: select people: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var n, f string
		if err := rows.Scan(&n, &f); err != nil {
			return nil, fmt.Errorf("store: scan person: %w", err)
		}
		out[n] = f
	}
	return out, rows.Err()
}
