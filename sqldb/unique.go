package sqldb

import (
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/salkku/salkku"
)

// uniqueKey is a code or name that must be unique, as salkku.Fold compares
// them ("KaRa" and "KARA" are one code), among the rows of one scope. The
// folded value is kept in a column of its own under a unique index
// (migration 0003_unique_fold), so that two transactions racing to write
// one value cannot both succeed. All names are constants of this package.
type uniqueKey struct {
	table  string // the table
	column string // the column people write
	fold   string // the folded column, with a unique index on (scope, fold)
	scope  string // the column the value is unique within; "" for the table
	// field and message are the form field and the catalogue key of a
	// conflict; message takes the value as its argument.
	field, message string
}

var (
	organisationName = uniqueKey{"organisations", "name", "name_fold", "", "name", "error.duplicate_organisation"}
	categoryName     = uniqueKey{"categories", "name", "name_fold", "portfolio_id", "name", "error.duplicate_category"}
	projectCode      = uniqueKey{"projects", "code", "code_fold", "portfolio_id", "code", "error.duplicate_code"}
	workPackageCode  = uniqueKey{"work_packages", "code", "code_fold", "project_id", "code", "error.duplicate_wp_code"}
)

// uniqueKeys are all of them, for the migration that fills the folds.
var uniqueKeys = []uniqueKey{organisationName, categoryName, projectCode, workPackageCode}

// checkFree gives the field error of a value another row in scope already
// uses: one lookup in the unique index, however many rows the scope has.
// id is the row being written (0 for a new one). An empty value is never
// taken: only work packages may leave their code empty.
func (tx *Tx) checkFree(k uniqueKey, value string, scopeID, id int64) error {
	fold := salkku.Fold(value)
	if fold == "" {
		return nil
	}
	cond, args := k.fold+" = ? AND id <> ?", []any{fold, id}
	if k.scope != "" {
		cond, args = k.scope+" = ? AND "+cond, append([]any{scopeID}, args...)
	}
	var one int
	err := tx.queryRow(`SELECT 1 FROM `+k.table+` WHERE `+cond+` LIMIT 1`, args...).Scan(&one)
	switch {
	case err == nil:
		return k.conflict(value)
	case errors.Is(err, sql.ErrNoRows):
		return nil
	default:
		return fmt.Errorf("sqldb: check unique %s.%s: %w", k.table, k.column, err)
	}
}

// onDuplicate turns the unique-index violation of a write into the field
// error checkFree gives: the loser of a race that both passed the check
// gets the same clean conflict. Other errors pass through.
func (k uniqueKey) onDuplicate(err error, value string) error {
	var e *salkku.Error
	if errors.As(err, &e) && e.Code == salkku.ECONFLICT && e.Message == "error.duplicate" {
		return k.conflict(value)
	}
	return err
}

func (k uniqueKey) conflict(value string) error {
	return conflictAt(k.field, k.message, value)
}

// conflictAt is the ECONFLICT error of a value already in use.
func conflictAt(field, message string, value string) error {
	return &salkku.Error{Code: salkku.ECONFLICT, Message: message, Args: []any{value}, Fields: map[string]string{field: message + "_field"}}
}

// fillFolds is the Go step of migration 0003_unique_fold: it writes the
// folds of the rows stored before it, which SQL could not compute. The
// first row (by id) of each folded value gets the plain fold; any later
// row that already clashed with it gets the fold marked with its id, so
// that the unique index holds, and is refused on its next save until it is
// renamed.
func fillFolds(tx *Tx) error {
	for _, k := range uniqueKeys {
		scope := "0"
		if k.scope != "" {
			scope = k.scope
		}
		rows, err := tx.query(`SELECT id, ` + scope + `, ` + k.column + ` FROM ` + k.table + ` ORDER BY id`)
		if err != nil {
			return fmt.Errorf("sqldb: fill %s.%s: %w", k.table, k.fold, err)
		}
		type row struct {
			id   int64
			fold string
		}
		var todo []row
		seen := map[[2]string]bool{}
		for rows.Next() {
			var id, scopeID int64
			var value string
			if err := rows.Scan(&id, &scopeID, &value); err != nil {
				rows.Close()
				return fmt.Errorf("sqldb: fill %s.%s: %w", k.table, k.fold, err)
			}
			fold := salkku.Fold(value)
			if key := [2]string{strconv.FormatInt(scopeID, 10), fold}; fold != "" && seen[key] {
				fold += "\n" + strconv.FormatInt(id, 10)
			} else {
				seen[key] = true
			}
			todo = append(todo, row{id, fold})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("sqldb: fill %s.%s: %w", k.table, k.fold, err)
		}
		for _, r := range todo {
			if _, err := tx.exec(`UPDATE `+k.table+` SET `+k.fold+` = ? WHERE id = ?`, r.fold, r.id); err != nil {
				return fmt.Errorf("sqldb: fill %s.%s: %w", k.table, k.fold, err)
			}
		}
	}
	return nil
}
