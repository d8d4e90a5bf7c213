package i18n_test

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

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
// and fails on any that the Finnish catalogue lacks.
func TestKeysUsedExist(t *testing.T) {
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`"((?:error|field|hint|nav|action|flash|form|home|portfolio|project|category|workpackage|status|filter|list|schedule|footer|organisation|person|api)\.[a-z_0-9]+)"`)
	root := ".."
	filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && path != root {
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return err
		}
		if d.IsDir() || !(strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".html")) || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			if !c.Has(i18n.Default, m[1]) {
				t.Errorf("%s: key %q is not in the catalogue", path, m[1])
			}
		}
		return nil
	})
}

func TestFormat(t *testing.T) {
	for _, tc := range []struct {
		lang  string
		cents int64
		want  string
	}{
		{"fi", 123450, "1\u00a0234,50\u00a0€"},
		{"sv", 100, "1,00\u00a0€"},
		{"en", 123456789, "€1,234,567.89"},
		{"fi", -5000, "−50,00\u00a0€"},
		{"fi", 0, "0,00\u00a0€"},
	} {
		if got := i18n.FormatEuro(tc.lang, tc.cents); got != tc.want {
			t.Errorf("FormatEuro(%s, %d) = %q, want %q", tc.lang, tc.cents, got, tc.want)
		}
	}
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
