package ingest

import (
	"regexp"
	"strings"
	"unicode"
)

// cleanText is a cell's text as the plan means it: the "_x000D_" escapes
// Excel leaves in some exports decoded, control characters dropped, and the
// line breaks a cell wraps its text with («sono migrate\ncompletamente»)
// read as the spaces they stand for.
func cleanText(s string) string {
	if s == "" {
		return s
	}
	s = unescapeOOXML(s)
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) || r == '\u00a0' }) < 0 {
		return s
	}
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r' || r == '\t' || r == '\u00a0':
			return ' '
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

var codeTitleRe = regexp.MustCompile(`^(\d{1,3}(?:\.\d{1,3}){0,3})(\.?\)|\.|\s*[-–]\s+|\s+)\s*(\p{L}.*)$`)

// splitCode splits an objective code written at the start of its title:
// «1.1)Puntuale attuazione…», «5.1 Gestione…», «1.1. Attività…», «1.
// Rinnovo della flotta…». A number alone followed by a space is a code
// only with a dot or a bracket («1 istruttore» is not one), or when it has
// sub-levels («5.1 Gestione»).
func splitCode(title string) (code, rest string, ok bool) {
	m := codeTitleRe.FindStringSubmatch(title)
	if m == nil {
		return "", title, false
	}
	sep := strings.TrimSpace(m[2])
	if sep == "" && !strings.Contains(m[1], ".") {
		return "", title, false
	}
	code = m[1]
	if strings.HasPrefix(m[2], ".") && !strings.HasSuffix(m[2], ")") {
		code += "." // «1.1. Attività»: the code as written
	}
	if strings.HasSuffix(code, "..") {
		code = strings.TrimSuffix(code, ".")
	}
	return code, strings.TrimSpace(m[3]), true
}
