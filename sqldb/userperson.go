package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/salkku/salkku"
)

// A user and the person of the same e-mail are one human: users.person_id
// links them. The link is made automatically, from either side, when it is
// missing: a new user takes the unlinked person with their e-mail (ignoring
// case) or gets a new person of no organisation; a person created or
// changed with an unlinked user's e-mail is linked to that user. A link is
// never moved automatically, so renaming an e-mail cannot hand someone's
// roles to another.

// linkUserPerson links the user u (already stored) to their person,
// creating one when no unlinked person has the e-mail. It sets u.PersonID.
func (tx *Tx) linkUserPerson(u *salkku.User) error {
	if u.PersonID != nil {
		return nil
	}
	var pid sql.NullInt64
	err := tx.queryRow(`SELECT MIN(p.id) FROM people p WHERE lower(p.email) = ?
		AND NOT EXISTS (SELECT 1 FROM users u WHERE u.person_id = p.id)`, strings.ToLower(u.Email)).Scan(&pid)
	if err != nil {
		return fmt.Errorf("sqldb: link user to person: %w", err)
	}
	id := pid.Int64
	if !pid.Valid {
		p := &salkku.Person{Name: u.Name, Email: u.Email}
		if err := p.Validate(); err != nil {
			return err
		}
		p.Version, p.CreatedAt, p.UpdatedAt = 1, tx.now, tx.now
		if id, err = tx.insert(`INSERT INTO people (version, created_at, updated_at, name, email, title, search_text) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			p.Version, p.CreatedAt, p.UpdatedAt, p.Name, p.Email, p.Title, personSearchText(p)); err != nil {
			return fmt.Errorf("sqldb: create person for user: %w", err)
		}
		p.ID, p.UserID = id, &u.ID
		if err := tx.audit(actionCreate, "person", id, nil, nil, p); err != nil {
			return err
		}
	}
	if _, err := tx.exec(`UPDATE users SET person_id = ? WHERE id = ?`, id, u.ID); err != nil {
		return fmt.Errorf("sqldb: link user to person: %w", err)
	}
	u.PersonID = &id
	return nil
}

// linkPersonUser links the stored person p to the unlinked user with its
// e-mail, if there is one. It sets p.UserID.
func (tx *Tx) linkPersonUser(p *salkku.Person) error {
	if p.Email == "" {
		return nil
	}
	var uid int64
	err := tx.queryRow(`SELECT id FROM users WHERE person_id = ?`, p.ID).Scan(&uid)
	switch {
	case err == nil:
		p.UserID = &uid
		return nil
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("sqldb: link person to user: %w", err)
	}
	err = tx.queryRow(`SELECT id FROM users WHERE email = ? AND person_id IS NULL`, strings.ToLower(p.Email)).Scan(&uid)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("sqldb: link person to user: %w", err)
	}
	if _, err := tx.exec(`UPDATE users SET person_id = ? WHERE id = ?`, p.ID, uid); err != nil {
		return fmt.Errorf("sqldb: link person to user: %w", err)
	}
	p.UserID = &uid
	return nil
}

// SuggestPeople lists at most limit people whose name, e-mail or title
// contains q, by name, for a picker: only people the caller may see
// (salkku.Access.PeopleVisibility), and with organisationID only the
// people of that organisation and of none. One indexed query with a LIMIT,
// whatever the size of the register.
func (d *DB) SuggestPeople(ctx context.Context, q string, organisationID *int64, limit int) ([]*salkku.Person, error) {
	a := salkku.AccessFrom(ctx)
	if a == nil {
		return nil, errForbidden
	}
	limit = min(max(limit, 1), salkku.MaxSuggestions)
	out := []*salkku.Person{}
	if strings.TrimSpace(q) == "" {
		return out, nil
	}
	orgs := a.PeopleVisibility()
	if organisationID != nil {
		orgs = []int64{}
		if a.CanViewPerson(organisationID) {
			orgs = []int64{*organisationID}
		}
	}
	where, args := []string{`search_text LIKE ? ESCAPE '\'`}, []any{likePattern(q)}
	if orgs != nil {
		cond := "organisation_id IS NULL"
		if len(orgs) > 0 {
			cond = "(organisation_id IS NULL OR organisation_id IN (" + placeholders(len(orgs)) + "))"
			for _, id := range orgs {
				args = append(args, id)
			}
		}
		where = append(where, cond)
	}
	err := d.read(ctx, func(tx *Tx) error {
		// Names that begin with q come first, so an exact name is always
		// among the suggestions, however many contain it.
		prefix := strings.TrimSuffix(likePattern(q), "%")[1:] + "%"
		rows, err := tx.query(`SELECT `+personCols+` FROM people WHERE `+strings.Join(where, " AND ")+`
			ORDER BY CASE WHEN search_text LIKE ? ESCAPE '\' THEN 0 ELSE 1 END, name, id`+sqlLimit(limit), append(args, prefix)...)
		if err != nil {
			return fmt.Errorf("sqldb: suggest people: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			p, err := scanPerson(rows)
			if err != nil {
				return fmt.Errorf("sqldb: suggest people: %w", err)
			}
			out = append(out, p)
		}
		return rows.Err()
	})
	return out, err
}
