package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// TestSignInRedirectStaysHere: where sign-in sends a person afterwards is a
// path on this server, whatever the dopo parameter says. Browsers drop
// tabs and line breaks from a Location and read a backslash as a slash, so
// "/\t/evil.example" would land on another site.
func TestSignInRedirectStaysHere(t *testing.T) {
	f := newFixture(t, "sqlite", nil)
	cookie := f.session(t, reader)
	cases := map[string]string{
		"/\t/evil.example":           "/",
		"/\n/evil.example":           "/",
		"/\r/evil.example":           "/",
		"/ /evil.example":            "/",
		"/\\evil.example":            "/",
		"/a\\..\\/evil.example":      "/",
		"//evil.example":             "/",
		"///evil.example":            "/",
		"https://evil.example/":      "/",
		"http:/evil.example":         "/",
		"javascript:alert(1)":        "/",
		"/\x7f/evil.example":         "/",
		"/\u00a0/evil.example":       "/",
		"/\u2028/evil.example":       "/",
		"evil.example":               "/",
		"/accedi?dopo=/piano":        "/",
		"":                           "/",
		"/piano":                     "/piano",
		"/piano?unita=3&anno=2022":   "/piano?unita=3&anno=2022",
		"/piano/obiettivi/12#misure": "/piano/obiettivi/12#misure",
	}
	for dopo, want := range cases {
		// Signed in: GET /accedi goes on at once.
		req, _ := http.NewRequest("GET", f.ts.URL+"/accedi?dopo="+url.QueryEscape(dopo), nil)
		req.AddCookie(&http.Cookie{Name: "performa_sessione", Value: cookie})
		if status, loc := rawLocation(t, req); status != http.StatusSeeOther || loc != want {
			t.Errorf("GET /accedi?dopo=%q: %d Location %q, want %q", dopo, status, loc, want)
		}
		// Signing in with the form.
		form := url.Values{"ente": {strconv.FormatInt(f.org.ID, 10)}, "nome": {reader},
			"password": {password(reader)}, "dopo": {dopo}}
		req, _ = http.NewRequest("POST", f.ts.URL+"/accedi", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if status, loc := rawLocation(t, req); status != http.StatusSeeOther || loc != want {
			t.Errorf("POST /accedi dopo=%q: %d Location %q, want %q", dopo, status, loc, want)
		}
	}
}

// rawLocation sends req through the bare transport, which (unlike a client)
// hands back a Location header that is not a valid URL as it is.
func rawLocation(t *testing.T, req *http.Request) (int, string) {
	t.Helper()
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	drain(resp)
	return resp.StatusCode, resp.Header.Get("Location")
}
