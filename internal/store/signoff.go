package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
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
// a version of another cycle or not approved, is refused too. What else a
// year needs before it is signed off (a result or a neutralisation for
// every objective, every result validated) the caller checks on the scores
// it computed from that state (package closure). It sets SignedAt,
// SignedByName and OrganizationID, and records the sign-off in the year's
// history (YearHistory).
func (s *Store) SignOff(ctx context.Context, orgID int64, so *domain.SignOff, versionID int64, stamp string) error {
	if so.SignedBy == "" {
		return domain.Errorf(domain.EINVALID, "Indica chi chiude l'anno.")
	}
	scores, err := json.Marshal(so.Scores)
	if err != nil {
		return fmt.Errorf("store: signoff json: %w", err)
	}
	return s.writeAs(ctx, orgID, func(tx *sql.Tx) error {
		status, first, last, err := s.lockCycle(ctx, tx, orgID, so.CycleID)
		if err != nil {
			return err
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
		var (
			cycleOf       int64
			number        int
			versionStatus domain.VersionStatus
		)
		err = tx.QueryRowContext(ctx, `SELECT cycle_id, number, status FROM plan_versions WHERE organization_id = $1 AND id = $2`,
			orgID, versionID).Scan(&cycleOf, &number, &versionStatus)
		if errors.Is(err, sql.ErrNoRows) || err == nil && cycleOf != so.CycleID {
			return domain.Errorf(domain.EINVALID, "La versione del piano non è di questo ciclo.")
		} else if err != nil {
			return fmt.Errorf("store: select version: %w", err)
		}
		if versionStatus != domain.VersionApproved {
			return domain.Errorf(domain.ECONFLICT,
				"La versione %d del piano non è approvata: l'anno si chiude sul piano approvato con la delibera.", number)
		}
		if cur, err := versionStamp(ctx, tx, orgID, versionID); err != nil {
			return err
		} else if cur != stamp {
			return domain.Errorf(domain.ECONFLICT,
				"Nel frattempo il piano è cambiato (nuove misurazioni, validazioni o modifiche): ricarica la pagina, controlla i punteggi e chiudi di nuovo l'anno.")
		}
		so.OrganizationID, so.SignedAt = orgID, now()
		if so.SignedByName, err = fullName(ctx, tx, orgID, so.SignedBy); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO signoffs (organization_id, cycle_id, year, signed_by, signed_by_name, signed_at, scores_json)
			 VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			orgID, so.CycleID, so.Year, so.SignedBy, so.SignedByName, so.SignedAt, string(scores)); err != nil {
			return fmt.Errorf("store: insert signoff: %w", err)
		}
		if err := insertYearEvent(ctx, tx, &domain.YearEvent{OrganizationID: orgID, CycleID: so.CycleID, Year: so.Year,
			Action: domain.YearSignedOff, By: so.SignedBy, ByName: so.SignedByName, At: so.SignedAt, Scores: &so.Scores}); err != nil {
			return err
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

// lockCycle reads a cycle's status and years, locking its row (on
// PostgreSQL) until the transaction ends: sign-offs, reopenings and
// recordings of one cycle take turns. ENOTFOUND when there is no such
// cycle.
func (s *Store) lockCycle(ctx context.Context, tx *sql.Tx, orgID, cycleID int64) (domain.CycleStatus, int, int, error) {
	var (
		status      domain.CycleStatus
		first, last int
	)
	err := tx.QueryRowContext(ctx,
		`SELECT status, first_year, last_year FROM cycles WHERE organization_id = $1 AND id = $2`+s.d.forUpdate,
		orgID, cycleID).Scan(&status, &first, &last)
	if errors.Is(err, sql.ErrNoRows) {
		return "", 0, 0, domain.Errorf(domain.ENOTFOUND, "Ciclo non trovato.")
	} else if err != nil {
		return "", 0, 0, fmt.Errorf("store: select cycle: %w", err)
	}
	return status, first, last, nil
}

// SignOffs lists the sign-offs of a cycle, by year.
func (s *Store) SignOffs(ctx context.Context, orgID, cycleID int64) ([]domain.SignOff, error) {
	// The memo keeps the rows, scores as JSON: each caller decodes its own.
	rows, err := recall(s, ctx, orgID, "signoffs\x00"+strconv.FormatInt(cycleID, 10), slices.Clone,
		func() ([]signOffRow, error) { return s.signOffRows(ctx, orgID, cycleID) })
	if err != nil {
		return nil, err
	}
	var out []domain.SignOff
	for _, r := range rows {
		so := r.so
		if err := json.Unmarshal([]byte(r.scores), &so.Scores); err != nil {
			return nil, fmt.Errorf("store: signoff json: %w", err)
		}
		out = append(out, so)
	}
	return out, nil
}

type signOffRow struct {
	so     domain.SignOff // without its scores
	scores string
}

func (s *Store) signOffRows(ctx context.Context, orgID, cycleID int64) ([]signOffRow, error) {
	q, done, err := s.readAs(ctx, orgID)
	if err != nil {
		return nil, err
	}
	defer done()
	rows, err := q.QueryContext(ctx,
		`SELECT year, signed_by, signed_by_name, signed_at, scores_json FROM signoffs
		 WHERE organization_id = $1 AND cycle_id = $2 ORDER BY year`, orgID, cycleID)
	if err != nil {
		return nil, fmt.Errorf("store: select signoffs: %w", err)
	}
	defer rows.Close()
	var out []signOffRow
	for rows.Next() {
		r := signOffRow{so: domain.SignOff{OrganizationID: orgID, CycleID: cycleID}}
		if err := rows.Scan(&r.so.Year, &r.so.SignedBy, &r.so.SignedByName, &r.so.SignedAt, &r.scores); err != nil {
			return nil, fmt.Errorf("store: scan signoff: %w", err)
		}
		r.so.SignedAt = r.so.SignedAt.UTC()
		out = append(out, r)
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

// ReopenYear undoes the sign-off of r.Year (an administrator's decision,
// with the reason and the act, number and date): the year's scores stop
// being final and measurements and validations are recorded again, until
// the next sign-off. A closed cycle goes back to monitoring. The sign-off
// stays in the year's history, with the reopening after it. Refused: a
// reopening without reason, act number or date, or by nobody (EINVALID); a
// year outside the cycle (EINVALID); a year neither signed off nor in a
// closed cycle (ECONFLICT).
func (s *Store) ReopenYear(ctx context.Context, orgID int64, r *domain.Reopening) error {
	r.Reason, r.ActNumber = strings.Join(strings.Fields(r.Reason), " "), strings.TrimSpace(r.ActNumber)
	switch {
	case r.Reason == "":
		return domain.Errorf(domain.EINVALID, "Indica il motivo della riapertura.")
	case r.ActNumber == "":
		return domain.Errorf(domain.EINVALID, "Indica il numero dell'atto che dispone la riapertura.")
	case r.ActDate.IsZero():
		return domain.Errorf(domain.EINVALID, "Indica la data dell'atto che dispone la riapertura.")
	case r.By == "":
		return domain.Errorf(domain.EINVALID, "Indica chi riapre l'anno.")
	}
	return s.writeAs(ctx, orgID, func(tx *sql.Tx) error {
		status, first, last, err := s.lockCycle(ctx, tx, orgID, r.CycleID)
		if err != nil {
			return err
		}
		if r.Year < first || r.Year > last {
			return domain.Errorf(domain.EINVALID, "Il %d è fuori dal ciclo %d–%d.", r.Year, first, last)
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM signoffs WHERE organization_id = $1 AND cycle_id = $2 AND year = $3`,
			orgID, r.CycleID, r.Year)
		if err != nil {
			return fmt.Errorf("store: delete signoff: %w", err)
		}
		signed, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("store: delete signoff: %w", err)
		}
		if signed == 0 && status != domain.CycleClosed {
			return domain.Errorf(domain.ECONFLICT, "L'anno %d non è chiuso: non c'è nulla da riaprire.", r.Year)
		}
		t := now()
		name, err := fullName(ctx, tx, orgID, r.By)
		if err != nil {
			return err
		}
		day := *dateOnly(&r.ActDate)
		if err := insertYearEvent(ctx, tx, &domain.YearEvent{OrganizationID: orgID, CycleID: r.CycleID, Year: r.Year,
			Action: domain.YearReopened, By: r.By, ByName: name, At: t, Reason: r.Reason, ActNumber: r.ActNumber, ActDate: &day}); err != nil {
			return err
		}
		if status == domain.CycleClosed {
			if _, err := tx.ExecContext(ctx,
				`UPDATE cycles SET status = 'monitoring' WHERE organization_id = $1 AND id = $2`, orgID, r.CycleID); err != nil {
				return fmt.Errorf("store: reopen cycle: %w", err)
			}
			if err := writeAudit(ctx, tx, orgID, t, r.By, "status", "cycle", r.CycleID,
				map[string]string{"status": string(status)}, map[string]string{"status": string(domain.CycleMonitoring)}); err != nil {
				return err
			}
		}
		return writeAudit(ctx, tx, orgID, t, r.By, "reopen", "cycle", r.CycleID, nil,
			map[string]any{"year": r.Year, "reason": r.Reason, "act_number": r.ActNumber, "act_date": day.Format(time.DateOnly)})
	})
}

func insertYearEvent(ctx context.Context, tx *sql.Tx, e *domain.YearEvent) error {
	var scores sql.NullString
	if e.Scores != nil {
		b, err := json.Marshal(e.Scores)
		if err != nil {
			return fmt.Errorf("store: year event json: %w", err)
		}
		scores = sql.NullString{String: string(b), Valid: true}
	}
	_, err := tx.ExecContext(ctx,
		`INSERT INTO year_events (organization_id, id, cycle_id, year, action, actor, actor_name, at,
		   reason, act_number, act_date, scores_json)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		e.OrganizationID, newID(), e.CycleID, e.Year, string(e.Action), e.By, e.ByName, e.At,
		e.Reason, e.ActNumber, nullTime(e.ActDate), scores)
	if err != nil {
		return fmt.Errorf("store: insert year event: %w", err)
	}
	return nil
}

// YearHistory lists every sign-off and reopening of the years of a cycle,
// oldest first, each sign-off with the scores it locked.
func (s *Store) YearHistory(ctx context.Context, orgID, cycleID int64) ([]domain.YearEvent, error) {
	q, done, err := s.readAs(ctx, orgID)
	if err != nil {
		return nil, err
	}
	defer done()
	rows, err := q.QueryContext(ctx,
		`SELECT year, action, actor, actor_name, at, reason, act_number, act_date, scores_json FROM year_events
		 WHERE organization_id = $1 AND cycle_id = $2 ORDER BY at, year`, orgID, cycleID)
	if err != nil {
		return nil, fmt.Errorf("store: select year events: %w", err)
	}
	defer rows.Close()
	var out []domain.YearEvent
	for rows.Next() {
		e := domain.YearEvent{OrganizationID: orgID, CycleID: cycleID}
		var (
			actDate sql.NullTime
			scores  sql.NullString
		)
		if err := rows.Scan(&e.Year, &e.Action, &e.By, &e.ByName, &e.At, &e.Reason, &e.ActNumber, &actDate, &scores); err != nil {
			return nil, fmt.Errorf("store: scan year event: %w", err)
		}
		e.At, e.ActDate = e.At.UTC(), datePtr(actDate)
		if scores.Valid {
			e.Scores = &domain.LockedScores{}
			if err := json.Unmarshal([]byte(scores.String), e.Scores); err != nil {
				return nil, fmt.Errorf("store: year event json: %w", err)
			}
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
