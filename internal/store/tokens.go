package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/performa-pa/performa/internal/domain"
)

// CreateAPIToken stores a token of a user (who must exist: ENOTFOUND) and
// fills in its id and creation time.
func (s *Store) CreateAPIToken(ctx context.Context, t *domain.APIToken, actor string) error {
	if t.TokenHash == "" {
		return errors.New("store: API token without hash")
	}
	at := now()
	id := newID()
	err := s.writeAs(ctx, t.OrganizationID, func(tx *sql.Tx) error {
		var name string
		err := tx.QueryRowContext(ctx, `SELECT name FROM users WHERE organization_id = $1 AND id = $2`,
			t.OrganizationID, t.UserID).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Errorf(domain.ENOTFOUND, "Utente non trovato.")
		} else if err != nil {
			return fmt.Errorf("store: select user: %w", err)
		}
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO api_tokens (organization_id, id, user_id, label, token_hash, created_at, expires_at)
			 VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			t.OrganizationID, id, t.UserID, t.Label, t.TokenHash, at, nullTime(t.ExpiresAt)); err != nil {
			return fmt.Errorf("store: insert API token: %w", err)
		}
		return writeAudit(ctx, tx, t.OrganizationID, at, actor, "create", "api_token", id, nil,
			map[string]any{"user": name, "label": t.Label})
	})
	if err != nil {
		return err
	}
	t.ID, t.CreatedAt = id, at
	return nil
}

const tokenColumns = `t.id, t.user_id, t.label, t.token_hash, t.created_at, t.last_used_at, t.expires_at`

func scanToken(r rowScanner, t *domain.APIToken, extra ...any) error {
	var used, expires sql.NullTime
	err := r.Scan(append([]any{&t.ID, &t.UserID, &t.Label, &t.TokenHash, &t.CreatedAt, &used, &expires}, extra...)...)
	t.CreatedAt = t.CreatedAt.UTC()
	t.LastUsedAt, t.ExpiresAt = utcPtr(used), utcPtr(expires)
	return err
}

func utcPtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}

// APIToken finds a token by the hash of its secret, with its user
// (ENOTFOUND). It does not look at expiry: the caller does.
func (s *Store) APIToken(ctx context.Context, orgID int64, tokenHash string) (*domain.APIToken, *domain.User, error) {
	clone := func(r withUser[domain.APIToken]) withUser[domain.APIToken] {
		r = r.clone()
		r.of.LastUsedAt, r.of.ExpiresAt = clonePtr(r.of.LastUsedAt), clonePtr(r.of.ExpiresAt)
		return r
	}
	r, err := recall(s, ctx, orgID, "token\x00"+tokenHash, clone, func() (withUser[domain.APIToken], error) {
		return s.apiToken(ctx, orgID, tokenHash)
	})
	if err != nil {
		return nil, nil, err
	}
	return &r.of, &r.user, nil
}

func (s *Store) apiToken(ctx context.Context, orgID int64, tokenHash string) (withUser[domain.APIToken], error) {
	r := withUser[domain.APIToken]{of: domain.APIToken{OrganizationID: orgID}}
	q, done, err := s.readAs(ctx, orgID)
	if err != nil {
		return r, err
	}
	defer done()
	u := &r.user
	err = scanToken(q.QueryRowContext(ctx,
		`SELECT `+tokenColumns+`, `+userColumns+`
		 FROM api_tokens t JOIN users u ON u.organization_id = t.organization_id AND u.id = t.user_id
		 WHERE t.organization_id = $1 AND t.token_hash = $2`, orgID, tokenHash), &r.of, userDest(u)...)
	if errors.Is(err, sql.ErrNoRows) {
		return r, domain.Errorf(domain.ENOTFOUND, "Token non trovato.")
	} else if err != nil {
		return r, fmt.Errorf("store: select API token: %w", err)
	}
	u.CreatedAt, u.UpdatedAt = u.CreatedAt.UTC(), u.UpdatedAt.UTC()
	u.Units, err = userUnits(ctx, q, orgID, u.ID)
	return r, err
}

// APITokens lists the tokens of a user, newest first.
func (s *Store) APITokens(ctx context.Context, orgID, userID int64) ([]domain.APIToken, error) {
	q, done, err := s.readAs(ctx, orgID)
	if err != nil {
		return nil, err
	}
	defer done()
	rows, err := q.QueryContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens t
		WHERE t.organization_id = $1 AND t.user_id = $2 ORDER BY t.created_at DESC, t.id`, orgID, userID)
	if err != nil {
		return nil, fmt.Errorf("store: select API tokens: %w", err)
	}
	defer rows.Close()
	var out []domain.APIToken
	for rows.Next() {
		t := domain.APIToken{OrganizationID: orgID}
		if err := scanToken(rows, &t); err != nil {
			return nil, fmt.Errorf("store: scan API token: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: select API tokens: %w", err)
	}
	return out, nil
}

// TouchAPIToken records that the token was used at at.
func (s *Store) TouchAPIToken(ctx context.Context, orgID, tokenID int64, at time.Time) error {
	if _, err := s.exec(ctx, orgID,
		`UPDATE api_tokens SET last_used_at = $3 WHERE organization_id = $1 AND id = $2`,
		orgID, tokenID, at.UTC().Truncate(time.Microsecond)); err != nil {
		return fmt.Errorf("store: touch API token: %w", err)
	}
	return nil
}

// DeleteAPIToken revokes a token (ENOTFOUND when there is none).
func (s *Store) DeleteAPIToken(ctx context.Context, orgID, tokenID int64, actor string) error {
	return s.writeAs(ctx, orgID, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM api_tokens WHERE organization_id = $1 AND id = $2`,
			orgID, tokenID)
		if err != nil {
			return fmt.Errorf("store: delete API token: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("store: delete API token: %w", err)
		} else if n == 0 {
			return domain.Errorf(domain.ENOTFOUND, "Token non trovato.")
		}
		return writeAudit(ctx, tx, orgID, now(), actor, "revoke", "api_token", tokenID, nil, nil)
	})
}
