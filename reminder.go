package salkku

import (
	"context"
	"time"
)

// Kinds of e-mail reminder of a status report.
const (
	// ReminderBefore goes some days before the due date (ReminderDays by
	// default).
	ReminderBefore = "before"
	// ReminderOverdue goes from the day after the due date.
	ReminderOverdue = "overdue"
)

// ReminderKinds lists the kinds in the order they go.
var ReminderKinds = []string{ReminderBefore, ReminderOverdue}

// DefaultReminderDays is how many days before the due date the first
// reminder goes.
const DefaultReminderDays = 3

// ReminderCatchUpDays bounds how late a reminder still goes when Salkku
// was not running on its day: a "before" reminder goes until the due date,
// an overdue one for this many days after it. A new installation does not
// remind of reports missed years ago.
const ReminderCatchUpDays = 7

// States of a reminder in the log.
const (
	// ReminderSending: an instance has claimed it and is sending it. One
	// that stopped in between leaves it so: whether the server took the
	// message is not known, and a reminder is never sent twice.
	ReminderSending = "sending"
	ReminderSent    = "sent"
	// ReminderFailed: the SMTP server refused it or could not be reached;
	// later passes retry it up to MaxReminderAttempts in all.
	ReminderFailed = "failed"
)

// ReminderStatuses lists the states, for filters.
var ReminderStatuses = []string{ReminderSending, ReminderSent, ReminderFailed}

// MaxReminderAttempts is how many times a reminder is tried in all.
const MaxReminderAttempts = 3

// ReminderRetryDelay is how long a failed reminder waits before it is
// tried again, so that a server that is down for a moment does not use up
// every attempt in one go, with several instances trying in turn.
const ReminderRetryDelay = 10 * time.Minute

// ReminderDue is one reminder that should go: to one person, of one
// report (a project's, or one of its work packages') due on a date.
// (ProjectID, WorkPackageID, DueDate, Kind, PersonID) names it: it goes
// once.
type ReminderDue struct {
	ProjectID int64 `json:"project_id"`
	// WorkPackageID is 0 for the project's own report.
	WorkPackageID int64  `json:"work_package_id"`
	ProjectName   Text   `json:"project_name"`
	ProjectCode   string `json:"project_code"`
	// WorkPackageName is the work package's, for its report.
	WorkPackageName Text   `json:"work_package_name"`
	DueDate         Date   `json:"due_date"`
	Kind            string `json:"kind"`
	PersonID        int64  `json:"person_id"`
	PersonName      string `json:"person_name"`
	Email           string `json:"email"`
	// Language is the one the message is written in (ReminderLanguage).
	Language string `json:"language"`
}

// ReminderKind returns the kind of reminder due on asOf of a report due on
// due, "" when none is: "before" from beforeDays days before the due date
// up to the due date, "overdue" from the day after it for
// ReminderCatchUpDays days. A negative beforeDays sends no "before"
// reminders.
func ReminderKind(due, asOf Date, beforeDays int) string {
	if !due.Valid() || !asOf.Valid() {
		return ""
	}
	d, a := due.Time(), asOf.Time()
	switch {
	case a.After(d):
		if !a.After(d.AddDate(0, 0, ReminderCatchUpDays)) {
			return ReminderOverdue
		}
	case beforeDays >= 0 && !a.Before(d.AddDate(0, 0, -beforeDays)):
		return ReminderBefore
	}
	return ""
}

// ReminderWindow returns the due dates for which some reminder may be due
// on asOf: from ReminderCatchUpDays days before it to beforeDays after.
func ReminderWindow(asOf Date, beforeDays int) (from, to Date) {
	a := asOf.Time()
	if beforeDays < 0 {
		beforeDays = 0
	}
	return Date(a.AddDate(0, 0, -ReminderCatchUpDays).Format("2006-01-02")), Date(a.AddDate(0, 0, beforeDays).Format("2006-01-02"))
}

// ReminderLanguage is the language a person's reminder is written in:
// their user's language (set when they switch the interface's language),
// else the primary content language of the project's organisation, else
// Finnish.
func ReminderLanguage(userLang, orgPrimary string) string {
	switch {
	case ValidLang(userLang):
		return userLang
	case ValidLang(orgPrimary):
		return orgPrimary
	}
	return LangFI
}

// Reminder is a line of the reminder log: a reminder claimed for sending,
// and what became of it.
type Reminder struct {
	ID int64 `json:"id"`
	ReminderDue
	Status string `json:"status"`
	// Error is the SMTP server's or the network's answer to the last
	// attempt that failed.
	Error     string     `json:"error"`
	Attempts  int        `json:"attempts"`
	CreatedAt time.Time  `json:"created_at"`
	SentAt    *time.Time `json:"sent_at"`
}

// ReminderFilter selects lines of the reminder log, newest first, keyset
// paged: BeforeID continues after the last line of the previous page.
type ReminderFilter struct {
	ProjectID int64
	Status    string
	BeforeID  int64
	Limit     int
}

// Validate checks the filter and clamps its limit.
func (f *ReminderFilter) Validate() error {
	fe := FieldErrors{}
	if f.Status != "" && f.Status != ReminderSending && f.Status != ReminderSent && f.Status != ReminderFailed {
		fe.Add("status", "error.invalid")
	}
	if f.ProjectID < 0 {
		fe.Add("project_id", "error.invalid")
	}
	if f.BeforeID < 0 {
		fe.Add("before", "error.invalid")
	}
	f.Limit = Page{Limit: f.Limit}.Normalize().Limit
	return fe.Err()
}

// ReminderService finds the reminders due and keeps the reminder log,
// which makes each reminder go once, also with several instances of
// Salkku on one database.
type ReminderService interface {
	// FindRemindersDue lists the reminders due on asOf (see
	// ReminderKind) to the people responsible for reports not yet
	// submitted who have an e-mail address. Salkku itself only.
	FindRemindersDue(ctx context.Context, asOf Date, beforeDays int) ([]ReminderDue, error)
	// ClaimReminder takes a reminder for sending: it writes the log line
	// in a transaction of its own, or takes back a failed one that has
	// attempts left and was last tried ReminderRetryDelay ago or more. Only the caller that gets ok may send it; a reminder
	// sent, being sent or out of attempts gives ok false. Salkku itself
	// only.
	ClaimReminder(ctx context.Context, r ReminderDue) (id int64, ok bool, err error)
	// RecordReminder records the outcome of a claimed reminder: sent when
	// sendErr is "", else failed with the error. Salkku itself only.
	RecordReminder(ctx context.Context, id int64, sendErr string) error
	// FindReminderLog lists the log, newest first: all of it for admins,
	// the reminders of their portfolios' projects for owners and project
	// offices (CanViewReminderLog). next is the BeforeID of the next
	// page, 0 on the last.
	FindReminderLog(ctx context.Context, f ReminderFilter) (rs []*Reminder, next int64, err error)
}

// CanSendReminders: Salkku itself, in its background job.
func (a *Access) CanSendReminders() bool { return a != nil && a.System }

// CanViewReminderLog: admins, and the owners and project offices of
// portfolios, who see the reminders of their projects.
func (a *Access) CanViewReminderLog() bool {
	if a.isAdmin() {
		return true
	}
	if a != nil {
		for _, r := range a.Portfolios {
			if r == RolePortfolioOwner || r == RoleProjectOffice {
				return true
			}
		}
	}
	return false
}

// ReminderLogPortfolios returns the portfolios whose projects' reminders
// the user sees in the log: nil for admins, who see all.
func (a *Access) ReminderLogPortfolios() []int64 {
	if a.isAdmin() {
		return nil
	}
	ids := []int64{}
	if a != nil {
		for id := range a.Portfolios {
			if a.atLeast(id, RoleProjectOffice) {
				ids = append(ids, id)
			}
		}
	}
	return ids
}
