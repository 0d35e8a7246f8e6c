package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/performa-pa/performa/internal/domain"
)

var _ domain.UserStore = (*Store)(nil)

// CountUsers counts the users of every organization. Like Organizations it
// crosses tenants: it serves the first start of an installation.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.acrossOrganizations(ctx, s.readPool, "count users", func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("store: count users: %w", err)
	}
	return n, nil
}

// EnsureOrganization finds the organization named name or creates it; the
// boolean tells whether it was created.
func (s *Store) EnsureOrganization(ctx context.Context, name string) (*domain.Organization, bool, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return nil, false, domain.Errorf(domain.EINVALID, "Manca il nome dell'ente.")
	}
	var (
		org     domain.Organization
		created bool
	)
	// The directory of entes has no row-level security (tenant.go).
	defer wrote(ctx)
	err := inTx(ctx, s.writePool, nil, func(tx *sql.Tx) error {
		var err error
		if org, created, err = s.ensureOrganization(ctx, tx, name, now()); err != nil {
			return err
		}
		return bumpGeneration(ctx, tx, org.ID)
	})
	if err != nil {
		return nil, false, err
	}
	return &org, created, nil
}

// OrganizationByID finds an organization by id (ENOTFOUND).
func (s *Store) OrganizationByID(ctx context.Context, id int64) (*domain.Organization, error) {
	if p := pinned(ctx, id); p != nil {
		o := p.org
		return &o, nil
	}
	o, _, err := s.organizationWhere(ctx, "id", id)
	return o, err
}

// userAudit is what the audit log records of a user: never the password.
type userAudit struct {
	Name      string   `json:"name"`
	FullName  string   `json:"full_name,omitempty"`
	Role      string   `json:"role"`
	Units     []string `json:"units,omitempty"`
	Disabled  bool     `json:"disabled,omitempty"`
	Matricola string   `json:"matricola,omitempty"`
}

func auditUser(u *domain.User) userAudit {
	return userAudit{u.Name, u.FullName, string(u.Role), u.UnitNames(), u.Disabled, u.Matricola}
}

// CreateUser stores u in its organization, normalized (domain.User.Normalize)
// and validated, with its units; ECONFLICT when the name is taken. It fills
// in u's id and times.
func (s *Store) CreateUser(ctx context.Context, u *domain.User, actor string) error {
	u.Normalize()
	if err := u.Validate(); err != nil {
		return err
	}
	if u.PasswordHash == "" {
		return domain.Errorf(domain.EINVALID, "Manca la password dell'utente «%s».", u.Name)
	}
	t := now()
	id := newID()
	err := s.writeAs(ctx, u.OrganizationID, func(tx *sql.Tx) error {
		if err := matricolaFree(ctx, tx, u.OrganizationID, 0, u.Matricola); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx,
			`INSERT INTO users (organization_id, id, name, full_name, role, password_hash,
			 must_change_password, disabled, created_at, updated_at, matricola)
			 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10)
			 ON CONFLICT (organization_id, name) DO NOTHING`,
			u.OrganizationID, id, u.Name, u.FullName, string(u.Role), u.PasswordHash,
			u.MustChangePassword, u.Disabled, t, u.Matricola)
		if err != nil {
			return fmt.Errorf("store: insert user: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("store: insert user: %w", err)
		} else if n == 0 {
			return domain.Errorf(domain.ECONFLICT, "Esiste già un utente «%s».", u.Name)
		}
		if err := insertUserUnits(ctx, tx, u.OrganizationID, id, u.Units, nil); err != nil {
			return err
		}
		return writeAudit(ctx, tx, u.OrganizationID, t, actor, "create", "user", id, nil, auditUser(u))
	})
	if err != nil {
		return err
	}
	u.ID, u.CreatedAt, u.UpdatedAt = id, t, t
	return nil
}

// matricolaFree refuses (ECONFLICT) a matricola another user than userID
// is linked to: a person of the register is one user at most.
func matricolaFree(ctx context.Context, tx *sql.Tx, orgID, userID int64, matricola string) error {
	if matricola == "" {
		return nil
	}
	var other string
	err := tx.QueryRowContext(ctx, `SELECT name FROM users WHERE organization_id = $1 AND matricola = $2 AND id <> $3`,
		orgID, matricola, userID).Scan(&other)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return fmt.Errorf("store: find matricola: %w", err)
	}
	return domain.Errorf(domain.ECONFLICT, "La matricola %s è già collegata all'utente «%s».", matricola, other)
}

// insertUserUnits binds a manager to units by identity, each of which must
// be a unit of the organization's plans. A unit kept by name only (ID 0:
// a binding from before identities that matched no unit) is kept only if
// the user already had it (kept), so that nothing new is bound by name.
func insertUserUnits(ctx context.Context, tx *sql.Tx, orgID, userID int64, units []domain.UnitRef, kept []domain.UnitRef) error {
	for _, r := range units {
		if r.ID == 0 {
			if !slices.Contains(kept, r) {
				return domain.Errorf(domain.EINVALID, "«%s» non è un'unità del piano: scegli una delle unità del piano.", r.Name)
			}
			if _, err := tx.ExecContext(ctx,
				`INSERT INTO user_units (organization_id, user_id, unit_name) VALUES ($1, $2, $3)`,
				orgID, userID, r.Name); err != nil {
				return fmt.Errorf("store: insert user unit: %w", err)
			}
			continue
		}
		var n int
		if err := tx.QueryRowContext(ctx,
			`SELECT COUNT(*) FROM units WHERE organization_id = $1 AND identity_id = $2`, orgID, r.ID).Scan(&n); err != nil {
			return fmt.Errorf("store: find unit: %w", err)
		}
		if n == 0 {
			return domain.Errorf(domain.EINVALID, "L'unità «%s» non è un'unità dei piani dell'ente.", r.Name)
		}
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO user_unit_identities (organization_id, user_id, unit_identity_id) VALUES ($1, $2, $3)`,
			orgID, userID, r.ID); err != nil {
			return fmt.Errorf("store: insert user unit: %w", err)
		}
	}
	return nil
}

// UpdateUser changes the full name, role, units and disabled flag of the
// user u.ID of u.OrganizationID (ENOTFOUND). Disabling a user signs it out.
func (s *Store) UpdateUser(ctx context.Context, u *domain.User, actor string) error {
	u.Normalize()
	if err := u.Validate(); err != nil {
		return err
	}
	t := now()
	return s.writeAs(ctx, u.OrganizationID, func(tx *sql.Tx) error {
		before, err := s.userTx(ctx, tx, u.OrganizationID, u.ID)
		if err != nil {
			return err
		}
		if err := matricolaFree(ctx, tx, u.OrganizationID, u.ID, u.Matricola); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx,
			`UPDATE users SET full_name = $3, role = $4, disabled = $5, updated_at = $6, matricola = $7
			 WHERE organization_id = $1 AND id = $2`,
			u.OrganizationID, u.ID, u.FullName, string(u.Role), u.Disabled, t, u.Matricola); err != nil {
			return fmt.Errorf("store: update user: %w", err)
		}
		for _, table := range []string{"user_units", "user_unit_identities"} {
			if _, err := tx.ExecContext(ctx,
				`DELETE FROM `+table+` WHERE organization_id = $1 AND user_id = $2`,
				u.OrganizationID, u.ID); err != nil {
				return fmt.Errorf("store: delete user units: %w", err)
			}
		}
		if err := insertUserUnits(ctx, tx, u.OrganizationID, u.ID, u.Units, before.Units); err != nil {
			return err
		}
		if u.Disabled {
			if err := deleteUserSessions(ctx, tx, u.OrganizationID, u.ID); err != nil {
				return err
			}
		}
		u.Name, u.CreatedAt, u.UpdatedAt = before.Name, before.CreatedAt, t
		u.PasswordHash, u.MustChangePassword = before.PasswordHash, before.MustChangePassword
		return writeAudit(ctx, tx, u.OrganizationID, t, actor, "update", "user", u.ID,
			auditUser(before), auditUser(u))
	})
}

// SetPassword replaces the user's password hash, deletes its sessions and
// revokes its API tokens, so that a changed password signs the user out
// everywhere and a token made under the old one (perhaps by whoever knew
// it) stops working; it returns how many tokens it revoked. mustChange
// marks a one-time password, to be changed at the next sign-in.
func (s *Store) SetPassword(ctx context.Context, orgID, userID int64, hash string, mustChange bool, actor string) (int, error) {
	if hash == "" {
		return 0, domain.Errorf(domain.EINVALID, "Manca la password.")
	}
	t := now()
	var revoked int64
	err := s.writeAs(ctx, orgID, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx,
			`UPDATE users SET password_hash = $3, must_change_password = $4, updated_at = $5
			 WHERE organization_id = $1 AND id = $2`,
			orgID, userID, hash, mustChange, t)
		if err != nil {
			return fmt.Errorf("store: update password: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("store: update password: %w", err)
		} else if n == 0 {
			return domain.Errorf(domain.ENOTFOUND, "Utente non trovato.")
		}
		if err := deleteUserSessions(ctx, tx, orgID, userID); err != nil {
			return err
		}
		res, err = tx.ExecContext(ctx, `DELETE FROM api_tokens WHERE organization_id = $1 AND user_id = $2`, orgID, userID)
		if err != nil {
			return fmt.Errorf("store: revoke API tokens: %w", err)
		}
		if revoked, err = res.RowsAffected(); err != nil {
			return fmt.Errorf("store: revoke API tokens: %w", err)
		}
		return writeAudit(ctx, tx, orgID, t, actor, "password", "user", userID, nil,
			map[string]any{"must_change_password": mustChange, "revoked_tokens": revoked})
	})
	return int(revoked), err
}

// UnlockUser lets a user locked out by failed sign-ins try again at once:
// the failures counted before now no longer count (SigninResetAt).
func (s *Store) UnlockUser(ctx context.Context, orgID, userID int64, actor string) error {
	t := now()
	return s.writeAs(ctx, orgID, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET signin_reset_at = $3 WHERE organization_id = $1 AND id = $2`,
			orgID, userID, t)
		if err != nil {
			return fmt.Errorf("store: unlock user: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("store: unlock user: %w", err)
		} else if n == 0 {
			return domain.Errorf(domain.ENOTFOUND, "Utente non trovato.")
		}
		return writeAudit(ctx, tx, orgID, t, actor, "unlock", "user", userID, nil, nil)
	})
}

// SigninResetAt is when the user was last unlocked (zero when never).
func (s *Store) SigninResetAt(ctx context.Context, orgID, userID int64) (time.Time, error) {
	q, done, err := s.readAs(ctx, orgID)
	if err != nil {
		return time.Time{}, err
	}
	defer done()
	var at sql.NullTime
	err = q.QueryRowContext(ctx, `SELECT signin_reset_at FROM users WHERE organization_id = $1 AND id = $2`,
		orgID, userID).Scan(&at)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, fmt.Errorf("store: select user: %w", err)
	}
	return at.Time, nil
}

// RecordSecurity appends a security event (a sign-in, a failed one, a
// lockout, a sign-out) to the organization's audit log, about the user
// userID (0 when the name typed is nobody's). An organization that does
// not exist (a forged sign-in form) has no log: nothing is written.
func (s *Store) RecordSecurity(ctx context.Context, orgID, userID int64, actor, action string, detail map[string]string) error {
	return s.writeAs(ctx, orgID, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM organizations WHERE id = $1`, orgID).Scan(&n); err != nil {
			return fmt.Errorf("store: select organization: %w", err)
		}
		if n == 0 {
			return nil
		}
		var after any
		if len(detail) > 0 {
			after = detail
		}
		return writeAudit(ctx, tx, orgID, now(), actor, action, "user", userID, nil, after)
	})
}

func deleteUserSessions(ctx context.Context, q querier, orgID, userID int64) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM sessions WHERE organization_id = $1 AND user_id = $2`,
		orgID, userID); err != nil {
		return fmt.Errorf("store: delete sessions: %w", err)
	}
	return nil
}

const userColumns = `u.organization_id, u.id, u.name, u.full_name, u.role, u.password_hash,
	u.must_change_password, u.disabled, u.created_at, u.updated_at, u.matricola`

// userDest are the scan destinations of userColumns.
func userDest(u *domain.User) []any {
	return []any{&u.OrganizationID, &u.ID, &u.Name, &u.FullName, &u.Role, &u.PasswordHash,
		&u.MustChangePassword, &u.Disabled, &u.CreatedAt, &u.UpdatedAt, &u.Matricola}
}

func scanUser(r rowScanner, u *domain.User) error {
	err := r.Scan(userDest(u)...)
	u.CreatedAt, u.UpdatedAt = u.CreatedAt.UTC(), u.UpdatedAt.UTC()
	return err
}

// userUnitsQuery selects user id, unit identity and name of the units of
// the users of organization $1 (and, with userFilter, of user $2): by
// identity, named as the newest plan holding the unit writes it, then
// those kept by name only (identity 0).
func userUnitsQuery(userFilter string) string {
	return `SELECT b.user_id, b.unit_identity_id, COALESCE((SELECT u.name FROM units u
		   JOIN plan_versions v ON v.organization_id = u.organization_id AND v.id = u.version_id
		   JOIN cycles c ON c.organization_id = v.organization_id AND c.id = v.cycle_id
		   WHERE u.organization_id = b.organization_id AND u.identity_id = b.unit_identity_id
		   ORDER BY c.first_year DESC, c.last_year DESC, v.number DESC LIMIT 1), '') AS name
		 FROM user_unit_identities b WHERE b.organization_id = $1` + strings.ReplaceAll(userFilter, "X.", "b.") + `
		 UNION ALL
		 SELECT n.user_id, 0, n.unit_name FROM user_units n WHERE n.organization_id = $1` + strings.ReplaceAll(userFilter, "X.", "n.") + `
		 ORDER BY 3, 2`
}

// eachUserUnit runs a userUnitsQuery and calls fn for every row.
func eachUserUnit(ctx context.Context, q querier, query string, args []any, fn func(userID int64, r domain.UnitRef)) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("store: select user units: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			userID int64
			r      domain.UnitRef
		)
		if err := rows.Scan(&userID, &r.ID, &r.Name); err != nil {
			return fmt.Errorf("store: scan user unit: %w", err)
		}
		if r.Name == "" {
			r.Name = "unità non più nei piani"
		}
		fn(userID, r)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: select user units: %w", err)
	}
	return nil
}

// userUnits loads the units of a user.
func userUnits(ctx context.Context, q querier, orgID, userID int64) ([]domain.UnitRef, error) {
	var out []domain.UnitRef
	err := eachUserUnit(ctx, q, userUnitsQuery(" AND X.user_id = $2"), []any{orgID, userID},
		func(_ int64, r domain.UnitRef) { out = append(out, r) })
	return out, err
}

// loadUser runs a query selecting userColumns for one user, then its units.
func loadUser(ctx context.Context, q querier, query string, args ...any) (*domain.User, error) {
	var u domain.User
	err := scanUser(q.QueryRowContext(ctx, query, args...), &u)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "Utente non trovato.")
	} else if err != nil {
		return nil, fmt.Errorf("store: select user: %w", err)
	}
	if u.Units, err = userUnits(ctx, q, u.OrganizationID, u.ID); err != nil {
		return nil, err
	}
	return &u, nil
}

func (s *Store) userTx(ctx context.Context, q querier, orgID, userID int64) (*domain.User, error) {
	return loadUser(ctx, q, `SELECT `+userColumns+` FROM users u
		WHERE u.organization_id = $1 AND u.id = $2`+s.d.forUpdate, orgID, userID)
}

// User finds a user by id (ENOTFOUND).
func (s *Store) User(ctx context.Context, orgID, userID int64) (*domain.User, error) {
	q, done, err := s.readAs(ctx, orgID)
	if err != nil {
		return nil, err
	}
	defer done()
	return loadUser(ctx, q, `SELECT `+userColumns+` FROM users u
		WHERE u.organization_id = $1 AND u.id = $2`, orgID, userID)
}

// UserByName finds a user by sign-in name, in any case (ENOTFOUND).
func (s *Store) UserByName(ctx context.Context, orgID int64, name string) (*domain.User, error) {
	q, done, err := s.readAs(ctx, orgID)
	if err != nil {
		return nil, err
	}
	defer done()
	return loadUser(ctx, q, `SELECT `+userColumns+` FROM users u
		WHERE u.organization_id = $1 AND u.name = $2`, orgID, domain.NormalizeUserName(name))
}

// Users lists the users of an organization by name, with their units.
func (s *Store) Users(ctx context.Context, orgID int64) ([]domain.User, error) {
	q, done, err := s.readAs(ctx, orgID)
	if err != nil {
		return nil, err
	}
	defer done()
	rows, err := q.QueryContext(ctx, `SELECT `+userColumns+` FROM users u
		WHERE u.organization_id = $1 ORDER BY u.name`, orgID)
	if err != nil {
		return nil, fmt.Errorf("store: select users: %w", err)
	}
	var out []domain.User
	index := map[int64]int{}
	for rows.Next() {
		var u domain.User
		if err := scanUser(rows, &u); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: scan user: %w", err)
		}
		index[u.ID] = len(out)
		out = append(out, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: select users: %w", err)
	}
	err = eachUserUnit(ctx, q, userUnitsQuery(""), []any{orgID}, func(id int64, r domain.UnitRef) {
		if i, ok := index[id]; ok {
			out[i].Units = append(out[i].Units, r)
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// UnitChoices lists the units of the plan in force (domain.InForce), in
// plan order, by identity: the units a manager may be given (ENOTFOUND
// when the organization has no plan).
func (s *Store) UnitChoices(ctx context.Context, orgID int64) ([]domain.UnitRef, error) {
	all, err := s.Versions(ctx, orgID)
	if err != nil {
		return nil, err
	}
	v, _, ok := domain.InForce(all)
	if !ok {
		return nil, domain.Errorf(domain.ENOTFOUND, "L'ente non ha ancora un piano: importalo, poi assegna le unità ai responsabili.")
	}
	q, done, err := s.readAs(ctx, orgID)
	if err != nil {
		return nil, err
	}
	defer done()
	rows, err := q.QueryContext(ctx,
		`SELECT identity_id, name FROM units WHERE organization_id = $1 AND version_id = $2 ORDER BY position`,
		orgID, v.Version.ID)
	if err != nil {
		return nil, fmt.Errorf("store: select units: %w", err)
	}
	defer rows.Close()
	var out []domain.UnitRef
	for rows.Next() {
		var r domain.UnitRef
		if err := rows.Scan(&r.ID, &r.Name); err != nil {
			return nil, fmt.Errorf("store: scan unit: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Unit finds a unit of any version by id, without its objectives
// (ENOTFOUND): authorization asks it whose a unit is.
func (s *Store) Unit(ctx context.Context, orgID, unitID int64) (*domain.Unit, error) {
	q, done, err := s.readAs(ctx, orgID)
	if err != nil {
		return nil, err
	}
	defer done()
	u := domain.Unit{ID: unitID, OrganizationID: orgID}
	var declared sql.NullFloat64
	err = q.QueryRowContext(ctx,
		`SELECT position, name, manager, kind, declared_total_weight, source_sheet, source_line, identity_id
		 FROM units WHERE organization_id = $1 AND id = $2`, orgID, unitID).
		Scan(&u.Position, &u.Name, &u.Manager, &u.Kind, &declared, &u.Source.Sheet, &u.Source.Line, &u.Identity)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "Unità non trovata.")
	} else if err != nil {
		return nil, fmt.Errorf("store: select unit: %w", err)
	}
	u.DeclaredTotalWeight = floatPtr(declared)
	return &u, nil
}
