package target

import "testing"

// GoldenKeys lists the year and text of every golden entry, for the
// external test that checks the golden file covers every seed target.
func GoldenKeys(t testing.TB) map[string]bool {
	keys := map[string]bool{}
	for _, e := range readGolden(t) {
		keys[e.key()] = true
	}
	return keys
}
