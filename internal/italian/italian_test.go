package italian

import (
	"math"
	"testing"
)

func TestNumber(t *testing.T) {
	tests := []struct {
		v        float64
		decimals int
		want     string
	}{
		{1234.5, 2, "1.234,5"},
		{0, 2, "0"},
		{1000000, 2, "1.000.000"},
		{-12.25, 2, "-12,25"},
		{33.333333, 2, "33,33"},
		{66.66, 1, "66,7"},
		{0.30000000000000004, 2, "0,3"},
		{95.6, -1, "95,6"},
		{0.25, -1, "0,25"},
		{1234.5678, 4, "1.234,5678"},
		{-0.001, 2, "0"},
		{math.NaN(), 2, "?"},
	}
	for _, tt := range tests {
		if got := Number(tt.v, tt.decimals); got != tt.want {
			t.Errorf("Number(%v, %d) = %q, want %q", tt.v, tt.decimals, got, tt.want)
		}
	}
	// As target descriptions write them: as many decimals as the value has.
	for v, want := range map[float64]string{
		0: "0", 12: "12", 1000: "1.000", 1234.5: "1.234,5", 95.6: "95,6",
		0.25: "0,25", 1e6: "1.000.000", -3: "-3",
	} {
		if got := Number(v, -1); got != want {
			t.Errorf("Number(%v, -1) = %q, want %q", v, got, want)
		}
	}
	if got := Percent(12.5, 1); got != "12,5%" {
		t.Errorf("Percent = %q", got)
	}
}

func TestCount(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{
		{0, "0 errori"}, {1, "1 errore"}, {2, "2 errori"}, {1234, "1.234 errori"}, {-1, "-1 errori"},
	}
	for _, tt := range tests {
		if got := Count(tt.n, "errore", "errori"); got != tt.want {
			t.Errorf("Count(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
	if got := Plural(1, "o", "i"); got != "o" {
		t.Errorf("Plural(1) = %q", got)
	}
}
