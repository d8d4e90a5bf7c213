package sqldb

import (
	"context"
	"fmt"

	"github.com/salkku/salkku"
)

const organisationCols = `id, version, created_at, updated_at, name, business_id`

func scanOrganisation(sc interface{ Scan(...any) error }) (*salkku.Organisation, error) {
	var o salkku.Organisation
	err := sc.Scan(&o.ID, &o.Version, &o.CreatedAt, &o.UpdatedAt, &o.Name, &o.BusinessID)
	return &o, err
}

// FindOrganisationByID returns one organisation.
func (d *DB) FindOrganisationByID(ctx context.Context, id int64) (*salkku.Organisation, error) {
	var o *salkku.Organisation
	err := d.read(ctx, func(tx *Tx) (err error) {
		if err := allow(tx.access().SignedIn()); err != nil {
			return err
		}
		o, err = tx.findOrganisation(id)
		return err
	})
	return o, err
}

func (tx *Tx) findOrganisation(id int64) (*salkku.Organisation, error) {
	o, err := scanOrganisation(tx.queryRow(`SELECT `+organisationCols+` FROM organisations WHERE id = ?`, id))
	if err != nil {
		return nil, notFound(fmt.Errorf("sqldb: find organisation: %w", err))
	}
	return o, nil
}

// FindOrganisations lists organisations by name.
func (d *DB) FindOrganisations(ctx context.Context, page salkku.Page) ([]*salkku.Organisation, int, error) {
	page = page.Normalize()
	var out []*salkku.Organisation
	var total int
	err := d.read(ctx, func(tx *Tx) error {
		if err := allow(tx.access().SignedIn()); err != nil {
			return err
		}
		var err error
		if total, err = tx.count(`SELECT COUNT(*) FROM organisations`); err != nil {
			return err
		}
		rows, err := tx.query(`SELECT `+organisationCols+` FROM organisations ORDER BY name, id LIMIT ? OFFSET ?`, page.Limit, page.Offset)
		if err != nil {
			return fmt.Errorf("sqldb: find organisations: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			o, err := scanOrganisation(rows)
			if err != nil {
				return fmt.Errorf("sqldb: find organisations: %w", err)
			}
			out = append(out, o)
		}
		return rows.Err()
	})
	return out, total, err
}

// CreateOrganisation stores a new organisation and sets its id.
func (d *DB) CreateOrganisation(ctx context.Context, o *salkku.Organisation) error {
	return d.inTx(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanAdminister()); err != nil {
			return err
		}
		pr, err := newProblems(ctx, o.Validate())
		if err == nil {
			err = pr.check(func() error { return tx.checkOrganisationName(o) }, "name")
		}
		if err == nil {
			err = pr.err()
		}
		if err != nil {
			return err
		}
		o.Version, o.CreatedAt, o.UpdatedAt = 1, tx.now, tx.now
		id, err := tx.insert(`INSERT INTO organisations (version, created_at, updated_at, name, name_fold, business_id) VALUES (?, ?, ?, ?, ?, ?)`,
			o.Version, o.CreatedAt, o.UpdatedAt, o.Name, salkku.Fold(o.Name), o.BusinessID)
		if err != nil {
			return fmt.Errorf("sqldb: create organisation: %w", organisationName.onDuplicate(err, o.Name))
		}
		o.ID = id
		return tx.audit(actionCreate, "organisation", id, nil, nil, o)
	})
}

// UpdateOrganisation replaces the organisation's fields.
func (d *DB) UpdateOrganisation(ctx context.Context, o *salkku.Organisation) error {
	return d.inTx(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanAdminister()); err != nil {
			return err
		}
		before, err := tx.findOrganisation(o.ID)
		if err != nil {
			return err
		}
		pr, err := newProblems(ctx, o.Validate())
		if err == nil {
			err = pr.check(func() error { return tx.checkOrganisationName(o) }, "name")
		}
		if err == nil {
			err = pr.err()
		}
		if err != nil {
			return err
		}
		res, err := tx.exec(`UPDATE organisations SET version = version + 1, updated_at = ?, name = ?, name_fold = ?, business_id = ? WHERE id = ? AND version = ?`,
			tx.now, o.Name, salkku.Fold(o.Name), o.BusinessID, o.ID, o.Version)
		if err != nil {
			return fmt.Errorf("sqldb: update organisation: %w", organisationName.onDuplicate(err, o.Name))
		}
		if err := tx.checkVersion(res, "organisations", o.ID); err != nil {
			return err
		}
		o.Version, o.CreatedAt, o.UpdatedAt = before.Version+1, before.CreatedAt, tx.now
		return tx.audit(actionUpdate, "organisation", o.ID, nil, before, o)
	})
}

// DeleteOrganisation removes an organisation that has no portfolios; its
// people stay in the register, no longer tied to any organisation.
func (d *DB) DeleteOrganisation(ctx context.Context, id int64) error {
	return d.inTx(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanAdminister()); err != nil {
			return err
		}
		before, err := tx.findOrganisation(id)
		if err != nil {
			return err
		}
		n, err := tx.count(`SELECT COUNT(*) FROM portfolios WHERE organisation_id = ?`, id)
		if err != nil {
			return err
		}
		if n > 0 {
			return salkku.Errorf(salkku.ECONFLICT, "error.organisation_has_portfolios", n)
		}
		if _, err := tx.exec(`UPDATE people SET organisation_id = NULL WHERE organisation_id = ?`, id); err != nil {
			return fmt.Errorf("sqldb: delete organisation: %w", err)
		}
		if _, err := tx.exec(`DELETE FROM organisations WHERE id = ?`, id); err != nil {
			return fmt.Errorf("sqldb: delete organisation: %w", err)
		}
		return tx.audit(actionDelete, "organisation", id, nil, before, nil)
	})
}

// checkOrganisationName keeps organisations' names apart: two of one name
// would be impossible to tell apart in every list.
func (tx *Tx) checkOrganisationName(o *salkku.Organisation) error {
	return tx.checkFree(organisationName, o.Name, 0, o.ID)
}
