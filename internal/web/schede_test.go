package web_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/document/pdftest"
	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/ingest"
	"github.com/performa-pa/performa/internal/quality"
	"github.com/performa-pa/performa/internal/seedtest"
	"github.com/performa-pa/performa/internal/staff"
	"github.com/performa-pa/performa/internal/store/storetest"
)

// The fixture's people of the register: the reader is 1002, Bianchi Anna
// of the Area Finanziaria (the manager's unit); 1008 an EQ and 1029 the
// Segretario, whom the Nucleo sees and evaluates.
const staffCSV = "../staff/testdata/personale-ruoli-2022.csv"

// schedeFixture is the seed's plan, approved, with the 2022 register; with
// signOff, every objective validated and 2022 closed by the Nucleo, the
// clock after it.
func schedeFixture(t *testing.T, dialect string, signOff bool) *fixture {
	t.Helper()
	ctx := context.Background()
	plan, err := ingest.Parse(seedtest.File, seedtest.Bytes(t), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	quality.Review(plan)
	f := newFixture(t, dialect, plan)
	registerStaff(t, f)
	if err := f.st.ApproveVersion(ctx, f.org.ID, f.plan.Version.ID, "12", time.Date(2022, 1, 28, 0, 0, 0, 0, time.UTC), admin); err != nil {
		t.Fatal(err)
	}
	if !signOff {
		return f
	}
	var batch []*domain.Validation
	for i, u := range f.plan.Units {
		for _, o := range u.Objectives {
			batch = append(batch, &domain.Validation{ObjectiveID: o.ID, Year: 2022, Percent: float64(95 - (i*7)%40), Reason: "relazione finale", ValidatedBy: evaluator})
		}
	}
	if err := f.st.AddValidations(ctx, f.org.ID, batch); err != nil {
		t.Fatal(err)
	}
	f.clock.Set(time.Date(2023, 2, 15, 10, 0, 0, 0, time.UTC))
	stamp, _ := f.st.VersionStamp(ctx, f.org.ID, f.plan.Version.ID)
	if res := f.post(t, evaluator, "/validazione/chiusura", url.Values{"anno": {"2022"}, "stato_piano": {stamp}, "conferma": {"1"}}); res.status != http.StatusSeeOther {
		t.Fatalf("sign-off: %d %.300s", res.status, res.body)
	}
	f.clock.Set(time.Date(2023, 2, 16, 10, 0, 0, 0, time.UTC))
	return f
}

// registerStaff stores the 2022 register of staffCSV, its units those of
// f's plan (the seed's).
func registerStaff(t testing.TB, f *fixture) {
	t.Helper()
	ctx := context.Background()
	data, err := os.ReadFile(staffCSV)
	if err != nil {
		t.Fatal(err)
	}
	units, err := f.st.UnitChoices(ctx, f.org.ID)
	if err != nil {
		t.Fatal(err)
	}
	reg, err := staff.Parse("personale.csv", data, staff.Options{Year: 2022, Units: units})
	if err != nil || reg.Errors() > 0 {
		t.Fatalf("register: %v %v", err, reg.Issues)
	}
	if _, err := f.st.ReplaceStaff(ctx, f.org.ID, 2022, reg.People, admin, false); err != nil {
		t.Fatal(err)
	}
}

// TestSchedeWhoSeesWhat: through the pages and the API, a person sees only
// their own scheda and premium, a Responsabile the staff of their units,
// the Nucleo the EQs and the Segretario, the administrators everyone;
// the presa visione is the person's only; the workflow to definitiva and
// the premiums.
func TestSchedeWhoSeesWhat(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		f := schedeFixture(t, dialect, true)
		res := f.post(t, admin, "/personale", url.Values{"anno": {"2022"}})
		if res.status != http.StatusSeeOther || !strings.Contains(res.header.Get("Location"), "create=40") {
			t.Fatalf("create all: %d %s", res.status, res.header.Get("Location"))
		}
		rows := func(body string) int { return strings.Count(between(body, "<tbody>", "</tbody>"), "<tr>") }
		for who, want := range map[string]int{admin: 40, manager: 6, otherManager: 5, evaluator: 2} {
			page := f.page(t, who, "/personale?anno=2022")
			if page.status != 200 || rows(page.body) != want {
				t.Errorf("Personale as %s: %d, %d rows, want %d", who, page.status, rows(page.body), want)
			}
			_, doc := f.api(t, who, "GET", "/api/v1/schede?year=2022", nil)
			if people, _ := doc["people"].([]any); len(people) != want {
				t.Errorf("API schede as %s: %d, want %d", who, len(people), want)
			}
		}
		if page := f.page(t, reader, "/personale?anno=2022"); page.status != http.StatusForbidden {
			t.Errorf("Personale as the person: %d", page.status)
		}
		if _, doc := f.api(t, reader, "GET", "/api/v1/schede?year=2022", nil); len(doc["people"].([]any)) != 1 {
			t.Errorf("API schede as the person: %v", doc)
		}
		see := map[string]map[string]int{ // matricola → who → status
			"1002": {admin: 200, manager: 200, otherManager: 404, evaluator: 404, reader: 200},
			"1023": {admin: 200, manager: 200, otherManager: 404, evaluator: 404, reader: 404},
			"1008": {admin: 200, manager: 404, otherManager: 404, evaluator: 200, reader: 404},
			"1029": {admin: 200, manager: 404, otherManager: 404, evaluator: 200, reader: 404},
			"9999": {admin: 404},
		}
		for m, by := range see {
			for who, want := range by {
				if got := f.page(t, who, "/personale/"+m+"?anno=2022").status; got != want {
					t.Errorf("page of %s as %s: %d, want %d", m, who, got, want)
				}
				if got, _ := f.api(t, who, "GET", "/api/v1/schede/"+m+"?year=2022", nil); got.status != want {
					t.Errorf("API scheda of %s as %s: %d, want %d", m, who, got.status, want)
				}
			}
		}
		if res := f.page(t, reader, "/la-mia-scheda?anno=2022"); res.status != http.StatusSeeOther || res.header.Get("Location") != "/personale/1002?anno=2022" {
			t.Errorf("la mia scheda: %d %s", res.status, res.header.Get("Location"))
		}

		// The workflow through the page: the manager rates and delivers,
		// the presa visione is refused to others, the person takes it.
		act := func(who, m, action string, want int, extra url.Values) response {
			t.Helper()
			form := url.Values{"anno": {"2022"}, "azione": {action}}
			for k, v := range extra {
				form[k] = v
			}
			res := f.post(t, who, "/personale/"+m, form)
			if res.status != want {
				t.Fatalf("%s %s by %s: %d, want %d: %.400s", action, m, who, res.status, want, between(res.body, `id="errore-scheda"`, "</div>"))
			}
			return res
		}
		ratings := url.Values{"c-collaborazione": {"5"}, "c-qualita": {"4"}, "c-utenza": {"3"}, "c-autonomia": {"5"}, "individuale": {"80"}}
		act(otherManager, "1002", "valuta", 404, ratings)
		act(reader, "1002", "valuta", 403, ratings)

		// Who evaluates her: named by the administrator on the draft,
		// then only the one named rates; back by role.
		assign := func(name string) url.Values { return url.Values{"valutatore": {name}} }
		has(t, "the assign form", f.page(t, admin, "/personale/1002?anno=2022"), `id="assegna-valutatore"`,
			`<option value="altro-responsabile">`, "secondo il ruolo (SMVP)")
		if res := f.page(t, manager, "/personale/1002?anno=2022"); strings.Contains(res.body, `id="assegna-valutatore"`) {
			t.Error("a Responsabile is offered the assignment")
		}
		act(manager, "1002", "assegna", 403, assign(otherManager))
		has(t, "the person named", act(admin, "1002", "assegna", 400, assign(reader)), "nessuno valuta se stesso")
		has(t, "a reader named", act(admin, "1002", "assegna", 400, assign(f.target.Name)), "valuta un responsabile, il Nucleo o un amministratore")
		act(admin, "1002", "assegna", 303, assign(otherManager))
		has(t, "named", f.page(t, otherManager, "/personale/1002?anno=2022"), "valuta l&#39;utente «altro-responsabile»")
		has(t, "the unit's Responsabile", act(manager, "1002", "valuta", 403, ratings), "la valuta l&#39;utente «altro-responsabile»")
		act(admin, "1002", "assegna", 303, assign(""))
		has(t, "by role again", f.page(t, manager, "/personale/1002?anno=2022"), "valuta il Responsabile dell&#39;unità")
		act(manager, "1002", "consegna", 409, nil) // not complete
		// Her own objectives as a weighted list: refused with a score
		// beside or weights that do not add up; the list's mean counts;
		// a score given later replaces the list.
		list := "Tempi di pagamento; 60; 50\nSportello telematico; 40; 75\n"
		withList := func(individual, objectives string) url.Values {
			v := url.Values{"individuale": {individual}, "obiettivi": {objectives}}
			for k, x := range ratings {
				if k != "individuale" {
					v[k] = x
				}
			}
			return v
		}
		has(t, "score and list", act(manager, "1002", "valuta", 400, withList("80", list)), "non entrambi")
		has(t, "weights", act(manager, "1002", "valuta", 400, withList("", "Tempi di pagamento; 50; 50\nSportello; 40; 75")),
			"I pesi degli obiettivi individuali sommano a 90%, non a 100%.")
		act(manager, "1002", "valuta", 303, withList("", list))
		has(t, "the list", f.page(t, manager, "/personale/1002?anno=2022"), `id="tabella-obiettivi"`,
			`<tr><th scope="row">Tempi di pagamento</th><td class="text-end">60%</td><td class="text-end">50%</td></tr>`,
			"media pesata di 2 obiettivi individuali", ">Tempi di pagamento; 60; 50\nSportello telematico; 40; 75\n</textarea>")
		act(manager, "1002", "valuta", 303, ratings)
		if res := f.page(t, manager, "/personale/1002?anno=2022"); strings.Contains(res.body, `id="tabella-obiettivi"`) ||
			!strings.Contains(res.body, "obiettivi individuali, dal valutatore") {
			t.Errorf("a score given after the list did not replace it")
		}
		act(manager, "1002", "consegna", 303, nil)
		has(t, "refused presa visione", act(admin, "1002", "presa-visione", 403, nil), "spetta solo alla persona valutata")
		act(manager, "1002", "presa-visione", 403, nil)
		act(reader, "1002", "presa-visione", 303, nil)
		has(t, "the person's page", f.page(t, reader, "/personale/1002?anno=2022"), "Presa visione il 16/02/2023", "Il riesame si può chiedere fino al 03/03/2023", `id="chiedi-riesame"`)
		act(reader, "1002", "riesame", 400, nil)
		act(reader, "1002", "riesame", 303, url.Values{"testo": {"lo sportello non è considerato"}})
		has(t, "finalise without answer", act(manager, "1002", "definitiva", 400, nil), "porta la risposta del valutatore")
		act(manager, "1002", "definitiva", 303, url.Values{"risposta": {"confermata"}})
		has(t, "final", f.page(t, reader, "/personale/1002?anno=2022"), "definitiva", "Risposta del valutatore: confermata",
			`href="/personale/1002/pdf?anno=2022"`)

		// The PDF for her file: to whoever sees the scheda, never cached.
		pdf := f.page(t, reader, "/personale/1002/pdf?anno=2022")
		if pdf.status != 200 || pdf.header.Get("Content-Type") != "application/pdf" || pdf.header.Get("Cache-Control") != "private, no-store" {
			t.Fatalf("scheda PDF: %d %v", pdf.status, pdf.header)
		}
		text := pdftest.Text(t, []byte(pdf.body))
		for _, want := range []string{"Scheda di valutazione 2022", "Bianchi Anna (matricola 1002)", "definitiva", "confermata",
			"La persona valutata, per presa visione"} {
			if !strings.Contains(text, want) {
				t.Errorf("scheda PDF lacks %q", want)
			}
		}
		for who, want := range map[string]int{otherManager: 404, manager: 200, admin: 200} {
			if got := f.page(t, who, "/personale/1002/pdf?anno=2022").status; got != want {
				t.Errorf("scheda PDF as %s: %d, want %d", who, got, want)
			}
		}
		if got := f.page(t, admin, "/personale/9999/pdf?anno=2022"); got.status != 404 || !strings.Contains(got.body, "non è nel personale 2022") {
			t.Errorf("PDF of nobody: %d", got.status)
		}

		// The API: the Nucleo finalises the EQ's scheda; the person may not deliver.
		for _, st := range []struct {
			who, path string
			body      map[string]any
			want      int
		}{
			{evaluator, "/api/v1/schede/1008/ratings", map[string]any{"year": 2022, "behaviours": map[string]int{"collaborazione": 4, "qualita": 4, "utenza": 4, "autonomia": 4}}, 200},
			{manager, "/api/v1/schede/1008/steps", map[string]any{"year": 2022, "step": "deliver"}, 404},
			{evaluator, "/api/v1/schede/1008/ratings", map[string]any{"year": 2022, "objectives": []map[string]any{{"title": "Controllo di gestione", "weight": 90, "achieved": 80}}}, 400},
			{manager, "/api/v1/schede/1008/evaluator", map[string]any{"year": 2022, "evaluator": evaluator}, 403},
			{admin, "/api/v1/schede/1008/evaluator", map[string]any{"year": 2022}, 400},
			{admin, "/api/v1/schede/1008/evaluator", map[string]any{"year": 2022, "evaluator": "nessuno"}, 400},
			{admin, "/api/v1/schede/1008/evaluator", map[string]any{"year": 2022, "evaluator": evaluator}, 200},
			{admin, "/api/v1/schede/1008/evaluator", map[string]any{"year": 2022, "evaluator": evaluator}, 409},
			{admin, "/api/v1/schede/1008/evaluator", map[string]any{"year": 2022, "evaluator": ""}, 200},
			{evaluator, "/api/v1/schede/1008/steps", map[string]any{"year": 2022, "step": "deliver"}, 200},
			{admin, "/api/v1/schede/1008/evaluator", map[string]any{"year": 2022, "evaluator": evaluator}, 409},
			{evaluator, "/api/v1/schede/1008/steps", map[string]any{"year": 2022, "step": "acknowledge"}, 403},
			{evaluator, "/api/v1/schede/1008/steps", map[string]any{"year": 2022, "step": "volare"}, 400},
			{admin, "/api/v1/schede", map[string]any{"year": 2022, "matricola": "1008"}, 409},
		} {
			if res, _ := f.api(t, st.who, "POST", st.path, st.body); res.status != st.want {
				t.Errorf("%s %v as %s: %d, want %d: %.300s", st.path, st.body["step"], st.who, res.status, st.want, res.body)
			}
		}

		// Premiums: the administrator computes and saves; the person sees their own only.
		res = f.post(t, admin, "/premi", url.Values{"anno": {"2022"}, "fondo_organizzativa": {"30.000,00"}, "fondo_individuale": {"70.000,00"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("save rewards: %d %.300s", res.status, res.body)
		}
		if d, err := f.st.RewardDistribution(context.Background(), f.org.ID, 2022); err != nil || d.VersionID != f.plan.Version.ID {
			t.Errorf("the saved distribution records version %v, want the plan in force %d (%v)", d, f.plan.Version.ID, err)
		}
		adminPage := f.page(t, admin, "/premi?anno=2022")
		has(t, "admin premi", adminPage, "Fondo: 100.000,00 €", "Non distribuito:", "/premi/foglio?anno=2022", "1023")
		own := f.page(t, reader, "/premi?anno=2022")
		has(t, "own premium", own, "Il tuo premio 2022", "Totale:")
		for _, other := range []string{"1023", "1008", "Santoro", "Ricci", "tabella-premi", "/premi/foglio"} {
			if strings.Contains(own.body, other) {
				t.Errorf("the person's Premi page holds %q", other)
			}
		}
		_, doc := f.api(t, reader, "GET", "/api/v1/rewards?year=2022", nil)
		if people, _ := doc["people"].([]any); len(people) != 1 || people[0].(map[string]any)["matricola"] != "1002" {
			t.Errorf("API rewards as the person: %v", doc)
		}
		if _, ok := doc["totals"]; ok {
			t.Errorf("API rewards as the person holds the totals of everyone: %v", doc["totals"])
		}
		_, doc = f.api(t, admin, "GET", "/api/v1/rewards?year=2022", nil)
		if people, _ := doc["people"].([]any); len(people) != 40 || doc["totals"] == nil {
			t.Errorf("API rewards as admin: %d people, totals %v", len(people), doc["totals"])
		}
		for _, who := range []string{manager, evaluator} {
			if res, _ := f.api(t, who, "GET", "/api/v1/rewards?year=2022", nil); res.status != http.StatusForbidden {
				t.Errorf("API rewards as %s: %d", who, res.status)
			}
			if res := f.page(t, who, "/premi?anno=2022"); res.status != http.StatusForbidden {
				t.Errorf("Premi as %s: %d", who, res.status)
			}
		}
		if res := f.page(t, admin, "/premi/foglio?anno=2022"); res.status != 200 || !strings.HasPrefix(res.body, "PK") {
			t.Errorf("payroll workbook: %d", res.status)
		}
	})
}
