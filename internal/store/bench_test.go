package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/domain"
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

// BenchmarkSessionLookup is the read every signed-in request makes: on
// PostgreSQL it runs in a transaction that names the organization
// (row-level security), which costs two more round trips than a bare
// query.
func BenchmarkSessionLookupSQLite(b *testing.B)   { benchmarkSessionLookup(b, store.SQLite) }
func BenchmarkSessionLookupPostgres(b *testing.B) { benchmarkSessionLookup(b, store.Postgres) }

func benchmarkSessionLookup(b *testing.B, dialect string) {
	ctx := context.Background()
	s := storetest.MustOpen(b, dialect)
	org, _, err := s.EnsureOrganization(ctx, "Comune di Prova")
	if err != nil {
		b.Fatal(err)
	}
	u := &domain.User{OrganizationID: org.ID, Name: "rossi", Role: domain.RoleReader, PasswordHash: "$argon2id$x"}
	if err := s.CreateUser(ctx, u, "admin"); err != nil {
		b.Fatal(err)
	}
	if err := s.CreateSession(ctx, &domain.Session{OrganizationID: org.ID, TokenHash: "h", UserID: u.ID,
		ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
		b.Fatal(err)
	}
	b.Run("database", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := s.Session(ctx, org.ID, "h"); err != nil {
				b.Fatal(err)
			}
		}
	})
	// What a request pays with the memo (memo.go): the pin, then the
	// session from memory.
	b.Run("pinned", func(b *testing.B) {
		for b.Loop() {
			pinned, err := s.Pin(ctx, org.ID)
			if err != nil {
				b.Fatal(err)
			}
			if _, _, err := s.Session(pinned, org.ID, "h"); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkMeasurement is the smallest write: one measurement with its
// audit entry (and the ente's generation, memo.go).
func BenchmarkMeasurementSQLite(b *testing.B)   { benchmarkMeasurement(b, store.SQLite) }
func BenchmarkMeasurementPostgres(b *testing.B) { benchmarkMeasurement(b, store.Postgres) }

func benchmarkMeasurement(b *testing.B, dialect string) {
	ctx := context.Background()
	s := storetest.MustOpen(b, dialect)
	p := storetest.GeneratedPlan("Comune di Prova", 10, 1)
	if _, err := s.ImportPlan(ctx, p, "bench"); err != nil {
		b.Fatal(err)
	}
	in := p.Units[0].Objectives[0].Indicators[0]
	day := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; b.Loop(); i++ {
		v := float64(i)
		if err := s.AddMeasurement(ctx, p.Organization.ID, &domain.Measurement{IndicatorID: in.ID,
			Date: day.AddDate(0, 0, i%365), Number: &v, RecordedBy: "bench"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkImportScale imports one plan of 12.400 and one of 124.000
// objectives (two indicators each) into a fresh database and reports the
// cost per objective: linear import keeps the two figures close. Run it
// once per size, e.g.
//
//	go test -run XXX -bench ImportScale -benchtime 1x ./internal/store
func BenchmarkImportScale(b *testing.B) {
	for _, dialect := range storetest.Dialects {
		for _, n := range []int{12_400, 124_000} {
			b.Run(fmt.Sprintf("%s/%d", dialect, n), func(b *testing.B) {
				ctx := context.Background()
				s := storetest.MustOpen(b, dialect)
				p := storetest.GeneratedPlan("Comune grande", n, benchIndicators)
				for i := 0; b.Loop(); i++ {
					p.Organization.Name = fmt.Sprintf("Comune grande %d", i)
					if _, err := s.ImportPlan(ctx, p, "bench"); err != nil {
						b.Fatal(err)
					}
					b.StopTimer()
					p = storetest.GeneratedPlan(fmt.Sprintf("Comune grande %d", i+1), n, benchIndicators)
					b.StartTimer()
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/objective")
			})
		}
	}
}
