package auth_test

import (
	"strings"
	"testing"

	"github.com/performa-pa/performa/internal/auth"
)

// TestPasswordPolicy: besides the length, the policy refuses what NIST SP
// 800-63B asks to refuse: passwords on a list of the most used, and
// repeated or sequential characters; each refusal says why, in Italian.
func TestPasswordPolicy(t *testing.T) {
	refused := map[string]string{
		"aaaaaaaaaa":       "ripete",
		"1111111111":       "ripete",
		"abababababab":     "ripete",
		"abcabcabcabc":     "ripete",
		"1234567890":       "sequenza",
		"0987654321":       "sequenza",
		"abcdefghijkl":     "sequenza",
		"qwertyuiop":       "sequenza",
		"QWERTYUIOP":       "sequenza",
		"asdfghjkl;":       "sequenza",
		"password123":      "più usate",
		"Password2024!":    "più usate",
		"P@ssw0rd123":      "più usate",
		"iloveyou12":       "più usate",
		"1q2w3e4r5t":       "più usate",
		"juventus1897":     "più usate",
		"benvenuto1":       "più usate",
		"123456789a":       "più usate",
		"performa2024":     "più usate",
		"aaaaaaaaab":       "caratteri diversi",
		"ciao":             "almeno 10",
		"passwordpassword": "più usate",
	}
	for pw, why := range refused {
		err := auth.CheckPassword(pw, "rossi")
		if err == nil {
			t.Errorf("%q accepted", pw)
			continue
		}
		if !strings.Contains(err.Error(), why) {
			t.Errorf("%q: %v, want it to say %q", pw, err, why)
		}
	}
	for _, pw := range []string{
		"chiave di prova 2022", "cavallo batteria graffetta", "Montepulciano-Vino-Nobile",
		auth.GeneratePassword(), "Tz9#kq2Lm!pV", "ilmiogattosichiamaattila",
	} {
		if err := auth.CheckPassword(pw, "rossi"); err != nil {
			t.Errorf("%q refused: %v", pw, err)
		}
	}
}
