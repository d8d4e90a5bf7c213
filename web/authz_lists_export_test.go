package web_test

import (
	"fmt"
	"net/http"
)

// The rows of the authorization matrix for the lists as files (issue 11,
// web/ui/lists_export.go): each export is allowed to exactly those who
// see its page, and (in CSV, which the matrix reads for leaks) names only
// what the page would show them.
func azListExportCases(f *azFixture) []azCase {
	const (
		everyone = azSignedIn
		admin    = azAdmin
		seeA     = azAdmin | azOwner | azOffice | azManager | azSteering | azViewerA
		seeA1    = azAdmin | azOwner | azOffice | azSteering | azViewerA
		seeB     = azAdmin | azViewerB
	)
	p := fmt.Sprintf
	get := func(route, target string, allow azSet, path string) azCase {
		return azCase{route: route, target: target, allow: allow, ok: http.StatusOK, req: func() azReq { return azReq{path: path} }}
	}
	a, a1, b := f.a, f.a1, f.b
	pa, pa1, pb := f.pa, f.pa1, f.pb
	return []azCase{
		get("GET /portfolios/{id}/export", "A", seeA, p("/portfolios/%d/export?format=csv", a.ID)),
		get("GET /portfolios/{id}/export", "A1, filtered", seeA1, p("/portfolios/%d/export?format=csv-fi&q=verkko&sort=name&desc=1", a1.ID)),
		get("GET /portfolios/{id}/export", "B", seeB, p("/portfolios/%d/export?format=xlsx", b.ID)),
		get("GET /people/export", "list", everyone, "/people/export?format=csv"),
		get("GET /organisations/export", "list", everyone, "/organisations/export?format=csv"),
		get("GET /admin/audit/export", "organisation-wide", admin, "/admin/audit/export?format=csv"),
		get("GET /projects/{id}/history/export", "PA", seeA, p("/projects/%d/history/export?format=csv", pa.ID)),
		get("GET /projects/{id}/history/export", "PB", seeB, p("/projects/%d/history/export?format=csv", pb.ID)),
		get("GET /portfolios/{id}/status/export", "A", seeA, p("/portfolios/%d/status/export?format=csv", a.ID)),
		get("GET /portfolios/{id}/status/export", "B", seeB, p("/portfolios/%d/status/export?format=csv", b.ID)),
		get("GET /projects/{id}/reports/export", "PA", seeA, p("/projects/%d/reports/export?format=csv", pa.ID)),
		get("GET /projects/{id}/reports/export", "PA1", seeA1, p("/projects/%d/reports/export?format=csv", pa1.ID)),
		get("GET /projects/{id}/reports/export", "PB", seeB, p("/projects/%d/reports/export?format=csv", pb.ID)),
		get("GET /projects/{id}/risks/export", "PA", seeA, p("/projects/%d/risks/export?format=csv", pa.ID)),
		get("GET /projects/{id}/risks/export", "PB", seeB, p("/projects/%d/risks/export?format=csv", pb.ID)),
		get("GET /portfolios/{id}/risks/export", "A", seeA, p("/portfolios/%d/risks/export?format=csv", a.ID)),
		get("GET /portfolios/{id}/risks/export", "A, a cell", seeA, p("/portfolios/%d/risks/export?format=csv&p=3&i=4", a.ID)),
		get("GET /portfolios/{id}/risks/export", "B", seeB, p("/portfolios/%d/risks/export?format=csv", b.ID)),
		get("GET /projects/{id}/decisions/export", "PA", seeA, p("/projects/%d/decisions/export?format=csv", pa.ID)),
		get("GET /projects/{id}/decisions/export", "PB", seeB, p("/projects/%d/decisions/export?format=csv", pb.ID)),
		get("GET /portfolios/{id}/decisions/export", "A", seeA, p("/portfolios/%d/decisions/export?format=csv", a.ID)),
		get("GET /portfolios/{id}/decisions/export", "B", seeB, p("/portfolios/%d/decisions/export?format=csv", b.ID)),
		get("GET /projects/{id}/communications/export", "PA", seeA, p("/projects/%d/communications/export?format=csv", pa.ID)),
		get("GET /projects/{id}/communications/export", "PB", seeB, p("/projects/%d/communications/export?format=csv", pb.ID)),
		get("GET /portfolios/{id}/gates/export", "A", seeA, p("/portfolios/%d/gates/export?format=csv", a.ID)),
		get("GET /portfolios/{id}/gates/export", "B", seeB, p("/portfolios/%d/gates/export?format=csv", b.ID)),
		get("GET /projects/{id}/benefits/export", "PA", seeA, p("/projects/%d/benefits/export?format=csv", pa.ID)),
		get("GET /projects/{id}/benefits/export", "PB", seeB, p("/projects/%d/benefits/export?format=csv", pb.ID)),
		get("GET /portfolios/{id}/benefits/export", "A", seeA, p("/portfolios/%d/benefits/export?format=csv", a.ID)),
		get("GET /portfolios/{id}/benefits/export", "B", seeB, p("/portfolios/%d/benefits/export?format=csv", b.ID)),
	}
}
