package ingest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
)

// Format is a kind of file performa reads, recognised from its content:
// people rename files, and e-mail gateways mangle extensions.
type Format int

const (
	FormatText Format = iota // tab-separated text export ("Testo Unicode")
	FormatCSV                // comma- or semicolon-separated values
	FormatXLSX               // Office Open XML workbook (Excel)
	FormatODS                // OpenDocument spreadsheet (LibreOffice)
)

// String names the format the way users know it.
func (f Format) String() string {
	return [...]string{"testo delimitato da tabulazioni", "CSV", "XLSX", "ODS"}[f]
}

// MaxFileSize bounds every file performa reads, whatever its format (text
// export, CSV, XLSX, ODS, JSON): a plan is a few hundred kilobytes, 124.000
// objectives some 40 MB of text. MaxUnzippedSize bounds what a workbook may
// unzip to: a small file that unzips to gigabytes is a zip bomb.
const (
	MaxFileSize     = 64 << 20
	MaxUnzippedSize = 256 << 20
	maxZipEntries   = 10_000
)

var (
	zipMagic = []byte("PK\x03\x04")
	cfbMagic = []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") // OLE compound file: .xls, or an encrypted .xlsx
)

// TooLarge is the refusal of a file of size bytes, over MaxFileSize: the
// same words for every format, naming the limit.
func TooLarge(name string, size int64) error {
	return domain.Errorf(domain.EINVALID,
		"%s: il file è di %s, oltre il limite di %s per un file da importare (testo, CSV, XLSX, ODS o JSON).",
		name, formatSize(int(min(size, 1<<50))), formatSize(MaxFileSize))
}

// isCSVText reports whether delimited text is CSV (as opposed to the text
// export): values separated by ";" or ",", or by tabs and quoted as CSV
// writers quote them.
// It reads the text's first 64 KiB (head); binary says whether the whole
// looks binary (looksBinary).
func isCSVText(head string, binary bool) (delim byte, ok bool) {
	if binary || len(strings.TrimSpace(head)) == 0 {
		return 0, false
	}
	d, st := sniffDelimiter(strings.TrimPrefix(head, "\xef\xbb\xbf"))
	return d, d == ';' || d == ',' || (d == '\t' && st.quoted > 0 && !st.loose)
}

// read turns the bytes of a file of any format into a workbook.
func read(name string, data []byte, opts Options) (*Workbook, Format, []domain.Diagnostic, error) {
	switch {
	case bytes.HasPrefix(data, zipMagic):
		wb, f, diags, err := readZip(name, data, opts)
		return wb, f, diags, err
	case bytes.HasPrefix(data, cfbMagic):
		return nil, 0, nil, compoundFileError(name, data)
	}
	if u, ok := fromUTF16(data); ok {
		data = u
	}
	// One copy of the bytes as text: every row's cells are pieces of it.
	text := string(data)
	binary := looksBinary(data)
	if delim, ok := isCSVText(text[:min(len(text), 64<<10)], binary); ok {
		var diags []domain.Diagnostic
		text = strings.TrimPrefix(text, "\xef\xbb\xbf")
		if !utf8.ValidString(text) {
			text = string(decodeWindows1252([]byte(text)))
			diags = append(diags, latin1Diagnostic())
		}
		wb, err := readCSV(name, text, delim, opts)
		return wb, FormatCSV, diags, err
	}
	wb, diags, err := readText(name, text, binary)
	return wb, FormatText, diags, err
}

func latin1Diagnostic() domain.Diagnostic {
	return domain.Diagnostic{Severity: domain.SeverityWarning, Code: "file.encoding",
		Message: "il file non è in UTF-8: letto come Latin-1 (Windows-1252). Controllare le lettere accentate."}
}

// fromUTF16 converts text saved as UTF-16 with a byte-order mark (what
// Excel's "Testo Unicode" gives) to UTF-8.
func fromUTF16(data []byte) ([]byte, bool) {
	var big bool
	switch {
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}):
	case bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		big = true
	default:
		return nil, false
	}
	data = data[2:]
	units := make([]uint16, len(data)/2)
	for i := range units {
		if big {
			units[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
		} else {
			units[i] = uint16(data[2*i+1])<<8 | uint16(data[2*i])
		}
	}
	return []byte(string(utf16.Decode(units))), true
}

// readZip reads a zipped workbook: XLSX or ODS, told apart by what the
// archive holds.
func readZip(name string, data []byte, opts Options) (*Workbook, Format, []domain.Diagnostic, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, 0, nil, domain.Errorf(domain.EINVALID,
			"%s: il file sembra un foglio di calcolo compresso (XLSX o ODS) ma è danneggiato e non si può aprire; non è un file di testo. Provare ad aprirlo con Excel o LibreOffice e a salvarlo di nuovo.", name)
	}
	if err := checkZip(name, zr); err != nil {
		return nil, 0, nil, err
	}
	parts := map[string]*zip.File{}
	for _, f := range zr.File {
		parts[strings.TrimPrefix(f.Name, "/")] = f
	}
	switch {
	case parts["xl/workbook.xml"] != nil || parts["[Content_Types].xml"] != nil && parts["word/document.xml"] == nil && parts["ppt/presentation.xml"] == nil:
		wb, diags, err := readXLSX(name, parts, opts)
		return wb, FormatXLSX, diags, err
	case parts["mimetype"] != nil || parts["content.xml"] != nil:
		wb, diags, err := readODS(name, parts, opts)
		return wb, FormatODS, diags, err
	case parts["word/document.xml"] != nil:
		return nil, 0, nil, domain.Errorf(domain.EINVALID, "%s: è un documento Word, non un foglio di calcolo. Il piano va letto dal foglio di calcolo (XLSX, ODS o CSV).", name)
	}
	return nil, 0, nil, domain.Errorf(domain.EINVALID,
		"%s: è un archivio ZIP che non contiene un foglio di calcolo (né XLSX né ODS).", name)
}

// checkZip refuses archives that would unzip to far more than any plan: the
// sizes declared in the archive's directory are what archive/zip holds each
// entry to, so their sum bounds what reading can produce.
func checkZip(name string, zr *zip.Reader) error {
	if len(zr.File) > maxZipEntries {
		return domain.Errorf(domain.EINVALID, "%s: l'archivio contiene %s file: non è un foglio di calcolo.", name, formatInt(len(zr.File)))
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > MaxUnzippedSize || f.UncompressedSize64 > MaxUnzippedSize {
			return domain.Errorf(domain.EINVALID,
				"%s: una volta decompresso il file supererebbe %s (l'elemento %q da solo ne dichiara %s): troppo per un piano degli obiettivi, e può essere un file costruito per esaurire la memoria («zip bomb»). File non letto.",
				name, formatSize(MaxUnzippedSize), f.Name, formatSize(int(min(f.UncompressedSize64, 1<<50))))
		}
	}
	return nil
}

// openPart opens an entry of the archive, or says that the file is damaged.
func openPart(name string, f *zip.File) (io.ReadCloser, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, damaged(name, f.Name, err)
	}
	return rc, nil
}

// damaged is the error for a workbook whose parts cannot be read.
func damaged(name, part string, err error) error {
	return domain.Errorf(domain.EINVALID,
		"%s: il file è danneggiato (parte %s: %s). Provare ad aprirlo con Excel o LibreOffice e a salvarlo di nuovo.", name, part, damage(err))
}

// damage says in Italian what is wrong with a part: the decoders' errors
// are English.
func damage(err error) string {
	var de *domain.Error
	var corrupt flate.CorruptInputError
	switch {
	case errors.As(err, &de):
		return domain.ErrorMessage(err)
	case errors.Is(err, zip.ErrChecksum), errors.As(err, &corrupt), errors.Is(err, zip.ErrFormat):
		return "dati compressi danneggiati"
	case errors.Is(err, zip.ErrAlgorithm):
		return "compressione di un tipo sconosciuto"
	}
	return italian.XMLError(err)
}

// compoundFileError explains an OLE compound file: a workbook encrypted
// with a password (Office keeps those in this container) or the old binary
// .xls format.
func compoundFileError(name string, data []byte) error {
	if bytes.Contains(data, utf16le("EncryptionInfo")) || bytes.Contains(data, utf16le("EncryptedPackage")) {
		return domain.Errorf(domain.EINVALID,
			"%s: il file è protetto da password. Aprirlo con Excel o LibreOffice, togliere la password (File › Informazioni › Proteggi cartella di lavoro) e salvarlo di nuovo.", name)
	}
	return domain.Errorf(domain.EINVALID,
		"%s: è una cartella di lavoro nel vecchio formato Excel 97-2003 (.xls), che performa non legge. Aprirla con Excel o LibreOffice e salvarla come .xlsx o .ods.", name)
}

func utf16le(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}
