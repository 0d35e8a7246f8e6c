package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/performa-pa/performa/internal/document/pdftest"
	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/reward"
	"github.com/performa-pa/performa/internal/store/storetest"
)

// finalSchede gives every person of f's 2022 register but 1005 and 1020 a
// final scheda (storetest.FinalSchede).
func finalSchede(t testing.TB, f *fixture) []domain.StaffMember {
	t.Helper()
	return storetest.FinalSchede(t, f.st, f.org.ID, 2022, admin, "1005", "1020")
}

// savePremi distributes a fund of fundOrg + 70.000,00 € over f's 2022
// register and final schede by the default SMVP and saves it, as the
// Premi page does.
func savePremi(t testing.TB, f *fixture, fundOrg int64) *domain.RewardDistribution {
	t.Helper()
	ctx := context.Background()
	res, err := reward.Year(ctx, f.st, f.org.ID, 2022, domain.DefaultSMVP().ProductivityRule(),
		reward.Fund{Organizational: fundOrg, Individual: 7000000}, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := res.Saved(2022, 0, 0)
	if err := f.st.SaveRewardDistribution(ctx, f.org.ID, &d, admin); err != nil {
		t.Fatal(err)
	}
	return &d
}

var wordRE = map[string]*regexp.Regexp{}

// hasWord reports whether s holds w with no letter or digit either side.
func hasWord(s, w string) bool {
	re, ok := wordRE[w]
	if !ok {
		re = regexp.MustCompile(`(^|[^\pL\pN])` + regexp.QuoteMeta(w) + `($|[^\pL\pN])`)
		wordRE[w] = re
	}
	return re.MatchString(s)
}

// premiPrivacy: body (a public page or file, as text) carries no one of
// the register: no matricola, no name, no premium of a person, no
// person's score with quarter points, in Italian or machine form (names
// only when names: the plan names the responsabili as approved; and a
// fixture user's full name is public as who signed the year off). A
// person's premium that equals a published aggregate is no leak and is
// skipped.
func premiPrivacy(t *testing.T, path, body string, d *domain.RewardDistribution, people []domain.StaffMember, public reward.Public, names bool) {
	t.Helper()
	aggregate := map[int64]bool{public.Fund: true, public.Distributed: true, public.Unspent: true}
	for _, g := range append(append([]reward.Group{}, public.ByBand...), public.ByArea...) {
		aggregate[g.Total] = true
	}
	signatories := map[string]bool{}
	for _, n := range fullNames {
		signatories[n] = true // public as who signed (the Nucleo's sign-off)
	}
	for _, m := range people {
		for i, w := range []string{m.Matricola, m.FullName(), m.Name + " " + m.Surname} {
			if (i == 0 || names && !signatories[w]) && hasWord(body, w) {
				t.Errorf("%s carries %q", path, w)
			}
		}
	}
	for _, e := range d.Entries {
		if e.Amount > 0 && !aggregate[e.Amount] {
			machine := strconv.FormatFloat(float64(e.Amount)/100, 'f', 2, 64)
			for _, w := range []string{reward.FormatEuro(e.Amount), strings.TrimSuffix(reward.FormatEuro(e.Amount), " €"), machine,
				strconv.FormatInt(e.Amount, 10)} {
				if hasWord(body, w) {
					t.Errorf("%s carries %s's premium as %q", path, e.Matricola, w)
				}
			}
		}
		if frac := e.Score - float64(int(e.Score)); e.Final && (frac == 0.25 || frac == 0.75) {
			for _, w := range []string{strconv.FormatFloat(e.Score, 'f', 2, 64), strings.Replace(strconv.FormatFloat(e.Score, 'f', 2, 64), ".", ",", 1)} {
				if hasWord(body, w) {
					t.Errorf("%s carries %s's score as %q", path, e.Matricola, w)
				}
			}
		}
	}
}

// TestPublicPremi: the published premi's page says what reward.PublicYear
// says of the saved distribution, in Italian formats, in tables with a
// caption and headers; the open data say the same; a distribution saved
// after the publication leaves the published figures and says so, until
// republished from Amministrazione › Pubblicazione; taken down, the
// addresses answer «non ancora pubblicati». On SQLite and PostgreSQL.
func TestPublicPremi(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		p := publishSeed(t, dialect)
		ctx := context.Background()
		base := "/trasparenza/" + p.slug + "/"
		want, err := reward.PublicYear(ctx, p.st, p.org.ID, 2022)
		if err != nil {
			t.Fatal(err)
		}
		if len(want.ByBand) < 2 || len(want.ByArea) < 2 {
			t.Fatalf("a distribution too small to show groups: %+v", want)
		}
		page := func() string {
			t.Helper()
			status, _, body := p.get(t, base+"premi/2022")
			if status != http.StatusOK {
				t.Fatalf("premi: %d %.300s", status, body)
			}
			return string(body)
		}
		figures := func(body string, pub reward.Public) {
			t.Helper()
			wants := []string{"Premi collegati alla performance 2022", "art. 20 D.Lgs 33/2013",
				"<th scope=\"row\">Premi stanziati (fondo per la produttività)</th><td class=\"text-end\">" + reward.FormatEuro(pub.Fund) + "</td>",
				"<strong>" + reward.FormatEuro(pub.Distributed) + "</strong>", reward.FormatEuro(pub.Unspent),
				strconv.Itoa(pub.People) + " persone", "<caption>Premi 2022 per fascia", "<caption>Premi 2022 per area",
				`<th scope="col">Fascia di punteggio</th>`, "sono accorpati ai vicini, perché nessuno sia riconoscibile"}
			for _, g := range append(append([]reward.Group{}, pub.ByBand...), pub.ByArea...) {
				wants = append(wants, fmt.Sprintf(`<tr><th scope="row">%s</th><td class="text-end">%d</td><td class="text-end">%s</td></tr>`,
					strings.ReplaceAll(template(g.Label), "+", "&#43;"), g.People, reward.FormatEuro(g.Total)))
			}
			for _, w := range wants {
				if !strings.Contains(body, w) {
					t.Errorf("premi page lacks %q", w)
				}
			}
		}
		pdfText := func() string {
			t.Helper()
			status, h, b := p.get(t, base+"premi/2022/pdf")
			if status != http.StatusOK || h.Get("Content-Type") != "application/pdf" {
				t.Fatalf("premi pdf: %d %v", status, h)
			}
			return pdftest.Text(t, b)
		}
		text := pdfText()
		for _, w := range []string{"Premi collegati alla performance", "art. 20 D.Lgs 33/2013", "Comune di Montepulciano",
			reward.FormatEuro(want.Fund), reward.FormatEuro(want.Distributed), want.ByArea[0].Label, "sono accorpati ai vicini"} {
			if !strings.Contains(text, w) {
				t.Errorf("premi pdf lacks %q", w)
			}
		}
		body := page()
		figures(body, want)
		if !strings.Contains(reward.FormatEuro(want.Fund), ",") || !strings.Contains(reward.FormatEuro(want.Fund), ".") {
			t.Errorf("not an Italian amount: %s", reward.FormatEuro(want.Fund))
		}
		if strings.Contains(body, "premi-sostituiti") {
			t.Error("a notice of a replaced distribution before any")
		}
		_, _, overview := p.get(t, base)
		if !strings.Contains(string(overview), `href="`+base+`premi/2022"`) || !strings.Contains(string(overview), "Distribuiti "+reward.FormatEuro(want.Distributed)) {
			t.Errorf("overview lacks the premi: %.3000s", overview)
		}
		_, _, data := p.get(t, base+"dati/premi-2022.json")
		var doc struct {
			Anno        int         `json:"anno"`
			Distribuito json.Number `json:"distribuito_euro"`
			Stanziato   json.Number `json:"stanziato_euro"`
			Persone     int         `json:"persone"`
			PerFascia   []struct {
				Persone int `json:"persone"`
			} `json:"per_fascia"`
			Sostituita *string `json:"distribuzione_sostituita_il"`
		}
		if err := json.Unmarshal(data, &doc); err != nil || doc.Anno != 2022 || doc.Persone != want.People || len(doc.PerFascia) != len(want.ByBand) ||
			doc.Sostituita != nil || string(doc.Distribuito) != strconv.FormatFloat(float64(want.Distributed)/100, 'f', 2, 64) {
			t.Errorf("premi-2022.json: %+v %v %s", doc, err, data)
		}
		_, _, csvData := p.get(t, base+"dati/premi-2022.csv")
		if !strings.HasPrefix(string(csvData), "anno,livello,gruppo,persone,importo_euro\r\n2022,fondo,stanziato,,") ||
			strings.Count(string(csvData), "\r\n") != 4+len(want.ByBand)+len(want.ByArea) {
			t.Errorf("premi-2022.csv: %s", csvData)
		}
		_, _, cat := p.get(t, base+"dati/catalogo.json")
		if !strings.Contains(string(cat), "premi-2022.csv") || !strings.Contains(string(cat), "Premi collegati alla performance 2022") {
			t.Errorf("catalogue lacks the premi: %.500s", cat)
		}

		// A new save after the publication: the page keeps the figures
		// published, and says the saved distribution changed.
		savePremi(t, p.fixture, 3100000)
		changed, err := reward.PublicYear(ctx, p.st, p.org.ID, 2022)
		if err != nil || changed.Fund == want.Fund {
			t.Fatalf("new save: %+v %v", changed, err)
		}
		body = page()
		figures(body, want)
		if !strings.Contains(body, `id="premi-sostituiti"`) || !strings.Contains(body, "l&#39;ente ha salvato una nuova distribuzione dei premi") ||
			strings.Contains(body, reward.FormatEuro(changed.Fund)) {
			t.Errorf("after a new save: %.3000s", body)
		}
		if text := pdfText(); !strings.Contains(text, "una nuova distribuzione dei premi") || !strings.Contains(text, reward.FormatEuro(want.Fund)) {
			t.Errorf("pdf after a new save: %.2000s", text)
		}
		if _, _, data := p.get(t, base+"dati/premi-2022.json"); !strings.Contains(string(data), `"distribuzione_sostituita_il": "20`) {
			t.Errorf("json after a new save: %s", data)
		}
		cookie := p.session(t, admin)
		adminPage := p.do(t, "GET", "/amministrazione/pubblicazione", cookie, "", nil)
		for _, w := range []string{`id="premi-2022"`, "Premi collegati alla performance 2022", "Pubblicati</strong> il", "distribuzione salvata il",
			"è stata salvata un&#39;altra distribuzione dei premi", `id="pubblica-premi-2022"`, `id="ritira-premi-2022"`} {
			if !strings.Contains(adminPage.body, w) {
				t.Errorf("admin page lacks %q", w)
			}
		}
		post := func(action string) response {
			return p.do(t, "POST", "/amministrazione/pubblicazione", cookie, "", url.Values{"azione": {action}, "documento": {"premi"}, "anno": {"2022"}})
		}
		if res := post("pubblica"); res.status != http.StatusSeeOther {
			t.Fatalf("republish: %d %.300s", res.status, res.body)
		}
		body = page()
		figures(body, changed)
		if strings.Contains(body, "premi-sostituiti") {
			t.Error("republished, the notice stays")
		}
		if res := post("pubblica"); res.status != http.StatusConflict ||
			!strings.Contains(res.body, "I dati sui premi collegati alla performance 2022 sono già pubblicati (distribuzione salvata il ") {
			t.Errorf("publish twice: %d %.2000s", res.status, res.body)
		}
		if res := post("ritira"); res.status != http.StatusSeeOther {
			t.Fatalf("unpublish: %d", res.status)
		}
		for _, path := range []string{base + "premi/2022", base + "premi/2022/pdf", base + "dati/premi-2022.csv", base + "dati/premi-2022.json", base + "premi/2023"} {
			status, _, body := p.get(t, path)
			if status != http.StatusNotFound || !strings.Contains(string(body), "I dati sui premi collegati alla performance 20") ||
				!strings.Contains(string(body), "non sono ancora pubblicati") {
				t.Errorf("%s unpublished: %d %.300s", path, status, body)
			}
		}
		if res := p.do(t, "GET", "/registro", cookie, "", nil); !strings.Contains(res.body, "Ritiro dalla pubblicazione dei dati sui premi collegati alla performance 2022 (distribuzione salvata il ") {
			t.Error("the registro lacks the unpublishing of the premi")
		}
		if res := p.do(t, "POST", "/amministrazione/pubblicazione", p.session(t, evaluator), "",
			url.Values{"azione": {"pubblica"}, "documento": {"premi"}, "anno": {"2022"}}); res.status != http.StatusForbidden {
			t.Errorf("the Nucleo publishes: %d", res.status)
		}
	})
}

// TestPublicationAdminPremi: without a saved distribution the premi of a
// year are not offered, and publishing them is refused with the reason.
func TestPublicationAdminPremi(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		f := newFixture(t, dialect, nil)
		cookie := f.session(t, admin)
		res := f.do(t, "POST", "/amministrazione/pubblicazione", cookie, "", url.Values{"azione": {"pubblica"}, "documento": {"premi"}, "anno": {"2022"}})
		const why = "I dati sui premi collegati alla performance 2022 non si possono pubblicare: nessuna distribuzione dei premi è salvata per il 2022"
		if res.status != http.StatusConflict || !strings.Contains(res.body, why) {
			t.Errorf("refused: %d %.300s", res.status, res.body)
		}
		page := f.do(t, "GET", "/amministrazione/pubblicazione", cookie, "", nil)
		if !strings.Contains(page.body, `id="premi-2022"`) || strings.Contains(page.body, `id="pubblica-premi-2022"`) ||
			!strings.Contains(page.body, "Non pubblicati") || !strings.Contains(page.body, why) {
			t.Errorf("page: %.3000s", page.body)
		}
		if res := f.do(t, "POST", "/amministrazione/pubblicazione", cookie, "", url.Values{"azione": {"pubblica"}, "documento": {"bilancio"}, "anno": {"2022"}}); res.status != http.StatusBadRequest && res.status != http.StatusUnprocessableEntity ||
			!strings.Contains(res.body, "piano, relazione o premi") {
			t.Errorf("unknown kind: %d %.300s", res.status, res.body)
		}
	})
}
