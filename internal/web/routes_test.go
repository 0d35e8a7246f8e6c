package web_test

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/store/storetest"
)

// allowedTo is who may use each route. Every registered route must be
// here, and every route here must be registered: adding a route means
// deciding, in this table, who may use it.
var allowedTo = map[string][]string{
	"GET /healthz":                       everyone,
	"GET /static/":                       everyone,
	"GET /":                              everyone, // the page-not-found page
	"GET /accedi":                        everyone,
	"POST /accedi":                       everyone,
	"POST /esci":                         signedIn,
	"GET /profilo/password":              signedIn,
	"POST /profilo/password":             signedIn,
	"GET /profilo/token":                 signedIn,
	"POST /profilo/token/{token}/revoca": signedIn, // one's own token: another's is not found
	"GET /{$}":                           signedIn,
	"GET /piano":                         signedIn,
	"GET /piano/obiettivi/{objective}":   signedIn,
	"GET /piano/confronto":               signedIn,
	"GET /piano/esporta":                 signedIn,
	"GET /documenti":                     signedIn,
	"GET /documenti/{document}":          signedIn, // the public Relazione; the internal edition: TestDocumentsPage
	"GET /piano/obiettivi/{objective}/modifica":              {admin, manager}, // an objective of Area 1
	"POST /piano/obiettivi/{objective}/modifica":             {admin, manager},
	"GET /piano/indicatori/{indicator}/modifica":             {admin, manager},
	"POST /piano/indicatori/{indicator}/modifica":            {admin, manager},
	"GET /piano/unita/{unit}/obiettivi/nuovo":                {admin, manager},
	"POST /piano/unita/{unit}/obiettivi/nuovo":               {admin, manager},
	"GET /piano/obiettivi/{objective}/indicatori/nuovo":      {admin, manager},
	"POST /piano/obiettivi/{objective}/indicatori/nuovo":     {admin, manager},
	"GET /piano/obiettivi/{objective}/elimina":               {admin, manager},
	"POST /piano/obiettivi/{objective}/elimina":              {admin, manager},
	"GET /piano/indicatori/{indicator}/elimina":              {admin, manager},
	"POST /piano/indicatori/{indicator}/elimina":             {admin, manager},
	"GET /monitoraggio":                                      {admin, manager, otherManager},
	"GET /monitoraggio/unita/{unit}":                         {admin, manager}, // the unit is Area 1
	"POST /monitoraggio/unita/{unit}":                        {admin, manager},
	"GET /validazione":                                       {admin, evaluator},
	"POST /validazione/chiusura":                             {admin, evaluator},
	"GET /validazione/unita/{unit}":                          {admin, evaluator},
	"POST /validazione/unita/{unit}":                         {admin, evaluator},
	"GET /registro":                                          {admin, evaluator},
	"GET /importa":                                           {admin},
	"POST /importa":                                          {admin},
	"GET /importa/{upload}":                                  {admin},
	"POST /importa/{upload}/conferma":                        {admin},
	"POST /importa/{upload}/annulla":                         {admin},
	"GET /personale":                                         {admin, manager, otherManager, evaluator},
	"POST /personale":                                        {admin, manager, otherManager, evaluator},
	"GET /personale/{matricola}":                             signedIn, // who sees whom: TestSchedeWhoSeesWhat
	"POST /personale/{matricola}":                            signedIn,
	"GET /personale/{matricola}/pdf":                         signedIn,
	"GET /la-mia-scheda":                                     {reader}, // the reader is matricola 1002
	"GET /premi":                                             {admin, reader},
	"POST /premi":                                            {admin},
	"GET /premi/foglio":                                      {admin},
	"GET /amministrazione":                                   {admin},
	"GET /amministrazione/pubblicazione":                     {admin},
	"POST /amministrazione/pubblicazione":                    {admin},
	"GET /trasparenza":                                       everyone,
	"GET /trasparenza/{$}":                                   everyone,
	"GET /trasparenza/{ente}":                                everyone,
	"GET /trasparenza/{ente}/{$}":                            everyone,
	"GET /trasparenza/{ente}/piano/{anno}":                   everyone,
	"GET /trasparenza/{ente}/piano/{anno}/pdf":               everyone,
	"GET /trasparenza/{ente}/relazione/{anno}":               everyone,
	"GET /trasparenza/{ente}/relazione/{anno}/pdf":           everyone,
	"GET /trasparenza/{ente}/premi/{anno}":                   everyone,
	"GET /trasparenza/{ente}/premi/{anno}/pdf":               everyone,
	"GET /trasparenza/{ente}/dati/{$}":                       everyone,
	"GET /trasparenza/{ente}/dati/{file}":                    everyone,
	"GET /amministrazione/ciclo":                             {admin},
	"POST /amministrazione/ciclo/versioni/{version}/approva": {admin},
	"POST /amministrazione/ciclo/{cycle}/variazione":         {admin},
	"POST /amministrazione/ciclo/{cycle}/stato":              {admin},
	"POST /amministrazione/ciclo/{cycle}/riapertura":         {admin},
	"GET /amministrazione/utenti":                            {admin},
	"POST /amministrazione/utenti":                           {admin},
	"GET /amministrazione/utenti/{user}":                     {admin},
	"POST /amministrazione/utenti/{user}":                    {admin},
	"POST /amministrazione/utenti/{user}/password":           {admin},
	"POST /amministrazione/utenti/{user}/sblocca":            {admin},
	"GET /api/v1/openapi.json":                               everyone,
	"GET /api/v1/plans":                                      signedIn,
	"GET /api/v1/plans/{id}":                                 signedIn,
	"POST /api/v1/plans":                                     {admin},
	"GET /api/v1/plans/{id}/measurements":                    signedIn,
	"GET /api/v1/plans/{id}/scores":                          signedIn,
	"POST /api/v1/indicators/{indicator}/measurements":       {admin, manager},
	"POST /api/v1/objectives/{objective}/validations":        {admin, evaluator},
	"POST /api/v1/objectives/{objective}/confirmations":      {admin, evaluator},
	"POST /api/v1/objectives/{objective}/neutralisations":    {admin, evaluator},
	"POST /api/v1/plans/{id}/signoffs":                       {admin, evaluator},
	"POST /api/v1/plans/{id}/reopenings":                     {admin},
	"POST /api/v1/units/{unit}/objectives":                   {admin, manager},
	"PATCH /api/v1/objectives/{objective}":                   {admin, manager},
	"DELETE /api/v1/objectives/{objective}":                  {admin, manager},
	"POST /api/v1/objectives/{objective}/indicators":         {admin, manager},
	"PATCH /api/v1/indicators/{indicator}":                   {admin, manager},
	"DELETE /api/v1/indicators/{indicator}":                  {admin, manager},
	"GET /api/v1/schede":                                     signedIn,
	"POST /api/v1/schede":                                    signedIn,
	"GET /api/v1/schede/{matricola}":                         signedIn,
	"POST /api/v1/schede/{matricola}/ratings":                signedIn,
	"POST /api/v1/schede/{matricola}/steps":                  signedIn,
	"POST /api/v1/schede/{matricola}/evaluator":              {admin},
	"GET /api/v1/rewards":                                    {admin, reader},
}

var (
	everyone = principals
	signedIn = principals[1:]
)

// samplePath turns a route pattern into a path to request.
func (f *fixture) samplePath(t *testing.T, pattern string) (method, path string) {
	method, path, _ = strings.Cut(pattern, " ")
	switch path {
	case "/":
		return method, "/nonesiste"
	case "/static/":
		return method, "/static/css/performa.css"
	case "/piano/esporta":
		return method, "/piano/esporta?formato=csv"
	}
	area1 := f.unit(t, "Area 1")
	r := strings.NewReplacer(
		"{$}", "",
		"{unit}", strconv.FormatInt(area1.ID, 10),
		"{objective}", strconv.FormatInt(area1.Objectives[0].ID, 10),
		"{indicator}", strconv.FormatInt(area1.Objectives[0].Indicators[0].ID, 10),
		"{version}", strconv.FormatInt(f.plan.Version.ID, 10),
		"{cycle}", strconv.FormatInt(f.plan.Cycle.ID, 10),
		"{upload}", "0123456789abcdef0123456789abcdef",
		"{user}", strconv.FormatInt(f.target.ID, 10),
		"{id}", strconv.FormatInt(f.plan.Version.ID, 10),
		"{token}", "123",
		"{matricola}", "1002",
		"{document}", "relazione.pdf",
		"{ente}", domain.Slug(orgName),
		"{anno}", "2022",
		"{file}", "catalogo.json",
	)
	path = r.Replace(path)
	if strings.Contains(path, "{") {
		t.Fatalf("route %s: no sample value for its path parameter", pattern)
	}
	return method, path
}

// denied tells a refusal from any other answer: 401 or 403, or a page
// sending to the sign-in form.
func denied(r response) bool {
	if r.status == http.StatusUnauthorized || r.status == http.StatusForbidden {
		return true
	}
	return r.status == http.StatusSeeOther && strings.HasPrefix(r.header.Get("Location"), "/accedi?dopo=")
}

// TestRouteRoles walks every registered route × every role (and nobody
// signed in), through the real handler: pages with a session cookie (and
// the CSRF token on posts), the API with a bearer token.
func TestRouteRoles(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		f := newFixture(t, dialect, nil)
		registered := map[string]bool{}
		for _, rt := range f.srv.Routes() {
			registered[rt.Pattern] = true
			want, ok := allowedTo[rt.Pattern]
			if !ok {
				t.Errorf("route %s (rule %q) has no entry in allowedTo: decide who may use it", rt.Pattern, rt.Rule)
				continue
			}
			method, path := f.samplePath(t, rt.Pattern)
			api := strings.HasPrefix(path, "/api/")
			for _, who := range principals {
				var cookie, bearer string
				if api {
					bearer = f.token(t, who)
				} else {
					cookie = f.session(t, who)
				}
				res := f.do(t, method, path, cookie, bearer, nil)
				if res.status >= 500 {
					t.Errorf("%s as %s: %d %.200s", rt.Pattern, who, res.status, res.body)
				}
				if got, wantAllowed := !denied(res), slices.Contains(want, who); got != wantAllowed {
					t.Errorf("%s (%s) as %s: allowed = %v, want %v (status %d, Location %q)",
						rt.Pattern, rt.Rule, who, got, wantAllowed, res.status, res.header.Get("Location"))
				}
			}
		}
		for pattern := range allowedTo {
			if !registered[pattern] {
				t.Errorf("allowedTo lists %s, which is not registered", pattern)
			}
		}
	})
}
