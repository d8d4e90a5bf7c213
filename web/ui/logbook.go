package ui

import (
	"net/http"
	"strconv"

	"github.com/salkku/salkku/web"

	"github.com/salkku/salkku"
)

// The decision logs of projects and portfolios and the communications
// logs of projects (issue 9).

type decisionsPage struct {
	logBase
	// One of Project and Portfolio is set: whose log this is.
	Project   *salkku.Project
	Portfolio *salkku.Portfolio
	Entries   []*salkku.DecisionEntry
	Pager     pager
	CanEdit   bool
	NewURL    string
}

func (s *Server) handleProjectDecisions(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProject(w, r)
	if !ok {
		return
	}
	b := s.NewBase(r, "")
	b.Title = b.T("decisions.title", p.Code+" "+b.Plain(p.Name))
	b.Crumbs = append(projectCrumbs(b, p, true), web.Crumb{Label: b.T("decisions.crumb")})
	page := decisionsPage{Project: p, CanEdit: web.AccessOf(r).CanEditRisks(p), NewURL: projectPath(p.ID, "/decisions/new")}
	s.renderDecisions(w, r, b, page, salkku.LogFilter{ProjectID: &p.ID})
}

func (s *Server) handlePortfolioDecisions(w http.ResponseWriter, r *http.Request) {
	pf, ok := s.loadPortfolio(w, r)
	if !ok {
		return
	}
	b := s.NewBase(r, "")
	b.Title = b.T("decisions.title", b.Plain(pf.Name))
	b.Crumbs = append(portfolioCrumbs(b, pf), web.Crumb{Label: b.T("decisions.crumb")})
	page := decisionsPage{Portfolio: pf, CanEdit: web.AccessOf(r).CanEditPortfolioLog(pf.ID), NewURL: portfolioPath(pf.ID, "/decisions/new")}
	s.renderDecisions(w, r, b, page, salkku.LogFilter{PortfolioID: &pf.ID})
}

func (s *Server) renderDecisions(w http.ResponseWriter, r *http.Request, b web.Base, page decisionsPage, f salkku.LogFilter) {
	page.Pager = newPager(r.URL.Query(), salkku.DefaultPageSize)
	err := page.Pager.load(func(pg salkku.Page) (n int, err error) {
		f.Page = pg
		page.Entries, n, err = s.Register.FindDecisionLog(r.Context(), f)
		return n, err
	})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	b.NavIndex, b.Flash = "portfolios", s.TakeFlash(w, r)
	page.logBase = logBase{b}
	s.Render(w, r, http.StatusOK, "decisions", page)
}

// decisionForm is what the decision form posts, kept as typed.
type decisionEntryForm struct {
	Version             int
	DecidedOn, Who      string
	WhoID, MinutesURL   string
	DecidedBy, Decision salkku.Text
}

func decisionEntryFormOf(e *salkku.DecisionEntry) decisionEntryForm {
	return decisionEntryForm{Version: e.Version, DecidedOn: dayString(e.DecidedOn), Who: e.Who, WhoID: web.IDString(e.WhoID),
		MinutesURL: e.MinutesURL, DecidedBy: e.DecidedBy, Decision: e.Decision}
}

func readDecisionEntryForm(r *http.Request) decisionEntryForm {
	v, _ := strconv.Atoi(r.PostFormValue("version"))
	return decisionEntryForm{Version: v, DecidedOn: r.PostFormValue("decided_on"), Who: r.PostFormValue("who"),
		WhoID: r.PostFormValue("who_id"), MinutesURL: r.PostFormValue("minutes_url"),
		DecidedBy: web.FormText(r, "decided_by"), Decision: web.FormText(r, "decision")}
}

func (f decisionEntryForm) parse(e *salkku.DecisionEntry) salkku.FieldErrors {
	fe := salkku.FieldErrors{}
	e.Version = f.Version
	e.DecidedOn = formDate(fe, "decided_on", f.DecidedOn)
	e.Who, e.MinutesURL = f.Who, f.MinutesURL
	e.WhoID = web.FormID(fe, "who_id", f.WhoID)
	e.DecidedBy, e.Decision = f.DecidedBy, f.Decision
	return fe
}

type decisionFormPage struct {
	logBase
	Form    decisionEntryForm
	Editing *salkku.DecisionEntry
	Cancel  string
	Pickers map[string]Picker
}

func (s *Server) handleProjectDecisionNew(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProject(w, r)
	if !ok || !s.Allowed(w, r, web.AccessOf(r).CanEditRisks(p)) {
		return
	}
	s.saveDecisionEntry(w, r, &p.ID, nil, nil, decisionEntryForm{DecidedOn: dayString(salkku.Today(s.Now()))})
}

func (s *Server) handlePortfolioDecisionNew(w http.ResponseWriter, r *http.Request) {
	pf, ok := s.loadPortfolio(w, r)
	if !ok || !s.Allowed(w, r, web.AccessOf(r).CanEditPortfolioLog(pf.ID)) {
		return
	}
	s.saveDecisionEntry(w, r, nil, &pf.ID, nil, decisionEntryForm{DecidedOn: dayString(salkku.Today(s.Now()))})
}

func (s *Server) handleDecisionEdit(w http.ResponseWriter, r *http.Request) {
	e, ok := s.loadDecisionEntry(w, r)
	if ok {
		s.saveDecisionEntry(w, r, e.ProjectID, e.PortfolioID, e, decisionEntryFormOf(e))
	}
}

// loadDecisionEntry finds the entry of the path and checks that the
// caller may write its log.
func (s *Server) loadDecisionEntry(w http.ResponseWriter, r *http.Request) (*salkku.DecisionEntry, bool) {
	e, ok := load(s, w, r, s.Register.FindDecisionEntryByID)
	if !ok {
		return nil, false
	}
	a := web.AccessOf(r)
	if e.ProjectID != nil {
		p, err := s.Register.FindProjectByID(r.Context(), *e.ProjectID)
		if err != nil {
			s.Error(w, r, err)
			return nil, false
		}
		return e, s.Allowed(w, r, a.CanEditRisks(p))
	}
	return e, s.Allowed(w, r, a.CanEditPortfolioLog(*e.PortfolioID))
}

// logOwner is what a log entry's pages lead back to: the crumbs, the
// list, the content languages and the organisation of its pickers.
type logOwner struct {
	crumbs []web.Crumb
	list   string
	langs  salkku.Languages
	org    int64
}

func (s *Server) logOwnerOf(r *http.Request, b web.Base, projectID, portfolioID *int64, crumb, tail string) (logOwner, error) {
	var o logOwner
	pfID := int64(0)
	if projectID != nil {
		p, err := s.Register.FindProjectByID(r.Context(), *projectID)
		if err != nil {
			return o, err
		}
		o.crumbs, o.list, o.langs, pfID = projectCrumbs(b, p, true), projectPath(p.ID, tail), p.ContentLangs, p.PortfolioID
	} else {
		pfID = *portfolioID
	}
	pf, err := s.Register.FindPortfolioByID(r.Context(), pfID)
	if err != nil {
		return o, err
	}
	if projectID == nil {
		o.crumbs, o.list, o.langs = portfolioCrumbs(b, pf), portfolioPath(pf.ID, tail), pf.ContentLangs
	}
	o.org = pf.OrganisationID
	o.crumbs = append(o.crumbs, web.Crumb{Label: b.T(crumb), URL: o.list})
	return o, nil
}

func (s *Server) saveDecisionEntry(w http.ResponseWriter, r *http.Request, projectID, portfolioID *int64, editing *salkku.DecisionEntry, form decisionEntryForm) {
	b := s.NewBase(r, "")
	owner, err := s.logOwnerOf(r, b, projectID, portfolioID, "decisions.crumb", "/decisions")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	b.NavIndex, b.ContentLangs, b.Crumbs = "portfolios", owner.langs, owner.crumbs
	if editing != nil {
		b.Title = b.T("decisions.edit_title", logBase{b}.Day(editing.DecidedOn))
	} else {
		b.Title = b.T("decisions.new")
	}
	b.Crumbs = append(b.Crumbs, web.Crumb{Label: b.Title})
	kept := map[int64]string{}
	if editing != nil {
		keep(kept, editing.WhoID, editing.WhoName)
	}
	fields := pickFields(personKind, owner.org, kept, "who_id")
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
			form = readDecisionEntryForm(r)
			e := &salkku.DecisionEntry{ProjectID: projectID, PortfolioID: portfolioID}
			if editing != nil {
				e.ID = editing.ID
			}
			fe := form.parse(e)
			for k, v := range pfe {
				fe[k] = v
			}
			return fe, save(r, fe, e, editing != nil, s.Register.CreateDecisionEntry, s.Register.UpdateDecisionEntry), owner.list
		}); done {
			return
		}
	}
	page := decisionFormPage{logBase: logBase{b}, Form: form, Editing: editing, Cancel: owner.list}
	chosen := map[string][]int64{"who_id": nil}
	if id, err := strconv.ParseInt(form.WhoID, 10, 64); err == nil && id > 0 {
		chosen["who_id"] = []int64{id}
	}
	if page.Pickers, err = s.pickers(r, b, picks, chosen, fields...); err != nil {
		s.Error(w, r, err)
		return
	}
	s.Render(w, r, status, "decision_form", page)
}

func (s *Server) handleDecisionDelete(w http.ResponseWriter, r *http.Request) {
	e, ok := s.loadDecisionEntry(w, r)
	if !ok {
		return
	}
	b := s.NewBase(r, "")
	owner, err := s.logOwnerOf(r, b, e.ProjectID, e.PortfolioID, "decisions.crumb", "/decisions")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	b.Title = b.T("decisions.delete_title", logBase{b}.Day(e.DecidedOn))
	b.NavIndex, b.Crumbs = "portfolios", append(owner.crumbs, web.Crumb{Label: b.T("action.delete")})
	s.confirmDelete(w, r, b, b.T("decisions.delete_question", b.Plain(e.Decision)), owner.list,
		func() error { return s.Register.DeleteDecisionEntry(r.Context(), e.ID) }, owner.list)
}

type commsPage struct {
	logBase
	Project *salkku.Project
	Entries []*salkku.CommsEntry
	Pager   pager
}

func (s *Server) handleProjectComms(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProject(w, r)
	if !ok {
		return
	}
	page := commsPage{Project: p, Pager: newPager(r.URL.Query(), salkku.DefaultPageSize)}
	err := page.Pager.load(func(pg salkku.Page) (n int, err error) {
		page.Entries, n, err = s.Register.FindCommsLog(r.Context(), salkku.LogFilter{ProjectID: &p.ID, Page: pg})
		return n, err
	})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	b := s.NewBase(r, "")
	b.Title = b.T("comms.title", p.Code+" "+b.Plain(p.Name))
	b.NavIndex, b.Flash = "portfolios", s.TakeFlash(w, r)
	b.Crumbs = append(projectCrumbs(b, p, true), web.Crumb{Label: b.T("comms.crumb")})
	page.logBase = logBase{b}
	s.Render(w, r, http.StatusOK, "communications", page)
}

// commsForm is what the communications form posts, kept as typed.
type commsForm struct {
	Version                       int
	When, Channel, Scope, Package string
	Link                          string
	Audience, Subject             salkku.Text
}

func commsFormOf(c *salkku.CommsEntry) commsForm {
	return commsForm{Version: c.Version, When: c.When(), Channel: c.Channel, Scope: c.Scope, Package: web.IDString(c.WorkPackageID),
		Link: c.Link, Audience: c.Audience, Subject: c.Subject}
}

func readCommsForm(r *http.Request) commsForm {
	v, _ := strconv.Atoi(r.PostFormValue("version"))
	return commsForm{Version: v, When: r.PostFormValue("when"), Channel: r.PostFormValue("channel"), Scope: r.PostFormValue("scope"),
		Package: r.PostFormValue("work_package_id"), Link: r.PostFormValue("link"),
		Audience: web.FormText(r, "audience"), Subject: web.FormText(r, "subject")}
}

func (f commsForm) parse(c *salkku.CommsEntry) salkku.FieldErrors {
	fe := salkku.FieldErrors{}
	c.Version = f.Version
	var err error
	if c.Date, c.Start, c.End, err = salkku.ParseWhen(f.When); err != nil {
		fe.Add("when", salkku.ErrorMessage(err))
	}
	c.Channel, c.Scope, c.Link = f.Channel, f.Scope, f.Link
	c.WorkPackageID = web.FormID(fe, "work_package_id", f.Package)
	c.Audience, c.Subject = f.Audience, f.Subject
	return fe
}

type commsFormPage struct {
	logBase
	Form         commsForm
	Project      *salkku.Project
	Editing      *salkku.CommsEntry
	Channels     []web.Option
	Scopes       []web.Option
	WorkPackages []web.Option
}

func (s *Server) handleCommsNew(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProject(w, r)
	if ok && s.Allowed(w, r, web.AccessOf(r).CanEditRisks(p)) {
		s.saveComms(w, r, p, nil, commsForm{Scope: salkku.ScopeInternal})
	}
}

func (s *Server) handleCommsEdit(w http.ResponseWriter, r *http.Request) {
	c, p, ok := s.loadComms(w, r)
	if ok && s.Allowed(w, r, web.AccessOf(r).CanEditRisks(p)) {
		s.saveComms(w, r, p, c, commsFormOf(c))
	}
}

func (s *Server) saveComms(w http.ResponseWriter, r *http.Request, p *salkku.Project, editing *salkku.CommsEntry, form commsForm) {
	list := projectPath(p.ID, "/communications")
	b := s.NewBase(r, "")
	b.NavIndex, b.ContentLangs = "portfolios", p.ContentLangs
	b.Crumbs = append(projectCrumbs(b, p, true), web.Crumb{Label: b.T("comms.crumb"), URL: list})
	if editing != nil {
		b.Title = b.T("comms.edit_title", b.Plain(editing.Subject))
	} else {
		b.Title = b.T("comms.new")
	}
	b.Crumbs = append(b.Crumbs, web.Crumb{Label: b.Title})
	status := http.StatusOK
	if r.Method == http.MethodPost {
		var done bool
		if status, done = s.PostForm(w, r, &b, func() (salkku.FieldErrors, error, string) {
			form = readCommsForm(r)
			c := &salkku.CommsEntry{ProjectID: p.ID}
			if editing != nil {
				c.ID = editing.ID
			}
			fe := form.parse(c)
			return fe, save(r, fe, c, editing != nil, s.Register.CreateCommsEntry, s.Register.UpdateCommsEntry), list
		}); done {
			return
		}
	}
	page := commsFormPage{logBase: logBase{b}, Form: form, Project: p, Editing: editing}
	page.Channels = []web.Option{{Value: "", Label: b.T("comms.choose_channel")}}
	for _, c := range salkku.Channels {
		page.Channels = append(page.Channels, web.Option{Value: c, Label: page.Channel(c), Selected: c == form.Channel})
	}
	for _, sc := range salkku.Scopes {
		page.Scopes = append(page.Scopes, web.Option{Value: sc, Label: page.Scope(sc), Selected: sc == form.Scope})
	}
	var err error
	if page.WorkPackages, err = s.workPackageOptions(r.Context(), b, p.ID, form.Package); err != nil {
		s.Error(w, r, err)
		return
	}
	s.Render(w, r, status, "comms_form", page)
}

func (s *Server) handleCommsDelete(w http.ResponseWriter, r *http.Request) {
	c, p, ok := s.loadComms(w, r)
	if !ok || !s.Allowed(w, r, web.AccessOf(r).CanEditRisks(p)) {
		return
	}
	list := projectPath(p.ID, "/communications")
	b := s.NewBase(r, "")
	b.Title = b.T("comms.delete_title", b.Plain(c.Subject))
	b.NavIndex = "portfolios"
	b.Crumbs = append(projectCrumbs(b, p, true), web.Crumb{Label: b.T("comms.crumb"), URL: list}, web.Crumb{Label: b.T("action.delete")})
	s.confirmDelete(w, r, b, b.T("comms.delete_question", b.Plain(c.Subject)), list,
		func() error { return s.Register.DeleteCommsEntry(r.Context(), c.ID) }, list)
}

func (s *Server) loadComms(w http.ResponseWriter, r *http.Request) (*salkku.CommsEntry, *salkku.Project, bool) {
	return loadWithProject(s, w, r, s.Register.FindCommsEntryByID, func(c *salkku.CommsEntry) int64 { return c.ProjectID })
}
