package ingest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/ingest"
	"github.com/performa-pa/performa/internal/quality"
)

// Real tables of other Italian public bodies (testdata/real, sources in
// SOURCE.md there): each must be read, never refused, with the fields a
// person reads in its cells.

func parseReal(t *testing.T, name string, opts ingest.Options) *domain.Plan {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "real", name))
	if err != nil {
		t.Fatal(err)
	}
	p, err := ingest.Parse(name, data, opts)
	if err != nil {
		t.Fatalf("%s refused: %v", name, err)
	}
	quality.Review(p)
	if domain.HasErrors(p.Diagnostics) {
		for _, d := range p.Diagnostics {
			t.Log(d)
		}
		t.Errorf("%s: errors among the diagnostics", name)
	}
	return p
}

func objectiveByCode(t *testing.T, p *domain.Plan, code string) *domain.Objective {
	t.Helper()
	for _, u := range p.Units {
		for _, o := range u.Objectives {
			if o.Code == code {
				return o
			}
		}
	}
	t.Fatalf("no objective %q", code)
	return nil
}

func diagCodes(p *domain.Plan) map[string]int {
	m := map[string]int{}
	for _, d := range p.Diagnostics {
		m[d.Code]++
	}
	return m
}

// The PNRR milestone and target register: no weight, «Valore-obiettivo»,
// «Riferimento di partenza», «Trimestre/Anno di conseguimento»,
// Missione/Componente/Misura levels, milestones with a placeholder 0, cells
// wrapped on several lines.
func TestRealPNRRRegister(t *testing.T) {
	p := parseReal(t, "pnrr_met_programmazione.csv", ingest.Options{})
	if len(p.Units) != 1 || p.Units[0].Name != "PCM - DIPARTIM. TRASFORMAZIONE DIGITALE" || p.Objectives() != 4 {
		t.Fatalf("units %d, objectives %d", len(p.Units), p.Objectives())
	}
	if p.Cycle.FirstYear != 2021 || p.Cycle.LastYear != 2023 {
		t.Errorf("cycle %d–%d", p.Cycle.FirstYear, p.Cycle.LastYear)
	}
	d := diagCodes(p)
	if d["weights.none"] != 1 || d["weights.total"] != 0 || d["objective.no_weight"] != 0 {
		t.Errorf("weight diagnostics %v", d)
	}
	if d["header.levels"] != 1 || d["header.notes"] != 1 {
		t.Errorf("levels and other columns must be said kept: %v", d)
	}
	m := objectiveByCode(t, p, "M1C1-00-ITA-2")
	if m.Title != "Pubblicazione di un bando pubblico a livello UE per un contratto di PPP" ||
		!strings.Contains(m.Notes, "Missione: M1 – Digitalizzazione, innovazione, competitività e cultura") ||
		!strings.Contains(m.Notes, "ID Misura: M1C1I1.1 – Infrastrutture digitali") {
		t.Errorf("milestone %q notes %q", m.Title, m.Notes)
	}
	in := m.Indicators[0]
	tg, _ := in.Target(2022)
	if in.Description != "Bando di concorso per il contratto PPP" || !tg.Milestone || tg.Deadline != "2022-03-31" ||
		tg.Rule == nil || tg.Rule.Kind != domain.RuleDeadline || tg.Rule.Date != "2022-03-31" {
		t.Errorf("milestone target %+v rule %+v", tg, tg.Rule)
	}
	tgt := objectiveByCode(t, p, "M1C1-00-ITA-3")
	in = tgt.Indicators[0]
	tg, _ = in.Target(2023)
	if in.UnitOfMeasure != "Numero" || in.Baseline.Text != "0" || tg.Text != "30" || tg.Rule == nil ||
		tg.Rule.Kind != domain.RuleAtLeast || *tg.Rule.Value != 30 || tg.Rule.Date != "2023-09-30" {
		t.Errorf("target %+v rule %+v, indicator %+v", tg, tg.Rule, in)
	}
	if strings.Contains(tgt.Notes, "\n") || !strings.Contains(tgt.Notes, "sono migrate completamente verso") {
		t.Errorf("line breaks kept in the notes: %q", tgt.Notes)
	}
}

// The PNC objectives: the objective is its own target, due by the quarter;
// «Programma | Investimento | Intervento» levels; codes glued to titles in
// the levels («1. Rinnovo della flotta…»).
func TestRealPNCObjectives(t *testing.T) {
	p := parseReal(t, "pnc_obiettivi.csv", ingest.Options{})
	if len(p.Units) != 2 || p.Units[0].Name != "PCM" || p.Units[1].Name != "MIMS - Min Infr Mob" || p.Objectives() != 28 {
		t.Fatalf("units %d, objectives %d", len(p.Units), p.Objectives())
	}
	o := objectiveByCode(t, p, "PNC-B.1.1-15")
	tg, _ := o.Indicators[0].Target(2024)
	if o.Title != "Ulteriore 50% dei SAL" || tg.Deadline != "2024-12-31" || tg.Rule == nil ||
		tg.Rule.Kind != domain.RuleRelative || tg.Rule.Relation != "increase_by" || *tg.Rule.Value != 50 {
		t.Errorf("%q: %+v %+v", o.Title, tg, tg.Rule)
	}
	o = objectiveByCode(t, p, "PNC-A.4-8")
	tg, _ = o.Indicators[0].Target(2026)
	if o.Title != "Fine lavori" || tg.Rule == nil || tg.Rule.Kind != domain.RuleDeadline || tg.Rule.Date != "2026-06-30" {
		t.Errorf("%q: %+v %+v", o.Title, tg, tg.Rule)
	}
	o = objectiveByCode(t, p, "PNC-C.2.1.1-29")
	if !strings.Contains(o.Notes, "Programma: Rinnovo delle flotte di bus, treni e navi verdi - Navi") ||
		!strings.Contains(o.Notes, "Investimento: 1. Rinnovo della flotta navale mediterranea") || !strings.Contains(o.Notes, "Intervento: Upgrading nuove navi") {
		t.Errorf("levels %q", o.Notes)
	}
	// The first row has no deadline (N/A): an objective without a target.
	o = objectiveByCode(t, p, "PNC-A.1-N1")
	if !strings.HasPrefix(o.Title, "Rafforzamento misura PNRR M1C1") {
		t.Errorf("first row %q", o.Title)
	}
}

// The PNRR common indicators' progress: a long table by semester, with
// the objective in the sub-measure's description and its code.
func TestRealPNRRIndicatorProgress(t *testing.T) {
	p := parseReal(t, "pnrr_avanzamento_indicatori_comuni.csv", ingest.Options{})
	o := objectiveByCode(t, p, "M1C1I1.6.1")
	if o.Title != "Digitalizzazione del Ministero dell'Interno" || len(o.Indicators) != 3 {
		t.Fatalf("%q with %d indicators", o.Title, len(o.Indicators))
	}
	in := o.Indicators[2]
	if in.Description != "NUMERO DI PARTECIPANTI IN UN PERCORSO DI ISTRUZIONE O DI FORMAZIONE - COMPETENZE DIGITALI (UOMINI; 30-54)" ||
		in.UnitOfMeasure != "Persone" || len(in.Measurements) != 1 || in.Measurements[0].Date.Format("2006-01-02") != "2021-12-31" ||
		in.Measurements[0].Number == nil || *in.Measurements[0].Number != 0 {
		t.Errorf("indicator %+v", in)
	}
}

// A ministry's indicator card (performance.gov.it): «Titolo», «Target
// primo/secondo/terzo anno» from the «Anno di riferimento», «maggiore o
// uguale a 90,00%», no weight («Peso indicatore: –»). The card's fields
// are laid out as a table row, as the portal's export would.
func TestRealMinistryIndicatorCard(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "real", "performance_gov_it_obiettivo_4165.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var header, row []string
	for _, l := range strings.Split(string(data), "\n") {
		parts := strings.Split(l, " | ")
		if len(parts) < 2 || strings.HasPrefix(l, "---") {
			continue
		}
		key := parts[0]
		if i := strings.Index(key, "Anno di riferimento"); i > 0 {
			key = key[i:] // the page's heading runs into the first field
		}
		header = append(header, key)
		row = append(row, strings.TrimSuffix(strings.TrimSpace(parts[1]), " |"))
	}
	csv := strings.Join(header, ";") + "\n" + strings.Join(row, ";") + "\n"
	p, err := ingest.Parse("obiettivo_4165.csv", []byte(csv), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Cycle.FirstYear != 2016 || p.Cycle.LastYear != 2018 || p.Objectives() != 1 {
		t.Fatalf("cycle %d–%d, %d objectives", p.Cycle.FirstYear, p.Cycle.LastYear, p.Objectives())
	}
	o := p.Units[0].Objectives[0]
	in := o.Indicators[0]
	if o.Code != "149" || o.Title != "Migliorare l'efficienza del coordinamento delle attività per gli italiani all'estero" ||
		in.Description != "Percentuale di risorse finanziarie impiegate o richieste di riscontro evase entro 20 giorni" {
		t.Errorf("objective %q %q, indicator %q", o.Code, o.Title, in.Description)
	}
	quality.Review(p)
	want := map[int]float64{2016: 90, 2017: 90.5, 2018: 91}
	for y, v := range want {
		tg, _ := in.Target(y)
		if tg.Rule == nil || tg.Rule.Kind != domain.RuleAtLeast || *tg.Rule.Value != v {
			t.Errorf("%d: %+v", y, tg)
		}
	}
	if domain.HasErrors(p.Diagnostics) || diagCodes(p)["weights.none"] != 1 {
		t.Errorf("diagnostics %v", diagCodes(p))
	}
	// The same card with the first year given on the command line.
	p, err = ingest.Parse("obiettivo_4165.csv", []byte(csv), ingest.Options{FirstYear: 2017})
	if err != nil || p.Cycle.FirstYear != 2017 {
		t.Errorf("--first-year: %v %+v", err, p.Cycle)
	}
}

// Every real table gives a mapping, and the mapping reads the same plan.
func TestRealSuggestMap(t *testing.T) {
	for _, name := range []string{"pnrr_met_programmazione.csv", "pnc_obiettivi.csv", "pnrr_avanzamento_indicatori_comuni.csv"} {
		data, err := os.ReadFile(filepath.Join("testdata", "real", name))
		if err != nil {
			t.Fatal(err)
		}
		m, err := ingest.Suggest(name, data, ingest.Options{})
		if err != nil || len(m.Tables) != 1 {
			t.Fatalf("%s: %v %+v", name, err, m)
		}
		var b strings.Builder
		if err := m.Encode(&b); err != nil {
			t.Fatal(err)
		}
		back, err := ingest.ParseMapping("mappa.json", []byte(b.String()))
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, b.String())
		}
		want, _ := ingest.Parse(name, data, ingest.Options{})
		got, err := ingest.Parse(name, data, ingest.Options{Mapping: back})
		if err != nil || got.Objectives() != want.Objectives() {
			t.Errorf("%s: mapped %v, %d objectives, want %d", name, err, got.Objectives(), want.Objectives())
		}
	}
}
