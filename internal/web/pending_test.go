package web

import (
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/domain"
)

// TestPendingBudgetPerOrganization: uploads waiting for confirmation are
// bounded per organization, so that one organization's administrator
// evicts only its own; when the whole server is full a new upload is
// refused, and nobody else's is dropped.
func TestPendingBudgetPerOrganization(t *testing.T) {
	ps := newPendingImports()
	t0 := time.Now()
	up := func(org int64, size int, age time.Duration) (*pendingImport, error) {
		p := &pendingImport{OrgID: org, UserID: 1, Data: make([]byte, size), Uploaded: t0.Add(-age)}
		_, err := ps.put(p)
		return p, err
	}
	b, err := up(2, 10<<20, 10*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	// Organization 1 uploads more than its share of files: its own oldest go.
	var first *pendingImport
	for i := range pendingPerOrg + 3 {
		p, err := up(1, 1<<20, time.Duration(pendingPerOrg+3-i)*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = p
		}
	}
	if _, err := ps.get(b.ID, 2, 1); err != nil {
		t.Fatalf("organization 2's upload was evicted: %v", err)
	}
	if _, err := ps.get(first.ID, 1, 1); err == nil {
		t.Error("organization 1's oldest upload was kept beyond its share")
	}
	if n := ps.count(1); n != pendingPerOrg {
		t.Errorf("organization 1 keeps %d uploads, want %d", n, pendingPerOrg)
	}
	// And more than its share of bytes.
	for range 3 {
		if _, err := up(1, pendingPerOrgSize/2, 0); err != nil {
			t.Fatal(err)
		}
	}
	if n := ps.bytes(1); n > pendingPerOrgSize {
		t.Errorf("organization 1 keeps %d bytes, more than %d", n, pendingPerOrgSize)
	}
	if _, err := ps.get(b.ID, 2, 1); err != nil {
		t.Fatalf("organization 2's upload was evicted: %v", err)
	}

	// Many organizations at once fill the server: the next is refused.
	full := newPendingImports()
	ps = full
	var refused error
	for org := int64(10); org < 10+pendingMaxSize/(pendingPerOrgSize/2)+2; org++ {
		if _, refused = up(org, pendingPerOrgSize/2, 0); refused != nil {
			break
		}
	}
	if domain.ErrorCode(refused) != domain.ETOOMANY {
		t.Fatalf("a full server took the upload: %v", refused)
	}
	if n := len(full.m); n == 0 || full.size() > pendingMaxSize {
		t.Errorf("%d uploads, %d bytes kept", n, full.size())
	}
	o := full.oldest()
	if _, err := full.get(o.ID, o.OrgID, 1); err != nil {
		t.Errorf("the refusal evicted another organization's upload: %v", err)
	}
}
