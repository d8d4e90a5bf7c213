package api

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/salkku/salkku/web"

	"github.com/salkku/salkku"
)

// Status reporting (issue 9): a portfolio's reporting cycle, a project's
// dated status reports from draft to reviewed, the portfolio's status
// summary and the lists of reports due. The store checks access and the
// reporting rules in each call; these handlers decode, call and encode.

// reportRoutes adds the reporting endpoints to the API's table.
func reportRoutes(s *Server, route func(string, http.HandlerFunc)) {
	route("GET /portfolios/{id}/reporting-cycle", s.apiReportingCycle)
	route("PUT /portfolios/{id}/reporting-cycle", s.apiSetReportingCycle)
	route("DELETE /portfolios/{id}/reporting-cycle", deleteHandler(s, s.Register.DeleteReportingCycle))

	route("GET /projects/{id}/reports", s.apiReportList)
	route("GET /projects/{id}/reports/new", s.apiNewReport)
	route("POST /projects/{id}/reports", s.apiCreateReport)
	route("GET /reports/{id}", getHandler(s, s.findReport))
	route("PUT /reports/{id}", s.apiUpdateReport)
	route("DELETE /reports/{id}", deleteHandler(s, s.Register.DeleteReport))
	route("POST /reports/{id}/submit", s.apiSubmitReport)
	route("POST /reports/{id}/review", s.apiReviewReport)
	route("POST /reports/{id}/correct", s.apiCorrectReport)

	route("GET /portfolios/{id}/status-summary", s.apiStatusSummary)
	route("GET /portfolios/{id}/reports-due", s.apiPortfolioReportsDue)
	route("GET /projects/{id}/reports-due", s.apiProjectReportsDue)
	route("GET /me/reports-due", s.apiMyReportsDue)
}

// date reads an optional date parameter (YYYY-MM-DD).
func (q *queryParams) date(name string) salkku.Date {
	d := salkku.Date(q.get(name))
	if d != "" && !d.Valid() {
		q.fe.Add(name, "error.date")
		return ""
	}
	return d
}

// bool reads an optional true/false parameter.
func (q *queryParams) bool(name string) bool {
	switch v := q.get(name); v {
	case "", "false":
		return false
	case "true":
		return true
	}
	q.fe.Add(name, "error.query_bool")
	return false
}

// limit reads a page size without an offset, for lists paged by a cursor.
func (q *queryParams) limit() int {
	n := salkku.DefaultPageSize
	if v := q.get("limit"); v != "" {
		l, err := strconv.Atoi(v)
		if err != nil || l < 1 || l > salkku.MaxPageSize {
			q.fe.Add("limit", "error.query_limit")
		} else {
			n = l
		}
	}
	return n
}

// cycleBody is a reporting cycle as a client sends it: the portfolio comes
// from the path; where it is inherited from is the server's to say.
type cycleBody struct {
	salkku.ReportingCycle
	PortfolioID       ignored `json:"portfolio_id"`
	InheritedFrom     ignored `json:"inherited_from"`
	InheritedFromName ignored `json:"inherited_from_name"`
}

// writeCycle answers with a cycle; only a portfolio's own cycle has a
// version to name in If-Match.
func writeCycle(w http.ResponseWriter, c *salkku.ReportingCycle) {
	if c.InheritedFrom == nil {
		w.Header().Set("ETag", web.ETag(c.Version))
	}
	web.WriteJSON(w, http.StatusOK, c)
}

// apiReportingCycle shows the cycle that applies to a portfolio: its own,
// or its nearest ancestor's with inherited_from set; 404 when none does.
func (s *Server) apiReportingCycle(w http.ResponseWriter, r *http.Request) {
	id, err := s.viewPortfolio(r)
	if err == nil {
		err = newQuery(r).err()
	}
	var c *salkku.ReportingCycle
	if err == nil {
		c, err = s.Register.FindReportingCycle(r.Context(), id)
	}
	if err == nil && c == nil {
		err = salkku.Errorf(salkku.ENOTFOUND, "error.report_cycle_none")
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeCycle(w, c)
}

// apiSetReportingCycle sets the portfolio's own cycle. The version is the
// own cycle's (If-Match or the body's); a portfolio without one of its own
// takes none, or 0, so that a cycle set in the meantime is never
// overwritten unseen: the store answers 409.
func (s *Server) apiSetReportingCycle(w http.ResponseWriter, r *http.Request) {
	var in cycleBody
	id, err := web.PathID(r, "id")
	if err == nil {
		err = decodeBody(r, &in)
	}
	c := in.ReportingCycle
	c.PortfolioID, c.InheritedFrom, c.InheritedFromName = id, nil, salkku.Text{}
	if err == nil && (r.Header.Get("If-Match") != "" || c.Version != 0) {
		c.Version, err = editedVersion(r, c.Version)
	}
	if err == nil {
		err = s.Register.SetReportingCycle(r.Context(), &c)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeCycle(w, &c)
}

// reportBody is a status report as a client sends it: the record as read
// (or as GET /projects/{id}/reports/new pre-filled it), its read-only
// fields ignored. The project comes from the path on create and the work
// package is fixed once the report exists.
type reportBody struct {
	salkku.StatusReport
	readOnlyMeta
	ProjectID        ignored `json:"project_id"`
	State            ignored `json:"state"`
	Period           ignored `json:"period"`
	Revision         ignored `json:"revision"`
	CorrectsID       ignored `json:"corrects_id"`
	SupersededBy     ignored `json:"superseded_by"`
	SubmittedAt      ignored `json:"submitted_at"`
	SubmittedBy      ignored `json:"submitted_by"`
	ReviewedAt       ignored `json:"reviewed_at"`
	ReviewedBy       ignored `json:"reviewed_by"`
	ReviewNote       ignored `json:"review_note"`
	ProjectCode      ignored `json:"project_code"`
	ProjectName      ignored `json:"project_name"`
	PortfolioID      ignored `json:"portfolio_id"`
	WorkPackageCode  ignored `json:"work_package_code"`
	WorkPackageName  ignored `json:"work_package_name"`
	ResponsibleNames ignored `json:"responsible_names"`
}

// reportOut gives a report's lists as [] rather than null.
func reportOut(rep *salkku.StatusReport) *salkku.StatusReport {
	if rep != nil {
		orEmpty(&rep.ResponsibleIDs)
		orEmpty(&rep.Tags)
	}
	return rep
}

// findReport reads a report for the API.
func (s *Server) findReport(ctx context.Context, id int64) (*salkku.StatusReport, error) {
	rep, err := s.Register.FindReportByID(ctx, id)
	return reportOut(rep), err
}

// writeReport answers with a report as stored now.
func (s *Server) writeReport(w http.ResponseWriter, r *http.Request, id int64, status int) {
	rep, err := s.findReport(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if status == http.StatusCreated {
		w.Header().Set("Location", reportURL(id))
	}
	writeRecord(w, status, rep.Version, rep)
}

func reportURL(id int64) string { return APIPrefix + "/reports/" + strconv.FormatInt(id, 10) }

// apiReportList lists a project's reports with its work packages', newest
// first: one work package's with work_package_id, without those replaced
// by a correction with current=true.
func (s *Server) apiReportList(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	q := newQuery(r, "work_package_id", "current", "limit", "offset")
	f := salkku.ReportFilter{ProjectID: &id, WorkPackageID: q.id("work_package_id"), Current: q.bool("current")}
	page := q.page()
	if err := q.err(); err != nil {
		s.Error(w, r, err)
		return
	}
	// The store lists a page at a time without a count: read every page
	// (one, unless a project has more than MaxPageSize reports), so that
	// total is the whole number.
	var all []*salkku.StatusReport
	for f.Offset = 0; ; f.Offset += salkku.MaxPageSize {
		f.Limit = salkku.MaxPageSize
		rs, err := s.Register.FindReports(r.Context(), f)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		all = append(all, rs...)
		if len(rs) < salkku.MaxPageSize {
			break
		}
	}
	items := []*salkku.StatusReport{}
	for i := page.Offset; i < len(all) && i < page.Offset+page.Limit; i++ {
		items = append(items, reportOut(all[i]))
	}
	writeList(w, items, len(all))
}

// apiNewReport answers with a new draft for the project (or one of its
// work packages) dated date (today by default), pre-filled from its latest
// report. Nothing is stored: POST the draft, changed or not, to create it.
func (s *Server) apiNewReport(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	q := newQuery(r, "date", "work_package_id")
	d, wp := q.date("date"), q.id("work_package_id")
	if err := q.err(); err != nil {
		s.Error(w, r, err)
		return
	}
	if d == "" {
		d = salkku.Today(s.Now())
	}
	rep, err := s.Register.NewReport(r.Context(), id, wp, d)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, reportOut(rep))
}

// apiCreateReport stores a draft report of the project: 201 with the
// report as stored.
func (s *Server) apiCreateReport(w http.ResponseWriter, r *http.Request) {
	var in reportBody
	id, err := web.PathID(r, "id")
	if err == nil {
		err = decodeBody(r, &in)
	}
	rep := in.StatusReport
	rep.Meta, rep.ProjectID = salkku.Meta{}, id
	if err == nil {
		err = s.Register.CreateReport(r.Context(), &rep)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.writeReport(w, r, rep.ID, http.StatusCreated)
}

// apiUpdateReport replaces a draft's editable fields; a submitted report
// is frozen.
func (s *Server) apiUpdateReport(w http.ResponseWriter, r *http.Request) {
	var in reportBody
	id, err := web.PathID(r, "id")
	if err == nil {
		err = decodeBody(r, &in)
	}
	rep := in.StatusReport
	if err == nil {
		rep.Meta, err = editMeta(r, id, rep.Version)
	}
	if err == nil {
		err = s.Register.UpdateReport(r.Context(), &rep)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.writeReport(w, r, id, http.StatusOK)
}

// actionVersion reads the version an action on a report applies to: the
// body's "version" or If-Match; with If-Match the body may be left out.
// The body's other fields go to v.
func actionVersion(r *http.Request, v any, body *int) (int, error) {
	if r.ContentLength != 0 || r.Header.Get("If-Match") == "" {
		if err := decodeBody(r, v); err != nil {
			return 0, err
		}
	}
	return editedVersion(r, *body)
}

// apiSubmitReport freezes a draft.
func (s *Server) apiSubmitReport(w http.ResponseWriter, r *http.Request) {
	var in versionBody
	id, err := web.PathID(r, "id")
	var v int
	if err == nil {
		v, err = actionVersion(r, &in, &in.Version)
	}
	if err == nil {
		_, err = s.Register.SubmitReport(r.Context(), id, v)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.writeReport(w, r, id, http.StatusOK)
}

// reviewBody marks a submitted report reviewed, with an optional note.
type reviewBody struct {
	Version int         `json:"version"`
	Note    salkku.Text `json:"note"`
}

// apiReviewReport marks a submitted report read by the project office or
// the steering group.
func (s *Server) apiReviewReport(w http.ResponseWriter, r *http.Request) {
	var in reviewBody
	id, err := web.PathID(r, "id")
	var v int
	if err == nil {
		v, err = actionVersion(r, &in, &in.Version)
	}
	if err == nil {
		_, err = s.Register.ReviewReport(r.Context(), id, v, in.Note)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.writeReport(w, r, id, http.StatusOK)
}

// apiCorrectReport starts a correction of a submitted report: a new draft
// revision, which replaces the report once submitted. While one is open,
// the same draft is answered again. Location names the draft.
func (s *Server) apiCorrectReport(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	var c *salkku.StatusReport
	if err == nil {
		c, err = s.Register.CorrectReport(r.Context(), id)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("Location", reportURL(c.ID))
	s.writeReport(w, r, c.ID, http.StatusOK)
}

// unitReport is what a summary row shows of its report: the report itself
// is at url.
type unitReport struct {
	ID         int64         `json:"id"`
	URL        string        `json:"url"`
	ReportDate salkku.Date   `json:"report_date"`
	State      string        `json:"state"`
	Period     salkku.Period `json:"period"`
	Lights     salkku.Lights `json:"lights"`
}

// unitBody is one row of a status summary: a project, or one of its work
// packages, with its latest report in the period.
type unitBody struct {
	*salkku.ReportUnit
	Report *unitReport `json:"report"`
	Worse  []string    `json:"worse"`
}

// summaryCursor names the last project of a page: the next page starts
// after it.
type summaryCursor struct {
	After   string `json:"after"`
	AfterID int64  `json:"after_id"`
}

// summaryBody is a portfolio's status summary on a date, one page of its
// rows.
type summaryBody struct {
	Date     salkku.Date            `json:"date"`
	Cycle    *salkku.ReportingCycle `json:"cycle"`
	Period   *salkku.Period         `json:"period"`
	Counts   map[string]int         `json:"counts"`
	Reported int                    `json:"reported"`
	Missing  int                    `json:"missing"`
	Worse    int                    `json:"worse"`
	Units    []unitBody             `json:"units"`
	// Next is the cursor of the next page, NextURL the next page with the
	// same filters; both null on the last page.
	Next    *summaryCursor `json:"next"`
	NextURL *string        `json:"next_url"`
}

// apiStatusSummary is the latest report of every project and work package
// of the portfolio and its sub-portfolios in the period of date, with
// counts by overall light; paged by project code with after and after_id.
func (s *Server) apiStatusSummary(w http.ResponseWriter, r *http.Request) {
	id, err := s.viewPortfolio(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	q := newQuery(r, "date", "category_id", "phase", "show", "after", "after_id", "limit")
	f := salkku.SummaryFilter{PortfolioID: id, Date: q.date("date"), CategoryID: q.id("category_id"),
		Phase: q.get("phase"), Show: q.get("show"), AfterCode: q.text("after"), Limit: q.limit()}
	q.check((&salkku.ProjectFilter{Phase: f.Phase}).Validate())
	if !slices.Contains([]string{"", "missing", "worse"}, f.Show) {
		q.fe.Add("show", "error.invalid_choice")
	}
	afterID := q.id("after_id")
	// after alone cannot say where to start; after_id alone is the cursor
	// after a project without a code.
	switch {
	case afterID == nil && f.AfterCode != "":
		q.fe.Add("after_id", "error.query_required")
	case afterID != nil:
		f.AfterID = *afterID
	}
	if err := q.err(); err != nil {
		s.Error(w, r, err)
		return
	}
	if f.Date == "" {
		f.Date = salkku.Today(s.Now())
	}
	sum, err := s.Register.FindPortfolioSummary(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	b := summaryBody{Date: f.Date, Cycle: sum.Cycle, Counts: sum.Counts, Reported: sum.Reported, Missing: sum.Missing,
		Worse: sum.Worse, Units: []unitBody{}}
	if sum.Period.Due != "" {
		b.Period = &sum.Period
	}
	if b.Counts == nil {
		b.Counts = map[string]int{}
	}
	for _, u := range sum.Units {
		ub := unitBody{ReportUnit: u, Worse: u.Worse}
		if ub.Worse == nil {
			ub.Worse = []string{}
		}
		if rep := u.Report; rep != nil {
			ub.Report = &unitReport{ID: rep.ID, URL: reportURL(rep.ID), ReportDate: rep.ReportDate, State: rep.State, Period: rep.Period, Lights: rep.Lights}
		}
		b.Units = append(b.Units, ub)
	}
	if sum.More && len(sum.Units) > 0 {
		last := sum.Units[len(sum.Units)-1]
		b.Next = &summaryCursor{After: last.ProjectCode, AfterID: last.ProjectID}
		next := url.Values{}
		for k, v := range r.URL.Query() {
			next[k] = v
		}
		next.Set("date", string(f.Date))
		next.Set("after", b.Next.After)
		next.Set("after_id", strconv.FormatInt(b.Next.AfterID, 10))
		u := r.URL.Path + "?" + next.Encode()
		b.NextURL = &u
	}
	web.WriteJSON(w, http.StatusOK, b)
}

// dueBody is a project whose report is due in the open period, or overdue
// for the last one.
type dueBody struct {
	ProjectID   int64         `json:"project_id"`
	ProjectCode string        `json:"project_code"`
	ProjectName salkku.Text   `json:"project_name"`
	PortfolioID int64         `json:"portfolio_id"`
	CategoryID  *int64        `json:"category_id"`
	Phase       string        `json:"phase"`
	ManagerName string        `json:"manager_name"`
	Period      salkku.Period `json:"period"`
	Overdue     bool          `json:"overdue"`
}

// writeDue answers with a due list: the store's, up to MaxPageSize
// projects, overdue first, one page of it.
func (s *Server) writeDue(w http.ResponseWriter, r *http.Request, f salkku.DueFilter, page salkku.Page) {
	if f.AsOf == "" {
		f.AsOf = salkku.Today(s.Now())
	}
	f.Limit = salkku.MaxPageSize
	all, err := s.Register.FindReportsDue(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	items := []dueBody{}
	for i := page.Offset; i < len(all) && i < page.Offset+page.Limit; i++ {
		d := all[i]
		items = append(items, dueBody{ProjectID: d.ProjectID, ProjectCode: d.ProjectCode, ProjectName: d.ProjectName, PortfolioID: d.PortfolioID,
			CategoryID: d.CategoryID, Phase: d.Phase, ManagerName: d.ManagerName, Period: d.Period, Overdue: d.Overdue})
	}
	writeList(w, items, len(all))
}

// apiPortfolioReportsDue lists the reports due and overdue in the
// portfolio and its sub-portfolios on date (today by default).
func (s *Server) apiPortfolioReportsDue(w http.ResponseWriter, r *http.Request) {
	id, err := s.viewPortfolio(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	q := newQuery(r, "date", "limit", "offset")
	f := salkku.DueFilter{PortfolioID: &id, AsOf: q.date("date")}
	page := q.page()
	if err := q.err(); err != nil {
		s.Error(w, r, err)
		return
	}
	s.writeDue(w, r, f, page)
}

// apiProjectReportsDue says whether the project's report is due or
// overdue on date: a list of none or one.
func (s *Server) apiProjectReportsDue(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	q := newQuery(r, "date")
	f := salkku.DueFilter{ProjectID: &id, AsOf: q.date("date")}
	if err := q.err(); err != nil {
		s.Error(w, r, err)
		return
	}
	s.writeDue(w, r, f, salkku.Page{Limit: salkku.MaxPageSize})
}

// apiMyReportsDue lists the reports due and overdue of the projects the
// caller's person manages, among those the caller may see; empty for a
// user linked to no person.
func (s *Server) apiMyReportsDue(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r, "date", "limit", "offset")
	f := salkku.DueFilter{AsOf: q.date("date")}
	page := q.page()
	if err := q.err(); err != nil {
		s.Error(w, r, err)
		return
	}
	u := web.AuthOf(r).User
	if u == nil || u.PersonID == nil {
		writeList(w, []dueBody{}, 0)
		return
	}
	f.PersonID = u.PersonID
	s.writeDue(w, r, f, page)
}
