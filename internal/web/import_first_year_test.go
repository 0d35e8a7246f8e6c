package web_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/performa-pa/performa/internal/auth"
	"github.com/performa-pa/performa/internal/store/storetest"
)

// uploadFields sends a file with further form fields as who.
func (f *fixture) uploadFields(t *testing.T, who, path, name string, data []byte, fields map[string]string) response {
	t.Helper()
	cookie := f.session(t, who)
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", auth.CSRFToken(cookie))
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", f.ts.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(&http.Cookie{Name: "performa_sessione", Value: cookie})
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{resp.StatusCode, resp.Header, string(b)}
}

// TestImportFirstYear: the import form's «Primo anno del piano», twin of
// performa import --first-year, dates targets written as «primo, secondo,
// terzo anno»; a value that is not a year is refused and nothing is kept.
func TestImportFirstYear(t *testing.T) {
	f := newFixture(t, "sqlite", storetest.SamplePlan(orgName))
	csv := []byte("Obiettivo;Indicatore;Target primo anno;Target secondo anno;Target terzo anno\n" +
		"Riduzione dei tempi di pagamento;Giorni medi di pagamento;<= 30 gg;<= 28 gg;<= 25 gg\n")
	res := f.uploadFields(t, admin, "/importa", "piano.csv", csv, map[string]string{"primo_anno": "2024"})
	if res.status != http.StatusSeeOther {
		t.Fatalf("upload: %d %.300s", res.status, res.body)
	}
	has(t, "report", f.page(t, admin, res.header.Get("Location")), "2024–2026")
	res = f.uploadFields(t, admin, "/importa", "piano.csv", csv, map[string]string{"primo_anno": "24"})
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, "non è un anno") {
		t.Errorf("bad year: %d %.300s", res.status, res.body)
	}
}
