package web_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/performa-pa/performa/internal/store"
)

// submit clicks a button (CSS) and waits for the page's success notice
// holding want, then checks the page with axe.
func submit(t *testing.T, ctx context.Context, button, want, what string) {
	t.Helper()
	// Wait for this answer's notice, not any: the page being left may show
	// the previous step's, and reading it while the next page loads fails.
	quoted, _ := json.Marshal(want)
	answered := `document.readyState === "complete" && ` +
		`(document.querySelector("main .alert-success")?.textContent || "").includes(` + string(quoted) + `)`
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(button))); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	// Evaluated again until it holds: while the next page loads, an
	// evaluation fails with «target navigated», which is no answer yet.
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](answered)); err == nil && ok {
			break
		}
		if time.Now().After(deadline) {
			got, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("main")?.innerText || ""`))
			t.Fatalf("%s: the page says %.300q, want %q", what, got, want)
		}
	}
	axeCheck(t, ctx, what)
}

// TestBrowserSchede walks a scheda to definitiva and the premiums in the
// browser, axe-core on every page: the administrator creates the schede,
// the Responsabile rates and delivers Anna Bianchi's, she signs in, takes
// the presa visione and asks for a review, the Responsabile answers and
// makes it definitiva, the administrator computes and saves the premiums,
// and Anna sees her own.
func TestBrowserSchede(t *testing.T) {
	ctx := tabFor(t, 5*time.Minute)
	f := schedeFixture(t, store.SQLite, true)

	signInAs(t, ctx, f, admin)
	visit(t, ctx, f, "/personale?anno=2022")
	submit(t, ctx, "#crea-schede button", "Schede create in bozza: 40.", "schede created")
	// Who evaluates her: named, then by role again (the Responsabile rates below).
	visit(t, ctx, f, "/personale/1002?anno=2022")
	for _, name := range []string{otherManager, ""} {
		if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.ID("valutatore"), name)); err != nil {
			t.Fatalf("choose %q: %v", name, err)
		}
		submit(t, ctx, `#assegna-valutatore button`, "Chi valuta è cambiato.", "evaluator "+name)
	}
	signOut(t, ctx, f)

	signInAs(t, ctx, f, manager)
	visit(t, ctx, f, "/personale?anno=2022")
	if got := text(t, ctx, "#tabella-personale"); !strings.Contains(got, "Bianchi Anna") || strings.Contains(got, "Ricci Chiara") {
		t.Errorf("the Responsabile's list: %q", got)
	}
	visit(t, ctx, f, "/personale/1002?anno=2022")
	var actions []chromedp.Action[chromedp.Void]
	for _, c := range []string{"collaborazione-5", "qualita-4", "utenza-3", "autonomia-5"} {
		actions = append(actions, chromedp.Click(chromedp.CSS(`label[for="c-`+c+`"]`)))
	}
	actions = append(actions, chromedp.SendKeys(chromedp.ID("individuale"), "80"))
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("rating: %v", err)
	}
	submit(t, ctx, `#valuta-scheda button[value="valuta"]`, "Valutazione salvata", "rated")
	if got := text(t, ctx, "#totale-scheda"); !strings.Contains(got, "30% × 80% (obiettivi individuali)") {
		t.Errorf("total: %q", got)
	}
	submit(t, ctx, `#valuta-scheda button[value="consegna"]`, "Scheda consegnata", "delivered")
	signOut(t, ctx, f)

	signInAs(t, ctx, f, reader)
	visit(t, ctx, f, "/la-mia-scheda?anno=2022")
	submit(t, ctx, "#presa-visione button", "Presa visione registrata", "presa visione")
	if got := text(t, ctx, "#date-scheda"); !strings.Contains(got, "Presa visione il 16/02/2023") {
		t.Errorf("dates: %q", got)
	}
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("testo"), "Lo sportello del sabato non è considerato.")); err != nil {
		t.Fatal(err)
	}
	submit(t, ctx, "#chiedi-riesame button", "Richiesta di riesame registrata", "review asked")
	signOut(t, ctx, f)

	signInAs(t, ctx, f, manager)
	visit(t, ctx, f, "/personale/1002?anno=2022")
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("risposta"), "Considerato: la valutazione è confermata.")); err != nil {
		t.Fatal(err)
	}
	submit(t, ctx, "#rendi-definitiva button", "La scheda è definitiva.", "final")
	signOut(t, ctx, f)

	signInAs(t, ctx, f, admin)
	visit(t, ctx, f, "/premi?anno=2022")
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("fondo-organizzativa"), "30.000,00"), chromedp.SendKeys(chromedp.ID("fondo-individuale"), "70.000,00")); err != nil {
		t.Fatal(err)
	}
	submit(t, ctx, "#calcola-premi button", "Distribuzione calcolata e salvata", "premiums saved")
	if got := text(t, ctx, "#totali-premi"); !strings.Contains(got, "Fondo: 100.000,00 €") || !strings.Contains(got, "Non distribuito:") {
		t.Errorf("totals: %q", got)
	}
	signOut(t, ctx, f)

	signInAs(t, ctx, f, reader)
	visit(t, ctx, f, "/premi?anno=2022")
	if got := text(t, ctx, "main"); !strings.Contains(got, "Il tuo premio 2022") || strings.Contains(got, "Santoro") {
		t.Errorf("the person's premium: %q", got)
	}
}
