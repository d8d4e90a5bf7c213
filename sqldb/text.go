package sqldb

import (
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/salkku/salkku"
)

// Texts people write in several languages (salkku.Text) are kept in one
// table for every kind of record: a row per entity, field and language
// (migration 0005_texts). A page fills the texts of all its records in one
// query per kind of record (fillTexts), whatever its length.
//
// Each record's own table keeps its name in the primary language too, in
// the column "name": it is what the register sorted and was unique by
// before texts had languages, and it keeps joins and the audit log's names
// one column away.

// Entity names of the texts table, as the audit log names them too.
const (
	textOrganisation = "organisation"
	textPortfolio    = "portfolio"
	textCategory     = "category"
	textProject      = "project"
	textWorkPackage  = "work_package"
)

// textField is one multilingual field of a record to be written.
type textField struct {
	field string
	text  salkku.Text
	// unique names the scope within which the field's text is unique in
	// each language, e.g. a category's portfolio; nil when it need not be.
	unique *int64
}

// describedTexts are the texts of a record with a name and a
// description, neither unique.
func describedTexts(name, description salkku.Text) []textField {
	return []textField{{field: "name", text: name}, {field: "description", text: description}}
}

// replaceTexts replaces the texts of one record, as stored (before), by
// those given (after); an edit that leaves them as they were writes
// nothing.
func (tx *Tx) replaceTexts(entity string, id int64, before, after []textField) error {
	if sameTexts(before, after) {
		return nil
	}
	if _, err := tx.exec(`DELETE FROM texts WHERE entity = ? AND entity_id = ?`, entity, id); err != nil {
		return fmt.Errorf("sqldb: write texts: %w", err)
	}
	return tx.createTexts(entity, id, after...)
}

func sameTexts(a, b []textField) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].field != b[i].field || !a[i].text.Equal(b[i].text) || !sameID(a[i].unique, b[i].unique) {
			return false
		}
	}
	return true
}

// createTexts writes the texts of a new record: those unique in a scope
// one by one, so that the loser of a race is told which field and
// language lost (checkTextsFree finds a taken text first; the unique
// index texts_unique catches the race), the others in one statement.
func (tx *Tx) createTexts(entity string, id int64, fields ...textField) error {
	var rows [][]any
	for _, f := range fields {
		if f.unique == nil {
			rows = append(rows, textRows(entity, id, f)...)
			continue
		}
		for i, row := range textRows(entity, id, f) {
			if err := tx.insertRowsOf("texts", textColumns, [][]any{row}); err != nil {
				var e *salkku.Error
				if errors.As(err, &e) && e.Code == salkku.ECONFLICT {
					lang := f.text.Langs()[i]
					return textConflict(entity, f.field, lang, f.text.Get(lang))
				}
				return fmt.Errorf("sqldb: write texts: %w", err)
			}
		}
	}
	if err := tx.insertRowsOf("texts", textColumns, rows); err != nil {
		return fmt.Errorf("sqldb: write texts: %w", err)
	}
	return nil
}

// textColumns are the columns of texts that textRows fills.
var textColumns = []string{"entity", "entity_id", "field", "lang", "value", "fold", "sort_key", "scope"}

// textRows are the rows of texts of one field of a record, a row per
// language it is written in.
func textRows(entity string, id int64, f textField) [][]any {
	var out [][]any
	for _, lang := range f.text.Langs() {
		v := f.text.Get(lang)
		out = append(out, []any{entity, id, f.field, lang, v, salkku.Fold(v), salkku.CollationKey(lang, v), nullID(f.unique)})
	}
	return out
}

// checkTextsFree adds to pr a conflict for each unique field and language
// whose text another record of the scope already has (id is the record
// written, 0 for a new one): one lookup in texts_unique each. Fields
// already wrong are not looked up.
func (tx *Tx) checkTextsFree(pr *problems, entity string, id int64, fields ...textField) error {
	for _, f := range fields {
		if f.unique == nil {
			continue
		}
		for _, lang := range f.text.Langs() {
			v := f.text.Get(lang)
			err := pr.check(func() error {
				var one int
				err := tx.queryRow(`SELECT 1 FROM texts WHERE entity = ? AND field = ? AND lang = ? AND scope = ? AND fold = ? AND entity_id <> ? LIMIT 1`,
					entity, f.field, lang, *f.unique, salkku.Fold(v), id).Scan(&one)
				switch {
				case err == nil:
					return textConflict(entity, f.field, lang, v)
				case errors.Is(err, sql.ErrNoRows):
					return nil
				default:
					return fmt.Errorf("sqldb: check unique text: %w", err)
				}
			}, f.field+"."+lang)
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// textConflict is the conflict of a name in use, in the words the
// record's own unique key uses.
func textConflict(entity, field, lang, value string) error {
	msg := "error.duplicate"
	switch entity {
	case textOrganisation:
		msg = organisationName.message
	case textCategory:
		msg = categoryName.message
	}
	return conflictAt(field+"."+lang, msg, value)
}

// deleteTexts removes the texts of records that are being deleted: those
// of entity whose id the subquery sel (with args) selects.
func (tx *Tx) deleteTexts(entity, sel string, args ...any) error {
	_, err := tx.exec(`DELETE FROM texts WHERE entity = ? AND entity_id IN (`+sel+`)`, append([]any{entity}, args...)...)
	if err != nil {
		return fmt.Errorf("sqldb: delete texts: %w", err)
	}
	return nil
}

// textRef names one field of one record.
type textRef struct {
	entity string
	id     int64
	field  string
}

// textRefs collects the texts a page needs, so that fillTexts reads them
// in one query per kind of record.
type textRefs map[textRef][]*salkku.Text

// add asks for field of the record (entity, id) to be written into t; t
// keeps its Primary. A zero id asks for nothing.
func (r textRefs) add(entity string, id int64, field string, t *salkku.Text) {
	if id == 0 {
		return
	}
	k := textRef{entity, id, field}
	r[k] = append(r[k], t)
}

// maxIn bounds the ids of one IN list: SQLite allows 32766 parameters,
// PostgreSQL 65535.
const maxIn = 500

// fillTexts reads every text asked for: each text gets the languages
// stored for it, and none that is not.
func (tx *Tx) fillTexts(r textRefs) error {
	ids := map[string][]int64{}
	fields := map[string][]string{}
	seen := map[[2]any]bool{}
	for k := range r {
		if key := [2]any{k.entity, k.id}; !seen[key] {
			seen[key] = true
			ids[k.entity] = append(ids[k.entity], k.id)
		}
		if key := [2]any{k.entity, k.field}; !seen[key] {
			seen[key] = true
			fields[k.entity] = append(fields[k.entity], k.field)
		}
	}
	// One statement for all the kinds of record while their ids fit in
	// one: a project's page names its portfolio, organisation and
	// category in one read, not three.
	var groups []textGroup
	for _, entity := range slices.Sorted(maps.Keys(ids)) {
		slices.Sort(fields[entity]) // one statement text for the same fields
		for part := range slices.Chunk(ids[entity], maxIn) {
			groups = append(groups, textGroup{entity, fields[entity], part})
		}
	}
	for len(groups) > 0 {
		n, total := 1, len(groups[0].ids)
		for n < len(groups) && total+len(groups[n].ids) <= maxIn {
			total += len(groups[n].ids)
			n++
		}
		if err := tx.fillTextsOf(r, groups[:n]); err != nil {
			return err
		}
		groups = groups[n:]
	}
	return nil
}

// textGroup is the fields asked for of some records of one entity: only
// those, so that a page naming fifty portfolios does not read their
// descriptions.
type textGroup struct {
	entity string
	fields []string
	ids    []int64
}

// fillTextsOf reads the texts of the groups in one query.
func (tx *Tx) fillTextsOf(r textRefs, groups []textGroup) error {
	conds := make([]string, len(groups))
	var args []any
	for i, g := range groups {
		conds[i] = `(entity = ? AND field IN (` + placeholders(len(g.fields)) + `) AND entity_id IN (` + placeholders(len(g.ids)) + `))`
		args = append(args, g.entity)
		for _, f := range g.fields {
			args = append(args, f)
		}
		for _, id := range g.ids {
			args = append(args, id)
		}
	}
	rows, err := tx.query(`SELECT entity, entity_id, field, lang, value FROM texts WHERE `+strings.Join(conds, " OR "), args...)
	if err != nil {
		return fmt.Errorf("sqldb: read texts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k textRef
		var lang, value string
		if err := rows.Scan(&k.entity, &k.id, &k.field, &lang, &value); err != nil {
			return fmt.Errorf("sqldb: read texts: %w", err)
		}
		for _, t := range r[k] {
			t.Set(lang, value)
		}
	}
	return rows.Err()
}

// textOrder is an ORDER BY term that sorts records of entity (whose id is
// idCol) by field in the reader's language, else in the primary language
// (primaryCol), by salkku.CollationKey. It takes the reader's language as
// its one argument.
func textOrder(entity, idCol, field, primaryCol string) string {
	sub := func(lang string) string {
		return `(SELECT t.sort_key FROM texts t WHERE t.entity = '` + entity + `' AND t.entity_id = ` + idCol +
			` AND t.field = '` + field + `' AND t.lang = ` + lang + `)`
	}
	return `COALESCE(` + sub("?") + `, ` + sub(primaryCol) + `, '')`
}

// textMatch is a WHERE condition: some language of the field of entity
// (whose id is idCol) contains the argument's LIKE pattern, folded.
func textMatch(entity, idCol, field string) string {
	return `EXISTS (SELECT 1 FROM texts t WHERE t.entity = '` + entity + `' AND t.entity_id = ` + idCol +
		` AND t.field = '` + field + `' AND t.fold LIKE ? ESCAPE '\')`
}

// encodeLangs and decodeLangs keep a list of languages in a column as
// "fi,sv".
func encodeLangs(l []string) string { return strings.Join(l, ",") }

func decodeLangs(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// decodeLanguages reads an organisation's content languages from their
// columns languages and required_languages.
func decodeLanguages(used, required string) salkku.Languages {
	return salkku.Languages{Used: decodeLangs(used), Required: decodeLangs(required)}.Normalize()
}

// moveTexts is the Go step of migration 0005_texts: it copies the names
// and descriptions written before texts had languages into texts, as the
// Finnish (the only, and so primary) text, computing their folds and
// collation keys, and then drops the description columns they came from.
// A name that already clashed (migration 0003 marked its fold) keeps no
// unique scope, so that the index holds; it is refused on its next save
// until renamed, as before.
func moveTexts(tx *Tx) error {
	tables := []struct {
		table, entity, scope string
		description          bool
	}{
		{"organisations", textOrganisation, "0", false},
		{"portfolios", textPortfolio, "", true},
		{"categories", textCategory, "portfolio_id", true},
		{"projects", textProject, "", true},
		{"work_packages", textWorkPackage, "", true},
	}
	for _, t := range tables {
		cols := "id, name, '', NULL, ''"
		if t.description {
			cols = "id, name, description, NULL, ''"
		}
		if t.scope != "" {
			cols = strings.Replace(cols, "NULL, ''", t.scope+", name_fold", 1)
		}
		rows, err := tx.query(`SELECT ` + cols + ` FROM ` + t.table + ` ORDER BY id`)
		if err != nil {
			return fmt.Errorf("sqldb: move texts of %s: %w", t.table, err)
		}
		type row struct {
			id                int64
			name, description string
			scope             *int64
		}
		var todo []row
		for rows.Next() {
			var r row
			var scope sql.NullInt64
			var fold string
			if err := rows.Scan(&r.id, &r.name, &r.description, &scope, &fold); err != nil {
				rows.Close()
				return fmt.Errorf("sqldb: move texts of %s: %w", t.table, err)
			}
			if scope.Valid && !strings.Contains(fold, "\n") {
				r.scope = &scope.Int64
			}
			todo = append(todo, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("sqldb: move texts of %s: %w", t.table, err)
		}
		for _, r := range todo {
			err := tx.createTexts(t.entity, r.id, textField{field: "name", text: salkku.T(r.name), unique: r.scope},
				textField{field: "description", text: salkku.T(r.description)})
			if err != nil {
				return fmt.Errorf("sqldb: move texts of %s %d: %w", t.table, r.id, err)
			}
		}
		if t.description {
			if _, err := tx.exec(`ALTER TABLE ` + t.table + ` DROP COLUMN description`); err != nil {
				return fmt.Errorf("sqldb: move texts of %s: %w", t.table, err)
			}
		}
	}
	return nil
}
