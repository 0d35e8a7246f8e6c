package identity_test

import (
	"testing"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/identity"
	"github.com/performa-pa/performa/internal/ingest"
	"github.com/performa-pa/performa/internal/seedtest"
)

func seed(t *testing.T) *domain.Plan {
	t.Helper()
	p, err := ingest.Parse(seedtest.File, seedtest.Bytes(t), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// stored gives every element of p an id and identity, as the store does.
func stored(p *domain.Plan) *domain.Plan {
	n := int64(1000)
	next := func() int64 { n++; return n }
	for _, u := range p.Units {
		u.ID = next()
		u.Identity = u.ID
		for _, o := range u.Objectives {
			o.ID, o.Revision = next(), 1
			o.Identity = o.ID
			for _, in := range o.Indicators {
				in.ID, in.Revision = next(), 1
				in.Identity = in.ID
			}
		}
	}
	return p
}

func TestSameFileMatchesAll(t *testing.T) {
	prev := stored(seed(t))
	next := seed(t)
	m := identity.Carry(prev, next, identity.SameDraft)
	if m.Units != (domain.MatchCount{Matched: 8}) || m.Objectives != (domain.MatchCount{Matched: 124}) || m.Indicators != (domain.MatchCount{Matched: 144}) {
		t.Fatalf("match: %+v", m)
	}
	for i, u := range next.Units {
		for j, o := range u.Objectives {
			if po := prev.Units[i].Objectives[j]; o.ID != po.ID || o.Identity != po.Identity || o.Revision != 2 {
				t.Fatalf("%s objective %d: %d/%d, want %d", u.Name, j+1, o.ID, o.Identity, po.ID)
			}
		}
	}
}

// Bertone's sheet codes six objectives "1": a retitled one and a swapped
// pair are told apart by title, then by code and position.
func TestRepeatedCodes(t *testing.T) {
	prev := stored(seed(t))
	next := seed(t)
	b := next.Units[4] // Area – arch. Bertone
	pb := prev.Units[4]
	b.Objectives[3].Title = "Titolo tutto nuovo" // code "1", fourth
	b.Objectives[4], b.Objectives[7] = b.Objectives[7], b.Objectives[4]
	m := identity.Carry(prev, next, identity.SameDraft)
	if m.Objectives != (domain.MatchCount{Matched: 124}) {
		t.Fatalf("match: %+v", m.Objectives)
	}
	if b.Objectives[3].ID != pb.Objectives[3].ID {
		t.Error("the retitled objective is another")
	}
	if b.Objectives[4].ID != pb.Objectives[7].ID || b.Objectives[7].ID != pb.Objectives[4].ID {
		t.Error("the swapped objectives were matched by position")
	}
}

// Elements that cannot be told apart are not guessed: two new objectives
// with the same code and no shared title stay new.
func TestAmbiguousStaysNew(t *testing.T) {
	prev := stored(&domain.Plan{Units: []*domain.Unit{{Name: "Area", Objectives: []*domain.Objective{
		{Code: "1", Title: "Alfa"}, {Code: "1", Title: "Beta"}}}}})
	next := &domain.Plan{Units: []*domain.Unit{{Name: "Area", Objectives: []*domain.Objective{
		{Code: "2", Title: "Gamma"}, {Code: "2", Title: "Delta"}, {Code: "1", Title: "Beta"}}}}}
	m := identity.Carry(prev, next, identity.SameDraft)
	os := next.Units[0].Objectives
	if m.Objectives != (domain.MatchCount{Matched: 1, Added: 2, Removed: 1}) || os[2].ID != prev.Units[0].Objectives[1].ID || os[0].ID != 0 || os[1].ID != 0 {
		t.Fatalf("match: %+v, ids %d %d %d", m.Objectives, os[0].ID, os[1].ID, os[2].ID)
	}
	if len(m.RemovedObjectives) != 1 || m.RemovedObjectives[0].Title != "Alfa" {
		t.Errorf("removed: %+v", m.RemovedObjectives)
	}
}

// Units: the exact name first; but for case only when one unit left on
// each side has it. "Area Finanziaria" and "AREA FINANZIARIA" stay two
// units: a file writing only "area finanziaria" continues neither.
func TestUnitNames(t *testing.T) {
	prev := stored(&domain.Plan{Units: []*domain.Unit{{Name: "Area Finanziaria"}, {Name: "AREA FINANZIARIA"}, {Name: "Area Tecnica"}}})
	next := &domain.Plan{Units: []*domain.Unit{{Name: "AREA FINANZIARIA"}, {Name: "area finanziaria"}, {Name: "AREA TECNICA"}}}
	m := identity.Carry(prev, next, identity.NextCycle)
	if next.Units[0].Identity != prev.Units[1].Identity || next.Units[1].Identity != prev.Units[0].Identity ||
		next.Units[2].Identity != prev.Units[2].Identity {
		t.Fatalf("identities: %d %d %d", next.Units[0].Identity, next.Units[1].Identity, next.Units[2].Identity)
	}
	if next.Units[0].ID != 0 || m.Units != (domain.MatchCount{Matched: 3}) {
		t.Errorf("next cycle: ids kept or counts %+v", m.Units)
	}
	prev = stored(&domain.Plan{Units: []*domain.Unit{{Name: "Area Finanziaria"}, {Name: "AREA FINANZIARIA"}}})
	next = &domain.Plan{Units: []*domain.Unit{{Name: "area finanziaria"}}}
	if m := identity.Carry(prev, next, identity.NextCycle); next.Units[0].Identity != 0 || m.Units != (domain.MatchCount{Added: 1, Removed: 2}) {
		t.Errorf("an ambiguous name matched: %d, %+v", next.Units[0].Identity, m.Units)
	}
}

// A plan exported by performa names its elements by id or identity: an
// element renamed beyond recognition is still itself; ids of elements
// performa does not hold are dropped.
func TestHints(t *testing.T) {
	prev := stored(&domain.Plan{Units: []*domain.Unit{{Name: "Area", Objectives: []*domain.Objective{{Code: "1", Title: "Alfa"}}}}})
	po := prev.Units[0].Objectives[0]
	next := &domain.Plan{Units: []*domain.Unit{{ID: prev.Units[0].ID, Name: "Area rinominata", Objectives: []*domain.Objective{
		{Identity: po.Identity, Code: "9", Title: "Omega"}, {ID: 424242, Code: "2", Title: "Nuovo"}}}}}
	identity.Carry(prev, next, identity.SameDraft)
	if u := next.Units[0]; u.ID != prev.Units[0].ID || u.Objectives[0].ID != po.ID || u.Objectives[1].ID != 0 {
		t.Fatalf("hints: unit %d, objectives %d %d", u.ID, u.Objectives[0].ID, u.Objectives[1].ID)
	}
}
