package ui

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/salkku/salkku/web"

	"github.com/salkku/salkku"
)

type projectPage struct {
	web.Base
	Project      *salkku.Project
	WorkPackages []*salkku.WorkPackage
	// Gates is the phase line and the gate ahead (see gates.go).
	Gates *gateSummary
}

// Level names a decision level.
func (p projectPage) Level(l string) string { return gateBase{p.Base}.Level(l) }

// GateLabel is a gate's code and name.
func (p projectPage) GateLabel(g salkku.Gate) string { return gateBase{p.Base}.GateLabel(g) }

// handleProjectView shows every field of a project and its work-package
// tree.
func (s *Server) handleProjectView(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	var g *salkku.GateOutlook
	var wps []*salkku.WorkPackage
	if err == nil {
		err = s.Register.ReadTogether(r.Context(), func(ctx context.Context) (err error) {
			if g, err = s.Register.FindGateOutlook(ctx, id); err == nil {
				wps, err = s.Register.FindWorkPackages(ctx, id)
			}
			return err
		})
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.RenderProject(w, r, g, wps)
}

// RenderProject writes the project page of g's project with its work
// packages in position order; the bench's bare handler (cmd/salkku)
// renders with it too.
func (s *Server) RenderProject(w http.ResponseWriter, r *http.Request, g *salkku.GateOutlook, wps []*salkku.WorkPackage) {
	p := g.Project
	b := s.NewBase(r, "")
	b.Title = p.Code + " " + b.Plain(p.Name)
	b.NavIndex, b.Flash, b.OrganisationName = "portfolios", s.TakeFlash(w, r), p.OrganisationName
	b.Crumbs = projectCrumbs(b, p, false)
	s.Render(w, r, http.StatusOK, "project", projectPage{Base: b, Project: p, WorkPackages: salkku.FlattenTree(salkku.BuildTree(wps)), Gates: summarise(g)})
}

func projectCrumbs(b web.Base, p *salkku.Project, link bool) []web.Crumb {
	c := []web.Crumb{{Label: b.T("nav.portfolios"), URL: "/"},
		b.TextCrumb(p.PortfolioName, "/portfolios/"+strconv.FormatInt(p.PortfolioID, 10))}
	self := b.TextCrumb(p.Name, "")
	self.Label = p.Code + " " + self.Label
	if link {
		self.URL = "/projects/" + strconv.FormatInt(p.ID, 10)
	}
	return append(c, self)
}

func (s *Server) loadProject(w http.ResponseWriter, r *http.Request) (*salkku.Project, bool) {
	return load(s, w, r, s.Register.FindProjectByID)
}

// projectForm is what the project form posts, kept exactly as typed so that
// an invalid form comes back with the user's text.
type projectForm struct {
	Version                                 int
	Category, Code, Owner, Manager, Service string
	Name, Description                       salkku.Text
	Vendors, Start, End, Tags, Phase        string
	Continuous, Mandatory                   bool
}

func projectFormOf(p *salkku.Project) projectForm {
	return projectForm{Version: p.Version, Category: web.IDString(p.CategoryID), Code: p.Code, Name: p.Name, Description: p.Description,
		Owner: web.IDString(p.OwnerID), Manager: web.IDString(p.ManagerID), Service: web.IDString(p.ServiceOwnerID),
		Vendors: strings.Join(p.Vendors, "\n"), Start: p.Start.String(), End: p.End.String(), Tags: strings.Join(p.Tags, ", "),
		Continuous: p.Continuous, Mandatory: p.Mandatory}
}

func readProjectForm(r *http.Request) projectForm {
	v, _ := strconv.Atoi(r.PostFormValue("version"))
	return projectForm{Version: v, Category: r.PostFormValue("category_id"), Code: r.PostFormValue("code"), Name: web.FormText(r, "name"),
		Description: web.FormText(r, "description"), Owner: r.PostFormValue("owner_id"), Manager: r.PostFormValue("manager_id"),
		Service: r.PostFormValue("service_owner_id"), Vendors: r.PostFormValue("vendors"), Start: r.PostFormValue("start"),
		End: r.PostFormValue("end"), Tags: r.PostFormValue("tags"), Phase: r.PostFormValue("phase"),
		Continuous: r.PostFormValue("continuous") == "true", Mandatory: r.PostFormValue("mandatory") == "true"}
}

// parse fills p from the form; the domain's Validate does the rest.
func (f projectForm) parse(p *salkku.Project) salkku.FieldErrors {
	fe := salkku.FieldErrors{}
	p.Version = f.Version
	p.CategoryID = web.FormID(fe, "category_id", f.Category)
	p.Code, p.Name, p.Description = f.Code, f.Name, f.Description
	p.OwnerID = web.FormID(fe, "owner_id", f.Owner)
	p.ManagerID = web.FormID(fe, "manager_id", f.Manager)
	p.ServiceOwnerID = web.FormID(fe, "service_owner_id", f.Service)
	p.Vendors, p.Tags = web.SplitLines(f.Vendors), web.SplitLines(f.Tags)
	p.Start = web.FormMonth(fe, "start", f.Start)
	p.End = web.FormMonth(fe, "end", f.End)
	// A new project is brought in at a phase; after that its phase and
	// status follow its gate decisions, and the edit form has neither.
	p.Continuous, p.Mandatory, p.Phase = f.Continuous, f.Mandatory, f.Phase
	// The store runs the domain rules with these errors, so that every
	// problem shows at once.
	return fe
}

type projectFormPage struct {
	web.Base
	Form       projectForm
	Portfolio  *salkku.Portfolio
	Editing    *salkku.Project
	Categories []web.Option
	// Pickers are the person pickers by field: owner_id, manager_id,
	// service_owner_id.
	Pickers map[string]Picker
	// Phases are the phases of the organisation's current model that a
	// new project can be brought in at.
	Phases []web.Option
}

// BoolString writes a checkbox value for F.
func (projectFormPage) BoolString(b bool) string { return strconv.FormatBool(b) }

func (s *Server) handleProjectNew(w http.ResponseWriter, r *http.Request) {
	pf, ok := s.loadPortfolio(w, r)
	if ok && s.Allowed(w, r, web.AccessOf(r).CanCreateProject(pf.ID)) {
		s.saveProject(w, r, pf, nil, projectForm{Category: r.URL.Query().Get("category_id")})
	}
}

func (s *Server) handleProjectEdit(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProject(w, r)
	if !ok || !s.Allowed(w, r, web.AccessOf(r).CanEditProject(p)) {
		return
	}
	pf, err := s.Register.FindPortfolioByID(r.Context(), p.PortfolioID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.saveProject(w, r, pf, p, projectFormOf(p))
}

// saveProject shows the new or edit form on GET and saves it on POST. An
// invalid or stale form comes back with what the user typed.
func (s *Server) saveProject(w http.ResponseWriter, r *http.Request, pf *salkku.Portfolio, editing *salkku.Project, form projectForm) {
	b := s.NewBase(r, "")
	b.NavIndex = "portfolios"
	if editing != nil {
		b.Title = b.T("project.edit_title", editing.Code+" "+b.Plain(editing.Name))
		b.Crumbs = append(projectCrumbs(b, editing, true), web.Crumb{Label: b.T("action.edit")})
	} else {
		b.Title = b.T("project.new")
		b.Crumbs = append(portfolioCrumbs(b, pf), web.Crumb{Label: b.T("project.new")})
	}
	status := http.StatusOK
	var picks pickState
	if r.Method == http.MethodPost {
		var done bool
		if status, done = s.PostForm(w, r, &b, func() (salkku.FieldErrors, error, string) {
			var pfe salkku.FieldErrors
			var err error
			if picks, pfe, err = s.resolvePickers(r, r.PostForm, projectPickers(pf.OrganisationID, editing)...); err != nil {
				return nil, err, ""
			}
			form = readProjectForm(r)
			p := &salkku.Project{PortfolioID: pf.ID}
			if editing != nil {
				p.ID = editing.ID
			}
			fe := form.parse(p)
			if editing != nil {
				p.Phase = "" // only a new project is placed by the form
			}
			for k, v := range pfe {
				fe[k] = v
			}
			err = save(r, fe, p, editing != nil, s.Register.CreateProject, s.Register.UpdateProject)
			return fe, err, "/projects/" + strconv.FormatInt(p.ID, 10)
		}); done {
			return
		}
	}
	b.ContentLangs = pf.ContentLangs
	page := projectFormPage{Base: b, Form: form, Portfolio: pf, Editing: editing}
	cats, err := s.Register.FindCategories(r.Context(), pf.ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	page.Categories = []web.Option{{Value: "", Label: b.T("form.none")}}
	for _, c := range cats {
		v := strconv.FormatInt(c.ID, 10)
		page.Categories = append(page.Categories, web.Option{Value: v, Label: b.Plain(c.Name), Selected: v == form.Category})
	}
	sel := func(v string) int64 { n, _ := strconv.ParseInt(v, 10, 64); return n }
	chosen := map[string][]int64{"owner_id": nil, "manager_id": nil, "service_owner_id": nil}
	for f, v := range map[string]string{"owner_id": form.Owner, "manager_id": form.Manager, "service_owner_id": form.Service} {
		if id := sel(v); id > 0 {
			chosen[f] = []int64{id}
		}
	}
	if page.Pickers, err = s.pickers(r, b, picks, chosen, projectPickers(pf.OrganisationID, editing)...); err != nil {
		s.Error(w, r, err)
		return
	}
	if editing == nil {
		models, err := s.Register.FindModels(r.Context(), pf.OrganisationID)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		for _, m := range models {
			if m.PublishedAt == nil {
				continue
			}
			for i, ph := range m.Phases {
				page.Phases = append(page.Phases, web.Option{Value: ph.Key, Label: b.Plain(ph.Name), Selected: ph.Key == form.Phase || form.Phase == "" && i == 0})
			}
			break
		}
	}
	s.Render(w, r, status, "project_form", page)
}

func (s *Server) handleProjectDelete(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProject(w, r)
	if !ok || !s.Allowed(w, r, web.AccessOf(r).CanDeleteProject(p)) {
		return
	}
	b := s.NewBase(r, "")
	b.Title = b.T("project.delete_title", p.Code+" "+b.Plain(p.Name))
	b.NavIndex = "portfolios"
	b.Crumbs = append(projectCrumbs(b, p, true), web.Crumb{Label: b.T("action.delete")})
	s.confirmDelete(w, r, b, b.T("project.delete_question", p.Code+" "+b.Plain(p.Name)), "/projects/"+strconv.FormatInt(p.ID, 10),
		func() error { return s.Register.DeleteProject(r.Context(), p.ID) }, "/portfolios/"+strconv.FormatInt(p.PortfolioID, 10))
}

// projectPickers are the project form's pickers: its people, of the
// portfolio's organisation, keeping those the project names.
func projectPickers(org int64, editing *salkku.Project) []pickField {
	return pickFields(personKind, org, projectPeople(editing), "owner_id", "manager_id", "service_owner_id")
}
