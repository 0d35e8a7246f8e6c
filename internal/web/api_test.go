package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/store/storetest"
)

func TestAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		f := newFixture(t, dialect, storetest.SamplePlan(orgName))
		tok := f.token(t, reader)

		res := f.do(t, "GET", "/api/v1/plans", "", "", nil)
		if res.status != http.StatusUnauthorized || !strings.HasPrefix(res.header.Get("WWW-Authenticate"), "Bearer") ||
			!strings.Contains(res.body, `"code":"unauthorized"`) {
			t.Errorf("no token: %d %v %s", res.status, res.header, res.body)
		}
		if res := f.do(t, "GET", "/api/v1/plans", "", "pfm_1_"+strings.Repeat("0", 64), nil); res.status != http.StatusUnauthorized {
			t.Errorf("unknown token: %d", res.status)
		}

		res = f.do(t, "GET", "/api/v1/plans", "", tok, nil)
		var list struct {
			Plans []struct {
				ID    int64 `json:"id"`
				Cycle struct {
					FirstYear int `json:"first_year"`
				} `json:"cycle"`
				Objectives int `json:"objectives"`
			} `json:"plans"`
		}
		if res.status != 200 || res.header.Get("Content-Type") != "application/json; charset=utf-8" ||
			json.Unmarshal([]byte(res.body), &list) != nil || len(list.Plans) != 1 ||
			list.Plans[0].ID != f.plan.Version.ID || list.Plans[0].Cycle.FirstYear != 2022 || list.Plans[0].Objectives != f.plan.Objectives() {
			t.Fatalf("plans: %d %s", res.status, res.body)
		}

		res = f.do(t, "GET", "/api/v1/plans/"+strconv.FormatInt(f.plan.Version.ID, 10), "", tok, nil)
		var doc map[string]any
		if res.status != 200 || json.Unmarshal([]byte(res.body), &doc) != nil || doc["schema"] != "performa.plan/v1" ||
			len(doc["units"].([]any)) != len(f.plan.Units) {
			t.Fatalf("plan: %d %.300s", res.status, res.body)
		}
		if res := f.do(t, "GET", "/api/v1/plans/12345", "", tok, nil); res.status != http.StatusNotFound || !strings.Contains(res.body, "not_found") {
			t.Errorf("unknown plan: %d %s", res.status, res.body)
		}

		// Another organization's token sees its own (empty) list and not
		// this organization's plan.
		other, _, _ := f.st.EnsureOrganization(context.Background(), "Comune di Chiusi")
		stranger := &domain.User{OrganizationID: other.ID, Name: "estraneo", Role: domain.RoleAdmin}
		if err := f.srv.Auth.CreateUser(context.Background(), stranger, "chiave di prova 2024", false, "test"); err != nil {
			t.Fatal(err)
		}
		stok, _, _ := f.srv.Auth.CreateToken(context.Background(), stranger, "", "test")
		if res := f.do(t, "GET", "/api/v1/plans", "", stok, nil); res.status != 200 || !strings.Contains(res.body, `"plans":[]`) {
			t.Errorf("other organization's list: %d %s", res.status, res.body)
		}
		if res := f.do(t, "GET", "/api/v1/plans/"+strconv.FormatInt(f.plan.Version.ID, 10), "", stok, nil); res.status != http.StatusNotFound {
			t.Errorf("other organization's plan: %d", res.status)
		}
	})
}

// TestOpenAPI checks that the OpenAPI document is valid JSON and describes
// exactly the /api/v1/ routes of the route table.
func TestOpenAPI(t *testing.T) {
	f := newFixture(t, "sqlite", nil)
	res := f.do(t, "GET", "/api/v1/openapi.json", "", "", nil)
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Servers []struct{ URL string }    `json:"servers"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if res.status != 200 || json.Unmarshal([]byte(res.body), &doc) != nil || !strings.HasPrefix(doc.OpenAPI, "3.") ||
		len(doc.Servers) != 1 || doc.Servers[0].URL != "/api/v1" {
		t.Fatalf("openapi.json: %d %.300s", res.status, res.body)
	}
	var documented []string
	for path, ops := range doc.Paths {
		for method := range ops {
			documented = append(documented, strings.ToUpper(method)+" /api/v1"+path)
		}
	}
	var routed []string
	for _, rt := range f.srv.Routes() {
		if strings.Contains(rt.Pattern, " /api/") && rt.Pattern != "GET /api/v1/openapi.json" {
			routed = append(routed, rt.Pattern)
		}
	}
	slices.Sort(documented)
	slices.Sort(routed)
	if !slices.Equal(documented, routed) {
		t.Errorf("OpenAPI paths %q, API routes %q", documented, routed)
	}
}
