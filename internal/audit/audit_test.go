package audit_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/audit"
	"github.com/performa-pa/performa/internal/domain"
)

var update = flag.Bool("update", false, "rewrite the golden file")

// entry is an entry as the store would write it.
func entry(id int64, at time.Time, actor, action, entity string, before, after string) *domain.AuditEntry {
	return &domain.AuditEntry{ID: id, OrganizationID: 4242, At: at, Actor: actor, Action: action,
		Entity: entity, EntityID: id * 10, Before: before, After: after}
}

// chain seals the entries one after the other.
func chain(es ...*domain.AuditEntry) []*domain.AuditEntry {
	var seq int64
	prev := ""
	for _, e := range es {
		audit.Seal(e, seq, prev)
		seq, prev = e.Seq, e.Hash
	}
	return es
}

// memChain is a chain in memory whose head is its last entry as sealed.
type memChain struct {
	entries []*domain.AuditEntry
	seq     int64
	hash    string
}

func mem(es []*domain.AuditEntry) memChain {
	m := memChain{entries: es}
	if len(es) > 0 {
		m.seq, m.hash = es[len(es)-1].Seq, es[len(es)-1].Hash
	}
	return m
}

func (m memChain) AuditChain(_ context.Context, _ int64, fn func(*domain.AuditEntry) error) (int64, string, error) {
	for _, e := range m.entries {
		c := *e
		if err := fn(&c); err != nil {
			return 0, "", err
		}
	}
	return m.seq, m.hash, nil
}

var t0 = time.Date(2026, 12, 2, 16, 8, 53, 123456789, time.UTC)

func sample() []*domain.AuditEntry {
	return chain(
		entry(1, t0, "admin", "import", "plan", "", `{"units":8,"objectives":124}`),
		entry(2, t0.Add(time.Minute), "responsabile", "update", "objective",
			`{"title":"Riduzione dei tempi"}`, "{\"title\":\"Riduzione\\n dei tempi\"}"),
		entry(3, t0.Add(time.Hour), "nucleo", "signoff", "cycle", "", `{"year":2022}`),
		entry(4, t0.Add(2*time.Hour), "admin", "create", "user", "", `{"name":"lettore"}`),
	)
}

// TestCanonicalGolden pins the canonical form and the hashes: changing
// either makes every stored chain unverifiable, so it must not happen by
// accident (docs/registro.md describes the form).
func TestCanonicalGolden(t *testing.T) {
	var b strings.Builder
	for _, e := range sample() {
		b.Write(audit.Canonical(e))
		b.WriteString("=> " + e.Hash + "\n\n")
	}
	path := filepath.Join("testdata", "canonical.golden")
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Errorf("canonical form changed:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestSeal(t *testing.T) {
	es := sample()
	if es[0].Seq != 1 || es[0].PrevHash != "" || es[3].Seq != 4 || es[3].PrevHash != es[2].Hash {
		t.Errorf("chain: %+v", es)
	}
	if es[0].At.Nanosecond() != 123456000 {
		t.Errorf("time not cut to microseconds: %v", es[0].At)
	}
	// Every field counts.
	base := audit.Hash(es[1])
	for name, change := range map[string]func(e *domain.AuditEntry){
		"org":      func(e *domain.AuditEntry) { e.OrganizationID++ },
		"seq":      func(e *domain.AuditEntry) { e.Seq++ },
		"id":       func(e *domain.AuditEntry) { e.ID++ },
		"at":       func(e *domain.AuditEntry) { e.At = e.At.Add(time.Microsecond) },
		"actor":    func(e *domain.AuditEntry) { e.Actor = "intruso" },
		"action":   func(e *domain.AuditEntry) { e.Action = "delete" },
		"entity":   func(e *domain.AuditEntry) { e.Entity = "indicator" },
		"entityID": func(e *domain.AuditEntry) { e.EntityID++ },
		"before":   func(e *domain.AuditEntry) { e.Before += " " },
		"after":    func(e *domain.AuditEntry) { e.After = "" },
		"prev":     func(e *domain.AuditEntry) { e.PrevHash = "" },
		// Moving bytes from one field to the next changes the hash too.
		"shift": func(e *domain.AuditEntry) { e.Actor, e.Action = "responsabileu", "pdate" },
	} {
		c := *es[1]
		change(&c)
		if audit.Hash(&c) == base {
			t.Errorf("changing %s leaves the hash as it was", name)
		}
	}
}

func TestVerify(t *testing.T) {
	ctx := context.Background()
	r, err := audit.Verify(ctx, mem(sample()), 4242)
	if err != nil || r.Break != nil || r.Entries != 4 || r.Head.Seq != 4 {
		t.Fatalf("intact chain: %+v %v", r, err)
	}
	if r, _ := audit.Verify(ctx, mem(nil), 4242); r.Break != nil || r.Entries != 0 {
		t.Errorf("empty chain: %+v", r)
	}
	// The head, kept apart, tells that the latest entries went.
	es := sample()
	m := mem(es)
	m.entries = es[:2]
	r, _ = audit.Verify(ctx, m, 4242)
	if r.Break == nil || r.Break.Problem != audit.Head || !strings.Contains(r.Break.Message(),
		"il registro finisce con la voce n. 2 del 02/12/2026 17:09:53 (modifica di obiettivo n. 20, di «responsabile»), ma ne risultano scritte 4: le voci successive sono state tolte.") {
		t.Errorf("truncated chain: %+v", r.Break)
	}
	m.entries = nil
	if r, _ = audit.Verify(ctx, m, 4242); r.Break == nil || r.Break.Message() != "il registro è vuoto, ma ne risultano scritte 4 voci: sono state tolte." {
		t.Errorf("emptied chain: %+v", r.Break)
	}
	m = mem(sample())
	m.seq, m.hash = 3, m.entries[2].Hash
	if r, _ = audit.Verify(ctx, m, 4242); r.Break == nil || !strings.Contains(r.Break.Message(), "sono state aggiunte fuori da performa") {
		t.Errorf("entry added from outside: %+v", r.Break)
	}
	cases := []struct {
		name   string
		tamper func([]*domain.AuditEntry) []*domain.AuditEntry
		seq    int64
		msg    string
	}{
		{"actor rewritten", func(es []*domain.AuditEntry) []*domain.AuditEntry {
			es[2].Actor = "intruso"
			return es
		}, 3, "la voce n. 3 del 02/12/2026 18:08:53 (chiusura dell'anno di ciclo n. 30, di «intruso») è stata alterata dopo la scrittura"},
		{"entry replaced and resealed", func(es []*domain.AuditEntry) []*domain.AuditEntry {
			es[1].After = `{"title":"altro"}`
			es[1].PrevHash = "0000"
			es[1].Hash = audit.Hash(es[1])
			return es
		}, 2, "la voce n. 2 del 02/12/2026 17:09:53 (modifica di obiettivo n. 20, di «responsabile») non segue la voce precedente"},
		{"entry removed", func(es []*domain.AuditEntry) []*domain.AuditEntry {
			return append(es[:1], es[2:]...)
		}, 3, "manca la voce n. 2: dopo la n. 1 viene la voce n. 3 del 02/12/2026 18:08:53"},
		{"entry repeated", func(es []*domain.AuditEntry) []*domain.AuditEntry {
			return append(es[:2], es[1:]...)
		}, 2, "ripete un numero già usato: ci si aspettava la voce n. 3"},
		{"whole chain resealed but one", func(es []*domain.AuditEntry) []*domain.AuditEntry {
			es[0].Actor = "intruso"
			es[0].Hash = audit.Hash(es[0])
			return es
		}, 2, "la voce n. 2 del 02/12/2026 17:09:53 (modifica di obiettivo n. 20, di «responsabile») non segue la voce precedente"},
	}
	for _, tc := range cases {
		r, err := audit.Verify(ctx, mem(tc.tamper(sample())), 4242)
		if err != nil {
			t.Fatal(err)
		}
		if r.Break == nil {
			t.Errorf("%s: not noticed", tc.name)
			continue
		}
		if r.Break.Entry.Seq != tc.seq || !strings.Contains(r.Break.Message(), tc.msg) {
			t.Errorf("%s: entry %d, %q\nwant entry %d, %q", tc.name, r.Break.Entry.Seq, r.Break.Message(), tc.seq, tc.msg)
		}
	}
}
