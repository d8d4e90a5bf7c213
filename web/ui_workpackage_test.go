package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/salkku/salkku"
)

// TestWorkPackageForm checks the parent select: the project's packages
// indented by depth, the one asked for preselected, and when editing
// neither the package itself nor anything under it.
func TestWorkPackageForm(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newDemoApp(t, engine)
		kp := a.project(t, a.portfolio(t, karaName).ID, "KaRa")
		oa2, tp3, tp3a := a.workPackage(t, kp.ID, "OA2"), a.workPackage(t, kp.ID, "OA2 TP3"), a.workPackage(t, kp.ID, "OA2 TP3 a")
		label := func(opts [][2]string, wpID int64) (string, bool) {
			for _, o := range opts {
				if o[0] == id(wpID) {
					return o[1], true
				}
			}
			return "", false
		}
		const indent = "\u00a0\u00a0\u00a0"

		t.Run("new", func(t *testing.T) {
			p := a.get(t, "/projects/"+id(kp.ID)+"/workpackages/new?parent_id="+id(tp3.ID))
			opts := options(t, p, "parent_id")
			if opts[0] != [2]string{"", "(ylin taso)"} {
				t.Errorf("first choice %q", opts[0])
			}
			for _, tc := range []struct {
				wp   int64
				want string
			}{
				{oa2.ID, "OA2 Osa-alue 2"},
				{tp3.ID, indent + "OA2 TP3 Tietojohtamista tukevat työvälineet"},
				{tp3a.ID, indent + indent + "OA2 TP3 a TIJO-mallin kehittäminen ja uudistetun mallin käyttöönotto"},
			} {
				if got, _ := label(opts, tc.wp); got != tc.want {
					t.Errorf("option %q, want %q", got, tc.want)
				}
			}
			if got := formValues(t, p).Get("parent_id"); got != id(tp3.ID) {
				t.Errorf("parent %q preselected, want %s", got, id(tp3.ID))
			}
			// The responsible people are picked by name, with suggestions
			// (see TestPersonPicker).
			wantText(t, p, `id="f-responsible_ids" name="responsible_ids_name"`, `data-suggest="/people/suggest?organisation_id=`)
		})

		t.Run("edit", func(t *testing.T) {
			p := a.get(t, "/workpackages/"+id(tp3.ID)+"/edit")
			opts := options(t, p, "parent_id")
			for _, w := range []*salkku.WorkPackage{tp3, tp3a, a.workPackage(t, kp.ID, "OA2 TP3 e")} {
				if l, ok := label(opts, w.ID); ok {
					t.Errorf("%q is offered as the parent of OA2 TP3", l)
				}
			}
			for _, code := range []string{"OA1", "OA2", "OA2 TP1", "OA3 TP1 a"} {
				if _, ok := label(opts, a.workPackage(t, kp.ID, code).ID); !ok {
					t.Errorf("%s is not offered as a parent", code)
				}
			}
			form := formValues(t, p)
			if form.Get("parent_id") != id(oa2.ID) || len(form["responsible_ids"]) != 2 || form.Get("code") != "OA2 TP3" {
				t.Errorf("edit form %v", form)
			}
		})
	})
}

// TestWorkPackageSave creates a package under another with people and
// tags, edits it, and sends forms that break the tree's rules.
func TestWorkPackageSave(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newDemoApp(t, engine)
		ctx := salkku.System(context.Background())
		kp := a.project(t, a.portfolio(t, karaName).ID, "KaRa")
		project := "/projects/" + id(kp.ID)
		oa2, tp3, tp3a := a.workPackage(t, kp.ID, "OA2"), a.workPackage(t, kp.ID, "OA2 TP3"), a.workPackage(t, kp.ID, "OA2 TP3 a")
		hanne, paula := a.person(t, "Hanne Vasankari"), a.person(t, "Paula Tolonen")
		newURL := project + "/workpackages/new"

		sent := with(formValues(t, a.get(t, newURL+"?parent_id="+id(tp3.ID))),
			"code", "OA2 TP3 f", "name", "Tietoaltaan pilotti", "description", "Kokeillaan tietoallasta.", "tags", "H, pilotti, H")
		sent["responsible_ids"] = []string{id(paula.ID), id(hanne.ID)}
		wantRedirect(t, a.post(t, newURL, sent), project)
		p := a.get(t, project)
		wantText(t, p, "Tallennettu.", "OA2 TP3 f", "Tietoaltaan pilotti", "Kokeillaan tietoallasta.", "Paula Tolonen, Hanne Vasankari",
			`<span class="tag">pilotti</span>`)
		if !strings.Contains(p.Body, `<tr class="depth-2">
      <td class="code">OA2 TP3 f</td>`) {
			t.Errorf("the new package is not at depth 2 on the project page")
		}
		f := a.workPackage(t, kp.ID, "OA2 TP3 f")
		if f.ParentID == nil || *f.ParentID != tp3.ID || len(f.Tags) != 2 || f.Position == 0 {
			t.Errorf("stored %+v", f)
		}

		edit := "/workpackages/" + id(f.ID) + "/edit"
		form := formValues(t, a.get(t, edit))
		if form.Get("tags") != "H, pilotti" {
			t.Errorf("tags in the edit form %q", form.Get("tags"))
		}
		moved := with(form, "parent_id", id(oa2.ID), "code", "OA2 TP5")
		moved["responsible_ids"] = nil
		wantRedirect(t, a.post(t, edit, moved), project)
		f = a.workPackage(t, kp.ID, "OA2 TP5")
		if *f.ParentID != oa2.ID || len(f.ResponsibleIDs) != 0 {
			t.Errorf("after the edit %+v", f)
		}

		// A package of another project, and one on the fourth level, the
		// deepest there may be.
		p21 := a.project(t, a.portfolio(t, naantaliName).ID, "2.1")
		other := &salkku.WorkPackage{ProjectID: p21.ID, Name: salkku.T("Kilpailutus")}
		must(t, a.db.CreateWorkPackage(ctx, other))
		leaf := &salkku.WorkPackage{ProjectID: kp.ID, ParentID: &tp3a.ID, Name: salkku.T("Neljäs taso")}
		must(t, a.db.CreateWorkPackage(ctx, leaf))

		for _, tc := range []struct {
			name, path, field, value, err string
		}{
			{"empty name", newURL, "name", "", "Tämä tieto on pakollinen."},
			{"parent that does not exist", newURL, "parent_id", "999999", "Valittua kohdetta ei ole olemassa."},
			{"parent of another project", newURL, "parent_id", id(other.ID), "Ylempi työpaketti kuuluu toiseen hankkeeseen."},
			{"parent is itself", "/workpackages/" + id(tp3.ID) + "/edit", "parent_id", id(tp3.ID),
				"Kohde ei voi olla oma ylätasonsa eikä oman alatasonsa alla."},
			{"parent under itself", "/workpackages/" + id(tp3.ID) + "/edit", "parent_id", id(tp3a.ID),
				"Kohde ei voi olla oma ylätasonsa eikä oman alatasonsa alla."},
			{"too deep", newURL, "parent_id", id(leaf.ID), "Työpakettipuu voi olla enintään neljä tasoa syvä."},
			{"person that does not exist", newURL, "responsible_ids", "999999", "Valittua kohdetta ei ole olemassa."},
			{"position not a number", newURL, "position", "x", "Kirjoita kokonaisluku."},
		} {
			t.Run(tc.name, func(t *testing.T) {
				sent := with(formValues(t, a.get(t, tc.path)), "name", "Kokeilu", "code", "X", tc.field, tc.value)
				before, _ := a.db.FindWorkPackages(ctx, kp.ID)
				p := a.post(t, tc.path, sent)
				wantStatus(t, p, http.StatusUnprocessableEntity)
				if got := fieldError(p, tc.field); got != tc.err {
					t.Errorf("error at %s %q, want %q", tc.field, got, tc.err)
				}
				keep := []string{"name", "code", "description", "tags", "position"}
				if tc.field != "responsible_ids" {
					keep = append(keep, "responsible_ids")
				}
				wantKept(t, p, sent, keep...)
				if after, _ := a.db.FindWorkPackages(ctx, kp.ID); len(after) != len(before) {
					t.Errorf("%d packages after, %d before", len(after), len(before))
				}
			})
		}
	})
}

// TestWorkPackageDelete deletes a package with everything under it, after
// a confirmation that says so.
func TestWorkPackageDelete(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newDemoApp(t, engine)
		ctx := salkku.System(context.Background())
		kp := a.project(t, a.portfolio(t, karaName).ID, "KaRa")
		project := "/projects/" + id(kp.ID)
		oa1, oa2 := a.workPackage(t, kp.ID, "OA1"), a.workPackage(t, kp.ID, "OA2")
		all, _ := a.db.FindWorkPackages(ctx, kp.ID)

		p := a.get(t, "/workpackages/"+id(oa1.ID)+"/delete")
		wantText(t, p, "Poistetaanko työpaketti OA1 Vapaaehtoinen alueellinen valmistelu ja hankekoordinaatio? Poistoa ei voi perua.")
		wantNoText(t, p, "alla olevat")

		p = a.get(t, "/workpackages/"+id(oa2.ID)+"/delete")
		wantStatus(t, p, http.StatusOK)
		wantText(t, p, "Poistetaanko työpaketti OA2 Osa-alue 2? Samalla poistetaan kaikki sen alla olevat työpaketit (8 kpl).")
		wantRedirect(t, a.post(t, "/workpackages/"+id(oa2.ID)+"/delete", nil), project)
		p = a.get(t, project)
		wantText(t, p, "Poistettu.", "OA1", "OA3 TP1")
		wantNoText(t, p, "OA2 TP3 a", "Osa-alue 2")
		left, _ := a.db.FindWorkPackages(ctx, kp.ID)
		if len(left) != len(all)-9 {
			t.Errorf("%d packages left of %d, want 9 fewer", len(left), len(all))
		}
		for _, w := range left {
			if strings.HasPrefix(w.Code, "OA2") {
				t.Errorf("%s survived", w.Code)
			}
		}
	})
}
