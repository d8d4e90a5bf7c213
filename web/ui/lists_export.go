package ui

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/export"
	"github.com/salkku/salkku/i18n"
	"github.com/salkku/salkku/web"
)

// Every list as a file: GET {list page}/export?format=… with the page's
// own query string answers the list as the page shows it to that user
// (the same store calls, filters and sort), every page of it, streamed a
// page of salkku.MaxPageSize rows at a time, to XLSX or CSV (package
// export). Column titles are catalogue keys lists_export.col.KEY.

// listFile is one list being written as a file.
type listFile struct {
	b  web.Base
	ew export.Writer
}

// row writes one row.
func (f *listFile) row(values ...any) error { return f.ew.Row(values...) }

// exportList answers with the list as a file named base: the format from
// ?format=, the columns' titles from their keys, then write, which writes
// the rows. Callers check access and the filter first, so that a refusal
// or a bad filter answers as an error page; write runs after the headers
// are sent, so its errors only end the file short and are logged.
func (s *Server) exportList(w http.ResponseWriter, r *http.Request, base string, cols []string, write func(f *listFile) error) {
	format, err := export.ParseFormat(r.URL.Query().Get("format"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	b := s.NewBase(r, "")
	w.Header().Set("Content-Type", export.ContentType(format))
	w.Header().Set("Content-Disposition", `attachment; filename="`+export.FileName(fileBase(base), format)+`"`)
	ew, err := export.New(format, w, b.Lang)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	columns := make([]export.Column, len(cols))
	for i, c := range cols {
		columns[i] = export.Column{Title: b.T("lists_export.col." + c)}
	}
	if err = ew.Columns(columns); err == nil {
		if err = write(&listFile{b: b, ew: ew}); err == nil {
			err = ew.Close()
		}
	}
	if err != nil {
		// The headers are gone: the download ends short, and the log says
		// why; a background job fails rather than keep the short file.
		s.Logger.Error("list export", "path", r.URL.Path, "err", err)
		web.ReportFailure(r.Context(), err)
	}
}

// everyPage reads a list a page of salkku.MaxPageSize rows at a time by
// offset, until a short page: find returns how many rows its page had and
// how many the list has in all (0 when it does not know). A background
// job hears how far it has come.
func everyPage(ctx context.Context, find func(pg salkku.Page) (rows, total int, err error)) error {
	done := 0
	for off := 0; ; off += salkku.MaxPageSize {
		n, total, err := find(salkku.Page{Offset: off, Limit: salkku.MaxPageSize})
		done += n
		if total > 0 && total < done {
			total = done // rows added meanwhile
		}
		web.ReportProgress(ctx, done, total, "jobs.step.rows")
		if err != nil || n < salkku.MaxPageSize {
			return err
		}
	}
}

// fileBase is a file name of letters, digits and hyphens.
func fileBase(s string) string {
	out := []rune{}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-':
			out = append(out, r)
		default:
			out = append(out, '-')
		}
	}
	return string(out)
}

// date is a date cell, or empty.
func date(d salkku.Date) any { return dateOrNil(d) }

// local is a time stamp as Finnish time, where dates are shown.
func local(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.In(i18n.Location)
}

// decimal is a number, or empty.
func decimal(d *salkku.Decimal) any {
	if d == nil {
		return nil
	}
	return float64(*d) / 100
}

// keyOrEmpty is the catalogue text of prefix+v, or empty when v is.
func keyOrEmpty(b web.Base, prefix, v string) any {
	if v == "" {
		return nil
	}
	return b.T(prefix + v)
}

// handlePortfolioExport is GET /portfolios/{id}/export: the overview's
// projects with the user's filters and sort.
func (s *Server) handlePortfolioExport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	pf, ok := s.loadPortfolio(w, r)
	if !ok {
		return
	}
	of := parseOverviewFilter(r.URL.Query())
	f := salkku.ProjectFilter{PortfolioID: &pf.ID, Query: of.Q, Status: of.Status, Phase: of.Phase, Sort: of.Sort, Desc: of.Desc}
	if c, err := strconv.ParseInt(of.Category, 10, 64); err == nil {
		f.CategoryID = &c
	}
	// As on the page: an unknown sort or status falls back to the default.
	if f.Validate() != nil {
		f.Sort, f.Status = "", ""
	}
	phases, err := s.phaseNames(r, pf.OrganisationID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	cats, err := s.Register.FindCategories(ctx, pf.ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	chapters := map[int64]int{}
	for _, c := range cats {
		chapters[c.ID] = c.Chapter
	}
	chapter := func(p *salkku.Project) any {
		if p.CategoryID == nil || chapters[*p.CategoryID] == 0 {
			return nil
		}
		return chapters[*p.CategoryID]
	}
	cols := []string{"code", "name", "chapter", "category", "start", "end", "continuous", "manager", "owner", "status", "phase", "mandatory", "vendors", "tags"}
	s.exportList(w, r, "hankkeet-"+strconv.FormatInt(pf.ID, 10), cols, func(lf *listFile) error {
		// One read of the whole list, a batch at a time: no page's offset
		// to skip over, nor a count per page.
		done := 0
		return s.Register.EachProject(ctx, f, func(ps []*salkku.Project, total int) error {
			for _, p := range ps {
				err := lf.row(p.Code, p.Name, chapter(p), p.CategoryName, p.Start, p.End, p.Continuous, p.ManagerName, p.OwnerName,
					lf.b.Status(p.Status), phases.name(p.Phase), p.Mandatory, joinList(p.Vendors), joinList(p.Tags))
				if err != nil {
					return err
				}
			}
			done += len(ps)
			web.ReportProgress(ctx, done, total, "jobs.step.rows")
			return nil
		})
	})
}

func joinList(v []string) string {
	out := ""
	for i, s := range v {
		if i > 0 {
			out += ", "
		}
		out += s
	}
	return out
}

// phaseNamer names phases by their keys.
type phaseNamer map[string]salkku.Text

// name is the phase's name, its key when no model names it, or empty.
func (n phaseNamer) name(key string) any {
	if key == "" {
		return nil
	}
	if t, ok := n[key]; ok && !t.IsZero() {
		return t
	}
	return key
}

// phaseNames names the phases of an organisation's life-cycle models, the
// current model's names first.
func (s *Server) phaseNames(r *http.Request, orgID int64) (phaseNamer, error) {
	models, err := s.Register.FindModels(r.Context(), orgID)
	if err != nil {
		return nil, err
	}
	out := phaseNamer{}
	if m := currentModel(models); m != nil {
		for _, ph := range m.Phases {
			out[ph.Key] = ph.Name
		}
	}
	for _, m := range models {
		for _, ph := range m.Phases {
			if _, ok := out[ph.Key]; !ok {
				out[ph.Key] = ph.Name
			}
		}
	}
	return out, nil
}

// handlePersonExport is GET /people/export: people as the list finds them.
func (s *Server) handlePersonExport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	f := salkku.PersonFilter{Query: q.Get("q")}
	if id, err := strconv.ParseInt(q.Get("organisation_id"), 10, 64); err == nil && id > 0 {
		f.OrganisationID = &id
	}
	s.exportList(w, r, "henkilot", []string{"name", "title", "email", "organisation"}, func(lf *listFile) error {
		return everyPage(r.Context(), func(pg salkku.Page) (int, int, error) {
			f.Page = pg
			people, total, err := s.Register.FindPeople(ctx, f)
			if err != nil {
				return 0, 0, err
			}
			var orgIDs []int64
			seen := map[int64]bool{}
			for _, p := range people {
				if p.OrganisationID != nil && !seen[*p.OrganisationID] {
					seen[*p.OrganisationID] = true
					orgIDs = append(orgIDs, *p.OrganisationID)
				}
			}
			orgs, err := s.Register.FindOrganisationsByID(ctx, orgIDs)
			if err != nil {
				return 0, 0, err
			}
			names := map[int64]salkku.Text{}
			for _, o := range orgs {
				names[o.ID] = o.Name
			}
			for _, p := range people {
				var org any
				if p.OrganisationID != nil {
					org = names[*p.OrganisationID]
				}
				if err := lf.row(p.Name, p.Title, p.Email, org); err != nil {
					return 0, 0, err
				}
			}
			return len(people), total, nil
		})
	})
}

// handleOrganisationExport is GET /organisations/export.
func (s *Server) handleOrganisationExport(w http.ResponseWriter, r *http.Request) {
	s.exportList(w, r, "organisaatiot", []string{"name", "business_id", "languages"}, func(lf *listFile) error {
		return everyPage(r.Context(), func(pg salkku.Page) (int, int, error) {
			orgs, total, err := s.Register.FindOrganisations(r.Context(), pg)
			for _, o := range orgs {
				if err != nil {
					break
				}
				err = lf.row(o.Name, o.BusinessID, joinList(o.Languages.Used))
			}
			return len(orgs), total, err
		})
	})
}

// handleAuditExport is GET /admin/audit/export and
// /projects/{id}/history/export: the filtered log, newest first, by
// entry id a batch at a time.
func (s *Server) handleAuditExport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var project *salkku.Project
	if r.PathValue("id") != "" {
		id, err := web.PathID(r, "id")
		if err == nil {
			project, _, err = s.historyProject(r, id)
		}
		if err != nil {
			s.Error(w, r, err)
			return
		}
	} else if !s.Allowed(w, r, web.AccessOf(r).CanAdminister()) {
		return
	}
	q := r.URL.Query()
	f, err := web.AuditFilter(web.Lang(r), q)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	base := "loki"
	if project != nil {
		f.ProjectID = &project.ID
		base = "loki-" + project.Code
	}
	f.Before, f.After = 0, 0
	f.Page = salkku.Page{Limit: AuditBatch}
	cols := []string{"at", "actor", "action", "entity", "entity_id", "subject", "change"}
	s.exportList(w, r, base, cols, func(lf *listFile) error {
		done := 0
		for {
			entries, _, err := s.Users.FindAudit(ctx, f)
			if err != nil {
				return err
			}
			done += len(entries)
			web.ReportProgress(ctx, done, 0, "jobs.step.rows")
			for _, e := range entries {
				if err := lf.row(local(e.At), lf.b.AuditActor(e), lf.b.T("action_log."+e.Action), lf.b.T("entity."+e.Entity),
					e.EntityID, lf.b.AuditSubject(e), lf.b.DiffText(e)); err != nil {
					return err
				}
			}
			if len(entries) < f.Limit {
				return nil
			}
			f.Before = entries[len(entries)-1].ID
		}
	})
}

// handlePortfolioStatusExport is GET /portfolios/{id}/status/export: the
// summary's rows for the chosen date, category, phase and show.
func (s *Server) handlePortfolioStatusExport(w http.ResponseWriter, r *http.Request) {
	pf, ok := s.loadPortfolio(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	fe := salkku.FieldErrors{}
	f := salkku.SummaryFilter{PortfolioID: pf.ID, Show: q.Get("show"), Phase: q.Get("phase"), Limit: salkku.MaxPageSize}
	if v := q.Get("date"); v != "" {
		if d, ok := salkku.ParseDate(v); ok {
			f.Date = d
		} else {
			fe.Add("date", "error.date")
		}
	}
	f.CategoryID = web.FormID(fe, "category_id", q.Get("category_id"))
	if f.Show != "" && f.Show != "missing" && f.Show != "worse" {
		fe.Add("show", "error.invalid_choice")
	}
	if err := fe.Err(); err != nil {
		s.Error(w, r, err)
		return
	}
	phases, err := s.phaseNames(r, pf.OrganisationID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	cols := []string{"code", "name", "work_package", "manager", "phase", "report_date", "state",
		"light_overall", "light_schedule", "light_cost", "light_scope", "light_resources", "worse"}
	s.exportList(w, r, "tilanne-"+strconv.FormatInt(pf.ID, 10), cols, func(lf *listFile) error {
		for {
			sum, err := s.Register.FindPortfolioSummary(r.Context(), f)
			if err != nil {
				return err
			}
			for _, u := range sum.Units {
				vals := []any{u.ProjectCode, u.ProjectName, wpCell(u.WorkPackageCode, u.WorkPackageName, lf.b.Lang), u.ManagerName, phases.name(u.Phase)}
				if rep := u.Report; rep != nil {
					vals = append(vals, date(rep.ReportDate), lf.b.T("report.state."+rep.State))
					for _, dim := range salkku.LightDimensions {
						vals = append(vals, lightText(lf.b, rep.Lights.Get(dim)))
					}
				} else {
					vals = append(vals, nil, lf.b.T("lists_export.no_report"), nil, nil, nil, nil, nil)
				}
				var worse []string
				for _, d := range u.Worse {
					worse = append(worse, lf.b.T(lightColumn[d]))
				}
				if err := lf.row(append(vals, joinList(worse))...); err != nil {
					return err
				}
			}
			if !sum.More || len(sum.Units) == 0 {
				return nil
			}
			last := sum.Units[len(sum.Units)-1]
			f.AfterCode, f.AfterID = last.ProjectCode, last.ProjectID
		}
	})
}

// lightColumn names each light dimension as its column does.
var lightColumn = map[string]string{"overall": "lists_export.col.light_overall", "schedule": "lists_export.col.light_schedule",
	"cost": "lists_export.col.light_cost", "scope": "lists_export.col.light_scope", "resources": "lists_export.col.light_resources"}

// wpCell is a work package as "1.2 Name", or empty for a project's own row.
func wpCell(code string, name salkku.Text, lang string) any {
	if code == "" && name.IsZero() {
		return nil
	}
	n, _ := name.In(lang)
	if code == "" {
		return n
	}
	return code + " " + n
}

func lightText(b web.Base, light string) any {
	if light == "" {
		return nil
	}
	return b.T("report.light." + light)
}

// handleProjectReportsExport is GET /projects/{id}/reports/export: the
// project's reports, newest first, corrections marked.
func (s *Server) handleProjectReportsExport(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProject(w, r)
	if !ok {
		return
	}
	cols := []string{"report_date", "period_start", "period_due", "work_package", "state", "revision",
		"light_overall", "light_schedule", "light_cost", "light_scope", "light_resources",
		"overall", "achievements", "todo", "deviations", "superseded"}
	s.exportList(w, r, "raportit-"+p.Code, cols, func(lf *listFile) error {
		return everyPage(r.Context(), func(pg salkku.Page) (int, int, error) {
			reps, err := s.Register.FindReports(r.Context(), salkku.ReportFilter{ProjectID: &p.ID, Page: pg})
			if err != nil {
				return 0, 0, err
			}
			for _, rep := range reps {
				vals := []any{date(rep.ReportDate), date(rep.Period.Start), date(rep.Period.Due),
					wpCell(rep.WorkPackageCode, rep.WorkPackageName, lf.b.Lang), lf.b.T("report.state." + rep.State), rep.Revision}
				for _, dim := range salkku.LightDimensions {
					vals = append(vals, lightText(lf.b, rep.Lights.Get(dim)))
				}
				vals = append(vals, rep.Overall, rep.Achievements, rep.ToDo, rep.Deviations, rep.SupersededBy != nil)
				if err := lf.row(vals...); err != nil {
					return 0, 0, err
				}
			}
			return len(reps), 0, nil
		})
	})
}

var riskCols = []string{"code", "name", "work_package", "description", "cause", "consequence", "probability", "impact", "score",
	"level", "owner", "mitigation", "status", "review_date"}

// riskRows writes the risks of f, every page.
func (s *Server) riskRows(r *http.Request, lf *listFile, f salkku.RiskFilter) error {
	return everyPage(r.Context(), func(pg salkku.Page) (int, int, error) {
		f.Page = pg
		risks, total, err := s.Register.FindRisks(r.Context(), f)
		for _, k := range risks {
			if err != nil {
				break
			}
			var prob, imp, score any
			if k.Score > 0 {
				prob, imp, score = k.Probability, k.Impact, k.Score
			}
			err = lf.row(k.ProjectCode, k.ProjectName, wpCell(k.WorkPackageCode, k.WorkPackageName, lf.b.Lang), k.Description, k.Cause, k.Consequence,
				prob, imp, score, lf.b.T("risk.level."+salkku.RiskLevel(k.Score)), k.OwnerName, k.Mitigation, keyOrEmpty(lf.b, "risk.status.", k.Status), date(k.ReviewDate))
		}
		return len(risks), total, err
	})
}

// handleProjectRisksExport is GET /projects/{id}/risks/export.
func (s *Server) handleProjectRisksExport(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProject(w, r)
	if !ok {
		return
	}
	s.exportList(w, r, "riskit-"+p.Code, riskCols, func(lf *listFile) error {
		return s.riskRows(r, lf, salkku.RiskFilter{ProjectID: &p.ID})
	})
}

// handlePortfolioRisksExport is GET /portfolios/{id}/risks/export: the
// risks of the portfolio and its sub-portfolios, or of the chosen cell.
func (s *Server) handlePortfolioRisksExport(w http.ResponseWriter, r *http.Request) {
	pf, ok := s.loadPortfolio(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	f := salkku.RiskFilter{PortfolioID: &pf.ID}
	if q.Has("p") || q.Has("i") {
		f.Probability, _ = strconv.Atoi(q.Get("p"))
		f.Impact, _ = strconv.Atoi(q.Get("i"))
		if f.Probability < salkku.RiskScaleMin || f.Probability > salkku.RiskScaleMax || f.Impact < salkku.RiskScaleMin || f.Impact > salkku.RiskScaleMax {
			s.Error(w, r, &salkku.Error{Code: salkku.EINVALID, Message: "error.risk_cell", Fields: map[string]string{"p": "error.out_of_range"}})
			return
		}
	}
	s.exportList(w, r, "riskit-salkku-"+strconv.FormatInt(pf.ID, 10), riskCols, func(lf *listFile) error {
		return s.riskRows(r, lf, f)
	})
}

// decisionRows writes a decision log, every page.
func (s *Server) decisionRows(w http.ResponseWriter, r *http.Request, base string, f salkku.LogFilter) {
	cols := []string{"decided_on", "project", "decided_by", "decision", "who", "gate", "gate_decision", "level", "minutes_url"}
	s.exportList(w, r, base, cols, func(lf *listFile) error {
		return everyPage(r.Context(), func(pg salkku.Page) (int, int, error) {
			f.Page = pg
			es, total, err := s.Register.FindDecisionLog(r.Context(), f)
			for _, e := range es {
				if err != nil {
					break
				}
				who := e.Who
				if e.WhoName != "" {
					who = e.WhoName
				}
				err = lf.row(date(e.DecidedOn), e.ProjectLabel, e.DecidedBy, e.Decision, who, e.Gate,
					keyOrEmpty(lf.b, "gates.decision.", e.GateDecision), keyOrEmpty(lf.b, "gates.level.", e.Level), e.MinutesURL)
			}
			return len(es), total, err
		})
	})
}

// handleProjectDecisionsExport is GET /projects/{id}/decisions/export.
func (s *Server) handleProjectDecisionsExport(w http.ResponseWriter, r *http.Request) {
	if p, ok := s.loadProject(w, r); ok {
		s.decisionRows(w, r, "paatokset-"+p.Code, salkku.LogFilter{ProjectID: &p.ID})
	}
}

// handlePortfolioDecisionsExport is GET /portfolios/{id}/decisions/export.
func (s *Server) handlePortfolioDecisionsExport(w http.ResponseWriter, r *http.Request) {
	if pf, ok := s.loadPortfolio(w, r); ok {
		s.decisionRows(w, r, "paatokset-salkku-"+strconv.FormatInt(pf.ID, 10), salkku.LogFilter{PortfolioID: &pf.ID})
	}
}

// handleProjectCommsExport is GET /projects/{id}/communications/export.
func (s *Server) handleProjectCommsExport(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProject(w, r)
	if !ok {
		return
	}
	cols := []string{"date", "start", "end", "work_package", "channel", "scope", "audience", "subject", "link"}
	s.exportList(w, r, "viestinta-"+p.Code, cols, func(lf *listFile) error {
		return everyPage(r.Context(), func(pg salkku.Page) (int, int, error) {
			es, total, err := s.Register.FindCommsLog(r.Context(), salkku.LogFilter{ProjectID: &p.ID, Page: pg})
			for _, c := range es {
				if err != nil {
					break
				}
				err = lf.row(date(c.Date), c.Start, c.End, wpCell(c.WorkPackageCode, c.WorkPackageName, lf.b.Lang),
					keyOrEmpty(lf.b, "comms.channel.", c.Channel), keyOrEmpty(lf.b, "comms.scope.", c.Scope), c.Audience, c.Subject, c.Link)
			}
			return len(es), total, err
		})
	})
}

// handlePortfolioGatesExport is GET /portfolios/{id}/gates/export: the
// phases view's table, projects by phase of the current model.
func (s *Server) handlePortfolioGatesExport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	pf, ok := s.loadPortfolio(w, r)
	if !ok {
		return
	}
	models, err := s.Register.FindModels(ctx, pf.OrganisationID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	counts, err := s.Register.CountPhases(ctx, pf.ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	rows := phaseRows(currentModel(models), counts, pf.ID)
	s.exportList(w, r, "vaiheet-"+strconv.FormatInt(pf.ID, 10), []string{"phase_key", "phase", "projects", "closed", "cancelled"}, func(lf *listFile) error {
		for _, ph := range rows {
			if err := lf.row(ph.Key, ph.Name, ph.Count, ph.Closed, ph.Cancelled); err != nil {
				return err
			}
		}
		return nil
	})
}

// benefitRows writes the benefits of f, every page; a money benefit's
// values are euros.
func (s *Server) benefitRows(w http.ResponseWriter, r *http.Request, base string, f salkku.BenefitFilter) {
	cols := []string{"code", "name", "work_package", "description", "kind", "metric", "unit", "baseline", "target", "target_date",
		"owner", "latest_date", "latest_value", "measurements"}
	s.exportList(w, r, base, cols, func(lf *listFile) error {
		return everyPage(r.Context(), func(pg salkku.Page) (int, int, error) {
			f.Page = pg
			bs, total, err := s.Register.FindBenefits(r.Context(), f)
			for _, bf := range bs {
				if err != nil {
					break
				}
				num := func(d *salkku.Decimal) any {
					if d != nil && bf.Kind == salkku.BenefitMoney {
						return d.Money()
					}
					return decimal(d)
				}
				var latestDate, latestValue any
				if m := bf.Latest; m != nil {
					v := m.Value
					latestDate, latestValue = date(m.Date), num(&v)
				}
				err = lf.row(bf.ProjectCode, bf.ProjectName, wpCell(bf.WorkPackageCode, bf.WorkPackageName, lf.b.Lang), bf.Description,
					keyOrEmpty(lf.b, "benefit.kind.", bf.Kind), bf.Metric, bf.Unit, num(bf.Baseline), num(bf.Target), date(bf.TargetDate),
					bf.OwnerName, latestDate, latestValue, bf.Measurements)
			}
			return len(bs), total, err
		})
	})
}

// handleProjectBenefitsExport is GET /projects/{id}/benefits/export.
func (s *Server) handleProjectBenefitsExport(w http.ResponseWriter, r *http.Request) {
	if p, ok := s.loadProject(w, r); ok {
		s.benefitRows(w, r, "hyodyt-"+p.Code, salkku.BenefitFilter{ProjectID: &p.ID})
	}
}

// handlePortfolioBenefitsExport is GET /portfolios/{id}/benefits/export.
func (s *Server) handlePortfolioBenefitsExport(w http.ResponseWriter, r *http.Request) {
	if pf, ok := s.loadPortfolio(w, r); ok {
		s.benefitRows(w, r, "hyodyt-salkku-"+strconv.FormatInt(pf.ID, 10), salkku.BenefitFilter{PortfolioID: &pf.ID})
	}
}
