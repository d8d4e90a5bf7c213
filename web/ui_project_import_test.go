package web_test

import (
	"bytes"
	"context"
	"html"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/salkku/salkku"
)

// projectsXLSX is a project register kept in Excel: a header row and the
// rows under it, dates as dates and numbers as numbers where Excel keeps
// them so.
func projectsXLSX(t *testing.T, rows ...[]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		must(t, err)
		must(t, f.SetSheetRow("Sheet1", cell, &r))
	}
	var b bytes.Buffer
	must(t, f.Write(&b))
	return b.String()
}

// projectImportWorld is an organisation with a portfolio of one project,
// two categories and a person, and another portfolio.
type projectImportWorld struct {
	org       *salkku.Organisation
	pf, other *salkku.Portfolio
	infra     *salkku.Category
	old       *salkku.Project
}

func newProjectImportWorld(t *testing.T, a *app) *projectImportWorld {
	t.Helper()
	ctx := salkku.System(context.Background())
	w := &projectImportWorld{org: &salkku.Organisation{Name: salkku.T("Naantalin kaupunki")}}
	must(t, a.db.CreateOrganisation(ctx, w.org))
	w.pf = &salkku.Portfolio{OrganisationID: w.org.ID, Name: salkku.T("Tietohallinnon toimenpidesuunnitelma")}
	must(t, a.db.CreatePortfolio(ctx, w.pf))
	w.other = &salkku.Portfolio{OrganisationID: w.org.ID, Name: salkku.T("Sivistystoimi")}
	must(t, a.db.CreatePortfolio(ctx, w.other))
	w.infra = &salkku.Category{PortfolioID: w.pf.ID, Name: salkku.T("Perusinfrastruktuurihankkeet"), Chapter: 2}
	must(t, a.db.CreateCategory(ctx, w.infra))
	must(t, a.db.CreateCategory(ctx, &salkku.Category{PortfolioID: w.pf.ID, Name: salkku.T("Sovellushankkeet"), Chapter: 3}))
	must(t, a.db.CreatePerson(ctx, &salkku.Person{OrganisationID: &w.org.ID, Name: "Aino Aalto", Email: "aino.aalto@naantali.fi"}))
	w.old = &salkku.Project{PortfolioID: w.pf.ID, Code: "2.1", Name: salkku.T("Palomuuri"), CategoryID: &w.infra.ID}
	must(t, a.db.CreateProject(ctx, w.old))
	must(t, a.db.CreateProject(ctx, &salkku.Project{PortfolioID: w.other.ID, Code: "9.9", Name: salkku.T("Koulujen verkot")}))
	return w
}

var projectHeader = []any{"Tunnus", "Nimi", "Kuvaus", "Luokka", "Aikataulu", "Toimittajat", "Projektipäällikkö", "Pakollinen"}

// previewOf goes through the mapping and the check of an uploaded file to
// its preview, with the mapping the form offers.
func previewOf(t *testing.T, a *app, file string) *page {
	t.Helper()
	working := a.get(t, file+"/check?"+getFormValues(t, a.get(t, file)).Encode())
	wantStatus(t, working, http.StatusOK)
	m := refreshRE.FindStringSubmatch(working.Body)
	if m == nil {
		t.Fatalf("no refresh\n%s", excerpt(working.Body))
	}
	return a.get(t, html.UnescapeString(m[1]))
}

func TestProjectImportPages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newApp(t, engine)
		w := newProjectImportWorld(t, a)
		ctx := salkku.System(context.Background())
		pfPath := "/portfolios/" + id(w.pf.ID)
		start := pfPath + "/import"
		wantText(t, a.get(t, pfPath), start)
		for _, lang := range []string{"sv", "en", "fi"} {
			wantStatus(t, a.get(t, start+"?lang="+lang), http.StatusOK)
		}
		got := a.upload(t, start, "", "")
		wantStatus(t, got, http.StatusUnprocessableEntity)

		good := projectsXLSX(t, projectHeader,
			[]any{"2.1", "Palomuuripalvelun jatkaminen tai kilpailutus", "Nykyinen sopimus päättyy.", "Perusinfrastruktuurihankkeet", "10/2017 – 4/2018", "Tieto Oyj, CGI", "", "ei"},
			[]any{"2.2", "Verkon uusiminen", "", 2, "8-10/2017", "", "aino.aalto@naantali.fi", "x"},
			[]any{"3.1", "Asianhallinta", "Sähköinen arkisto.", "Sovellushankkeet", "jatkuva", "", "Aino Aalto", "kyllä"},
		)
		file := wantRedirect(t, a.upload(t, start, "hankkeet.xlsx", good), start+"/*")
		for _, lang := range []string{"sv", "en", "fi"} {
			wantStatus(t, a.get(t, file+"?lang="+lang), http.StatusOK)
		}
		form := getFormValues(t, a.get(t, file))
		for field, header := range map[string]string{"col_code": "Tunnus", "col_name": "Nimi", "col_category": "Luokka", "col_schedule": "Aikataulu",
			"col_vendors": "Toimittajat", "col_manager": "Projektipäällikkö", "col_mandatory": "Pakollinen"} {
			if form.Get(field) != header {
				t.Errorf("guessed %s = %q, want %q", field, form.Get(field), header)
			}
		}
		// A schedule column and a start column at once: the form says so.
		got = a.get(t, file+"/check?"+with(form, "col_start", "Aikataulu", "col_schedule", "Aikataulu").Encode())
		wantStatus(t, got, http.StatusUnprocessableEntity)

		pp := previewOf(t, a, file)
		wantStatus(t, pp, http.StatusOK)
		wantText(t, pp, "<dt>Uusia</dt><dd>2</dd>", "<dt>Muuttuvia</dt><dd>1</dd>", "Verkon uusiminen", "Aino Aalto", "10/2017 – 4/2018", "muuttuu: nimi")
		wantEqual(t, countOf(t, a, w.pf), 1)
		done := applyPreview(t, a, pp)
		wantText(t, done, "Tuodaan 3 riviä", "Tuonti valmis: 3 riviä, joista 2 uutta, 1 muuttunutta", `href="`+pfPath+`"`)
		oneH1(t, done)
		wantEqual(t, countOf(t, a, w.pf), 3)
		ps, _, err := a.db.FindProjects(ctx, salkku.ProjectFilter{PortfolioID: &w.pf.ID, Sort: "code"})
		must(t, err)
		wantEqual(t, ps[0].Name.FI, "Palomuuripalvelun jatkaminen tai kilpailutus")
		wantEqual(t, ps[0].Vendors, []string{"Tieto Oyj", "CGI"})
		wantEqual(t, ps[1].CategoryName.FI, "Perusinfrastruktuurihankkeet")
		wantEqual(t, ps[1].ManagerName, "Aino Aalto")
		wantEqual(t, ps[1].Mandatory, true)
		wantEqual(t, ps[2].Schedule, salkku.Schedule{Continuous: true})
		wantText(t, a.get(t, pfPath), "Asianhallinta", "Verkon uusiminen")

		// The same file again: nothing changes; the mapping is remembered.
		again := wantRedirect(t, a.upload(t, start, "hankkeet.xlsx", good), start+"/*")
		wantText(t, previewOf(t, a, again), "<dt>Uusia</dt><dd>0</dd>", "<dt>Muuttuvia</dt><dd>0</dd>", "<dt>Ennallaan</dt><dd>3</dd>")

		// Bad rows: each problem by row and column, nothing applied.
		bad := projectsXLSX(t, projectHeader,
			[]any{"4.1", "Uusi", "", "Tuntematon luokka", "5/2018 – 1/2018", "", "Nobody", "ehkä"},
			[]any{"4.1", "", "", "", "", "", "", ""},
			[]any{"9.9", "Toisen salkun hanke", "", "", "", "", "", ""},
		)
		file = wantRedirect(t, a.upload(t, start, "virheet.xlsx", bad), start+"/*")
		pp = previewOf(t, a, file)
		wantStatus(t, pp, http.StatusOK)
		for _, want := range []string{fiMsg("projectimport.unknown_category", "Tuntematon luokka"), fiMsg("error.end_before_start"),
			fiMsg("projectimport.unknown_manager", "Nobody"), fiMsg("projectimport.yes_no"), fiMsg("projectimport.duplicate_code", 2),
			fiMsg("import.cell_empty"), fiMsg("projectimport.code_elsewhere", "9.9", "Sivistystoimi")} {
			wantText(t, pp, html.EscapeString(want))
		}
		if strings.Contains(pp.Body, `action="`+file+`/apply"`) {
			t.Error("a file with problems offers the apply")
		}
		done = a.post(t, file+"/apply", getFormValues(t, a.get(t, file)))
		wantText(t, done, "mitään ei tuotu")
		wantEqual(t, countOf(t, a, w.pf), 3)

		// A wrong header row: the mapping says which fields have no
		// column, and nothing changes.
		wrong := projectsXLSX(t, []any{"Hankkeet 2017–2018", "", ""}, []any{"2.1", "Palomuuri", "x"})
		file = wantRedirect(t, a.upload(t, start, "otsikko.xlsx", wrong), start+"/*")
		got = a.get(t, file+"/check?"+getFormValues(t, a.get(t, file)).Encode())
		wantStatus(t, got, http.StatusUnprocessableEntity)
		if e := fieldError(got, "col_code"); e != fiMsg("import.unmapped") {
			t.Errorf("wrong header: code %q", e)
		}
		wantEqual(t, countOf(t, a, w.pf), 3)
	})
}

func countOf(t *testing.T, a *app, pf *salkku.Portfolio) int {
	t.Helper()
	_, n, err := a.db.FindProjects(salkku.System(context.Background()), salkku.ProjectFilter{PortfolioID: &pf.ID})
	must(t, err)
	return n
}

func wantEqual[T any](t *testing.T, got, want T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v, want %#v", got, want)
	}
}
