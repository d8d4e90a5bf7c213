package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/salkku/salkku"
)

// The rows of the authorization matrix for the project list import: only
// those who may create projects in the portfolio (its owner and project
// office, and admins) import into it, on the pages and through the API.

// freshProjectFile is an uploaded project list of the organisation, kept
// for its next steps, with a code of its own so that each apply writes a
// new project; and the mapping of its columns.
func (f *azFixture) freshProjectFile() (*salkku.ImportFile, url.Values) {
	content := "Tunnus;Nimi\r\n" + f.fresh("T") + ";" + f.fresh("Tuotu hanke") + "\r\n"
	im := &salkku.ImportFile{OrganisationID: f.org.ID, Kind: salkku.ImportKindProjects, Name: "hankkeet.csv", Content: []byte(content)}
	must(f.t, f.db.SaveImportFile(salkku.System(context.Background()), im))
	return im, url.Values{"col_code": {"Tunnus"}, "col_name": {"Nimi"}}
}

func azProjectImportCases(f *azFixture) []azCase {
	const officeA = azAdmin | azOwner | azOffice
	p := fmt.Sprintf
	a := f.a.ID
	start := p("/portfolios/%d/import", a)
	step := func(route, suffix string, ok int) azCase {
		return azCase{route: route, target: "A, a fresh file", allow: officeA, ok: ok, req: func() azReq {
			im, m := f.freshProjectFile()
			return azReq{path: p("%s/%d%s?%s", start, im.ID, suffix, m.Encode())}
		}}
	}
	return []azCase{
		{route: "GET /portfolios/{id}/import", target: "A", allow: officeA, ok: http.StatusOK, req: func() azReq { return azReq{path: start} }},
		{route: "GET /portfolios/{id}/import", target: "B", allow: azAdmin, ok: http.StatusOK, req: func() azReq { return azReq{path: p("/portfolios/%d/import", f.b.ID)} }},
		{route: "POST /portfolios/{id}/import", target: "A, no file", allow: officeA, ok: http.StatusUnprocessableEntity, req: func() azReq {
			return azReq{path: start, form: url.Values{}}
		}},
		step("GET /portfolios/{id}/import/{fid}", "", http.StatusOK),
		step("GET /portfolios/{id}/import/{fid}/check", "/check", http.StatusOK),
		step("GET /portfolios/{id}/import/{fid}/preview", "/preview", http.StatusOK),
		{route: "POST /portfolios/{id}/import/{fid}/apply", target: "A, a fresh file", allow: officeA, ok: http.StatusOK, req: func() azReq {
			im, m := f.freshProjectFile()
			return azReq{path: p("%s/%d/apply", start, im.ID), form: m}
		}},
		{route: "POST /api/v1/portfolios/{id}/projects/import", target: "A, a new project", allow: officeA, ok: http.StatusOK, req: func() azReq {
			return azReq{path: p("/api/v1/portfolios/%d/projects/import", a), contentType: "text/csv",
				raw: []byte("Tunnus;Nimi\r\n" + f.fresh("API") + ";" + f.fresh("Rajapinnan hanke") + "\r\n")}
		}},
		{route: "POST /api/v1/portfolios/{id}/projects/import", target: "B, a new project", allow: azAdmin, ok: http.StatusOK, req: func() azReq {
			return azReq{path: p("/api/v1/portfolios/%d/projects/import", f.b.ID), contentType: "text/csv",
				raw: []byte("Tunnus;Nimi\r\n" + f.fresh("B") + ";" + f.fresh("Hanke") + "\r\n")}
		}},
	}
}
