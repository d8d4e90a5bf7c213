// Package render writes a document in the format a user asked for:
// HTML, DOCX, or PDF, printed by Chromium where it is installed and
// written in pure Go where it is not, and says which engine made it.
package render

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"

	"github.com/salkku/salkku/doc"
	"github.com/salkku/salkku/doc/chrome"
	"github.com/salkku/salkku/doc/docx"
	dochtml "github.com/salkku/salkku/doc/html"
	"github.com/salkku/salkku/doc/pdf"
)

// Formats are the document formats, in the order the pages offer them.
var Formats = []string{"pdf", "docx", "html"}

// Engines say what made a PDF.
const (
	EngineChromium = "chromium"
	EngineGo       = "go"
)

// ErrFormat is an unknown format.
var ErrFormat = errors.New("render: unknown format")

// Renderer writes documents. The zero value writes PDFs in pure Go.
type Renderer struct {
	// Printer prints PDFs with Chromium; nil writes them in pure Go.
	Printer *chrome.Printer
	Logger  *slog.Logger
}

// New is a renderer that prints with the Chromium it finds, if any.
func New(logger *slog.Logger) *Renderer {
	r := &Renderer{Logger: logger}
	if path := chrome.Find(); path != "" {
		r.Printer = chrome.New(path)
	}
	return r
}

// Close stops the renderer's Chromium.
func (r *Renderer) Close() {
	if r != nil && r.Printer != nil {
		r.Printer.Close()
	}
}

// ContentType is the format's MIME type.
func ContentType(format string) string {
	switch format {
	case "pdf":
		return "application/pdf"
	case "docx":
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case "html":
		return "text/html; charset=utf-8"
	}
	return "application/octet-stream"
}

// Valid reports whether format is one of Formats.
func Valid(format string) bool {
	for _, f := range Formats {
		if f == format {
			return true
		}
	}
	return false
}

// Write writes d to w in format and returns the engine that made a PDF
// ("" for the other formats). A PDF Chromium fails to print is written in
// pure Go, and the log says why.
func (r *Renderer) Write(ctx context.Context, w io.Writer, d *doc.Document, format string) (engine string, err error) {
	switch format {
	case "html":
		return "", dochtml.Write(w, d)
	case "docx":
		return "", docx.Write(w, d)
	case "pdf":
	default:
		return "", ErrFormat
	}
	if r != nil && r.Printer != nil {
		var page bytes.Buffer
		if err := dochtml.Write(&page, d); err != nil {
			return "", err
		}
		out, err := r.Printer.PDF(ctx, page.Bytes(), d)
		if err == nil {
			_, err = w.Write(out)
			return EngineChromium, err
		}
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		if r.Logger != nil {
			r.Logger.Warn("chromium could not print a document; writing the PDF in pure Go", "err", err)
		}
	}
	return EngineGo, pdf.Write(w, d)
}
