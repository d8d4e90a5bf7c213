package ui

import (
	"bytes"
	"cmp"
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/doc"
	"github.com/salkku/salkku/doc/render"
	"github.com/salkku/salkku/docgen"
	"github.com/salkku/salkku/i18n"
	"github.com/salkku/salkku/web"
)

// The documents a board gets: the action plan of a portfolio (seed 000)
// and the steering-group pack of a project and a report date (seed 002).
// Each has a page with its options (language, format, filters) whose form
// GETs the document itself, …/file?…, written by docgen and doc/render
// with the same access as the pages it is made of.

// docOptions are a document's language and format.
type docOptions struct {
	Format, Language string
}

// readDocOptions reads ?format= and ?language=, the page's language when
// none is given; an unknown one is a field error.
func readDocOptions(q url.Values, b web.Base, fe salkku.FieldErrors) docOptions {
	o := docOptions{Format: cmp.Or(q.Get("format"), "pdf"), Language: cmp.Or(q.Get("language"), b.Lang)}
	if !render.Valid(o.Format) {
		fe.Add("format", "docs.error.format")
	}
	if !slices.Contains(i18n.Languages, o.Language) {
		fe.Add("language", "docs.error.language")
		o.Language = b.Lang
	}
	return o
}

// docError is the first of a document request's errors as a message of
// its own: the file's address has no form to mark the fields on.
func docError(fe salkku.FieldErrors) error {
	for _, f := range []string{"format", "language", "date", "status", "category_id"} {
		if key, ok := fe[f]; ok {
			return salkku.Errorf(salkku.EINVALID, key)
		}
	}
	return fe.Err()
}

// docFormOptions are the format and language selects.
func docFormOptions(b web.Base, o docOptions) (formats, langs []web.Option) {
	for _, f := range render.Formats {
		formats = append(formats, web.Option{Value: f, Label: b.T("docs.format." + f), Selected: f == o.Format})
	}
	for _, l := range i18n.Languages {
		langs = append(langs, web.Option{Value: l, Label: b.LangName(l), Selected: l == o.Language})
	}
	return formats, langs
}

// translator is the catalogue in the document's language.
func (s *Server) translator(lang string) docgen.T {
	return func(key string, args ...any) string { return s.Catalog.T(lang, key, args...) }
}

// writeDocument renders d in the chosen format and answers with it as a
// download named base.format. It renders into memory first, so that a
// failure is an error page and not a broken file; documents are pages
// long, not registers long.
func (s *Server) writeDocument(w http.ResponseWriter, r *http.Request, d *doc.Document, base string, o docOptions) {
	var buf bytes.Buffer
	engine, err := s.Docs.Write(r.Context(), &buf, d, o.Format)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", render.ContentType(o.Format))
	if engine != "" {
		// Which engine made the PDF: Chromium, or the pure-Go fallback.
		w.Header().Set("X-Salkku-PDF-Engine", engine)
	}
	disp := "attachment"
	if o.Format == "html" {
		// The document carries its own styles, as a file must; it runs no
		// script and loads nothing.
		disp = "inline"
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'")
	}
	w.Header().Set("Content-Disposition", disp+`; filename="`+fileBase(base)+"."+o.Format+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	_, _ = w.Write(buf.Bytes())
}

// planRequest is the action plan's filters as the form sends them.
type planRequest struct {
	docOptions
	Status, Category, Phase string
}

// readPlanRequest reads the plan's options and filters.
func readPlanRequest(q url.Values, b web.Base, fe salkku.FieldErrors) planRequest {
	p := planRequest{docOptions: readDocOptions(q, b, fe), Status: q.Get("status"), Category: q.Get("category_id"), Phase: strings.TrimSpace(q.Get("phase"))}
	if p.Status != "" && !salkku.ValidStatus(p.Status) {
		fe.Add("status", "error.status")
	}
	return p
}

type actionPlanPage struct {
	web.Base
	Portfolio                             *salkku.Portfolio
	Form                                  planRequest
	Formats, Langs, Statuses, Cats, Phase []web.Option
	Chapters                              []*salkku.Category
}

// LastChapter is the number of the plan's closing chapter, after the
// categories' (as docgen.ActionPlan numbers it).
func (p actionPlanPage) LastChapter() int {
	n := 1
	for _, c := range p.Chapters {
		n = max(n, c.Chapter)
	}
	return n + 1
}

// handleActionPlan is the action plan's page: its options, and the
// chapters it will have.
func (s *Server) handleActionPlan(w http.ResponseWriter, r *http.Request) {
	pf, ok := s.loadPortfolio(w, r)
	if !ok {
		return
	}
	b := s.NewBase(r, "")
	b.Title = b.T("docs.plan.title", b.Plain(pf.Name))
	b.OrganisationName, b.NavIndex = pf.OrganisationName, "portfolios"
	b.Crumbs = append(portfolioCrumbs(b, pf), web.Crumb{Label: b.T("docs.plan.crumb")})
	fe := salkku.FieldErrors{}
	page := actionPlanPage{Portfolio: pf, Form: readPlanRequest(r.URL.Query(), b, fe)}
	if len(fe) > 0 {
		b.SetFormError(fe, fe.Err())
	}
	cats, err := s.Register.FindCategories(r.Context(), pf.ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	page.Chapters = cats
	page.Cats = []web.Option{{Value: "", Label: b.T("status.any_category")}}
	for _, c := range cats {
		v := strconv.FormatInt(c.ID, 10)
		page.Cats = append(page.Cats, web.Option{Value: v, Label: b.Plain(c.Name), Selected: v == page.Form.Category})
	}
	page.Statuses = []web.Option{{Value: "", Label: b.T("docs.any_status")}}
	for _, st := range salkku.Statuses {
		page.Statuses = append(page.Statuses, web.Option{Value: st, Label: b.Status(st), Selected: st == page.Form.Status})
	}
	models, err := s.Register.FindModels(r.Context(), pf.OrganisationID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	page.Phase = []web.Option{{Value: "", Label: b.T("status.any_phase")}}
	if m := currentModel(models); m != nil {
		for _, ph := range m.Phases {
			page.Phase = append(page.Phase, web.Option{Value: ph.Key, Label: b.Plain(ph.Name), Selected: ph.Key == page.Form.Phase})
		}
	}
	page.Formats, page.Langs = docFormOptions(b, page.Form.docOptions)
	page.Base = b
	s.Render(w, r, formOrOK(b), "action_plan", page)
}

// handleActionPlanFile is the action plan itself.
func (s *Server) handleActionPlanFile(w http.ResponseWriter, r *http.Request) {
	pf, ok := s.loadPortfolio(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	b := s.NewBase(r, "")
	fe := salkku.FieldErrors{}
	req := readPlanRequest(r.URL.Query(), b, fe)
	f := salkku.ProjectFilter{PortfolioID: &pf.ID, Status: req.Status, Phase: req.Phase}
	f.CategoryID = web.FormID(fe, "category_id", req.Category)
	if len(fe) > 0 {
		s.Error(w, r, docError(fe))
		return
	}
	lang := req.Language
	t := s.translator(lang)
	cats, err := s.Register.FindCategories(ctx, pf.ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	plan := docgen.Plan{Lang: lang, Organisation: pf.OrganisationName, Portfolio: pf, Printed: s.Now()}
	for _, c := range cats {
		if f.CategoryID == nil || *f.CategoryID == c.ID {
			plan.Categories = append(plan.Categories, c)
		}
		if f.CategoryID != nil && *f.CategoryID == c.ID {
			name, _ := c.Name.In(lang)
			plan.Filters = append(plan.Filters, t("docs.filter.category", name))
		}
	}
	if f.CategoryID != nil && len(plan.Categories) == 0 {
		fe.Add("category_id", "error.not_found")
		s.Error(w, r, docError(fe))
		return
	}
	phases, err := s.phaseNames(r, pf.OrganisationID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	plan.PhaseName = func(key string) string {
		if n, ok := phases[key]; ok {
			v, _ := n.In(lang)
			return v
		}
		return key
	}
	if req.Status != "" {
		plan.Filters = append(plan.Filters, t("docs.filter.status", t("status."+req.Status)))
	}
	if req.Phase != "" {
		plan.Filters = append(plan.Filters, t("docs.filter.phase", plan.PhaseName(req.Phase)))
	}
	err = everyPage(ctx, func(pg salkku.Page) (int, int, error) {
		f.Page = pg
		ps, total, err := s.Register.FindProjects(ctx, f)
		plan.Projects = append(plan.Projects, ps...)
		return len(ps), total, err
	})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.writeDocument(w, r, docgen.ActionPlan(plan, t), b.T("docs.plan.file")+"-"+strconv.FormatInt(pf.ID, 10), req.docOptions)
}

// packRequest is the pack's report date and options.
type packRequest struct {
	docOptions
	Date string
}

type packPage struct {
	web.Base
	Project        *salkku.Project
	Form           packRequest
	Formats, Langs []web.Option
	Dates          []web.Option
}

// packDates are the report dates of the project's submitted current
// reports, newest first, with the number of reports of each.
func (s *Server) packReports(r *http.Request, projectID int64) ([]*salkku.StatusReport, error) {
	var out []*salkku.StatusReport
	err := everyPage(r.Context(), func(pg salkku.Page) (int, int, error) {
		reps, err := s.Register.FindReports(r.Context(), salkku.ReportFilter{ProjectID: &projectID, Current: true, Page: pg})
		for _, rep := range reps {
			if rep.State != salkku.ReportDraft {
				out = append(out, rep)
			}
		}
		return len(reps), 0, err
	})
	return out, err
}

// handlePack is the steering-group pack's page: a report date among those
// with reports, a language and a format.
func (s *Server) handlePack(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProject(w, r)
	if !ok {
		return
	}
	b := s.NewBase(r, "")
	b.Title = b.T("docs.pack.title", p.Code, b.Plain(p.Name))
	b.NavIndex, b.ContentLangs = "portfolios", p.ContentLangs
	b.Crumbs = append(projectCrumbs(b, p, true), web.Crumb{Label: b.T("docs.pack.crumb")})
	fe := salkku.FieldErrors{}
	q := r.URL.Query()
	page := packPage{Project: p, Form: packRequest{docOptions: readDocOptions(q, b, fe), Date: q.Get("date")}}
	reps, err := s.packReports(r, p.ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	counts := map[salkku.Date]int{}
	for _, rep := range reps {
		counts[rep.ReportDate]++
	}
	dates := make([]salkku.Date, 0, len(counts))
	for d := range counts {
		dates = append(dates, d)
	}
	slices.Sort(dates)
	slices.Reverse(dates)
	if page.Form.Date == "" && len(dates) > 0 {
		page.Form.Date = string(dates[0])
	}
	gb := gateBase{b}
	for _, d := range dates {
		page.Dates = append(page.Dates, web.Option{Value: string(d), Label: b.T("docs.pack.date_option", gb.Day(d), b.Int(counts[d])), Selected: string(d) == page.Form.Date})
	}
	if page.Form.Date != "" && counts[salkku.Date(page.Form.Date)] == 0 {
		fe.Add("date", "docs.error.no_reports")
	}
	if len(fe) > 0 {
		b.SetFormError(fe, fe.Err())
	}
	page.Formats, page.Langs = docFormOptions(b, page.Form.docOptions)
	page.Base = b
	s.Render(w, r, formOrOK(b), "pack", page)
}

// handlePackFile is the steering-group pack itself.
func (s *Server) handlePackFile(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProject(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	b := s.NewBase(r, "")
	fe := salkku.FieldErrors{}
	q := r.URL.Query()
	o := readDocOptions(q, b, fe)
	date, valid := salkku.ParseDate(q.Get("date"))
	if !valid {
		fe.Add("date", "error.date")
	}
	if len(fe) > 0 {
		s.Error(w, r, docError(fe))
		return
	}
	all, err := s.packReports(r, p.ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	pack := docgen.Pack{Lang: o.Language, Organisation: p.OrganisationName, Project: p, Date: date, Printed: s.Now()}
	for _, rep := range all {
		if rep.ReportDate == date {
			pack.Reports = append(pack.Reports, rep)
		}
	}
	if len(pack.Reports) == 0 {
		fe.Add("date", "docs.error.no_reports")
		s.Error(w, r, docError(fe))
		return
	}
	sortByUnit(pack.Reports)
	if pack.People, err = s.responsible(ctx, pack.Reports); err != nil {
		s.Error(w, r, err)
		return
	}
	err = everyPage(ctx, func(pg salkku.Page) (int, int, error) {
		cs, total, err := s.Register.FindCommsLog(ctx, salkku.LogFilter{ProjectID: &p.ID, Page: pg})
		pack.Comms = append(pack.Comms, cs...)
		return len(cs), total, err
	})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	// The budget page is left out for a reader who may not see the
	// project's finance.
	switch fin, err := s.Register.FindProjectFinance(ctx, p.ID); {
	case err == nil:
		pack.Finance = &fin.FollowUp
	case salkku.ErrorCode(err) != salkku.EFORBIDDEN:
		s.Error(w, r, err)
		return
	}
	s.writeDocument(w, r, docgen.SteeringPack(pack, s.translator(o.Language)), b.T("docs.pack.file")+"-"+p.Code+"-"+string(date), o)
}

type portfolioPackPage struct {
	web.Base
	Portfolio      *salkku.Portfolio
	Form           packRequest
	Formats, Langs []web.Option
}

// handlePortfolioPack is a portfolio's pack page: a date (its reporting
// period is the pack's), a language and a format.
func (s *Server) handlePortfolioPack(w http.ResponseWriter, r *http.Request) {
	pf, ok := s.loadPortfolio(w, r)
	if !ok {
		return
	}
	b := s.NewBase(r, "")
	b.Title = b.T("docs.pack.portfolio_title", b.Plain(pf.Name))
	b.OrganisationName, b.NavIndex = pf.OrganisationName, "portfolios"
	b.Crumbs = append(portfolioCrumbs(b, pf), web.Crumb{Label: b.T("docs.pack.crumb")})
	fe := salkku.FieldErrors{}
	q := r.URL.Query()
	page := portfolioPackPage{Portfolio: pf, Form: packRequest{docOptions: readDocOptions(q, b, fe), Date: q.Get("date")}}
	if page.Form.Date == "" {
		page.Form.Date = gateBase{b}.Day(salkku.Today(s.Now()))
	} else if _, ok := salkku.ParseDate(page.Form.Date); !ok {
		fe.Add("date", "error.date")
	}
	if len(fe) > 0 {
		b.SetFormError(fe, fe.Err())
	}
	page.Formats, page.Langs = docFormOptions(b, page.Form.docOptions)
	page.Base = b
	s.Render(w, r, formOrOK(b), "portfolio_pack", page)
}

// handlePortfolioPackFile is a portfolio's pack: the latest report of each
// unit of the portfolio and its sub-portfolios in the date's period.
func (s *Server) handlePortfolioPackFile(w http.ResponseWriter, r *http.Request) {
	pf, ok := s.loadPortfolio(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	b := s.NewBase(r, "")
	fe := salkku.FieldErrors{}
	q := r.URL.Query()
	o := readDocOptions(q, b, fe)
	date, valid := salkku.ParseDate(q.Get("date"))
	if !valid {
		fe.Add("date", "error.date")
	}
	if len(fe) > 0 {
		s.Error(w, r, docError(fe))
		return
	}
	pack := docgen.PortfolioPack{Lang: o.Language, Organisation: pf.OrganisationName, Portfolio: pf, Date: date, Printed: s.Now(),
		Reports: map[int64]*salkku.StatusReport{}}
	// The summary's rows, a page at a time by its cursor; then each
	// reporting project's reports, whole, in one read each.
	f := salkku.SummaryFilter{PortfolioID: pf.ID, Date: date, Limit: salkku.MaxPageSize}
	var projects []int64
	for {
		sum, err := s.Register.FindPortfolioSummary(ctx, f)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		pack.Period = sum.Period
		for _, u := range sum.Units {
			if u.Report != nil && u.Report.State != salkku.ReportDraft {
				pack.Units = append(pack.Units, u)
				if len(projects) == 0 || projects[len(projects)-1] != u.ProjectID {
					projects = append(projects, u.ProjectID)
				}
			}
		}
		if !sum.More || len(sum.Units) == 0 {
			break
		}
		last := sum.Units[len(sum.Units)-1]
		f.AfterCode, f.AfterID = last.ProjectCode, last.ProjectID
	}
	if len(pack.Units) == 0 {
		fe.Add("date", "docs.error.no_reports")
		s.Error(w, r, docError(fe))
		return
	}
	var reports []*salkku.StatusReport
	for _, id := range projects {
		reps, err := s.packReports(r, id)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		for _, rep := range reps {
			pack.Reports[rep.ID] = rep
		}
		reports = append(reports, reps...)
	}
	var err error
	if pack.People, err = s.responsible(ctx, reports); err != nil {
		s.Error(w, r, err)
		return
	}
	switch fin, err := s.Register.FindPortfolioFinance(ctx, pf.ID, "", 1); {
	case err == nil:
		pack.Finance = &fin.FollowUp
	case salkku.ErrorCode(err) != salkku.EFORBIDDEN:
		s.Error(w, r, err)
		return
	}
	s.writeDocument(w, r, docgen.PortfolioSteeringPack(pack, s.translator(o.Language)), b.T("docs.pack.file")+"-"+strconv.FormatInt(pf.ID, 10)+"-"+string(date), o)
}

// responsible reads the people the reports name as responsible, for their
// titles, a page of salkku.MaxPageSize at a time.
func (s *Server) responsible(ctx context.Context, reports []*salkku.StatusReport) (map[int64]*salkku.Person, error) {
	var ids []int64
	for _, rep := range reports {
		ids = append(ids, rep.ResponsibleIDs...)
	}
	ids = salkku.CleanIDs(ids)
	out := make(map[int64]*salkku.Person, len(ids))
	for from := 0; from < len(ids); from += salkku.MaxPageSize {
		page := ids[from:min(from+salkku.MaxPageSize, len(ids))]
		found, _, err := s.Register.FindPeople(ctx, salkku.PersonFilter{IDs: page, Page: salkku.Page{Limit: salkku.MaxPageSize}})
		if err != nil {
			return nil, err
		}
		for _, pe := range found {
			out[pe.ID] = pe
		}
	}
	return out, nil
}
