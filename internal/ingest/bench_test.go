package ingest_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/performa-pa/performa/internal/ingest"
)

// largeRows makes n rows of a plan like the seed's: every objective with
// its mission, program, weight, indicator, baseline, three targets,
// manager and staff, text of the lengths real plans have.
func largeRows(n int) [][]any {
	missions := []string{"Servizi istituzionali, generali e di gestione", "Ordine pubblico e sicurezza", "Istruzione e diritto allo studio", "Tutela e valorizzazione dei beni e delle attività culturali"}
	rows := make([][]any, 0, n+1)
	header := make([]any, 0, 16)
	for _, h := range smallCells {
		header = append(header, h)
	}
	rows = append(rows, header)
	for i := range n {
		m := i % len(missions)
		rows = append(rows, []any{
			m + 1, missions[m], i%7 + 1, "Segreteria generale", fmt.Sprintf("%d.%d", i/10+1, i%10+1), 0.01,
			fmt.Sprintf("Obiettivo %d: migliorare la gestione dei procedimenti amministrativi e ridurre i tempi di risposta ai cittadini", i+1),
			"Tempo medio di conclusione dei procedimenti (giorni) rispetto all'anno precedente",
			fmt.Sprintf("%d gg", 30+i%20), "<= 25 gg", "<= 20 gg", "entro il 31/12/2024",
			"Mario Rossi", "2 istruttori amministrativi", "", "monitoraggio semestrale",
		})
	}
	return rows
}

// largeXLSX writes the rows as Excel would: one sheet, weights as numbers
// shown as percentages.
func largeXLSX(tb testing.TB, n int) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	pct := "0%"
	style, err := f.NewStyle(&excelize.Style{CustomNumFmt: &pct})
	must(tb, err)
	sw, err := f.NewStreamWriter("Sheet1")
	must(tb, err)
	for i, r := range largeRows(n) {
		if i > 0 {
			r[5] = excelize.Cell{StyleID: style, Value: r[5]}
		}
		ref, _ := excelize.CoordinatesToCellName(1, i+1)
		must(tb, sw.SetRow(ref, r))
	}
	must(tb, sw.Flush())
	buf, err := f.WriteToBuffer()
	must(tb, err)
	return buf.Bytes()
}

// largeCSV writes the rows as CSV with ";".
func largeCSV(n int) []byte {
	var b bytes.Buffer
	for i, r := range largeRows(n) {
		for j, c := range r {
			if j > 0 {
				b.WriteByte(';')
			}
			s := fmt.Sprint(c)
			if i > 0 && j == 5 {
				s = "1%"
			}
			b.WriteString(s)
		}
		b.WriteString("\r\n")
	}
	return b.Bytes()
}

const benchRows = 100_000

func benchmarkParse(b *testing.B, name string, data []byte) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		p, err := ingest.Parse(name, data, ingest.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if p.Objectives() != benchRows {
			b.Fatalf("%d objectives", p.Objectives())
		}
	}
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkParseXLSX imports a generated workbook of 100,000 rows.
func BenchmarkParseXLSX(b *testing.B) {
	benchmarkParse(b, "piano.xlsx", largeXLSX(b, benchRows))
}

// BenchmarkParseCSV imports the same rows as CSV.
func BenchmarkParseCSV(b *testing.B) {
	benchmarkParse(b, "piano.csv", largeCSV(benchRows))
}

// TestWriteLargeFiles writes the benchmark's files into PERFORMA_BENCH_DIR,
// to measure `performa check` on them (time, peak memory).
func TestWriteLargeFiles(t *testing.T) {
	dir := os.Getenv("PERFORMA_BENCH_DIR")
	if dir == "" {
		t.Skip("PERFORMA_BENCH_DIR not set")
	}
	must(t, os.WriteFile(filepath.Join(dir, "piano-100k.xlsx"), largeXLSX(t, benchRows), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "piano-100k.csv"), largeCSV(benchRows), 0o644))
	// The import-scaling pair (issue 13): 12.400 and 124.000 objectives,
	// the seed's 124 times 100 and 1.000.
	for _, n := range []int{12_400, 124_000} {
		must(t, os.WriteFile(filepath.Join(dir, fmt.Sprintf("piano-%d.csv", n)), largeCSV(n), 0o644))
	}
}
