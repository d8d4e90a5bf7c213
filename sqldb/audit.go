package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/salkku/salkku"
)

// Audit actions.
const (
	actionCreate = "create"
	actionUpdate = "update"
	actionDelete = "delete"
)

// audit writes one audit-log row in the transaction: who (from the
// context), what, and the record before and after as JSON.
func (tx *Tx) audit(action, entity string, id int64, projectID *int64, before, after any) error {
	row, err := tx.auditRow(action, entity, id, projectID, before, after)
	if err != nil {
		return err
	}
	return tx.auditRows([][]any{row})
}

// auditColumns are the columns of audit_log that auditRow fills.
var auditColumns = []string{"at", "actor_id", "actor_name", "action", "entity", "entity_id", "project_id", "before_json", "after_json"}

// auditRow is one audit-log row as audit writes it, for auditRows to
// write many at once.
func (tx *Tx) auditRow(action, entity string, id int64, projectID *int64, before, after any) ([]any, error) {
	a := salkku.ActorFrom(tx.ctx)
	var actorID any
	if a.UserID != 0 {
		actorID = a.UserID
	}
	b, err := jsonOrNil(before)
	if err != nil {
		return nil, err
	}
	af, err := jsonOrNil(after)
	if err != nil {
		return nil, err
	}
	return []any{tx.now, actorID, a.Name, action, entity, id, nullID(projectID), b, af}, nil
}

// auditRows writes audit-log rows made by auditRow, in batches.
func (tx *Tx) auditRows(rows [][]any) error {
	if err := tx.insertRowsOf("audit_log", auditColumns, rows); err != nil {
		return fmt.Errorf("sqldb: audit: %w", err)
	}
	return nil
}

func jsonOrNil(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("sqldb: audit: %w", err)
	}
	return string(b), nil
}

// findAudit is FindAudit inside a transaction: one query for the page,
// one more when counted, and one per kind of record its entries name.
func (tx *Tx) findAudit(f salkku.AuditFilter) ([]*salkku.AuditEntry, int, error) {
	f.Page = f.Page.Normalize()
	// Who, what and when filter a log as long as every write: the plan
	// must fit the values (a rare actor is found by its index, not by
	// walking the log backwards).
	if err := tx.planForValues(); err != nil {
		return nil, 0, err
	}
	where, args := []string{"1 = 1"}, []any{}
	if v := f.ProjectID; v != nil {
		where, args = append(where, "project_id = ?"), append(args, *v)
	}
	if f.Entity != "" {
		where, args = append(where, "entity = ?"), append(args, f.Entity)
	}
	if v := f.EntityID; v != nil {
		where, args = append(where, "entity_id = ?"), append(args, *v)
	}
	if v := f.ActorID; v != nil {
		where, args = append(where, "actor_id = ?"), append(args, *v)
	}
	if f.Action != "" {
		where, args = append(where, "action = ?"), append(args, f.Action)
	}
	if !f.From.IsZero() {
		where, args = append(where, "at >= ?"), append(args, f.From.UTC())
	}
	if !f.To.IsZero() {
		where, args = append(where, "at < ?"), append(args, f.To.UTC())
	}
	total := -1
	if f.Count {
		var err error
		if total, err = tx.count(`SELECT COUNT(*) FROM audit_log WHERE `+strings.Join(where, " AND "), args...); err != nil {
			return nil, 0, err
		}
	}
	// Newest first by id: the next page is "id < the last one shown", the
	// one before it "id > the first one shown" read upwards and turned.
	order := "DESC"
	switch {
	case f.Before > 0:
		where, args = append(where, "id < ?"), append(args, f.Before)
	case f.After > 0:
		where, args = append(where, "id > ?"), append(args, f.After)
		order = "ASC"
	}
	q := `SELECT id, at, actor_id, actor_name, action, entity, entity_id, project_id,
		COALESCE(` + tx.dialect.jsonText("before_json") + `, ''), COALESCE(` + tx.dialect.jsonText("after_json") + `, '')
		FROM audit_log WHERE ` + strings.Join(where, " AND ") + ` ORDER BY id ` + order
	offset := 0 // a keyset page (Before, After) has none
	if f.Before == 0 && f.After == 0 {
		offset = f.Offset
	}
	q += sqlLimitOffset(f.Limit, offset)
	rows, err := tx.query(q, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("sqldb: find audit: %w", err)
	}
	defer rows.Close()
	var out []*salkku.AuditEntry
	for rows.Next() {
		var e salkku.AuditEntry
		var actor, project sql.NullInt64
		if err := rows.Scan(&e.ID, &e.At, &actor, &e.ActorName, &e.Action, &e.Entity, &e.EntityID, &project, &e.Before, &e.After); err != nil {
			return nil, 0, fmt.Errorf("sqldb: find audit: %w", err)
		}
		e.At = e.At.UTC()
		e.ActorID, e.ProjectID = idPtr(actor), idPtr(project)
		out = append(out, &e)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("sqldb: find audit: %w", err)
	}
	rows.Close()
	if order == "ASC" {
		slices.Reverse(out)
	}
	if err := tx.nameAuditRefs(out); err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// auditRef is a kind of record an audited field points to: its table and
// the SQL that names a row.
// entity is its name in the audit log, where a deleted row's name is
// found.
type auditRef struct{ table, name, entity string }

var (
	refUsers         = auditRef{"users", "name", "user"}
	refPeople        = auditRef{"people", "name", "person"}
	refOrganisations = auditRef{"organisations", "name", "organisation"}
	refPortfolios    = auditRef{"portfolios", "name", "portfolio"}
	refCategories    = auditRef{"categories", "name", "category"}
	refProjects      = auditRef{"projects", "code || ' ' || name", "project"}
	refWorkPackages  = auditRef{"work_packages", "CASE WHEN code = '' THEN name ELSE code || ' ' || name END", "work_package"}
)

// auditRefOf tells what a field of an audited record points to.
func auditRefOf(entity, key string) (auditRef, bool) {
	switch key {
	case "user_id":
		return refUsers, true
	case "owner_id", "manager_id", "service_owner_id", "board_ids", "responsible_ids":
		return refPeople, true
	case "organisation_id":
		return refOrganisations, true
	case "portfolio_id":
		return refPortfolios, true
	case "category_id":
		return refCategories, true
	case "project_id":
		return refProjects, true
	case "parent_id":
		switch entity {
		case "portfolio":
			return refPortfolios, true
		case "work_package":
			return refWorkPackages, true
		}
	}
	return auditRef{}, false
}

// nameKey is the field beside an id field that holds its name, the way
// the records themselves write it: owner_id → owner_name, board_ids →
// board_names.
func nameKey(key string) string {
	if stem, ok := strings.CutSuffix(key, "_ids"); ok {
		return stem + "_names"
	}
	return strings.TrimSuffix(key, "_id") + "_name"
}

// nameAuditRefs puts a name beside every id in the entries' records that
// has none yet (older rows, grants, tokens, a category's portfolio), one
// query per kind of record: what a person reads in the log is "Demo
// Katselija", never "user 6". A record since deleted is named as its
// delete row recorded it (one more query for the kind).
func (tx *Tx) nameAuditRefs(entries []*salkku.AuditEntry) error {
	type doc struct {
		entity string
		m      map[string]json.RawMessage
		text   *string
	}
	var docs []doc
	want := map[auditRef]map[int64]bool{}
	for _, e := range entries {
		for _, text := range []*string{&e.Before, &e.After} {
			var m map[string]json.RawMessage
			if *text == "" || json.Unmarshal([]byte(*text), &m) != nil {
				continue
			}
			found := false
			for k, raw := range m {
				ref, ok := auditRefOf(e.Entity, k)
				if !ok || hasName(m[nameKey(k)]) {
					continue
				}
				for _, id := range rawIDs(raw) {
					if want[ref] == nil {
						want[ref] = map[int64]bool{}
					}
					want[ref][id], found = true, true
				}
			}
			if found {
				docs = append(docs, doc{e.Entity, m, text})
			}
		}
	}
	names := map[auditRef]map[int64]string{}
	for ref, ids := range want {
		args := make([]any, 0, len(ids))
		for id := range ids {
			args = append(args, id)
		}
		rows, err := tx.query(`SELECT id, `+ref.name+` FROM `+ref.table+` WHERE id IN (`+placeholders(len(args))+`)`, args...)
		if err != nil {
			return fmt.Errorf("sqldb: audit names: %w", err)
		}
		names[ref] = map[int64]string{}
		for rows.Next() {
			var id int64
			var name string
			if err := rows.Scan(&id, &name); err != nil {
				rows.Close()
				return fmt.Errorf("sqldb: audit names: %w", err)
			}
			names[ref][id] = name
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return fmt.Errorf("sqldb: audit names: %w", err)
		}
		if err := tx.deletedNames(ref, ids, names[ref]); err != nil {
			return err
		}
	}
	for _, d := range docs {
		changed := false
		for k, raw := range d.m {
			ref, ok := auditRefOf(d.entity, k)
			if !ok || hasName(d.m[nameKey(k)]) {
				continue
			}
			var got []string
			for _, id := range rawIDs(raw) {
				if n, ok := names[ref][id]; ok {
					got = append(got, n)
				}
			}
			if len(got) == 0 {
				continue
			}
			var v []byte
			if strings.HasSuffix(k, "_ids") {
				v, _ = json.Marshal(got)
			} else {
				v, _ = json.Marshal(got[0])
			}
			d.m[nameKey(k)], changed = v, true
		}
		if changed {
			if b, err := json.Marshal(d.m); err == nil {
				*d.text = string(b)
			}
		}
	}
	return nil
}

// hasName reports whether a name field holds a name.
func hasName(raw json.RawMessage) bool {
	s := string(raw)
	return s != "" && s != "null" && s != `""` && s != "[]"
}

// rawIDs reads an id or a list of ids.
func rawIDs(raw json.RawMessage) []int64 {
	var id int64
	if json.Unmarshal(raw, &id) == nil && id > 0 {
		return []int64{id}
	}
	var ids []int64
	json.Unmarshal(raw, &ids)
	return ids
}

// FindDeletedProject returns a deleted project as its delete row in the
// audit log recorded it, so that its history stays readable: whoever may
// see a project in that portfolio may read it. ENOTFOUND when no project
// of that id was ever deleted (or it exists), and for a caller who could
// not see it, whom its past must not tell.
func (d *DB) FindDeletedProject(ctx context.Context, id int64) (*salkku.Project, error) {
	var p *salkku.Project
	err := d.read(ctx, func(tx *Tx) error {
		var err error
		if p, err = tx.findDeletedProject(id); err != nil {
			return err
		}
		if !tx.access().CanViewProject(p) {
			return salkku.Errorf(salkku.ENOTFOUND, "error.not_found")
		}
		return nil
	})
	return p, err
}

// findDeletedProject reads the last delete row of a project.
func (tx *Tx) findDeletedProject(id int64) (*salkku.Project, error) {
	var before string
	err := tx.queryRow(`SELECT COALESCE(`+tx.dialect.jsonText("before_json")+`, '') FROM audit_log
		WHERE entity = 'project' AND entity_id = ? AND action = ? ORDER BY id DESC LIMIT 1`, id, actionDelete).Scan(&before)
	if err == sql.ErrNoRows {
		return nil, salkku.Errorf(salkku.ENOTFOUND, "error.not_found")
	} else if err != nil {
		return nil, fmt.Errorf("sqldb: find deleted project: %w", err)
	}
	if ok, err := tx.exists("projects", id); err != nil || ok {
		if err == nil {
			err = salkku.Errorf(salkku.ENOTFOUND, "error.not_found")
		}
		return nil, err
	}
	var p salkku.Project
	if err := json.Unmarshal(legacyTexts([]byte(before)), &p); err != nil || p.PortfolioID == 0 {
		return nil, salkku.Errorf(salkku.ENOTFOUND, "error.not_found")
	}
	p.ID = id
	return &p, nil
}

// deletedNames adds to names those of the ids that are gone, from their
// delete rows: "code name" or "name", as the live rows are named.
func (tx *Tx) deletedNames(ref auditRef, ids map[int64]bool, names map[int64]string) error {
	var args []any
	for id := range ids {
		if _, ok := names[id]; !ok {
			args = append(args, id)
		}
	}
	if len(args) == 0 {
		return nil
	}
	rows, err := tx.query(`SELECT entity_id, COALESCE(`+tx.dialect.jsonText("before_json")+`, '') FROM audit_log
		WHERE entity = ? AND action = ? AND entity_id IN (`+placeholders(len(args))+`)`,
		append([]any{ref.entity, actionDelete}, args...)...)
	if err != nil {
		return fmt.Errorf("sqldb: audit names: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var before string
		if err := rows.Scan(&id, &before); err != nil {
			return fmt.Errorf("sqldb: audit names: %w", err)
		}
		var rec struct {
			Code string
			Name json.RawMessage
		}
		if json.Unmarshal([]byte(before), &rec) != nil {
			continue
		}
		name := legacyText(rec.Name).PrimaryText()
		if name == "" {
			continue
		}
		names[id] = strings.TrimSpace(rec.Code + " " + name)
	}
	return rows.Err()
}

// legacyText reads a text as the audit log holds it: an object by
// language, or, in rows written before texts had languages, a plain
// string, which was Finnish (person names are strings too).
func legacyText(raw json.RawMessage) salkku.Text {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return salkku.Text{FI: s, Primary: salkku.LangFI}
	}
	var t salkku.Text
	json.Unmarshal(raw, &t)
	return t
}

// legacyTexts rewrites the plain-string texts of a record written before
// texts had languages as Finnish ones, so that it reads into today's type.
func legacyTexts(doc []byte) []byte {
	var m map[string]json.RawMessage
	if json.Unmarshal(doc, &m) != nil {
		return doc
	}
	for _, k := range []string{"name", "description", "portfolio_name", "category_name", "organisation_name", "parent_name"} {
		if raw, ok := m[k]; ok && len(raw) > 0 && raw[0] == '"' {
			m[k], _ = json.Marshal(legacyText(raw))
		}
	}
	out, err := json.Marshal(m)
	if err != nil {
		return doc
	}
	return out
}
