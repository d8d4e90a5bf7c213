package web

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/salkku/salkku"
)

// checkJSONBody refuses what encoding/json would accept but quietly change
// or misread: text that is not UTF-8 and escapes of lone surrogates
// ("\ud800"), which it turns into U+FFFD, and NULs ("\u0000"), which no
// text may hold; keys that are not exactly a field's name ("PORTFOLIO_ID",
// which it would match to "portfolio_id") and keys given twice, of which
// it keeps the last. Each error names its field. v is the struct the body
// is decoded into; a body that is not a JSON object is left for the
// decoder to refuse.
func checkJSONBody(body []byte, v any) error {
	known := jsonFieldNames(reflect.TypeOf(v))
	nested := nestedFieldNames(reflect.TypeOf(v))
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	fe := salkku.FieldErrors{}
	// frame is an object or array being read; keys are checked in every
	// object, the top level's against v's fields, nested ones for keys
	// given twice or in another case than the field's (errors name the
	// top-level key whose value holds them).
	type frame struct {
		object  bool
		wantKey bool // the next string is a key
		seen    map[string]bool
	}
	var stack []frame
	var key string // the top-level key whose value is being read
	start := int64(0)
	for {
		tok, err := dec.Token()
		if err != nil {
			break // the decoder itself reports syntax errors
		}
		end := dec.InputOffset()
		raw := body[start:end]
		start = end
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{', '[':
				if len(stack) == 0 && d != '{' {
					return nil
				}
				stack = append(stack, frame{object: d == '{', wantKey: d == '{', seen: map[string]bool{}})
			case '}', ']':
				stack = stack[:len(stack)-1]
				if n := len(stack); n > 0 {
					stack[n-1].wantKey = stack[n-1].object
				}
			}
			continue
		}
		if len(stack) == 0 {
			return nil // not an object: the decoder's to refuse
		}
		top := &stack[len(stack)-1]
		if t, ok := tok.(string); ok {
			bad := !validJSONString(raw)
			if top.wantKey {
				name := t
				if len(stack) == 1 {
					key = t
				} else {
					name = key
				}
				if bad {
					name = fieldName(name)
				}
				switch {
				case bad:
					fe.Add(name, "error.invalid_text")
				case top.seen[t]:
					fe.Add(name, "error.json_duplicate_field")
				case len(stack) == 1 && known != nil && !known[t]:
					fe.Add(name, "error.json_unknown_field_field")
				case len(stack) > 1 && nested != nil && !nested[t] && nested[strings.ToLower(t)+"\x00fold"]:
					fe.Add(name, "error.json_unknown_field_field")
				}
				top.seen[t] = true
				top.wantKey = false
				continue
			}
			if bad {
				fe.Add(fieldName(key), "error.invalid_text")
			}
		}
		top.wantKey = top.object
	}
	if len(fe) == 0 {
		return nil
	}
	return fe.Err()
}

// nestedFieldNames lists the JSON names of the fields of every struct
// nested in t's fields (through slices and pointers), and each name folded
// to lower case with a "\x00fold" suffix, so that a key in another case can
// be told from one of a field. Types that decode themselves (Text) are not
// entered; nil when a map is nested, whose keys are free.
func nestedFieldNames(t reflect.Type) map[string]bool {
	if t == nil || t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct {
		return nil
	}
	names := map[string]bool{}
	unmarshaler := reflect.TypeFor[json.Unmarshaler]()
	seen := map[reflect.Type]bool{}
	free := false
	var walk func(t reflect.Type, top bool)
	walk = func(t reflect.Type, top bool) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
			t = t.Elem()
		}
		if t.Kind() == reflect.Map {
			free = true
			return
		}
		if t.Kind() != reflect.Struct || seen[t] || reflect.PointerTo(t).Implements(unmarshaler) {
			return
		}
		seen[t] = true
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" || !f.IsExported() && !f.Anonymous {
				continue
			}
			if f.Anonymous && name == "" {
				delete(seen, f.Type)
				walk(f.Type, top)
				continue
			}
			if name == "" {
				name = f.Name
			}
			if !top {
				names[name], names[strings.ToLower(name)+"\x00fold"] = true, true
			}
			walk(f.Type, false)
		}
	}
	walk(t.Elem(), true)
	if free {
		return nil
	}
	return names
}

// validJSONString reports whether the raw JSON text of one string token
// (with what precedes it since the last token) is UTF-8 and escapes no lone
// surrogate and no NUL.
func validJSONString(raw []byte) bool {
	i := bytes.IndexByte(raw, '"')
	if i < 0 {
		return true
	}
	s := raw[i:]
	if !utf8.Valid(s) {
		return false
	}
	for j := 0; j < len(s); j++ {
		if s[j] != '\\' {
			continue
		}
		if j+1 < len(s) && s[j+1] != 'u' {
			j++ // \" \\ \n …
			continue
		}
		r, ok := hex4(s, j+2)
		switch {
		case !ok:
			return true // a malformed escape is the decoder's to refuse
		case r == 0:
			return false
		case r >= 0xD800 && r < 0xDC00:
			// A high surrogate must be followed by an escaped low one.
			lo, ok := hex4(s, j+8)
			if j+7 >= len(s) || s[j+6] != '\\' || s[j+7] != 'u' || !ok || lo < 0xDC00 || lo >= 0xE000 {
				return false
			}
			j += 11
		case r >= 0xDC00 && r < 0xE000:
			return false
		default:
			j += 5
		}
	}
	return true
}

// hex4 reads the four hex digits of a \u escape at s[i:].
func hex4(s []byte, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var r rune
	for _, c := range s[i : i+4] {
		switch {
		case '0' <= c && c <= '9':
			r = r<<4 | rune(c-'0')
		case 'a' <= c && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case 'A' <= c && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// jsonFieldNames lists the JSON names of a struct's fields, through
// embedded structs, as encoding/json sees them; nil when t is not a
// pointer to a struct (any key is then left to the decoder).
func jsonFieldNames(t reflect.Type) map[string]bool {
	if t == nil || t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct {
		return nil
	}
	names := map[string]bool{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, _, _ := strings.Cut(tag, ",")
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if f.Anonymous && name == "" && ft.Kind() == reflect.Struct {
				walk(ft)
				continue
			}
			if !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			names[name] = true
		}
	}
	walk(t.Elem())
	return names
}
