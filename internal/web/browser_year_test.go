package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/seedtest"
)

// importSeed imports the seed through the import page, as the signed-in
// administrator: upload, report, confirm. It returns the plan stored.
func importSeed(t *testing.T, ctx context.Context, f *fixture) *domain.Plan {
	t.Helper()
	bg := context.Background()
	seed := filepath.Join(t.TempDir(), seedtest.File)
	if err := os.WriteFile(seed, seedtest.Bytes(t), 0o600); err != nil {
		t.Fatal(err)
	}
	visit(t, ctx, f, "/importa")
	err := chromedp.Do(ctx,
		chromedp.SetUploadFiles(chromedp.ID("file"), []string{seed}),
		chromedp.Focus(chromedp.ID("carica")),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.ID("tabella-fogli")),
	)
	if err != nil {
		t.Fatalf("upload: %v", err)
	}
	if got := text(t, ctx, "#tabella-fogli"); !strings.Contains(got, "Area Finanziaria") || !strings.Contains(got, "AREA LL.PP. -PATRIMONIO") {
		t.Errorf("report: %q", got)
	}
	axeCheck(t, ctx, "import report")
	if plans, _ := f.st.Plans(bg, f.org.ID); plans[0].Objectives == 124 {
		t.Fatal("the seed was stored before confirmation")
	}
	err = chromedp.Do(ctx,
		chromedp.Focus(chromedp.ID("conferma-importazione")),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.ID("tabella-unita")),
	)
	if err != nil {
		t.Fatalf("confirm: %v", err)
	}
	if got := text(t, ctx, "main"); !strings.Contains(got, "Piano importato.") || !strings.Contains(got, "Area Finanziaria") {
		t.Errorf("after import: %.300q", got)
	}
	axeCheck(t, ctx, "cruscotto after import")
	plan, err := f.st.CurrentPlan(bg, f.org.ID)
	if err != nil || plan.Objectives() != 124 {
		t.Fatalf("imported: %v", err)
	}
	return plan
}

// press focuses a button and presses Enter, then waits for sel.
func press(t *testing.T, ctx context.Context, button, wait, what string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.ID(button)), chromedp.KeyEvent("\r"), chromedp.WaitVisible(chromedp.CSS(wait))); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// TestBrowserYear walks 2022 in the browser, with the keyboard, axe-core
// on every page: the administrator imports the seed and approves it with
// the delibera, then a variation adding an objective to the Polizia,
// approved with its own; the Polizia's manager measures; the year ends; the Nucleo
// sees why it cannot close the year, neutralises an objective, confirms
// each unit's computed figures in bulk, gives a figure to an objective
// without indicators, and closes the year; the administrator reopens it
// with an act; the Nucleo closes it again.
func TestBrowserYear(t *testing.T) {
	ctx := tabFor(t, 10*time.Minute)
	f := newFixture(t, "sqlite", nil) // a generated draft: the seed replaces it
	bg := context.Background()

	// Import and approve.
	signInAs(t, ctx, f, admin)
	plan := importSeed(t, ctx, f)
	var pm *domain.Unit
	for _, u := range plan.Units {
		if u.Name == "Area Polizia Municipale" {
			pm = u
		}
	}
	police := f.users[otherManager]
	police.Units = []domain.UnitRef{{ID: pm.Identity, Name: pm.Name}}
	if err := f.st.UpdateUser(bg, police, "test"); err != nil {
		t.Fatal(err)
	}
	v := id(plan.Version.ID)
	err := chromedp.Do(ctx,
		chromedp.Navigate(f.ts.URL+"/amministrazione/ciclo"),
		chromedp.SendKeys(chromedp.ID("numero-"+v), "12"),
		chromedp.SendKeys(chromedp.ID("data-"+v), "28/01/2022\r"),
		chromedp.WaitVisible(chromedp.CSS("main .alert-success")),
	)
	if err != nil {
		t.Fatalf("approve: %v", err)
	}
	axeCheck(t, ctx, "plan approved")

	// A variation adds an objective to the Polizia, with its indicator
	// and target, and is approved with its delibera: the year goes on
	// with version 2.
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("motivo-"+id(plan.Cycle.ID)), "Controllo del vicinato"),
		chromedp.Focus(chromedp.CSS("#variazione-"+id(plan.Cycle.ID)+" button")),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.CSS("main .alert-success")),
	)
	if err != nil {
		t.Fatalf("variation: %v", err)
	}
	axeCheck(t, ctx, "variation created")
	plans, _ := f.st.Plans(bg, f.org.ID)
	draft, err := f.st.Plan(bg, f.org.ID, plans[0].Version.ID)
	if err != nil || draft.Version.Number != 2 {
		t.Fatalf("variation: %v %+v", err, plans[0].Version)
	}
	var draftPolice *domain.Unit
	for _, u := range draft.Units {
		if u.Identity == pm.Identity {
			draftPolice = u
		}
	}
	visit(t, ctx, f, "/piano?versione="+id(draft.Version.ID))
	err = chromedp.Do(ctx,
		chromedp.Focus(chromedp.ID("nuovo-obiettivo-"+id(draftPolice.ID))),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.ID("modulo-nuovo-obiettivo")),
		chromedp.SendKeys(chromedp.ID("codice"), "16"),
		chromedp.SendKeys(chromedp.ID("peso"), "5"),
		chromedp.SendKeys(chromedp.ID("titolo"), "Controllo del vicinato"),
		chromedp.SendKeys(chromedp.ID("programma_codice"), "03.01"),
		chromedp.SendKeys(chromedp.ID("ind_descrizione"), "Incontri con i cittadini"),
		chromedp.SendKeys(chromedp.ID("ind_target_2022"), ">= 4 incontri"),
		chromedp.Focus(chromedp.ID("aggiungi-obiettivo")),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.ID("nuovo-indicatore")),
	)
	if err != nil {
		t.Fatalf("variation adding an objective: %v", err)
	}
	if got := text(t, ctx, "main"); !strings.Contains(got, "Obiettivo aggiunto") || !strings.Contains(got, "Polizia locale e amministrativa") {
		t.Errorf("added objective: %.400q", got)
	}
	axeCheck(t, ctx, "objective added by the variation")
	v2 := id(draft.Version.ID)
	err = chromedp.Do(ctx,
		chromedp.Navigate(f.ts.URL+"/amministrazione/ciclo"),
		chromedp.SendKeys(chromedp.ID("numero-"+v2), "30"),
		chromedp.SendKeys(chromedp.ID("data-"+v2), "10/05/2022\r"),
		chromedp.WaitVisible(chromedp.CSS("main .alert-success")),
	)
	if err != nil {
		t.Fatalf("approve the variation: %v", err)
	}
	axeCheck(t, ctx, "variation approved")
	signOut(t, ctx, f)
	// The year goes on with version 2: its units and objectives.
	if plan, err = f.st.CurrentPlan(bg, f.org.ID); err != nil || plan.Version.Number != 2 || plan.Objectives() != 125 {
		t.Fatalf("plan in force after the variation: %v", err)
	}
	for _, u := range plan.Units {
		if u.Identity == pm.Identity {
			pm = u
		}
	}

	// The Polizia's manager measures objective 2: «almeno sei servizi
	// settimanali», six.
	o1, o2 := pm.Objectives[0], pm.Objectives[1]
	signInAs(t, ctx, f, otherManager)
	err = chromedp.Do(ctx,
		chromedp.Navigate(f.ts.URL+"/monitoraggio/unita/"+id(pm.ID)),
		chromedp.SendKeys(chromedp.ID("valore-"+id(o2.Indicators[0].ID)), "6"),
		chromedp.SendKeys(chromedp.ID("nota-"+id(o2.Indicators[0].ID)), "sei servizi appiedati a settimana\r"),
		chromedp.WaitVisible(chromedp.CSS("main .alert-success")),
	)
	if err != nil {
		t.Fatalf("measure: %v", err)
	}
	if got := text(t, ctx, "#punteggio-unita"); !strings.Contains(got, "100%") || !strings.Contains(got, "provvisorio") {
		t.Errorf("Polizia while 2022 runs: %q", got)
	}
	axeCheck(t, ctx, "Polizia measured")
	signOut(t, ctx, f)

	// The year is over. The other managers' final measurements arrive
	// (recorded as their monitoring forms would, with a % by hand).
	f.clock.Set(time.Date(2023, 2, 15, 9, 0, 0, 0, time.UTC))
	var ms []*domain.Measurement
	var bare *domain.Objective // an objective without indicators: only the Nucleo gives it a figure
	for _, u := range plan.Units {
		for _, o := range u.Objectives {
			if len(o.Indicators) == 0 {
				bare = o
			}
			if o == o1 || o == o2 {
				continue
			}
			for _, in := range o.Indicators {
				if t, ok := in.Target(2022); ok && t.Text != "" {
					ms = append(ms, &domain.Measurement{IndicatorID: in.ID, Date: time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC),
						ManualAchievement: ptr(80), Note: "relazione finale del responsabile", Evidence: "prot. 812/2023", RecordedBy: manager})
				}
			}
		}
	}
	if err := f.st.AddMeasurements(bg, f.org.ID, ms); err != nil {
		t.Fatal(err)
	}

	// The Nucleo: the year cannot close yet, and the page says why.
	signInAs(t, ctx, f, evaluator)
	visit(t, ctx, f, "/?anno=2022")
	if got := text(t, ctx, "#il-mio-lavoro"); !strings.Contains(got, "Per chiudere il 2022 mancano ancora") || strings.Contains(got, "puoi chiudere") {
		t.Errorf("cruscotto before the Nucleo's work: %q", got)
	}
	visit(t, ctx, f, "/validazione?anno=2022")
	if got := text(t, ctx, "#da-completare"); !strings.Contains(strings.ToLower(got), "non si può ancora chiudere") ||
		!strings.Contains(got, "Area Polizia Municipale: 16 obiettivi da completare") {
		t.Errorf("gaps: %q", got)
	}
	// Neutralise the Polizia's objective 1, with the reason.
	unitPath := "/validazione/unita/" + id(pm.ID) + "?anno=2022"
	err = chromedp.Do(ctx,
		chromedp.Navigate(f.ts.URL+unitPath),
		chromedp.Focus(chromedp.ID("neutralizza-"+id(o1.ID))),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.ID("errori")),
	)
	if err != nil {
		t.Fatalf("neutralise without reason: %v", err)
	}
	axeCheck(t, ctx, "neutralisation without reason")
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("motivazione-"+id(o1.ID)), "presidio soppresso dalla convenzione con l'Unione dei Comuni"),
		chromedp.Focus(chromedp.ID("neutralizza-"+id(o1.ID))),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.CSS("main .alert-success")),
	)
	if err != nil {
		t.Fatalf("neutralise: %v", err)
	}
	if got := text(t, ctx, "#obiettivo-"+id(o1.ID)); !strings.Contains(got, "Neutralizzato") || !strings.Contains(got, "Anna Bianchi") {
		t.Errorf("neutralised objective: %.300q", got)
	}
	if got := text(t, ctx, "#obiettivo-"+id(o2.ID)); !strings.Contains(got, "sei servizi appiedati a settimana") {
		t.Errorf("the manager's note is not beside the computed figure: %.400q", got)
	}
	axeCheck(t, ctx, "objective neutralised")

	// Each unit's computed figures confirmed at once, one reason for the lot.
	for _, u := range plan.Units {
		visit(t, ctx, f, "/validazione/unita/"+id(u.ID)+"?anno=2022")
		err = chromedp.Do(ctx,
			chromedp.SendKeys(chromedp.ID("motivazione-tutti"), "evidenze verificate sulla relazione finale"),
			chromedp.Focus(chromedp.ID("convalida-tutti")),
			chromedp.KeyEvent("\r"),
			chromedp.WaitVisible(chromedp.CSS("main .alert-success")),
		)
		if err != nil {
			t.Fatalf("confirm %s: %v", u.Name, err)
		}
		axeCheck(t, ctx, u.Name+" confirmed")
	}
	// The objective without indicators gets the Nucleo's own figure.
	var bareUnit *domain.Unit
	for _, u := range plan.Units {
		for _, o := range u.Objectives {
			if o == bare {
				bareUnit = u
			}
		}
	}
	err = chromedp.Do(ctx,
		chromedp.Navigate(f.ts.URL+"/validazione/unita/"+id(bareUnit.ID)+"?anno=2022"),
		chromedp.SendKeys(chromedp.ID("percentuale-"+id(bare.ID)), "100"),
		chromedp.SendKeys(chromedp.ID("motivazione-"+id(bare.ID)), "lavori collaudati il 12/12/2022\r"),
		chromedp.WaitVisible(chromedp.CSS("main .alert-success")),
	)
	if err != nil {
		t.Fatalf("validate the objective without indicators: %v", err)
	}

	// Now the year closes.
	visit(t, ctx, f, "/?anno=2022")
	if got := text(t, ctx, "#il-mio-lavoro"); !strings.Contains(got, "puoi chiudere il 2022") {
		t.Errorf("cruscotto when complete: %q", got)
	}
	closeYear := func(what string) {
		t.Helper()
		err := chromedp.Do(ctx,
			chromedp.Navigate(f.ts.URL+"/validazione?anno=2022"),
			chromedp.Focus(chromedp.ID("conferma")),
			chromedp.KeyEvent(" "),
			chromedp.Focus(chromedp.ID("chiudi-anno")),
			chromedp.KeyEvent("\r"),
			chromedp.WaitVisible(chromedp.ID("anno-chiuso")),
		)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		axeCheck(t, ctx, what)
	}
	closeYear("year closed")
	visit(t, ctx, f, "/?anno=2022")
	if got := text(t, ctx, "#il-mio-lavoro"); !strings.Contains(got, "non resta nulla da fare") {
		t.Errorf("to-dos after the close: %q", got)
	}
	if got := text(t, ctx, "#punteggi"); !strings.Contains(got, "definitivo") {
		t.Errorf("scores after the close: %q", got)
	}
	signOut(t, ctx, f)

	// The administrator reopens 2022 with the act.
	signInAs(t, ctx, f, admin)
	err = chromedp.Do(ctx,
		chromedp.Navigate(f.ts.URL+"/amministrazione/ciclo"),
		chromedp.SendKeys(chromedp.ID("motivo-riapertura-2022"), "errore materiale nella misurazione dell'obiettivo 2"),
		chromedp.SendKeys(chromedp.ID("numero-riapertura-2022"), "45"),
		chromedp.Focus(chromedp.ID("riapri-2022-invia")),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.ID("errore-ciclo")),
	)
	if err != nil {
		t.Fatalf("reopen without the act's date: %v", err)
	}
	axeCheck(t, ctx, "reopening refused")
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("data-riapertura-2022"), "14/02/2023\r"),
		chromedp.WaitVisible(chromedp.CSS("main .alert-success")),
	)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	if got := text(t, ctx, "#storia-"+id(plan.Cycle.ID)); !strings.Contains(got, "2022 riaperto da Giulio Nardi con l'atto n. 45 del 14/02/2023") {
		t.Errorf("history: %q", got)
	}
	axeCheck(t, ctx, "year reopened")
	signOut(t, ctx, f)

	// The Nucleo closes it again.
	signInAs(t, ctx, f, evaluator)
	visit(t, ctx, f, "/?anno=2022")
	if got := text(t, ctx, "#punteggi"); !strings.Contains(got, "anno concluso, non ancora chiuso") {
		t.Errorf("scores after reopening: %q", got)
	}
	closeYear("year closed again")
	if got := text(t, ctx, "#storia-anno"); strings.Count(got, "chiuso da Anna Bianchi") != 2 || !strings.Contains(got, "riaperto da Giulio Nardi") {
		t.Errorf("the year's history: %q", got)
	}
	if sos, _ := f.st.SignOffs(bg, f.org.ID, plan.Cycle.ID); len(sos) != 1 || sos[0].Year != 2022 {
		t.Errorf("sign-offs: %+v", sos)
	}
}
