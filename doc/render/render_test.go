package render_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/salkku/salkku/doc/chrome"
	"github.com/salkku/salkku/doc/doctest"
	"github.com/salkku/salkku/doc/render"
	"github.com/salkku/salkku/internal/testenv"
)

// TestEngines: without Chromium the PDF is written in pure Go and says
// so; with it, Chromium prints a tagged PDF with an outline; the other
// formats are what they say; an unknown format writes nothing.
func TestEngines(t *testing.T) {
	ctx := context.Background()
	d := doctest.Sample()
	write := func(r *render.Renderer, format string) (string, []byte, error) {
		var b bytes.Buffer
		engine, err := r.Write(ctx, &b, d, format)
		return engine, b.Bytes(), err
	}
	engine, out, err := write(&render.Renderer{}, "pdf")
	if err != nil || engine != render.EngineGo || !bytes.HasPrefix(out, []byte("%PDF-")) {
		t.Fatalf("pure Go: engine %q, %v, %.10q", engine, err, out)
	}
	engine, out, err = write(&render.Renderer{}, "html")
	if err != nil || engine != "" || !strings.Contains(string(out), `<html lang="fi">`) {
		t.Errorf("html: engine %q, %v", engine, err)
	}
	engine, out, err = write(&render.Renderer{}, "docx")
	if err != nil || engine != "" || !bytes.HasPrefix(out, []byte("PK")) {
		t.Errorf("docx: engine %q, %v", engine, err)
	}
	if _, out, err = write(&render.Renderer{}, "odt"); !errors.Is(err, render.ErrFormat) || len(out) != 0 {
		t.Errorf("odt: %v, %d bytes", err, len(out))
	}

	path := chrome.Find()
	if path == "" {
		testenv.SkipOrFail(t, "Chromium is not installed (apt-get install chromium, or set SALKKU_CHROMIUM); the Chromium path is not checked")
	}
	r := &render.Renderer{Printer: chrome.New(path)}
	defer r.Close()
	engine, out, err = write(r, "pdf")
	if err != nil || engine != render.EngineChromium {
		t.Fatalf("Chromium: engine %q, %v", engine, err)
	}
	for _, want := range []string{"/StructTreeRoot", "/Outlines", "/Lang"} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("Chromium's PDF has no %s", want)
		}
	}
	// A printer whose Chromium cannot start falls back to pure Go.
	broken := &render.Renderer{Printer: chrome.New("/nonexistent/chromium")}
	if engine, _, err = write(broken, "pdf"); err != nil || engine != render.EngineGo {
		t.Errorf("a broken Chromium: engine %q, %v; want the pure-Go PDF", engine, err)
	}
}
