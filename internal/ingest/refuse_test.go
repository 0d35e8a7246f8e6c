package ingest_test

import (
	"strings"
	"testing"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/ingest"
	"github.com/performa-pa/performa/internal/seedtest"
)

// withLineEnds rewrites the seed's lines with the line ends end gives for
// each line number.
func withLineEnds(data []byte, end func(i int) string) []byte {
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	var b strings.Builder
	for i, l := range lines {
		b.WriteString(l)
		if i < len(lines)-1 {
			b.WriteString(end(i))
		}
	}
	return []byte(b.String())
}

// TestTextLineEnds: the tab-separated text reads the same whether its lines
// end with CRLF (Windows), CR (old Macs), LF, or a mix of them, as a file
// pasted together from several sources does.
func TestTextLineEnds(t *testing.T) {
	seed := seedtest.Bytes(t)
	want := parseSeed(t)
	for name, end := range map[string]func(int) string{
		"crlf": func(int) string { return "\r\n" },
		"cr":   func(int) string { return "\r" },
		// CR is never followed by the LF of an empty line, which would
		// read as one CRLF: in that order the mix is unambiguous.
		"mixed": func(i int) string { return [...]string{"\r\n", "\n", "\r"}[i%3] },
	} {
		t.Run(name, func(t *testing.T) {
			p, err := ingest.Parse(seedtest.File, withLineEnds(seed, end), ingest.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if p.Objectives() != want.Objectives() || len(p.Units) != len(want.Units) {
				t.Fatalf("%d units, %d objectives; want %d, %d", len(p.Units), p.Objectives(), len(want.Units), want.Objectives())
			}
			for i, u := range p.Units {
				w := want.Units[i]
				if u.Name != w.Name || len(u.Objectives) != len(w.Objectives) || u.Source != w.Source {
					t.Errorf("unit %d: %q %d objectives at %+v; want %q %d at %+v", i, u.Name, len(u.Objectives), u.Source,
						w.Name, len(w.Objectives), w.Source)
				}
			}
			if len(p.Diagnostics) != len(want.Diagnostics) {
				t.Errorf("%d diagnostics, want %d", len(p.Diagnostics), len(want.Diagnostics))
			}
			for i := range min(len(p.Diagnostics), len(want.Diagnostics)) {
				if p.Diagnostics[i] != want.Diagnostics[i] {
					t.Errorf("diagnostic %d: %s, want %s", i, p.Diagnostics[i], want.Diagnostics[i])
					break
				}
			}
		})
	}
}

// TestBlocking: a plan that would empty or cut the draft is refused unless
// the user insists: no units, no objectives, or an error that loses part of
// the plan (a table whose header is incomplete, rows without objective).
// Weights that do not add up are an error that does not block: the seed
// has one.
func TestBlocking(t *testing.T) {
	seed := parseSeed(t)
	if b := ingest.Blocking(seed); len(b) != 0 {
		t.Errorf("the seed is blocked: %v", b)
	}
	if !domain.HasErrors(seed.Diagnostics) {
		t.Error("the seed's weights.total error is gone")
	}

	headerOnly := "N° obiettivo;Peso;Obiettivo;Indicatore;Target 2022;Target 2023;Target 2024\r\n"
	cases := []struct {
		name, file, data, code string
	}{
		{"header-only CSV", "piano.csv", headerOnly, "plan.empty"},
		{"header-only text", "piano.txt", strings.ReplaceAll(strings.ReplaceAll(headerOnly, ";", "\t"), "\r", ""), "plan.empty"},
		{"JSON without units", "piano.json", `{"schema":"performa.plan/v1","organization":{"name":"Comune di Prova"},"cycle":{"first_year":2022,"last_year":2024},"units":[{"name":"Area 1","kind":"unit","objectives":[]}]}`, "plan.empty"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := ingest.Parse(tc.file, []byte(tc.data), ingest.Options{Organization: "Comune di Prova"})
			if err != nil {
				t.Fatal(err)
			}
			b := ingest.Blocking(p)
			if len(b) == 0 || b[0].Code != tc.code || !domain.HasErrors(p.Diagnostics) {
				t.Fatalf("blocking: %v (diagnostics %v)", b, p.Diagnostics)
			}
			if !strings.Contains(b[0].Message, "svuoterebbe") {
				t.Errorf("message %q does not say what importing would do", b[0].Message)
			}
		})
	}

	// The seed with one sheet's header cut short: that table is read as its
	// header stands (issue 12: nothing refused that has objectives), with an
	// error that blocks the import until it is forced.
	lines := strings.Split(string(seedtest.Bytes(t)), "\n")
	for i, l := range lines {
		if i > 40 && strings.Contains(l, "Indicatore") && strings.Contains(l, "TARGET 2022") {
			lines[i] = strings.NewReplacer("Indicatore", "", "TARGET", "").Replace(l)
			break
		}
	}
	p, err := ingest.Parse(seedtest.File, []byte(strings.Join(lines, "\n")), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b := ingest.Blocking(p)
	if len(b) == 0 || b[0].Code != "header.incomplete" || p.Objectives() != seed.Objectives() {
		t.Fatalf("a cut header: %d objectives of %d, blocking %v", p.Objectives(), seed.Objectives(), b)
	}
	t.Logf("cut header: %s", b[0])
}
