package missions

import (
	"strings"
	"testing"
)

// Programmes as plans write them: with their mission ("03.01", "3.1",
// "03/01") or alone ("01", "1") under the mission given.
func TestResolve(t *testing.T) {
	for _, tt := range []struct {
		mission, program string
		wantM, wantP     string
		field, problem   string
	}{
		{"", "", "", "", "", ""},
		{"3", "", "03", "", "", ""},
		{"", "03.01", "03", "01", "", ""},
		{"", "3.1", "03", "01", "", ""},
		{"03", "03/02", "03", "02", "", ""},
		{"3", "01", "03", "01", "", ""},
		{"03", "1", "03", "01", "", ""},
		{" 01 ", " 02 ", "01", "02", "", ""},
		{"", "01", "", "", "program", "Indica la missione del programma, o scrivi il programma con la sua missione (per esempio 03.01)."},
		{"04", "03.01", "", "", "program", "Il programma 03.01 è della missione 03, ma la missione indicata è 04."},
		{"03", "07", "", "", "program", "La missione 03 «Ordine pubblico e sicurezza» non ha un programma 07 nella classificazione ufficiale (D.Lgs 118/2011): i suoi programmi sono 01 «Polizia locale e amministrativa», 02 «Sistema integrato di sicurezza urbana»"},
		{"25", "", "", "", "mission", "Nessuna missione ha il codice 25 nella classificazione ufficiale (D.Lgs 118/2011)."},
		{"tre", "", "", "", "mission", "Il codice della missione è un numero di due cifre, per esempio 03."},
		{"", "03.x", "", "", "program", "«03.x» non è un programma"},
		{"03", "uno", "", "", "program", "«uno» non è un programma"},
	} {
		m, p, problem := Resolve(tt.mission, tt.program)
		if tt.problem == "" {
			if problem != nil || m != tt.wantM || p != tt.wantP {
				t.Errorf("Resolve(%q, %q) = %q, %q, %+v; want %q, %q", tt.mission, tt.program, m, p, problem, tt.wantM, tt.wantP)
			}
			continue
		}
		if problem == nil || problem.Field != tt.field || !strings.HasPrefix(problem.Message, tt.problem) {
			t.Errorf("Resolve(%q, %q) problem = %+v; want %s: %q", tt.mission, tt.program, problem, tt.field, tt.problem)
		}
	}
}

// FuzzResolve: whatever is typed, Resolve answers with codes of the
// classification or a problem, never both, never a panic.
func FuzzResolve(f *testing.F) {
	for _, s := range [][2]string{{"03", "01"}, {"", "3.1"}, {"99", "1.2.3"}, {"", " . "}, {"-1", "00"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, mission, program string) {
		m, p, problem := Resolve(mission, program)
		switch {
		case problem != nil && (m != "" || p != "" || problem.Message == ""):
			t.Fatalf("problem with codes: %q %q %+v", m, p, problem)
		case problem == nil && m != "":
			if _, ok := LookupMission(m); !ok {
				t.Fatalf("mission %q not in the classification", m)
			}
			if _, ok := LookupProgram(m, p); p != "" && !ok {
				t.Fatalf("program %s.%s not in the classification", m, p)
			}
		case problem == nil && p != "":
			t.Fatalf("a program without a mission: %q", p)
		}
	})
}
