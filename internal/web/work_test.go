package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/ingest"
	"github.com/performa-pa/performa/internal/quality"
	"github.com/performa-pa/performa/internal/seedtest"
	"github.com/performa-pa/performa/internal/store/storetest"
)

func id(n int64) string { return strconv.FormatInt(n, 10) }

// page is a GET of a page as who.
func (f *fixture) page(t *testing.T, who, path string) response {
	t.Helper()
	return f.do(t, "GET", path, f.session(t, who), "", nil)
}

// post sends a form as who, with the CSRF token.
func (f *fixture) post(t *testing.T, who, path string, form url.Values) response {
	t.Helper()
	return f.do(t, "POST", path, f.session(t, who), "", form)
}

// api sends a JSON request as who, with a bearer token.
func (f *fixture) api(t *testing.T, who, method, path string, body any) (response, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, f.ts.URL+path, rd)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+f.token(t, who))
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var doc map[string]any
	json.Unmarshal(b, &doc)
	return response{resp.StatusCode, resp.Header, string(b)}, doc
}

// upload sends a file to a multipart form as who.
func (f *fixture) upload(t *testing.T, who, path, name string, data []byte) response {
	t.Helper()
	return f.uploadFields(t, who, path, name, data, nil)
}

func has(t *testing.T, what string, res response, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(res.body, w) {
			t.Errorf("%s: %q missing (status %d)", what, w, res.status)
		}
	}
}

// TestMonitoringForm: one form for every indicator of a unit; a wrong
// value brings everything typed back with a message and saves nothing; the
// right values are saved in one go and the achievement shows at once.
func TestMonitoringForm(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		f := newFixture(t, dialect, nil)
		ctx := context.Background()
		unit := f.unit(t, "Area 1")
		path := "/monitoraggio/unita/" + id(unit.ID)
		in1, in2 := unit.Objectives[0].Indicators[0], unit.Objectives[1].Indicators[0]

		res := f.page(t, manager, path+"?data=2022-06-30")
		if res.status != 200 || strings.Count(res.body, `name="valore-`) != len(unit.Objectives) {
			t.Fatalf("form: %d, %d value fields", res.status, strings.Count(res.body, `name="valore-`))
		}
		has(t, "form", res, "Target 2022: <q>&gt;= 12</q>", "almeno 12", `value="30/06/2022"`)

		bad := url.Values{"data": {"30/06/2022"},
			"valore-" + id(in1.ID): {"dodici"}, "nota-" + id(in1.ID): {"da verificare"},
			"valore-" + id(in2.ID): {"6"}, "evidenza-" + id(in2.ID): {"prot. 77"}}
		res = f.post(t, manager, path, bad)
		if res.status != http.StatusBadRequest {
			t.Fatalf("bad value: status %d", res.status)
		}
		has(t, "refused form", res, "Le misurazioni non sono state salvate", "Serve un numero",
			`value="dodici"`, `value="da verificare"`, `value="6"`, `value="prot. 77"`, `aria-invalid="true"`)
		if ms, _ := f.st.Measurements(ctx, f.org.ID, f.plan.Version.ID); len(ms) != 0 {
			t.Fatalf("a refused form saved %d measurements", len(ms))
		}
		if res := f.post(t, manager, path, url.Values{"data": {"30/06/2022"}}); res.status != http.StatusBadRequest ||
			!strings.Contains(res.body, "Non hai scritto nessun valore") {
			t.Errorf("empty form: %d", res.status)
		}
		if res := f.post(t, manager, path, url.Values{"data": {"31/02/2022"}, "valore-" + id(in1.ID): {"3"}}); res.status != http.StatusBadRequest ||
			!strings.Contains(res.body, "non è valida") || !strings.Contains(res.body, `value="31/02/2022"`) {
			t.Errorf("bad date: %d", res.status)
		}

		bad["valore-"+id(in1.ID)] = []string{"12"}
		res = f.post(t, manager, path, bad)
		if res.status != http.StatusSeeOther {
			t.Fatalf("good form: %d %.300s", res.status, res.body)
		}
		ms, _ := f.st.Measurements(ctx, f.org.ID, f.plan.Version.ID)
		if len(ms) != 2 || ms[0].RecordedBy != manager {
			t.Fatalf("saved: %+v", ms)
		}
		res = f.page(t, manager, res.header.Get("Location"))
		has(t, "after saving", res, "Registrate: 2 misurazioni", `id="raggiungimento-`+id(in1.ID)+`">100%`,
			`id="raggiungimento-`+id(in2.ID)+`">50%`, "Punteggio dell'unità al 30/06/2022")

		// The cruscotto and the piano show it.
		res = f.page(t, manager, "/")
		has(t, "cruscotto", res, "Il mio lavoro", "Area 1", "8 indicatori</strong> su 10 ancora da misurare", "tabella-andamento", "30/06/2022", `role="img" aria-labelledby="grafico-andamento-titolo grafico-andamento-desc"`, "tabella-grafico-unita", "Punteggio delle unità nel 2022")
		res = f.page(t, reader, "/piano?unita="+id(unit.ID)+"&stato=critico")
		has(t, "piano filtered", res, "1 obiettivo su 20 corrisponde", "Obiettivo 2")

		// A manager of another unit is refused, with nothing saved.
		if res := f.post(t, otherManager, path, bad); res.status != http.StatusForbidden {
			t.Errorf("other manager: %d", res.status)
		}
		if ms, _ := f.st.Measurements(ctx, f.org.ID, f.plan.Version.ID); len(ms) != 2 {
			t.Errorf("other manager saved: %d", len(ms))
		}
	})
}

// TestValidationAndSignOff: the Nucleo validates with a reason, confirms
// the computed figure of one objective and of a whole unit, neutralises
// one; the year cannot be closed (the page lists what is missing, the
// sign-off is refused with the list) until the plan is approved, the year
// is over and every objective has a validated result or a
// neutralisation; then it closes, refuses measurements and validations,
// and reopens with an act.
func TestValidationAndSignOff(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		f := newFixture(t, dialect, nil)
		ctx := context.Background()
		area1, area2 := f.unit(t, "Area 1"), f.unit(t, "Area 2")
		o, o2, o3 := area1.Objectives[0], area1.Objectives[1], area1.Objectives[2]
		in := o.Indicators[0]
		measureAll := func(u *domain.Unit, value float64) {
			var ms []*domain.Measurement
			for _, o := range u.Objectives {
				ms = append(ms, &domain.Measurement{IndicatorID: o.Indicators[0].ID, Date: time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC),
					Number: ptr(value), Note: "relazione finale", Evidence: "prot. 1234/2023", RecordedBy: manager})
			}
			if err := f.st.AddMeasurements(ctx, f.org.ID, ms); err != nil {
				t.Fatal(err)
			}
		}
		measureAll(area1, 6) // 50% of ">= 12"
		path := "/validazione/unita/" + id(area1.ID)
		res := f.page(t, evaluator, path+"?anno=2022")
		has(t, "validation form", res, `id="calcolato-`+id(o.ID)+`">50%`, `name="percentuale-`+id(o.ID)+`"`,
			"relazione finale", "prot. 1234/2023", `value="convalida:`+id(o.ID)+`"`, `value="neutralizza:`+id(o.ID)+`"`,
			"Convalida il calcolato di 10 obiettivi", "provvisorio: 10 obiettivi su 10, 100% del peso")

		res = f.post(t, evaluator, path, url.Values{"anno": {"2022"}, "percentuale-" + id(o.ID): {"70"}})
		if res.status != http.StatusBadRequest {
			t.Fatalf("without reason: %d", res.status)
		}
		has(t, "without reason", res, "La motivazione è obbligatoria", `value="70"`)
		// A validation typed and a confirmation pressed go together.
		res = f.post(t, evaluator, path, url.Values{"anno": {"2022"}, "percentuale-" + id(o.ID): {"70"},
			"motivazione-" + id(o.ID): {"documentazione integrativa"}, "azione": {"convalida:" + id(o2.ID)}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("validation: %d %.300s", res.status, res.body)
		}
		vs, _ := f.st.Validations(ctx, f.org.ID, f.plan.Version.ID)
		if len(vs) != 2 {
			t.Fatalf("stored validations: %+v", vs)
		}
		for _, v := range vs {
			switch {
			case v.ObjectiveID == o.ID && (v.Percent != 70 || *v.Computed != 50 || v.Kind != domain.ValidationSet):
				t.Errorf("validation: %+v", v)
			case v.ObjectiveID == o2.ID && (v.Percent != 50 || v.Kind != domain.ValidationConfirmed || v.ValidatorName != "Anna Bianchi"):
				t.Errorf("confirmation: %+v", v)
			}
		}
		has(t, "after validating", f.page(t, evaluator, res.header.Get("Location")), "Validato: <strong>70%</strong>",
			"Calcolato confermato", "Anna Bianchi", "Registrati: 1 validazione, 1 calcolato confermato.")
		// Neutralising needs the reason; a % typed with it is refused.
		res = f.post(t, evaluator, path, url.Values{"anno": {"2022"}, "azione": {"neutralizza:" + id(o3.ID)}})
		has(t, "neutralise without reason", res, "Per neutralizzare l&#39;obiettivo scrivi la motivazione")
		res = f.post(t, evaluator, path, url.Values{"anno": {"2022"}, "azione": {"neutralizza:" + id(o3.ID)},
			"percentuale-" + id(o3.ID): {"10"}, "motivazione-" + id(o3.ID): {"ufficio soppresso"}})
		has(t, "neutralise with a %", res, "Un obiettivo neutralizzato non ha una percentuale")
		if res.status != http.StatusBadRequest {
			t.Errorf("neutralise with a %%: %d", res.status)
		}
		res = f.post(t, evaluator, path, url.Values{"anno": {"2022"}, "azione": {"neutralizza:" + id(o3.ID)},
			"motivazione-" + id(o3.ID): {"ufficio soppresso con delibera 40/2022"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("neutralise: %d %.300s", res.status, res.body)
		}
		// The rest of Area 1 confirmed in one go, one reason for the lot.
		res = f.post(t, evaluator, path, url.Values{"anno": {"2022"}, "azione": {"convalida-tutti"},
			"motivazione-tutti": {"evidenze verificate a campione"}})
		if res.status != http.StatusSeeOther || !strings.Contains(res.header.Get("Location"), "confermati=7") {
			t.Fatalf("confirm the unit: %d %s", res.status, res.header.Get("Location"))
		}
		has(t, "unit confirmed", f.page(t, evaluator, path+"?anno=2022"), "Nessun valore calcolato da convalidare",
			"Neutralizzato", "ufficio soppresso con delibera 40/2022", "1 obiettivo neutralizzato")

		// The year cannot close yet: the page says what is missing, with
		// links, and offers no button; the cruscotto never says it can.
		page := f.page(t, evaluator, "/validazione?anno=2022")
		has(t, "gaps", page, "non si può ancora chiudere", "La versione 1 del piano è in bozza", "Il 2022 non è ancora concluso",
			`href="/validazione/unita/`+id(area2.ID)+`?anno=2022">Area 2</a>: 10 obiettivi da completare`,
			`#obiettivo-`+id(area2.Objectives[0].ID))
		if strings.Contains(page.body, `id="chiudi-anno"`) {
			t.Error("the page offers to close a year that cannot be closed")
		}
		has(t, "cruscotto", f.page(t, evaluator, "/?anno=2022"), `id="chiusura-non-possibile"`, "mancano ancora 12 elementi")
		seen := between(page.body, `name="stato_piano" value="`, `"`)
		if seen != "" {
			t.Fatal("a sign-off form on an incomplete year")
		}
		stamp, _ := f.st.VersionStamp(ctx, f.org.ID, f.plan.Version.ID)
		res = f.post(t, evaluator, "/validazione/chiusura", url.Values{"anno": {"2022"}, "stato_piano": {stamp}, "conferma": {"1"}})
		if res.status != http.StatusConflict {
			t.Fatalf("incomplete sign-off: %d", res.status)
		}
		has(t, "incomplete sign-off", res, "non si può chiudere: 10 obiettivi senza risultato", "Area 2, obiettivo 2.1: nessun risultato")
		if sos, _ := f.st.SignOffs(ctx, f.org.ID, f.plan.Cycle.ID); len(sos) != 0 {
			t.Fatal("an incomplete year was signed off")
		}

		// Approve, end the year, complete Area 2: now it closes.
		if err := f.st.ApproveVersion(ctx, f.org.ID, f.plan.Version.ID, "12", time.Date(2022, 1, 28, 0, 0, 0, 0, time.UTC), admin); err != nil {
			t.Fatal(err)
		}
		f.clock.Set(time.Date(2023, 2, 1, 10, 0, 0, 0, time.UTC))
		has(t, "over", f.page(t, evaluator, "/validazione?anno=2022"), "anno concluso, non ancora chiuso",
			"0 obiettivi su 10, 0% del peso; gli altri contano 0%")
		measureAll(area2, 12)
		res = f.post(t, evaluator, "/validazione/unita/"+id(area2.ID), url.Values{"anno": {"2022"}, "azione": {"convalida-tutti"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("confirm Area 2: %d", res.status)
		}
		has(t, "cruscotto closable", f.page(t, evaluator, "/?anno=2022"), "puoi chiudere il 2022")
		page = f.page(t, evaluator, "/validazione?anno=2022")
		seen = between(page.body, `name="stato_piano" value="`, `"`)
		res = f.post(t, evaluator, "/validazione/chiusura", url.Values{"anno": {"2022"}, "stato_piano": {seen}})
		if res.status != http.StatusBadRequest || !strings.Contains(res.body, "spunta la conferma") {
			t.Errorf("without confirmation: %d", res.status)
		}
		// A measurement after the page was shown: the figures are stale.
		if err := f.st.AddMeasurement(ctx, f.org.ID, &domain.Measurement{IndicatorID: in.ID,
			Date: time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC), Number: ptr(6), RecordedBy: manager}); err != nil {
			t.Fatal(err)
		}
		res = f.post(t, evaluator, "/validazione/chiusura", url.Values{"anno": {"2022"}, "stato_piano": {seen}, "conferma": {"1"}})
		if res.status != http.StatusConflict || !strings.Contains(res.body, "Nel frattempo") {
			t.Errorf("stale sign-off: %d", res.status)
		}
		seen = between(res.body, `name="stato_piano" value="`, `"`)
		res = f.post(t, evaluator, "/validazione/chiusura", url.Values{"anno": {"2022"}, "stato_piano": {seen}, "conferma": {"1"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("sign-off: %d %.300s", res.status, res.body)
		}
		has(t, "signed off", f.page(t, evaluator, "/validazione?anno=2022"), "Anno chiuso", "i punteggi mostrati sono quelli definitivi",
			"da Anna Bianchi")
		dash := f.page(t, evaluator, "/?anno=2022")
		has(t, "cruscotto signed off", dash, "Punteggi 2022 (definitivo)", `id="anno-chiuso"`)
		if strings.Contains(dash.body, "da validare nel 2022") || strings.Contains(dash.body, "/validazione/unita/") {
			t.Error("to-dos left on the cruscotto of a closed year")
		}

		// After the sign-off: measurements and validations of 2022 refused.
		res = f.post(t, manager, "/monitoraggio/unita/"+id(area1.ID), url.Values{"data": {"30/12/2022"}, "valore-" + id(in.ID): {"12"}})
		if res.status != http.StatusConflict {
			t.Fatalf("measurement after sign-off: %d", res.status)
		}
		has(t, "measurement after sign-off", res, "è stato chiuso dal Nucleo di Valutazione", "Nessuna misurazione è stata salvata", `value="12"`)
		res = f.post(t, evaluator, path, url.Values{"anno": {"2022"}, "percentuale-" + id(o.ID): {"90"}, "motivazione-" + id(o.ID): {"x"}})
		if res.status != http.StatusConflict {
			t.Errorf("validation after sign-off: %d", res.status)
		}
		// 2023 goes on.
		if res := f.post(t, manager, "/monitoraggio/unita/"+id(area1.ID), url.Values{"data": {"30/01/2023"}, "valore-" + id(in.ID): {"10"}}); res.status != http.StatusSeeOther {
			t.Errorf("2023 measurement: %d", res.status)
		}

		// Reopening: the administrator, with the act.
		reopen := "/amministrazione/ciclo/" + id(f.plan.Cycle.ID) + "/riapertura"
		form := url.Values{"anno": {"2022"}, "motivo": {"errore materiale nell'obiettivo 1.1"}, "numero": {"45"}, "data": {"01/02/2023"}}
		if res := f.post(t, evaluator, reopen, form); res.status != http.StatusForbidden {
			t.Errorf("the Nucleo reopens: %d", res.status)
		}
		bad := url.Values{"anno": {"2022"}, "motivo": {"errore"}, "data": {"02/02/2023"}}
		res = f.post(t, admin, reopen, bad)
		if res.status != http.StatusBadRequest {
			t.Fatalf("reopening without act: %d", res.status)
		}
		has(t, "reopening without act", res, "Indica il numero dell&#39;atto", "La data dell&#39;atto non può essere nel futuro", `value="errore"`)
		if res := f.post(t, admin, reopen, form); res.status != http.StatusSeeOther {
			t.Fatalf("reopen: %d %.300s", res.status, res.body)
		}
		cyclePage := f.page(t, admin, "/amministrazione/ciclo")
		has(t, "cycle page", cyclePage, "2022 riaperto da Giulio Nardi con l'atto n. 45 del 01/02/2023",
			"2022 chiuso da Anna Bianchi")
		if strings.Contains(cyclePage.body, `id="riapri-2022"`) {
			t.Error("a reopened year offered for reopening")
		}
		has(t, "reopened", f.page(t, evaluator, "/validazione?anno=2022"), "riaperto da Giulio Nardi", "anno concluso, non ancora chiuso")
		has(t, "cruscotto reopened", f.page(t, reader, "/?anno=2022"), "Punteggi 2022 (anno concluso, non ancora chiuso)")
	})
}

func between(s, from, to string) string {
	_, rest, _ := strings.Cut(s, from)
	v, _, _ := strings.Cut(rest, to)
	return v
}

func ptr(v float64) *float64 { return &v }

// TestEditConcurrency: an edit from a stale copy is refused and nothing is
// overwritten; an approved version is read-only; every edit is audited.
func TestEditConcurrency(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		f := newFixture(t, dialect, nil)
		ctx := context.Background()
		o := f.unit(t, "Area 1").Objectives[0]
		path := "/piano/obiettivi/" + id(o.ID) + "/modifica"
		form := func(title, rev string) url.Values {
			return url.Values{"titolo": {title}, "codice": {"1.1"}, "peso": {"12,5"}, "missione_codice": {"1"},
				"tipo": {"unit"}, "revisione": {rev}}
		}
		has(t, "edit form", f.page(t, manager, path), `name="revisione" value="1"`, "Obiettivo 1")
		if res := f.post(t, manager, path, form("Titolo del responsabile", "1")); res.status != http.StatusSeeOther {
			t.Fatalf("first edit: %d %.300s", res.status, res.body)
		}
		res := f.post(t, admin, path, form("Titolo dell'amministratore", "1"))
		if res.status != http.StatusConflict {
			t.Fatalf("stale edit: %d", res.status)
		}
		has(t, "stale edit", res, "qualcun altro ha modificato", "Titolo dell&#39;amministratore", "Valori attuali (revisione 2)", "Titolo del responsabile")
		plan, _ := f.st.Plan(ctx, f.org.ID, f.plan.Version.ID)
		got := plan.Units[0].Objectives[0]
		if got.Title != "Titolo del responsabile" || *got.Weight != 12.5 || got.Mission.Code != "01" {
			t.Errorf("stored: %q %v %q", got.Title, *got.Weight, got.Mission.Code)
		}
		if res := f.post(t, manager, path, form("", "2")); res.status != http.StatusBadRequest || !strings.Contains(res.body, "non può essere vuoto") {
			t.Errorf("empty title: %d", res.status)
		}
		// The indicator, its targets understood again.
		in := o.Indicators[0]
		ipath := "/piano/indicatori/" + id(in.ID) + "/modifica"
		res = f.post(t, manager, ipath, url.Values{"descrizione": {"Pratiche evase"}, "revisione": {"1"},
			"target_2022": {"entro il 30.09.2022"}, "target_2023": {">= 20"}, "target_2024": {""}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("indicator edit: %d %.300s", res.status, res.body)
		}
		has(t, "objective page", f.page(t, admin, "/piano/obiettivi/"+id(o.ID)), "Pratiche evase", "entro il 30/09/2022",
			"Storia delle modifiche", "Titolo del responsabile")
		// Approved: read-only, for the manager and the administrator alike.
		if err := f.st.ApproveVersion(ctx, f.org.ID, f.plan.Version.ID, "5", time.Date(2022, 1, 20, 0, 0, 0, 0, time.UTC), "admin"); err != nil {
			t.Fatal(err)
		}
		has(t, "approved form", f.page(t, admin, path), "non si modifica più")
		if res := f.post(t, admin, path, form("Dopo l'approvazione", "2")); res.status != http.StatusConflict {
			t.Errorf("edit of an approved version: %d", res.status)
		}
		// The audit log, per object and per person.
		has(t, "audit per object", f.page(t, evaluator, "/registro?oggetto="+id(o.ID)), "Titolo del responsabile", "Pratiche evase", "modifica")
		has(t, "audit per person", f.page(t, admin, "/registro?utente="+manager), "Modifiche fatte da responsabile", "Titolo del responsabile")
	})
}

// TestImportPage: upload, check report, nothing stored until confirmed,
// then stored in the administrator's organization.
func TestImportPage(t *testing.T) {
	f := newFixture(t, "sqlite", storetest.SamplePlan(orgName))
	ctx := context.Background()
	data := seedtest.Bytes(t)
	if res := f.upload(t, admin, "/importa", "vuoto.txt", nil); res.status != http.StatusBadRequest || !strings.Contains(res.body, "è vuoto") {
		t.Errorf("empty file: %d", res.status)
	}
	res := f.upload(t, admin, "/importa", seedtest.File, data)
	if res.status != http.StatusSeeOther || !strings.HasPrefix(res.header.Get("Location"), "/importa/") {
		t.Fatalf("upload: %d %.300s", res.status, res.body)
	}
	report := res.header.Get("Location")
	res = f.page(t, admin, report)
	// The quality figures are the quality package's on the seed.
	seed, err := ingest.Parse(seedtest.File, data, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	q := quality.Review(seed).Overall
	has(t, "report", res, "Riepilogo per foglio", "Area Finanziaria", "non torna",
		fmt.Sprintf("%d su %d", q.Measurable, q.Targets), "Segnalazioni", "weights.total", "sostituito da questo file")
	if plans, _ := f.st.Plans(ctx, f.org.ID); len(plans) != 1 || plans[0].Objectives != f.plan.Objectives() {
		t.Fatalf("stored before confirmation: %+v", plans)
	}
	// Another administrator does not see this upload.
	other := &domain.User{OrganizationID: f.org.ID, Name: "admin2", Role: domain.RoleAdmin}
	if err := f.srv.Auth.CreateUser(ctx, other, password("admin2"), false, "test"); err != nil {
		t.Fatal(err)
	}
	f.users["admin2"] = other
	if res := f.page(t, "admin2", report); res.status != http.StatusNotFound {
		t.Errorf("someone else's upload: %d", res.status)
	}
	res = f.post(t, admin, report+"/conferma", nil)
	if res.status != http.StatusSeeOther {
		t.Fatalf("confirm: %d %.300s", res.status, res.body)
	}
	plans, _ := f.st.Plans(ctx, f.org.ID)
	if len(plans) != 1 || plans[0].Objectives != 124 || plans[0].Organization.Name != orgName {
		t.Fatalf("after confirmation: %+v", plans)
	}
	if res := f.page(t, admin, report); res.status != http.StatusNotFound {
		t.Errorf("confirmed upload still there: %d", res.status)
	}
	// Cancel forgets.
	res = f.upload(t, admin, "/importa", seedtest.File, data)
	report = res.header.Get("Location")
	if res := f.post(t, admin, report+"/annulla", nil); res.status != http.StatusSeeOther {
		t.Errorf("cancel: %d", res.status)
	}
	if res := f.page(t, admin, report); res.status != http.StatusNotFound {
		t.Errorf("cancelled upload still there: %d", res.status)
	}
	// What the store would refuse is not offered: a draft already
	// monitored, then an approved plan.
	cur, _ := f.st.CurrentPlan(ctx, f.org.ID)
	in := cur.Units[1].Objectives[0].Indicators[0]
	if err := f.st.AddMeasurement(ctx, f.org.ID, &domain.Measurement{IndicatorID: in.ID, Date: time.Date(2022, 6, 30, 0, 0, 0, 0, time.UTC),
		Number: ptr(1), RecordedBy: manager}); err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct{ what, want string }{
		{"monitored draft", "ha già 1 misurazione o validazione"},
		{"approved plan", "è approvato (versione 1)"},
	} {
		if step.what == "approved plan" {
			if err := f.st.ApproveVersion(ctx, f.org.ID, cur.Version.ID, "12", time.Date(2022, 1, 28, 0, 0, 0, 0, time.UTC), "test"); err != nil {
				t.Fatal(err)
			}
		}
		res = f.upload(t, admin, "/importa", seedtest.File, data)
		page := f.page(t, admin, res.header.Get("Location"))
		has(t, step.what, page, step.want, "importazione sarebbe rifiutata.", "Annulla")
		if strings.Contains(page.body, "conferma-importazione") {
			t.Errorf("%s: the report offers to confirm an import that will be refused", step.what)
		}
	}
	if plans, _ := f.st.Plans(ctx, f.org.ID); len(plans) != 1 || plans[0].Objectives != 124 {
		t.Errorf("checking an import changed the store: %+v", plans)
	}
}

// TestCyclePages: approve with the delibera, vary, edit the draft, see the
// differences, approve the variation.
func TestCyclePages(t *testing.T) {
	f := newFixture(t, "sqlite", nil)
	ctx := context.Background()
	v1 := f.plan.Version.ID
	res := f.post(t, admin, "/amministrazione/ciclo/versioni/"+id(v1)+"/approva", url.Values{"numero": {"12"}, "data": {"32/01/2022"}})
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, `value="12"`) {
		t.Fatalf("bad date: %d", res.status)
	}
	if res := f.post(t, admin, "/amministrazione/ciclo/versioni/"+id(v1)+"/approva", url.Values{"numero": {"12"}, "data": {"28/01/2022"}}); res.status != http.StatusSeeOther {
		t.Fatalf("approve: %d %.300s", res.status, res.body)
	}
	has(t, "cycle page", f.page(t, admin, "/amministrazione/ciclo"), "approvata", "n. 12 del 28/01/2022", "Crea la variazione", "Avvia il monitoraggio")
	if res := f.post(t, admin, "/amministrazione/ciclo/"+id(f.plan.Cycle.ID)+"/stato", url.Values{"stato": {"monitoring"}}); res.status != http.StatusSeeOther {
		t.Errorf("monitoring: %d", res.status)
	}
	if res := f.post(t, admin, "/amministrazione/ciclo/"+id(f.plan.Cycle.ID)+"/variazione", url.Values{"motivo": {""}}); res.status != http.StatusBadRequest {
		t.Errorf("variation without reason: %d", res.status)
	}
	if res := f.post(t, admin, "/amministrazione/ciclo/"+id(f.plan.Cycle.ID)+"/variazione", url.Values{"motivo": {"nuovo servizio"}}); res.status != http.StatusSeeOther {
		t.Fatalf("variation: %d %.300s", res.status, res.body)
	}
	plans, _ := f.st.Plans(ctx, f.org.ID)
	v2 := plans[0].Version
	if v2.Number != 2 || v2.Status != domain.VersionDraft {
		t.Fatalf("variation: %+v", v2)
	}
	draft, _ := f.st.Plan(ctx, f.org.ID, v2.ID)
	o := draft.Units[0].Objectives[0]
	res = f.post(t, manager, "/piano/obiettivi/"+id(o.ID)+"/modifica", url.Values{"titolo": {"Obiettivo variato"}, "peso": {"20"},
		"codice": {o.Code}, "missione_codice": {"01"}, "tipo": {"unit"}, "revisione": {"1"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("edit the variation: %d %.300s", res.status, res.body)
	}
	// The plan in force is still version 1.
	has(t, "piano in force", f.page(t, reader, "/piano"), "versione 1 (approvata")
	has(t, "diff", f.page(t, reader, "/piano/confronto"), "0 obiettivi aggiunti, 0 tolti, 1 modificato",
		"Obiettivo variato", "<del>10%</del>", "<ins>20%</ins>", "nuovo servizio")
	if res := f.post(t, admin, "/amministrazione/ciclo/versioni/"+id(v2.ID)+"/approva", url.Values{"numero": {"99"}, "data": {"05/10/2022"}}); res.status != http.StatusSeeOther {
		t.Fatalf("approve the variation: %d", res.status)
	}
	has(t, "piano after", f.page(t, reader, "/piano"), "versione 2 (approvata", "Obiettivo variato")
	has(t, "piano v1", f.page(t, reader, "/piano?versione="+id(v1)), "sostituita", "non è la versione in vigore")
}

// TestAPIWork: measurements, validations and scores through the API, with
// the pages' rules.
func TestAPIWork(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		f := newFixture(t, dialect, nil)
		unit := f.unit(t, "Area 1")
		o := unit.Objectives[0]
		in := o.Indicators[0]
		mpath := "/api/v1/indicators/" + id(in.ID) + "/measurements"
		res, doc := f.api(t, manager, "POST", mpath, map[string]any{"date": "2022-06-30", "value": "sei"})
		if res.status != http.StatusBadRequest || doc["error"].(map[string]any)["fields"].(map[string]any)["value"] == nil {
			t.Fatalf("bad value: %d %s", res.status, res.body)
		}
		res, doc = f.api(t, manager, "POST", mpath, map[string]any{"date": "2022-06-30", "value": 6, "note": "semestre"})
		if res.status != http.StatusCreated || doc["achievement"] != 50.0 || doc["value"] != "6" || doc["recorded_by"] != manager {
			t.Fatalf("measurement: %d %s", res.status, res.body)
		}
		if res, _ := f.api(t, otherManager, "POST", mpath, map[string]any{"date": "2022-06-30", "value": 6}); res.status != http.StatusForbidden {
			t.Errorf("other manager: %d", res.status)
		}
		res, doc = f.api(t, reader, "GET", "/api/v1/plans/"+id(f.plan.Version.ID)+"/measurements", nil)
		if res.status != 200 || len(doc["measurements"].([]any)) != 1 {
			t.Errorf("list: %d %s", res.status, res.body)
		}
		vpath := "/api/v1/objectives/" + id(o.ID) + "/validations"
		if res, _ := f.api(t, evaluator, "POST", vpath, map[string]any{"year": 2022, "percent": 60}); res.status != http.StatusBadRequest {
			t.Errorf("validation without reason: %d", res.status)
		}
		res, doc = f.api(t, evaluator, "POST", vpath, map[string]any{"year": 2022, "percent": 60, "reason": "verificato"})
		if res.status != http.StatusCreated || doc["computed"] != 50.0 || doc["percent"] != 60.0 {
			t.Fatalf("validation: %d %s", res.status, res.body)
		}
		spath := "/api/v1/plans/" + id(f.plan.Version.ID) + "/scores?year=2022"
		res, doc = f.api(t, evaluator, "GET", spath, nil)
		if res.status != 200 || doc["managers"] == nil {
			t.Fatalf("scores for the evaluator: %d %s", res.status, res.body)
		}
		u0 := doc["units"].([]any)[0].(map[string]any)
		o0 := u0["objectives"].([]any)[0].(map[string]any)
		if o0["computed"] != 50.0 || o0["validated"] != 60.0 || o0["score"] != 60.0 {
			t.Errorf("objective score: %v", o0)
		}
		for _, who := range []string{manager, reader} {
			res, doc = f.api(t, who, "GET", spath, nil)
			if res.status != 200 || doc["managers"] != nil || strings.Contains(res.body, `"reward"`) {
				t.Errorf("scores for %s show managers' scores: %s", who, res.body)
			}
		}
		if res, _ := f.api(t, reader, "GET", "/api/v1/plans/"+id(f.plan.Version.ID)+"/scores?year=2030", nil); res.status != http.StatusBadRequest {
			t.Errorf("year outside the cycle: %d", res.status)
		}
		if doc["status"] != "provisional" || doc["coverage"].(map[string]any)["scored"] != 1.0 || doc["coverage"].(map[string]any)["objectives"] != 20.0 {
			t.Errorf("status and coverage: %v %v", doc["status"], doc["coverage"])
		}
	})
}

// TestAPICycle: confirm, neutralise, sign off (refused with the gaps, then
// done) and reopen through the API, with the pages' rules.
func TestAPICycle(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		f := newFixture(t, dialect, nil)
		ctx := context.Background()
		plan := "/api/v1/plans/" + id(f.plan.Version.ID)
		o1, o2 := f.unit(t, "Area 1").Objectives[0], f.unit(t, "Area 1").Objectives[1]
		if err := f.st.AddMeasurement(ctx, f.org.ID, &domain.Measurement{IndicatorID: o1.Indicators[0].ID,
			Date: time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC), Number: ptr(6), RecordedBy: manager}); err != nil {
			t.Fatal(err)
		}
		cpath := "/api/v1/objectives/" + id(o2.ID) + "/confirmations"
		if res, doc := f.api(t, evaluator, "POST", cpath, map[string]any{"year": 2022}); res.status != http.StatusConflict ||
			!strings.Contains(res.body, "non ha un valore calcolato") {
			t.Errorf("confirming nothing: %d %v", res.status, doc)
		}
		res, doc := f.api(t, evaluator, "POST", "/api/v1/objectives/"+id(o1.ID)+"/confirmations", map[string]any{"year": 2022})
		if res.status != http.StatusCreated || doc["kind"] != "confirmed" || doc["percent"] != 50.0 || doc["validator_name"] != "Anna Bianchi" {
			t.Fatalf("confirm: %d %s", res.status, res.body)
		}
		npath := "/api/v1/objectives/" + id(o2.ID) + "/neutralisations"
		if res, doc := f.api(t, evaluator, "POST", npath, map[string]any{"year": 2022}); res.status != http.StatusBadRequest ||
			doc["error"].(map[string]any)["fields"].(map[string]any)["reason"] == nil {
			t.Errorf("neutralise without reason: %d %s", res.status, res.body)
		}
		if res, _ := f.api(t, manager, "POST", npath, map[string]any{"year": 2022, "reason": "r"}); res.status != http.StatusForbidden {
			t.Errorf("a manager neutralises: %d", res.status)
		}
		res, doc = f.api(t, evaluator, "POST", npath, map[string]any{"year": 2022, "reason": "servizio trasferito all'Unione"})
		if res.status != http.StatusCreated || doc["kind"] != "neutralised" || doc["percent"] != nil {
			t.Fatalf("neutralise: %d %s", res.status, res.body)
		}
		res, doc = f.api(t, reader, "GET", plan+"/scores?year=2022", nil)
		if n := doc["neutralised"].([]any); res.status != 200 || len(n) != 1 || n[0].(map[string]any)["reason"] != "servizio trasferito all'Unione" {
			t.Errorf("scores' neutralised: %s", res.body)
		}

		// Sign-off: refused with what is missing.
		res, doc = f.api(t, evaluator, "POST", plan+"/signoffs", map[string]any{"year": 2022})
		if res.status != http.StatusConflict {
			t.Fatalf("incomplete sign-off: %d %s", res.status, res.body)
		}
		gaps := doc["error"].(map[string]any)["gaps"].([]any)
		if len(gaps) != 20 || gaps[0].(map[string]any)["kind"] != "draft" || gaps[1].(map[string]any)["kind"] != "year_open" ||
			gaps[2].(map[string]any)["objective_id"] == nil {
			t.Errorf("gaps: %d %v", len(gaps), gaps[:3])
		}
		if res, _ := f.api(t, manager, "POST", plan+"/signoffs", map[string]any{"year": 2022}); res.status != http.StatusForbidden {
			t.Errorf("a manager signs off: %d", res.status)
		}
		// Complete the year: approved, over, every result confirmed.
		if err := f.st.ApproveVersion(ctx, f.org.ID, f.plan.Version.ID, "12", time.Date(2022, 1, 28, 0, 0, 0, 0, time.UTC), admin); err != nil {
			t.Fatal(err)
		}
		f.clock.Set(time.Date(2023, 3, 1, 9, 0, 0, 0, time.UTC))
		var vs []*domain.Validation
		for _, u := range f.plan.Units {
			for _, o := range u.Objectives {
				if o != o1 && o != o2 {
					vs = append(vs, &domain.Validation{ObjectiveID: o.ID, Year: 2022, Percent: 75, Reason: "relazione", ValidatedBy: evaluator})
				}
			}
		}
		if err := f.st.AddValidations(ctx, f.org.ID, vs); err != nil {
			t.Fatal(err)
		}
		res, doc = f.api(t, evaluator, "POST", plan+"/signoffs", map[string]any{"year": 2022})
		if res.status != http.StatusCreated || doc["signed_by_name"] != "Anna Bianchi" || doc["year"] != 2022.0 {
			t.Fatalf("sign-off: %d %s", res.status, res.body)
		}
		res, doc = f.api(t, reader, "GET", plan+"/scores?year=2022", nil)
		if doc["status"] != "final" || doc["locked"] != true {
			t.Errorf("scores after the sign-off: %v %v", doc["status"], doc["locked"])
		}

		// Reopen: administrators only, with the act.
		rpath := plan + "/reopenings"
		reopen := map[string]any{"year": 2022, "reason": "errore materiale", "act_number": "45", "act_date": "2023-02-27"}
		if res, _ := f.api(t, evaluator, "POST", rpath, reopen); res.status != http.StatusForbidden {
			t.Errorf("the Nucleo reopens: %d", res.status)
		}
		if res, doc := f.api(t, admin, "POST", rpath, map[string]any{"year": 2022, "reason": "r", "act_date": "2023-02-27"}); res.status != http.StatusBadRequest ||
			doc["error"].(map[string]any)["fields"].(map[string]any)["act_number"] == nil {
			t.Errorf("reopening without act: %d %s", res.status, res.body)
		}
		res, doc = f.api(t, admin, "POST", rpath, reopen)
		if res.status != http.StatusCreated || doc["act_date"] != "2023-02-27" {
			t.Fatalf("reopen: %d %s", res.status, res.body)
		}
		if res, _ := f.api(t, admin, "POST", rpath, reopen); res.status != http.StatusConflict {
			t.Errorf("reopening an open year: %d", res.status)
		}
		if _, doc := f.api(t, reader, "GET", plan+"/scores?year=2022", nil); doc["status"] != "over" {
			t.Errorf("scores after reopening: %v", doc["status"])
		}
	})
}

// TestAPIImport: dry run, then import, into the caller's organization.
func TestAPIImport(t *testing.T) {
	f := newFixture(t, "sqlite", storetest.SamplePlan(orgName))
	ctx := context.Background()
	data := seedtest.Bytes(t)
	tok := f.token(t, admin)
	send := func(query string) (response, map[string]any) {
		req, _ := http.NewRequest("POST", f.ts.URL+"/api/v1/plans?"+query, bytes.NewReader(data))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/octet-stream")
		resp, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		var doc map[string]any
		json.Unmarshal(b, &doc)
		return response{resp.StatusCode, resp.Header, string(b)}, doc
	}
	res, doc := send("file=" + seedtest.File + "&dry_run=true")
	if res.status != 200 || doc["stored"] != false || doc["objectives"] != 124.0 {
		t.Fatalf("dry run: %d %.300s", res.status, res.body)
	}
	if plans, _ := f.st.Plans(ctx, f.org.ID); plans[0].Objectives == 124 {
		t.Fatal("dry run stored the plan")
	}
	res, doc = send("file=" + seedtest.File)
	if res.status != http.StatusCreated || doc["stored"] != true || doc["replaced"] != true {
		t.Fatalf("import: %d %.300s", res.status, res.body)
	}
	if plans, _ := f.st.Plans(ctx, f.org.ID); len(plans) != 1 || plans[0].Objectives != 124 || plans[0].Version.SourceFile != seedtest.File {
		t.Errorf("stored: %+v", plans)
	}
}

// A completion date after the reference date is recorded, and flagged
// where the value is shown: the monitoring form, the Nucleo's page, the API.
func TestCompletionAfterReference(t *testing.T) {
	f := newFixture(t, "sqlite", storetest.SamplePlan(orgName))
	tech := f.unit(t, "Area Tecnica")
	in := tech.Objectives[1].Indicators[0] // «entro il 30.09.2022»
	path := "/monitoraggio/unita/" + id(tech.ID)
	res := f.post(t, admin, path, url.Values{"data": {"30/09/2022"}, "valore-" + id(in.ID): {"15/10/2022"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("record: %d %.300s", res.status, res.body)
	}
	want := "la data di completamento (15/10/2022) è successiva alla data di riferimento (30/09/2022)"
	has(t, "monitoring form", f.page(t, admin, path+"?data=30/09/2022"), `id="avviso-`+id(in.ID)+`"`, want)
	has(t, "the Nucleo's page", f.page(t, evaluator, "/validazione/unita/"+id(tech.ID)+"?anno=2022"), "attenzione: "+want)
	res, doc := f.api(t, admin, "POST", "/api/v1/indicators/"+id(in.ID)+"/measurements", map[string]any{"date": "2022-09-30", "value": "20/10/2022"})
	if w, _ := doc["warnings"].([]any); res.status != http.StatusCreated || len(w) != 1 {
		t.Errorf("API: %d %s", res.status, res.body)
	}
}

// Small faults of issue 8: a percentage measured reads «95%», missions and
// programmes carry their official names, the Piano and the Obiettivo say
// how final a score is, the cruscotto counts the overdue beyond those shown.
func TestScoresReadRight(t *testing.T) {
	f := newFixture(t, "sqlite", storetest.SamplePlan(orgName))
	tech := f.unit(t, "Area Tecnica")
	o := tech.Objectives[0]
	pct := o.Indicators[1] // «Pratiche digitalizzate», target 50%
	path := "/monitoraggio/unita/" + id(tech.ID)
	if res := f.post(t, admin, path, url.Values{"data": {"30/09/2022"}, "valore-" + id(pct.ID): {"95"}}); res.status != http.StatusSeeOther {
		t.Fatalf("record: %d", res.status)
	}
	has(t, "monitoring", f.page(t, admin, path+"?data=30/09/2022"), "Ultimo valore: <strong>95%</strong>")
	plan := f.page(t, reader, "/piano?anno=2022")
	has(t, "piano", plan, "Missione 08 Assetto del territorio ed edilizia abitativa, programma 08.01 Urbanistica e assetto del territorio",
		"Missione 01 Servizi istituzionali, generali e di gestione, programma 01.02 Segreteria generale",
		"provvisorio: 1 obiettivo su 2, 92,6% del peso") // 12,5 of 12,5 + 1 (no weight counts 1)
	has(t, "obiettivo", f.page(t, reader, "/piano/obiettivi/"+id(o.ID)), "<td class=\"small\">provvisorio</td>", "95%")
	f.clock.Set(time.Date(2023, 1, 5, 9, 0, 0, 0, time.UTC))
	has(t, "piano after the year", f.page(t, reader, "/piano?anno=2022"), "anno concluso, non ancora chiuso: 1 obiettivo su 2, 92,6% del peso; gli altri contano 0%")

	// The seed has more overdue objectives than the cruscotto lists.
	s := seedFixtureB(t)
	s.clock.Set(time.Date(2023, 1, 5, 9, 0, 0, 0, time.UTC))
	dash := s.page(t, reader, "/?anno=2022")
	total, _ := strconv.Atoi(between(dash.body, "Obiettivi scaduti senza misurazione (", ")"))
	if total <= 15 {
		t.Fatalf("overdue: %d", total)
	}
	has(t, "overdue", dash, "… e altri "+strconv.Itoa(total-15)+".")
}
