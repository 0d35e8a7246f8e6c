package document

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/closure"
	"github.com/performa-pa/performa/internal/document/pdftest"
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

// pdfText reads a PDF back with pdftotext -layout.
func pdfText(t *testing.T, pdf []byte) string { t.Helper(); return pdftest.Text(t, pdf) }

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

// pageImage renders page 1 and checks it is not blank.
func pageImage(t *testing.T, pdf []byte) { t.Helper(); pdftest.NotBlank(t, pdf) }

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
		"Punteggio delle unità nel 2022", "Obiettivi per fascia di raggiungimento nel 2022", "Andamento dell'ente e delle unità alle date di monitoraggio del 2022",
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
	// Uncompressed, the raw bytes hold the text as the PDF writes it:
	// UTF-16BE in the content streams, and as given in the metadata.
	compress = false
	defer func() { compress = true }()
	public := relazione(t, in, res, so, Public)
	text := pdfText(t, public)
	for _, s := range append(individual, "Valutazione dei responsabili", "Comportamenti", InternalBanner) {
		if strings.Contains(text, s) || bytes.Contains(public, []byte(s)) || bytes.Contains(public, utf16be(s)) {
			t.Errorf("the public edition carries %q", s)
		}
	}
	internal := relazione(t, in, res, so, Internal)
	if !bytes.Contains(internal, utf16be("73,21")) {
		t.Error("the internal edition's raw bytes do not carry the rating: the search above proves nothing")
	}
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

// utf16be is s as a PDF content stream writes it with a Unicode font.
func utf16be(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r>>8), byte(r))
	}
	return b
}

// FuzzParseEdition: any text is an edition or refused, never both, and
// what is read back is one of the two.
func FuzzParseEdition(f *testing.F) {
	for _, s := range []string{"", "public", "internal", "Pubblica", " interna ", "segreta"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, ok := ParseEdition(s)
		if ok != (e == Public || e == Internal) {
			t.Errorf("%q: %q %v", s, e, ok)
		}
	})
}
