package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/store/storetest"
)

// TestDocumentsPage: the Documenti page offers what the role may have,
// and its links send real PDFs; the internal edition is refused to the
// others, the Documento di validazione before the sign-off; the Piano
// page exports the plan.
func TestDocumentsPage(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		f := newFixture(t, dialect, nil)
		ctx := context.Background()
		page := f.page(t, reader, "/documenti")
		has(t, "documents before approval", page, "Documenti", `id="piano-non-approvato"`, "/documenti/relazione.pdf?anno=2022&amp;edizione=pubblica")
		if strings.Contains(page.body, "edizione=interna") {
			t.Error("the internal edition offered to a reader")
		}
		if res := f.page(t, admin, "/documenti/piano.pdf"); res.status != http.StatusConflict || !strings.Contains(res.body, "è in bozza") {
			t.Errorf("a draft's Piano: %d %.200s", res.status, res.body)
		}
		if err := f.st.ApproveVersion(ctx, f.org.ID, f.plan.Version.ID, "12", time.Date(2022, 1, 28, 0, 0, 0, 0, time.UTC), admin); err != nil {
			t.Fatal(err)
		}
		var ms []*domain.Measurement
		for _, u := range f.plan.Units {
			for _, o := range u.Objectives {
				ms = append(ms, &domain.Measurement{IndicatorID: o.Indicators[0].ID, Date: time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC),
					Number: ptr(12), RecordedBy: manager})
			}
		}
		if err := f.st.AddMeasurements(ctx, f.org.ID, ms); err != nil {
			t.Fatal(err)
		}
		page = f.page(t, evaluator, "/documenti")
		has(t, "documents for the Nucleo", page, "/documenti/piano.pdf?versione=", "edizione=interna", "dopo la chiusura dell")
		pdf := func(who, path string) response {
			t.Helper()
			res := f.page(t, who, path)
			if res.status != http.StatusOK || res.header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(res.body, "%PDF-") ||
				!strings.HasPrefix(res.header.Get("Content-Disposition"), "attachment; filename=") {
				t.Fatalf("%s as %s: %d %s %q %.100q", path, who, res.status, res.header.Get("Content-Type"), res.header.Get("Content-Disposition"), res.body)
			}
			return res
		}
		pdf(reader, "/documenti/piano.pdf?versione="+id(f.plan.Version.ID))
		pdf(reader, "/documenti/relazione.pdf?anno=2022&edizione=pubblica")
		pdf(reader, "/documenti/relazione.pdf?year=2022&edition=public")
		if res := f.page(t, reader, "/documenti/relazione.pdf?anno=2022&edizione=interna"); res.status != http.StatusForbidden ||
			!strings.Contains(res.body, "punteggi individuali dei responsabili") {
			t.Errorf("the internal edition to a reader: %d", res.status)
		}
		if res := f.page(t, manager, "/documenti/relazione.pdf?anno=2022&edition=internal"); res.status != http.StatusForbidden {
			t.Errorf("the internal edition to a manager: %d", res.status)
		}
		internal := pdf(evaluator, "/documenti/relazione.pdf?anno=2022&edizione=interna")
		if internal.header.Get("Cache-Control") != "no-store" {
			t.Errorf("the internal edition may be cached: %q", internal.header.Get("Cache-Control"))
		}
		res := f.page(t, reader, "/documenti/validazione.pdf?anno=2022")
		if res.status != http.StatusConflict || !strings.Contains(res.body, "non è chiuso dal Nucleo di Valutazione") {
			t.Errorf("validazione before the sign-off: %d %.300s", res.status, res.body)
		}
		if res := f.page(t, reader, "/documenti/bilancio.pdf"); res.status != http.StatusNotFound {
			t.Errorf("an unknown document: %d", res.status)
		}

		// Sign 2022 off: the Documento di validazione follows.
		f.clock.Set(time.Date(2023, 2, 1, 10, 0, 0, 0, time.UTC))
		for _, u := range f.plan.Units {
			if res := f.post(t, evaluator, "/validazione/unita/"+id(u.ID), url.Values{"anno": {"2022"}, "azione": {"convalida-tutti"}}); res.status != http.StatusSeeOther {
				t.Fatalf("confirm %s: %d", u.Name, res.status)
			}
		}
		seen := between(f.page(t, evaluator, "/validazione?anno=2022").body, `name="stato_piano" value="`, `"`)
		if res := f.post(t, evaluator, "/validazione/chiusura", url.Values{"anno": {"2022"}, "stato_piano": {seen}, "conferma": {"1"}}); res.status != http.StatusSeeOther {
			t.Fatalf("sign-off: %d %.300s", res.status, res.body)
		}
		has(t, "documents after the sign-off", f.page(t, reader, "/documenti"), "/documenti/validazione.pdf?anno=2022", "Anna Bianchi")
		pdf(reader, "/documenti/validazione.pdf?anno=2022")

		// The Piano page: exports of the version shown, every format.
		plan := f.page(t, reader, "/piano")
		for _, format := range []string{"xlsx", "ods", "csv", "json"} {
			link := "/piano/esporta?formato=" + format + "&amp;versione=" + id(f.plan.Version.ID)
			has(t, "plan page", plan, link)
			res := f.page(t, reader, strings.ReplaceAll(link, "&amp;", "&"))
			if res.status != http.StatusOK || !strings.Contains(res.header.Get("Content-Disposition"), "piano-2022-2024-v1."+format) || len(res.body) < 100 {
				t.Errorf("export %s: %d %q", format, res.status, res.header.Get("Content-Disposition"))
			}
			if format == "csv" && !strings.Contains(res.body, "Area 1") || format == "xlsx" && !bytes.HasPrefix([]byte(res.body), []byte("PK")) {
				t.Errorf("export %s: %.100q", format, res.body)
			}
		}
		has(t, "plan page", plan, "/documenti/piano.pdf?versione="+id(f.plan.Version.ID))
		if res := f.page(t, reader, "/piano/esporta?formato=pdf"); res.status != http.StatusBadRequest {
			t.Errorf("an unknown format: %d", res.status)
		}
	})
}
