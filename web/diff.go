package web

import (
	"encoding/json"
	"regexp"
	"sort"
	"strings"

	"github.com/salkku/salkku"
)

// diffRow is one field of an audit entry as a person reads it: the
// field's label in the page's language and its values before and after.
type diffRow struct {
	Label, Before, After string
	// Gone marks a deleted record's field: only its old value is shown.
	Gone bool
}

// hiddenInDiff are fields that change with every edit and say nothing.
var hiddenInDiff = map[string]bool{"id": true, "version": true, "updated_at": true, "created_at": true}

var isoMonthRE = regexp.MustCompile(`^\d{4}-\d{2}$`)

// Diff lists the fields of an audit entry (JSON before and after): every
// field of a create, a delete or an event's details, the changed ones of
// an update. An id with a name beside it ("owner_id" and "owner_name") is
// shown as the name.
func (b Base) Diff(before, after string) []diffRow {
	var bm, am map[string]json.RawMessage
	json.Unmarshal([]byte(before), &bm)
	json.Unmarshal([]byte(after), &am)
	keys := map[string]bool{}
	for k := range bm {
		keys[k] = true
	}
	for k := range am {
		keys[k] = true
	}
	var sorted []string
	for k := range keys {
		if hiddenInDiff[k] || strings.HasSuffix(k, "_name") || strings.HasSuffix(k, "_names") {
			continue
		}
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	var out []diffRow
	for _, k := range sorted {
		bv, av := b.auditValue(bm, k), b.auditValue(am, k)
		if bv == av {
			continue
		}
		label := k
		if b.cat.Has(b.Lang, "field."+k) {
			label = b.T("field." + k)
		}
		out = append(out, diffRow{Label: label, Before: bv, After: av, Gone: am == nil})
	}
	return out
}

// auditValue shows one field's value: a name for an id when the record
// holds one, yes/no, months as 4/2018, statuses and roles in words,
// lists joined.
func (b Base) auditValue(m map[string]json.RawMessage, key string) string {
	if m == nil {
		return ""
	}
	raw := m[key]
	for _, suffix := range []string{"_id", "_ids"} {
		if stem, ok := strings.CutSuffix(key, suffix); ok {
			name := stem + "_name"
			if suffix == "_ids" {
				name = stem + "_names"
			}
			if n, ok := m[name]; ok && string(n) != "null" && string(n) != `""` {
				raw = n
			}
		}
	}
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return string(raw)
	}
	switch x := v.(type) {
	case bool:
		if x {
			return b.T("common.yes")
		}
		return b.T("common.no")
	case string:
		switch {
		case key == "status" && b.cat.Has(b.Lang, "status."+x):
			return b.T("status." + x)
		case key == "role" && b.cat.Has(b.Lang, "role."+x):
			return b.T("role." + x)
		case isoMonthRE.MatchString(x):
			if mo, err := salkku.ParseMonth(x); err == nil {
				return mo.String()
			}
		}
		return x
	case []any:
		parts := make([]string, 0, len(x))
		for _, e := range x {
			if s, ok := e.(string); ok {
				parts = append(parts, s)
			} else {
				j, _ := json.Marshal(e)
				parts = append(parts, string(j))
			}
		}
		return strings.Join(parts, ", ")
	case float64:
		j, _ := json.Marshal(x)
		return string(j)
	}
	return string(raw)
}

// AuditSubject names the record of an audit entry: its code and name, or
// its name or e-mail, from the entry itself.
func (b Base) AuditSubject(before, after string) string {
	doc := after
	if doc == "" {
		doc = before
	}
	var m map[string]any
	json.Unmarshal([]byte(doc), &m)
	str := func(k string) string { s, _ := m[k].(string); return s }
	switch {
	case str("code") != "" && str("name") != "":
		return str("code") + " " + str("name")
	case str("name") != "":
		return str("name")
	case str("email") != "":
		return str("email")
	}
	return ""
}
