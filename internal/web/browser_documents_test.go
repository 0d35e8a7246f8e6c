package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/performa-pa/performa/internal/domain"
)

// TestBrowserDocuments opens the Documenti page of the seed as the Nucleo
// (axe: no serious violation) and downloads every link it offers: real
// PDFs.
func TestBrowserDocuments(t *testing.T) {
	ctx := tab(t)
	f := seedFixture(t)
	bg := context.Background()
	if err := f.st.ApproveVersion(bg, f.org.ID, f.plan.Version.ID, "12", time.Date(2022, 1, 27, 0, 0, 0, 0, time.UTC), admin); err != nil {
		t.Fatal(err)
	}
	police := f.unit(t, "Area Polizia Municipale")
	if err := f.st.AddMeasurements(bg, f.org.ID, []*domain.Measurement{
		{IndicatorID: police.Objectives[1].Indicators[0].ID, Date: time.Date(2022, 6, 30, 0, 0, 0, 0, time.UTC), Number: ptr(3), RecordedBy: manager},
		{IndicatorID: police.Objectives[1].Indicators[0].ID, Date: time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC), Number: ptr(6), RecordedBy: manager},
	}); err != nil {
		t.Fatal(err)
	}
	signInAs(t, ctx, f, evaluator)
	if got := text(t, ctx, "nav[aria-label='Menu principale']"); !strings.Contains(got, "Documenti") {
		t.Errorf("the menu lacks Documenti: %q", got)
	}
	visit(t, ctx, f, "/documenti")
	links, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('main a[href^="/documenti/"]')].map(a => a.getAttribute('href'))`))
	if err != nil {
		t.Fatal(err)
	}
	if len(links) != 1+3+3 { // the Piano, the Relazione of each year in both editions
		t.Errorf("links: %q", links)
	}
	for _, href := range links {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(`+"`"+href+"`"+`).then(async r => r.status + ' ' + r.headers.get('Content-Type') + ' ' +
			new TextDecoder().decode((await r.arrayBuffer()).slice(0, 5)))`, chromedp.EvalAwaitPromise))
		if err != nil || got != "200 application/pdf %PDF-" {
			t.Errorf("%s: %q %v", href, got, err)
		}
	}
}
