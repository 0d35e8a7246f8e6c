package web

import (
	"strconv"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/textnorm"
)

// What changed between two versions of a plan: objectives added, removed
// and changed (field by field, weights and targets included), and the
// same for their indicators. Objectives and indicators are matched by the
// row each copy came from (a variation remembers it), else by unit and
// code (or title), and indicators by position.

type planDiff struct {
	Added   []diffObjective
	Removed []diffObjective
	Changed []diffObjective
	Same    int
}

// Empty reports whether the versions have the same content.
func (d *planDiff) Empty() bool { return len(d.Added)+len(d.Removed)+len(d.Changed) == 0 }

type diffObjective struct {
	Unit       string
	O          *domain.Objective // the newer one (the older for removed)
	Fields     []fieldChange
	Indicators []diffIndicator
}

type diffIndicator struct {
	Position int
	What     string // "aggiunto", "tolto", "modificato"
	Fields   []fieldChange
}

type fieldChange struct {
	Field, Before, After string
}

// diffPlans compares from (older) with to (newer). match maps an objective
// or indicator id of to to the id in from it descends from.
func diffPlans(from, to *domain.Plan, match map[int64]int64) *planDiff {
	d := &planDiff{}
	type placed struct {
		unit string
		o    *domain.Objective
	}
	old := map[int64]placed{}
	byKey := map[string]int64{}
	for _, u := range from.Units {
		for _, o := range u.Objectives {
			old[o.ID] = placed{u.Name, o}
			byKey[objectiveKey(u, o)] = o.ID
		}
	}
	seen := map[int64]bool{}
	for _, u := range to.Units {
		for _, o := range u.Objectives {
			id, ok := match[o.ID]
			if _, there := old[id]; !ok || !there || seen[id] {
				id, ok = byKey[objectiveKey(u, o)]
				if seen[id] {
					ok = false
				}
			}
			if !ok {
				d.Added = append(d.Added, diffObjective{Unit: u.Name, O: o})
				continue
			}
			seen[id] = true
			before := old[id]
			dobj := diffObjective{Unit: u.Name, O: o, Fields: objectiveChanges(before.unit, u.Name, before.o, o)}
			dobj.Indicators = indicatorChanges(before.o, o, match)
			if len(dobj.Fields)+len(dobj.Indicators) == 0 {
				d.Same++
				continue
			}
			d.Changed = append(d.Changed, dobj)
		}
	}
	for _, u := range from.Units {
		for _, o := range u.Objectives {
			if !seen[o.ID] {
				d.Removed = append(d.Removed, diffObjective{Unit: u.Name, O: o})
			}
		}
	}
	return d
}

func objectiveKey(u *domain.Unit, o *domain.Objective) string {
	k := o.Code
	if k == "" {
		k = o.Title
	}
	return textnorm.Normalize(u.Name) + "|" + textnorm.Normalize(k)
}

func objectiveChanges(unitBefore, unitAfter string, a, b *domain.Objective) []fieldChange {
	var out []fieldChange
	add := func(field, x, y string) {
		if x != y {
			out = append(out, fieldChange{field, x, y})
		}
	}
	add("Unità", unitBefore, unitAfter)
	add("Codice", a.Code, b.Code)
	add("Titolo", a.Title, b.Title)
	add("Peso", weightLabel(a.Weight), weightLabel(b.Weight))
	add("Missione", classified(a.Mission), classified(b.Mission))
	add("Programma", classified(a.Program), classified(b.Program))
	add("Responsabile", a.Manager, b.Manager)
	add("Personale coinvolto", a.Staff, b.Staff)
	add("Note", a.Notes, b.Notes)
	add("Tipo", kindLabel(a.Kind), kindLabel(b.Kind))
	return out
}

func classified(c domain.Classified) string {
	return strings.TrimSpace(strings.TrimSpace(c.Code + " " + c.Text))
}

func indicatorChanges(a, b *domain.Objective, match map[int64]int64) []diffIndicator {
	var out []diffIndicator
	byID := map[int64]*domain.Indicator{}
	for _, in := range a.Indicators {
		byID[in.ID] = in
	}
	used := map[int64]bool{}
	for i, in := range b.Indicators {
		prev := byID[match[in.ID]]
		if prev == nil && i < len(a.Indicators) && !used[a.Indicators[i].ID] {
			prev = a.Indicators[i]
		}
		if prev == nil || used[prev.ID] {
			out = append(out, diffIndicator{Position: in.Position, What: "aggiunto"})
			continue
		}
		used[prev.ID] = true
		if f := indicatorFields(prev, in); len(f) > 0 {
			out = append(out, diffIndicator{Position: in.Position, What: "modificato", Fields: f})
		}
	}
	for _, in := range a.Indicators {
		if !used[in.ID] {
			out = append(out, diffIndicator{Position: in.Position, What: "tolto"})
		}
	}
	return out
}

func indicatorFields(a, b *domain.Indicator) []fieldChange {
	var out []fieldChange
	add := func(field, x, y string) {
		if x != y {
			out = append(out, fieldChange{field, x, y})
		}
	}
	add("Descrizione", a.Description, b.Description)
	add("Unità di misura", a.UnitOfMeasure, b.UnitOfMeasure)
	add("Peso", weightLabel(a.Weight), weightLabel(b.Weight))
	add("Verso", directionLabel(a.Direction), directionLabel(b.Direction))
	add("Baseline", a.Baseline.Text, b.Baseline.Text)
	years := map[int]bool{}
	for _, t := range append(append([]domain.Target{}, a.Targets...), b.Targets...) {
		years[t.Year] = true
	}
	for y := range years {
		ta, _ := a.Target(y)
		tb, _ := b.Target(y)
		add("Target "+strconv.Itoa(y), ta.Text, tb.Text)
	}
	return sortChanges(out)
}

// sortChanges keeps field order but puts target years in order.
func sortChanges(cs []fieldChange) []fieldChange {
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && strings.HasPrefix(cs[j].Field, "Target ") && strings.HasPrefix(cs[j-1].Field, "Target ") &&
			cs[j].Field < cs[j-1].Field; j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
	return cs
}
