package publication_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/ingest"
	"github.com/performa-pa/performa/internal/publication"
	"github.com/performa-pa/performa/internal/score"
	"github.com/performa-pa/performa/internal/seedtest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// seedPlan is the seed, numbered as the store would (ids and identities
// counted in plan order), approved with delibera n. 12 of 28/01/2022.
func seedPlan(t *testing.T) *domain.Plan {
	t.Helper()
	p, err := ingest.Parse(seedtest.File, seedtest.Bytes(t), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var id int64 = 1000
	for _, u := range p.Units {
		id++
		u.ID, u.Identity = id, id
		for _, o := range u.Objectives {
			id++
			o.ID, o.Identity = id, id
			for _, in := range o.Indicators {
				id++
				in.ID, in.Identity = id, id
			}
		}
	}
	act := time.Date(2022, 1, 28, 0, 0, 0, 0, time.UTC)
	p.Version = domain.Version{Number: 1, Status: domain.VersionApproved, ActNumber: "12", ActDate: &act}
	return p
}

// seedResults are the seed's 2022 results with a measurement for one
// indicator in three, a validation and a neutralisation, the year over.
func seedResults(p *domain.Plan) score.Result {
	var ms []domain.Measurement
	n := 0
	for _, u := range p.Units {
		for _, o := range u.Objectives {
			for _, in := range o.Indicators {
				n++
				if n%3 == 0 {
					v := float64(n % 11)
					ms = append(ms, domain.Measurement{IndicatorID: in.ID, Date: time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC), Number: &v,
						Note: "nota riservata", RecordedBy: "m.rossi"})
				}
			}
		}
	}
	vs := []domain.Validation{
		{ObjectiveID: p.Units[0].Objectives[0].ID, Year: 2022, Percent: 85, Reason: "verificato sugli atti", ValidatedBy: "ndv"},
		{ObjectiveID: p.Units[1].Objectives[0].ID, Year: 2022, Kind: domain.ValidationNeutralised, Reason: "funzione trasferita all'Unione", ValidatedBy: "ndv"},
	}
	return score.Compute(score.Input{Plan: p, Year: 2022, Measurements: ms, Validations: vs, SMVP: domain.DefaultSMVP(),
		Now: time.Date(2023, 2, 15, 0, 0, 0, 0, time.UTC)})
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test ./internal/publication -update to rewrite, then read it)", path)
	}
}

// TestOpenDataGolden: the seed's open data, byte for byte.
func TestOpenDataGolden(t *testing.T) {
	p := seedPlan(t)
	plan := publication.PublicPlan(p)
	res := publication.PublicResults(seedResults(p))
	org := &domain.Organization{Name: "Comune di Montepulciano", Slug: "comune-di-montepulciano"}
	var b bytes.Buffer
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(publication.PlanCSV(&b, plan, 2022))
	golden(t, "piano-2022.csv", b.Bytes())
	checkCSV(t, "piano", b.Bytes(), publication.PlanColumns)
	b.Reset()
	must(publication.PlanJSON(&b, org.Name, plan, 2022))
	golden(t, "piano-2022.json", b.Bytes())
	checkJSON(t, b.Bytes())
	b.Reset()
	must(publication.ResultsCSV(&b, res))
	golden(t, "risultati-2022.csv", b.Bytes())
	checkCSV(t, "risultati", b.Bytes(), publication.ResultColumns)
	b.Reset()
	must(publication.ResultsJSON(&b, org.Name, res, nil))
	golden(t, "risultati-2022.json", b.Bytes())
	checkJSON(t, b.Bytes())
	b.Reset()
	pub := func(k domain.PublicationKind, day int) publication.Dataset {
		at := time.Date(2023, 3, day, 9, 0, 0, 0, time.UTC)
		return publication.Dataset{Pub: domain.Publication{Kind: k, Year: 2022, VersionNumber: 1, PublishedAt: at}, Modified: at,
			Files: publication.Files(k, 2022)}
	}
	must(publication.Catalog(&b, org, "https://performa.example/trasparenza/comune-di-montepulciano/dati/",
		time.Date(2023, 3, 5, 0, 0, 0, 0, time.UTC), []publication.Dataset{pub(domain.PublishPiano, 1), pub(domain.PublishRelazione, 2), pub(domain.PublishPremi, 3)}))
	golden(t, "catalogo.json", b.Bytes())
	checkJSON(t, b.Bytes())
	for _, want := range []string{`"dcat:Catalog"`, `"dcat:Dataset"`, `"dcat:Distribution"`, publication.LicenceURL,
		`"dcat:downloadURL": {`, `"https://performa.example/trasparenza/comune-di-montepulciano/dati/risultati-2022.csv"`,
		`"dcat:mediaType": "text/csv"`, `"dct:issued": "2023-03-01"`, `"dct:modified": "2023-03-05"`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("catalogo.json lacks %s", want)
		}
	}
}

// checkCSV: well-formed, one header, every row as wide as it; numbers
// with a dot, no formula, nothing private.
func checkCSV(t *testing.T, name string, data []byte, header []string) {
	t.Helper()
	if bytes.HasPrefix(data, []byte("\ufeff")) {
		t.Errorf("%s: byte-order mark", name)
	}
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if strings.Join(rows[0], ",") != strings.Join(header, ",") || len(rows) < 100 {
		t.Errorf("%s: header %v, %d rows", name, rows[0], len(rows))
	}
	for i, r := range rows {
		for _, c := range r {
			if c != "" && strings.ContainsRune("=+@", rune(c[0])) {
				t.Errorf("%s row %d: formula %q", name, i, c)
			}
		}
	}
	if bytes.Contains(data, []byte("nota riservata")) || bytes.Contains(data, []byte("m.rossi")) {
		t.Errorf("%s: private data", name)
	}
}

func checkJSON(t *testing.T, data []byte) {
	t.Helper()
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte("nota riservata")) || bytes.Contains(data, []byte("m.rossi")) {
		t.Error("private data in JSON")
	}
}

// TestFormulaCells: a cell a spreadsheet would run is neutralised as
// internal/report does; numbers stay numbers.
func TestFormulaCells(t *testing.T) {
	p := seedPlan(t)
	o := p.Units[0].Objectives[0]
	o.Title, o.Code = "=HYPERLINK(\"http://x\")", "-3"
	var b bytes.Buffer
	if err := publication.PlanCSV(&b, publication.PublicPlan(p), 2022); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"'=HYPERLINK(""http://x"")"`) || !strings.Contains(b.String(), ",-3,") {
		t.Errorf("formula cells: %.600s", b.String())
	}
}
