package ui

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/salkku/salkku/web"

	"github.com/salkku/salkku"
)

// The portfolio's status: the summary for a chosen date (the latest
// report of every project and work package, counts by light, what
// worsened, who is missing), the due and overdue lists, and the form of
// the portfolio's reporting cycle. Each reads the store's roll-up, so a
// page costs the same whatever the portfolio's size.

type statusPage struct {
	reportBase
	Portfolio  *salkku.Portfolio
	Summary    *salkku.PortfolioSummary
	Due        []*salkku.ReportDue
	Date       string
	Show       string
	Phase      string
	Category   string
	Categories []web.Option
	Phases     []web.Option
	Shows      []web.Option
	// Next is the URL of the next page, when there is one.
	Next string
	// Worse lists the rows whose lights worsened, for the list under
	// the table.
	CanCycle bool
}

// CountOf is the number of latest reports with the light.
func (p statusPage) CountOf(light string) int { return p.Summary.Counts[light] }

// Lights lists the lights with the empty one last, for the counts.
func (p statusPage) Lights() []string { return append(slices.Clone(salkku.LightValues), "") }

func (s *Server) handlePortfolioStatus(w http.ResponseWriter, r *http.Request) {
	pf, ok := s.loadPortfolio(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	q := r.URL.Query()
	b := s.NewBase(r, "")
	b.Title = b.T("status.title", b.Plain(pf.Name))
	b.OrganisationName = pf.OrganisationName
	b.NavIndex, b.Flash = "portfolios", s.TakeFlash(w, r)
	b.Crumbs = append(portfolioCrumbs(b, pf), web.Crumb{Label: b.T("status.crumb")})
	page := statusPage{Portfolio: pf, Date: q.Get("date"), Show: q.Get("show"), Phase: q.Get("phase"), Category: q.Get("category_id"),
		CanCycle: web.AccessOf(r).CanSetReportingCycle(pf.ID)}
	fe := salkku.FieldErrors{}
	f := salkku.SummaryFilter{PortfolioID: pf.ID, Show: page.Show, Phase: page.Phase, AfterCode: q.Get("after"), Limit: salkku.DefaultPageSize}
	if page.Date != "" {
		if d, ok := salkku.ParseDate(page.Date); ok {
			f.Date = d
		} else {
			fe.Add("date", "error.date")
		}
	}
	f.CategoryID = web.FormID(fe, "category_id", page.Category)
	if v := q.Get("after_id"); v != "" {
		f.AfterID, _ = strconv.ParseInt(v, 10, 64)
	}
	if !slices.Contains([]string{"", "missing", "worse"}, f.Show) {
		fe.Add("show", "error.invalid_choice")
	}
	if len(fe) > 0 {
		b.SetFormError(fe, fe.Err())
		f.Date, f.CategoryID, f.Show = "", nil, ""
	}
	sum, err := s.Register.FindPortfolioSummary(ctx, f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	page.Summary = sum
	if page.Date == "" {
		page.Date = dayString(salkku.Today(s.Now()))
	}
	due, err := s.Register.FindReportsDue(ctx, salkku.DueFilter{PortfolioID: &pf.ID, AsOf: f.Date})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	page.Due = due
	cats, err := s.Register.FindCategories(ctx, pf.ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	page.Categories = []web.Option{{Value: "", Label: b.T("status.any_category")}}
	for _, c := range cats {
		v := strconv.FormatInt(c.ID, 10)
		page.Categories = append(page.Categories, web.Option{Value: v, Label: b.Plain(c.Name), Selected: v == page.Category})
	}
	models, err := s.Register.FindModels(ctx, pf.OrganisationID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	page.Phases = []web.Option{{Value: "", Label: b.T("status.any_phase")}}
	if m := currentModel(models); m != nil {
		for _, ph := range m.Phases {
			page.Phases = append(page.Phases, web.Option{Value: ph.Key, Label: b.Plain(ph.Name), Selected: ph.Key == page.Phase})
		}
	}
	for _, v := range []string{"", "missing", "worse"} {
		key := "status.show.all"
		if v != "" {
			key = "status.show." + v
		}
		page.Shows = append(page.Shows, web.Option{Value: v, Label: b.T(key), Selected: v == page.Show})
	}
	if sum.More && len(sum.Units) > 0 {
		last := sum.Units[len(sum.Units)-1]
		nq := url.Values{}
		for k, v := range q {
			nq[k] = v
		}
		nq.Set("after", last.ProjectCode)
		nq.Set("after_id", strconv.FormatInt(last.ProjectID, 10))
		page.Next = "/portfolios/" + strconv.FormatInt(pf.ID, 10) + "/status?" + nq.Encode()
	}
	page.reportBase = reportBase{gateBase{b}}
	s.Render(w, r, formOrOK(b), "portfolio_status", page)
}

// formOrOK is 422 when the page came with input errors, else 200.
func formOrOK(b web.Base) int {
	if len(b.Errors) > 0 {
		return http.StatusUnprocessableEntity
	}
	return http.StatusOK
}

// cycleForm is what the cycle form posts.
type cycleForm struct {
	Version                 int
	Kind, Start, End, Dates string
}

type cycleFormPage struct {
	reportBase
	Portfolio *salkku.Portfolio
	Cycle     *salkku.ReportingCycle
	Form      cycleForm
	Kinds     []web.Option
	// Periods preview the cycle's next periods.
	Periods []salkku.Period
}

func (s *Server) handleReportingCycle(w http.ResponseWriter, r *http.Request) {
	pf, ok := s.loadPortfolio(w, r)
	if !ok || !s.Allowed(w, r, web.AccessOf(r).CanSetReportingCycle(pf.ID)) {
		return
	}
	ctx := r.Context()
	cycle, err := s.Register.FindReportingCycle(ctx, pf.ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	b := s.NewBase(r, "")
	b.Title = b.T("cycle.title", b.Plain(pf.Name))
	b.NavIndex = "portfolios"
	statusURL := "/portfolios/" + strconv.FormatInt(pf.ID, 10) + "/status"
	b.Crumbs = append(portfolioCrumbs(b, pf), web.Crumb{Label: b.T("status.crumb"), URL: statusURL}, web.Crumb{Label: b.T("cycle.crumb")})
	form := cycleForm{Kind: salkku.CycleQuarterly}
	if cycle != nil {
		form = cycleForm{Version: cycle.Version, Kind: cycle.Kind, Start: dayString(cycle.Start), End: dayString(cycle.End)}
		var ds []string
		for _, d := range cycle.Dates {
			ds = append(ds, dayString(d))
		}
		form.Dates = strings.Join(ds, "\n")
	}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		var done bool
		status, done = s.PostForm(w, r, &b, func() (salkku.FieldErrors, error, string) {
			if r.PostFormValue("action") == "inherit" {
				return nil, s.Register.DeleteReportingCycle(ctx, pf.ID), statusURL
			}
			v, _ := strconv.Atoi(r.PostFormValue("version"))
			form = cycleForm{Version: v, Kind: r.PostFormValue("kind"), Start: r.PostFormValue("start"), End: r.PostFormValue("end"), Dates: r.PostFormValue("dates")}
			c, fe := form.parse(pf.ID)
			return fe, save(r, fe, c, true, s.Register.SetReportingCycle, s.Register.SetReportingCycle), statusURL
		})
		if done {
			return
		}
	}
	page := cycleFormPage{reportBase: reportBase{gateBase{b}}, Portfolio: pf, Cycle: cycle, Form: form}
	for _, k := range salkku.CycleKinds {
		page.Kinds = append(page.Kinds, web.Option{Value: k, Label: b.T("cycle.kind." + k), Selected: k == form.Kind})
	}
	if cycle != nil {
		today := salkku.Today(s.Now())
		page.Periods = cycle.Periods(today, "9999-12-31", 4)
	}
	s.Render(w, r, status, "reporting_cycle", page)
}

// parse reads the cycle from the form; dates one per line or separated
// by commas or spaces.
func (f cycleForm) parse(portfolioID int64) (*salkku.ReportingCycle, salkku.FieldErrors) {
	fe := salkku.FieldErrors{}
	c := &salkku.ReportingCycle{PortfolioID: portfolioID, Kind: f.Kind, Version: f.Version}
	day := func(field, v string, required bool) salkku.Date {
		if strings.TrimSpace(v) == "" {
			if required {
				fe.Add(field, "error.required")
			}
			return ""
		}
		d, ok := salkku.ParseDate(v)
		if !ok {
			fe.Add(field, "error.date")
		}
		return d
	}
	c.Start = day("start", f.Start, true)
	c.End = day("end", f.End, false)
	if f.Kind == salkku.CycleGivenDates {
		for _, v := range strings.FieldsFunc(f.Dates, func(r rune) bool { return r == '\n' || r == ',' || r == ' ' || r == '\r' || r == ';' }) {
			if d := day("dates", v, false); d != "" {
				c.Dates = append(c.Dates, d)
			}
		}
	}
	return c, fe
}

// myReports is the home page's list of the signed-in person's reports
// due and overdue.
func (s *Server) myReports(r *http.Request) ([]*salkku.ReportDue, error) {
	a := web.AuthOf(r)
	if a == nil || a.User == nil || a.User.PersonID == nil {
		return nil, nil
	}
	return s.Register.FindReportsDue(r.Context(), salkku.DueFilter{PersonID: a.User.PersonID})
}
