package web_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/store/storetest"
)

// The plan API answers an unchanged plan with 304 to the ETag it gave, and
// gives another ETag once the plan is edited.
func TestAPIPlanETag(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		f := newFixture(t, dialect, storetest.SamplePlan(orgName))
		tok := f.token(t, admin)
		path := "/api/v1/plans/" + id(f.plan.Version.ID)
		var getAs func(tok, match string) (int, http.Header, string)
		get := func(match string) (int, http.Header, string) {
			t.Helper()
			return getAs(tok, match)
		}
		getAs = func(tok, match string) (int, http.Header, string) {
			t.Helper()
			req, _ := http.NewRequest("GET", f.ts.URL+path, nil)
			req.Header.Set("Authorization", "Bearer "+tok)
			if match != "" {
				req.Header.Set("If-None-Match", match)
			}
			resp, err := noRedirect.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, resp.Header, string(b)
		}
		status, h, body := get("")
		tag := h.Get("ETag")
		if status != 200 || !strings.HasPrefix(tag, `"`) || strings.HasPrefix(tag, "W/") ||
			h.Get("Cache-Control") != "private, no-cache" || !strings.Contains(body, "performa.plan/v1") {
			t.Fatalf("first: %d %v %.200s", status, h, body)
		}
		for _, match := range []string{tag, `"altro", ` + tag, "W/" + tag, "*"} {
			if status, h, body := get(match); status != http.StatusNotModified || body != "" || h.Get("ETag") != tag {
				t.Errorf("If-None-Match %s: %d %q %q", match, status, h.Get("ETag"), body)
			}
		}
		if status, _, _ := get(`"altro"`); status != 200 {
			t.Errorf("another tag: %d", status)
		}

		// Another organization's user gets neither the plan nor a 304 with
		// the tag: the version is not found for them.
		other, _, _ := f.st.EnsureOrganization(context.Background(), "Comune di Chiusi")
		stranger := &domain.User{OrganizationID: other.ID, Name: "estraneo", Role: domain.RoleAdmin}
		if err := f.srv.Auth.CreateUser(context.Background(), stranger, "chiave di prova 2024", false, "test"); err != nil {
			t.Fatal(err)
		}
		stok, _, err := f.srv.Auth.CreateToken(context.Background(), stranger, "test", "test")
		if err != nil {
			t.Fatal(err)
		}
		for _, match := range []string{"", tag, "*"} {
			if status, h, body := getAs(stok, match); status != http.StatusNotFound || h.Get("ETag") != "" || strings.Contains(body, "performa.plan/v1") {
				t.Errorf("another organization, If-None-Match %q: %d %q", match, status, h.Get("ETag"))
			}
		}

		res, _ := f.api(t, admin, "POST", "/api/v1/units/"+id(f.plan.Units[0].ID)+"/objectives", map[string]any{
			"code": "99", "title": "Obiettivo aggiunto", "weight": 5,
			"indicators": []map[string]any{{"description": "Incontri", "targets": []map[string]any{{"year": 2022, "text": ">= 4"}}}}})
		if res.status != http.StatusCreated {
			t.Fatalf("add: %d %s", res.status, res.body)
		}
		status, h, body = get(tag)
		if status != 200 || h.Get("ETag") == tag || !strings.Contains(body, "Obiettivo aggiunto") {
			t.Errorf("after an edit: %d %q (was %q)", status, h.Get("ETag"), tag)
		}
	})
}
