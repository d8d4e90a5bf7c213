package sqldb

import (
	"fmt"
	"strings"

	"github.com/salkku/salkku"
)

// taken reports whether value is already used in a column among the rows
// matching scope, ignoring case as people do ("KaRa" and "KARA" are one
// code). The comparison is in Go, since SQLite's lower() knows only ASCII
// and names are Finnish. query selects the column of the rows in scope.
func (tx *Tx) taken(value, query string, args ...any) (bool, error) {
	if strings.TrimSpace(value) == "" {
		return false, nil
	}
	rows, err := tx.query(query, args...)
	if err != nil {
		return false, fmt.Errorf("sqldb: check unique: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return false, err
		}
		if strings.EqualFold(strings.TrimSpace(v), strings.TrimSpace(value)) {
			return true, nil
		}
	}
	return false, rows.Err()
}

// conflictAt is the ECONFLICT error of a value already in use.
func conflictAt(field, message string, value string) error {
	return &salkku.Error{Code: salkku.ECONFLICT, Message: message, Args: []any{value}, Fields: map[string]string{field: message + "_field"}}
}
