// Package i18n holds Salkku's message catalogues (Finnish, Swedish,
// English; embedded JSON) and formats numbers, months and dates the
// way each language writes them. Finnish is the default.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // Finnish time even where the system has no zone files
)

//go:embed *.json
var files embed.FS

// Languages lists the supported languages, the default first.
var Languages = []string{"fi", "sv", "en"}

// Default is the language used when nothing else is asked for.
const Default = "fi"

// Catalog maps language → key → message.
type Catalog struct {
	msgs map[string]map[string]string
}

// Load reads the embedded catalogues.
func Load() (*Catalog, error) {
	c := &Catalog{msgs: map[string]map[string]string{}}
	// A language's messages may be split over LANG.json and LANG.PART.json
	// files, one part per area of the product; a key may appear only once.
	for _, lang := range Languages {
		names, _ := fs.Glob(files, lang+".*json")
		if len(names) == 0 {
			return nil, fmt.Errorf("i18n: no catalogue for %s", lang)
		}
		m := map[string]string{}
		for _, name := range names {
			b, err := files.ReadFile(name)
			if err != nil {
				return nil, fmt.Errorf("i18n: %w", err)
			}
			part := map[string]string{}
			if err := json.Unmarshal(b, &part); err != nil {
				return nil, fmt.Errorf("i18n: %s: %w", name, err)
			}
			for k, v := range part {
				if _, dup := m[k]; dup {
					return nil, fmt.Errorf("i18n: %s: key %q defined twice", name, k)
				}
				m[k] = v
			}
		}
		c.msgs[lang] = m
	}
	return c, nil
}

// MustLoad is Load for program start, where a broken catalogue is a bug.
func MustLoad() *Catalog {
	c, err := Load()
	if err != nil {
		panic(err)
	}
	return c
}

// Keys returns the keys of one language's catalogue.
func (c *Catalog) Keys(lang string) []string {
	keys := make([]string, 0, len(c.msgs[lang]))
	for k := range c.msgs[lang] {
		keys = append(keys, k)
	}
	return keys
}

// Has reports whether the language has the key.
func (c *Catalog) Has(lang, key string) bool {
	_, ok := c.msgs[lang][key]
	return ok
}

// T returns the message for key in lang, falling back to Finnish and then
// to the key itself, with args filled in by fmt.Sprintf. A key that lang
// lacks is a bug: it is remembered for Missing, so that tests fail on it.
func (c *Catalog) T(lang, key string, args ...any) string {
	msg, ok := c.msgs[lang][key]
	if !ok {
		missing.Store(lang+" "+key, true)
		if msg, ok = c.msgs[Default][key]; !ok {
			msg = key
		}
	}
	if len(args) > 0 {
		return fmt.Sprintf(msg, args...)
	}
	return msg
}

// missing holds the "lang key" pairs T was asked for and lacked.
var missing sync.Map

// Missing returns, sorted, the "lang key" pairs that T was asked for since
// the program started and that the catalogue lacks. A test of the pages
// fails when it is not empty, which catches keys built at run time
// ("role." + role) that no scan of the sources can see.
func Missing() []string {
	var out []string
	missing.Range(func(k, _ any) bool {
		out = append(out, k.(string))
		return true
	})
	sort.Strings(out)
	return out
}

// Supported returns lang when it is supported, else "".
func Supported(lang string) string {
	lang = strings.ToLower(strings.TrimSpace(lang))
	for _, l := range Languages {
		if lang == l {
			return l
		}
	}
	return ""
}

// FromAcceptLanguage picks the first supported language of an
// Accept-Language header ("sv-FI,sv;q=0.9,en;q=0.8"), or "".
func FromAcceptLanguage(h string) string {
	for _, part := range strings.Split(h, ",") {
		tag := strings.TrimSpace(strings.SplitN(part, ";", 2)[0])
		tag = strings.SplitN(tag, "-", 2)[0]
		if l := Supported(tag); l != "" {
			return l
		}
	}
	return ""
}

// FormatInt writes n with the language's thousands separator: Finnish and
// Swedish a no-break space ("12 345"), English a comma.
func FormatInt(lang string, n int64) string {
	neg := n < 0
	if neg {
		n = -n
	}
	s := fmt.Sprint(n)
	sep := "\u00a0"
	if lang == "en" {
		sep = ","
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	if neg {
		return "−" + b.String()
	}
	return b.String()
}

// FormatDate writes a date the Finnish and Swedish way, "22.11.2021", or
// "22 Nov 2021" in English, in Finnish time.
func FormatDate(lang string, t time.Time) string {
	t = t.In(Location)
	if lang == "en" {
		return t.Format("2 Jan 2006")
	}
	return t.Format("2.1.2006")
}

// ParseDate reads a date as people write it, in Finnish time: "1.12.2026"
// or "01.12.2026" in every language, "1 Dec 2026" in English too, and
// ISO "2026-12-01" (what links and the API use). It returns the start of
// that day.
func ParseDate(lang, s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	layouts := []string{"2.1.2006", "2006-01-02"}
	if lang == "en" {
		layouts = append(layouts, "2 Jan 2006", "2 January 2006")
	}
	for _, l := range layouts {
		if t, err := time.ParseInLocation(l, s, Location); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("i18n: not a date: %q", s)
}

// FormatDateTime writes a date with the time of day: "22.11.2021 klo 14.05"
// in Finnish, "22.11.2021 kl. 14.05" in Swedish, "22 Nov 2021 14:05" in
// English.
func FormatDateTime(lang string, t time.Time) string {
	t = t.In(Location)
	switch lang {
	case "en":
		return t.Format("2 Jan 2006 15:04")
	case "sv":
		return t.Format("2.1.2006") + " kl. " + t.Format("15.04")
	}
	return t.Format("2.1.2006") + " klo " + t.Format("15.04")
}

// Location is Finnish time, where dates are shown; times are kept in UTC.
var Location = func() *time.Location {
	if loc, err := time.LoadLocation("Europe/Helsinki"); err == nil {
		return loc
	}
	return time.FixedZone("EET", 2*3600)
}()
