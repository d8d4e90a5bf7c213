package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/sqldb"
)

// csvFi reads an "Excel (fi)" CSV download: a byte-order mark, semicolons.
func csvFi(t *testing.T, p *page) [][]string {
	t.Helper()
	wantStatus(t, p, http.StatusOK)
	if !strings.HasPrefix(p.Body, "\ufeff") {
		t.Fatalf("%s: no byte-order mark:\n%s", p, excerpt(p.Body))
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(p.Body, "\ufeff")))
	r.Comma = ';'
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	must(t, err)
	return rows
}

// workbook opens an XLSX download's first sheet.
func workbook(t *testing.T, p *page) (*excelize.File, string) {
	t.Helper()
	wantStatus(t, p, http.StatusOK)
	if ct := p.Header.Get("Content-Type"); !strings.Contains(ct, "spreadsheetml") {
		t.Fatalf("%s: Content-Type %q", p, ct)
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(p.Body)))
	must(t, err)
	return f, f.GetSheetName(0)
}

// numeric says whether a workbook's cell holds a number (or a date, which
// is a number too), not text.
func numeric(t *testing.T, f *excelize.File, sheet, cell string) bool {
	t.Helper()
	typ, err := f.GetCellType(sheet, cell)
	must(t, err)
	v, _ := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	return v != "" && typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString && typ != excelize.CellTypeFormula
}

// column is the column of rows whose header is title.
func column(t *testing.T, rows [][]string, title string) int {
	t.Helper()
	for i, h := range rows[0] {
		if h == title {
			return i
		}
	}
	t.Fatalf("no column %q in %q", title, rows[0])
	return -1
}

// exportLinkRE finds the page's download links.
var exportLinkRE = regexp.MustCompile(`<a href="([^"]*/export\?[^"]*)" download>`)

// TestListExports downloads every list as a file, as the admin and as a
// project manager who sees one project of the portfolio: the filters and
// sort of the page, typed cells, formula text neutralised, and no more
// than the page shows.
func TestListExports(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newAuthApp(t, engine, authOptions{})
		ctx := salkku.System(context.Background())
		w := newRiskWorld(t, a.app)
		cat := &salkku.Category{PortfolioID: w.pf.ID, Name: salkku.T("Perusinfra")}
		must(t, a.db.CreateCategory(ctx, cat))
		p, err := a.db.FindProjectByID(ctx, w.p.ID)
		must(t, err)
		p.Start, p.End, p.CategoryID, p.ManagerID = salkku.NewMonth(2020, 8), salkku.NewMonth(2021, 12), &cat.ID, &w.person.ID
		must(t, a.db.UpdateProject(ctx, p))
		evil := &salkku.Project{PortfolioID: w.pf.ID, Code: "X9", Name: salkku.T(`=HYPERLINK("http://evil.example","Klikkaa")`), Schedule: salkku.Schedule{Start: salkku.NewMonth(2019, 1)}}
		must(t, a.db.CreateProject(ctx, evil))
		must(t, a.db.CreateRisk(ctx, &salkku.Risk{ProjectID: w.p.ID, WorkPackageID: &w.wp.ID, Description: salkku.T("+Resurssit eivät riitä"), Probability: 3, Impact: 4, ReviewDate: "2021-01-01"}))
		must(t, a.db.CreateRisk(ctx, &salkku.Risk{ProjectID: evil.ID, Description: salkku.T("Toisen hankkeen riski"), Probability: 2, Impact: 2}))
		must(t, a.db.CreateDecisionEntry(ctx, &salkku.DecisionEntry{ProjectID: &w.p.ID, DecidedOn: "2021-11-22", DecidedBy: salkku.T("Ohjausryhmä"), Decision: salkku.T("Hyväksyttiin")}))
		must(t, a.db.CreateDecisionEntry(ctx, &salkku.DecisionEntry{PortfolioID: &w.pf.ID, DecidedOn: "2021-10-01", Decision: salkku.T("Salkun päätös")}))
		must(t, a.db.CreateCommsEntry(ctx, &salkku.CommsEntry{ProjectID: w.p.ID, Start: salkku.NewMonth(2021, 9), Channel: salkku.ChannelIntranet, Scope: salkku.ScopeInternal, Subject: salkku.T("Tiedote")}))
		target := salkku.Decimal(3000000)
		bf := &salkku.Benefit{ProjectID: w.p.ID, Description: salkku.T("Säästö"), Kind: salkku.BenefitMoney, Target: &target, TargetDate: "2022-06-30"}
		must(t, a.db.CreateBenefit(ctx, bf))
		must(t, a.db.SetReportingCycle(ctx, &salkku.ReportingCycle{PortfolioID: w.pf.ID, Kind: salkku.CycleBimonthly, Start: "2021-07-01"}))
		rep := &salkku.StatusReport{ProjectID: w.p.ID, ReportDate: "2021-11-22", Overall: salkku.T("Etenee"), Lights: salkku.Lights{Overall: salkku.LightGreen, Cost: salkku.LightRed}}
		must(t, a.db.CreateReport(ctx, rep))
		_, err = a.db.SubmitReport(ctx, rep.ID, rep.Version)
		must(t, err)
		// get asks in Finnish (unless the path names a language), as the
		// catalogue keys checked below.
		get := func(t *testing.T, path string) *page {
			sep := "?"
			if strings.Contains(path, "?") {
				sep = "&"
			}
			return a.get(t, path+sep+"lang=fi")
		}
		pf := "/portfolios/" + id(w.pf.ID)
		pr := "/projects/" + id(w.p.ID)

		t.Run("overview", func(t *testing.T) {
			// The page links to its export with its own filters.
			page := get(t, pf+"?sort=code&desc=1&page=1")
			var links []string
			for _, m := range exportLinkRE.FindAllStringSubmatch(page.Body, -1) {
				links = append(links, html.UnescapeString(m[1]))
			}
			if len(links) != 3 || !strings.Contains(links[1], "format=csv-fi") || !strings.Contains(links[1], "sort=code") || strings.Contains(links[1], "page=") {
				t.Fatalf("export links %q", links)
			}
			wantText(t, page, `role="group" aria-labelledby="export-links-label"`)
			rows := csvFi(t, get(t, links[1]))
			// The portfolio's own projects (KH1 is its sub-portfolio's),
			// sorted by code, descending, as the page.
			if len(rows) != 3 || rows[0][0] != fiMsg("lists_export.col.code") || rows[1][0] != "X9" || rows[2][0] != "KaRa" {
				t.Fatalf("overview CSV %q", rows)
			}
			if got := rows[2][column(t, rows, fiMsg("lists_export.col.phase"))]; got == "" || got == "proposal" {
				t.Errorf("phase %q, want its name", got)
			}
			if got := rows[1][column(t, rows, fiMsg("lists_export.col.name"))]; got != `'=HYPERLINK("http://evil.example","Klikkaa")` {
				t.Errorf("formula name written as %q", got)
			}
			if got := rows[2][column(t, rows, fiMsg("lists_export.col.category"))]; got != "Perusinfra" {
				t.Errorf("category %q", got)
			}
			// The category's chapter number, as the overview heads it.
			if got, want := rows[2][column(t, rows, fiMsg("lists_export.col.chapter"))], strconv.Itoa(cat.Chapter); cat.Chapter == 0 || got != want {
				t.Errorf("chapter %q, want %q", got, want)
			}
			// A filter of the page: only that category.
			filtered := csvFi(t, get(t, pf+"/export?format=csv-fi&category="+id(cat.ID)))
			if len(filtered) != 2 || filtered[1][0] != "KaRa" {
				t.Errorf("filtered by category: %q", filtered)
			}
			search := csvFi(t, get(t, pf+"/export?format=csv-fi&q=hyperlink"))
			if len(search) != 2 || search[1][0] != "X9" {
				t.Errorf("searched: %q", search)
			}
			// The workbook: months are dates, in Swedish headers.
			f, sheet := workbook(t, get(t, pf+"/export?format=xlsx&sort=code&lang=sv"))
			if h, _ := f.GetCellValue(sheet, "A1"); h != apiCatalog.T("sv", "lists_export.col.code") {
				t.Errorf("header A1 %q", h)
			}
			if v, _ := f.GetCellValue(sheet, "A2"); v != "KaRa" {
				t.Errorf("A2 %q, want KaRa", v)
			}
			if !numeric(t, f, sheet, "C2") || !numeric(t, f, sheet, "E2") {
				t.Errorf("chapter C2 or start month E2 is not a number")
			}
			if v, _ := f.GetCellValue(sheet, "E2"); v != "8/2020" {
				t.Errorf("start month shown %q, want 8/2020", v)
			}
			wantStatus(t, get(t, pf+"/export?format=pdf"), http.StatusBadRequest)
		})

		t.Run("a manager sees what the page shows", func(t *testing.T) {
			u := a.user(t, "pp@test.invalid", "Pekka Päällikkö", false, "")
			must(t, a.db.CreateGrant(ctx, &salkku.Grant{UserID: u.ID, Role: salkku.RoleProjectManager, ProjectID: &w.p.ID}))
			m := a.as(t, u)
			page := m.get(t, pf)
			wantStatus(t, page, http.StatusOK)
			wantNoText(t, page, "X9")
			rows := csvFi(t, m.get(t, pf+"/export?format=csv-fi"))
			if len(rows) != 2 || rows[1][0] != "KaRa" {
				t.Errorf("the manager's overview export: %q", rows)
			}
			risks := csvFi(t, m.get(t, pf+"/risks/export?format=csv-fi"))
			if len(risks) != 2 || strings.Contains(strings.Join(risks[1], ";"), "Toisen hankkeen") {
				t.Errorf("the manager's portfolio risks: %q", risks)
			}
			// What the page refuses, the export refuses the same way.
			for _, path := range []string{"/admin/audit", "/projects/" + id(evil.ID) + "/risks"} {
				want := m.get(t, path).Status
				if got := m.get(t, path+"/export?format=csv").Status; got != want || got == http.StatusOK {
					t.Errorf("%s: export %d, page %d", path, got, want)
				}
			}
		})

		t.Run("people and organisations", func(t *testing.T) {
			rows := csvFi(t, get(t, "/people/export?format=csv-fi&q=kristiina"))
			if len(rows) != 2 || rows[1][0] != "Kristiina Taskinen" || rows[1][3] != "Kangasalan kaupunki" {
				t.Errorf("people: %q", rows)
			}
			orgs := csvFi(t, get(t, "/organisations/export?format=csv-fi"))
			if len(orgs) != 2 || orgs[1][0] != "Kangasalan kaupunki" {
				t.Errorf("organisations: %q", orgs)
			}
			rfc := get(t, "/organisations/export?format=csv&lang=en")
			wantStatus(t, rfc, http.StatusOK)
			if !strings.HasPrefix(rfc.Body, "Name,Business ID") {
				t.Errorf("RFC 4180 CSV:\n%s", rfc.Body)
			}
		})

		t.Run("audit", func(t *testing.T) {
			rows := csvFi(t, get(t, "/admin/audit/export?format=csv-fi&entity=risk"))
			if len(rows) != 3 {
				t.Fatalf("audit of risks: %d rows, want a header and 2", len(rows))
			}
			hist := csvFi(t, get(t, pr+"/history/export?format=csv-fi&entity=risk"))
			if len(hist) != 2 {
				t.Errorf("project history of risks: %d rows, want a header and 1", len(hist))
			}
			f, sheet := workbook(t, get(t, "/admin/audit/export?format=xlsx"))
			if !numeric(t, f, sheet, "A2") {
				t.Errorf("audit time stamp A2 is not a date")
			}
			wantText(t, get(t, "/admin/audit"), `/admin/audit/export?format=xlsx`)
		})

		t.Run("risks and logs", func(t *testing.T) {
			rows := csvFi(t, get(t, pr+"/risks/export?format=csv-fi"))
			if len(rows) != 2 {
				t.Fatalf("project risks %q", rows)
			}
			if got := rows[1][column(t, rows, fiMsg("lists_export.col.description"))]; got != "'+Resurssit eivät riitä" {
				t.Errorf("risk description %q", got)
			}
			if got := rows[1][column(t, rows, fiMsg("lists_export.col.score"))]; got != "12" {
				t.Errorf("score %q", got)
			}
			if got := rows[1][column(t, rows, fiMsg("lists_export.col.review_date"))]; got != "1.1.2021" {
				t.Errorf("review date %q", got)
			}
			f, sheet := workbook(t, get(t, pr+"/risks/export?format=xlsx"))
			if !numeric(t, f, sheet, "I2") {
				t.Errorf("score I2 is not a number")
			}
			all := csvFi(t, get(t, pf+"/risks/export?format=csv-fi"))
			cell := csvFi(t, get(t, pf+"/risks/export?format=csv-fi&p=3&i=4"))
			if len(all) != 3 || len(cell) != 2 {
				t.Errorf("portfolio risks %d rows, the cell's %d", len(all), len(cell))
			}
			wantStatus(t, get(t, pf+"/risks/export?format=csv&p=9&i=1"), http.StatusBadRequest)
			dec := csvFi(t, get(t, pr+"/decisions/export?format=csv-fi"))
			if len(dec) != 2 || dec[1][0] != "22.11.2021" || dec[1][2] != "Ohjausryhmä" {
				t.Errorf("decisions %q", dec)
			}
			pdec := csvFi(t, get(t, pf+"/decisions/export?format=csv-fi"))
			if len(pdec) < 2 || !strings.Contains(strings.Join(pdec[1], ";"), "Salkun päätös") {
				t.Errorf("portfolio decisions %q", pdec)
			}
			f, sheet = workbook(t, get(t, pr+"/communications/export?format=xlsx"))
			if !numeric(t, f, sheet, "B2") {
				t.Errorf("communications month B2 is not a date")
			}
			if v, _ := f.GetCellValue(sheet, "H2"); v != "Tiedote" {
				t.Errorf("subject H2 %q", v)
			}
		})

		t.Run("reports, status, phases, benefits", func(t *testing.T) {
			reps := csvFi(t, get(t, pr+"/reports/export?format=csv-fi"))
			if len(reps) != 2 || reps[1][0] != "22.11.2021" || reps[1][column(t, reps, fiMsg("lists_export.col.light_cost"))] != fiMsg("report.light.red") {
				t.Errorf("reports %q", reps)
			}
			st := csvFi(t, get(t, pf+"/status/export?format=csv-fi&date=2021-11-22"))
			if len(st) < 2 || st[1][0] != "KaRa" {
				t.Errorf("status %q", st)
			}
			missing := csvFi(t, get(t, pf+"/status/export?format=csv-fi&date=2021-11-22&show=missing"))
			for _, r := range missing[1:] {
				if r[0] == "KaRa" && r[2] == "" {
					t.Errorf("the reported project is listed as missing: %q", missing)
				}
			}
			wantStatus(t, get(t, pf+"/status/export?format=csv&show=nonsense"), http.StatusBadRequest)
			ph := csvFi(t, get(t, pf+"/gates/export?format=csv-fi"))
			if len(ph) < 2 {
				t.Errorf("phases %q", ph)
			}
			f, sheet := workbook(t, get(t, pr+"/benefits/export?format=xlsx"))
			if !numeric(t, f, sheet, "I2") {
				t.Errorf("money target I2 is not a number")
			}
			if v, _ := f.GetCellValue(sheet, "I2", excelize.Options{RawCellValue: true}); v != "30000" {
				t.Errorf("target I2 %q, want 30000 (euros)", v)
			}
			pb := csvFi(t, get(t, pf+"/benefits/export?format=csv-fi"))
			if len(pb) != 2 || pb[1][0] != "KaRa" || pb[1][8] != "30000,00" {
				t.Errorf("portfolio benefits %q", pb)
			}
		})
	})
}

// TestOverviewExportPages: the overview of a register larger than a page
// exports every project once, reading the store a page of 500 at a time:
// the statements grow with rows/500, not with the rows, and the rows are
// never all asked for at once.
func TestOverviewExportPages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		var last atomic.Int64
		a := newAppWrapped(t, engine, nil, func(h http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				ctx, n := sqldb.CountQueries(r.Context())
				h.ServeHTTP(w, r.WithContext(ctx))
				last.Store(n.Load())
			})
		})
		ctx := salkku.System(context.Background())
		org := &salkku.Organisation{Name: salkku.T("Iso kaupunki")}
		must(t, a.db.CreateOrganisation(ctx, org))
		pf := &salkku.Portfolio{OrganisationID: org.ID, Name: salkku.T("Kaikki hankkeet")}
		must(t, a.db.CreatePortfolio(ctx, pf))
		added := 0
		grow := func(n int) {
			for ; added < n; added++ {
				must(t, a.db.CreateProject(ctx, &salkku.Project{PortfolioID: pf.ID, Code: fmt.Sprintf("H%05d", added), Name: salkku.T(fmt.Sprintf("Hanke %d", added))}))
			}
		}
		export := func() (rows [][]string, statements int64) {
			rows = csvFi(t, a.get(t, "/portfolios/"+id(pf.ID)+"/export?format=csv-fi&sort=code"))
			return rows, last.Load()
		}
		grow(10)
		_, few := export()
		n := 2*salkku.MaxPageSize + 37
		grow(n)
		rows, many := export()
		if len(rows) != n+1 {
			t.Fatalf("%d rows, want a header and %d", len(rows), n)
		}
		seen := map[string]bool{}
		for _, r := range rows[1:] {
			if seen[r[0]] {
				t.Fatalf("%s twice", r[0])
			}
			seen[r[0]] = true
		}
		// Three pages instead of one: at most two more pages' statements
		// (a count and a select each, in a read-only transaction of its
		// own: a few statements a page, never one a row).
		if many > few+2*6 {
			t.Errorf("%d statements for %d projects, %d for 10: the export does not read by pages", many, n, few)
		}
		if many <= few {
			t.Errorf("%d statements for %d projects, %d for 10: not one read per page of %d", many, n, few, salkku.MaxPageSize)
		}
		t.Logf("statements: %d for 10 projects, %d for %d", few, many, n)
	})
}
