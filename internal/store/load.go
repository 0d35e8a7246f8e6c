package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/performa-pa/performa/internal/domain"
)

// Plan loads one version whole (ENOTFOUND when orgID has no such version).
func (s *Store) Plan(ctx context.Context, orgID, versionID int64) (*domain.Plan, error) {
	var p *domain.Plan
	err := s.readSnapshotAs(ctx, orgID, func(tx *sql.Tx) error {
		var err error
		p, err = loadPlan(ctx, tx, orgID, versionID)
		return err
	})
	return p, err
}

// CurrentPlan loads the newest version of the newest cycle (ENOTFOUND).
func (s *Store) CurrentPlan(ctx context.Context, orgID int64) (*domain.Plan, error) {
	var p *domain.Plan
	err := s.readSnapshotAs(ctx, orgID, func(tx *sql.Tx) error {
		var versionID int64
		err := tx.QueryRowContext(ctx,
			`SELECT v.id FROM plan_versions v
			 JOIN cycles c ON c.organization_id = v.organization_id AND c.id = v.cycle_id
			 WHERE v.organization_id = $1
			 ORDER BY c.first_year DESC, c.last_year DESC, v.number DESC LIMIT 1`,
			orgID).Scan(&versionID)
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Errorf(domain.ENOTFOUND, "Non c'è ancora nessun piano per questo ente.")
		} else if err != nil {
			return fmt.Errorf("store: select current version: %w", err)
		}
		p, err = loadPlan(ctx, tx, orgID, versionID)
		return err
	})
	return p, err
}

// versionColumns and versionFrom read the organization, cycle and version
// of plan versions; scanVersion reads one such row.
const (
	versionColumns = `o.id, o.name, o.created_at, COALESCE(o.slug, ''),
	c.id, c.first_year, c.last_year, c.status, c.created_at,
	v.id, v.number, v.status, v.reason, v.act_number, v.act_date,
	v.source_file, v.source_hash, v.created_at, v.imported_at`
	versionFrom = ` FROM plan_versions v
	JOIN cycles c ON c.organization_id = v.organization_id AND c.id = v.cycle_id
	JOIN organizations o ON o.id = v.organization_id`
)

type rowScanner interface{ Scan(dest ...any) error }

func scanVersion(r rowScanner, extra ...any) (*domain.PlanSummary, error) {
	var (
		ps      domain.PlanSummary
		o, c, v = &ps.Organization, &ps.Cycle, &ps.Version
		actDate sql.NullTime
	)
	dest := []any{&o.ID, &o.Name, &o.CreatedAt, &o.Slug,
		&c.ID, &c.FirstYear, &c.LastYear, &c.Status, &c.CreatedAt,
		&v.ID, &v.Number, &v.Status, &v.Reason, &v.ActNumber, &actDate,
		&v.SourceFile, &v.SourceHash, &v.CreatedAt, &ps.ImportedAt}
	if err := r.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	c.OrganizationID, v.OrganizationID, v.CycleID = o.ID, o.ID, c.ID
	v.ActDate = datePtr(actDate)
	o.CreatedAt, c.CreatedAt, v.CreatedAt = o.CreatedAt.UTC(), c.CreatedAt.UTC(), v.CreatedAt.UTC()
	ps.ImportedAt = ps.ImportedAt.UTC()
	return &ps, nil
}

func loadPlan(ctx context.Context, q querier, orgID, versionID int64) (*domain.Plan, error) {
	return loadVersion(ctx, q, orgID, versionID, false)
}

// loadSkeleton loads a version's units, objectives and indicators without
// targets, imported measurements and diagnostics: what matching an import
// against it needs, at a fraction of the cost.
func loadSkeleton(ctx context.Context, q querier, orgID, versionID int64) (*domain.Plan, error) {
	return loadVersion(ctx, q, orgID, versionID, true)
}

func loadVersion(ctx context.Context, q querier, orgID, versionID int64, skeleton bool) (*domain.Plan, error) {
	ps, err := scanVersion(q.QueryRowContext(ctx,
		`SELECT `+versionColumns+versionFrom+` WHERE v.organization_id = $1 AND v.id = $2`, orgID, versionID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "Piano non trovato.")
	} else if err != nil {
		return nil, fmt.Errorf("store: select version: %w", err)
	}
	p := &domain.Plan{Organization: ps.Organization, Cycle: ps.Cycle, Version: ps.Version}
	l := loader{q: q, orgID: orgID, versionID: versionID, skeleton: skeleton}
	if p.Units, err = l.units(ctx); err != nil {
		return nil, err
	}
	if skeleton {
		return p, nil
	}
	if p.Diagnostics, err = l.diagnostics(ctx); err != nil {
		return nil, err
	}
	return p, nil
}

// loader reads the content of one version, level by level: one query per
// table, children attached to their parents by id. Rows come in position
// order, so each parent's children are appended in file order. Source.File
// is not stored per element (the version has it): it is left empty, as the
// importer leaves it.
type loader struct {
	q         querier
	orgID     int64
	versionID int64
	skeleton  bool // no targets nor imported measurements
}

// each runs query with the organization and version ids and calls scan for
// every row.
func (l *loader) each(ctx context.Context, what, query string, scan func(*sql.Rows) error) error {
	rows, err := l.q.QueryContext(ctx, query, l.orgID, l.versionID)
	if err != nil {
		return fmt.Errorf("store: select %s: %w", what, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return fmt.Errorf("store: scan %s: %w", what, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: select %s: %w", what, err)
	}
	return nil
}

func (l *loader) units(ctx context.Context) ([]*domain.Unit, error) {
	var (
		units []*domain.Unit
		byID  = map[int64]*domain.Unit{}
	)
	err := l.each(ctx, "units",
		`SELECT id, position, name, manager, kind, declared_total_weight, source_sheet, source_line, identity_id
		 FROM units WHERE organization_id = $1 AND version_id = $2 ORDER BY position`,
		func(rows *sql.Rows) error {
			u := &domain.Unit{OrganizationID: l.orgID}
			var total sql.NullFloat64
			if err := rows.Scan(&u.ID, &u.Position, &u.Name, &u.Manager, &u.Kind, &total,
				&u.Source.Sheet, &u.Source.Line, &u.Identity); err != nil {
				return err
			}
			u.DeclaredTotalWeight = floatPtr(total)
			units = append(units, u)
			byID[u.ID] = u
			return nil
		})
	if err != nil {
		return nil, err
	}
	return units, l.objectives(ctx, byID)
}

func (l *loader) objectives(ctx context.Context, units map[int64]*domain.Unit) error {
	byID := map[int64]*domain.Objective{}
	err := l.each(ctx, "objectives",
		`SELECT ob.id, ob.unit_id, ob.position, ob.code, ob.title, ob.weight,
		   ob.mission_code, ob.mission_text, ob.program_code, ob.program_text,
		   ob.manager, ob.staff, ob.notes, ob.reported_achievement, ob.kind,
		   ob.source_sheet, ob.source_line, ob.identity_id, ob.revision
		 FROM objectives ob
		 JOIN units u ON u.organization_id = ob.organization_id AND u.id = ob.unit_id
		 WHERE ob.organization_id = $1 AND u.version_id = $2 ORDER BY ob.position`,
		func(rows *sql.Rows) error {
			o := &domain.Objective{OrganizationID: l.orgID}
			var weight sql.NullFloat64
			if err := rows.Scan(&o.ID, &o.UnitID, &o.Position, &o.Code, &o.Title, &weight,
				&o.Mission.Code, &o.Mission.Text, &o.Program.Code, &o.Program.Text,
				&o.Manager, &o.Staff, &o.Notes, &o.ReportedAchievement, &o.Kind,
				&o.Source.Sheet, &o.Source.Line, &o.Identity, &o.Revision); err != nil {
				return err
			}
			o.Weight = floatPtr(weight)
			u := units[o.UnitID]
			u.Objectives = append(u.Objectives, o)
			byID[o.ID] = o
			return nil
		})
	if err != nil {
		return err
	}
	return l.indicators(ctx, byID)
}

func (l *loader) indicators(ctx context.Context, objectives map[int64]*domain.Objective) error {
	byID := map[int64]*domain.Indicator{}
	err := l.each(ctx, "indicators",
		`SELECT i.id, i.objective_id, i.position, i.description, i.unit_of_measure, i.weight,
		   i.direction, i.baseline_year, i.baseline_text, i.baseline_value,
		   i.source_sheet, i.source_line, i.identity_id, i.revision
		 FROM indicators i
		 JOIN objectives ob ON ob.organization_id = i.organization_id AND ob.id = i.objective_id
		 JOIN units u ON u.organization_id = ob.organization_id AND u.id = ob.unit_id
		 WHERE i.organization_id = $1 AND u.version_id = $2 ORDER BY i.position`,
		func(rows *sql.Rows) error {
			in := &domain.Indicator{OrganizationID: l.orgID}
			var weight, baseline sql.NullFloat64
			if err := rows.Scan(&in.ID, &in.ObjectiveID, &in.Position, &in.Description,
				&in.UnitOfMeasure, &weight, &in.Direction, &in.Baseline.Year,
				&in.Baseline.Text, &baseline, &in.Source.Sheet, &in.Source.Line, &in.Identity, &in.Revision); err != nil {
				return err
			}
			in.Weight, in.Baseline.Value = floatPtr(weight), floatPtr(baseline)
			o := objectives[in.ObjectiveID]
			o.Indicators = append(o.Indicators, in)
			byID[in.ID] = in
			return nil
		})
	if err != nil || l.skeleton {
		return err
	}
	if err := l.targets(ctx, byID); err != nil {
		return err
	}
	return l.importedMeasurements(ctx, byID)
}

func (l *loader) targets(ctx context.Context, indicators map[int64]*domain.Indicator) error {
	return l.each(ctx, "targets",
		`SELECT t.indicator_id, t.year, t.target_text, t.rule_json
		 FROM targets t
		 JOIN indicators i ON i.organization_id = t.organization_id AND i.id = t.indicator_id
		 JOIN objectives ob ON ob.organization_id = i.organization_id AND ob.id = i.objective_id
		 JOIN units u ON u.organization_id = ob.organization_id AND u.id = ob.unit_id
		 WHERE t.organization_id = $1 AND u.version_id = $2 ORDER BY t.position`,
		func(rows *sql.Rows) error {
			var (
				indicatorID int64
				tg          domain.Target
				rule        sql.NullString
			)
			if err := rows.Scan(&indicatorID, &tg.Year, &tg.Text, &rule); err != nil {
				return err
			}
			if rule.Valid {
				tg.Rule = new(domain.TargetRule)
				if err := json.Unmarshal([]byte(rule.String), tg.Rule); err != nil {
					return fmt.Errorf("target rule: %w", err)
				}
			}
			in := indicators[indicatorID]
			in.Targets = append(in.Targets, tg)
			return nil
		})
}

func (l *loader) diagnostics(ctx context.Context) ([]domain.Diagnostic, error) {
	var ds []domain.Diagnostic
	err := l.each(ctx, "diagnostics",
		`SELECT severity, code, sheet, line, column_name, message
		 FROM import_diagnostics WHERE organization_id = $1 AND version_id = $2 ORDER BY position`,
		func(rows *sql.Rows) error {
			var d domain.Diagnostic
			if err := rows.Scan(&d.Severity, &d.Code, &d.Sheet, &d.Line, &d.Column, &d.Message); err != nil {
				return err
			}
			ds = append(ds, d)
			return nil
		})
	return ds, err
}
