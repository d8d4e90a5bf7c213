package i18n_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/i18n"
)

// TestCatalogsComplete fails when a language lacks a key another has, or
// when a message's placeholders differ between languages.
func TestCatalogsComplete(t *testing.T) {
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	verbs := regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z]`)
	all := map[string]bool{}
	for _, lang := range i18n.Languages {
		for _, k := range c.Keys(lang) {
			all[k] = true
		}
	}
	for k := range all {
		var want []string
		for i, lang := range i18n.Languages {
			if !c.Has(lang, k) {
				t.Errorf("%s: missing key %q", lang, k)
				continue
			}
			got := verbs.FindAllString(c.T(lang, k), -1)
			sort.Strings(got)
			if i == 0 {
				want = got
			} else if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("%s: %q has placeholders %v, Finnish has %v", lang, k, got, want)
			}
		}
	}
}

// TestKeysUsedExist scans the Go sources and templates for catalogue keys
// of every family and fails on any that a language lacks. A quoted dotted
// string whose first part is no family of the catalogue must be a file
// name or one of notKeys, so that a key of a family not yet in the
// catalogue cannot slip through either.
func TestKeysUsedExist(t *testing.T) {
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	families := map[string]bool{}
	for _, k := range c.Keys(i18n.Default) {
		family, _, _ := strings.Cut(k, ".")
		families[family] = true
	}
	// Dotted strings of the sources that are not keys.
	notKeys := map[string]bool{
		"p.tags": true, // columns in SQL
		"p.id":   true, "pf.id": true, "o.id": true, "o.primary_lang": true,
	}
	fileExt := regexp.MustCompile(`\.(js|css|svg|png|ico|db|json|html|go|sql|csv|xlsx|pdf|docx|txt)$`)
	re := regexp.MustCompile(`"([a-z][a-z_0-9]*(?:\.[a-z_0-9]+)+)"`)
	// Keys built in a template from a list of values:
	// {{range (list "a" "b")}}…{{print "entity." .}}.
	listed := regexp.MustCompile(`\(list((?: "[a-z_0-9]+")+)\)\}\}.*?\(print "([a-z_]+\.)" \$`)
	used := 0
	walkSources(t, func(path string, src string) {
		for _, m := range re.FindAllStringSubmatch(src, -1) {
			key := m[1]
			family, _, _ := strings.Cut(key, ".")
			switch {
			case fileExt.MatchString(key):
				// A file name, such as an asset's.
			case families[family]:
				used++
				for _, lang := range i18n.Languages {
					if !c.Has(lang, key) {
						t.Errorf("%s: key %q is not in the %s catalogue", path, key, lang)
					}
				}
			case !notKeys[key]:
				t.Errorf("%s: %q looks like a catalogue key of a family the catalogue does not have", path, key)
			}
		}
		for _, m := range listed.FindAllStringSubmatch(src, -1) {
			for _, v := range strings.Fields(m[1]) {
				key := m[2] + strings.Trim(v, `"`)
				used++
				for _, lang := range i18n.Languages {
					if !c.Has(lang, key) {
						t.Errorf("%s: key %q is not in the %s catalogue", path, key, lang)
					}
				}
			}
		}
	})
	if used < 100 {
		t.Fatalf("found only %d keys in the sources: is the scan broken?", used)
	}
}

// TestKeysBuiltExist checks the keys built from the domain's values at run
// time: each role, status and language, the label of every form field
// and the title of every HTTP status an error can have.
func TestKeysBuiltExist(t *testing.T) {
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, r := range salkku.Roles {
		keys = append(keys, "role."+r)
	}
	keys = append(keys, "role.admin")
	for _, st := range salkku.Statuses {
		keys = append(keys, "status."+st)
	}
	for _, l := range i18n.Languages {
		keys = append(keys, "lang."+l)
	}
	for _, code := range []int{400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 500, 503} {
		keys = append(keys, fmt.Sprintf("http.%d", code))
	}
	// Every control of a form page is labelled "field.NAME".
	field := regexp.MustCompile(`\.[FS] "([a-z_0-9]+)"`)
	walkSources(t, func(path, src string) {
		if strings.HasSuffix(path, ".html") {
			for _, m := range field.FindAllStringSubmatch(src, -1) {
				keys = append(keys, "field."+m[1])
			}
		}
	})
	for _, k := range keys {
		for _, lang := range i18n.Languages {
			if !c.Has(lang, k) {
				t.Errorf("%s: key %q is missing", lang, k)
			}
		}
	}
}

// walkSources calls fn with each Go source (tests left out) and template
// of the module.
func walkSources(t *testing.T, fn func(path, src string)) {
	t.Helper()
	root := ".."
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !(strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".html")) || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		fn(path, string(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestFormat(t *testing.T) {
	for _, tc := range []struct {
		header, want string
	}{
		{"sv-FI,sv;q=0.9,en;q=0.8", "sv"},
		{"de-DE, en;q=0.5", "en"},
		{"de", ""},
		{"", ""},
	} {
		if got := i18n.FromAcceptLanguage(tc.header); got != tc.want {
			t.Errorf("FromAcceptLanguage(%q) = %q, want %q", tc.header, got, tc.want)
		}
	}
}
