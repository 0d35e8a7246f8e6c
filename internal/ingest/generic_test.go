package ingest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/performa-pa/performa/internal/ingest"
)

// Codes written at the start of titles (issue 12, item 4): the real cells
// of the PNC's «Investimento» column and the forms the issue lists.
func TestSplitCode(t *testing.T) {
	for _, tc := range []struct{ in, code, rest string }{
		{"1. Rinnovo della flotta navale mediterranea con unità navali a combustibile pulito", "1.", "Rinnovo della flotta navale mediterranea con unità navali a combustibile pulito"},
		{"149 – Migliorare l'efficienza del coordinamento delle attività per gli italiani all'estero", "149", "Migliorare l'efficienza del coordinamento delle attività per gli italiani all'estero"},
		{"1.1)Puntuale attuazione", "1.1", "Puntuale attuazione"},
		{"5.1 Gestione", "5.1", "Gestione"},
		{"1.1. Attività", "1.1.", "Attività"},
		{"1 istruttore amministrativo", "", "1 istruttore amministrativo"},
		{"Fine lavori", "", "Fine lavori"},
	} {
		code, rest, ok := ingest.SplitCode(tc.in)
		if code != tc.code || rest != tc.rest || ok != (tc.code != "") {
			t.Errorf("SplitCode(%q) = %q, %q, %v", tc.in, code, rest, ok)
		}
	}
}

// Text artefacts (item 7): Excel's escapes and the line breaks a cell wraps
// its text with.
func TestCleanText(t *testing.T) {
	for in, want := range map[string]string{
		"Relazione sulla diffusione del cloud da parte del Ministero per l'Innovazione Tecnologica e la \nTransizione Digitale (MITD)": "Relazione sulla diffusione del cloud da parte del Ministero per l'Innovazione Tecnologica e la Transizione Digitale (MITD)",
		"Ore di formazione_x000D_\nper dipendente": "Ore di formazione per dipendente",
		"not-cloud_x0002_ready":                    "not-cloudready",
		"già pulito":                               "già pulito",
	} {
		if got := ingest.CleanText(in); got != want {
			t.Errorf("CleanText(%q) = %q, want %q", in, got, want)
		}
	}
}

// The header words of the real files, and what they are read as.
func TestGenericLabels(t *testing.T) {
	for label, want := range map[string]string{
		"Valore-obiettivo Target":                     "target",
		"Riferimento di partenza Target":              "baseline",
		"Trimestre di conseguimento":                  "period",
		"Anno di conseguimento":                       "year",
		"Anno di riferimento":                         "year",
		"Target primo anno":                           "target",
		"Target conseguito nell'esercizio precedente": "baseline",
		"Unità di misura Target (riclassificata)":     "unit_of_measure",
		"Codice univoco Milestone-Target":             "code",
		"Milestone-Target":                            "kind",
		"Nome Milestone-Target":                       "title",
		"Titolo":                                      "title",
		"Obiettivi":                                   "title",
		"Amministrazione Titolare":                    "unit",
		"Componente":                                  "level",
		"Descrizione Sub-misura":                      "level",
		"Valore Indicatore":                           "value",
		"Peso indicatore":                             "weight",
	} {
		if got := ingest.GenericLabel(label); got != want {
			t.Errorf("%q read as %q, want %q", label, got, want)
		}
	}
}

// FuzzGenericParsers: the generic reader's parsers never panic and keep
// their promises on any text.
func FuzzGenericParsers(f *testing.F) {
	for _, s := range []string{"1.1)Puntuale attuazione", "5.1 Gestione", "1.1. Attività", "Ore_x000D_\n", "not-cloud_x0002_ready", "Trimestre di conseguimento", "3", "12"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code, rest, ok := ingest.SplitCode(s)
		if ok && (code == "" || !strings.HasPrefix(s, strings.TrimSuffix(code, "."))) {
			t.Fatalf("SplitCode(%q) = %q, %q", s, code, rest)
		}
		c := ingest.CleanText(s)
		if utf8.ValidString(s) && strings.ContainsFunc(c, func(r rune) bool { return unicode.IsControl(r) && r != '\t' }) && c != s {
			t.Fatalf("CleanText(%q) = %q keeps control characters", s, c)
		}
		ingest.GenericLabel(s)
		for _, months := range []int{1, 3, 6} {
			if d, ok := ingest.NumericPeriodEnd(s, 2023, months); ok && d.Year() != 2023 {
				t.Fatalf("NumericPeriodEnd(%q, %d) = %v", s, months, d)
			}
		}
	})
}

// FuzzRealTables mutates the real tables: any of them, damaged, is read
// or refused with a message, never a panic.
func FuzzRealTables(f *testing.F) {
	for _, name := range []string{"pnrr_met_programmazione.csv", "pnc_obiettivi.csv", "pnrr_avanzamento_indicatori_comuni.csv"} {
		data, err := os.ReadFile(filepath.Join("testdata", "real", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParse(t, "piano.csv", data)
	})
}

// «Previsto / Effettivo» by year (issue 12, item 1): targets and values of
// each year, no weight. The header words of the ministries' and agencies'
// consuntivi; the row is written here.
func TestPlannedActualByYear(t *testing.T) {
	csv := "Obiettivo;Indicatore;Previsto 2022;Effettivo 2022;Previsto 2023;Effettivo 2023\n" +
		"Digitalizzazione dei procedimenti;Procedimenti digitali;>= 40%;42%;>= 60%;\n"
	p, err := ingest.Parse("piano.csv", []byte(csv), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	in := p.Units[0].Objectives[0].Indicators[0]
	t22, _ := in.Target(2022)
	t23, _ := in.Target(2023)
	if t22.Text != ">= 40%" || t23.Text != ">= 60%" || len(in.Measurements) != 1 || in.Measurements[0].Text != "42%" ||
		in.Measurements[0].Date.Format("2006-01-02") != "2022-12-31" {
		t.Errorf("targets %+v %+v, measurements %+v", t22, t23, in.Measurements)
	}
}

// A code glued to the title in a table of the seed's shape and in a long
// table: split out, as the code column would hold it.
func TestCodeGluedToTitle(t *testing.T) {
	wide := "N°\tPeso\tObiettivo\tIndicatore\tBaseline\tTARGET 2023\n" +
		"\t50%\t1.1)Puntuale attuazione del piano\tAtti adottati\t0\t5\n" +
		"\t50%\t1.2. Attività di controllo\tControlli\t0\t3\n"
	p, err := ingest.Parse("piano.txt", []byte(wide), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	objs := p.Units[0].Objectives
	if len(objs) != 2 || objs[0].Code != "1.1" || objs[0].Title != "Puntuale attuazione del piano" || objs[1].Code != "1.2." || objs[1].Title != "Attività di controllo" {
		t.Fatalf("wide: %+v", objs)
	}
	long := "Anno;Trimestre;Obiettivo;Indicatore;Target;Valore\n" +
		"2023;1;5.1 Gestione del protocollo;Documenti;>= 90%;60%\n" +
		"2023;2;5.1 Gestione del protocollo;Documenti;>= 90%;80%\n"
	p, err = ingest.Parse("monitoraggio.csv", []byte(long), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if o := p.Units[0].Objectives[0]; o.Code != "5.1" || o.Title != "Gestione del protocollo" {
		t.Errorf("long: %q %q", o.Code, o.Title)
	}
}
