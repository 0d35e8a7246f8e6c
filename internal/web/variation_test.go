package web_test

import (
	"context"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/ingest"
	"github.com/performa-pa/performa/internal/quality"
	"github.com/performa-pa/performa/internal/seedtest"
	"github.com/performa-pa/performa/internal/store/storetest"
)

// variationFixture is the seed, approved, with a variation (version 2)
// started: the state in which objectives are added and removed.
func variationFixture(t *testing.T, dialect string) (*fixture, *domain.Plan) {
	t.Helper()
	plan, err := ingest.Parse(seedtest.File, seedtest.Bytes(t), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	quality.Review(plan)
	f := newFixture(t, dialect, plan)
	ctx := context.Background()
	if err := f.st.ApproveVersion(ctx, f.org.ID, plan.Version.ID, "12", time.Date(2022, 1, 27, 0, 0, 0, 0, time.UTC), admin); err != nil {
		t.Fatal(err)
	}
	v, err := f.st.CreateVariation(ctx, f.org.ID, plan.Cycle.ID, "nuovo servizio", admin)
	if err != nil {
		t.Fatal(err)
	}
	draft, err := f.st.Plan(ctx, f.org.ID, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	return f, draft
}

func esc(s string) string { return html.EscapeString(s) }

// The pages of a whole variation: an objective added with its indicator
// and targets (a form with errors keeps what was typed), a programme
// written as plans write it, an objective removed after its confirmation
// page (a stale one refused), the diff and the registro saying so.
func TestVariationPages(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		f, draft := variationFixture(t, dialect)
		police, fin := draft.Units[7], draft.Units[2]
		draftPage := "/piano?versione=" + id(draft.Version.ID)
		has(t, "draft as admin", f.page(t, admin, draftPage), `href="/piano/unita/`+id(police.ID)+`/obiettivi/nuovo"`)
		res := f.page(t, manager, draftPage)
		has(t, "draft as the manager", res, `href="/piano/unita/`+id(fin.ID)+`/obiettivi/nuovo"`)
		if strings.Contains(res.body, `/piano/unita/`+id(police.ID)+`/obiettivi/nuovo`) {
			t.Error("the manager of Area Finanziaria is offered to add to Polizia")
		}
		if strings.Contains(f.page(t, reader, draftPage).body, "/obiettivi/nuovo") {
			t.Error("a reader is offered to add objectives")
		}
		if res := f.page(t, manager, "/piano/unita/"+id(police.ID)+"/obiettivi/nuovo"); res.status != http.StatusForbidden {
			t.Errorf("another unit's form: %d", res.status)
		}

		// Add: errors first, everything typed comes back.
		path := "/piano/unita/" + id(police.ID) + "/obiettivi/nuovo"
		has(t, "new objective form", f.page(t, admin, path), "Nuovo obiettivo di Area Polizia Municipale", `name="ind_target_2023"`)
		form := url.Values{"codice": {"16"}, "titolo": {"Controllo del vicinato"}, "peso": {"cinque"}, "programma_codice": {"03.07"},
			"ind_descrizione": {"Incontri con i cittadini"}, "ind_target_2022": {">= 4 incontri"}, "ind_target_2023": {">= 6 incontri"}}
		res = f.post(t, admin, path, form)
		has(t, "refused new objective", res, "L&#39;obiettivo non è stato aggiunto", "Scrivi il peso in punti percentuali",
			esc("La missione 03 «Ordine pubblico e sicurezza» non ha un programma 07"), ">Controllo del vicinato</textarea>", `value="&gt;= 6 incontri"`)
		if res.status != http.StatusBadRequest {
			t.Errorf("refused: %d", res.status)
		}
		form.Set("peso", "5")
		form.Set("programma_codice", "03.01")
		res = f.post(t, admin, path, form)
		if res.status != http.StatusSeeOther || !strings.Contains(res.header.Get("Location"), "?esito=aggiunto") {
			t.Fatalf("add: %d %.300s", res.status, res.body)
		}
		page := f.page(t, admin, res.header.Get("Location"))
		has(t, "added objective", page, "Obiettivo aggiunto alla versione 2 del piano.", "Controllo del vicinato", "Incontri con i cittadini",
			"&gt;= 4 incontri", "03 · Ordine pubblico e sicurezza", "01 · Polizia locale e amministrativa", "Elimina l'obiettivo")

		// Change a weight and a programme written "3.2".
		o := police.Objectives[1]
		res = f.post(t, admin, "/piano/obiettivi/"+id(o.ID)+"/modifica", url.Values{"titolo": {o.Title}, "codice": {o.Code},
			"peso": {"12"}, "programma_codice": {"3.2"}, "tipo": {"unit"}, "revisione": {"1"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("edit: %d %.400s", res.status, res.body)
		}

		// Remove: the confirmation page, a stale form refused, then gone.
		gone := police.Objectives[0]
		rpath := "/piano/obiettivi/" + id(gone.ID) + "/elimina"
		has(t, "remove page", f.page(t, admin, rpath), "Eliminare l&#39;obiettivo 1 – ", "con 1 indicatore e i loro target", `name="revisione" value="1"`)
		if res := f.post(t, admin, rpath, url.Values{"revisione": {"7"}}); res.status != http.StatusConflict || !strings.Contains(res.body, "Nel frattempo") {
			t.Errorf("stale removal: %d", res.status)
		}
		res = f.post(t, admin, rpath, url.Values{"revisione": {"1"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("remove: %d %.300s", res.status, res.body)
		}
		has(t, "after removal", f.page(t, admin, res.header.Get("Location")), "Obiettivo eliminato.")
		if res := f.page(t, admin, "/piano/obiettivi/"+id(gone.ID)); res.status != http.StatusNotFound {
			t.Errorf("removed objective: %d", res.status)
		}

		// An indicator added and one removed.
		ipath := "/piano/obiettivi/" + id(o.ID) + "/indicatori/nuovo"
		res = f.post(t, manager, ipath, url.Values{"descrizione": {"x"}})
		if res.status != http.StatusForbidden {
			t.Errorf("another unit's indicator: %d", res.status)
		}
		res = f.post(t, admin, ipath, url.Values{"descrizione": {"Pattuglie serali"}, "target_2022": {"almeno 2"}, "verso": {"higher"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("add indicator: %d %.300s", res.status, res.body)
		}
		has(t, "indicator added", f.page(t, admin, res.header.Get("Location")), "Indicatore aggiunto.", "Pattuglie serali")

		// The diff by identity, and the registro in words.
		has(t, "diff", f.page(t, reader, "/piano/confronto"), "1 obiettivo aggiunto, 1 tolto, 1 modificato, 122 invariati.",
			"Controllo del vicinato", "<del>10%</del>", "<ins>12%</ins>", "03.02 Sistema integrato di sicurezza urbana", "Pattuglie serali")
		has(t, "diff of a version with itself", f.page(t, reader, "/piano/confronto?da="+id(draft.Version.ID)+"&a="+id(draft.Version.ID)),
			"Le due versioni hanno lo stesso contenuto (124 obiettivi).")
		reg := f.page(t, evaluator, "/registro")
		has(t, "registro", reg, "Aggiunta dell&#39;obiettivo 16 – Controllo del vicinato (Area Polizia Municipale)",
			"Eliminazione dell&#39;obiettivo 1 – ", "Peso: 10% → 12%", "Aggiunta dell&#39;indicatore 2 dell&#39;obiettivo 2 – ",
			"Variazione: nuova versione 2 del piano 2022–2024", "Approvazione della versione 1 del piano 2022–2024", "Data dell&#39;atto: — → 27/01/2022")
		for _, raw := range []string{"obiettivo n. ", "&#34;status&#34;: &#34;approved&#34;</td>"} {
			if strings.Contains(reg.body, raw) {
				t.Errorf("the registro still reads %q", raw)
			}
		}

		// Re-importing the seed over the edited variation: the report says
		// what would be lost; confirming without the box is refused; with
		// it, the draft is replaced.
		up := f.upload(t, admin, "/importa", seedtest.File, seedtest.Bytes(t))
		report := up.header.Get("Location")
		has(t, "guarded report", f.page(t, admin, report), "è una variazione del piano approvato (motivo: «nuovo servizio»)",
			`name="sostituisci"`, "vanno perse 4 modifiche fatte in performa", "Conferma e sostituisci la bozza")
		if res := f.post(t, admin, report+"/conferma", nil); res.status != http.StatusConflict || !strings.Contains(res.body, "non è stato modificato") {
			t.Errorf("confirm without the box: %d", res.status)
		}
		if after, _ := f.st.Plan(context.Background(), f.org.ID, draft.Version.ID); after.Units[7].Objectives[14].Title != "Controllo del vicinato" {
			t.Error("the refused import changed the variation")
		}
		if res := f.post(t, admin, report+"/conferma", url.Values{"sostituisci": {"1"}}); res.status != http.StatusSeeOther {
			t.Errorf("confirm with the box: %d %.300s", res.status, res.body)
		}
		has(t, "after replacing", f.page(t, reader, "/piano/confronto"), "Le due versioni hanno lo stesso contenuto (124 obiettivi).")
	})
}

// The JSON API of a variation: the same rules and refusals as the pages.
func TestVariationAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		f, draft := variationFixture(t, dialect)
		police := draft.Units[7]
		res, doc := f.api(t, admin, "POST", "/api/v1/units/"+id(police.ID)+"/objectives", map[string]any{
			"code": "16", "title": "", "weight": "120", "program_code": "3.9",
			"indicators": []map[string]any{{"description": "", "targets": []map[string]any{{"year": 2030, "text": "1"}}}}})
		fields, _ := doc["error"].(map[string]any)["fields"].(map[string]any)
		for _, k := range []string{"title", "weight", "program_code", "indicators.0.description", "indicators.0.targets.2030"} {
			if fields[k] == nil {
				t.Errorf("field %s not refused: %d %s", k, res.status, res.body)
			}
		}
		res, doc = f.api(t, admin, "POST", "/api/v1/units/"+id(police.ID)+"/objectives", map[string]any{
			"code": "16", "title": "Controllo del vicinato", "weight": 5, "program_code": "03.01",
			"indicators": []map[string]any{{"description": "Incontri", "targets": []map[string]any{{"year": 2022, "text": ">= 4"}}}}})
		if res.status != http.StatusCreated || doc["identity"] == nil || doc["revision"].(float64) != 1 ||
			doc["program"].(map[string]any)["code"] != "01" || len(doc["indicators"].([]any)) != 1 {
			t.Fatalf("add: %d %s", res.status, res.body)
		}
		oid := idOf(t, res.body)
		// PATCH: only the fields sent; a stale revision refused.
		res, doc = f.api(t, admin, "PATCH", "/api/v1/objectives/"+oid, map[string]any{"weight": "7,5", "revision": 1})
		if res.status != http.StatusOK || doc["weight"].(float64) != 7.5 || doc["title"] != "Controllo del vicinato" || doc["revision"].(float64) != 2 {
			t.Fatalf("patch: %d %s", res.status, res.body)
		}
		if res, _ := f.api(t, admin, "PATCH", "/api/v1/objectives/"+oid, map[string]any{"weight": 8, "revision": 1}); res.status != http.StatusConflict {
			t.Errorf("stale patch: %d", res.status)
		}
		if res, _ := f.api(t, admin, "PATCH", "/api/v1/objectives/"+oid, map[string]any{"weight": 8}); res.status != http.StatusBadRequest {
			t.Errorf("patch without revision: %d", res.status)
		}
		if res, _ := f.api(t, manager, "PATCH", "/api/v1/objectives/"+oid, map[string]any{"weight": 8, "revision": 2}); res.status != http.StatusForbidden {
			t.Errorf("patch by another unit's manager: %d", res.status)
		}
		// Indicators.
		res, doc = f.api(t, otherManager, "POST", "/api/v1/objectives/"+oid+"/indicators", map[string]any{
			"description": "Pattuglie", "targets": []map[string]any{{"year": 2022, "text": "almeno 2"}}})
		if res.status != http.StatusCreated {
			t.Fatalf("add indicator: %d %s", res.status, res.body)
		}
		iid := idOf(t, res.body)
		res, doc = f.api(t, otherManager, "PATCH", "/api/v1/indicators/"+iid, map[string]any{
			"targets": []map[string]any{{"year": 2023, "text": "almeno 3"}}, "revision": 1})
		if ts := doc["targets"].([]any); res.status != http.StatusOK || len(ts) != 2 || doc["description"] != "Pattuglie" {
			t.Fatalf("patch indicator: %d %s", res.status, res.body)
		}
		if res, _ := f.api(t, otherManager, "DELETE", "/api/v1/indicators/"+iid, nil); res.status != http.StatusBadRequest {
			t.Errorf("delete without revision: %d", res.status)
		}
		if res, _ := f.api(t, otherManager, "DELETE", "/api/v1/indicators/"+iid+"?revision=2", nil); res.status != http.StatusNoContent {
			t.Errorf("delete indicator: %d", res.status)
		}
		if res, _ := f.api(t, admin, "DELETE", "/api/v1/objectives/"+oid+"?revision=2", nil); res.status != http.StatusNoContent {
			t.Errorf("delete objective: %d", res.status)
		}
		// The approved version changes no more.
		v1 := f.plan.Units[7]
		if res, _ := f.api(t, admin, "POST", "/api/v1/units/"+id(v1.ID)+"/objectives", map[string]any{"title": "x"}); res.status != http.StatusConflict {
			t.Errorf("add to the approved version: %d", res.status)
		}
		// The import's dry run says what the import would do.
		res, doc = f.apiUpload(t, "/api/v1/plans?dry_run=true")
		if res.status != http.StatusOK || !strings.Contains(doc["would_refuse"].(string), "è una variazione") {
			t.Errorf("dry run over the variation: %d %s", res.status, res.body)
		}
		res, doc = f.apiUpload(t, "/api/v1/plans?dry_run=true&replace_draft=true")
		if m, _ := doc["match"].(map[string]any); res.status != http.StatusOK || m == nil || m["objectives"].(map[string]any)["matched"].(float64) != 124 {
			t.Errorf("dry run replacing: %d %s", res.status, res.body)
		}
	})
}

// apiUpload posts the seed to the import API as the administrator.
func (f *fixture) apiUpload(t *testing.T, path string) (response, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest("POST", f.ts.URL+path, strings.NewReader(string(seedtest.Bytes(t))))
	req.Header.Set("Authorization", "Bearer "+f.token(t, admin))
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

// idOf is the first "id" of a JSON answer, read as text: ids do not fit a
// float64.
func idOf(t *testing.T, body string) string {
	t.Helper()
	m := regexp.MustCompile(`"id":\s*(\d+)`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no id in %.200s", body)
	}
	return m[1]
}
