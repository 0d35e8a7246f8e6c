package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/closure"
	"github.com/performa-pa/performa/internal/document/pdftest"
	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/ingest"
	"github.com/performa-pa/performa/internal/publication"
	"github.com/performa-pa/performa/internal/reward"
	"github.com/performa-pa/performa/internal/score"
	"github.com/performa-pa/performa/internal/seedtest"
	"github.com/performa-pa/performa/internal/store/storetest"
)

func pct(p *float64) string {
	if p == nil {
		return "—"
	}
	return score.FormatPercent(*p)
}

// published is the seed, approved, measured, validated, with an SMVP
// weighing behaviour, a behaviour rating per manager that gives each a
// distinctive score, 2022 signed off, and its Piano and Relazione
// published.
type published struct {
	*fixture
	slug     string
	managers map[string]float64 // manager → individual score 2022
	result   score.Result       // 2022 as signed off
	people   []domain.StaffMember
	premi    *domain.RewardDistribution // the 2022 distribution published
}

// managerTargets are the individual scores the managers are given, each
// written nowhere else. Scores have one decimal (score rounds them), so
// «73,2» is as distinctive as a score gets.
var managerTargets = []float64{73.2, 64.3, 58.9, 71.6, 47.5, 69.8, 77.4, 52.7, 66.1, 44.3, 61.3, 56.7}

func publishSeed(t *testing.T, dialect string) *published {
	t.Helper()
	ctx := context.Background()
	plan, err := ingest.Parse(seedtest.File, seedtest.Bytes(t), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	f := newFixture(t, dialect, plan)
	org := f.org.ID
	if err := f.st.ApproveVersion(ctx, org, plan.Version.ID, "12", time.Date(2022, 1, 28, 0, 0, 0, 0, time.UTC), admin); err != nil {
		t.Fatal(err)
	}
	// Measurements for one indicator in two, a validation and a
	// neutralisation.
	var ms []*domain.Measurement
	n := 0
	for _, u := range plan.Units {
		for _, o := range u.Objectives {
			for _, in := range o.Indicators {
				n++
				if n%2 == 0 {
					v := float64(n % 7)
					ms = append(ms, &domain.Measurement{IndicatorID: in.ID, Date: time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC),
						Number: &v, Note: "nota riservata", RecordedBy: admin})
				}
			}
		}
	}
	if err := f.st.AddMeasurements(ctx, org, ms); err != nil {
		t.Fatal(err)
	}
	first, second := plan.Units[0].Objectives[0], plan.Units[1].Objectives[0]
	if err := f.st.AddValidations(ctx, org, []*domain.Validation{
		{ObjectiveID: first.ID, Year: 2022, Percent: 85, Reason: "verificato sugli atti", ValidatedBy: evaluator},
		{ObjectiveID: second.ID, Year: 2022, Kind: domain.ValidationNeutralised, Reason: "funzione trasferita all'Unione", ValidatedBy: evaluator},
	}); err != nil {
		t.Fatal(err)
	}
	cfg := domain.DefaultSMVP()
	cfg.ManagerWeights = domain.ManagerWeights{Objectives: 20, Organization: 10, Behaviour: 70}
	if _, err := f.st.SaveSMVP(ctx, org, plan.Cycle.ID, cfg, admin); err != nil {
		t.Fatal(err)
	}
	after := time.Date(2023, 2, 15, 10, 0, 0, 0, time.UTC)
	f.clock.Set(after)

	// Each manager's rating, solved so that their score is the target:
	// the score is linear in the rating.
	stored, err := f.st.Plan(ctx, org, plan.Version.ID)
	if err != nil {
		t.Fatal(err)
	}
	mss, _ := f.st.Measurements(ctx, org, plan.Version.ID)
	vs, _ := f.st.Validations(ctx, org, plan.Version.ID)
	compute := func(beh map[string]float64) score.Result {
		return score.Compute(score.Input{Plan: stored, Year: 2022, Measurements: mss, Validations: vs, Behaviour: beh, SMVP: cfg, Now: after})
	}
	base := compute(nil)
	zero, full := map[string]float64{}, map[string]float64{}
	for _, m := range base.Managers {
		zero[m.Name], full[m.Name] = 0, 100
	}
	s0, s100 := compute(zero), compute(full)
	if len(base.Managers) == 0 || len(base.Managers) > len(managerTargets) {
		t.Fatalf("%d managers", len(base.Managers))
	}
	ratings := map[string]float64{}
	for i, m := range base.Managers {
		lo, hi := *s0.Managers[i].Score, *s100.Managers[i].Score
		b := (managerTargets[i] - lo) / (hi - lo) * 100
		if b < 0 || b > 100 {
			t.Fatalf("%s: no rating gives %v (%v–%v)", m.Name, managerTargets[i], lo, hi)
		}
		ratings[m.Name] = b
		if err := f.st.AddBehaviourRating(ctx, org, &domain.BehaviourRating{CycleID: plan.Cycle.ID, Year: 2022, Manager: m.Name,
			Percent: b, Reason: "colloquio finale", RatedBy: evaluator}); err != nil {
			t.Fatal(err)
		}
	}
	res := compute(ratings)
	p := &published{fixture: f, managers: map[string]float64{}, result: res}
	for i, m := range res.Managers {
		if got := score.FormatNumber(*m.Score); got != score.FormatNumber(managerTargets[i]) {
			t.Fatalf("%s: score %s, want %v", m.Name, got, managerTargets[i])
		}
		p.managers[m.Name] = *m.Score
	}
	stamp, err := f.st.VersionStamp(ctx, org, plan.Version.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.st.SignOff(ctx, org, &domain.SignOff{CycleID: plan.Cycle.ID, Year: 2022, SignedBy: evaluator, Scores: closure.Lock(res)},
		plan.Version.ID, stamp); err != nil {
		t.Fatal(err)
	}
	// The 2022 register, its final schede and the distribution of the
	// fund, for the premi.
	registerStaff(t, f)
	p.people = finalSchede(t, f)
	p.premi = savePremi(t, f, 3000000)
	for _, k := range domain.PublicationKinds {
		if _, err := publication.Publish(ctx, f.st, org, k, 2022, admin); err != nil {
			t.Fatal(err)
		}
	}
	o, err := f.st.OrganizationByID(ctx, org)
	if err != nil {
		t.Fatal(err)
	}
	p.slug = o.Slug
	return p
}

// get fetches a path with no session.
func (p *published) get(t *testing.T, path string, header ...string) (int, http.Header, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", p.ts.URL+path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b
}

// publicPaths are every public address of the published seed.
func (p *published) publicPaths() []string {
	base := "/trasparenza/" + p.slug + "/"
	return []string{base, base + "piano/2022", base + "relazione/2022", base + "piano/2022/pdf", base + "relazione/2022/pdf",
		base + "dati/", base + "dati/catalogo.json", base + "dati/piano-2022.csv", base + "dati/piano-2022.json",
		base + "dati/risultati-2022.csv", base + "dati/risultati-2022.json", base + "premi/2022", base + "premi/2022/pdf", base + "dati/premi-2022.csv",
		base + "dati/premi-2022.json"}
}

// forms are the ways a score may be written: Italian and machine, as a
// percentage and as a fraction, and as the float itself.
func forms(v float64) []string {
	r1 := strconv.FormatFloat(v, 'f', 1, 64)
	frac := strconv.FormatFloat(math.Round(v*10)/1000, 'f', -1, 64)
	return []string{r1, strings.ReplaceAll(r1, ".", ","), frac, strings.ReplaceAll(frac, ".", ","),
		strconv.FormatFloat(v, 'f', -1, 64)}
}

// TestPublicPrivacy: no byte of any public page, open-data file or public
// PDF carries a manager's individual score, in any form, nor a manager's
// name next to the results; nor, with the premi published, anyone of the
// staff register: matricola, name, premium or score (premiPrivacy); the
// administrator's own figures do carry them. On SQLite and PostgreSQL.
func TestPublicPrivacy(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		p := publishSeed(t, dialect)
		// The targets are distinctive: no figure of the ente, a unit or an
		// objective reads the same.
		var figures []*float64
		figures = append(figures, p.result.Organization.Score)
		for _, u := range p.result.Units {
			figures = append(figures, u.Score)
			for _, o := range u.Objectives {
				figures = append(figures, o.Score, o.Computed)
			}
		}
		for name, v := range p.managers {
			for _, f := range figures {
				if f != nil && score.FormatNumber(*f) == score.FormatNumber(v) {
					t.Fatalf("%s's score %v is also a unit or objective figure", name, v)
				}
			}
		}
		var names []string
		for _, u := range p.plan.Units {
			names = append(names, u.Name, "")
		}
		withoutUnits := strings.NewReplacer(names...)
		premi, err := reward.PublicYear(context.Background(), p.st, p.org.ID, 2022)
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range p.publicPaths() {
			status, _, body := p.get(t, path)
			if status != http.StatusOK || len(body) < 20 {
				t.Errorf("%s: %d %.200s", path, status, body)
				continue
			}
			if strings.HasSuffix(path, "/pdf") {
				// The real PDF, read back as text: its streams are
				// compressed, so the bytes alone would prove nothing.
				body = []byte(pdftest.Text(t, body))
			}
			if strings.HasSuffix(path, ".csv") {
				// Cell by cell: "…058" then ",9…" is no figure.
				rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
				if err != nil {
					t.Fatalf("%s: %v", path, err)
				}
				var cells []string
				for _, r := range rows {
					cells = append(cells, r...)
				}
				body = []byte(strings.Join(cells, "\n"))
			}
			// No one of the register: matricola, name, premium, score.
			premiPrivacy(t, path, string(body), p.premi, p.people, premi, !strings.Contains(path, "piano"))
			for name, v := range p.managers {
				for _, form := range forms(v) {
					if i := bytes.Index(body, []byte(form)); i >= 0 {
						t.Errorf("%s carries %s's score as %q: …%s…", path, name, form, body[max(0, i-80):min(len(body), i+40)])
					}
				}
				// Results never name a person next to a figure; the plan
				// names the responsabili, as the plan itself does, and a
				// unit may be named after its manager («Area – Massimo
				// Duchini»): that is the unit's name, public in the plan.
				if !strings.Contains(path, "piano") && strings.Contains(withoutUnits.Replace(string(body)), name) {
					t.Errorf("%s names the manager %s", path, name)
				}
			}
		}
		// The administrator's scores carry each one.
		tok := p.token(t, admin)
		req, _ := http.NewRequest("GET", p.ts.URL+"/api/v1/plans/"+strconv.FormatInt(p.plan.Version.ID, 10)+"/scores?year=2022", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		for name, v := range p.managers {
			if !bytes.Contains(body, []byte(strconv.FormatFloat(v, 'f', -1, 64))) {
				t.Errorf("the administrator's scores lack %s's %v: %.300s", name, v, body)
			}
		}
	})
}

// TestPublicPages: /trasparenza leads to the one ente; nothing is public
// until published (an Italian 404); the pages say what the seed's plan
// and results say, in Italian formats; ETag and Last-Modified give 304;
// a reopened year says its figures are not final.
func TestPublicPages(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		p := publishSeed(t, dialect)
		ctx := context.Background()
		base := "/trasparenza/" + p.slug + "/"
		if p.slug != "comune-di-montepulciano" {
			t.Errorf("slug %q", p.slug)
		}
		for _, path := range []string{"/trasparenza", "/trasparenza/"} {
			status, h, _ := p.get(t, path)
			if status != http.StatusFound || h.Get("Location") != base {
				t.Errorf("%s: %d %q", path, status, h.Get("Location"))
			}
		}
		status, h, _ := p.get(t, "/trasparenza/"+p.slug)
		if status != http.StatusMovedPermanently || h.Get("Location") != base {
			t.Errorf("without slash: %d %q", status, h.Get("Location"))
		}
		status, h, body := p.get(t, base)
		page := string(body)
		for _, want := range []string{"Amministrazione trasparente", "Performance", "Comune di Montepulciano", `aria-current="page"`,
			"Piano della performance 2022", "delibera n. 12 del 28/01/2022", "Relazione sulla performance 2022", "Punteggio dell'ente",
			base + "piano/2022/pdf", base + "dati/"} {
			if !strings.Contains(page, want) {
				t.Errorf("overview lacks %q", want)
			}
		}
		if h.Get("Cache-Control") != "public, max-age=300" || h.Get("ETag") == "" || h.Get("Last-Modified") == "" {
			t.Errorf("overview headers: %v", h)
		}
		if status, _, b := p.get(t, base, "If-None-Match", h.Get("ETag")); status != http.StatusNotModified || len(b) != 0 {
			t.Errorf("If-None-Match: %d", status)
		}
		if status, _, _ := p.get(t, base, "If-Modified-Since", h.Get("Last-Modified")); status != http.StatusNotModified {
			t.Errorf("If-Modified-Since: %d", status)
		}
		if status, _, _ := p.get(t, base, "If-None-Match", `"altro"`, "If-Modified-Since", h.Get("Last-Modified")); status != http.StatusOK {
			t.Errorf("another tag: %d", status)
		}

		_, _, body = p.get(t, base+"piano/2022")
		u0 := p.plan.Units[0]
		for _, want := range []string{"Piano della performance 2022", u0.Name, "Responsabile: " + u0.Manager, u0.Objectives[0].Title,
			"Versioni del piano e atti di approvazione", "n. 12 del 28/01/2022"} {
			if !strings.Contains(string(body), template(want)) {
				t.Errorf("piano lacks %q", want)
			}
		}
		_, _, body = p.get(t, base+"relazione/2022")
		org := strings.ReplaceAll(score.FormatPercent(*p.result.Organization.Score), "%", "")
		for _, want := range []string{"Relazione sulla performance 2022", "Validato dal Nucleo di Valutazione: definitivo", org,
			"verificato sugli atti", "non valutabile", "funzione trasferita"} {
			if !strings.Contains(string(body), template(want)) {
				t.Errorf("relazione lacks %q", want)
			}
		}
		if strings.Contains(string(body), "nota riservata") {
			t.Error("a measurement's note is public")
		}
		for _, path := range p.publicPaths() {
			if _, _, b := p.get(t, path); bytes.Contains(b, []byte("<script")) {
				t.Errorf("%s needs JavaScript", path)
			}
		}

		// The PDFs are the documents themselves, read back as text.
		for path, want := range map[string][]string{
			base + "piano/2022/pdf":     {"Piano della performance", "Comune di Montepulciano", "delibera"},
			base + "relazione/2022/pdf": {"Relazione sulla performance 2022", "Sintesi", "Area Polizia Municipale"},
		} {
			status, h, b := p.get(t, path)
			if status != http.StatusOK || h.Get("Content-Type") != "application/pdf" || h.Get("ETag") == "" {
				t.Errorf("%s: %d %v", path, status, h)
				continue
			}
			text := pdftest.Text(t, b)
			for _, w := range want {
				if !strings.Contains(text, w) {
					t.Errorf("%s lacks %q", path, w)
				}
			}
		}

		// Not published: an Italian 404 in the public layout.
		if _, err := publication.Unpublish(ctx, p.st, p.org.ID, domain.PublishPiano, 2022, admin); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{base + "piano/2022", base + "piano/2022/pdf", base + "dati/piano-2022.csv", base + "relazione/2023"} {
			status, _, body := p.get(t, path)
			if status != http.StatusNotFound || !strings.Contains(string(body), "non è ancora") || !strings.Contains(string(body), "Amministrazione trasparente") {
				t.Errorf("%s unpublished: %d %.300s", path, status, body)
			}
		}
		if status, _, _ := p.get(t, "/trasparenza/nessuno/"); status != http.StatusNotFound {
			t.Errorf("unknown ente: %d", status)
		}

		// Reopened after publication.
		if err := p.st.ReopenYear(ctx, p.org.ID, &domain.Reopening{CycleID: p.plan.Cycle.ID, Year: 2022, Reason: "ricorso",
			ActNumber: "40", ActDate: time.Date(2023, 2, 10, 0, 0, 0, 0, time.UTC), By: admin}); err != nil {
			t.Fatal(err)
		}
		_, _, body = p.get(t, base+"relazione/2022")
		if !strings.Contains(string(body), "anno riaperto il ") || !strings.Contains(string(body), "dati non definitivi") ||
			strings.Contains(string(body), "Validato dal Nucleo di Valutazione:") {
			t.Errorf("reopened: %.2000s", body)
		}
		_, _, body = p.get(t, base+"dati/risultati-2022.json")
		if !strings.Contains(string(body), `"definitivo": false`) || !strings.Contains(string(body), `"riaperto_il": "20`) {
			t.Errorf("reopened json: %.400s", body)
		}

		// Several entes: /trasparenza lists them.
		if _, _, err := p.st.EnsureOrganization(ctx, "Comune di Chiusi"); err != nil {
			t.Fatal(err)
		}
		status, _, body = p.get(t, "/trasparenza")
		if status != http.StatusOK || !strings.Contains(string(body), `href="/trasparenza/comune-di-chiusi/"`) || !strings.Contains(string(body), base) {
			t.Errorf("list: %d %.300s", status, body)
		}
		if status, _, body := p.get(t, "/trasparenza/comune-di-chiusi/"); status != http.StatusOK || !strings.Contains(string(body), "non ha ancora pubblicato") {
			t.Errorf("nothing published: %d %.300s", status, body)
		}
	})
}

// template is s as html/template writes it in a text node.
func template(s string) string {
	return strings.NewReplacer("'", "&#39;", "&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;").Replace(s)
}

// TestPublicationAdmin: the administrator publishes and takes down from
// Amministrazione › Pubblicazione; refusals are shown in Italian.
func TestPublicationAdmin(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		f := newFixture(t, dialect, nil)
		cookie := f.session(t, admin)
		post := func(action, kind string) response {
			return f.do(t, "POST", "/amministrazione/pubblicazione", cookie, "", url.Values{"azione": {action}, "documento": {kind}, "anno": {"2022"}})
		}
		res := post("pubblica", "piano")
		if res.status != http.StatusConflict || !strings.Contains(res.body, "nessuna versione approvata del piano copre il 2022") {
			t.Errorf("refused: %d %.300s", res.status, res.body)
		}
		if err := f.st.ApproveVersion(context.Background(), f.org.ID, f.plan.Version.ID, "7", time.Date(2022, 1, 20, 0, 0, 0, 0, time.UTC), admin); err != nil {
			t.Fatal(err)
		}
		if res := post("pubblica", "piano"); res.status != http.StatusSeeOther {
			t.Errorf("publish: %d %.300s", res.status, res.body)
		}
		res = f.do(t, "GET", "/amministrazione/pubblicazione?esito=pubblicato", cookie, "", nil)
		for _, want := range []string{"Documento pubblicato", "Pubblicato</strong> il", "Giulio Nardi", "ritira-piano-2022",
			"il Nucleo di Valutazione non ha ancora chiuso l&#39;anno 2022", "Non pubblicata"} {
			if !strings.Contains(res.body, want) {
				t.Errorf("page lacks %q", want)
			}
		}
		if strings.Contains(res.body, "pubblica-relazione-2022") {
			t.Error("a Relazione that cannot be published is offered")
		}
		// A variation approved after the publication: the public page
		// keeps the version published, with both acts, until republished.
		ctx := context.Background()
		v2, err := f.st.CreateVariation(ctx, f.org.ID, f.plan.Cycle.ID, "nuovo servizio", admin)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.st.ApproveVersion(ctx, f.org.ID, v2.ID, "31", time.Date(2022, 6, 30, 0, 0, 0, 0, time.UTC), admin); err != nil {
			t.Fatal(err)
		}
		public := "/trasparenza/" + domain.Slug(orgName) + "/piano/2022"
		if res := f.do(t, "GET", public, "", "", nil); !strings.Contains(res.body, "versione 1, approvata con delibera n. 7 del 20/01/2022") ||
			!strings.Contains(res.body, "n. 31 del 30/06/2022") || !strings.Contains(res.body, "sostituita") {
			t.Errorf("after a variation: %.3000s", res.body)
		}
		if res := f.do(t, "GET", "/amministrazione/pubblicazione", cookie, "", nil); !strings.Contains(res.body, "Ripubblica") ||
			!strings.Contains(res.body, "versione approvata più recente") {
			t.Errorf("admin after a variation: %.3000s", res.body)
		}
		if res := post("pubblica", "piano"); res.status != http.StatusSeeOther {
			t.Errorf("republish: %d %.300s", res.status, res.body)
		}
		if res := f.do(t, "GET", public, "", "", nil); !strings.Contains(res.body, "versione 2, approvata con delibera n. 31 del 30/06/2022") {
			t.Errorf("republished: %.1000s", res.body)
		}
		if res := post("ritira", "piano"); res.status != http.StatusSeeOther {
			t.Errorf("unpublish: %d", res.status)
		}
		if res := post("ritira", "piano"); res.status != http.StatusConflict || !strings.Contains(res.body, "non c&#39;è nulla da ritirare") ||
			!strings.Contains(res.body, "ritirato il ") {
			t.Errorf("unpublish twice: %d %.300s", res.status, res.body)
		}
		if res := f.do(t, "GET", "/registro", cookie, "", nil); !strings.Contains(res.body, "Ritiro dalla pubblicazione del Piano della performance 2022") {
			t.Error("the registro lacks the unpublishing")
		}
	})
}
