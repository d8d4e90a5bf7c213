package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/salkku/salkku"
)

// WriteJSON writes v with the status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// WriteRawJSON writes b, JSON encoded as WriteJSON encodes (no HTML
// escaping), with the newline WriteJSON ends with. Its length is known, so
// it goes out with a Content-Length rather than chunked, and b is not
// copied to add the newline.
func WriteRawJSON(w http.ResponseWriter, status int, b []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(b)+1))
	w.WriteHeader(status)
	w.Write(b)
	w.Write(newline)
}

var newline = []byte{'\n'}

// DecodeJSON reads one JSON object from r into v strictly: unknown fields
// (a known one in another case too), fields given twice, text that is not
// UTF-8 or holds a lone surrogate or a NUL, trailing data, wrong types and
// oversized bodies are EINVALID (or ETOOLARGE) errors naming the problem. v must point to a struct whose JSON
// is a flat object, as the domain types' is.
func DecodeJSON(r io.Reader, v any) error {
	// The body is read whole (MaxBodyBytes bounds it) so that a value
	// refused by a field's own UnmarshalJSON can be traced to its field.
	b, err := io.ReadAll(r)
	if err != nil {
		return JSONError(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var se *salkku.Error
		if errors.As(err, &se) && len(se.Fields) == 0 {
			return refusedFields(b, v, se)
		}
		return JSONError(err)
	}
	if err := dec.Decode(&struct{}{}); err != io.EOF {
		return salkku.Errorf(salkku.EINVALID, "error.json_trailing")
	}
	return checkJSONBody(b, v)
}

// refusedFields names the fields whose values a domain type's UnmarshalJSON
// refused (a month "2017-13", say): encoding/json returns such errors
// without saying where they arose, so each field of the body is decoded
// alone into a fresh value of v's type to find out.
func refusedFields(body []byte, v any, refused *salkku.Error) error {
	var obj map[string]json.RawMessage
	t := reflect.TypeOf(v)
	if json.Unmarshal(body, &obj) != nil || t.Kind() != reflect.Pointer {
		return refused
	}
	fe := salkku.FieldErrors{}
	for name, raw := range obj {
		one, err := json.Marshal(map[string]json.RawMessage{name: raw})
		if err != nil {
			continue
		}
		var se *salkku.Error
		if err := json.Unmarshal(one, reflect.New(t.Elem()).Interface()); errors.As(err, &se) {
			fe.Add(name, se.Message)
		}
	}
	if len(fe) == 0 {
		return refused
	}
	return fe.Err()
}

func JSONError(err error) error {
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
		// Field is a path through the Go structs ("Project.Meta.version"):
		// embedded structs add their Go names, which mean nothing to a
		// client, so only the JSON name at its end is kept.
		field := typ.Field
		if i := strings.LastIndexByte(field, '.'); i >= 0 {
			field = field[i+1:]
		}
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

// ETag is the entity tag of a record's version.
func ETag(version int) string { return fmt.Sprintf(`"v%d"`, version) }

// IfMatchVersion returns the version named by an If-Match header, or 0.
func IfMatchVersion(r *http.Request) (int, error) {
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
