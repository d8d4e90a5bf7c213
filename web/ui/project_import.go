package ui

import (
	"net/http"
	"strconv"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/importer"
	"github.com/salkku/salkku/web"
)

// Importing a project list (an organisation's Excel register) into a
// portfolio, in the steps of import_flow.go: upload, the column mapping,
// the preview of every row with its problems and what it changes, and the
// apply, then a link to the portfolio's overview.

var projectsFlow = importFlow{kind: salkku.ImportKindProjects, fields: importer.ProjectFields, prefix: "col_", hints: "projectimport"}

type projectImportPage struct {
	finBase
	Portfolio *salkku.Portfolio
	MaxMB     int
}

// loadImportPortfolio is the portfolio of the path, for one who may
// create projects in it.
func (s *Server) loadImportPortfolio(w http.ResponseWriter, r *http.Request) (*salkku.Portfolio, bool) {
	pf, ok := s.loadPortfolio(w, r)
	if !ok || !s.Allowed(w, r, web.AccessOf(r).CanCreateProject(pf.ID)) {
		return nil, false
	}
	return pf, true
}

func projectImportPath(pf *salkku.Portfolio, f *salkku.ImportFile) string {
	p := "/portfolios/" + strconv.FormatInt(pf.ID, 10) + "/import"
	if f != nil {
		p += "/" + strconv.FormatInt(f.ID, 10)
	}
	return p
}

// projectImportBase is a step's page: its crumbs lead through the
// portfolio to the import and the steps before.
func (s *Server) projectImportBase(r *http.Request, pf *salkku.Portfolio, title string, args []any, more ...web.Crumb) web.Base {
	b := s.NewBase(r, "")
	b.Title = b.T(title, args...)
	b.NavIndex = "portfolios"
	b.Crumbs = portfolioCrumbs(b, pf)
	if len(more) > 0 {
		b.Crumbs = append(b.Crumbs, web.Crumb{Label: b.T("projectimport.crumb"), URL: projectImportPath(pf, nil)})
	}
	b.Crumbs = append(b.Crumbs, more...)
	return b
}

// handleProjectImport shows the upload form; a POST uploads a file and
// goes on to its column mapping.
func (s *Server) handleProjectImport(w http.ResponseWriter, r *http.Request) {
	pf, ok := s.loadImportPortfolio(w, r)
	if !ok {
		return
	}
	b := s.projectImportBase(r, pf, "projectimport.title", nil)
	b.Title = b.T("projectimport.title", b.Plain(pf.Name))
	b.Crumbs = append(b.Crumbs, web.Crumb{Label: b.T("projectimport.crumb")})
	status := http.StatusOK
	if r.Method == http.MethodPost {
		id, err := s.uploadImport(r, pf.OrganisationID, salkku.ImportKindProjects)
		if err == nil {
			web.Redirect(w, r, projectImportPath(pf, &salkku.ImportFile{ID: id}), "")
			return
		}
		if status, ok = uploadFailed(&b, err); !ok {
			s.Error(w, r, err)
			return
		}
	}
	s.Render(w, r, status, "project_import", projectImportPage{finBase: finBase{b}, Portfolio: pf, MaxMB: web.MaxImportBytes >> 20})
}

// loadProjectImportFile finds the kept file {fid} of the portfolio {id}'s
// organisation, and reads it.
func (s *Server) loadProjectImportFile(w http.ResponseWriter, r *http.Request) (*salkku.Portfolio, *salkku.ImportFile, *importer.Table, bool) {
	pf, ok := s.loadImportPortfolio(w, r)
	if !ok {
		return nil, nil, nil, false
	}
	f, t, ok := s.findImportFile(w, r, pf.OrganisationID, salkku.ImportKindProjects)
	return pf, f, t, ok
}

func (s *Server) projectMappingBase(r *http.Request, pf *salkku.Portfolio, f *salkku.ImportFile) web.Base {
	return s.projectImportBase(r, pf, "actualimport.mapping_title", []any{f.Name}, web.Crumb{Label: s.NewBase(r, "").T("actualimport.mapping_crumb")})
}

// handleProjectImportMapping shows the column mapping of a kept file.
func (s *Server) handleProjectImportMapping(w http.ResponseWriter, r *http.Request) {
	pf, f, t, ok := s.loadProjectImportFile(w, r)
	if !ok {
		return
	}
	m, err := s.offeredMapping(r, projectsFlow, pf.OrganisationID, t)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.renderMapping(w, r, http.StatusOK, s.projectMappingBase(r, pf, f), projectsFlow, f, t, m, projectImportPath(pf, f)+"/check", projectImportPath(pf, nil))
}

// handleProjectImportCheck checks the mapping the form sends and goes on
// to the preview.
func (s *Server) handleProjectImportCheck(w http.ResponseWriter, r *http.Request) {
	pf, f, t, ok := s.loadProjectImportFile(w, r)
	if !ok {
		return
	}
	s.checkMapping(w, r, s.projectMappingBase(r, pf, f), projectsFlow, f, t, importer.BindProjects, projectImportPath(pf, f), projectImportPath(pf, nil))
}

// projectRows binds a file's rows with a mapping, for ImportProjects.
func projectRows(pf *salkku.Portfolio, f *salkku.ImportFile, t *importer.Table, m importer.Mapping) (salkku.ProjectRows, error) {
	bd, err := importer.BindProjects(m, t.Header)
	if err != nil {
		return salkku.ProjectRows{}, err
	}
	return importer.ProjectList(f.Name, t, bd, pf.Name.Primary), nil
}

type projectPreviewPage struct {
	importPreview
	Portfolio *salkku.Portfolio
	Rows      []salkku.ProjectPreviewRow
}

// Changes names the fields a row changes, in words.
func (p projectPreviewPage) Changes(fields []string) []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = p.T("projectimport.field." + f)
	}
	return out
}

// handleProjectImportPreview checks every row of a kept file with the
// mapping of the query and shows what applying would do, changing
// nothing.
func (s *Server) handleProjectImportPreview(w http.ResponseWriter, r *http.Request) {
	pf, f, t, ok := s.loadProjectImportFile(w, r)
	if !ok {
		return
	}
	self := projectImportPath(pf, f)
	q := r.URL.Query()
	m := projectsFlow.mappingOf(q)
	in, err := projectRows(pf, f, t, m)
	if err != nil {
		web.Redirect(w, r, self+"?"+projectsFlow.query(m).Encode(), "")
		return
	}
	res, err := s.Register.ImportProjects(r.Context(), pf.ID, in, true)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	b := s.projectImportBase(r, pf, "actualimport.preview_title", []any{f.Name},
		web.Crumb{Label: s.NewBase(r, "").T("actualimport.mapping_crumb"), URL: self + "?" + projectsFlow.query(m).Encode()},
		web.Crumb{Label: s.NewBase(r, "").T("actualimport.preview_crumb")})
	actions := actionsOf(res.Preview, func(r salkku.ProjectPreviewRow) string { return r.Action })
	page := projectPreviewPage{importPreview: newPreview(b, projectsFlow, f, res.ImportSummary, actions, m, q, self, projectImportPath(pf, nil)), Portfolio: pf}
	page.applyLabel = "projectimport.apply"
	page.Rows = pageOf(page.Pager, res.Preview)
	s.Render(w, r, http.StatusOK, "project_import_preview", page)
}

// handleProjectImportApply writes every row of a kept file in one
// transaction, or none, streaming its progress; the outcome links to the
// portfolio's overview.
func (s *Server) handleProjectImportApply(w http.ResponseWriter, r *http.Request) {
	pf, f, t, ok := s.loadProjectImportFile(w, r)
	if !ok {
		return
	}
	m, ok := s.postedMapping(w, r, projectsFlow)
	if !ok {
		return
	}
	ctx := r.Context()
	self := projectImportPath(pf, f)
	in, err := projectRows(pf, f, t, m)
	if err != nil {
		web.Redirect(w, r, self+"?"+projectsFlow.query(m).Encode(), "")
		return
	}
	b := s.projectImportBase(r, pf, "actualimport.applying_title", []any{f.Name}, web.Crumb{Label: s.NewBase(r, "").T("actualimport.apply_crumb")})
	overview := "/portfolios/" + strconv.FormatInt(pf.ID, 10)
	s.streamApply(w, r, b, f, len(in.Rows), overview, "projectimport.to_overview", func(progress func(int, int)) string {
		in.Progress = progress
		res, err := s.Register.ImportProjects(ctx, pf.ID, in, false)
		var sum *salkku.ImportSummary
		if err == nil {
			sum = &res.ImportSummary
		}
		return s.applyOutcome(ctx, b, projectsFlow, pf.OrganisationID, m, self+"/preview?"+projectsFlow.query(m).Encode(), sum, err, "portfolio", pf.ID, "file", f.ID)
	})
}

// UploadHint is the project list upload's hint; Cancel leads back to the
// portfolio.
func (p projectImportPage) UploadHint() string { return p.T("projectimport.file_hint", p.MaxMB) }
func (p projectImportPage) Cancel() string {
	return "/portfolios/" + strconv.FormatInt(p.Portfolio.ID, 10)
}
