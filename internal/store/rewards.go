package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/performa-pa/performa/internal/domain"
)

// distributionAudit is what the audit log records of a saved distribution:
// the fund, the totals, the rule's version, who and when; the premiums
// themselves are personal data and stay in reward_amounts.
type distributionAudit struct {
	Year               int    `json:"year"`
	FundOrganizational int64  `json:"fund_organizational_cents"`
	FundIndividual     int64  `json:"fund_individual_cents"`
	SMVPVersion        int    `json:"smvp_version"`
	Distributed        int64  `json:"distributed_cents"`
	Unspent            int64  `json:"unspent_cents"`
	People             int    `json:"people"`
	SavedBy            string `json:"saved_by"`
	SavedAt            string `json:"saved_at"`
}

func auditDistribution(d *domain.RewardDistribution) distributionAudit {
	return distributionAudit{d.Year, d.FundOrganizational, d.FundIndividual, d.SMVPVersion, d.Distributed, d.Unspent,
		len(d.Entries), d.SavedBy, d.SavedAt.Format("2006-01-02T15:04:05Z")}
}

// SaveRewardDistribution records the distribution of d.Year's fund,
// replacing the one saved before (one transaction, audited with both
// summaries). It refuses (EINVALID) a distribution whose premiums do not
// add up to Distributed, or Distributed and Unspent to the fund.
func (s *Store) SaveRewardDistribution(ctx context.Context, orgID int64, d *domain.RewardDistribution, actor string) error {
	if d.Year < 1900 || actor == "" {
		return domain.Errorf(domain.EINVALID, "Servono l'anno della distribuzione e chi la salva.")
	}
	var sum int64
	seen := map[string]bool{}
	for _, e := range d.Entries {
		if e.Matricola == "" || seen[e.Matricola] || e.Amount < 0 {
			return domain.Errorf(domain.EINVALID, "La matricola «%s» manca, è ripetuta o ha un importo negativo.", e.Matricola)
		}
		seen[e.Matricola] = true
		sum += e.Amount
	}
	if sum != d.Distributed || d.Distributed+d.Unspent != d.Fund() {
		return domain.Errorf(domain.EINVALID, "La distribuzione non torna: premi %d, distribuito %d, non distribuito %d, fondo %d (centesimi).",
			sum, d.Distributed, d.Unspent, d.Fund())
	}
	rule, err := json.Marshal(d.Rule)
	if err != nil {
		return fmt.Errorf("store: reward rule: %w", err)
	}
	return s.writeAs(ctx, orgID, func(tx *sql.Tx) error {
		var before any
		old, err := loadDistribution(ctx, tx, orgID, d.Year, false)
		switch {
		case err == nil:
			before = auditDistribution(old)
			if _, err := tx.ExecContext(ctx, `DELETE FROM reward_amounts WHERE organization_id = $1 AND distribution_id = $2`, orgID, old.ID); err != nil {
				return fmt.Errorf("store: delete reward amounts: %w", err)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM reward_distributions WHERE organization_id = $1 AND id = $2`, orgID, old.ID); err != nil {
				return fmt.Errorf("store: delete reward distribution: %w", err)
			}
		case domain.ErrorCode(err) != domain.ENOTFOUND:
			return err
		}
		d.OrganizationID, d.ID, d.SavedBy, d.SavedAt = orgID, newID(), actor, now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO reward_distributions (organization_id, id, year, fund_organizational,
			fund_individual, smvp_version, rule, distributed, unspent, saved_by, saved_at, version_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			orgID, d.ID, d.Year, d.FundOrganizational, d.FundIndividual, d.SMVPVersion, string(rule), d.Distributed, d.Unspent,
			d.SavedBy, d.SavedAt, d.VersionID); err != nil {
			return fmt.Errorf("store: insert reward distribution: %w", err)
		}
		for i, e := range d.Entries {
			body, err := json.Marshal(e)
			if err != nil {
				return fmt.Errorf("store: reward entry: %w", err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO reward_amounts (organization_id, distribution_id, position, matricola, body, amount)
				VALUES ($1, $2, $3, $4, $5, $6)`, orgID, d.ID, i, e.Matricola, string(body), e.Amount); err != nil {
				return fmt.Errorf("store: insert reward amount: %w", err)
			}
		}
		return writeAudit(ctx, tx, orgID, d.SavedAt, actor, "save", "reward_distribution", int64(d.Year), before, auditDistribution(d))
	})
}

// RewardDistribution is the saved distribution of a year, with every
// person's premium (ENOTFOUND when none is saved).
func (s *Store) RewardDistribution(ctx context.Context, orgID int64, year int) (*domain.RewardDistribution, error) {
	q, done, err := s.readAs(ctx, orgID)
	if err != nil {
		return nil, err
	}
	defer done()
	return loadDistribution(ctx, q, orgID, year, true)
}

func loadDistribution(ctx context.Context, q querier, orgID int64, year int, entries bool) (*domain.RewardDistribution, error) {
	d := domain.RewardDistribution{OrganizationID: orgID}
	var rule string
	err := q.QueryRowContext(ctx, `SELECT id, year, fund_organizational, fund_individual, smvp_version, rule, distributed, unspent,
		saved_by, saved_at, version_id FROM reward_distributions WHERE organization_id = $1 AND year = $2`, orgID, year).Scan(
		&d.ID, &d.Year, &d.FundOrganizational, &d.FundIndividual, &d.SMVPVersion, &rule, &d.Distributed, &d.Unspent, &d.SavedBy, &d.SavedAt,
		&d.VersionID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "Nessuna distribuzione dei premi salvata per il %d (performa rewards --save).", year)
	} else if err != nil {
		return nil, fmt.Errorf("store: select reward distribution: %w", err)
	}
	d.SavedAt = d.SavedAt.UTC()
	if err := json.Unmarshal([]byte(rule), &d.Rule); err != nil {
		return nil, fmt.Errorf("store: reward rule: %w", err)
	}
	if !entries {
		return &d, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT body FROM reward_amounts WHERE organization_id = $1 AND distribution_id = $2 ORDER BY position`, orgID, d.ID)
	if err != nil {
		return nil, fmt.Errorf("store: select reward amounts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var body string
		var e domain.RewardEntry
		if err := rows.Scan(&body); err != nil {
			return nil, fmt.Errorf("store: scan reward amount: %w", err)
		}
		if err := json.Unmarshal([]byte(body), &e); err != nil {
			return nil, fmt.Errorf("store: reward amount: %w", err)
		}
		d.Entries = append(d.Entries, e)
	}
	return &d, rows.Err()
}
