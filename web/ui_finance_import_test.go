package web_test

import (
	"bytes"
	"context"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/salkku/salkku"
)

// upload posts a file to the import page as a browser's file field does.
func (a *app) upload(t *testing.T, path, name, content string) *page {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if name != "" {
		fw, err := mw.CreateFormFile("file", name)
		must(t, err)
		fw.Write([]byte(content))
	}
	mw.Close()
	return a.do(t, http.MethodPost, path, &body, "Content-Type: "+mw.FormDataContentType())
}

// getFormValues reads the page's get form as formValues reads a post
// form.
func getFormValues(t *testing.T, p *page) url.Values {
	t.Helper()
	q := *p
	q.Body = strings.Replace(p.Body, `<form method="get"`, `<form method="post"`, 1)
	return formValues(t, &q)
}

var refreshRE = regexp.MustCompile(`<meta http-equiv="refresh" content="0;url=([^"]+)">`)

var applyRE = regexp.MustCompile(`<form method="post" action="([^"]+)" novalidate`)

// applyPreview posts an import preview's apply form, as its button does.
func applyPreview(t *testing.T, a *app, preview *page) *page {
	t.Helper()
	apply := applyRE.FindStringSubmatch(preview.Body)
	if apply == nil {
		t.Fatal("no apply form")
	}
	done := a.post(t, apply[1], formValues(t, preview))
	wantStatus(t, done, http.StatusOK)
	return done
}

// actualsCSV is a finance system's export as Finnish Excel saves it:
// semicolons, decimal commas, a no-break space in the thousands.
func actualsCSV(rows ...string) string {
	return "Hanke;Tili;Kuukausi;Summa;Selite;Tosite\r\n" + strings.Join(rows, "\r\n") + "\r\n"
}

func TestActualImportPages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newApp(t, engine)
		w := newFinanceWorld(t, a)
		ctx := salkku.System(context.Background())
		// Accounts 4300… are services, 4100… personnel.
		for i, acc := range []string{"41", "43"} {
			c := w.cats[i]
			c.Accounts = []string{acc}
			must(t, a.db.UpdateCostCategory(ctx, c))
		}
		list := "/organisations/" + id(w.org.ID) + "/actual-imports"
		for _, lang := range []string{"sv", "en", "fi"} {
			wantStatus(t, a.get(t, list+"?lang="+lang), http.StatusOK)
		}
		wantText(t, a.get(t, "/organisations/"+id(w.org.ID)+"/cost-categories"), list)
		// No file, or one that is no sheet: the form says so.
		got := a.upload(t, list, "", "")
		wantStatus(t, got, http.StatusUnprocessableEntity)
		if e := fieldError(got, "file"); e != fiMsg("actualimport.no_file") {
			t.Errorf("no file: %q", e)
		}
		got = a.upload(t, list, "toteumat.xlsx", "not a workbook")
		wantStatus(t, got, http.StatusUnprocessableEntity)
		wantText(t, got, fiMsg("import.bad_xlsx"))

		good := actualsCSV("KaRa;4300;11/2021;1\u00a0234,50;Konsultointi;T-1", "KaRa;4110;11/2021;500;Palkat;T-2", "KaRa;4310;10/2021;99,90;;T-3")
		mapping := wantRedirect(t, a.upload(t, list, "toteumat.csv", good), list+"/*")
		if !strings.HasPrefix(mapping, list+"/") {
			t.Fatalf("upload went to %s", mapping)
		}
		for _, lang := range []string{"sv", "en", "fi"} {
			wantStatus(t, a.get(t, mapping+"?lang="+lang), http.StatusOK)
		}
		mp := a.get(t, mapping)
		wantText(t, mp, "Tiedostossa on 3 riviä", "Konsultointi")
		form := getFormValues(t, mp)
		for field, header := range map[string]string{"map_project": "Hanke", "map_account": "Tili", "map_month": "Kuukausi", "map_amount": "Summa", "map_source_id": "Tosite"} {
			if form.Get(field) != header {
				t.Errorf("guessed %s = %q, want %q", field, form.Get(field), header)
			}
		}
		// Two fields from one column: the form comes back.
		got = a.get(t, mapping+"/check?"+with(form, "map_description", "Summa").Encode())
		wantStatus(t, got, http.StatusUnprocessableEntity)
		if e := fieldError(got, "map_description"); e != fiMsg("import.mapped_twice") {
			t.Errorf("mapped twice: %q", e)
		}
		// The mapping goes on through a page that says the rows are
		// being checked.
		working := a.get(t, mapping+"/check?"+form.Encode())
		wantStatus(t, working, http.StatusOK)
		wantText(t, working, "Tarkistetaan 3 riviä")
		m := refreshRE.FindStringSubmatch(working.Body)
		if m == nil {
			t.Fatalf("no refresh\n%s", excerpt(working.Body))
		}
		preview := html.UnescapeString(m[1])
		pp := a.get(t, preview)
		wantStatus(t, pp, http.StatusOK)
		wantText(t, pp, "<dt>Uusia</dt><dd>3</dd>", eur("1 234,50"), "Palvelujen ostot", "Henkilöstömenot", "uusi")
		if as, _ := a.db.FindActuals(ctx, salkku.ActualFilter{ProjectID: w.p.ID}); len(as) != 5 {
			t.Fatalf("%d actuals after a preview, want the world's 5", len(as))
		}
		// Apply: the page streams its progress, then the outcome.
		done := applyPreview(t, a, pp)
		wantText(t, done, "Tuodaan 3 riviä", "Käsitelty 3 / 3 riviä", "Tuonti valmis: 3 riviä, joista 3 uutta")
		oneH1(t, done)
		if as, _ := a.db.FindActuals(ctx, salkku.ActualFilter{ProjectID: w.p.ID}); len(as) != 8 {
			t.Fatalf("%d actuals after the apply, want 8", len(as))
		}
		wantText(t, a.get(t, list), "toteumat.csv")
		// The same file again changes nothing; the mapping is remembered.
		again := wantRedirect(t, a.upload(t, list, "toteumat.csv", good), list+"/*")
		mf := getFormValues(t, a.get(t, again))
		if mf.Get("map_amount") != "Summa" {
			t.Errorf("remembered mapping %v", mf)
		}
		pp = a.get(t, html.UnescapeString(refreshRE.FindStringSubmatch(a.get(t, again+"/check?"+mf.Encode()).Body)[1]))
		wantText(t, pp, "<dt>Ennallaan</dt><dd>3</dd>", "<dt>Uusia</dt><dd>0</dd>")

		// One bad row among good ones: named by row and column, nothing
		// applied.
		bad := actualsCSV("KaRa;4300;12/2021;100;Hyvä;T-10", "KaRa;4300;12/2021;1.234,50;Paha;T-11", "XYZ;4300;12/2021;5;Tuntematon;T-12")
		file := wantRedirect(t, a.upload(t, list, "virheet.csv", bad), list+"/*")
		pp = a.get(t, html.UnescapeString(refreshRE.FindStringSubmatch(a.get(t, file+"/check?"+getFormValues(t, a.get(t, file)).Encode()).Body)[1]))
		wantStatus(t, pp, http.StatusOK)
		wantText(t, pp, "Ongelmat (2)", `<td class="num">3</td><td>Summa</td><td>`+html.EscapeString(fiMsg(salkku.ErrMoneySeparator)),
			`<td class="num">4</td><td>Hanke</td>`, "Mitään ei tuoda")
		wantNoText(t, pp, "Tuo toteumat</button>")
		// Posting the apply anyway applies nothing.
		done = a.post(t, file+"/apply", url.Values{"map_project": {"Hanke"}, "map_account": {"Tili"}, "map_month": {"Kuukausi"}, "map_amount": {"Summa"}, "map_source_id": {"Tosite"}})
		wantText(t, done, "Tiedostossa on 2 ongelmaa, joten mitään ei tuotu.")
		if as, _ := a.db.FindActuals(ctx, salkku.ActualFilter{ProjectID: w.p.ID}); len(as) != 8 {
			t.Fatalf("%d actuals after a refused apply, want 8", len(as))
		}

		// Another organisation's file is not found here; a viewer may not
		// import.
		other := &salkku.Organisation{Name: salkku.T("Toinen")}
		must(t, a.db.CreateOrganisation(ctx, other))
		wantStatus(t, a.get(t, "/organisations/"+id(other.ID)+"/actual-imports/"+mapping[strings.LastIndex(mapping, "/")+1:]), http.StatusNotFound)
		a.signInAs(t, a.gateUser(t, "importviewer", salkku.RoleViewer, w.pf.ID))
		for _, path := range []string{list, mapping, preview} {
			wantStatus(t, a.get(t, path), http.StatusForbidden)
		}
		wantStatus(t, a.upload(t, list, "toteumat.csv", good), http.StatusForbidden)
		wantStatus(t, a.post(t, file+"/apply", url.Values{}), http.StatusForbidden)
	})
}
