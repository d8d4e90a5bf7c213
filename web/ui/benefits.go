package ui

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/salkku/salkku/web"

	"github.com/salkku/salkku"
)

// A project's benefits and their measurements, its life-cycle
// profitability, and a portfolio's benefits view (issue 10).

// benefitBase names and formats the values of the benefit pages in the
// reader's language.
type benefitBase struct{ web.Base }

// Kind names a benefit kind.
func (b benefitBase) Kind(k string) string { return b.T("benefit.kind." + k) }

// Day formats a calendar day the language's way.
func (b benefitBase) Day(d salkku.Date) string { return gateBase{b.Base}.Day(d) }

// Amount writes a value of a benefit's metric with its unit: euros the
// language's way for a money benefit.
func (b benefitBase) Amount(bf *salkku.Benefit, d salkku.Decimal) string {
	if bf.Kind == salkku.BenefitMoney {
		return d.Money().Format(b.Lang, true)
	}
	if bf.Unit == "" {
		return d.Format(b.Lang)
	}
	return d.Format(b.Lang) + "\u00a0" + bf.Unit
}

// Opt writes an optional value, "" when not given.
func (b benefitBase) Opt(bf *salkku.Benefit, d *salkku.Decimal) string {
	if d == nil {
		return ""
	}
	return b.Amount(bf, *d)
}

// Change writes a change of a value, with its sign.
func (b benefitBase) Change(bf *salkku.Benefit, d salkku.Decimal) string {
	if d > 0 {
		return "+" + b.Amount(bf, d)
	}
	return b.Amount(bf, d)
}

// Expected is the benefit's expected change, "" without a target.
func (b benefitBase) Expected(bf *salkku.Benefit) string {
	if d, ok := bf.Expected(); ok {
		return b.Change(bf, d)
	}
	return ""
}

// Realised is the change measured so far, "" before any measurement.
func (b benefitBase) Realised(bf *salkku.Benefit) string {
	if d, ok := bf.Realised(); ok {
		return b.Change(bf, d)
	}
	return ""
}

// Progress is the share of the expected change realised, "" when it
// cannot be told.
func (b benefitBase) Progress(bf *salkku.Benefit) string {
	if p, ok := bf.Progress(); ok {
		return b.T("benefit.progress_pct", salkku.Percent(p*100).Format(b.Lang))
	}
	return ""
}

// MeasuredChange is a measurement's change from the benefit's baseline.
func (b benefitBase) MeasuredChange(bf *salkku.Benefit, m *salkku.Measurement) string {
	base := salkku.Decimal(0)
	if bf.Baseline != nil {
		base = *bf.Baseline
	}
	return b.Change(bf, m.Value-base)
}

// Euros writes an amount of the profitability pages, whole euros without
// cents.
func (b benefitBase) Euros(m salkku.Money) string { return m.Format(b.Lang, true) }

// Payback writes a payback time, or that there is none within the years.
func (b benefitBase) Payback(p *salkku.Profitability, r *salkku.ProfitResult) string {
	if r.Payback == nil {
		return b.T("profit.no_payback", p.Years)
	}
	return b.T("profit.payback_ym", r.Payback.Years, r.Payback.Months)
}

// Factor writes a discount factor with six decimals.
func (b benefitBase) Factor(f float64) string {
	s := strconv.FormatFloat(f, 'f', 6, 64)
	if b.Lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// Rate writes a discount rate.
func (b benefitBase) Rate(p salkku.Percent) string { return p.Format(b.Lang) }

type projectBenefitsPage struct {
	benefitBase
	Project  *salkku.Project
	Benefits []*salkku.Benefit
	Pager    pager
	Today    salkku.Date
	// Profit is the project's profitability, if it has one.
	Profit *salkku.Profitability
	Result *salkku.ProfitResult
	// ShowProject is false: every benefit is the project's.
	ShowProject bool
}

// handleProjectBenefits lists a project's benefits with expected vs
// realised, and sums up its profitability.
func (s *Server) handleProjectBenefits(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProject(w, r)
	if !ok {
		return
	}
	page := projectBenefitsPage{Project: p, Pager: newPager(r.URL.Query(), salkku.DefaultPageSize), Today: salkku.Today(s.Now())}
	err := page.Pager.load(func(pg salkku.Page) (n int, err error) {
		page.Benefits, n, err = s.Register.FindBenefits(r.Context(), salkku.BenefitFilter{ProjectID: &p.ID, Page: pg})
		return n, err
	})
	if err == nil {
		page.Profit, page.Result, err = s.profitability(r, p.ID)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	b := s.NewBase(r, "")
	b.Title = b.T("benefit.list_title", p.Code+" "+b.Plain(p.Name))
	b.NavIndex, b.Flash = "portfolios", s.TakeFlash(w, r)
	b.Crumbs = append(projectCrumbs(b, p, true), web.Crumb{Label: b.T("benefit.crumb")})
	page.benefitBase = benefitBase{b}
	s.Render(w, r, http.StatusOK, "benefits", page)
}

// profitability reads a project's profitability and its result; both
// nil when it has none.
func (s *Server) profitability(r *http.Request, projectID int64) (*salkku.Profitability, *salkku.ProfitResult, error) {
	p, err := s.Register.FindProfitability(r.Context(), projectID)
	if salkku.ErrorCode(err) == salkku.ENOTFOUND {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	return p, p.Compute(), nil
}

// benefitForm is what the benefit form posts, kept as typed.
type benefitForm struct {
	Version                                  int
	Description, Metric                      salkku.Text
	Kind, Unit, Baseline, Target, TargetDate string
	Package, Owner                           string
}

func benefitFormOf(lang string, b *salkku.Benefit) benefitForm {
	return benefitForm{Version: b.Version, Description: b.Description, Metric: b.Metric, Kind: b.Kind, Unit: b.Unit,
		Baseline: decimalInput(lang, b.Baseline), Target: decimalInput(lang, b.Target), TargetDate: dayString(b.TargetDate),
		Package: web.IDString(b.WorkPackageID), Owner: web.IDString(b.OwnerID)}
}

func decimalInput(lang string, d *salkku.Decimal) string {
	if d == nil {
		return ""
	}
	return d.Input(lang)
}

func readBenefitForm(r *http.Request) benefitForm {
	v, _ := strconv.Atoi(r.PostFormValue("version"))
	return benefitForm{Version: v, Description: web.FormText(r, "description"), Metric: web.FormText(r, "metric"),
		Kind: r.PostFormValue("benefit_kind"), Unit: r.PostFormValue("unit"), Baseline: r.PostFormValue("baseline"), Target: r.PostFormValue("target"),
		TargetDate: r.PostFormValue("target_date"), Package: r.PostFormValue("work_package_id"), Owner: r.PostFormValue("owner_id")}
}

// formDecimal reads an optional number; "" is none.
func formDecimal(fe salkku.FieldErrors, field, v string) *salkku.Decimal {
	if strings.TrimSpace(v) == "" {
		return nil
	}
	d, key := salkku.ParseDecimal(v)
	if key != "" {
		fe.Add(field, key)
		return nil
	}
	return &d
}

func (f benefitForm) parse(b *salkku.Benefit) salkku.FieldErrors {
	fe := salkku.FieldErrors{}
	b.Version = f.Version
	b.Description, b.Metric, b.Kind, b.Unit = f.Description, f.Metric, f.Kind, f.Unit
	b.Baseline = formDecimal(fe, "baseline", f.Baseline)
	b.Target = formDecimal(fe, "target", f.Target)
	b.TargetDate = formDate(fe, "target_date", f.TargetDate)
	b.WorkPackageID = web.FormID(fe, "work_package_id", f.Package)
	b.OwnerID = web.FormID(fe, "owner_id", f.Owner)
	return fe
}

type benefitFormPage struct {
	benefitBase
	Form         benefitForm
	Project      *salkku.Project
	Editing      *salkku.Benefit
	Kinds        []web.Option
	WorkPackages []web.Option
	Pickers      map[string]Picker
}

func (s *Server) handleBenefitNew(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProject(w, r)
	if ok && s.Allowed(w, r, web.AccessOf(r).CanEditBenefits(p)) {
		s.saveBenefit(w, r, p, nil, benefitForm{Package: r.URL.Query().Get("work_package_id")})
	}
}

func (s *Server) handleBenefitEdit(w http.ResponseWriter, r *http.Request) {
	bf, p, ok := s.loadBenefit(w, r)
	if ok && s.Allowed(w, r, web.AccessOf(r).CanEditBenefits(p)) {
		s.saveBenefit(w, r, p, bf, benefitFormOf(web.Lang(r), bf))
	}
}

// saveBenefit shows the new or edit form on GET and saves it on POST.
func (s *Server) saveBenefit(w http.ResponseWriter, r *http.Request, p *salkku.Project, editing *salkku.Benefit, form benefitForm) {
	ctx := r.Context()
	pf, err := s.Register.FindPortfolioByID(ctx, p.PortfolioID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	list := projectPath(p.ID, "/benefits")
	b := s.NewBase(r, "")
	b.NavIndex, b.ContentLangs = "portfolios", p.ContentLangs
	b.Crumbs = append(projectCrumbs(b, p, true), web.Crumb{Label: b.T("benefit.crumb"), URL: list})
	if editing != nil {
		b.Title = b.T("benefit.edit_title", b.Plain(editing.Description))
		b.Crumbs = append(b.Crumbs, web.Crumb{Label: b.T("action.edit")})
	} else {
		b.Title = b.T("benefit.new")
		b.Crumbs = append(b.Crumbs, web.Crumb{Label: b.Title})
	}
	status := http.StatusOK
	var picks pickState
	kept := map[int64]string{}
	if editing != nil {
		keep(kept, editing.OwnerID, editing.OwnerName)
	}
	fields := pickFields(personKind, pf.OrganisationID, kept, "owner_id")
	if r.Method == http.MethodPost {
		var done bool
		if status, done = s.PostForm(w, r, &b, func() (salkku.FieldErrors, error, string) {
			var pfe salkku.FieldErrors
			var err error
			if picks, pfe, err = s.resolvePickers(r, r.PostForm, fields...); err != nil {
				return nil, err, ""
			}
			form = readBenefitForm(r)
			bf := &salkku.Benefit{ProjectID: p.ID}
			if editing != nil {
				bf.ID = editing.ID
			}
			fe := form.parse(bf)
			for k, v := range pfe {
				fe[k] = v
			}
			err = save(r, fe, bf, editing != nil, s.Register.CreateBenefit, s.Register.UpdateBenefit)
			return fe, renameField(err, "kind", "benefit_kind"), list
		}); done {
			return
		}
	}
	page := benefitFormPage{benefitBase: benefitBase{b}, Form: form, Project: p, Editing: editing}
	page.Kinds = []web.Option{{Value: "", Label: b.T("benefit.choose_kind")}}
	for _, k := range salkku.BenefitKinds {
		page.Kinds = append(page.Kinds, web.Option{Value: k, Label: page.Kind(k), Selected: k == form.Kind})
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
	s.Render(w, r, status, "benefit_form", page)
}

func (s *Server) handleBenefitDelete(w http.ResponseWriter, r *http.Request) {
	bf, p, ok := s.loadBenefit(w, r)
	if !ok || !s.Allowed(w, r, web.AccessOf(r).CanEditBenefits(p)) {
		return
	}
	list := projectPath(p.ID, "/benefits")
	b := s.NewBase(r, "")
	b.Title = b.T("benefit.delete_title", b.Plain(bf.Description))
	b.NavIndex = "portfolios"
	b.Crumbs = append(projectCrumbs(b, p, true), web.Crumb{Label: b.T("benefit.crumb"), URL: list}, web.Crumb{Label: b.T("action.delete")})
	s.confirmDelete(w, r, b, b.T("benefit.delete_question", b.Plain(bf.Description)), list,
		func() error { return s.Register.DeleteBenefit(r.Context(), bf.ID) }, list)
}

// loadBenefit finds the benefit of the path and its project.
func (s *Server) loadBenefit(w http.ResponseWriter, r *http.Request) (*salkku.Benefit, *salkku.Project, bool) {
	return loadWithProject(s, w, r, s.Register.FindBenefitByID, func(b *salkku.Benefit) int64 { return b.ProjectID })
}

func benefitPath(id int64) string { return "/benefits/" + strconv.FormatInt(id, 10) }

type benefitPage struct {
	benefitBase
	Project      *salkku.Project
	Benefit      *salkku.Benefit
	Measurements []*salkku.Measurement
	Today        salkku.Date
}

// handleBenefitView shows a benefit with its measurements over time.
func (s *Server) handleBenefitView(w http.ResponseWriter, r *http.Request) {
	bf, p, ok := s.loadBenefit(w, r)
	if !ok {
		return
	}
	ms, err := s.Register.FindMeasurements(r.Context(), bf.ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	b := s.NewBase(r, "")
	b.Title = b.T("benefit.view_title", b.Plain(bf.Description))
	b.NavIndex, b.Flash = "portfolios", s.TakeFlash(w, r)
	b.Crumbs = append(projectCrumbs(b, p, true), web.Crumb{Label: b.T("benefit.crumb"), URL: projectPath(p.ID, "/benefits")},
		web.Crumb{Label: b.Plain(bf.Description)})
	s.Render(w, r, http.StatusOK, "benefit", benefitPage{benefitBase: benefitBase{b}, Project: p, Benefit: bf, Measurements: ms, Today: salkku.Today(s.Now())})
}

// measurementForm is what the measurement form posts.
type measurementForm struct {
	Version     int
	Date, Value string
	Note        salkku.Text
}

type measurementFormPage struct {
	benefitBase
	Form    measurementForm
	Project *salkku.Project
	Benefit *salkku.Benefit
	Editing *salkku.Measurement
}

func (s *Server) handleMeasurementNew(w http.ResponseWriter, r *http.Request) {
	bf, p, ok := s.loadBenefit(w, r)
	if ok && s.Allowed(w, r, web.AccessOf(r).CanEditBenefits(p)) {
		s.saveMeasurement(w, r, p, bf, nil, measurementForm{})
	}
}

func (s *Server) handleMeasurementEdit(w http.ResponseWriter, r *http.Request) {
	m, bf, p, ok := s.loadMeasurement(w, r)
	if ok && s.Allowed(w, r, web.AccessOf(r).CanEditBenefits(p)) {
		s.saveMeasurement(w, r, p, bf, m, measurementForm{Version: m.Version, Date: dayString(m.Date), Value: m.Value.Input(web.Lang(r)), Note: m.Note})
	}
}

// loadMeasurement finds the measurement of the path, its benefit and
// project.
func (s *Server) loadMeasurement(w http.ResponseWriter, r *http.Request) (*salkku.Measurement, *salkku.Benefit, *salkku.Project, bool) {
	m, ok := load(s, w, r, s.Register.FindMeasurementByID)
	if !ok {
		return nil, nil, nil, false
	}
	bf, err := s.Register.FindBenefitByID(r.Context(), m.BenefitID)
	var p *salkku.Project
	if err == nil {
		p, err = s.Register.FindProjectByID(r.Context(), bf.ProjectID)
	}
	if err != nil {
		s.Error(w, r, err)
		return nil, nil, nil, false
	}
	return m, bf, p, true
}

// saveMeasurement shows the new or edit form on GET and saves it on
// POST, back to the benefit's page.
func (s *Server) saveMeasurement(w http.ResponseWriter, r *http.Request, p *salkku.Project, bf *salkku.Benefit, editing *salkku.Measurement, form measurementForm) {
	back := benefitPath(bf.ID)
	b := s.NewBase(r, "")
	b.NavIndex, b.ContentLangs = "portfolios", p.ContentLangs
	b.Crumbs = append(projectCrumbs(b, p, true), web.Crumb{Label: b.T("benefit.crumb"), URL: projectPath(p.ID, "/benefits")},
		web.Crumb{Label: b.Plain(bf.Description), URL: back})
	if editing != nil {
		b.Title = b.T("measurement.edit_title", b.Plain(bf.Description))
		b.Crumbs = append(b.Crumbs, web.Crumb{Label: b.T("action.edit")})
	} else {
		b.Title = b.T("measurement.new_title", b.Plain(bf.Description))
		b.Crumbs = append(b.Crumbs, web.Crumb{Label: b.T("measurement.new")})
	}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		var done bool
		if status, done = s.PostForm(w, r, &b, func() (salkku.FieldErrors, error, string) {
			v, _ := strconv.Atoi(r.PostFormValue("version"))
			form = measurementForm{Version: v, Date: r.PostFormValue("date"), Value: r.PostFormValue("value"), Note: web.FormText(r, "note")}
			fe := salkku.FieldErrors{}
			m := &salkku.Measurement{BenefitID: bf.ID, Note: form.Note}
			m.Version = form.Version
			if editing != nil {
				m.ID = editing.ID
			}
			m.Date = formDate(fe, "date", form.Date)
			if strings.TrimSpace(form.Value) == "" {
				fe.Add("value", "error.required")
			} else if d := formDecimal(fe, "value", form.Value); d != nil {
				m.Value = *d
			}
			return fe, save(r, fe, m, editing != nil, s.Register.CreateMeasurement, s.Register.UpdateMeasurement), back
		}); done {
			return
		}
	}
	s.Render(w, r, status, "measurement_form", measurementFormPage{benefitBase: benefitBase{b}, Form: form, Project: p, Benefit: bf, Editing: editing})
}

func (s *Server) handleMeasurementDelete(w http.ResponseWriter, r *http.Request) {
	m, bf, p, ok := s.loadMeasurement(w, r)
	if !ok || !s.Allowed(w, r, web.AccessOf(r).CanEditBenefits(p)) {
		return
	}
	back := benefitPath(bf.ID)
	b := s.NewBase(r, "")
	bb := benefitBase{b}
	b.Title = b.T("measurement.delete_title", bb.Day(m.Date))
	b.NavIndex = "portfolios"
	b.Crumbs = append(projectCrumbs(b, p, true), web.Crumb{Label: b.T("benefit.crumb"), URL: projectPath(p.ID, "/benefits")},
		web.Crumb{Label: b.Plain(bf.Description), URL: back}, web.Crumb{Label: b.T("action.delete")})
	s.confirmDelete(w, r, b, b.T("measurement.delete_question", bb.Day(m.Date), bb.Amount(bf, m.Value)), back,
		func() error { return s.Register.DeleteMeasurement(r.Context(), m.ID) }, back)
}

// profitForm is what the profitability form posts, kept as typed. Costs
// and Savings hold one amount a line, year 1 first, or one for every
// year.
type profitForm struct {
	Version                 int
	Investment, Years, Rate string
	Costs, Savings          string
}

func profitFormOf(lang string, p *salkku.Profitability) profitForm {
	return profitForm{Version: p.Version, Investment: p.Investment.Input(lang), Years: strconv.Itoa(p.Years),
		Rate: strings.TrimSuffix(strings.TrimSuffix(p.Rate.Format(lang), "%"), "\u00a0"), Costs: yearLines(lang, p.Costs), Savings: yearLines(lang, p.Savings)}
}

// yearLines writes amounts a line each, or one line when every year's
// is the same.
func yearLines(lang string, ms []salkku.Money) string {
	if len(ms) == 0 {
		return ""
	}
	same := true
	for _, m := range ms {
		same = same && m == ms[0]
	}
	if same {
		return ms[0].Input(lang)
	}
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Input(lang)
	}
	return strings.Join(out, "\n")
}

// formAmount reads a required amount; "" is 0.
func formAmount(fe salkku.FieldErrors, field, v string) salkku.Money {
	if strings.TrimSpace(v) == "" {
		return 0
	}
	m, key := salkku.ParseMoney(v)
	if key != "" {
		fe.Add(field, key)
	}
	return m
}

// formYears reads one amount a line; an empty line is refused, the
// first bad line named by the field's error.
func formYears(fe salkku.FieldErrors, field, v string) []salkku.Money {
	var out []salkku.Money
	for _, line := range strings.Split(strings.ReplaceAll(v, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		m, key := salkku.ParseMoney(line)
		if key != "" {
			fe.Add(field, key)
			return nil
		}
		out = append(out, m)
	}
	return out
}

func (f profitForm) parse(p *salkku.Profitability) salkku.FieldErrors {
	fe := salkku.FieldErrors{}
	p.Version = f.Version
	p.Investment = formAmount(fe, "investment", f.Investment)
	if strings.TrimSpace(f.Years) == "" {
		fe.Add("years", "error.required")
	} else {
		p.Years = web.FormInt(fe, "years", f.Years)
	}
	if strings.TrimSpace(f.Rate) != "" {
		rate, key := salkku.ParsePercent(f.Rate)
		if key != "" {
			fe.Add("rate", key)
		}
		p.Rate = rate
	}
	p.Costs = formYears(fe, "costs", f.Costs)
	p.Savings = formYears(fe, "savings", f.Savings)
	return fe
}

// chartBar is one year's bar of the cumulative cash flow chart.
type chartBar struct {
	X, Y, W, H int
	// TextX and TextY place the value label; YearY the year's.
	TextX, TextY, YearY int
	Year                int
	Value               string
	Negative            bool
}

// Geometry of the chart, in SVG units.
const (
	profitChartHeight = 260
	profitChartTop    = 24
	profitChartLeft   = 16
	profitBarStep     = 60
)

type profitabilityPage struct {
	benefitBase
	Project *salkku.Project
	Profit  *salkku.Profitability
	Result  *salkku.ProfitResult
	Form    profitForm
	CanEdit bool
	Bars    []chartBar
	// ZeroY is the zero line of the chart; Width and Height its size.
	ZeroY, Width, Height int
	// ShowValues is false when the bars are too many to label each.
	ShowValues bool
}

// handleProfitability shows a project's life-cycle profitability (a
// table by year and a chart of the cumulative cash flow) and, for those
// who edit the project, the form of its inputs.
func (s *Server) handleProfitability(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProject(w, r)
	if !ok {
		return
	}
	profit, result, err := s.profitability(r, p.ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	self := projectPath(p.ID, "/profitability")
	b := s.NewBase(r, "")
	b.Title = b.T("profit.title", p.Code+" "+b.Plain(p.Name))
	b.NavIndex, b.ContentLangs = "portfolios", p.ContentLangs
	b.Crumbs = append(projectCrumbs(b, p, true), web.Crumb{Label: b.T("profit.crumb")})
	page := profitabilityPage{Project: p, Profit: profit, Result: result, CanEdit: web.AccessOf(r).CanEditBenefits(p),
		Form: profitForm{Years: "10", Rate: "3"}}
	if profit != nil {
		page.Form = profitFormOf(b.Lang, profit)
	}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		if !s.Allowed(w, r, page.CanEdit) {
			return
		}
		var done bool
		if status, done = s.PostForm(w, r, &b, func() (salkku.FieldErrors, error, string) {
			v, _ := strconv.Atoi(r.PostFormValue("version"))
			page.Form = profitForm{Version: v, Investment: r.PostFormValue("investment"), Years: r.PostFormValue("years"), Rate: r.PostFormValue("rate"),
				Costs: r.PostFormValue("costs"), Savings: r.PostFormValue("savings")}
			in := &salkku.Profitability{ProjectID: p.ID}
			fe := page.Form.parse(in)
			if len(fe) > 0 {
				return fe, nil, ""
			}
			return fe, s.Register.SaveProfitability(salkku.WithInputErrors(r.Context(), fe), in), self
		}); done {
			return
		}
	}
	page.benefitBase = benefitBase{b}
	if result != nil {
		page.layoutChart()
	}
	s.Render(w, r, status, "profitability", page)
}

// layoutChart places a bar a year, from the zero line to the year's
// cumulative cash flow, scaled to the largest one.
func (p *profitabilityPage) layoutChart() {
	maxPos, maxNeg := salkku.Money(0), salkku.Money(0)
	for _, y := range p.Result.Years {
		maxPos, maxNeg = max(maxPos, y.Cumulative), min(maxNeg, y.Cumulative)
	}
	span := maxPos - maxNeg
	if span == 0 {
		span = 1
	}
	plot := profitChartHeight - 2*profitChartTop
	p.ZeroY = profitChartTop + int(int64(plot)*int64(maxPos)/int64(span))
	p.Width = profitChartLeft*2 + len(p.Result.Years)*profitBarStep
	p.Height = profitChartHeight + 24
	p.ShowValues = len(p.Result.Years) <= 11
	for i, y := range p.Result.Years {
		h := int(int64(plot) * int64(abs(y.Cumulative)) / int64(span))
		bar := chartBar{X: profitChartLeft + i*profitBarStep + 6, W: profitBarStep - 12, H: max(h, 1), Year: y.Year,
			Value: shortEuros(p.Lang, y.Cumulative), Negative: y.Cumulative < 0, YearY: profitChartHeight + 16}
		bar.TextX = bar.X + bar.W/2
		if bar.Negative {
			bar.Y = p.ZeroY
			bar.TextY = p.ZeroY + bar.H + 14
		} else {
			bar.Y = p.ZeroY - bar.H
			bar.TextY = bar.Y - 6
		}
		p.Bars = append(p.Bars, bar)
	}
}

func abs(m salkku.Money) salkku.Money {
	if m < 0 {
		return -m
	}
	return m
}

// shortEuros writes an amount in thousands of euros for a chart label:
// "−75 k€".
func shortEuros(lang string, m salkku.Money) string {
	k := salkku.Money((int64(abs(m)) + 50000) / 100000 * 100)
	s := strings.TrimSuffix(strings.TrimPrefix(k.Format(lang, true), "€"), "\u00a0€")
	sign := ""
	if m < 0 && k != 0 {
		sign = "−"
	}
	return sign + s + "\u00a0k€"
}

// Last is the last year of the result.
func (p profitabilityPage) Last() int { return len(p.Result.Years) - 1 }

type portfolioBenefitsPage struct {
	benefitBase
	Portfolio  *salkku.Portfolio
	Benefits   []*salkku.Benefit
	Pager      pager
	Unverified []*salkku.Benefit
	// MoreUnverified is the number past those listed.
	MoreUnverified int
	Today          salkku.Date
	// ShowProject is true: the benefits are of many projects.
	ShowProject bool
}

// handlePortfolioBenefits shows a portfolio's benefits, its
// sub-portfolios' too, expected vs realised, and those past their target
// date with no measurement after it: two counts and two bounded queries
// whatever the number of projects.
func (s *Server) handlePortfolioBenefits(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	pf, ok := s.loadPortfolio(w, r)
	if !ok {
		return
	}
	page := portfolioBenefitsPage{ShowProject: true, Portfolio: pf, Pager: newPager(r.URL.Query(), salkku.DefaultPageSize), Today: salkku.Today(s.Now())}
	err := page.Pager.load(func(pg salkku.Page) (n int, err error) {
		page.Benefits, n, err = s.Register.FindBenefits(ctx, salkku.BenefitFilter{PortfolioID: &pf.ID, Page: pg})
		return n, err
	})
	if err == nil {
		var n int
		page.Unverified, n, err = s.Register.FindBenefits(ctx, salkku.BenefitFilter{PortfolioID: &pf.ID, Unverified: page.Today,
			Page: salkku.Page{Limit: salkku.DefaultPageSize}})
		page.MoreUnverified = n - len(page.Unverified)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	b := s.NewBase(r, "")
	b.Title = b.T("pfbenefits.title", b.Plain(pf.Name))
	b.NavIndex = "portfolios"
	b.Crumbs = append(portfolioCrumbs(b, pf), web.Crumb{Label: b.T("benefit.crumb")})
	page.benefitBase = benefitBase{b}
	s.Render(w, r, http.StatusOK, "portfolio_benefits", page)
}

// profitItems are the checklist items of the default life-cycle model
// that a profitability calculation answers: the gates page links them to
// the project's.
var profitItems = map[string]bool{"planning-cost-benefit": true, "planning-lifecycle-profitability": true}

// profitCheck is what the gates page says of a project's profitability
// beside those items.
type profitCheck struct {
	URL    string
	Has    bool
	NPV    salkku.Money
	Result *salkku.ProfitResult
	Profit *salkku.Profitability
}

// gateProfitCheck reads the project's profitability for the gates page
// when its phase's checklist has an item it answers.
func (s *Server) gateProfitCheck(r *http.Request, p *salkku.Project, items []salkku.CheckItem) (*profitCheck, error) {
	asked := false
	for _, it := range items {
		asked = asked || profitItems[it.Key]
	}
	if !asked {
		return nil, nil
	}
	profit, result, err := s.profitability(r, p.ID)
	if err != nil {
		return nil, err
	}
	c := &profitCheck{URL: projectPath(p.ID, "/profitability"), Has: profit != nil, Profit: profit, Result: result}
	if result != nil {
		c.NPV = result.NPV
	}
	return c, nil
}

// renameField moves a service error's field error to the name the form
// gives the field: a benefit's "kind" is the form's "benefit_kind", as
// "kind" names a reporting cycle's elsewhere.
func renameField(err error, from, to string) error {
	e, ok := err.(*salkku.Error)
	if !ok || e.Fields[from] == "" {
		return err
	}
	c := *e
	c.Fields = map[string]string{}
	for k, v := range e.Fields {
		if k == from {
			k = to
		}
		c.Fields[k] = v
	}
	return &c
}

// Euros writes the NPV beside a checklist item of the gates page.
func (b gateBase) Euros(m salkku.Money) string { return m.Format(b.Lang, true) }
