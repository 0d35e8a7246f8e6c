package web

import (
	"net/http"
	"strconv"

	"github.com/performa-pa/performa/internal/domain"
)

// Removing an objective or an indicator from a draft version, after a
// page that says what goes with it: the administrator, or the manager of
// the unit. The form carries the revision it was read at, so that an
// element changed in the meantime is not removed unseen.

type removePage struct {
	What     string // "l'obiettivo 2.1 – …", "l'indicatore 2 dell'obiettivo …"
	Entity   string // "obiettivo", "indicatore"
	Unit     *domain.Unit
	O        *domain.Objective
	In       *domain.Indicator // nil for an objective
	Loc      *domain.Location
	Action   string // where the form posts
	Back     string
	Error    string
	ReadOnly bool
}

func (s *Server) loadRemove(r *http.Request, entity string) (*removePage, error) {
	what := "Obiettivo"
	if entity == "indicator" {
		what = "Indicatore"
	}
	id, err := pathID(r, entity, what)
	if err != nil {
		return nil, err
	}
	loc, plan, err := s.located(r, entity, id)
	if err != nil {
		return nil, err
	}
	pg := &removePage{Loc: loc, ReadOnly: loc.VersionStatus != domain.VersionDraft}
	if entity == "indicator" {
		pg.Unit, pg.O, pg.In = findIndicator(plan, id)
		pg.Entity, pg.Action = "indicatore", "/piano/indicatori/"+strconv.FormatInt(id, 10)+"/elimina"
		if pg.In != nil {
			pg.What = "l'indicatore " + itoa(pg.In.Position) + " dell'obiettivo " + pg.O.Ref()
		}
	} else {
		pg.Unit, pg.O = findObjective(plan, id)
		pg.Entity, pg.Action = "obiettivo", "/piano/obiettivi/"+strconv.FormatInt(id, 10)+"/elimina"
		if pg.O != nil {
			pg.What = "l'obiettivo " + pg.O.Ref()
		}
	}
	if pg.O == nil {
		return nil, domain.Errorf(domain.ENOTFOUND, "%s non trovato.", what)
	}
	pg.Back = "/piano/obiettivi/" + strconv.FormatInt(pg.O.ID, 10)
	if pg.ReadOnly {
		pg.Error = readOnlyMessage(loc)
	}
	return pg, nil
}

func (s *Server) handleObjectiveRemoveForm(w http.ResponseWriter, r *http.Request) {
	s.removeForm(w, r, "objective")
}

func (s *Server) handleIndicatorRemoveForm(w http.ResponseWriter, r *http.Request) {
	s.removeForm(w, r, "indicator")
}

func (s *Server) removeForm(w http.ResponseWriter, r *http.Request, entity string) {
	pg, err := s.loadRemove(r, entity)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.render(w, r, "remove.html", s.newPage(r, "Elimina "+pg.What, "/piano", pg))
}

// handleObjectiveRemove removes the objective, then shows its unit in the
// version it was removed from.
func (s *Server) handleObjectiveRemove(w http.ResponseWriter, r *http.Request) {
	s.remove(w, r, "objective")
}

func (s *Server) handleIndicatorRemove(w http.ResponseWriter, r *http.Request) {
	s.remove(w, r, "indicator")
}

func (s *Server) remove(w http.ResponseWriter, r *http.Request, entity string) {
	pg, err := s.loadRemove(r, entity)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	orgID := principalUser(r).OrganizationID
	revision, _ := strconv.Atoi(r.PostFormValue("revisione"))
	next := "/piano?versione=" + strconv.FormatInt(pg.Loc.VersionID, 10) + "&unita=" + strconv.FormatInt(pg.Unit.ID, 10) + "&esito=obiettivo-eliminato"
	if entity == "indicator" {
		err = s.Store.DeleteIndicator(r.Context(), orgID, pg.In.ID, revision, actor(r))
		next = pg.Back + "?esito=indicatore-eliminato"
	} else {
		err = s.Store.DeleteObjective(r.Context(), orgID, pg.O.ID, revision, actor(r))
	}
	if err == nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	s.formRefused(w, r, err, "remove.html", "Elimina "+pg.What, pg, func(msg string, _ int) { pg.Error = msg })
}
