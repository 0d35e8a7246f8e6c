package missions

import "testing"

func TestLookup(t *testing.T) {
	m, ok := LookupMission("1")
	if !ok || m.Name != "Servizi istituzionali, generali e di gestione" {
		t.Fatalf("mission 1 = %+v, %v", m, ok)
	}
	p, ok := LookupProgram("1", "2")
	if !ok || p.Name != "Segreteria generale" || !p.Confirmed {
		t.Fatalf("program 1.2 = %+v, %v", p, ok)
	}
	if _, ok := LookupProgram("1", "99"); ok {
		t.Fatal("program 1.99 should not exist")
	}
	if _, ok := LookupMission("abc"); ok {
		t.Fatal("mission abc should not exist")
	}
	if len(Missions()) != 23 {
		t.Fatalf("missions: %d, want 23", len(Missions()))
	}
}

func TestCompare(t *testing.T) {
	tests := []struct {
		written, official string
		want              Match
	}{
		{"SERVIZI ISTITUZIONALI, GENERALI E DI GESTIONE", "Servizi istituzionali, generali e di gestione", Same},
		{"Segreteria Generale", "Segreteria generale", Same},
		{"TURSMO", "Turismo", Similar},
		{"Assetto del territorio", "Assetto del territorio ed edilizia abitativa", Similar},
		{"Gestione economica, finanziaria, programmazione e controllo", "Gestione economica, finanziaria, programmazione, provveditorato", Similar},
		{"Istruzione e diritto alla studio", "Istruzione e diritto allo studio", Similar},
		{"CODICE DELL'AMMINISTRAZIONE DIGITALE D.L.82/05", "Statistica e sistemi informativi", Different},
		{"Pianificazione", "Urbanistica e assetto del territorio", Different},
		{"", "Turismo", Different},
	}
	for _, tt := range tests {
		if got := Compare(tt.written, tt.official); got != tt.want {
			t.Errorf("Compare(%q, %q) = %d, want %d", tt.written, tt.official, got, tt.want)
		}
	}
}

func TestMissionByName(t *testing.T) {
	for text, code := range map[string]string{
		"ISTRUZIONE E DIRITTO ALLO STUDIO":                       "04",
		"Tutela e valorizzazione dei beni e attivita' culturali": "05",
		"TURSMO":                "07",
		"Tutela del territorio": "09",
	} {
		m, ok := MissionByName(text)
		if !ok || m.Code != code {
			t.Errorf("MissionByName(%q) = %+v, %v; want %s", text, m, ok, code)
		}
	}
	if m, ok := MissionByName("Area Polizia Municipale"); ok {
		t.Errorf("MissionByName(Area Polizia Municipale) = %+v, want none", m)
	}
}
