package pdf_test

import (
	"io"
	"testing"

	"github.com/salkku/salkku/doc/pdf"
)

func BenchmarkWrite(b *testing.B) {
	d := sample()
	for b.Loop() {
		if err := pdf.Write(io.Discard, d); err != nil {
			b.Fatal(err)
		}
	}
}
