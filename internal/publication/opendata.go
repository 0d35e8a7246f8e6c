package publication

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"math"
	"strconv"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/report"
	"github.com/performa-pa/performa/internal/reward"
	"github.com/performa-pa/performa/internal/score"
	"github.com/performa-pa/performa/internal/target"
)

// The open data of the published documents (docs/open-data.md): for each
// year the plan and the results as CSV (UTF-8 without byte-order mark,
// comma-separated, CRLF, numbers as plain decimals with a dot, dates
// ISO 8601, cells neutralised against formulas as internal/report does)
// and as JSON, with the identity of units, objectives and indicators,
// which stays the same across re-imports and versions. Built from the
// public views only.

// PlanColumns are the columns of piano-ANNO.csv, one row per indicator
// (an objective without indicators has one row with the indicator's
// columns empty).
var PlanColumns = []string{
	"anno", "versione", "delibera_numero", "delibera_data",
	"unita_id", "unita", "responsabile",
	"obiettivo_id", "obiettivo_codice", "obiettivo_titolo", "obiettivo_tipo", "obiettivo_peso",
	"missione_codice", "missione_testo", "programma_codice", "programma_testo",
	"indicatore_id", "indicatore", "unita_di_misura", "indicatore_peso", "verso",
	"baseline_anno", "baseline_testo", "baseline_valore", "target_testo", "target_regola",
}

// ResultColumns are the columns of risultati-ANNO.csv: one row for the
// ente, one per unit, one per objective (livello says which).
var ResultColumns = []string{
	"anno", "stato", "livello", "unita_id", "unita", "obiettivo_id", "obiettivo_codice", "obiettivo_titolo",
	"peso", "esito", "calcolato", "validato", "punteggio", "obiettivi", "con_risultato", "quota_peso_con_risultato", "motivazione",
}

// num writes a number for machines: plain decimal with a dot, at most
// four decimals, "" when missing.
func num(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(round4(*p), 'f', -1, 64)
}

func round4(v float64) float64 { return math.Round(v*10000) / 10000 }

func numPtr(p *float64) *float64 {
	if p == nil {
		return nil
	}
	v := round4(*p)
	return &v
}

func isoDate(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(time.DateOnly)
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

// writeCSV writes rows as RFC 4180 CSV with CRLF line ends, every cell
// neutralised against formulas (report.NeutraliseFormula).
func writeCSV(w io.Writer, header []string, rows [][]string) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, row := range rows {
		out := make([]string, len(row))
		for i, c := range row {
			out[i] = report.NeutraliseFormula(c)
		}
		if err := cw.Write(out); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// targetOf is the indicator's target of year: as written, and in words.
func targetOf(in Indicator, year int) (string, string) {
	t, ok := in.src.Target(year)
	if !ok || t.Text == "" {
		return "", ""
	}
	return t.Text, target.Describe(score.RuleOf(in.src, t))
}

// PlanCSV writes the plan's rows for year.
func PlanCSV(w io.Writer, p Plan, year int) error {
	var rows [][]string
	v := p.Version
	for _, u := range p.Units {
		for _, o := range u.Objectives {
			head := []string{strconv.Itoa(year), strconv.Itoa(v.Number), v.ActNumber, isoDate(v.ActDate),
				id(u.Identity), u.Name, u.Manager,
				id(o.Identity), o.Code, o.Title, string(o.Kind), num(o.Weight),
				o.Mission.Code, o.Mission.Text, o.Program.Code, o.Program.Text}
			if len(o.Indicators) == 0 {
				rows = append(rows, append(head, make([]string, 10)...))
			}
			for _, in := range o.Indicators {
				text, rule := targetOf(in, year)
				baseYear := ""
				if in.Baseline.Year != 0 {
					baseYear = strconv.Itoa(in.Baseline.Year)
				}
				rows = append(rows, append(append([]string{}, head...), id(in.Identity), in.Description, in.UnitOfMeasure,
					num(in.Weight), string(in.Direction), baseYear, in.Baseline.Text, num(in.Baseline.Value), text, rule))
			}
		}
	}
	return writeCSV(w, PlanColumns, rows)
}

// ResultsCSV writes the results' rows.
func ResultsCSV(w io.Writer, r Results) error {
	year, status := strconv.Itoa(r.Year), string(r.Status)
	share := func(c score.Coverage) string { return num(&c.WeightShare) }
	rows := [][]string{{year, status, "ente", "", "", "", "", "", "", "", "", "", num(r.Organization),
		strconv.Itoa(r.Coverage.Objectives), strconv.Itoa(r.Coverage.Scored), share(r.Coverage), ""}}
	for _, u := range r.Units {
		rows = append(rows, []string{year, status, "unita", id(u.Identity), u.Name, "", "", "", "", "", "", "", num(u.Score),
			strconv.Itoa(u.Coverage.Objectives), strconv.Itoa(u.Coverage.Scored), share(u.Coverage), ""})
		for _, o := range u.Objectives {
			rows = append(rows, []string{year, status, "obiettivo", id(u.Identity), u.Name, id(o.Identity), o.Code, o.Title,
				num(o.Weight), string(o.State), num(o.Computed), num(o.Validated), num(o.Score), "", "", "", o.Reason})
		}
	}
	return writeCSV(w, ResultColumns, rows)
}

// The JSON of the open data: the same content, nested, with the same
// names as the CSV columns.

type planJSON struct {
	Ente     string         `json:"ente"`
	Anno     int            `json:"anno"`
	Ciclo    string         `json:"ciclo"`
	Versione versionJSON    `json:"versione"`
	Unita    []unitPlanJSON `json:"unita"`
}

type versionJSON struct {
	Numero         int    `json:"numero"`
	Stato          string `json:"stato"`
	Motivo         string `json:"motivo,omitempty"`
	DeliberaNumero string `json:"delibera_numero"`
	DeliberaData   string `json:"delibera_data"`
}

type unitPlanJSON struct {
	ID           int64         `json:"id"`
	Nome         string        `json:"nome"`
	Responsabile string        `json:"responsabile"`
	Obiettivi    []objPlanJSON `json:"obiettivi"`
}

type objPlanJSON struct {
	ID         int64             `json:"id"`
	Codice     string            `json:"codice"`
	Titolo     string            `json:"titolo"`
	Tipo       string            `json:"tipo"`
	Peso       *float64          `json:"peso"`
	Missione   domain.Classified `json:"missione"`
	Programma  domain.Classified `json:"programma"`
	Indicatori []indPlanJSON     `json:"indicatori"`
}

type indPlanJSON struct {
	ID           int64        `json:"id"`
	Descrizione  string       `json:"descrizione"`
	UnitaMisura  string       `json:"unita_di_misura"`
	Peso         *float64     `json:"peso"`
	Verso        string       `json:"verso"`
	Baseline     baselineJSON `json:"baseline"`
	Target       string       `json:"target_testo"`
	TargetRegola string       `json:"target_regola"`
}

type baselineJSON struct {
	Anno   *int     `json:"anno"`
	Testo  string   `json:"testo"`
	Valore *float64 `json:"valore"`
}

func versionOf(v domain.Version) versionJSON {
	return versionJSON{Numero: v.Number, Stato: string(v.Status), Motivo: v.Reason, DeliberaNumero: v.ActNumber, DeliberaData: isoDate(v.ActDate)}
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// PlanJSON writes the plan of year as JSON.
func PlanJSON(w io.Writer, org string, p Plan, year int) error {
	out := planJSON{Ente: org, Anno: year, Ciclo: strconv.Itoa(p.Cycle.FirstYear) + "-" + strconv.Itoa(p.Cycle.LastYear),
		Versione: versionOf(p.Version), Unita: []unitPlanJSON{}}
	for _, u := range p.Units {
		ju := unitPlanJSON{ID: u.Identity, Nome: u.Name, Responsabile: u.Manager, Obiettivi: []objPlanJSON{}}
		for _, o := range u.Objectives {
			jo := objPlanJSON{ID: o.Identity, Codice: o.Code, Titolo: o.Title, Tipo: string(o.Kind), Peso: numPtr(o.Weight),
				Missione: o.Mission, Programma: o.Program, Indicatori: []indPlanJSON{}}
			for _, in := range o.Indicators {
				text, rule := targetOf(in, year)
				b := baselineJSON{Testo: in.Baseline.Text, Valore: numPtr(in.Baseline.Value)}
				if in.Baseline.Year != 0 {
					y := in.Baseline.Year
					b.Anno = &y
				}
				jo.Indicatori = append(jo.Indicatori, indPlanJSON{ID: in.Identity, Descrizione: in.Description,
					UnitaMisura: in.UnitOfMeasure, Peso: numPtr(in.Weight), Verso: string(in.Direction), Baseline: b,
					Target: text, TargetRegola: rule})
			}
			ju.Obiettivi = append(ju.Obiettivi, jo)
		}
		out.Unita = append(out.Unita, ju)
	}
	return writeJSON(w, out)
}

type resultsJSON struct {
	Ente          string           `json:"ente"`
	Anno          int              `json:"anno"`
	Stato         string           `json:"stato"`
	Definitivo    bool             `json:"definitivo"`
	Riaperto      string           `json:"riaperto_il,omitempty"`
	PunteggioEnte *float64         `json:"punteggio_ente"`
	Copertura     coverageJSON     `json:"copertura"`
	Unita         []unitResultJSON `json:"unita"`
}

type coverageJSON struct {
	Obiettivi             int      `json:"obiettivi"`
	ConRisultato          int      `json:"con_risultato"`
	Neutralizzati         int      `json:"neutralizzati"`
	QuotaPesoConRisultato *float64 `json:"quota_peso_con_risultato"`
}

type unitResultJSON struct {
	ID        int64           `json:"id"`
	Nome      string          `json:"nome"`
	Punteggio *float64        `json:"punteggio"`
	Copertura coverageJSON    `json:"copertura"`
	Obiettivi []objResultJSON `json:"obiettivi"`
}

type objResultJSON struct {
	ID          int64           `json:"id"`
	Codice      string          `json:"codice"`
	Titolo      string          `json:"titolo"`
	Peso        *float64        `json:"peso"`
	Esito       string          `json:"esito"`
	Calcolato   *float64        `json:"calcolato"`
	Validato    *float64        `json:"validato"`
	Confermato  bool            `json:"confermato"`
	Punteggio   *float64        `json:"punteggio"`
	Motivazione string          `json:"motivazione"`
	Indicatori  []indResultJSON `json:"indicatori"`
}

type indResultJSON struct {
	ID             int64    `json:"id"`
	Descrizione    string   `json:"descrizione"`
	Target         string   `json:"target_testo"`
	Valore         any      `json:"valore"`
	Data           *string  `json:"data_valore"`
	Raggiungimento *float64 `json:"raggiungimento"`
}

func coverageOf(c score.Coverage) coverageJSON {
	return coverageJSON{Obiettivi: c.Objectives, ConRisultato: c.Scored, Neutralizzati: c.Neutralised, QuotaPesoConRisultato: numPtr(&c.WeightShare)}
}

// measuredValue is a measurement's value for machines: a number, a
// boolean, an ISO date or the text.
func measuredValue(m *domain.Measurement) any {
	switch {
	case m == nil:
		return nil
	case m.Number != nil:
		return round4(*m.Number)
	case m.Bool != nil:
		return *m.Bool
	case m.DateValue != nil:
		return m.DateValue.Format(time.DateOnly)
	}
	return m.Text
}

// ResultsJSON writes the results as JSON; reopened is when the year was
// reopened after its sign-off (nil: it was not, or was signed off again).
func ResultsJSON(w io.Writer, org string, r Results, reopened *time.Time) error {
	out := resultsJSON{Ente: org, Anno: r.Year, Stato: string(r.Status), Definitivo: r.Final(), Riaperto: isoDate(reopened),
		PunteggioEnte: numPtr(r.Organization), Copertura: coverageOf(r.Coverage), Unita: []unitResultJSON{}}
	for _, u := range r.Units {
		ju := unitResultJSON{ID: u.Identity, Nome: u.Name, Punteggio: numPtr(u.Score), Copertura: coverageOf(u.Coverage), Obiettivi: []objResultJSON{}}
		for _, o := range u.Objectives {
			jo := objResultJSON{ID: o.Identity, Codice: o.Code, Titolo: o.Title, Peso: numPtr(o.Weight), Esito: string(o.State),
				Calcolato: numPtr(o.Computed), Validato: numPtr(o.Validated), Confermato: o.Confirmed, Punteggio: numPtr(o.Score),
				Motivazione: o.Reason, Indicatori: []indResultJSON{}}
			for _, in := range o.Indicators {
				ji := indResultJSON{ID: in.Identity, Descrizione: in.Description, Target: in.Target,
					Valore: measuredValue(in.Measured), Raggiungimento: numPtr(in.Achievement)}
				if in.Measured != nil {
					d := in.Measured.Date.Format(time.DateOnly)
					ji.Data = &d
				}
				jo.Indicatori = append(jo.Indicatori, ji)
			}
			ju.Obiettivi = append(ju.Obiettivi, jo)
		}
		out.Unita = append(out.Unita, ju)
	}
	return writeJSON(w, out)
}

// Dataset is one published document's open data, for the catalogue.
type Dataset struct {
	Pub      domain.Publication
	Modified time.Time
	Files    []File
}

// File is a distribution of a dataset.
type File struct {
	Name      string // "piano-2022.csv"
	MediaType string // "text/csv"
	Format    string // "CSV", "JSON"
}

// Files are the open-data files of a published document.
func Files(kind domain.PublicationKind, year int) []File {
	stem := map[domain.PublicationKind]string{domain.PublishPiano: "piano-", domain.PublishRelazione: "risultati-",
		domain.PublishPremi: "premi-"}[kind]
	stem += strconv.Itoa(year)
	return []File{{stem + ".csv", "text/csv", "CSV"}, {stem + ".json", "application/json", "JSON"}}
}

// The licence of the open data.
const (
	LicenceURL  = "https://creativecommons.org/licenses/by/4.0/"
	LicenceName = "Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0)"
)

// Catalog writes catalogo.json, the metadata of the open data in the
// style of DCAT-AP_IT (JSON-LD): a dcat:Catalog of the organization whose
// datasets are the published documents, each with its distributions.
// base is the absolute address of the data folder
// ("https://ente.example/trasparenza/comune-di-x/dati/").
func Catalog(w io.Writer, org *domain.Organization, base string, modified time.Time, sets []Dataset) error {
	publisher := map[string]any{"@type": []string{"foaf:Agent", "dcatapit:Agent"}, "foaf:name": org.Name,
		"dct:identifier": org.Slug}
	licence := map[string]any{"@id": LicenceURL, "@type": "dct:LicenseDocument", "foaf:name": LicenceName}
	issued := modified
	var datasets []map[string]any
	for _, d := range sets {
		if d.Pub.PublishedAt.Before(issued) {
			issued = d.Pub.PublishedAt
		}
		title, desc := d.Pub.Kind.Label()+" "+strconv.Itoa(d.Pub.Year)+" – "+org.Name, ""
		if d.Pub.Kind == domain.PublishPiano {
			desc = "Obiettivi del Piano della performance " + strconv.Itoa(d.Pub.Year) + " per unità organizzativa, con indicatori, baseline e target dell'anno (versione " +
				strconv.Itoa(d.Pub.VersionNumber) + " del piano)."
		} else if d.Pub.Kind == domain.PublishPremi {
			desc = "Premi collegati alla performance " + strconv.Itoa(d.Pub.Year) + " (art. 20 D.Lgs 33/2013): ammontare stanziato e distribuito, distribuzione per fascia di punteggio e per area; i gruppi di meno di " +
				strconv.Itoa(reward.MinGroup) + " persone sono accorpati. Nessun dato individuale."
		} else {
			desc = "Risultati " + strconv.Itoa(d.Pub.Year) + " della performance organizzativa: punteggio dell'ente, delle unità e degli obiettivi, con i valori misurati e le validazioni del Nucleo di Valutazione. Nessun dato individuale."
		}
		var dists []map[string]any
		for _, f := range d.Files {
			dists = append(dists, map[string]any{
				"@type": "dcat:Distribution", "@id": base + f.Name,
				"dct:title":        title + " (" + f.Format + ")",
				"dcat:accessURL":   map[string]string{"@id": base},
				"dcat:downloadURL": map[string]string{"@id": base + f.Name},
				"dcat:mediaType":   f.MediaType,
				"dct:format":       map[string]string{"@id": "http://publications.europa.eu/resource/authority/file-type/" + f.Format},
				"dct:license":      licence,
				"dct:modified":     d.Modified.UTC().Format(time.DateOnly),
			})
		}
		datasets = append(datasets, map[string]any{
			"@type": []string{"dcat:Dataset", "dcatapit:Dataset"}, "@id": base + "#" + string(d.Pub.Kind) + "-" + strconv.Itoa(d.Pub.Year),
			"dct:identifier":         org.Slug + ":" + string(d.Pub.Kind) + "-" + strconv.Itoa(d.Pub.Year),
			"dct:title":              title,
			"dct:description":        desc,
			"dct:publisher":          publisher,
			"dct:rightsHolder":       publisher,
			"dct:issued":             d.Pub.PublishedAt.UTC().Format(time.DateOnly),
			"dct:modified":           d.Modified.UTC().Format(time.DateOnly),
			"dct:language":           map[string]string{"@id": "http://publications.europa.eu/resource/authority/language/ITA"},
			"dcat:theme":             map[string]string{"@id": "http://publications.europa.eu/resource/authority/data-theme/GOVE"},
			"dct:accrualPeriodicity": map[string]string{"@id": "http://publications.europa.eu/resource/authority/frequency/ANNUAL"},
			"dct:temporal":           map[string]any{"@type": "dct:PeriodOfTime", "dcat:startDate": strconv.Itoa(d.Pub.Year) + "-01-01", "dcat:endDate": strconv.Itoa(d.Pub.Year) + "-12-31"},
			"dcat:keyword":           []string{"performance", "ciclo della performance", d.Pub.Kind.Label(), "amministrazione trasparente"},
			"dcat:distribution":      dists,
		})
	}
	if datasets == nil {
		datasets = []map[string]any{}
	}
	cat := map[string]any{
		"@context": map[string]string{
			"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
			"foaf": "http://xmlns.com/foaf/0.1/", "dcatapit": "http://dati.gov.it/onto/dcatapit#",
		},
		"@type": []string{"dcat:Catalog", "dcatapit:Catalog"}, "@id": base + "catalogo.json",
		"dct:title":       "Dati aperti sulla performance – " + org.Name,
		"dct:description": "Piano della performance, risultati e premi pubblicati da " + org.Name + " in Amministrazione trasparente › Performance, come CSV e JSON (colonne descritte in docs/open-data.md di performa).",
		"dct:publisher":   publisher,
		"dct:language":    map[string]string{"@id": "http://publications.europa.eu/resource/authority/language/ITA"},
		"dct:issued":      issued.UTC().Format(time.DateOnly),
		"dct:modified":    modified.UTC().Format(time.DateOnly),
		"dct:license":     licence,
		"foaf:homepage":   map[string]string{"@id": base},
		"dcat:dataset":    datasets,
	}
	return writeJSON(w, cat)
}
