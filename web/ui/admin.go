package ui

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/salkku/salkku/web"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/i18n"
)

type usersPage struct {
	web.Base
	Users []*salkku.User
	Q     string
	Pager pager
}

// handleAdminUsers lists the users (admins only).
func (s *Server) handleAdminUsers(w http.ResponseWriter, r *http.Request) {
	if !s.Allowed(w, r, web.AccessOf(r).CanAdminister()) {
		return
	}
	b := s.NewBase(r, s.Catalog.T(web.Lang(r), "admin.users"))
	b.NavIndex, b.Flash = "admin", s.TakeFlash(w, r)
	page := usersPage{Base: b, Q: strings.TrimSpace(r.URL.Query().Get("q")), Pager: newPager(r.URL.Query(), salkku.DefaultPageSize)}
	err := page.Pager.load(func(pg salkku.Page) (total int, err error) {
		page.Users, total, err = s.Users.FindUsers(r.Context(), salkku.UserFilter{Query: page.Q, Page: pg})
		return total, err
	})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "admin_users", page)
}

type userForm struct {
	Version         int
	Email, Name     string
	Admin, Disabled bool
}

type userPage struct {
	web.Base
	Editing *salkku.User
	Form    userForm
	Grants  []*salkku.Grant
	// Managed are the project-manager roles from projects' manager field;
	// Person is the user's own person record.
	Managed []*salkku.Grant
	Person  *salkku.Person
	Roles   []web.Option
	// Pickers pick a new role's portfolio_id or project_id.
	Pickers map[string]Picker
}

// grantPickers pick the portfolio or the project of a role granted.
var grantPickers = []pickField{{name: "portfolio_id", kind: portfolioKind}, {name: "project_id", kind: projectKind}}

// BoolString writes a checkbox value for F.
func (userPage) BoolString(b bool) string { return strconv.FormatBool(b) }

// handleAdminUser creates or edits a user and manages their roles.
func (s *Server) handleAdminUser(w http.ResponseWriter, r *http.Request) {
	if !s.Allowed(w, r, web.AccessOf(r).CanAdminister()) {
		return
	}
	ctx := r.Context()
	var editing *salkku.User
	if r.PathValue("id") != "" {
		id, err := web.PathID(r, "id")
		if err == nil {
			editing, err = s.Users.FindUserByID(ctx, id)
		}
		if err != nil {
			s.Error(w, r, err)
			return
		}
	}
	b := s.NewBase(r, s.Catalog.T(web.Lang(r), "admin.user_new"))
	b.NavIndex, b.Flash = "admin", s.TakeFlash(w, r)
	b.Crumbs = []web.Crumb{{Label: b.T("admin.users"), URL: "/admin/users"}}
	page := userPage{Base: b, Editing: editing}
	if editing != nil {
		page.Title = editing.Name
		page.Form = userForm{Version: editing.Version, Email: editing.Email, Name: editing.Name, Admin: editing.Admin, Disabled: editing.Disabled}
	}
	page.Crumbs = append(page.Crumbs, web.Crumb{Label: page.Title})
	status := http.StatusOK
	var picks pickState
	if r.Method == http.MethodPost {
		var err error
		var to string
		switch r.PostFormValue("action") {
		case "grant":
			if editing == nil {
				s.Error(w, r, errNotFound)
				return
			}
			g := &salkku.Grant{UserID: editing.ID, Role: r.PostFormValue("role")}
			// The portfolio or project is picked by name: only the one
			// the role takes.
			target := grantPickers[0]
			if g.Role == salkku.RoleProjectManager {
				target = grantPickers[1]
			}
			var fe salkku.FieldErrors
			if picks, fe, err = s.resolvePickers(r, r.PostForm, target); err != nil {
				s.Error(w, r, err)
				return
			}
			if g.Role == salkku.RoleProjectManager {
				g.ProjectID = web.FormID(fe, "project_id", r.PostFormValue("project_id"))
			} else {
				g.PortfolioID = web.FormID(fe, "portfolio_id", r.PostFormValue("portfolio_id"))
			}
			if err = fe.Err(); err == nil {
				err = s.Users.CreateGrant(ctx, g)
			}
			to = "/admin/users/" + strconv.FormatInt(editing.ID, 10)
		case "revoke":
			if editing == nil {
				s.Error(w, r, errNotFound)
				return
			}
			var id int64
			if id, err = formInt64(r.PostFormValue("grant_id")); err == nil {
				if r.PostFormValue("confirmed") != "true" {
					s.confirmRevoke(w, r, b, editing, id)
					return
				}
				err = s.Users.DeleteGrant(ctx, id)
			}
			to = "/admin/users/" + strconv.FormatInt(editing.ID, 10)
		default:
			v, _ := strconv.Atoi(r.PostFormValue("version"))
			page.Form = userForm{Version: v, Email: r.PostFormValue("email"), Name: r.PostFormValue("name"),
				Admin: r.PostFormValue("admin") == "true", Disabled: r.PostFormValue("disabled") == "true"}
			u := &salkku.User{Meta: salkku.Meta{Version: v}, Email: page.Form.Email, Name: page.Form.Name, Admin: page.Form.Admin, Disabled: page.Form.Disabled}
			if editing != nil {
				u.ID = editing.ID
				if u.ID == web.AuthOf(r).User.ID && (!u.Admin || u.Disabled) {
					err = &salkku.Error{Code: salkku.EINVALID, Message: "error.own_admin", Fields: map[string]string{"admin": "error.own_admin"}}
				} else {
					err = s.Users.UpdateUser(ctx, u)
				}
			} else {
				pw := r.PostFormValue("password")
				err = s.Users.CreateUser(ctx, u, pw)
			}
			to = "/admin/users/" + strconv.FormatInt(u.ID, 10)
		}
		if err == nil {
			web.Redirect(w, r, to, "flash.saved")
			return
		}
		if c := salkku.ErrorCode(err); c != salkku.EINVALID && c != salkku.ECONFLICT && c != salkku.ENOTFOUND {
			s.Error(w, r, err)
			return
		}
		page.Errors = map[string]string{}
		page.Error = web.MergeErrors(page.Errors, err)
		status = http.StatusUnprocessableEntity
		if salkku.ErrorCode(err) == salkku.ECONFLICT {
			status = http.StatusConflict
		}
	}
	if editing != nil {
		var err error
		if page.Grants, err = s.Users.FindGrants(ctx, editing.ID); err != nil {
			s.Error(w, r, err)
			return
		}
		if page.Managed, page.Person, err = s.userPerson(r, editing); err != nil {
			s.Error(w, r, err)
			return
		}
		for _, role := range salkku.Roles {
			page.Roles = append(page.Roles, web.Option{Value: role, Label: b.T("role." + role), Selected: role == r.PostFormValue("role")})
		}
		chosen := map[string][]int64{}
		if r.PostFormValue("action") == "grant" {
			for _, f := range grantPickers {
				if id, err := strconv.ParseInt(r.PostFormValue(f.name), 10, 64); err == nil {
					chosen[f.name] = []int64{id}
				}
			}
		}
		if page.Pickers, err = s.pickers(r, page.Base, picks, chosen, grantPickers...); err != nil {
			s.Error(w, r, err)
			return
		}
	}
	s.Render(w, r, status, "admin_user", page)
}

type settingsPage struct {
	web.Base
	LocalLogin bool
	SSO        bool
	// A11y is the accessibility statement's form, as stored or as typed.
	A11y a11yForm
	// Statuses are the conformance statuses to choose from.
	Statuses []web.Option
}

// a11yForm is the accessibility statement's settings as the form shows
// them: dates as d.m.yyyy, texts by language.
type a11yForm struct {
	Made, Reviewed, Status                       string
	Issues, AuthorityName                        map[string]string
	AuthorityURL, AuthorityEmail, AuthorityPhone string
}

func newA11yForm(a salkku.AccessibilityStatement) a11yForm {
	f := a11yForm{Made: a.Made.Format("2.1.2006"), Reviewed: a.Reviewed.Format("2.1.2006"), Status: a.Status,
		Issues: map[string]string{}, AuthorityName: map[string]string{},
		AuthorityURL: a.AuthorityURL, AuthorityEmail: a.AuthorityEmail, AuthorityPhone: a.AuthorityPhone}
	for _, l := range salkku.ContentLangs {
		f.Issues[l], f.AuthorityName[l] = a.KnownIssues.Get(l), a.AuthorityName.Get(l)
	}
	return f
}

// readA11yForm reads the statement's form; dates that are not dates are
// field errors in fe.
func readA11yForm(r *http.Request, fe salkku.FieldErrors) (a11yForm, salkku.AccessibilityStatement) {
	f := a11yForm{Made: r.PostFormValue(salkku.SettingA11yMade), Reviewed: r.PostFormValue(salkku.SettingA11yReviewed),
		Status: r.PostFormValue(salkku.SettingA11yStatus), Issues: map[string]string{}, AuthorityName: map[string]string{},
		AuthorityURL: r.PostFormValue(salkku.SettingA11yAuthorityURL), AuthorityEmail: r.PostFormValue(salkku.SettingA11yAuthorityEmail),
		AuthorityPhone: r.PostFormValue(salkku.SettingA11yAuthorityPhone)}
	a := salkku.AccessibilityStatement{Status: f.Status, KnownIssues: salkku.Text{Primary: salkku.LangFI}, AuthorityName: salkku.Text{Primary: salkku.LangFI},
		AuthorityURL: f.AuthorityURL, AuthorityEmail: f.AuthorityEmail, AuthorityPhone: f.AuthorityPhone}
	for _, l := range salkku.ContentLangs {
		f.Issues[l] = r.PostFormValue(salkku.SettingA11yIssues + l)
		f.AuthorityName[l] = r.PostFormValue(salkku.SettingA11yAuthorityName + l)
		a.KnownIssues.Set(l, f.Issues[l])
		a.AuthorityName.Set(l, f.AuthorityName[l])
	}
	for _, d := range []struct {
		name, v string
		t       *time.Time
	}{{salkku.SettingA11yMade, f.Made, &a.Made}, {salkku.SettingA11yReviewed, f.Reviewed, &a.Reviewed}} {
		if strings.TrimSpace(d.v) == "" {
			continue // Validate says it is required
		}
		t, err := time.ParseInLocation("2.1.2006", strings.TrimSpace(d.v), time.UTC)
		if err != nil {
			fe.Add(d.name, "error.date")
			continue
		}
		*d.t = t
	}
	return f, a
}

// handleAdminSettings turns local passwords on or off and sets what the
// accessibility statement says.
func (s *Server) handleAdminSettings(w http.ResponseWriter, r *http.Request) {
	if !s.Allowed(w, r, web.AccessOf(r).CanAdminister()) {
		return
	}
	ctx := r.Context()
	b := s.NewBase(r, s.Catalog.T(web.Lang(r), "admin.settings"))
	b.NavIndex = "admin"
	b.Crumbs = []web.Crumb{{Label: b.T("admin.users"), URL: "/admin/users"}, {Label: b.Title}}
	page := settingsPage{Base: b, SSO: s.OIDC != nil}
	status := http.StatusOK
	if r.Method == http.MethodPost && r.PostFormValue("action") == "accessibility" {
		fe := salkku.InputErrors(ctx)
		var a salkku.AccessibilityStatement
		page.A11y, a = readA11yForm(r, fe)
		web.MergeValidate(fe, a.Validate())
		err := fe.Err()
		if err == nil {
			err = s.Users.SetSettings(ctx, a.Settings())
		}
		if err == nil {
			web.Redirect(w, r, "/admin/settings", "flash.saved")
			return
		}
		if salkku.ErrorCode(err) != salkku.EINVALID {
			s.Error(w, r, err)
			return
		}
		page.SetFormError(fe, err)
		status = http.StatusUnprocessableEntity
	} else if r.Method == http.MethodPost {
		v := "on"
		if r.PostFormValue("local_login") != "true" {
			v = "off"
		}
		if err := s.Users.SetSetting(ctx, salkku.SettingLocalLogin, v); err != nil {
			s.Error(w, r, err)
			return
		}
		web.Redirect(w, r, "/admin/settings", "flash.saved")
		return
	} else {
		a, err := s.accessibility(r)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		page.A11y = newA11yForm(a)
		page.Flash = s.TakeFlash(w, r)
	}
	v, err := s.Users.Setting(ctx, salkku.SettingLocalLogin)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	page.LocalLogin = v != "off"
	for _, c := range salkku.Conformances {
		page.Statuses = append(page.Statuses, web.Option{Value: c, Label: b.T("conformance." + c), Selected: c == page.A11y.Status})
	}
	s.Render(w, r, status, "admin_settings", page)
}

// BoolString writes a checkbox value for F.
func (settingsPage) BoolString(b bool) string { return strconv.FormatBool(b) }

// Languages of the statement's texts, for the form.
func (settingsPage) StatementLanguages() []string { return salkku.ContentLangs }

type auditPage struct {
	web.Base
	Project *salkku.Project
	// Deleted marks the history of a project that no longer exists.
	Deleted bool
	Entries []*salkku.AuditEntry
	Filter  url.Values
	// From and To are the date filters as shown: as typed when wrong,
	// else the language's way.
	From, To string
	// Newest, Newer and Older link to the pages around this one, "" when
	// there is none.
	Newest, Newer, Older string
}

// pageURL links to the log with the same filter and one paging cursor.
func (p auditPage) pageURL(key string, id int64) string {
	q := url.Values{}
	for k, v := range p.Filter {
		q[k] = v
	}
	q.Del("before")
	q.Del("after")
	if key != "" {
		q.Set(key, strconv.FormatInt(id, 10))
	}
	if len(q) == 0 {
		return p.Path
	}
	return "?" + q.Encode()
}

// historyProject is the project of a history page: as it is, or as it was
// when it was deleted. The store answers only whoever may see it (could,
// when it existed).
func (s *Server) historyProject(r *http.Request, id int64) (p *salkku.Project, deleted bool, err error) {
	p, err = s.Register.FindProjectByID(r.Context(), id)
	if salkku.ErrorCode(err) == salkku.ENOTFOUND {
		p, err = s.Users.FindDeletedProject(r.Context(), id)
		deleted = true
	}
	if err != nil {
		return nil, false, err
	}
	return p, deleted, nil
}

// handleAudit shows the audit log of the organisation (admins) or of one
// project (whoever may see the project, also once it is deleted);
// ?format=csv, kept for old links, exports it as CSV for a Finnish Excel
// (the page links to /admin/audit/export instead, lists_export.go). Pages go by entry id (?before=, ?after=), so a
// page costs the same however long the log grows.
func (s *Server) handleAudit(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var project *salkku.Project
	var deleted bool
	if r.PathValue("id") != "" {
		id, err := web.PathID(r, "id")
		if err == nil {
			project, deleted, err = s.historyProject(r, id)
		}
		if err != nil {
			s.Error(w, r, err)
			return
		}
	} else if !s.Allowed(w, r, web.AccessOf(r).CanAdminister()) {
		return
	}
	q := r.URL.Query()
	lang := web.Lang(r)
	f, ferr := web.AuditFilter(lang, q)
	if project != nil {
		f.ProjectID = &project.ID
	}
	b := s.NewBase(r, s.Catalog.T(lang, "audit.title"))
	b.NavIndex = "admin"
	if project != nil {
		b.NavIndex = "portfolios"
		pn, _ := project.Name.In(lang)
		name := project.Code + " " + pn
		b.Title = s.Catalog.T(lang, "audit.project_title", name)
		if deleted {
			b.Title = s.Catalog.T(lang, "audit.deleted_title", name)
		}
		b.Crumbs = append(projectCrumbs(b, project, !deleted), web.Crumb{Label: b.T("audit.title")})
	}
	if ferr == nil && q.Get("format") == "csv" {
		s.auditCSV(w, r, f, b)
		return
	}
	page := auditPage{Base: b, Project: project, Deleted: deleted, Filter: q, From: q.Get("from"), To: q.Get("to")}
	status := http.StatusOK
	if ferr != nil {
		// The filter comes back as typed, with what is wrong at its field.
		page.SetFormError(nil, ferr)
		status = http.StatusUnprocessableEntity
	} else {
		if !f.From.IsZero() {
			page.From = i18n.FormatDate(lang, f.From)
		}
		if !f.To.IsZero() {
			page.To = i18n.FormatDate(lang, f.To.AddDate(0, 0, -1))
		}
		// One entry more than a page tells whether there is another page
		// in the direction of travel.
		f.Page = salkku.Page{Limit: salkku.DefaultPageSize + 1}
		entries, _, err := s.Users.FindAudit(ctx, f)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		more := len(entries) > salkku.DefaultPageSize
		if more && f.After > 0 {
			entries = entries[1:]
		} else if more {
			entries = entries[:salkku.DefaultPageSize]
		}
		page.Entries = entries
		if f.Before > 0 || f.After > 0 {
			page.Newest = page.pageURL("", 0)
		}
		if n := len(entries); n > 0 {
			if f.Before > 0 || (f.After > 0 && more) {
				page.Newer = page.pageURL("after", entries[0].ID)
			}
			if f.After > 0 || more {
				page.Older = page.pageURL("before", entries[n-1].ID)
			}
		}
	}
	s.Render(w, r, status, "audit", page)
}

// AuditBatch is how many entries the export reads at a time; tests
// lower it to see the export page.
var AuditBatch = salkku.MaxPageSize

// auditCSV streams the whole filtered log as people read it (names, the
// page's language), a batch of rows at a time by entry id: one query per
// batch, and no count.
func (s *Server) auditCSV(w http.ResponseWriter, r *http.Request, f salkku.AuditFilter, b web.Base) {
	f.Page = salkku.Page{Limit: AuditBatch}
	f.After = 0
	entries, _, err := s.Users.FindAudit(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="salkku-audit.csv"`)
	w.Write([]byte("\ufeff")) // Excel reads UTF-8 only with a byte-order mark
	cw := csv.NewWriter(w)
	cw.Comma = ';' // what Excel expects in Finnish locales
	cw.Write([]string{b.T("audit.at"), b.T("audit.actor"), b.T("audit.action"), b.T("audit.entity"), b.T("audit.entity_id"),
		b.T("audit.subject"), b.T("audit.change")})
	for {
		for _, e := range entries {
			cw.Write([]string{b.DateTime(e.At), csvCell(b.AuditActor(e)), b.T("action_log." + e.Action), b.T("entity." + e.Entity),
				strconv.FormatInt(e.EntityID, 10), csvCell(b.AuditSubject(e)), csvCell(b.DiffText(e))})
		}
		cw.Flush()
		if len(entries) < f.Limit {
			return
		}
		f.Before = entries[len(entries)-1].ID
		if entries, _, err = s.Users.FindAudit(r.Context(), f); err != nil {
			s.Logger.Error("audit export", "err", err)
			return
		}
	}
}

// csvCell keeps a spreadsheet from reading a cell as a formula.
func csvCell(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}
