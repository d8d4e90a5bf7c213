package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/salkku/salkku"
)

const organisationCols = `id, version, created_at, updated_at, business_id, languages, required_languages`

// scanOrganisation reads an organisation but for its name, which
// fillOrganisations reads.
func scanOrganisation(sc interface{ Scan(...any) error }) (*salkku.Organisation, error) {
	var o salkku.Organisation
	var used, required string
	err := sc.Scan(&o.ID, &o.Version, &o.CreatedAt, &o.UpdatedAt, &o.BusinessID, &used, &required)
	o.Languages = decodeLanguages(used, required)
	o.Name.Primary = o.Languages.Primary()
	return &o, err
}

// fillOrganisations reads the names of organisations in one query.
func (tx *Tx) fillOrganisations(os ...*salkku.Organisation) error {
	r := textRefs{}
	for _, o := range os {
		r.add(textOrganisation, o.ID, "name", &o.Name)
	}
	return tx.fillTexts(r)
}

// organisationTexts are the texts of an organisation as written: names
// are unique among all organisations in every language.
func organisationTexts(o *salkku.Organisation) []textField {
	return []textField{{field: "name", text: o.Name, unique: new(int64)}}
}

// Languages of the organisation that owns a record: by the id of the
// organisation, a portfolio or a project.
const (
	langsOfOrganisation = `SELECT languages, required_languages FROM organisations WHERE id = ?`
	langsOfPortfolio    = `SELECT o.languages, o.required_languages FROM portfolios pf JOIN organisations o ON o.id = pf.organisation_id WHERE pf.id = ?`
	langsOfProject      = `SELECT o.languages, o.required_languages FROM projects p JOIN portfolios pf ON pf.id = p.portfolio_id
		JOIN organisations o ON o.id = pf.organisation_id WHERE p.id = ?`
)

// languagesOf are the content languages of the organisation that owns a
// record (query is one of langsOf…); those of a missing one are the
// default, for a check that reports it missing.
func (tx *Tx) languagesOf(query string, id int64) (salkku.Languages, error) {
	var used, required string
	err := tx.queryRow(query, id).Scan(&used, &required)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return salkku.DefaultLanguages(), nil
	case err != nil:
		return salkku.Languages{}, fmt.Errorf("sqldb: content languages: %w", err)
	}
	return decodeLanguages(used, required), nil
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
	return o, tx.fillOrganisations(o)
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
		rows, err := tx.query(`SELECT `+organisationCols+` FROM organisations o ORDER BY `+
			textOrder(textOrganisation, "o.id", "name", "o.primary_lang")+`, o.id`+sqlLimitOffset(page.Limit, page.Offset), salkku.LangFrom(tx.ctx))
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
		if err := rows.Err(); err != nil {
			return err
		}
		return tx.fillOrganisations(out...)
	})
	return out, total, err
}

// CreateOrganisation stores a new organisation and sets its id.
func (d *DB) CreateOrganisation(ctx context.Context, o *salkku.Organisation) error {
	return d.inTx(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanAdminister()); err != nil {
			return err
		}
		if err := tx.checkOrganisation(ctx, o); err != nil {
			return err
		}
		o.Version, o.CreatedAt, o.UpdatedAt = 1, tx.now, tx.now
		l := o.Languages
		id, err := tx.insert(`INSERT INTO organisations (version, created_at, updated_at, name, name_fold, business_id, primary_lang, languages, required_languages)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			o.Version, o.CreatedAt, o.UpdatedAt, o.Name.PrimaryText(), salkku.Fold(o.Name.PrimaryText()), o.BusinessID,
			l.Primary(), encodeLangs(l.Used), encodeLangs(l.Required))
		if err != nil {
			return fmt.Errorf("sqldb: create organisation: %w", err)
		}
		o.ID = id
		if err := tx.createTexts(textOrganisation, id, organisationTexts(o)...); err != nil {
			return err
		}
		if err := tx.createDefaultModel(id); err != nil {
			return err
		}
		if err := tx.createDefaultCostCategories(id); err != nil {
			return err
		}
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
		if err := tx.checkOrganisation(ctx, o); err != nil {
			return err
		}
		l := o.Languages
		res, err := tx.exec(`UPDATE organisations SET version = version + 1, updated_at = ?, name = ?, name_fold = ?, business_id = ?,
			primary_lang = ?, languages = ?, required_languages = ? WHERE id = ? AND version = ?`,
			tx.now, o.Name.PrimaryText(), salkku.Fold(o.Name.PrimaryText()), o.BusinessID, l.Primary(), encodeLangs(l.Used), encodeLangs(l.Required), o.ID, o.Version)
		if err != nil {
			return fmt.Errorf("sqldb: update organisation: %w", err)
		}
		if err := tx.checkVersion(res, "organisations", o.ID); err != nil {
			return err
		}
		if err := tx.replaceTexts(textOrganisation, o.ID, organisationTexts(before), organisationTexts(o)); err != nil {
			return err
		}
		if before.Languages.Primary() != l.Primary() {
			if err := tx.renamePrimary(o.ID, l.Primary()); err != nil {
				return err
			}
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
		if err := tx.deleteTexts(textOrganisation, `?`, id); err != nil {
			return err
		}
		return tx.audit(actionDelete, "organisation", id, nil, before, nil)
	})
}

// checkOrganisation reports everything wrong with an organisation to be
// written in one error. Names are unique in every language: two of one name
// would be impossible to tell apart in every list.
func (tx *Tx) checkOrganisation(ctx context.Context, o *salkku.Organisation) error {
	pr, err := newProblems(ctx, o.Validate())
	if err == nil {
		err = tx.checkTextsFree(pr, textOrganisation, o.ID, organisationTexts(o)...)
	}
	if err == nil {
		err = pr.err()
	}
	return err
}

// renamePrimary rewrites the primary-language copies of names (the name
// columns) of an organisation's records after its primary language
// changed, from the texts in the new one where they have one: one
// statement per table, however many records.
func (tx *Tx) renamePrimary(orgID int64, lang string) error {
	for _, t := range []struct{ table, entity, owned string }{
		{"portfolios", textPortfolio, `organisation_id = ?`},
		{"categories", textCategory, `portfolio_id IN (SELECT id FROM portfolios WHERE organisation_id = ?)`},
		{"projects", textProject, `portfolio_id IN (SELECT id FROM portfolios WHERE organisation_id = ?)`},
		{"work_packages", textWorkPackage, `project_id IN (SELECT p.id FROM projects p JOIN portfolios pf ON pf.id = p.portfolio_id WHERE pf.organisation_id = ?)`},
	} {
		sub := `(SELECT t.value FROM texts t WHERE t.entity = '` + t.entity + `' AND t.entity_id = ` + t.table + `.id AND t.field = 'name' AND t.lang = ?)`
		_, err := tx.exec(`UPDATE `+t.table+` SET name = COALESCE(`+sub+`, name) WHERE `+t.owned, lang, orgID)
		if err != nil {
			return fmt.Errorf("sqldb: rename %s in the primary language: %w", t.table, err)
		}
	}
	return nil
}
