// Package plandiff compares two versions of a plan: the objectives added,
// removed and changed (field by field, in the words of internal/wording),
// and, within each objective, its indicators and targets. Elements are
// matched by identity (domain.Objective.Identity), never by code or
// title: a version compared with itself shows no change, and an
// objective keeps being itself when its code or title changes. The web
// comparison page and performa diff both use it.
package plandiff

import (
	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/wording"
)

// Diff is what changed from one version to another.
type Diff struct {
	Added   []Objective `json:"added"`
	Removed []Objective `json:"removed"`
	Changed []Objective `json:"changed"`
	Same    int         `json:"unchanged"`
}

// Empty reports whether the versions have the same content.
func (d *Diff) Empty() bool { return len(d.Added)+len(d.Removed)+len(d.Changed) == 0 }

// Objective is an objective added, removed or changed: named by unit,
// code and title (of the newer version; of the older for a removed one).
type Objective struct {
	ID         int64             `json:"id"`
	Identity   int64             `json:"identity"`
	Unit       string            `json:"unit"`
	Code       string            `json:"code"`
	Title      string            `json:"title"`
	Position   int               `json:"position"`
	Weight     *float64          `json:"weight"`
	Fields     []wording.Change  `json:"fields,omitempty"`
	Indicators []IndicatorChange `json:"indicators,omitempty"`
	O          *domain.Objective `json:"-"`
}

// Ref is the objective's code (or position) and title, for people.
func (o Objective) Ref() string { return o.O.Ref() }

// IndicatorChange is an indicator of a changed objective added, removed
// or changed.
type IndicatorChange struct {
	Position    int              `json:"position"`
	Description string           `json:"description"`
	What        string           `json:"change"` // "added", "removed", "changed"
	Fields      []wording.Change `json:"fields,omitempty"`
}

// WhatWords is the change in Italian.
func (c IndicatorChange) WhatWords() string {
	return map[string]string{"added": "aggiunto", "removed": "tolto", "changed": "modificato"}[c.What]
}

// Compare compares from (the older version) with to (the newer).
func Compare(from, to *domain.Plan) *Diff {
	// Empty lists, not null, so a JSON reader can always range over them.
	d := &Diff{Added: []Objective{}, Removed: []Objective{}, Changed: []Objective{}}
	type placed struct {
		unit string
		o    *domain.Objective
	}
	old := map[int64]placed{}
	for _, u := range from.Units {
		for _, o := range u.Objectives {
			old[o.Identity] = placed{u.Name, o}
		}
	}
	seen := map[int64]bool{}
	for _, u := range to.Units {
		for _, o := range u.Objectives {
			before, ok := old[o.Identity]
			if !ok || o.Identity == 0 || seen[o.Identity] {
				d.Added = append(d.Added, entry(u.Name, o))
				continue
			}
			seen[o.Identity] = true
			e := entry(u.Name, o)
			e.Fields = wording.Changes(objectiveRecord(before.unit, before.o), objectiveRecord(u.Name, o))
			e.Indicators = indicatorChanges(before.o, o)
			if len(e.Fields)+len(e.Indicators) == 0 {
				d.Same++
				continue
			}
			d.Changed = append(d.Changed, e)
		}
	}
	for _, u := range from.Units {
		for _, o := range u.Objectives {
			if !seen[o.Identity] {
				d.Removed = append(d.Removed, entry(u.Name, o))
			}
		}
	}
	return d
}

func entry(unit string, o *domain.Objective) Objective {
	return Objective{ID: o.ID, Identity: o.Identity, Unit: unit, Code: o.Code, Title: o.Title,
		Position: o.Position, Weight: o.Weight, O: o}
}

func indicatorChanges(a, b *domain.Objective) []IndicatorChange {
	var out []IndicatorChange
	old := map[int64]*domain.Indicator{}
	for _, in := range a.Indicators {
		old[in.Identity] = in
	}
	used := map[int64]bool{}
	for _, in := range b.Indicators {
		prev := old[in.Identity]
		if prev == nil || in.Identity == 0 || used[in.Identity] {
			out = append(out, IndicatorChange{Position: in.Position, Description: in.Description, What: "added",
				Fields: wording.Changes(nil, indicatorRecord(in))})
			continue
		}
		used[in.Identity] = true
		if f := wording.Changes(indicatorRecord(prev), indicatorRecord(in)); len(f) > 0 {
			out = append(out, IndicatorChange{Position: in.Position, Description: in.Description, What: "changed", Fields: f})
		}
	}
	for _, in := range a.Indicators {
		if !used[in.Identity] {
			out = append(out, IndicatorChange{Position: in.Position, Description: in.Description, What: "removed"})
		}
	}
	return out
}

// objectiveRecord and indicatorRecord are the elements as the dictionary
// reads them: the keys the audit log stores, JSON-typed values.
func objectiveRecord(unit string, o *domain.Objective) map[string]any {
	return map[string]any{
		"unit": unit, "code": o.Code, "title": o.Title, "weight": number(o.Weight),
		"mission_code": o.Mission.Code, "mission_text": o.Mission.Text,
		"program_code": o.Program.Code, "program_text": o.Program.Text,
		"manager": o.Manager, "staff": o.Staff, "notes": o.Notes, "kind": string(o.Kind),
	}
}

func indicatorRecord(in *domain.Indicator) map[string]any {
	baseline := map[string]any{"text": in.Baseline.Text}
	if in.Baseline.Year != 0 {
		baseline["year"] = float64(in.Baseline.Year)
	}
	return map[string]any{
		"description": in.Description, "unit_of_measure": in.UnitOfMeasure, "weight": number(in.Weight),
		"direction": string(in.Direction), "baseline": baseline, "targets": in.Targets,
	}
}

func number(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// ObjectiveFields are the fields that differ between two states of an
// objective of unit (its indicators aside), in words.
func ObjectiveFields(unit string, a, b *domain.Objective) []wording.Change {
	return wording.Changes(objectiveRecord(unit, a), objectiveRecord(unit, b))
}

// IndicatorFields are the fields that differ between two states of an
// indicator, targets year by year, in words; a nil a lists every field of b.
func IndicatorFields(a, b *domain.Indicator) []wording.Change {
	if a == nil {
		return wording.Changes(nil, indicatorRecord(b))
	}
	return wording.Changes(indicatorRecord(a), indicatorRecord(b))
}
