package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/document/pdftest"
	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/store/storetest"
)

// pdfRead is the text of a PDF file (pdftotext -layout), its whitespace
// folded, and its raw bytes; page 1 must render as a picture that is not
// blank.
func pdfRead(t *testing.T, path string) (string, []byte) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(raw, []byte("%PDF-")) {
		t.Fatalf("%s is no PDF: %.20q", path, raw)
	}
	pdftest.NotBlank(t, raw)
	return strings.Join(strings.Fields(pdftest.Text(t, raw)), " "), raw
}

func hasAll(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

// TestReportCLI produces the three documents from the seed on both
// databases, with measurements, validations, a behaviour rating and the
// sign-off, and reads them back.
func TestReportCLI(t *testing.T) {
	pdftest.Need(t)
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		db, st, org := seededStore(t, dialect, people)
		dir := t.TempDir()
		after := time.Date(2023, 2, 15, 10, 0, 0, 0, time.UTC)
		run := func(now time.Time, code int, want string, args ...string) {
			t.Helper()
			got, out, errs := runCmdAt(t, now, append(args, "--db", db)...)
			if got != code || !strings.Contains(out+errs, want) {
				t.Fatalf("%v: exit %d %q %q, want %d and %q", args, got, out, errs, code, want)
			}
		}
		out := func(name string) string { return filepath.Join(dir, name) }

		// Unusable options: exit 2.
		run(after, 2, "documento sconosciuto", "report", "bilancio", "--output", out("x.pdf"))
		run(after, 2, "edizione sconosciuta", "report", "relazione", "--edition", "segreta", "--output", out("x.pdf"))
		run(after, 2, "--output", "report", "relazione", "--year", "2022")
		run(after, 2, "fuori dal ciclo", "report", "relazione", "--year", "2031", "--output", out("x.pdf"))
		run(after, 2, "non ha una versione 7", "report", "piano", "--version", "7", "--output", out("x.pdf"))
		run(after, 2, "impossibile scrivere", "report", "relazione", "--output", filepath.Join(dir, "manca", "x.pdf"))
		// A draft is no Piano yet.
		run(after, 1, "è in bozza", "report", "piano", "--output", out("x.pdf"))

		run(after, 0, "approvata", "cycle", "approve", "--act", "12", "--date", "2022-01-28", "--by", "segretario")
		run(after, 0, "raggiungimento", "measure", "--unit", "Polizia", "--objective", "2", "--indicator", "1", "--date", "2022-06-30", "--value", "3", "--by", "batignani")
		run(after, 0, "raggiungimento", "measure", "--unit", "Polizia", "--objective", "2", "--indicator", "1", "--date", "2022-12-31", "--value", "6", "--by", "batignani")
		smvp := filepath.Join(dir, "smvp.json")
		os.WriteFile(smvp, []byte(`{"manager_weights": {"objectives": 50, "organization": 20, "behaviour": 30}}`), 0o644)
		run(after, 0, "versione 1", "smvp", "import", smvp, "--by", "segretario")
		run(after, 0, "", "rate", "--manager", "Batignani", "--percent", "73.21", "--reason", "colloquio di valutazione", "--year", "2022", "--by", "ndv")

		run(after, 0, "scritto", "report", "piano", "--output", out("piano.pdf"))
		text, _ := pdfRead(t, out("piano.pdf"))
		hasAll(t, "Piano", text, "Piano della performance", "Comune di Montepulciano", "Ciclo 2022–2024", "Versione 1 (approvata)",
			"delibera di Giunta n. 12 del 28/01/2022", "Indice", "Area Polizia Municipale", "Luca Batignani", "Peso 10%",
			"Missione 01 – Servizi istituzionali, generali e di gestione", "Qualità del piano", "Come lo intende performa", "Pagina 2 di")

		// The Documento di validazione waits for the sign-off.
		run(after, 1, "non è chiuso dal Nucleo di Valutazione", "report", "validazione", "--year", "2022", "--output", out("val.pdf"))
		if _, err := os.Stat(out("val.pdf")); err == nil {
			t.Error("a refused document was written")
		}

		run(after, 0, "scritto", "report", "relazione", "--year", "2022", "--output", out("rel.pdf"))
		text, raw := pdfRead(t, out("rel.pdf"))
		hasAll(t, "Relazione", text, "Relazione sulla performance 2022", "Cifre non ancora definitive", "dati non definitivi",
			"Area Polizia Municipale", "misurato 6 al 31/12/2022", "30/06/2022", "Punteggio delle unità nel 2022", "10%")
		for _, s := range []string{"73,21", "73.21", "Valutazione dei responsabili", "Comportamenti"} {
			if strings.Contains(text, s) || bytes.Contains(raw, []byte(s)) {
				t.Errorf("the public Relazione carries %q", s)
			}
		}
		// The internal edition: administrators and the Nucleo only.
		run(after, 1, "spetta a", "report", "relazione", "--year", "2022", "--edition", "internal", "--by", "batignani", "--output", out("int.pdf"))
		run(after, 0, "scritto", "report", "relazione", "--year", "2022", "--edition", "internal", "--by", "ndv", "--output", out("int.pdf"))
		text, _ = pdfRead(t, out("int.pdf"))
		hasAll(t, "internal Relazione", text, "Uso interno — contiene dati personali", "Valutazione dei responsabili", "Luca Batignani", "73,21%")

		// Validate everything, sign off, and the Documento di validazione.
		plan, err := st.CurrentPlan(ctx, org)
		if err != nil {
			t.Fatal(err)
		}
		var batch []*domain.Validation
		for _, u := range plan.Units {
			for i, o := range u.Objectives {
				if u.Name == "Area Polizia Municipale" && i == 1 {
					continue // confirmed below
				}
				batch = append(batch, &domain.Validation{ObjectiveID: o.ID, Year: 2022, Percent: 80, Reason: "relazione finale del responsabile", ValidatedBy: "ndv"})
			}
		}
		if err := st.AddValidations(ctx, org, batch); err != nil {
			t.Fatal(err)
		}
		run(after, 0, "Calcolato confermato", "validate", "--unit", "Polizia", "--objective", "2", "--confirm", "--year", "2022", "--by", "ndv")
		run(after, 0, "chiuso", "cycle", "signoff", "--year", "2022", "--by", "ndv")
		run(after, 0, "scritto", "report", "validazione", "--year", "2022", "--output", out("val.pdf"))
		text, _ = pdfRead(t, out("val.pdf"))
		hasAll(t, "Validazione", text, "Documento di validazione", "Relazione sulla performance 2022", "Anna Bianchi", "15/02/2023",
			"Le cifre validate", "80%", "Il Nucleo di Valutazione")
		run(after, 0, "scritto", "report", "relazione", "--year", "2022", "--output", out("final.pdf"))
		text, _ = pdfRead(t, out("final.pdf"))
		hasAll(t, "final Relazione", text, "Cifre definitive: il Nucleo di Valutazione ha chiuso l'anno 2022 il ", "dati definitivi",
			"relazione finale")
	})
}
