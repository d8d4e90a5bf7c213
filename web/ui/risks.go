package ui

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/salkku/salkku/web"

	"github.com/salkku/salkku"
)

// A project's risk register and a portfolio's heat map (issue 9), and the
// names the log pages share (logBase).

// logBase names the values of the risk and log pages in the reader's
// language.
type logBase struct{ web.Base }

// RiskStatus names a risk status.
func (b logBase) RiskStatus(s string) string { return b.T("risk.status." + s) }

// RiskLevel names the level of a score: the heat map's colours in words.
func (b logBase) RiskLevel(score int) string { return b.T("risk.level." + salkku.RiskLevel(score)) }

// LevelClass is the CSS class of a score's level.
func (b logBase) LevelClass(score int) string { return "risk-" + salkku.RiskLevel(score) }

// Channel names a communication channel; Scope an audience scope.
func (b logBase) Channel(c string) string { return b.T("comms.channel." + c) }
func (b logBase) Scope(s string) string   { return b.T("comms.scope." + s) }

// Day formats a calendar day the language's way.
func (b logBase) Day(d salkku.Date) string { return gateBase{b.Base}.Day(d) }

// GateLevel names the body of a gate decision; GateKind its kind.
func (b logBase) GateLevel(l string) string { return b.T("gates.level." + l) }
func (b logBase) GateKind(k string) string  { return b.T("gates.decision." + k) }

func projectPath(id int64, tail string) string {
	return "/projects/" + strconv.FormatInt(id, 10) + tail
}

func portfolioPath(id int64, tail string) string {
	return "/portfolios/" + strconv.FormatInt(id, 10) + tail
}

type projectRisksPage struct {
	logBase
	Project *salkku.Project
	Risks   []*salkku.Risk
	Pager   pager
	Today   salkku.Date
}

// handleProjectRisks lists a project's risks by score, highest first.
func (s *Server) handleProjectRisks(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProject(w, r)
	if !ok {
		return
	}
	page := projectRisksPage{Project: p, Pager: newPager(r.URL.Query(), salkku.DefaultPageSize), Today: salkku.Today(s.Now())}
	err := page.Pager.load(func(pg salkku.Page) (n int, err error) {
		page.Risks, n, err = s.Register.FindRisks(r.Context(), salkku.RiskFilter{ProjectID: &p.ID, Page: pg})
		return n, err
	})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	b := s.NewBase(r, "")
	b.Title = b.T("risk.list_title", p.Code+" "+b.Plain(p.Name))
	b.NavIndex, b.Flash = "portfolios", s.TakeFlash(w, r)
	b.Crumbs = append(projectCrumbs(b, p, true), web.Crumb{Label: b.T("risk.crumb")})
	page.logBase = logBase{b}
	s.Render(w, r, http.StatusOK, "risks", page)
}

// riskForm is what the risk form posts, kept as typed.
type riskForm struct {
	Version                                      int
	Description, Cause, Consequence, Mitigation  salkku.Text
	Probability, Impact, Status, Review, Package string
	Owner, Report                                string
}

func riskFormOf(r *salkku.Risk) riskForm {
	f := riskForm{Version: r.Version, Description: r.Description, Cause: r.Cause, Consequence: r.Consequence, Mitigation: r.Mitigation,
		Probability: strconv.Itoa(r.Probability), Impact: strconv.Itoa(r.Impact), Status: r.Status, Review: dayString(r.ReviewDate),
		Package: web.IDString(r.WorkPackageID), Owner: web.IDString(r.OwnerID), Report: web.IDString(r.ReportID)}
	return f
}

func readRiskForm(r *http.Request) riskForm {
	v, _ := strconv.Atoi(r.PostFormValue("version"))
	return riskForm{Version: v, Description: web.FormText(r, "description"), Cause: web.FormText(r, "cause"),
		Consequence: web.FormText(r, "consequence"), Mitigation: web.FormText(r, "mitigation"),
		Probability: r.PostFormValue("probability"), Impact: r.PostFormValue("impact"), Status: r.PostFormValue("status"),
		Review: r.PostFormValue("review_date"), Package: r.PostFormValue("work_package_id"), Owner: r.PostFormValue("owner_id"),
		Report: r.PostFormValue("report_id")}
}

func (f riskForm) parse(r *salkku.Risk) salkku.FieldErrors {
	fe := salkku.FieldErrors{}
	r.Version = f.Version
	r.Description, r.Cause, r.Consequence, r.Mitigation = f.Description, f.Cause, f.Consequence, f.Mitigation
	r.Probability = web.FormInt(fe, "probability", f.Probability)
	r.Impact = web.FormInt(fe, "impact", f.Impact)
	r.Status = f.Status
	r.ReviewDate = formDate(fe, "review_date", f.Review)
	r.WorkPackageID = web.FormID(fe, "work_package_id", f.Package)
	r.OwnerID = web.FormID(fe, "owner_id", f.Owner)
	r.ReportID = web.FormID(fe, "report_id", f.Report)
	return fe
}

type riskFormPage struct {
	logBase
	Form         riskForm
	Project      *salkku.Project
	Editing      *salkku.Risk
	Scale        []int
	Statuses     []web.Option
	WorkPackages []web.Option
	Pickers      map[string]Picker
}

// Selected reports whether a scale value is the one typed.
func (p riskFormPage) Selected(typed string, n int) bool { return typed == strconv.Itoa(n) }

func (s *Server) handleRiskNew(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProject(w, r)
	if ok && s.Allowed(w, r, web.AccessOf(r).CanEditRisks(p)) {
		// Raised from a report's deviations box: the report, its work
		// package and the line come along (web/ui/report.go).
		q := r.URL.Query()
		s.saveRisk(w, r, p, nil, riskForm{Status: salkku.RiskOpen, Report: q.Get("report_id"), Package: q.Get("work_package_id"),
			Description: salkku.InPrimary(q.Get("description"))})
	}
}

func (s *Server) handleRiskEdit(w http.ResponseWriter, r *http.Request) {
	rk, p, ok := s.loadRisk(w, r)
	if ok && s.Allowed(w, r, web.AccessOf(r).CanEditRisks(p)) {
		s.saveRisk(w, r, p, rk, riskFormOf(rk))
	}
}

// riskPickers is the owner's picker, of the project's organisation.
func riskPickers(org int64, editing *salkku.Risk) []pickField {
	kept := map[int64]string{}
	if editing != nil {
		keep(kept, editing.OwnerID, editing.OwnerName)
	}
	return pickFields(personKind, org, kept, "owner_id")
}

// saveRisk shows the new or edit form on GET and saves it on POST.
func (s *Server) saveRisk(w http.ResponseWriter, r *http.Request, p *salkku.Project, editing *salkku.Risk, form riskForm) {
	ctx := r.Context()
	pf, err := s.Register.FindPortfolioByID(ctx, p.PortfolioID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	list := projectPath(p.ID, "/risks")
	b := s.NewBase(r, "")
	b.NavIndex, b.ContentLangs = "portfolios", p.ContentLangs
	b.Crumbs = append(projectCrumbs(b, p, true), web.Crumb{Label: b.T("risk.crumb"), URL: list})
	if editing != nil {
		b.Title = b.T("risk.edit_title", b.Plain(editing.Description))
		b.Crumbs = append(b.Crumbs, web.Crumb{Label: b.T("action.edit")})
	} else {
		b.Title = b.T("risk.new")
		b.Crumbs = append(b.Crumbs, web.Crumb{Label: b.Title})
	}
	status := http.StatusOK
	var picks pickState
	fields := riskPickers(pf.OrganisationID, editing)
	if r.Method == http.MethodPost {
		var done bool
		if status, done = s.PostForm(w, r, &b, func() (salkku.FieldErrors, error, string) {
			var pfe salkku.FieldErrors
			var err error
			if picks, pfe, err = s.resolvePickers(r, r.PostForm, fields...); err != nil {
				return nil, err, ""
			}
			form = readRiskForm(r)
			rk := &salkku.Risk{ProjectID: p.ID}
			if editing != nil {
				rk.ID = editing.ID
			}
			fe := form.parse(rk)
			for k, v := range pfe {
				fe[k] = v
			}
			return fe, save(r, fe, rk, editing != nil, s.Register.CreateRisk, s.Register.UpdateRisk), list
		}); done {
			return
		}
	}
	page := riskFormPage{logBase: logBase{b}, Form: form, Project: p, Editing: editing, Scale: []int{1, 2, 3, 4, 5}}
	for _, st := range salkku.RiskStatuses {
		page.Statuses = append(page.Statuses, web.Option{Value: st, Label: page.RiskStatus(st), Selected: st == form.Status})
	}
	if page.WorkPackages, err = s.workPackageOptions(ctx, b, p.ID, form.Package); err != nil {
		s.Error(w, r, err)
		return
	}
	chosen := map[string][]int64{"owner_id": nil}
	if id, err := strconv.ParseInt(form.Owner, 10, 64); err == nil && id > 0 {
		chosen["owner_id"] = []int64{id}
	}
	if page.Pickers, err = s.pickers(r, b, picks, chosen, fields...); err != nil {
		s.Error(w, r, err)
		return
	}
	s.Render(w, r, status, "risk_form", page)
}

// workPackageOptions offers a project's work packages, tree order, with
// "none" first.
func (s *Server) workPackageOptions(ctx context.Context, b web.Base, projectID int64, selected string) ([]web.Option, error) {
	wps, err := s.Register.FindWorkPackages(ctx, projectID)
	if err != nil {
		return nil, err
	}
	out := []web.Option{{Value: "", Label: b.T("form.none")}}
	for _, wp := range salkku.FlattenTree(salkku.BuildTree(wps)) {
		v := strconv.FormatInt(wp.ID, 10)
		label := strings.TrimSpace(strings.Repeat("– ", wp.Depth) + wp.Code + " " + b.Plain(wp.Name))
		out = append(out, web.Option{Value: v, Label: label, Selected: v == selected})
	}
	return out, nil
}

func (s *Server) handleRiskDelete(w http.ResponseWriter, r *http.Request) {
	rk, p, ok := s.loadRisk(w, r)
	if !ok || !s.Allowed(w, r, web.AccessOf(r).CanEditRisks(p)) {
		return
	}
	list := projectPath(p.ID, "/risks")
	b := s.NewBase(r, "")
	b.Title = b.T("risk.delete_title", b.Plain(rk.Description))
	b.NavIndex = "portfolios"
	b.Crumbs = append(projectCrumbs(b, p, true), web.Crumb{Label: b.T("risk.crumb"), URL: list}, web.Crumb{Label: b.T("action.delete")})
	s.confirmDelete(w, r, b, b.T("risk.delete_question", b.Plain(rk.Description)), list,
		func() error { return s.Register.DeleteRisk(r.Context(), rk.ID) }, list)
}

// loadRisk finds the risk of the path and its project.
func (s *Server) loadRisk(w http.ResponseWriter, r *http.Request) (*salkku.Risk, *salkku.Project, bool) {
	return loadWithProject(s, w, r, s.Register.FindRiskByID, func(rk *salkku.Risk) int64 { return rk.ProjectID })
}

// heatCell is one cell of the heat map as the chart and the table show
// it.
type heatCell struct {
	salkku.RiskCell
	Score int
	// X and Y place the cell in the chart.
	X, Y int
	URL  string
}

type heatRow struct {
	Impact int
	Cells  []heatCell
}

type portfolioRisksPage struct {
	logBase
	Portfolio *salkku.Portfolio
	HeatMap   *salkku.HeatMap
	Rows      []heatRow
	Scale     []int
	// Cell is the cell whose risks are listed (?p=&i=), if any.
	Cell      *heatCell
	CellRisks []*salkku.Risk
	Pager     pager
	Overdue   []*salkku.Risk
	// MoreOverdue is the number past those listed.
	MoreOverdue int
	Today       salkku.Date
	Levels      []legendLevel
}

type legendLevel struct{ Key, Range string }

// Geometry of the chart, in SVG units.
const (
	heatCellSize = 64
	heatLeft     = 56
	heatTop      = 8
)

// handlePortfolioRisks shows the heat map of a portfolio's risks with its
// sub-portfolios', the risks of a chosen cell and those past their review
// date.
func (s *Server) handlePortfolioRisks(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	pf, ok := s.loadPortfolio(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	page := portfolioRisksPage{Portfolio: pf, Scale: []int{1, 2, 3, 4, 5}, Today: salkku.Today(s.Now())}
	var err error
	if page.HeatMap, err = s.Register.RiskHeatMap(ctx, pf.ID); err != nil {
		s.Error(w, r, err)
		return
	}
	base := portfolioPath(pf.ID, "/risks")
	var cellP, cellI int
	if q.Has("p") || q.Has("i") {
		cellP, _ = strconv.Atoi(q.Get("p"))
		cellI, _ = strconv.Atoi(q.Get("i"))
		if cellP < salkku.RiskScaleMin || cellP > salkku.RiskScaleMax || cellI < salkku.RiskScaleMin || cellI > salkku.RiskScaleMax {
			s.Error(w, r, &salkku.Error{Code: salkku.EINVALID, Message: "error.risk_cell", Fields: map[string]string{"p": "error.out_of_range"}})
			return
		}
	}
	for _, c := range page.HeatMap.Cells {
		hc := heatCell{RiskCell: c, Score: c.Probability * c.Impact, X: heatLeft + (c.Probability-1)*heatCellSize,
			Y: heatTop + (salkku.RiskScaleMax-c.Impact)*heatCellSize, URL: base + "?" + url.Values{"p": {strconv.Itoa(c.Probability)}, "i": {strconv.Itoa(c.Impact)}}.Encode() + "#cell"}
		if len(page.Rows) == 0 || page.Rows[len(page.Rows)-1].Impact != c.Impact {
			page.Rows = append(page.Rows, heatRow{Impact: c.Impact})
		}
		row := &page.Rows[len(page.Rows)-1]
		row.Cells = append(row.Cells, hc)
		if c.Probability == cellP && c.Impact == cellI {
			cell := hc
			page.Cell = &cell
		}
	}
	if page.Cell != nil {
		page.Pager = newPager(q, salkku.DefaultPageSize)
		err := page.Pager.load(func(pg salkku.Page) (n int, err error) {
			page.CellRisks, n, err = s.Register.FindRisks(ctx, salkku.RiskFilter{PortfolioID: &pf.ID, Probability: cellP, Impact: cellI, Page: pg})
			return n, err
		})
		if err != nil {
			s.Error(w, r, err)
			return
		}
	}
	overdue, n, err := s.Register.FindRisks(ctx, salkku.RiskFilter{PortfolioID: &pf.ID, Overdue: page.Today, Page: salkku.Page{Limit: salkku.DefaultPageSize}})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	page.Overdue, page.MoreOverdue = overdue, n-len(overdue)
	b := s.NewBase(r, "")
	b.Title = b.T("heatmap.title", b.Plain(pf.Name))
	b.NavIndex = "portfolios"
	b.Crumbs = append(portfolioCrumbs(b, pf), web.Crumb{Label: b.T("heatmap.crumb")})
	page.logBase = logBase{b}
	for _, l := range []struct{ key, rng string }{{salkku.RiskLow, "1–4"}, {salkku.RiskMedium, "5–9"}, {salkku.RiskHigh, "10–14"}, {salkku.RiskCritical, "15–25"}} {
		page.Levels = append(page.Levels, legendLevel{Key: l.key, Range: l.rng})
	}
	s.Render(w, r, http.StatusOK, "portfolio_risks", page)
}

// ChartWidth and ChartHeight size the chart's viewBox.
func (p portfolioRisksPage) ChartWidth() int  { return heatLeft + 5*heatCellSize + 8 }
func (p portfolioRisksPage) ChartHeight() int { return heatTop + 5*heatCellSize + 48 }

// AxisY is where a row's impact label stands; AxisX a column's
// probability label.
func (p portfolioRisksPage) AxisY(impact int) int {
	return heatTop + (salkku.RiskScaleMax-impact)*heatCellSize + heatCellSize/2 + 5
}
func (p portfolioRisksPage) AxisX(probability int) int {
	return heatLeft + (probability-1)*heatCellSize + heatCellSize/2
}

// Half is the middle of a cell; Size a cell's side; Bottom the line
// under the grid.
func (p portfolioRisksPage) Half() int   { return heatCellSize / 2 }
func (p portfolioRisksPage) Size() int   { return heatCellSize }
func (p portfolioRisksPage) Bottom() int { return heatTop + 5*heatCellSize }
func (p portfolioRisksPage) Left() int   { return heatLeft }

// MidX and MidY are the middle of the grid, where the axes' titles
// stand.
func (p portfolioRisksPage) MidX() int { return heatLeft + 5*heatCellSize/2 }
func (p portfolioRisksPage) MidY() int { return heatTop + 5*heatCellSize/2 }
