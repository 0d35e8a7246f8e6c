package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/performa-pa/performa/internal/domain"
)

// ApproveVersion records that the Giunta approved a draft version with the
// act (delibera) actNumber of actDate. The version becomes immutable, the
// version it varies (the approved one before it) becomes superseded, and a
// draft cycle becomes approved. Approving a variation carries over the
// measurements and validations of the version it replaces. ENOTFOUND when
// orgID has no such version, ECONFLICT when it is not a draft.
func (s *Store) ApproveVersion(ctx context.Context, orgID, versionID int64, actNumber string, actDate time.Time, actor string) error {
	actNumber = strings.TrimSpace(actNumber)
	if actNumber == "" {
		return domain.Errorf(domain.EINVALID, "Indica il numero della delibera di approvazione.")
	}
	if actDate.IsZero() {
		return domain.Errorf(domain.EINVALID, "Indica la data della delibera di approvazione.")
	}
	return s.writeAs(ctx, orgID, func(tx *sql.Tx) error {
		var (
			cycleID int64
			number  int
			status  domain.VersionStatus
		)
		err := tx.QueryRowContext(ctx,
			`SELECT cycle_id, number, status FROM plan_versions
			 WHERE organization_id = $1 AND id = $2`+s.d.forUpdate,
			orgID, versionID).Scan(&cycleID, &number, &status)
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Errorf(domain.ENOTFOUND, "Piano non trovato.")
		} else if err != nil {
			return fmt.Errorf("store: select version: %w", err)
		}
		if status != domain.VersionDraft {
			return domain.Errorf(domain.ECONFLICT, "La versione %d del piano è già approvata.", number)
		}
		return approveTx(ctx, tx, orgID, cycleID, versionID, actNumber, *dateOnly(&actDate), actor)
	})
}

func approveTx(ctx context.Context, tx *sql.Tx, orgID, cycleID, versionID int64, actNumber string, actDate time.Time, actor string) error {
	steps := []struct {
		query string
		args  []any
	}{
		{`UPDATE plan_versions SET status = 'superseded'
		  WHERE organization_id = $1 AND cycle_id = $2 AND status = 'approved'`,
			[]any{orgID, cycleID}},
		{`UPDATE plan_versions SET status = 'approved', act_number = $3, act_date = $4
		  WHERE organization_id = $1 AND id = $2`,
			[]any{orgID, versionID, actNumber, actDate}},
		{`UPDATE cycles SET status = 'approved'
		  WHERE organization_id = $1 AND id = $2 AND status = 'draft'`,
			[]any{orgID, cycleID}},
	}
	for _, st := range steps {
		if _, err := tx.ExecContext(ctx, st.query, st.args...); err != nil {
			return fmt.Errorf("store: approve version: %w", err)
		}
	}
	// A variation takes over the monitoring of the version it replaces.
	if err := carryMonitoring(ctx, tx, orgID, versionID, actor); err != nil {
		return err
	}
	after := map[string]string{"status": string(domain.VersionApproved), "act_number": actNumber,
		"act_date": actDate.Format(time.DateOnly)}
	return writeAudit(ctx, tx, orgID, now(), actor, "approve", "plan_version", versionID,
		map[string]string{"status": string(domain.VersionDraft)}, after)
}
