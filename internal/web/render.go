package web

import (
	"bytes"
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"

	"github.com/performa-pa/performa/internal/domain"
)

//go:embed templates
var templateFS embed.FS

// views holds one template set per page: the layout (templates/layout/)
// plus the page's file, which defines "content".
type views struct {
	pages map[string]*template.Template
}

func parseViews() *views {
	base := template.Must(template.New("").Funcs(funcs).ParseFS(templateFS, "templates/layout/*.html"))
	v := &views{pages: map[string]*template.Template{}}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		panic(err)
	}
	for _, name := range names {
		t := template.Must(template.Must(base.Clone()).ParseFS(templateFS, name))
		v.pages[path.Base(name)] = t
	}
	return v
}

// page is what every page's template gets: the layout's needs and the
// page's own Data.
type page struct {
	Title  string
	Active string // path of the current section, for the navigation
	User   *domain.User
	Org    *domain.Organization
	CSRF   string
	Nav    []navItem
	Notice string // a success message
	Data   any
}

type navItem struct {
	Label string
	Path  string
}

// navigation is the main menu; each entry shows only to whom the route
// table lets open it.
var navigation = []navItem{
	{"Cruscotto", "/"},
	{"Piano", "/piano"},
	{"Monitoraggio", "/monitoraggio"},
	{"Validazione", "/validazione"},
	{"Documenti", "/documenti"},
	{"Personale", "/personale"},
	{"La mia scheda", "/la-mia-scheda"},
	{"Premi", "/premi"},
	{"Importa", "/importa"},
	{"Registro", "/registro"},
	{"Amministrazione", "/amministrazione"},
}

// navPattern is the route of a navigation entry.
func navPattern(p string) string {
	if p == "/" {
		return "GET /{$}"
	}
	return "GET " + p
}

// newPage fills in the layout's part of a page for the request.
func (s *Server) newPage(r *http.Request, title, active string, data any) *page {
	if strings.HasPrefix(active, "/amministrazione/") {
		active = "/amministrazione" // its sections are one entry of the menu
	}
	pg := &page{Title: title, Active: active, Data: data}
	p := principal(r)
	if p == nil {
		return pg
	}
	pg.User, pg.CSRF = p.User, p.CSRF()
	if org, err := s.Store.OrganizationByID(r.Context(), p.User.OrganizationID); err == nil {
		pg.Org = org
	}
	if !p.User.MustChangePassword {
		for _, n := range navigation {
			if s.allowed(r, navPattern(n.Path), p) {
				pg.Nav = append(pg.Nav, n)
			}
		}
	}
	return pg
}

var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render writes the page named name with status 200.
func (s *Server) render(w http.ResponseWriter, r *http.Request, name string, pg *page) {
	s.write(w, r, http.StatusOK, name, pg)
}

// renderStatus writes a page with a status, building its layout data.
func (s *Server) renderStatus(w http.ResponseWriter, r *http.Request, status int, name, title string, data any) {
	s.write(w, r, status, name, s.newPage(r, title, "", data))
}

// write executes the page into a buffer first, so that a template error
// gives a clean 500 instead of half a page.
func (s *Server) write(w http.ResponseWriter, r *http.Request, status int, name string, pg *page) {
	t, ok := s.views.pages[name]
	if !ok {
		s.Logger.Error("pagina sconosciuta", "template", name)
		http.Error(w, "Errore interno.", http.StatusInternalServerError)
		return
	}
	buf := buffers.Get().(*bytes.Buffer)
	buf.Reset()
	defer buffers.Put(buf)
	if err := t.ExecuteTemplate(buf, "layout", pg); err != nil {
		s.Logger.Error("pagina non generata", "template", name, "err", err)
		http.Error(w, "Errore interno.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// principalUser is the signed-in user of a request whose rule required one.
func principalUser(r *http.Request) *domain.User {
	if p := principal(r); p != nil {
		return p.User
	}
	return nil
}
