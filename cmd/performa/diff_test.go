package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/seedtest"
	"github.com/performa-pa/performa/internal/store"
	"github.com/performa-pa/performa/internal/store/storetest"
)

// The year's second version from the command line: the seed imported and
// approved, a variation that adds an objective, removes one and changes a
// weight; performa diff says so, a version with itself has no change,
// and a re-import over the variation is refused until --replace-draft.
func TestDiffAndReimportGuard(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		dsn := storetest.DSN(t, dialect)
		seed := seedtest.Path(t)
		if code, _, errs := runCmd(t, "import", seed, "--db", dsn); code != 0 {
			t.Fatalf("import: %s", errs)
		}
		code, out, errs := runCmd(t, "diff", "--db", dsn)
		if code != 0 || !strings.Contains(out, "Piano 2022–2024: dalla versione 1 (bozza) alla versione 1 (bozza).") ||
			!strings.Contains(out, "Le due versioni hanno lo stesso contenuto (124 obiettivi).") {
			t.Fatalf("diff of version 1 with itself: %d %q %q", code, out, errs)
		}
		st, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		orgs, _ := st.Organizations(ctx)
		org := orgs[0].ID
		plans, _ := st.Plans(ctx, org)
		if err := st.ApproveVersion(ctx, org, plans[0].Version.ID, "12", time.Date(2022, 1, 27, 0, 0, 0, 0, time.UTC), "test"); err != nil {
			t.Fatal(err)
		}
		v2, err := st.CreateVariation(ctx, org, plans[0].Cycle.ID, "nuovo servizio", "test")
		if err != nil {
			t.Fatal(err)
		}
		draft, _ := st.Plan(ctx, org, v2.ID)
		police := draft.Units[7]
		if err := st.AddObjective(ctx, org, police.ID, &domain.Objective{Code: "16", Title: "Controllo del vicinato", Weight: ptr(5)}, "test"); err != nil {
			t.Fatal(err)
		}
		if err := st.DeleteObjective(ctx, org, police.Objectives[0].ID, 1, "test"); err != nil {
			t.Fatal(err)
		}
		o := *police.Objectives[1]
		o.Weight = ptr(12)
		if _, err := st.UpdateObjective(ctx, org, &o, 1, "test"); err != nil {
			t.Fatal(err)
		}

		code, out, _ = runCmd(t, "diff", "--db", dsn)
		for _, want := range []string{
			"Piano 2022–2024: dalla versione 1 (approvata) alla versione 2 (bozza), motivo: nuovo servizio.",
			"1 obiettivo aggiunto, 1 tolto, 1 modificato, 122 invariati.",
			"  + Area Polizia Municipale, obiettivo 16 – Controllo del vicinato (peso 5%)",
			"  − Area Polizia Municipale, obiettivo 1 – ",
			"  * Area Polizia Municipale, obiettivo 2 – ",
			"      Peso: 10% → 12%",
		} {
			if code != 0 || !strings.Contains(out, want) {
				t.Errorf("diff: %d, %q missing in\n%s", code, want, out)
			}
		}
		code, out, _ = runCmd(t, "diff", "--db", dsn, "--from", "2", "--to", "2", "--format", "json")
		var same struct {
			Added, Removed, Changed []any
			Unchanged               int
		}
		if code != 0 || json.Unmarshal([]byte(out), &same) != nil || len(same.Added)+len(same.Removed)+len(same.Changed) != 0 || same.Unchanged != 124 {
			t.Errorf("diff 2 with 2: %d %s", code, out)
		}
		code, out, _ = runCmd(t, "diff", "--db", dsn, "--from", "1", "--to", "2", "--format", "json")
		var d struct {
			From    struct{ Version int }
			Added   []struct{ Unit, Code, Title string }
			Removed []struct{ Unit, Code string }
			Changed []struct {
				Code   string
				Fields []struct{ Field, Label, Before, After string }
			}
		}
		if code != 0 || json.Unmarshal([]byte(out), &d) != nil || d.From.Version != 1 || len(d.Added) != 1 || d.Added[0].Title != "Controllo del vicinato" ||
			len(d.Removed) != 1 || d.Removed[0].Code != "1" || len(d.Changed) != 1 || len(d.Changed[0].Fields) != 1 ||
			d.Changed[0].Fields[0].Field != "weight" || d.Changed[0].Fields[0].Label != "Peso" || d.Changed[0].Fields[0].After != "12%" {
			t.Errorf("diff --format json: %d %s", code, out)
		}
		for _, bad := range []struct {
			args []string
			code int
			want string
		}{
			{[]string{"--from", "3"}, 1, "il piano 2022–2024 non ha una versione 3 (ha le versioni 2, 1)."},
			{[]string{"--cycle", "2030-2032"}, 1, "nessun piano per il ciclo indicato"},
			{[]string{"--cycle", "2030"}, 2, "ciclo \"2030\" non valido"},
			{[]string{"--format", "xml"}, 2, "formato \"xml\" non previsto"},
		} {
			code, _, errs := runCmd(t, append([]string{"diff", "--db", dsn}, bad.args...)...)
			if code != bad.code || !strings.Contains(errs, bad.want) {
				t.Errorf("diff %v: %d %q", bad.args, code, errs)
			}
		}

		// Re-importing the file over the variation: refused, naming it and
		// its edits; nothing changes; --replace-draft replaces it.
		code, _, errs = runCmd(t, "import", seed, "--db", dsn)
		if code != 1 || !strings.Contains(errs, "La bozza del piano 2022–2024 (versione 2) è una variazione del piano approvato (motivo: «nuovo servizio»)") ||
			!strings.Contains(errs, "contiene 3 modifiche fatte in performa: aggiunto l'obiettivo 16 – Controllo del vicinato (Area Polizia Municipale) (test, ") ||
			!strings.Contains(errs, "L'archivio non è stato modificato.") {
			t.Fatalf("re-import over the variation: %d %s", code, errs)
		}
		if after, _ := st.Plan(ctx, org, v2.ID); after.Objectives() != 124 || after.Units[7].Objectives[14].Title != "Controllo del vicinato" {
			t.Error("the refused re-import changed the variation")
		}
		code, out, errs = runCmd(t, "import", seed, "--db", dsn, "--replace-draft", "--dry-run")
		if code != 0 || !strings.Contains(out, "Prova: nulla è stato salvato. Il piano sarebbe importato: sostituita la bozza precedente dello stesso ciclo (versione 2).") ||
			!strings.Contains(out, "Cancellate 3 modifiche fatte in performa sulla bozza:") {
			t.Fatalf("dry run: %d %s %s", code, out, errs)
		}
		code, out, errs = runCmd(t, "import", seed, "--db", dsn, "--replace-draft")
		if code != 0 || !strings.Contains(out, "(versione 2).") || !strings.Contains(out, "  + Area Polizia Municipale, obiettivo 1 – ") ||
			!strings.Contains(out, "  − Area Polizia Municipale, obiettivo 16 – Controllo del vicinato") {
			t.Fatalf("--replace-draft: %d %s %s", code, out, errs)
		}
		if code, out, _ := runCmd(t, "diff", "--db", dsn); code != 0 || !strings.Contains(out, "Le due versioni hanno lo stesso contenuto (124 obiettivi).") {
			t.Errorf("after replacing the variation with the file: %s", out)
		}
	})
}
func ptr(f float64) *float64 { return &f }
