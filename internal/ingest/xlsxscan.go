package ingest

import (
	"bytes"
	"io"
	"strconv"
	"unicode/utf8"
)

// sheetScanner reads the XML of a worksheet the way spreadsheets write it:
// start and end tags with quoted attributes, text with the five named
// entities and character references, comments and an XML declaration.
// encoding/xml's tokenizer costs several times the rest of an import of a
// large workbook; this reads the same bytes in one pass over a buffer.
//
// It does not have to know all of XML: at the first thing it is not sure
// of — a CDATA section, a DOCTYPE, an unusual name, an attribute holding an
// entity, a character XML does not allow, a malformed tag, the end of the
// input in the middle of a tag — it stops before it and returns the rest
// of the input for encoding/xml to read, so that what it accepts is read as
// encoding/xml reads it and what is wrong fails with encoding/xml's error.
type sheetScanner struct {
	r     io.Reader
	buf   []byte
	pos   int   // first unread byte of buf
	eof   bool  // r has nothing more
	err   error // r's error, other than io.EOF
	lines int   // line breaks in the bytes consumed before buf
	attrs []scanAttr
	text  []byte // decoded text, when it holds entities or CRs
}

type scanAttr struct{ local, value []byte }

// maxScanBuffer is the longest token the scanner holds: longer ones (a text
// of megabytes) are left to encoding/xml.
const maxScanBuffer = 4 << 20

func newSheetScanner(r io.Reader) *sheetScanner {
	return &sheetScanner{r: r, buf: make([]byte, 0, 256<<10)}
}

// scan reads the input into sr. rest is nil when the scanner read it all;
// otherwise encoding/xml is to read rest, whose line 1 is line lines+1 of
// the part.
func (sc *sheetScanner) scan(sr *sheetReader) (rest io.Reader, lines int, err error) {
	for {
		if sc.pos == len(sc.buf) && !sc.fill() {
			if sc.err != nil {
				return sc.handOver()
			}
			return nil, 0, nil
		}
		if sc.buf[sc.pos] != '<' {
			// Text up to the next tag.
			i := bytes.IndexByte(sc.buf[sc.pos:], '<')
			for i < 0 && !sc.eof && len(sc.buf)-sc.pos < maxScanBuffer {
				sc.fill()
				i = bytes.IndexByte(sc.buf[sc.pos:], '<')
			}
			if i < 0 {
				if !sc.eof || sc.err != nil {
					return sc.handOver()
				}
				i = len(sc.buf) - sc.pos // text at the end of the input
			}
			t, ok := sc.decodeText(sc.buf[sc.pos : sc.pos+i])
			if !ok {
				return sc.handOver()
			}
			sr.text(t)
			sc.pos += i
			continue
		}
		// A tag: up to its '>' outside quotes.
		end, ok := sc.tagEnd()
		if !ok {
			return sc.handOver()
		}
		tag := sc.buf[sc.pos : end+1]
		switch {
		case len(tag) >= 2 && tag[1] == '/':
			local, ok := endTag(tag)
			if !ok {
				return sc.handOver()
			}
			if err := sr.end(local); err != nil {
				return nil, 0, err
			}
		case len(tag) >= 2 && tag[1] == '?':
			if !plainDeclaration(tag) {
				return sc.handOver()
			}
		case len(tag) >= 2 && tag[1] == '!':
			if !bytes.HasPrefix(tag, []byte("<!--")) || !bytes.HasSuffix(tag, []byte("-->")) || len(tag) < 7 ||
				bytes.Contains(tag[4:len(tag)-3], []byte("--")) || !plainChars(tag) {
				return sc.handOver() // CDATA, DOCTYPE, a comment holding "--" or a ">"
			}
		default:
			local, selfClosing, ok := sc.startTag(tag)
			if !ok {
				return sc.handOver()
			}
			sr.start(local, sc.attr)
			if selfClosing {
				if err := sr.end(local); err != nil {
					return nil, 0, err
				}
			}
		}
		sc.pos = end + 1
	}
}

// handOver returns what is left of the input, for encoding/xml.
func (sc *sheetScanner) handOver() (io.Reader, int, error) {
	lines := sc.lines + bytes.Count(sc.buf[:sc.pos], []byte{'\n'})
	left := bytes.NewReader(sc.buf[sc.pos:])
	if sc.eof {
		if sc.err != nil {
			return io.MultiReader(left, errReader{sc.err}), lines, nil
		}
		return left, lines, nil
	}
	return io.MultiReader(left, sc.r), lines, nil
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// fill reads more input into buf, moving the unread bytes to its start.
// It reports whether there is anything unread.
func (sc *sheetScanner) fill() bool {
	if sc.eof {
		return sc.pos < len(sc.buf)
	}
	if sc.pos > 0 {
		sc.lines += bytes.Count(sc.buf[:sc.pos], []byte{'\n'})
		n := copy(sc.buf, sc.buf[sc.pos:])
		sc.buf, sc.pos = sc.buf[:n], 0
	}
	if len(sc.buf) == cap(sc.buf) {
		sc.buf = append(sc.buf, make([]byte, cap(sc.buf))...)[:len(sc.buf)]
	}
	n, err := sc.r.Read(sc.buf[len(sc.buf):cap(sc.buf)])
	sc.buf = sc.buf[:len(sc.buf)+n]
	if err != nil {
		sc.eof = true
		if err != io.EOF {
			sc.err = err
		}
	}
	return sc.pos < len(sc.buf)
}

// tagEnd finds the '>' that ends the tag at pos (outside quoted values),
// reading more input as needed; comments end at "-->".
func (sc *sheetScanner) tagEnd() (int, bool) {
	from := sc.pos + 1
	for {
		b := sc.buf[sc.pos:]
		comment := len(b) >= 4 && bytes.HasPrefix(b, []byte("<!--"))
		if comment {
			if i := bytes.Index(b[4:], []byte("-->")); i >= 0 {
				return sc.pos + 4 + i + 2, true
			}
		} else {
			var quote byte
			for i := from - sc.pos; i < len(b); i++ {
				c := b[i]
				if c == '>' && quote == 0 {
					return sc.pos + i, true
				}
				if c == '"' || c == '\'' {
					if quote == 0 {
						quote = c
					} else if quote == c {
						quote = 0
					}
				}
			}
		}
		// Not in the buffer yet: read more (the scan restarts from the tag's
		// start, as quotes have to be followed from there).
		if sc.eof || len(sc.buf)-sc.pos >= maxScanBuffer {
			return 0, false
		}
		pos := sc.pos
		sc.fill()
		from += sc.pos - pos
		if len(sc.buf)-sc.pos < 2 && sc.eof {
			return 0, false
		}
	}
}

// startTag reads "<name attr='v' …>" or "<name …/>".
func (sc *sheetScanner) startTag(tag []byte) (local string, selfClosing bool, ok bool) {
	body := tag[1 : len(tag)-1]
	if len(body) > 0 && body[len(body)-1] == '/' {
		body, selfClosing = body[:len(body)-1], true
	}
	_, name, n, ok := scanQName(body)
	if !ok {
		return "", false, false
	}
	body = body[n:]
	sc.attrs = sc.attrs[:0]
	for {
		s := skipSpace(body)
		if len(s) == 0 {
			break
		}
		if len(s) == len(body) { // attributes are separated by space
			return "", false, false
		}
		_, an, n, ok := scanQName(s)
		if !ok {
			return "", false, false
		}
		s = skipSpace(s[n:])
		if len(s) == 0 || s[0] != '=' {
			return "", false, false
		}
		s = skipSpace(s[1:])
		if len(s) == 0 || s[0] != '"' && s[0] != '\'' {
			return "", false, false
		}
		q := bytes.IndexByte(s[1:], s[0])
		if q < 0 {
			return "", false, false
		}
		v := s[1 : 1+q]
		for _, c := range v {
			if c < 0x20 || c >= 0x80 || c == '&' || c == '<' {
				return "", false, false // entities, line breaks, non-ASCII: encoding/xml's
			}
		}
		sc.attrs = append(sc.attrs, scanAttr{an, v})
		body = s[2+q:]
	}
	return intern(name), selfClosing, true
}

// attr is the value of the first attribute with a local name, as attr does
// for encoding/xml's elements.
func (sc *sheetScanner) attr(local string) string {
	for _, a := range sc.attrs {
		if string(a.local) == local {
			if local == "t" {
				return intern(a.value)
			}
			return string(a.value)
		}
	}
	return ""
}

// endTag reads "</name>" or "</name >".
func endTag(tag []byte) (string, bool) {
	body := tag[2 : len(tag)-1]
	_, local, n, ok := scanQName(body)
	if !ok || len(skipSpace(body[n:])) != 0 {
		return "", false
	}
	return intern(local), true
}

// scanName reads an ASCII XML name at the start of b: a letter, '_' or
// ':' first, then letters, digits and "_:.-". Other names are left to
// encoding/xml.
func scanName(b []byte) (name []byte, n int, ok bool) {
	name, _, n, ok = scanQName(b)
	return name, n, ok
}

// scanQName is scanName, with the name's local part (after its prefix).
func scanQName(b []byte) (name, localPart []byte, n int, ok bool) {
	local := 0
	if len(b) == 0 || !(b[0] >= 'a' && b[0] <= 'z' || b[0] >= 'A' && b[0] <= 'Z' || b[0] == '_' || b[0] == ':') {
		return nil, nil, 0, false
	}
	n = 1
	colons := 0
	if b[0] == ':' {
		return nil, nil, 0, false
	}
	for n < len(b) {
		c := b[n]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-' {
			n++
			continue
		}
		if c == ':' {
			colons++
			n++
			local = n
			continue
		}
		if c >= 0x80 {
			return nil, nil, 0, false
		}
		break
	}
	if n < len(b) && !isXMLSpace(b[n]) && b[n] != '=' {
		return nil, nil, 0, false
	}
	return b[:n], b[local:n], n, colons <= 1 && b[n-1] != ':'
}

// intern returns the names readSheet looks at without allocating.
func intern(name []byte) string {
	for _, n := range sheetNames {
		if string(name) == n {
			return n
		}
	}
	return string(name)
}

var sheetNames = []string{"c", "v", "row", "is", "t", "f", "rPh", "mergeCell",
	"s", "str", "inlineStr", "n", "b"} // and the kinds of cell (the t attribute)

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func skipSpace(b []byte) []byte {
	for len(b) > 0 && isXMLSpace(b[0]) {
		b = b[1:]
	}
	return b
}

// plainDeclaration accepts the XML declaration spreadsheets write:
// version 1.0 (or none), encoding UTF-8 (or none).
func plainDeclaration(tag []byte) bool {
	if !bytes.HasPrefix(tag, []byte("<?xml ")) || !bytes.HasSuffix(tag, []byte("?>")) || !plainChars(tag) {
		return false
	}
	body := bytes.TrimSpace(tag[6 : len(tag)-2])
	for len(body) > 0 {
		name, n, ok := scanName(body)
		if !ok {
			return false
		}
		s := skipSpace(body[n:])
		if len(s) < 2 || s[0] != '=' {
			return false
		}
		s = skipSpace(s[1:])
		if len(s) == 0 || s[0] != '"' && s[0] != '\'' {
			return false
		}
		q := bytes.IndexByte(s[1:], s[0])
		if q < 0 {
			return false
		}
		v := string(s[1 : 1+q])
		switch string(name) {
		case "version":
			if v != "1.0" {
				return false
			}
		case "encoding":
			if v != "UTF-8" && v != "utf-8" {
				return false
			}
		case "standalone":
		default:
			return false
		}
		body = skipSpace(s[2+q:])
	}
	return true
}

// plainChars reports whether b is printable ASCII, tabs and line breaks.
func plainChars(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 || c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}

// decodeText decodes the text between two tags as encoding/xml does: the
// five named entities and character references, CR LF and CR as LF. ok is
// false for anything else (an unknown entity, a character XML does not
// allow, invalid UTF-8, "]]>"): encoding/xml is to read it and fail.
func (sc *sheetScanner) decodeText(b []byte) ([]byte, bool) {
	simple := true
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' || c == '&' || c >= 0x80 || c == ']' {
			simple = false
			break
		}
	}
	if simple {
		return b, true
	}
	if bytes.Contains(b, []byte("]]>")) {
		return nil, false
	}
	out := sc.text[:0]
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == '&':
			j := bytes.IndexByte(b[i:], ';')
			if j < 0 {
				return nil, false
			}
			r, ok := entity(b[i+1 : i+j])
			if !ok {
				return nil, false
			}
			out = utf8.AppendRune(out, r)
			i += j + 1
		case c == '\r':
			out = append(out, '\n')
			if i+1 < len(b) && b[i+1] == '\n' {
				i++
			}
			i++
		case c < 0x20 && c != '\t' && c != '\n':
			return nil, false
		case c >= 0x80:
			r, size := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && size == 1 || !xmlChar(r) {
				return nil, false
			}
			out = append(out, b[i:i+size]...)
			i += size
		default:
			out = append(out, c)
			i++
		}
	}
	sc.text = out
	return out, true
}

// entity decodes what stands between '&' and ';'.
func entity(name []byte) (rune, bool) {
	switch string(name) {
	case "lt":
		return '<', true
	case "gt":
		return '>', true
	case "amp":
		return '&', true
	case "apos":
		return '\'', true
	case "quot":
		return '"', true
	}
	if len(name) < 2 || name[0] != '#' {
		return 0, false
	}
	digits, base := name[1:], 10
	if digits[0] == 'x' {
		digits, base = digits[1:], 16
	}
	for _, c := range digits { // strconv would take "+", "_" or a "0x" prefix
		if !(c >= '0' && c <= '9' || base == 16 && (c|0x20 >= 'a' && c|0x20 <= 'f')) {
			return 0, false
		}
	}
	n, err := strconv.ParseUint(string(digits), base, 32)
	if err != nil || !xmlChar(rune(n)) {
		return 0, false
	}
	return rune(n), true
}

// xmlChar is XML's Char production, which encoding/xml enforces.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}
