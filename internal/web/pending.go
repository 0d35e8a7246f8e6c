package web

import (
	"crypto/rand"
	"encoding/hex"
	"sync"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/quality"
)

// An uploaded workbook waits here, in the server's memory, between the
// check report and the administrator's confirmation: nothing is stored
// before it. Each upload is keyed by a random id, belongs to the user who
// sent it, and is forgotten after pendingTTL, on confirmation or on
// cancellation. A restart forgets them all (the administrator uploads
// again); several performa processes behind one address would need sticky
// sessions for this page.
//
// Each organization has its own share: past it, its own oldest uploads are
// dropped, never another organization's. When the whole server is full, a
// new upload is refused instead (ETOOMANY), and the others stay.
const (
	pendingTTL        = 30 * time.Minute
	pendingPerOrg     = 4         // uploads an organization keeps at once
	pendingPerOrgSize = 128 << 20 // bytes an organization keeps at once: two of the largest workbooks
	pendingMax        = 256       // uploads kept at once, in all
	pendingMaxSize    = 768 << 20 // bytes kept at once, in all
)

type pendingImport struct {
	ID     string
	OrgID  int64
	UserID int64
	Name   string // file name as uploaded
	Data   []byte
	// FirstYear is the plan's first year given with the upload, for
	// targets relative to it (0: from the file).
	FirstYear int
	Plan      *domain.Plan // as read, for the report
	Quality   quality.Report
	Uploaded  time.Time
}

// Expires is when the upload is forgotten.
func (p *pendingImport) Expires() time.Time { return p.Uploaded.Add(pendingTTL) }

type pendingImports struct {
	mu sync.Mutex
	m  map[string]*pendingImport
}

func newPendingImports() *pendingImports { return &pendingImports{m: map[string]*pendingImport{}} }

// put keeps an upload and returns its id, first dropping the oldest
// uploads of its organization beyond the organization's share; ETOOMANY
// when the server holds all it may.
func (ps *pendingImports) put(p *pendingImport) (string, error) {
	var b [16]byte
	rand.Read(b[:])
	p.ID = hex.EncodeToString(b[:])
	ps.mu.Lock()
	defer ps.mu.Unlock()
	ps.sweep(time.Now())
	for ps.count(p.OrgID) >= pendingPerOrg || ps.count(p.OrgID) > 0 && ps.bytes(p.OrgID)+len(p.Data) > pendingPerOrgSize {
		ps.dropOldestOf(p.OrgID)
	}
	if len(ps.m) >= pendingMax || ps.size()+len(p.Data) > pendingMaxSize {
		return "", domain.Errorf(domain.ETOOMANY,
			"Il server tiene già troppi file in attesa di conferma, di altri enti: riprova tra qualche minuto (un file in attesa è scartato dopo %d minuti).",
			int(pendingTTL.Minutes()))
	}
	ps.m[p.ID] = p
	return p.ID, nil
}

// get finds an upload of the user (ENOTFOUND when unknown, expired or
// someone else's).
func (ps *pendingImports) get(id string, orgID, userID int64) (*pendingImport, error) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	ps.sweep(time.Now())
	p, ok := ps.m[id]
	if !ok || p.OrgID != orgID || p.UserID != userID {
		return nil, domain.Errorf(domain.ENOTFOUND,
			"Il file caricato non è più disponibile (dopo %d minuti viene scartato): caricalo di nuovo.", int(pendingTTL.Minutes()))
	}
	return p, nil
}

// drop forgets an upload.
func (ps *pendingImports) drop(id string) {
	ps.mu.Lock()
	delete(ps.m, id)
	ps.mu.Unlock()
}

func (ps *pendingImports) sweep(now time.Time) {
	for id, p := range ps.m {
		if now.After(p.Expires()) {
			delete(ps.m, id)
		}
	}
}

func (ps *pendingImports) size() int {
	n := 0
	for _, p := range ps.m {
		n += len(p.Data)
	}
	return n
}

// count and bytes are what an organization keeps.
func (ps *pendingImports) count(orgID int64) int {
	n := 0
	for _, p := range ps.m {
		if p.OrgID == orgID {
			n++
		}
	}
	return n
}

func (ps *pendingImports) bytes(orgID int64) int {
	n := 0
	for _, p := range ps.m {
		if p.OrgID == orgID {
			n += len(p.Data)
		}
	}
	return n
}

// oldest is the oldest upload of all, nil when none.
func (ps *pendingImports) oldest() *pendingImport {
	var oldest *pendingImport
	for _, p := range ps.m {
		if oldest == nil || p.Uploaded.Before(oldest.Uploaded) {
			oldest = p
		}
	}
	return oldest
}

func (ps *pendingImports) dropOldestOf(orgID int64) {
	var oldest *pendingImport
	for _, p := range ps.m {
		if p.OrgID == orgID && (oldest == nil || p.Uploaded.Before(oldest.Uploaded)) {
			oldest = p
		}
	}
	if oldest != nil {
		delete(ps.m, oldest.ID)
	}
}
