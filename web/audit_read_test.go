package web_test

import (
	"context"
	"encoding/csv"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/web"
)

// TestAuditReadsAsWritten: a role's entries say whose role it was, which
// and on what, by name, in the page's language, on the page and in the
// export; a record's fields come in the order of its form.
func TestAuditReadsAsWritten(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newAuthApp(t, engine, authOptions{})
		w := newAuditWorld(t, a, "Paula Projektitoimisto")
		path := "/admin/users/" + id(w.viewer.ID)
		wantRedirect(t, a.post(t, path, url.Values{"action": {"grant"}, "role": {salkku.RoleProjectManager}, "project_id": {id(w.project.ID)}}), path)
		gs, err := a.db.FindGrants(salkku.System(context.Background()), w.viewer.ID)
		must(t, err)
		for _, g := range gs {
			if g.Role == salkku.RoleProjectManager {
				wantRedirect(t, a.post(t, path, url.Values{"action": {"revoke"}, "grant_id": {id(g.ID)}, "confirmed": {"true"}}), path)
			}
		}
		// The project goes too: its name stays in the entries that name it.
		wantRedirect(t, a.post(t, "/projects/"+id(w.project.ID)+"/delete", url.Values{}), "/portfolios/"+id(w.portfolio.ID))

		for _, tc := range []struct{ lang, subject, user, role, project string }{
			{"fi", "Liisa Lukija: Hankepäällikkö, hanke 2.1 Palomuuri", "Käyttäjä", "Rooli", "Hanke"},
			{"sv", "Liisa Lukija: Projektledare, projekt 2.1 Palomuuri", "Användare", "Roll", "Projekt"},
			{"en", "Liisa Lukija: Project manager, project 2.1 Palomuuri", "User", "Role", "Project"},
		} {
			t.Run(tc.lang, func(t *testing.T) {
				p := a.get(t, "/admin/audit?entity=grant&actor_id="+id(a.admin.ID), "Accept-Language: "+tc.lang)
				wantStatus(t, p, http.StatusOK)
				if n := strings.Count(p.Text(), tc.subject); n != 2 {
					t.Errorf("the grant and its revoke name the role %d times as %q\n%s", n, tc.subject, excerpt(p.Body))
				}
				for _, want := range []string{
					`<span class="k">` + tc.user + `</span>: <ins>Liisa Lukija</ins>`,
					`<span class="k">` + tc.project + `</span>: <ins>2.1 Palomuuri</ins>`,
					`<span class="k">` + tc.user + `</span>: <del>Liisa Lukija</del>`,
				} {
					if !strings.Contains(p.Text(), want) {
						t.Errorf("page lacks %s\n%s", want, excerpt(p.Body))
					}
				}
				for _, id := range []string{id(w.viewer.ID), id(w.project.ID)} {
					if strings.Contains(p.Text(), "<ins>"+id+"</ins>") || strings.Contains(p.Text(), "<del>"+id+"</del>") {
						t.Errorf("an id %s shown for a name", id)
					}
				}

				c := a.get(t, "/admin/audit?entity=grant&actor_id="+id(a.admin.ID)+"&format=csv", "Accept-Language: "+tc.lang)
				r := csv.NewReader(strings.NewReader(strings.TrimPrefix(c.Body, "\ufeff")))
				r.Comma = ';'
				rows, err := r.ReadAll()
				must(t, err)
				if len(rows) != 3 {
					t.Fatalf("%d CSV rows, want a header, the grant and the revoke:\n%s", len(rows), c.Body)
				}
				for _, row := range rows[1:] {
					if row[5] != tc.subject {
						t.Errorf("CSV subject %q, want %q", row[5], tc.subject)
					}
					want := tc.user + ": Liisa Lukija\n" + tc.role + ": " + apiCatalog.T(tc.lang, "role.project_manager") + "\n" + tc.project + ": 2.1 Palomuuri"
					if row[6] != want {
						t.Errorf("CSV change %q, want %q", row[6], want)
					}
				}
			})
		}

		t.Run("form order", func(t *testing.T) {
			p := a.get(t, "/admin/audit?entity=project&action=create")
			at := func(field string) int {
				i := strings.Index(p.Text(), `<span class="k">`+fiMsg("field."+field)+`</span>`)
				if i < 0 {
					t.Fatalf("no %s in the create entry\n%s", field, excerpt(p.Body))
				}
				return i
			}
			order := []string{"portfolio_id", "code", "name", "status", "mandatory", "continuous"}
			for i := 1; i < len(order); i++ {
				if at(order[i-1]) > at(order[i]) {
					t.Errorf("%s shown after %s, not as the form has them", order[i-1], order[i])
				}
			}
		})
	})
}

// TestAuditDeletedProject: a deleted project's history stays readable, on
// its page and in the API, to those who could see the project, and to no
// one else.
func TestAuditDeletedProject(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newAuthApp(t, engine, authOptions{})
		w := newAuditWorld(t, a, "Paula Projektitoimisto")
		w.editInUI(t, a.signIn(t, w.office.Email, authPassword), "Palomuurin uusiminen")
		history := "/projects/" + id(w.project.ID) + "/history"
		wantRedirect(t, a.post(t, "/projects/"+id(w.project.ID)+"/delete", url.Values{}), "/portfolios/"+id(w.portfolio.ID))

		p := a.as(t, w.viewer).get(t, history)
		wantStatus(t, p, http.StatusOK)
		wantCount(t, p, 3)
		wantText(t, p, fiMsg("audit.deleted_title", "2.1 Palomuurin uusiminen"), fiMsg("action_log.delete"), "Paula Projektitoimisto")
		items := auditItems(t, a.bearerJSON(t, http.MethodGet, "/api/v1/projects/"+id(w.project.ID)+"/audit", w.viewerToken, nil))
		if len(items) != 3 || items[0].Action != "delete" {
			t.Errorf("API history %d entries", len(items))
		}

		t.Run("ErrNoRole", func(t *testing.T) {
			wantStatus(t, a.as(t, w.stranger).get(t, history), http.StatusNotFound)
			wantStatus(t, a.bearerJSON(t, http.MethodGet, "/api/v1/projects/"+id(w.project.ID)+"/audit", w.strangerToken, nil), http.StatusNotFound)
		})
		t.Run("ErrNeverExisted", func(t *testing.T) {
			wantStatus(t, a.get(t, "/projects/"+id(w.project.ID+1000)+"/history"), http.StatusNotFound)
		})
	})
}

var olderRE, newerRE = regexp.MustCompile(`href="([^"]*)" rel="next"`), regexp.MustCompile(`href="([^"]*)" rel="prev"`)

// TestAuditPages: the log pages by entry id, older and newer, and the
// export streams every entry, a batch at a time. (Not parallel: it sets
// the export's batch size, which no other test may see.)
func TestAuditPages(t *testing.T) {
	t.Cleanup(web.SetAuditBatch(7))
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newAuthApp(t, engine, authOptions{})
		ctx := salkku.System(context.Background())
		n := salkku.DefaultPageSize + 10
		for i := range n {
			must(t, a.db.CreatePerson(ctx, &salkku.Person{Name: "Henkilö " + id(int64(i))}))
		}
		link := func(t *testing.T, p *page, re *regexp.Regexp) string {
			t.Helper()
			m := re.FindStringSubmatch(p.Body)
			if m == nil {
				return ""
			}
			return "/admin/audit" + html.UnescapeString(m[1])
		}
		first := a.get(t, "/admin/audit?entity=person")
		wantCount(t, first, salkku.DefaultPageSize)
		wantText(t, first, "Henkilö "+id(int64(n-1)))
		if link(t, first, newerRE) != "" {
			t.Errorf("the newest page links to newer ones")
		}
		older := link(t, first, olderRE)
		if !strings.Contains(older, "before=") || !strings.Contains(older, "entity=person") {
			t.Fatalf("older link %q", older)
		}
		second := a.get(t, older)
		// The admin's own person, made with the admin, is the oldest.
		wantCount(t, second, 11)
		wantText(t, second, "Henkilö 0")
		if link(t, second, olderRE) != "" {
			t.Errorf("the oldest page links to older ones")
		}
		back := a.get(t, link(t, second, newerRE))
		wantCount(t, back, salkku.DefaultPageSize)
		wantText(t, back, "Henkilö "+id(int64(n-1)), "Henkilö 10")

		c := a.get(t, "/admin/audit?entity=person&format=csv")
		wantStatus(t, c, http.StatusOK)
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(c.Body, "\ufeff")))
		r.Comma = ';'
		rows, err := r.ReadAll()
		must(t, err)
		if len(rows) != n+2 {
			t.Errorf("CSV has %d rows, want a header and %d entries", len(rows), n+1)
		}
	})
}
