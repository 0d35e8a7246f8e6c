package store_test

import (
	"context"
	"testing"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/store"
	"github.com/performa-pa/performa/internal/store/storetest"
)

// TestMigrationPublishPremi: migration 35 keeps the publications an older
// performa recorded (live and withdrawn, every field), the index and, on
// PostgreSQL, the row-level security; it accepts the kind premi only with
// its distribution and content, and still refuses an unknown kind.
func TestMigrationPublishPremi(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		dsn := storetest.DSN(t, dialect)
		if err := store.MigrateTo(ctx, dsn, 34); err != nil {
			t.Fatal(err)
		}
		old, err := store.OpenRaw(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		at, gone := "2023-02-01 10:00:00", "2023-02-03 11:30:00"
		tx, err := old.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		var setup []string
		if dialect == "postgres" {
			setup = append(setup, `SET LOCAL performa.all_organizations = 'on'`)
		}
		for _, q := range append(setup,
			`INSERT INTO organizations (id, name, created_at, slug) VALUES (1, 'Comune di Prova', '`+at+`', 'comune-di-prova')`,
			`INSERT INTO publications (organization_id, id, kind, year, cycle_id, version_id, version_number, published_at, published_by,
			   published_name, unpublished_at, unpublished_by, unpublished_name) VALUES
			 (1, 7, 'piano', 2022, 2, 20, 2, '`+at+`', 'admin', 'Giulio Nardi', '`+gone+`', 'admin', 'Giulio Nardi'),
			 (1, 8, 'relazione', 2022, 2, 20, 2, '`+gone+`', 'admin', 'Giulio Nardi', NULL, '', '')`,
		) {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		old.Close()
		s, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		pubs, err := s.Publications(ctx, 1)
		if err != nil || len(pubs) != 2 {
			t.Fatalf("publications: %+v %v", pubs, err)
		}
		p, r := pubs[0], pubs[1]
		if p.ID != 7 || p.Kind != domain.PublishPiano || p.Year != 2022 || p.CycleID != 2 || p.VersionID != 20 || p.VersionNumber != 2 ||
			p.PublishedName != "Giulio Nardi" || p.Live() || p.UnpublishedAt.Format("2006-01-02 15:04:05") != gone || p.DistributionID != 0 ||
			p.Content != nil || p.DistributionSavedAt != nil {
			t.Errorf("piano: %+v", p)
		}
		if r.ID != 8 || r.Kind != domain.PublishRelazione || !r.Live() || r.PublishedAt.Format("2006-01-02 15:04:05") != gone {
			t.Errorf("relazione: %+v", r)
		}
		insert := func(kind, distribution, content string) error {
			return store.Exec(ctx, s, `INSERT INTO publications (organization_id, id, kind, year, cycle_id, version_id, version_number,
				published_at, published_by, distribution_id, distribution_saved_at, content)
				VALUES (1, 9, '`+kind+`', 2022, 2, 20, 2, '`+at+`', 'admin', `+distribution+`, NULL, `+content+`)`)
		}
		if err := insert("premi", "NULL", "NULL"); err == nil {
			t.Error("premi without its distribution accepted")
		}
		if err := insert("bilancio", "NULL", "NULL"); err == nil {
			t.Error("an unknown kind accepted")
		}
		if err := insert("piano", "5", "'{}'"); err == nil {
			t.Error("a piano with a distribution accepted")
		}
		if err := insert("premi", "5", `'{"year":2022}'`); err != nil {
			t.Errorf("premi: %v", err)
		}
		pubs, err = s.Publications(ctx, 1)
		if err != nil || len(pubs) != 3 {
			t.Fatalf("with premi: %+v %v", pubs, err)
		}
		for _, p := range pubs {
			if p.ID == 9 && (p.Kind != domain.PublishPremi || p.DistributionID != 5 || string(p.Content) != `{"year":2022}`) {
				t.Errorf("premi read back: %+v", p)
			}
		}
		raw, err := store.OpenRaw(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		query := `SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'publications_year'`
		if dialect == "postgres" {
			query = `SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'publications_year' AND schemaname = current_schema()`
		}
		var n int
		if err := raw.QueryRowContext(ctx, query).Scan(&n); err != nil || n != 1 {
			t.Errorf("index publications_year: %d %v", n, err)
		}
		if dialect == "postgres" {
			var rls, forced bool
			if err := raw.QueryRowContext(ctx, `SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = 'publications'::regclass`).
				Scan(&rls, &forced); err != nil || !rls || !forced {
				t.Errorf("row-level security: %v %v %v", rls, forced, err)
			}
			if err := raw.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_policies WHERE tablename = 'publications' AND policyname = 'performa_tenant'`).
				Scan(&n); err != nil || n != 1 {
				t.Errorf("policy: %d %v", n, err)
			}
		}
	})
}
