package salkku

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Finance: the money of a project. A project's budget is split by cost
// category (seed 002's Henkilöstömenot, Palvelujen ostot, …) and by year,
// and revised with a date, a reason and who; actuals arrive per month and
// category from the organisation's finance system; funding sources say who
// pays, a state grant with its decision and payment applications
// (maksatushakemus). The follow-up compares them as seed 002's budget
// slide does: realised and unused per category.

// CostCategory is one line of an organisation's chart of costs. Accounts
// are the finance system's account numbers (or their leading digits) that
// an import maps to it.
type CostCategory struct {
	Meta
	OrganisationID int64    `json:"organisation_id"`
	Name           Text     `json:"name"`
	Position       int      `json:"position"`
	Accounts       []string `json:"accounts"`
}

// DefaultCostCategories are seed 002's categories, which every
// organisation starts with, in its order; the names are the budget
// slide's, their Swedish and English the usual terms of municipal
// accounts.
var DefaultCostCategories = []Text{
	{FI: "Henkilöstömenot", SV: "Personalkostnader", EN: "Personnel costs"},
	{FI: "Palvelujen ostot", SV: "Köp av tjänster", EN: "Purchases of services"},
	{FI: "Aineet, tarvikkeet ja tavarat", SV: "Material, förnödenheter och varor", EN: "Materials, supplies and goods"},
	{FI: "Vuokrat", SV: "Hyror", EN: "Rents"},
	{FI: "Muut menot", SV: "Övriga utgifter", EN: "Other expenses"},
	{FI: "Investointimenot", SV: "Investeringsutgifter", EN: "Capital expenditure"},
}

// MaxAccounts bounds the account numbers of one category.
const MaxAccounts = 200

// Validate checks a cost category's name and account numbers (digits,
// at most 20 of them, no account given twice).
func (c *CostCategory) Validate(l Languages) error {
	fe := FieldErrors{}
	if c.OrganisationID <= 0 {
		fe.Add("organisation_id", "error.required")
	}
	l.CheckText(fe, "name", &c.Name, true, MaxNameLen)
	c.Accounts = CleanList(c.Accounts)
	if len(c.Accounts) > MaxAccounts {
		fe.Add("accounts", "error.too_many")
	}
	for _, a := range c.Accounts {
		if len(a) > 20 || !allDigits(a) {
			fe.Add("accounts", "error.account_number")
			break
		}
	}
	if c.Position < 0 {
		fe.Add("position", "error.invalid_number")
	}
	return fe.Err()
}

// CategoryForAccount returns the category whose account numbers give the
// longest prefix of account, or nil. "4301" matches a category listing
// "43" unless another lists "430" or "4301".
func CategoryForAccount(cats []*CostCategory, account string) *CostCategory {
	account = strings.TrimSpace(account)
	var best *CostCategory
	bestLen := 0
	for _, c := range cats {
		for _, a := range c.Accounts {
			if len(a) > bestLen && strings.HasPrefix(account, a) {
				best, bestLen = c, len(a)
			}
		}
	}
	return best
}

// WholeSpan is the Year of a budget line that covers the project's whole
// span rather than one calendar year, as a grant's budget does.
const WholeSpan = 0

// BudgetLine is the amount budgeted for one cost category in one year
// (or the whole span) of a project or one of its work packages.
type BudgetLine struct {
	WorkPackageID *int64 `json:"work_package_id"`
	CategoryID    int64  `json:"category_id"`
	Year          int    `json:"year"`
	Amount        Money  `json:"amount"`
}

// BudgetRevision is one version of a project's budget: the whole set of
// its lines, with when, why and by whom it was set. Revision 1 is the
// original budget.
type BudgetRevision struct {
	ID        int64        `json:"id"`
	ProjectID int64        `json:"project_id"`
	Number    int          `json:"number"`
	Date      Date         `json:"date"`
	Reason    Text         `json:"reason"`
	Lines     []BudgetLine `json:"lines"`
	CreatedAt time.Time    `json:"created_at"`
	// Read-only.
	CreatedBy     int64  `json:"created_by"`
	CreatedByName string `json:"created_by_name,omitempty"`
	Total         Money  `json:"total"`
}

// MaxBudgetLines bounds one revision: six categories over thirty years
// for the project and a few dozen work packages.
const MaxBudgetLines = 2000

// Validate checks a revision against its project: amounts not below zero
// and within bounds, years within the project's span, each line once, a
// date, and a reason for every revision after the first. Known categories
// and work packages are the store's to check.
func (r *BudgetRevision) Validate(p *Project, l Languages) error {
	fe := FieldErrors{}
	if !r.Date.Valid() {
		fe.Add("date", "error.date")
	}
	l.CheckText(fe, "reason", &r.Reason, r.Number > 1, MaxDescriptionLen)
	if len(r.Lines) > MaxBudgetLines {
		fe.Add("lines", "error.too_many")
		return fe.Err()
	}
	type key struct {
		wp, cat int64
		year    int
	}
	seen := map[key]bool{}
	r.Total = 0
	for i, ln := range r.Lines {
		f := fmt.Sprintf("lines.%d", i)
		switch {
		case ln.Amount < 0:
			fe.Add(f+".amount", ErrMoneyNegative)
		case ln.Amount > MaxMoney:
			fe.Add(f+".amount", ErrMoneyRange)
		}
		if ln.CategoryID <= 0 {
			fe.Add(f+".category_id", "error.required")
		}
		if ln.Year != WholeSpan && !p.InYear(ln.Year) {
			fe.Add(f+".year", "error.year_outside_project")
		}
		var wp int64
		if ln.WorkPackageID != nil {
			wp = *ln.WorkPackageID
		}
		k := key{wp, ln.CategoryID, ln.Year}
		if seen[k] {
			fe.Add(f+".category_id", "error.duplicate_line")
		}
		seen[k] = true
		r.Total += ln.Amount
	}
	if r.Total > MaxMoney {
		fe.Add("lines", ErrMoneyRange)
	}
	return fe.Err()
}

// InYear reports whether the project's span touches calendar year y; a
// project with no start or end is open on that side, but a year before
// 1990 or after 2100 is never one.
func (p *Project) InYear(y int) bool {
	if y < 1990 || y > 2100 {
		return false
	}
	if !p.Start.IsZero() && y < p.Start.Year() {
		return false
	}
	if !p.End.IsZero() && y > p.End.Year() {
		return false
	}
	return true
}

// InSpan reports whether month m falls within the project's span (open
// ends allowed).
func (p *Project) InSpan(m Month) bool {
	if m.IsZero() {
		return false
	}
	return (p.Start.IsZero() || m >= p.Start) && (p.End.IsZero() || m <= p.End)
}

// Actual is money spent: one amount for a month, a cost category and a
// project (or one of its work packages), entered by hand or imported.
// An amount may be below zero (a credit note, a correction).
type Actual struct {
	Meta
	ProjectID     int64  `json:"project_id"`
	WorkPackageID *int64 `json:"work_package_id"`
	CategoryID    int64  `json:"category_id"`
	Month         Month  `json:"month"`
	Amount        Money  `json:"amount"`
	Description   string `json:"description"`
	// ImportID is the import that brought the row, nil for one entered
	// by hand; SourceKey is the row's identity in its source (the finance
	// system's own ids, or a hash of the row) so that importing the same
	// file again changes nothing.
	ImportID  *int64 `json:"import_id"`
	SourceKey string `json:"source_key,omitempty"`
	// Read-only.
	CategoryName    Text   `json:"category_name,omitempty"`
	WorkPackageCode string `json:"work_package_code,omitempty"`
}

// Validate checks an actual against its project: a month within its span,
// an amount within bounds, a short description.
func (a *Actual) Validate(p *Project) error {
	a.Description = strings.TrimSpace(a.Description)
	fe := FieldErrors{}
	a.checkInto(fe, p)
	return fe.Err()
}

func (a *Actual) checkInto(fe FieldErrors, p *Project) {
	if a.CategoryID <= 0 {
		fe.Add("category_id", "error.required")
	}
	switch {
	case a.Month.IsZero():
		fe.Add("month", "error.required")
	case !p.InSpan(a.Month):
		fe.Add("month", "error.month_outside_project")
	}
	if a.Amount > MaxMoney || a.Amount < -MaxMoney {
		fe.Add("amount", ErrMoneyRange)
	}
	checkText(fe, "description", a.Description, false, MaxNameLen)
}

// Funding kinds.
const (
	FundingOwn        = "own"
	FundingStateGrant = "state_grant"
	FundingEU         = "eu"
	FundingOther      = "other"
)

// FundingKinds in the order a form offers them.
var FundingKinds = []string{FundingOwn, FundingStateGrant, FundingEU, FundingOther}

// IsGrant reports whether a funding kind comes with a decision and
// payment applications.
func IsGrant(kind string) bool { return kind == FundingStateGrant || kind == FundingEU }

// Funding is one source of a project's money. A grant (state or EU)
// carries its decision: number, date, the amount granted, its share of
// the eligible costs and the eligible period, and the day its final
// report (loppuselvitys) is due; payment applications follow it.
type Funding struct {
	Meta
	ProjectID int64  `json:"project_id"`
	Kind      string `json:"kind"`
	Name      Text   `json:"name"`
	// Amount is what the source is planned to give; nil when not known.
	Amount *Money `json:"amount"`
	// Share is the grant's share of eligible costs; 0 when none is set.
	Share          Percent `json:"share"`
	DecisionNumber string  `json:"decision_number"`
	DecisionDate   Date    `json:"decision_date,omitempty"`
	Granted        *Money  `json:"granted"`
	EligibleFrom   Date    `json:"eligible_from,omitempty"`
	EligibleTo     Date    `json:"eligible_to,omitempty"`
	FinalReportDue Date    `json:"final_report_due,omitempty"`
	// Read-only: the payment applications, by number.
	Applications []*PaymentApplication `json:"applications"`
}

// Validate checks a funding source: a known kind and a name; decision
// fields only for grants, dates as days, the eligible period in order.
func (f *Funding) Validate(l Languages) error {
	f.DecisionNumber = strings.TrimSpace(f.DecisionNumber)
	fe := FieldErrors{}
	if f.ProjectID <= 0 {
		fe.Add("project_id", "error.required")
	}
	if !slices.Contains(FundingKinds, f.Kind) {
		fe.Add("kind", "error.invalid_choice")
	}
	l.CheckText(fe, "name", &f.Name, true, MaxNameLen)
	checkMoneyField(fe, "amount", f.Amount)
	checkMoneyField(fe, "granted", f.Granted)
	if f.Share < 0 || f.Share > 10000 {
		fe.Add("share", ErrPercentRange)
	}
	checkText(fe, "decision_number", f.DecisionNumber, false, MaxCodeLen*2)
	for field, d := range map[string]Date{"decision_date": f.DecisionDate, "eligible_from": f.EligibleFrom, "eligible_to": f.EligibleTo, "final_report_due": f.FinalReportDue} {
		if d != "" && !d.Valid() {
			fe.Add(field, "error.date")
		}
	}
	if f.EligibleFrom != "" && f.EligibleTo != "" && f.EligibleTo < f.EligibleFrom {
		fe.Add("eligible_to", "error.period_end_before_start")
	}
	if !IsGrant(f.Kind) && (f.DecisionNumber != "" || f.DecisionDate != "" || f.Granted != nil || f.FinalReportDue != "") {
		fe.Add("kind", "error.decision_without_grant")
	}
	return fe.Err()
}

func checkMoneyField(fe FieldErrors, field string, m *Money) {
	if m == nil {
		return
	}
	switch {
	case *m < 0:
		fe.Add(field, ErrMoneyNegative)
	case *m > MaxMoney:
		fe.Add(field, ErrMoneyRange)
	}
}

// Payment application states: planned (due, not yet sent), submitted,
// paid (the money received), rejected.
const (
	ApplicationPlanned   = "planned"
	ApplicationSubmitted = "submitted"
	ApplicationPaid      = "paid"
	ApplicationRejected  = "rejected"
)

// ApplicationStates in the order a form offers them.
var ApplicationStates = []string{ApplicationPlanned, ApplicationSubmitted, ApplicationPaid, ApplicationRejected}

// PaymentApplication is one maksatushakemus of a grant: the cost period it
// claims, the day it is due and the day it was sent, the amount applied
// for and the amount received.
type PaymentApplication struct {
	Meta
	FundingID  int64  `json:"funding_id"`
	Number     int    `json:"number"`
	PeriodFrom Date   `json:"period_from,omitempty"`
	PeriodTo   Date   `json:"period_to,omitempty"`
	Due        Date   `json:"due,omitempty"`
	Submitted  Date   `json:"submitted,omitempty"`
	Applied    *Money `json:"applied"`
	Received   *Money `json:"received"`
	Status     string `json:"status"`
	Note       Text   `json:"note"`
}

// Validate checks an application: a number from 1, a known status,
// days as days, the period in order, a submitted or paid application with
// the day it was sent, money received only once paid.
func (a *PaymentApplication) Validate(l Languages) error {
	fe := FieldErrors{}
	if a.Number < 1 || a.Number > 999 {
		fe.Add("number", "error.invalid_number")
	}
	if a.Status == "" {
		a.Status = ApplicationPlanned
	}
	if !slices.Contains(ApplicationStates, a.Status) {
		fe.Add("status", "error.invalid_choice")
	}
	for field, d := range map[string]Date{"period_from": a.PeriodFrom, "period_to": a.PeriodTo, "due": a.Due, "submitted": a.Submitted} {
		if d != "" && !d.Valid() {
			fe.Add(field, "error.date")
		}
	}
	if a.PeriodFrom != "" && a.PeriodTo != "" && a.PeriodTo < a.PeriodFrom {
		fe.Add("period_to", "error.period_end_before_start")
	}
	checkMoneyField(fe, "applied", a.Applied)
	checkMoneyField(fe, "received", a.Received)
	if a.Received != nil && a.Status != ApplicationPaid {
		fe.Add("received", "error.received_not_paid")
	}
	if a.Status == ApplicationPlanned && a.Due == "" {
		fe.Add("due", "error.required")
	}
	l.CheckText(fe, "note", &a.Note, false, MaxDescriptionLen)
	return fe.Err()
}

// Forecast modes: what a project expects to have spent at completion.
const (
	// ForecastRunRate extends the actuals at their monthly pace to the
	// end of the project, never below what is spent.
	ForecastRunRate = "run_rate"
	// ForecastEntered is the project's own estimate per category.
	ForecastEntered = "entered"
)

// FinanceSettings are a project's finance follow-up choices: the day its
// actuals run to (seed 002: "Toteutuma 1.8.2020 – 15.11.2021"), and its
// forecast mode with the entered forecast per category.
type FinanceSettings struct {
	ProjectID      int64          `json:"project_id"`
	Version        int            `json:"version"`
	ActualsThrough Date           `json:"actuals_through,omitempty"`
	ForecastMode   string         `json:"forecast_mode"`
	Forecast       []ForecastLine `json:"forecast"`
}

// ForecastLine is the entered forecast at completion of one category.
type ForecastLine struct {
	CategoryID int64 `json:"category_id"`
	Amount     Money `json:"amount"`
}

// Validate checks the settings.
func (s *FinanceSettings) Validate() error {
	fe := FieldErrors{}
	if s.ForecastMode == "" {
		s.ForecastMode = ForecastRunRate
	}
	if s.ForecastMode != ForecastRunRate && s.ForecastMode != ForecastEntered {
		fe.Add("forecast_mode", "error.invalid_choice")
	}
	if s.ActualsThrough != "" && !s.ActualsThrough.Valid() {
		fe.Add("actuals_through", "error.date")
	}
	seen := map[int64]bool{}
	for i, f := range s.Forecast {
		field := fmt.Sprintf("forecast.%d.amount", i)
		if f.Amount < 0 {
			fe.Add(field, ErrMoneyNegative)
		} else if f.Amount > MaxMoney {
			fe.Add(field, ErrMoneyRange)
		}
		if seen[f.CategoryID] {
			fe.Add(fmt.Sprintf("forecast.%d.category_id", i), "error.duplicate_line")
		}
		seen[f.CategoryID] = true
	}
	return fe.Err()
}

// RunRate forecasts the spending at completion from what is spent in the
// months elapsed out of the project's months: spent × total ÷ elapsed,
// rounded to the cent, never below spent; with nothing elapsed or no
// known length, what is spent.
func RunRate(spent Money, elapsed, total int) Money {
	if elapsed <= 0 || total <= 0 || elapsed >= total {
		return spent
	}
	x := int64(spent) * int64(total)
	e := int64(elapsed)
	var f int64
	if x >= 0 {
		f = (x + e/2) / e
	} else {
		f = (x - e/2) / e
	}
	if Money(f) < spent {
		return spent
	}
	return Money(f)
}

// Months counts the months from a to b, both included.
func Months(a, b Month) int {
	if a.IsZero() || b.IsZero() || b < a {
		return 0
	}
	return int(b-a) + 1
}

// FinanceLine is the follow-up of one cost category (or the total):
// budget now and at first, what is spent, what is left, the forecast at
// completion.
type FinanceLine struct {
	CategoryID int64 `json:"category_id"`
	Name       Text  `json:"name"`
	Budget     Money `json:"budget"`
	Original   Money `json:"original"`
	Actual     Money `json:"actual"`
	Forecast   Money `json:"forecast"`
}

// Unused is the budget not spent; below zero when the category overruns.
func (l FinanceLine) Unused() Money { return l.Budget - l.Actual }

// Overrun reports whether the forecast exceeds the budget.
func (l FinanceLine) Overrun() bool { return l.Forecast > l.Budget }

// UsedPercent is the share of the budget spent, in basis points, capped at
// 100 %; 0 with no budget.
func (l FinanceLine) UsedPercent() Percent {
	if l.Budget <= 0 || l.Actual <= 0 {
		return 0
	}
	if l.Actual >= l.Budget {
		return 10000
	}
	return Percent(int64(l.Actual) * 10000 / int64(l.Budget))
}

// FinanceFollowUp is a project's or a portfolio's money at a glance, by
// category in the organisation's order, with the total.
type FinanceFollowUp struct {
	Lines []FinanceLine `json:"lines"`
	Total FinanceLine   `json:"total"`
	// From and Through bound the actuals: the project's start and the day
	// they run to.
	From    Date `json:"from,omitempty"`
	Through Date `json:"through,omitempty"`
}

// Sum sets the total from the lines.
func (f *FinanceFollowUp) Sum() {
	t := FinanceLine{}
	for _, l := range f.Lines {
		t.Budget += l.Budget
		t.Original += l.Original
		t.Actual += l.Actual
		t.Forecast += l.Forecast
	}
	f.Total = t
}

// Empty reports whether there is no money at all to show.
func (f *FinanceFollowUp) Empty() bool {
	t := f.Total
	return t.Budget == 0 && t.Original == 0 && t.Actual == 0 && t.Forecast == 0
}

// ActualFilter selects a project's actuals.
type ActualFilter struct {
	ProjectID  int64
	CategoryID *int64
	From, To   Month
	// After is the keyset cursor: the (month, id) of the last row shown,
	// newest first.
	AfterMonth Month
	AfterID    int64
	Limit      int
}

// ProjectFinance is everything the finance page of one project shows.
type ProjectFinance struct {
	Categories []*CostCategory   `json:"categories"`
	Current    *BudgetRevision   `json:"budget"`
	Original   *BudgetRevision   `json:"original_budget"`
	Revisions  []*BudgetRevision `json:"revisions"`
	Settings   FinanceSettings   `json:"settings"`
	Funding    []*Funding        `json:"funding"`
	FollowUp   FinanceFollowUp   `json:"follow_up"`
}

// PortfolioFinance is the roll-up of a portfolio and its sub-portfolios,
// and of each sub-portfolio and project directly in it.
type PortfolioFinance struct {
	PortfolioID int64           `json:"portfolio_id"`
	FollowUp    FinanceFollowUp `json:"follow_up"`
	Children    []FinanceRow    `json:"children"`
	Projects    []FinanceRow    `json:"projects"`
	// Next is the cursor of the next page of projects, "" at the end.
	Next string `json:"next,omitempty"`
}

// FinanceRow is one sub-portfolio's or project's totals.
type FinanceRow struct {
	ID    int64       `json:"id"`
	Code  string      `json:"code,omitempty"`
	Name  Text        `json:"name"`
	Total FinanceLine `json:"total"`
}

// FinanceService keeps cost categories, budgets, actuals and funding.
type FinanceService interface {
	// FindCostCategories lists an organisation's categories in order.
	FindCostCategories(ctx context.Context, organisationID int64) ([]*CostCategory, error)
	CreateCostCategory(ctx context.Context, c *CostCategory) error
	UpdateCostCategory(ctx context.Context, c *CostCategory) error
	// DeleteCostCategory fails with ECONFLICT while money is booked on it.
	DeleteCostCategory(ctx context.Context, id int64) error

	// FindProjectFinance returns a project's budget, revisions, funding
	// and follow-up.
	FindProjectFinance(ctx context.Context, projectID int64) (*ProjectFinance, error)
	// ReviseBudget stores a new revision of the project's budget; number
	// must be the current revision's number plus one (1 for the first), or
	// ECONFLICT.
	ReviseBudget(ctx context.Context, r *BudgetRevision) error
	// FindBudgetRevision returns one revision with its lines.
	FindBudgetRevision(ctx context.Context, projectID int64, number int) (*BudgetRevision, error)
	UpdateFinanceSettings(ctx context.Context, s *FinanceSettings) error

	FindActuals(ctx context.Context, f ActualFilter) ([]*Actual, error)
	FindActualByID(ctx context.Context, id int64) (*Actual, error)
	CreateActual(ctx context.Context, a *Actual) error
	UpdateActual(ctx context.Context, a *Actual) error
	DeleteActual(ctx context.Context, id int64) error

	FindFundingByID(ctx context.Context, id int64) (*Funding, error)
	CreateFunding(ctx context.Context, f *Funding) error
	UpdateFunding(ctx context.Context, f *Funding) error
	DeleteFunding(ctx context.Context, id int64) error
	FindPaymentApplicationByID(ctx context.Context, id int64) (*PaymentApplication, error)
	CreatePaymentApplication(ctx context.Context, a *PaymentApplication) error
	UpdatePaymentApplication(ctx context.Context, a *PaymentApplication) error
	DeletePaymentApplication(ctx context.Context, id int64) error

	// FindPortfolioFinance rolls up a portfolio with its sub-portfolios
	// from totals kept on every write; projects are paged by code.
	FindPortfolioFinance(ctx context.Context, portfolioID int64, after string, limit int) (*PortfolioFinance, error)
}
