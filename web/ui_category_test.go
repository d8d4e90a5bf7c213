package web_test

import (
	"context"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/salkku/salkku"
)

var categoryRowRE = regexp.MustCompile(`(?s)<tr>\s*<td class="num">(\d+)</td>\s*<td class="num">(\d+)</td>\s*<th scope="row">([^<]*)`)

// categoryRows reads the category list as "position name" lines.
func categoryRows(p *page) []string {
	var out []string
	for _, m := range categoryRowRE.FindAllStringSubmatch(p.Body, -1) {
		out = append(out, m[1]+" "+plain(m[3]))
	}
	return out
}

// categoryChapters reads the category list as "number. name" lines.
func categoryChapters(p *page) []string {
	var out []string
	for _, m := range categoryRowRE.FindAllStringSubmatch(p.Body, -1) {
		out = append(out, m[2]+". "+plain(m[3]))
	}
	return out
}

// TestCategories lists, creates, edits and deletes the categories of a
// portfolio through the pages.
func TestCategories(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newDemoApp(t, engine)
		ctx := salkku.System(context.Background())
		pf := a.portfolio(t, naantaliName)
		list := "/portfolios/" + id(pf.ID) + "/categories"
		infra := a.category(t, pf.ID, "Perusinfrastruktuurihankkeet")

		t.Run("list", func(t *testing.T) {
			p := a.get(t, list)
			wantStatus(t, p, http.StatusOK)
			want := []string{"1 Perusinfrastruktuurihankkeet", "2 Tietohallinnon johtamisen työkalut – kehitys",
				"3 Koko kaupunkia koskevat yhteiset kehityshankkeet"}
			if got := categoryRows(p); len(got) != 6 || !slices.Equal(got[:3], want) {
				t.Errorf("rows %q, want 6 starting %q", got, want)
			}
			// The chapters are the plan's, 2–7.
			if got := categoryChapters(p); len(got) != 6 || got[0] != "2. Perusinfrastruktuurihankkeet" || got[5] != "7. Toimialakohtaiset kehityshankkeet (sivistyspalvelut)" {
				t.Errorf("chapters %q, want 2–7", got)
			}
			// The count links to the overview filtered by the category.
			if !strings.Contains(p.Body, `<a href="/portfolios/`+id(pf.ID)+`?category=`+id(infra.ID)+`">6<span`) {
				t.Errorf("no project count 6 linking to the filtered overview\n%s", excerpt(p.Body))
			}
			for _, link := range []string{list + "/new", "/categories/" + id(infra.ID) + "/edit", "/categories/" + id(infra.ID) + "/delete"} {
				if !strings.Contains(p.Body, `href="`+link+`"`) {
					t.Errorf("no link to %s", link)
				}
			}
		})

		t.Run("empty portfolio", func(t *testing.T) {
			p := a.get(t, "/portfolios/"+id(a.portfolio(t, karaName).ID)+"/categories")
			wantStatus(t, p, http.StatusOK)
			wantText(t, p, "Salkussa ei ole vielä luokkia.")
		})

		t.Run("invalid", func(t *testing.T) {
			for _, tc := range []struct {
				name, field, value, err string
			}{
				{"empty name", "name", " ", "Tämä tieto on pakollinen."},
				{"position not a number", "position", "kolmas", "Kirjoita kokonaisluku."},
				{"position out of range", "position", "-1", "Arvo on sallitun alueen ulkopuolella."},
				{"name on two lines", "name", "Kaksi\r\nriviä", "Kirjoita yhdelle riville."},
				{"chapter not a number", "chapter", "II", "Kirjoita kokonaisluku."},
				{"chapter zero", "chapter", "0", "Anna positiivinen kokonaisluku (enintään 999)."},
				{"chapter negative", "chapter", "-3", "Anna positiivinen kokonaisluku (enintään 999)."},
				{"chapter too large", "chapter", "1000", "Anna positiivinen kokonaisluku (enintään 999)."},
				{"chapter taken", "chapter", "4", "Toisella luokalla on jo tämä luvun numero."},
			} {
				t.Run(tc.name, func(t *testing.T) {
					sent := with(formValues(t, a.get(t, list+"/new")), "name", "Tietoturva", "description", "Kuvaus", "position", "2", "chapter", "8")
					setField(sent, tc.field, tc.value)
					p := a.post(t, list+"/new", sent)
					if tc.field == "chapter" && tc.value == "4" {
						wantStatus(t, p, http.StatusConflict)
					} else {
						wantStatus(t, p, http.StatusUnprocessableEntity)
					}
					if got := fieldError(p, tc.field); got != tc.err {
						t.Errorf("error at %s %q, want %q", tc.field, got, tc.err)
					}
					wantKept(t, p, sent, "name", "description", "position", "chapter")
				})
			}
			if cs, _ := a.db.FindCategories(ctx, pf.ID); len(cs) != 6 {
				t.Errorf("%d categories after invalid posts, want 6", len(cs))
			}
		})

		t.Run("create, edit, delete", func(t *testing.T) {
			// A new category without a position or a chapter goes last,
			// as chapter 8 after the plan's 2–7.
			sent := with(formValues(t, a.get(t, list+"/new")), "name", "Tietoturvahankkeet", "description", "Tietoturvan kehittäminen.")
			wantRedirect(t, a.post(t, list+"/new", sent), list)
			p := a.get(t, list)
			wantText(t, p, "Tallennettu.", "Tietoturvan kehittäminen.")
			if got := categoryRows(p); len(got) != 7 || got[6] != "7 Tietoturvahankkeet" {
				t.Fatalf("rows %q, want the new one last", got)
			}
			if got := categoryChapters(p); got[6] != "8. Tietoturvahankkeet" {
				t.Errorf("chapters %q, want the new one 8", got)
			}
			c := a.category(t, pf.ID, "Tietoturvahankkeet")

			// Renamed with the position left empty: it stays where it is.
			edit := "/categories/" + id(c.ID) + "/edit"
			form := formValues(t, a.get(t, edit))
			if form.Get("name.fi") != "Tietoturvahankkeet" || form.Get("position") != "7" || form.Get("chapter") != "8" {
				t.Fatalf("edit form %v", form)
			}
			wantRedirect(t, a.post(t, edit, with(form, "name", "Tietoturva", "position", "", "chapter", "")), list)
			if got := categoryRows(a.get(t, list)); got[len(got)-1] != "7 Tietoturva" {
				t.Errorf("rows %q, want the renamed category last", got)
			}
			// Renumbered: the overview's heading follows.
			form = formValues(t, a.get(t, edit))
			if form.Get("chapter") != "8" {
				t.Fatalf("chapter %q after an edit that left it empty, want 8 kept", form.Get("chapter"))
			}
			wantRedirect(t, a.post(t, edit, with(form, "chapter", "12")), list)
			if got := categoryChapters(a.get(t, list)); got[len(got)-1] != "12. Tietoturva" {
				t.Errorf("chapters %q, want 12. Tietoturva last", got)
			}
			// Moved between the first and the second.
			form = formValues(t, a.get(t, edit))
			wantRedirect(t, a.post(t, edit, with(form, "position", "2")), list)
			want := []string{"1 Perusinfrastruktuurihankkeet", "2 Tietohallinnon johtamisen työkalut – kehitys", "2 Tietoturva"}
			if got := categoryRows(a.get(t, list)); !slices.Equal(got[:3], want) {
				t.Errorf("rows %q, want %q first", got, want)
			}

			// Delete it: confirmation, then gone.
			del := "/categories/" + id(c.ID) + "/delete"
			p = a.get(t, del)
			wantStatus(t, p, http.StatusOK)
			wantText(t, p, "Poistetaanko luokka Tietoturva?")
			wantRedirect(t, a.post(t, del, nil), list)
			p = a.get(t, list)
			wantText(t, p, "Poistettu.")
			wantNoText(t, p, "Tietoturva")
			if _, err := a.db.FindCategoryByID(ctx, c.ID); salkku.ErrorCode(err) != salkku.ENOTFOUND {
				t.Errorf("after delete: %v", err)
			}
		})

		t.Run("delete refused while it has projects", func(t *testing.T) {
			del := "/categories/" + id(infra.ID) + "/delete"
			p := a.post(t, del, nil)
			wantStatus(t, p, http.StatusConflict)
			oneH1(t, p)
			wantText(t, p, "Luokkaa ei voi poistaa, koska siinä on hankkeita (6). Siirrä hankkeet ensin toiseen luokkaan.")
			if strings.Contains(p.Body, `<form method="post">`) {
				t.Errorf("a refused delete still offers the delete button")
			}
			c, err := a.db.FindCategoryByID(ctx, infra.ID)
			if err != nil || c.ProjectCount != 6 || c.Version != infra.Version {
				t.Errorf("after a refused delete: %+v, %v", c, err)
			}
		})
	})
}

var groupHeadingRE = regexp.MustCompile(`(?s)<tr class="group"><th colspan="\d+" scope="colgroup">(.*?)</th>`)

// TestOverviewChapters: the overview's group headings carry the
// categories' chapter numbers as the action plan does ("2. …" to "7. …"),
// not their places in the list, and follow a renumbering.
func TestOverviewChapters(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newDemoApp(t, engine)
		ctx := salkku.System(context.Background())
		pf := a.portfolio(t, naantaliName)
		headings := func() []string {
			var out []string
			for _, m := range groupHeadingRE.FindAllStringSubmatch(a.get(t, "/portfolios/"+id(pf.ID)).Body, -1) {
				out = append(out, plain(m[1]))
			}
			return out
		}
		want := []string{"2. Perusinfrastruktuurihankkeet", "3. Tietohallinnon johtamisen työkalut – kehitys",
			"4. Koko kaupunkia koskevat yhteiset kehityshankkeet", "5. Toimialakohtaiset kehityshankkeet (sosiaali- ja terveyspalvelut)",
			"6. Toimialakohtaiset kehityshankkeet (tekniset palvelut)", "7. Toimialakohtaiset kehityshankkeet (sivistyspalvelut)"}
		if got := headings(); !slices.Equal(got, want) {
			t.Errorf("group headings %q, want %q", got, want)
		}
		infra := a.category(t, pf.ID, "Perusinfrastruktuurihankkeet")
		infra.Chapter = 20
		must(t, a.db.UpdateCategory(ctx, infra))
		if got := headings(); len(got) == 0 || got[0] != "20. Perusinfrastruktuurihankkeet" {
			t.Errorf("group headings %q, want 20. Perusinfrastruktuurihankkeet first", got)
		}
	})
}
