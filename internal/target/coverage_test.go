package target_test

import (
	"fmt"
	"testing"

	"github.com/performa-pa/performa/internal/ingest"
	"github.com/performa-pa/performa/internal/seedtest"
	"github.com/performa-pa/performa/internal/target"
)

// Every target the importer reads from the seed has its golden entry,
// reviewed by a person: when the importer reads a cell differently, the
// new text must be added to testdata/seed_targets.golden.
func TestGoldenCoversSeed(t *testing.T) {
	p, err := ingest.Parse(seedtest.File, seedtest.Bytes(t), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	keys := target.GoldenKeys(t)
	n := 0
	for _, u := range p.Units {
		for _, o := range u.Objectives {
			for _, in := range o.Indicators {
				for _, tg := range in.Targets {
					if tg.Text == "" {
						continue
					}
					n++
					if k := fmt.Sprintf("%d %q", tg.Year, tg.Text); !keys[k] {
						t.Errorf("seed target not in the golden file: line %d, %s (baseline %q)", in.Source.Line, k, in.Baseline.Text)
					}
				}
			}
		}
	}
	t.Logf("%d seed targets, all in the golden file", n)
}
