package textnorm

import "testing"

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"Attività culturali":       "attivita culturali",
		"  CITTÀ CHE LEGGE  ":      "citta che legge",
		"dell'Area Finanziaria":    "dell area finanziaria",
		"D.Lgs. 81/08 e s.m.i.":    "d lgs 81 08 e s m i",
		"Istituzioni – perché sì!": "istituzioni perche si",
		"":                         "",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSimilarity(t *testing.T) {
	tests := []struct {
		a, b     string
		min, max float64
	}{
		{"Piano Triennale prevenzione della Corruzione e Trasparenza", "Piano triennale prevenzione corruzione e Trasparenza", 1, 1},
		{"TURSMO", "Turismo", 1, 1},
		{"Tutela del territorio", "Sviluppo sostenibile e tutela del territorio e dell'ambiente", 0.5, 0.6},
		{"Vigilanza scuole", "Gestione del contenzioso", 0, 0},
		{"", "Turismo", 0, 0},
	}
	for _, tt := range tests {
		if got := Similarity(tt.a, tt.b); got < tt.min || got > tt.max {
			t.Errorf("Similarity(%q, %q) = %v, want %v..%v", tt.a, tt.b, got, tt.min, tt.max)
		}
	}
}
