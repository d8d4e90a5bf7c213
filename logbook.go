package salkku

import (
	"context"
	"slices"
	"strings"
	"time"
)

// A project's and a portfolio's logs: the decisions taken (päätösloki),
// with the project's gate decisions read alongside, and what the project
// told whom (viestintä, seed 002's last slide).

// Kinds of line in a decision log.
const (
	LogEntry = "entry" // written in the log
	LogGate  = "gate"  // a gate decision, read from the gates
)

// DecisionEntry is one decision in a project's or a portfolio's log: when,
// by which body, what was decided, who, and where the minutes are. A gate
// decision appears as one too (Kind LogGate), read-only.
type DecisionEntry struct {
	Meta
	// Exactly one of ProjectID and PortfolioID is set.
	ProjectID   *int64 `json:"project_id"`
	PortfolioID *int64 `json:"portfolio_id"`
	DecidedOn   Date   `json:"decided_on"`
	// DecidedBy is the deciding body, e.g. "Ohjausryhmä".
	DecidedBy Text `json:"decided_by"`
	Decision  Text `json:"decision"`
	// Who is the person deciding or presenting, as free text, or a person
	// of the register (WhoID); either or neither.
	Who        string `json:"who"`
	WhoID      *int64 `json:"who_id"`
	MinutesURL string `json:"minutes_url"`

	// Read-only.
	Kind    string `json:"kind,omitempty"`
	WhoName string `json:"who_name,omitempty"`
	// For a gate decision: its id, the gate, the kind of decision and the
	// level that took it.
	GateDecisionID int64  `json:"gate_decision_id,omitempty"`
	Gate           string `json:"gate,omitempty"`
	GateDecision   string `json:"gate_decision,omitempty"`
	Level          string `json:"level,omitempty"`
	// ProjectLabel is the project's code and name, in a portfolio's log.
	ProjectLabel string `json:"project_label,omitempty"`
}

// Validate checks an entry written in a log.
func (e *DecisionEntry) Validate(l Languages, today Date) error {
	e.Who = strings.TrimSpace(e.Who)
	e.MinutesURL = strings.TrimSpace(e.MinutesURL)
	e.Kind = LogEntry
	fe := FieldErrors{}
	if (e.ProjectID == nil) == (e.PortfolioID == nil) {
		fe.Add("project_id", "error.required")
	}
	checkDay(fe, "decided_on", e.DecidedOn, true, today)
	l.CheckText(fe, "decided_by", &e.DecidedBy, false, MaxNameLen)
	l.CheckText(fe, "decision", &e.Decision, true, MaxDescriptionLen)
	checkText(fe, "who", e.Who, false, MaxNameLen)
	checkText(fe, "minutes_url", e.MinutesURL, false, MaxURLLen)
	if e.MinutesURL != "" && !ValidLink(e.MinutesURL) {
		fe.Add("minutes_url", "error.link")
	}
	return fe.Err()
}

// checkDay checks a day field: required or not, a calendar day, and not
// after today when today is given.
func checkDay(fe FieldErrors, field string, d Date, required bool, today Date) {
	switch {
	case d == "" && required:
		fe.Add(field, "error.required")
	case d == "":
	case !d.Valid():
		fe.Add(field, "error.date")
	case today != "" && d > today:
		fe.Add(field, "error.date_future")
	}
}

// Communication channels (seed 002: intranet, tiedote, blogi, video,
// uutiskirje, verkkosivut…).
const (
	ChannelIntranet   = "intranet"
	ChannelRelease    = "release"
	ChannelBlog       = "blog"
	ChannelVideo      = "video"
	ChannelNewsletter = "newsletter"
	ChannelWebsite    = "website"
	ChannelPress      = "press"
	ChannelSocial     = "social"
	ChannelEvent      = "event"
	ChannelOther      = "other"
)

// Channels lists the channels in the order a form offers them.
var Channels = []string{ChannelIntranet, ChannelRelease, ChannelBlog, ChannelVideo, ChannelNewsletter,
	ChannelWebsite, ChannelPress, ChannelSocial, ChannelEvent, ChannelOther}

// Audience scopes: inside the organisation or outside it.
const (
	ScopeInternal = "internal"
	ScopeExternal = "external"
)

// Scopes lists the audience scopes.
var Scopes = []string{ScopeInternal, ScopeExternal}

// CommsEntry is one line of a project's communications log: a day or a
// period of months, the channel, internal or external, the audience, the
// subject, the work package it is about and a link.
type CommsEntry struct {
	Meta
	ProjectID     int64  `json:"project_id"`
	WorkPackageID *int64 `json:"work_package_id"`
	// Date is the day; or Start (and End, for a longer period) the
	// months. At most one of Date and Start is set: seed 002's slide
	// dates only some of its items.
	Date     Date   `json:"date,omitempty"`
	Start    Month  `json:"start"`
	End      Month  `json:"end"`
	Channel  string `json:"channel"`
	Scope    string `json:"scope"`
	Audience Text   `json:"audience"`
	Subject  Text   `json:"subject"`
	Link     string `json:"link"`

	// Read-only.
	WorkPackageCode string `json:"work_package_code,omitempty"`
	WorkPackageName Text   `json:"work_package_name,omitempty"`
}

// Validate checks a communications entry.
func (c *CommsEntry) Validate(l Languages) error {
	c.Link = strings.TrimSpace(c.Link)
	fe := FieldErrors{}
	if c.ProjectID <= 0 {
		fe.Add("project_id", "error.required")
	}
	switch {
	case c.Date != "" && !c.Start.IsZero():
		fe.Add("when", "error.comms_date_or_period")
	case c.Date != "":
		checkDay(fe, "when", c.Date, true, "")
	case c.Start.IsZero() && !c.End.IsZero():
		fe.Add("when", "error.comms_when")
	case !c.End.IsZero() && c.End < c.Start:
		fe.Add("when", "error.end_before_start")
	}
	if !c.Start.IsZero() && (c.Start.Year() < MinYear || c.Start.Year() > MaxYear) || !c.End.IsZero() && (c.End.Year() < MinYear || c.End.Year() > MaxYear) {
		fe.Add("when", "error.month_year")
	}
	if c.End == c.Start {
		c.End = 0
	}
	if !slices.Contains(Channels, c.Channel) {
		fe.Add("channel", "error.invalid_choice")
	}
	if !slices.Contains(Scopes, c.Scope) {
		fe.Add("scope", "error.invalid_choice")
	}
	l.CheckText(fe, "audience", &c.Audience, false, MaxNameLen)
	l.CheckText(fe, "subject", &c.Subject, true, MaxNameLen)
	checkText(fe, "link", c.Link, false, MaxURLLen)
	if c.Link != "" && !ValidLink(c.Link) {
		fe.Add("link", "error.link")
	}
	return fe.Err()
}

// When writes the entry's day (d.m.yyyy) or period ("1/2021",
// "1/2021 – 3/2021"), as the form takes it; "" when it has neither.
func (c *CommsEntry) When() string {
	if c.Start.IsZero() && c.Date == "" {
		return ""
	}
	if c.Date != "" {
		if !c.Date.Valid() {
			return string(c.Date)
		}
		return c.Date.Time().Format("2.1.2006")
	}
	if c.End.IsZero() {
		return c.Start.String()
	}
	return c.Start.String() + " – " + c.End.String()
}

// SortDay is the day the entry sorts by: its day, or the first day of
// its period; "" when it has neither.
func (c *CommsEntry) SortDay() Date {
	if c.Date != "" || c.Start.IsZero() {
		return c.Date
	}
	return Date(time.Date(c.Start.Year(), time.Month(c.Start.Number()), 1, 0, 0, 0, 0, time.UTC).Format("2006-01-02"))
}

// ParseWhen reads a communications entry's day or period: "22.11.2021",
// "2021-11-22", "1/2021" or "1/2021 – 3/2021". An empty string is
// neither.
func ParseWhen(s string) (Date, Month, Month, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", 0, 0, nil
	}
	if d, ok := ParseDate(s); ok {
		return d, 0, 0, nil
	}
	sch, err := ParseSchedule(s)
	if err != nil || sch.Continuous || sch.Start.IsZero() {
		return "", 0, 0, Errorf(EINVALID, "error.comms_when")
	}
	if sch.End == sch.Start {
		sch.End = 0
	}
	return "", sch.Start, sch.End, nil
}

// LogFilter selects a log: a project's or a portfolio's, one page at a
// time.
type LogFilter struct {
	ProjectID   *int64
	PortfolioID *int64
	Page
}

// LogbookService keeps the decision and communications logs. A project's
// logs are seen with the project and written by those who edit it; a
// portfolio's decision log is seen with the portfolio and written by its
// owner and project office (CanEditPortfolioLog).
type LogbookService interface {
	FindDecisionEntryByID(ctx context.Context, id int64) (*DecisionEntry, error)
	// FindDecisionLog lists a project's or portfolio's decisions, newest
	// first, with the gate decisions (a portfolio's: those of its
	// projects taken at the portfolio level) among them.
	FindDecisionLog(ctx context.Context, f LogFilter) ([]*DecisionEntry, int, error)
	CreateDecisionEntry(ctx context.Context, e *DecisionEntry) error
	UpdateDecisionEntry(ctx context.Context, e *DecisionEntry) error
	DeleteDecisionEntry(ctx context.Context, id int64) error

	FindCommsEntryByID(ctx context.Context, id int64) (*CommsEntry, error)
	// FindCommsLog lists a project's communications in time order.
	FindCommsLog(ctx context.Context, f LogFilter) ([]*CommsEntry, int, error)
	CreateCommsEntry(ctx context.Context, c *CommsEntry) error
	UpdateCommsEntry(ctx context.Context, c *CommsEntry) error
	DeleteCommsEntry(ctx context.Context, id int64) error
}
