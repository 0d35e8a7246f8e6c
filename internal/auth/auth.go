// Package auth signs people and programs in: passwords hashed with
// argon2id, server-side sessions and API tokens whose secrets are stored
// hashed, anti-forgery tokens, and a throttle on failed sign-ins. What a
// signed-in person may do is decided elsewhere (internal/web's route table):
// this package says who is asking.
package auth

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/performa-pa/performa/internal/domain"
)

// Store is what sign-in needs of the store.
type Store interface {
	domain.UserStore
	Organizations(ctx context.Context) ([]domain.Organization, error)
}

// Defaults of a Service.
const (
	// SessionIdle ends a session unused for this long: a morning's break
	// in data entry does not lose the session.
	SessionIdle = 4 * time.Hour
	// SessionMax ends any session this long after sign-in: one working day.
	SessionMax = 12 * time.Hour
	// touchEvery is how stale a session's or token's last use may get
	// before it is written again: a write per request would serialize
	// reads behind SQLite's single writer.
	touchEvery = 5 * time.Minute

	userFailures = 5  // failed sign-ins per user and window: then the user is locked out
	ipFailures   = 30 // per address: then it is slowed down (an office shares one behind NAT)
	failWindow   = 15 * time.Minute
	// AddressSlowdown is how often an address past ipFailures may try:
	// a colleague behind the same NAT waits seconds, not a quarter of an
	// hour, and a guesser gets a dozen tries a minute.
	AddressSlowdown = 5 * time.Second
)

// Principal is who a request comes from: a user, signed in through a
// session (Session and Cookie set) or an API token (Token set).
type Principal struct {
	User    *domain.User
	Session *domain.Session
	Cookie  string // the session cookie's value: keys the CSRF token
	Token   *domain.APIToken
	// RevokedTokens is how many API tokens a password change revoked.
	RevokedTokens int
}

// CSRF is the anti-forgery token the session's forms carry ("" for API
// tokens, which need none: browsers never send them by themselves).
func (p *Principal) CSRF() string {
	if p == nil || p.Cookie == "" {
		return ""
	}
	return CSRFToken(p.Cookie)
}

// Service signs users in and recognizes them afterwards.
type Service struct {
	Store        Store
	Idle, Max    time.Duration
	Now          func() time.Time
	userThrottle *Throttle // sign-ins per user: a lockout
	ipThrottle   *Throttle // sign-ins per address: a slowdown
	pwThrottle   *Throttle // current-password checks of a password change, per user
}

// New returns a Service with the default durations and throttles.
func New(store Store) *Service {
	s := &Service{
		Store:        store,
		Idle:         SessionIdle,
		Max:          SessionMax,
		Now:          time.Now,
		userThrottle: NewThrottle(userFailures, failWindow),
		ipThrottle:   NewSlowdown(ipFailures, failWindow, AddressSlowdown),
		pwThrottle:   NewThrottle(userFailures, failWindow),
	}
	for _, t := range []*Throttle{s.userThrottle, s.ipThrottle, s.pwThrottle} {
		t.now = func() time.Time { return s.Now() }
	}
	return s
}

var errBadCredentials = domain.Errorf(domain.EUNAUTHORIZED, "Nome utente o password non corretti.")

func errNotSignedIn() error {
	return domain.Errorf(domain.EUNAUTHORIZED, "Accedi per continuare.")
}

func throttled(left time.Duration) error {
	m := int((left + time.Minute - 1) / time.Minute)
	unit := "minuti"
	if m == 1 {
		unit = "minuto"
	}
	return domain.Errorf(domain.ETOOMANY,
		"Troppi tentativi di accesso non riusciti. Riprova tra %d %s.", m, unit)
}

func throttledAddress(left time.Duration) error {
	return domain.Errorf(domain.ETOOMANY,
		"Troppi tentativi di accesso non riusciti da questo indirizzo: riprova tra %d secondi.", int(left.Seconds()+0.999))
}

// SignIn checks name and password in the organization and opens a session,
// returning the principal and the cookie value to set. Wrong credentials
// give EUNAUTHORIZED with the same message whether the user exists or not
// (and in the same time); too many failures, ETOOMANY: for the user, until
// the window ends or an administrator unlocks it (Unlock); for the
// address, a few seconds between tries. Every outcome is in the audit log.
func (s *Service) SignIn(ctx context.Context, orgID int64, name, password, ip, userAgent string) (*Principal, string, error) {
	name = domain.NormalizeUserName(name)
	userKey, ipKey := s.userKey(orgID, name), "ip:"+ip
	if blocked, left := s.ipThrottle.Blocked(ipKey); blocked {
		return nil, "", throttledAddress(left)
	}
	if blocked, left := s.userThrottle.Blocked(userKey); blocked && !s.unlocked(ctx, orgID, name, userKey) {
		return nil, "", throttled(left)
	}
	detail := map[string]string{"ip": ip, "user_agent": truncate(userAgent, 200)}
	fail := func(u *domain.User, reason string) {
		s.userThrottle.Fail(userKey)
		s.ipThrottle.Fail(ipKey)
		var id int64
		if u != nil {
			id = u.ID
		}
		detail["name"], detail["reason"] = truncate(name, 100), reason
		s.Store.RecordSecurity(ctx, orgID, id, actorName(name), "signin_failed", detail)
		if blocked, left := s.userThrottle.Blocked(userKey); blocked {
			s.Store.RecordSecurity(ctx, orgID, id, actorName(name), "lockout",
				map[string]string{"ip": ip, "until": s.Now().Add(left).UTC().Format(time.RFC3339)})
		}
	}
	if name == "" || password == "" || len(password) > MaxPasswordLen {
		fail(nil, "nome o password mancanti o troppo lunghi")
		return nil, "", errBadCredentials
	}
	u, err := s.Store.UserByName(ctx, orgID, name)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		VerifyPassword(dummyHash(), password)
		fail(nil, "utente sconosciuto")
		return nil, "", errBadCredentials
	} else if err != nil {
		return nil, "", err
	}
	if ok, err := VerifyPassword(u.PasswordHash, password); err != nil {
		return nil, "", fmt.Errorf("auth: password of %s: %w", u.Name, err)
	} else if !ok {
		fail(u, "password sbagliata")
		return nil, "", errBadCredentials
	}
	if u.Disabled {
		detail["reason"] = "utente disattivato"
		s.Store.RecordSecurity(ctx, orgID, u.ID, u.Name, "signin_failed", detail)
		return nil, "", domain.Errorf(domain.EFORBIDDEN, "Il tuo utente è disattivato: rivolgiti all'amministratore.")
	}
	s.userThrottle.Reset(userKey)
	p, cookie, err := s.openSession(ctx, u, ip, userAgent)
	if err != nil {
		return nil, "", err
	}
	if err := s.Store.RecordSecurity(ctx, orgID, u.ID, u.Name, "signin", detail); err != nil {
		return nil, "", err
	}
	return p, cookie, nil
}

func (s *Service) userKey(orgID int64, name string) string {
	return fmt.Sprintf("u:%d:%s", orgID, name)
}

// actorName is who a failed sign-in is recorded as: the name typed.
func actorName(name string) string {
	if name == "" {
		return "?"
	}
	return truncate(name, 100)
}

// unlocked reports whether an administrator unlocked the user after its
// failures were counted (perhaps from another process: the store says
// when), and if so forgets them.
func (s *Service) unlocked(ctx context.Context, orgID int64, name, key string) bool {
	u, err := s.Store.UserByName(ctx, orgID, name)
	if err != nil {
		return false
	}
	at, err := s.Store.SigninResetAt(ctx, orgID, u.ID)
	if err != nil || at.IsZero() {
		return false
	}
	s.userThrottle.ResetBefore(key, at)
	blocked, _ := s.userThrottle.Blocked(key)
	return !blocked
}

// Locked reports whether u is locked out of signing in (in this process),
// and for how long still.
func (s *Service) Locked(u *domain.User) (bool, time.Duration) {
	return s.userThrottle.Blocked(s.userKey(u.OrganizationID, u.Name))
}

// Unlock lets u sign in again at once, and try its current password
// again: the administrator's answer to a lockout. It is recorded in the
// store, so that a server in another process sees it too.
func (s *Service) Unlock(ctx context.Context, u *domain.User, actor string) error {
	if err := s.Store.UnlockUser(ctx, u.OrganizationID, u.ID, actor); err != nil {
		return err
	}
	s.userThrottle.Reset(s.userKey(u.OrganizationID, u.Name))
	s.pwThrottle.Reset(s.userKey(u.OrganizationID, u.Name))
	return nil
}

func (s *Service) openSession(ctx context.Context, u *domain.User, ip, userAgent string) (*Principal, string, error) {
	cookie, hash := NewSessionToken(u.OrganizationID)
	now := s.Now()
	sess := &domain.Session{
		OrganizationID: u.OrganizationID,
		TokenHash:      hash,
		UserID:         u.ID,
		CreatedAt:      now,
		LastSeenAt:     now,
		ExpiresAt:      now.Add(s.Max),
		IP:             ip,
		UserAgent:      truncate(userAgent, 300),
	}
	if err := s.Store.CreateSession(ctx, sess); err != nil {
		return nil, "", err
	}
	return &Principal{User: u, Session: sess, Cookie: cookie}, cookie, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}

// Session recognizes a session cookie: EUNAUTHORIZED when it is malformed,
// unknown, expired, idle too long or its user is disabled. An expired
// session is deleted.
func (s *Service) Session(ctx context.Context, cookie string) (*Principal, error) {
	orgID, hash, ok := ParseSessionToken(cookie)
	if !ok {
		return nil, errNotSignedIn()
	}
	sess, u, err := s.Store.Session(ctx, orgID, hash)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return nil, errNotSignedIn()
	} else if err != nil {
		return nil, err
	}
	now := s.Now()
	if !now.Before(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) >= s.Idle || u.Disabled {
		if err := s.Store.DeleteSession(ctx, orgID, hash); err != nil {
			return nil, err
		}
		return nil, domain.Errorf(domain.EUNAUTHORIZED, "La sessione è scaduta: accedi di nuovo.")
	}
	if now.Sub(sess.LastSeenAt) >= touchEvery {
		if err := s.Store.TouchSession(ctx, orgID, hash, now); err != nil {
			return nil, err
		}
		sess.LastSeenAt = now
	}
	return &Principal{User: u, Session: sess, Cookie: cookie}, nil
}

// SignOut ends the principal's session.
func (s *Service) SignOut(ctx context.Context, p *Principal) error {
	if p == nil || p.Session == nil {
		return nil
	}
	if err := s.Store.DeleteSession(ctx, p.Session.OrganizationID, p.Session.TokenHash); err != nil {
		return err
	}
	return s.Store.RecordSecurity(ctx, p.Session.OrganizationID, p.User.ID, p.User.Name, "signout", nil)
}

// Token recognizes an API token (the value after "Bearer "):
// EUNAUTHORIZED when it is malformed, unknown, expired or its user is
// disabled.
func (s *Service) Token(ctx context.Context, token string) (*Principal, error) {
	bad := domain.Errorf(domain.EUNAUTHORIZED, "Token non valido.")
	orgID, hash, ok := ParseAPIToken(token)
	if !ok {
		return nil, bad
	}
	t, u, err := s.Store.APIToken(ctx, orgID, hash)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return nil, bad
	} else if err != nil {
		return nil, err
	}
	now := s.Now()
	if t.ExpiresAt != nil && !now.Before(*t.ExpiresAt) || u.Disabled {
		return nil, bad
	}
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) >= touchEvery {
		if err := s.Store.TouchAPIToken(ctx, orgID, t.ID, now); err != nil {
			return nil, err
		}
		t.LastUsedAt = &now
	}
	return &Principal{User: u, Token: t}, nil
}

// CreateToken makes an API token for u and returns it: it is shown once,
// only its hash is kept.
func (s *Service) CreateToken(ctx context.Context, u *domain.User, label, actor string) (string, *domain.APIToken, error) {
	token, hash := NewAPIToken(u.OrganizationID)
	t := &domain.APIToken{OrganizationID: u.OrganizationID, UserID: u.ID, Label: strings.TrimSpace(label), TokenHash: hash}
	if err := s.Store.CreateAPIToken(ctx, t, actor); err != nil {
		return "", nil, err
	}
	return token, t, nil
}

// CreateUser stores u with password, which must follow the policy; with
// oneTime, the user must change it at the first sign-in.
func (s *Service) CreateUser(ctx context.Context, u *domain.User, password string, oneTime bool, actor string) error {
	u.Normalize()
	if err := u.Validate(); err != nil {
		return err
	}
	if err := CheckPassword(password, u.Name); err != nil {
		return err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	u.PasswordHash, u.MustChangePassword = hash, oneTime
	return s.Store.CreateUser(ctx, u, actor)
}

// SetPassword replaces u's password, signing it out everywhere and
// revoking its API tokens (it returns how many); with oneTime, the user
// must change it at the next sign-in.
func (s *Service) SetPassword(ctx context.Context, u *domain.User, password string, oneTime bool, actor string) (int, error) {
	if err := CheckPassword(password, u.Name); err != nil {
		return 0, err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return 0, err
	}
	n, err := s.Store.SetPassword(ctx, u.OrganizationID, u.ID, hash, oneTime, actor)
	if err != nil {
		return 0, err
	}
	u.PasswordHash, u.MustChangePassword = hash, oneTime
	return n, nil
}

// ChangePassword is a signed-in user changing their own password: the
// current one is asked again, throttled like a sign-in (whoever found an
// open session must not try passwords on it at will). Every session of the
// user ends and its API tokens are revoked (RevokedTokens says how many),
// and a new session is opened for this browser: its cookie is returned.
func (s *Service) ChangePassword(ctx context.Context, p *Principal, current, next, ip, userAgent string) (*Principal, string, error) {
	u := p.User
	key := s.userKey(u.OrganizationID, u.Name)
	if blocked, left := s.pwThrottle.Blocked(key); blocked {
		return nil, "", domain.Errorf(domain.ETOOMANY,
			"Troppi tentativi con una password attuale sbagliata. Riprova tra %d minuti, o chiedi all'amministratore di sbloccarti.",
			int((left+time.Minute-1)/time.Minute))
	}
	ok, err := VerifyPassword(u.PasswordHash, current)
	if err != nil {
		return nil, "", fmt.Errorf("auth: password of %s: %w", u.Name, err)
	} else if !ok {
		s.pwThrottle.Fail(key)
		s.Store.RecordSecurity(ctx, u.OrganizationID, u.ID, u.Name, "password_failed", map[string]string{"ip": ip})
		return nil, "", domain.Errorf(domain.EINVALID, "La password attuale non è corretta.")
	}
	if next == current {
		return nil, "", domain.Errorf(domain.EINVALID, "La nuova password deve essere diversa da quella attuale.")
	}
	revoked, err := s.SetPassword(ctx, u, next, false, u.Name)
	if err != nil {
		return nil, "", err
	}
	s.pwThrottle.Reset(key)
	np, cookie, err := s.openSession(ctx, u, ip, userAgent)
	if err != nil {
		return nil, "", err
	}
	np.RevokedTokens = revoked
	return np, cookie, nil
}

// DefaultOrganization names the organization the first start creates when
// the store has none and no name was given.
const DefaultOrganization = "Il mio ente"

// FirstAdmin is the administrator made at the first start.
type FirstAdmin struct {
	User         *domain.User
	Organization *domain.Organization
	Password     string // one-time: to be changed at the first sign-in
}

// Bootstrap makes the first administrator, "admin" with a one-time
// password, when the store has no user at all; otherwise it returns nil.
// The administrator belongs to the organization named orgName (created
// when missing), else to the only one stored, else to a new one named
// DefaultOrganization. With several organizations and no name it fails.
func (s *Service) Bootstrap(ctx context.Context, orgName string) (*FirstAdmin, error) {
	n, err := s.Store.CountUsers(ctx)
	if err != nil || n > 0 {
		return nil, err
	}
	if orgName == "" {
		orgs, err := s.Store.Organizations(ctx)
		if err != nil {
			return nil, err
		}
		switch len(orgs) {
		case 0:
			orgName = DefaultOrganization
		case 1:
			orgName = orgs[0].Name
		default:
			return nil, domain.Errorf(domain.EINVALID,
				"L'archivio contiene %d enti: indica con --organization a quale appartiene il primo amministratore.", len(orgs))
		}
	}
	org, _, err := s.Store.EnsureOrganization(ctx, orgName)
	if err != nil {
		return nil, err
	}
	password := GeneratePassword()
	u := &domain.User{OrganizationID: org.ID, Name: "admin", FullName: "Amministratore", Role: domain.RoleAdmin}
	if err := s.CreateUser(ctx, u, password, true, "performa"); err != nil {
		return nil, err
	}
	return &FirstAdmin{User: u, Organization: org, Password: password}, nil
}

// Manages reports whether u manages the unit of that identity
// (domain.Unit.Identity): units are matched by identity, never by name,
// so that "Area Finanziaria" and a different unit written "AREA
// FINANZIARIA" stay apart.
func Manages(u *domain.User, unitIdentity int64) bool { return u.Manages(unitIdentity) }
