package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/performa-pa/performa/internal/domain"
)

// Whole variations: in a draft version, objectives and indicators are
// added (with their targets) and removed, besides being edited (edit.go).
// Each change is in the audit log with the element whole, and remembered
// as an edit of the draft (drafts.go). Removing an element that holds
// measurements or validations recorded in performa is refused: they would
// go with it.

// objectiveTree is what the audit log records of an objective added or
// removed: the objective, its unit and its indicators.
type objectiveTree struct {
	Unit     string `json:"unit"`
	Position int    `json:"position"`
	objectiveAudit
	Indicators []indicatorAudit `json:"indicators,omitempty"`
}

// indicatorTree is what the audit log records of an indicator added or
// removed: the indicator and the objective it belongs to.
type indicatorTree struct {
	Unit      string `json:"unit"`
	Objective string `json:"objective"` // code and title
	Position  int    `json:"position"`
	indicatorAudit
}

func auditTree(unit string, o *domain.Objective) objectiveTree {
	t := objectiveTree{Unit: unit, Position: o.Position, objectiveAudit: auditObjective(o, max(o.Revision, 1))}
	for _, in := range o.Indicators {
		t.Indicators = append(t.Indicators, auditIndicator(in, max(in.Revision, 1)))
	}
	return t
}

// draftUnit is a unit and the version it is in.
type draftUnit struct {
	Name          string
	VersionID     int64
	VersionNumber int
	VersionStatus domain.VersionStatus
}

func locateUnit(ctx context.Context, q querier, orgID, unitID int64) (*draftUnit, error) {
	var u draftUnit
	err := q.QueryRowContext(ctx,
		`SELECT u.name, v.id, v.number, v.status FROM units u
		 JOIN plan_versions v ON v.organization_id = u.organization_id AND v.id = u.version_id
		 WHERE u.organization_id = $1 AND u.id = $2`, orgID, unitID).
		Scan(&u.Name, &u.VersionID, &u.VersionNumber, &u.VersionStatus)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "Unità non trovata.")
	} else if err != nil {
		return nil, fmt.Errorf("store: locate unit: %w", err)
	}
	return &u, nil
}

// notDraft refuses a change to a version that is no longer a draft.
func notDraft(number int) error {
	return domain.Errorf(domain.ECONFLICT,
		"La versione %d del piano è approvata: non si modifica più. Per cambiarla serve una variazione (Amministrazione › Ciclo).", number)
}

// AddObjective adds o, with its indicators and their targets, as the last
// objective of unit unitID, which must be in a draft version. It fills in
// the ids (the identity of a new objective is its id), positions and
// revisions. Refused: invalid fields (EINVALID), a unit of a version that
// is not a draft (ECONFLICT), another organization's unit (ENOTFOUND).
func (s *Store) AddObjective(ctx context.Context, orgID, unitID int64, o *domain.Objective, actor string) error {
	if o.Kind == "" {
		o.Kind = domain.ObjectiveUnit
	}
	if err := validObjective(o); err != nil {
		return err
	}
	for _, in := range o.Indicators {
		if err := validIndicator(in); err != nil {
			return err
		}
	}
	err := s.writeAs(ctx, orgID, func(tx *sql.Tx) error {
		u, err := locateUnit(ctx, tx, orgID, unitID)
		if err != nil {
			return err
		}
		if u.VersionStatus != domain.VersionDraft {
			return notDraft(u.VersionNumber)
		}
		var last int
		if err := tx.QueryRowContext(ctx,
			`SELECT COALESCE(MAX(position), 0) FROM objectives WHERE organization_id = $1 AND unit_id = $2`,
			orgID, unitID).Scan(&last); err != nil {
			return fmt.Errorf("store: last objective: %w", err)
		}
		o.ID, o.OrganizationID, o.UnitID, o.Position, o.Revision = newID(), orgID, unitID, last+1, 1
		o.Identity = o.ID
		for k, in := range o.Indicators {
			in.ID, in.OrganizationID, in.ObjectiveID, in.Position, in.Revision = newID(), orgID, o.ID, k+1, 1
			in.Identity = in.ID
		}
		p := &domain.Plan{Units: []*domain.Unit{{ID: unitID, Objectives: []*domain.Objective{o}}}}
		for _, insert := range []func(context.Context, contentTx, *domain.Plan) error{insertObjectives, insertIndicators, insertTargets} {
			if err := insert(ctx, contentTx{tx, s.d}, p); err != nil {
				return err
			}
		}
		return s.recordVariation(ctx, tx, orgID, u.VersionID, actor, "create", "objective", o.ID,
			objectiveWords(o, u.Name), nil, auditTree(u.Name, o))
	})
	if err != nil {
		o.ID, o.OrganizationID, o.UnitID, o.Identity = 0, 0, 0, 0
		for _, in := range o.Indicators {
			in.ID, in.OrganizationID, in.ObjectiveID, in.Identity = 0, 0, 0, 0
		}
	}
	return err
}

// AddIndicator adds in, with its targets, as the last indicator of
// objective objectiveID of a draft version, filling in its id, position
// and revision. Refused as AddObjective.
func (s *Store) AddIndicator(ctx context.Context, orgID, objectiveID int64, in *domain.Indicator, actor string) error {
	if err := validIndicator(in); err != nil {
		return err
	}
	err := s.writeAs(ctx, orgID, func(tx *sql.Tx) error {
		loc, err := s.locate(ctx, tx, orgID, "objective", objectiveID)
		if err != nil {
			return err
		}
		if loc.VersionStatus != domain.VersionDraft {
			return notDraft(loc.VersionNumber)
		}
		o, err := objectiveRow(ctx, tx, orgID, objectiveID)
		if err != nil {
			return err
		}
		var last int
		if err := tx.QueryRowContext(ctx,
			`SELECT COALESCE(MAX(position), 0) FROM indicators WHERE organization_id = $1 AND objective_id = $2`,
			orgID, objectiveID).Scan(&last); err != nil {
			return fmt.Errorf("store: last indicator: %w", err)
		}
		in.ID, in.OrganizationID, in.ObjectiveID, in.Position, in.Revision = newID(), orgID, objectiveID, last+1, 1
		in.Identity = in.ID
		o.Indicators = []*domain.Indicator{in}
		p := &domain.Plan{Units: []*domain.Unit{{ID: loc.UnitID, Objectives: []*domain.Objective{o}}}}
		for _, insert := range []func(context.Context, contentTx, *domain.Plan) error{insertIndicators, insertTargets} {
			if err := insert(ctx, contentTx{tx, s.d}, p); err != nil {
				return err
			}
		}
		return s.recordVariation(ctx, tx, orgID, loc.VersionID, actor, "create", "indicator", in.ID,
			indicatorWords(in, o, loc.UnitName), nil,
			indicatorTree{loc.UnitName, o.Ref(), in.Position, auditIndicator(in, 1)})
	})
	if err != nil {
		in.ID, in.OrganizationID, in.ObjectiveID, in.Identity = 0, 0, 0, 0
	}
	return err
}

// DeleteObjective removes objective id, edited from revision, with its
// indicators and targets, from a draft version; the objectives after it
// move up one place. Refused: a version that is not a draft, a stale
// revision, an objective holding measurements or validations recorded in
// performa (ECONFLICT); another organization's (ENOTFOUND).
func (s *Store) DeleteObjective(ctx context.Context, orgID, id int64, revision int, actor string) error {
	return s.writeAs(ctx, orgID, func(tx *sql.Tx) error {
		loc, err := s.locate(ctx, tx, orgID, "objective", id)
		if err != nil {
			return err
		}
		if err := editable(loc, revision, "l'obiettivo"); err != nil {
			return err
		}
		if err := refuseIfRecorded(ctx, tx, orgID, "objective", id); err != nil {
			return err
		}
		o, err := objectiveRow(ctx, tx, orgID, id)
		if err != nil {
			return err
		}
		if o.Indicators, err = objectiveIndicators(ctx, tx, orgID, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM objectives WHERE organization_id = $1 AND id = $2`, orgID, id); err != nil {
			return fmt.Errorf("store: delete objective: %w", err)
		}
		if err := closeGap(ctx, tx, "objectives", "unit_id", orgID, o.UnitID, o.Position); err != nil {
			return err
		}
		o.Revision = revision
		return s.recordVariation(ctx, tx, orgID, loc.VersionID, actor, "delete", "objective", id,
			objectiveWords(o, loc.UnitName), auditTree(loc.UnitName, o), nil)
	})
}

// DeleteIndicator removes indicator id, edited from revision, with its
// targets, from a draft version; the indicators after it move up one
// place. Refused as DeleteObjective.
func (s *Store) DeleteIndicator(ctx context.Context, orgID, id int64, revision int, actor string) error {
	return s.writeAs(ctx, orgID, func(tx *sql.Tx) error {
		loc, err := s.locate(ctx, tx, orgID, "indicator", id)
		if err != nil {
			return err
		}
		if err := editable(loc, revision, "l'indicatore"); err != nil {
			return err
		}
		if err := refuseIfRecorded(ctx, tx, orgID, "indicator", id); err != nil {
			return err
		}
		in, err := indicatorRow(ctx, tx, orgID, id)
		if err != nil {
			return err
		}
		o, err := objectiveRow(ctx, tx, orgID, loc.ObjectiveID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM indicators WHERE organization_id = $1 AND id = $2`, orgID, id); err != nil {
			return fmt.Errorf("store: delete indicator: %w", err)
		}
		if err := closeGap(ctx, tx, "indicators", "objective_id", orgID, loc.ObjectiveID, in.Position); err != nil {
			return err
		}
		return s.recordVariation(ctx, tx, orgID, loc.VersionID, actor, "delete", "indicator", id,
			indicatorWords(in, o, loc.UnitName),
			indicatorTree{loc.UnitName, o.Ref(), in.Position, auditIndicator(in, revision)}, nil)
	})
}

// recordVariation counts a change of the draft version, remembers it as
// an edit of the draft and writes its audit entry.
func (s *Store) recordVariation(ctx context.Context, tx *sql.Tx, orgID, versionID int64, actor, action, entity string,
	id int64, words string, before, after any) error {
	if err := touchVersions(ctx, tx, orgID, map[int64]bool{versionID: true}); err != nil {
		return err
	}
	t := now()
	if err := recordDraftEdit(ctx, tx, orgID, versionID, t, actor, action, entity, id, words); err != nil {
		return err
	}
	return writeAudit(ctx, tx, orgID, t, actor, action, entity, id, before, after)
}

// refuseIfRecorded refuses to remove an objective or indicator holding
// measurements or validations recorded in performa.
func refuseIfRecorded(ctx context.Context, tx *sql.Tx, orgID int64, entity string, id int64) error {
	query := `SELECT (SELECT COUNT(*) FROM measurements m WHERE m.organization_id = $1 AND m.recorded_by <> 'import'
	   AND m.indicator_id IN (SELECT i.id FROM indicators i WHERE i.organization_id = $1 AND i.objective_id = $2))
	 + (SELECT COUNT(*) FROM validations v WHERE v.organization_id = $1 AND v.objective_id = $2)`
	what := "L'obiettivo"
	if entity == "indicator" {
		query = `SELECT COUNT(*) FROM measurements m WHERE m.organization_id = $1 AND m.indicator_id = $2 AND m.recorded_by <> 'import'`
		what = "L'indicatore"
	}
	var n int
	if err := tx.QueryRowContext(ctx, query, orgID, id).Scan(&n); err != nil {
		return fmt.Errorf("store: count recorded: %w", err)
	}
	if n > 0 {
		return domain.Errorf(domain.ECONFLICT,
			"%s ha già %s registrate: eliminarlo le cancellerebbe. Non è stato eliminato.", what,
			pluralIt(n, "misurazione o validazione", "misurazioni o validazioni"))
	}
	return nil
}

// closeGap moves the rows of table after position, under the same parent,
// up one place. It goes through positions no row holds, so that the
// unique index on positions holds at every row (PostgreSQL checks it row
// by row).
func closeGap(ctx context.Context, tx *sql.Tx, table, parent string, orgID, parentID int64, position int) error {
	const far = 1 << 30
	where := ` WHERE organization_id = $1 AND ` + parent + ` = $2 AND position > $3`
	for _, st := range []struct {
		set   string
		after int
	}{{fmt.Sprintf("position + %d", far), position}, {fmt.Sprintf("position - %d", far+1), far}} {
		if _, err := tx.ExecContext(ctx, `UPDATE `+table+` SET position = `+st.set+where, orgID, parentID, st.after); err != nil {
			return fmt.Errorf("store: renumber %s: %w", table, err)
		}
	}
	return nil
}

// objectiveIndicators reads the indicators of an objective, with their
// targets, in order.
func objectiveIndicators(ctx context.Context, q querier, orgID, objectiveID int64) ([]*domain.Indicator, error) {
	rows, err := q.QueryContext(ctx,
		`SELECT id FROM indicators WHERE organization_id = $1 AND objective_id = $2 ORDER BY position`, orgID, objectiveID)
	if err != nil {
		return nil, fmt.Errorf("store: select indicators: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: scan indicator: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: select indicators: %w", err)
	}
	var out []*domain.Indicator
	for _, id := range ids {
		in, err := indicatorRow(ctx, q, orgID, id)
		if err != nil {
			return nil, err
		}
		out = append(out, in)
	}
	return out, nil
}

// LocateUnit says where a unit of the organization sits: its version and
// cycle (ENOTFOUND).
func (s *Store) LocateUnit(ctx context.Context, orgID, unitID int64) (*domain.Location, error) {
	q, done, err := s.readAs(ctx, orgID)
	if err != nil {
		return nil, err
	}
	defer done()
	loc := &domain.Location{OrganizationID: orgID, UnitID: unitID}
	err = q.QueryRowContext(ctx,
		`SELECT v.cycle_id, v.id, v.number, v.status, u.name, u.identity_id FROM units u
		 JOIN plan_versions v ON v.organization_id = u.organization_id AND v.id = u.version_id
		 WHERE u.organization_id = $1 AND u.id = $2`, orgID, unitID).
		Scan(&loc.CycleID, &loc.VersionID, &loc.VersionNumber, &loc.VersionStatus, &loc.UnitName, &loc.UnitIdentity)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "Unità non trovata.")
	} else if err != nil {
		return nil, fmt.Errorf("store: locate unit: %w", err)
	}
	return loc, nil
}
