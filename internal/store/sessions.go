package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/performa-pa/performa/internal/domain"
)

// CreateSession stores a new session. It also deletes the user's expired
// sessions, so that the table does not grow with sign-ins.
func (s *Store) CreateSession(ctx context.Context, sess *domain.Session) error {
	if sess.TokenHash == "" || sess.UserID == 0 || sess.ExpiresAt.IsZero() {
		return errors.New("store: incomplete session")
	}
	t := now()
	if sess.CreatedAt.IsZero() {
		sess.CreatedAt = t
	}
	if sess.LastSeenAt.IsZero() {
		sess.LastSeenAt = sess.CreatedAt
	}
	sess.CreatedAt = sess.CreatedAt.UTC().Truncate(time.Microsecond)
	sess.LastSeenAt = sess.LastSeenAt.UTC().Truncate(time.Microsecond)
	sess.ExpiresAt = sess.ExpiresAt.UTC().Truncate(time.Microsecond)
	return s.writeAs(ctx, sess.OrganizationID, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx,
			`DELETE FROM sessions WHERE organization_id = $1 AND user_id = $2 AND expires_at < $3`,
			sess.OrganizationID, sess.UserID, t); err != nil {
			return fmt.Errorf("store: delete expired sessions: %w", err)
		}
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO sessions (organization_id, token_hash, user_id, created_at, last_seen_at,
			 expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			sess.OrganizationID, sess.TokenHash, sess.UserID, sess.CreatedAt, sess.LastSeenAt,
			sess.ExpiresAt, sess.IP, sess.UserAgent); err != nil {
			return fmt.Errorf("store: insert session: %w", err)
		}
		return nil
	})
}

// Session finds a session by the hash of its token, with its user
// (ENOTFOUND). It does not look at expiry: the caller does.
func (s *Store) Session(ctx context.Context, orgID int64, tokenHash string) (*domain.Session, *domain.User, error) {
	r, err := recall(s, ctx, orgID, "session\x00"+tokenHash, withUser[domain.Session].clone, func() (withUser[domain.Session], error) {
		return s.session(ctx, orgID, tokenHash)
	})
	if err != nil {
		return nil, nil, err
	}
	return &r.of, &r.user, nil
}

// withUser is a session or an API token with its user, as the memo keeps
// them.
type withUser[T any] struct {
	of   T
	user domain.User
}

func (r withUser[T]) clone() withUser[T] {
	r.user.Units = slices.Clone(r.user.Units)
	return r
}

func (s *Store) session(ctx context.Context, orgID int64, tokenHash string) (withUser[domain.Session], error) {
	r := withUser[domain.Session]{of: domain.Session{OrganizationID: orgID, TokenHash: tokenHash}}
	q, done, err := s.readAs(ctx, orgID)
	if err != nil {
		return r, err
	}
	defer done()
	sess, u := &r.of, &r.user
	err = q.QueryRowContext(ctx,
		`SELECT s.user_id, s.created_at, s.last_seen_at, s.expires_at, s.ip, s.user_agent, `+userColumns+`
		 FROM sessions s JOIN users u ON u.organization_id = s.organization_id AND u.id = s.user_id
		 WHERE s.organization_id = $1 AND s.token_hash = $2`, orgID, tokenHash).
		Scan(append([]any{&sess.UserID, &sess.CreatedAt, &sess.LastSeenAt, &sess.ExpiresAt, &sess.IP,
			&sess.UserAgent}, userDest(u)...)...)
	if errors.Is(err, sql.ErrNoRows) {
		return r, domain.Errorf(domain.ENOTFOUND, "Sessione non trovata.")
	} else if err != nil {
		return r, fmt.Errorf("store: select session: %w", err)
	}
	sess.CreatedAt, sess.LastSeenAt, sess.ExpiresAt = sess.CreatedAt.UTC(), sess.LastSeenAt.UTC(), sess.ExpiresAt.UTC()
	u.CreatedAt, u.UpdatedAt = u.CreatedAt.UTC(), u.UpdatedAt.UTC()
	u.Units, err = userUnits(ctx, q, orgID, u.ID)
	return r, err
}

// TouchSession records that the session was used at lastSeen.
func (s *Store) TouchSession(ctx context.Context, orgID int64, tokenHash string, lastSeen time.Time) error {
	if _, err := s.exec(ctx, orgID,
		`UPDATE sessions SET last_seen_at = $3 WHERE organization_id = $1 AND token_hash = $2`,
		orgID, tokenHash, lastSeen.UTC().Truncate(time.Microsecond)); err != nil {
		return fmt.Errorf("store: touch session: %w", err)
	}
	return nil
}

// DeleteSession ends a session; ending one that does not exist is no error.
func (s *Store) DeleteSession(ctx context.Context, orgID int64, tokenHash string) error {
	if _, err := s.exec(ctx, orgID,
		`DELETE FROM sessions WHERE organization_id = $1 AND token_hash = $2`, orgID, tokenHash); err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	return nil
}

// PurgeSessions deletes the sessions of every organization that expired
// before t, returning how many; serve runs it from time to time. It leaves
// the generations (memo.go) alone: a session remembered after its expiry is
// refused by its expiry all the same (auth.Service.Session).
func (s *Store) PurgeSessions(ctx context.Context, t time.Time) (int64, error) {
	var n int64
	err := s.acrossOrganizations(ctx, s.writePool, "purge sessions", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < $1`, t.UTC())
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: purge sessions: %w", err)
	}
	return n, nil
}
