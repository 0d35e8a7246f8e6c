package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/wording"
)

// The audit log, per person or per object, for administrators and
// evaluators: every change with who, when, before and after.

type auditPage struct {
	Actors  []option // sign-in name, and the person's name
	Actor   string
	Object  int64
	What    string // what the list shows, in words
	Entries []wording.Entry
	Count   int
	Limit   int
}

const auditPageLimit = 300

// handleAudit lists the newest changes, those of one person (?utente=) or
// those of one object (?oggetto=: for an objective, its indicators,
// measurements and validations too).
func (s *Server) handleAudit(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	orgID := principalUser(r).OrganizationID
	pg := &auditPage{Actor: strings.TrimSpace(r.URL.Query().Get("utente")), Limit: auditPageLimit}
	pg.Object, _ = strconv.ParseInt(r.URL.Query().Get("oggetto"), 10, 64)
	actors, err := s.Store.AuditActors(ctx, orgID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	people, err := s.Store.People(ctx, orgID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	for _, a := range actors {
		pg.Actors = append(pg.Actors, option{a, wording.Person(a, people)})
	}
	var entries []domain.AuditEntry
	switch {
	case pg.Object != 0:
		ids := []int64{pg.Object}
		pg.What = "Modifiche di un oggetto"
		if loc, lerr := s.Store.LocateObjective(ctx, orgID, pg.Object); lerr == nil {
			if more, title, err := s.objectiveAuditIDs(r, loc); err == nil {
				ids, pg.What = more, "Modifiche dell'obiettivo "+title+", dei suoi indicatori, misurazioni e validazioni"
			}
		}
		entries, err = s.Store.AuditOf(ctx, orgID, ids, auditPageLimit)
	case pg.Actor != "":
		pg.What = "Modifiche fatte da " + wording.Person(pg.Actor, people)
		entries, err = s.Store.AuditByActor(ctx, orgID, pg.Actor, auditPageLimit)
	default:
		pg.What = "Modifiche più recenti"
		entries, err = s.Store.AuditLog(ctx, orgID, auditPageLimit)
	}
	if err == nil {
		pg.Entries, err = s.describeAudit(r, entries)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	pg.Count = len(entries)
	s.render(w, r, "audit.html", s.newPage(r, "Registro delle modifiche", "/registro", pg))
}

// objectiveAuditIDs are the rows whose history is an objective's: itself,
// its indicators, their measurements, its validations.
func (s *Server) objectiveAuditIDs(r *http.Request, loc *domain.Location) ([]int64, string, error) {
	ctx := r.Context()
	plan, err := s.Store.Plan(ctx, loc.OrganizationID, loc.VersionID)
	if err != nil {
		return nil, "", err
	}
	unit, o := findObjective(plan, loc.ObjectiveID)
	if o == nil {
		return nil, "", domain.Errorf(domain.ENOTFOUND, "Obiettivo non trovato.")
	}
	ids := []int64{o.ID}
	own := map[int64]bool{}
	for _, in := range o.Indicators {
		ids = append(ids, in.ID)
		own[in.ID] = true
	}
	ms, err := s.Store.Measurements(ctx, loc.OrganizationID, loc.VersionID)
	if err != nil {
		return nil, "", err
	}
	for _, m := range ms {
		if own[m.IndicatorID] {
			ids = append(ids, m.ID)
		}
	}
	vs, err := s.Store.Validations(ctx, loc.OrganizationID, loc.VersionID)
	if err != nil {
		return nil, "", err
	}
	for _, v := range vs {
		if v.ObjectiveID == o.ID {
			ids = append(ids, v.ID)
		}
	}
	return ids, o.Ref() + " (" + unit.Name + ")", nil
}
