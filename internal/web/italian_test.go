package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestAPIErrorsInItalian: a malformed JSON request gets an Italian answer,
// with no Go decoder's English in it.
func TestAPIErrorsInItalian(t *testing.T) {
	f := newFixture(t, "sqlite", nil)
	token := f.token(t, admin)
	in := f.unit(t, "Area 1").Objectives[0].Indicators[0]
	english := regexp.MustCompile(`(?i)\b(invalid|unexpected|character|cannot|unmarshal|looking|EOF|json:)\b`)
	for _, body := range []string{`{`, `{"date": "2022-06-30", "value": [}`, `{"date": 20220630}`, strings.Repeat("[", 20000)} {
		req, _ := http.NewRequest("POST", f.ts.URL+"/api/v1/indicators/"+id(in.ID)+"/measurements", bytes.NewReader([]byte(body)))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var doc struct {
			Error struct{ Message string }
		}
		json.Unmarshal(b, &doc)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(doc.Error.Message, "non è un JSON valido") ||
			english.MatchString(doc.Error.Message) {
			t.Errorf("%.20q: %d %q", body, resp.StatusCode, doc.Error.Message)
		}
	}
}
