package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/performa-pa/performa/internal/seedtest"
	"github.com/performa-pa/performa/internal/store/storetest"
)

func TestStaffCommands(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		dsn := storetest.DSN(t, dialect)
		if code, _, errs := runCmd(t, "import", seedtest.Path(t), "--db", dsn); code != 0 {
			t.Fatal(errs)
		}
		dir := t.TempDir()
		write := func(name, text string) string {
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
				t.Fatal(err)
			}
			return p
		}
		good := "../../internal/staff/testdata/personale-2022.csv"
		head := "Matricola;Cognome;Nome;Area;Unità\n"
		bad := write("bad.csv", head+"1;Rossi;Anna;Istruttori;Finanziaria\n2;Verdi;Luca;Dirigenti;Finanziaria\n")
		empty := write("empty.csv", head)
		tests := []struct {
			name  string
			args  []string
			code  int
			out   string
			count int // people listed after
		}{
			{"check", []string{"import", good, "--check"}, 0, "Importazione: possibile.", 0},
			{"import", []string{"import", good, "--by", "admin"}, 0, "Personale 2022 salvato: 40 persone (prima 0).", 40},
			{"errors refused", []string{"import", bad, "--by", "admin"}, 1, "colonna D: «Dirigenti» non è un'area", 40},
			{"check errors", []string{"import", bad, "--check"}, 1, "rifiutata per gli errori", 40},
			{"empty refused", []string{"import", empty, "--by", "admin"}, 1, "svuoterebbe il personale 2022", 40},
			{"errors forced", []string{"import", bad, "--by", "admin", "--force"}, 0, "1 persona (prima 40)", 1},
			{"unusable", []string{"import", filepath.Join(dir, "missing.csv")}, 2, "", 1},
		}
		for _, tc := range tests {
			code, out, errs := runCmd(t, append(append([]string{"staff"}, tc.args...), "--db", dsn)...)
			if code != tc.code || !strings.Contains(out+errs, tc.out) {
				t.Fatalf("%s: exit %d\n%s\n%s", tc.name, code, out, errs)
			}
			_, list, _ := runCmd(t, "staff", "list", "--db", dsn, "--format", "json")
			if n := strings.Count(list, `"matricola"`); n != tc.count {
				t.Fatalf("%s: %d people listed", tc.name, n)
			}
		}
	})
}
