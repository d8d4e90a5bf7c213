package salkku

import (
	"context"
	"slices"
	"time"
)

// Reporting cycle kinds: how often a portfolio's projects report to their
// steering groups. The state's project portfolio asks for status at least
// three times a year; KaRa reported every two months from 7/2021 (seed 002).
const (
	CycleMonthly    = "monthly"
	CycleBimonthly  = "bimonthly"
	CycleQuarterly  = "quarterly"
	CycleTriannual  = "triannual"
	CycleGivenDates = "dates"
)

// CycleKinds lists the kinds in the order forms offer them.
var CycleKinds = []string{CycleMonthly, CycleBimonthly, CycleQuarterly, CycleTriannual, CycleGivenDates}

// cycleMonths is the length of one period of a recurring kind.
var cycleMonths = map[string]int{CycleMonthly: 1, CycleBimonthly: 2, CycleQuarterly: 3, CycleTriannual: 4}

// MaxCycleDates bounds the given dates of one cycle.
const MaxCycleDates = 60

// ReportingCycle is when a portfolio's projects report. A portfolio
// without its own cycle follows its nearest ancestor's.
//
// A recurring cycle cuts time from Start into periods of one, two, three or
// four calendar months; each period's report is due on its last day. A cycle
// of given dates has one period up to each date, the first from Start. A
// report answers the period its report date falls in; a date before Start,
// after End or after the last given date is outside the cycle.
type ReportingCycle struct {
	PortfolioID int64  `json:"portfolio_id"`
	Kind        string `json:"kind"`
	Start       Date   `json:"start"`
	// End is the last day of reporting, optional.
	End   Date   `json:"end,omitempty"`
	Dates []Date `json:"dates,omitempty"`
	// Version guards against stale edits of the portfolio's own cycle.
	Version int `json:"version"`

	// Read-only: the portfolio whose cycle this is, when it is inherited.
	InheritedFrom     *int64 `json:"inherited_from,omitempty"`
	InheritedFromName Text   `json:"inherited_from_name,omitzero"`
}

// Period is one reporting period: reports dated Start…Due answer it.
type Period struct {
	Start Date `json:"start"`
	Due   Date `json:"due"`
}

// Validate checks the cycle's fields and sorts its dates.
func (c *ReportingCycle) Validate() error {
	fe := FieldErrors{}
	if c.PortfolioID <= 0 {
		fe.Add("portfolio_id", "error.required")
	}
	if !slices.Contains(CycleKinds, c.Kind) {
		fe.Add("kind", "error.invalid_choice")
	}
	if !c.Start.Valid() {
		fe.Add("start", "error.date")
	}
	if c.End != "" && !c.End.Valid() {
		fe.Add("end", "error.date")
	} else if c.End != "" && c.Start.Valid() && c.End < c.Start {
		fe.Add("end", "error.cycle_end_before_start")
	}
	if c.Kind == CycleGivenDates {
		for _, d := range c.Dates {
			if !d.Valid() {
				fe.Add("dates", "error.date")
				break
			}
		}
		slices.Sort(c.Dates)
		c.Dates = slices.Compact(c.Dates)
		switch {
		case len(c.Dates) == 0:
			fe.Add("dates", "error.required")
		case len(c.Dates) > MaxCycleDates:
			fe.Add("dates", "error.too_many")
		case c.Start.Valid() && c.Dates[0] < c.Start:
			fe.Add("dates", "error.cycle_date_before_start")
		}
	} else {
		c.Dates = nil
	}
	return fe.Err()
}

// PeriodOf returns the period a report dated d answers; false when d is
// outside the cycle.
func (c *ReportingCycle) PeriodOf(d Date) (Period, bool) {
	if c == nil || !d.Valid() || d < c.Start || (c.End != "" && d > c.End) {
		return Period{}, false
	}
	if c.Kind == CycleGivenDates {
		start := c.Start
		for _, due := range c.Dates {
			if d <= due {
				return Period{Start: start, Due: due}, true
			}
			start = addDays(due, 1)
		}
		return Period{}, false
	}
	n := cycleMonths[c.Kind]
	if n == 0 {
		return Period{}, false
	}
	s, t := c.Start.Time(), d.Time()
	months := (t.Year()-s.Year())*12 + int(t.Month()-s.Month())
	k := months / n
	for {
		p := c.period(k)
		switch {
		case d < p.Start:
			k--
		case d > p.Due:
			k++
		default:
			return p, true
		}
	}
}

// period k of a recurring cycle: from Start plus k·n months to the day
// before the next one.
func (c *ReportingCycle) period(k int) Period {
	n := cycleMonths[c.Kind]
	start := addMonths(c.Start, k*n)
	return Period{Start: start, Due: addDays(addMonths(c.Start, (k+1)*n), -1)}
}

// LastDue returns the latest period whose due date is before asOf: the one
// a report should already have answered. False when none has passed yet.
func (c *ReportingCycle) LastDue(asOf Date) (Period, bool) {
	if c == nil || !asOf.Valid() {
		return Period{}, false
	}
	p, ok := c.PeriodOf(asOf)
	if !ok {
		// After the end of the cycle: its last period.
		last, any := c.lastPeriod()
		if !any || asOf < c.Start {
			return Period{}, false
		}
		if last.Due < asOf {
			return last, true
		}
		return Period{}, false
	}
	if p.Start == c.Start {
		return Period{}, false
	}
	return c.PeriodOf(addDays(p.Start, -1))
}

// NextDue returns the period open on asOf (its report due on or after
// asOf); false after the end of the cycle or before its start.
func (c *ReportingCycle) NextDue(asOf Date) (Period, bool) { return c.PeriodOf(asOf) }

// lastPeriod is the cycle's final period, when it has an end.
func (c *ReportingCycle) lastPeriod() (Period, bool) {
	if c.Kind == CycleGivenDates {
		if len(c.Dates) == 0 {
			return Period{}, false
		}
		return c.PeriodOf(c.Dates[len(c.Dates)-1])
	}
	if c.End == "" {
		return Period{}, false
	}
	return c.PeriodOf(c.End)
}

// Periods lists the periods that end from…to, oldest first, at most max.
func (c *ReportingCycle) Periods(from, to Date, max int) []Period {
	var out []Period
	p, ok := c.PeriodOf(from)
	if !ok && from < c.Start {
		p, ok = c.PeriodOf(c.Start)
	}
	for ok && p.Start <= to && len(out) < max {
		out = append(out, p)
		p, ok = c.PeriodOf(addDays(p.Due, 1))
	}
	return out
}

func addDays(d Date, n int) Date { return Date(d.Time().AddDate(0, 0, n).Format("2006-01-02")) }

// addMonths moves d by n months, keeping the day of the month where the
// month has it and the month's last day otherwise (31.1. + 1 = 28.2.).
func addMonths(d Date, n int) Date {
	t := d.Time()
	first := time.Date(t.Year(), t.Month()+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	day := min(t.Day(), last)
	return Date(first.AddDate(0, 0, day-1).Format("2006-01-02"))
}

// Traffic lights, named as the state's project portfolio names them:
// suunnitelman mukainen (green), poikkeama (yellow), ongelma (red). The
// empty light means the report does not say.
const (
	LightGreen  = "green"
	LightYellow = "yellow"
	LightRed    = "red"
)

// LightValues lists the lights from best to worst.
var LightValues = []string{LightGreen, LightYellow, LightRed}

// LightRank orders lights, worse is larger; 0 for none.
func LightRank(l string) int { return slices.Index(LightValues, l) + 1 }

// Lights are a report's traffic lights.
type Lights struct {
	Overall   string `json:"overall"`
	Schedule  string `json:"schedule"`
	Cost      string `json:"cost"`
	Scope     string `json:"scope"`
	Resources string `json:"resources"`
}

// LightDimensions names the lights in the order reports show them.
var LightDimensions = []string{"overall", "schedule", "cost", "scope", "resources"}

// Get returns the light of a dimension.
func (l Lights) Get(dim string) string { return *l.field(dim) }

// Set sets the light of a dimension.
func (l *Lights) Set(dim, v string) { *l.field(dim) = v }

func (l *Lights) field(dim string) *string {
	switch dim {
	case "schedule":
		return &l.Schedule
	case "cost":
		return &l.Cost
	case "scope":
		return &l.Scope
	case "resources":
		return &l.Resources
	}
	return &l.Overall
}

// Worse lists the dimensions whose light is worse in l than in before;
// a light that was not given before counts as no change.
func (l Lights) Worse(before Lights) []string {
	var out []string
	for _, d := range LightDimensions {
		a, b := before.Get(d), l.Get(d)
		if a != "" && LightRank(b) > LightRank(a) {
			out = append(out, d)
		}
	}
	return out
}

// Report states: a draft is written; a submitted report is frozen; a
// reviewed one has been read by the project office or the steering group.
const (
	ReportDraft     = "draft"
	ReportSubmitted = "submitted"
	ReportReviewed  = "reviewed"
)

// StatusReport is a project's or work package's dated status report to
// its steering group, with seed 002's boxes.
type StatusReport struct {
	Meta
	ProjectID     int64  `json:"project_id"`
	WorkPackageID *int64 `json:"work_package_id"`
	ReportDate    Date   `json:"report_date"`
	// ResponsibleIDs are the people the report names as responsible.
	ResponsibleIDs []int64 `json:"responsible_ids"`
	// Shares are work shares of those of them the report gives one for
	// ("Teemu Röpelinen (50 %)").
	Shares []Share `json:"shares,omitempty"`
	// Overall is "Yleistilanne suhteessa hankesuunnitelmaan".
	Overall Text `json:"overall"`
	// Achievements are "Keskeiset aikaansaannokset" by the report date.
	Achievements Text `json:"achievements"`
	// ToDo is "Vielä tehtävänä".
	ToDo Text `json:"todo"`
	// Deviations are "Poikkeamat, ongelmat, riskit".
	Deviations Text   `json:"deviations"`
	Lights     Lights `json:"lights"`
	// Tags mark links to other programmes ("H"); Legend explains them
	// ("H = HELLÄ-yhteys").
	Tags   []string `json:"tags"`
	Legend Text     `json:"legend"`

	// Read-only, kept by the store.
	State      string `json:"state"`
	Period     Period `json:"period"`
	Revision   int    `json:"revision"`
	CorrectsID *int64 `json:"corrects_id"`
	// SupersededBy is the correction that replaced this report.
	SupersededBy *int64     `json:"superseded_by"`
	SubmittedAt  *time.Time `json:"submitted_at"`
	SubmittedBy  string     `json:"submitted_by,omitempty"`
	ReviewedAt   *time.Time `json:"reviewed_at"`
	ReviewedBy   string     `json:"reviewed_by,omitempty"`
	ReviewNote   Text       `json:"review_note,omitzero"`

	ProjectCode      string   `json:"project_code,omitempty"`
	ProjectName      Text     `json:"project_name,omitzero"`
	PortfolioID      int64    `json:"portfolio_id,omitempty"`
	WorkPackageCode  string   `json:"work_package_code,omitempty"`
	WorkPackageName  Text     `json:"work_package_name,omitzero"`
	ResponsibleNames []string `json:"responsible_names,omitempty"`
}

// Share is one person's work share on a report, in per cent.
type Share struct {
	PersonID int64 `json:"person_id"`
	Percent  int   `json:"percent"`
}

// ShareOf is the person's share in per cent, 0 when none is given.
func (r *StatusReport) ShareOf(personID int64) int {
	for _, sh := range r.Shares {
		if sh.PersonID == personID {
			return sh.Percent
		}
	}
	return 0
}

// Frozen reports whether the report can no longer be edited.
func (r *StatusReport) Frozen() bool { return r.State != ReportDraft }

// Validate checks the report's own fields.
func (r *StatusReport) Validate(l Languages) error {
	r.ResponsibleIDs = CleanIDs(r.ResponsibleIDs)
	r.Tags = CleanList(r.Tags)
	fe := FieldErrors{}
	if r.ProjectID <= 0 {
		fe.Add("project_id", "error.required")
	}
	if !r.ReportDate.Valid() {
		fe.Add("report_date", "error.date")
	}
	for _, f := range []struct {
		name string
		t    *Text
	}{{"overall", &r.Overall}, {"achievements", &r.Achievements}, {"todo", &r.ToDo}, {"deviations", &r.Deviations}} {
		l.CheckText(fe, f.name, f.t, false, MaxDescriptionLen)
	}
	l.CheckText(fe, "legend", &r.Legend, false, MaxNameLen)
	for _, d := range LightDimensions {
		if v := r.Lights.Get(d); v != "" && !slices.Contains(LightValues, v) {
			fe.Add("light_"+d, "error.invalid_choice")
		}
	}
	if len(r.ResponsibleIDs) > MaxListItems {
		fe.Add("responsible_ids", "error.too_many")
	}
	for _, sh := range r.Shares {
		if !slices.Contains(r.ResponsibleIDs, sh.PersonID) || sh.Percent < 1 || sh.Percent > 100 {
			fe.Add("shares", "error.report_share")
			break
		}
	}
	checkList(fe, "tags", r.Tags)
	return fe.Err()
}

// CheckReportable says whether a project may get a new report dated d
// under cycle c: not when it is closed or cancelled, not outside the cycle.
func CheckReportable(p *Project, c *ReportingCycle, d Date) error {
	fe := FieldErrors{}
	if p.Status == StatusClosed || p.Status == StatusCancelled {
		fe.Add("project_id", "error.report_project_closed")
	} else if c == nil {
		fe.Add("report_date", "error.report_no_cycle")
	} else if _, ok := c.PeriodOf(d); !ok {
		fe.Add("report_date", "error.report_outside_cycle")
	}
	return fe.Err()
}

// CheckSubmit says whether a draft may be submitted: it needs its overall
// light and its overall status.
func CheckSubmit(r *StatusReport) error {
	fe := FieldErrors{}
	if r.State != ReportDraft {
		fe.Add("state", "error.report_frozen")
		return fe.Err()
	}
	if r.Lights.Overall == "" {
		fe.Add("light_overall", "error.report_light_required")
	}
	if r.Overall.IsZero() {
		fe.Add("overall", "error.required")
	}
	return fe.Err()
}

// Prefill starts a new report from the previous one: the same people,
// boxes, lights and tags, dated d, a draft.
func (r *StatusReport) Prefill(d Date) *StatusReport {
	n := &StatusReport{
		ProjectID: r.ProjectID, WorkPackageID: r.WorkPackageID, ReportDate: d,
		ResponsibleIDs: slices.Clone(r.ResponsibleIDs), Shares: slices.Clone(r.Shares),
		Overall: r.Overall, Achievements: r.Achievements, ToDo: r.ToDo, Deviations: r.Deviations,
		Lights: r.Lights, Tags: slices.Clone(r.Tags), Legend: r.Legend,
		State:       ReportDraft,
		ProjectCode: r.ProjectCode, ProjectName: r.ProjectName, PortfolioID: r.PortfolioID,
		WorkPackageCode: r.WorkPackageCode, WorkPackageName: r.WorkPackageName, ResponsibleNames: slices.Clone(r.ResponsibleNames),
	}
	return n
}

// ReportFilter selects reports.
type ReportFilter struct {
	ProjectID     *int64
	WorkPackageID *int64
	// Project only: the project's own reports, not its work packages'.
	ProjectOnly bool
	// Current leaves out reports replaced by a correction.
	Current bool
	Page
}

// ReportUnit is one project or work package with its latest report in a
// period, one row of a portfolio summary or a due list.
type ReportUnit struct {
	ProjectID       int64  `json:"project_id"`
	ProjectCode     string `json:"project_code"`
	ProjectName     Text   `json:"project_name"`
	PortfolioID     int64  `json:"portfolio_id"`
	CategoryID      *int64 `json:"category_id"`
	Phase           string `json:"phase"`
	WorkPackageID   *int64 `json:"work_package_id"`
	WorkPackageCode string `json:"work_package_code,omitempty"`
	WorkPackageName Text   `json:"work_package_name,omitzero"`
	ManagerName     string `json:"manager_name,omitempty"`
	// Report is nil when the unit has no report in the period.
	Report *StatusReport `json:"report"`
	// Previous are the lights of the unit's latest report in the period
	// before, when it has one.
	Previous *Lights `json:"previous"`
	// Worse lists the dimensions whose light worsened since then.
	Worse []string `json:"worse,omitempty"`
}

// SummaryFilter selects a portfolio status summary.
type SummaryFilter struct {
	PortfolioID int64
	// Date picks the period; empty means today.
	Date       Date
	CategoryID *int64
	Phase      string
	// Show: "" every unit, "missing" those without a report, "worse"
	// those whose lights worsened.
	Show string
	// After is the keyset cursor: the last row's project code and id.
	AfterCode string
	AfterID   int64
	Limit     int
}

// PortfolioSummary is the status of a portfolio and its sub-portfolios in
// one period.
type PortfolioSummary struct {
	Cycle  *ReportingCycle `json:"cycle"`
	Period Period          `json:"period"`
	// Counts by overall light ("" = reported without one), of projects'
	// latest reports in the period.
	Counts   map[string]int `json:"counts"`
	Reported int            `json:"reported"`
	Missing  int            `json:"missing"`
	Worse    int            `json:"worse"`
	Units    []*ReportUnit  `json:"units"`
	// More is set when another page follows.
	More bool `json:"more"`
}

// ReportDue is a project whose report for a period is due or overdue.
type ReportDue struct {
	ReportUnit
	Period  Period `json:"period"`
	Overdue bool   `json:"overdue"`
}

// DueFilter selects due and overdue reports.
type DueFilter struct {
	PortfolioID *int64
	ProjectID   *int64
	// PersonID: the projects this person manages.
	PersonID *int64
	AsOf     Date
	Limit    int
}

// ReportService keeps reporting cycles and status reports.
type ReportService interface {
	// FindReportingCycle returns the cycle that applies to a portfolio:
	// its own or its nearest ancestor's (InheritedFrom set); nil if none.
	FindReportingCycle(ctx context.Context, portfolioID int64) (*ReportingCycle, error)
	// SetReportingCycle sets the portfolio's own cycle; Version must be
	// current (0 when it has none).
	SetReportingCycle(ctx context.Context, c *ReportingCycle) error
	// DeleteReportingCycle removes the portfolio's own cycle, so that it
	// inherits again.
	DeleteReportingCycle(ctx context.Context, portfolioID int64) error

	FindReportByID(ctx context.Context, id int64) (*StatusReport, error)
	FindReports(ctx context.Context, f ReportFilter) ([]*StatusReport, error)
	// NewReport returns a draft for the project (or work package) dated d,
	// pre-filled from its latest report; it is not stored.
	NewReport(ctx context.Context, projectID int64, workPackageID *int64, d Date) (*StatusReport, error)
	// CreateReport stores a draft; EINVALID for a closed project or a date
	// outside the cycle.
	CreateReport(ctx context.Context, r *StatusReport) error
	// UpdateReport edits a draft; a submitted report is frozen.
	UpdateReport(ctx context.Context, r *StatusReport) error
	DeleteReport(ctx context.Context, id int64) error
	SubmitReport(ctx context.Context, id int64, version int) (*StatusReport, error)
	ReviewReport(ctx context.Context, id int64, version int, note Text) (*StatusReport, error)
	// CorrectReport starts a new draft revision of a submitted report; the
	// old one stays and is superseded when the correction is submitted.
	CorrectReport(ctx context.Context, id int64) (*StatusReport, error)

	// FindPortfolioSummary is the status of the portfolio and its
	// sub-portfolios in the period of f.Date.
	FindPortfolioSummary(ctx context.Context, f SummaryFilter) (*PortfolioSummary, error)
	// FindReportsDue lists projects whose report is due in the open period
	// or missing for the last one.
	FindReportsDue(ctx context.Context, f DueFilter) ([]*ReportDue, error)
}
