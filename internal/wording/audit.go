package wording

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/performa-pa/performa/internal/audit"
	"github.com/performa-pa/performa/internal/domain"
)

// Entry is an audit log entry in words: when, who (by full name), what
// («Modifica dell'obiettivo 2.1 – Titolo (Area Finanziaria)»), the changes
// one per line («Peso: 15% → 12%»), the page of the object, and the record
// as stored, for whoever needs it whole.
type Entry struct {
	At     time.Time
	Who    string
	What   string
	Link   string // "" when the object has no page (or is gone)
	Lines  []string
	Before string // JSON as stored
	After  string
}

// Describe puts an audit entry in words. subjects are the objects of the
// entries the store still holds, by entry EntityID; people maps sign-in
// names to full names. An object gone (an objective removed) is named from
// what the entry recorded of it.
func Describe(e domain.AuditEntry, subjects map[int64]domain.AuditSubject, people map[string]string) Entry {
	before, after := Decode(e.Before), Decode(e.After)
	out := Entry{At: e.At, Who: Person(e.Actor, people), Before: e.Before, After: e.After}
	subj, known := subjects[e.EntityID]
	if !known {
		subj = subjectFromRecord(e.Entity, before, after)
	}
	out.What = heading(e, subj, after, people)
	if known {
		out.Link = link(e.Entity, e.EntityID, subj)
	}
	switch {
	case before != nil && after != nil:
		for _, c := range Changes(before, after) {
			out.Lines = append(out.Lines, c.String())
		}
	case after != nil:
		out.Lines = Fields(after)
	case before != nil:
		out.Lines = Fields(before)
	}
	if e.Entity == "cycle" && e.Action == "signoff" {
		out.Lines = filter(out.Lines, "Anno: ")
	}
	if e.Entity == "publication" {
		out.What, out.Lines = publicationWords(e.Action, before, after), nil
	}
	return out
}

// publicationWords names a publication's entry: «Pubblicazione del Piano
// della performance 2022 (versione 1 del piano)», «Ritiro dalla
// pubblicazione della Relazione sulla performance 2022 (…)».
func publicationWords(action string, before, after map[string]any) string {
	rec := after
	if rec == nil {
		rec = before
	}
	kind, _ := rec["kind"].(string)
	year, _ := rec["year"].(float64)
	version, _ := rec["version"].(float64)
	k := domain.PublicationKind(kind)
	p := domain.Publication{Kind: k, VersionNumber: int(version)}
	if saved, err := time.Parse(time.RFC3339, fmt.Sprint(rec["distribution_saved_at"])); err == nil {
		p.DistributionSavedAt = &saved
	}
	what := fmt.Sprintf("%s %d (%s)", k.Of(), int(year), p.What())
	if action == "unpublish" {
		return "Ritiro dalla pubblicazione " + what
	}
	return "Pubblicazione " + what
}

// Person is who a sign-in name belongs to: the full name when known.
func Person(actor string, people map[string]string) string {
	switch actor {
	case "cli":
		return "riga di comando (performa)"
	case "import":
		return "importazione"
	}
	if n := people[actor]; n != "" {
		return n
	}
	return actor
}

// ObjectiveWords names an objective: «obiettivo 2.1 – Titolo (Area X)».
func ObjectiveWords(s domain.AuditSubject) string {
	o := domain.Objective{Code: s.Code, Title: s.Title, Position: s.Position}
	w := "obiettivo " + o.Ref()
	if s.Unit != "" {
		w += " (" + s.Unit + ")"
	}
	return w
}

// IndicatorWords names an indicator: «indicatore 2 dell'obiettivo …».
func IndicatorWords(s domain.AuditSubject) string {
	return fmt.Sprintf("indicatore %d dell'%s", s.IndicatorPosition, ObjectiveWords(s))
}

func cycleWords(s domain.AuditSubject) string {
	return fmt.Sprintf("%d–%d", s.FirstYear, s.LastYear)
}

func heading(e domain.AuditEntry, s domain.AuditSubject, after map[string]any, people map[string]string) string {
	act := map[string]string{"create": "Aggiunta", "update": "Modifica", "delete": "Eliminazione"}[e.Action]
	switch e.Entity {
	case "objective":
		return or(act, "Modifica") + " dell'" + ObjectiveWords(s)
	case "indicator":
		return or(act, "Modifica") + " dell'" + IndicatorWords(s)
	case "measurement":
		return "Misurazione dell'" + IndicatorWords(s)
	case "validation":
		return "Validazione dell'" + ObjectiveWords(s)
	case "plan", "plan_version":
		v := fmt.Sprintf("della versione %d del piano %s", s.VersionNumber, cycleWords(s))
		switch e.Action {
		case "import":
			return "Importazione del piano " + cycleWords(s) + fmt.Sprintf(" (versione %d)", s.VersionNumber)
		case "approve":
			return "Approvazione " + v
		case "variation":
			return fmt.Sprintf("Variazione: nuova versione %d del piano %s", s.VersionNumber, cycleWords(s))
		case "carry":
			return "Misurazioni e validazioni riportate sulla versione " + strconv.Itoa(s.VersionNumber) + " del piano " + cycleWords(s)
		}
		return or(act, "Modifica") + " " + v
	case "cycle":
		switch e.Action {
		case "signoff":
			if y, ok := after["year"].(float64); ok {
				return fmt.Sprintf("Chiusura dell'anno %d del ciclo %s", int(y), cycleWords(s))
			}
			return "Chiusura dell'anno del ciclo " + cycleWords(s)
		case "status":
			return "Cambio di stato del ciclo " + cycleWords(s)
		}
		return or(act, "Modifica") + " del ciclo " + cycleWords(s)
	case "smvp":
		return "Nuovo sistema di misurazione e valutazione (SMVP) del ciclo " + cycleWords(s)
	case "user":
		who := userWords(s)
		if s.UserName == "" && s.FullName == "" {
			// A failed sign-in may name no user: the name typed is in the
			// record.
			if n, ok := after["name"].(string); ok && n != "" {
				who = "«" + n + "» (nessun utente con questo nome)"
			}
		}
		switch e.Action {
		case "create":
			return "Nuovo utente " + who
		case "password":
			return "Nuova password dell'utente " + who
		case "signin":
			return "Accesso di " + who
		case "signin_failed":
			return "Accesso non riuscito: " + who
		case "lockout":
			return "Accessi bloccati: " + who
		case "signout":
			return "Uscita di " + who
		case "unlock":
			return "Sblocco degli accessi di " + who
		case "password_failed":
			return "Password attuale sbagliata: " + who
		}
		return "Modifica dell'utente " + who
	case "api_token":
		if e.Action == "delete" || e.Action == "revoke" {
			return "Revoca di un token API"
		}
		if u, ok := after["user"].(string); ok {
			return "Nuovo token API di " + Person(u, people)
		}
		return "Nuovo token API"
	case "behaviour_rating":
		if m, ok := after["Manager"].(string); ok {
			return "Valutazione dei comportamenti di " + m
		}
		return "Valutazione dei comportamenti"
	case "staff_register":
		if n, ok := after["people"].(float64); ok {
			return fmt.Sprintf("Importazione del personale %d: %d persone", e.EntityID, int(n))
		}
		return "Importazione del personale"
	}
	return capital(audit.ActionLabel(e.Action)) + " · " + audit.EntityLabel(e.Entity)
}

func capital(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

func userWords(s domain.AuditSubject) string {
	if s.FullName != "" && s.UserName != "" {
		return s.FullName + " (" + s.UserName + ")"
	}
	return or(s.UserName, "non più presente")
}

// subjectFromRecord names an object no longer stored from what its entry
// recorded.
func subjectFromRecord(entity string, before, after map[string]any) domain.AuditSubject {
	rec := after
	if rec == nil {
		rec = before
	}
	s := domain.AuditSubject{Entity: entity}
	str := func(k string) string { v, _ := rec[k].(string); return v }
	num := func(k string) int { v, _ := rec[k].(float64); return int(v) }
	s.Unit = str("unit")
	switch entity {
	case "objective":
		s.Code, s.Title, s.Position = str("code"), str("title"), num("position")
	case "indicator":
		// The objective is recorded in words already ("2.1 – Titolo").
		s.Code, s.IndicatorPosition = str("objective"), num("position")
	case "user":
		s.UserName, s.FullName = str("name"), str("full_name")
	case "plan":
		s.VersionNumber = num("version")
	}
	return s
}

func link(entity string, id int64, s domain.AuditSubject) string {
	switch entity {
	case "objective", "indicator", "measurement", "validation":
		if s.ObjectiveID != 0 {
			return "/piano/obiettivi/" + strconv.FormatInt(s.ObjectiveID, 10)
		}
	case "plan", "plan_version":
		return "/piano?versione=" + strconv.FormatInt(id, 10)
	case "cycle", "smvp":
		return "/amministrazione/ciclo"
	case "user":
		return "/amministrazione/utenti/" + strconv.FormatInt(id, 10)
	}
	return ""
}

func or(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

func filter(lines []string, drop string) []string {
	var out []string
	for _, l := range lines {
		if len(l) < len(drop) || l[:len(drop)] != drop {
			out = append(out, l)
		}
	}
	return out
}
