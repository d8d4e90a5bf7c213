package salkku

import (
	"encoding/json"
	"reflect"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// Content languages: the languages in which people may write the names and
// descriptions of what they register. Bilingual municipalities and
// wellbeing counties publish in Finnish and Swedish (law 423/2003); some
// organisations add English.
const (
	LangFI = "fi"
	LangSV = "sv"
	LangEN = "en"
)

// ContentLangs lists the content languages in their usual order.
var ContentLangs = []string{LangFI, LangSV, LangEN}

// ValidLang reports whether lang is a content language.
func ValidLang(lang string) bool { return langIndex(lang) >= 0 }

func langIndex(lang string) int {
	for i, l := range ContentLangs {
		if l == lang {
			return i
		}
	}
	return -1
}

// Text is a text people type, in each content language they wrote it in:
// the name or description of an organisation, portfolio, category, project
// or work package, and of every kind that follows. It is the one way such
// text is kept; the store keeps each language in a row of its own (table
// texts). JSON writes it as an object by language: {"fi": "…", "sv": "…"}.
type Text struct {
	FI, SV, EN string
	// Primary is the owning organisation's primary language, which a
	// reader gets where their own is missing. The store fills it; it is
	// not part of the text's JSON.
	Primary string

	// What JSON input said that CheckText resolves or reports: a plain
	// string, which is the text in the primary language, and keys that
	// are no content language.
	bare    *string
	unknown string // comma-separated, so that a Text stays comparable
}

// T is a Text in Finnish only, as the seeds write.
func T(fi string) Text { return Text{FI: fi} }

// InPrimary is a text in the primary language of whichever organisation
// it is written for, which CheckText resolves: a plain string from the
// API, or a form field without a language.
func InPrimary(s string) Text { return Text{bare: &s} }

// Resolve is t with a text given without a language (InPrimary) set in
// primary.
func (t Text) Resolve(primary string) Text {
	if t.bare != nil {
		t.Set(primary, *t.bare)
		t.bare = nil
	}
	return t
}

// Get returns the text in lang, "" when it has none.
func (t Text) Get(lang string) string {
	switch lang {
	case LangFI:
		return t.FI
	case LangSV:
		return t.SV
	case LangEN:
		return t.EN
	}
	return ""
}

// Set sets the text in lang; an unknown language is ignored (Validate of
// the input that named it reports it).
func (t *Text) Set(lang, s string) {
	switch lang {
	case LangFI:
		t.FI = s
	case LangSV:
		t.SV = s
	case LangEN:
		t.EN = s
	}
}

// In returns the text a reader of lang sees and the language it is in:
// their own where it exists, else the primary language's, else the first
// language that has one.
func (t Text) In(lang string) (string, string) {
	if s := t.Get(lang); s != "" {
		return s, lang
	}
	if s := t.Get(t.Primary); s != "" {
		return s, t.Primary
	}
	for _, l := range ContentLangs {
		if s := t.Get(l); s != "" {
			return s, l
		}
	}
	return "", lang
}

// PrimaryText is the text in the primary language (or the first there
// is), for logs, file names and places with no reader. (Text is no
// fmt.Stringer, so that a template cannot print one without choosing the
// reader's language: see web.Base.Text.)
func (t Text) PrimaryText() string {
	s, _ := t.In(t.Primary)
	return s
}

// IsZero reports whether the text is empty in every language.
func (t Text) IsZero() bool { return t.FI == "" && t.SV == "" && t.EN == "" }

// Langs lists the languages the text has, in ContentLangs order.
func (t Text) Langs() []string {
	var out []string
	for _, l := range ContentLangs {
		if t.Get(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

// Equal reports whether two texts say the same in every language.
func (t Text) Equal(u Text) bool { return t.FI == u.FI && t.SV == u.SV && t.EN == u.EN }

// Trim trims every language and writes its line breaks as "\n": a
// browser sends a textarea's as "\r\n", and a text saved unchanged must
// stay unchanged.
func (t Text) Trim() Text {
	clean := func(s string) string { return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n")) }
	t.FI, t.SV, t.EN = clean(t.FI), clean(t.SV), clean(t.EN)
	return t
}

// Join is every language's text, space-separated, for search.
func (t Text) Join() string { return strings.Join([]string{t.FI, t.SV, t.EN}, " ") }

// MarshalJSON writes the languages that have text, e.g. {"fi":"Palomuuri"}.
func (t Text) MarshalJSON() ([]byte, error) {
	// Written by hand: a list of fifty projects writes some three hundred
	// texts, and json.Marshal per language was a third of its time.
	b := make([]byte, 0, 2+len(t.FI)+len(t.SV)+len(t.EN)+24)
	b = append(b, '{')
	for _, l := range ContentLangs {
		v := t.Get(l)
		if v == "" {
			continue
		}
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, l...)
		b = append(b, '"', ':')
		b = appendJSONString(b, v)
	}
	return append(b, '}'), nil
}

// appendJSONString appends s as a JSON string, escaped as encoding/json
// escapes it (HTML characters, U+2028 and U+2029 too), invalid UTF-8 as
// U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			switch r {
			case utf8.RuneError:
				b = append(b, `\ufffd`...)
			default:
				b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			}
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// UnmarshalJSON reads an object by language, {"fi": "…", "sv": "…"}, or
// a plain string, which is the text in the organisation's primary language
// (as the API took names before they had languages). A key that is no
// content language ("se" for Swedish) is kept for CheckText to report,
// naming the field and the key, so that a typo is never dropped silently.
func (t *Text) UnmarshalJSON(data []byte) error {
	*t = Text{Primary: t.Primary}
	var s string
	if err := json.Unmarshal(data, &s); err == nil {
		t.bare = &s
		return nil
	}
	var m map[string]string
	if err := json.Unmarshal(data, &m); err != nil {
		return &json.UnmarshalTypeError{Value: "text", Type: reflect.TypeOf(Text{})}
	}
	var unknown []string
	for l, v := range m {
		if !ValidLang(l) {
			unknown = append(unknown, l)
			continue
		}
		t.Set(l, v)
	}
	sort.Strings(unknown)
	t.unknown = strings.Join(unknown, ",")
	return nil
}

// Languages says in which content languages an organisation writes: the
// primary one first, which readers get where their own is missing, and
// which of them every name must have.
type Languages struct {
	// Used are the content languages, the primary first.
	Used []string `json:"used"`
	// Required are those of Used in which every name must be written;
	// the primary always is.
	Required []string `json:"required"`
}

// DefaultLanguages is Finnish only, as most Finnish municipalities write.
func DefaultLanguages() Languages {
	return Languages{Used: []string{LangFI}, Required: []string{LangFI}}
}

// Primary is the primary language.
func (l Languages) Primary() string {
	if len(l.Used) == 0 {
		return LangFI
	}
	return l.Used[0]
}

// Uses reports whether lang is one of the languages used.
func (l Languages) Uses(lang string) bool { return slices.Contains(l.Used, lang) }

// Requires reports whether every name must be written in lang.
func (l Languages) Requires(lang string) bool {
	return lang == l.Primary() || slices.Contains(l.Required, lang)
}

// Normalize drops duplicates, keeps the primary first and required, and
// gives an empty value the default.
func (l Languages) Normalize() Languages {
	used := CleanList(l.Used)
	if len(used) == 0 {
		return DefaultLanguages()
	}
	req := []string{used[0]}
	for _, r := range CleanList(l.Required) {
		if r != used[0] && slices.Contains(used, r) {
			req = append(req, r)
		}
	}
	return Languages{Used: used, Required: req}
}

// Validate checks that every language named is a content language and
// that those required are used.
func (l Languages) Validate(fe FieldErrors) {
	for _, u := range l.Used {
		if !ValidLang(u) {
			fe.Add("languages", "error.unknown_lang_field")
		}
	}
	for _, r := range l.Required {
		if !ValidLang(r) {
			fe.Add("required_languages", "error.unknown_lang_field")
		} else if !slices.Contains(l.Used, r) {
			fe.Add("required_languages", "error.required_lang_unused")
		}
	}
}

// CheckText validates a text field written under these languages: a
// language the organisation does not use may not be written, a required
// field needs every required language, and each language is checked as
// a text of at most max characters. Errors name the field and language,
// e.g. name.sv. t is trimmed in place.
func (l Languages) CheckText(fe FieldErrors, field string, t *Text, required bool, max int) {
	if t.bare != nil {
		t.Set(l.Primary(), *t.bare)
		t.bare = nil
	}
	if t.unknown != "" {
		for _, u := range strings.Split(t.unknown, ",") {
			fe.Add(field+"."+u, "error.unknown_lang_field")
		}
	}
	t.unknown = ""
	*t = t.Trim()
	t.Primary = l.Primary()
	for _, lang := range ContentLangs {
		v := t.Get(lang)
		key := field + "." + lang
		switch {
		case v != "" && !l.Uses(lang):
			fe.Add(key, "error.lang_unused")
		case v == "" && required && l.Requires(lang):
			fe.Add(key, "error.required")
		case v != "":
			checkText(fe, key, v, false, max)
		}
	}
}

// Keep returns t with only the languages l uses: a built-in text (seed
// 002's cost categories) written in all three, for an organisation that
// writes its content in fewer.
func (l Languages) Keep(t Text) Text {
	var out Text
	for _, lang := range ContentLangs {
		if l.Uses(lang) {
			out.Set(lang, t.Get(lang))
		}
	}
	out.Primary = l.Primary()
	return out
}

// CollationKey returns a key whose byte order is the alphabetical order of
// s in lang: Finnish and Swedish put å, ä and ö after z, in that order,
// and read w as v's neighbour, ü as y and š, ž as s, z; English reads
// å, ä as a and ö as o. Case and other accents do not count. The store
// keeps the key beside each text so that a list sorts in the reader's
// language in SQL, compared byte by byte (COLLATE "C" on PostgreSQL).
func CollationKey(lang, s string) string {
	var b strings.Builder
	for _, r := range Fold(s) {
		if lang != LangEN {
			switch r {
			case 'å':
				b.WriteByte(0x7b) // after z
				continue
			case 'ä', 'æ':
				b.WriteByte(0x7c)
				continue
			case 'ö', 'ø':
				b.WriteByte(0x7d)
				continue
			case 'ü':
				r = 'y'
			}
		}
		switch r {
		case 'à', 'á', 'â', 'ã', 'å', 'ä', 'æ':
			r = 'a'
		case 'ç', 'č':
			r = 'c'
		case 'è', 'é', 'ê', 'ë':
			r = 'e'
		case 'ì', 'í', 'î', 'ï':
			r = 'i'
		case 'ñ':
			r = 'n'
		case 'ò', 'ó', 'ô', 'õ', 'ö', 'ø':
			r = 'o'
		case 'š':
			r = 's'
		case 'ù', 'ú', 'û', 'ü':
			r = 'u'
		case 'ý', 'ÿ':
			r = 'y'
		case 'ž':
			r = 'z'
		}
		b.WriteRune(r)
	}
	return b.String()
}
