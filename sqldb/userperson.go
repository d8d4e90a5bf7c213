package sqldb

import (
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
