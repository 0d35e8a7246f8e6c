package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/performa-pa/performa/internal/domain"
)

const schedaColumns = `id, year, matricola, person, role, unit_identity, evaluator, status, body, total, how,
	created_by, created_at, delivered_at, acknowledged_at, review_at, final_at, revision`

// SaveScheda writes a scheda: a new one (ID 0) or the next revision of a
// stored one, refusing (ECONFLICT) a write from a copy no longer current;
// action names the step for the audit log (create, update, deliver, …).
func (s *Store) SaveScheda(ctx context.Context, orgID int64, sc *domain.Scheda, actor, action string) error {
	body, err := json.Marshal(sc.Body)
	if err != nil {
		return fmt.Errorf("store: scheda body: %w", err)
	}
	var unit sql.NullInt64
	if sc.UnitIdentity != 0 {
		unit = sql.NullInt64{Int64: sc.UnitIdentity, Valid: true}
	}
	return s.writeAs(ctx, orgID, func(tx *sql.Tx) error {
		t := now()
		var before *domain.Scheda
		if sc.ID == 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schede WHERE organization_id = $1 AND year = $2 AND matricola = $3`,
				orgID, sc.Year, sc.Matricola).Scan(&n); err != nil {
				return fmt.Errorf("store: count schede: %w", err)
			}
			if n > 0 {
				return domain.Errorf(domain.ECONFLICT, "La scheda %d di %s esiste già.", sc.Year, sc.Person)
			}
			sc.ID, sc.OrganizationID, sc.CreatedBy, sc.CreatedAt, sc.Revision = newID(), orgID, actor, t, 1
			if _, err := tx.ExecContext(ctx, `INSERT INTO schede (organization_id, `+schedaColumns+`)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
				orgID, sc.ID, sc.Year, sc.Matricola, sc.Person, sc.Role, unit, sc.Evaluator, string(sc.Status), string(body),
				nullFloat(sc.Total), sc.How, sc.CreatedBy, sc.CreatedAt, nullTime(sc.DeliveredAt), nullTime(sc.AcknowledgedAt),
				nullTime(sc.ReviewAt), nullTime(sc.FinalAt), sc.Revision); err != nil {
				return fmt.Errorf("store: insert scheda: %w", err)
			}
		} else {
			old, err := scanScheda(tx.QueryRowContext(ctx, `SELECT `+schedaColumns+` FROM schede WHERE organization_id = $1 AND id = $2`+s.d.forUpdate, orgID, sc.ID), orgID)
			if err != nil {
				return err
			}
			if old.Revision != sc.Revision {
				return domain.Errorf(domain.ECONFLICT, "La scheda è cambiata da quando è stata letta (revisione %d, ora %d): nulla è salvato.", sc.Revision, old.Revision)
			}
			before = old
			sc.Revision++
			if _, err := tx.ExecContext(ctx, `UPDATE schede SET evaluator = $3, status = $4, body = $5, total = $6, how = $7,
				delivered_at = $8, acknowledged_at = $9, review_at = $10, final_at = $11, revision = $12, unit_identity = $13, role = $14
				WHERE organization_id = $1 AND id = $2`,
				orgID, sc.ID, sc.Evaluator, string(sc.Status), string(body), nullFloat(sc.Total), sc.How,
				nullTime(sc.DeliveredAt), nullTime(sc.AcknowledgedAt), nullTime(sc.ReviewAt), nullTime(sc.FinalAt), sc.Revision, unit, sc.Role); err != nil {
				return fmt.Errorf("store: update scheda: %w", err)
			}
		}
		var b any
		if before != nil {
			b = before
		}
		return writeAudit(ctx, tx, orgID, t, actor, action, "scheda", sc.ID, b, sc)
	})
}

// Scheda finds the scheda of a person for a year (ENOTFOUND).
func (s *Store) Scheda(ctx context.Context, orgID int64, year int, matricola string) (*domain.Scheda, error) {
	q, done, err := s.readAs(ctx, orgID)
	if err != nil {
		return nil, err
	}
	defer done()
	return scanScheda(q.QueryRowContext(ctx, `SELECT `+schedaColumns+` FROM schede WHERE organization_id = $1 AND year = $2 AND matricola = $3`,
		orgID, year, matricola), orgID)
}

// Schede lists the schede of a year, by person.
func (s *Store) Schede(ctx context.Context, orgID int64, year int) ([]domain.Scheda, error) {
	q, done, err := s.readAs(ctx, orgID)
	if err != nil {
		return nil, err
	}
	defer done()
	rows, err := q.QueryContext(ctx, `SELECT `+schedaColumns+` FROM schede WHERE organization_id = $1 AND year = $2 ORDER BY person, matricola`, orgID, year)
	if err != nil {
		return nil, fmt.Errorf("store: select schede: %w", err)
	}
	defer rows.Close()
	var out []domain.Scheda
	for rows.Next() {
		sc, err := scanScheda(rows, orgID)
		if err != nil {
			return nil, err
		}
		out = append(out, *sc)
	}
	return out, rows.Err()
}

func scanScheda(r rowScanner, orgID int64) (*domain.Scheda, error) {
	sc := domain.Scheda{OrganizationID: orgID}
	var (
		unit                       sql.NullInt64
		status, body               string
		total                      sql.NullFloat64
		deliv, ack, review, finalT sql.NullTime
	)
	err := r.Scan(&sc.ID, &sc.Year, &sc.Matricola, &sc.Person, &sc.Role, &unit, &sc.Evaluator, &status, &body, &total, &sc.How,
		&sc.CreatedBy, &sc.CreatedAt, &deliv, &ack, &review, &finalT, &sc.Revision)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "Scheda non trovata.")
	} else if err != nil {
		return nil, fmt.Errorf("store: scan scheda: %w", err)
	}
	if err := json.Unmarshal([]byte(body), &sc.Body); err != nil {
		return nil, fmt.Errorf("store: scheda body: %w", err)
	}
	sc.UnitIdentity, sc.Status, sc.Total = unit.Int64, domain.SchedaStatus(status), floatPtr(total)
	tp := func(n sql.NullTime) *time.Time {
		if !n.Valid {
			return nil
		}
		t := n.Time.UTC()
		return &t
	}
	sc.DeliveredAt, sc.AcknowledgedAt, sc.ReviewAt, sc.FinalAt = tp(deliv), tp(ack), tp(review), tp(finalT)
	sc.CreatedAt = sc.CreatedAt.UTC()
	return &sc, nil
}
