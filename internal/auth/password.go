package auth

import (
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode"
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
// It is made on first use: hashing costs ~45 ms and ~20 MB, which every
// command of the binary would otherwise pay at start.
var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("performa: nessun utente con questo nome")
	return h
})

// CheckPassword applies the password policy, with an Italian message: the
// length, not the user's name, and what NIST SP 800-63B asks to refuse
// (5.1.1.2): the passwords guessing tries first (commonPasswords), and
// repeated or sequential characters.
func CheckPassword(password, userName string) error {
	n := utf8.RuneCountInString(password)
	lower := strings.ToLower(password)
	switch {
	case n < MinPasswordLen:
		return domain.Errorf(domain.EINVALID, "La password deve avere almeno %d caratteri.", MinPasswordLen)
	case len(password) > MaxPasswordLen:
		return domain.Errorf(domain.EINVALID, "La password è troppo lunga (al massimo %d caratteri).", MaxPasswordLen)
	case userName != "" && strings.Contains(lower, strings.ToLower(userName)):
		return domain.Errorf(domain.EINVALID, "La password non deve contenere il nome utente.")
	case repeated(lower):
		return domain.Errorf(domain.EINVALID, "La password ripete sempre gli stessi caratteri (come «aaaa» o «abab»): è tra le prime che si provano. "+passphraseHint)
	case sequential(lower):
		return domain.Errorf(domain.EINVALID, "La password è una sequenza (come «12345», «abcde» o le lettere in fila sulla tastiera, «qwerty»): è tra le prime che si provano. "+passphraseHint)
	case common(lower):
		return domain.Errorf(domain.EINVALID, "La password è tra le più usate, o ne è una variante con qualche cifra o simbolo: è tra le prime che si provano. "+passphraseHint)
	case distinct(lower) < 5:
		return domain.Errorf(domain.EINVALID, "La password usa troppo pochi caratteri diversi. "+passphraseHint)
	}
	return nil
}

const passphraseHint = "Una frase di tre o quattro parole (per esempio «cavallo batteria graffetta») è facile da ricordare e difficile da indovinare."

//go:embed common_passwords.txt
var commonPasswordsText string

// commonPasswords are the passwords and words of common_passwords.txt.
var commonPasswords = func() map[string]bool {
	m := map[string]bool{}
	for _, l := range strings.Split(commonPasswordsText, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			m[l] = true
		}
	}
	return m
}()

// leet reads digits and symbols written for letters as those letters.
var leet = strings.NewReplacer("0", "o", "1", "i", "3", "e", "4", "a", "5", "s", "7", "t", "@", "a", "$", "s", "!", "i")

// common reports whether a lower-case password is a common one, or a
// common word (or the same twice) with digits and symbols around it, in
// leet or not: "password123", "P@ssw0rd!", "juventus1897", or digits in a
// row with a letter or two: "123456789a".
func common(p string) bool {
	notLetter := func(r rune) bool { return !unicode.IsLetter(r) }
	core := strings.TrimFunc(p, notLetter)
	for _, w := range []string{p, core, leet.Replace(core), strings.TrimFunc(leet.Replace(core), notLetter)} {
		if commonPasswords[w] {
			return true
		}
		if h := len(w) / 2; w != "" && len(w)%2 == 0 && w[:h] == w[h:] && commonPasswords[w[:h]] {
			return true
		}
	}
	letters := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) {
			return r
		}
		return -1
	}, p)
	rest := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) {
			return -1
		}
		return r
	}, p)
	return len([]rune(letters)) <= 2 && (len(rest) < 6 || sequential(rest) || repeated(rest))
}

// repeated reports whether p is one short run of characters over and
// over: "aaaaaaaaaa", "abababab", "123123123".
func repeated(p string) bool {
	r := []rune(p)
	for k := 1; k <= 3 && k < len(r); k++ {
		same := true
		for i := k; i < len(r) && same; i++ {
			same = r[i] == r[i-k]
		}
		if same {
			return true
		}
	}
	return false
}

// keyboardRows are runs of keys next to each other, as on Italian and
// English keyboards.
var keyboardRows = []string{"1234567890", "qwertyuiop", "asdfghjkl;", "zxcvbnm,.-", "qwertzuiop", "azertyuiop",
	"abcdefghijklmnopqrstuvwxyz"}

// sequential reports whether p is a run of consecutive characters, up or
// down, or of keys in a row.
func sequential(p string) bool {
	r := []rune(p)
	up, down := true, true
	for i := 1; i < len(r); i++ {
		up = up && r[i] == r[i-1]+1
		down = down && r[i] == r[i-1]-1
	}
	if up || down {
		return true
	}
	for _, row := range keyboardRows {
		if strings.Contains(row, p) || strings.Contains(reverse(row), p) {
			return true
		}
	}
	return false
}

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

// distinct counts the different characters of p.
func distinct(p string) int {
	seen := map[rune]bool{}
	for _, r := range p {
		seen[r] = true
	}
	return len(seen)
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
