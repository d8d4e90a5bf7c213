package ui

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/salkku/salkku/web"

	"github.com/salkku/salkku"
)

// overviewFilter is the portfolio overview's query string.
type overviewFilter struct {
	Q, Category, Status, Sort string
	// Phase is a phase key of the life-cycle model (the gate views link
	// to it).
	Phase string
	Desc  bool
}

func parseOverviewFilter(q url.Values) overviewFilter {
	return overviewFilter{Q: strings.TrimSpace(q.Get("q")), Category: q.Get("category"), Status: q.Get("status"),
		Phase: strings.TrimSpace(q.Get("phase")), Sort: q.Get("sort"), Desc: q.Get("desc") == "1"}
}

// values writes the filter back as a query string, with changes.
func (f overviewFilter) values() url.Values {
	v := url.Values{}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	set("q", f.Q)
	set("category", f.Category)
	set("status", f.Status)
	set("phase", f.Phase)
	set("sort", f.Sort)
	if f.Desc {
		v.Set("desc", "1")
	}
	return v
}

type portfolioPage struct {
	web.Base
	Portfolio  *salkku.Portfolio
	Parent     *salkku.Portfolio
	Children   []*salkku.Portfolio
	Board      []*salkku.Person
	Categories []*salkku.Category
	Filter     overviewFilter
	Projects   []*salkku.Project
	Pager      pager
	Statuses   []string
	// PhaseName names the phase filtered by, from the current model.
	PhaseName salkku.Text
}

// Chapter is the chapter number of a project's category, 0 for none: the
// group headings read "2. Perusinfrastruktuurihankkeet", as the action
// plan does.
func (p portfolioPage) Chapter(pr *salkku.Project) int {
	if pr.CategoryID == nil {
		return 0
	}
	for _, c := range p.Categories {
		if c.ID == *pr.CategoryID {
			return c.Chapter
		}
	}
	return 0
}

// SortURL links a column header: the first click sorts ascending, the next
// descending.
func (p portfolioPage) SortURL(key string) string {
	f := p.Filter
	f.Desc = f.Sort == key && !f.Desc
	f.Sort = key
	return "?" + f.values().Encode()
}

// AriaSort says how a column is sorted, for screen readers.
func (p portfolioPage) AriaSort(key string) string {
	if p.Filter.Sort != key {
		return ""
	}
	if p.Filter.Desc {
		return "descending"
	}
	return "ascending"
}

// OverviewView is what the portfolio overview shows, loaded. The page's
// handler loads it through the store; the bench's bare handler (ratio (a)
// of issue 12, cmd/salkku) with its own queries; both render it with
// RenderOverview, so that the two write the same page.
type OverviewView struct {
	Portfolio  *salkku.Portfolio
	Parent     *salkku.Portfolio
	Children   []*salkku.Portfolio
	Board      []*salkku.Person
	Categories []*salkku.Category
	// Query is the page's projects as asked in the URL: the filter, the
	// sort and the page; Projects are they.
	Query    salkku.ProjectFilter
	Projects []*salkku.Project
	// PhaseName names the phase filtered by, from the current model.
	PhaseName salkku.Text

	filter overviewFilter
	pager  pager
}

// NewOverviewView reads the overview's filter, sort and page from r's
// URL into Query. An unknown sort or status in a hand-edited URL falls
// back to the default rather than failing the page.
func NewOverviewView(r *http.Request, portfolioID int64) OverviewView {
	q := r.URL.Query()
	v := OverviewView{filter: parseOverviewFilter(q), pager: newPager(q, salkku.DefaultPageSize)}
	v.Query = salkku.ProjectFilter{PortfolioID: &portfolioID, Query: v.filter.Q, Status: v.filter.Status, Phase: v.filter.Phase, Sort: v.filter.Sort, Desc: v.filter.Desc}
	if c, err := strconv.ParseInt(v.filter.Category, 10, 64); err == nil {
		v.Query.CategoryID = &c
	}
	if v.Query.Validate() != nil {
		v.Query.Sort, v.Query.Status, v.filter.Sort, v.filter.Status = "", "", "", ""
	}
	return v
}

// LoadProjects asks find for the page's projects and their total; when
// ?page= is past the end of a list that has shrunk since the link was
// made, it shows the last page instead.
func (v *OverviewView) LoadProjects(find func(salkku.ProjectFilter) ([]*salkku.Project, int, error)) error {
	return v.pager.load(func(pg salkku.Page) (total int, err error) {
		v.Query.Page = pg
		v.Projects, total, err = find(v.Query)
		return total, err
	})
}

// handlePortfolioView is the portfolio overview: the portfolio's facts and
// its projects, filtered, sorted and paged in SQL.
func (s *Server) handlePortfolioView(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err == nil {
		var v OverviewView
		err = s.Register.ReadTogether(r.Context(), func(ctx context.Context) (err error) {
			v, err = s.loadOverview(r.WithContext(ctx), id)
			return err
		})
		if err == nil {
			s.RenderOverview(w, r, v)
			return
		}
	}
	s.Error(w, r, err)
}

func (s *Server) loadOverview(r *http.Request, id int64) (v OverviewView, err error) {
	ctx := r.Context()
	v = NewOverviewView(r, id)
	if v.Portfolio, err = s.Register.FindPortfolioByID(ctx, id); err != nil {
		return v, err
	}
	pf := v.Portfolio
	if v.Categories, err = s.Register.FindCategories(ctx, id); err != nil {
		return v, err
	}
	if v.Children, _, err = s.Register.FindPortfolios(ctx, salkku.PortfolioFilter{ParentID: &id}); err != nil {
		return v, err
	}
	if pf.ParentID != nil {
		// Its name as read with the portfolio: whoever sees a
		// sub-portfolio sees its parent's name, even without a role on
		// the parent (a project manager of one of its projects).
		v.Parent = &salkku.Portfolio{Meta: salkku.Meta{ID: *pf.ParentID}, Name: pf.ParentName}
	}
	if len(pf.BoardIDs) > 0 {
		if v.Board, _, err = s.Register.FindPeople(ctx, salkku.PersonFilter{IDs: pf.BoardIDs}); err != nil {
			return v, err
		}
	}
	if v.filter.Phase != "" {
		ms, err := s.Register.FindModels(ctx, pf.OrganisationID)
		if err != nil {
			return v, err
		}
		if m := currentModel(ms); m != nil && m.Phase(v.filter.Phase) != nil {
			v.PhaseName = m.Phase(v.filter.Phase).Name
		}
	}
	err = v.LoadProjects(func(f salkku.ProjectFilter) ([]*salkku.Project, int, error) {
		return s.Register.FindProjects(ctx, f)
	})
	return v, err
}

// RenderOverview writes the overview page of v.
func (s *Server) RenderOverview(w http.ResponseWriter, r *http.Request, v OverviewView) {
	pf := v.Portfolio
	page := portfolioPage{Portfolio: pf, Parent: v.Parent, Children: v.Children, Board: v.Board, Categories: v.Categories,
		Filter: v.filter, Projects: v.Projects, Pager: v.pager, Statuses: salkku.Statuses, PhaseName: v.PhaseName}
	b := s.NewBase(r, "")
	b.Title = b.Plain(pf.Name)
	b.NavIndex, b.Flash, b.OrganisationName = "portfolios", s.TakeFlash(w, r), pf.OrganisationName
	b.Crumbs = []web.Crumb{{Label: b.T("nav.portfolios"), URL: "/"}}
	if page.Parent != nil {
		b.Crumbs = append(b.Crumbs, b.TextCrumb(page.Parent.Name, "/portfolios/"+strconv.FormatInt(page.Parent.ID, 10)))
	}
	b.Crumbs = append(b.Crumbs, b.TextCrumb(pf.Name, ""))
	page.Base = b
	s.Render(w, r, http.StatusOK, "portfolio", page)
}

// portfolioForm is what the portfolio form posts, kept as typed.
type portfolioForm struct {
	Version                         int
	OrganisationID, ParentID, Owner string
	Name, Description, FollowUp     salkku.Text
	Board                           []string
	// picks is what the posted person pickers resolved to.
	picks pickState
}

type portfolioFormPage struct {
	web.Base
	Form    portfolioForm
	Editing *salkku.Portfolio
	// Parents are the parent select's options, nil when there are too
	// many to list: Pickers["parent_id"] is then a picker.
	Parents []web.Option
	// Pickers are the pickers: organisation_id, owner_id and board_ids,
	// and parent_id when Parents is nil.
	Pickers map[string]Picker
}

// portfolioPickers are the portfolio form's pickers: its organisation, its
// parent (when there are too many to list, see portfolioFormPage.Parents)
// and its people, of the organisation org.
func portfolioPickers(org int64, editing *salkku.Portfolio) []pickField {
	parent := pickField{name: "parent_id", kind: portfolioKind}
	if editing != nil && editing.ParentID != nil {
		// The current parent stays whatever the user may see, so that
		// saving the form does not move the portfolio.
		parent.known = []pickItem{{ID: *editing.ParentID, Name: editing.ParentName.PrimaryText(),
			Label: editing.OrganisationName.PrimaryText() + " / " + editing.ParentName.PrimaryText()}}
	}
	return append([]pickField{{name: "organisation_id", kind: organisationKind}, parent},
		pickFields(personKind, org, portfolioPeople(editing), "owner_id", "board_ids")...)
}

func (s *Server) portfolioFormPage(r *http.Request, b web.Base, form portfolioForm, editing *salkku.Portfolio) (portfolioFormPage, error) {
	ctx := r.Context()
	page := portfolioFormPage{Base: b, Form: form, Editing: editing}
	// The parents the user may place a portfolio under are few by
	// nature: a select, unless the portfolios they see do not fit in one.
	pfs, total, err := s.Register.FindPortfolios(ctx, salkku.PortfolioFilter{Page: salkku.Page{Limit: MaxSelectOptions}})
	if err != nil {
		return page, err
	}
	if total > len(pfs) {
		pfs = nil
	} else {
		page.Parents = []web.Option{{Value: "", Label: b.T("portfolio.no_parent")}}
	}
	a := web.AccessOf(r)
	if page.Parents != nil && editing != nil && editing.ParentID != nil && !a.CanViewPortfolio(*editing.ParentID) {
		// The current parent stays on offer even where the user may not
		// see it, so that saving the form does not move the portfolio.
		v := strconv.FormatInt(*editing.ParentID, 10)
		page.Parents = append(page.Parents, web.Option{Value: v, Label: b.Plain(editing.OrganisationName) + " / " + b.Plain(editing.ParentName), Selected: v == form.ParentID})
	}
	for _, p := range pfs {
		if editing != nil && p.ID == editing.ID {
			continue
		}
		// Offer the parents the user may place a portfolio under (and the
		// current one): the others are not theirs to see.
		if !a.CanCreatePortfolio(&p.ID) && (editing == nil || !sameID(editing.ParentID, &p.ID)) {
			continue
		}
		v := strconv.FormatInt(p.ID, 10)
		page.Parents = append(page.Parents, web.Option{Value: v, Label: portfolioLabel(b.Lang, p), Selected: v == form.ParentID})
	}
	org, _ := strconv.ParseInt(form.OrganisationID, 10, 64)
	formOrg := org
	// The texts are written in the languages of the organisation chosen.
	switch {
	case editing != nil && editing.OrganisationID == org:
		page.ContentLangs = editing.ContentLangs
	case org > 0:
		if o, err := s.Register.FindOrganisationByID(ctx, org); err == nil {
			page.ContentLangs = o.Languages
		}
	}
	owner, _ := strconv.ParseInt(form.Owner, 10, 64)
	parent, _ := strconv.ParseInt(form.ParentID, 10, 64)
	var board []int64
	for _, v := range form.Board {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			board = append(board, id)
		}
	}
	// The organisation comes from the query or the form: offer its people
	// only to those who may see them.
	if !web.AccessOf(r).CanViewPerson(&org) {
		org = 0
	}
	chosen := map[string][]int64{"owner_id": ids(idOf(owner)), "board_ids": board,
		"organisation_id": ids(idOf(formOrg)), "parent_id": ids(idOf(parent))}
	fields := portfolioPickers(org, editing)
	if page.Parents != nil {
		fields = slices.DeleteFunc(fields, func(f pickField) bool { return f.name == "parent_id" })
	}
	page.Pickers, err = s.pickers(r, b, form.picks, chosen, fields...)
	if pk, ok := page.Pickers["organisation_id"]; ok {
		pk.Required = true
		page.Pickers["organisation_id"] = pk
	}
	return page, err
}

func portfolioFormOf(p *salkku.Portfolio) portfolioForm {
	f := portfolioForm{Version: p.Version, OrganisationID: strconv.FormatInt(p.OrganisationID, 10), ParentID: web.IDString(p.ParentID),
		Name: p.Name, Description: p.Description, FollowUp: p.FollowUp, Owner: web.IDString(p.OwnerID)}
	for _, id := range p.BoardIDs {
		f.Board = append(f.Board, strconv.FormatInt(id, 10))
	}
	return f
}

// parse turns the form into a portfolio, collecting field errors.
func (f portfolioForm) parse(p *salkku.Portfolio) salkku.FieldErrors {
	fe := salkku.FieldErrors{}
	if id := web.FormID(fe, "organisation_id", f.OrganisationID); id != nil {
		p.OrganisationID = *id
	} else {
		fe.Add("organisation_id", "error.required")
	}
	p.ParentID = web.FormID(fe, "parent_id", f.ParentID)
	p.Name, p.Description, p.FollowUp = f.Name, f.Description, f.FollowUp
	p.OwnerID = web.FormID(fe, "owner_id", f.Owner)
	p.BoardIDs = web.FormIDs(fe, "board_ids", f.Board)
	p.Version = f.Version
	return fe
}

func readPortfolioForm(r *http.Request) portfolioForm {
	v, _ := strconv.Atoi(r.PostFormValue("version"))
	return portfolioForm{Version: v, OrganisationID: r.PostFormValue("organisation_id"), ParentID: r.PostFormValue("parent_id"),
		Name: web.FormText(r, "name"), Description: web.FormText(r, "description"), FollowUp: web.FormText(r, "follow_up"), Owner: r.PostFormValue("owner_id"),
		Board: r.PostForm["board_ids"]}
}

// savePortfolio handles GET and POST of the new and edit forms.
func (s *Server) savePortfolio(w http.ResponseWriter, r *http.Request, editing *salkku.Portfolio, form portfolioForm) {
	b := s.NewBase(r, "")
	b.NavIndex = "portfolios"
	if editing != nil {
		b.Title = b.T("portfolio.edit_title", b.Plain(editing.Name))
		b.Crumbs = []web.Crumb{{Label: b.T("nav.portfolios"), URL: "/"}, b.TextCrumb(editing.Name, "/portfolios/"+strconv.FormatInt(editing.ID, 10)), {Label: b.T("action.edit")}}
	} else {
		b.Title = b.T("portfolio.new")
		b.Crumbs = []web.Crumb{{Label: b.T("nav.portfolios"), URL: "/"}, {Label: b.T("portfolio.new")}}
	}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		var done bool
		if status, done = s.PostForm(w, r, &b, func() (salkku.FieldErrors, error, string) {
			// The organisation first: its people are the ones offered.
			fields := portfolioPickers(0, editing)
			picks, pfe, err := s.resolvePickers(r, r.PostForm, fields[:2]...)
			if err != nil {
				return nil, err, ""
			}
			org, _ := strconv.ParseInt(r.PostFormValue("organisation_id"), 10, 64)
			people, ppfe, err := s.resolvePickers(r, r.PostForm, portfolioPickers(org, editing)[2:]...)
			if err != nil {
				return nil, err, ""
			}
			picks.merge(people)
			for k, v := range ppfe {
				pfe[k] = v
			}
			form = readPortfolioForm(r)
			form.picks = picks
			p := &salkku.Portfolio{}
			if editing != nil {
				p.ID = editing.ID
			}
			fe := form.parse(p)
			for k, v := range pfe {
				fe[k] = v
			}
			err = fe.Err()
			if err == nil {
				if editing != nil {
					err = s.Register.UpdatePortfolio(r.Context(), p)
				} else {
					err = s.Register.CreatePortfolio(r.Context(), p)
				}
			}
			return fe, err, "/portfolios/" + strconv.FormatInt(p.ID, 10)
		}); done {
			return
		}
	}
	page, err := s.portfolioFormPage(r, b, form, editing)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.Render(w, r, status, "portfolio_form", page)
}

func (s *Server) handlePortfolioNew(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	parent := web.FormID(salkku.FieldErrors{}, "parent_id", q.Get("parent_id"))
	if s.Allowed(w, r, web.AccessOf(r).CanCreatePortfolio(parent)) {
		s.savePortfolio(w, r, nil, portfolioForm{OrganisationID: q.Get("organisation_id"), ParentID: q.Get("parent_id")})
	}
}

func (s *Server) handlePortfolioEdit(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadPortfolio(w, r)
	if ok && s.Allowed(w, r, web.AccessOf(r).CanEditPortfolio(p.ID)) {
		s.savePortfolio(w, r, p, portfolioFormOf(p))
	}
}

func (s *Server) handlePortfolioDelete(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadPortfolio(w, r)
	if !ok || !s.Allowed(w, r, web.AccessOf(r).CanDeletePortfolio(p)) {
		return
	}
	b := s.NewBase(r, "")
	b.Title = b.T("portfolio.delete_title", b.Plain(p.Name))
	b.NavIndex = "portfolios"
	b.Crumbs = append(portfolioCrumbs(b, p), web.Crumb{Label: b.T("action.delete")})
	url := "/portfolios/" + strconv.FormatInt(p.ID, 10)
	s.confirmDelete(w, r, b, b.T("portfolio.delete_question", b.Plain(p.Name)), url,
		func() error { return s.Register.DeletePortfolio(r.Context(), p.ID) }, "/")
}

func (s *Server) loadPortfolio(w http.ResponseWriter, r *http.Request) (*salkku.Portfolio, bool) {
	return load(s, w, r, s.Register.FindPortfolioByID)
}
