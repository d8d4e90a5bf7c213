package ui

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/salkku/salkku/web"

	"github.com/salkku/salkku"
)

// A project's actuals, newest first a page at a time, entered, corrected
// and removed by hand; and its finance settings: the day the actuals run
// to and the forecast (run-rate, or entered per category).

type actualsPage struct {
	finBase
	Project *salkku.Project
	Actuals []*salkku.Actual
	// Next links to the next page, First back to the newest.
	Next, First string
}

// actualsPageSize is the rows of one page of actuals.
const actualsPageSize = salkku.DefaultPageSize

// parseAfter reads the keyset cursor "MONTH-ID" of the last row shown.
func parseAfter(v string) (salkku.Month, int64) {
	m, id, ok := strings.Cut(v, "-")
	if !ok {
		return 0, 0
	}
	mn, err1 := strconv.Atoi(m)
	n, err2 := strconv.ParseInt(id, 10, 64)
	if err1 != nil || err2 != nil || mn <= 0 || n <= 0 {
		return 0, 0
	}
	return salkku.Month(mn), n
}

// handleActuals lists a project's actuals newest first.
func (s *Server) handleActuals(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProject(w, r)
	if !ok {
		return
	}
	f := salkku.ActualFilter{ProjectID: p.ID, Limit: actualsPageSize + 1}
	after := r.URL.Query().Get("after")
	f.AfterMonth, f.AfterID = parseAfter(after)
	list, err := s.Register.FindActuals(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	self := projectPath(p.ID, "/finance/actuals")
	page := actualsPage{Project: p, Actuals: list}
	if len(list) > actualsPageSize {
		page.Actuals = list[:actualsPageSize]
		last := page.Actuals[actualsPageSize-1]
		page.Next = fmt.Sprintf("%s?after=%d-%d", self, int(last.Month), last.ID)
	}
	if f.AfterID != 0 {
		page.First = self
	}
	b := s.NewBase(r, "")
	b.Title = b.T("actual.title")
	b.NavIndex, b.Flash = "portfolios", s.TakeFlash(w, r)
	b.Crumbs = append(projectCrumbs(b, p, true), web.Crumb{Label: b.T("finance.title"), URL: projectPath(p.ID, "/finance")}, web.Crumb{Label: b.Title})
	page.finBase = finBase{b}
	s.Render(w, r, http.StatusOK, "finance_actuals", page)
}

// actualForm is what the actual's form posts, kept as typed.
type actualForm struct {
	Version                                       int
	Month, Category, Amount, Package, Description string
}

func actualFormOf(a *salkku.Actual, lang string) actualForm {
	return actualForm{Version: a.Version, Month: a.Month.String(), Category: strconv.FormatInt(a.CategoryID, 10),
		Amount: a.Amount.Input(lang), Package: web.IDString(a.WorkPackageID), Description: a.Description}
}

func (f actualForm) parse(a *salkku.Actual) salkku.FieldErrors {
	fe := salkku.FieldErrors{}
	a.Version = f.Version
	if strings.TrimSpace(f.Month) == "" {
		fe.Add("month", "error.required")
	} else {
		a.Month = web.FormMonth(fe, "month", f.Month)
	}
	if id := web.FormID(fe, "cost_category_id", f.Category); id != nil {
		a.CategoryID = *id
	}
	a.Amount = formMoney(fe, "amount", f.Amount, true)
	a.WorkPackageID = web.FormID(fe, "work_package_id", f.Package)
	a.Description = f.Description
	return fe
}

// renameError moves the store's error of a field to the form's own name
// for it.
func renameError(errs map[string]string, from, to string) {
	if k, ok := errs[from]; ok {
		delete(errs, from)
		if _, seen := errs[to]; !seen {
			errs[to] = k
		}
	}
}

// formMoney parses an amount typed the Finnish way; "" is zero unless
// required. A bad amount leaves its field's message, which says how to
// write one.
func formMoney(fe salkku.FieldErrors, field, v string, required bool) salkku.Money {
	if strings.TrimSpace(v) == "" {
		if required {
			fe.Add(field, "error.required")
		}
		return 0
	}
	m, key := salkku.ParseMoney(v)
	if key != "" {
		fe.Add(field, key)
	}
	return m
}

// formMoneyPtr parses an optional amount: "" is none.
func formMoneyPtr(fe salkku.FieldErrors, field, v string) *salkku.Money {
	if strings.TrimSpace(v) == "" {
		return nil
	}
	m := formMoney(fe, field, v, false)
	return &m
}

// moneyString writes an optional amount for a form field.
func moneyString(m *salkku.Money, lang string) string {
	if m == nil {
		return ""
	}
	return m.Input(lang)
}

type actualFormPage struct {
	finBase
	Form         actualForm
	Project      *salkku.Project
	Editing      *salkku.Actual
	Categories   []web.Option
	WorkPackages []web.Option
}

func (s *Server) handleActualNew(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProject(w, r)
	if ok && s.Allowed(w, r, web.AccessOf(r).CanEditFinance(p)) {
		s.saveActual(w, r, p, nil, actualForm{Month: thisMonth(s.Now()).String()})
	}
}

// thisMonth is the month of now in Finland.
func thisMonth(now time.Time) salkku.Month {
	t := salkku.Today(now).Time()
	return salkku.NewMonth(t.Year(), int(t.Month()))
}

func (s *Server) handleActualEdit(w http.ResponseWriter, r *http.Request) {
	a, p, ok := s.loadActual(w, r)
	if ok && s.Allowed(w, r, web.AccessOf(r).CanEditFinance(p)) {
		s.saveActual(w, r, p, a, actualFormOf(a, web.Lang(r)))
	}
}

func (s *Server) loadActual(w http.ResponseWriter, r *http.Request) (*salkku.Actual, *salkku.Project, bool) {
	return loadWithProject(s, w, r, s.Register.FindActualByID, func(a *salkku.Actual) int64 { return a.ProjectID })
}

// categoryOptions offers an organisation's cost categories in order.
func categoryOptions(b web.Base, cats []*salkku.CostCategory, selected string) []web.Option {
	out := []web.Option{{Value: "", Label: b.T("finance.choose_category")}}
	for _, c := range cats {
		v := strconv.FormatInt(c.ID, 10)
		out = append(out, web.Option{Value: v, Label: b.Plain(c.Name), Selected: v == selected})
	}
	return out
}

// saveActual shows the new or edit form on GET and saves it on POST.
func (s *Server) saveActual(w http.ResponseWriter, r *http.Request, p *salkku.Project, editing *salkku.Actual, form actualForm) {
	ctx := r.Context()
	pf, err := s.Register.FindProjectFinance(ctx, p.ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	list := projectPath(p.ID, "/finance/actuals")
	b := s.NewBase(r, "")
	b.NavIndex = "portfolios"
	b.Crumbs = append(projectCrumbs(b, p, true), web.Crumb{Label: b.T("finance.title"), URL: projectPath(p.ID, "/finance")},
		web.Crumb{Label: b.T("actual.crumb"), URL: list})
	if editing != nil {
		b.Title = b.T("actual.edit_title", editing.Month.String())
		b.Crumbs = append(b.Crumbs, web.Crumb{Label: b.T("action.edit")})
	} else {
		b.Title = b.T("actual.new")
		b.Crumbs = append(b.Crumbs, web.Crumb{Label: b.Title})
	}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		var done bool
		if status, done = s.PostForm(w, r, &b, func() (salkku.FieldErrors, error, string) {
			v, _ := strconv.Atoi(r.PostFormValue("version"))
			form = actualForm{Version: v, Month: r.PostFormValue("month"), Category: r.PostFormValue("cost_category_id"),
				Amount: r.PostFormValue("amount"), Package: r.PostFormValue("work_package_id"), Description: r.PostFormValue("description")}
			a := &salkku.Actual{ProjectID: p.ID}
			if editing != nil {
				a.ID, a.ImportID, a.SourceKey = editing.ID, editing.ImportID, editing.SourceKey
			}
			fe := form.parse(a)
			return fe, save(r, fe, a, editing != nil, s.Register.CreateActual, s.Register.UpdateActual), list
		}); done {
			return
		}
		renameError(b.Errors, "category_id", "cost_category_id")
	}
	page := actualFormPage{finBase: finBase{b}, Form: form, Project: p, Editing: editing, Categories: categoryOptions(b, pf.Categories, form.Category)}
	if page.WorkPackages, err = s.workPackageOptions(ctx, b, p.ID, form.Package); err != nil {
		s.Error(w, r, err)
		return
	}
	s.Render(w, r, status, "actual_form", page)
}

func (s *Server) handleActualDelete(w http.ResponseWriter, r *http.Request) {
	a, p, ok := s.loadActual(w, r)
	if !ok || !s.Allowed(w, r, web.AccessOf(r).CanEditFinance(p)) {
		return
	}
	list := projectPath(p.ID, "/finance/actuals")
	b := s.NewBase(r, "")
	what := a.Month.String() + " " + b.Plain(a.CategoryName) + " " + a.Amount.Format(b.Lang, false)
	b.Title = b.T("actual.delete_title", what)
	b.NavIndex = "portfolios"
	b.Crumbs = append(projectCrumbs(b, p, true), web.Crumb{Label: b.T("actual.crumb"), URL: list}, web.Crumb{Label: b.T("action.delete")})
	s.confirmDelete(w, r, b, b.T("actual.delete_question", what), list,
		func() error { return s.Register.DeleteActual(r.Context(), a.ID) }, list)
}

// finSettingsLine is one category's entered forecast in the settings form.
type finSettingsLine struct {
	Name, Lang, Field, Value, Error string
}

type finSettingsPage struct {
	finBase
	Summary []summaryItem
	Project *salkku.Project
	Version int
	Through string
	Mode    string
	Lines   []finSettingsLine
}

// handleFinanceSettings shows and saves a project's finance settings.
func (s *Server) handleFinanceSettings(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProject(w, r)
	if !ok || !s.Allowed(w, r, web.AccessOf(r).CanEditFinance(p)) {
		return
	}
	ctx := r.Context()
	pf, err := s.Register.FindProjectFinance(ctx, p.ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	back := projectPath(p.ID, "/finance")
	b := s.NewBase(r, "")
	b.Title = b.T("finance.settings_title")
	b.NavIndex = "portfolios"
	b.Crumbs = append(projectCrumbs(b, p, true), web.Crumb{Label: b.T("finance.title"), URL: back}, web.Crumb{Label: b.T("finance.settings_crumb")})
	st := pf.Settings
	page := finSettingsPage{Project: p, Version: st.Version, Through: dayString(st.ActualsThrough), Mode: st.ForecastMode}
	typed := map[int64]string{}
	for _, f := range st.Forecast {
		typed[f.CategoryID] = f.Amount.Input(b.Lang)
	}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		var done bool
		if status, done = s.PostForm(w, r, &b, func() (salkku.FieldErrors, error, string) {
			fe := salkku.FieldErrors{}
			page.Version, _ = strconv.Atoi(r.PostFormValue("version"))
			page.Through, page.Mode = r.PostFormValue("actuals_through"), r.PostFormValue("forecast_mode")
			ns := &salkku.FinanceSettings{ProjectID: p.ID, Version: page.Version, ForecastMode: page.Mode, Forecast: []salkku.ForecastLine{}}
			ns.ActualsThrough = formDate(fe, "actuals_through", page.Through)
			var fields []string
			for _, c := range pf.Categories {
				field := "forecast_amount_" + strconv.FormatInt(c.ID, 10)
				v := r.PostFormValue(field)
				typed[c.ID] = v
				if strings.TrimSpace(v) == "" {
					continue
				}
				m := formMoney(fe, field, v, false)
				ns.Forecast = append(ns.Forecast, salkku.ForecastLine{CategoryID: c.ID, Amount: m})
				fields = append(fields, field)
			}
			err := save(r, fe, ns, true, nil, s.Register.UpdateFinanceSettings)
			var e *salkku.Error
			if errors.As(err, &e) {
				// The store names an entered line by its index.
				for f, k := range e.Fields {
					var i int
					if n, _ := fmt.Sscanf(f, "forecast.%d.", &i); n == 1 && i >= 0 && i < len(fields) {
						fe.Add(fields[i], k)
					}
				}
			}
			return fe, err, back
		}); done {
			return
		}
	}
	for _, c := range pf.Categories {
		name, lang := c.Name.In(b.Lang)
		if lang == b.Lang {
			lang = ""
		}
		field := "forecast_amount_" + strconv.FormatInt(c.ID, 10)
		l := finSettingsLine{Name: name, Lang: lang, Field: field, Value: typed[c.ID]}
		if k := b.Errors[field]; k != "" {
			l.Error = b.T(k)
			page.Summary = append(page.Summary, summaryItem{Href: "#" + web.FieldID(field), Label: b.T("finance.forecast_of", name), Message: l.Error})
		}
		page.Lines = append(page.Lines, l)
	}
	b.Errors = withoutPrefix(b.Errors, "forecast_amount_", "forecast.")
	page.finBase = finBase{b}
	s.Render(w, r, status, "finance_settings", page)
}
