// Package seedtest finds the seed plan for tests: the real plan of a comune
// that lives in shared/seed beside the repository (or where PERFORMA_SEED
// says). Tests fail, never skip, when it is missing.
package seedtest

import (
	"os"
	"path/filepath"
	"testing"
)

// File is the seed's file name.
const File = "000_5fc117f247c81c3e.txt"

// Path returns the path of the seed plan.
func Path(tb testing.TB) string {
	tb.Helper()
	if p := os.Getenv("PERFORMA_SEED"); p != "" {
		return p
	}
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		p := filepath.Join(dir, "shared", "seed", File)
		if _, err := os.Stat(p); err == nil {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatalf("seed plan %s not found in shared/seed above the working directory; set PERFORMA_SEED", File)
		}
		dir = parent
	}
}

// Bytes returns the seed plan's content.
func Bytes(tb testing.TB) []byte {
	tb.Helper()
	data, err := os.ReadFile(Path(tb))
	if err != nil {
		tb.Fatal(err)
	}
	return data
}
