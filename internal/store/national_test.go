package store_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/store"
	"github.com/performa-pa/performa/internal/store/storetest"
)

// TestNationalScale loads a national deployment into one PostgreSQL
// database, row-level security on (the store connects as an ordinary
// role): PERFORMA_NATIONAL_ORGS organizations (8.000) of 150 objectives
// with two indicators each, imported by two writers at once. It then reads
// one organization's plan as the pages do (version stamp, plan,
// measurements) from 64 goroutines for 10 seconds. It logs how long the
// load took, the database's size and the reads' latencies; it asserts
// nothing about time. Only with PERFORMA_NATIONAL=1 (it takes minutes;
// PERFORMA_NATIONAL_DSN keeps the database loaded):
//
//	PERFORMA_NATIONAL=1 go test -run TestNationalScale -v -timeout 60m ./internal/store
func TestNationalScale(t *testing.T) {
	if os.Getenv("PERFORMA_NATIONAL") != "1" {
		t.Skip("PERFORMA_NATIONAL=1 not set")
	}
	orgs := 8000
	if n, err := strconv.Atoi(os.Getenv("PERFORMA_NATIONAL_ORGS")); err == nil && n > 0 {
		orgs = n
	}
	const objectives, indicators, writers = 150, 2, 2
	ctx := context.Background()
	// PERFORMA_NATIONAL_DSN: an empty database to load and keep (to serve
	// it afterwards with performa serve), instead of one dropped at the end.
	var s *store.Store
	if dsn := os.Getenv("PERFORMA_NATIONAL_DSN"); dsn != "" {
		var err error
		if s, err = store.Open(ctx, dsn); err != nil {
			t.Fatal(err)
		}
		defer s.Close()
	} else {
		s = storetest.MustOpen(t, store.Postgres)
	}

	start := time.Now()
	var next atomic.Int64
	var mu sync.Mutex
	var firstErr error
	versions := make([][2]int64, orgs) // organization, version
	var wg sync.WaitGroup
	for range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= orgs {
					return
				}
				p := storetest.GeneratedPlan(fmt.Sprintf("Comune n. %d", i+1), objectives, indicators)
				r, err := s.ImportPlan(ctx, p, "national")
				if err != nil {
					mu.Lock()
					firstErr = err
					mu.Unlock()
					next.Store(int64(orgs))
					return
				}
				versions[i] = [2]int64{r.OrganizationID, r.VersionID}
				if (i+1)%1000 == 0 {
					t.Logf("%d organizations in %v", i+1, time.Since(start).Round(time.Second))
				}
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		t.Fatal(firstErr)
	}
	load := time.Since(start)
	size, err := store.QueryUnscoped(ctx, s, `SELECT pg_database_size(current_database())`)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("loaded %d organizations × %d objectives (%d objectives) in %v: %.0f µs per objective; database %d MB",
		orgs, objectives, orgs*objectives, load.Round(time.Second),
		float64(load.Microseconds())/float64(orgs*objectives), size[0]>>20)

	// One organization in the middle, read as a page does on a cache miss
	// (stamp, plan, measurements) and on a hit (the stamp alone).
	org, version := versions[orgs/2][0], versions[orgs/2][1]
	for _, c := range []struct {
		name string
		read func() error
	}{
		{"version stamp (cache hit)", func() error { _, err := s.VersionStamp(ctx, org, version); return err }},
		{"stamp + plan + measurements (cache miss)", func() error {
			if _, err := s.VersionStamp(ctx, org, version); err != nil {
				return err
			}
			if _, err := s.Plan(ctx, org, version); err != nil {
				return err
			}
			_, err := s.Measurements(ctx, org, version)
			return err
		}},
	} {
		var lat []time.Duration
		var lmu sync.Mutex
		deadline := time.Now().Add(10 * time.Second)
		var rwg sync.WaitGroup
		for range 64 {
			rwg.Add(1)
			go func() {
				defer rwg.Done()
				var mine []time.Duration
				for time.Now().Before(deadline) {
					t0 := time.Now()
					if err := c.read(); err != nil {
						t.Error(err)
						return
					}
					mine = append(mine, time.Since(t0))
				}
				lmu.Lock()
				lat = append(lat, mine...)
				lmu.Unlock()
			}()
		}
		rwg.Wait()
		slices.Sort(lat)
		if len(lat) == 0 {
			continue
		}
		t.Logf("%s, 64 at once for 10 s: %.0f/s, p50 %v, p99 %v", c.name, float64(len(lat))/10,
			lat[len(lat)/2].Round(10*time.Microsecond), lat[len(lat)*99/100].Round(10*time.Microsecond))
	}
}
