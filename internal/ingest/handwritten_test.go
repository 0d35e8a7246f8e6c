package ingest

import (
	"reflect"
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

func findYearRe(s string) int {
	y, _ := strconv.Atoi(yearRe.FindString(s))
	return y
}

var handwrittenCases = []string{
	"1.234,5", "-12", "0,75", "1234", "1.2345", "12.345.678", "1234.567", "-", "--1", "1,", ",5", "1.234.", "0.5", "1.000,", "١٢",
	"2022", "anno 2023-2025", "x2022", "2022_", "1949 1950", "2100 2099", "target 2024:", "20221", "é2022", "2022é", "31/12/2023",
	"dell'Area Finanziaria", "DELL’AREA Tecnica", "dell' area x", "Dell'Area", "d'Area", "dell’", "xdell'area y", "AREA Tecnica 2022", "ArEa  x", "aréa", "Settore - Area Vigilanza", "obiettivo di PERFORMANCE Organizzativa", "performance  organizzativa", "Performance organizzativ",
	"", "%", "5%", "5 %", "0,5 %", "95,60%", "100%", "1000%", "12.%", ",5%", "5,%", "5,5,5%", "5\t%", " 7% ",
	"abc%", "5%%", "5.25%", "１%", "Ente: Comune di Montepulciano", "ENTE :  Comune di Chiusi ", "ente:",
	"ente: \n", "Ente: a\nb", "Entro il 30.09.2022", "Enteroclisma: x", "ente\t:\tx", "ENTE: Unione",
	"Unità di personale", "UNITÀ 2", "Istruttori amministrativi", "P.O", "PO", "A.P.", "p. o.",
	"Responsabile del servizio", "RESP. area", "Posizioni Organizzative", "Funzionari", "collaboratore",
	"OPERATORI", "dipendenti tutti", "unita", "unitario", "n. 3 istruttore", "Reponsabile",
	"del Comune di Montepulciano e Comune di Chiusi", "l'Unione dei Comuni di Valdichiana Senese", "xComune di Roma",
	"Provincia di Siena, Provincia di", "Comune di  Roma", "_Unione di Pienza", "ComuneComune di Sarteano",
	"Unione dei Comuni e la Regione", "Comune di L'Aquila’s Fonte Cerreto", "Comune di Città Della Pieve",
	"responsabile", "xresponsabile", "r_ponsabile", "rxxxxponsabile", "rxxxponsabile", "rr ponsabile", "il rresponsabile",
	"unitàx", "unitaz", "comunità", "2 unità", "istruttorez", "operatorex", "posizione organizzativa", "xposizioni organizzativa",
	"personalex", "il personale.", "resp.", "iresp.", "dipendenti", "p.o.", "po", "p o", "a.p", "ap.", "p.\to", "unit", "r-ponsabile",
	"rponsabile", "responsabilexx", "responsabile_", "r1ponsabile", "unita_", "unita.",
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
	if got, want := plainNumber(s), plainNumberRe.MatchString(s); got != want {
		t.Errorf("plainNumber(%q) = %v, want %v", s, got, want)
	}
	if got, want := findYear(s), findYearRe(s); got != want {
		t.Errorf("findYear(%q) = %v, want %v", s, got, want)
	}
	if got, want := containsFold(s, "performance organizzativa"), orgLevelRe.MatchString(s); got != want {
		t.Errorf("containsFold(%q, performance organizzativa) = %v, want %v", s, got, want)
	}
	if titleAreaRe.MatchString(s) && !containsFold(s, "area") {
		t.Errorf("containsFold(%q, area) = false, and titleAreaRe matches", s)
	}
	if mentionAreaRe.MatchString(s) && !mentionsDell(s) {
		t.Errorf("mentionsDell(%q) = false, and mentionAreaRe matches", s)
	}
	if got, want := comuneNames(s), comuneRe.FindAllStringSubmatch(s, -1); !reflect.DeepEqual(got, want) {
		t.Errorf("comuneNames(%q) = %q, want %q", s, got, want)
	}
	if strings.ToLower(s) == s || len(strings.ToLower(s)) == len(s) {
		if got, want := staffRe.MatchString(strings.ToLower(s)), staffReOld.MatchString(s); got != want {
			t.Errorf("staffRe(%q) = %v, want %v", s, got, want)
		}
		if got, want := staffMatch(strings.ToLower(s)), staffReOld.MatchString(s); got != want {
			t.Errorf("staffMatch(%q) = %v, want %v", s, got, want)
		}
	}
}
