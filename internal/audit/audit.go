// Package audit makes the audit log tamper-evident. The entries of each
// organization form a hash chain: entry n carries the SHA-256 of entry n−1
// (PrevHash; "" for the first) and its own hash (Hash), computed over a
// canonical form of every stored column, PrevHash included (see Canonical
// and docs/registro.md). Changing, removing, inserting or reordering an
// entry breaks the chain from that entry on, and Verify names the first
// entry that breaks it.
//
// The chain is not a signature: whoever can write to the database can
// recompute it whole. What it gives is that nothing changes unnoticed by
// accident, by a tool that edits rows, or by someone who cannot rewrite
// every later entry; and the head (Report.Head), noted or published
// elsewhere, pins the log up to that point.
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
)

// Format names the canonical form; it leads every hashed text, so that a
// future form cannot be mistaken for this one.
const Format = "performa-audit-v1"

// TimeLayout is how the canonical form writes the time of an entry: UTC,
// microseconds, the precision both databases keep.
const TimeLayout = "2006-01-02T15:04:05.000000Z"

// Canonical is the text an entry's hash is computed over: Format and a line
// break, then each field as its length in bytes (decimal), a colon, the
// field and a line break. The fields, in order: organization id, sequence
// number, id, time (TimeLayout), actor, action, entity, entity id, before,
// after, previous hash. Numbers are written in decimal, texts as stored
// (UTF-8); the lengths make the form unambiguous whatever the texts hold.
func Canonical(e *domain.AuditEntry) []byte {
	fields := []string{
		strconv.FormatInt(e.OrganizationID, 10),
		strconv.FormatInt(e.Seq, 10),
		strconv.FormatInt(e.ID, 10),
		e.At.UTC().Format(TimeLayout),
		e.Actor, e.Action, e.Entity,
		strconv.FormatInt(e.EntityID, 10),
		e.Before, e.After, e.PrevHash,
	}
	n := len(Format) + 1
	for _, f := range fields {
		n += len(f) + 24
	}
	b := make([]byte, 0, n)
	b = append(b, Format...)
	b = append(b, '\n')
	for _, f := range fields {
		b = strconv.AppendInt(b, int64(len(f)), 10)
		b = append(b, ':')
		b = append(b, f...)
		b = append(b, '\n')
	}
	return b
}

// Hash is the hex SHA-256 of an entry's canonical form.
func Hash(e *domain.AuditEntry) string {
	sum := sha256.Sum256(Canonical(e))
	return hex.EncodeToString(sum[:])
}

// Seal completes a new entry that follows prev (nil: the first of its
// organization): its sequence number, the previous hash and its own hash.
// Its time is cut to microseconds first, as the databases keep it.
func Seal(e *domain.AuditEntry, prevSeq int64, prevHash string) {
	e.At = e.At.UTC().Truncate(time.Microsecond)
	e.Seq, e.PrevHash = prevSeq+1, prevHash
	e.Hash = Hash(e)
}

// Problem is how an entry breaks the chain.
type Problem int

const (
	// Altered: the entry's content does not give its hash.
	Altered Problem = iota + 1
	// Unlinked: the entry does not carry the hash of the entry before it
	// (an entry was removed, added or replaced before it).
	Unlinked
	// Gap: the sequence numbers jump or repeat.
	Gap
	// Head: the chain does not end where the organization's head (the
	// number and hash of the last entry written, kept apart) says: the
	// latest entries were removed, or entries were added from outside.
	Head
)

// Break is the first entry that breaks the chain.
type Break struct {
	Entry   domain.AuditEntry // for Head, the last entry read (zero when none)
	Problem Problem
	Want    int64 // the sequence number expected (Gap), or the head's (Head)
}

// Message says in Italian which entry breaks the chain and how: its
// number, date and time, what it records and who made it.
func (b *Break) Message() string { return b.Explain(Describe) }

// Explain is Message with the entry put in words by describe (the
// Registro's words, which name objects as people know them).
func (b *Break) Explain(describe func(*domain.AuditEntry) string) string {
	e := &b.Entry
	what := fmt.Sprintf("la voce n. %d del %s (%s)", e.Seq, italian.DateTime(e.At), describe(e))
	if b.Problem == Head {
		switch {
		case e.Seq == 0:
			return fmt.Sprintf("il registro è vuoto, ma ne risultano scritte %d voci: sono state tolte.", b.Want)
		case e.Seq < b.Want:
			return fmt.Sprintf("il registro finisce con %s, ma ne risultano scritte %d: le voci successive sono state tolte.", what, b.Want)
		case e.Seq > b.Want:
			return fmt.Sprintf("il registro finisce con %s, ma ne risultano scritte solo %d: le voci successive alla n. %d sono state aggiunte fuori da performa.", what, b.Want, b.Want)
		}
		return what + " non è l'ultima voce scritta da performa: è stata sostituita."
	}
	switch b.Problem {
	case Altered:
		return what + " è stata alterata dopo la scrittura: il suo contenuto non corrisponde più alla sua impronta."
	case Unlinked:
		return what + " non segue la voce precedente: una voce è stata tolta, aggiunta o sostituita prima di questa."
	}
	if e.Seq < b.Want {
		return fmt.Sprintf("%s ripete un numero già usato: ci si aspettava la voce n. %d.", what, b.Want)
	}
	return fmt.Sprintf("manca la voce n. %d: dopo la n. %d viene %s.", b.Want, b.Want-1, what)
}

// Report is the outcome of walking an organization's chain.
type Report struct {
	Entries int               // entries read
	Head    domain.AuditEntry // the last entry when the chain is intact
	Break   *Break            // the first entry that breaks it, nil when intact
}

// Chain is what Verify reads: the organization's entries in chain order
// (by sequence number), handed to fn one at a time, and its head, the
// sequence number and hash of the last entry written (0 and "" for none),
// read from the same snapshot.
type Chain interface {
	AuditChain(ctx context.Context, orgID int64, fn func(*domain.AuditEntry) error) (headSeq int64, headHash string, err error)
}

// Verify walks the chain of an organization and reports the first entry
// that breaks it.
func Verify(ctx context.Context, c Chain, orgID int64) (*Report, error) {
	r := &Report{}
	prevHash, want := "", int64(1)
	var last domain.AuditEntry
	headSeq, headHash, err := c.AuditChain(ctx, orgID, func(e *domain.AuditEntry) error {
		r.Entries++
		last = *e
		if r.Break != nil {
			return nil
		}
		switch {
		case e.Seq != want:
			r.Break = &Break{Entry: *e, Problem: Gap, Want: want}
		case e.PrevHash != prevHash:
			r.Break = &Break{Entry: *e, Problem: Unlinked}
		case Hash(e) != e.Hash:
			r.Break = &Break{Entry: *e, Problem: Altered}
		default:
			r.Head, prevHash, want = *e, e.Hash, want+1
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if r.Break == nil && (last.Seq != headSeq || last.Hash != headHash) {
		r.Break = &Break{Entry: last, Problem: Head, Want: headSeq}
	}
	return r, nil
}

// Describe says in Italian what an entry records and who made it:
// "modifica di obiettivo n. 123, di «admin»".
func Describe(e *domain.AuditEntry) string {
	s := ActionLabel(e.Action) + " di " + EntityLabel(e.Entity)
	if e.EntityID != 0 {
		s += " n. " + strconv.FormatInt(e.EntityID, 10)
	}
	return s + ", di «" + e.Actor + "»"
}

// securityActions are the actions of security events.
var securityActions = map[string]bool{"signin": true, "signin_failed": true, "lockout": true, "signout": true,
	"unlock": true, "password": true, "password_failed": true, "revoke": true}

// Security reports whether an entry is a security event: a sign-in, a
// failed one, a lockout or unlock, a sign-out, a password change, a token
// made or revoked.
func Security(e *domain.AuditEntry) bool {
	return securityActions[e.Action] || e.Entity == "api_token"
}

// ActionLabel is an entry's action in Italian.
func ActionLabel(a string) string {
	if l, ok := actionLabels[a]; ok {
		return l
	}
	return a
}

// EntityLabel is what an entry is about, in Italian.
func EntityLabel(e string) string {
	if l, ok := entityLabels[e]; ok {
		return l
	}
	return e
}

var actionLabels = map[string]string{
	"create": "creazione", "update": "modifica", "delete": "eliminazione", "import": "importazione",
	"approve": "approvazione", "variation": "variazione", "status": "cambio di stato",
	"signoff": "chiusura dell'anno", "carry": "misurazioni riportate", "password": "cambio della password",
	"signin": "accesso", "signin_failed": "accesso non riuscito", "lockout": "blocco degli accessi",
	"signout": "uscita", "unlock": "sblocco degli accessi", "revoke": "revoca",
	"password_failed": "password attuale sbagliata",
	"deliver":         "consegna", "acknowledge": "presa visione", "review": "richiesta di riesame", "finalize": "scheda definitiva",
	"rate": "valutazione", "assign": "assegnazione di chi valuta",
}

var entityLabels = map[string]string{
	"plan": "piano", "plan_version": "versione del piano", "cycle": "ciclo", "objective": "obiettivo",
	"indicator": "indicatore", "measurement": "misurazione", "validation": "validazione", "user": "utente",
	"smvp": "SMVP", "behaviour_rating": "valutazione dei comportamenti", "api_token": "token API",
	"session": "sessione", "staff_register": "personale", "scheda": "scheda di valutazione",
}
