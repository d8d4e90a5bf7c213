package importer

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/salkku/salkku"
)

// ReadCSV reads a CSV file's bytes as Excel would open them: the encoding
// is UTF-8 (with or without a byte-order mark), UTF-16 with its
// byte-order mark, or else, when the bytes are no valid UTF-8, Windows-1252
// (what Finnish Excel writes for "CSV (erottimena puolipiste)"). The
// separator is the one of semicolon, tab and comma found most often in the
// header line outside quotes (a first line "sep=;" names it, as Excel
// understands). Fields may be quoted, with "" for a quote and line breaks
// inside the quotes; every line break outside quotes starts a row, so row
// numbers are Excel's (a record with line breaks in a quoted field is one
// row). Every cell is text.
func ReadCSV(b []byte, opts ...Option) (*Table, error) {
	o := options{maxRows: DefaultMaxRows}
	for _, opt := range opts {
		opt(&o)
	}
	return readCSV(b, &o)
}

func readCSV(b []byte, o *options) (*Table, error) {
	s, err := decodeText(b)
	if err != nil {
		return nil, err
	}
	if strings.IndexByte(s, 0) >= 0 {
		return nil, salkku.Errorf(salkku.EINVALID, ErrCSVBinary)
	}
	sep := byte(0)
	if rest, ok := strings.CutPrefix(s, "sep="); ok && len(rest) > 0 && strings.IndexByte(";,\t|", rest[0]) >= 0 {
		if tail := rest[1:]; tail == "" || tail[0] == '\n' || tail[0] == '\r' {
			sep = rest[0]
			s = strings.TrimLeft(tail, "\r\n")
		}
	}
	if sep == 0 {
		sep = detectSeparator(s)
	}
	bld := builder{t: &Table{Format: "csv"}, maxRows: o.maxRows}
	total := len(s)
	var cells []Cell
	var field strings.Builder
	row, i := 1, 0
	for i <= len(s) {
		// One field from i.
		field.Reset()
		start := row
		if i < len(s) && s[i] == '"' {
			i++
			for {
				j := strings.IndexByte(s[i:], '"')
				if j < 0 {
					return nil, salkku.Errorf(salkku.EINVALID, ErrCSVQuote, start)
				}
				field.WriteString(s[i : i+j])
				i += j + 1
				if i < len(s) && s[i] == '"' {
					field.WriteByte('"')
					i++
					continue
				}
				break
			}
			// Anything between the closing quote and the separator is
			// kept, as Excel keeps it.
		}
		j := i
		for j < len(s) && s[j] != sep && s[j] != '\n' && s[j] != '\r' {
			j++
		}
		field.WriteString(s[i:j])
		cells = append(cells, textCell(field.String()))
		i = j
		if i < len(s) && s[i] == sep {
			i++
			continue
		}
		// End of the row: a line break or the end of the text.
		if err := bld.add(row, cells); err != nil {
			return nil, err
		}
		cells = nil
		if i >= len(s) {
			break
		}
		if s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n' {
			i++
		}
		i++
		row++
		if o.progress != nil && row%progressEvery == 0 {
			o.progress(i, total)
		}
		if i == len(s) {
			break
		}
	}
	if o.progress != nil {
		o.progress(total, total)
	}
	return bld.done()
}

// textCell is a CSV field as a Cell.
func textCell(s string) Cell { return Cell{Text: unquote(trim(s))} }

// detectSeparator picks the separator of the header line: the most
// frequent of ; \t , outside quotes, a semicolon on a tie or when there is
// none (a file of one column).
func detectSeparator(s string) byte {
	counts := map[byte]int{}
	quoted := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '"' {
			quoted = !quoted
			continue
		}
		if quoted {
			continue
		}
		if c == '\n' || c == '\r' {
			break
		}
		counts[c]++
	}
	best := byte(';')
	for _, c := range []byte{'\t', ','} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}

// decodeText turns a CSV file's bytes into a string: UTF-8 without its
// byte-order mark, UTF-16 by its byte-order mark, else Windows-1252 when
// the bytes are not valid UTF-8.
func decodeText(b []byte) (string, error) {
	switch {
	case bytes.HasPrefix(b, []byte("\xef\xbb\xbf")):
		b = b[3:]
	case bytes.HasPrefix(b, []byte("\xff\xfe")), bytes.HasPrefix(b, []byte("\xfe\xff")):
		d := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		out, err := d.Bytes(b)
		if err != nil {
			return "", salkku.Errorf(salkku.EINVALID, ErrCSVBinary)
		}
		return strings.TrimPrefix(string(out), "\ufeff"), nil
	}
	if utf8.Valid(b) {
		return string(b), nil
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(b)
	if err != nil {
		return "", salkku.Errorf(salkku.EINVALID, ErrCSVBinary)
	}
	return string(out), nil
}
