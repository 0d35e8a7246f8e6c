package publication_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/publication"
	"github.com/performa-pa/performa/internal/reward"
	"github.com/performa-pa/performa/internal/store"
	"github.com/performa-pa/performa/internal/store/storetest"
)

// distribution is a saved distribution of 2022 among n people of the
// Area degli Istruttori, the i-th receiving base+i cents of fund.
func distribution(n int, base, fund int64) *domain.RewardDistribution {
	d := &domain.RewardDistribution{Year: 2022, FundIndividual: fund, Rule: domain.DefaultProductivity()}
	for i := 0; i < n; i++ {
		a := base + int64(i)
		d.Entries = append(d.Entries, domain.RewardEntry{Matricola: strconv.Itoa(1001 + i), Person: "Persona " + strconv.Itoa(i),
			Area: domain.AreaIstruttori, Final: true, Score: 80, Band: len(d.Rule.Bands) - 1, Amount: a})
		d.Distributed += a
	}
	d.Unspent = fund - d.Distributed
	return d
}

// TestPublishPremiRules: the premi of a year need a saved distribution and
// an approved version covering the year; the same distribution twice, or
// taking down what is not up, is refused; a newer saved distribution
// replaces the live one on publish; a distribution saved after the
// publication leaves the published figures as they were, and says it was
// replaced. Every refusal in Italian, every step in the audit log.
func TestPublishPremiRules(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		st := storetest.MustOpen(t, dialect)
		p := storetest.SamplePlan("Comune di Forlì")
		if _, err := st.ImportPlan(ctx, p, "test"); err != nil {
			t.Fatal(err)
		}
		org := p.Organization.ID
		first, second := distribution(6, 1000, 10000), distribution(7, 2000, 20000)
		var published *domain.Publication
		steps := []struct {
			name  string
			do    func() (*domain.Publication, error)
			want  string // the refusal, "" when done
			done  string // the start of publication.Done, when done
			check func(t *testing.T, p *domain.Publication)
		}{
			{name: "no distribution", do: publishPremi(ctx, st, org),
				want: "I dati sui premi collegati alla performance 2022 non si possono pubblicare: nessuna distribuzione dei premi è salvata per il 2022"},
			{name: "no approved version", do: func() (*domain.Publication, error) {
				if err := st.SaveRewardDistribution(ctx, org, first, "admin"); err != nil {
					t.Fatal(err)
				}
				return publishPremi(ctx, st, org)()
			}, want: "nessuna versione approvata del piano copre il 2022, e i premi poggiano sui suoi punteggi"},
			{name: "another year", do: func() (*domain.Publication, error) {
				return publication.Publish(ctx, st, org, domain.PublishPremi, 2030, "admin")
			}, want: "nessuna distribuzione dei premi è salvata per il 2030"},
			{name: "published", do: func() (*domain.Publication, error) {
				if err := st.ApproveVersion(ctx, org, p.Version.ID, "12", day(2022, 1, 28), "admin"); err != nil {
					t.Fatal(err)
				}
				return publishPremi(ctx, st, org)()
			}, done: "I dati sui premi collegati alla performance 2022 pubblicati (distribuzione salvata il ",
				check: func(t *testing.T, pub *domain.Publication) {
					published = pub
					if pub.VersionID != p.Version.ID || pub.DistributionID != first.ID || !pub.DistributionSavedAt.Equal(first.SavedAt) {
						t.Errorf("publication: %+v", pub)
					}
					wantPublic(t, ctx, st, org, pub)
				}},
			{name: "same distribution", do: publishPremi(ctx, st, org),
				want: "I dati sui premi collegati alla performance 2022 sono già pubblicati (distribuzione salvata il "},
			{name: "saved again after publication", do: func() (*domain.Publication, error) {
				if err := st.SaveRewardDistribution(ctx, org, second, "admin"); err != nil {
					t.Fatal(err)
				}
				pubs, err := st.Publications(ctx, org)
				if err != nil {
					t.Fatal(err)
				}
				live := publication.Live(pubs, domain.PublishPremi, 2022)
				got, err := publication.Premi(live)
				if err != nil || got.Distributed != first.Distributed || got.People != 6 {
					t.Errorf("published figures moved with the new save: %+v %v", got, err)
				}
				saved, _ := st.RewardDistribution(ctx, org, 2022)
				if at := publication.Replaced(live, saved); at == nil || !at.Equal(second.SavedAt) {
					t.Errorf("replaced: %v", at)
				}
				if publication.Replaced(published, saved) == nil || publication.Replaced(live, &domain.RewardDistribution{ID: first.ID}) != nil {
					t.Error("replaced: not by id")
				}
				return publishPremi(ctx, st, org)()
			}, done: "I dati sui premi collegati alla performance 2022 pubblicati (distribuzione salvata il ",
				check: func(t *testing.T, pub *domain.Publication) {
					if pub.DistributionID != second.ID {
						t.Errorf("republished %d, want %d", pub.DistributionID, second.ID)
					}
					wantPublic(t, ctx, st, org, pub)
				}},
			{name: "unpublish", do: func() (*domain.Publication, error) {
				return publication.Unpublish(ctx, st, org, domain.PublishPremi, 2022, "admin")
			}, done: "I dati sui premi collegati alla performance 2022 ritirati dalla pubblicazione il "},
			{name: "unpublish twice", do: func() (*domain.Publication, error) {
				return publication.Unpublish(ctx, st, org, domain.PublishPremi, 2022, "admin")
			}, want: "I dati sui premi collegati alla performance 2022 non sono pubblicati: non c'è nulla da ritirare."},
		}
		for _, s := range steps {
			before, _, _ := st.PublicStamp(ctx, org)
			pub, err := s.do()
			if s.want != "" {
				if domain.ErrorCode(err) != domain.ECONFLICT || !strings.Contains(domain.ErrorMessage(err), s.want) {
					t.Errorf("%s: %v, want %q", s.name, err, s.want)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			if got := publication.Done(pub); !strings.HasPrefix(got, s.done) {
				t.Errorf("%s: %q, want %q…", s.name, got, s.done)
			}
			if after, _, _ := st.PublicStamp(ctx, org); after == before {
				t.Errorf("%s: the public stamp did not move", s.name)
			}
			if s.check != nil {
				s.check(t, pub)
			}
		}
		pubs, err := st.Publications(ctx, org)
		if err != nil {
			t.Fatal(err)
		}
		if h := publication.History(pubs, domain.PublishPremi, 2022); len(h) != 2 || h[0].Live() || h[1].Live() || h[1].UnpublishedBy != "admin" {
			t.Errorf("history: %+v", h)
		}
		log, err := st.AuditLog(ctx, org, 30)
		if err != nil {
			t.Fatal(err)
		}
		actions := map[string]int{}
		for _, e := range log {
			if e.Entity == "publication" {
				actions[e.Action]++
			}
		}
		if actions["publish"] != 2 || actions["unpublish"] != 2 || len(actions) != 2 {
			t.Errorf("audit: %v", actions)
		}
	})
}

func publishPremi(ctx context.Context, st *store.Store, org int64) func() (*domain.Publication, error) {
	return func() (*domain.Publication, error) {
		return publication.Publish(ctx, st, org, domain.PublishPremi, 2022, "admin")
	}
}

// wantPublic: what pub published is reward.PublicYear's aggregates of the
// distribution saved at the time.
func wantPublic(t *testing.T, ctx context.Context, st *store.Store, org int64, pub *domain.Publication) {
	t.Helper()
	want, err := reward.PublicYear(ctx, st, org, 2022)
	if err != nil {
		t.Fatal(err)
	}
	got, err := publication.Premi(pub)
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if err != nil || string(g) != string(w) {
		t.Errorf("published %s %v, want %s", g, err, w)
	}
}

func TestPremiWords(t *testing.T) {
	k := domain.PublishPremi
	for got, want := range map[string]string{
		k.The() + " " + k.Verb("è", "sono") + " " + k.Agree("pubblicato"): "I dati sui premi collegati alla performance sono pubblicati",
		"Pubblicazione " + k.Of(): "Pubblicazione dei dati sui premi collegati alla performance",
		domain.PublishRelazione.Verb("è", "sono") + " " + domain.PublishRelazione.Agree("ritirato"): "è ritirata",
		domain.PublishPiano.Of(): "del Piano della performance",
	} {
		if got != want {
			t.Errorf("%q, want %q", got, want)
		}
	}
	if _, err := publication.ParseKind("premi"); err != nil {
		t.Error(err)
	}
	if _, err := publication.ParseKind("bilancio"); err == nil || !strings.Contains(domain.ErrorMessage(err), "piano, relazione o premi") {
		t.Errorf("bilancio: %v", err)
	}
}

// TestPremiOpenDataGolden: the open data of published premi, byte for
// byte: a distribution of 11 people over three bands and two areas, one
// band of two merged into the next, one person without a final scheda.
func TestPremiOpenDataGolden(t *testing.T) {
	d := &domain.RewardDistribution{Year: 2022, FundOrganizational: 300000, FundIndividual: 700001, Rule: domain.DefaultProductivity()}
	for i := 0; i < 11; i++ {
		e := domain.RewardEntry{Matricola: strconv.Itoa(2001 + i), Person: "Persona " + strconv.Itoa(i), Area: domain.AreaIstruttori,
			Final: i > 0, Band: 2 + i%3, Amount: 50000 + int64(i)*1234}
		if i%2 == 1 {
			e.Area = domain.AreaFunzionari
		}
		if i == 0 {
			e.Band, e.Amount = -1, 0
		}
		if i == 4 || i == 7 {
			e.Band = 1 // two people in the band from 60: merged
		}
		d.Entries = append(d.Entries, e)
		d.Distributed += e.Amount
	}
	d.Unspent = d.Fund() - d.Distributed
	agg := reward.FromSaved(d).PublicAggregates()
	agg.Year = 2022
	saved := time.Date(2023, 2, 16, 9, 0, 0, 0, time.UTC)
	pub := &domain.Publication{Kind: domain.PublishPremi, Year: 2022, PublishedAt: time.Date(2023, 3, 3, 9, 0, 0, 0, time.UTC),
		DistributionSavedAt: &saved}
	var b bytes.Buffer
	if err := publication.PremiCSV(&b, agg); err != nil {
		t.Fatal(err)
	}
	golden(t, "premi-2022.csv", b.Bytes())
	rows, err := csv.NewReader(bytes.NewReader(b.Bytes())).ReadAll()
	if err != nil || strings.Join(rows[0], ",") != strings.Join(publication.PremiColumns, ",") {
		t.Fatalf("premi csv: %v %v", rows, err)
	}
	b.Reset()
	if err := publication.PremiJSON(&b, "Comune di Montepulciano", pub, agg, nil); err != nil {
		t.Fatal(err)
	}
	golden(t, "premi-2022.json", b.Bytes())
	checkJSON(t, b.Bytes())
	for _, e := range d.Entries {
		if e.Amount > 0 && bytes.Contains(b.Bytes(), []byte(strconv.FormatFloat(float64(e.Amount)/100, 'f', 2, 64))) {
			t.Errorf("an individual amount %d in the JSON", e.Amount)
		}
		if bytes.Contains(b.Bytes(), []byte(e.Matricola)) || bytes.Contains(b.Bytes(), []byte(e.Person)) {
			t.Errorf("%s in the JSON", e.Matricola)
		}
	}
	b.Reset()
	at := time.Date(2023, 3, 4, 0, 0, 0, 0, time.UTC)
	if err := publication.PremiJSON(&b, "Comune di Montepulciano", pub, agg, &at); err != nil ||
		!strings.Contains(b.String(), `"distribuzione_sostituita_il": "2023-03-04"`) {
		t.Errorf("replaced: %s %v", b.String(), err)
	}
	if got := publication.ReplacedNotice(pub, at); got != "Dopo la pubblicazione del 03/03/2023 l'ente ha salvato una nuova distribuzione dei premi (il 04/03/2023): le cifre qui sono quelle pubblicate, non ancora aggiornate" {
		t.Errorf("notice: %q", got)
	}
}

// TestPremiRecordsTheVersion: a distribution records the plan version its
// scores came from, and the premi's publication records that version —
// once approved, and still after a variation supersedes it — not the one
// in force when publishing.
func TestPremiRecordsTheVersion(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		st := storetest.MustOpen(t, dialect)
		p := storetest.SamplePlan("Comune di Pienza")
		if _, err := st.ImportPlan(ctx, p, "test"); err != nil {
			t.Fatal(err)
		}
		org, v1 := p.Organization.ID, p.Version.ID
		save := func(d *domain.RewardDistribution, version int64) {
			t.Helper()
			d.VersionID = version
			if err := st.SaveRewardDistribution(ctx, org, d, "admin"); err != nil {
				t.Fatal(err)
			}
			got, err := st.RewardDistribution(ctx, org, 2022)
			if err != nil || got.VersionID != version {
				t.Fatalf("saved with version %d, read %v %v", version, got, err)
			}
		}
		refused := func(want string) {
			t.Helper()
			if _, err := publishPremi(ctx, st, org)(); domain.ErrorCode(err) != domain.ECONFLICT || !strings.Contains(err.Error(), want) {
				t.Errorf("publish: %v, want %q", err, want)
			}
		}
		published := func(version int64) {
			t.Helper()
			pub, err := publishPremi(ctx, st, org)()
			if err != nil || pub.VersionID != version {
				t.Fatalf("publish: %+v %v, want version %d", pub, err, version)
			}
		}

		save(distribution(6, 1000, 10000), v1)
		refused("è calcolata sui punteggi della versione 1 del piano, che è bozza; va prima approvata")
		if err := st.ApproveVersion(ctx, org, v1, "12", day(2022, 1, 28), "admin"); err != nil {
			t.Fatal(err)
		}
		published(v1)

		v2, err := st.CreateVariation(ctx, org, p.Cycle.ID, "nuovo servizio", "admin")
		if err != nil {
			t.Fatal(err)
		}
		if err := st.ApproveVersion(ctx, org, v2.ID, "30", day(2022, 6, 30), "admin"); err != nil {
			t.Fatal(err)
		}
		save(distribution(7, 2000, 20000), v1) // computed on version 1's scores
		published(v1)
		save(distribution(8, 2000, 20000), v2.ID)
		published(v2.ID)
		save(distribution(9, 2000, 20000), 12345)
		refused("la versione del piano su cui la distribuzione è calcolata non c'è più")
	})
}
