package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"
)

// Secrets are 32 random bytes, written as 64 hex digits. The store keeps
// their SHA-256 only: a fast hash is enough for a random 256-bit secret.
// The organization id travels with the secret so that the store finds the
// row by its full key (organization first, as everywhere), without a
// lookup across tenants.

func newSecret() string {
	b := make([]byte, 32)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// HashSecret is the hex SHA-256 of a secret, as stored.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

func validSecret(s string) bool {
	if len(s) != 64 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

// NewSessionToken returns a session cookie value "ORG.SECRET" and the hash
// the store keeps.
func NewSessionToken(orgID int64) (cookie, hash string) {
	secret := newSecret()
	return strconv.FormatInt(orgID, 10) + "." + secret, HashSecret(secret)
}

// ParseSessionToken splits a session cookie value into its organization
// and the hash of its secret.
func ParseSessionToken(cookie string) (orgID int64, hash string, ok bool) {
	org, secret, found := strings.Cut(cookie, ".")
	if !found || !validSecret(secret) {
		return 0, "", false
	}
	id, err := strconv.ParseInt(org, 10, 64)
	if err != nil || id <= 0 {
		return 0, "", false
	}
	return id, HashSecret(secret), true
}

// APITokenPrefix starts every API token, so that a leaked one is easy to
// recognize (and to search for in code).
const APITokenPrefix = "pfm_"

// NewAPIToken returns an API token "pfm_ORG_SECRET" and the hash the store
// keeps.
func NewAPIToken(orgID int64) (token, hash string) {
	secret := newSecret()
	return APITokenPrefix + strconv.FormatInt(orgID, 10) + "_" + secret, HashSecret(secret)
}

// ParseAPIToken splits an API token into its organization and the hash of
// its secret.
func ParseAPIToken(token string) (orgID int64, hash string, ok bool) {
	rest, found := strings.CutPrefix(token, APITokenPrefix)
	if !found {
		return 0, "", false
	}
	org, secret, found := strings.Cut(rest, "_")
	if !found || !validSecret(secret) {
		return 0, "", false
	}
	id, err := strconv.ParseInt(org, 10, 64)
	if err != nil || id <= 0 {
		return 0, "", false
	}
	return id, HashSecret(secret), true
}

// CSRFToken is the anti-forgery token of a session: an HMAC of a fixed text
// keyed by the session's secret cookie value. Only the browser holding the
// cookie (and the server) can compute it; nothing needs storing, and it
// changes with every session.
func CSRFToken(cookie string) string {
	m := hmac.New(sha256.New, []byte(cookie))
	m.Write([]byte("performa csrf v1"))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// ValidCSRF compares a submitted token with the session's, in constant time.
func ValidCSRF(cookie, submitted string) bool {
	if cookie == "" || submitted == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(CSRFToken(cookie)), []byte(submitted)) == 1
}
