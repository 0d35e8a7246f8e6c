package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

const headerOnlyCSV = "\ufeffUnità;N° obiettivo;Peso;Obiettivo;Indicatore;Target 2022;Target 2023;Target 2024\r\n"

// TestImportRefusesEmptyPlan: in the browser and in the API, a plan that
// would empty the draft is refused with the reason, unless the user
// insists (the checkbox, force=true); a refusal changes nothing.
func TestImportRefusesEmptyPlan(t *testing.T) {
	f := newFixture(t, "sqlite", nil)
	ctx := context.Background()
	objectives := func() int {
		p, err := f.st.CurrentPlan(ctx, f.org.ID)
		if err != nil {
			t.Fatal(err)
		}
		return p.Objectives()
	}
	before := objectives()

	res := f.upload(t, admin, "/importa", "vuoto.csv", []byte(headerOnlyCSV))
	if res.status != http.StatusSeeOther {
		t.Fatalf("upload: %d %.300s", res.status, res.body)
	}
	report := res.header.Get("Location")
	res = f.page(t, admin, report)
	has(t, "report", res, `id="blocchi-importazione"`, "svuoterebbe la bozza", `name="forza"`, "Importa comunque")

	res = f.post(t, admin, report+"/conferma", nil)
	if res.status != http.StatusBadRequest {
		t.Fatalf("confirm without the checkbox: %d", res.status)
	}
	has(t, "refused confirm", res, "Il piano non è stato importato", "svuoterebbe la bozza", "archivio non è stato modificato.")
	if n := objectives(); n != before {
		t.Fatalf("a refused import left %d objectives of %d", n, before)
	}
	res = f.post(t, admin, report+"/conferma", url.Values{"forza": {"1"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("confirm with the checkbox: %d %.300s", res.status, res.body)
	}
	if n := objectives(); n != 0 {
		t.Fatalf("forced import: %d objectives", n)
	}

	// The API: 422 with the blocking diagnostics, then force=true.
	token := f.token(t, admin)
	post := func(query string, data string) (int, map[string]any) {
		req, _ := http.NewRequest("POST", f.ts.URL+"/api/v1/plans?file=vuoto.csv"+query, bytes.NewReader([]byte(data)))
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		var doc map[string]any
		json.Unmarshal(b, &doc)
		return resp.StatusCode, doc
	}
	if status, doc := post("&dry_run=true", headerOnlyCSV); status != http.StatusOK || doc["blocking"] == nil {
		t.Errorf("dry run: %d %v", status, doc)
	}
	status, doc := post("", headerOnlyCSV)
	e, _ := doc["error"].(map[string]any)
	if status != http.StatusBadRequest || e == nil || !strings.Contains(e["message"].(string), "force=true") {
		t.Errorf("API without force: %d %v", status, doc)
	}
	if status, doc := post("&force=true", headerOnlyCSV); status != http.StatusCreated {
		t.Errorf("API with force: %d %v", status, doc)
	}
}
