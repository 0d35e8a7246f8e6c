package italian

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"syscall"
)

// What the decoders of the standard library say is English and Go
// ("invalid character 'x' looking for beginning of value"): these say it
// in Italian, with where it happened, for the messages people read.

// JSONError says why a JSON document could not be decoded. data is the
// document, to give the line and column of the fault (nil when not kept:
// then the byte offset is given, if known).
func JSONError(err error, data []byte) string {
	var (
		syn  *json.SyntaxError
		typ  *json.UnmarshalTypeError
		what string
		at   int64 = -1
	)
	switch {
	case errors.As(err, &syn):
		what, at = jsonSyntax(syn.Error()), syn.Offset
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "documento"
		}
		what = fmt.Sprintf("il campo «%s» contiene %s, ma dovrebbe contenere %s", field, jsonValue(typ.Value), goType(typ.Type.Kind().String()))
		at = typ.Offset
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		what = "il testo finisce prima del tempo: manca la chiusura di un testo, di un elenco o di un oggetto"
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		what = "campo «" + strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`) + "» sconosciuto"
	default:
		what = "struttura JSON non valida"
	}
	return where(data, at) + what
}

// where is "riga L, colonna C: " of the byte offset at in data.
func where(data []byte, at int64) string {
	switch {
	case at < 0:
		return ""
	case data == nil:
		return fmt.Sprintf("al byte %s: ", Number(float64(at), 0))
	}
	at = min(at, int64(len(data)))
	before := data[:at]
	line := 1 + strings.Count(string(before), "\n")
	col := len([]rune(string(before[strings.LastIndexByte(string(before), '\n')+1:])))
	if col == 0 {
		col = 1
	}
	return fmt.Sprintf("riga %d, colonna %d: ", line, col)
}

var (
	jsonCharRe = regexp.MustCompile(`^invalid character '(.+)' (.*)$`)
	jsonWhere  = map[string]string{
		"looking for beginning of value":             "dove ci si aspettava un valore",
		"looking for beginning of object key string": "dove ci si aspettava il nome di un campo tra virgolette",
		"after object key":                           "dopo il nome di un campo (ci vogliono i due punti)",
		"after object key:value pair":                "dopo un campo (ci vuole una virgola o la parentesi graffa di chiusura)",
		"after array element":                        "dopo un elemento di un elenco (ci vuole una virgola o la parentesi quadra di chiusura)",
		"in string literal":                          "dentro un testo (i caratteri di controllo vanno scritti con \\)",
		"in string escape code":                      "in una sequenza con \\ dentro un testo",
		"in numeric literal":                         "dentro un numero",
		"after top-level value":                      "dopo la fine del documento",
		"exceeded max depth":                         "oltre il numero di livelli annidati ammesso (10.000)",
	}
)

func jsonSyntax(msg string) string {
	if msg == "unexpected end of JSON input" {
		return "il testo finisce prima del tempo: manca la chiusura di un testo, di un elenco o di un oggetto"
	}
	if m := jsonCharRe.FindStringSubmatch(msg); m != nil {
		c := m[1]
		if strings.HasPrefix(c, `\`) {
			c = "carattere di controllo " + c
		}
		if w, ok := jsonWhere[m[2]]; ok {
			if m[2] == "exceeded max depth" {
				return "troppi livelli annidati: " + w
			}
			return fmt.Sprintf("carattere «%s» inatteso %s", c, w)
		}
		return fmt.Sprintf("carattere «%s» inatteso", c)
	}
	return "struttura JSON non valida"
}

// jsonValue names the kind of JSON value the decoder found.
func jsonValue(v string) string {
	if n, ok := strings.CutPrefix(v, "number "); ok {
		if f, err := strconv.ParseFloat(n, 64); err != nil || f != float64(int64(f)) {
			return "il numero " + n + ", fuori misura o non intero"
		}
		return "il numero " + n + ", fuori misura"
	}
	if l, ok := map[string]string{"string": "un testo", "number": "un numero", "bool": "vero o falso",
		"array": "un elenco", "object": "un oggetto", "null": "nessun valore"}[v]; ok {
		return l
	}
	return "un valore diverso"
}

// goType names in Italian the kind of value a field holds.
func goType(kind string) string {
	switch {
	case strings.HasPrefix(kind, "float"), strings.HasPrefix(kind, "int"), strings.HasPrefix(kind, "uint"):
		return "un numero"
	case kind == "string":
		return "un testo"
	case kind == "bool":
		return "vero o falso (true o false)"
	case kind == "slice", kind == "array":
		return "un elenco"
	}
	return "un oggetto"
}

var (
	xmlEntityRe = regexp.MustCompile(`^invalid character entity (&[^ ]*;?)`)
	xmlClosedRe = regexp.MustCompile(`^element <([^>]*)> closed by </([^>]*)>`)
	xmlEndRe    = regexp.MustCompile(`^unexpected end element </([^>]*)>`)
)

// XMLError says why the XML of a workbook's part could not be read: "riga
// 3: entità «&lol9;» sconosciuta …".
func XMLError(err error) string {
	var syn *xml.SyntaxError
	if !errors.As(err, &syn) {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return "il contenuto finisce prima del tempo"
		}
		return "contenuto non leggibile"
	}
	at := fmt.Sprintf("riga %d: ", syn.Line)
	msg := syn.Msg
	switch {
	case xmlEntityRe.MatchString(msg):
		return at + "entità «" + xmlEntityRe.FindStringSubmatch(msg)[1] + "» sconosciuta (un foglio di calcolo non definisce entità proprie: il file può essere costruito per esaurire la memoria)"
	case xmlClosedRe.MatchString(msg):
		m := xmlClosedRe.FindStringSubmatch(msg)
		return at + "l'elemento <" + m[1] + "> è chiuso da </" + m[2] + ">"
	case xmlEndRe.MatchString(msg):
		return at + "chiusura </" + xmlEndRe.FindStringSubmatch(msg)[1] + "> senza apertura"
	case msg == "unexpected EOF":
		return at + "il contenuto finisce prima del tempo"
	case strings.Contains(msg, "UTF-8"):
		return at + "caratteri non validi in UTF-8"
	case strings.HasPrefix(msg, "illegal character code"):
		return at + "carattere non ammesso in XML"
	}
	return at + "struttura XML non valida"
}

// FileError says why a file could not be read or written.
func FileError(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "il file o la cartella non esiste"
	case errors.Is(err, fs.ErrPermission):
		return "permesso negato"
	case errors.Is(err, syscall.ENOSPC):
		return "disco pieno"
	case errors.Is(err, syscall.EISDIR):
		return "è una cartella"
	}
	return "errore del sistema operativo"
}
