package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/salkku/salkku"
)

const personCols = `id, version, created_at, updated_at, organisation_id, name, email, title,
	(SELECT u.id FROM users u WHERE u.person_id = people.id) AS user_id`

func scanPerson(sc interface{ Scan(...any) error }) (*salkku.Person, error) {
	var p salkku.Person
	var org, user sql.NullInt64
	err := sc.Scan(&p.ID, &p.Version, &p.CreatedAt, &p.UpdatedAt, &org, &p.Name, &p.Email, &p.Title, &user)
	p.OrganisationID, p.UserID = idPtr(org), idPtr(user)
	return &p, err
}

func personSearchText(p *salkku.Person) string {
	return strings.ToLower(p.Name + " " + p.Email + " " + p.Title)
}

// FindPersonByID returns one person.
func (d *DB) FindPersonByID(ctx context.Context, id int64) (*salkku.Person, error) {
	var p *salkku.Person
	err := d.read(ctx, func(tx *Tx) (err error) {
		if p, err = tx.findPerson(id); err != nil {
			return err
		}
		return allow(tx.access().CanViewPerson(p.OrganisationID))
	})
	return p, err
}

func (tx *Tx) findPerson(id int64) (*salkku.Person, error) {
	p, err := scanPerson(tx.queryRow(`SELECT `+personCols+` FROM people WHERE id = ?`, id))
	if err != nil {
		return nil, notFound(fmt.Errorf("sqldb: find person: %w", err))
	}
	return p, nil
}

// FindPeople lists the people the caller may see by name.
func (d *DB) FindPeople(ctx context.Context, f salkku.PersonFilter) ([]*salkku.Person, int, error) {
	a := salkku.AccessFrom(ctx)
	if a == nil {
		return nil, 0, errForbidden
	}
	if err := f.Validate(); err != nil {
		return nil, 0, err
	}
	f.Page = f.Page.Normalize()
	where, args := []string{"1 = 1"}, []any{}
	if v := f.ID; v != nil {
		where, args = append(where, "id = ?"), append(args, *v)
	}
	if len(f.IDs) > 0 {
		ids := f.IDs
		if len(ids) > salkku.MaxPageSize {
			ids = ids[:salkku.MaxPageSize]
		}
		where = append(where, "id IN ("+placeholders(len(ids))+")")
		for _, id := range ids {
			args = append(args, id)
		}
	}
	if visible := a.PeopleVisibility(); visible != nil {
		cond := "organisation_id IS NULL"
		if len(visible) > 0 {
			cond = "(organisation_id IS NULL OR organisation_id IN (" + placeholders(len(visible)) + "))"
			for _, id := range visible {
				args = append(args, id)
			}
		}
		where = append(where, cond)
	}
	if v := f.OrganisationID; v != nil {
		where, args = append(where, "organisation_id = ?"), append(args, *v)
	}
	if strings.TrimSpace(f.Query) != "" {
		where, args = append(where, `search_text LIKE ? ESCAPE '\'`), append(args, likePattern(f.Query))
	}
	cond := strings.Join(where, " AND ")
	var out []*salkku.Person
	var total int
	err := d.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(`SELECT `+personCols+` FROM people WHERE `+cond+` ORDER BY name, id`+sqlLimitOffset(f.Limit, f.Offset),
			args...)
		if err != nil {
			return fmt.Errorf("sqldb: find people: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			p, err := scanPerson(rows)
			if err != nil {
				return fmt.Errorf("sqldb: find people: %w", err)
			}
			out = append(out, p)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		total, err = pageTotal(len(out), f.Page, func() (int, error) { return tx.count(`SELECT COUNT(*) FROM people WHERE `+cond, args...) })
		return err
	})
	return out, total, err
}

// CreatePerson stores a new person and sets its id.
func (d *DB) CreatePerson(ctx context.Context, p *salkku.Person) error {
	if err := validInput(ctx, p.Validate()); err != nil {
		return err
	}
	return d.inTx(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanManagePerson(p.OrganisationID)); err != nil {
			return err
		}
		fe := salkku.FieldErrors{}
		if err := tx.checkRefs(fe, "organisations", "organisation_id", p.OrganisationID); err != nil {
			return err
		}
		if err := fe.Err(); err != nil {
			return err
		}
		p.Version, p.CreatedAt, p.UpdatedAt = 1, tx.now, tx.now
		id, err := tx.insert(`INSERT INTO people (version, created_at, updated_at, organisation_id, name, email, title, search_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			p.Version, p.CreatedAt, p.UpdatedAt, nullID(p.OrganisationID), p.Name, p.Email, p.Title, personSearchText(p))
		if err != nil {
			return fmt.Errorf("sqldb: create person: %w", err)
		}
		p.ID = id
		if err := tx.linkPersonUser(p); err != nil {
			return err
		}
		return tx.audit(actionCreate, "person", id, nil, nil, p)
	})
}

// UpdatePerson replaces the person's fields.
func (d *DB) UpdatePerson(ctx context.Context, p *salkku.Person) error {
	if err := validInput(ctx, p.Validate()); err != nil {
		return err
	}
	return d.inTx(ctx, func(tx *Tx) error {
		before, err := tx.findPerson(p.ID)
		if err != nil {
			return err
		}
		if err := allow(tx.access().CanUpdatePerson(before, p)); err != nil {
			return err
		}
		fe := salkku.FieldErrors{}
		if err := tx.checkRefs(fe, "organisations", "organisation_id", p.OrganisationID); err != nil {
			return err
		}
		if err := fe.Err(); err != nil {
			return err
		}
		res, err := tx.exec(`UPDATE people SET version = version + 1, updated_at = ?, organisation_id = ?, name = ?, email = ?, title = ?, search_text = ? WHERE id = ? AND version = ?`,
			tx.now, nullID(p.OrganisationID), p.Name, p.Email, p.Title, personSearchText(p), p.ID, p.Version)
		if err != nil {
			return fmt.Errorf("sqldb: update person: %w", err)
		}
		if err := tx.checkVersion(res, "people", p.ID); err != nil {
			return err
		}
		p.Version, p.CreatedAt, p.UpdatedAt = before.Version+1, before.CreatedAt, tx.now
		if err := tx.linkPersonUser(p); err != nil {
			return err
		}
		return tx.audit(actionUpdate, "person", p.ID, nil, before, p)
	})
}

// DeletePerson removes a person nothing refers to.
func (d *DB) DeletePerson(ctx context.Context, id int64) error {
	return d.inTx(ctx, func(tx *Tx) error {
		before, err := tx.findPerson(id)
		if err != nil {
			return err
		}
		if err := allow(tx.access().CanManagePerson(before.OrganisationID)); err != nil {
			return err
		}
		n, err := tx.count(`SELECT
			(SELECT COUNT(*) FROM projects WHERE owner_id = ? OR manager_id = ? OR service_owner_id = ?) +
			(SELECT COUNT(*) FROM portfolios WHERE owner_id = ?) +
			(SELECT COUNT(*) FROM portfolio_board WHERE person_id = ?) +
			(SELECT COUNT(*) FROM work_package_people WHERE person_id = ?)`, id, id, id, id, id, id)
		if err != nil {
			return err
		}
		if n > 0 {
			return salkku.Errorf(salkku.ECONFLICT, "error.person_in_use", n)
		}
		if _, err := tx.exec(`DELETE FROM people WHERE id = ?`, id); err != nil {
			return fmt.Errorf("sqldb: delete person: %w", err)
		}
		return tx.audit(actionDelete, "person", id, nil, before, nil)
	})
}
