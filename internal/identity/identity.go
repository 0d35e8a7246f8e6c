// Package identity decides which elements of a plan being imported
// continue the elements of a stored plan: the same unit, objective or
// indicator keeps its identity (and, when the import replaces a draft, its
// id, so that bookmarks and the history of the element survive). Elements
// are matched by the keys a person would recognise them by, strongest
// first: unit by name; objective by code and title, title, code and
// position, code; indicator by description, then position. A key shared by
// several elements pairs them in order only when both plans have the same
// number of them; otherwise they are left unmatched rather than guessed.
package identity

import (
	"strconv"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/textnorm"
)

// Mode says what the imported plan inherits from the stored one.
type Mode int

const (
	// SameDraft: the imported plan replaces the stored draft. Matched
	// units, objectives and indicators take the stored ids and identities;
	// the others get new ones.
	SameDraft Mode = iota
	// NextCycle: the imported plan starts a cycle after the stored one's.
	// Matched units keep their identity (their managers keep them); ids
	// and the objectives are all new.
	NextCycle
)

// Carry matches next (being imported) against prev (stored) and writes into
// next the ids and identities it inherits; every other id and identity of
// next is cleared, to be assigned when stored. A matched objective or
// indicator gets a revision past the stored one's, so that an edit made
// from a copy read before the import is refused as stale. Ids next already holds (a
// JSON plan exported by performa) are hints: an element whose id is the id
// or the identity of an element of prev continues it (so does one holding
// the same identity). prev may be nil.
func Carry(prev, next *domain.Plan, mode Mode) domain.ImportMatch {
	var m domain.ImportMatch
	number(next) // positions as the store will write them
	hints := hintsOf(prev)
	pu := units(prev)
	mu := pair(pu, next.Units, []key[*domain.Unit]{
		{func(u *domain.Unit) string { return strconv.FormatInt(u.Identity, 10) }, func(u *domain.Unit) string { return hint(hints, u.ID, u.Identity) }, false},
		{unitName, unitName, false},
		{unitNorm, unitNorm, true},
		{unitKind, unitKind, true},
	})
	for j, u := range next.Units {
		i := mu[j]
		u.ID, u.Identity = 0, 0
		if i < 0 {
			m.Units.Added++
			m.AddedUnits = append(m.AddedUnits, u.Name)
			for _, o := range u.Objectives {
				clearObjective(o)
				if mode == SameDraft {
					m.Objectives.Added++
					m.Indicators.Added += len(o.Indicators)
					m.AddedObjectives = append(m.AddedObjectives, ref(u, o))
				}
			}
			continue
		}
		m.Units.Matched++
		u.Identity = pu[i].Identity
		if mode == NextCycle {
			for _, o := range u.Objectives {
				clearObjective(o)
			}
			continue
		}
		u.ID = pu[i].ID
		carryObjectives(&m, hints, pu[i], u)
	}
	matched := map[int]bool{}
	for _, i := range mu {
		matched[i] = true
	}
	for i, u := range pu {
		if matched[i] {
			continue
		}
		m.Units.Removed++
		m.RemovedUnits = append(m.RemovedUnits, u.Name)
		if mode == SameDraft {
			for _, o := range u.Objectives {
				m.Objectives.Removed++
				m.Indicators.Removed += len(o.Indicators)
				m.RemovedObjectives = append(m.RemovedObjectives, ref(u, o))
			}
		}
	}
	return m
}

// carryObjectives matches the objectives (and their indicators) of two
// matched units.
func carryObjectives(m *domain.ImportMatch, hints map[int64]string, pu, nu *domain.Unit) {
	mo := pair(pu.Objectives, nu.Objectives, []key[*domain.Objective]{
		{func(o *domain.Objective) string { return strconv.FormatInt(o.Identity, 10) }, func(o *domain.Objective) string { return hint(hints, o.ID, o.Identity) }, false},
		{codeTitle, codeTitle, false},
		{title, title, false},
		{codePosition, codePosition, false},
		{code, code, true},
	})
	used := map[int]bool{}
	for j, o := range nu.Objectives {
		i := mo[j]
		if i < 0 {
			clearObjective(o)
			m.Objectives.Added++
			m.Indicators.Added += len(o.Indicators)
			m.AddedObjectives = append(m.AddedObjectives, ref(nu, o))
			continue
		}
		used[i] = true
		prev := pu.Objectives[i]
		o.ID, o.Identity, o.Revision = prev.ID, prev.Identity, prev.Revision+1
		m.Objectives.Matched++
		carryIndicators(m, hints, prev, o)
	}
	for i, o := range pu.Objectives {
		if !used[i] {
			m.Objectives.Removed++
			m.Indicators.Removed += len(o.Indicators)
			m.RemovedObjectives = append(m.RemovedObjectives, ref(pu, o))
		}
	}
}

func carryIndicators(m *domain.ImportMatch, hints map[int64]string, po, no *domain.Objective) {
	mi := pair(po.Indicators, no.Indicators, []key[*domain.Indicator]{
		{func(in *domain.Indicator) string { return strconv.FormatInt(in.Identity, 10) }, func(in *domain.Indicator) string { return hint(hints, in.ID, in.Identity) }, false},
		{description, description, false},
		{indicatorPosition, indicatorPosition, false},
	})
	used := 0
	for j, in := range no.Indicators {
		in.ID, in.Identity, in.Revision = 0, 0, 0
		if i := mi[j]; i >= 0 {
			in.ID, in.Identity, in.Revision = po.Indicators[i].ID, po.Indicators[i].Identity, po.Indicators[i].Revision+1
			m.Indicators.Matched++
			used++
			continue
		}
		m.Indicators.Added++
	}
	m.Indicators.Removed += len(po.Indicators) - used
}

// number gives every element of p its 1-based position in file order.
func number(p *domain.Plan) {
	for i, u := range p.Units {
		u.Position = i + 1
		for j, o := range u.Objectives {
			o.Position = j + 1
			for k, in := range o.Indicators {
				in.Position = k + 1
			}
		}
	}
}

func clearObjective(o *domain.Objective) {
	o.ID, o.Identity, o.Revision = 0, 0, 0
	for _, in := range o.Indicators {
		in.ID, in.Identity, in.Revision = 0, 0, 0
	}
}

func ref(u *domain.Unit, o *domain.Objective) domain.ElementRef {
	return domain.ElementRef{Unit: u.Name, Code: o.Code, Title: o.Title}
}

func units(p *domain.Plan) []*domain.Unit {
	if p == nil {
		return nil
	}
	return p.Units
}

// hintsOf maps every id and identity of prev to the identity (as text) of
// its element: an imported element holding one of them continues it.
func hintsOf(prev *domain.Plan) map[int64]string {
	h := map[int64]string{}
	if prev == nil {
		return h
	}
	add := func(id, identity int64) {
		for _, x := range []int64{id, identity} {
			if x != 0 {
				h[x] = strconv.FormatInt(identity, 10)
			}
		}
	}
	for _, u := range prev.Units {
		add(u.ID, u.Identity)
		for _, o := range u.Objectives {
			add(o.ID, o.Identity)
			for _, in := range o.Indicators {
				add(in.ID, in.Identity)
			}
		}
	}
	return h
}

// hint is the identity of the stored element an imported one names by id
// or identity, "" when none.
func hint(hints map[int64]string, id, identity int64) string {
	if h := hints[id]; h != "" {
		return h
	}
	return hints[identity]
}

// The keys.

func unitName(u *domain.Unit) string { return strings.Join(strings.Fields(u.Name), " ") }
func unitNorm(u *domain.Unit) string { return textnorm.Normalize(u.Name) }
func unitKind(u *domain.Unit) string {
	if u.Kind == domain.UnitOrganization {
		return "ente"
	}
	return ""
}

func code(o *domain.Objective) string  { return strings.TrimSuffix(strings.TrimSpace(o.Code), ".") }
func title(o *domain.Objective) string { return textnorm.Normalize(o.Title) }
func codeTitle(o *domain.Objective) string {
	if t := title(o); t != "" {
		return code(o) + "|" + t
	}
	return ""
}
func codePosition(o *domain.Objective) string { return code(o) + "#" + strconv.Itoa(o.Position) }

func description(in *domain.Indicator) string { return textnorm.Normalize(in.Description) }
func indicatorPosition(in *domain.Indicator) string {
	return "#" + strconv.Itoa(in.Position)
}

// key is one way to recognise an element: its key in the stored plan
// (prev) and in the imported one (next); "" never matches. unique pairs
// only a key held by one element on each side.
type key[T any] struct {
	prev, next func(T) string
	unique     bool
}

// pair matches the elements of next to those of prev, key by key, each
// element at most once; it returns, for each element of next, the index
// of its match in prev or -1.
func pair[T any](prev, next []T, keys []key[T]) []int {
	out := make([]int, len(next))
	for i := range out {
		out[i] = -1
	}
	taken := make([]bool, len(prev))
	for _, k := range keys {
		groupPrev, order := map[string][]int{}, []string{}
		for i, x := range prev {
			if taken[i] {
				continue
			}
			if s := k.prev(x); s != "" {
				if _, ok := groupPrev[s]; !ok {
					order = append(order, s)
				}
				groupPrev[s] = append(groupPrev[s], i)
			}
		}
		groupNext := map[string][]int{}
		for j, x := range next {
			if out[j] < 0 {
				if s := k.next(x); s != "" {
					groupNext[s] = append(groupNext[s], j)
				}
			}
		}
		for _, s := range order {
			a, b := groupPrev[s], groupNext[s]
			if len(a) != len(b) || len(a) == 0 || k.unique && len(a) > 1 {
				continue
			}
			for n := range a {
				out[b[n]], taken[a[n]] = a[n], true
			}
		}
	}
	return out
}

// Recover gives the new elements of next (after Carry) the identity of
// the elements of alt they continue, when no element of next has that
// identity yet: an import replacing a variation recognises what the
// variation had removed from the approved plan (alt), so that the
// comparison with the approved plan shows no change where there is none.
// Ids stay new: those rows belong to another version.
func Recover(alt, next *domain.Plan) {
	if alt == nil {
		return
	}
	used := map[int64]bool{}
	for _, u := range next.Units {
		used[u.Identity] = true
		for _, o := range u.Objectives {
			used[o.Identity] = true
			for _, in := range o.Indicators {
				used[in.Identity] = true
			}
		}
	}
	byIdentity := map[int64]*domain.Unit{}
	for _, u := range alt.Units {
		byIdentity[u.Identity] = u
	}
	for _, nu := range next.Units {
		au := byIdentity[nu.Identity]
		if au == nil || nu.Identity == 0 {
			continue
		}
		var free []*domain.Objective
		for _, o := range au.Objectives {
			if !used[o.Identity] {
				free = append(free, o)
			}
		}
		var fresh []*domain.Objective
		for _, o := range nu.Objectives {
			if o.Identity == 0 {
				fresh = append(fresh, o)
			}
		}
		mo := pair(free, fresh, []key[*domain.Objective]{
			{codeTitle, codeTitle, false}, {title, title, false}, {codePosition, codePosition, false}, {code, code, true},
		})
		for j, o := range fresh {
			if i := mo[j]; i >= 0 {
				o.Identity = free[i].Identity
				mi := pair(free[i].Indicators, o.Indicators, []key[*domain.Indicator]{
					{description, description, false}, {indicatorPosition, indicatorPosition, false},
				})
				for k, in := range o.Indicators {
					if x := mi[k]; x >= 0 {
						in.Identity = free[i].Indicators[x].Identity
					}
				}
			}
		}
	}
}
