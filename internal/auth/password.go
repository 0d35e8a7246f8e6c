package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/performa-pa/performa/internal/domain"
)

// Argon2id parameters: OWASP's first recommendation (19 MiB, 2 passes, 1
// lane), about 30 ms on one core. They are written into each hash, so that
// they can be raised later without invalidating stored passwords.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024 // KiB
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
)

// Password limits: long enough to resist guessing once the throttle is
// passed, short enough that hashing stays cheap.
const (
	MinPasswordLen = 10
	MaxPasswordLen = 256
)

// hashSlots bounds the hashes computed at once: each takes argonMemory, and
// a burst of sign-ins must not exhaust memory.
var hashSlots = make(chan struct{}, 4)

func argonKey(password, salt []byte, time, memory uint32, threads uint8, keyLen uint32) []byte {
	hashSlots <- struct{}{}
	defer func() { <-hashSlots }()
	return argon2.IDKey(password, salt, time, memory, threads, keyLen)
}

// HashPassword returns the argon2id hash of password in the PHC string
// format: $argon2id$v=19$m=19456,t=2,p=1$salt$key.
func HashPassword(password string) (string, error) {
	salt := make([]byte, argonSaltLen)
	rand.Read(salt)
	key := argonKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime,
		argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

var errBadHash = errors.New("auth: not an argon2id hash")

// VerifyPassword reports whether password matches hash, in constant time.
func VerifyPassword(hash, password string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errBadHash
	}
	var (
		memory, time uint32
		threads      uint8
	)
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &time, &threads); err != nil ||
		memory == 0 || memory > 1<<20 || time == 0 || time > 16 || threads == 0 {
		return false, errBadHash
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false, errBadHash
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) < 16 || len(want) > 64 {
		return false, errBadHash
	}
	got := argonKey([]byte(password), salt, time, memory, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// dummyHash is verified when a sign-in names no user, so that an unknown
// name takes as long as a wrong password and does not reveal who exists.
var dummyHash, _ = HashPassword("performa: nessun utente con questo nome")

// CheckPassword applies the password policy, with an Italian message.
func CheckPassword(password, userName string) error {
	n := utf8.RuneCountInString(password)
	switch {
	case n < MinPasswordLen:
		return domain.Errorf(domain.EINVALID, "La password deve avere almeno %d caratteri.", MinPasswordLen)
	case len(password) > MaxPasswordLen:
		return domain.Errorf(domain.EINVALID, "La password è troppo lunga (al massimo %d caratteri).", MaxPasswordLen)
	case userName != "" && strings.Contains(strings.ToLower(password), strings.ToLower(userName)):
		return domain.Errorf(domain.EINVALID, "La password non deve contenere il nome utente.")
	}
	return nil
}

// passwordAlphabet has no look-alike characters (0/O, 1/l/I).
const passwordAlphabet = "abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY34679"

// GeneratePassword returns a random one-time password of four groups of
// five characters (about 112 bits), easy to read aloud and to type.
func GeneratePassword() string {
	var b strings.Builder
	buf := make([]byte, 1)
	for i := 0; i < 20; i++ {
		if i > 0 && i%5 == 0 {
			b.WriteByte('-')
		}
		for {
			rand.Read(buf)
			// Rejection sampling keeps the choice uniform.
			if int(buf[0]) < 256-256%len(passwordAlphabet) {
				b.WriteByte(passwordAlphabet[int(buf[0])%len(passwordAlphabet)])
				break
			}
		}
	}
	return b.String()
}
