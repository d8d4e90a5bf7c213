package salkku

import (
	"context"
	"regexp"
	"strings"
	"time"
)

// Feedback is a message sent through the accessibility statement's
// feedback channel, by anyone, signed in or not. Name and Email are the
// sender's own, given only if they want a reply; they are kept here and
// nowhere else (not in the audit log, not in a request log).
type Feedback struct {
	ID        int64     `json:"id"`
	CreatedAt time.Time `json:"created_at"`
	Message   string    `json:"message"`
	Name      string    `json:"name"`
	Email     string    `json:"email"`
	// PageURL is the page the feedback is about, as the sender gave it.
	PageURL string `json:"page_url"`
	// Lang is the language of the form it was sent from.
	Lang      string     `json:"lang"`
	HandledAt *time.Time `json:"handled_at"`
	// HandledByName is the admin who marked it handled.
	HandledByName string `json:"handled_by_name"`
}

// Limits of the feedback channel. A message may hold a few links (to the
// page in question, say) but not a spammer's list.
const (
	MaxFeedbackLen   = 5000
	MaxFeedbackLinks = 3
	// FeedbackWindow and MaxFeedbackPerAddr limit how many messages one
	// client address may send.
	FeedbackWindow     = time.Hour
	MaxFeedbackPerAddr = 5
)

// linkRE finds what reads as a link in a message.
var linkRE = regexp.MustCompile(`(?i)\b(?:https?://|www\.)`)

// CountLinks counts the links in a text.
func CountLinks(s string) int { return len(linkRE.FindAllStringIndex(s, -1)) }

// Validate trims the feedback and checks it: a message within the limits
// and with at most MaxFeedbackLinks links, an optional name, an optional
// e-mail that is an address, and an optional page that is a web address
// or a path of this site. Fields are named as the form names them.
func (f *Feedback) Validate() error {
	f.Message = strings.TrimSpace(f.Message)
	f.Name = strings.TrimSpace(f.Name)
	f.Email = strings.TrimSpace(f.Email)
	f.PageURL = strings.TrimSpace(f.PageURL)
	fe := FieldErrors{}
	checkText(fe, "feedback_message", f.Message, true, MaxFeedbackLen)
	if CountLinks(f.Message) > MaxFeedbackLinks {
		fe.Add("feedback_message", "error.feedback_links")
	}
	checkText(fe, "sender_name", f.Name, false, MaxNameLen)
	checkText(fe, "sender_email", f.Email, false, MaxNameLen)
	if f.Email != "" && !ValidEmail(f.Email) {
		fe.Add("sender_email", "error.email")
	}
	checkText(fe, "page_url", f.PageURL, false, MaxURLLen)
	if f.PageURL != "" && !ValidWebURL(f.PageURL) && !validSitePath(f.PageURL) {
		fe.Add("page_url", "error.page_url")
	}
	return fe.Err()
}

// validSitePath reports whether s is a path on this site ("/projects/3").
func validSitePath(s string) bool {
	return strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//") && !strings.ContainsAny(s, " \t\r\n<>\"\\")
}

// FeedbackFilter selects feedback, newest first.
type FeedbackFilter struct {
	Page
}

// FeedbackService keeps the feedback.
type FeedbackService interface {
	// CreateFeedback stores a message from anyone, signed in or not,
	// counted against the sender's address: ETOOMANY when addr has sent
	// MaxFeedbackPerAddr within FeedbackWindow, EINVALID when the message
	// breaks a rule. Nothing is stored then.
	CreateFeedback(ctx context.Context, f *Feedback, addr string) error
	// FindFeedback lists feedback newest first with the total (admins).
	FindFeedback(ctx context.Context, f FeedbackFilter) ([]*Feedback, int, error)
	// SetFeedbackHandled marks a message handled or not (admins);
	// ENOTFOUND when there is no such message.
	SetFeedbackHandled(ctx context.Context, id int64, handled bool) error
}

// FeedbackNotifier is told of each message stored, after it is stored:
// the place where notifying the admins (by e-mail, once mail exists)
// hooks in. A failure is logged and does not undo the message.
type FeedbackNotifier interface {
	FeedbackReceived(ctx context.Context, f *Feedback) error
}
