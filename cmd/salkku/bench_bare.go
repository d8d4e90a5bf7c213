package main

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/internal/bench"
	"github.com/salkku/salkku/sqldb"
	"github.com/salkku/salkku/web"
	"github.com/salkku/salkku/web/api"
	"github.com/salkku/salkku/web/ui"
)

// Ratio (a) of issue 12, closeness to the limit: each API read is
// measured against a bare handler in the same process, on the same
// database pool, that runs the best query for that view (the index of the
// default order, the kept counts, the roll-up tables) and writes the same
// JSON, with nothing around it: no session or token, no access check, no
// logging, no security headers, no transaction. The bare handlers serve
// the API's own paths on a second loopback listener, so that their bodies
// can be compared with the real ones byte for byte.

// benchBareCases are the cases measured against a bare handler: the API
// reads, the overview, the project page and the home page.
var benchBareCases = []string{benchAPIList, benchAPIGet, benchAPIMe, benchAPIRollup,
	benchOverview, benchOverviewCat, benchOverviewSearch, benchOverviewDeep, benchProjectPage, benchHomePage}

// bareSuffix names a bare handler's row after its real case.
const bareSuffix = ", bare handler"

// bareServer serves the bare handlers.
type bareServer struct {
	db       *sql.DB
	postgres bool
	admin    int64 // the user GET /me answers for
	meter    *queryMeter
	server   *http.Server
	base     string

	// The pages' bare handlers render with ui, as the admin auth, read
	// once at start; the home page's reports due are read by store.
	ui    ui.Server
	auth  *web.AuthInfo
	user  *salkku.User
	store *sqldb.DB
	// models are the decoded model versions of the project page.
	modelsMu sync.Mutex
	models   map[bareModelKey]*salkku.Model
}

// startBare serves the bare handlers of m's running server on a new
// loopback listener, over the same database pool, as the user admin.
func startBare(ctx context.Context, m *Main, admin int64) (*bareServer, error) {
	sys := salkku.System(ctx)
	u, err := m.DB.FindUserByID(sys, admin)
	if err != nil {
		return nil, fmt.Errorf("bench: bare handlers: %w", err)
	}
	access, err := m.DB.FindAccess(sys, admin)
	if err != nil {
		return nil, fmt.Errorf("bench: bare handlers: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("bench: bare handlers: %w", err)
	}
	b := &bareServer{db: sqldb.RawPool(m.DB), postgres: m.DB.Dialect() == "postgres", admin: admin, meter: &queryMeter{}, base: "http://" + ln.Addr().String(),
		ui: ui.Server{Server: m.web}, auth: &web.AuthInfo{User: u, Access: access}, user: u, store: m.DB, models: map[bareModelKey]*salkku.Model{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /portfolios/{id}", b.overview)
	mux.HandleFunc("GET /{$}", b.home)
	mux.HandleFunc("GET /projects/{id}", b.projectPage)
	mux.HandleFunc("GET /api/v1/projects", b.list)
	mux.HandleFunc("GET /api/v1/projects/{id}", b.project)
	mux.HandleFunc("GET /api/v1/me", b.me)
	mux.HandleFunc("GET /api/v1/portfolios/{id}/finance", b.rollup)
	b.server = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b.meter.requests.Add(1)
		mux.ServeHTTP(w, r)
	})}
	go b.server.Serve(ln)
	return b, nil
}

func (b *bareServer) close() error { return b.server.Close() }

// asAdmin is ctx as the sign-in middleware would leave it for the admin.
func (b *bareServer) asAdmin(ctx context.Context) context.Context { return web.WithAuth(ctx, b.auth) }

// bareCases are the bare handlers' cases, by the name of the real case
// each is measured against; the paths are the real cases'.
func (b *bareServer) cases(hc *http.Client, t benchTarget) map[string]bench.Case {
	get := func(name string, path func(i int) string) bench.Case {
		return bench.Case{Name: name + bareSuffix, Do: func(ctx context.Context, _, i int) error {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.base+path(i), nil)
			if err != nil {
				return err
			}
			err = bench.Read(hc, req)
			return err
		}}
	}
	fixed := func(p string) func(int) string { return func(int) string { return p } }
	pf := "/portfolios/" + strconv.FormatInt(t.portfolio, 10)
	return map[string]bench.Case{
		benchAPIList: get(benchAPIList, fixed("/api/v1/projects?limit=50")),
		benchAPIGet: get(benchAPIGet, func(i int) string {
			return "/api/v1/projects/" + strconv.FormatInt(t.projects[i%len(t.projects)], 10)
		}),
		benchAPIMe:          get(benchAPIMe, fixed("/api/v1/me")),
		benchOverview:       get(benchOverview, fixed(pf)),
		benchOverviewCat:    get(benchOverviewCat, fixed(pf+"?category="+strconv.FormatInt(t.category, 10))),
		benchOverviewSearch: get(benchOverviewSearch, fixed(pf+"?q="+t.word)),
		benchOverviewDeep:   get(benchOverviewDeep, fixed(pf+"?page="+strconv.Itoa(t.lastPage))),
		benchHomePage:       get(benchHomePage, fixed("/")),
		benchProjectPage: get(benchProjectPage, func(i int) string {
			return "/projects/" + strconv.FormatInt(t.projects[i%len(t.projects)], 10)
		}),
		benchAPIRollup: get(benchAPIRollup, fixed("/api/v1/portfolios/"+strconv.FormatInt(t.root, 10)+"/finance")),
	}
}

// rebind writes the ? placeholders of q as PostgreSQL's $1, $2, … when
// postgres is set; the bare queries have no ? inside a literal.
func rebind(postgres bool, q string) string {
	if !postgres || !strings.Contains(q, "?") {
		return q
	}
	var sb strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			sb.WriteString("$" + strconv.Itoa(n))
			continue
		}
		sb.WriteRune(r)
	}
	return sb.String()
}

func (b *bareServer) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	b.meter.statements.Add(1)
	return b.db.QueryContext(ctx, rebind(b.postgres, q), args...)
}

func (b *bareServer) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	b.meter.statements.Add(1)
	return b.db.QueryRowContext(ctx, rebind(b.postgres, q), args...)
}

func bareError(w http.ResponseWriter, err error) {
	status := http.StatusInternalServerError
	if errors.Is(err, sql.ErrNoRows) {
		status = http.StatusNotFound
	}
	http.Error(w, err.Error(), status)
}

func nullID(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	v := n.Int64
	return &v
}

// bareTexts collects the texts a response needs, to read them in one
// query.
type bareTexts struct {
	want map[bareTextKey][]*salkku.Text
	ids  map[string][]int64 // by entity, in the order first asked
	// more marks the records asked for a field other than the name.
	more map[bareTextKey]bool
}

type bareTextKey struct {
	entity string
	id     int64
	field  string
}

func (t *bareTexts) add(entity string, id int64, field string, into *salkku.Text) {
	if t.want == nil {
		t.want, t.ids, t.more = map[bareTextKey][]*salkku.Text{}, map[string][]int64{}, map[bareTextKey]bool{}
	}
	if field != "name" {
		t.more[bareTextKey{entity, id, ""}] = true
	}
	k := bareTextKey{entity, id, field}
	if _, seen := t.want[bareTextKey{entity, id, ""}]; !seen {
		t.want[bareTextKey{entity, id, ""}] = nil
		t.ids[entity] = append(t.ids[entity], id)
	}
	t.want[k] = append(t.want[k], into)
}

// textEntities are the entities a bare response reads texts of, in the
// order of the query's conditions.
var textEntities = []string{"project", "portfolio", "category", "organisation", "work_package"}

// fill reads every text asked for in one query: IN lists per entity, on
// the texts table's primary key, of the names alone where no other field
// is asked for.
func (b *bareServer) fill(ctx context.Context, t *bareTexts) error {
	var conds []string
	var args []any
	for _, e := range textEntities {
		var names, all []int64
		for _, id := range t.ids[e] {
			if t.more[bareTextKey{e, id, ""}] {
				all = append(all, id)
			} else {
				names = append(names, id)
			}
		}
		for _, l := range []struct {
			ids   []int64
			field string
		}{{names, " AND field = 'name'"}, {all, ""}} {
			if len(l.ids) == 0 {
				continue
			}
			conds = append(conds, "(entity = ? AND entity_id IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(l.ids)), ", ")+")"+l.field+")")
			args = append(args, e)
			for _, id := range l.ids {
				args = append(args, id)
			}
		}
	}
	if len(conds) == 0 {
		return nil
	}
	rows, err := b.query(ctx, `SELECT entity, entity_id, field, lang, value FROM texts WHERE `+strings.Join(conds, " OR "), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k bareTextKey
		var lang, value string
		if err := rows.Scan(&k.entity, &k.id, &k.field, &lang, &value); err != nil {
			return err
		}
		for _, into := range t.want[k] {
			into.Set(lang, value)
		}
	}
	return rows.Err()
}

// fillAfter closes rows, read to their end, and then fills t.
func (b *bareServer) fillAfter(ctx context.Context, rows *sql.Rows, t *bareTexts) error {
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	return b.fill(ctx, t)
}

// list is the API's project list: the first page in the default order,
// which the index on (cat_rank, code_sort, id) gives, each project's kept
// JSON (project_items, migration 0017), and the total from the kept
// counts.
func (b *bareServer) list(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	limit := salkku.DefaultPageSize
	if s := r.URL.Query().Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > salkku.MaxPageSize {
			http.Error(w, "limit", http.StatusBadRequest)
			return
		}
		limit = n
	}
	rows, err := b.query(ctx, `SELECT p.id, p.cat_rank, p.code_sort, i.json FROM projects p JOIN project_items i ON i.id = p.id
		ORDER BY p.cat_rank, p.code_sort, p.id LIMIT `+strconv.Itoa(limit+1))
	if err != nil {
		bareError(w, err)
		return
	}
	var items []json.RawMessage
	var tail api.ProjectListTail
	var rank, lastRank, id, lastID int64
	var codeSort, lastCode string
	for rows.Next() {
		var item []byte
		if err := rows.Scan(&id, &rank, &codeSort, &item); err != nil {
			rows.Close()
			bareError(w, err)
			return
		}
		if len(items) == limit {
			c := bareCursor(lastRank, lastCode, lastID)
			q := url.Values{}
			for k, v := range r.URL.Query() {
				q[k] = v
			}
			q.Set("after", c)
			next := r.URL.Path + "?" + q.Encode()
			tail.Next, tail.NextURL = &c, &next
			break
		}
		if item == nil {
			rows.Close()
			bareError(w, fmt.Errorf("project %d: its item is being rebuilt", id))
			return
		}
		items, lastRank, lastCode, lastID = append(items, item), rank, codeSort, id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		bareError(w, err)
		return
	}
	if err := b.queryRow(ctx, `SELECT COALESCE(SUM(n), 0) FROM project_totals`).Scan(&tail.Total); err != nil {
		bareError(w, err)
		return
	}
	api.WriteProjectList(w, items, tail)
}

// bareCursor is the API's keyset cursor of a project: its place in the
// default order, as JSON in unpadded base64url.
func bareCursor(rank int64, codeSort string, id int64) string {
	b, _ := json.Marshal(struct {
		Rank int64  `json:"r"`
		Code string `json:"c"`
		ID   int64  `json:"i"`
	}{rank, codeSort, id})
	return base64.RawURLEncoding.EncodeToString(b)
}

// project is GET /projects/{id}: the kept JSON by its key.
func (b *bareServer) project(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		http.Error(w, "id", http.StatusBadRequest)
		return
	}
	var version int
	var item []byte
	if err := b.queryRow(r.Context(), `SELECT p.version, i.json FROM projects p JOIN project_items i ON i.id = p.id WHERE p.id = ?`, id).
		Scan(&version, &item); err != nil {
		bareError(w, err)
		return
	}
	if item == nil {
		bareError(w, fmt.Errorf("project %d: its item is being rebuilt", id))
		return
	}
	w.Header().Set("ETag", web.ETag(version))
	web.WriteRawJSON(w, http.StatusOK, item)
}

// me is GET /me: the user's row by its key and their grants.
func (b *bareServer) me(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var u salkku.User
	var last sql.NullTime
	var person sql.NullInt64
	err := b.queryRow(ctx, `SELECT id, version, created_at, updated_at, email, name, admin, disabled, password_hash <> '', oidc_subject IS NOT NULL,
		last_login_at, person_id, language FROM users WHERE id = ?`, b.admin).
		Scan(&u.ID, &u.Version, &u.CreatedAt, &u.UpdatedAt, &u.Email, &u.Name, &u.Admin, &u.Disabled, &u.HasPassword, &u.SSO, &last, &person, &u.Language)
	if err != nil {
		bareError(w, err)
		return
	}
	u.PersonID = nullID(person)
	if last.Valid {
		t := last.Time.UTC()
		u.LastLoginAt = &t
	}
	// The grants, with their targets' codes and languages, then the
	// targets' names.
	rows, err := b.query(ctx, `SELECT g.id, g.user_id, g.role, g.portfolio_id, g.project_id, g.created_at,
		COALESCE(p.code, ''), COALESCE(o.primary_lang, po.primary_lang, 'fi')
		FROM grants g
		LEFT JOIN portfolios pf ON pf.id = g.portfolio_id
		LEFT JOIN organisations o ON o.id = pf.organisation_id
		LEFT JOIN projects p ON p.id = g.project_id
		LEFT JOIN portfolios ppf ON ppf.id = p.portfolio_id
		LEFT JOIN organisations po ON po.id = ppf.organisation_id
		WHERE g.user_id = ? ORDER BY g.id`, u.ID)
	if err != nil {
		bareError(w, err)
		return
	}
	grants := []*salkku.Grant{}
	var texts bareTexts
	for rows.Next() {
		g := &salkku.Grant{UserName: u.Name}
		var pf, p sql.NullInt64
		if err := rows.Scan(&g.ID, &g.UserID, &g.Role, &pf, &p, &g.CreatedAt, &g.TargetCode, &g.Target.Primary); err != nil {
			rows.Close()
			bareError(w, err)
			return
		}
		g.PortfolioID, g.ProjectID = nullID(pf), nullID(p)
		switch {
		case g.ProjectID != nil:
			texts.add("project", *g.ProjectID, "name", &g.Target)
		case g.PortfolioID != nil:
			texts.add("portfolio", *g.PortfolioID, "name", &g.Target)
		}
		grants = append(grants, g)
	}
	if err := b.fillAfter(ctx, rows, &texts); err != nil {
		bareError(w, err)
		return
	}
	for _, g := range grants {
		// In the reader's language: the bench's clients ask for none, so
		// the default, Finnish.
		name, _ := g.Target.In(salkku.LangFI)
		g.TargetName = strings.TrimSpace(g.TargetCode + " " + name)
	}
	web.WriteJSON(w, http.StatusOK, struct {
		User   *salkku.User    `json:"user"`
		Grants []*salkku.Grant `json:"grants"`
	}{&u, grants})
}

// rollup is GET /portfolios/{id}/finance: the organisation's cost
// categories with the portfolio's kept totals in one query, its
// sub-portfolios' totals, the first page of its own projects by code with
// theirs, and the names of both.
func (b *bareServer) rollup(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		http.Error(w, "id", http.StatusBadRequest)
		return
	}
	limit := salkku.DefaultPageSize
	res := &salkku.PortfolioFinance{PortfolioID: id, Children: []salkku.FinanceRow{}, Projects: []salkku.FinanceRow{}}
	res.FollowUp.Lines = []salkku.FinanceLine{}
	rows, err := b.query(ctx, `SELECT c.id, c.name, o.primary_lang, COALESCE(f.budget, 0), COALESCE(f.original, 0), COALESCE(f.actual, 0), COALESCE(f.forecast, 0)
		FROM portfolios pf JOIN organisations o ON o.id = pf.organisation_id
		JOIN cost_categories c ON c.organisation_id = pf.organisation_id
		LEFT JOIN portfolio_finance f ON f.portfolio_id = pf.id AND f.category_id = c.id
		WHERE pf.id = ? ORDER BY c.position, c.id`, id)
	if err != nil {
		bareError(w, err)
		return
	}
	for rows.Next() {
		var l salkku.FinanceLine
		var name, primary string
		if err := rows.Scan(&l.CategoryID, &name, &primary, &l.Budget, &l.Original, &l.Actual, &l.Forecast); err != nil {
			rows.Close()
			bareError(w, err)
			return
		}
		_ = json.Unmarshal([]byte(name), &l.Name)
		l.Name = l.Name.Resolve(primary)
		l.Name.Primary = primary
		res.FollowUp.Lines = append(res.FollowUp.Lines, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		bareError(w, err)
		return
	}
	res.FollowUp.Sum()

	scanRows := func(into *[]salkku.FinanceRow, withCode bool, q string, args ...any) error {
		rows, err := b.query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var fr salkku.FinanceRow
			dest := []any{&fr.ID, &fr.Total.Budget, &fr.Total.Original, &fr.Total.Actual, &fr.Total.Forecast}
			if withCode {
				dest = append([]any{&fr.ID, &fr.Code}, dest[1:]...)
			}
			if err := rows.Scan(dest...); err != nil {
				return err
			}
			*into = append(*into, fr)
		}
		return rows.Err()
	}
	err = scanRows(&res.Children, false, `SELECT c.id, COALESCE(SUM(f.budget), 0), COALESCE(SUM(f.original), 0), COALESCE(SUM(f.actual), 0), COALESCE(SUM(f.forecast), 0)
		FROM portfolios c LEFT JOIN portfolio_finance f ON f.portfolio_id = c.id WHERE c.parent_id = ? GROUP BY c.id ORDER BY c.id`, id)
	if err == nil {
		err = scanRows(&res.Projects, true, `SELECT p.id, p.code, COALESCE(SUM(t.budget), 0), COALESCE(SUM(t.original), 0), COALESCE(SUM(t.actual), 0), COALESCE(SUM(t.forecast), 0)
			FROM (SELECT id, code, code_sort FROM projects WHERE portfolio_id = ? ORDER BY code_sort, id LIMIT `+strconv.Itoa(limit+1)+`) p
			LEFT JOIN finance_totals t ON t.project_id = p.id GROUP BY p.id, p.code, p.code_sort ORDER BY p.code_sort, p.id`, id)
	}
	if err != nil {
		bareError(w, err)
		return
	}
	body := struct {
		*salkku.PortfolioFinance
		Next    *string `json:"next"`
		NextURL *string `json:"next_url"`
	}{PortfolioFinance: res}
	if len(res.Projects) > limit {
		res.Projects = res.Projects[:limit]
		next := strconv.FormatInt(res.Projects[limit-1].ID, 10)
		u := r.URL.Path + "?" + url.Values{"after": {next}}.Encode()
		body.Next, body.NextURL = &next, &u
	}
	var texts bareTexts
	for i := range res.Children {
		texts.add("portfolio", res.Children[i].ID, "name", &res.Children[i].Name)
	}
	for i := range res.Projects {
		texts.add("project", res.Projects[i].ID, "name", &res.Projects[i].Name)
	}
	if err := b.fill(ctx, &texts); err != nil {
		bareError(w, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, body)
}
