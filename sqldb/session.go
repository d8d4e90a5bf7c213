package sqldb

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/salkku/salkku"
)

// randomSecret returns n random bytes, URL-safe base64.
func randomSecret(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported systems
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashSecret(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

var errSession = salkku.Errorf(salkku.EUNAUTHORIZED, "error.unauthorized")

// CreateSession starts a session and returns the secret for the cookie.
func (d *DB) CreateSession(ctx context.Context, userID int64) (string, *salkku.Session, error) {
	secret := randomSecret(32)
	s := &salkku.Session{UserID: userID, CSRF: randomSecret(24)}
	err := d.signInTx(ctx, func(tx *Tx) error {
		s.CreatedAt, s.ExpiresAt = tx.now, tx.now.Add(salkku.SessionMax)
		_, err := tx.exec(`INSERT INTO sessions (secret_hash, user_id, csrf, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
			hashSecret(secret), userID, s.CSRF, tx.now, tx.now, s.ExpiresAt)
		if err != nil {
			return fmt.Errorf("sqldb: create session: %w", err)
		}
		// Sweep expired sessions now and then, here rather than in a timer
		// that every instance would run.
		_, err = tx.exec(`DELETE FROM sessions WHERE expires_at < ? OR last_seen_at < ?`, tx.now, tx.now.Add(-salkku.SessionIdle))
		return err
	})
	if err != nil {
		return "", nil, err
	}
	return secret, s, nil
}

// FindSession returns the live session of a cookie secret. It reads in a
// read-only transaction, so that checking a session never waits for the
// write lock; the last-seen time is written, at most once a minute, in a
// transaction of its own. An expired session is deleted before
// EUNAUTHORIZED is returned. A database error is returned as it is, never
// as EUNAUTHORIZED: a database that does not answer must not sign anyone
// out.
func (d *DB) FindSession(ctx context.Context, secret string) (*salkku.Session, *salkku.User, error) {
	if secret == "" || len(secret) > 100 {
		return nil, nil, errSession
	}
	hash := hashSecret(secret)
	var s salkku.Session
	var u *salkku.User
	var now, lastSeen time.Time
	expired := false
	err := d.readOne(ctx, func(tx *Tx) error {
		now = tx.now
		found, err := scanUser(prefixed{tx.queryRow(`SELECT s.user_id, s.csrf, s.created_at, s.last_seen_at, s.expires_at, `+userColsU+`
			FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.secret_hash = ?`, hash), []any{&s.UserID, &s.CSRF, &s.CreatedAt, &lastSeen, &s.ExpiresAt}})
		if errors.Is(err, sql.ErrNoRows) {
			return errSession
		} else if err != nil {
			return fmt.Errorf("sqldb: find session: %w", err)
		}
		if now.After(s.ExpiresAt) || now.Sub(lastSeen) > salkku.SessionIdle {
			expired = true
			return nil
		}
		u = found
		return nil
	})
	if err == nil && !expired {
		err = d.withAccess(ctx, &u)
	}
	if err != nil {
		return nil, nil, err
	}
	if expired {
		err := d.signInTx(ctx, func(tx *Tx) error {
			_, err := tx.exec(`DELETE FROM sessions WHERE secret_hash = ?`, hash)
			return err
		})
		if err != nil {
			return nil, nil, fmt.Errorf("sqldb: delete expired session: %w", err)
		}
		return nil, nil, errSession
	}
	if now.Sub(lastSeen) > time.Minute {
		// Best effort: the session is live whether or not this is written
		// now (a long write may hold the lock), and the next request tries
		// again.
		_ = d.signInTx(ctx, func(tx *Tx) error {
			_, err := tx.exec(`UPDATE sessions SET last_seen_at = ? WHERE secret_hash = ? AND last_seen_at < ?`, tx.now, hash, tx.now)
			return err
		})
	}
	return &s, u, nil
}

// withAccess loads the access of the user of a session or token, read
// with its row (one statement, no transaction): EUNAUTHORIZED when the
// user is disabled. An administrator's is known from the row; anyone
// else's grants are read in one transaction, so they agree.
func (d *DB) withAccess(ctx context.Context, u **salkku.User) error {
	if (*u).Disabled {
		return errSession
	}
	if (*u).Admin {
		var err error
		(*u).Access, err = (&Tx{}).accessOf(*u)
		return err
	}
	return d.signInRead(ctx, func(tx *Tx) (err error) {
		(*u).Access, err = tx.accessOf(*u)
		return err
	})
}

// prefixed scans a row that holds other columns before those a scanner
// such as scanUser reads.
type prefixed struct {
	row   *sql.Row
	first []any
}

func (p prefixed) Scan(dest ...any) error { return p.row.Scan(append(p.first, dest...)...) }

// DeleteSession ends a session (logout).
func (d *DB) DeleteSession(ctx context.Context, secret string) error {
	return d.signInTx(ctx, func(tx *Tx) error {
		var userID int64
		err := tx.queryRow(`SELECT user_id FROM sessions WHERE secret_hash = ?`, hashSecret(secret)).Scan(&userID)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		} else if err != nil {
			return err
		}
		if _, err := tx.exec(`DELETE FROM sessions WHERE secret_hash = ?`, hashSecret(secret)); err != nil {
			return fmt.Errorf("sqldb: delete session: %w", err)
		}
		return tx.audit("logout", "user", userID, nil, nil, nil)
	})
}

// Token format: "slk_" + an 8-character public prefix + "_" + the secret.
// The prefix finds the row; the secret's hash is compared in constant time.
const tokenPrefix = "slk_"

// CreateToken stores a new API token and returns its secret, once.
func (d *DB) CreateToken(ctx context.Context, t *salkku.APIToken) (string, error) {
	if err := t.Validate(); err != nil {
		return "", err
	}
	prefix := strings.NewReplacer("-", "a", "_", "b").Replace(randomSecret(6))
	secret := randomSecret(32)
	err := d.inTx(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanActAsUser(t.UserID)); err != nil {
			return err
		}
		if ok, err := tx.exists("users", t.UserID); err != nil {
			return err
		} else if !ok {
			return salkku.Errorf(salkku.ENOTFOUND, "error.not_found")
		}
		t.Prefix, t.CreatedAt = prefix, tx.now
		id, err := tx.insert(`INSERT INTO api_tokens (user_id, name, prefix, secret_hash, created_at) VALUES (?, ?, ?, ?, ?)`,
			t.UserID, t.Name, prefix, hashSecret(secret), tx.now)
		if err != nil {
			return fmt.Errorf("sqldb: create token: %w", err)
		}
		t.ID = id
		return tx.audit(actionCreate, "api_token", id, nil, nil, t)
	})
	if err != nil {
		return "", err
	}
	return tokenPrefix + prefix + "_" + secret, nil
}

func scanToken(sc interface{ Scan(...any) error }) (*salkku.APIToken, error) {
	var t salkku.APIToken
	var used, revoked sql.NullTime
	err := sc.Scan(&t.ID, &t.UserID, &t.Name, &t.Prefix, &t.CreatedAt, &used, &revoked)
	if used.Valid {
		v := used.Time.UTC()
		t.LastUsedAt = &v
	}
	if revoked.Valid {
		v := revoked.Time.UTC()
		t.RevokedAt = &v
	}
	return &t, err
}

// FindTokens lists a user's tokens, newest first.
func (d *DB) FindTokens(ctx context.Context, userID int64) ([]*salkku.APIToken, error) {
	out := []*salkku.APIToken{}
	err := d.read(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanActAsUser(userID)); err != nil {
			return err
		}
		rows, err := tx.query(`SELECT id, user_id, name, prefix, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC, id DESC`, userID)
		if err != nil {
			return fmt.Errorf("sqldb: find tokens: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			t, err := scanToken(rows)
			if err != nil {
				return err
			}
			out = append(out, t)
		}
		return rows.Err()
	})
	return out, err
}

// RevokeToken revokes one of the user's tokens.
func (d *DB) RevokeToken(ctx context.Context, userID, tokenID int64) error {
	return d.inTx(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanActAsUser(userID)); err != nil {
			return err
		}
		res, err := tx.exec(`UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL`, tx.now, tokenID, userID)
		if err != nil {
			return fmt.Errorf("sqldb: revoke token: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return salkku.Errorf(salkku.ENOTFOUND, "error.not_found")
		}
		return tx.audit("revoke", "api_token", tokenID, nil, nil, nil)
	})
}

// AuthenticateToken returns the user of a live token.
func (d *DB) AuthenticateToken(ctx context.Context, secret string) (*salkku.User, error) {
	rest, ok := strings.CutPrefix(secret, tokenPrefix)
	prefix, sec, ok2 := strings.Cut(rest, "_")
	if !ok || !ok2 || len(prefix) != 8 || len(sec) > 100 {
		return nil, errSession
	}
	var u *salkku.User
	var id int64
	var used sql.NullTime
	var now time.Time
	err := d.readOne(ctx, func(tx *Tx) error {
		var hash string
		var revoked sql.NullTime
		found, err := scanUser(prefixed{tx.queryRow(`SELECT t.id, t.secret_hash, t.revoked_at, t.last_used_at, `+userColsU+`
			FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.prefix = ?`, prefix), []any{&id, &hash, &revoked, &used}})
		if errors.Is(err, sql.ErrNoRows) {
			return errSession
		} else if err != nil {
			return fmt.Errorf("sqldb: authenticate token: %w", err)
		}
		if subtle.ConstantTimeCompare([]byte(hash), []byte(hashSecret(sec))) != 1 || revoked.Valid {
			return errSession
		}
		now, u = tx.now, found
		return nil
	})
	if err == nil {
		err = d.withAccess(ctx, &u)
	}
	if err != nil {
		return nil, err
	}
	// A read-only check per call; the last-used time is written at most
	// once a minute, best effort, as a session's last-seen time is.
	if !used.Valid || now.Sub(used.Time) > time.Minute {
		_ = d.signInTx(ctx, func(tx *Tx) error {
			_, err := tx.exec(`UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, tx.now, id)
			return err
		})
	}
	return u, nil
}
