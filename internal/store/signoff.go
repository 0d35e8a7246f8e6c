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

// rome is the time zone of the dates in messages.
var rome = func() *time.Location {
	if loc, err := time.LoadLocation("Europe/Rome"); err == nil {
		return loc
	}
	return time.UTC
}()

// SignOff records the Nucleo di Valutazione's sign-off of so.Year of the
// cycle so.CycleID, with the final scores in so.Scores: from then on
// measurements and validations for that year are refused. Signing off the
// cycle's last year closes the cycle. The scores were computed from the
// version versionID as stamped by stamp (VersionStamp): if the version has
// changed since (a measurement, a validation, an edit), the scores are
// stale and the sign-off is refused (ECONFLICT), so that what is locked is
// what the signer saw. A year signed off already, or outside the cycle, or
// a version of another cycle, is refused too. It sets SignedAt and
// OrganizationID.
func (s *Store) SignOff(ctx context.Context, orgID int64, so *domain.SignOff, versionID int64, stamp string) error {
	if so.SignedBy == "" {
		return domain.Errorf(domain.EINVALID, "Indica chi chiude l'anno.")
	}
	scores, err := json.Marshal(so.Scores)
	if err != nil {
		return fmt.Errorf("store: signoff json: %w", err)
	}
	return s.writeAs(ctx, orgID, func(tx *sql.Tx) error {
		var (
			status      domain.CycleStatus
			first, last int
		)
		err := tx.QueryRowContext(ctx,
			`SELECT status, first_year, last_year FROM cycles WHERE organization_id = $1 AND id = $2`+s.d.forUpdate,
			orgID, so.CycleID).Scan(&status, &first, &last)
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Errorf(domain.ENOTFOUND, "Ciclo non trovato.")
		} else if err != nil {
			return fmt.Errorf("store: select cycle: %w", err)
		}
		if so.Year < first || so.Year > last {
			return domain.Errorf(domain.EINVALID, "Il %d è fuori dal ciclo %d–%d.", so.Year, first, last)
		}
		if prev, err := signOff(ctx, tx, orgID, so.CycleID, so.Year); err == nil {
			return domain.Errorf(domain.ECONFLICT, "L'anno %d è già stato chiuso il %s da %s.",
				so.Year, prev.SignedAt.In(rome).Format("02/01/2006"), prev.SignedBy)
		} else if domain.ErrorCode(err) != domain.ENOTFOUND {
			return err
		}
		var cycleOf int64
		err = tx.QueryRowContext(ctx, `SELECT cycle_id FROM plan_versions WHERE organization_id = $1 AND id = $2`,
			orgID, versionID).Scan(&cycleOf)
		if errors.Is(err, sql.ErrNoRows) || err == nil && cycleOf != so.CycleID {
			return domain.Errorf(domain.EINVALID, "La versione del piano non è di questo ciclo.")
		} else if err != nil {
			return fmt.Errorf("store: select version: %w", err)
		}
		if cur, err := versionStamp(ctx, tx, orgID, versionID); err != nil {
			return err
		} else if cur != stamp {
			return domain.Errorf(domain.ECONFLICT,
				"Nel frattempo il piano è cambiato (nuove misurazioni, validazioni o modifiche): ricarica la pagina, controlla i punteggi e chiudi di nuovo l'anno.")
		}
		so.OrganizationID, so.SignedAt = orgID, now()
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO signoffs (organization_id, cycle_id, year, signed_by, signed_at, scores_json)
			 VALUES ($1, $2, $3, $4, $5, $6)`,
			orgID, so.CycleID, so.Year, so.SignedBy, so.SignedAt, string(scores)); err != nil {
			return fmt.Errorf("store: insert signoff: %w", err)
		}
		if so.Year == last && status != domain.CycleClosed {
			if _, err := tx.ExecContext(ctx,
				`UPDATE cycles SET status = 'closed' WHERE organization_id = $1 AND id = $2`, orgID, so.CycleID); err != nil {
				return fmt.Errorf("store: close cycle: %w", err)
			}
			if err := writeAudit(ctx, tx, orgID, so.SignedAt, so.SignedBy, "status", "cycle", so.CycleID,
				map[string]string{"status": string(status)}, map[string]string{"status": string(domain.CycleClosed)}); err != nil {
				return err
			}
		}
		return writeAudit(ctx, tx, orgID, so.SignedAt, so.SignedBy, "signoff", "cycle", so.CycleID, nil,
			map[string]any{"year": so.Year, "scores": so.Scores})
	})
}

// SignOffs lists the sign-offs of a cycle, by year.
func (s *Store) SignOffs(ctx context.Context, orgID, cycleID int64) ([]domain.SignOff, error) {
	q, done, err := s.readAs(ctx, orgID)
	if err != nil {
		return nil, err
	}
	defer done()
	rows, err := q.QueryContext(ctx,
		`SELECT year, signed_by, signed_at, scores_json FROM signoffs
		 WHERE organization_id = $1 AND cycle_id = $2 ORDER BY year`, orgID, cycleID)
	if err != nil {
		return nil, fmt.Errorf("store: select signoffs: %w", err)
	}
	defer rows.Close()
	var out []domain.SignOff
	for rows.Next() {
		so := domain.SignOff{OrganizationID: orgID, CycleID: cycleID}
		var scores string
		if err := rows.Scan(&so.Year, &so.SignedBy, &so.SignedAt, &scores); err != nil {
			return nil, fmt.Errorf("store: scan signoff: %w", err)
		}
		if err := json.Unmarshal([]byte(scores), &so.Scores); err != nil {
			return nil, fmt.Errorf("store: signoff json: %w", err)
		}
		so.SignedAt = so.SignedAt.UTC()
		out = append(out, so)
	}
	return out, rows.Err()
}

// signOff finds the sign-off of a year (ENOTFOUND), without its scores.
func signOff(ctx context.Context, q querier, orgID, cycleID int64, year int) (*domain.SignOff, error) {
	so := &domain.SignOff{OrganizationID: orgID, CycleID: cycleID, Year: year}
	err := q.QueryRowContext(ctx,
		`SELECT signed_by, signed_at FROM signoffs WHERE organization_id = $1 AND cycle_id = $2 AND year = $3`,
		orgID, cycleID, year).Scan(&so.SignedBy, &so.SignedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "L'anno %d non è chiuso.", year)
	} else if err != nil {
		return nil, fmt.Errorf("store: select signoff: %w", err)
	}
	return so, nil
}
