package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/performa-pa/performa/internal/document"
	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/report"
	"github.com/performa-pa/performa/internal/score"
)

// documentsPage offers the documents of the cycle: the Piano of each
// approved version, the Relazione of each year (the internal edition to
// administrators and the Nucleo only), the Documento di validazione of
// each year signed off.
type documentsPage struct {
	W        *workspace // nil without a plan
	Internal bool       // the internal edition is offered
	Versions []domain.PlanSummary
	Years    []documentYear
}

type documentYear struct {
	Year    int
	Status  string          // how final its figures are, in words
	SignOff *domain.SignOff // nil: no Documento di validazione yet
}

// internalEdition is who may have the internal edition of the Relazione,
// with the managers' individual scores: administrators and the Nucleo.
func internalEdition(u *domain.User) bool {
	return u.Role == domain.RoleAdmin || u.Role == domain.RoleEvaluator
}

func (s *Server) handleDocuments(w http.ResponseWriter, r *http.Request) {
	data := &documentsPage{Internal: internalEdition(principalUser(r))}
	ws, err := s.loadWorkspace(r)
	switch {
	case domain.ErrorCode(err) == domain.ENOTFOUND:
	case err != nil:
		s.Error(w, r, err)
		return
	default:
		data.W = ws
		for i := len(ws.Versions) - 1; i >= 0; i-- { // oldest first
			if v := ws.Versions[i]; v.Version.Status != domain.VersionDraft {
				data.Versions = append(data.Versions, v)
			}
		}
		for _, y := range ws.Years() {
			dy := documentYear{Year: y, SignOff: ws.SignOff(y), Status: score.Provisional.Label()}
			switch {
			case dy.SignOff != nil:
				dy.Status = score.Final.Label()
			case ws.Plan.Cycle.Status == domain.CycleClosed || score.YearOver(y, ws.LoadedAt):
				dy.Status = score.Over.Label()
			}
			data.Years = append(data.Years, dy)
		}
	}
	s.render(w, r, "documents.html", s.newPage(r, "Documenti", "/documenti", data))
}

// handleDocument sends a document as PDF: /documenti/piano.pdf?versione=ID,
// /documenti/relazione.pdf?anno=2022&edizione=pubblica|interna,
// /documenti/validazione.pdf?anno=2022 (year and edition also as «year»
// and «edition»). A Documento di validazione of a year not signed off, or
// a draft's Piano, is refused with the reason.
func (s *Server) handleDocument(w http.ResponseWriter, r *http.Request) {
	kind, ok := strings.CutSuffix(r.PathValue("document"), ".pdf")
	if !ok || (kind != "piano" && kind != "relazione" && kind != "validazione") {
		s.Error(w, r, domain.Errorf(domain.ENOTFOUND, "Documento non trovato: piano.pdf, relazione.pdf o validazione.pdf."))
		return
	}
	q := r.URL.Query()
	edition, ok := document.ParseEdition(first(q.Get("edizione"), q.Get("edition")))
	if !ok || (edition == document.Internal && kind != "relazione") {
		s.Error(w, r, domain.Errorf(domain.EINVALID, "Edizione non prevista: pubblica o interna (solo per la Relazione)."))
		return
	}
	u := principalUser(r)
	if edition == document.Internal && !internalEdition(u) {
		s.Error(w, r, domain.Errorf(domain.EFORBIDDEN, "L'edizione interna della Relazione contiene i punteggi individuali dei responsabili: la scaricano l'amministratore e il Nucleo di Valutazione."))
		return
	}
	var version int64
	if kind == "piano" {
		version, _ = strconv.ParseInt(q.Get("versione"), 10, 64)
	}
	ws, err := s.loadWorkspaceOf(r, version)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	year := ws.yearParam(first(q.Get("anno"), q.Get("year")))
	var (
		buf  bytes.Buffer
		name string
	)
	switch kind {
	case "piano":
		name = fmt.Sprintf("piano-performance-%d-%d-v%d.pdf", ws.Plan.Cycle.FirstYear, ws.Plan.Cycle.LastYear, ws.Plan.Version.Number)
		err = document.WritePiano(&buf, document.PianoOf(ws.Plan, ws.LoadedAt))
	case "relazione":
		in := ws.scoreInput(year)
		if edition == document.Internal {
			if in.Behaviour, err = s.Store.BehaviourRatings(r.Context(), u.OrganizationID, ws.Plan.Cycle.ID, year); err != nil {
				s.Error(w, r, err)
				return
			}
		}
		name = fmt.Sprintf("relazione-performance-%d-%s.pdf", year, editionWord(edition))
		err = document.WriteRelazione(&buf, document.RelazioneOf(in, ws.Versions, ws.SignOff(year), edition, ws.LoadedAt))
	default:
		name = fmt.Sprintf("validazione-relazione-%d.pdf", year)
		err = document.WriteValidazione(&buf, document.ValidazioneOf(ws.scoreInput(year), ws.SignOff(year), ws.LoadedAt))
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	sendFile(w, "application/pdf", name, buf.Bytes(), edition == document.Internal)
}

// handlePlanExport sends the plan (the version ?versione=ID, else the one
// in force) as XLSX, ODS, CSV or JSON (?formato=), like «performa export».
func (s *Server) handlePlanExport(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var f report.Format
	for _, c := range report.Formats {
		if string(c) == strings.ToLower(q.Get("formato")) {
			f = c
		}
	}
	if f == "" {
		s.Error(w, r, domain.Errorf(domain.EINVALID, "Formato non previsto: xlsx, ods, csv o json."))
		return
	}
	version, _ := strconv.ParseInt(q.Get("versione"), 10, 64)
	ws, err := s.loadWorkspaceOf(r, version)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := report.Write(&buf, f, ws.Plan); err != nil {
		s.Error(w, r, err)
		return
	}
	types := map[report.Format]string{
		report.XLSXFormat: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		report.ODSFormat:  "application/vnd.oasis.opendocument.spreadsheet",
		report.CSVFormat:  "text/csv; charset=utf-8",
		report.JSONFormat: "application/json",
	}
	name := fmt.Sprintf("piano-%d-%d-v%d.%s", ws.Plan.Cycle.FirstYear, ws.Plan.Cycle.LastYear, ws.Plan.Version.Number, f)
	sendFile(w, types[f], name, buf.Bytes(), false)
}

// sendFile sends body as a download; a private one is never kept by a
// cache.
func sendFile(w http.ResponseWriter, contentType, name string, body []byte, private bool) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, name))
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("X-Content-Type-Options", "nosniff")
	if private {
		h.Set("Cache-Control", "no-store")
	} else {
		h.Set("Cache-Control", "private, no-cache")
	}
	_, _ = w.Write(body)
}

func editionWord(e document.Edition) string {
	if e == document.Internal {
		return "interna"
	}
	return "pubblica"
}

// first is the first of values that is not empty.
func first(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
