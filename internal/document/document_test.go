package document

import (
	"bytes"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/closure"
	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/ingest"
	"github.com/performa-pa/performa/internal/quality"
	"github.com/performa-pa/performa/internal/score"
	"github.com/performa-pa/performa/internal/seedtest"
)

var created = time.Date(2023, 2, 15, 10, 0, 0, 0, time.UTC)

// seedPlan is the seed, approved with a delibera.
func seedPlan(t testing.TB) *domain.Plan {
	t.Helper()
	p, err := ingest.Parse(seedtest.File, seedtest.Bytes(t), ingest.Options{Organization: "Comune di Montepulciano"})
	if err != nil {
		t.Fatal(err)
	}
	act := time.Date(2022, 1, 27, 0, 0, 0, 0, time.UTC)
	p.Version.Number, p.Version.Status, p.Version.ActNumber, p.Version.ActDate = 1, domain.VersionApproved, "12", &act
	var id int64
	for _, u := range p.Units {
		id++
		u.ID = id
		for _, o := range u.Objectives {
			id++
			o.ID = id
			for _, in := range o.Indicators {
				id++
				in.ID, in.ObjectiveID = id, o.ID
			}
		}
	}
	return p
}

// pdfText reads a PDF back with pdftotext -layout; without poppler the
// test is skipped, except in CI.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext missing (poppler-utils): CI must read the PDFs back")
		}
		t.Skip("pdftotext missing (poppler-utils)")
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	if dir := os.Getenv("PERFORMA_PDF_DIR"); dir != "" {
		_ = os.WriteFile(filepath.Join(dir, t.Name()+".pdf"), pdf, 0o644)
	}
	return string(out)
}

func contains(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	flat := strings.Join(strings.Fields(text), " ")
	for _, w := range wants {
		if !strings.Contains(flat, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

func TestPiano(t *testing.T) {
	p := seedPlan(t)
	q, _ := quality.Assess(p)
	var b bytes.Buffer
	if err := WritePiano(&b, Piano{Plan: p, Quality: q, Created: created}); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, b.Bytes())
	contains(t, "Piano", text, "Comune di Montepulciano", "Piano della performance", "2022–2024", "delibera di Giunta n. 12 del 27/01/2022",
		"Indice", "Il piano in sintesi", "Area Finanziaria", "Qualità del piano", "Pagina 1 di", "Come lo intende performa")
}

// pageImage renders page 1 with pdftoppm and checks it is not blank.
func pageImage(t *testing.T, pdf []byte) {
	t.Helper()
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftoppm missing (poppler-utils)")
		}
		t.Skip("pdftoppm missing (poppler-utils)")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", path, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "page*.png"))
	if len(pages) != 1 {
		t.Fatalf("pdftoppm wrote %v", pages)
	}
	fh, err := os.Open(pages[0])
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	img, err := png.Decode(fh)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	if b.Dx() < 400 || b.Dy() < 580 { // A4 at 50 dpi: 413 × 585
		t.Errorf("page 1 is %d × %d pixels", b.Dx(), b.Dy())
	}
	dark := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if r, g, bl, _ := img.At(x, y).RGBA(); r+g+bl < 3*0xc000 {
				dark++
			}
		}
	}
	if dark < 500 {
		t.Errorf("page 1 is blank: %d dark pixels", dark)
	}
}

// scoredSeed is the seed with 2022 measured: every indicator of the
// first units at 30/06 and 31/12, one objective validated with a reason,
// one neutralised, a behaviour rating of 73,21 for the Area
// Finanziaria's manager.
func scoredSeed(t testing.TB, now time.Time, signed bool) (score.Input, score.Result, *domain.SignOff) {
	t.Helper()
	p := seedPlan(t)
	var ms []domain.Measurement
	var vs []domain.Validation
	june, dec := time.Date(2022, 6, 30, 0, 0, 0, 0, time.UTC), time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC)
	at := time.Date(2023, 1, 20, 10, 0, 0, 0, time.UTC)
	for _, u := range p.Units {
		for _, o := range u.Objectives {
			for _, in := range o.Indicators {
				tg, ok := in.Target(2022)
				if !ok || tg.Text == "" {
					continue
				}
				r := score.RuleOf(in, tg)
				half, full := 50.0, 100.0
				for _, m := range []domain.Measurement{{Date: june, ManualAchievement: &half}, {Date: dec, ManualAchievement: &full}} {
					m.IndicatorID = in.ID
					if r.Value != nil {
						v := *r.Value
						if m.Date.Equal(june) {
							v /= 2
						}
						m.Number, m.ManualAchievement = &v, nil
					}
					ms = append(ms, m)
				}
			}
		}
	}
	computed := score.Compute(score.Input{Plan: p, Year: 2022, Measurements: ms, SMVP: domain.DefaultSMVP(), Now: now})
	for _, u := range computed.Units {
		for _, o := range u.Objectives {
			if o.Computed != nil {
				vs = append(vs, domain.Validation{ObjectiveID: o.Objective.ID, Year: 2022, Kind: domain.ValidationConfirmed, Reason: domain.ConfirmedReason,
					Computed: o.Computed, Percent: *o.Computed, ValidatedBy: "nucleo", ValidatorName: "Anna Bianchi", ValidatedAt: at})
			}
		}
	}
	fin := unitNamed(t, p, "Area Finanziaria")
	vs = append(vs, domain.Validation{ObjectiveID: fin.Objectives[0].ID, Year: 2022, Kind: domain.ValidationSet, Percent: 80,
		Reason: "mappatura parziale: due processi su tre", ValidatedBy: "nucleo", ValidatorName: "Anna Bianchi", ValidatedAt: at.Add(time.Hour)})
	vs = append(vs, domain.Validation{ObjectiveID: fin.Objectives[1].ID, Year: 2022, Kind: domain.ValidationNeutralised,
		Reason: "norma sopravvenuta: non più dovuto", ValidatedBy: "nucleo", ValidatorName: "Anna Bianchi", ValidatedAt: at.Add(time.Hour)})
	smvp := domain.DefaultSMVP()
	smvp.ManagerWeights = domain.ManagerWeights{Objectives: 60, Organization: 20, Behaviour: 20}
	in := score.Input{Plan: p, Year: 2022, Measurements: ms, Validations: vs, SMVP: smvp, Now: now,
		Behaviour: map[string]float64{fin.Manager: 73.21}}
	res := score.Compute(in)
	if !signed {
		return in, res, nil
	}
	so := &domain.SignOff{Year: 2022, SignedBy: "nucleo", SignedByName: "Anna Bianchi", SignedAt: time.Date(2023, 1, 31, 11, 30, 0, 0, time.UTC),
		Scores: closure.Lock(res)}
	in.Locked = &so.Scores
	return in, score.Compute(in), so
}

func unitNamed(t testing.TB, p *domain.Plan, name string) *domain.Unit {
	t.Helper()
	for _, u := range p.Units {
		if u.Name == name {
			return u
		}
	}
	t.Fatalf("no unit %q", name)
	return nil
}

func relazione(t *testing.T, in score.Input, res score.Result, so *domain.SignOff, ed Edition) []byte {
	t.Helper()
	act := time.Date(2022, 7, 20, 0, 0, 0, 0, time.UTC)
	versions := []domain.PlanSummary{{Version: in.Plan.Version},
		{Version: domain.Version{Number: 2, Status: domain.VersionApproved, Reason: "nuovo obiettivo di digitalizzazione", ActNumber: "88", ActDate: &act}}}
	var b bytes.Buffer
	if err := WriteRelazione(&b, Relazione{Plan: in.Plan, Result: res, Edition: ed, Trend: TrendOf(in), Versions: versions, SignOff: so, Created: created}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestRelazione(t *testing.T) {
	in, res, so := scoredSeed(t, created, true)
	pdf := relazione(t, in, res, so, Public)
	text := pdfText(t, pdf)
	contains(t, "Relazione", text, "Relazione sulla performance 2022", "Comune di Montepulciano", "Sintesi", "Risultati per unità",
		"Cifre definitive: il Nucleo di Valutazione ha chiuso l'anno 2022 il 31/01/2023 (Anna Bianchi)", "dati definitivi",
		"Punteggio delle unità nel 2022", "Obiettivi per fascia di raggiungimento nel 2022", "Andamento dell'ente alle date di monitoraggio del 2022",
		"30/06/2022", "31/12/2022", "mappatura parziale", "norma sopravvenuta", "Obiettivi neutralizzati",
		"delibera di Giunta n. 88 del 20/07/2022", "variazione", "Area Polizia Municipale", "Pagina 3 di", "in linea", "80%")
	pageImage(t, pdf)
}

// The public edition carries no individual score or rating, in its text
// or its bytes; the internal one does, marked on every page.
func TestRelazionePrivacy(t *testing.T) {
	in, res, so := scoredSeed(t, created, true)
	var fin score.ManagerScore
	for _, m := range res.Managers {
		if m.Behaviour != nil {
			fin = m
		}
	}
	if fin.Score == nil {
		t.Fatal("no manager with a behaviour rating")
	}
	individual := []string{"73,21", "73.21", pct2(fin.Score)}
	public := relazione(t, in, res, so, Public)
	text := pdfText(t, public)
	for _, s := range append(individual, "Valutazione dei responsabili", "Comportamenti", InternalBanner) {
		if strings.Contains(text, s) || bytes.Contains(public, []byte(s)) {
			t.Errorf("the public edition carries %q", s)
		}
	}
	internal := relazione(t, in, res, so, Internal)
	text = pdfText(t, internal)
	contains(t, "internal edition", text, append(individual[:1], pct2(fin.Score), "Valutazione dei responsabili", fin.Name)...)
	pages := strings.Count(text, "\f")
	if n := strings.Count(text, InternalBanner); n < pages {
		t.Errorf("the internal banner is on %d of %d pages", n, pages)
	}
}

func TestRelazioneProvisional(t *testing.T) {
	in, res, _ := scoredSeed(t, time.Date(2022, 10, 1, 0, 0, 0, 0, time.UTC), false)
	text := pdfText(t, relazione(t, in, res, nil, Public))
	contains(t, "provisional Relazione", text, "Cifre provvisorie: l'anno 2022 non è concluso", "dati provvisori")
	in, res, _ = scoredSeed(t, created, false)
	text = pdfText(t, relazione(t, in, res, nil, Public))
	contains(t, "Relazione of a year over", text, "Cifre non ancora definitive: l'anno 2022 è concluso", "Gli obiettivi senza risultato contano 0%")
}

func TestValidazione(t *testing.T) {
	in, res, so := scoredSeed(t, created, true)
	var b bytes.Buffer
	if err := WriteValidazione(&b, Validazione{Plan: in.Plan, Result: res, SignOff: so, Created: created}); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, b.Bytes())
	contains(t, "Validazione", text, "Documento di validazione", "Relazione sulla performance 2022", "31/01/2023", "Anna Bianchi",
		"Le cifre validate", "Raggiungimenti corretti dal Nucleo", "mappatura parziale", "Il Nucleo di Valutazione")
	pageImage(t, b.Bytes())
	_, open, _ := scoredSeed(t, created, false)
	err := WriteValidazione(&b, Validazione{Plan: in.Plan, Result: open, Created: created})
	if domain.ErrorCode(err) != domain.ECONFLICT || !strings.Contains(domain.ErrorMessage(err), "non è chiuso dal Nucleo di Valutazione") {
		t.Errorf("a year not signed off: %v", err)
	}
}

func TestPianoRefusesDraft(t *testing.T) {
	p := seedPlan(t)
	p.Version.Status = domain.VersionDraft
	if err := WritePiano(new(bytes.Buffer), Piano{Plan: p}); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("a draft: %v", err)
	}
}

// BenchmarkRelazione writes the Relazione of the seed with 2022 measured
// and signed off (go test -bench Relazione -benchmem ./internal/document/).
func BenchmarkRelazione(b *testing.B) {
	in, res, so := scoredSeed(b, created, true)
	r := Relazione{Plan: in.Plan, Result: res, Edition: Public, Trend: TrendOf(in), SignOff: so, Created: created}
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteRelazione(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPiano writes the Piano of the seed.
func BenchmarkPiano(b *testing.B) {
	p := seedPlan(b)
	in := PianoOf(p, created)
	b.ReportAllocs()
	for b.Loop() {
		if err := WritePiano(io.Discard, in); err != nil {
			b.Fatal(err)
		}
	}
}
