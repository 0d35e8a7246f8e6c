package staff

import (
	"os"
	"testing"
)

// FuzzParse: no input makes the parser panic, and every person read has a
// matricola, a surname and an area.
func FuzzParse(f *testing.F) {
	if data, err := os.ReadFile("testdata/personale-2022.csv"); err == nil {
		f.Add(data)
	}
	f.Add([]byte("Matricola;Cognome e nome;Area;Unità;Part-time;Dal;Al;Assenze\n7;ROSSI Mario;cat. B3;Area;0,5;1/2/22;;3\n"))
	f.Add([]byte("matricola\tnominativo\tcategoria\n\"1\"\t\"x\"\tD\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		reg, err := Parse("f.csv", data, Options{Year: 2022, Units: seedUnits})
		if err != nil {
			return
		}
		for _, m := range reg.People {
			if m.Matricola == "" || m.Surname == "" || m.Area == "" || m.PartTime <= 0 || m.PartTime > 100 || m.End.Before(m.Start) {
				t.Fatalf("bad person %+v", m)
			}
		}
	})
}
