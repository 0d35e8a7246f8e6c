package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/performa-pa/performa/internal/seedtest"
	"github.com/performa-pa/performa/internal/store/storetest"
)

// The mapping check --suggest-map prints for the seed, passed back with
// --map, reads the same plan; a mapping naming a missing column is refused
// with a message naming the file and the column.
func TestSuggestMap(t *testing.T) {
	seed := seedtest.Path(t)
	code, mapping, errs := runCmd(t, "check", seed, "--suggest-map")
	if code != 0 || !strings.Contains(mapping, `"schema": "performa.map/v1"`) {
		t.Fatalf("suggest-map: exit %d\n%s\n%s", code, mapping, errs)
	}
	path := filepath.Join(t.TempDir(), "mappa.json")
	if err := os.WriteFile(path, []byte(mapping), 0o600); err != nil {
		t.Fatal(err)
	}
	_, want, _ := runCmd(t, "check", seed, "--format", "json")
	_, got, errs := runCmd(t, "check", seed, "--format", "json", "--map", path)
	units := func(s string) []byte {
		doc := decode(t, s)
		b, _ := json.Marshal(doc["units"])
		return b
	}
	if !bytes.Equal(units(want), units(got)) {
		t.Errorf("plan read with --map differs from the detected one\n%s", errs)
	}
	bad := strings.Replace(mapping, `"P": "manager"`, `"Dirigente responsabile": "manager"`, 1)
	if err := os.WriteFile(path, []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errs = runCmd(t, "check", seed, "--map", path)
	if code != 2 || !strings.Contains(errs, path+": ") || !strings.Contains(errs, "la colonna «Dirigente responsabile» non c'è") {
		t.Errorf("bad mapping: exit %d: %s", code, errs)
	}
}

// A long layout imports with its measurements, and exports as check reads
// it; importing it again replaces the imported measurements.
func TestImportLongLayout(t *testing.T) {
	csv := strings.Join([]string{
		"Anno;Trimestre;Settore;Obiettivo;Indicatore;Peso;Target;Valore rilevato;% raggiunta",
		"2022;1° trimestre;Settore Tributi;Recupero evasione IMU;Importo accertato (€);50%;>= 100.000;40.000;40%",
		"2022;2° trimestre;Settore Tributi;Recupero evasione IMU;Importo accertato (€);50%;>= 100.000;110.500,50;100%",
		"2022;1° trimestre;Settore Tributi;Sportello online;Servizio attivato;50%;sì;no;0%",
		"2022;2° trimestre;Settore Tributi;Sportello online;Servizio attivato;50%;sì;sì;100%",
	}, "\n") + "\n"
	file := filepath.Join(t.TempDir(), "monitoraggio.csv")
	if err := os.WriteFile(file, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	storetest.Run(t, func(t *testing.T, dialect string) {
		dsn := storetest.DSN(t, dialect)
		for range 2 {
			if code, out, errs := runCmd(t, "import", file, "--db", dsn, "--organization", "Comune di Prova"); code != 0 {
				t.Fatalf("import: exit %d\n%s\n%s", code, out, errs)
			}
		}
		_, checked, _ := runCmd(t, "check", file, "--format", "json", "--organization", "Comune di Prova")
		_, exported, errs := runCmd(t, "export", "--db", dsn, "--format", "json")
		want, _ := json.Marshal(withoutIDs(decode(t, checked)))
		got, _ := json.Marshal(withoutIDs(decode(t, exported)))
		if !bytes.Equal(want, got) || !strings.Contains(exported, `"value": "110.500,50"`) {
			t.Fatalf("export differs from check:\n%s\n%s\n%s", want, got, errs)
		}
	})
}
