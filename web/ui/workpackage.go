package ui

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/salkku/salkku/web"

	"github.com/salkku/salkku"
)

// workPackageForm is what the work-package form posts, kept as typed.
type workPackageForm struct {
	Version                      int
	Code, Parent, Tags, Position string
	Name, Description            salkku.Text
	Responsible                  []string
}

func workPackageFormOf(w *salkku.WorkPackage) workPackageForm {
	f := workPackageForm{Version: w.Version, Code: w.Code, Name: w.Name, Description: w.Description, Parent: web.IDString(w.ParentID),
		Tags: strings.Join(w.Tags, ", "), Position: strconv.Itoa(w.Position)}
	for _, id := range w.ResponsibleIDs {
		f.Responsible = append(f.Responsible, strconv.FormatInt(id, 10))
	}
	return f
}

func readWorkPackageForm(r *http.Request) workPackageForm {
	v, _ := strconv.Atoi(r.PostFormValue("version"))
	return workPackageForm{Version: v, Code: r.PostFormValue("code"), Name: web.FormText(r, "name"),
		Description: web.FormText(r, "description"), Parent: r.PostFormValue("parent_id"), Tags: r.PostFormValue("tags"),
		Position: r.PostFormValue("position"), Responsible: r.PostForm["responsible_ids"]}
}

// parse fills w from the form and runs the domain rules.
func (f workPackageForm) parse(w *salkku.WorkPackage) salkku.FieldErrors {
	fe := salkku.FieldErrors{}
	w.Version = f.Version
	w.Code, w.Name, w.Description = f.Code, f.Name, f.Description
	w.ParentID = web.FormID(fe, "parent_id", f.Parent)
	w.ResponsibleIDs = web.FormIDs(fe, "responsible_ids", f.Responsible)
	w.Tags = web.SplitLines(f.Tags)
	w.Position = web.FormInt(fe, "position", f.Position)
	return fe
}

type workPackageFormPage struct {
	web.Base
	Form    workPackageForm
	Project *salkku.Project
	Editing *salkku.WorkPackage
	Parents []web.Option
	// Pickers holds the person picker of responsible_ids.
	Pickers map[string]Picker
}

// wpLabel names a work package by its code and its name in lang.
func wpLabel(lang string, w *salkku.WorkPackage) string {
	name, _ := w.Name.In(lang)
	return strings.TrimSpace(w.Code + " " + name)
}

// wpCrumb is a work package's step of the breadcrumb trail.
func wpCrumb(b web.Base, w *salkku.WorkPackage) web.Crumb {
	c := b.TextCrumb(w.Name, "")
	c.Label = wpLabel(b.Lang, w)
	return c
}

// wpTree loads a project's work packages as a tree, depth-first, and finds
// the one with id (nil when id is 0 or absent).
func (s *Server) wpTree(r *http.Request, projectID, id int64) ([]*salkku.WorkPackage, *salkku.WorkPackage, error) {
	wps, err := s.Register.FindWorkPackages(r.Context(), projectID)
	if err != nil {
		return nil, nil, err
	}
	flat := salkku.FlattenTree(salkku.BuildTree(wps))
	for _, w := range flat {
		if w.ID == id {
			return flat, w, nil
		}
	}
	return flat, nil, nil
}

// parentOptions offers the project's packages as parents, indented by
// depth, leaving out the package being edited and everything under it.
func parentOptions(b web.Base, flat []*salkku.WorkPackage, editing *salkku.WorkPackage, selected string) []web.Option {
	skip := map[int64]bool{}
	if editing != nil {
		skip[editing.ID] = true
		for _, d := range salkku.FlattenTree(editing.Children) {
			skip[d.ID] = true
		}
	}
	opts := []web.Option{{Value: "", Label: b.T("workpackage.no_parent")}}
	for _, w := range flat {
		if skip[w.ID] {
			continue
		}
		v := strconv.FormatInt(w.ID, 10)
		opts = append(opts, web.Option{Value: v, Label: strings.Repeat("\u00a0\u00a0\u00a0", w.Depth) + wpLabel(b.Lang, w), Selected: v == selected})
	}
	return opts
}

func (s *Server) handleWorkPackageNew(w http.ResponseWriter, r *http.Request) {
	if p, ok := s.loadProject(w, r); ok && s.Allowed(w, r, web.AccessOf(r).CanEditProject(p)) {
		s.saveWorkPackage(w, r, p, nil, workPackageForm{Parent: r.URL.Query().Get("parent_id")})
	}
}

func (s *Server) handleWorkPackageEdit(w http.ResponseWriter, r *http.Request) {
	wp, p, ok := s.loadWorkPackage(w, r)
	if ok && s.Allowed(w, r, web.AccessOf(r).CanEditProject(p)) {
		s.saveWorkPackage(w, r, p, wp, workPackageFormOf(wp))
	}
}

// saveWorkPackage shows the new or edit form on GET and saves it on POST;
// a saved package is shown on its project's page.
func (s *Server) saveWorkPackage(w http.ResponseWriter, r *http.Request, p *salkku.Project, editing *salkku.WorkPackage, form workPackageForm) {
	b := s.NewBase(r, "")
	b.NavIndex, b.ContentLangs = "portfolios", p.ContentLangs
	b.Crumbs = projectCrumbs(b, p, true)
	if editing != nil {
		b.Title = b.T("workpackage.edit_title", wpLabel(b.Lang, editing))
		b.Crumbs = append(b.Crumbs, wpCrumb(b, editing))
	} else {
		b.Title = b.T("workpackage.new")
		b.Crumbs = append(b.Crumbs, web.Crumb{Label: b.Title})
	}
	pf, err := s.Register.FindPortfolioByID(r.Context(), p.PortfolioID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	status := http.StatusOK
	var picks pickState
	if r.Method == http.MethodPost {
		var done bool
		if status, done = s.PostForm(w, r, &b, func() (salkku.FieldErrors, error, string) {
			var pfe salkku.FieldErrors
			var err error
			if picks, pfe, err = s.resolvePickers(r, r.PostForm, workPackagePickers(pf.OrganisationID, editing)...); err != nil {
				return nil, err, ""
			}
			form = readWorkPackageForm(r)
			wp := &salkku.WorkPackage{ProjectID: p.ID}
			if editing != nil {
				wp.ID = editing.ID
			}
			fe := form.parse(wp)
			for k, v := range pfe {
				fe[k] = v
			}
			err = save(r, fe, wp, editing != nil, s.Register.CreateWorkPackage, s.Register.UpdateWorkPackage)
			return fe, err, "/projects/" + strconv.FormatInt(p.ID, 10)
		}); done {
			return
		}
	}
	var editID int64
	if editing != nil {
		editID = editing.ID
	}
	flat, node, err := s.wpTree(r, p.ID, editID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if node == nil {
		node = editing
	}
	var chosen []int64
	for _, v := range form.Responsible {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			chosen = append(chosen, id)
		}
	}
	pickers, err := s.pickers(r, b, picks, map[string][]int64{"responsible_ids": chosen}, workPackagePickers(pf.OrganisationID, editing)...)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	page := workPackageFormPage{Base: b, Form: form, Project: p, Editing: editing,
		Parents: parentOptions(b, flat, node, form.Parent), Pickers: pickers}
	s.Render(w, r, status, "workpackage_form", page)
}

func (s *Server) handleWorkPackageDelete(w http.ResponseWriter, r *http.Request) {
	wp, p, ok := s.loadWorkPackage(w, r)
	if !ok || !s.Allowed(w, r, web.AccessOf(r).CanEditProject(p)) {
		return
	}
	_, node, err := s.wpTree(r, p.ID, wp.ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	b := s.NewBase(r, "")
	b.Title = b.T("workpackage.delete_title", wpLabel(b.Lang, wp))
	b.NavIndex = "portfolios"
	b.Crumbs = append(projectCrumbs(b, p, true), wpCrumb(b, wp), web.Crumb{Label: b.T("action.delete")})
	// Say when the delete takes a subtree with it.
	question := b.T("workpackage.delete_question", wpLabel(b.Lang, wp))
	if node != nil {
		if n := len(salkku.FlattenTree(node.Children)); n > 0 {
			question = b.T("workpackage.delete_question_subtree", wpLabel(b.Lang, wp), n)
		}
	}
	project := "/projects/" + strconv.FormatInt(p.ID, 10)
	s.confirmDelete(w, r, b, question, project,
		func() error { return s.Register.DeleteWorkPackage(r.Context(), wp.ID) }, project)
}

// loadWorkPackage finds the work package of the path and its project.
func (s *Server) loadWorkPackage(w http.ResponseWriter, r *http.Request) (*salkku.WorkPackage, *salkku.Project, bool) {
	return loadWithProject(s, w, r, s.Register.FindWorkPackageByID, func(wp *salkku.WorkPackage) int64 { return wp.ProjectID })
}

// workPackagePickers is the work-package form's picker of the people
// responsible, of the organisation org, keeping those it names.
func workPackagePickers(org int64, editing *salkku.WorkPackage) []pickField {
	return pickFields(personKind, org, workPackagePeople(editing), "responsible_ids")
}
