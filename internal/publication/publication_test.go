package publication_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/publication"
	"github.com/performa-pa/performa/internal/store/storetest"
)

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// TestPublishRules: the Piano needs an approved version covering the year,
// the Relazione a year signed off by the Nucleo; the same version twice,
// or taking down what is not up, is refused; every step is in the audit
// log and the history stays; a reopened year says so.
func TestPublishRules(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		st := storetest.MustOpen(t, dialect)
		p := storetest.SamplePlan("Comune di Forlì")
		if _, err := st.ImportPlan(ctx, p, "test"); err != nil {
			t.Fatal(err)
		}
		org := p.Organization.ID
		if o, err := st.OrganizationByID(ctx, org); err != nil || o.Slug != "comune-di-forli" {
			t.Fatalf("slug: %+v %v", o, err)
		}
		if o, err := st.OrganizationBySlug(ctx, "comune-di-forli"); err != nil || o.ID != org || o.Name != "Comune di Forlì" {
			t.Fatalf("by slug: %+v %v", o, err)
		}
		refused := func(kind domain.PublicationKind, year int, want string) {
			t.Helper()
			_, err := publication.Publish(ctx, st, org, kind, year, "admin")
			if domain.ErrorCode(err) != domain.ECONFLICT || !strings.Contains(domain.ErrorMessage(err), want) {
				t.Errorf("publish %s %d: %v, want %q", kind, year, err, want)
			}
		}
		refused(domain.PublishPiano, 2022, "nessuna versione approvata del piano copre il 2022")
		refused(domain.PublishPiano, 2030, "nessun piano salvato copre il 2030")
		if err := st.ApproveVersion(ctx, org, p.Version.ID, "12", day(2022, 1, 28), "admin"); err != nil {
			t.Fatal(err)
		}
		before, _, err := st.PublicStamp(ctx, org)
		if err != nil {
			t.Fatal(err)
		}
		pub, err := publication.Publish(ctx, st, org, domain.PublishPiano, 2022, "admin")
		if err != nil || pub.VersionID != p.Version.ID || pub.VersionNumber != 1 || !pub.Live() {
			t.Fatalf("publish piano: %+v %v", pub, err)
		}
		if after, at, err := st.PublicStamp(ctx, org); err != nil || after == before || !at.Equal(pub.PublishedAt) {
			t.Errorf("stamp: %q → %q at %v (%v), published at %v", before, after, at, err, pub.PublishedAt)
		}
		if got := publication.Done(pub); !strings.HasPrefix(got, "Il Piano della performance 2022 pubblicato (versione 1 del piano) il ") {
			t.Errorf("done: %q", got)
		}
		refused(domain.PublishPiano, 2022, "Il Piano della performance 2022 è già pubblicato (versione 1 del piano) dal ")
		refused(domain.PublishRelazione, 2022, "il Nucleo di Valutazione non ha ancora chiuso l'anno 2022")

		stamp, err := st.VersionStamp(ctx, org, p.Version.ID)
		if err != nil {
			t.Fatal(err)
		}
		so := &domain.SignOff{CycleID: p.Cycle.ID, Year: 2022, SignedBy: "ndv"}
		if err := st.SignOff(ctx, org, so, p.Version.ID, stamp); err != nil {
			t.Fatal(err)
		}
		rel, err := publication.Publish(ctx, st, org, domain.PublishRelazione, 2022, "admin")
		if err != nil || rel.Kind != domain.PublishRelazione || rel.VersionID != p.Version.ID {
			t.Fatalf("publish relazione: %+v %v", rel, err)
		}
		refused(domain.PublishRelazione, 2022, "La Relazione sulla performance 2022 è già pubblicata")

		gone, err := publication.Unpublish(ctx, st, org, domain.PublishPiano, 2022, "admin")
		if err != nil || gone.Live() || gone.UnpublishedBy != "admin" {
			t.Fatalf("unpublish: %+v %v", gone, err)
		}
		if _, err := publication.Unpublish(ctx, st, org, domain.PublishPiano, 2022, "admin"); domain.ErrorCode(err) != domain.ECONFLICT ||
			!strings.Contains(domain.ErrorMessage(err), "non è pubblicato: non c'è nulla da ritirare") {
			t.Errorf("unpublish twice: %v", err)
		}
		if _, err := publication.Publish(ctx, st, org, domain.PublishPiano, 2022, "admin"); err != nil {
			t.Fatalf("publish again: %v", err)
		}
		pubs, err := st.Publications(ctx, org)
		if err != nil || len(pubs) != 3 {
			t.Fatalf("publications: %d %v", len(pubs), err)
		}
		if h := publication.History(pubs, domain.PublishPiano, 2022); len(h) != 2 || !h[0].Live() || h[1].Live() {
			t.Errorf("history: %+v", h)
		}
		if l := publication.Live(pubs, domain.PublishRelazione, 2022); l == nil || l.ID != rel.ID {
			t.Errorf("live: %+v", l)
		}
		if ys := publication.Years(pubs); len(ys) != 1 || ys[0] != 2022 {
			t.Errorf("years: %v", ys)
		}
		log, err := st.AuditLog(ctx, org, 20)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range log {
			if e.Entity == "publication" {
				actions = append(actions, e.Action)
			}
		}
		if strings.Join(actions, " ") != "publish unpublish publish publish" {
			t.Errorf("audit (newest first): %v", actions)
		}

		// A reopened year: the Relazione stays published, its figures are
		// not final any more.
		if err := st.ReopenYear(ctx, org, &domain.Reopening{CycleID: p.Cycle.ID, Year: 2022, Reason: "ricorso",
			ActNumber: "40", ActDate: day(2023, 5, 2), By: "admin"}); err != nil {
			t.Fatal(err)
		}
		hist, err := st.YearHistory(ctx, org, p.Cycle.ID)
		if err != nil {
			t.Fatal(err)
		}
		at := publication.Reopened(hist, 2022)
		if at == nil || publication.Reopened(hist, 2023) != nil {
			t.Fatalf("reopened: %v", at)
		}
		if got := publication.ReopenedNotice(time.Date(2023, 5, 3, 10, 0, 0, 0, time.UTC)); got != "anno riaperto il 03/05/2023: dati non definitivi" {
			t.Errorf("notice: %q", got)
		}
	})
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Comune di Montepulciano":             "comune-di-montepulciano",
		"Comune di Forlì":                     "comune-di-forli",
		"  Unione dei Comuni (Valdichiana)  ": "unione-dei-comuni-valdichiana",
		"Città di Sant'Agata":                 "citta-di-sant-agata",
		"«»":                                  "ente",
	} {
		if got := domain.Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzSlug: any name gives an address of lower-case letters, digits and
// single inner hyphens, at most 60 characters, and a slug is its own slug.
func FuzzSlug(f *testing.F) {
	for _, s := range []string{"Comune di Forlì", "", "---", "Ünïøn «dei» Comuni", strings.Repeat("a b ", 40)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		s := domain.Slug(name)
		if s == "" || len(s) > 60 || strings.HasPrefix(s, "-") || strings.HasSuffix(s, "-") || strings.Contains(s, "--") {
			t.Fatalf("Slug(%q) = %q", name, s)
		}
		for _, r := range s {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				t.Fatalf("Slug(%q) = %q", name, s)
			}
		}
		if domain.Slug(s) != s {
			t.Fatalf("Slug(Slug(%q)) = %q, not %q", name, domain.Slug(s), s)
		}
	})
}
