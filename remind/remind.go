// Package remind is the background job that e-mails reminders of status
// reports: before the due date and when overdue, to the people
// responsible, each in their own language, once. It finds what is due
// through a salkku.ReminderService, which also makes each reminder go
// once whichever instance of Salkku claims it, and sends through an SMTP
// server (package mail).
package remind

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/i18n"
	"github.com/salkku/salkku/mail"
)

// Sender sends one message; *mail.Client is one.
type Sender interface {
	Send(ctx context.Context, m mail.Message) error
}

// DefaultInterval is how often the job looks for reminders due.
const DefaultInterval = time.Minute

// Job sends the reminders due, a pass at a time.
type Job struct {
	Store   salkku.ReminderService
	Sender  Sender
	Catalog *i18n.Catalog
	Logger  *slog.Logger
	// BaseURL is where users reach Salkku; the message links to the
	// project's reports page under it.
	BaseURL string
	// BeforeDays is how many days before the due date the first reminder
	// goes; negative for none.
	BeforeDays int
	// Interval between passes in Run; DefaultInterval when zero.
	Interval time.Duration
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Due finds the reminders due; Store.FindRemindersDue when nil.
	Due func(ctx context.Context, asOf salkku.Date, beforeDays int) ([]salkku.ReminderDue, error)
}

// Pass is what one pass did.
type Pass struct {
	// Due is how many reminders were due; Sent and Failed how many of
	// those this pass claimed and sent or failed to send. The rest had
	// been sent, were being sent by another instance, or wait for a
	// retry.
	Due, Sent, Failed int
}

// Run makes a pass at once and then every Interval until ctx ends. A
// pass that fails is logged; the next one tries again.
func (j *Job) Run(ctx context.Context) {
	interval := j.Interval
	if interval <= 0 {
		interval = DefaultInterval
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if p, err := j.RunOnce(ctx); err != nil && ctx.Err() == nil {
			j.logger().Error("reminders", "err", err)
		} else if p.Sent+p.Failed > 0 {
			j.logger().Info("reminders", "due", p.Due, "sent", p.Sent, "failed", p.Failed)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (j *Job) logger() *slog.Logger {
	if j.Logger == nil {
		return slog.Default()
	}
	return j.Logger
}

// RunOnce makes one pass: it finds the reminders due today (Finnish
// time), claims each and sends those it claimed, recording each outcome.
// A failed send is recorded in the log and does not stop the pass; the
// error returned is one of finding or recording.
func (j *Job) RunOnce(ctx context.Context) (Pass, error) {
	var p Pass
	now := time.Now
	if j.Now != nil {
		now = j.Now
	}
	ctx = salkku.System(ctx)
	due := j.Due
	if due == nil {
		due = j.Store.FindRemindersDue
	}
	rs, err := due(ctx, salkku.Today(now()), j.BeforeDays)
	if err != nil {
		return p, fmt.Errorf("remind: find reminders due: %w", err)
	}
	p.Due = len(rs)
	var errs []error
	for _, r := range rs {
		if ctx.Err() != nil {
			return p, ctx.Err()
		}
		id, ok, err := j.Store.ClaimReminder(ctx, r)
		if err != nil {
			errs = append(errs, fmt.Errorf("remind: claim: %w", err))
			continue
		}
		if !ok {
			continue
		}
		msg := ""
		if err := j.Sender.Send(ctx, j.Message(r)); err != nil {
			msg = err.Error()
			p.Failed++
			j.logger().Warn("reminder not sent", "project", r.ProjectID, "work_package", r.WorkPackageID,
				"person", r.PersonID, "kind", r.Kind, "err", err)
		} else {
			p.Sent++
		}
		// Recorded even when ctx has just ended: the message is out.
		rctx := salkku.System(context.WithoutCancel(ctx))
		if err := j.Store.RecordReminder(rctx, id, msg); err != nil {
			errs = append(errs, fmt.Errorf("remind: record: %w", err))
		}
	}
	return p, errors.Join(errs...)
}

// Message writes the reminder in its language: a subject naming the
// report and its due date, and a body with the link to the project's
// reports.
func (j *Job) Message(r salkku.ReminderDue) mail.Message {
	lang := salkku.ReminderLanguage(r.Language, "")
	report, _ := r.ProjectName.In(lang)
	if r.ProjectCode != "" {
		report = r.ProjectCode + " " + report
	}
	if r.WorkPackageID != 0 {
		if wp, _ := r.WorkPackageName.In(lang); wp != "" {
			report += " / " + wp
		}
	}
	date := i18n.FormatDate(lang, r.DueDate.Time())
	link := strings.TrimSuffix(j.BaseURL, "/") + "/projects/" + strconv.FormatInt(r.ProjectID, 10) + "/reports"
	subject, body := "mail.reminder.subject.before", "mail.reminder.body.before"
	if r.Kind == salkku.ReminderOverdue {
		subject, body = "mail.reminder.subject.overdue", "mail.reminder.body.overdue"
	}
	return mail.Message{To: r.Email, ToName: r.PersonName,
		Subject: j.Catalog.T(lang, subject, report, date),
		Body:    j.Catalog.T(lang, body, r.PersonName, report, date, link)}
}
