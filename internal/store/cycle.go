package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
)

// The life of a cycle after its first approval: its status, variations
// (new draft versions copied from the approved one), and the monitoring
// that follows the plan from one version to the next.

// SetCycleStatus moves a cycle forward: approved → monitoring → closed
// (approved → closed too). A draft cycle becomes approved only by approving
// a version (ApproveVersion); a closed cycle does not reopen.
func (s *Store) SetCycleStatus(ctx context.Context, orgID, cycleID int64, status domain.CycleStatus, actor string) error {
	if !status.Valid() {
		return domain.Errorf(domain.EINVALID, "Stato del ciclo sconosciuto «%s».", status)
	}
	return s.writeAs(ctx, orgID, func(tx *sql.Tx) error {
		var cur domain.CycleStatus
		err := tx.QueryRowContext(ctx,
			`SELECT status FROM cycles WHERE organization_id = $1 AND id = $2`+s.d.forUpdate, orgID, cycleID).Scan(&cur)
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Errorf(domain.ENOTFOUND, "Ciclo non trovato.")
		} else if err != nil {
			return fmt.Errorf("store: select cycle: %w", err)
		}
		ok := cur == domain.CycleApproved && (status == domain.CycleMonitoring || status == domain.CycleClosed) ||
			cur == domain.CycleMonitoring && status == domain.CycleClosed
		switch {
		case cur == status:
			return domain.Errorf(domain.ECONFLICT, "Il ciclo è già nello stato «%s».", status.Label())
		case status == domain.CycleApproved || cur == domain.CycleDraft:
			return domain.Errorf(domain.ECONFLICT, "Un ciclo in bozza diventa approvato approvando una versione del piano con la delibera.")
		case cur == domain.CycleClosed:
			return domain.Errorf(domain.ECONFLICT, "Il ciclo è chiuso: i punteggi sono definitivi e non si riapre.")
		case !ok:
			return domain.Errorf(domain.ECONFLICT, "Il ciclo non può passare da «%s» a «%s».", cur.Label(), status.Label())
		}
		if _, err := tx.ExecContext(ctx, `UPDATE cycles SET status = $3 WHERE organization_id = $1 AND id = $2`,
			orgID, cycleID, string(status)); err != nil {
			return fmt.Errorf("store: update cycle: %w", err)
		}
		return writeAudit(ctx, tx, orgID, now(), actor, "status", "cycle", cycleID,
			map[string]string{"status": string(cur)}, map[string]string{"status": string(status)})
	})
}

// CreateVariation starts a variation of a cycle's approved plan (art. 10
// c.3 D.Lgs 150/2009): a new draft version, numbered after the newest, whose
// units, objectives, indicators and targets are copies of the approved
// version's, each copy remembering the row it came from (origin_id). The
// approved version stays in force, and monitoring goes on there, until the
// variation is approved (ApproveVersion), which carries the measurements and
// validations over. Refused when the newest version is not approved (a
// draft exists already, or nothing was approved yet) or the cycle is
// closed.
func (s *Store) CreateVariation(ctx context.Context, orgID, cycleID int64, reason, actor string) (*domain.Version, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, domain.Errorf(domain.EINVALID, "Indica il motivo della variazione.")
	}
	var out domain.Version
	err := s.writeAs(ctx, orgID, func(tx *sql.Tx) error {
		c := domain.Cycle{OrganizationID: orgID, ID: cycleID}
		err := tx.QueryRowContext(ctx,
			`SELECT first_year, last_year, status FROM cycles WHERE organization_id = $1 AND id = $2`+s.d.forUpdate,
			orgID, cycleID).Scan(&c.FirstYear, &c.LastYear, &c.Status)
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Errorf(domain.ENOTFOUND, "Ciclo non trovato.")
		} else if err != nil {
			return fmt.Errorf("store: select cycle: %w", err)
		}
		if c.Status == domain.CycleClosed {
			return domain.Errorf(domain.ECONFLICT, "Il ciclo %d–%d è chiuso: non si fanno più variazioni.", c.FirstYear, c.LastYear)
		}
		from, err := newestVersion(ctx, tx, c)
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Errorf(domain.ECONFLICT, "Il ciclo non ha ancora un piano.")
		} else if err != nil {
			return err
		}
		if from.Status != domain.VersionApproved {
			return domain.Errorf(domain.ECONFLICT,
				"La versione %d del piano è ancora in bozza: modificala o approvala; una variazione parte da un piano approvato.", from.Number)
		}
		p, err := loadPlan(ctx, tx, orgID, from.ID)
		if err != nil {
			return err
		}
		t := now()
		out = domain.Version{ID: newID(), OrganizationID: orgID, CycleID: cycleID, Number: from.Number + 1,
			Status: domain.VersionDraft, Reason: reason, SourceFile: from.SourceFile, SourceHash: from.SourceHash, CreatedAt: t}
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO plan_versions (organization_id, id, cycle_id, number, status, reason,
			   act_number, act_date, source_file, source_hash, created_at, imported_at)
			 VALUES ($1, $2, $3, $4, $5, $6, '', NULL, $7, $8, $9, $9)`,
			orgID, out.ID, cycleID, out.Number, out.Status, out.Reason, out.SourceFile, out.SourceHash, t); err != nil {
			return fmt.Errorf("store: insert version: %w", err)
		}
		// Copy the content under new ids, then remember where each copy
		// came from. The import's diagnostics stay with the version they
		// describe.
		origins := map[int64]int64{}
		old := make(map[any]int64)
		for _, u := range p.Units {
			for _, o := range u.Objectives {
				old[o] = o.ID
				for _, in := range o.Indicators {
					old[in] = in.ID
				}
			}
		}
		p.Version, p.Diagnostics = out, nil
		if err := writeContent(ctx, contentTx{tx, s.d}, p); err != nil {
			return err
		}
		for _, u := range p.Units {
			for _, o := range u.Objectives {
				origins[o.ID] = old[o]
				for _, in := range o.Indicators {
					origins[in.ID] = old[in]
				}
			}
		}
		if err := setOrigins(ctx, tx, orgID, p, origins); err != nil {
			return err
		}
		return writeAudit(ctx, tx, orgID, t, actor, "variation", "plan_version", out.ID, nil,
			map[string]any{"number": out.Number, "from_version": from.Number, "reason": reason})
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// setOrigins writes the origin of every copied objective and indicator.
func setOrigins(ctx context.Context, tx *sql.Tx, orgID int64, p *domain.Plan, origins map[int64]int64) error {
	for _, table := range []string{"objectives", "indicators"} {
		stmt, err := tx.PrepareContext(ctx, `UPDATE `+table+` SET origin_id = $3 WHERE organization_id = $1 AND id = $2`)
		if err != nil {
			return fmt.Errorf("store: prepare origins: %w", err)
		}
		for _, u := range p.Units {
			for _, o := range u.Objectives {
				ids := []int64{o.ID}
				if table == "indicators" {
					ids = ids[:0]
					for _, in := range o.Indicators {
						ids = append(ids, in.ID)
					}
				}
				for _, id := range ids {
					if _, err := stmt.ExecContext(ctx, orgID, id, origins[id]); err != nil {
						stmt.Close()
						return fmt.Errorf("store: set origin: %w", err)
					}
				}
			}
		}
		stmt.Close()
	}
	return nil
}

// Origins maps the objectives and indicators of a version that were copied
// from another version (a variation) to the rows they were copied from.
// Ids are unique within an organization, so one map serves both.
func (s *Store) Origins(ctx context.Context, orgID, versionID int64) (map[int64]int64, error) {
	q, done, err := s.readAs(ctx, orgID)
	if err != nil {
		return nil, err
	}
	defer done()
	rows, err := q.QueryContext(ctx,
		`SELECT o.id, o.origin_id FROM objectives o
		 JOIN units u ON u.organization_id = o.organization_id AND u.id = o.unit_id
		 WHERE o.organization_id = $1 AND u.version_id = $2 AND o.origin_id IS NOT NULL
		 UNION ALL
		 SELECT i.id, i.origin_id FROM indicators i
		 JOIN objectives o ON o.organization_id = i.organization_id AND o.id = i.objective_id
		 JOIN units u ON u.organization_id = o.organization_id AND u.id = o.unit_id
		 WHERE i.organization_id = $1 AND u.version_id = $2 AND i.origin_id IS NOT NULL`, orgID, versionID)
	if err != nil {
		return nil, fmt.Errorf("store: select origins: %w", err)
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var id, origin int64
		if err := rows.Scan(&id, &origin); err != nil {
			return nil, fmt.Errorf("store: scan origin: %w", err)
		}
		out[id] = origin
	}
	return out, rows.Err()
}

// carryMonitoring copies, when a variation is approved, the measurements
// and validations recorded on the version it replaces onto the version's
// copies of the same indicators and objectives (origin_id), so that the
// year's monitoring goes on. The replaced version keeps its own, unchanged.
func carryMonitoring(ctx context.Context, tx *sql.Tx, orgID, versionID int64, actor string) error {
	rows, err := tx.QueryContext(ctx,
		`SELECT i.id, m.measured_on, m.number_value, m.bool_value, m.date_value, m.text_value, m.note, m.evidence,
		   m.recorded_by, m.recorded_at, m.achievement, m.manual_achievement
		 FROM indicators i
		 JOIN objectives o ON o.organization_id = i.organization_id AND o.id = i.objective_id
		 JOIN units u ON u.organization_id = o.organization_id AND u.id = o.unit_id
		 JOIN measurements m ON m.organization_id = i.organization_id AND m.indicator_id = i.origin_id
		 WHERE i.organization_id = $1 AND u.version_id = $2
		 ORDER BY m.measured_on, m.recorded_at`, orgID, versionID)
	if err != nil {
		return fmt.Errorf("store: select measurements to carry: %w", err)
	}
	var ms []domain.Measurement
	for rows.Next() {
		m := domain.Measurement{ID: newID(), OrganizationID: orgID}
		var (
			number, ach, manual sql.NullFloat64
			b                   sql.NullBool
			dv                  sql.NullTime
		)
		if err := rows.Scan(&m.IndicatorID, &m.Date, &number, &b, &dv, &m.Text, &m.Note, &m.Evidence,
			&m.RecordedBy, &m.RecordedAt, &ach, &manual); err != nil {
			rows.Close()
			return fmt.Errorf("store: scan measurement to carry: %w", err)
		}
		m.Number, m.Bool, m.DateValue = floatPtr(number), boolPtr(b), datePtr(dv)
		m.Achievement, m.ManualAchievement = floatPtr(ach), floatPtr(manual)
		ms = append(ms, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: select measurements to carry: %w", err)
	}
	for i := range ms {
		if err := insertMeasurement(ctx, tx, &ms[i]); err != nil {
			return err
		}
	}
	vrows, err := tx.QueryContext(ctx,
		`SELECT o.id, va.year, va.computed, va.percent, va.reason, va.validated_by, va.validated_at
		 FROM objectives o
		 JOIN units u ON u.organization_id = o.organization_id AND u.id = o.unit_id
		 JOIN validations va ON va.organization_id = o.organization_id AND va.objective_id = o.origin_id
		 WHERE o.organization_id = $1 AND u.version_id = $2
		 ORDER BY va.validated_at`, orgID, versionID)
	if err != nil {
		return fmt.Errorf("store: select validations to carry: %w", err)
	}
	var vs []domain.Validation
	for vrows.Next() {
		v := domain.Validation{ID: newID(), OrganizationID: orgID}
		var computed sql.NullFloat64
		if err := vrows.Scan(&v.ObjectiveID, &v.Year, &computed, &v.Percent, &v.Reason, &v.ValidatedBy, &v.ValidatedAt); err != nil {
			vrows.Close()
			return fmt.Errorf("store: scan validation to carry: %w", err)
		}
		v.Computed = floatPtr(computed)
		vs = append(vs, v)
	}
	vrows.Close()
	if err := vrows.Err(); err != nil {
		return fmt.Errorf("store: select validations to carry: %w", err)
	}
	for i := range vs {
		if err := insertValidation(ctx, tx, &vs[i]); err != nil {
			return err
		}
	}
	if len(ms)+len(vs) == 0 {
		return nil
	}
	if err := touchVersions(ctx, tx, orgID, map[int64]bool{versionID: true}); err != nil {
		return err
	}
	return writeAudit(ctx, tx, orgID, now(), actor, "carry", "plan_version", versionID, nil,
		map[string]int{"measurements": len(ms), "validations": len(vs)})
}
