package main

import (
	"context"
	"testing"

	"github.com/performa-pa/performa/internal/ingest"
	"github.com/performa-pa/performa/internal/seedtest"
	"github.com/performa-pa/performa/internal/store/storetest"
)

// BenchmarkImportSeed measures what `performa import` does with the seed:
// parse, then store in one transaction (the second and later iterations
// replace the draft, as a re-import does).
func BenchmarkImportSeed(b *testing.B) {
	seed := seedtest.Bytes(b)
	for _, dialect := range storetest.Dialects {
		b.Run(dialect, func(b *testing.B) {
			st := storetest.MustOpen(b, dialect)
			b.SetBytes(int64(len(seed)))
			for b.Loop() {
				p, err := ingest.Parse(seedtest.File, seed, ingest.Options{})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := st.ImportPlan(context.Background(), p, "bench"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
