package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/performa-pa/performa/internal/store"
	"github.com/performa-pa/performa/internal/store/storetest"
)

// The size of a real plan: the seed has about 130 objectives, 200
// indicators and 600 targets.
const benchObjectives, benchIndicators = 130, 2

func BenchmarkImportSQLite(b *testing.B)   { benchmarkImport(b, store.SQLite) }
func BenchmarkImportPostgres(b *testing.B) { benchmarkImport(b, store.Postgres) }

// benchmarkImport measures importing a plan for a new organization each
// time (what a national deployment does at scale) and re-importing a draft
// (what an ente does while fixing its spreadsheet).
func benchmarkImport(b *testing.B, dialect string) {
	ctx := context.Background()
	s := storetest.MustOpen(b, dialect)
	b.Run("new", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			p := storetest.GeneratedPlan(fmt.Sprintf("Comune %d", i), benchObjectives, benchIndicators)
			if _, err := s.ImportPlan(ctx, p, "bench"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("replace", func(b *testing.B) {
		for b.Loop() {
			p := storetest.GeneratedPlan("Comune ricaricato", benchObjectives, benchIndicators)
			if _, err := s.ImportPlan(ctx, p, "bench"); err != nil {
				b.Fatal(err)
			}
		}
	})
}
