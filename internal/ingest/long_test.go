package ingest_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/ingest"
)

// longRows is a comune's monitoring workbook in a long layout: one row per
// objective × unit × quarter, as a controllo di gestione keeps it. Three
// units write their periods three ways; one value is missing (line 23), one
// row is repeated (line 14), and one row gives another weight (line 26).
var longRows = [][]string{
	{"Comune di Rocca San Felice – Monitoraggio del Piano degli obiettivi 2022"},
	{},
	{"Anno", "Trimestre", "Settore", "Responsabile", "Cod. obiettivo", "Obiettivo", "Indicatore", "Peso", "Target", "Valore rilevato", "% raggiunta", "Note"},
	{"2022", "1° trimestre", "Settore Affari Generali", "Maria Rossi", "1.1", "Digitalizzazione del protocollo", "Documenti protocollati in digitale", "40%", ">= 90%", "60%", "65%", ""},
	{"2022", "2° trimestre", "Settore Affari Generali", "Maria Rossi", "1.1", "Digitalizzazione del protocollo", "Documenti protocollati in digitale", "40%", ">= 90%", "72,5%", "80%", ""},
	{"2022", "3° trimestre", "Settore Affari Generali", "Maria Rossi", "1.1", "Digitalizzazione del protocollo", "Documenti protocollati in digitale", "40%", ">= 90%", "85%", "94%", ""},
	{"2022", "4° trimestre", "Settore Affari Generali", "Maria Rossi", "1.1", "Digitalizzazione del protocollo", "Documenti protocollati in digitale", "40%", ">= 90%", "93%", "100%", "obiettivo raggiunto"},
	{"2022", "1° trimestre", "Settore Affari Generali", "Maria Rossi", "1.2", "Riduzione dei tempi di rilascio dei certificati", "Tempo medio di rilascio (giorni)", "60%", "<= 5 gg", "8", "40%", ""},
	{"2022", "2° trimestre", "Settore Affari Generali", "Maria Rossi", "1.2", "Riduzione dei tempi di rilascio dei certificati", "Tempo medio di rilascio (giorni)", "60%", "<= 5 gg", "7,5", "50%", ""},
	{"2022", "3° trimestre", "Settore Affari Generali", "Maria Rossi", "1.2", "Riduzione dei tempi di rilascio dei certificati", "Tempo medio di rilascio (giorni)", "60%", "<= 5 gg", "6", "75%", ""},
	{"2022", "4° trimestre", "Settore Affari Generali", "Maria Rossi", "1.2", "Riduzione dei tempi di rilascio dei certificati", "Tempo medio di rilascio (giorni)", "60%", "<= 5 gg", "4,5", "100%", ""},
	{"2022", "I trimestre", "Settore Finanziario", "Luca Bianchi", "2.1", "Potenziamento della riscossione coattiva", "Importo riscosso (€)", "50%", ">= 150.000", "32.500", "20%", ""},
	{"2022", "II trimestre", "Settore Finanziario", "Luca Bianchi", "2.1", "Potenziamento della riscossione coattiva", "Importo riscosso (€)", "50%", ">= 150.000", "71.200,50", "45%", ""},
	{"2022", "II trimestre", "Settore Finanziario", "Luca Bianchi", "2.1", "Potenziamento della riscossione coattiva", "Importo riscosso (€)", "50%", ">= 150.000", "71.200,50", "45%", ""},
	{"2022", "III trimestre", "Settore Finanziario", "Luca Bianchi", "2.1", "Potenziamento della riscossione coattiva", "Importo riscosso (€)", "50%", ">= 150.000", "118.000", "75%", ""},
	{"2022", "IV trimestre", "Settore Finanziario", "Luca Bianchi", "2.1", "Potenziamento della riscossione coattiva", "Importo riscosso (€)", "50%", ">= 150.000", "163.450", "100%", ""},
	{"2022", "I trimestre", "Settore Finanziario", "Luca Bianchi", "2.2", "Approvazione del rendiconto nei termini", "Rendiconto approvato entro il 30/04", "50%", "entro il 30.04.2022", "no", "30%", ""},
	{"2022", "II trimestre", "Settore Finanziario", "Luca Bianchi", "2.2", "Approvazione del rendiconto nei termini", "Rendiconto approvato entro il 30/04", "50%", "entro il 30.04.2022", "sì", "100%", "delibera C.C. n. 14 del 28/04/2022"},
	{"2022", "31/03/2022", "Settore Tecnico", "Paolo Verdi", "3.1", "Manutenzione straordinaria delle strade comunali", "Km di strade manutenute", "70%", ">= 12 km", "2", "15%", ""},
	{"2022", "30/06/2022", "Settore Tecnico", "Paolo Verdi", "3.1", "Manutenzione straordinaria delle strade comunali", "Km di strade manutenute", "70%", ">= 12 km", "5", "40%", ""},
	{"2022", "30/09/2022", "Settore Tecnico", "Paolo Verdi", "3.1", "Manutenzione straordinaria delle strade comunali", "Km di strade manutenute", "70%", ">= 12 km", "9", "75%", ""},
	{"2022", "31/03/2022", "Settore Tecnico", "Paolo Verdi", "3.2", "Avvio del cantiere della scuola (PNRR)", "Data di avvio dei lavori", "30%", "entro il 30/09/2022", "no", "10%", ""},
	{"2022", "30/06/2022", "Settore Tecnico", "Paolo Verdi", "3.2", "Avvio del cantiere della scuola (PNRR)", "Data di avvio dei lavori", "30%", "entro il 30/09/2022", "", "", "in attesa del finanziamento"},
	{"2022", "30/09/2022", "Settore Tecnico", "Paolo Verdi", "3.2", "Avvio del cantiere della scuola (PNRR)", "Data di avvio dei lavori", "30%", "entro il 30/09/2022", "15/09/2022", "100%", ""},
	{"2022", "31/12/2022", "Settore Tecnico", "Paolo Verdi", "3.2", "Avvio del cantiere della scuola (PNRR)", "Data di avvio dei lavori", "30%", "entro il 30/09/2022", "15/09/2022", "100%", ""},
	{"2022", "31/12/2022", "Settore Tecnico", "Paolo Verdi", "3.1", "Manutenzione straordinaria delle strade comunali", "Km di strade manutenute", "60%", ">= 12 km", "13", "100%", ""},
}

func longCSV() []byte {
	var b strings.Builder
	for _, r := range longRows {
		for i, c := range r {
			if i > 0 {
				b.WriteByte(';')
			}
			b.WriteString(csvQuote(c, ";", false))
		}
		b.WriteString("\r\n")
	}
	return []byte(b.String())
}

// longXLSX writes the rows as Excel holds them: numbers and percentages as
// numbers, dates as text, and the unit and manager merged down their runs.
func longXLSX(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	name := "Monitoraggio 2022"
	f.SetSheetName("Sheet1", name)
	styles := map[string]int{}
	for i, r := range longRows {
		for j, c := range r {
			if c == "" {
				continue
			}
			ref, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if j == 2 || j == 3 { // merged below
				if i > 3 && longRows[i-1][j] == c {
					continue
				}
			}
			v, format, ok := typed(c)
			if !ok || j == 0 || j == 4 {
				must(t, f.SetCellStr(name, ref, c))
				continue
			}
			if _, done := styles[format]; !done {
				id, err := f.NewStyle(&excelize.Style{CustomNumFmt: &format})
				must(t, err)
				styles[format] = id
			}
			must(t, f.SetCellFloat(name, ref, v, -1, 64))
			must(t, f.SetCellStyle(name, ref, ref, styles[format]))
		}
	}
	for _, j := range []int{2, 3} {
		start := 3
		for i := 4; i <= len(longRows); i++ {
			if i < len(longRows) && longRows[i][j] == longRows[start][j] {
				continue
			}
			if i-1 > start {
				a, _ := excelize.CoordinatesToCellName(j+1, start+1)
				b, _ := excelize.CoordinatesToCellName(j+1, i)
				must(t, f.MergeCell(name, a, b))
			}
			start = i
		}
	}
	buf, err := f.WriteToBuffer()
	must(t, err)
	return buf.Bytes()
}

func TestLongLayout(t *testing.T) {
	for _, tc := range []struct {
		name  string
		data  func(*testing.T) []byte
		sheet int
	}{
		{"csv", func(*testing.T) []byte { return longCSV() }, 1},
		{"xlsx", longXLSX, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := ingest.Parse("monitoraggio."+tc.name, tc.data(t), ingest.Options{Organization: "Comune di Rocca San Felice"})
			if err != nil {
				t.Fatal(err)
			}
			checkLongPlan(t, p, tc.sheet)
		})
	}
}

func checkLongPlan(t *testing.T, p *domain.Plan, sheet int) {
	t.Helper()
	if p.Cycle.FirstYear != 2022 || p.Cycle.LastYear != 2022 {
		t.Errorf("cycle %d–%d", p.Cycle.FirstYear, p.Cycle.LastYear)
	}
	type obj struct {
		code, title string
		weight      float64
		target      string
		values      []string
		dates       []string
		achievement string
	}
	want := []struct {
		name, manager string
		objs          []obj
	}{
		{"Settore Affari Generali", "Maria Rossi", []obj{
			{"1.1", "Digitalizzazione del protocollo", 40, ">= 90%", []string{"60%", "72,5%", "85%", "93%"},
				[]string{"2022-03-31", "2022-06-30", "2022-09-30", "2022-12-31"}, "100%"},
			{"1.2", "Riduzione dei tempi di rilascio dei certificati", 60, "<= 5 gg", []string{"8", "7,5", "6", "4,5"},
				[]string{"2022-03-31", "2022-06-30", "2022-09-30", "2022-12-31"}, "100%"},
		}},
		{"Settore Finanziario", "Luca Bianchi", []obj{
			{"2.1", "Potenziamento della riscossione coattiva", 50, ">= 150.000", []string{"32.500", "71.200,50", "118.000", "163.450"},
				[]string{"2022-03-31", "2022-06-30", "2022-09-30", "2022-12-31"}, "100%"},
			{"2.2", "Approvazione del rendiconto nei termini", 50, "entro il 30.04.2022", []string{"no", "sì"},
				[]string{"2022-03-31", "2022-06-30"}, "100%"},
		}},
		{"Settore Tecnico", "Paolo Verdi", []obj{
			{"3.1", "Manutenzione straordinaria delle strade comunali", 70, ">= 12 km", []string{"2", "5", "9", "13"},
				[]string{"2022-03-31", "2022-06-30", "2022-09-30", "2022-12-31"}, "100%"},
			{"3.2", "Avvio del cantiere della scuola (PNRR)", 30, "entro il 30/09/2022", []string{"no", "15/09/2022", "15/09/2022"},
				[]string{"2022-03-31", "2022-09-30", "2022-12-31"}, "100%"},
		}},
	}
	if len(p.Units) != len(want) {
		t.Fatalf("%d units, want %d", len(p.Units), len(want))
	}
	for i, wu := range want {
		u := p.Units[i]
		if u.Name != wu.name || u.Manager != wu.manager || len(u.Objectives) != len(wu.objs) {
			t.Errorf("unit %d: %q (%q), %d objectives", i+1, u.Name, u.Manager, len(u.Objectives))
			continue
		}
		if u.TotalWeight() != 100 {
			t.Errorf("%s: total weight %v", u.Name, u.TotalWeight())
		}
		for j, wo := range wu.objs {
			o := u.Objectives[j]
			if o.Code != wo.code || o.Title != wo.title || o.Weight == nil || *o.Weight != wo.weight ||
				o.ReportedAchievement != wo.achievement || o.Manager != wu.manager || o.Source.Sheet != sheet {
				t.Errorf("%s objective %d: %+v", u.Name, j+1, o)
			}
			if len(o.Indicators) != 1 {
				t.Errorf("%s: %d indicators", o.Code, len(o.Indicators))
				continue
			}
			in := o.Indicators[0]
			if len(in.Targets) != 1 || in.Targets[0].Year != 2022 || in.Targets[0].Text != wo.target {
				t.Errorf("%s targets %+v", o.Code, in.Targets)
			}
			var values, dates []string
			for _, m := range in.Measurements {
				values = append(values, m.Text)
				dates = append(dates, m.Date.Format(time.DateOnly))
				if m.RecordedBy != domain.RecordedByImport {
					t.Errorf("%s: recorded by %q", o.Code, m.RecordedBy)
				}
			}
			if fmt.Sprint(values) != fmt.Sprint(wo.values) || fmt.Sprint(dates) != fmt.Sprint(wo.dates) {
				t.Errorf("%s measurements %v at %v, want %v at %v", o.Code, values, dates, wo.values, wo.dates)
			}
		}
	}
	// Values are parsed as domain.ParseValue does, the text kept.
	ms := p.Units[1].Objectives[0].Indicators[0].Measurements
	if ms[1].Number == nil || *ms[1].Number != 71200.5 || ms[1].Note != "avanzamento dichiarato: 45%" {
		t.Errorf("71.200,50: %+v", ms[1])
	}
	if b := p.Units[1].Objectives[1].Indicators[0].Measurements[1]; b.Bool == nil || !*b.Bool ||
		b.Note != "avanzamento dichiarato: 100% · delibera C.C. n. 14 del 28/04/2022" {
		t.Errorf("sì: %+v", b)
	}
	if d := p.Units[2].Objectives[1].Indicators[0].Measurements[1]; d.DateValue == nil || d.DateValue.Format(time.DateOnly) != "2022-09-15" {
		t.Errorf("15/09/2022: %+v", d)
	}
	find := func(code string, line int, column string) *domain.Diagnostic {
		for i, d := range p.Diagnostics {
			if d.Code == code && d.Line == line && d.Column == column && d.Sheet == sheet {
				return &p.Diagnostics[i]
			}
		}
		t.Errorf("no %s at line %d column %s in %v", code, line, column, p.Diagnostics)
		return nil
	}
	if d := find("long.conflict", 26, "H"); d != nil && !strings.Contains(d.Message, "peso 60%") {
		t.Errorf("conflict: %s", d.Message)
	}
	find("long.duplicate_row", 14, "")
	find("long.no_value", 23, "J")
	if domain.HasErrors(p.Diagnostics) {
		t.Errorf("errors: %v", p.Diagnostics)
	}
}

func TestPeriodEnd(t *testing.T) {
	for in, want := range map[string]string{
		"1° trimestre 2022": "2022-03-31", "II semestre": "2023-12-31", "30/06/2022": "2022-06-30",
		"terzo trimestre": "2023-09-30", "Q2": "2023-06-30", "S1 2021": "2021-06-30", "trimestre 4": "2023-12-31",
		"2° quadrimestre": "2023-08-31", "giugno": "2023-06-30", "annuale": "2023-12-31", "2022": "2022-12-31",
		"Febbraio 2024": "2024-02-29", "IV trim.": "2023-12-31", "2022-09-30": "2022-09-30",
	} {
		got, ok := ingest.PeriodEnd(in, 2023)
		if !ok || got.Format(time.DateOnly) != want {
			t.Errorf("PeriodEnd(%q) = %v, %v; want %s", in, got, ok, want)
		}
	}
	if _, ok := ingest.PeriodEnd("a breve", 2023); ok {
		t.Error("a breve: read as a period")
	}
}

// Numeric periods (issue 12, item 2): «Trimestre» 1…4 with the year in its
// own column, «Avanzamento» as a fraction of 1; a value column with no
// target column that stays the same is the target (item 3). The shape of
// the health bodies' quarterly workbooks; no such public file was found,
// so the rows are written here.
func TestLongNumericPeriods(t *testing.T) {
	csv := "Anno;Trimestre;Dipartimento;Reparto;Obiettivo;Indicatore;Azione;Valore;Avanzamento\n" +
		"2023;1;Area Medica;Cardiologia;Riduzione delle attese;Giorni di attesa;Ambulatorio il sabato;30;0,25\n" +
		"2023;2;Area Medica;Cardiologia;Riduzione delle attese;Giorni di attesa;;30;0,5\n" +
		"2023;3;Area Medica;Cardiologia;Riduzione delle attese;Giorni di attesa;;30;0,8\n" +
		"2023;4;Area Medica;Cardiologia;Riduzione delle attese;Giorni di attesa;;30;1\n"
	p, err := ingest.Parse("monitoraggio.csv", []byte(csv), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	u := p.Units[0]
	if u.Name != "Area Medica – Cardiologia" || len(u.Objectives) != 1 {
		t.Fatalf("unit %q with %d objectives", u.Name, len(u.Objectives))
	}
	in := u.Objectives[0].Indicators[0]
	tg, _ := in.Target(2023)
	if tg.Text != "30" {
		t.Errorf("constant value as target: %+v", tg)
	}
	if len(in.Measurements) != 0 {
		t.Errorf("measurements %+v", in.Measurements)
	}
	if u.Objectives[0].Notes != "Azione: Ambulatorio il sabato" {
		t.Errorf("the Azione level is kept in the notes: %q", u.Objectives[0].Notes)
	}
	if u.Objectives[0].ReportedAchievement != "1" {
		t.Errorf("progress %q", u.Objectives[0].ReportedAchievement)
	}
	found := false
	for _, d := range p.Diagnostics {
		found = found || d.Code == "long.value_as_target"
		if d.Code == "long.period" {
			t.Errorf("numeric period not read: %v", d)
		}
	}
	if !found {
		t.Error("the reading taken is not said")
	}
	// Progress alone: a measurement at each quarter's end, as the share done.
	csv = "Anno;Trimestre;Reparto;Obiettivo;Indicatore;Target;Avanzamento\n" +
		"2023;1;Cardiologia;Riduzione delle attese;Giorni di attesa;<= 20 gg;0,25\n" +
		"2023;2;Cardiologia;Riduzione delle attese;Giorni di attesa;<= 20 gg;0,5\n"
	p, err = ingest.Parse("monitoraggio.csv", []byte(csv), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ms := p.Units[0].Objectives[0].Indicators[0].Measurements
	if len(ms) != 2 || ms[0].Date.Format("2006-01-02") != "2023-03-31" || ms[1].Date.Format("2006-01-02") != "2023-06-30" || ms[1].Text != "50%" {
		t.Errorf("measurements %+v", ms)
	}
}
