package api

import (
	"bytes"
	"io"
	"mime"
	"net/http"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/importer"
	"github.com/salkku/salkku/web"
)

// projectImportBody is what a project list import answers: what each row
// does (or did), the counts and every problem; error is set when the
// import was refused for them.
type projectImportBody struct {
	*salkku.ProjectImportResult
	Problems []importProblemBody `json:"problems"`
	// Mapping is the column of each field.
	Mapping importer.Mapping `json:"mapping"`
	Error   *importErrorBody `json:"error,omitempty"`
}

// apiImportProjects imports a project list (a CSV or XLSX file, as a
// multipart form's "file" or as the body itself) into the portfolio: its
// columns mapped by map_FIELD parameters, else by the organisation's
// remembered mapping when it fits the header, else by their header texts.
// With dry_run it answers 200 with what each row would do and every
// problem; else every row is written in one transaction and the mapping
// remembered, or, with any problem, nothing is and it answers 422 with the
// same body and an error.
func (s *Server) apiImportProjects(w http.ResponseWriter, r *http.Request) {
	web.LargeBody(r, web.MaxImportBytes)
	id, err := web.PathID(r, "id")
	var pf *salkku.Portfolio
	if err == nil {
		pf, err = s.Register.FindPortfolioByID(r.Context(), id)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	values, name, workbook := r.URL.Query(), "", false
	var content io.Reader = r.Body
	switch mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); {
	case mt == "multipart/form-data":
		var b []byte
		name, b, values, err = readUpload(r)
		content = bytes.NewReader(b)
	case uploadTypes[mt]:
		workbook = mt == xlsxType
	default:
		err = salkku.Errorf(salkku.EINVALID, "error.import_file")
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	q := &queryParams{values: values, known: map[string]bool{"lang": true, "dry_run": true, "file_name": true}, fe: salkku.FieldErrors{}}
	dryRun := false
	f, err := s.readImportFile(r.Context(), pf.OrganisationID, salkku.ImportKindProjects, importer.ProjectFields, importer.BindProjects,
		q, name, workbook, content, func() { dryRun = q.bool("dry_run") })
	if err != nil {
		s.Error(w, r, err)
		return
	}
	res, err := s.Register.ImportProjects(r.Context(), pf.ID, importer.ProjectList(f.name, f.table, f.binding, pf.Name.Primary), dryRun)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if res.Applied {
		if err := s.Register.SaveImportMapping(r.Context(), pf.OrganisationID, salkku.ImportKindProjects, f.mapping); err != nil {
			s.Logger.Warn("import mapping not saved", "portfolio", pf.ID, "err", err)
		}
	}
	b := projectImportBody{ProjectImportResult: res, Mapping: f.mapping}
	orEmpty(&res.Preview)
	status := s.importOutcome(r, &res.ImportSummary, !dryRun, &b.Problems, &b.Error)
	web.WriteJSON(w, status, b)
}
