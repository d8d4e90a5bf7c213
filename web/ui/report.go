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

// A project's status reports: the list with its timeline of lights, one
// report laid out as seed 002's slide with what changed since the one
// before, the period's reports of a programme gathered, and the forms
// that write, submit, review and correct them.

// reportBase adds the report pages' helpers to web.Base.
type reportBase struct{ gateBase }

// LightName names a light the way the state's portfolio does.
func (b reportBase) LightName(l string) string {
	if l == "" {
		return b.T("report.light.none")
	}
	return b.T("report.light." + l)
}

// Who lists the report's people as the slides do, a share after the
// name: "Teemu Röpelinen (50 %)".
func (b reportBase) Who(r *salkku.StatusReport) []string {
	out := make([]string, 0, len(r.ResponsibleNames))
	for i, n := range r.ResponsibleNames {
		if i < len(r.ResponsibleIDs) && r.ShareOf(r.ResponsibleIDs[i]) > 0 {
			n += " (" + strconv.Itoa(r.ShareOf(r.ResponsibleIDs[i])) + " %)"
		}
		out = append(out, n)
	}
	return out
}

// DimName names a light's dimension: overall, schedule, cost…
func (b reportBase) DimName(d string) string { return b.T("report.dim." + d) }

// StateName names a report's state.
func (b reportBase) StateName(s string) string { return b.T("report.state." + s) }

// Dims lists the light dimensions in order.
func (b reportBase) Dims() []string { return salkku.LightDimensions }

// UnitLabel names the reporting unit: the work package's code and name,
// or the project's.
func (b reportBase) UnitLabel(r *salkku.StatusReport) string {
	if r.WorkPackageID != nil {
		return strings.TrimSpace(r.WorkPackageCode + " " + b.Plain(r.WorkPackageName))
	}
	return strings.TrimSpace(r.ProjectCode + " " + b.Plain(r.ProjectName))
}

func reportURL(id int64) string { return "/reports/" + strconv.FormatInt(id, 10) }

func reportsURL(projectID int64) string {
	return "/projects/" + strconv.FormatInt(projectID, 10) + "/reports"
}

// reportCrumbs leads from the project through its reports to last.
func reportCrumbs(b web.Base, p *salkku.Project, last ...web.Crumb) []web.Crumb {
	c := append(projectCrumbs(b, p, true), web.Crumb{Label: b.T("report.crumb"), URL: reportsURL(p.ID)})
	if len(last) == 0 {
		c[len(c)-1].URL = ""
	}
	return append(c, last...)
}

type reportsPage struct {
	reportBase
	Project *salkku.Project
	Cycle   *salkku.ReportingCycle
	Due     []*salkku.ReportDue
	Reports []*salkku.StatusReport
	// Periods group the current reports by period, newest first: the
	// programme's reports of a period side by side.
	Periods  []periodGroup
	Units    []web.Option
	Date     string
	CanWrite bool
}

type periodGroup struct {
	Period  salkku.Period
	Reports []*salkku.StatusReport
}

func (s *Server) handleProjectReports(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProject(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	b := s.NewBase(r, "")
	b.Flash = s.TakeFlash(w, r)
	b.NavIndex, b.ContentLangs = "portfolios", p.ContentLangs
	b.Title = b.T("report.list_title", p.Code+" "+b.Plain(p.Name))
	b.Crumbs = reportCrumbs(b, p)
	reports, err := s.Register.FindReports(ctx, salkku.ReportFilter{ProjectID: &p.ID, Page: salkku.Page{Limit: salkku.MaxPageSize}})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	cycle, err := s.Register.FindReportingCycle(ctx, p.PortfolioID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	due, err := s.Register.FindReportsDue(ctx, salkku.DueFilter{ProjectID: &p.ID})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	page := reportsPage{reportBase: reportBase{gateBase{b}}, Project: p, Cycle: cycle, Due: due, Reports: reports,
		CanWrite: web.AccessOf(r).CanWriteReport(p), Date: dayString(salkku.Today(s.Now()))}
	// Newest first; the units of one date in code order, as the slides.
	slices.SortStableFunc(reports, func(a, b *salkku.StatusReport) int {
		if a.ReportDate != b.ReportDate {
			return strings.Compare(string(b.ReportDate), string(a.ReportDate))
		}
		return strings.Compare(salkku.SortKey(a.WorkPackageCode), salkku.SortKey(b.WorkPackageCode))
	})
	for _, rep := range reports {
		if rep.SupersededBy != nil {
			continue
		}
		if n := len(page.Periods); n == 0 || page.Periods[n-1].Period != rep.Period {
			page.Periods = append(page.Periods, periodGroup{Period: rep.Period})
		}
		g := &page.Periods[len(page.Periods)-1]
		g.Reports = append(g.Reports, rep)
	}
	for i := range page.Periods {
		sortByUnit(page.Periods[i].Reports)
	}
	if page.CanWrite {
		flat, _, err := s.wpTree(r, p.ID, 0)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		page.Units = []web.Option{{Value: "", Label: b.T("report.unit_project")}}
		for _, wp := range flat {
			page.Units = append(page.Units, web.Option{Value: strconv.FormatInt(wp.ID, 10), Label: strings.Repeat("\u00a0\u00a0\u00a0", wp.Depth) + wpLabel(b.Lang, wp)})
		}
	}
	s.Render(w, r, http.StatusOK, "reports", page)
}

// sortByUnit orders reports as the slides: the project's own first, then
// its work packages by code.
func sortByUnit(rs []*salkku.StatusReport) {
	slices.SortStableFunc(rs, func(a, b *salkku.StatusReport) int {
		return strings.Compare(salkku.SortKey(a.WorkPackageCode), salkku.SortKey(b.WorkPackageCode))
	})
}

type periodPage struct {
	reportBase
	Project *salkku.Project
	Period  salkku.Period
	Reports []*salkku.StatusReport
}

// handleReportPeriod gathers a programme's current reports of one period,
// the project's own and its work packages', one slide after another: the
// pack a steering group reads (seed 002).
func (s *Server) handleReportPeriod(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProject(w, r)
	if !ok {
		return
	}
	due, ok := salkku.ParseDate(r.PathValue("due"))
	if !ok {
		s.Error(w, r, errNotFound)
		return
	}
	reports, err := s.Register.FindReports(r.Context(), salkku.ReportFilter{ProjectID: &p.ID, Current: true, Page: salkku.Page{Limit: salkku.MaxPageSize}})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	page := periodPage{Project: p}
	for _, rep := range reports {
		if rep.Period.Due == due && rep.State != salkku.ReportDraft {
			page.Period = rep.Period
			page.Reports = append(page.Reports, rep)
		}
	}
	if len(page.Reports) == 0 {
		s.Error(w, r, errNotFound)
		return
	}
	sortByUnit(page.Reports)
	b := s.NewBase(r, "")
	b.NavIndex, b.ContentLangs = "portfolios", p.ContentLangs
	rb := reportBase{gateBase{b}}
	b.Title = b.T("report.period_title", p.Code, rb.Day(page.Period.Start), rb.Day(page.Period.Due))
	b.Crumbs = reportCrumbs(b, p, web.Crumb{Label: b.T("report.period_range", rb.Day(page.Period.Start), rb.Day(page.Period.Due))})
	page.reportBase = reportBase{gateBase{b}}
	s.Render(w, r, http.StatusOK, "report_period", page)
}

// reportForm is what the report form posts, kept as typed.
type reportForm struct {
	// Shares are kept as they were for the people still chosen; the form
	// does not edit them (the API does).
	Shares                            []salkku.Share
	Version                           int
	Date, Tags                        string
	Responsible                       []string
	Overall, Achievements, ToDo, Devs salkku.Text
	Legend                            salkku.Text
	Lights                            salkku.Lights
	WorkPackage                       string
}

func reportFormOf(rep *salkku.StatusReport) reportForm {
	f := reportForm{Version: rep.Version, Date: dayString(rep.ReportDate), Tags: strings.Join(rep.Tags, ", "),
		Overall: rep.Overall, Achievements: rep.Achievements, ToDo: rep.ToDo, Devs: rep.Deviations, Legend: rep.Legend,
		Lights: rep.Lights, WorkPackage: web.IDString(rep.WorkPackageID), Shares: rep.Shares}
	for _, id := range rep.ResponsibleIDs {
		f.Responsible = append(f.Responsible, strconv.FormatInt(id, 10))
	}
	return f
}

func readReportForm(r *http.Request) reportForm {
	v, _ := strconv.Atoi(r.PostFormValue("version"))
	f := reportForm{Version: v, Date: r.PostFormValue("report_date"), Tags: r.PostFormValue("tags"),
		Responsible: r.PostForm["responsible_ids"], Overall: web.FormText(r, "overall"), Achievements: web.FormText(r, "achievements"),
		ToDo: web.FormText(r, "todo"), Devs: web.FormText(r, "deviations"), Legend: web.FormText(r, "legend"),
		WorkPackage: r.PostFormValue("work_package_id")}
	for _, d := range salkku.LightDimensions {
		f.Lights.Set(d, r.PostFormValue("light_"+d))
	}
	return f
}

// parse fills rep from the form.
func (f reportForm) parse(rep *salkku.StatusReport) salkku.FieldErrors {
	fe := salkku.FieldErrors{}
	rep.Version = f.Version
	if d, ok := salkku.ParseDate(f.Date); ok {
		rep.ReportDate = d
	} else {
		fe.Add("report_date", "error.date")
	}
	rep.ResponsibleIDs = web.FormIDs(fe, "responsible_ids", f.Responsible)
	for _, sh := range f.Shares {
		if slices.Contains(rep.ResponsibleIDs, sh.PersonID) {
			rep.Shares = append(rep.Shares, sh)
		}
	}
	rep.Overall, rep.Achievements, rep.ToDo, rep.Deviations, rep.Legend = f.Overall, f.Achievements, f.ToDo, f.Devs, f.Legend
	rep.Lights, rep.Tags = f.Lights, web.SplitLines(f.Tags)
	return fe
}

type reportFormPage struct {
	reportBase
	Form    reportForm
	Project *salkku.Project
	Report  *salkku.StatusReport
	Editing bool
	Pickers map[string]Picker
}

// LightOptions offers the lights of a dimension, selected as in the form.
func (p reportFormPage) LightOptions(dim string) []web.Option {
	cur := p.Form.Lights.Get(dim)
	opts := []web.Option{{Value: "", Label: p.LightName(""), Selected: cur == ""}}
	for _, l := range salkku.LightValues {
		opts = append(opts, web.Option{Value: l, Label: p.LightName(l), Selected: cur == l})
	}
	return opts
}

func (s *Server) handleReportNew(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProject(w, r)
	if !ok || !s.Allowed(w, r, web.AccessOf(r).CanWriteReport(p)) {
		return
	}
	q := r.URL.Query()
	if r.Method == http.MethodPost {
		if err := web.ParseForm(r); err != nil {
			s.Error(w, r, err)
			return
		}
		q = r.PostForm
	}
	fe := salkku.FieldErrors{}
	wp := web.FormID(fe, "work_package_id", q.Get("work_package_id"))
	date := salkku.Today(s.Now())
	if v := q.Get("report_date"); v != "" {
		if d, ok := salkku.ParseDate(v); ok {
			date = d
		}
	}
	draft, err := s.Register.NewReport(r.Context(), p.ID, wp, date)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.saveReport(w, r, p, draft, false)
}

func (s *Server) handleReportEdit(w http.ResponseWriter, r *http.Request) {
	rep, p, ok := s.loadReport(w, r)
	if !ok || !s.Allowed(w, r, web.AccessOf(r).CanWriteReport(p)) {
		return
	}
	if rep.Frozen() {
		s.Error(w, r, salkku.Errorf(salkku.EINVALID, "error.report_frozen"))
		return
	}
	s.saveReport(w, r, p, rep, true)
}

// saveReport shows the report form on GET and saves the draft on POST.
func (s *Server) saveReport(w http.ResponseWriter, r *http.Request, p *salkku.Project, rep *salkku.StatusReport, editing bool) {
	b := s.NewBase(r, "")
	b.NavIndex, b.ContentLangs = "portfolios", p.ContentLangs
	rb := reportBase{gateBase{b}}
	if editing {
		b.Title = b.T("report.edit_title", rb.UnitLabel(rep), rb.Day(rep.ReportDate))
	} else {
		b.Title = b.T("report.new_title", rb.UnitLabel(rep))
	}
	b.Crumbs = reportCrumbs(b, p, web.Crumb{Label: b.Title})
	pf, err := s.Register.FindPortfolioByID(r.Context(), p.PortfolioID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	form := reportFormOf(rep)
	fields := pickFields(personKind, pf.OrganisationID, reportPeople(rep), "responsible_ids")
	status := http.StatusOK
	var picks pickState
	if r.Method == http.MethodPost {
		var done bool
		if status, done = s.PostForm(w, r, &b, func() (salkku.FieldErrors, error, string) {
			var pfe salkku.FieldErrors
			var err error
			if picks, pfe, err = s.resolvePickers(r, r.PostForm, fields...); err != nil {
				return nil, err, ""
			}
			form = readReportForm(r)
			form.Shares = rep.Shares
			out := &salkku.StatusReport{ProjectID: p.ID, WorkPackageID: rep.WorkPackageID}
			if editing {
				out.ID = rep.ID
			}
			fe := form.parse(out)
			for k, v := range pfe {
				fe[k] = v
			}
			if err = save(r, fe, out, editing, s.Register.CreateReport, s.Register.UpdateReport); err != nil {
				return fe, err, ""
			}
			return fe, nil, reportURL(out.ID)
		}); done {
			return
		}
	}
	var chosen []int64
	for _, v := range form.Responsible {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			chosen = append(chosen, id)
		}
	}
	pickers, err := s.pickers(r, b, picks, map[string][]int64{"responsible_ids": chosen}, fields...)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	page := reportFormPage{reportBase: reportBase{gateBase{b}}, Form: form, Project: p, Report: rep, Editing: editing, Pickers: pickers}
	s.Render(w, r, status, "report_form", page)
}

// reportPeople keeps the people a report names selectable in its picker.
func reportPeople(rep *salkku.StatusReport) map[int64]string {
	kept := map[int64]string{}
	for i, id := range rep.ResponsibleIDs {
		if i < len(rep.ResponsibleNames) {
			keep(kept, &id, rep.ResponsibleNames[i])
		}
	}
	return kept
}

// loadReport finds the report of the path and its project.
func (s *Server) loadReport(w http.ResponseWriter, r *http.Request) (*salkku.StatusReport, *salkku.Project, bool) {
	return loadWithProject(s, w, r, s.Register.FindReportByID, func(rep *salkku.StatusReport) int64 { return rep.ProjectID })
}

type reportPage struct {
	reportBase
	Project *salkku.Project
	Report  *salkku.StatusReport
	// Previous is the unit's report before this one, Changes the diff of
	// each box against it.
	Previous *salkku.StatusReport
	Changes  []boxDiff
	// Revisions are the other versions of the same report.
	Revisions []*salkku.StatusReport
	Note      []web.Field
	CanWrite  bool
	CanReview bool
	// Risks are those raised from this report; Raise are the lines of its
	// deviations box, each a link to raise it as a risk.
	Risks    []*salkku.Risk
	Raise    []raiseLine
	CanRisks bool
}

// raiseLine is one line of the deviations box with the new-risk form's
// URL that starts from it.
type raiseLine struct{ Text, URL string }

// raiseLines are the deviations box's lines as risks to raise, bullets
// dropped.
func raiseLines(rep *salkku.StatusReport, text string) []raiseLine {
	var out []raiseLine
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		for _, b := range []string{"• ", "- "} {
			l = strings.TrimPrefix(l, b)
		}
		if l == "" {
			continue
		}
		q := url.Values{"report_id": {strconv.FormatInt(rep.ID, 10)}, "description": {l}}
		if rep.WorkPackageID != nil {
			q.Set("work_package_id", strconv.FormatInt(*rep.WorkPackageID, 10))
		}
		out = append(out, raiseLine{Text: l, URL: "/projects/" + strconv.FormatInt(rep.ProjectID, 10) + "/risks/new?" + q.Encode()})
	}
	return out
}

// boxDiff is what changed in one box since the previous report.
type boxDiff struct {
	Label   string
	Lines   []salkku.DiffLine
	Changed bool
}

// ReportBoxes are a report's four boxes with their labels, in the
// slide's order.
func (b reportBase) ReportBoxes(r *salkku.StatusReport) []box { return reportBoxes(b, r) }

type box struct {
	Key, Label string
	Text       salkku.Text
}

func reportBoxes(b reportBase, r *salkku.StatusReport) []box {
	return []box{
		{"overall", b.T("field.overall"), r.Overall},
		{"achievements", b.T("report.achievements_by", b.Day(r.ReportDate)), r.Achievements},
		{"todo", b.T("field.todo"), r.ToDo},
		{"deviations", b.T("field.deviations"), r.Deviations},
	}
}

func (s *Server) handleReportView(w http.ResponseWriter, r *http.Request) {
	rep, p, ok := s.loadReport(w, r)
	if !ok {
		return
	}
	b := s.NewBase(r, "")
	b.Flash = s.TakeFlash(w, r)
	s.renderReport(w, r, http.StatusOK, b, rep, p, salkku.Text{})
}

func (s *Server) renderReport(w http.ResponseWriter, r *http.Request, status int, b web.Base, rep *salkku.StatusReport, p *salkku.Project, note salkku.Text) {
	b.NavIndex, b.ContentLangs, b.OrganisationName = "portfolios", p.ContentLangs, p.OrganisationName
	rb := reportBase{gateBase{b}}
	b.Title = b.T("report.title", rb.UnitLabel(rep), rb.Day(rep.ReportDate))
	b.Crumbs = reportCrumbs(b, p, web.Crumb{Label: rb.UnitLabel(rep) + " " + rb.Day(rep.ReportDate)})
	a := web.AccessOf(r)
	page := reportPage{reportBase: reportBase{gateBase{b}}, Project: p, Report: rep, CanWrite: a.CanWriteReport(p),
		CanReview: a.CanReviewReport(p) && rep.State == salkku.ReportSubmitted}
	if page.CanReview {
		page.Note = b.TF("review_note", note, "textarea")
	}
	risks, _, err := s.Register.FindRisks(r.Context(), salkku.RiskFilter{ProjectID: &p.ID, ReportID: &rep.ID, Page: salkku.Page{Limit: salkku.MaxPageSize}})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	page.Risks, page.CanRisks = risks, a.CanEditRisks(p) && rep.Frozen()
	if page.CanRisks {
		raised := map[string]bool{}
		for _, rk := range risks {
			raised[b.Plain(rk.Description)] = true
		}
		for _, l := range raiseLines(rep, rep.Deviations.PrimaryText()) {
			if !raised[l.Text] {
				page.Raise = append(page.Raise, l)
			}
		}
	}
	f := salkku.ReportFilter{ProjectID: &p.ID, Page: salkku.Page{Limit: salkku.MaxPageSize}}
	if rep.WorkPackageID != nil {
		f.WorkPackageID = rep.WorkPackageID
	} else {
		f.ProjectOnly = true
	}
	unit, err := s.Register.FindReports(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	for _, o := range unit {
		switch {
		case o.ID == rep.ID:
		case o.Period == rep.Period && o.ReportDate == rep.ReportDate && (o.CorrectsID != nil || rep.CorrectsID != nil):
			page.Revisions = append(page.Revisions, o)
		case page.Previous == nil && o.SupersededBy == nil && o.State != salkku.ReportDraft && (o.ReportDate < rep.ReportDate || o.ReportDate == rep.ReportDate && o.ID < rep.ID):
			page.Previous = o
		}
	}
	if page.Previous != nil {
		before := reportBoxes(rb, page.Previous)
		for i, bx := range reportBoxes(rb, rep) {
			lines := salkku.DiffLines(b.Plain(before[i].Text), b.Plain(bx.Text))
			page.Changes = append(page.Changes, boxDiff{Label: bx.Label, Lines: lines, Changed: salkku.Changed(lines)})
		}
	}
	s.Render(w, r, status, "report", page)
}

// reportAction runs a POST on a report and comes back to its page, or to
// the page of the report it returns.
func (s *Server) reportAction(w http.ResponseWriter, r *http.Request, act func(rep *salkku.StatusReport, version int) (*salkku.StatusReport, error)) {
	rep, p, ok := s.loadReport(w, r)
	if !ok {
		return
	}
	b := s.NewBase(r, "")
	status, done := s.PostForm(w, r, &b, func() (salkku.FieldErrors, error, string) {
		v, _ := strconv.Atoi(r.PostFormValue("version"))
		out, err := act(rep, v)
		if err != nil {
			return nil, err, ""
		}
		return nil, nil, reportURL(out.ID)
	})
	if done {
		return
	}
	if fresh, err := s.Register.FindReportByID(r.Context(), rep.ID); err == nil {
		rep = fresh
	}
	s.renderReport(w, r, status, b, rep, p, web.FormText(r, "review_note"))
}

func (s *Server) handleReportSubmit(w http.ResponseWriter, r *http.Request) {
	s.reportAction(w, r, func(rep *salkku.StatusReport, v int) (*salkku.StatusReport, error) {
		return s.Register.SubmitReport(r.Context(), rep.ID, v)
	})
}

func (s *Server) handleReportReview(w http.ResponseWriter, r *http.Request) {
	s.reportAction(w, r, func(rep *salkku.StatusReport, v int) (*salkku.StatusReport, error) {
		return s.Register.ReviewReport(r.Context(), rep.ID, v, web.FormText(r, "review_note"))
	})
}

func (s *Server) handleReportCorrect(w http.ResponseWriter, r *http.Request) {
	s.reportAction(w, r, func(rep *salkku.StatusReport, _ int) (*salkku.StatusReport, error) {
		c, err := s.Register.CorrectReport(r.Context(), rep.ID)
		if err != nil {
			return nil, err
		}
		return c, nil
	})
}

func (s *Server) handleReportDelete(w http.ResponseWriter, r *http.Request) {
	rep, p, ok := s.loadReport(w, r)
	if !ok || !s.Allowed(w, r, web.AccessOf(r).CanWriteReport(p)) {
		return
	}
	b := s.NewBase(r, "")
	rb := reportBase{gateBase{b}}
	b.Title = b.T("report.delete_title", rb.UnitLabel(rep), rb.Day(rep.ReportDate))
	b.NavIndex = "portfolios"
	b.Crumbs = reportCrumbs(b, p, web.Crumb{Label: b.T("action.delete")})
	s.confirmDelete(w, r, b, b.T("report.delete_question", rb.UnitLabel(rep), rb.Day(rep.ReportDate)), reportURL(rep.ID),
		func() error { return s.Register.DeleteReport(r.Context(), rep.ID) }, reportsURL(p.ID))
}
