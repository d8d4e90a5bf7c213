package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/salkku/salkku"
)

// bearerJSON calls the API with a token and a JSON body (nil for none).
func (a *authApp) bearerJSON(t *testing.T, method, path, token string, body any) *page {
	t.Helper()
	var rd io.Reader
	headers := []string{"Authorization: Bearer " + token}
	if body != nil {
		j, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(j)
		headers = append(headers, "Content-Type: application/json")
	}
	return a.browser().do(t, method, path, rd, headers...)
}

// auditItems decodes a list of audit entries from the API.
func auditItems(t *testing.T, p *page) []*salkku.AuditEntry {
	t.Helper()
	wantStatus(t, p, http.StatusOK)
	var list struct {
		Items []*salkku.AuditEntry `json:"items"`
		Total int                  `json:"total"`
	}
	if err := json.Unmarshal([]byte(p.Body), &list); err != nil {
		t.Fatalf("%s: %v\n%s", p, err, p.Body)
	}
	if list.Total != len(list.Items) {
		t.Fatalf("%s: total %d, %d items", p, list.Total, len(list.Items))
	}
	return list.Items
}

// jsonField reads one field of an entry's before or after JSON.
func jsonField(t *testing.T, doc, field string) any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(doc), &m); err != nil {
		t.Fatalf("audit JSON %q: %v", doc, err)
	}
	// "name.fi" is a text's language.
	if stem, lang, ok := strings.Cut(field, "."); ok {
		t, _ := m[stem].(map[string]any)
		return t[lang]
	}
	return m[field]
}

// auditWorld is a project in a portfolio with people of each kind around it.
type auditWorld struct {
	portfolio *salkku.Portfolio
	project   *salkku.Project
	// office edits through the UI, api through the API with its token;
	// viewer may look; stranger has no role.
	office, viewer, stranger *salkku.User
	apiUser                  *salkku.User
	apiToken, viewerToken    string
	strangerToken            string
}

func newAuditWorld(t *testing.T, a *authApp, officeName string) *auditWorld {
	t.Helper()
	ctx := salkku.System(context.Background())
	w := &auditWorld{}
	org := &salkku.Organisation{Name: salkku.T("Naantalin kaupunki")}
	must(t, a.db.CreateOrganisation(ctx, org))
	w.portfolio = &salkku.Portfolio{OrganisationID: org.ID, Name: salkku.T("Tietohallinto")}
	must(t, a.db.CreatePortfolio(ctx, w.portfolio))
	w.project = &salkku.Project{PortfolioID: w.portfolio.ID, Code: "2.1", Name: salkku.T("Palomuuri")}
	must(t, a.db.CreateProject(ctx, w.project))
	grant := func(u *salkku.User, role string) {
		must(t, a.db.CreateGrant(ctx, &salkku.Grant{UserID: u.ID, Role: role, PortfolioID: &w.portfolio.ID}))
	}
	token := func(u *salkku.User) string {
		s, err := a.db.CreateToken(ctx, &salkku.APIToken{UserID: u.ID, Name: "testi"})
		must(t, err)
		return s
	}
	w.office = a.user(t, "toimisto@test.invalid", officeName, false, authPassword)
	grant(w.office, salkku.RoleProjectOffice)
	w.apiUser = a.user(t, "rajapinta@test.invalid", "Antti Rajapinta", false, "")
	grant(w.apiUser, salkku.RoleProjectOffice)
	w.apiToken = token(w.apiUser)
	w.viewer = a.user(t, "lukija@test.invalid", "Liisa Lukija", false, authPassword)
	grant(w.viewer, salkku.RoleViewer)
	w.viewerToken = token(w.viewer)
	w.stranger = a.user(t, "ulkopuolinen@test.invalid", "Ulla Ulkopuolinen", false, authPassword)
	w.strangerToken = token(w.stranger)
	return w
}

// editInUI renames the project on its edit page as b.
func (w *auditWorld) editInUI(t *testing.T, b *app, name string) {
	t.Helper()
	path := "/projects/" + id(w.project.ID) + "/edit"
	form := formValues(t, b.get(t, path))
	setField(form, "name", name)
	wantRedirect(t, b.post(t, path, form), "/projects/"+id(w.project.ID))
}

// editInAPI renames the project with a PUT of what a GET gave.
func (w *auditWorld) editInAPI(t *testing.T, a *authApp, name string) {
	t.Helper()
	path := "/api/v1/projects/" + id(w.project.ID)
	got := a.bearerJSON(t, http.MethodGet, path, w.apiToken, nil)
	wantStatus(t, got, http.StatusOK)
	var p map[string]any
	must(t, json.Unmarshal([]byte(got.Body), &p))
	p["name"] = name
	wantStatus(t, a.bearerJSON(t, http.MethodPut, path, w.apiToken, p), http.StatusOK)
}

func TestAuditOfEdits(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newAuthApp(t, engine, authOptions{})
		w := newAuditWorld(t, a, "Paula Projektitoimisto")
		w.editInUI(t, a.signIn(t, w.office.Email, authPassword), "Palomuurin uusiminen")
		w.editInAPI(t, a, "Palomuurin uusiminen (API)")

		t.Run("API", func(t *testing.T) {
			items := auditItems(t, a.bearerJSON(t, http.MethodGet, "/api/v1/projects/"+id(w.project.ID)+"/audit", w.viewerToken, nil))
			if len(items) != 3 {
				t.Fatalf("%d entries, want the create and two updates", len(items))
			}
			for i, want := range []struct{ actor, action, before, after string }{
				{"Antti Rajapinta", "update", "Palomuurin uusiminen", "Palomuurin uusiminen (API)"},
				{"Paula Projektitoimisto", "update", "Palomuuri", "Palomuurin uusiminen"},
				{"", "create", "", "Palomuuri"},
			} {
				e := items[i]
				if e.ActorName != want.actor || e.Action != want.action || e.Entity != "project" || e.EntityID != w.project.ID {
					t.Errorf("entry %d: %s %s %s #%d, want %q %s project #%d", i, e.ActorName, e.Action, e.Entity, e.EntityID, want.actor, want.action, w.project.ID)
				}
				if want.before != "" {
					if got := jsonField(t, e.Before, "name.fi"); got != want.before {
						t.Errorf("entry %d: name before %v, want %q", i, got, want.before)
					}
				}
				if got := jsonField(t, e.After, "name.fi"); got != want.after {
					t.Errorf("entry %d: name after %v, want %q", i, got, want.after)
				}
			}
			if items[0].ActorID == nil || *items[0].ActorID != w.apiUser.ID || items[1].ActorID == nil || *items[1].ActorID != w.office.ID {
				t.Errorf("actor ids %v, %v, want %d, %d", items[0].ActorID, items[1].ActorID, w.apiUser.ID, w.office.ID)
			}
		})

		t.Run("history page", func(t *testing.T) {
			p := a.as(t, w.viewer).get(t, "/projects/"+id(w.project.ID)+"/history")
			wantStatus(t, p, http.StatusOK)
			wantCount(t, p, 3)
			wantText(t, p, fiMsg("audit.project_title", "2.1 Palomuurin uusiminen (API)"),
				"Paula Projektitoimisto", "Antti Rajapinta", fiMsg("action_log.update"), fiMsg("action_log.create"), fiMsg("audit.system"))
			for _, change := range []string{
				`<span class="k">` + fiMsg("field.name") + `</span>: <del>Palomuuri</del> → <ins>Palomuurin uusiminen</ins>`,
				`<span class="k">` + fiMsg("field.name") + `</span>: <del>Palomuurin uusiminen</del> → <ins>Palomuurin uusiminen (API)</ins>`,
			} {
				if !strings.Contains(p.Body, change) {
					t.Errorf("history lacks the change %s\n%s", change, excerpt(p.Body))
				}
			}
			// Only what changed: the code stayed the same (it shows once,
			// in the create entry). Values read as people write them.
			wantText(t, p, fiMsg("status.proposed"))
			if strings.Count(p.Body, `<span class="k">`+fiMsg("field.code")+`</span>`) != 1 {
				t.Errorf("the unchanged code is shown as a change")
			}
		})

		t.Run("viewer", func(t *testing.T) {
			v := a.as(t, w.viewer)
			wantStatus(t, v.get(t, "/admin/audit"), http.StatusForbidden)
			wantStatus(t, v.get(t, "/admin/audit?format=csv"), http.StatusForbidden)
			wantStatus(t, a.bearerJSON(t, http.MethodGet, "/api/v1/audit", w.viewerToken, nil), http.StatusForbidden)
			// A project's history is the viewer's to read, through either path.
			wantStatus(t, a.bearerJSON(t, http.MethodGet, "/api/v1/audit?project_id="+id(w.project.ID), w.viewerToken, nil), http.StatusOK)
		})

		t.Run("ErrNoRole", func(t *testing.T) {
			s := a.as(t, w.stranger)
			if p := s.get(t, "/projects/"+id(w.project.ID)+"/history"); p.Status != http.StatusForbidden && p.Status != http.StatusNotFound {
				t.Errorf("history for a user without a role: %d", p.Status)
			}
			if p := a.bearerJSON(t, http.MethodGet, "/api/v1/projects/"+id(w.project.ID)+"/audit", w.strangerToken, nil); p.Status != http.StatusForbidden && p.Status != http.StatusNotFound {
				t.Errorf("API history for a user without a role: %d", p.Status)
			}
		})
	})
}

// auditCount reads the number of entries an audit page shows, "N" (one
// page: the page shows no total, which would cost a count of the log).
func auditCount(t *testing.T, p *page) string {
	t.Helper()
	wantStatus(t, p, http.StatusOK)
	n := strings.Count(p.Body, `<td class="diff">`)
	if n == 0 && !strings.Contains(p.Body, fiMsg("audit.none")) {
		t.Fatalf("%s: no entries and no word of none\n%s", p, excerpt(p.Body))
	}
	return id(int64(n))
}

// wantCount checks the number of entries an audit page counts.
func wantCount(t *testing.T, p *page, want int) {
	t.Helper()
	if got := auditCount(t, p); got != id(int64(want)) {
		t.Errorf("%s: %s entries, want %d", p, got, want)
	}
}

func TestAuditFilters(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newAuthApp(t, engine, authOptions{})
		ctx := salkku.System(context.Background())
		at := func(s string) {
			tm, err := time.Parse(time.RFC3339, s)
			must(t, err)
			a.clock.Set(tm)
		}
		// The register's history, on three days of 2024.
		at("2024-01-10T10:00:00Z")
		org := &salkku.Organisation{Name: salkku.T("Kaarinan kaupunki")}
		must(t, a.db.CreateOrganisation(ctx, org))
		pf := &salkku.Portfolio{OrganisationID: org.ID, Name: salkku.T("Sivistys")}
		must(t, a.db.CreatePortfolio(ctx, pf))
		at("2024-02-15T10:00:00Z")
		person := &salkku.Person{Name: "Anna Laine", OrganisationID: &org.ID}
		must(t, a.db.CreatePerson(ctx, person))
		// 00:30 on 1 March in Finland, still February in UTC.
		at("2024-02-29T22:30:00Z")
		person.Name = "Anna Laine-Koski"
		must(t, a.db.UpdatePerson(ctx, person))
		at("2024-03-20T10:00:00Z")
		org.Name = salkku.T("Kaarinan kaupunki (uusi)")
		must(t, a.db.UpdateOrganisation(ctx, org))
		a.clock.Set(time.Now())

		for _, tc := range []struct {
			query string
			want  string
		}{
			{"?from=2024-01-01&to=2024-12-31", "5"},
			{"?entity=person&to=2024-12-31", "2"},
			{"?entity=organisation&to=2024-12-31", "2"},
			{"?action=update&to=2024-12-31", "2"},
			{"?action=create&entity=portfolio", "1"},
			{"?from=2024-02-01&to=2024-02-29", "1"},
			{"?from=2024-03-01&to=2024-03-01", "1"},
			{"?from=2024-01-10&to=2024-01-10", "2"},
			{"?to=2024-01-09", "0"},
			{"?from=2024-03-21&to=2024-12-31", "0"},
			{"?entity=person&action=update&from=2024-03-01&to=2024-03-31", "1"},
		} {
			t.Run(tc.query, func(t *testing.T) {
				if got := auditCount(t, a.get(t, "/admin/audit"+tc.query)); got != tc.want {
					t.Errorf("%s entries, want %s", got, tc.want)
				}
				// The API filters the same way.
				q, _ := url.ParseQuery(strings.TrimPrefix(tc.query, "?"))
				items := auditItems(t, a.do(t, http.MethodGet, "/api/v1/audit?"+q.Encode(), nil))
				if got := id(int64(len(items))); got != tc.want {
					t.Errorf("API: %s entries, want %s", got, tc.want)
				}
			})
		}
		t.Run("the filter is kept", func(t *testing.T) {
			p := a.get(t, "/admin/audit?entity=person&action=update&from=2024-02-01&to=2024-03-31")
			for _, want := range []string{`<option value="person" selected>`, `<option value="update" selected>`, `name="from" value="1.2.2024"`, `name="to" value="31.3.2024"`,
				`href="/admin/audit/export?action=update&amp;entity=person&amp;format=csv-fi&amp;from=2024-02-01&amp;to=2024-03-31"`} {
				if !strings.Contains(p.Body, want) {
					t.Errorf("page lacks %s", want)
				}
			}
		})
		t.Run("Finnish dates", func(t *testing.T) {
			for query, want := range map[string]string{
				"?from=1.1.2024&to=31.12.2024":                            "5",
				"?from=01.03.2024&to=1.3.2024":                            "1",
				"?entity=person&action=update&from=1.3.2024&to=31.3.2024": "1",
			} {
				if got := auditCount(t, a.get(t, "/admin/audit"+query)); got != want {
					t.Errorf("%s: %s entries, want %s", query, got, want)
				}
			}
			p := a.get(t, "/admin/audit?from=1.3.2024&to=2024-03-31")
			wantText(t, p, `name="from" value="1.3.2024"`, `name="to" value="31.3.2024"`)
			en := a.get(t, "/admin/audit?from=1+Mar+2024&to=2024-03-31", "Accept-Language: en")
			wantText(t, en, `name="from" value="1 Mar 2024"`, `name="to" value="31 Mar 2024"`)
			if got := auditCount(t, a.get(t, "/admin/audit?from=1+Mar+2024&to=31+Mar+2024", "Accept-Language: en")); got != "2" {
				t.Errorf("English dates: %s entries, want 2", got)
			}
		})
		t.Run("ErrBadDate", func(t *testing.T) {
			// A field error at the field, the text as typed, nothing listed.
			for _, bad := range []string{"2024-13-01", "31.2.2024", "maaliskuu"} {
				p := a.get(t, "/admin/audit?entity=person&to=31.12.2024&from="+url.QueryEscape(bad))
				wantStatus(t, p, http.StatusUnprocessableEntity)
				wantText(t, p, `id="f-from-error">`+fiMsg("error.date"), `name="from" value="`+bad+`"`, `aria-invalid="true"`,
					`name="to" value="31.12.2024"`, `<option value="person" selected>`, `href="#f-from"`)
				if strings.Contains(p.Body, `<td class="diff">`) {
					t.Errorf("from=%s: entries listed under a wrong filter", bad)
				}
			}
			wantStatus(t, a.do(t, http.MethodGet, "/api/v1/audit?from=2024-13-01", nil), http.StatusBadRequest)
		})
	})
}

func TestAuditCSV(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newAuthApp(t, engine, authOptions{})
		// An editor whose name a spreadsheet would take for a formula.
		w := newAuditWorld(t, a, `=HYPERLINK("http://evil.example","Klikkaa")`)
		w.editInUI(t, a.signIn(t, w.office.Email, authPassword), "Palomuuri; ”lainattu” ja rivi")
		w.editInAPI(t, a, "@SUM(1+1)")

		p := a.get(t, "/admin/audit?entity=project&format=csv")
		wantStatus(t, p, http.StatusOK)
		if ct := p.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
			t.Errorf("Content-Type %q", ct)
		}
		if cd := p.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, ".csv") {
			t.Errorf("Content-Disposition %q", cd)
		}
		body, ok := strings.CutPrefix(p.Body, "\ufeff")
		if !ok {
			t.Fatalf("no byte-order mark: %q", p.Body[:min(20, len(p.Body))])
		}
		r := csv.NewReader(strings.NewReader(body))
		r.Comma = ';'
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatalf("not a semicolon CSV: %v\n%s", err, body)
		}
		if want := []string{fiMsg("audit.at"), fiMsg("audit.actor"), fiMsg("audit.action"), fiMsg("audit.entity"), fiMsg("audit.entity_id"), fiMsg("audit.subject"), fiMsg("audit.change")}; strings.Join(rows[0], "|") != strings.Join(want, "|") {
			t.Errorf("header %q, want %q", rows[0], want)
		}
		rows = rows[1:]
		if len(rows) != 3 {
			t.Fatalf("%d rows, want the project's create and two updates:\n%s", len(rows), body)
		}
		if got := rows[1][1]; got != `'=HYPERLINK("http://evil.example","Klikkaa")` {
			t.Errorf("actor cell %q, want it neutralised with a leading '", got)
		}
		for i, row := range rows {
			if len(row) != 7 {
				t.Fatalf("row %d has %d cells", i, len(row))
			}
			if row[3] != fiMsg("entity.project") || row[4] != id(w.project.ID) {
				t.Errorf("row %d: %q #%q, want %s #%d", i, row[3], row[4], fiMsg("entity.project"), w.project.ID)
			}
			// Times, actions and records as the page writes them.
			if !regexp.MustCompile(`^\d{1,2}\.\d{1,2}\.\d{4} klo \d{1,2}\.\d{2}$`).MatchString(row[0]) {
				t.Errorf("row %d: time %q, want it the Finnish way", i, row[0])
			}
			if want := fiMsg("action_log." + []string{"update", "update", "create"}[i]); row[2] != want {
				t.Errorf("row %d: action %q, want %q", i, row[2], want)
			}
			for j, cell := range row {
				if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
					t.Errorf("row %d cell %d starts a formula: %q", i, j, cell)
				}
			}
		}
		if got, want := rows[0][6], fiMsg("field.name")+": Palomuuri; ”lainattu” ja rivi → @SUM(1+1)"; got != want {
			t.Errorf("change of the API edit %q, want %q", got, want)
		}
		if got, want := rows[1][6], fiMsg("field.name")+": Palomuuri → Palomuuri; ”lainattu” ja rivi"; got != want {
			t.Errorf("change of the UI edit %q, want %q", got, want)
		}
		if got := rows[2][1]; got != fiMsg("audit.system") {
			t.Errorf("the system's actor cell %q, want %q", got, fiMsg("audit.system"))
		}
		if got := rows[0][5]; got != w.project.Code+" @SUM(1+1)" {
			t.Errorf("subject %q", got)
		}
		// The same rows in English, by the user's language.
		en := a.get(t, "/admin/audit?entity=project&format=csv", "Accept-Language: en")
		if want := "\ufeff" + apiCatalog.T("en", "audit.at") + ";" + apiCatalog.T("en", "audit.actor") + ";"; !strings.HasPrefix(en.Body, want) {
			t.Errorf("English CSV starts %q, want %q", en.Body[:min(40, len(en.Body))], want)
		}
	})
}

// TestAuditAppendOnly: no route changes the log; each audit path answers
// only GET (and HEAD).
func TestAuditAppendOnly(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newAuthApp(t, engine, authOptions{})
		w := newAuditWorld(t, a, "Paula Projektitoimisto")
		admin, err := a.db.CreateToken(salkku.System(context.Background()), &salkku.APIToken{UserID: a.admin.ID, Name: "ylläpito"})
		must(t, err)
		count := func() int {
			t.Helper()
			_, n, err := a.db.FindAudit(salkku.System(context.Background()), salkku.AuditFilter{Count: true})
			must(t, err)
			return n
		}
		before := count()
		entries := auditItems(t, a.bearerJSON(t, http.MethodGet, "/api/v1/audit?limit=500", admin, nil))
		first := entries[len(entries)-1]
		pages := []string{"/admin/audit", "/projects/" + id(w.project.ID) + "/history", "/admin/audit/" + id(first.ID)}
		apis := []string{"/api/v1/audit", "/api/v1/projects/" + id(w.project.ID) + "/audit"}
		body := `{"action":"delete","entity":"project"}`
		for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
			for _, path := range pages {
				// As the admin with a valid CSRF token, so that only the
				// route can refuse.
				p := a.do(t, method, path, strings.NewReader("action=delete&id="+id(first.ID)))
				if p.Status != http.StatusNotFound && p.Status != http.StatusMethodNotAllowed {
					t.Errorf("%s %s: %d, want 404 or 405", method, path, p.Status)
				}
			}
			if p := a.bearerJSON(t, method, "/api/v1/audit/"+id(first.ID), admin, json.RawMessage(body)); p.Status != http.StatusNotFound {
				t.Errorf("%s /api/v1/audit/%d: %d, want 404", method, first.ID, p.Status)
			}
			for _, path := range apis {
				p := a.bearerJSON(t, method, path, admin, json.RawMessage(body))
				wantStatus(t, p, http.StatusMethodNotAllowed)
				if got := p.Header.Get("Allow"); got != "GET, HEAD" {
					t.Errorf("%s %s: Allow %q, want GET, HEAD", method, path, got)
				}
			}
		}
		if after := count(); after != before {
			t.Errorf("the log had %d entries, now %d", before, after)
		}
		again := auditItems(t, a.bearerJSON(t, http.MethodGet, "/api/v1/audit?limit=500", admin, nil))
		if got := again[len(again)-1]; got.ID != first.ID || got.After != first.After || got.ActorName != first.ActorName {
			t.Errorf("the first entry changed: %+v, was %+v", got, first)
		}
	})
}
