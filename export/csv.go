package export

import (
	"bufio"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/salkku/salkku"
)

// csvWriter writes CSV: Excel's Finnish variant (fi) or RFC 4180.
type csvWriter struct {
	w       *bufio.Writer
	lang    string
	fi      bool
	sep     byte
	dec     byte
	columns int
	started bool
	buf     []byte
}

func newCSV(w io.Writer, lang string, fi bool) *csvWriter {
	c := &csvWriter{w: bufio.NewWriterSize(w, 64<<10), lang: lang, fi: fi, sep: ',', dec: '.'}
	if fi {
		c.sep, c.dec = ';', ','
	}
	return c
}

var errColumns = errors.New("export: Columns must be called once, before Row")

func (c *csvWriter) Columns(cols []Column) error {
	if c.started {
		return errColumns
	}
	c.started, c.columns = true, len(cols)
	if c.fi {
		// The byte-order mark tells Excel the file is UTF-8.
		c.w.WriteString("\ufeff")
	}
	titles := make([]any, len(cols))
	for i, col := range cols {
		titles[i] = col.Title
	}
	return c.Row(titles...)
}

func (c *csvWriter) Row(values ...any) error {
	if !c.started {
		return errColumns
	}
	b := c.buf[:0]
	for i := 0; i < max(len(values), c.columns); i++ {
		if i > 0 {
			b = append(b, c.sep)
		}
		if i < len(values) {
			b = c.field(b, c.text(classify(values[i], c.lang)))
		}
	}
	b = append(b, '\r', '\n')
	c.buf = b
	_, err := c.w.Write(b)
	return err
}

// text writes a value as this variant writes it.
func (c *csvWriter) text(v value) string {
	switch v.kind {
	case kText:
		return v.s
	case kInt:
		return strconv.FormatInt(v.i, 10)
	case kFloat:
		return float(v.f, c.dec)
	case kBool:
		if v.b {
			return "TRUE"
		}
		return "FALSE"
	case kMoney:
		return cents(v.i, c.dec)
	case kPercent:
		return percent(v.i, c.dec)
	case kMonth:
		return salkku.Month(v.i).String()
	case kDate:
		if c.fi {
			return v.t.Format("2.1.2006")
		}
		return v.t.Format("2006-01-02")
	case kDateTime:
		if c.fi {
			return v.t.Format("2.1.2006 15:04")
		}
		return v.t.Format("2006-01-02 15:04:05")
	}
	return ""
}

// field appends s, quoted when it holds the separator, a quote, a line
// break or space at an end.
func (c *csvWriter) field(b []byte, s string) []byte {
	if s == "" {
		return b
	}
	if strings.IndexByte(s, c.sep) < 0 && !strings.ContainsAny(s, "\"\r\n") && s[0] != ' ' && s[len(s)-1] != ' ' {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}

func (c *csvWriter) Close() error {
	if !c.started {
		if err := c.Columns(nil); err != nil {
			return err
		}
	}
	return c.w.Flush()
}
