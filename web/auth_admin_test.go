package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/salkku/salkku"
)

func TestAdminUserForm(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newAuthApp(t, engine, authOptions{})
		valid := url.Values{"name": {"Uusi Käyttäjä"}, "email": {"Uusi.Kayttaja@Test.invalid"}, "password": {authPassword}}

		t.Run("form", func(t *testing.T) {
			p := a.get(t, "/admin/users/new")
			wantStatus(t, p, http.StatusOK)
			form := formValues(t, p)
			for _, f := range []string{"csrf", "name", "email", "password"} {
				if _, ok := form[f]; !ok {
					t.Errorf("new user form lacks %s", f)
				}
			}
		})

		for _, tc := range []struct {
			name   string
			form   url.Values
			status int
			field  string
			msg    string
		}{
			{"ErrPasswordShort", with(valid, "password", "lyhyt"), http.StatusUnprocessableEntity, "password", fiMsg("error.password_short")},
			{"ErrPasswordShortRunes", with(valid, "password", "ääääääääääö"), http.StatusUnprocessableEntity, "password", fiMsg("error.password_short")},
			{"ErrEmail", with(valid, "email", "ei-sahkoposti"), http.StatusUnprocessableEntity, "email", fiMsg("error.email")},
			{"ErrNameRequired", with(valid, "name", " "), http.StatusUnprocessableEntity, "name", fiMsg("error.required")},
			{"ErrEmailTaken", with(valid, "email", "ADMIN@test.invalid"), http.StatusConflict, "email", fiMsg("error.email_taken")},
		} {
			t.Run(tc.name, func(t *testing.T) {
				users := a.userCount(t)
				p := a.post(t, "/admin/users/new", tc.form)
				wantStatus(t, p, tc.status)
				if got := fieldError(p, tc.field); got != tc.msg {
					t.Errorf("%s error %q, want %q", tc.field, got, tc.msg)
				}
				if htmlLang(p) != "fi" {
					t.Errorf("page language %q, want fi", htmlLang(p))
				}
				wantKept(t, p, tc.form, "name", "email")
				if got := formValues(t, p).Get("password"); got != "" {
					t.Errorf("the form sends the password back: %q", got)
				}
				if got := a.userCount(t); got != users {
					t.Errorf("%d users, want %d", got, users)
				}
			})
		}

		var created *salkku.User
		t.Run("OK", func(t *testing.T) {
			loc := wantRedirect(t, a.post(t, "/admin/users/new", valid), "/admin/users/*")
			created = a.findUser(t, "uusi.kayttaja@test.invalid")
			if loc != "/admin/users/"+id(created.ID) || created.Admin || !created.HasPassword || created.Name != "Uusi Käyttäjä" {
				t.Fatalf("created %+v, redirected to %s", created, loc)
			}
			wantText(t, a.get(t, loc), "Tallennettu", "Uusi Käyttäjä")
			a.signIn(t, created.Email, authPassword)
			wantText(t, a.get(t, "/admin/users?q=uusi"), "Uusi Käyttäjä", "uusi.kayttaja@test.invalid")
		})

		t.Run("OK without a password", func(t *testing.T) {
			wantRedirect(t, a.post(t, "/admin/users/new", url.Values{"name": {"Kerta Kirjautuja"}, "email": {"kerta@test.invalid"}, "password": {""}, "admin": {"true"}}), "/admin/users/*")
			u := a.findUser(t, "kerta@test.invalid")
			if u.HasPassword || !u.Admin {
				t.Errorf("user %+v, want an admin without a password", u)
			}
			wantStatus(t, passwordLogin(t, a.browser(), u.Email, "", "/"), http.StatusUnauthorized)
		})

		t.Run("edit", func(t *testing.T) {
			path := "/admin/users/" + id(created.ID)
			b := a.signIn(t, created.Email, authPassword)
			wantStatus(t, b.get(t, "/admin/users"), http.StatusForbidden)

			form := formValues(t, a.get(t, path))
			if _, ok := form["password"]; ok {
				t.Errorf("the edit form has a password field")
			}
			form.Set("name", "Muutettu Nimi")
			form.Set("admin", "true")
			wantRedirect(t, a.post(t, path, form), path)
			u := a.findUser(t, created.Email)
			if u.Name != "Muutettu Nimi" || !u.Admin || u.Disabled {
				t.Fatalf("after edit %+v", u)
			}
			// The user is an admin at once, in the session they have.
			wantStatus(t, b.get(t, "/admin/users"), http.StatusOK)

			// A stale form is refused.
			wantStatus(t, a.post(t, path, with(form, "name", "Vanha lomake")), http.StatusConflict)

			form = formValues(t, a.get(t, path))
			form.Del("admin")
			form.Set("disabled", "true")
			wantRedirect(t, a.post(t, path, form), path)
			if u := a.findUser(t, created.Email); u.Admin || !u.Disabled {
				t.Fatalf("after disabling %+v", u)
			}
			wantRedirect(t, b.get(t, "/admin/users"), "/login?next=%2Fadmin%2Fusers")

			form = formValues(t, a.get(t, path))
			form.Del("disabled")
			wantRedirect(t, a.post(t, path, form), path)
			a.signIn(t, created.Email, authPassword)

			wantText(t, a.get(t, "/admin/audit?entity=user&action=update"), "Muutettu Nimi", "Testi Pääkäyttäjä")
		})

		t.Run("ErrOwnAdmin", func(t *testing.T) {
			path := "/admin/users/" + id(a.admin.ID)
			for _, tc := range []struct {
				name string
				edit func(url.Values)
			}{
				{"remove admin", func(f url.Values) { f.Del("admin") }},
				{"disable", func(f url.Values) { f.Set("disabled", "true") }},
			} {
				t.Run(tc.name, func(t *testing.T) {
					form := formValues(t, a.get(t, path))
					tc.edit(form)
					p := a.post(t, path, form)
					wantStatus(t, p, http.StatusUnprocessableEntity)
					wantText(t, p, fiMsg("error.own_admin"))
					if u := a.findUser(t, a.admin.Email); !u.Admin || u.Disabled {
						t.Fatalf("own account changed: %+v", u)
					}
				})
			}
			// Another admin may.
			other := a.user(t, "toinen.admin@test.invalid", "Toinen Pääkäyttäjä", true, authPassword)
			o := a.as(t, other)
			form := formValues(t, o.get(t, path))
			form.Set("name", "Testi Pääkäyttäjä")
			wantRedirect(t, o.post(t, path, form), path)
		})

		t.Run("ErrNotFound", func(t *testing.T) {
			wantStatus(t, a.get(t, "/admin/users/999999"), http.StatusNotFound)
			wantStatus(t, a.post(t, "/admin/users/999999", valid), http.StatusNotFound)
		})
	})
}

func TestAdminGrants(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newAuthApp(t, engine, authOptions{})
		w := newAuditWorld(t, a, "Paula Projektitoimisto")
		u := w.stranger
		path := "/admin/users/" + id(u.ID)
		b := a.as(t, u)
		pf, pr := id(w.portfolio.ID), id(w.project.ID)
		wantStatus(t, b.get(t, "/portfolios/"+pf), http.StatusForbidden)

		grant := func(t *testing.T, role, portfolioID, projectID string) *page {
			t.Helper()
			return a.post(t, path, url.Values{"action": {"grant"}, "role": {role}, "portfolio_id": {portfolioID}, "project_id": {projectID}})
		}
		for _, tc := range []struct {
			name                     string
			role, portfolio, project string
			status                   int
			field, msg               string
		}{
			{"ErrPortfolioRoleOnProject", salkku.RoleViewer, "", pr, http.StatusUnprocessableEntity, "portfolio_id", fiMsg("error.required")},
			{"ErrManagerOnPortfolio", salkku.RoleProjectManager, pf, "", http.StatusUnprocessableEntity, "project_id", fiMsg("error.required")},
			{"ErrUnknownRole", "superuser", pf, "", http.StatusUnprocessableEntity, "role", fiMsg("error.role")},
			{"ErrNoSuchPortfolio", salkku.RoleViewer, "999999", "", http.StatusUnprocessableEntity, "portfolio_id", ""},
			{"ErrBadID", salkku.RoleViewer, "x", "", http.StatusUnprocessableEntity, "portfolio_id", ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				p := grant(t, tc.role, tc.portfolio, tc.project)
				wantStatus(t, p, tc.status)
				got := fieldError(p, tc.field)
				if tc.msg != "" && got != tc.msg || got == "" {
					t.Errorf("%s error %q, want %q", tc.field, got, tc.msg)
				}
				if gs, err := a.db.FindGrants(salkku.System(context.Background()), u.ID); err != nil || len(gs) != 0 {
					t.Errorf("grants %+v (%v), want none", gs, err)
				}
			})
		}

		t.Run("grant and remove", func(t *testing.T) {
			wantRedirect(t, grant(t, salkku.RoleViewer, pf, ""), path)
			wantRedirect(t, grant(t, salkku.RoleProjectManager, "", pr), path)
			p := a.get(t, path)
			wantText(t, p, fiMsg("role.viewer"), "Tietohallinto", fiMsg("role.project_manager"), "2.1 Palomuuri")
			wantText(t, b.get(t, "/account"), "Lukija: Tietohallinto", "Hankepäällikkö: 2.1 Palomuuri")
			wantStatus(t, b.get(t, "/portfolios/"+pf), http.StatusOK)
			// The project manager may edit the project; the viewer role
			// alone would not let them.
			wantStatus(t, b.get(t, "/projects/"+pr+"/edit"), http.StatusOK)

			dup := grant(t, salkku.RoleViewer, pf, "")
			wantStatus(t, dup, http.StatusConflict)
			wantText(t, dup, fiMsg("error.grant_exists"))

			gs, err := a.db.FindGrants(salkku.System(context.Background()), u.ID)
			must(t, err)
			if len(gs) != 2 {
				t.Fatalf("grants %+v, want 2", gs)
			}
			for _, g := range gs {
				if g.Role == salkku.RoleProjectManager {
					// "Remove role" asks first and changes nothing.
					ask := a.post(t, path, url.Values{"action": {"revoke"}, "grant_id": {id(g.ID)}})
					wantStatus(t, ask, http.StatusOK)
					wantText(t, ask, "Poistetaanko rooli Hankepäällikkö (2.1 Palomuuri) käyttäjältä "+u.Name+"?", `href="`+path+`"`)
					if now, _ := a.db.FindGrants(salkku.System(context.Background()), u.ID); len(now) != 2 {
						t.Fatalf("asking removed a role: %+v", now)
					}
					wantStatus(t, b.get(t, "/projects/"+pr+"/edit"), http.StatusOK)
					// The confirmation's own form removes it.
					confirm := formValues(t, ask)
					if confirm.Get("confirmed") != "true" || confirm.Get("grant_id") != id(g.ID) {
						t.Fatalf("confirmation form %v", confirm)
					}
					wantRedirect(t, a.post(t, path, confirm), path)
				}
			}
			wantStatus(t, b.get(t, "/projects/"+pr+"/edit"), http.StatusForbidden)
			wantStatus(t, b.get(t, "/portfolios/"+pf), http.StatusOK)
			for _, g := range gs {
				if g.Role == salkku.RoleViewer {
					wantRedirect(t, a.post(t, path, url.Values{"action": {"revoke"}, "grant_id": {id(g.ID)}, "confirmed": {"true"}}), path)
				}
			}
			wantStatus(t, b.get(t, "/portfolios/"+pf), http.StatusForbidden)
			wantText(t, a.get(t, path), "Ei rooleja.")
			for _, confirmed := range []string{"", "true"} {
				if p := a.post(t, path, url.Values{"action": {"revoke"}, "grant_id": {id(gs[0].ID)}, "confirmed": {confirmed}}); p.Status < 400 {
					t.Errorf("removing a removed role (confirmed %q): %d", confirmed, p.Status)
				}
			}
			entries := a.get(t, "/admin/audit?entity=grant&actor_id="+id(a.admin.ID))
			if got := auditCount(t, entries); got != "4" {
				t.Errorf("%s grant entries, want 2 creates and 2 deletes", got)
			}
		})
	})
}

// TestAdminEscalation: the strongest role short of admin, a portfolio
// owner, cannot reach the admin pages to raise their own rights, make an
// admin or turn passwords off, and is not shown the way there. (The role
// matrix of authz_matrix_test.go covers every role on every route.)
func TestAdminEscalation(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newAuthApp(t, engine, authOptions{})
		w := newAuditWorld(t, a, "Paula Projektitoimisto")
		owner := a.user(t, "omistaja@test.invalid", "Olli Omistaja", false, authPassword)
		must(t, a.db.CreateGrant(salkku.System(context.Background()), &salkku.Grant{UserID: owner.ID, Role: salkku.RolePortfolioOwner, PortfolioID: &w.portfolio.ID}))
		b := a.signIn(t, owner.Email, authPassword)
		self := "/admin/users/" + id(owner.ID)
		for _, r := range []struct {
			method, path string
			form         url.Values
		}{
			{"GET", "/admin/users?q=a", nil},
			{"GET", "/admin/users/new", nil},
			{"POST", "/admin/users/new", url.Values{"name": {"Hyökkääjä"}, "email": {"hyokkaaja@test.invalid"}, "password": {authPassword}, "admin": {"true"}}},
			{"GET", self, nil},
			{"POST", self, url.Values{"version": {"1"}, "name": {owner.Name}, "email": {owner.Email}, "admin": {"true"}}},
			{"POST", self, url.Values{"action": {"grant"}, "role": {salkku.RolePortfolioOwner}, "portfolio_id": {id(w.portfolio.ID)}}},
			{"POST", "/admin/users/" + id(w.viewer.ID), url.Values{"action": {"grant"}, "role": {salkku.RolePortfolioOwner}, "portfolio_id": {id(w.portfolio.ID)}}},
			{"POST", "/admin/settings", url.Values{}},
			{"GET", "/admin/audit?format=csv", nil},
		} {
			var p *page
			if r.method == http.MethodGet {
				p = b.get(t, r.path)
			} else {
				p = b.post(t, r.path, r.form)
			}
			if p.Status != http.StatusForbidden {
				t.Errorf("%s %s: %d, want 403", r.method, r.path, p.Status)
			} else {
				wantText(t, p, fiMsg("error.forbidden"))
			}
		}
		ctx := salkku.System(context.Background())
		if got := a.findUser(t, owner.Email); got.Admin {
			t.Errorf("the owner made themselves an admin")
		}
		if _, err := a.db.FindUserByEmail(ctx, "hyokkaaja@test.invalid"); salkku.ErrorCode(err) != salkku.ENOTFOUND {
			t.Errorf("a user was created: %v", err)
		}
		if v, err := a.db.Setting(ctx, salkku.SettingLocalLogin); err != nil || v != "" {
			t.Errorf("setting %q (%v), want it untouched", v, err)
		}
		for _, u := range []*salkku.User{owner, w.viewer} {
			if gs, err := a.db.FindGrants(ctx, u.ID); err != nil || len(gs) != 1 {
				t.Errorf("%s has grants %+v (%v), want only the one given", u.Name, gs, err)
			}
		}
		if strings.Contains(b.get(t, "/").Body, `href="/admin/users"`) {
			t.Errorf("the menu links to the admin pages")
		}
		if !strings.Contains(a.get(t, "/").Body, `href="/admin/users"`) {
			t.Errorf("the admin's menu does not link to the admin pages")
		}
	})
}

func TestAccountPassword(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newAuthApp(t, engine, authOptions{})
		u := a.user(t, "vaihtaja@test.invalid", "Ville Vaihtaja", false, authPassword)
		b := a.signIn(t, u.Email, authPassword)
		other := a.signIn(t, u.Email, authPassword) // another device
		newPassword := "aivan uusi pitkä salasana"
		change := func(current, pw, pw2 string) url.Values {
			return url.Values{"action": {"password"}, "current_password": {current}, "new_password": {pw}, "new_password2": {pw2}}
		}
		for _, tc := range []struct {
			name  string
			form  url.Values
			field string
			msg   string
		}{
			{"ErrWrongCurrent", change("väärä nykyinen salasana", newPassword, newPassword), "current_password", fiMsg("error.password_wrong")},
			{"ErrNoCurrent", change("", newPassword, newPassword), "current_password", fiMsg("error.password_wrong")},
			{"ErrMismatch", change(authPassword, newPassword, newPassword+"x"), "new_password2", fiMsg("error.password_mismatch")},
			{"ErrShort", change(authPassword, "lyhyt", "lyhyt"), "new_password", fiMsg("error.password_short")},
		} {
			t.Run(tc.name, func(t *testing.T) {
				p := b.post(t, "/account", tc.form)
				wantStatus(t, p, http.StatusUnprocessableEntity)
				if got := fieldError(p, tc.field); got != tc.msg {
					t.Errorf("%s error %q, want %q", tc.field, got, tc.msg)
				}
				for _, pw := range tc.form["new_password"] {
					if strings.Contains(p.Body, pw) {
						t.Errorf("the page shows the password typed")
					}
				}
			})
		}
		// Every refusal left the old password in place.
		a.signIn(t, u.Email, authPassword)

		t.Run("OK", func(t *testing.T) {
			p := b.post(t, "/account", change(authPassword, newPassword, newPassword))
			wantRedirect(t, p, "/account")
			if c := setCookies(p)["salkku_session"]; c == nil || c.Value == "" {
				t.Fatalf("no new session after the change")
			}
			wantText(t, b.get(t, "/account"), fiMsg("flash.password_changed"))
			// Other sessions end with the old password.
			wantRedirect(t, other.get(t, "/account"), "/login?next=%2Faccount")
			p = passwordLogin(t, a.browser(), u.Email, authPassword, "/")
			wantStatus(t, p, http.StatusUnauthorized)
			a.signIn(t, u.Email, newPassword)
		})

		t.Run("SSO user sets a first password", func(t *testing.T) {
			s := a.user(t, "kerta@test.invalid", "Kerta Käyttäjä", false, "")
			sb := a.as(t, s)
			if strings.Contains(sb.get(t, "/account").Body, `name="current_password"`) {
				t.Errorf("a user without a password is asked for the current one")
			}
			wantRedirect(t, sb.post(t, "/account", change("", newPassword, newPassword)), "/account")
			a.signIn(t, s.Email, newPassword)
		})
	})
}
