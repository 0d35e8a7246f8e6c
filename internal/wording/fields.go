// Package wording says stored facts in Italian words: the names of the
// fields performa keeps (objective, indicator, version, user, measurement…)
// and their values formatted as a person reads them («Peso: 15% → 12%»,
// «Stato: bozza → approvato», «Data dell'atto: 28/02/2022»). It is the one
// dictionary behind the registro delle modifiche and the comparison of two
// versions, on the web and in the CLI.
package wording

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
	"github.com/performa-pa/performa/internal/missions"
)

// field is one entry of the dictionary: the Italian label of a stored
// field and how its value reads. Fields marked hidden are bookkeeping
// (ids, revisions, who and when, already said elsewhere).
type field struct {
	label  string
	format func(v any, rec map[string]any) string
	hidden bool
}

// fields is the dictionary, in the order changes are listed. The keys are
// those the audit log stores (JSON of the store's records and of the
// domain's types).
var fields = []struct {
	key string
	field
}{
	// Objectives and indicators.
	{"unit", field{label: "Unità"}},
	{"objective", field{label: "Obiettivo"}},
	{"position", field{label: "Posizione", format: integer}},
	{"code", field{label: "Codice"}},
	{"title", field{label: "Titolo"}},
	{"description", field{label: "Descrizione"}},
	{"unit_of_measure", field{label: "Unità di misura"}},
	{"weight", field{label: "Peso", format: percent}},
	{"mission_code", field{label: "Missione", format: mission}},
	{"mission_text", field{label: "Missione come scritta nel piano"}},
	{"program_code", field{label: "Programma", format: program}},
	{"program_text", field{label: "Programma come scritto nel piano"}},
	{"manager", field{label: "Responsabile"}},
	{"staff", field{label: "Personale coinvolto"}},
	{"notes", field{label: "Note"}},
	{"kind", field{label: "Tipo", format: kind}},
	{"direction", field{label: "Verso", format: direction}},
	{"baseline", field{label: "Baseline", format: baseline}},
	{"targets", field{label: "Target", format: targets}},
	{"revision", field{hidden: true}},

	// Versions, cycles, imports.
	{"status", field{label: "Stato", format: status}},
	{"number", field{label: "Versione", format: integer}},
	{"from_version", field{label: "Variazione della versione", format: integer}},
	{"reason", field{label: "Motivo"}},
	{"act_number", field{label: "Numero dell'atto"}},
	{"act_date", field{label: "Data dell'atto", format: date}},
	{"name", field{label: "Nome utente"}},
	{"full_name", field{label: "Nome e cognome"}},
	{"role", field{label: "Ruolo", format: role}},
	{"file", field{label: "File"}},
	{"version", field{label: "Versione", format: integer}},
	{"units", field{label: "Unità", format: list}},
	{"objectives", field{label: "Obiettivi", format: integer}},
	{"indicators", field{label: "Indicatori", format: indicators}},
	{"objectives_added", field{label: "Obiettivi aggiunti", format: integer}},
	{"objectives_removed", field{label: "Obiettivi tolti", format: integer}},
	{"edits_erased", field{label: "Modifiche della bozza cancellate", format: integer}},
	{"measurements", field{label: "Misurazioni riportate", format: integer}},
	{"validations", field{label: "Validazioni riportate", format: integer}},
	{"year", field{label: "Anno", format: integer}},
	{"scores", field{label: "Punteggio dell'ente", format: lockedScores}},

	// Users and tokens.
	{"disabled", field{label: "Disattivato", format: yesNo}},
	{"must_change_password", field{label: "Password da cambiare al primo accesso", format: yesNo}},
	{"user", field{label: "Utente"}},
	{"label", field{label: "Nome del token"}},
	{"ip", field{label: "Indirizzo"}},
	{"user_agent", field{label: "Programma usato"}},
	{"until", field{label: "Bloccato fino a", format: dateTime}},

	// Measurements, validations, behaviour ratings (the domain's types,
	// stored with their Go field names).
	{"Date", field{label: "Data del valore", format: date}},
	{"Number", field{label: "Valore", format: number}},
	{"Bool", field{label: "Valore", format: yesNo}},
	{"DateValue", field{label: "Data raggiunta", format: date}},
	{"Text", field{label: "Valore (testo)"}},
	{"ManualAchievement", field{label: "% inserita a mano", format: percent}},
	{"Achievement", field{label: "Raggiungimento calcolato", format: percent}},
	{"Note", field{label: "Nota"}},
	{"Evidence", field{label: "Evidenza"}},
	{"Year", field{label: "Anno", format: integer}},
	{"Computed", field{label: "Raggiungimento calcolato", format: percent}},
	{"Percent", field{label: "Percentuale", format: percent}},
	{"Reason", field{label: "Motivazione"}},
	{"Manager", field{label: "Responsabile"}},
	{"ID", field{hidden: true}},
	{"OrganizationID", field{hidden: true}},
	{"IndicatorID", field{hidden: true}},
	{"ObjectiveID", field{hidden: true}},
	{"CycleID", field{hidden: true}},
	{"RecordedBy", field{hidden: true}},
	{"RecordedAt", field{hidden: true}},
	{"ValidatedBy", field{hidden: true}},
	{"ValidatedAt", field{hidden: true}},
	{"RatedBy", field{hidden: true}},
	{"RatedAt", field{hidden: true}},

	// The SMVP.
	{"methods", field{label: "Metodi di calcolo", format: summary}},
	{"deadline_lateness", field{label: "Ritardi sulle scadenze", format: summary}},
	{"manager_weights", field{label: "Pesi del punteggio dei responsabili", format: summary}},
	{"reward_bands", field{label: "Fasce di premio", format: summary}},
}

var (
	byKey = map[string]field{}
	order = map[string]int{}
)

func init() {
	for i, f := range fields {
		byKey[f.key], order[f.key] = f.field, i
	}
}

// Label is the Italian name of the stored field key; an unknown key is
// given as it is.
func Label(key string) string {
	if f, ok := byKey[key]; ok && f.label != "" {
		return f.label
	}
	return key
}

// Value says the value v of the field key (as decoded from JSON: string,
// float64, bool, nil, []any, map[string]any) in Italian; rec is the record
// it belongs to, for values that read with another field (a programme
// with its mission). An empty value reads «—».
func Value(key string, v any, rec map[string]any) string {
	if v == nil {
		return "—"
	}
	f := byKey[key]
	var s string
	if f.format != nil {
		s = f.format(v, rec)
	} else {
		s = plain(v)
	}
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// Change is one field that differs: its key, label and the two values in
// words.
type Change struct {
	Key    string `json:"field"`
	Label  string `json:"label"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// String is the change as a line: «Peso: 15% → 12%».
func (c Change) String() string { return c.Label + ": " + c.Before + " → " + c.After }

// Changes lists the fields whose values differ between two records, in the
// dictionary's order (unknown keys last, by name), hidden fields left out.
// Targets are compared year by year («Target 2023»). Either record may be
// nil: then every field of the other is listed.
func Changes(before, after map[string]any) []Change {
	var out []Change
	for _, key := range keys(before, after) {
		if key == "targets" {
			out = append(out, targetChanges(before[key], after[key])...)
			continue
		}
		b, a := Value(key, before[key], before), Value(key, after[key], after)
		if b != a {
			out = append(out, Change{key, Label(key), b, a})
		}
	}
	return out
}

// Fields lists a record's fields as «Label: value», in the dictionary's
// order, hidden and empty ones left out.
func Fields(rec map[string]any) []string {
	var out []string
	for _, key := range keys(rec, nil) {
		if key == "targets" {
			for _, t := range targetList(rec[key]) {
				out = append(out, "Target "+strconv.Itoa(t.Year)+": "+orDash(t.Text))
			}
			continue
		}
		if v := Value(key, rec[key], rec); v != "—" {
			out = append(out, Label(key)+": "+v)
		}
	}
	return out
}

// Decode reads a stored JSON record; "" or anything but an object is nil.
func Decode(s string) map[string]any {
	if s == "" {
		return nil
	}
	var m map[string]any
	if json.Unmarshal([]byte(s), &m) != nil {
		return nil
	}
	return m
}

// keys are the visible keys of the records, in order.
func keys(recs ...map[string]any) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range recs {
		for k := range r {
			if !seen[k] && !byKey[k].hidden {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		oi, iok := order[out[i]]
		oj, jok := order[out[j]]
		switch {
		case iok && jok:
			return oi < oj
		case iok != jok:
			return iok
		}
		return out[i] < out[j]
	})
	return out
}

func targetChanges(before, after any) []Change {
	b, a := targetList(before), targetList(after)
	years := map[int]bool{}
	for _, t := range append(slices.Clone(b), a...) {
		years[t.Year] = true
	}
	var ys []int
	for y := range years {
		ys = append(ys, y)
	}
	slices.Sort(ys)
	var out []Change
	for _, y := range ys {
		tb, ta := textOf(b, y), textOf(a, y)
		if tb != ta {
			out = append(out, Change{"targets", "Target " + strconv.Itoa(y), orDash(tb), orDash(ta)})
		}
	}
	return out
}

func textOf(ts []domain.Target, year int) string {
	for _, t := range ts {
		if t.Year == year {
			return t.Text
		}
	}
	return ""
}

// targetList reads stored targets back.
func targetList(v any) []domain.Target {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	var ts []domain.Target
	if json.Unmarshal(b, &ts) != nil {
		return nil
	}
	return ts
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// The formatters.

func plain(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case bool:
		return yesNo(x, nil)
	case float64:
		return italian.Number(x, 2)
	case []any:
		return list(x, nil)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func number(v any, _ map[string]any) string {
	if f, ok := v.(float64); ok {
		return italian.Number(f, 2)
	}
	return plain(v)
}

func integer(v any, _ map[string]any) string {
	if f, ok := v.(float64); ok {
		return strconv.FormatInt(int64(f), 10)
	}
	return plain(v)
}

func percent(v any, _ map[string]any) string {
	if f, ok := v.(float64); ok {
		return italian.Percent(f, 2)
	}
	return plain(v)
}

func yesNo(v any, _ map[string]any) string {
	if b, ok := v.(bool); ok {
		if b {
			return "sì"
		}
		return "no"
	}
	return plain(v)
}

// date reads "2022-02-28" or an RFC 3339 time as 28/02/2022.
func date(v any, _ map[string]any) string {
	s, ok := v.(string)
	if !ok {
		return plain(v)
	}
	for _, layout := range []string{time.DateOnly, time.RFC3339Nano} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("02/01/2006")
		}
	}
	return s
}

// dateTime reads an RFC 3339 time as 31/12/2022 15:04 in Italian time.
func dateTime(v any, _ map[string]any) string {
	if s, ok := v.(string); ok {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return t.In(italian.Rome).Format("02/01/2006 15:04")
		}
	}
	return plain(v)
}

func list(v any, _ map[string]any) string {
	xs, ok := v.([]any)
	if !ok {
		return plain(v)
	}
	parts := make([]string, 0, len(xs))
	for _, x := range xs {
		parts = append(parts, plain(x))
	}
	return strings.Join(parts, ", ")
}

func status(v any, _ map[string]any) string {
	switch s, _ := v.(string); s {
	case string(domain.VersionSuperseded):
		return "sostituito da una variazione"
	case "":
		return plain(v)
	default:
		return domain.CycleStatus(s).Label()
	}
}

func role(v any, _ map[string]any) string {
	s, _ := v.(string)
	return domain.Role(s).Label()
}

func kind(v any, _ map[string]any) string {
	s, _ := v.(string)
	return KindLabel(domain.ObjectiveKind(s))
}

func direction(v any, _ map[string]any) string {
	s, _ := v.(string)
	return DirectionLabel(domain.Direction(s))
}

// mission reads a mission's code with its official name.
func mission(v any, _ map[string]any) string {
	s, _ := v.(string)
	return MissionLabel(s)
}

// program reads a programme's code with its mission's and its official
// name: «03.01 Polizia locale e amministrativa».
func program(v any, rec map[string]any) string {
	p, _ := v.(string)
	m, _ := rec["mission_code"].(string)
	return ProgramLabel(m, p)
}

func baseline(v any, _ map[string]any) string {
	m, ok := v.(map[string]any)
	if !ok {
		return plain(v)
	}
	text, _ := m["text"].(string)
	if y, ok := m["year"].(float64); ok && y > 0 && text != "" {
		return fmt.Sprintf("%s (%d)", text, int(y))
	}
	return text
}

func targets(v any, _ map[string]any) string {
	var parts []string
	for _, t := range targetList(v) {
		parts = append(parts, strconv.Itoa(t.Year)+": "+orDash(t.Text))
	}
	return strings.Join(parts, "; ")
}

func indicators(v any, _ map[string]any) string {
	xs, ok := v.([]any)
	if !ok {
		return plain(v)
	}
	var parts []string
	for i, x := range xs {
		m, _ := x.(map[string]any)
		d, _ := m["description"].(string)
		parts = append(parts, fmt.Sprintf("%d. %s", i+1, d))
	}
	return strings.Join(parts, "; ")
}

func lockedScores(v any, _ map[string]any) string {
	m, ok := v.(map[string]any)
	if !ok {
		return plain(v)
	}
	return percent(m["organization"], nil)
}

// summary says that a part of the SMVP was set, without its detail (the
// SMVP's own page and export show it).
func summary(v any, _ map[string]any) string {
	switch x := v.(type) {
	case []any:
		return fmt.Sprintf("%d voci", len(x))
	case map[string]any:
		return fmt.Sprintf("%d voci", len(x))
	}
	return plain(v)
}

// KindLabel is an objective kind in words.
func KindLabel(k domain.ObjectiveKind) string {
	switch k {
	case domain.ObjectiveOrganization:
		return "performance organizzativa dell'ente"
	case domain.ObjectiveCrossCutting:
		return "trasversale (assegnato a più unità)"
	}
	return "obiettivo di unità"
}

// DirectionLabel is an indicator's direction in words.
func DirectionLabel(d domain.Direction) string {
	switch d {
	case domain.HigherIsBetter:
		return "meglio più alto"
	case domain.LowerIsBetter:
		return "meglio più basso"
	}
	return "non indicato"
}

// MissionLabel is a mission's code with its official name: «03 Ordine
// pubblico e sicurezza»; "" for none.
func MissionLabel(code string) string {
	if code == "" {
		return ""
	}
	if m, ok := missions.LookupMission(code); ok {
		return m.Code + " " + m.Name
	}
	return code
}

// ProgramLabel is a programme's codes with its official name: «03.01
// Polizia locale e amministrativa»; "" for none.
func ProgramLabel(missionCode, code string) string {
	if code == "" {
		return ""
	}
	if p, ok := missions.LookupProgram(missionCode, code); ok {
		return p.MissionCode + "." + p.Code + " " + p.Name
	}
	if missionCode != "" {
		return missionCode + "." + code
	}
	return code
}
