package ingest_test

import (
	"strings"
	"testing"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/ingest"
	"github.com/performa-pa/performa/internal/seedtest"
)

func parseSeed(tb testing.TB) *domain.Plan {
	tb.Helper()
	p, err := ingest.Parse(seedtest.File, seedtest.Bytes(tb), ingest.Options{})
	if err != nil {
		tb.Fatalf("Parse(seed): %v", err)
	}
	return p
}

func TestSeedPlan(t *testing.T) {
	p := parseSeed(t)
	if p.Cycle.FirstYear != 2022 || p.Cycle.LastYear != 2024 {
		t.Errorf("cycle = %d–%d, want 2022–2024", p.Cycle.FirstYear, p.Cycle.LastYear)
	}
	if p.Organization.Name != "Comune di Montepulciano" {
		t.Errorf("organization = %q", p.Organization.Name)
	}
	if len(p.Units) != 8 {
		t.Fatalf("units = %d, want 8", len(p.Units))
	}
}

func TestSeedSheets(t *testing.T) {
	p := parseSeed(t)
	tests := []struct {
		name       string
		kind       domain.UnitKind
		manager    string
		objectives int
		indicators int
		weight     float64
		declared   float64 // 0: none declared
	}{
		{"Performance organizzativa dell'ente", domain.UnitOrganization, "Segretario Generale Giulio Nardi", 10, 18, 100, 0},
		{"Segreteria generale", domain.UnitArea, "Segretario Generale Giulio Nardi", 2, 3, 100, 0},
		{"Area Finanziaria", domain.UnitArea, "Simonetta Gambini", 5, 15, 25, 100},
		{"Area Amministrativa", domain.UnitArea, "TORELLI GRAZIA", 24, 25, 100, 0},
		{"Area – arch. Bertone", domain.UnitArea, "arch. Bertone", 11, 12, 100, 0},
		{"Area – Massimo Duchini", domain.UnitArea, "Massimo Duchini", 9, 9, 100, 0},
		{"AREA LL.PP. -PATRIMONIO", domain.UnitArea, "Ing. Roberto ROSATI", 48, 47, 100, 100},
		{"Area Polizia Municipale", domain.UnitArea, "Luca Batignani", 15, 15, 100, 0},
	}
	for i, tt := range tests {
		u := p.Units[i]
		t.Run(tt.name, func(t *testing.T) {
			if u.Name != tt.name || u.Kind != tt.kind || u.Manager != tt.manager {
				t.Errorf("unit = %q %s %q, want %q %s %q", u.Name, u.Kind, u.Manager, tt.name, tt.kind, tt.manager)
			}
			if u.Position != i+1 || u.Source.Sheet != i+1 {
				t.Errorf("position %d, sheet %d; want %d", u.Position, u.Source.Sheet, i+1)
			}
			if len(u.Objectives) != tt.objectives {
				t.Errorf("objectives = %d, want %d", len(u.Objectives), tt.objectives)
			}
			n := 0
			for _, o := range u.Objectives {
				n += len(o.Indicators)
			}
			if n != tt.indicators {
				t.Errorf("indicators = %d, want %d", n, tt.indicators)
			}
			if got := u.TotalWeight(); got < tt.weight-0.001 || got > tt.weight+0.001 {
				t.Errorf("total weight = %v, want %v", got, tt.weight)
			}
			switch {
			case tt.declared == 0 && u.DeclaredTotalWeight != nil:
				t.Errorf("declared total = %v, want none", *u.DeclaredTotalWeight)
			case tt.declared != 0 && (u.DeclaredTotalWeight == nil || *u.DeclaredTotalWeight != tt.declared):
				t.Errorf("declared total = %v, want %v", u.DeclaredTotalWeight, tt.declared)
			}
		})
	}
}

// objectiveAt finds the objective read from a line of the seed.
func objectiveAt(t *testing.T, p *domain.Plan, line int) *domain.Objective {
	t.Helper()
	for _, u := range p.Units {
		for _, o := range u.Objectives {
			if o.Source.Line == line {
				return o
			}
		}
	}
	t.Fatalf("no objective at line %d", line)
	return nil
}

func TestSeedObjectives(t *testing.T) {
	p := parseSeed(t)
	tests := []struct {
		line       int
		code       string
		weight     float64
		title      string // prefix
		mission    string
		program    string
		indicators int
		indicator  string   // first indicator, prefix
		baseline   string   // first indicator
		targets    []string // first indicator, prefixes, 2022..2024
	}{
		// Sheet 1, shifted one column right of its header.
		{6, "1.1", 5, "Prevenire la corruzione", "01", "02", 1, "Garantire la conoscenza del PTPC", "4 h pro capite", []string{"almeno 5 pro capite >= almeno", "almeno 5 pro capite >= 2022", "almeno 6 pro capite >= 2023"}},
		{13, "1.8", 10, "Innovazione e flessibilità", "01", "02", 1, "Grado di attuazione nuova programmazione", "nuovo=0", []string{"approvazione PIAO entro i termini di legge", "entro 31 gennaio", "entro 31 gennaio"}},
		// The 20% objective without a code, with its financial sub-table.
		{15, "", 20, "Politiche di miglioramento rating", "01", "02", 9, "1 Sostenibilità del disavanzo", "0", []string{"<=1", "<= 2022", "<= 2023"}},
		// Sheet 2: 50% + 20% make objective 1.1. 70%; "TARGET 2022" twice.
		{28, "1.1.", 70, "Assistenza Organi", "01", "02", 2, "Progetto miglioramento", "tempi di pubblicazione", []string{"Riduzione tempi di pubblicazione delibere consilairi <= 12", "Riduzione tempi di pubblicazione delibere consilairi <= 10", "Riduzione tempi"}},
		{30, "1.2", 30, "Ottimizzazione funzione regolamentare", "01", "02", 1, "Revisione Statuto", "riproposizione", []string{"entro 30 giugno 2022", "revisone regolamento", "da ricalibrare"}},
		// Sheet 3: indicators on rows of their own.
		{36, "3", 1, "Garantire la trasparenza", "01", "03", 6, "Publicazione Sezione Amministrazione", "20gg dalla pubblicazione", []string{"<= a 15gg", "mantenimento target dell'anno 2022", "mantenimento target dell'anno 2022"}},
		{42, "4", 10, "Proposte da attuare", "01", "01", 4, "Coinvolgimento, mediante riunioni", "nuovo=0", []string{">=2 riunioni", "0%", "0%"}},
		// Sheet 4: code written twice, then rows three columns right.
		{56, "3.1", 6, "INNOVAZIONE E NUOVO RAPPORTO", "01", "08", 1, "progetto \"Microsoft 365\"", "0%", []string{"50%", "80%", "100%"}},
		{57, "3.2", 5, "INNOVAZIONI TECNOLOGICHE", "01", "08", 1, "adozione di soluzioni", "", []string{"40%", "80%", "100%"}},
		{58, "3.3", 5, "PROSECUZIONE INNOVAZIONE", "01", "08", 1, "attuazione di un sistema integrato", "0%", []string{"50%", "80%", "100%"}},
		// Mission written in the program's columns, program in the code's.
		{64, "8", 5, "GESTIONE MENSE COMUNALI", "04", "07", 1, "Redazione atti amministrativi", "0", []string{"nuovo entro il 30 luglio 2022", "monitoraggi <2", "monitoraggi <3"}},
		// Rows one and two columns left.
		{65, "9", 3, "MONTEPULCIANO \"CITTÀ CHE LEGGE\"", "05", "01", 1, "procedura ottenimento qualifica", "0", []string{"ottenimento riconoscimento", "mantenimento titolo", "ottenimento riconoscimento"}},
		{66, "10", 5, "BIBLIOTECA COMUNALE", "05", "01", 1, "analisi e redazione del piano", "1", []string{"entro il 31 dicembre 2022", "monitoraggi <2", "monitoraggi <2"}},
		{67, "1", 5, "GESTIONE MUSEO", "05", "01", 1, "implementare la disponibilità", "2021", []string{"entro 31 dicembre 2022", "implementazione calendario eventi museali <2022", "implementazione calendario eventi museali <2023"}},
		// A row with weight and title but no code is an objective.
		{73, "", 2, "AMBITO OTTIMALE Legge Regione Toscana 86/2016 2.", "07", "01", 1, "convocazione, assistenza", "n.4", []string{"N. 6", "n.8", "<= anno 2023"}},
		{77, "17", 5, "SERVIZIO RANDAGISMO", "13", "07", 2, "1. Monitoraggio", "N. 1", []string{"> / = 1", "100%", "100%"}},
		// Sheet 5: a mission-only row sets the mission below.
		{90, "2", 10, "Rilascio Condoni Edilizi", "09", "", 1, "Svolgimento attività istruttorie", "n. 10 / anno", []string{"almeno 12 pratiche / anno", "almeno 14 pratiche / anno 2023 > 2022", "almeno 14 pratiche / anno 2024 = 2023"}},
		{88, "1", 10, "Programma di miglioramento agricolo", "08", "01", 1, "Istruttoria dei PAPMAA", "n. 3 / anno", []string{"n. pervenuti / n. istruttorie completate", "n. pervenuti / n. istruttorie completate 2023", "n. pervenuti / n. istruttorie completate 2024"}},
		// Sheet 7: a staff cell in the last target column; targets one late.
		// The 2022 column maintains the 2022 target: the targets stand one
		// column late, the cell under Indicatore is the 2022 target.
		{113, "3", 3, "Approvazione piano delle alienazioni", "01", "05", 1, "", "", []string{"Entro il 15/10/2022", "mantenimento target 2022", "mantenimento"}},
		// The same shape with the year before («mantenimento target 2021»):
		// one rule for both (issue 12); before, the deadline stayed the
		// indicator and 2021's target stood as 2022's.
		{114, "4", 2, "Redazione sul SITAT SA Piano OO.PP", "01", "05", 1, "", "", []string{"Entro il 15/10/2022 (adozione)", "mantenimento target 2021", "mantenimento"}},
		{124, "14", 3, "Protocolli in uscita", "01", "05", 1, "", "", []string{"Protocollazione entro 2 giorni", "mantenimento target 2021", "mantenimento"}},
		{116, "6", 2, "Monitoraggio capitoli di spesa", "01", "05", 1, "n. variazioni di bilancio su n. di monitoraggio", "", []string{"mantenimento target 2022", "mantenimento", ""}},
		{132, "19", 2, "", "01", "05", 1, "Erogazione contributo", "", []string{"Entro il 31/03/22", "mantenimento target 2022", "mantenimento"}},
		{141, "", 2, "Ripristino o nuova realizzazione di marciapiedi", "10", "05", 1, "IN ECONOMIA", "", []string{"", "mantenimento target 2022", "mantenimento"}},
		{148, "", 2, "Acquisto nuovi automezzi", "10", "05", 1, "Atti amm.vi e contabili per affidamento forniture", "", []string{"Entro il 31/12/2022", "mantenimento target 2022", "mantenimento"}},
		// Sheet 8: program and code three columns right.
		{174, "8", 6, "VIDEOSORVEGLIANZA", "", "06", 1, "aggiornamento delle telecamere", "77 postazioni attive al 31/12", []string{"maggiore di 77", "maggiore di 77", "maggiore di 77"}},
		{177, "", 8, "Gestione Eventi", "", "06", 1, "Elaborazione Ordinanze", "10", []string{"report semestrale", "report semestrale", "report semestrale"}},
	}
	for _, tt := range tests {
		o := objectiveAt(t, p, tt.line)
		if o.Code != tt.code || o.Weight == nil || *o.Weight != tt.weight || !strings.HasPrefix(o.Title, tt.title) {
			t.Errorf("line %d: code %q weight %v title %.40q; want %q %v %q", tt.line, o.Code, deref(o.Weight), o.Title, tt.code, tt.weight, tt.title)
		}
		if o.Mission.Code != tt.mission || o.Program.Code != tt.program {
			t.Errorf("line %d: mission %q program %q; want %q %q", tt.line, o.Mission.Code, o.Program.Code, tt.mission, tt.program)
		}
		if len(o.Indicators) != tt.indicators {
			t.Errorf("line %d: %d indicators, want %d", tt.line, len(o.Indicators), tt.indicators)
			continue
		}
		in := o.Indicators[0]
		// An empty expectation means empty: HasPrefix("") would accept anything.
		if !strings.HasPrefix(in.Description, tt.indicator) || (tt.indicator == "") != (in.Description == "") ||
			!strings.HasPrefix(in.Baseline.Text, tt.baseline) || (tt.baseline == "") != (in.Baseline.Text == "") {
			t.Errorf("line %d: indicator %.40q baseline %.40q; want %q %q", tt.line, in.Description, in.Baseline.Text, tt.indicator, tt.baseline)
		}
		for i, want := range tt.targets {
			got := in.Targets[i]
			if got.Year != 2022+i || !strings.HasPrefix(got.Text, want) || (want == "") != (got.Text == "") {
				t.Errorf("line %d: target %d = %d %.50q, want %d %q", tt.line, i, got.Year, got.Text, 2022+i, want)
			}
		}
	}
}

func TestSeedCarriesAndWeights(t *testing.T) {
	p := parseSeed(t)
	// Weighted indicators of 1.1. keep their own weights.
	o := objectiveAt(t, p, 28)
	if w := o.Indicators[0].Weight; w == nil || *w != 50 {
		t.Errorf("1.1. first indicator weight = %v, want 50", deref(w))
	}
	if w := o.Indicators[1].Weight; w == nil || *w != 20 {
		t.Errorf("1.1. second indicator weight = %v, want 20", deref(w))
	}
	// Manager carried down onto a row that names only staff.
	if o := objectiveAt(t, p, 112); o.Manager != "Ing. Roberto ROSATI" || !strings.HasPrefix(o.Staff, "1 istruttore tecnico") {
		t.Errorf("line 112: manager %q staff %q", o.Manager, o.Staff)
	}
	// The baseline year comes from the header; the sub-table's from its own.
	if y := objectiveAt(t, p, 28).Indicators[0].Baseline.Year; y != 2020 {
		t.Errorf("sheet 2 baseline year = %d, want 2020", y)
	}
	if b := objectiveAt(t, p, 15).Indicators[1].Baseline; b.Year != 2019 || b.Text != "95,60%" || b.Value == nil || *b.Value != 95.6 {
		t.Errorf("sub-table baseline = %+v", b)
	}
	// Ente-level and cross-cutting objectives.
	if k := objectiveAt(t, p, 6).Kind; k != domain.ObjectiveOrganization {
		t.Errorf("line 6 kind = %s", k)
	}
	if k := objectiveAt(t, p, 34).Kind; k != domain.ObjectiveCrossCutting {
		t.Errorf("line 34 (anti-corruption mapping) kind = %s", k)
	}
	if k := objectiveAt(t, p, 99).Kind; k != domain.ObjectiveUnit {
		t.Errorf("line 99 kind = %s", k)
	}
	// Manager named with the unit: only the person is kept.
	if m := objectiveAt(t, p, 136).Manager; m != "Ing. Roberto ROSATI" {
		t.Errorf("line 136 manager = %q", m)
	}
	// Markup dropped from cells.
	if pr := objectiveAt(t, p, 167).Program.Text; pr != "codice della strada" {
		t.Errorf("line 167 program = %q", pr)
	}
	// Achievement typed in the workbook is kept as written.
	if a := objectiveAt(t, p, 83).ReportedAchievement; a != "0%" {
		t.Errorf("line 83 reported achievement = %q", a)
	}
}

func TestSeedDiagnostics(t *testing.T) {
	p := parseSeed(t)
	want := []struct {
		sev   domain.Severity
		code  string
		sheet int
		line  int
		text  string
	}{
		{domain.SeverityError, "weights.total", 3, 50, "25%"},
		{domain.SeverityWarning, "header.target_years", 2, 27, "2022, 2022, 2023"},
		{domain.SeverityInfo, "row.skipped", 7, 130, "ROSATI"},
		{domain.SeverityWarning, "objective.duplicate_code", 4, 71, "\"13\""},
		{domain.SeverityWarning, "objective.no_code", 7, 111, "21 obiettivi"},
		{domain.SeverityWarning, "classification.program_name", 4, 56, "Statistica e sistemi informativi"},
		{domain.SeverityInfo, "classification.mission_name", 4, 71, "TURSMO"},
		{domain.SeverityWarning, "classification.program_without_mission", 8, 167, "codice della strada"},
		{domain.SeverityInfo, "row.realigned", 4, 57, "3 colonne a destra"},
		{domain.SeverityInfo, "row.realigned", 7, 148, "1 colonna a sinistra"},
		{domain.SeverityInfo, "row.weighted_indicator", 2, 29, "70%"},
		{domain.SeverityWarning, "header.out_of_order", 1, 5, "Peso"},
		{domain.SeverityWarning, "objective.no_indicator", 7, 127, "17"},
		{domain.SeverityInfo, "row.late_targets", 7, 113, "target 2022"},
	}
	for _, w := range want {
		found := false
		for _, d := range p.Diagnostics {
			if d.Severity == w.sev && d.Code == w.code && d.Sheet == w.sheet && d.Line == w.line && strings.Contains(d.Message, w.text) {
				found = true
			}
		}
		if !found {
			t.Errorf("missing diagnostic %s %s sheet %d line %d containing %q", w.sev, w.code, w.sheet, w.line, w.text)
		}
	}
	errors := 0
	for _, d := range p.Diagnostics {
		if d.Message == "" || d.Code == "" {
			t.Errorf("diagnostic without code or message: %+v", d)
		}
		if d.Severity == domain.SeverityError {
			errors++
		}
	}
	if errors != 1 {
		t.Errorf("%d errors, want 1 (the weights of Area finanziaria)", errors)
	}
}

func deref(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}
