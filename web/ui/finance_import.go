package ui

import (
	"net/http"
	"strconv"

	"github.com/salkku/salkku/importer"
	"github.com/salkku/salkku/web"

	"github.com/salkku/salkku"
)

// Importing an organisation's actuals from its finance system's export
// (CSV or XLSX) in the four steps of import_flow.go: upload, the column
// mapping, the preview and the apply.

type importsPage struct {
	finBase
	Organisation *salkku.Organisation
	Imports      []*salkku.ActualImport
	MaxMB        int
}

// loadImportOrg is the organisation of the path, for one who may import
// for it.
func (s *Server) loadImportOrg(w http.ResponseWriter, r *http.Request) (*salkku.Organisation, bool) {
	o, ok := s.loadOrganisation(w, r)
	if !ok || !s.Allowed(w, r, web.AccessOf(r).CanManageCostCategories(o.ID)) {
		return nil, false
	}
	return o, true
}

func (s *Server) importBase(r *http.Request, o *salkku.Organisation, title string, more ...web.Crumb) web.Base {
	b := s.NewBase(r, "")
	b.Title = title
	b.NavIndex = "organisations"
	b.Crumbs = append(orgCrumbs(b, o), web.Crumb{Label: b.T("costcat.crumb"), URL: orgPath(o.ID, "/cost-categories")})
	b.Crumbs = append(b.Crumbs, more...)
	return b
}

// handleImports shows the upload form and the latest imports; a POST
// uploads a file and goes on to its column mapping.
func (s *Server) handleImports(w http.ResponseWriter, r *http.Request) {
	o, ok := s.loadImportOrg(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	b := s.importBase(r, o, "")
	b.Title = b.T("actualimport.title", b.Plain(o.Name))
	b.Crumbs = append(b.Crumbs, web.Crumb{Label: b.T("import.crumb")})
	b.Flash = s.TakeFlash(w, r)
	status := http.StatusOK
	if r.Method == http.MethodPost {
		id, err := s.uploadImport(r, o.ID, salkku.ImportKindActuals)
		if err == nil {
			web.Redirect(w, r, orgPath(o.ID, "/actual-imports/"+strconv.FormatInt(id, 10)), "")
			return
		}
		if status, ok = uploadFailed(&b, err); !ok {
			s.Error(w, r, err)
			return
		}
	}
	list, err := s.Register.FindActualImports(ctx, o.ID, 20)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.Render(w, r, status, "actual_imports", importsPage{finBase: finBase{b}, Organisation: o, Imports: list, MaxMB: web.MaxImportBytes >> 20})
}

// loadImportFile finds the kept file {fid} of the organisation {id}, and
// reads it.
func (s *Server) loadImportFile(w http.ResponseWriter, r *http.Request) (*salkku.Organisation, *salkku.ImportFile, *importer.Table, bool) {
	o, ok := s.loadImportOrg(w, r)
	if !ok {
		return nil, nil, nil, false
	}
	f, t, ok := s.findImportFile(w, r, o.ID, salkku.ImportKindActuals)
	return o, f, t, ok
}

// actualsPath is the path of a kept actuals file's steps.
func actualsPath(o *salkku.Organisation, f *salkku.ImportFile) string {
	return orgPath(o.ID, "/actual-imports/"+strconv.FormatInt(f.ID, 10))
}

// handleImportMapping shows the column mapping of a kept file.
func (s *Server) handleImportMapping(w http.ResponseWriter, r *http.Request) {
	o, f, t, ok := s.loadImportFile(w, r)
	if !ok {
		return
	}
	m, err := s.offeredMapping(r, actualsFlow, o.ID, t)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.renderMapping(w, r, http.StatusOK, s.mappingBase(r, o, f), actualsFlow, f, t, m, actualsPath(o, f)+"/check", orgPath(o.ID, "/actual-imports"))
}

// handleImportCheck checks the mapping the form sends and goes on to the
// preview.
func (s *Server) handleImportCheck(w http.ResponseWriter, r *http.Request) {
	o, f, t, ok := s.loadImportFile(w, r)
	if !ok {
		return
	}
	bind := func(m importer.Mapping, header []string) (*importer.Binding, error) {
		return importer.Bind(m, header, importer.ActualFields)
	}
	s.checkMapping(w, r, s.mappingBase(r, o, f), actualsFlow, f, t, bind, actualsPath(o, f), orgPath(o.ID, "/actual-imports"))
}

func (s *Server) mappingBase(r *http.Request, o *salkku.Organisation, f *salkku.ImportFile) web.Base {
	b := s.importBase(r, o, "", web.Crumb{Label: s.NewBase(r, "").T("import.crumb"), URL: orgPath(o.ID, "/actual-imports")})
	b.Title = b.T("actualimport.mapping_title", f.Name)
	b.Crumbs = append(b.Crumbs, web.Crumb{Label: b.T("actualimport.mapping_crumb")})
	return b
}

type previewPage struct {
	importPreview
	Result *salkku.ImportResult
	Rows   []salkku.ImportPreviewRow
}

// importRequest binds a file's rows with a mapping, for ImportActuals.
func importRequest(o *salkku.Organisation, f *salkku.ImportFile, t *importer.Table, m importer.Mapping) (salkku.ImportRequest, error) {
	bd, err := importer.Bind(m, t.Header, importer.ActualFields)
	if err != nil {
		return salkku.ImportRequest{}, err
	}
	return salkku.ImportRequest{OrganisationID: o.ID, FileName: f.Name, Rows: importer.ActualRows(t, bd), Columns: bd.Columns()}, nil
}

// handleImportPreview checks every row of a kept file with the mapping of
// the query and shows what applying would do, changing nothing.
func (s *Server) handleImportPreview(w http.ResponseWriter, r *http.Request) {
	o, f, t, ok := s.loadImportFile(w, r)
	if !ok {
		return
	}
	self := actualsPath(o, f)
	q := r.URL.Query()
	m := actualsFlow.mappingOf(q)
	req, err := importRequest(o, f, t, m)
	if err != nil {
		// A hand-edited URL: back to the mapping.
		web.Redirect(w, r, self+"?"+actualsFlow.query(m).Encode(), "")
		return
	}
	res, err := s.Register.ImportActuals(r.Context(), req)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	b := s.importBase(r, o, "", web.Crumb{Label: s.NewBase(r, "").T("import.crumb"), URL: orgPath(o.ID, "/actual-imports")})
	b.Title = b.T("actualimport.preview_title", f.Name)
	b.Crumbs = append(b.Crumbs, web.Crumb{Label: b.T("actualimport.mapping_crumb"), URL: self + "?" + actualsFlow.query(m).Encode()},
		web.Crumb{Label: b.T("actualimport.preview_crumb")})
	actions := actionsOf(res.Preview, func(r salkku.ImportPreviewRow) string { return r.Action })
	page := previewPage{importPreview: newPreview(b, actualsFlow, f, res.ImportSummary, actions, m, q, self, orgPath(o.ID, "/actual-imports")), Result: res}
	page.Rows = pageOf(page.Pager, res.Preview)
	s.Render(w, r, http.StatusOK, "actual_import_preview", page)
}

// handleImportApply applies every row of a kept file in one transaction,
// or none, streaming its progress.
func (s *Server) handleImportApply(w http.ResponseWriter, r *http.Request) {
	o, f, t, ok := s.loadImportFile(w, r)
	if !ok {
		return
	}
	m, ok := s.postedMapping(w, r, actualsFlow)
	if !ok {
		return
	}
	ctx := r.Context()
	self := actualsPath(o, f)
	req, err := importRequest(o, f, t, m)
	if err != nil {
		web.Redirect(w, r, self+"?"+actualsFlow.query(m).Encode(), "")
		return
	}
	b := s.importBase(r, o, "", web.Crumb{Label: s.NewBase(r, "").T("import.crumb"), URL: orgPath(o.ID, "/actual-imports")})
	b.Title = b.T("actualimport.applying_title", f.Name)
	b.Crumbs = append(b.Crumbs, web.Crumb{Label: b.T("actualimport.apply_crumb")})
	s.streamApply(w, r, b, f, len(req.Rows), orgPath(o.ID, "/actual-imports"), "actualimport.back", func(progress func(int, int)) string {
		req.Apply, req.Progress = true, progress
		res, err := s.Register.ImportActuals(ctx, req)
		var sum *salkku.ImportSummary
		if err == nil {
			sum = &res.ImportSummary
		}
		return s.applyOutcome(ctx, b, actualsFlow, o.ID, m, self+"/preview?"+actualsFlow.query(m).Encode(), sum, err, "organisation", o.ID, "file", f.ID)
	})
}

// UploadHint is the actuals upload's hint; Cancel leads nowhere.
func (p importsPage) UploadHint() string { return p.T("actualimport.file_hint", p.MaxMB) }
func (p importsPage) Cancel() string     { return "" }
