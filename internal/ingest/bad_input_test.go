package ingest_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/ingest"
	"github.com/performa-pa/performa/internal/seedtest"
)

func TestBadInput(t *testing.T) {
	seed := seedtest.Bytes(t)
	garbage := make([]byte, 4096)
	for i := range garbage {
		garbage[i] = byte(i*7919 + i/3)
	}
	tests := []struct {
		name string
		data []byte
		want string // in the error message
	}{
		{"empty", nil, "il file è vuoto"},
		{"only blanks", []byte("\n\n \t\t\n"), "il file è vuoto"},
		{"binary garbage", garbage, "non è un file di testo"},
		{"a zip (xlsx) file", append([]byte("PK\x03\x04"), garbage...), "non è un file di testo"},
		{"no header", []byte("Obiettivo uno\t5%\tqualcosa\nObiettivo due\t10%\taltro\n"), "nessuna intestazione riconosciuta"},
		{"65 MB", bytes.Repeat([]byte("testo\tqualunque\n"), 65<<20/16+1), "oltre il limite di 64,0 MB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ingest.Parse("piano.txt", tt.data, ingest.Options{})
			if err == nil {
				t.Fatalf("no error; plan with %d units", len(p.Units))
			}
			if domain.ErrorCode(err) != domain.EINVALID || !strings.Contains(domain.ErrorMessage(err), tt.want) {
				t.Fatalf("error %q (%s), want %q", domain.ErrorMessage(err), domain.ErrorCode(err), tt.want)
			}
			if !strings.Contains(domain.ErrorMessage(err), "piano.txt") {
				t.Errorf("message does not name the file: %q", domain.ErrorMessage(err))
			}
		})
	}
	_ = seed
}

// Latin-1 text is read, accents and all, with a warning.
func TestLatin1(t *testing.T) {
	seed := seedtest.Bytes(t)
	latin1, ok := toLatin1(string(seed))
	if !ok {
		t.Fatal("seed not representable in Latin-1")
	}
	p, err := ingest.Parse("piano.txt", latin1, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := parseSeed(t)
	if p.Objectives() != want.Objectives() {
		t.Errorf("objectives = %d, want %d", p.Objectives(), want.Objectives())
	}
	if got := p.Units[0].Objectives[0].Title; got != want.Units[0].Objectives[0].Title {
		t.Errorf("title %q, want %q", got, want.Units[0].Objectives[0].Title)
	}
	if !hasDiagnostic(p, "file.encoding") {
		t.Error("no file.encoding diagnostic")
	}
}

// A file cut in the middle of a row is read up to the cut, with a warning.
func TestTruncatedLine(t *testing.T) {
	seed := string(seedtest.Bytes(t))
	cut := strings.LastIndex(seed, "\tLuca Batignani")
	p, err := ingest.Parse("piano.txt", []byte(seed[:cut]), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !hasDiagnostic(p, "file.truncated") {
		t.Error("no file.truncated diagnostic")
	}
	if n := len(p.Units[7].Objectives); n != 15 {
		t.Errorf("last sheet objectives = %d, want 15", n)
	}
}

// Windows line ends and a byte-order mark change nothing.
func TestCRLFAndBOM(t *testing.T) {
	seed := string(seedtest.Bytes(t))
	crlf := "\xef\xbb\xbf" + strings.ReplaceAll(seed, "\n", "\r\n")
	p, err := ingest.Parse("piano.txt", []byte(crlf), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := parseSeed(t)
	if p.Objectives() != want.Objectives() || p.Units[2].Name != want.Units[2].Name {
		t.Errorf("CRLF+BOM: %d objectives, unit 3 %q", p.Objectives(), p.Units[2].Name)
	}
}

func hasDiagnostic(p *domain.Plan, code string) bool {
	for _, d := range p.Diagnostics {
		if d.Code == code {
			return true
		}
	}
	return false
}

func toLatin1(s string) ([]byte, bool) {
	var out []byte
	for _, r := range s {
		if r > 0xff {
			switch r {
			case '–', '—':
				r = '-'
			case '’', '‘':
				r = '\''
			case '“', '”':
				r = '"'
			default:
				r = '?'

			}
		}
		out = append(out, byte(r))
	}
	return out, true
}

func FuzzParse(f *testing.F) {
	seed := seedtest.Bytes(f)
	f.Add(seed)
	f.Add(seed[:len(seed)/2])
	lines := strings.Split(string(seed), "\n")
	f.Add([]byte(strings.Join(lines[:30], "\n")))
	f.Add([]byte(strings.Join(lines[105:165], "\n")))
	f.Add([]byte("N°\tMISSIONE\tN°\tPROGRAMMA\tN°\tPeso\tObiettivo\tIndicatore\tbaseline 2021\tTARGET 2022\n1\t\t1\tx\t1\t5%\tt\ti\tb\tt1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ingest.Parse("fuzz.txt", data, ingest.Options{})
		if err != nil {
			if domain.ErrorCode(err) != domain.EINVALID || domain.ErrorMessage(err) == "" {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if len(p.Units) == 0 {
			t.Fatal("plan without units and no error")
		}
		for _, u := range p.Units {
			for _, o := range u.Objectives {
				if o.Source.Line < 1 || o.Position < 1 {
					t.Fatalf("objective without source: %+v", o)
				}
				for _, in := range o.Indicators {
					for _, tg := range in.Targets {
						if tg.Year != 0 && !p.Cycle.Contains(tg.Year) {
							t.Fatalf("target year %d outside cycle %d–%d", tg.Year, p.Cycle.FirstYear, p.Cycle.LastYear)
						}
					}
				}
			}
		}
	})
}

// One size limit for every format, said in the refusal: a file over 64 MB
// is refused with the same words whether text, CSV, JSON or a workbook; a
// text export of 40 MB (some 124.000 objectives) is not refused for its
// size, as CSV of that size never was (issue 13).
func TestSizeLimit(t *testing.T) {
	over := 64<<20 + 1
	fill := func(head string, n int) []byte {
		b := make([]byte, 0, n)
		b = append(b, head...)
		for len(b) < n {
			b = append(b, "Obiettivo\t5%\tdescrizione di prova\n"...)
		}
		return b[:n]
	}
	for _, tt := range []struct {
		name string
		data []byte
		big  bool
	}{
		{"piano.txt", fill("", over), true},
		{"piano.csv", fill("", over), true},
		{"piano.csv", fill("Obiettivo;Peso;Indicatore\n", over), true},
		{"piano.json", fill(`{"format":"performa.plan/v1","x":"`, over), true},
		{"piano.xlsx", fill("PK\x03\x04", over), true},
		{"piano.txt", fill("", 40<<20), false},
	} {
		_, err := ingest.Parse(tt.name, tt.data, ingest.Options{})
		msg := domain.ErrorMessage(err)
		refused := strings.Contains(msg, "oltre il limite di 64,0 MB per un file da importare")
		if refused != tt.big || (tt.big && domain.ErrorCode(err) != domain.EINVALID) {
			t.Errorf("%s of %d bytes: %q", tt.name, len(tt.data), msg)
		}
	}
}

func BenchmarkParseSeed(b *testing.B) {
	seed := seedtest.Bytes(b)
	b.SetBytes(int64(len(seed)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ingest.Parse(seedtest.File, seed, ingest.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestHeaderWithoutYears(t *testing.T) {
	header := "N°\tMISSIONE\tN°\tPROGRAMMA\tN°\tPeso\tObiettivo\tIndicatore\tBaseline\tTARGET\tTARGET\tTARGET\tResponsabile\n"
	row := "1\tServizi istituzionali, generali e di gestione\t2\tSegreteria generale\t1\t100%\tTitolo\tIndicatore\t0\t1\t2\t3\tMario Rossi\n"
	// No year anywhere: the objectives are read, and an error says to
	// give the plan's first year (issue 12: refuse only what has no
	// objectives).
	p, err := ingest.Parse("piano.txt", []byte(header+row), ingest.Options{})
	if err != nil || len(p.Units) != 1 || len(p.Units[0].Objectives) != 1 || !hasDiag(p, domain.SeverityError, "header.target_years", "--first-year") {
		t.Errorf("no years: err %v, plan %+v", err, p)
	}
	// The first year from the command line.
	p, err = ingest.Parse("piano.txt", []byte(header+row), ingest.Options{FirstYear: 2023})
	if err != nil || p.Cycle.FirstYear != 2023 || p.Cycle.LastYear != 2025 || p.Units[0].Objectives[0].Indicators[0].Targets[2].Text != "3" {
		t.Errorf("--first-year: err %v, cycle %+v", err, p.Cycle)
	}
	// Years from the title above the header.
	p, err = ingest.Parse("piano.txt", []byte("Piano degli obiettivi 2023-2025\n"+header+row), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Cycle.FirstYear != 2023 || p.Cycle.LastYear != 2025 || p.Units[0].Objectives[0].Indicators[0].Targets[2].Text != "3" {
		t.Errorf("cycle %d–%d", p.Cycle.FirstYear, p.Cycle.LastYear)
	}
}

// hasDiag reports whether the plan has a diagnostic of that severity and
// code whose message contains text.
func hasDiag(p *domain.Plan, sev domain.Severity, code, text string) bool {
	for _, d := range p.Diagnostics {
		if d.Severity == sev && d.Code == code && strings.Contains(d.Message, text) {
			return true
		}
	}
	return false
}

// BenchmarkParseSeedEncodingCSV reads the seed's bytes with encoding/csv
// only (tab-separated, no plan built): the yardstick of BenchmarkParseSeed.
func BenchmarkParseSeedEncodingCSV(b *testing.B) {
	seed := seedtest.Bytes(b)
	b.SetBytes(int64(len(seed)))
	b.ReportAllocs()
	for b.Loop() {
		r := csv.NewReader(bytes.NewReader(seed))
		r.Comma = '\t'
		r.LazyQuotes = true
		r.FieldsPerRecord = -1
		if _, err := r.ReadAll(); err != nil {
			b.Fatal(err)
		}
	}
}
