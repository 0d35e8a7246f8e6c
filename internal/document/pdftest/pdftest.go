// Package pdftest reads PDFs back for tests with poppler-utils: the text
// (pdftotext -layout) and page 1 as a picture (pdftoppm). Without the
// tools a test is skipped, except when CI=true, where it fails.
package pdftest

import (
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Need skips tb without pdftotext and pdftoppm, or fails it in CI.
func Need(tb testing.TB) {
	tb.Helper()
	for _, tool := range []string{"pdftotext", "pdftoppm"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				tb.Fatalf("%s missing (poppler-utils): CI must read the PDFs back", tool)
			}
			tb.Skipf("%s missing (poppler-utils)", tool)
		}
	}
}

// write puts pdf in a file of its own; with PERFORMA_PDF_DIR set, a copy
// stays there for a person to look at.
func write(tb testing.TB, pdf []byte) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		tb.Fatal(err)
	}
	if dir := os.Getenv("PERFORMA_PDF_DIR"); dir != "" {
		_ = os.WriteFile(filepath.Join(dir, filepath.Base(tb.Name())+".pdf"), pdf, 0o644)
	}
	return path
}

// Text is the text of pdf as pdftotext -layout reads it.
func Text(tb testing.TB, pdf []byte) string {
	tb.Helper()
	Need(tb)
	out, err := exec.Command("pdftotext", "-layout", write(tb, pdf), "-").Output()
	if err != nil {
		tb.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// NotBlank renders page 1 of pdf at 50 dpi and fails tb when it is not an
// A4 page with something printed on it.
func NotBlank(tb testing.TB, pdf []byte) {
	tb.Helper()
	Need(tb)
	path := write(tb, pdf)
	prefix := filepath.Join(filepath.Dir(path), "page")
	if out, err := exec.Command("pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", path, prefix).CombinedOutput(); err != nil {
		tb.Fatalf("pdftoppm: %v %s", err, out)
	}
	pages, _ := filepath.Glob(prefix + "*.png")
	if len(pages) != 1 {
		tb.Fatalf("pdftoppm wrote %v", pages)
	}
	fh, err := os.Open(pages[0])
	if err != nil {
		tb.Fatal(err)
	}
	defer fh.Close()
	img, err := png.Decode(fh)
	if err != nil {
		tb.Fatal(err)
	}
	b := img.Bounds()
	if b.Dx() < 400 || b.Dy() < 580 { // A4 at 50 dpi: 413 × 585
		tb.Errorf("page 1 is %d × %d pixels", b.Dx(), b.Dy())
	}
	dark := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if r, g, bl, _ := img.At(x, y).RGBA(); r+g+bl < 3*0xc000 {
				dark++
			}
		}
	}
	if dark < 500 {
		tb.Errorf("page 1 is blank: %d dark pixels", dark)
	}
}
