package staff

import (
	"os"
	"strings"
	"testing"

	"github.com/performa-pa/performa/internal/domain"
)

var seedUnits = []domain.UnitRef{
	{ID: 1, Name: "Performance organizzativa dell'ente"}, {ID: 2, Name: "Segreteria generale"},
	{ID: 3, Name: "Area Finanziaria"}, {ID: 4, Name: "Area Amministrativa"}, {ID: 5, Name: "Area – arch. Bertone"},
	{ID: 6, Name: "Area – Massimo Duchini"}, {ID: 7, Name: "AREA LL.PP. -PATRIMONIO"}, {ID: 8, Name: "Area Polizia Municipale"},
}

func TestParseRegister(t *testing.T) {
	data, err := os.ReadFile("testdata/personale-2022.csv")
	if err != nil {
		t.Fatal(err)
	}
	reg, err := Parse("personale-2022.csv", data, Options{Year: 2022, Units: seedUnits})
	if err != nil {
		t.Fatal(err)
	}
	if reg.Errors() != 0 || len(reg.People) != 40 {
		t.Fatalf("%d people, issues %v", len(reg.People), reg.Issues)
	}
	m := reg.People[0]
	if m.Matricola != "1001" || m.Surname != "Rossi" || m.Name != "Mario" || m.Area != domain.AreaOperatori ||
		m.Unit.ID != 2 || m.PartTime != 66.67 || m.Start.Format("2006-01-02") != "2022-04-01" || m.End.Format("2006-01-02") != "2022-09-30" || m.AbsenceDays != 1 {
		t.Errorf("first person: %+v", m)
	}
	if reg.People[5].Unit.ID != 7 {
		t.Errorf("«PATRIMONIO» bound to %+v", reg.People[5].Unit)
	}
}

func TestParseIssues(t *testing.T) {
	const head = "Matricola;Cognome e nome;Area;Unità;Part-time;Dal;Al;Assenze\n"
	tests := []struct {
		name, row string
		code      string // "" when the row is read without errors
		column    string
		check     func(domain.StaffMember) bool
	}{
		{"ok", "7;ROSSI Mario;Istruttori;Finanziaria;;;;", "", "", func(m domain.StaffMember) bool {
			return m.Surname == "ROSSI" && m.Name == "Mario" && m.PartTime == 100 && m.Unit.ID == 3 && m.End.Day() == 31
		}},
		{"old category", "7;Rossi;cat. C1;Finanziaria;50%;;;", "", "", func(m domain.StaffMember) bool {
			return m.Area == domain.AreaIstruttori && m.PartTime == 50 && m.Surname == "Rossi"
		}},
		{"EQ", "7;Rossi;Funzionari ed E.Q.;Polizia;tempo pieno;01/01/2021;;", "", "", func(m domain.StaffMember) bool {
			return m.Area == domain.AreaFunzionari && m.Start.Year() == 2022
		}},
		{"no matricola", ";Rossi;Istruttori;Finanziaria;;;;", "staff.matricola", "A", nil},
		{"no name", "7;;Istruttori;Finanziaria;;;;", "staff.name", "B", nil},
		{"bad area", "7;Rossi;Dirigenti;Finanziaria;;;;", "staff.area", "C", nil},
		{"unknown unit", "7;Rossi;Istruttori;Ragioneria;;;;", "staff.unit", "D", nil},
		{"ambiguous unit", "7;Rossi;Istruttori;Area;;;;", "staff.unit", "D", nil},
		{"bad part-time", "7;Rossi;Istruttori;Finanziaria;120;;;", "staff.part_time", "E", nil},
		{"bad date", "7;Rossi;Istruttori;Finanziaria;;32/13/2022;;", "staff.date", "F", nil},
		{"other year", "7;Rossi;Istruttori;Finanziaria;;;31/12/2021;", "staff.date", "G", nil},
		{"end before start", "7;Rossi;Istruttori;Finanziaria;;01/06/2022;01/03/2022;", "staff.date", "G", nil},
		{"bad absence", "7;Rossi;Istruttori;Finanziaria;;;;tre", "staff.absence", "H", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			reg, err := Parse("p.csv", []byte(head+tc.row+"\n"), Options{Year: 2022, Units: seedUnits})
			if err != nil {
				t.Fatal(err)
			}
			if tc.code == "" {
				if reg.Errors() != 0 || len(reg.People) != 1 || !tc.check(reg.People[0]) {
					t.Fatalf("people %+v, issues %v", reg.People, reg.Issues)
				}
				return
			}
			if len(reg.People) != 0 || reg.Skipped != 1 {
				t.Fatalf("row not skipped: %+v", reg.People)
			}
			var found *Issue
			for i := range reg.Issues {
				if reg.Issues[i].Code == tc.code && reg.Issues[i].Severity == Error {
					found = &reg.Issues[i]
				}
			}
			if found == nil || found.Column != tc.column || found.Line != 2 || !strings.HasPrefix(found.String(), "errore: p.csv, riga 2, colonna "+tc.column+": ") {
				t.Fatalf("want %s in column %s, got %v", tc.code, tc.column, reg.Issues)
			}
		})
	}
}

func TestParseDuplicateAndNoHeader(t *testing.T) {
	reg, _ := Parse("p.csv", []byte("Matricola;Cognome;Nome;Area\n1;Rossi;Anna;Istruttori\n1;Verdi;Luca;Istruttori\n"), Options{Year: 2022})
	if len(reg.People) != 1 || reg.Errors() != 1 || !strings.Contains(reg.Issues[1].String(), "riga 3, colonna A: la matricola 1 è già alla riga 2") {
		t.Fatalf("%+v %v", reg.People, reg.Issues)
	}
	reg, _ = Parse("p.csv", []byte("Nome;Cognome\nAnna;Rossi\n"), Options{Year: 2022})
	if reg.Errors() != 1 || reg.Issues[0].Code != "staff.no_header" || !strings.Contains(reg.Issues[0].String(), "p.csv") {
		t.Fatalf("%v", reg.Issues)
	}
}

func TestSuggest(t *testing.T) {
	p := &domain.Plan{Units: []*domain.Unit{{Name: "Area Tecnica", Objectives: []*domain.Objective{
		{Code: "1.1", Staff: "Geom. Bianchi, Arch. M. Verdi, Rossi"},
		{Code: "1.2", Staff: "tutto il personale"},
	}}}}
	people := []domain.StaffMember{
		{Matricola: "1", Surname: "Bianchi", Name: "Anna"},
		{Matricola: "2", Surname: "Verdi", Name: "Mario"}, {Matricola: "3", Surname: "Verdi", Name: "Luca"},
		{Matricola: "4", Surname: "Rossi", Name: "Paolo"}, {Matricola: "5", Surname: "Rossi", Name: "Sara"},
	}
	got := Suggest(p, people)
	want := map[string]string{"1": "cognome", "2": "cognome e nome", "4": "ambiguo", "5": "ambiguo"}
	if len(got) != len(want) {
		t.Fatalf("%+v", got)
	}
	for _, s := range got {
		if want[s.Matricola] != s.Strength || s.Objective != "1.1" {
			t.Errorf("%+v", s)
		}
	}
}
