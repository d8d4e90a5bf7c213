package web

import (
	"encoding/json"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/salkku/salkku"
)

// diffRow is one field of an audit entry as a person reads it: the
// field's label in the page's language and its values before and after.
type diffRow struct {
	Label, Before, After string
	// Lang is the language of a text's values where it is not the
	// page's.
	Lang string
	// Gone marks a deleted record's field: only its old value is shown.
	Gone bool
}

// hiddenInDiff are fields that change with every edit and say nothing.
var hiddenInDiff = map[string]bool{"id": true, "version": true, "updated_at": true, "created_at": true,
	// Where a project stands is shown by its phase; the rest is the gates'.
	"model_id": true, "next_gate": true}

var isoDateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// builtinPhases names the built-in model's phases in the log, which keeps
// a phase by its key.
var builtinPhases = salkku.DefaultModel()

var isoMonthRE = regexp.MustCompile(`^\d{4}-\d{2}$`)

// auditFieldOrder lists each record's fields in the order of its form, so
// that an entry reads as the form does; fields not listed follow, sorted.
var auditFieldOrder = map[string][]string{
	"project": {"portfolio_id", "code", "name", "category_id", "description", "status", "mandatory", "tags",
		"start", "end", "continuous", "owner_id", "manager_id", "service_owner_id", "vendors"},
	"portfolio":    {"organisation_id", "name", "description", "parent_id", "owner_id", "board_ids"},
	"category":     {"portfolio_id", "name", "description", "position"},
	"work_package": {"project_id", "code", "name", "description", "parent_id", "responsible_ids", "tags", "position"},
	"person":       {"name", "title", "email", "organisation_id"},
	"organisation": {"name", "business_id", "languages", "required_languages"},
	"user":         {"name", "email", "admin", "disabled", "method", "addr", "reason"},
	"grant":        {"user_id", "role", "portfolio_id", "project_id"},
	"api_token":    {"user_id", "name", "prefix"},
	"risk": {"project_id", "description", "cause", "consequence", "probability", "impact", "score", "mitigation", "risk_status",
		"owner_id", "review_date", "work_package_id", "report_id"},
	"decision_entry": {"project_id", "portfolio_id", "decided_on", "decided_by", "decision", "who", "who_id", "minutes_url"},
	"comms_entry":    {"project_id", "date", "start", "end", "channel", "scope", "audience", "subject", "work_package_id", "link"},
	"benefit": {"project_id", "description", "benefit_kind", "metric", "unit", "baseline", "target", "target_date", "owner_id",
		"work_package_id"},
	"measurement":   {"benefit_id", "date", "value", "note"},
	"profitability": {"project_id", "investment", "years", "rate", "costs", "savings"},
}

// textFields are the fields of audited records that are salkku.Texts;
// rows written before texts had languages hold them as plain Finnish
// strings.
var textFields = map[string]bool{"name": true, "description": true}

// splitTexts replaces each text of a record ({"fi": …, "sv": …}) by a
// field per language, name.fi and name.sv, so that the log says which
// language changed. Names shown beside ids stay whole. It returns the
// languages the texts have.
func splitTexts(m map[string]json.RawMessage) map[string]bool {
	langs := map[string]bool{}
	for k, raw := range m {
		if strings.HasSuffix(k, "_name") || strings.HasSuffix(k, "_names") {
			continue
		}
		var byLang map[string]string
		if json.Unmarshal(raw, &byLang) != nil {
			var legacy string
			if !textFields[k] || json.Unmarshal(raw, &legacy) != nil {
				continue
			}
			byLang = map[string]string{salkku.LangFI: legacy}
		}
		known := true
		for l := range byLang {
			known = known && salkku.ValidLang(l)
		}
		if !known {
			continue
		}
		delete(m, k)
		for l, v := range byLang {
			m[k+"."+l], _ = json.Marshal(v)
			langs[l] = true
		}
	}
	return langs
}

// splitLanguages replaces an organisation's content languages
// ({"used": […], "required": […]}) by the two fields its form has, so
// that each reads as a list of languages.
func splitLanguages(m map[string]json.RawMessage) {
	var l salkku.Languages
	if raw, ok := m["languages"]; !ok || json.Unmarshal(raw, &l) != nil {
		return
	}
	m["languages"], _ = json.Marshal(l.Used)
	m["required_languages"], _ = json.Marshal(l.Required)
}

// orderFields sorts an entity's field names as its form lists them, a
// text's languages in their usual order.
func orderFields(entity string, keys []string) {
	rank := map[string]int{}
	for i, k := range auditFieldOrder[entity] {
		if _, seen := rank[k]; !seen {
			rank[k] = i * 4
		}
	}
	for _, k := range keys {
		if stem, lang, ok := strings.Cut(k, "."); ok {
			if r, known := rank[stem]; known {
				rank[k] = r + 1 + slices.Index(salkku.ContentLangs, lang)
			}
		}
	}
	sort.SliceStable(keys, func(i, j int) bool {
		ri, iok := rank[keys[i]]
		rj, jok := rank[keys[j]]
		switch {
		case iok && jok:
			return ri < rj
		case iok != jok:
			return iok
		}
		return keys[i] < keys[j]
	})
}

// Diff lists the fields of an audit entry (JSON before and after) in the
// order of the record's form: every field of a create, a delete or an
// event's details, the changed ones of an update. An id with a name
// beside it ("owner_id" and "owner_name") is shown as the name.
func (b Base) Diff(e *salkku.AuditEntry) []diffRow {
	var bm, am map[string]json.RawMessage
	json.Unmarshal([]byte(e.Before), &bm)
	json.Unmarshal([]byte(e.After), &am)
	splitLanguages(bm)
	splitLanguages(am)
	if e.Entity == "risk" {
		// A risk's status is not a project's: named as its own.
		for _, m := range []map[string]json.RawMessage{bm, am} {
			if v, ok := m["status"]; ok {
				m["risk_status"] = v
				delete(m, "status")
			}
		}
	}
	benefitDiff(b.Lang, e.Entity, bm, am)
	langs := splitTexts(bm)
	for l := range splitTexts(am) {
		langs[l] = true
	}
	// A record written in one language needs no language in its labels.
	oneLang := len(langs) <= 1
	keys := map[string]bool{}
	for k := range bm {
		keys[k] = true
	}
	for k := range am {
		keys[k] = true
	}
	var sorted []string
	for k := range keys {
		if hiddenInDiff[k] || strings.HasSuffix(k, "_name") || strings.HasSuffix(k, "_names") || k == "project_count" {
			continue
		}
		sorted = append(sorted, k)
	}
	orderFields(e.Entity, sorted)
	var out []diffRow
	for _, k := range sorted {
		bv, av := b.auditValue(bm, k), b.auditValue(am, k)
		if bv == av {
			continue
		}
		label := k
		stem, lang, inLang := strings.Cut(k, ".")
		if b.cat.Has(b.Lang, "field."+stem) {
			label = b.T("field." + stem)
		}
		row := diffRow{Label: label, Before: bv, After: av, Gone: am == nil}
		if inLang && salkku.ValidLang(lang) {
			if !oneLang {
				row.Label += " " + b.InLang(lang)
			}
			if lang != b.Lang {
				row.Lang = lang
			}
		}
		out = append(out, row)
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
		case key == "risk_status" && b.cat.Has(b.Lang, "risk.status."+x):
			return b.T("risk.status." + x)
		case key == "benefit_kind" && b.cat.Has(b.Lang, "benefit.kind."+x):
			return b.T("benefit.kind." + x)
		case key == "channel" && b.cat.Has(b.Lang, "comms.channel."+x):
			return b.T("comms.channel." + x)
		case key == "scope" && b.cat.Has(b.Lang, "comms.scope."+x):
			return b.T("comms.scope." + x)
		case key == "status" && b.cat.Has(b.Lang, "status."+x):
			return b.T("status." + x)
		case key == "role" && b.cat.Has(b.Lang, "role."+x):
			return b.T("role." + x)
		case key == "method" && b.cat.Has(b.Lang, "audit.method."+x):
			return b.T("audit.method." + x)
		case key == salkku.SettingLocalLogin && (x == "on" || x == "off"):
			return b.T(map[string]string{"on": "common.yes", "off": "common.no"}[x])
		case key == "reason" && auditReasons[x] != "":
			return b.T(auditReasons[x])
		case key == "decision" && b.cat.Has(b.Lang, "gates.decision."+x):
			return b.T("gates.decision." + x)
		case key == "level" && b.cat.Has(b.Lang, "gates.level."+x):
			return b.T("gates.level." + x)
		case key == "state" && b.cat.Has(b.Lang, "audit.check."+x):
			return b.T("audit.check." + x)
		case key == "phase" && builtinPhases.Phase(x) != nil:
			return b.Plain(builtinPhases.Phase(x).Name)
		case isoDateRE.MatchString(x):
			if t, err := time.Parse("2006-01-02", x); err == nil {
				return b.Date(t)
			}
		case isoMonthRE.MatchString(x):
			if mo, err := salkku.ParseMonth(x); err == nil {
				return mo.String()
			}
		}
		return x
	case map[string]any:
		// A name beside an id, in every language: the reader's.
		var t salkku.Text
		if json.Unmarshal(raw, &t) == nil {
			s, _ := t.In(b.Lang)
			return s
		}
	case []any:
		parts := make([]string, 0, len(x))
		for _, e := range x {
			if s, ok := e.(string); ok && (key == "languages" || key == "required_languages") {
				parts = append(parts, b.LangName(s))
			} else if s, ok := e.(string); ok {
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

// auditReasons are the catalogue keys of the reasons a failed sign-in
// records (in English, as the store writes them).
var auditReasons = map[string]string{
	"unverified e-mail":                                 "audit.reason.unverified_email",
	"linked to another identity":                        "audit.reason.other_identity",
	"admin with a password is not linked automatically": "audit.reason.admin_password",
	"disabled": "audit.reason.disabled",
}

// AuditActor names who made a change: the user, or Salkku itself (the
// command line, the demo loader) in the page's language.
func (b Base) AuditActor(e *salkku.AuditEntry) string {
	if e.ActorName != "" {
		return e.ActorName
	}
	return b.T("audit.system")
}

// AuditSubject names the record of an audit entry: whose role on what for
// a role, its code and name, or its name or e-mail, from the entry
// itself.
func (b Base) AuditSubject(e *salkku.AuditEntry) string {
	doc := e.After
	if doc == "" {
		doc = e.Before
	}
	var m map[string]json.RawMessage
	json.Unmarshal([]byte(doc), &m)
	// A text is named in the reader's language; a plain string as it is.
	str := func(k string) string {
		var s string
		if json.Unmarshal(m[k], &s) == nil {
			return s
		}
		var t salkku.Text
		if json.Unmarshal(m[k], &t) == nil {
			s, _ = t.In(b.Lang)
		}
		return s
	}
	if e.Entity == "grant" {
		role := str("role")
		if b.cat.Has(b.Lang, "role."+role) {
			role = b.T("role." + role)
		}
		switch {
		case str("project_name") != "":
			return b.T("audit.grant_project", str("user_name"), role, str("project_name"))
		case str("portfolio_name") != "":
			return b.T("audit.grant_portfolio", str("user_name"), role, str("portfolio_name"))
		}
		return b.T("audit.grant", str("user_name"), role)
	}
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

// DiffText writes an entry's changes as lines of text, for an export:
// "Name: old → new", or the old value alone for a deleted record.
func (b Base) DiffText(e *salkku.AuditEntry) string {
	var lines []string
	for _, d := range b.Diff(e) {
		switch {
		case d.Gone:
			lines = append(lines, d.Label+": "+d.Before)
		case d.After == "":
			lines = append(lines, d.Label+": "+d.Before+" → –")
		case d.Before == "":
			lines = append(lines, d.Label+": "+d.After)
		default:
			lines = append(lines, d.Label+": "+d.Before+" → "+d.After)
		}
	}
	return strings.Join(lines, "\n")
}

// benefitDiff names a benefit's kind as its own (a report's "kind" is
// its cycle) and writes a profitability's amounts (cents) and rate
// (basis points) as euros and per cents, as the page shows them.
func benefitDiff(lang, entity string, ms ...map[string]json.RawMessage) {
	for _, m := range ms {
		if m == nil {
			continue
		}
		switch entity {
		case "benefit":
			if v, ok := m["kind"]; ok {
				m["benefit_kind"] = v
				delete(m, "kind")
			}
		case "profitability":
			for _, k := range []string{"investment", "costs", "savings"} {
				var cents []salkku.Money
				raw := m[k]
				if k == "investment" {
					raw = json.RawMessage("[" + string(raw) + "]")
				}
				if json.Unmarshal(raw, &cents) != nil {
					continue
				}
				out := make([]string, len(cents))
				for i, c := range cents {
					out[i] = c.Format(lang, false)
				}
				m[k], _ = json.Marshal(strings.Join(out, "; "))
			}
			var rate salkku.Percent
			if json.Unmarshal(m["rate"], &rate) == nil {
				m["rate"], _ = json.Marshal(rate.Format(lang))
			}
		}
	}
}
