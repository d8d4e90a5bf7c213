package sqldb

import (
	"encoding/json"
	"fmt"

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
	a := salkku.ActorFrom(tx.ctx)
	var actorID any
	if a.UserID != 0 {
		actorID = a.UserID
	}
	b, err := jsonOrNil(before)
	if err != nil {
		return err
	}
	af, err := jsonOrNil(after)
	if err != nil {
		return err
	}
	_, err = tx.exec(`INSERT INTO audit_log (at, actor_id, actor_name, action, entity, entity_id, project_id, before_json, after_json)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, tx.now, actorID, a.Name, action, entity, id, nullID(projectID), b, af)
	if err != nil {
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
