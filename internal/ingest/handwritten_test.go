package ingest

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The classifiers written out by hand for speed say what the regular
// expressions they replace said.
var (
	percentReOld = regexp.MustCompile(`^(\d{1,3}(?:[.,]\d+)?)\s*%$`)
	enteReOld    = regexp.MustCompile(`(?i)^ente\s*:\s*(\S.*)$`)
	staffReOld   = regexp.MustCompile(`(?i)\bunit(?:à|a\b)|istruttor[ei]\b|\bpersonale\b|collaborat|operator[ei]|funzionari|\br\w{0,3}ponsabile\b|\bresp\.|\bdipendent|^p\.?\s?o\.?$|^a\.?p\.?$|\bposizion[ei] organizzativ`)
)

var handwrittenCases = []string{
	"", "%", "5%", "5 %", "0,5 %", "95,60%", "100%", "1000%", "12.%", ",5%", "5,%", "5,5,5%", "5\t%", " 7% ",
	"abc%", "5%%", "5.25%", "１%", "Ente: Comune di Montepulciano", "ENTE :  Comune di Chiusi ", "ente:",
	"ente: \n", "Ente: a\nb", "Entro il 30.09.2022", "Enteroclisma: x", "ente\t:\tx", "ENTE: Unione",
	"Unità di personale", "UNITÀ 2", "Istruttori amministrativi", "P.O", "PO", "A.P.", "p. o.",
	"Responsabile del servizio", "RESP. area", "Posizioni Organizzative", "Funzionari", "collaboratore",
	"OPERATORI", "dipendenti tutti", "unita", "unitario", "n. 3 istruttore", "Reponsabile",
}

func FuzzHandwritten(f *testing.F) {
	for _, c := range handwrittenCases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, s string) { checkHandwritten(t, s) })
}

func TestHandwritten(t *testing.T) {
	for _, c := range handwrittenCases {
		checkHandwritten(t, c)
	}
}

func checkHandwritten(t *testing.T, s string) {
	t.Helper()
	want, wantOK := 0.0, false
	if c := strings.TrimSpace(s); len(c) <= 12 {
		if m := percentReOld.FindStringSubmatch(c); m != nil {
			v, err := strconv.ParseFloat(strings.ReplaceAll(m[1], ",", "."), 64)
			want, wantOK = v, err == nil
		}
	}
	if got, ok := parsePercent(s); ok != wantOK || got != want {
		t.Errorf("parsePercent(%q) = %v %v, want %v %v", s, got, ok, want, wantOK)
	}
	wantEnte, wantEnteOK := "", false
	if s != "" && (s[0] == 'E' || s[0] == 'e') && len(s) <= 120 {
		if m := enteReOld.FindStringSubmatch(s); m != nil {
			wantEnte, wantEnteOK = strings.TrimSpace(m[1]), true
		}
	}
	if got, ok := enteLabel(s); ok != wantEnteOK || got != wantEnte {
		t.Errorf("enteLabel(%q) = %q %v, want %q %v", s, got, ok, wantEnte, wantEnteOK)
	}
	if strings.ToLower(s) == s || len(strings.ToLower(s)) == len(s) {
		if got, want := staffRe.MatchString(strings.ToLower(s)), staffReOld.MatchString(s); got != want {
			t.Errorf("staffRe(%q) = %v, want %v", s, got, want)
		}
	}
}
