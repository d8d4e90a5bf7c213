package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"testing"

	"github.com/salkku/salkku"
)

// projectImportForm is a multipart form with the file and fields.
func projectImportForm(t *testing.T, name, content string, fields ...string) ([]byte, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, err := mw.CreateFormFile("file", name)
	must(t, err)
	fw.Write([]byte(content))
	for i := 0; i+1 < len(fields); i += 2 {
		must(t, mw.WriteField(fields[i], fields[i+1]))
	}
	must(t, mw.Close())
	return b.Bytes(), mw.FormDataContentType()
}

type projectImportAnswer struct {
	salkku.ProjectImportResult
	Problems []struct {
		Row     int    `json:"row"`
		Column  string `json:"column"`
		Key     string `json:"key"`
		Message string `json:"message"`
	} `json:"problems"`
	Mapping map[string]string `json:"mapping"`
	Error   *struct {
		Code string `json:"code"`
	} `json:"error"`
}

func TestAPIImportProjects(t *testing.T) {
	apiEachEngine(t, func(t *testing.T, a *apiTest) {
		ctx := salkku.System(context.Background())
		org := &salkku.Organisation{Name: salkku.T("Naantalin kaupunki")}
		must(t, a.db.CreateOrganisation(ctx, org))
		pf := &salkku.Portfolio{OrganisationID: org.ID, Name: salkku.T("Tietohallinto")}
		must(t, a.db.CreatePortfolio(ctx, pf))
		must(t, a.db.CreateCategory(ctx, &salkku.Category{PortfolioID: pf.ID, Name: salkku.T("Sovellushankkeet"), Chapter: 3}))
		path := finPath("/portfolios/%d/projects/import", pf.ID)
		answer := func(r apiResponse) projectImportAnswer {
			t.Helper()
			var b projectImportAnswer
			must(t, json.Unmarshal(r.Body, &b))
			return b
		}
		good := projectsXLSX(t, []any{"Numero", "Hanke", "Luokka", "Alku", "Loppu"},
			[]any{"3.1", "Asianhallinta", 3, "5/2017", "12/2018"}, []any{"3.2", "Verkkokauppa", "Sovellushankkeet", "1/2018", ""})
		body, ct := projectImportForm(t, "hankkeet.xlsx", good, "dry_run", "true")
		res := answer(a.do("POST", path, body, "Content-Type", ct).want(t, http.StatusOK))
		if res.New != 2 || res.Applied || res.Mapping["code"] != "Numero" || res.Mapping["start"] != "Alku" {
			t.Fatalf("dry run %+v", res)
		}
		if _, n, _ := a.db.FindProjects(ctx, salkku.ProjectFilter{PortfolioID: &pf.ID}); n != 0 {
			t.Fatalf("%d projects after a dry run", n)
		}
		body, ct = projectImportForm(t, "hankkeet.xlsx", good)
		if res = answer(a.do("POST", path, body, "Content-Type", ct).want(t, http.StatusOK)); !res.Applied || res.New != 2 {
			t.Fatalf("import %+v", res)
		}
		// The file itself as the body, again: nothing changes.
		r := a.do("POST", path, good, "Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").want(t, http.StatusOK)
		if res = answer(r); res.Unchanged != 2 || res.New+res.Updated != 0 {
			t.Errorf("re-import %+v", res)
		}
		// A bad row: 422, nothing written, the problem by row and column.
		bad := "Numero;Hanke;Loppu\r\n3.3;Uusi;1/2019\r\n3.1;Asianhallinta;1/2016\r\n"
		r = a.do("POST", path, bad, "Content-Type", "text/csv").want(t, http.StatusUnprocessableEntity)
		if res = answer(r); res.Applied || len(res.Problems) != 1 || res.Problems[0].Row != 3 || res.Problems[0].Column != "Loppu" || res.Error == nil {
			t.Errorf("bad file %+v", res)
		}
		if _, n, _ := a.db.FindProjects(ctx, salkku.ProjectFilter{PortfolioID: &pf.ID}); n != 2 {
			t.Errorf("%d projects after a refused file", n)
		}
		// A wrong header row: 400 naming the fields that have no column.
		a.do("POST", path, "Hankkeet 2017\r\n3.1\r\n", "Content-Type", "text/csv").wantError(t, http.StatusBadRequest, "invalid", "map_code", "map_name")
		a.do("POST", path, `{"rows": []}`).wantError(t, http.StatusBadRequest, "invalid")
		a.do("POST", finPath("/portfolios/999999/projects/import"), good, "Content-Type", "text/csv").wantError(t, http.StatusNotFound, "not_found")
	})
}
