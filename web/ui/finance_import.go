package ui

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/salkku/salkku/importer"
	"github.com/salkku/salkku/web"

	"github.com/salkku/salkku"
)

// Importing an organisation's actuals from its finance system's export
// (CSV or XLSX) in four steps, each its own request so that any instance
// serves it: upload (the file is kept with SaveImportFile), the column
// mapping (a select per field, pre-filled from the mapping remembered or
// guessed from the headers), the preview (every row checked, every
// problem named by row and column, nothing written) and the apply (all
// rows or none, its progress streamed as the rows are written).

// previewPageSize is the rows of the preview shown at a time.
const previewPageSize = 200

// mapPrefix names a mapping's fields in a form and a URL: map_project.
const mapPrefix = "map_"

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
		id, err := s.upload(r, o)
		if err == nil {
			web.Redirect(w, r, orgPath(o.ID, "/actual-imports/"+strconv.FormatInt(id, 10)), "")
			return
		}
		if c := salkku.ErrorCode(err); c != salkku.EINVALID && c != salkku.ETOOLARGE {
			s.Error(w, r, err)
			return
		}
		b.SetFormError(nil, err)
		if b.Error == "" {
			b.Error = salkku.ErrorMessage(err)
		}
		var e *salkku.Error
		if errors.As(err, &e) {
			b.ErrorArgs = e.Args
		}
		if _, ok := b.Errors["file"]; !ok {
			b.Errors["file"] = b.Error
		}
		status = http.StatusUnprocessableEntity
		if salkku.ErrorCode(err) == salkku.ETOOLARGE {
			status = http.StatusRequestEntityTooLarge
		}
	}
	list, err := s.Register.FindActualImports(ctx, o.ID, 20)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.Render(w, r, status, "actual_imports", importsPage{finBase: finBase{b}, Organisation: o, Imports: list, MaxMB: web.MaxImportBytes >> 20})
}

// upload reads the posted file, checks that it reads as a sheet, and
// keeps it for the next steps.
func (s *Server) upload(r *http.Request, o *salkku.Organisation) (int64, error) {
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return 0, &salkku.Error{Code: salkku.EINVALID, Message: "actualimport.no_file", Fields: map[string]string{"file": "actualimport.no_file"}}
	}
	defer file.Close()
	content, err := io.ReadAll(io.LimitReader(file, web.MaxImportBytes+1))
	if err != nil {
		return 0, fmt.Errorf("ui: upload: %w", err)
	}
	if _, err := importer.Read(hdr.Filename, bytes.NewReader(content), web.MaxImportBytes); err != nil {
		return 0, err
	}
	f := &salkku.ImportFile{OrganisationID: o.ID, Kind: salkku.ImportKindActuals, Name: hdr.Filename, Content: content}
	if err := s.Register.SaveImportFile(r.Context(), f); err != nil {
		return 0, err
	}
	return f.ID, nil
}

// loadImportFile finds the kept file {fid} of the organisation {id}, and
// reads it.
func (s *Server) loadImportFile(w http.ResponseWriter, r *http.Request) (*salkku.Organisation, *salkku.ImportFile, *importer.Table, bool) {
	o, ok := s.loadImportOrg(w, r)
	if !ok {
		return nil, nil, nil, false
	}
	fid, err := web.PathID(r, "fid")
	var f *salkku.ImportFile
	if err == nil {
		f, err = s.Register.FindImportFile(r.Context(), fid)
	}
	if err == nil && (f.OrganisationID != o.ID || f.Kind != salkku.ImportKindActuals) {
		err = errNotFound
	}
	if err != nil {
		if salkku.ErrorCode(err) == salkku.ENOTFOUND {
			err = salkku.Errorf(salkku.ENOTFOUND, "actualimport.file_gone")
		}
		s.Error(w, r, err)
		return nil, nil, nil, false
	}
	t, err := importer.Read(f.Name, bytes.NewReader(f.Content), web.MaxImportBytes)
	if err != nil {
		s.Error(w, r, err)
		return nil, nil, nil, false
	}
	return o, f, t, true
}

// mappingOf reads a mapping from a form or a query: map_FIELD=Header.
func mappingOf(v url.Values) importer.Mapping {
	m := importer.Mapping{}
	for _, f := range importer.ActualFields {
		if col := v.Get(mapPrefix + f.Key); col != "" {
			m[f.Key] = col
		}
	}
	return m
}

// mappingQuery writes a mapping for a URL or hidden fields.
func mappingQuery(m importer.Mapping) url.Values {
	v := url.Values{}
	for _, f := range importer.ActualFields {
		if col := m[f.Key]; col != "" {
			v.Set(mapPrefix+f.Key, col)
		}
	}
	return v
}

// mappingField is one field's select of the mapping form.
type mappingField struct {
	Key, Name, Label, Hint, Error string
	Required                      bool
	Options                       []web.Option
}

type mappingPage struct {
	finBase
	Organisation *salkku.Organisation
	File         *salkku.ImportFile
	Table        *importer.Table
	Fields       []mappingField
	// Sample is the first rows of the file, as text.
	Sample [][]string
	// Check is where the form goes.
	Check string
}

// handleImportMapping shows the column mapping of a kept file, pre-filled
// from the query (back from the preview), the mapping remembered or the
// one guessed from the headers.
func (s *Server) handleImportMapping(w http.ResponseWriter, r *http.Request) {
	o, f, t, ok := s.loadImportFile(w, r)
	if !ok {
		return
	}
	var m importer.Mapping
	if r.URL.Query().Has(mapPrefix + "project") {
		m = mappingOf(r.URL.Query())
	} else {
		saved, err := s.Register.FindImportMapping(r.Context(), o.ID, salkku.ImportKindActuals)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		if saved != nil && importer.Check(saved, t.Header, importer.ActualFields) == nil {
			m = saved
		} else {
			m = importer.Guess(t.Header, importer.ActualFields)
		}
	}
	s.renderMapping(w, r, http.StatusOK, s.mappingBase(r, o, f), o, f, t, m)
}

// handleImportCheck checks the mapping the form sends (by GET: it changes
// nothing) and goes on to the preview through a page that says the rows
// are being checked, for that takes a moment with a large file; a mapping
// that does not fit comes back to its form.
func (s *Server) handleImportCheck(w http.ResponseWriter, r *http.Request) {
	o, f, t, ok := s.loadImportFile(w, r)
	if !ok {
		return
	}
	b := s.mappingBase(r, o, f)
	m := mappingOf(r.URL.Query())
	if err := importer.Check(m, t.Header, importer.ActualFields); err != nil {
		b.SetFormError(nil, err)
		b.Errors = prefixed(b.Errors, mapPrefix)
		s.renderMapping(w, r, http.StatusUnprocessableEntity, b, o, f, t, m)
		return
	}
	b.Refresh = orgPath(o.ID, "/actual-imports/"+strconv.FormatInt(f.ID, 10)) + "/preview?" + mappingQuery(m).Encode()
	b.Title = b.T("actualimport.checking_title")
	s.Render(w, r, http.StatusOK, "actual_import_working", workingPage{finBase: finBase{b}, Rows: len(t.Rows), Next: b.Refresh, File: f})
}

func (s *Server) mappingBase(r *http.Request, o *salkku.Organisation, f *salkku.ImportFile) web.Base {
	b := s.importBase(r, o, "", web.Crumb{Label: s.NewBase(r, "").T("import.crumb"), URL: orgPath(o.ID, "/actual-imports")})
	b.Title = b.T("actualimport.mapping_title", f.Name)
	b.Crumbs = append(b.Crumbs, web.Crumb{Label: b.T("actualimport.mapping_crumb")})
	return b
}

func (s *Server) renderMapping(w http.ResponseWriter, r *http.Request, status int, b web.Base, o *salkku.Organisation, f *salkku.ImportFile, t *importer.Table, m importer.Mapping) {
	page := mappingPage{finBase: finBase{b}, Organisation: o, File: f, Table: t,
		Check: orgPath(o.ID, "/actual-imports/"+strconv.FormatInt(f.ID, 10)+"/check")}
	for _, fd := range importer.ActualFields {
		mf := mappingField{Key: fd.Key, Name: mapPrefix + fd.Key, Label: b.T("field." + mapPrefix + fd.Key), Required: fd.Required,
			Hint: b.T("actualimport.hint." + fd.Key)}
		if k := b.Errors[mf.Name]; k != "" {
			mf.Error = b.T(k)
		}
		mf.Options = append(mf.Options, web.Option{Value: "", Label: b.T("actualimport.no_column")})
		for _, h := range t.Header {
			if h != "" {
				mf.Options = append(mf.Options, web.Option{Value: h, Label: h, Selected: h == m[fd.Key]})
			}
		}
		page.Fields = append(page.Fields, mf)
	}
	for _, row := range t.Rows[:min(len(t.Rows), 5)] {
		var cells []string
		for i := range t.Header {
			cells = append(cells, row.Cell(i).Text)
		}
		page.Sample = append(page.Sample, cells)
	}
	s.Render(w, r, status, "actual_import_mapping", page)
}

// prefixed names a mapping's field errors as the form's selects.
func prefixed(errs map[string]string, prefix string) map[string]string {
	out := map[string]string{}
	for k, v := range errs {
		out[prefix+k] = v
	}
	return out
}

// workingPage says a long step is under way: the check before the
// preview (Next, where the browser goes on to) or the apply (its progress
// streamed into the page).
type workingPage struct {
	finBase
	File *salkku.ImportFile
	Rows int
	Next string
}

// Marker is a comment the apply cuts its streamed page at.
func (p workingPage) Marker(name string) template.HTML { return template.HTML("<!--" + name + "-->") }

// problemRow is a problem of the file, in words.
type problemRow struct {
	Row     int
	Column  string
	Message string
}

type previewPage struct {
	finBase
	Organisation *salkku.Organisation
	File         *salkku.ImportFile
	Result       *salkku.ImportResult
	Problems     []problemRow
	ErrorRows    int
	Rows         []salkku.ImportPreviewRow
	Pager        pager
	// Mapping is posted with the apply; MappingURL leads back to it.
	Mapping    []web.Option
	MappingURL string
	Apply      string
	// Truncated is set when the file had more problems than are named.
	Truncated bool
}

// Action names what a row will do.
func (p previewPage) Action(a string) string { return p.T("actualimport.action." + a) }

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
	self := orgPath(o.ID, "/actual-imports/"+strconv.FormatInt(f.ID, 10))
	q := r.URL.Query()
	m := mappingOf(q)
	req, err := importRequest(o, f, t, m)
	if err != nil {
		// A hand-edited URL: back to the mapping.
		web.Redirect(w, r, self+"?"+mappingQuery(m).Encode(), "")
		return
	}
	res, err := s.Register.ImportActuals(r.Context(), req)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	b := s.importBase(r, o, "", web.Crumb{Label: s.NewBase(r, "").T("import.crumb"), URL: orgPath(o.ID, "/actual-imports")})
	b.Title = b.T("actualimport.preview_title", f.Name)
	b.Crumbs = append(b.Crumbs, web.Crumb{Label: b.T("actualimport.mapping_crumb"), URL: self + "?" + mappingQuery(m).Encode()},
		web.Crumb{Label: b.T("actualimport.preview_crumb")})
	s.renderPreview(w, r, http.StatusOK, b, o, f, res, m, q)
}

func (s *Server) renderPreview(w http.ResponseWriter, r *http.Request, status int, b web.Base, o *salkku.Organisation, f *salkku.ImportFile,
	res *salkku.ImportResult, m importer.Mapping, q url.Values) {
	self := orgPath(o.ID, "/actual-imports/"+strconv.FormatInt(f.ID, 10))
	page := previewPage{finBase: finBase{b}, Organisation: o, File: f, Result: res, MappingURL: self + "?" + mappingQuery(m).Encode(),
		Apply: self + "/apply", Truncated: len(res.Problems) >= salkku.MaxImportProblems}
	for _, p := range res.Problems {
		page.Problems = append(page.Problems, problemRow{Row: p.Row, Column: p.Column, Message: b.T(p.Key, web.LocalArgs(b.Lang, p.Args)...)})
	}
	for _, row := range res.Preview {
		if row.Action == salkku.ImportError {
			page.ErrorRows++
		}
	}
	for k, v := range mappingQuery(m) {
		page.Mapping = append(page.Mapping, web.Option{Value: v[0], Label: k})
	}
	page.Pager = newPager(q, previewPageSize)
	page.Pager.Total = len(res.Preview)
	page.Pager.Page = min(page.Pager.Page, page.Pager.Pages())
	first := (page.Pager.Page - 1) * previewPageSize
	page.Rows = res.Preview[min(first, len(res.Preview)):min(first+previewPageSize, len(res.Preview))]
	s.Render(w, r, status, "actual_import_preview", page)
}

// progressSteps is how many progress lines an apply writes at most.
const progressSteps = 10

// handleImportApply applies every row of a kept file in one transaction,
// or none. The page streams: its head and a "working" line first, a line
// as each tenth of the rows is written, then the outcome.
func (s *Server) handleImportApply(w http.ResponseWriter, r *http.Request) {
	o, f, t, ok := s.loadImportFile(w, r)
	if !ok {
		return
	}
	if err := web.ParseForm(r); err != nil {
		s.Error(w, r, err)
		return
	}
	ctx := r.Context()
	self := orgPath(o.ID, "/actual-imports/"+strconv.FormatInt(f.ID, 10))
	m := mappingOf(r.PostForm)
	req, err := importRequest(o, f, t, m)
	if err != nil {
		web.Redirect(w, r, self+"?"+mappingQuery(m).Encode(), "")
		return
	}
	b := s.importBase(r, o, "", web.Crumb{Label: s.NewBase(r, "").T("import.crumb"), URL: orgPath(o.ID, "/actual-imports")})
	b.Title = b.T("actualimport.applying_title", f.Name)
	b.Crumbs = append(b.Crumbs, web.Crumb{Label: b.T("actualimport.apply_crumb")})
	html, err := s.RenderBytes("actual_import_working", workingPage{finBase: finBase{b}, Rows: len(req.Rows), File: f})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	// The page in three parts: up to the progress list's end, the list's
	// end up to where the outcome goes, and the rest.
	head, rest, found1 := bytes.Cut(html, []byte("<!--progress-->"))
	middle, tail, found2 := bytes.Cut(rest, []byte("<!--outcome-->"))
	if !found1 || !found2 {
		s.Error(w, r, errors.New("ui: the import page has no progress marker"))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)
	w.Write(head)
	rc.Flush()
	step := max(1, len(req.Rows)/progressSteps)
	last := 0
	req.Apply = true
	req.Progress = func(done, total int) {
		if done-last >= step || done == total && done != last {
			last = done
			fmt.Fprintf(w, "<li>%s</li>\n", template.HTMLEscapeString(b.T("actualimport.progress", b.Int(done), b.Int(total))))
			rc.Flush()
		}
	}
	res, err := s.Register.ImportActuals(ctx, req)
	var out string
	switch {
	case err != nil:
		s.Logger.Error("import actuals", "organisation", o.ID, "file", f.ID, "err", err)
		key := "error.internal"
		if c := salkku.ErrorCode(err); c != salkku.EINTERNAL {
			key = salkku.ErrorMessage(err)
		}
		out = `<p class="error" role="alert">` + template.HTMLEscapeString(b.T(key)) + `</p>`
	case res.Applied:
		if err := s.Register.SaveImportMapping(ctx, o.ID, salkku.ImportKindActuals, m); err != nil {
			s.Logger.Warn("import mapping", "organisation", o.ID, "err", err)
		}
		out = `<p class="flash" role="status">` + template.HTMLEscapeString(b.T("actualimport.applied", b.Int(res.Rows), b.Int(res.New), b.Int(res.Updated), b.Int(res.Unchanged))) + `</p>`
	default:
		out = `<p class="error" role="alert">` + template.HTMLEscapeString(b.T("actualimport.rejected", b.Int(len(res.Problems)))) +
			` <a href="` + template.HTMLEscapeString(self+"/preview?"+mappingQuery(m).Encode()) + `">` + template.HTMLEscapeString(b.T("actualimport.see_problems")) + `</a></p>`
	}
	w.Write(middle)
	fmt.Fprintf(w, "%s\n<p><a href=\"%s\">%s</a></p>\n", out, template.HTMLEscapeString(orgPath(o.ID, "/actual-imports")),
		template.HTMLEscapeString(b.T("actualimport.back")))
	w.Write(tail)
}
