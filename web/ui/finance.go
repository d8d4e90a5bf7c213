package ui

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/salkku/salkku/web"

	"github.com/salkku/salkku"
)

// The finance pages (issue 10): a project's follow-up as seed 002's
// budget slide draws it (realised and unused per cost category, a 100 %
// stacked bar each, and the same figures in a table), and a portfolio's
// roll-up with its sub-portfolios. The budget, actuals, funding, cost
// category and import pages are in the finance_*.go files beside this.

// finBase names the finance pages' values in the reader's language.
type finBase struct{ web.Base }

// Day formats a calendar day the language's way, 15.11.2021.
func (b finBase) Day(d salkku.Date) string { return gateBase{b.Base}.Day(d) }

// Kind names a funding kind; AppStatus a payment application's state.
func (b finBase) Kind(k string) string      { return b.T("funding.kind." + k) }
func (b finBase) AppStatus(s string) string { return b.T("application.status." + s) }

// Overspent is what a line has spent past its budget; ForecastOver what
// its forecast exceeds the budget by.
func (b finBase) Overspent(l salkku.FinanceLine) salkku.Money    { return l.Actual - l.Budget }
func (b finBase) ForecastOver(l salkku.FinanceLine) salkku.Money { return l.Forecast - l.Budget }

// YearLabel names a budget year: the year, or "the whole project" for
// salkku.WholeSpan.
func (b finBase) YearLabel(y int) string {
	if y == salkku.WholeSpan {
		return b.T("budget.whole_span")
	}
	return strconv.Itoa(y)
}

// Period names the span the actuals cover, "Toteutuma 1.8.2020 –
// 15.11.2021", or "" when the follow-up has no start.
func (b finBase) Period(f salkku.FinanceFollowUp) string {
	switch {
	case f.From == "" && f.Through == "":
		return ""
	case f.Through == "":
		return b.T("finance.period_from", b.Day(f.From))
	case f.From == "":
		return b.T("finance.period_through", b.Day(f.Through))
	}
	return b.T("finance.period", b.Day(f.From), b.Day(f.Through))
}

// Geometry of the follow-up chart, in SVG units: a row per category, its
// name above a bar and the two amounts under it.
const (
	chartWidth  = 720
	chartPad    = 4
	chartRowH   = 86
	chartBarTop = 24
	chartBarH   = 24
)

// financeChart is the follow-up drawn as horizontal 100 % stacked bars:
// realised solid, unused hatched, so that colour is not the only cue, and
// every amount written out.
type financeChart struct {
	Title, Desc string
	Rows        []chartRow
	Width       int
	Height      int
}

// chartRow is one bar of the chart.
type chartRow struct {
	Name, Lang string
	Total      bool
	// Y is the top of the row; BarY the top of its bar, TextY the line of
	// its amounts.
	Y, NameY, BarY, BarH, TextY int
	X, DoneW, RestX, RestW      int
	End                         int
	Done, Rest                  string
	Overrun                     bool
	Empty                       bool
}

// newFinanceChart lays out the lines and the total of a follow-up.
func newFinanceChart(b web.Base, title string, f salkku.FinanceFollowUp) financeChart {
	c := financeChart{Title: title, Width: chartWidth}
	lines := append(append([]salkku.FinanceLine{}, f.Lines...), f.Total)
	var desc []string
	barW := chartWidth - 2*chartPad
	for i, l := range lines {
		total := i == len(lines)-1
		name, lang := l.Name.In(b.Lang)
		if total {
			name, lang = b.T("finance.total"), b.Lang
		}
		y := i * chartRowH
		if total {
			y += 12
		}
		row := chartRow{Name: name, Lang: lang, Total: total, Y: y, NameY: y + 17, BarY: y + chartBarTop, BarH: chartBarH,
			TextY: y + chartBarTop + chartBarH + 20, X: chartPad, End: chartPad + barW}
		if lang == b.Lang {
			row.Lang = ""
		}
		actual, unused := l.Actual, l.Unused()
		// The chart writes whole euros and per cents, as the budget slide
		// does; the table under it has the cents.
		pct := (l.UsedPercent() + 50) / 100 * 100
		row.Done = b.T("finance.chart_realised", b.Money(wholeEuros(actual)), pct.Format(b.Lang))
		switch {
		case l.Budget <= 0 && actual <= 0:
			row.Empty = true
			row.Rest = b.T("finance.chart_unused", b.Money(0))
		case unused < 0:
			row.Overrun, row.DoneW = true, barW
			row.Rest = b.T("finance.chart_overrun", b.Money(wholeEuros(-unused)))
		default:
			row.DoneW = int(int64(barW) * int64(max(actual, 0)) / int64(l.Budget))
			row.Rest = b.T("finance.chart_unused", b.Money(wholeEuros(unused)))
		}
		row.RestX, row.RestW = chartPad+row.DoneW, barW-row.DoneW
		c.Rows = append(c.Rows, row)
		desc = append(desc, name+": "+row.Done+", "+row.Rest+".")
		c.Height = row.TextY + 10
	}
	c.Desc = strings.Join(desc, " ")
	return c
}

// wholeEuros rounds m to the euro, half away from zero.
func wholeEuros(m salkku.Money) salkku.Money {
	if m < 0 {
		return -wholeEuros(-m)
	}
	return (m + 50) / 100 * 100
}

// financeRow is a line of the follow-up table, with what it flags.
type financeRow struct {
	salkku.FinanceLine
	Label string
	Lang  string
}

func financeRows(b web.Base, f salkku.FinanceFollowUp) []financeRow {
	out := make([]financeRow, 0, len(f.Lines))
	for _, l := range f.Lines {
		name, lang := l.Name.In(b.Lang)
		if lang == b.Lang {
			lang = ""
		}
		out = append(out, financeRow{FinanceLine: l, Label: name, Lang: lang})
	}
	return out
}

type projectFinancePage struct {
	finBase
	Project *salkku.Project
	Fin     *salkku.ProjectFinance
	Chart   financeChart
	Rows    []financeRow
	Today   salkku.Date
	// Overdue counts the grants' overdue applications and final reports.
	Overdue int
}

// handleProjectFinance shows a project's follow-up: the chart and the
// table of budget, realised, unused and forecast per cost category.
func (s *Server) handleProjectFinance(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProject(w, r)
	if !ok {
		return
	}
	pf, err := s.Register.FindProjectFinance(r.Context(), p.ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	b := s.NewBase(r, "")
	b.Title = b.T("finance.title")
	b.NavIndex, b.Flash, b.OrganisationName = "portfolios", s.TakeFlash(w, r), p.OrganisationName
	b.Crumbs = append(projectCrumbs(b, p, true), web.Crumb{Label: b.Title})
	page := projectFinancePage{finBase: finBase{b}, Project: p, Fin: pf, Today: salkku.Today(s.Now())}
	page.Chart = newFinanceChart(b, b.T("finance.chart_title", p.Code+" "+b.Plain(p.Name)), pf.FollowUp)
	page.Rows = financeRows(b, pf.FollowUp)
	for _, f := range pf.Funding {
		if fundingReportOverdue(f, page.Today) {
			page.Overdue++
		}
		for _, a := range f.Applications {
			if applicationOverdue(a, page.Today) {
				page.Overdue++
			}
		}
	}
	s.Render(w, r, http.StatusOK, "finance", page)
}

// applicationOverdue: a planned application past its due day.
func applicationOverdue(a *salkku.PaymentApplication, today salkku.Date) bool {
	return a.Status == salkku.ApplicationPlanned && a.Due != "" && a.Due < today
}

// fundingReportOverdue: a grant's final report past its due day.
func fundingReportOverdue(f *salkku.Funding, today salkku.Date) bool {
	return salkku.IsGrant(f.Kind) && f.FinalReportDue != "" && f.FinalReportDue < today
}

type portfolioFinancePage struct {
	finBase
	Portfolio *salkku.Portfolio
	Fin       *salkku.PortfolioFinance
	Chart     financeChart
	Rows      []financeRow
	// Children and Projects are the sub-portfolios' and own projects'
	// rows, each linked to its own finance page.
	Children, Projects []linkedRow
	// Next links to the next page of projects, First to the first.
	Next, First string
}

// linkedRow is a sub-portfolio's or project's totals with its link.
type linkedRow struct {
	salkku.FinanceRow
	URL string
}

// handlePortfolioFinance rolls up a portfolio with its sub-portfolios:
// the chart and table, each sub-portfolio's totals, and its own projects
// a page at a time (?after= the last project shown).
func (s *Server) handlePortfolioFinance(w http.ResponseWriter, r *http.Request) {
	pf, ok := s.loadPortfolio(w, r)
	if !ok {
		return
	}
	after := r.URL.Query().Get("after")
	fin, err := s.Register.FindPortfolioFinance(r.Context(), pf.ID, after, salkku.DefaultPageSize)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	b := s.NewBase(r, "")
	b.Title = b.T("finance.portfolio_title", b.Plain(pf.Name))
	b.OrganisationName = pf.OrganisationName
	b.NavIndex = "portfolios"
	b.Crumbs = append(portfolioCrumbs(b, pf), web.Crumb{Label: b.T("finance.title")})
	page := portfolioFinancePage{finBase: finBase{b}, Portfolio: pf, Fin: fin}
	page.Chart = newFinanceChart(b, b.T("finance.chart_title", b.Plain(pf.Name)), fin.FollowUp)
	page.Rows = financeRows(b, fin.FollowUp)
	// The store gives the roll-up only to those with a role on the
	// portfolio (CanViewPortfolioFinance), who see all that is in it.
	for _, c := range fin.Children {
		page.Children = append(page.Children, linkedRow{c, portfolioPath(c.ID, "/finance")})
	}
	for _, p := range fin.Projects {
		page.Projects = append(page.Projects, linkedRow{p, projectPath(p.ID, "/finance")})
	}
	self := portfolioPath(pf.ID, "/finance")
	if fin.Next != "" {
		page.Next = self + "?after=" + fin.Next + "#projects"
	}
	if after != "" {
		page.First = self + "#projects"
	}
	s.Render(w, r, http.StatusOK, "portfolio_finance", page)
}
