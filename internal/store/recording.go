package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
)

// Recording measurements and validations, several in one transaction: a
// monitoring form or a validation form is saved whole or not at all. Each
// row is checked against the state of its cycle (recordable) and written
// with its audit entry.

// AddMeasurements records values for indicators of the organization, all or
// none. It sets each measurement's ID, OrganizationID and RecordedAt.
// Refused: a measurement without who records it or with a hand-given
// percentage outside 0–100 (EINVALID); an indicator of another organization
// (ENOTFOUND); an indicator of a superseded version or of a draft variation
// while an approved version is in force, a closed cycle, a year signed off
// (ECONFLICT).
func (s *Store) AddMeasurements(ctx context.Context, orgID int64, ms []*domain.Measurement) error {
	for _, m := range ms {
		if m.RecordedBy == "" {
			return domain.Errorf(domain.EINVALID, "Indica chi registra la misurazione.")
		}
		if m.ManualAchievement != nil && (*m.ManualAchievement < 0 || *m.ManualAchievement > 100) {
			return domain.Errorf(domain.EINVALID, "La percentuale deve essere tra 0 e 100.")
		}
	}
	err := s.writeAs(ctx, orgID, func(tx *sql.Tx) error {
		t := now()
		touched := map[int64]bool{}
		for _, m := range ms {
			loc, err := s.locate(ctx, tx, orgID, "", m.IndicatorID)
			if err != nil {
				return err
			}
			touched[loc.VersionID] = true
			if err := s.recordable(ctx, tx, loc, m.Date.Year()); err != nil {
				return err
			}
			m.ID, m.OrganizationID, m.RecordedAt = newID(), orgID, t
			if err := insertMeasurement(ctx, tx, m); err != nil {
				return err
			}
			if err := writeAudit(ctx, tx, orgID, t, m.RecordedBy, "create", "measurement", m.ID, nil, m); err != nil {
				return err
			}
		}
		return touchVersions(ctx, tx, orgID, touched)
	})
	if err != nil {
		for _, m := range ms {
			m.ID, m.OrganizationID = 0, 0
		}
	}
	return err
}

func insertMeasurement(ctx context.Context, q querier, m *domain.Measurement) error {
	_, err := q.ExecContext(ctx,
		`INSERT INTO measurements (organization_id, id, indicator_id, measured_on, number_value, bool_value,
		   date_value, text_value, note, evidence, recorded_by, recorded_at, achievement, manual_achievement)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		m.OrganizationID, m.ID, m.IndicatorID, *dateOnly(&m.Date), nullFloat(m.Number), nullBool(m.Bool),
		nullTime(dateOnly(m.DateValue)), m.Text, m.Note, m.Evidence, m.RecordedBy, m.RecordedAt,
		nullFloat(m.Achievement), nullFloat(m.ManualAchievement))
	if err != nil {
		return fmt.Errorf("store: insert measurement: %w", err)
	}
	return nil
}

// AddValidations records what the Nucleo di Valutazione decided, all or
// none; the newest validation of an objective and year counts. Each one
// carries the full name of the user named in ValidatedBy, as the users
// table holds it now (ValidatorName). Refused as for AddMeasurements, and:
// an unknown kind; a percentage outside 0–100; a validation or a
// neutralisation without a reason; a confirmation of nothing computed, or
// of a figure other than the computed one (a confirmation without a reason
// gets domain.ConfirmedReason).
func (s *Store) AddValidations(ctx context.Context, orgID int64, vs []*domain.Validation) error {
	for _, v := range vs {
		if err := checkValidation(v); err != nil {
			return err
		}
	}
	err := s.writeAs(ctx, orgID, func(tx *sql.Tx) error {
		t := now()
		touched := map[int64]bool{}
		for _, v := range vs {
			loc, err := s.locate(ctx, tx, orgID, "objective", v.ObjectiveID)
			if err != nil {
				return err
			}
			touched[loc.VersionID] = true
			if err := s.recordable(ctx, tx, loc, v.Year); err != nil {
				return err
			}
			v.ID, v.OrganizationID, v.ValidatedAt = newID(), orgID, t
			if v.ValidatorName, err = fullName(ctx, tx, orgID, v.ValidatedBy); err != nil {
				return err
			}
			if err := insertValidation(ctx, tx, v); err != nil {
				return err
			}
			if err := writeAudit(ctx, tx, orgID, t, v.ValidatedBy, "create", "validation", v.ID, nil, v); err != nil {
				return err
			}
		}
		return touchVersions(ctx, tx, orgID, touched)
	})
	if err != nil {
		for _, v := range vs {
			v.ID, v.OrganizationID = 0, 0
		}
	}
	return err
}

// checkValidation refuses a validation that cannot be stored, and fills
// in its kind and the reason of a bare confirmation.
func checkValidation(v *domain.Validation) error {
	if v.Kind == "" {
		v.Kind = domain.ValidationSet
	}
	switch v.Kind {
	case domain.ValidationSet:
	case domain.ValidationConfirmed:
		if v.Computed == nil {
			return domain.Errorf(domain.EINVALID, "Non c'è un valore calcolato da confermare: indica la percentuale validata o neutralizza l'obiettivo.")
		}
		if v.Percent != *v.Computed {
			return domain.Errorf(domain.EINVALID, "Una conferma vale il valore calcolato (%s), non %s.",
				italian.Percent(*v.Computed, 1), italian.Percent(v.Percent, 1))
		}
		if v.Reason == "" {
			v.Reason = domain.ConfirmedReason
		}
	case domain.ValidationNeutralised:
		v.Percent = 0
		if v.Reason == "" {
			return domain.Errorf(domain.EINVALID, "Per neutralizzare un obiettivo serve la motivazione: la causa non imputabile all'unità.")
		}
	default:
		return domain.Errorf(domain.EINVALID, "Tipo di validazione sconosciuto «%s».", v.Kind)
	}
	switch {
	case v.Percent < 0 || v.Percent > 100:
		return domain.Errorf(domain.EINVALID, "La percentuale validata deve essere tra 0 e 100.")
	case v.Reason == "":
		return domain.Errorf(domain.EINVALID, "La validazione richiede una motivazione.")
	case v.ValidatedBy == "":
		return domain.Errorf(domain.EINVALID, "Indica chi valida.")
	}
	return nil
}

// fullName is the full name of the user called name, "" when there is no
// such user (a name recorded by a program, "import").
func fullName(ctx context.Context, q querier, orgID int64, name string) (string, error) {
	var full string
	err := q.QueryRowContext(ctx, `SELECT full_name FROM users WHERE organization_id = $1 AND name = $2`,
		orgID, domain.NormalizeUserName(name)).Scan(&full)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	} else if err != nil {
		return "", fmt.Errorf("store: select user name: %w", err)
	}
	return full, nil
}

func insertValidation(ctx context.Context, q querier, v *domain.Validation) error {
	percent := sql.NullFloat64{Float64: v.Percent, Valid: !v.Neutralised()}
	kind := v.Kind
	if kind == "" {
		kind = domain.ValidationSet
	}
	_, err := q.ExecContext(ctx,
		`INSERT INTO validations (organization_id, id, objective_id, year, kind, computed, percent, reason,
		   validated_by, validated_by_name, validated_at)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		v.OrganizationID, v.ID, v.ObjectiveID, v.Year, string(kind), nullFloat(v.Computed), percent, v.Reason,
		v.ValidatedBy, v.ValidatorName, v.ValidatedAt)
	if err != nil {
		return fmt.Errorf("store: insert validation: %w", err)
	}
	return nil
}

// recordable refuses a measurement or validation for year on the element
// at loc when the cycle is closed, the year is signed off, or the version is
// not the one in force: a superseded version, or a draft variation while an
// approved version exists. It locks the cycle's row (on PostgreSQL) so that
// a sign-off and a measurement of the same cycle take turns.
func (s *Store) recordable(ctx context.Context, q querier, loc *domain.Location, year int) error {
	var (
		status      domain.CycleStatus
		first, last int
	)
	err := q.QueryRowContext(ctx,
		`SELECT status, first_year, last_year FROM cycles WHERE organization_id = $1 AND id = $2`+s.d.forUpdate,
		loc.OrganizationID, loc.CycleID).Scan(&status, &first, &last)
	if err != nil {
		return fmt.Errorf("store: select cycle: %w", err)
	}
	if status == domain.CycleClosed {
		return domain.Errorf(domain.ECONFLICT, "Il ciclo %d–%d è chiuso: i punteggi sono definitivi e non si registrano più misurazioni né validazioni.", first, last)
	}
	so, err := signOff(ctx, q, loc.OrganizationID, loc.CycleID, year)
	if err == nil {
		return domain.Errorf(domain.ECONFLICT,
			"L'anno %d è stato chiuso dal Nucleo di Valutazione il %s: i punteggi sono definitivi e non si registrano più misurazioni né validazioni per quell'anno.",
			year, so.SignedAt.In(rome).Format("02/01/2006"))
	} else if domain.ErrorCode(err) != domain.ENOTFOUND {
		return err
	}
	switch loc.VersionStatus {
	case domain.VersionSuperseded:
		return domain.Errorf(domain.ECONFLICT, "La versione %d del piano è stata sostituita da una variazione: registra sul piano in vigore.", loc.VersionNumber)
	case domain.VersionDraft:
		var n int
		err := q.QueryRowContext(ctx,
			`SELECT COUNT(*) FROM plan_versions WHERE organization_id = $1 AND cycle_id = $2 AND status = 'approved'`,
			loc.OrganizationID, loc.CycleID).Scan(&n)
		if err != nil {
			return fmt.Errorf("store: count approved versions: %w", err)
		}
		if n > 0 {
			return domain.Errorf(domain.ECONFLICT, "La versione %d del piano è una variazione in bozza: misurazioni e validazioni si registrano sul piano approvato in vigore.", loc.VersionNumber)
		}
	}
	return nil
}

// locate finds where an objective (entity "objective") or an indicator (any
// other entity) of the organization sits: unit, version, cycle, revision.
func (s *Store) locate(ctx context.Context, q querier, orgID int64, entity string, id int64) (*domain.Location, error) {
	loc := &domain.Location{OrganizationID: orgID}
	var err error
	if entity == "objective" {
		loc.ObjectiveID = id
		err = q.QueryRowContext(ctx,
			`SELECT v.cycle_id, v.id, v.number, v.status, u.id, u.name, o.revision, u.identity_id
			 FROM objectives o
			 JOIN units u ON u.organization_id = o.organization_id AND u.id = o.unit_id
			 JOIN plan_versions v ON v.organization_id = u.organization_id AND v.id = u.version_id
			 WHERE o.organization_id = $1 AND o.id = $2`, orgID, id).
			Scan(&loc.CycleID, &loc.VersionID, &loc.VersionNumber, &loc.VersionStatus, &loc.UnitID, &loc.UnitName, &loc.Revision, &loc.UnitIdentity)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, domain.Errorf(domain.ENOTFOUND, "Obiettivo non trovato.")
		}
	} else {
		loc.IndicatorID = id
		err = q.QueryRowContext(ctx,
			`SELECT v.cycle_id, v.id, v.number, v.status, u.id, u.name, o.id, i.revision, u.identity_id
			 FROM indicators i
			 JOIN objectives o ON o.organization_id = i.organization_id AND o.id = i.objective_id
			 JOIN units u ON u.organization_id = o.organization_id AND u.id = o.unit_id
			 JOIN plan_versions v ON v.organization_id = u.organization_id AND v.id = u.version_id
			 WHERE i.organization_id = $1 AND i.id = $2`, orgID, id).
			Scan(&loc.CycleID, &loc.VersionID, &loc.VersionNumber, &loc.VersionStatus, &loc.UnitID, &loc.UnitName,
				&loc.ObjectiveID, &loc.Revision, &loc.UnitIdentity)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, domain.Errorf(domain.ENOTFOUND, "Indicatore non trovato.")
		}
	}
	if err != nil {
		return nil, fmt.Errorf("store: locate %s: %w", entity, err)
	}
	return loc, nil
}

// LocateObjective says where an objective of the organization sits
// (ENOTFOUND).
func (s *Store) LocateObjective(ctx context.Context, orgID, objectiveID int64) (*domain.Location, error) {
	q, done, err := s.readAs(ctx, orgID)
	if err != nil {
		return nil, err
	}
	defer done()
	return s.locate(ctx, q, orgID, "objective", objectiveID)
}

// LocateIndicator says where an indicator of the organization sits
// (ENOTFOUND).
func (s *Store) LocateIndicator(ctx context.Context, orgID, indicatorID int64) (*domain.Location, error) {
	q, done, err := s.readAs(ctx, orgID)
	if err != nil {
		return nil, err
	}
	defer done()
	return s.locate(ctx, q, orgID, "indicator", indicatorID)
}

// touchVersions counts a change of each version (its revision): readers
// holding a copy of it know it is stale.
func touchVersions(ctx context.Context, q querier, orgID int64, versions map[int64]bool) error {
	for id := range versions {
		if _, err := q.ExecContext(ctx,
			`UPDATE plan_versions SET revision = revision + 1 WHERE organization_id = $1 AND id = $2`, orgID, id); err != nil {
			return fmt.Errorf("store: touch version: %w", err)
		}
	}
	return nil
}

// VersionStamp says which state of a version a reader has: it changes
// whenever the version's content, its monitoring, its status or its
// cycle's status changes (ENOTFOUND for no such version). A copy of the
// version read with the same stamp is current.
func (s *Store) VersionStamp(ctx context.Context, orgID, versionID int64) (string, error) {
	return recall(s, ctx, orgID, "stamp\x00"+strconv.FormatInt(versionID, 10), same, func() (string, error) {
		q, done, err := s.readAs(ctx, orgID)
		if err != nil {
			return "", err
		}
		defer done()
		return versionStamp(ctx, q, orgID, versionID)
	})
}

func versionStamp(ctx context.Context, q querier, orgID, versionID int64) (string, error) {
	var (
		imported           time.Time
		revision           int
		status, cycleState string
	)
	err := q.QueryRowContext(ctx,
		`SELECT v.imported_at, v.revision, v.status, c.status FROM plan_versions v
		 JOIN cycles c ON c.organization_id = v.organization_id AND c.id = v.cycle_id
		 WHERE v.organization_id = $1 AND v.id = $2`, orgID, versionID).Scan(&imported, &revision, &status, &cycleState)
	if errors.Is(err, sql.ErrNoRows) {
		return "", domain.Errorf(domain.ENOTFOUND, "Piano non trovato.")
	} else if err != nil {
		return "", fmt.Errorf("store: select version stamp: %w", err)
	}
	return fmt.Sprintf("%d/%d/%s/%s", imported.UnixMicro(), revision, status, cycleState), nil
}
