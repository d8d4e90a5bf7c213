package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/salkku/salkku"
)

// writeJSON writes v with the status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// DecodeJSON reads one JSON object from r into v strictly: unknown fields,
// trailing data, wrong types and oversized bodies are EINVALID (or
// ETOOLARGE) errors naming the problem.
func DecodeJSON(r io.Reader, v any) error {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if err := dec.Decode(&struct{}{}); err != io.EOF {
		return salkku.Errorf(salkku.EINVALID, "error.json_trailing")
	}
	return nil
}

func jsonError(err error) error {
	var mbe *http.MaxBytesError
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var se *salkku.Error
	switch {
	case errors.As(err, &mbe):
		return salkku.Errorf(salkku.ETOOLARGE, "error.too_large")
	case errors.As(err, &se):
		// A domain type's UnmarshalJSON (a month, say) refused its value.
		return se
	case errors.As(err, &syn), errors.Is(err, io.ErrUnexpectedEOF):
		return salkku.Errorf(salkku.EINVALID, "error.json_syntax")
	case errors.Is(err, io.EOF):
		return salkku.Errorf(salkku.EINVALID, "error.json_empty")
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "body"
		}
		return &salkku.Error{Code: salkku.EINVALID, Message: "error.json_type", Args: []any{field},
			Fields: map[string]string{field: "error.json_type_field"}}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &salkku.Error{Code: salkku.EINVALID, Message: "error.json_unknown_field", Args: []any{name},
			Fields: map[string]string{name: "error.json_unknown_field_field"}}
	}
	return salkku.Errorf(salkku.EINVALID, "error.json_syntax")
}

// etag is the entity tag of a record's version.
func etag(version int) string { return fmt.Sprintf(`"v%d"`, version) }

// ifMatchVersion returns the version named by an If-Match header, or 0.
func ifMatchVersion(r *http.Request) (int, error) {
	h := strings.TrimSpace(r.Header.Get("If-Match"))
	if h == "" {
		return 0, nil
	}
	h = strings.TrimPrefix(h, "W/")
	var v int
	if _, err := fmt.Sscanf(h, `"v%d"`, &v); err != nil || v <= 0 {
		return 0, salkku.Errorf(salkku.EINVALID, "error.if_match")
	}
	return v, nil
}

// compactJSON is used by tests and logs.
func compactJSON(b []byte) string {
	var buf bytes.Buffer
	if json.Compact(&buf, b) != nil {
		return string(b)
	}
	return buf.String()
}
