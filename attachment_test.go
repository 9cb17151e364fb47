package parley

import (
	"strings"
	"testing"
)

func TestSniffAttachment(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	zip := []byte("PK\x03\x04\x14\x00\x00\x00")
	for _, tc := range []struct {
		name, file string
		data       []byte
		want       string // "" means refused
	}{
		{"png", "a.png", png, "image/png"},
		{"png named pdf", "a.pdf", png, "image/png"},
		{"pdf", "a.pdf", []byte("%PDF-1.7\n"), "application/pdf"},
		{"text", "notes.txt", []byte("hello"), "text/plain"},
		{"csv", "t.csv", []byte("a,b\n1,2\n"), "text/csv"},
		{"docx", "r.docx", zip, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"zip", "r.zip", zip, "application/zip"},
		{"html named png", "x.png", []byte("<html><script>alert(1)</script>"), ""},
		{"svg", "x.svg", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script/></svg>`), ""},
		{"svg without prolog", "x.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`), ""},
		{"exe", "x.exe", []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := SniffAttachment(tc.data, tc.file)
			if tc.want == "" {
				if err == nil || ErrorCode(err) != EINVALID {
					t.Fatalf("got %q, %v; want EINVALID", got, err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
	if !InlineType("image/png") || InlineType("application/pdf") || InlineType("image/svg+xml") {
		t.Error("InlineType: only raster images are inline")
	}
}

func TestSanitizeFilename(t *testing.T) {
	for in, want := range map[string]string{
		"../../etc/passwd":       "passwd",
		`C:\Users\a\report.pdf`:  "report.pdf",
		"in\"voice\r\n.pdf":      "in_voice__.pdf",
		"gnp\u202e.exe":          "gnp_.exe",
		"...":                    "file",
		"":                       "file",
		strings.Repeat("я", 300): strings.Repeat("я", 120),
		"Снимок экрана 1.png":    "Снимок экрана 1.png",
	} {
		if got := SanitizeFilename(in); got != want {
			t.Errorf("SanitizeFilename(%q) = %q; want %q", in, got, want)
		}
	}
}
