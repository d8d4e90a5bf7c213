package web_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/salkku/salkku"
)

var personRowRE = regexp.MustCompile(`(?s)<tr>\s*<th scope="row">([^<]*)</th>\s*<td>([^<]*)</td>\s*<td>(.*?)</td>\s*<td>([^<]*)</td>`)

// personRows reads the people list as "name | title | e-mail | organisation".
func personRows(p *page) []string {
	var out []string
	for _, m := range personRowRE.FindAllStringSubmatch(p.Body, -1) {
		out = append(out, plain(m[1])+" | "+plain(m[2])+" | "+plain(m[3])+" | "+plain(m[4]))
	}
	return out
}

// TestPeopleList searches, filters and pages the people in SQL.
func TestPeopleList(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newDemoApp(t, engine)
		ctx := salkku.System(context.Background())
		naantali := a.organisation(t, "Naantalin kaupunki")
		kainuu := a.organisation(t, "Kainuun sote")
		// 60 more people in Naantali, named so that they sort after the
		// demo's in any collation, and one with an e-mail address.
		for i := 1; i <= 60; i++ {
			must(t, a.db.CreatePerson(ctx, &salkku.Person{Name: fmt.Sprintf("Xtesti %02d", i), OrganisationID: &naantali.ID}))
		}
		must(t, a.db.CreatePerson(ctx, &salkku.Person{Name: "Vesa Öhman", Email: "vesa.ohman@naantali.fi", Title: "tietohallintopäällikkö"}))
		// The signed-in admin is a person too (of no organisation): 71.

		for _, tc := range []struct {
			name, query string
			first       string // the first row
			rows        int
			text        string
			prev, next  string
		}{
			{"all", "", "Hanna Mara | projektisihteeri/viestijä |  | Kainuun sote", 50, "Henkilöt 1–50, yhteensä 71", "", "?page=2"},
			{"second page", "page=2", "Xtesti 40 |  |  | Naantalin kaupunki", 21, "Henkilöt 51–71, yhteensä 71", "?", ""},
			{"past the end shows the last page", "page=9", "Xtesti 40 |  |  | Naantalin kaupunki", 21, "Henkilöt 51–71, yhteensä 71", "?", ""},
			{"by name, any case", "q=TASKINEN", "Kristiina Taskinen | projektipäällikkö |  | Kainuun sote", 1, "Henkilöt 1–1, yhteensä 1", "", ""},
			{"by name, any case of Ö", "q=%C3%96HMAN", "Vesa Öhman | tietohallintopäällikkö | vesa.ohman@naantali.fi | ", 1, "", "", ""},
			{"by title", "q=tietohallinto", "Vesa Öhman | tietohallintopäällikkö | vesa.ohman@naantali.fi | ", 1, "", "", ""},
			{"by e-mail", "q=ohman@", "Vesa Öhman | tietohallintopäällikkö | vesa.ohman@naantali.fi | ", 1, "", "", ""},
			{"a percent sign is text", "q=%25", "", 0, "Ei hakuehtoja vastaavia henkilöitä.", "", ""},
			{"by organisation", "organisation_id=" + id(kainuu.ID), "Hanna Mara | projektisihteeri/viestijä |  | Kainuun sote", 9, "Henkilöt 1–9, yhteensä 9", "", ""},
			{"by organisation and text, paged", "organisation_id=" + id(naantali.ID) + "&q=testi&page=2", "Xtesti 51 |  |  | Naantalin kaupunki", 10,
				"Henkilöt 51–60, yhteensä 60", "?organisation_id=" + id(naantali.ID) + "&amp;q=testi", ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				p := a.get(t, "/people?"+tc.query)
				wantStatus(t, p, http.StatusOK)
				oneH1(t, p)
				rows := personRows(p)
				if len(rows) != tc.rows || tc.rows > 0 && rows[0] != tc.first {
					t.Errorf("%d rows starting %q, want %d starting %q", len(rows), rows, tc.rows, tc.first)
				}
				wantText(t, p, tc.text)
				if tc.prev != "" && !strings.Contains(p.Body, `<a href="`+tc.prev+`" rel="prev">`) {
					t.Errorf("no link to the previous page %s", tc.prev)
				}
				if tc.next != "" && !strings.Contains(p.Body, `<a href="`+tc.next+`" rel="next">`) {
					t.Errorf("no link to the next page %s", tc.next)
				}
				if tc.next == "" && strings.Contains(p.Body, `rel="next"`) {
					t.Errorf("a link to a next page that does not exist")
				}
			})
		}
		t.Run("the search box shows the search", func(t *testing.T) {
			p := a.get(t, "/people?q=%3Cb%3E&organisation_id="+id(kainuu.ID))
			if !strings.Contains(p.Body, `name="q" value="&lt;b&gt;"`) || !strings.Contains(p.Body, `name="organisation_id_name" value="`+kainuu.Name.FI+`"`) ||
				!strings.Contains(p.Body, `<input type="hidden" name="organisation_id" value="`+id(kainuu.ID)+`">`) {
				t.Errorf("the search form does not show the search\n%s", excerpt(p.Body))
			}
			wantText(t, p, "Tyhjennä haku")
		})
	})
}

// TestPersonForms creates, edits and deletes people.
func TestPersonForms(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newDemoApp(t, engine)
		ctx := salkku.System(context.Background())
		kainuu := a.organisation(t, "Kainuun sote")

		form := formValues(t, a.get(t, "/people/new?organisation_id="+id(kainuu.ID)))
		if form.Get("organisation_id") != id(kainuu.ID) {
			t.Errorf("organisation not preselected: %v", form)
		}
		for _, tc := range []struct {
			name, field, value, err string
		}{
			{"empty name", "name", "", "Tämä tieto on pakollinen."},
			{"bad e-mail", "email", "matti.meikalainen(at)kainuu.fi", "Sähköpostiosoite on muotoa nimi@esimerkki.fi."},
			{"two at signs", "email", "a@b@kainuu.fi", "Sähköpostiosoite on muotoa nimi@esimerkki.fi."},
			{"long title", "title", strings.Repeat("pitkä ", 40), "Teksti on liian pitkä."},
		} {
			t.Run(tc.name, func(t *testing.T) {
				sent := with(form, "name", "Matti Meikäläinen", "email", "matti@kainuu.fi", "title", "suunnittelija", tc.field, tc.value)
				p := a.post(t, "/people/new", sent)
				wantStatus(t, p, http.StatusUnprocessableEntity)
				if got := fieldError(p, tc.field); got != tc.err {
					t.Errorf("error at %s %q, want %q", tc.field, got, tc.err)
				}
				wantKept(t, p, sent, "name", "email", "title", "organisation_id")
			})
		}

		sent := with(form, "name", "Matti Meikäläinen", "email", "matti@kainuu.fi", "title", "suunnittelija")
		wantRedirect(t, a.post(t, "/people/new", sent), "/people")
		p := a.get(t, "/people?q=meik")
		wantText(t, p, "Tallennettu.")
		if got := personRows(p); !slices.Equal(got, []string{"Matti Meikäläinen | suunnittelija | matti@kainuu.fi | Kainuun sote"}) {
			t.Errorf("rows %q", got)
		}
		if !strings.Contains(p.Body, `<a href="mailto:matti@kainuu.fi">`) {
			t.Errorf("no mailto link")
		}
		matti := a.person(t, "Matti Meikäläinen")

		edit := "/people/" + id(matti.ID) + "/edit"
		wantRedirect(t, a.post(t, edit, with(formValues(t, a.get(t, edit)), "organisation_id", "", "email", "")), "/people")
		if got := personRows(a.get(t, "/people?q=meik")); !slices.Equal(got, []string{"Matti Meikäläinen | suunnittelija |  | "}) {
			t.Errorf("rows after the edit %q", got)
		}

		t.Run("delete refused while named", func(t *testing.T) {
			kristiina := a.person(t, "Kristiina Taskinen")
			p := a.post(t, "/people/"+id(kristiina.ID)+"/delete", nil)
			wantStatus(t, p, http.StatusConflict)
			oneH1(t, p)
			wantText(t, p, "Henkilöä ei voi poistaa, koska hänet on nimetty")
			if _, err := a.db.FindPersonByID(ctx, kristiina.ID); err != nil {
				t.Errorf("after a refused delete: %v", err)
			}
		})
		t.Run("delete", func(t *testing.T) {
			del := "/people/" + id(matti.ID) + "/delete"
			wantText(t, a.get(t, del), "Poistetaanko henkilö Matti Meikäläinen?")
			wantRedirect(t, a.post(t, del, nil), "/people")
			wantText(t, a.get(t, "/people"), "Poistettu.")
			if _, err := a.db.FindPersonByID(ctx, matti.ID); salkku.ErrorCode(err) != salkku.ENOTFOUND {
				t.Errorf("after delete: %v", err)
			}
		})
	})
}
