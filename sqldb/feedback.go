package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/salkku/salkku"
)

var _ salkku.FeedbackService = (*DB)(nil)

// feedbackView is what the audit log keeps of a message: never the
// message itself or who sent it, which stay in the feedback table alone.
func feedbackView(f *salkku.Feedback) map[string]any {
	return map[string]any{"id": f.ID, "page_url": f.PageURL, "handled": f.HandledAt != nil}
}

// CreateFeedback stores a message from anyone, signed in or not: it needs
// no caller, and is limited instead by the sender's address, counted in
// login_failures under "feedback:ADDR" (the rows of sign-in throttling, so
// that one clean-up serves both). Only stored messages count.
func (d *DB) CreateFeedback(ctx context.Context, f *salkku.Feedback, addr string) error {
	if err := validInput(ctx, f.Validate()); err != nil {
		return err
	}
	if !salkku.ValidText(addr) || !salkku.ValidText(f.Lang) {
		return salkku.Errorf(salkku.EINVALID, "error.invalid")
	}
	key := "feedback:" + addr
	return d.signInTx(ctx, func(tx *Tx) error {
		// Messages from one address take turns at counting (SQLite's
		// write lock does this already).
		if err := tx.dialect.lockKey(tx, key); err != nil {
			return err
		}
		n, err := tx.count(`SELECT COUNT(*) FROM login_failures WHERE key = ? AND at > ?`, key, tx.now.Add(-salkku.FeedbackWindow))
		if err != nil {
			return err
		}
		if n >= salkku.MaxFeedbackPerAddr {
			return salkku.Errorf(salkku.ETOOMANY, "error.feedback_throttled")
		}
		if _, err := tx.exec(`DELETE FROM login_failures WHERE key = ? AND at <= ?`, key, tx.now.Add(-salkku.FeedbackWindow)); err != nil {
			return fmt.Errorf("sqldb: create feedback: %w", err)
		}
		if _, err := tx.insert(`INSERT INTO login_failures (key, at) VALUES (?, ?)`, key, tx.now); err != nil {
			return fmt.Errorf("sqldb: create feedback: %w", err)
		}
		f.CreatedAt, f.HandledAt, f.HandledByName = tx.now, nil, ""
		id, err := tx.insert(`INSERT INTO feedback (created_at, message, sender_name, sender_email, page_url, lang) VALUES (?, ?, ?, ?, ?, ?)`,
			tx.now, f.Message, f.Name, f.Email, f.PageURL, f.Lang)
		if err != nil {
			return fmt.Errorf("sqldb: create feedback: %w", err)
		}
		f.ID = id
		return tx.audit(actionCreate, "feedback", id, nil, nil, feedbackView(f))
	})
}

const feedbackCols = `id, created_at, message, sender_name, sender_email, page_url, lang, handled_at, handled_by_name`

func scanFeedback(sc interface{ Scan(...any) error }) (*salkku.Feedback, error) {
	var f salkku.Feedback
	var handled sql.NullTime
	if err := sc.Scan(&f.ID, &f.CreatedAt, &f.Message, &f.Name, &f.Email, &f.PageURL, &f.Lang, &handled, &f.HandledByName); err != nil {
		return nil, err
	}
	f.CreatedAt = f.CreatedAt.UTC()
	if handled.Valid {
		t := handled.Time.UTC()
		f.HandledAt = &t
	}
	return &f, nil
}

// FindFeedback lists the feedback newest first, a page at a time, with
// the total (admins).
func (d *DB) FindFeedback(ctx context.Context, f salkku.FeedbackFilter) ([]*salkku.Feedback, int, error) {
	f.Page = f.Page.Normalize()
	out := []*salkku.Feedback{}
	var total int
	err := d.read(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanAdminister()); err != nil {
			return err
		}
		var err error
		if total, err = tx.count(`SELECT COUNT(*) FROM feedback`); err != nil {
			return err
		}
		rows, err := tx.query(`SELECT ` + feedbackCols + ` FROM feedback ORDER BY id DESC` + sqlLimitOffset(f.Limit, f.Offset))
		if err != nil {
			return fmt.Errorf("sqldb: find feedback: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			fb, err := scanFeedback(rows)
			if err != nil {
				return fmt.Errorf("sqldb: find feedback: %w", err)
			}
			out = append(out, fb)
		}
		return rows.Err()
	})
	return out, total, err
}

// SetFeedbackHandled marks a message handled by the caller, or not
// handled again (admins).
func (d *DB) SetFeedbackHandled(ctx context.Context, id int64, handled bool) error {
	return d.inTx(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanAdminister()); err != nil {
			return err
		}
		before, err := scanFeedback(tx.queryRow(`SELECT `+feedbackCols+` FROM feedback WHERE id = ?`, id))
		if err != nil {
			return notFound(fmt.Errorf("sqldb: set feedback handled: %w", err))
		}
		after := *before
		after.HandledAt, after.HandledByName = nil, ""
		var by any
		if handled {
			a := salkku.ActorFrom(tx.ctx)
			now := tx.now
			after.HandledAt, after.HandledByName = &now, a.Name
			if a.UserID != 0 {
				by = a.UserID
			}
		}
		if _, err := tx.exec(`UPDATE feedback SET handled_at = ?, handled_by = ?, handled_by_name = ? WHERE id = ?`,
			after.HandledAt, by, after.HandledByName, id); err != nil {
			return fmt.Errorf("sqldb: set feedback handled: %w", err)
		}
		return tx.audit(actionUpdate, "feedback", id, nil, feedbackView(before), feedbackView(&after))
	})
}
