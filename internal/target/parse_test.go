package target

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/performa-pa/performa/internal/domain"
)

func num(v float64) *float64 { return &v }

func atLeast(v float64, unit string) domain.TargetRule {
	return domain.TargetRule{Kind: domain.RuleAtLeast, Value: num(v), Unit: unit, Direction: domain.HigherIsBetter}
}

func atMost(v float64, unit string) domain.TargetRule {
	return domain.TargetRule{Kind: domain.RuleAtMost, Value: num(v), Unit: unit, Direction: domain.LowerIsBetter}
}

func deadline(date string) domain.TargetRule {
	return domain.TargetRule{Kind: domain.RuleDeadline, Date: date, Direction: domain.LowerIsBetter}
}

func relative(rel string, year int, dir domain.Direction) domain.TargetRule {
	return domain.TargetRule{Kind: domain.RuleRelative, Relation: rel, Year: year, Direction: dir}
}

func completion(v float64) domain.TargetRule {
	return domain.TargetRule{Kind: domain.RuleCompletion, Value: num(v), Unit: "%", Direction: domain.HigherIsBetter}
}

func notMeasurableBecause(reason string) domain.TargetRule {
	return domain.TargetRule{Kind: domain.RuleNotMeasurable, Reason: reason}
}

var all = domain.TargetRule{Kind: domain.RuleAll, Value: num(100), Unit: "%", Direction: domain.HigherIsBetter}

// Contexts taken from the seed.
var (
	y2022        = Context{Year: 2022}
	y2023        = Context{Year: 2023}
	y2024        = Context{Year: 2024}
	digitalPlan  = Context{Year: 2023, Baseline: "0%", Indicator: `progetto "Microsoft 365" che prevede di far utilizzare progressivamente a tutti gli utenti dell'ente la piattaforma`}
	survey       = Context{Year: 2023, Baseline: "41 questionari compilati su 104 somministrati", Indicator: "Indagine benessere organizzativo"}
	sampling     = Context{Year: 2023, Baseline: "20%", Indicator: "Istruttoria a campione delle pratiche pervenute: percentuale della campionatura"}
	publishing   = Context{Year: 2023, Baseline: "20gg dalla pubblicazione della delibera", Indicator: "Publicazione Sezione Amministrazione trasparenza"}
	fasterByLaw  = Context{Year: 2024, Baseline: "Riduzione 5 gg", Indicator: "Riduzione tempi istruttoria da parte del Responsabile del procedimento rispetto termini di legge."}
	trainingHour = Context{Year: 2022, Baseline: "4 h pro capite n.14 note operative", Indicator: "Garantire la conoscenza del PTPC"}
	mapping      = Context{Year: 2023, Baseline: "n.3 processo x area", Indicator: "Grado di attuazione delle misure previste dal PTPCT"}
)

func TestParse(t *testing.T) {
	tests := []struct {
		text string
		ctx  Context
		want domain.TargetRule
	}{
		// Comparisons with a number, in the spellings of the seed.
		{">= due processi", y2022, atLeast(2, "processi")},
		{"> / = 1", y2022, atLeast(1, "")},
		{"> = 3 monitoraggi", y2022, atLeast(3, "monitoraggi")},
		{"=> 5 pratiche", y2022, atLeast(5, "pratiche")},
		{"pari o maggiore a 4 riunioni", y2022, atLeast(4, "riunioni")},
		{"almeno tre report", y2022, atLeast(3, "report")},
		{"almeno n. 5 processi mappati x Area", y2022, atLeast(5, "processi")},
		{"non meno di 10 pratiche", y2022, atLeast(10, "pratiche")},
		{"minimo sette servizi settimanali", y2023, atLeast(7, "servizi settimanali")},
		// «ulteriori» adds to the year before (issue 12), whether the number is
		// written in digits or in words.
		{"ulteriori due processi", y2023, domain.TargetRule{Kind: domain.RuleRelative, Relation: RelIncreaseBy, Value: num(2), Unit: "processi", Year: 2022, Direction: domain.HigherIsBetter}},
		{"almeno ventuno controlli", y2022, atLeast(21, "controlli")},
		{"maggiore di 77 postazione e sostituzione per aggiornamento tecnologico", y2022, atLeast(78, "postazioni")},
		{"superiore a 3 sopralluoghi", y2022, atLeast(4, "sopralluoghi")},
		{">75%", y2022, atLeast(75, "%")},
		{"oltre 1.000 €", y2022, atLeast(1000, "€")},
		{"almeno 5 pro capite", trainingHour, atLeast(5, "ore pro capite")},
		{"almeno 10", mapping, atLeast(10, "processi")},
		{"<= a 15gg . dalla pubblicazione delibera", y2022, atMost(15, "giorni")},
		{"< = 3 gg lavorativi", y2022, atMost(3, "giorni")},
		{"Riduzione tempi di pubblicazione delibere <= 12 gg. Lavorativi", y2022, atMost(12, "giorni")},
		{"max 10 h", y2022, atMost(10, "ore")},
		{"massimo 5 giorni", y2022, atMost(5, "giorni")},
		{"inferiore a 10 giorni", y2022, atMost(10, "giorni")},
		{"Entro 1 mese dalle modifiche statutarie", y2022, atMost(1, "mesi")},
		{"<1000", y2022, atMost(1000, "")},
		{"<1%", y2022, atMost(1, "%")},
		{"monitoraggi <2 controllo gestione", y2023, atMost(1, "monitoraggi")},
		{"miglioramento di max 7 gg rispetto ai termini di legge", y2022, atLeast(7, "giorni di anticipo")},
		{"riduzione di 5 gg rispetto ai termini di legge", y2022, atLeast(5, "giorni di anticipo")},
		{"max a 20gg prima della chiusura del portale", y2022, atLeast(20, "giorni di anticipo")},
		{"n. 12", y2022, atLeast(12, countMarker)},
		{"n° 12", y2022, atLeast(12, countMarker)},
		{"N.12", y2022, atLeast(12, countMarker)},
		{"3 processi", y2022, atLeast(3, "processi")},
		{"1.234,5 €", y2022, atLeast(1234.5, "€")},
		{"almeno 14 pratiche / anno 2023 > 2022", y2023, atLeast(14, "pratiche")},
		{"30% - 2023 = 2022", sampling, atLeast(30, "%")},
		{"Entro 3 giorni dall'assegnazione nell'80% dei casi", y2022, atLeast(80, "%")},
		{"0", y2022, domain.TargetRule{Kind: domain.RuleEqual, Value: num(0), Direction: domain.LowerIsBetter}},
		{"n. pervenuti / n. istruttorie completate 2023 = 2022 = 1", y2023, domain.TargetRule{Kind: domain.RuleEqual, Value: num(1)}},
		{"> 0 <= 25%", y2022, domain.TargetRule{Kind: domain.RuleRange, Value: num(0), Max: num(25), Unit: "%"}},
		{"tra 5 e 10 giorni", y2022, domain.TargetRule{Kind: domain.RuleRange, Value: num(5), Max: num(10), Unit: "giorni"}},
		{"report trimestrale", y2022, atLeast(4, "report trimestrali")},
		// A reduction by a share of the starting point, not 10% to reach.
		{"riduzione del 10% dei tempi medi", y2022, domain.TargetRule{Kind: domain.RuleRelative, Relation: RelDecreasePercent, Value: num(10), Unit: "%", Direction: domain.LowerIsBetter}},
		{"entro i 30 giorni dalla richiesta", y2022, atMost(30, "giorni")},
		{"almeno 2 entro il 30/06", y2022, domain.TargetRule{Kind: domain.RuleAtLeast, Value: num(2), Date: "2022-06-30", Direction: domain.HigherIsBetter}},
		{"report trimestrale, comunque superiore a 2 giornalieri", y2022, atLeast(3, "al giorno")},

		// Deadlines.
		{"entro il 30.09.2022", y2022, deadline("2022-09-30")},
		{"Entro il 31/12/2022", y2022, deadline("2022-12-31")},
		{"entro 31.12.2022", y2022, deadline("2022-12-31")},
		{"entro il 31.12", y2022, deadline("2022-12-31")},
		{"2022-09-30", y2022, deadline("2022-09-30")},
		{"entro il 1° febbraio", y2023, deadline("2023-02-01")},
		{"31/03/22", y2022, deadline("2022-03-31")},
		{"entro il 31/12", y2023, deadline("2023-12-31")},
		{"entro 31 gennaio", y2024, deadline("2024-01-31")},
		{"entro il 31 dicembre 2022", y2023, deadline("2022-12-31")},
		{"entro ottobre 2022", y2022, deadline("2022-10-31")},
		{"entro febbraio", y2024, deadline("2024-02-29")},
		{"entro il 2023", y2022, deadline("2023-12-31")},
		{"entro fine anno", y2022, deadline("2022-12-31")},
		{"report al 31/12", y2022, deadline("2022-12-31")},
		{"Entro il 15/10/2022(adozione) ed entro il 31/12/2022 (approvazione)", y2022, deadline("2022-12-31")},
		{"entro il 31/12 invio ruoli 2018/2019/2020", y2022, deadline("2022-12-31")},
		{"Entro le rispettive scadenze", y2022, domain.TargetRule{Kind: domain.RuleDeadline, Relation: DeadlineDueDates, Direction: domain.LowerIsBetter}},
		{"approvazione PIAO entro i termini di legge", y2022, domain.TargetRule{Kind: domain.RuleDeadline, Relation: DeadlineLegalTerms, Direction: domain.LowerIsBetter}},
		{"Entro i termini assegnati", y2022, domain.TargetRule{Kind: domain.RuleDeadline, Relation: DeadlineAssignedTerms, Direction: domain.LowerIsBetter}},
		{"entro il 31/12", Context{}, notMeasurableBecause(reasonNoYear)},
		{"n. questionari compilati pari almeno al 50% entro 30 settembre", Context{Year: 2022, Indicator: "Indagine benessere"},
			domain.TargetRule{Kind: domain.RuleAtLeast, Value: num(50), Unit: "%", Date: "2022-09-30", Direction: domain.HigherIsBetter}},

		// Relative to another year.
		{"maggiore 2022", y2023, relative(RelGreater, 2022, domain.HigherIsBetter)},
		{"N. di servizi a pagamento / N. di servizi > di 2021", y2022, relative(RelGreater, 2021, domain.HigherIsBetter)},
		{"pari o maggiore 2022", y2023, relative(RelGreaterOrEqual, 2022, domain.HigherIsBetter)},
		{">=2023", y2024, relative(RelGreaterOrEqual, 2023, domain.HigherIsBetter)},
		{"< 2021", y2022, relative(RelLess, 2021, domain.LowerIsBetter)},
		{"<= anno 2022", y2023, relative(RelLessOrEqual, 2022, domain.LowerIsBetter)},
		{"migliore 2022", y2023, relative(RelBetter, 2022, domain.HigherIsBetter)},
		{"migliore 2022", Context{Year: 2023, Indicator: "tempi medi di rilascio"}, relative(RelBetter, 2022, domain.LowerIsBetter)},
		{"pari o migliore 2022", y2023, relative(RelNotWorse, 2022, domain.HigherIsBetter)},
		{"mantenimento target dell'anno 2022", publishing, relative(RelMaintain, 2022, domain.LowerIsBetter)},
		{"mantenimento target 2022", Context{Year: 2024}, relative(RelMaintain, 2022, "")},
		{"mantenimento", fasterByLaw, relative(RelMaintain, 2023, domain.HigherIsBetter)},
		{"mantenimento", Context{Year: 2023, Baseline: "n. 4/anno"}, relative(RelMaintain, 2022, domain.HigherIsBetter)},
		{"2023 = 2022", y2023, relative(RelMaintain, 2022, "")},
		{"mantenimento target 2022", y2022, notMeasurableBecause("rimanda al 2022: serve un anno precedente a quello del target")},
		{"maggiore 2024", y2023, notMeasurableBecause("rimanda al 2024: serve un anno precedente a quello del target")},

		// Completion, rates and "all".
		{"0%", digitalPlan, completion(0)},
		{"50%", digitalPlan, completion(50)},
		{"80%", digitalPlan, completion(80)},
		{"100%", digitalPlan, completion(100)},
		{"80%", survey, atLeast(80, "%")},
		{"30%", sampling, atLeast(30, "%")},
		{"tutti", y2024, all},
		{"tutti quelli presentati", y2022, all},
		{"evasione istanze 100%", y2022, all},
		{"100% delle pratiche", y2022, all},

		// Yes or no.
		{"SI/NO", y2022, domain.TargetRule{Kind: domain.RuleYesNo}},
		{"Sì", y2022, domain.TargetRule{Kind: domain.RuleYesNo}},
		{`Procedura (full digital): SINO Tale indicatore assume valore "si" se ..., altrimenti assume valore "no".`, y2022, domain.TargetRule{Kind: domain.RuleYesNo}},
		{"procedura contrattuale per garantire la gestione del canile sanitario", y2022, domain.TargetRule{Kind: domain.RuleYesNo}},

		// Not measurable, with the reason.
		{"", y2022, notMeasurableBecause(reasonEmpty)},
		{" - ", y2022, notMeasurableBecause(reasonEmpty)},
		{"da ricalibrare", y2023, notMeasurableBecause(reasonRecalibrate)},
		{"da riformulare", y2023, notMeasurableBecause(reasonReformulate)},
		{"monitoraggio costante e periodico - attività SEO 2022<= 2021", y2022, notMeasurableBecause(reasonActivity)},
		{"gestione fase iniziale / implementazione", y2022, notMeasurableBecause(reasonActivity)},
		{"n. pervenuti / n. istruttorie completate", y2022, notMeasurableBecause(reasonFormula)},
		{"ulteriori processi", y2023, notMeasurableBecause(reasonUnquantified)},
		{"Target", y2022, notMeasurableBecause(reasonUnrecognized)},
	}
	for _, tt := range tests {
		got := Parse(tt.text, tt.ctx)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Parse(%q, %+v)\n got  %s\n want %s", tt.text, tt.ctx.Year, asJSON(got), asJSON(tt.want))
		}
	}
}

func asJSON(r domain.TargetRule) string {
	b, _ := json.Marshal(r)
	return string(b)
}

func TestDescribe(t *testing.T) {
	withDate := atLeast(50, "%")
	withDate.Date = "2022-09-30"
	tests := []struct {
		rule domain.TargetRule
		want string
	}{
		{atLeast(5, "processi"), "almeno 5 processi"},
		{atLeast(1, "report trimestrali"), "almeno 1 report trimestrale"},
		{atLeast(80, "%"), "almeno l'80%"},
		{atLeast(12, countMarker), "almeno 12"},
		{atMost(15, "giorni"), "al massimo 15 giorni"},
		{atMost(1, "giorni"), "al massimo 1 giorno"},
		{atMost(60, "%"), "al massimo il 60%"},
		{atLeast(20, "giorni di anticipo"), "almeno 20 giorni di anticipo"},
		{domain.TargetRule{Kind: domain.RuleEqual, Value: num(1234.5), Unit: "€"}, "pari a 1.234,5 €"},
		{domain.TargetRule{Kind: domain.RuleRange, Value: num(0), Max: num(25), Unit: "%"}, "tra lo 0% e il 25%"},
		{domain.TargetRule{Kind: domain.RuleRange, Value: num(3), Max: num(5), Unit: "processi"}, "tra 3 e 5 processi"},
		{deadline("2022-09-30"), "entro il 30/09/2022"},
		{domain.TargetRule{Kind: domain.RuleDeadline, Relation: DeadlineLegalTerms}, "entro i termini di legge"},
		{completion(0), "completamento allo 0%"},
		{completion(50), "completamento al 50%"},
		{completion(80), "completamento all'80%"},
		{withDate, "almeno il 50% entro il 30/09/2022"},
		{all, "tutti (100%)"},
		{domain.TargetRule{Kind: domain.RuleYesNo}, "realizzazione: sì/no"},
		{relative(RelGreaterOrEqual, 2022, ""), "non inferiore al valore del 2022"},
		{relative(RelGreater, 2021, ""), "superiore al valore del 2021"},
		{relative(RelMaintain, 2022, ""), "mantenimento del target del 2022"},
		{notMeasurableBecause(reasonRecalibrate), "non misurabile: target da ricalibrare: nessun valore atteso"},
		{domain.TargetRule{Kind: domain.RuleAtLeast}, "almeno un valore non indicato"},
		{domain.TargetRule{Kind: "boh"}, `regola sconosciuta ("boh")`},
	}
	for _, tt := range tests {
		if got := Describe(tt.rule); got != tt.want {
			t.Errorf("Describe(%s) = %q, want %q", asJSON(tt.rule), got, tt.want)
		}
	}
}

func TestLexNumbers(t *testing.T) {
	for text, want := range map[string]float64{
		"1.234,5": 1234.5, "95,60": 95.6, "12.000": 12000, "0,2": 0.2, "0.5": 0.5, "68,18": 68.18,
	} {
		toks := lex(text)
		if len(toks) != 1 || toks[0].kind != tokNumber || toks[0].num != want {
			t.Errorf("lex(%q) = %+v, want one number %v", text, toks, want)
		}
	}
}

// The shapes of issue 12, item 6, that no real file in reach had: a
// reduction «da 11 a 0», two dated steps, two quantities.
func TestIssue12Shapes(t *testing.T) {
	r := Parse("da 11 a 0", Context{Year: 2023})
	if r.Kind != domain.RuleAtMost || *r.Value != 0 || r.Direction != domain.LowerIsBetter {
		t.Errorf("da 11 a 0: %+v", r)
	}
	r = Parse("n. 15 entro il 30.06 e n. 20 entro il 31.12", Context{Year: 2023})
	if r.Kind != domain.RuleAtLeast || *r.Value != 20 || r.Date != "2023-12-31" || len(r.Steps) != 2 ||
		*r.Steps[0].Value != 15 || r.Steps[0].Date != "2023-06-30" {
		t.Errorf("steps: %+v", r)
	}
	if d := Describe(r); d != "almeno 15 entro il 30/06/2023, poi almeno 20 entro il 31/12/2023" {
		t.Errorf("describe steps: %q", d)
	}
	r = Parse("almeno 100 accessi e almeno 1.728 utenti", Context{Year: 2023})
	if r.Kind != domain.RuleAtLeast || *r.Value != 100 || len(r.Also) != 1 || *r.Also[0].Value != 1728 {
		t.Errorf("two quantities: %+v", r)
	}
	r = Parse("Aumento del 20% rispetto alla baseline", Context{Year: 2023, Baseline: "10"})
	if r.Kind != domain.RuleAtLeast || *r.Value != 12 {
		t.Errorf("increase of a numeric baseline: %+v", r)
	}
	r = Parse("Incremento del numero di utenti del 100%", Context{Year: 2023, Baseline: "250"})
	if r.Kind != domain.RuleAtLeast || *r.Value != 500 {
		t.Errorf("double: %+v", r)
	}
	r = Parse("ulteriori 20.000", Context{Year: 2023})
	if r.Kind != domain.RuleRelative || r.Relation != RelIncreaseBy || *r.Value != 20000 || r.Year != 2022 {
		t.Errorf("on top of the previous year: %+v", r)
	}
}
