package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/sqldb"
	"github.com/salkku/salkku/web/ui"
)

// The bare handlers of the pages: each reads what its page shows with the
// fewest statements the schema allows (no transaction, the kept counts and
// items, the texts of every kind in one statement) and renders it with the
// page's own code (ui.RenderOverview, ui.RenderProject, ui.RenderHome), so that the
// template's cost is the same on both sides. They run as the bench's
// admin, whose user and access are read once at start.

// bareLangs decodes an organisation's languages as the store keeps them,
// "fi,sv" and "fi".
func bareLangs(used, required string) salkku.Languages {
	split := func(s string) []string {
		if s == "" {
			return nil
		}
		return strings.Split(s, ",")
	}
	return salkku.Languages{Used: split(used), Required: split(required)}.Normalize()
}

// bareSortKey is the collation key of an entity's name in the reader's
// language, or in the primary where it has none, as the pages sort by.
func bareSortKey(entity, idCol, primaryCol string) string {
	sub := func(lang string) string {
		return `(SELECT t.sort_key FROM texts t WHERE t.entity = '` + entity + `' AND t.entity_id = ` + idCol + ` AND t.field = 'name' AND t.lang = ` + lang + `)`
	}
	return `COALESCE(` + sub("?") + `, ` + sub(primaryCol) + `, '')`
}

// pageOf is the {id} of a page's path and r as the admin's; on a bad id
// it answers 400 and reports false.
func (b *bareServer) pageOf(w http.ResponseWriter, r *http.Request) (int64, *http.Request, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		http.Error(w, "id", http.StatusBadRequest)
		return 0, r, false
	}
	return id, r.WithContext(b.asAdmin(r.Context())), true
}

// overview is the portfolio overview, in its default order: the
// portfolio, its children, board and categories, a page of its projects'
// kept items, their total, and every name in one statement each.
func (b *bareServer) overview(w http.ResponseWriter, r *http.Request) {
	id, r, ok := b.pageOf(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	v := ui.NewOverviewView(r, id)
	f := v.Query
	if f.Sort != "" || f.Desc || f.Status != "" || f.Phase != "" || f.Tag != "" {
		http.Error(w, "the bare overview has only the default order, a category and a search", http.StatusBadRequest)
		return
	}
	pf := &salkku.Portfolio{Meta: salkku.Meta{ID: id}, BoardIDs: []int64{}}
	var parent int64
	var used, required string
	var hasParent bool
	err := b.queryRow(ctx, `SELECT pf.organisation_id, COALESCE(pf.parent_id, 0), pf.parent_id IS NOT NULL, o.languages, o.required_languages, COALESCE(ow.name, '')
		FROM portfolios pf JOIN organisations o ON o.id = pf.organisation_id LEFT JOIN people ow ON ow.id = pf.owner_id WHERE pf.id = ?`, id).
		Scan(&pf.OrganisationID, &parent, &hasParent, &used, &required, &pf.OwnerName)
	if err != nil {
		bareError(w, err)
		return
	}
	pf.ContentLangs = bareLangs(used, required)
	primary := pf.ContentLangs.Primary()
	for _, t := range []*salkku.Text{&pf.Name, &pf.Description, &pf.FollowUp, &pf.OrganisationName} {
		t.Primary = primary
	}
	var texts bareTexts
	texts.add("portfolio", id, "name", &pf.Name)
	texts.add("portfolio", id, "description", &pf.Description)
	texts.add("portfolio", id, "follow_up", &pf.FollowUp)
	texts.add("organisation", pf.OrganisationID, "name", &pf.OrganisationName)
	v.Portfolio = pf
	if hasParent {
		pf.ParentID = &parent
		v.Parent = &salkku.Portfolio{Meta: salkku.Meta{ID: parent}}
		v.Parent.Name.Primary = primary
		texts.add("portfolio", parent, "name", &v.Parent.Name)
	}

	// The children by name, the board by name, the categories by
	// position: one statement.
	lang := salkku.LangFrom(ctx)
	// The children's sort keys and the people's names sort in their own
	// columns: on PostgreSQL the keys are COLLATE "C" and the names are
	// not. The children are the first page of them, as on the page.
	rows, err := b.query(ctx, `SELECT * FROM (SELECT 1 AS kind, pf.id, 0 AS pos, `+bareSortKey("portfolio", "pf.id", "o.primary_lang")+` AS k, '' AS name, 0 AS chapter
			FROM portfolios pf JOIN organisations o ON o.id = pf.organisation_id WHERE pf.parent_id = ? ORDER BY 4, 2 LIMIT `+strconv.Itoa(salkku.DefaultPageSize)+`) c
		UNION ALL SELECT 2, p.id, 0, '', p.name, 0 FROM portfolio_board pb JOIN people p ON p.id = pb.person_id WHERE pb.portfolio_id = ?
		UNION ALL SELECT 3, c.id, c.position, '', '', c.chapter FROM categories c WHERE c.portfolio_id = ?
		ORDER BY 1, 3, 4, 5, 2`, lang, id, id, id)
	if err != nil {
		bareError(w, err)
		return
	}
	v.Categories = []*salkku.Category{}
	for rows.Next() {
		var kind, rid, pos, chapter int64
		var key, s string
		if err := rows.Scan(&kind, &rid, &pos, &key, &s, &chapter); err != nil {
			rows.Close()
			bareError(w, err)
			return
		}
		switch kind {
		case 1:
			c := &salkku.Portfolio{Meta: salkku.Meta{ID: rid}}
			c.Name.Primary = primary
			v.Children = append(v.Children, c)
		case 2:
			v.Board = append(v.Board, &salkku.Person{Meta: salkku.Meta{ID: rid}, Name: s})
		case 3:
			c := &salkku.Category{Meta: salkku.Meta{ID: rid}, PortfolioID: id, Position: int(pos), Chapter: int(chapter)}
			c.Name.Primary = primary
			v.Categories = append(v.Categories, c)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		bareError(w, err)
		return
	}
	for _, c := range v.Children {
		texts.add("portfolio", c.ID, "name", &c.Name)
	}
	for _, c := range v.Categories {
		texts.add("category", c.ID, "name", &c.Name)
	}
	for _, p := range v.Board {
		pf.BoardIDs = append(pf.BoardIDs, p.ID)
	}

	// A page of the projects in the index's order, with the
	// total: the kept count when the page is the whole portfolio's, else
	// a count over the portfolio's matching rows with the page.
	err = v.LoadProjects(func(f salkku.ProjectFilter) ([]*salkku.Project, int, error) {
		return b.overviewProjects(ctx, f, primary, &texts)
	})
	if err == nil {
		err = b.fill(ctx, &texts)
	}
	if err != nil {
		bareError(w, err)
		return
	}
	b.ui.RenderOverview(w, r, v)
}

// overviewProjects reads a page of projects with the columns the overview
// shows, in the order of the index on (portfolio_id, cat_rank, code_sort,
// id), and their names and their categories' names into texts.
func (b *bareServer) overviewProjects(ctx context.Context, f salkku.ProjectFilter, primary string, texts *bareTexts) ([]*salkku.Project, int, error) {
	cond, args := "p.portfolio_id = ?", []any{*f.PortfolioID}
	if f.CategoryID != nil {
		cond, args = cond+" AND p.category_id = ?", append(args, *f.CategoryID)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		q = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(strings.ToLower(q))
		cond, args = cond+` AND p.search_text LIKE ? ESCAPE '\'`, append(args, "%"+q+"%")
	}
	total := `(SELECT COALESCE(SUM(n), 0) FROM project_counts WHERE portfolio_id = ?)`
	totalArgs := []any{*f.PortfolioID}
	if f.CategoryID != nil || f.Query != "" {
		total, totalArgs = `COUNT(*) OVER ()`, nil
	}
	rows, err := b.query(ctx, `SELECT `+total+`, p.id, p.code, COALESCE(p.category_id, 0), p.mandatory, p.tags,
		COALESCE(p.start_month, 0), COALESCE(p.end_month, 0), p.continuous, p.status, COALESCE(m.name, ''), COALESCE(ow.name, '')
		FROM projects p LEFT JOIN people m ON m.id = p.manager_id LEFT JOIN people ow ON ow.id = p.owner_id
		WHERE `+cond+` ORDER BY p.cat_rank, p.code_sort, p.id LIMIT `+strconv.Itoa(f.Limit)+` OFFSET `+strconv.Itoa(f.Offset),
		append(totalArgs, args...)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*salkku.Project
	n := -1
	for rows.Next() {
		p := &salkku.Project{}
		var cat, start, end int64
		var tags string
		if err := rows.Scan(&n, &p.ID, &p.Code, &cat, &p.Mandatory, &tags, &start, &end, &p.Continuous, &p.Status, &p.ManagerName, &p.OwnerName); err != nil {
			return nil, 0, err
		}
		p.Start, p.End = salkku.Month(start), salkku.Month(end)
		if err := json.Unmarshal([]byte(tags), &p.Tags); err != nil {
			return nil, 0, err
		}
		p.Name.Primary, p.CategoryName.Primary = primary, primary
		texts.add("project", p.ID, "name", &p.Name)
		if cat != 0 {
			p.CategoryID = &cat
			texts.add("category", cat, "name", &p.CategoryName)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil || n >= 0 {
		return out, n, err
	}
	// A page past the end: the total alone.
	rows.Close()
	err = b.queryRow(ctx, `SELECT COUNT(*) FROM projects p WHERE `+cond, args...).Scan(&n)
	return out, n, err
}

// home is an administrator's home page: a page of organisations by name
// with their total, their portfolios with owners and kept counts (at most
// MaxPageSize, as on the page), the names of both in one statement, and
// the reports due of the projects the admin manages, read by the store as
// on the page (a bare query of the reporting cycles would be the store's
// own), which costs it a transaction of its own that the page shares.
func (b *bareServer) home(w http.ResponseWriter, r *http.Request) {
	r = r.WithContext(b.asAdmin(r.Context()))
	ctx := r.Context()
	lang := salkku.LangFrom(ctx)
	v := ui.NewHomeView(r)
	var texts bareTexts
	err := v.LoadOrganisations(func(pg salkku.Page) (orgs []*salkku.Organisation, pfs []*salkku.Portfolio, total int, err error) {
		texts = bareTexts{}
		rows, err := b.query(ctx, `SELECT o.id, o.primary_lang, COUNT(*) OVER () FROM organisations o ORDER BY `+
			bareSortKey("organisation", "o.id", "o.primary_lang")+`, o.id LIMIT `+strconv.Itoa(pg.Limit)+` OFFSET `+strconv.Itoa(pg.Offset), lang)
		if err != nil {
			return nil, nil, 0, err
		}
		var ids []string
		var args []any
		for rows.Next() {
			o := &salkku.Organisation{}
			if err := rows.Scan(&o.ID, &o.Name.Primary, &total); err != nil {
				rows.Close()
				return nil, nil, 0, err
			}
			orgs, ids, args = append(orgs, o), append(ids, "?"), append(args, o.ID)
			texts.add("organisation", o.ID, "name", &o.Name)
		}
		rows.Close()
		if err := rows.Err(); err != nil || len(orgs) == 0 {
			if err == nil && pg.Offset > 0 {
				err = b.queryRow(ctx, `SELECT COUNT(*) FROM organisations`).Scan(&total)
			}
			return orgs, nil, total, err
		}
		rows, err = b.query(ctx, `SELECT pf.id, pf.organisation_id, COALESCE(pf.parent_id, 0), pf.parent_id IS NOT NULL, COALESCE(ow.name, ''),
			COALESCE(pc.n, 0), o.primary_lang
			FROM portfolios pf JOIN organisations o ON o.id = pf.organisation_id
			LEFT JOIN people ow ON ow.id = pf.owner_id LEFT JOIN project_counts pc ON pc.portfolio_id = pf.id
			WHERE pf.organisation_id IN (`+strings.Join(ids, ", ")+`)
			ORDER BY `+bareSortKey("organisation", "o.id", "o.primary_lang")+`, o.id, `+bareSortKey("portfolio", "pf.id", "o.primary_lang")+`, pf.id
			LIMIT `+strconv.Itoa(salkku.MaxPageSize),
			append(args, lang, lang)...)
		if err != nil {
			return nil, nil, 0, err
		}
		defer rows.Close()
		for rows.Next() {
			p := &salkku.Portfolio{}
			var parent int64
			var hasParent bool
			if err := rows.Scan(&p.ID, &p.OrganisationID, &parent, &hasParent, &p.OwnerName, &p.ProjectCount, &p.Name.Primary); err != nil {
				return nil, nil, 0, err
			}
			if hasParent {
				p.ParentID = &parent
			}
			pfs = append(pfs, p)
			texts.add("portfolio", p.ID, "name", &p.Name)
		}
		return orgs, pfs, total, rows.Err()
	})
	if err == nil {
		err = b.fill(ctx, &texts)
	}
	if err == nil && b.user.PersonID != nil {
		v.Mine, err = b.store.FindReportsDue(ctx, salkku.DueFilter{PersonID: b.user.PersonID})
	}
	if err != nil {
		bareError(w, err)
		return
	}
	b.ui.RenderHome(w, r, v)
}

// projectPage is the project page: the project's kept item with its
// organisation's languages and its model's content in one statement (the
// model decoded once per version, as the store keeps it), its open gate
// request, its work packages with their responsible people, and the
// names in one statement.
func (b *bareServer) projectPage(w http.ResponseWriter, r *http.Request) {
	id, r, ok := b.pageOf(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	var item []byte
	var used, required, content string
	var modelVersion int
	p := &salkku.Project{}
	err := b.queryRow(ctx, `SELECT i.json, o.languages, o.required_languages, pf.organisation_id, lm.version, lm.content
		FROM projects p JOIN project_items i ON i.id = p.id JOIN portfolios pf ON pf.id = p.portfolio_id
		JOIN organisations o ON o.id = pf.organisation_id JOIN lifecycle_models lm ON lm.id = p.model_id WHERE p.id = ?`, id).
		Scan(&item, &used, &required, &p.OrganisationID, &modelVersion, &content)
	if err == nil && item == nil {
		err = fmt.Errorf("project %d: its item is being rebuilt", id)
	}
	if err != nil {
		bareError(w, err)
		return
	}
	p.ContentLangs = bareLangs(used, required)
	primary := p.ContentLangs.Primary()
	for _, t := range []*salkku.Text{&p.Name, &p.Description, &p.PortfolioName, &p.CategoryName, &p.OrganisationName} {
		t.Primary = primary
	}
	if err := json.Unmarshal(item, p); err != nil {
		bareError(w, err)
		return
	}
	g := &salkku.GateOutlook{Project: p, Position: salkku.Position{Phase: p.Phase, Gate: p.NextGate}}
	if g.Model, err = b.model(p.ModelID, modelVersion, primary, content); err != nil {
		bareError(w, err)
		return
	}

	var planned string
	req := &salkku.GateRequest{}
	err = b.queryRow(ctx, `SELECT gate, level, planned_for FROM gate_requests WHERE project_id = ? AND closed_at IS NULL`, id).
		Scan(&req.Gate, &req.Level, &planned)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		bareError(w, err)
		return
	default:
		req.PlannedFor, g.Request = salkku.Date(planned), req
	}

	// The work packages by position, each row with one of its
	// responsible people (in their order) or none.
	rows, err := b.query(ctx, `SELECT w.id, COALESCE(w.parent_id, 0), w.code, w.tags, COALESCE(pe.name, '')
		FROM work_packages w LEFT JOIN work_package_people wp ON wp.work_package_id = w.id LEFT JOIN people pe ON pe.id = wp.person_id
		WHERE w.project_id = ? ORDER BY w.position, w.id, wp.position`, id)
	if err != nil {
		bareError(w, err)
		return
	}
	var texts bareTexts
	texts.add("organisation", p.OrganisationID, "name", &p.OrganisationName)
	wps := []*salkku.WorkPackage{}
	for rows.Next() {
		var wid, parent int64
		var code, tags, person string
		if err := rows.Scan(&wid, &parent, &code, &tags, &person); err != nil {
			rows.Close()
			bareError(w, err)
			return
		}
		if n := len(wps); n == 0 || wps[n-1].ID != wid {
			wp := &salkku.WorkPackage{Meta: salkku.Meta{ID: wid}, ProjectID: id, Code: code}
			if parent != 0 {
				wp.ParentID = &parent
			}
			if err := json.Unmarshal([]byte(tags), &wp.Tags); err != nil {
				rows.Close()
				bareError(w, err)
				return
			}
			wp.Name.Primary, wp.Description.Primary = primary, primary
			texts.add("work_package", wid, "name", &wp.Name)
			texts.add("work_package", wid, "description", &wp.Description)
			wps = append(wps, wp)
		}
		if person != "" {
			last := wps[len(wps)-1]
			last.ResponsibleNames = append(last.ResponsibleNames, person)
		}
	}
	if err := b.fillAfter(ctx, rows, &texts); err != nil {
		bareError(w, err)
		return
	}
	b.ui.RenderProject(w, r, g, wps)
}

// model is a model version decoded from its stored content, once per id,
// version and primary language.
func (b *bareServer) model(id int64, version int, primary, content string) (*salkku.Model, error) {
	k := bareModelKey{id, version, primary}
	b.modelsMu.Lock()
	m := b.models[k]
	b.modelsMu.Unlock()
	if m != nil {
		return m, nil
	}
	m = &salkku.Model{Meta: salkku.Meta{ID: id, Version: version}}
	if err := sqldb.DecodeModel(content, primary, m); err != nil {
		return nil, err
	}
	b.modelsMu.Lock()
	b.models[k] = m
	b.modelsMu.Unlock()
	return m, nil
}

type bareModelKey struct {
	id      int64
	version int
	primary string
}
