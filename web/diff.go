package web

import (
	"encoding/json"
	"sort"
)

// diffRow is one changed field of an audit entry.
type diffRow struct {
	Key, Before, After string
}

// ignoredInDiff are fields that change with every edit and say nothing.
var ignoredInDiff = map[string]bool{"version": true, "updated_at": true, "created_at": true}

// diffRows lists the fields that differ between two JSON objects of an
// audit entry: every field for a create (no before) or an event's detail,
// the changed ones for an update.
func diffRows(before, after string) []diffRow {
	var b, a map[string]json.RawMessage
	json.Unmarshal([]byte(before), &b)
	json.Unmarshal([]byte(after), &a)
	keys := map[string]bool{}
	for k := range b {
		keys[k] = true
	}
	for k := range a {
		keys[k] = true
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		if !ignoredInDiff[k] {
			sorted = append(sorted, k)
		}
	}
	sort.Strings(sorted)
	var out []diffRow
	for _, k := range sorted {
		bv, av := plainJSON(b[k]), plainJSON(a[k])
		if bv == av {
			continue
		}
		if a == nil {
			// A delete: show what was there.
			out = append(out, diffRow{Key: k, After: bv})
			continue
		}
		out = append(out, diffRow{Key: k, Before: bv, After: av})
	}
	return out
}

// plainJSON shows a JSON value for people: strings without quotes, null
// as empty.
func plainJSON(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}
