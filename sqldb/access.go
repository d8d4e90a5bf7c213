package sqldb

import (
	"database/sql"
	"slices"

	"github.com/salkku/salkku"
)

// Every exported method checks its caller here, inside its own
// transaction: the caller comes from the context (salkku.WithCaller, or
// salkku.System for Salkku itself) and the rules from access.go. A context
// without a caller may do nothing.

var errForbidden = salkku.Errorf(salkku.EFORBIDDEN, "error.forbidden")

// allow turns a permission predicate into an error.
func allow(ok bool) error {
	if !ok {
		return errForbidden
	}
	return nil
}

// access is what the transaction's caller may do; nil allows nothing.
func (tx *Tx) access() *salkku.Access { return salkku.AccessFrom(tx.ctx) }

// viewProject loads a project the caller may see.
func (tx *Tx) viewProject(id int64) (*salkku.Project, error) {
	p, err := tx.findProject(id)
	if err != nil {
		return nil, err
	}
	return p, allow(tx.access().CanViewProject(p))
}

// editProject loads a project the caller may edit.
func (tx *Tx) editProject(id int64) (*salkku.Project, error) {
	p, err := tx.findProject(id)
	if err != nil {
		return nil, err
	}
	return p, allow(tx.access().CanEditProject(p))
}

// refProject checks a project named in a filter or a body with the
// predicate: one that does not exist is invalid input for admins, who see
// everything, and forbidden for others, whom its absence must not tell.
func (tx *Tx) refProject(id int64, can func(*salkku.Access, *salkku.Project) bool) (exists bool, err error) {
	p, err := tx.findProject(id)
	if salkku.ErrorCode(err) == salkku.ENOTFOUND {
		return false, allow(tx.access().CanAdminister())
	} else if err != nil {
		return false, err
	}
	return true, allow(can(tx.access(), p))
}

// checkPeople refuses people the caller may not see among those a record
// names (field: the field to blame), so that naming a person cannot reveal
// another organisation's staff through the names echoed back. People
// already named (kept) stay allowed, and unknown ids are left for the
// reference checks.
func (tx *Tx) checkPeople(fe salkku.FieldErrors, field string, kept, chosen []int64) error {
	a := tx.access()
	if a.CanAdminister() {
		return nil
	}
	var ask []int64
	for _, id := range chosen {
		if id > 0 && !slices.Contains(kept, id) {
			ask = append(ask, id)
		}
	}
	if len(ask) == 0 {
		return nil
	}
	orgs, err := tx.personOrganisations(ask)
	if err != nil {
		return err
	}
	for _, org := range orgs {
		if !a.CanViewPerson(org) {
			fe.Add(field, "error.forbidden_choice")
			return nil
		}
	}
	return nil
}

// personOrganisations returns the organisation of each of the people that
// exist, in one query.
func (tx *Tx) personOrganisations(ids []int64) ([]*int64, error) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := tx.query(`SELECT organisation_id FROM people WHERE id IN (`+placeholders(len(ids))+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*int64
	for rows.Next() {
		var org sql.NullInt64
		if err := rows.Scan(&org); err != nil {
			return nil, err
		}
		out = append(out, idPtr(org))
	}
	return out, rows.Err()
}

// ids collects the set ids among optional ones.
func ids(ps ...*int64) []int64 {
	var out []int64
	for _, p := range ps {
		if p != nil {
			out = append(out, *p)
		}
	}
	return out
}

// canReadAudit: the whole log is for admins; one project's history for
// whoever may see the project, or could when it was deleted.
func (tx *Tx) canReadAudit(f salkku.AuditFilter) error {
	if f.ProjectID == nil || tx.access().CanAdminister() {
		return allow(tx.access().CanAdminister())
	}
	if _, err := tx.viewProject(*f.ProjectID); salkku.ErrorCode(err) != salkku.ENOTFOUND {
		return err
	}
	// A deleted project's: one whom it was hidden from is not told it was.
	p, err := tx.findDeletedProject(*f.ProjectID)
	if err == nil && !tx.access().CanViewProject(p) {
		err = salkku.Errorf(salkku.ENOTFOUND, "error.not_found")
	}
	return err
}
