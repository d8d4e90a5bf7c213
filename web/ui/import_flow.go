package ui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/importer"
	"github.com/salkku/salkku/web"
)

// The steps every import of a file goes through, shared by the finance
// actuals (finance_import.go) and the project lists (project_import.go):
// upload (the file is kept with SaveImportFile), the column mapping (a
// select per field, pre-filled from the query, the mapping remembered or
// one guessed from the headers), the preview (every row checked, nothing
// written) and the apply (all rows or none, its progress streamed).

// previewPageSize is the rows of the preview shown at a time.
const previewPageSize = 200

// importFlow is what one kind of import brings to the shared steps.
type importFlow struct {
	kind   string
	fields []importer.Field
	// prefix names a field's select in a form and a URL (map_project);
	// "field."+prefix+key is its label.
	prefix string
	// hints is the catalogue prefix of each field's hint: hints+".hint."+key.
	hints string
}

var actualsFlow = importFlow{kind: salkku.ImportKindActuals, fields: importer.ActualFields, prefix: "map_", hints: "actualimport"}

// mappingOf reads a mapping from a form or a query: PREFIX_FIELD=Header.
func (fl importFlow) mappingOf(v url.Values) importer.Mapping {
	m := importer.Mapping{}
	for _, f := range fl.fields {
		if col := v.Get(fl.prefix + f.Key); col != "" {
			m[f.Key] = col
		}
	}
	return m
}

// given reports whether v carries a mapping (back from the preview).
func (fl importFlow) given(v url.Values) bool {
	for _, f := range fl.fields {
		if f.Required && v.Has(fl.prefix+f.Key) {
			return true
		}
	}
	return false
}

// query writes a mapping for a URL or hidden fields.
func (fl importFlow) query(m importer.Mapping) url.Values {
	v := url.Values{}
	for _, f := range fl.fields {
		if col := m[f.Key]; col != "" {
			v.Set(fl.prefix+f.Key, col)
		}
	}
	return v
}

// uploadImport reads the posted file, checks that it reads as a sheet,
// and keeps it for the next steps.
func (s *Server) uploadImport(r *http.Request, org int64, kind string) (int64, error) {
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
	f := &salkku.ImportFile{OrganisationID: org, Kind: kind, Name: hdr.Filename, Content: content}
	if err := s.Register.SaveImportFile(r.Context(), f); err != nil {
		return 0, err
	}
	return f.ID, nil
}

// uploadFailed puts an upload's error on the form; it reports false for
// an error that is no fault of the file (shown as an error page).
func uploadFailed(b *web.Base, err error) (int, bool) {
	if c := salkku.ErrorCode(err); c != salkku.EINVALID && c != salkku.ETOOLARGE {
		return 0, false
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
	if salkku.ErrorCode(err) == salkku.ETOOLARGE {
		return http.StatusRequestEntityTooLarge, true
	}
	return http.StatusUnprocessableEntity, true
}

// findImportFile finds the kept file {fid} of the organisation for the
// kind of import, and reads it.
func (s *Server) findImportFile(w http.ResponseWriter, r *http.Request, org int64, kind string) (*salkku.ImportFile, *importer.Table, bool) {
	fid, err := web.PathID(r, "fid")
	var f *salkku.ImportFile
	if err == nil {
		f, err = s.Register.FindImportFile(r.Context(), fid)
	}
	if err == nil && (f.OrganisationID != org || f.Kind != kind) {
		err = errNotFound
	}
	if err != nil {
		if salkku.ErrorCode(err) == salkku.ENOTFOUND {
			err = salkku.Errorf(salkku.ENOTFOUND, "actualimport.file_gone")
		}
		s.Error(w, r, err)
		return nil, nil, false
	}
	t, err := importer.Read(f.Name, bytes.NewReader(f.Content), web.MaxImportBytes)
	if err != nil {
		s.Error(w, r, err)
		return nil, nil, false
	}
	return f, t, true
}

// offeredMapping is the mapping the form starts from: the query's (back
// from the preview), else the one remembered when it fits, else a guess.
func (s *Server) offeredMapping(r *http.Request, fl importFlow, org int64, t *importer.Table) (importer.Mapping, error) {
	if fl.given(r.URL.Query()) {
		return fl.mappingOf(r.URL.Query()), nil
	}
	saved, err := s.Register.FindImportMapping(r.Context(), org, fl.kind)
	if err != nil {
		return nil, err
	}
	return importer.Choose(saved, t.Header, fl.fields), nil
}

// mappingField is one field's select of the mapping form.
type mappingField struct {
	Key, Name, Label, Hint, Error string
	Required                      bool
	Options                       []web.Option
}

type mappingPage struct {
	finBase
	File   *salkku.ImportFile
	Table  *importer.Table
	Fields []mappingField
	// Sample is the first rows of the file, as text.
	Sample [][]string
	// Check is where the form goes; Cancel leads back to the upload.
	Check, Cancel string
}

func (s *Server) renderMapping(w http.ResponseWriter, r *http.Request, status int, b web.Base, fl importFlow, f *salkku.ImportFile, t *importer.Table,
	m importer.Mapping, check, cancel string) {
	page := mappingPage{finBase: finBase{b}, File: f, Table: t, Check: check, Cancel: cancel}
	for _, fd := range fl.fields {
		mf := mappingField{Key: fd.Key, Name: fl.prefix + fd.Key, Label: b.T("field." + fl.prefix + fd.Key), Required: fd.Required,
			Hint: b.T(fl.hints + ".hint." + fd.Key)}
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

// checkMapping is the mapping step's form sent (by GET: it changes
// nothing): a mapping that does not fit comes back to its form, one that
// fits goes on to the preview through a page that says the rows are
// being checked, for that takes a moment with a large file.
func (s *Server) checkMapping(w http.ResponseWriter, r *http.Request, b web.Base, fl importFlow, f *salkku.ImportFile, t *importer.Table,
	bind func(importer.Mapping, []string) (*importer.Binding, error), self, cancel string) {
	m := fl.mappingOf(r.URL.Query())
	if _, err := bind(m, t.Header); err != nil {
		b.SetFormError(nil, err)
		b.Errors = prefixed(b.Errors, fl.prefix)
		s.renderMapping(w, r, http.StatusUnprocessableEntity, b, fl, f, t, m, self+"/check", cancel)
		return
	}
	b.Refresh = self + "/preview?" + fl.query(m).Encode()
	b.Title = b.T("actualimport.checking_title")
	s.Render(w, r, http.StatusOK, "actual_import_working", workingPage{finBase: finBase{b}, Rows: len(t.Rows), Next: b.Refresh, File: f})
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

// importPreview is what every preview page shows: the counts, every
// problem in words, and how to go back or on.
type importPreview struct {
	finBase
	File      *salkku.ImportFile
	Summary   salkku.ImportSummary
	Problems  []problemRow
	ErrorRows int
	Pager     pager
	// Mapping is posted with the apply; MappingURL leads back to it,
	// Upload to a new file.
	Mapping    []web.Option
	MappingURL string
	Apply      string
	Upload     string
	// Truncated is set when the file had more problems than are named.
	Truncated bool
	// applyLabel is the catalogue key of the apply button's text.
	applyLabel string
}

// Action names what a row will do.
func (p importPreview) Action(a string) string { return p.T("actualimport.action." + a) }

// newPreview fills the shared part of a preview; actions are the rows'
// actions, for the rows in error and the pager.
func newPreview(b web.Base, fl importFlow, f *salkku.ImportFile, sum salkku.ImportSummary, actions []string, m importer.Mapping, q url.Values,
	self, upload string) importPreview {
	p := importPreview{finBase: finBase{b}, File: f, Summary: sum, MappingURL: self + "?" + fl.query(m).Encode(), Apply: self + "/apply",
		Upload: upload, Truncated: len(sum.Problems) >= salkku.MaxImportProblems}
	for _, pr := range sum.Problems {
		p.Problems = append(p.Problems, problemRow{Row: pr.Row, Column: pr.Column, Message: b.T(pr.Key, web.LocalArgs(b.Lang, pr.Args)...)})
	}
	for _, a := range actions {
		if a == salkku.ImportError {
			p.ErrorRows++
		}
	}
	for k, v := range fl.query(m) {
		p.Mapping = append(p.Mapping, web.Option{Value: v[0], Label: k})
	}
	p.Pager = newPager(q, previewPageSize)
	p.Pager.Total = len(actions)
	p.Pager.Page = min(p.Pager.Page, p.Pager.Pages())
	return p
}

// pageOf is the rows of the pager's page.
func pageOf[T any](p pager, rows []T) []T {
	first := (p.Page - 1) * p.Size
	return rows[min(max(first, 0), len(rows)):min(max(first, 0)+p.Size, len(rows))]
}

// progressSteps is how many progress lines an apply writes at most.
const progressSteps = 10

// streamApply applies a file's rows, streaming the page: its head and a
// "working" line first, a line as each tenth of the rows is written,
// then the outcome that apply returns (HTML), and a link back (its text
// the catalogue key backLabel).
func (s *Server) streamApply(w http.ResponseWriter, r *http.Request, b web.Base, f *salkku.ImportFile, rows int, back, backLabel string,
	apply func(progress func(done, total int)) string) {
	html, err := s.RenderBytes("actual_import_working", workingPage{finBase: finBase{b}, Rows: rows, File: f})
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
	step := max(1, rows/progressSteps)
	last := 0
	out := apply(func(done, total int) {
		if done-last >= step || done == total && done != last {
			last = done
			fmt.Fprintf(w, "<li>%s</li>\n", template.HTMLEscapeString(b.T("actualimport.progress", b.Int(done), b.Int(total))))
			rc.Flush()
		}
	})
	w.Write(middle)
	fmt.Fprintf(w, "%s\n<p><a href=\"%s\">%s</a></p>\n", out, template.HTMLEscapeString(back), template.HTMLEscapeString(b.T(backLabel)))
	w.Write(tail)
}

// applyOutcome is the outcome of an apply in HTML: the error, the counts
// applied (the mapping m remembered for the organisation's next file), or
// the problems that stopped it with a link to them (the preview's URL).
func (s *Server) applyOutcome(ctx context.Context, b web.Base, fl importFlow, org int64, m importer.Mapping, problems string,
	sum *salkku.ImportSummary, err error, log ...any) string {
	if err == nil && sum.Applied {
		if err := s.Register.SaveImportMapping(ctx, org, fl.kind, m); err != nil {
			s.Logger.Warn("import mapping", append(log, "err", err)...)
		}
	}
	switch {
	case err != nil:
		s.Logger.Error("import", append(log, "err", err)...)
		key := "error.internal"
		if c := salkku.ErrorCode(err); c != salkku.EINTERNAL {
			key = salkku.ErrorMessage(err)
		}
		return `<p class="error" role="alert">` + template.HTMLEscapeString(b.T(key)) + `</p>`
	case sum.Applied:
		return `<p class="flash" role="status">` + template.HTMLEscapeString(b.T("actualimport.applied", b.Int(sum.Rows), b.Int(sum.New), b.Int(sum.Updated), b.Int(sum.Unchanged))) + `</p>`
	}
	return `<p class="error" role="alert">` + template.HTMLEscapeString(b.T("actualimport.rejected", b.Int(len(sum.Problems)))) +
		` <a href="` + template.HTMLEscapeString(problems) + `">` + template.HTMLEscapeString(b.T("actualimport.see_problems")) + `</a></p>`
}

// ApplyLabel is the apply button's text.
func (p importPreview) ApplyLabel() string {
	if p.applyLabel != "" {
		return p.T(p.applyLabel)
	}
	return p.T("actualimport.apply")
}

// actionsOf lists what each row of a preview does.
func actionsOf[T any](rows []T, action func(T) string) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = action(r)
	}
	return out
}

// postedMapping reads the mapping an apply's form posts.
func (s *Server) postedMapping(w http.ResponseWriter, r *http.Request, fl importFlow) (importer.Mapping, bool) {
	if err := web.ParseForm(r); err != nil {
		s.Error(w, r, err)
		return nil, false
	}
	return fl.mappingOf(r.PostForm), true
}
