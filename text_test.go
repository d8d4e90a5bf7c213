package salkku_test

import (
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/salkku/salkku"
)

func TestTextIn(t *testing.T) {
	both := salkku.Text{FI: "Palomuuri", SV: "Brandvägg", Primary: "fi"}
	fiOnly := salkku.Text{FI: "Palomuuri", Primary: "fi"}
	svPrimary := salkku.Text{FI: "Palomuuri", SV: "Brandvägg", Primary: "sv"}
	noPrimary := salkku.Text{EN: "Firewall", Primary: "fi"}
	tests := []struct {
		name             string
		t                salkku.Text
		reader           string
		wantText, inLang string
	}{
		{"OwnLanguage", both, "sv", "Brandvägg", "sv"},
		{"Finnish", both, "fi", "Palomuuri", "fi"},
		{"MissingFallsBackToPrimary", fiOnly, "sv", "Palomuuri", "fi"},
		{"EnglishReaderOfSwedishPrimary", svPrimary, "en", "Brandvägg", "sv"},
		{"PrimaryMissingToo", noPrimary, "sv", "Firewall", "en"},
		{"Empty", salkku.Text{Primary: "fi"}, "sv", "", "sv"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, l := tc.t.In(tc.reader)
			if s != tc.wantText || l != tc.inLang {
				t.Errorf("In(%s) = %q in %s, want %q in %s", tc.reader, s, l, tc.wantText, tc.inLang)
			}
		})
	}
}

func TestLanguagesCheckText(t *testing.T) {
	fiOnly := salkku.DefaultLanguages()
	bilingual := salkku.Languages{Used: []string{"fi", "sv"}, Required: []string{"fi", "sv"}}
	svOptional := salkku.Languages{Used: []string{"fi", "sv"}, Required: []string{"fi"}}
	svPrimary := salkku.Languages{Used: []string{"sv", "fi"}, Required: []string{"sv"}}
	long := strings.Repeat("å", salkku.MaxNameLen+1)
	tests := []struct {
		name     string
		l        salkku.Languages
		t        salkku.Text
		required bool
		want     map[string]string
	}{
		{"FinnishOnlyOK", fiOnly, salkku.T("Palomuuri"), true, nil},
		{"FinnishOnlyRefusesSwedish", fiOnly, salkku.Text{FI: "Palomuuri", SV: "Brandvägg"}, true, map[string]string{"name.sv": "error.lang_unused"}},
		{"BilingualNeedsSwedish", bilingual, salkku.T("Palomuuri"), true, map[string]string{"name.sv": "error.required"}},
		{"BilingualNeedsBoth", bilingual, salkku.Text{}, true, map[string]string{"name.fi": "error.required", "name.sv": "error.required"}},
		{"BilingualOK", bilingual, salkku.Text{FI: "Palomuuri", SV: "Brandvägg"}, true, nil},
		{"OptionalFieldNeedsNothing", bilingual, salkku.Text{}, false, nil},
		{"OptionalSwedishMayBeMissing", svOptional, salkku.T("Palomuuri"), true, nil},
		{"SwedishPrimaryRequired", svPrimary, salkku.T("Palomuuri"), true, map[string]string{"name.sv": "error.required"}},
		{"TooLongInOneLanguage", bilingual, salkku.Text{FI: "Palomuuri", SV: long}, true, map[string]string{"name.sv": "error.too_long"}},
		{"TwoLinesInOneLanguage", bilingual, salkku.Text{FI: "Palo\nmuuri", SV: "Brandvägg"}, true, map[string]string{"name.fi": "error.single_line"}},
		{"NUL", bilingual, salkku.Text{FI: "Palomuuri", SV: "Brand\x00"}, true, map[string]string{"name.sv": "error.invalid_text"}},
		{"BlankIsMissing", bilingual, salkku.Text{FI: "Palomuuri", SV: "  "}, true, map[string]string{"name.sv": "error.required"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fe := salkku.FieldErrors{}
			text := tc.t
			tc.l.CheckText(fe, "name", &text, tc.required, salkku.MaxNameLen)
			wantFields(t, fe.Err(), tc.want)
			if text.Primary != tc.l.Primary() {
				t.Errorf("Primary = %q, want %q", text.Primary, tc.l.Primary())
			}
		})
	}
}

func TestTextJSON(t *testing.T) {
	t.Run("RoundTrip", func(t *testing.T) {
		in := salkku.Text{FI: "Palomuuri", SV: "Brandvägg \"citat\""}
		b, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := string(b), `{"fi":"Palomuuri","sv":"Brandvägg \"citat\""}`; got != want {
			t.Errorf("JSON %s, want %s", got, want)
		}
		var out salkku.Text
		if err := json.Unmarshal(b, &out); err != nil || !out.Equal(in) {
			t.Errorf("read back %+v, %v", out, err)
		}
	})
	t.Run("EmptyIsObject", func(t *testing.T) {
		if b, _ := json.Marshal(salkku.Text{Primary: "fi"}); string(b) != "{}" {
			t.Errorf("empty text is %s", b)
		}
	})
	// A plain string is the text in the primary language, whichever that is.
	t.Run("PlainStringIsPrimary", func(t *testing.T) {
		var text salkku.Text
		if err := json.Unmarshal([]byte(`"Brandvägg"`), &text); err != nil {
			t.Fatal(err)
		}
		fe := salkku.FieldErrors{}
		salkku.Languages{Used: []string{"sv", "fi"}}.CheckText(fe, "name", &text, true, salkku.MaxNameLen)
		if len(fe) != 0 || text.SV != "Brandvägg" || text.FI != "" {
			t.Errorf("plain string read as %+v, %v", text, fe)
		}
	})
	t.Run("UnknownLanguageNamed", func(t *testing.T) {
		var text salkku.Text
		if err := json.Unmarshal([]byte(`{"fi":"Palomuuri","se":"Brandvägg"}`), &text); err != nil {
			t.Fatal(err)
		}
		fe := salkku.FieldErrors{}
		salkku.DefaultLanguages().CheckText(fe, "name", &text, true, salkku.MaxNameLen)
		wantFields(t, fe.Err(), map[string]string{"name.se": "error.unknown_lang_field"})
	})
	t.Run("WrongType", func(t *testing.T) {
		var text salkku.Text
		var te *json.UnmarshalTypeError
		if err := json.Unmarshal([]byte(`5`), &text); err == nil || !asTypeError(err, &te) {
			t.Errorf("a number reads as %+v, %v", text, err)
		}
	})
}

func asTypeError(err error, te **json.UnmarshalTypeError) bool {
	e, ok := err.(*json.UnmarshalTypeError)
	*te = e
	return ok
}

func TestLanguagesNormalize(t *testing.T) {
	tests := []struct {
		name string
		in   salkku.Languages
		want salkku.Languages
	}{
		{"EmptyIsFinnish", salkku.Languages{}, salkku.DefaultLanguages()},
		{"BlankIsFinnish", salkku.Languages{Used: []string{" "}}, salkku.DefaultLanguages()},
		{"PrimaryAlwaysRequired", salkku.Languages{Used: []string{"sv", "fi"}}, salkku.Languages{Used: []string{"sv", "fi"}, Required: []string{"sv"}}},
		{"DuplicatesDropped", salkku.Languages{Used: []string{"fi", "sv", "fi"}, Required: []string{"sv", "sv", "fi"}},
			salkku.Languages{Used: []string{"fi", "sv"}, Required: []string{"fi", "sv"}}},
		{"RequiredUnusedDropped", salkku.Languages{Used: []string{"fi"}, Required: []string{"en"}}, salkku.DefaultLanguages()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.in.Normalize()
			if !slices.Equal(got.Used, tc.want.Used) || !slices.Equal(got.Required, tc.want.Required) {
				t.Errorf("Normalize = %+v, want %+v", got, tc.want)
			}
		})
	}
	t.Run("Validate", func(t *testing.T) {
		fe := salkku.FieldErrors{}
		salkku.Languages{Used: []string{"fi", "de"}, Required: []string{"en"}}.Validate(fe)
		wantFields(t, fe.Err(), map[string]string{"languages": "error.unknown_lang_field", "required_languages": "error.required_lang_unused"})
	})
}

// TestCollationKey: Finnish and Swedish put å, ä, ö after z in that
// order; English reads them as a and o. Case and other accents do not
// count.
func TestCollationKey(t *testing.T) {
	words := []string{"Östersund", "Ähtäri", "Åbo", "zoo", "Aura", "ökö", "Émile", "Väinö", "Wasa", "Vaasa", "Über"}
	sorted := func(lang string) []string {
		out := slices.Clone(words)
		sort.SliceStable(out, func(i, j int) bool {
			return salkku.CollationKey(lang, out[i]) < salkku.CollationKey(lang, out[j])
		})
		return out
	}
	tests := map[string][]string{
		"fi": {"Aura", "Émile", "Vaasa", "Väinö", "Wasa", "Über", "zoo", "Åbo", "Ähtäri", "ökö", "Östersund"},
		"sv": {"Aura", "Émile", "Vaasa", "Väinö", "Wasa", "Über", "zoo", "Åbo", "Ähtäri", "ökö", "Östersund"},
		"en": {"Åbo", "Ähtäri", "Aura", "Émile", "ökö", "Östersund", "Über", "Vaasa", "Väinö", "Wasa", "zoo"},
	}
	for lang, want := range tests {
		if got := sorted(lang); !slices.Equal(got, want) {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
}

// FuzzTextJSON: any JSON reads as a text or fails cleanly; a text that
// reads and passes CheckText writes JSON that reads back as the same.
func FuzzTextJSON(f *testing.F) {
	for _, s := range []string{`{"fi":"Palomuuri","sv":"Brandvägg"}`, `"Brandvägg"`, `{}`, `{"se":"x"}`, `5`, `null`, `{"fi":"a\u0000"}`, `["fi"]`} {
		f.Add(s)
	}
	bilingual := salkku.Languages{Used: []string{"fi", "sv", "en"}}
	f.Fuzz(func(t *testing.T, doc string) {
		var text salkku.Text
		if json.Unmarshal([]byte(doc), &text) != nil {
			return
		}
		fe := salkku.FieldErrors{}
		bilingual.CheckText(fe, "name", &text, false, salkku.MaxDescriptionLen)
		if len(fe) > 0 {
			return
		}
		b, err := json.Marshal(text)
		if err != nil {
			t.Fatalf("marshal %+v: %v", text, err)
		}
		var again salkku.Text
		if err := json.Unmarshal(b, &again); err != nil || !again.Equal(text) {
			t.Fatalf("%s read back as %+v (%v), want %+v", b, again, err, text)
		}
	})
}

// FuzzTextMarshal: a text writes the JSON encoding/json would write for
// each language's string, escapes, invalid UTF-8 and all.
func FuzzTextMarshal(f *testing.F) {
	for _, s := range []string{"Palomuuri", "", "a\"b\\c\n\t\r\x00\x1f", "<&>", "\u2028\u2029", "\xff\xfe ä ö €", "😀"} {
		f.Add(s, "Brandvägg", "")
	}
	f.Fuzz(func(t *testing.T, fi, sv, en string) {
		want := []byte{'{'}
		for _, kv := range [][2]string{{"fi", fi}, {"sv", sv}, {"en", en}} {
			if kv[1] == "" {
				continue
			}
			if len(want) > 1 {
				want = append(want, ',')
			}
			v, _ := json.Marshal(kv[1])
			want = append(append(want, `"`+kv[0]+`":`...), v...)
		}
		want = append(want, '}')
		got, err := json.Marshal(salkku.Text{FI: fi, SV: sv, EN: en})
		if err != nil || string(got) != string(want) {
			t.Fatalf("Text{%q, %q, %q}: %s (%v), want %s", fi, sv, en, got, err, want)
		}
	})
}
