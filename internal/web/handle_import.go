package web

import (
	"errors"
	"io"
	"math"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/ingest"
	"github.com/performa-pa/performa/internal/quality"
)

// Importing a workbook from the browser, in two steps: the upload shows
// the check report (what performa read, per sheet; the diagnostics; the
// plan's quality) and keeps the file in memory (pending.go); the plan is
// stored only when the administrator confirms. The plan goes into the
// administrator's organization, whatever the file says.

// maxUpload bounds an upload: the largest workbook performa reads, and the
// form around it.
const maxUpload = ingest.MaxFileSize + 1<<20

type importPage struct {
	Error string
}

// handleImport shows the upload form.
func (s *Server) handleImport(w http.ResponseWriter, r *http.Request) {
	pg := s.newPage(r, "Importa", "/importa", &importPage{})
	if r.URL.Query().Get("esito") == "annullato" {
		pg.Notice = "Importazione annullata: nulla è stato salvato."
	}
	s.render(w, r, "import.html", pg)
}

// handleImportUpload reads the uploaded workbook and, when performa can
// read it, keeps it and sends to its report.
func (s *Server) handleImportUpload(w http.ResponseWriter, r *http.Request) {
	name, data, err := uploadedFile(r, "file")
	firstYear := 0
	if err == nil {
		firstYear, err = formFirstYear(r)
	}
	if err == nil {
		var p *pendingImport
		if p, err = s.readUpload(r, name, data, firstYear); err == nil {
			var id string
			if id, err = s.imports.put(p); err == nil {
				http.Redirect(w, r, "/importa/"+id, http.StatusSeeOther)
				return
			}
		}
	}
	status := Status(err)
	if status == http.StatusInternalServerError {
		s.Error(w, r, err)
		return
	}
	s.write(w, r, status, "import.html", s.newPage(r, "Importa", "/importa", &importPage{Error: domain.ErrorMessage(err)}))
}

// uploadedFile reads the file of a multipart form field.
func uploadedFile(r *http.Request, field string) (string, []byte, error) {
	f, hdr, err := r.FormFile(field)
	if err != nil {
		return "", nil, domain.Errorf(domain.EINVALID, "Scegli il file del piano da caricare.")
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, ingest.MaxFileSize+1))
	if err != nil {
		return "", nil, domain.Errorf(domain.EINVALID, "Il file non si è caricato per intero: riprova.")
	}
	name := filepath.Base(strings.ReplaceAll(hdr.Filename, `\`, "/"))
	if len(data) == 0 {
		return "", nil, domain.Errorf(domain.EINVALID, "Il file «%s» è vuoto.", name)
	}
	if len(data) > ingest.MaxFileSize {
		return "", nil, ingest.TooLarge("«"+name+"»", max(hdr.Size, int64(len(data))))
	}
	return name, data, nil
}

// readUpload reads a plan from a file for the signed-in user's
// organization and reviews it, as performa check does.
func (s *Server) readUpload(r *http.Request, name string, data []byte, firstYear int) (*pendingImport, error) {
	u := principalUser(r)
	plan, report, err := s.parsePlan(r, name, data, firstYear)
	if err != nil {
		return nil, err
	}
	return &pendingImport{OrgID: u.OrganizationID, UserID: u.ID, Name: name, Data: data, FirstYear: firstYear, Plan: plan,
		Quality: report, Uploaded: time.Now()}, nil
}

// formFirstYear reads the optional first year of the plan (the twin of
// performa import --first-year).
func formFirstYear(r *http.Request) (int, error) {
	v := strings.TrimSpace(r.FormValue("primo_anno"))
	if v == "" {
		return 0, nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < 1900 || y > 2199 {
		return 0, domain.Errorf(domain.EINVALID, "Il primo anno del piano «%s» non è un anno (ad es. 2023).", v)
	}
	return y, nil
}

// parsePlan reads and reviews a plan file, for the signed-in user's
// organization.
func (s *Server) parsePlan(r *http.Request, name string, data []byte, firstYear int) (*domain.Plan, quality.Report, error) {
	org, err := s.Store.OrganizationByID(r.Context(), principalUser(r).OrganizationID)
	if err != nil {
		return nil, quality.Report{}, err
	}
	plan, err := ingest.Parse(name, data, ingest.Options{Organization: org.Name, FirstYear: firstYear})
	if err != nil {
		return nil, quality.Report{}, err
	}
	report := quality.Review(plan)
	plan.Organization.Name = org.Name
	return plan, report, nil
}

type importReportPage struct {
	P       *pendingImport
	Units   []importUnit
	Counts  map[string]int // by severity
	Groups  []diagGroup
	Outcome string // what confirming will do
	Refused bool   // confirming would be refused: the cycle is approved, the draft monitored
	Guarded bool   // confirming replaces a variation or edits only if asked on purpose
	Match   *domain.ImportMatch
	Erased  []domain.DraftEdit // what replacing the draft would erase
	Replace bool               // the administrator asked to replace the draft
	// Blocking are the errors that refuse the import unless the
	// administrator ticks «Importa comunque».
	Blocking []domain.Diagnostic
	Error    string
	Minutes  int
	Overall  quality.Figures
}

// diagGroup is the diagnostics of one severity.
type diagGroup struct {
	Title string
	Items []domain.Diagnostic
	Open  bool
}

type importUnit struct {
	Unit       *domain.Unit
	Indicators int
	Quality    quality.Figures
	WeightOK   bool
}

// handleImportReport shows the check report of an upload, with the
// buttons to confirm or cancel.
func (s *Server) handleImportReport(w http.ResponseWriter, r *http.Request) {
	pg, err := s.importReport(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.render(w, r, "import_report.html", s.newPage(r, "Controllo del piano · Importa", "/importa", pg))
}

func (s *Server) importReport(r *http.Request) (*importReportPage, error) {
	u := principalUser(r)
	p, err := s.imports.get(r.PathValue("upload"), u.OrganizationID, u.ID)
	if err != nil {
		return nil, err
	}
	pg := &importReportPage{P: p, Counts: map[string]int{}, Overall: p.Quality.Overall,
		Minutes: int(math.Ceil(time.Until(p.Expires()).Minutes())), Blocking: ingest.Blocking(p.Plan)}
	for i, unit := range p.Plan.Units {
		iu := importUnit{Unit: unit}
		for _, o := range unit.Objectives {
			iu.Indicators += len(o.Indicators)
		}
		if i < len(p.Quality.Units) {
			iu.Quality = p.Quality.Units[i].Figures
			iu.WeightOK = iu.Quality.WeightsAddUp
		}
		pg.Units = append(pg.Units, iu)
	}
	for _, g := range []diagGroup{{Title: "Errori", Open: true}, {Title: "Avvisi"}, {Title: "Note"}} {
		sev := [...]domain.Severity{domain.SeverityError, domain.SeverityWarning, domain.SeverityInfo}[len(pg.Groups)]
		for _, d := range p.Plan.Diagnostics {
			if d.Severity == sev {
				g.Items = append(g.Items, d)
			}
		}
		pg.Counts[string(sev)] = len(g.Items)
		pg.Groups = append(pg.Groups, g)
	}
	if err := s.previewImport(r, pg); err != nil {
		return nil, err
	}
	return pg, nil
}

// previewImport says what confirming would do, from a dry run of the
// import: a new draft or a replaced one, and which elements it
// recognises; or why it would be refused; or, over a variation or a draft
// edited in performa, what replacing it on purpose would erase.
func (s *Server) previewImport(r *http.Request, pg *importReportPage) error {
	opts := domain.ImportOptions{Actor: actor(r), DryRun: true}
	try := func() (*domain.ImportResult, error) {
		plan, _, err := s.parsePlan(r, pg.P.Name, pg.P.Data, pg.P.FirstYear)
		if err != nil {
			return nil, err
		}
		return s.Store.ImportPlanWith(r.Context(), plan, opts)
	}
	c := cycleLabel(pg.P.Plan.Cycle)
	res, err := try()
	var guard *domain.DraftEditedError
	if errors.As(err, &guard) {
		pg.Guarded, pg.Outcome = true, domain.ErrorMessage(err)
		opts.ReplaceDraft = true
		res, err = try()
	}
	switch {
	case err != nil && Status(err) == http.StatusInternalServerError:
		return err
	case err != nil:
		pg.Refused, pg.Outcome = true, domain.ErrorMessage(err)+" Confermare non servirebbe: l'importazione sarebbe rifiutata."
		return nil
	}
	pg.Match, pg.Erased = &res.Match, res.Erased
	if pg.Guarded {
		return nil
	}
	if res.Replaced {
		pg.Outcome = "Il ciclo " + c + " ha già una bozza (versione " + itoa(res.ReplacedVersion) +
			"): confermando, il suo contenuto è sostituito da questo file. Obiettivi e indicatori riconosciuti restano gli stessi, con i loro collegamenti e la loro storia."
	} else {
		pg.Outcome = "Confermando, il piano diventa la bozza (versione 1) del ciclo " + c + "."
	}
	return nil
}

func cycleLabel(c domain.Cycle) string { return itoa(c.FirstYear) + "–" + itoa(c.LastYear) }

// handleImportConfirm stores the uploaded plan. A refusal (an approved
// cycle, a draft already monitored) shows the report again with the
// reason; the store is unchanged.
func (s *Server) handleImportConfirm(w http.ResponseWriter, r *http.Request) {
	pg, err := s.importReport(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	pg.Replace = r.PostFormValue("sostituisci") != ""
	plan, _, err := s.parsePlan(r, pg.P.Name, pg.P.Data, pg.P.FirstYear)
	if err == nil {
		err = refuseBlocked(plan, r.PostFormValue("forza") == "1", "spunta «Importa comunque»")
	}
	if err == nil {
		_, err = s.Store.ImportPlanWith(r.Context(), plan, domain.ImportOptions{Actor: actor(r), ReplaceDraft: pg.Replace})
	}
	if err == nil {
		s.imports.drop(pg.P.ID)
		http.Redirect(w, r, "/?esito=importato", http.StatusSeeOther)
		return
	}
	status := Status(err)
	if status == http.StatusInternalServerError {
		s.Error(w, r, err)
		return
	}
	pg.Error = domain.ErrorMessage(err) + " L'archivio non è stato modificato."
	s.write(w, r, status, "import_report.html", s.newPage(r, "Controllo del piano · Importa", "/importa", pg))
}

// refuseBlocked refuses a plan that would empty or cut the draft
// (ingest.Blocking) unless the user insists; how says how to insist.
func refuseBlocked(p *domain.Plan, force bool, how string) error {
	if b := ingest.Blocking(p); len(b) > 0 && !force {
		return domain.Errorf(domain.EINVALID, "Il piano non è stato importato: %s. Per importarlo comunque, %s.",
			ingest.BlockingText(b), how)
	}
	return nil
}

// handleImportCancel forgets an upload.
func (s *Server) handleImportCancel(w http.ResponseWriter, r *http.Request) {
	u := principalUser(r)
	if p, err := s.imports.get(r.PathValue("upload"), u.OrganizationID, u.ID); err == nil {
		s.imports.drop(p.ID)
	}
	http.Redirect(w, r, "/importa?esito=annullato", http.StatusSeeOther)
}
