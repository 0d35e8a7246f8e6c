package domain

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"
)

// Role is what a user may do in performa.
type Role string

const (
	// RoleAdmin is the Segretario or the ufficio controllo di gestione: sets
	// up the ente, the users and the cycle, imports and approves the plan.
	RoleAdmin Role = "admin"
	// RoleManager is a Responsabile di area: edits the objectives of the
	// units they manage while the plan is a draft and records measurements.
	RoleManager Role = "manager"
	// RoleEvaluator is the Nucleo di Valutazione (OIV): reads everything and
	// validates the achievement of each objective.
	RoleEvaluator Role = "evaluator"
	// RoleReader reads: the Giunta, the staff.
	RoleReader Role = "reader"
)

// Roles lists every role, most powerful first.
var Roles = []Role{RoleAdmin, RoleManager, RoleEvaluator, RoleReader}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	switch r {
	case RoleAdmin, RoleManager, RoleEvaluator, RoleReader:
		return true
	}
	return false
}

// Label is the Italian name of the role.
func (r Role) Label() string {
	switch r {
	case RoleAdmin:
		return "amministratore"
	case RoleManager:
		return "responsabile di area"
	case RoleEvaluator:
		return "Nucleo di Valutazione / OIV"
	case RoleReader:
		return "lettore"
	}
	return string(r)
}

// User is a person who signs in to performa. Users belong to one
// organization; Name, the sign-in name, is unique within it (lower case).
//
// A manager's units are kept by identity (Unit.Identity), which stays the
// same across versions, re-imports and cycles: never by name, so that
// "Area Finanziaria" and a different unit written "AREA FINANZIARIA" stay
// apart, and a unit renamed in a variation keeps its manager.
type User struct {
	ID             int64
	OrganizationID int64
	Name           string // sign-in name: lower case, no spaces
	FullName       string // "Mario Rossi", may be empty
	Role           Role
	Units          []UnitRef // managed units (managers only)
	// Matricola links the user to a person of the staff register, who
	// sees their own scheda and premium and takes the presa visione; ""
	// when the user is no person of the register.
	Matricola          string
	PasswordHash       string // argon2id, PHC string format
	MustChangePassword bool   // a one-time password was set
	Disabled           bool
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

// UnitRef is a unit given to a manager: its identity and its name as the
// newest plan holding it writes it. A binding made by name before units had
// identities, matching no unit, has ID 0 and the name as typed: it grants
// nothing until the administrator fixes it.
type UnitRef struct {
	ID   int64
	Name string
}

// Manages reports whether the user is a manager given the unit of that
// identity.
func (u *User) Manages(unitIdentity int64) bool {
	if u == nil || u.Role != RoleManager || unitIdentity == 0 {
		return false
	}
	for _, r := range u.Units {
		if r.ID == unitIdentity {
			return true
		}
	}
	return false
}

// UnitNames are the names of the user's units, in order.
func (u *User) UnitNames() []string {
	out := make([]string, 0, len(u.Units))
	for _, r := range u.Units {
		out = append(out, r.Name)
	}
	return out
}

// DisplayName is the full name when known, else the sign-in name.
func (u *User) DisplayName() string {
	if u.FullName != "" {
		return u.FullName
	}
	return u.Name
}

// Session is a signed-in browser. The token is in the cookie only: the
// store keeps its SHA-256 hash, so that reading the database does not let
// anyone sign in.
type Session struct {
	OrganizationID int64
	TokenHash      string // hex SHA-256 of the secret token
	UserID         int64
	CreatedAt      time.Time
	LastSeenAt     time.Time
	ExpiresAt      time.Time
	IP             string
	UserAgent      string
}

// APIToken lets a program call the JSON API for a user (Authorization:
// Bearer). As for sessions, only the hash of the secret is stored.
type APIToken struct {
	ID             int64
	OrganizationID int64
	UserID         int64
	Label          string
	TokenHash      string // hex SHA-256 of the secret token
	CreatedAt      time.Time
	LastUsedAt     *time.Time
	ExpiresAt      *time.Time // nil: until revoked
}

// UserStore keeps users, their sessions and their API tokens. As with
// PlanStore, every method takes the organization id and filters by it.
type UserStore interface {
	// CountUsers counts the users of every organization: zero means a new
	// installation, whose first start creates an administrator.
	CountUsers(ctx context.Context) (int, error)
	// EnsureOrganization finds the organization by name or creates it.
	EnsureOrganization(ctx context.Context, name string) (*Organization, bool, error)
	// OrganizationByID finds an organization (ENOTFOUND).
	OrganizationByID(ctx context.Context, id int64) (*Organization, error)

	// CreateUser stores u (ECONFLICT when the name is taken) and fills in
	// its id and times.
	CreateUser(ctx context.Context, u *User, actor string) error
	// UpdateUser changes the full name, role, units and disabled flag of a
	// user (not the password).
	UpdateUser(ctx context.Context, u *User, actor string) error
	// SetPassword replaces the password hash and signs the user out
	// everywhere: its sessions are deleted and its API tokens revoked
	// (how many is returned).
	SetPassword(ctx context.Context, orgID, userID int64, hash string, mustChange bool, actor string) (int, error)
	// UnlockUser makes the failed sign-ins counted so far no longer lock
	// the user out; SigninResetAt says when that last happened.
	UnlockUser(ctx context.Context, orgID, userID int64, actor string) error
	SigninResetAt(ctx context.Context, orgID, userID int64) (time.Time, error)
	// RecordSecurity appends a security event to the audit log.
	RecordSecurity(ctx context.Context, orgID, userID int64, actor, action string, detail map[string]string) error
	User(ctx context.Context, orgID, userID int64) (*User, error)
	UserByName(ctx context.Context, orgID int64, name string) (*User, error)
	Users(ctx context.Context, orgID int64) ([]User, error)
	// UnitChoices lists the units of the plan in force, by identity, for
	// choosing a manager's units (ENOTFOUND: no plan yet).
	UnitChoices(ctx context.Context, orgID int64) ([]UnitRef, error)
	// Unit finds a unit of any version by id, without its objectives.
	Unit(ctx context.Context, orgID, unitID int64) (*Unit, error)

	CreateSession(ctx context.Context, s *Session) error
	// Session finds a session and its user by the token's hash (ENOTFOUND),
	// expired or not: the caller decides.
	Session(ctx context.Context, orgID int64, tokenHash string) (*Session, *User, error)
	TouchSession(ctx context.Context, orgID int64, tokenHash string, lastSeen time.Time) error
	DeleteSession(ctx context.Context, orgID int64, tokenHash string) error

	CreateAPIToken(ctx context.Context, t *APIToken, actor string) error
	// APIToken finds a token and its user by the token's hash (ENOTFOUND).
	APIToken(ctx context.Context, orgID int64, tokenHash string) (*APIToken, *User, error)
	APITokens(ctx context.Context, orgID, userID int64) ([]APIToken, error)
	TouchAPIToken(ctx context.Context, orgID, tokenID int64, at time.Time) error
	DeleteAPIToken(ctx context.Context, orgID, tokenID int64, actor string) error
}

// NormalizeUserName is the sign-in name as stored: trimmed, lower case.
func NormalizeUserName(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// Validate checks a user's invariants, with Italian messages: a sign-in name
// of 1–64 lower-case letters, digits and . _ - @; a known role; units for
// managers only, at least one, each named once.
func (u *User) Validate() error {
	if u.Name == "" {
		return Errorf(EINVALID, "Indica il nome utente.")
	}
	if len(u.Name) > 64 {
		return Errorf(EINVALID, "Il nome utente «%s» è troppo lungo (al massimo 64 caratteri).", u.Name)
	}
	for i, c := range u.Name {
		ok := c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || i > 0 && strings.ContainsRune("._-@", c)
		if !ok {
			return Errorf(EINVALID, "Il nome utente «%s» può contenere solo lettere minuscole senza accenti, cifre e i segni . _ - @ (non all'inizio).", u.Name)
		}
	}
	if len(u.FullName) > 200 {
		return Errorf(EINVALID, "Il nome completo è troppo lungo (al massimo 200 caratteri).")
	}
	if len(u.Matricola) > 32 || strings.ContainsAny(u.Matricola, " \t\n") {
		return Errorf(EINVALID, "La matricola «%s» non è valida (al più 32 caratteri, senza spazi).", u.Matricola)
	}
	if !u.Role.Valid() {
		return Errorf(EINVALID, "Ruolo sconosciuto «%s»: scegli tra amministratore (admin), responsabile (manager), valutatore (evaluator) e lettore (reader).", u.Role)
	}
	if u.Role != RoleManager && len(u.Units) > 0 {
		return Errorf(EINVALID, "Solo un responsabile di area ha unità assegnate.")
	}
	if u.Role == RoleManager && len(u.Units) == 0 {
		return Errorf(EINVALID, "Indica almeno un'unità di cui «%s» è responsabile.", u.Name)
	}
	seen := map[UnitRef]bool{}
	for _, r := range u.Units {
		if r.ID == 0 && strings.TrimSpace(r.Name) == "" {
			return Errorf(EINVALID, "Il nome di un'unità è vuoto.")
		}
		key := UnitRef{ID: r.ID}
		if r.ID == 0 {
			key.Name = r.Name
		}
		if seen[key] {
			return Errorf(EINVALID, "L'unità «%s» è indicata due volte.", r.Name)
		}
		seen[key] = true
	}
	return nil
}

// Normalize puts a user as typed into its stored form: the sign-in name
// trimmed and in lower case, the full name and unit names trimmed with
// single spaces, the units sorted by name.
func (u *User) Normalize() {
	u.Name = NormalizeUserName(u.Name)
	u.FullName = strings.Join(strings.Fields(u.FullName), " ")
	u.Matricola = strings.TrimSpace(u.Matricola)
	if len(u.Units) == 0 {
		u.Units = nil
		return
	}
	units := make([]UnitRef, 0, len(u.Units))
	for _, r := range u.Units {
		units = append(units, UnitRef{r.ID, strings.Join(strings.Fields(r.Name), " ")})
	}
	slices.SortFunc(units, func(a, b UnitRef) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	u.Units = units
}

// ETOOMANY is the error code of a request refused because too many were
// made: sign-in attempts past the throttle.
const ETOOMANY = "too_many_requests"
