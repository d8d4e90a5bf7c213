package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/password"
)

var _ salkku.UserService = (*DB)(nil)

const userCols = `id, version, created_at, updated_at, email, name, admin, disabled, password_hash <> '', oidc_subject IS NOT NULL, last_login_at, person_id, language`

// userColsU is userCols of users u, for a query that joins it.
var userColsU = "u." + strings.ReplaceAll(userCols, ", ", ", u.")

func scanUser(sc interface{ Scan(...any) error }) (*salkku.User, error) {
	var u salkku.User
	var last sql.NullTime
	var person sql.NullInt64
	err := sc.Scan(&u.ID, &u.Version, &u.CreatedAt, &u.UpdatedAt, &u.Email, &u.Name, &u.Admin, &u.Disabled, &u.HasPassword, &u.SSO, &last, &person, &u.Language)
	u.PersonID = idPtr(person)
	if last.Valid {
		t := last.Time.UTC()
		u.LastLoginAt = &t
	}
	return &u, err
}

// userView is what the audit log keeps of a user: never the password hash.
func userView(u *salkku.User) map[string]any {
	return map[string]any{"id": u.ID, "email": u.Email, "name": u.Name, "admin": u.Admin, "disabled": u.Disabled, "person_id": u.PersonID}
}

// FindUserByID returns one user.
func (d *DB) FindUserByID(ctx context.Context, id int64) (*salkku.User, error) {
	var u *salkku.User
	err := d.read(ctx, func(tx *Tx) (err error) {
		if err := allow(tx.access().CanActAsUser(id)); err != nil {
			return err
		}
		u, err = tx.findUser(`id = ?`, id)
		return err
	})
	return u, err
}

// FindUserByEmail returns the user with the e-mail, ignoring case.
func (d *DB) FindUserByEmail(ctx context.Context, email string) (*salkku.User, error) {
	if !salkku.ValidText(email) {
		return nil, salkku.Errorf(salkku.ENOTFOUND, "error.not_found")
	}
	var u *salkku.User
	err := d.read(ctx, func(tx *Tx) (err error) {
		if err := allow(tx.access().CanAdminister()); err != nil {
			return err
		}
		u, err = tx.findUser(`email = ?`, strings.ToLower(strings.TrimSpace(email)))
		return err
	})
	return u, err
}

func (tx *Tx) findUser(cond string, args ...any) (*salkku.User, error) {
	u, err := scanUser(tx.queryRow(`SELECT `+userCols+` FROM users WHERE `+cond, args...))
	if err != nil {
		return nil, notFound(fmt.Errorf("sqldb: find user: %w", err))
	}
	return u, nil
}

// FindUsers lists users by name.
func (d *DB) FindUsers(ctx context.Context, f salkku.UserFilter) ([]*salkku.User, int, error) {
	if err := f.Validate(); err != nil {
		return nil, 0, err
	}
	f.Page = f.Page.Normalize()
	cond, args := "1 = 1", []any{}
	if strings.TrimSpace(f.Query) != "" {
		cond, args = `search_text LIKE ? ESCAPE '\'`, []any{likePattern(f.Query)}
	}
	var out []*salkku.User
	var total int
	err := d.read(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanAdminister()); err != nil {
			return err
		}
		var err error
		if total, err = tx.count(`SELECT COUNT(*) FROM users WHERE `+cond, args...); err != nil {
			return err
		}
		rows, err := tx.query(`SELECT `+userCols+` FROM users WHERE `+cond+` ORDER BY name, id`+sqlLimitOffset(f.Limit, f.Offset), args...)
		if err != nil {
			return fmt.Errorf("sqldb: find users: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			u, err := scanUser(rows)
			if err != nil {
				return fmt.Errorf("sqldb: find users: %w", err)
			}
			out = append(out, u)
		}
		return rows.Err()
	})
	return out, total, err
}

func userSearchText(u *salkku.User) string { return strings.ToLower(u.Name + " " + u.Email) }

// CreateUser stores a user with an optional password.
func (d *DB) CreateUser(ctx context.Context, u *salkku.User, pw string) error {
	if err := validInput(ctx, u.Validate()); err != nil {
		return err
	}
	hash := ""
	if pw != "" {
		if err := salkku.ValidatePassword(pw); err != nil {
			return err
		}
		var err error
		if hash, err = password.Hash(pw); err != nil {
			return err
		}
	}
	return d.inTx(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanAdminister()); err != nil {
			return err
		}
		if n, err := tx.count(`SELECT COUNT(*) FROM users WHERE email = ?`, u.Email); err != nil {
			return err
		} else if n > 0 {
			return &salkku.Error{Code: salkku.ECONFLICT, Message: "error.email_taken", Fields: map[string]string{"email": "error.email_taken"}}
		}
		id, err := tx.insert(`INSERT INTO users (version, created_at, updated_at, email, name, admin, disabled, password_hash, search_text) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)`,
			tx.now, tx.now, u.Email, u.Name, u.Admin, u.Disabled, hash, userSearchText(u))
		if err != nil {
			return fmt.Errorf("sqldb: create user: %w", err)
		}
		if err := tx.linkUserPerson(&salkku.User{Meta: salkku.Meta{ID: id}, Email: u.Email, Name: u.Name}); err != nil {
			return err
		}
		after, err := tx.findUser(`id = ?`, id)
		if err != nil {
			return err
		}
		*u = *after
		return tx.audit(actionCreate, "user", id, nil, nil, userView(u))
	})
}

// UpdateUser replaces the user's e-mail, name, admin and disabled flags.
func (d *DB) UpdateUser(ctx context.Context, u *salkku.User) error {
	if err := validInput(ctx, u.Validate()); err != nil {
		return err
	}
	return d.inTx(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanAdminister()); err != nil {
			return err
		}
		before, err := tx.findUser(`id = ?`, u.ID)
		if err != nil {
			return err
		}
		if n, err := tx.count(`SELECT COUNT(*) FROM users WHERE email = ? AND id <> ?`, u.Email, u.ID); err != nil {
			return err
		} else if n > 0 {
			return &salkku.Error{Code: salkku.ECONFLICT, Message: "error.email_taken", Fields: map[string]string{"email": "error.email_taken"}}
		}
		res, err := tx.exec(`UPDATE users SET version = version + 1, updated_at = ?, email = ?, name = ?, admin = ?, disabled = ?, search_text = ? WHERE id = ? AND version = ?`,
			tx.now, u.Email, u.Name, u.Admin, u.Disabled, userSearchText(u), u.ID, u.Version)
		if err != nil {
			return fmt.Errorf("sqldb: update user: %w", err)
		}
		if err := tx.checkVersion(res, "users", u.ID); err != nil {
			return err
		}
		if u.Disabled {
			if _, err := tx.exec(`DELETE FROM sessions WHERE user_id = ?`, u.ID); err != nil {
				return fmt.Errorf("sqldb: update user: %w", err)
			}
		}
		after, err := tx.findUser(`id = ?`, u.ID)
		if err != nil {
			return err
		}
		if err := tx.linkUserPerson(after); err != nil {
			return err
		}
		*u = *after
		return tx.audit(actionUpdate, "user", u.ID, nil, userView(before), userView(after))
	})
}

// SetPassword replaces a user's password and ends their sessions.
func (d *DB) SetPassword(ctx context.Context, userID int64, pw string) error {
	if err := salkku.ValidatePassword(pw); err != nil {
		return err
	}
	hash, err := password.Hash(pw)
	if err != nil {
		return err
	}
	return d.inTx(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanAdminister()); err != nil {
			return err
		}
		return tx.setPassword(userID, hash)
	})
}

func (tx *Tx) setPassword(userID int64, hash string) error {
	res, err := tx.exec(`UPDATE users SET password_hash = ?, updated_at = ?, version = version + 1 WHERE id = ?`, hash, tx.now, userID)
	if err != nil {
		return fmt.Errorf("sqldb: set password: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return salkku.Errorf(salkku.ENOTFOUND, "error.not_found")
	}
	if _, err := tx.exec(`DELETE FROM sessions WHERE user_id = ?`, userID); err != nil {
		return fmt.Errorf("sqldb: set password: %w", err)
	}
	return tx.audit("password", "user", userID, nil, nil, nil)
}

// ChangePassword changes the caller's own password.
func (d *DB) ChangePassword(ctx context.Context, c salkku.PasswordChange, addr string) error {
	a := salkku.AccessFrom(ctx)
	if a == nil || a.UserID == 0 {
		return errForbidden
	}
	if err := c.Validate(); err != nil {
		return err
	}
	var u *salkku.User
	err := d.read(ctx, func(tx *Tx) (err error) {
		u, err = tx.findUser(`id = ?`, a.UserID)
		return err
	})
	if err != nil {
		return err
	}
	if u.HasPassword {
		// A wrong current password counts as a failed login, so that a
		// session left open cannot be used to guess it.
		if _, err := d.Authenticate(ctx, u.Email, c.Current, addr); err != nil {
			if salkku.ErrorCode(err) == salkku.EUNAUTHORIZED {
				return &salkku.Error{Code: salkku.EINVALID, Message: "error.invalid", Fields: map[string]string{"current_password": "error.password_wrong"}}
			}
			return err
		}
	}
	hash, err := password.Hash(c.New)
	if err != nil {
		return err
	}
	return d.inTx(ctx, func(tx *Tx) error { return tx.setPassword(u.ID, hash) })
}

// DeleteUser removes a user with their sessions, tokens and grants; the
// audit log keeps their name.
func (d *DB) DeleteUser(ctx context.Context, id int64) error {
	return d.inTx(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanAdminister()); err != nil {
			return err
		}
		before, err := tx.findUser(`id = ?`, id)
		if err != nil {
			return err
		}
		if _, err := tx.exec(`DELETE FROM users WHERE id = ?`, id); err != nil {
			return fmt.Errorf("sqldb: delete user: %w", err)
		}
		return tx.audit(actionDelete, "user", id, nil, userView(before), nil)
	})
}

// errLogin is the one answer to every failed login, so that it does not
// tell whether the account exists.
var errLogin = salkku.Errorf(salkku.EUNAUTHORIZED, "error.login_failed")

// verifySlots bounds the password checks running at once: each takes
// 64 MiB, so a burst of logins must queue rather than exhaust memory.
var verifySlots = make(chan struct{}, 4)

// verifyPassword checks a password in one of the slots, waiting at most
// ten seconds for one.
func verifyPassword(ctx context.Context, hash, pw string) (bool, error) {
	wait := time.NewTimer(10 * time.Second)
	defer wait.Stop()
	select {
	case verifySlots <- struct{}{}:
	case <-ctx.Done():
		return false, ctx.Err()
	case <-wait.C:
		return false, salkku.Errorf(salkku.ETOOMANY, "error.login_throttled")
	}
	defer func() { <-verifySlots }()
	if hash == "" {
		// An unknown e-mail costs the same time as a wrong password.
		password.Verify(password.Dummy(), pw)
		return false, nil
	}
	ok, _ := password.Verify(hash, pw)
	return ok, nil
}

// Authenticate checks a password login, throttled per e-mail and address.
// Each attempt counts as a failure before its password is checked, so that
// parallel guesses cannot all slip under the limit; a success takes its
// own count back.
func (d *DB) Authenticate(ctx context.Context, email, pw, addr string) (*salkku.User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if !salkku.ValidText(email) || !salkku.ValidText(addr) {
		// No account has such an e-mail, and the database could not
		// even look for it.
		return nil, salkku.Errorf(salkku.EUNAUTHORIZED, "error.login_failed")
	}
	var u *salkku.User
	var hash string
	var pending []any
	err := d.signInTx(ctx, func(tx *Tx) error {
		// Attempts at one account take turns at counting (SQLite's write
		// lock does this already).
		if err := tx.dialect.lockKey(tx, "login:"+email); err != nil {
			return err
		}
		since := tx.now.Add(-salkku.LoginWindow)
		nEmail, err := tx.count(`SELECT COUNT(*) FROM login_failures WHERE key = ? AND at > ?`, "email:"+email, since)
		if err != nil {
			return err
		}
		nAddr, err := tx.count(`SELECT COUNT(*) FROM login_failures WHERE key = ? AND at > ?`, "addr:"+addr, since)
		if err != nil {
			return err
		}
		if nEmail >= salkku.MaxFailuresPerEmail || nAddr >= salkku.MaxFailuresPerAddr {
			return salkku.Errorf(salkku.ETOOMANY, "error.login_throttled")
		}
		err = tx.queryRow(`SELECT password_hash FROM users WHERE email = ? AND NOT disabled`, email).Scan(&hash)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("sqldb: authenticate: %w", err)
		}
		for _, key := range []string{"email:" + email, "addr:" + addr} {
			id, err := tx.insert(`INSERT INTO login_failures (key, at) VALUES (?, ?)`, key, tx.now)
			if err != nil {
				return fmt.Errorf("sqldb: record login attempt: %w", err)
			}
			pending = append(pending, id)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// The slow hash runs outside the transaction.
	ok, err := verifyPassword(ctx, hash, pw)
	if err != nil {
		return nil, err
	}
	err = d.signInTx(ctx, func(tx *Tx) error {
		if !ok {
			_, err := tx.exec(`DELETE FROM login_failures WHERE at < ?`, tx.now.Add(-24*time.Hour))
			if err != nil {
				return err
			}
			return tx.audit("login_failed", "user", 0, nil, nil, map[string]any{"email": email, "addr": addr, "method": "password"})
		}
		if _, err := tx.exec(`DELETE FROM login_failures WHERE key = ? OR id IN (`+placeholders(len(pending))+`)`,
			append([]any{"email:" + email}, pending...)...); err != nil {
			return err
		}
		if _, err := tx.exec(`UPDATE users SET last_login_at = ? WHERE email = ?`, tx.now, email); err != nil {
			return err
		}
		var err error
		if u, err = tx.findUser(`email = ?`, email); err != nil {
			return err
		}
		ctxA := salkku.WithActor(tx.ctx, salkku.Actor{UserID: u.ID, Name: u.Name})
		return (&Tx{tx: tx.tx, q: tx.q, dialect: tx.dialect, now: tx.now, ctx: ctxA}).audit("login", "user", u.ID, nil, nil, map[string]any{"addr": addr, "method": "password"})
	})
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errLogin
	}
	return u, nil
}

// LoginSSO signs in a single sign-on identity: by its issuer and subject,
// else by linking the user with the same verified e-mail, else as a new
// user without roles.
func (d *DB) LoginSSO(ctx context.Context, id salkku.Identity, addr string) (*salkku.User, error) {
	for _, v := range []string{id.Issuer, id.Subject, id.Email, id.Name, addr} {
		if !salkku.ValidText(v) {
			return nil, salkku.Errorf(salkku.EUNAUTHORIZED, "error.unauthorized")
		}
	}
	email := strings.ToLower(strings.TrimSpace(id.Email))
	var u *salkku.User
	err := d.signInTx(ctx, func(tx *Tx) error {
		var err error
		u, err = tx.findUser(`oidc_issuer = ? AND oidc_subject = ?`, id.Issuer, id.Subject)
		if salkku.ErrorCode(err) == salkku.ENOTFOUND {
			if !id.EmailVerified || !salkku.ValidEmail(email) {
				return tx.audit("login_failed", "user", 0, nil, nil, map[string]any{"email": email, "addr": addr, "method": "sso", "reason": "unverified e-mail"})
			}
			u, err = tx.findUser(`email = ?`, email)
			if err == nil && u.SSO {
				// The e-mail's user is linked to another identity already:
				// a second identity does not take the account over.
				u = nil
				return tx.audit("login_failed", "user", 0, nil, nil, map[string]any{"email": email, "addr": addr, "method": "sso", "reason": "linked to another identity"})
			}
			if err == nil && u.Admin && u.HasPassword {
				// An e-mail claim is not proof enough to take over an admin
				// who signs in with a password (providers such as Entra ID
				// let tenant admins set users' e-mail); an admin for single
				// sign-on is made with `salkku user create --no-password`.
				u = nil
				return tx.audit("login_failed", "user", 0, nil, nil, map[string]any{"email": email, "addr": addr, "method": "sso", "reason": "admin with a password is not linked automatically"})
			}
			switch salkku.ErrorCode(err) {
			case "":
				_, err = tx.exec(`UPDATE users SET oidc_issuer = ?, oidc_subject = ?, updated_at = ? WHERE id = ?`, id.Issuer, id.Subject, tx.now, u.ID)
			case salkku.ENOTFOUND:
				name := strings.TrimSpace(id.Name)
				if name == "" {
					name = email
				}
				var newID int64
				newID, err = tx.insert(`INSERT INTO users (version, created_at, updated_at, email, name, oidc_issuer, oidc_subject, search_text) VALUES (1, ?, ?, ?, ?, ?, ?, ?)`,
					tx.now, tx.now, email, name, id.Issuer, id.Subject, strings.ToLower(name+" "+email))
				if err == nil {
					u = &salkku.User{Meta: salkku.Meta{ID: newID}, Email: email, Name: name}
					if err = tx.linkUserPerson(u); err != nil {
						return err
					}
					err = tx.audit(actionCreate, "user", newID, nil, nil, userView(u))
				}
			}
			if err != nil {
				return fmt.Errorf("sqldb: sso login: %w", err)
			}
		} else if err != nil {
			return err
		}
		if u.Disabled {
			u = nil
			return tx.audit("login_failed", "user", 0, nil, nil, map[string]any{"email": email, "addr": addr, "method": "sso", "reason": "disabled"})
		}
		if _, err := tx.exec(`UPDATE users SET last_login_at = ? WHERE id = ?`, tx.now, u.ID); err != nil {
			return err
		}
		if u, err = tx.findUser(`id = ?`, u.ID); err != nil {
			return err
		}
		ctxA := salkku.WithActor(tx.ctx, salkku.Actor{UserID: u.ID, Name: u.Name})
		return (&Tx{tx: tx.tx, q: tx.q, dialect: tx.dialect, now: tx.now, ctx: ctxA}).audit("login", "user", u.ID, nil, nil, map[string]any{"addr": addr, "method": "sso"})
	})
	if err != nil {
		return nil, err
	}
	if u == nil {
		return nil, errLogin
	}
	return u, nil
}

// SetUserLanguage stores the interface language a user chose, which their
// reminders are written in; the user themselves or an admin. Not audited:
// it is a preference, like the language cookie.
func (d *DB) SetUserLanguage(ctx context.Context, userID int64, lang string) error {
	if !salkku.ValidLang(lang) {
		return salkku.FieldErrors{"language": "error.invalid"}.Err()
	}
	return d.inTx(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanActAsUser(userID)); err != nil {
			return err
		}
		res, err := tx.exec(`UPDATE users SET language = ? WHERE id = ?`, lang, userID)
		if err != nil {
			return fmt.Errorf("sqldb: set user language: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return salkku.Errorf(salkku.ENOTFOUND, "error.not_found")
		}
		return nil
	})
}
