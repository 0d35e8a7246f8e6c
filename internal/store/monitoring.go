package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"strconv"

	"github.com/performa-pa/performa/internal/domain"
)

// Measurements, validations, SMVP and behaviour ratings: what happens to a
// plan during its year. Each change is written with its audit entry in the
// same transaction.

// AddMeasurement records a value for an indicator of the organization. It
// sets m's ID, OrganizationID and RecordedAt. See AddMeasurements for what
// is refused.
func (s *Store) AddMeasurement(ctx context.Context, orgID int64, m *domain.Measurement) error {
	return s.AddMeasurements(ctx, orgID, []*domain.Measurement{m})
}

// Measurements lists every measurement of the indicators of a plan version,
// by date.
func (s *Store) Measurements(ctx context.Context, orgID, versionID int64) ([]domain.Measurement, error) {
	q, done, err := s.readAs(ctx, orgID)
	if err != nil {
		return nil, err
	}
	defer done()
	rows, err := q.QueryContext(ctx,
		`SELECT m.id, m.indicator_id, m.measured_on, m.number_value, m.bool_value, m.date_value, m.text_value,
		   m.note, m.evidence, m.recorded_by, m.recorded_at, m.achievement, m.manual_achievement
		 FROM measurements m
		 JOIN indicators i ON i.organization_id = m.organization_id AND i.id = m.indicator_id
		 JOIN objectives o ON o.organization_id = i.organization_id AND o.id = i.objective_id
		 JOIN units u ON u.organization_id = o.organization_id AND u.id = o.unit_id
		 WHERE m.organization_id = $1 AND u.version_id = $2
		 ORDER BY m.measured_on, m.recorded_at`, orgID, versionID)
	if err != nil {
		return nil, fmt.Errorf("store: select measurements: %w", err)
	}
	defer rows.Close()
	var out []domain.Measurement
	for rows.Next() {
		m := domain.Measurement{OrganizationID: orgID}
		var (
			number, ach, manual sql.NullFloat64
			b                   sql.NullBool
			dv                  sql.NullTime
		)
		if err := rows.Scan(&m.ID, &m.IndicatorID, &m.Date, &number, &b, &dv, &m.Text, &m.Note, &m.Evidence,
			&m.RecordedBy, &m.RecordedAt, &ach, &manual); err != nil {
			return nil, fmt.Errorf("store: scan measurement: %w", err)
		}
		m.Number, m.Bool, m.DateValue = floatPtr(number), boolPtr(b), datePtr(dv)
		m.Achievement, m.ManualAchievement = floatPtr(ach), floatPtr(manual)
		out = append(out, m)
	}
	return out, rows.Err()
}

// AddValidation records the Nucleo di Valutazione's percentage for an
// objective in a year; the newest validation of a year counts, the earlier
// ones stay for the record. See AddValidations for what is refused.
func (s *Store) AddValidation(ctx context.Context, orgID int64, v *domain.Validation) error {
	return s.AddValidations(ctx, orgID, []*domain.Validation{v})
}

// Validations lists every validation of the objectives of a plan version,
// oldest first.
func (s *Store) Validations(ctx context.Context, orgID, versionID int64) ([]domain.Validation, error) {
	q, done, err := s.readAs(ctx, orgID)
	if err != nil {
		return nil, err
	}
	defer done()
	rows, err := q.QueryContext(ctx,
		`SELECT v.id, v.objective_id, v.year, v.kind, v.computed, v.percent, v.reason, v.validated_by,
		   v.validated_by_name, v.validated_at
		 FROM validations v
		 JOIN objectives o ON o.organization_id = v.organization_id AND o.id = v.objective_id
		 JOIN units u ON u.organization_id = o.organization_id AND u.id = o.unit_id
		 WHERE v.organization_id = $1 AND u.version_id = $2
		 ORDER BY v.validated_at`, orgID, versionID)
	if err != nil {
		return nil, fmt.Errorf("store: select validations: %w", err)
	}
	defer rows.Close()
	var out []domain.Validation
	for rows.Next() {
		v := domain.Validation{OrganizationID: orgID}
		var computed, percent sql.NullFloat64
		if err := rows.Scan(&v.ID, &v.ObjectiveID, &v.Year, &v.Kind, &computed, &percent, &v.Reason, &v.ValidatedBy,
			&v.ValidatorName, &v.ValidatedAt); err != nil {
			return nil, fmt.Errorf("store: scan validation: %w", err)
		}
		v.Computed, v.Percent = floatPtr(computed), percent.Float64
		out = append(out, v)
	}
	return out, rows.Err()
}

// SMVP returns the newest stored SMVP of a cycle; ENOTFOUND when the ente
// has stored none (the caller then applies domain.DefaultSMVP).
func (s *Store) SMVP(ctx context.Context, orgID, cycleID int64) (*domain.StoredSMVP, error) {
	// The memo keeps the row, JSON and all: each caller decodes its own
	// SMVP, whose maps and lists it may change.
	// None stored is remembered too: it is the common case.
	type row struct {
		st    domain.StoredSMVP
		cfg   string
		found bool
	}
	r, err := recall(s, ctx, orgID, "smvp\x00"+strconv.FormatInt(cycleID, 10), same, func() (row, error) {
		q, done, err := s.readAs(ctx, orgID)
		if err != nil {
			return row{}, err
		}
		defer done()
		r := row{st: domain.StoredSMVP{OrganizationID: orgID, CycleID: cycleID}}
		err = q.QueryRowContext(ctx,
			`SELECT version, config_json, created_by, created_at FROM smvp_versions
			 WHERE organization_id = $1 AND cycle_id = $2 ORDER BY version DESC LIMIT 1`,
			orgID, cycleID).Scan(&r.st.Version, &r.cfg, &r.st.CreatedBy, &r.st.CreatedAt)
		if errors.Is(err, sql.ErrNoRows) {
			return r, nil
		} else if err != nil {
			return r, fmt.Errorf("store: select smvp: %w", err)
		}
		r.found = true
		return r, nil
	})
	if err != nil {
		return nil, err
	}
	if !r.found {
		return nil, domain.Errorf(domain.ENOTFOUND, "Nessun SMVP salvato per il ciclo.")
	}
	st := r.st
	if err := json.Unmarshal([]byte(r.cfg), &st.SMVP); err != nil {
		return nil, fmt.Errorf("store: smvp json: %w", err)
	}
	return &st, nil
}

// SaveSMVP stores a new version of a cycle's SMVP.
func (s *Store) SaveSMVP(ctx context.Context, orgID, cycleID int64, cfg domain.SMVP, actor string) (*domain.StoredSMVP, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	b, err := json.Marshal(cfg)
	if err != nil {
		return nil, fmt.Errorf("store: smvp json: %w", err)
	}
	st := &domain.StoredSMVP{OrganizationID: orgID, CycleID: cycleID, SMVP: cfg, CreatedBy: actor, CreatedAt: now()}
	err = s.writeAs(ctx, orgID, func(tx *sql.Tx) error {
		if err := exists(ctx, tx, "cycles", orgID, cycleID, "Ciclo non trovato."); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx,
			`SELECT COALESCE(MAX(version), 0) + 1 FROM smvp_versions WHERE organization_id = $1 AND cycle_id = $2`,
			orgID, cycleID).Scan(&st.Version); err != nil {
			return fmt.Errorf("store: next smvp version: %w", err)
		}
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO smvp_versions (organization_id, cycle_id, version, config_json, created_by, created_at)
			 VALUES ($1, $2, $3, $4, $5, $6)`, orgID, cycleID, st.Version, string(b), actor, st.CreatedAt); err != nil {
			return fmt.Errorf("store: insert smvp: %w", err)
		}
		return writeAudit(ctx, tx, orgID, st.CreatedAt, actor, "create", "smvp", cycleID, nil, cfg)
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}

// exists checks that a row of the organization exists in table, else
// ENOTFOUND with msg.
func exists(ctx context.Context, tx *sql.Tx, table string, orgID, id int64, msg string) error {
	var one int
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM `+table+` WHERE organization_id = $1 AND id = $2`, orgID, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Errorf(domain.ENOTFOUND, "%s", msg)
	} else if err != nil {
		return fmt.Errorf("store: check %s: %w", table, err)
	}
	return nil
}

// AddBehaviourRating records a manager's behaviour rating for a year of a
// cycle; the newest rating of a year counts.
func (s *Store) AddBehaviourRating(ctx context.Context, orgID int64, r *domain.BehaviourRating) error {
	switch {
	case r.Percent < 0 || r.Percent > 100:
		return domain.Errorf(domain.EINVALID, "La valutazione dei comportamenti deve essere tra 0 e 100.")
	case r.Manager == "" || r.Reason == "" || r.RatedBy == "":
		return domain.Errorf(domain.EINVALID, "Servono il responsabile valutato, la motivazione e chi valuta.")
	}
	return s.writeAs(ctx, orgID, func(tx *sql.Tx) error {
		if err := exists(ctx, tx, "cycles", orgID, r.CycleID, "Ciclo non trovato."); err != nil {
			return err
		}
		r.ID, r.OrganizationID, r.RatedAt = newID(), orgID, now()
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO behaviour_ratings (organization_id, id, cycle_id, year, manager, percent, reason, rated_by, rated_at)
			 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			orgID, r.ID, r.CycleID, r.Year, r.Manager, r.Percent, r.Reason, r.RatedBy, r.RatedAt); err != nil {
			return fmt.Errorf("store: insert behaviour rating: %w", err)
		}
		return writeAudit(ctx, tx, orgID, r.RatedAt, r.RatedBy, "create", "behaviour_rating", r.ID, nil, r)
	})
}

// BehaviourRatings returns the newest rating of each manager for a year of a
// cycle.
func (s *Store) BehaviourRatings(ctx context.Context, orgID, cycleID int64, year int) (map[string]float64, error) {
	key := "ratings\x00" + strconv.FormatInt(cycleID, 10) + "\x00" + strconv.Itoa(year)
	return recall(s, ctx, orgID, key, maps.Clone, func() (map[string]float64, error) {
		return s.behaviourRatings(ctx, orgID, cycleID, year)
	})
}

func (s *Store) behaviourRatings(ctx context.Context, orgID, cycleID int64, year int) (map[string]float64, error) {
	q, done, err := s.readAs(ctx, orgID)
	if err != nil {
		return nil, err
	}
	defer done()
	rows, err := q.QueryContext(ctx,
		`SELECT manager, percent FROM behaviour_ratings
		 WHERE organization_id = $1 AND cycle_id = $2 AND year = $3 ORDER BY rated_at`, orgID, cycleID, year)
	if err != nil {
		return nil, fmt.Errorf("store: select behaviour ratings: %w", err)
	}
	defer rows.Close()
	out := map[string]float64{}
	for rows.Next() {
		var m string
		var p float64
		if err := rows.Scan(&m, &p); err != nil {
			return nil, fmt.Errorf("store: scan behaviour rating: %w", err)
		}
		out[m] = p // later rows are newer
	}
	return out, rows.Err()
}
