package ui

import (
	"net/http"
	"strconv"

	"github.com/salkku/salkku/web"

	"github.com/salkku/salkku"
)

// A project's funding: its sources (own budget, a state or EU grant with
// its decision, other) and each grant's payment applications
// (maksatushakemus), with what is overdue.

type fundingPage struct {
	finBase
	Project *salkku.Project
	Funding []*salkku.Funding
	Today   salkku.Date
}

// AppOverdue: a planned application past its due day.
func (p fundingPage) AppOverdue(a *salkku.PaymentApplication) bool {
	return applicationOverdue(a, p.Today)
}

// ReportOverdue: a grant's final report past its due day.
func (p fundingPage) ReportOverdue(f *salkku.Funding) bool { return fundingReportOverdue(f, p.Today) }

// IsGrant reports whether a source has a decision and applications.
func (p fundingPage) IsGrant(f *salkku.Funding) bool { return salkku.IsGrant(f.Kind) }

// handleFunding lists a project's funding sources and applications.
func (s *Server) handleFunding(w http.ResponseWriter, r *http.Request) {
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
	b.Title = b.T("funding.title")
	b.NavIndex, b.Flash = "portfolios", s.TakeFlash(w, r)
	b.Crumbs = append(projectCrumbs(b, p, true), web.Crumb{Label: b.T("finance.title"), URL: projectPath(p.ID, "/finance")}, web.Crumb{Label: b.Title})
	s.Render(w, r, http.StatusOK, "finance_funding", fundingPage{finBase: finBase{b}, Project: p, Funding: pf.Funding, Today: salkku.Today(s.Now())})
}

// fundingForm is what the funding form posts, kept as typed.
type fundingForm struct {
	Version                                                int
	Kind                                                   string
	Name                                                   salkku.Text
	Amount, Share, Number, DecisionDate, Granted, From, To string
	ReportDue                                              string
}

func fundingFormOf(f *salkku.Funding, lang string) fundingForm {
	ff := fundingForm{Version: f.Version, Kind: f.Kind, Name: f.Name, Amount: moneyString(f.Amount, lang), Number: f.DecisionNumber,
		DecisionDate: dayString(f.DecisionDate), Granted: moneyString(f.Granted, lang), From: dayString(f.EligibleFrom),
		To: dayString(f.EligibleTo), ReportDue: dayString(f.FinalReportDue)}
	if f.Share != 0 {
		ff.Share = percentInput(f.Share, lang)
	}
	return ff
}

// percentInput writes a share for a form field, "62,5".
func percentInput(p salkku.Percent, lang string) string {
	return salkku.Money(p).Input(lang)
}

func readFundingForm(r *http.Request) fundingForm {
	v, _ := strconv.Atoi(r.PostFormValue("version"))
	return fundingForm{Version: v, Kind: r.PostFormValue("funding_kind"), Name: web.FormText(r, "name"), Amount: r.PostFormValue("amount"),
		Share: r.PostFormValue("share"), Number: r.PostFormValue("decision_number"), DecisionDate: r.PostFormValue("decision_date"),
		Granted: r.PostFormValue("granted"), From: r.PostFormValue("eligible_from"), To: r.PostFormValue("eligible_to"),
		ReportDue: r.PostFormValue("final_report_due")}
}

func (ff fundingForm) parse(f *salkku.Funding) salkku.FieldErrors {
	fe := salkku.FieldErrors{}
	f.Version, f.Kind, f.Name, f.DecisionNumber = ff.Version, ff.Kind, ff.Name, ff.Number
	f.Amount = formMoneyPtr(fe, "amount", ff.Amount)
	f.Granted = formMoneyPtr(fe, "granted", ff.Granted)
	if ff.Share != "" {
		p, key := salkku.ParsePercent(ff.Share)
		if key != "" {
			fe.Add("share", key)
		}
		f.Share = p
	}
	f.DecisionDate = formDate(fe, "decision_date", ff.DecisionDate)
	f.EligibleFrom = formDate(fe, "eligible_from", ff.From)
	f.EligibleTo = formDate(fe, "eligible_to", ff.To)
	f.FinalReportDue = formDate(fe, "final_report_due", ff.ReportDue)
	return fe
}

type fundingFormPage struct {
	finBase
	Form    fundingForm
	Project *salkku.Project
	Editing *salkku.Funding
	Kinds   []web.Option
}

func (s *Server) handleFundingNew(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProject(w, r)
	if ok && s.Allowed(w, r, web.AccessOf(r).CanEditFinance(p)) {
		s.saveFunding(w, r, p, nil, fundingForm{Kind: salkku.FundingStateGrant})
	}
}

func (s *Server) handleFundingEdit(w http.ResponseWriter, r *http.Request) {
	f, p, ok := s.loadFunding(w, r)
	if ok && s.Allowed(w, r, web.AccessOf(r).CanEditFinance(p)) {
		s.saveFunding(w, r, p, f, fundingFormOf(f, web.Lang(r)))
	}
}

func (s *Server) loadFunding(w http.ResponseWriter, r *http.Request) (*salkku.Funding, *salkku.Project, bool) {
	return loadWithProject(s, w, r, s.Register.FindFundingByID, func(f *salkku.Funding) int64 { return f.ProjectID })
}

func (s *Server) saveFunding(w http.ResponseWriter, r *http.Request, p *salkku.Project, editing *salkku.Funding, form fundingForm) {
	list := projectPath(p.ID, "/finance/funding")
	b := s.NewBase(r, "")
	b.NavIndex, b.ContentLangs = "portfolios", p.ContentLangs
	b.Crumbs = append(projectCrumbs(b, p, true), web.Crumb{Label: b.T("finance.title"), URL: projectPath(p.ID, "/finance")},
		web.Crumb{Label: b.T("funding.crumb"), URL: list})
	if editing != nil {
		b.Title = b.T("funding.edit_title", b.Plain(editing.Name))
		b.Crumbs = append(b.Crumbs, web.Crumb{Label: b.T("action.edit")})
	} else {
		b.Title = b.T("funding.new")
		b.Crumbs = append(b.Crumbs, web.Crumb{Label: b.Title})
	}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		var done bool
		if status, done = s.PostForm(w, r, &b, func() (salkku.FieldErrors, error, string) {
			form = readFundingForm(r)
			f := &salkku.Funding{ProjectID: p.ID}
			if editing != nil {
				f.ID = editing.ID
			}
			fe := form.parse(f)
			return fe, save(r, fe, f, editing != nil, s.Register.CreateFunding, s.Register.UpdateFunding), list
		}); done {
			return
		}
		renameError(b.Errors, "kind", "funding_kind")
	}
	page := fundingFormPage{finBase: finBase{b}, Form: form, Project: p, Editing: editing}
	for _, k := range salkku.FundingKinds {
		page.Kinds = append(page.Kinds, web.Option{Value: k, Label: page.Kind(k), Selected: k == form.Kind})
	}
	s.Render(w, r, status, "funding_form", page)
}

func (s *Server) handleFundingDelete(w http.ResponseWriter, r *http.Request) {
	f, p, ok := s.loadFunding(w, r)
	if !ok || !s.Allowed(w, r, web.AccessOf(r).CanEditFinance(p)) {
		return
	}
	list := projectPath(p.ID, "/finance/funding")
	b := s.NewBase(r, "")
	b.Title = b.T("funding.delete_title", b.Plain(f.Name))
	b.NavIndex = "portfolios"
	b.Crumbs = append(projectCrumbs(b, p, true), web.Crumb{Label: b.T("funding.crumb"), URL: list}, web.Crumb{Label: b.T("action.delete")})
	s.confirmDelete(w, r, b, b.T("funding.delete_question", b.Plain(f.Name)), list,
		func() error { return s.Register.DeleteFunding(r.Context(), f.ID) }, list)
}

// applicationForm is what the payment application's form posts.
type applicationForm struct {
	Version                                                     int
	Number, From, To, Due, Submitted, Applied, Received, Status string
	Note                                                        salkku.Text
}

func applicationFormOf(a *salkku.PaymentApplication, lang string) applicationForm {
	return applicationForm{Version: a.Version, Number: strconv.Itoa(a.Number), From: dayString(a.PeriodFrom), To: dayString(a.PeriodTo),
		Due: dayString(a.Due), Submitted: dayString(a.Submitted), Applied: moneyString(a.Applied, lang), Received: moneyString(a.Received, lang),
		Status: a.Status, Note: a.Note}
}

func readApplicationForm(r *http.Request) applicationForm {
	v, _ := strconv.Atoi(r.PostFormValue("version"))
	return applicationForm{Version: v, Number: r.PostFormValue("number"), From: r.PostFormValue("period_from"), To: r.PostFormValue("period_to"),
		Due: r.PostFormValue("due"), Submitted: r.PostFormValue("submitted"), Applied: r.PostFormValue("applied"),
		Received: r.PostFormValue("received"), Status: r.PostFormValue("status"), Note: web.FormText(r, "note")}
}

func (af applicationForm) parse(a *salkku.PaymentApplication) salkku.FieldErrors {
	fe := salkku.FieldErrors{}
	a.Version, a.Status, a.Note = af.Version, af.Status, af.Note
	a.Number = web.FormInt(fe, "number", af.Number)
	a.PeriodFrom = formDate(fe, "period_from", af.From)
	a.PeriodTo = formDate(fe, "period_to", af.To)
	a.Due = formDate(fe, "due", af.Due)
	a.Submitted = formDate(fe, "submitted", af.Submitted)
	a.Applied = formMoneyPtr(fe, "applied", af.Applied)
	a.Received = formMoneyPtr(fe, "received", af.Received)
	return fe
}

type applicationFormPage struct {
	finBase
	Form     applicationForm
	Project  *salkku.Project
	Funding  *salkku.Funding
	Editing  *salkku.PaymentApplication
	Statuses []web.Option
}

func (s *Server) handleApplicationNew(w http.ResponseWriter, r *http.Request) {
	f, p, ok := s.loadFunding(w, r)
	if ok && s.Allowed(w, r, web.AccessOf(r).CanEditFinance(p)) {
		next := 1
		for _, a := range f.Applications {
			next = max(next, a.Number+1)
		}
		s.saveApplication(w, r, p, f, nil, applicationForm{Number: strconv.Itoa(next), Status: salkku.ApplicationPlanned})
	}
}

func (s *Server) handleApplicationEdit(w http.ResponseWriter, r *http.Request) {
	a, f, p, ok := s.loadApplication(w, r)
	if ok && s.Allowed(w, r, web.AccessOf(r).CanEditFinance(p)) {
		s.saveApplication(w, r, p, f, a, applicationFormOf(a, web.Lang(r)))
	}
}

// loadApplication finds the application of the path, its grant and
// project.
func (s *Server) loadApplication(w http.ResponseWriter, r *http.Request) (*salkku.PaymentApplication, *salkku.Funding, *salkku.Project, bool) {
	a, ok := load(s, w, r, s.Register.FindPaymentApplicationByID)
	if !ok {
		return nil, nil, nil, false
	}
	f, err := s.Register.FindFundingByID(r.Context(), a.FundingID)
	if err != nil {
		s.Error(w, r, err)
		return nil, nil, nil, false
	}
	p, err := s.Register.FindProjectByID(r.Context(), f.ProjectID)
	if err != nil {
		s.Error(w, r, err)
		return nil, nil, nil, false
	}
	return a, f, p, true
}

func (s *Server) saveApplication(w http.ResponseWriter, r *http.Request, p *salkku.Project, f *salkku.Funding, editing *salkku.PaymentApplication, form applicationForm) {
	list := projectPath(p.ID, "/finance/funding")
	b := s.NewBase(r, "")
	b.NavIndex, b.ContentLangs = "portfolios", p.ContentLangs
	b.Crumbs = append(projectCrumbs(b, p, true), web.Crumb{Label: b.T("finance.title"), URL: projectPath(p.ID, "/finance")},
		web.Crumb{Label: b.T("funding.crumb"), URL: list})
	if editing != nil {
		b.Title = b.T("application.edit_title", editing.Number, b.Plain(f.Name))
		b.Crumbs = append(b.Crumbs, web.Crumb{Label: b.T("action.edit")})
	} else {
		b.Title = b.T("application.new_title", b.Plain(f.Name))
		b.Crumbs = append(b.Crumbs, web.Crumb{Label: b.T("application.new")})
	}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		var done bool
		if status, done = s.PostForm(w, r, &b, func() (salkku.FieldErrors, error, string) {
			form = readApplicationForm(r)
			a := &salkku.PaymentApplication{FundingID: f.ID}
			if editing != nil {
				a.ID = editing.ID
			}
			fe := form.parse(a)
			return fe, save(r, fe, a, editing != nil, s.Register.CreatePaymentApplication, s.Register.UpdatePaymentApplication), list
		}); done {
			return
		}
	}
	page := applicationFormPage{finBase: finBase{b}, Form: form, Project: p, Funding: f, Editing: editing}
	for _, st := range salkku.ApplicationStates {
		page.Statuses = append(page.Statuses, web.Option{Value: st, Label: page.AppStatus(st), Selected: st == form.Status})
	}
	s.Render(w, r, status, "application_form", page)
}

func (s *Server) handleApplicationDelete(w http.ResponseWriter, r *http.Request) {
	a, f, p, ok := s.loadApplication(w, r)
	if !ok || !s.Allowed(w, r, web.AccessOf(r).CanEditFinance(p)) {
		return
	}
	list := projectPath(p.ID, "/finance/funding")
	b := s.NewBase(r, "")
	b.Title = b.T("application.delete_title", a.Number, b.Plain(f.Name))
	b.NavIndex = "portfolios"
	b.Crumbs = append(projectCrumbs(b, p, true), web.Crumb{Label: b.T("funding.crumb"), URL: list}, web.Crumb{Label: b.T("action.delete")})
	s.confirmDelete(w, r, b, b.T("application.delete_question", a.Number, b.Plain(f.Name)), list,
		func() error { return s.Register.DeletePaymentApplication(r.Context(), a.ID) }, list)
}
