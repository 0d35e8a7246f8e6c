package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestBrowserPublic: the public section in Chromium, nobody signed in:
// axe finds nothing serious on any page, no page asks to sign in, and
// with JavaScript disabled the pages read and their links work (to the
// Relazione and to the premi). The
// administrator's Pubblicazione page passes axe too.
func TestBrowserPublic(t *testing.T) {
	ctx := tab(t)
	p := publishSeed(t, "sqlite")
	base := "/trasparenza/" + p.slug + "/"
	for _, path := range []string{"/trasparenza", base, base + "piano/2022", base + "relazione/2022", base + "premi/2022", base + "dati/",
		base + "relazione/2021", base + "premi/2021", "/trasparenza/nessuno/"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(p.ts.URL+path)); err != nil {
			t.Fatal(err)
		}
		if l := location(t, ctx); strings.Contains(l, "/accedi") {
			t.Errorf("%s asks to sign in: %s", path, l)
		}
		axeCheck(t, ctx, path)
	}
	if got := text(t, ctx, "main"); !strings.Contains(got, "Non c'è nessun ente a questo indirizzo.") {
		t.Errorf("unknown ente: %q", got)
	}

	signIn(t, ctx, p.fixture, "admin", password(admin))
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID("tabella-piani")),
		chromedp.Navigate(p.ts.URL+"/amministrazione/pubblicazione"), chromedp.WaitVisible(chromedp.ID("tabella-pubblicazioni"))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "#relazione-2022"); !strings.Contains(got, "Pubblicata il") || !strings.Contains(got, "Giulio Nardi") {
		t.Errorf("publication row: %q", got)
	}
	if got := text(t, ctx, "#premi-2022"); !strings.Contains(got, "Pubblicati il") || !strings.Contains(got, "distribuzione salvata il") {
		t.Errorf("premi row: %q", got)
	}
	axeCheck(t, ctx, "/amministrazione/pubblicazione")

	// Without JavaScript, from the ente's page to the Relazione by its link.
	nojs := tab(t)
	if _, err := chromedp.Call(nojs, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(nojs, chromedp.Navigate(p.ts.URL+base),
		chromedp.Click(chromedp.CSS(`a[href="`+base+`relazione/2022"]`)), chromedp.WaitVisible(chromedp.ID("punteggio-ente"))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, nojs, "#punteggio-ente"); !strings.Contains(got, "Punteggio dell'ente") || !strings.Contains(got, "%") {
		t.Errorf("without JavaScript: %q", got)
	}
	if got := text(t, nojs, "#briciole"); !strings.Contains(got, "Amministrazione trasparente") || !strings.Contains(got, "Relazione sulla performance 2022") {
		t.Errorf("breadcrumb: %q", got)
	}

	// And to the premi, whose tables read without it.
	if err := chromedp.Do(nojs, chromedp.Navigate(p.ts.URL+base),
		chromedp.Click(chromedp.CSS(`a[href="`+base+`premi/2022"]`)), chromedp.WaitVisible(chromedp.ID("tabella-fasce"))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, nojs, "#tabella-fondo"); !strings.Contains(got, "Premi distribuiti") || !strings.Contains(got, " €") {
		t.Errorf("premi without JavaScript: %q", got)
	}
}
