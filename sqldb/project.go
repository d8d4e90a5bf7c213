package sqldb

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/salkku/salkku"
)

const projectSelect = `SELECT p.id, p.version, p.created_at, p.updated_at, p.portfolio_id, p.category_id,
	p.code, p.owner_id, p.manager_id, p.service_owner_id, p.vendors,
	p.start_month, p.end_month, p.continuous, p.mandatory, p.tags, p.status, COALESCE(p.model_id, 0), p.phase, p.next_gate,
	o.languages, o.required_languages, COALESCE(ow.name, ''), COALESCE(m.name, ''), COALESCE(so.name, ''), pf.organisation_id,
	p.cat_rank, p.code_sort, p.texts_json
	FROM projects p
	JOIN portfolios pf ON pf.id = p.portfolio_id
	JOIN organisations o ON o.id = pf.organisation_id
	LEFT JOIN people ow ON ow.id = p.owner_id
	LEFT JOIN people m ON m.id = p.manager_id
	LEFT JOIN people so ON so.id = p.service_owner_id`

// projectIDSelect selects the ids of projectSelect's rows, over its tables.
var projectIDSelect = "SELECT p.id" + projectFrom

// projectFrom is the FROM clause of projectSelect.
var projectFrom = " FROM" + strings.SplitN(projectSelect, "FROM", 2)[1]

// projectRow is a row of projectSelect being scanned, so that a query
// can select more columns around it.
type projectRow struct {
	p                                   salkku.Project
	cat, owner, manager, so, start, end sql.NullInt64
	vendors, tags, used, required       string
	// rank and codeSort are the keys of the keyset orders.
	rank     int64
	codeSort string
	// texts are the project's own texts, {`name.fi`: …} (migration 0016).
	texts string
}

func (r *projectRow) dest() []any {
	p := &r.p
	return []any{&p.ID, &p.Version, &p.CreatedAt, &p.UpdatedAt, &p.PortfolioID, &r.cat,
		&p.Code, &r.owner, &r.manager, &r.so, &r.vendors,
		&r.start, &r.end, &p.Continuous, &p.Mandatory, &r.tags, &p.Status, &p.ModelID, &p.Phase, &p.NextGate,
		&r.used, &r.required, &p.OwnerName, &p.ManagerName, &p.ServiceOwnerName, &p.OrganisationID,
		&r.rank, &r.codeSort, &r.texts}
}

func (r *projectRow) project() *salkku.Project {
	p := r.p
	p.ContentLangs = decodeLanguages(r.used, r.required)
	primary := p.ContentLangs.Primary()
	p.Name.Primary, p.Description.Primary, p.PortfolioName.Primary, p.CategoryName.Primary = primary, primary, primary, primary
	p.OrganisationName.Primary = primary
	p.CategoryID, p.OwnerID, p.ManagerID, p.ServiceOwnerID = idPtr(r.cat), idPtr(r.owner), idPtr(r.manager), idPtr(r.so)
	p.Start, p.End = salkku.Month(r.start.Int64), salkku.Month(r.end.Int64)
	p.Vendors, p.Tags = decodeList(r.vendors), decodeList(r.tags)
	var texts map[string]string
	_ = json.Unmarshal([]byte(r.texts), &texts) // written only by the triggers
	for k, v := range texts {
		field, lang, _ := strings.Cut(k, ".")
		switch field {
		case "name":
			p.Name.Set(lang, v)
		case "description":
			p.Description.Set(lang, v)
		}
	}
	return &p
}

func scanProject(sc interface{ Scan(...any) error }) (*salkku.Project, error) {
	p, _, err := scanProjectKeys(sc)
	return p, err
}

// scanProjectKeys scans a project and its keyset position.
func scanProjectKeys(sc interface{ Scan(...any) error }) (*salkku.Project, listKey, error) {
	var r projectRow
	if err := sc.Scan(r.dest()...); err != nil {
		return nil, listKey{}, err
	}
	p := r.project()
	return p, listKey{Rank: r.rank, Code: r.codeSort, ID: p.ID}, nil
}

// noCategoryRank is the cat_rank of a project with no category (see
// migration 0016), which sorts after every category.
const noCategoryRank = 2147483647

// listKey is a project's place in the keyset orders: its category's
// position and its code's sort key, then its id. A cursor is one,
// encoded.
type listKey struct {
	Rank int64  `json:"r"`
	Code string `json:"c"`
	ID   int64  `json:"i"`
}

func (k listKey) cursor() string {
	b, _ := json.Marshal(k)
	return base64.RawURLEncoding.EncodeToString(b)
}

func parseCursor(s string) (listKey, error) {
	var k listKey
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		err = json.Unmarshal(b, &k)
	}
	if err != nil || k.ID <= 0 {
		fe := salkku.FieldErrors{}
		fe.Add("after", "error.query_cursor")
		return listKey{}, fe.Err()
	}
	return k, nil
}

func encodeList(v []string) string {
	if len(v) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func decodeList(s string) []string {
	out := []string{}
	_ = json.Unmarshal([]byte(s), &out) // written only by encodeList
	return out
}

// projectSearchText is what the search box matches: the code, the name
// and description in every language, the vendors and the tags.
func projectSearchText(p *salkku.Project) string {
	return strings.ToLower(strings.Join([]string{p.Code, p.Name.Join(), p.Description.Join(), strings.Join(p.Vendors, " "), strings.Join(p.Tags, " ")}, " "))
}

// fillProjects reads the texts of projects, and the names of their
// portfolios and categories, in one query for each.
func (tx *Tx) fillProjects(ps ...*salkku.Project) error {
	r := textRefs{}
	for _, p := range ps {
		if p.Name.IsZero() {
			// Not read with its row (a project always has a name).
			r.add(textProject, p.ID, "name", &p.Name)
			r.add(textProject, p.ID, "description", &p.Description)
		}
		r.add(textPortfolio, p.PortfolioID, "name", &p.PortfolioName)
		r.add(textOrganisation, p.OrganisationID, "name", &p.OrganisationName)
		if p.CategoryID != nil {
			r.add(textCategory, *p.CategoryID, "name", &p.CategoryName)
		}
	}
	return tx.fillTexts(r)
}

func projectTexts(p *salkku.Project) []textField { return describedTexts(p.Name, p.Description) }

// projectTextsJSON is the texts_json of a project's texts as the triggers
// build it (each value keyed by its field and language, as projectRow
// reads it), but for its layout.
func projectTextsJSON(p *salkku.Project) string {
	m := map[string]string{}
	for _, f := range projectTexts(p) {
		for _, lang := range f.text.Langs() {
			m[f.field+"."+lang] = f.text.Get(lang)
		}
	}
	b, _ := json.Marshal(m) // a map of strings always encodes
	return string(b)
}

// projectOrder maps the sort keys of salkku.ProjectSorts to ORDER BY terms;
// unset values sort last either way.
var projectOrder = map[string]string{
	"":         "p.cat_rank %[1]s, p.code_sort %[1]s, p.id %[1]s",
	"code":     "p.code_sort %[1]s, p.id %[1]s",
	"name":     textOrder(textProject, "p.id", "name", "o.primary_lang") + " %[1]s",
	"category": "p.cat_rank %[1]s, p.code_sort %[1]s, p.id %[1]s",
	"start":    "(p.start_month IS NULL), p.start_month %[1]s, p.code_sort",
	"end":      "(p.end_month IS NULL AND NOT p.continuous), p.continuous, p.end_month %[1]s, p.code_sort",
	"status":   "p.status %[1]s, p.code_sort",
	"manager":  "(m.name IS NULL), LOWER(m.name) %[1]s, p.code_sort",
	"updated":  "p.updated_at %[1]s",
}

// FindProjectByID returns one project the caller may see.
func (d *DB) FindProjectByID(ctx context.Context, id int64) (*salkku.Project, error) {
	var p *salkku.Project
	err := d.read(ctx, func(tx *Tx) (err error) {
		p, err = tx.viewProject(id)
		return err
	})
	return p, err
}

func (tx *Tx) findProject(id int64) (*salkku.Project, error) {
	p, err := scanProject(tx.queryRow(projectSelect+` WHERE p.id = ?`, id))
	if err != nil {
		return nil, notFound(fmt.Errorf("sqldb: find project: %w", err))
	}
	return p, tx.fillProjects(p)
}

// FindProjects returns one page of the projects the caller may see,
// filtered and sorted in SQL.
func (d *DB) FindProjects(ctx context.Context, f salkku.ProjectFilter) ([]*salkku.Project, int, error) {
	if err := f.Validate(); err != nil {
		return nil, 0, err
	}
	f.Page = f.Page.Normalize()
	cond, args, order, orderArgs, err := d.projectQuery(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	page, pageArgs, err := projectPage(f, cond, args, order, orderArgs)
	if err != nil {
		return nil, 0, err
	}
	var out []*salkku.Project
	var total int
	err = d.read(ctx, func(tx *Tx) error {
		var err error
		if total, err = tx.countProjects(f, cond, args); err != nil {
			return err
		}
		rows, err := tx.query(page, pageArgs...)
		if err != nil {
			return fmt.Errorf("sqldb: find projects: %w", err)
		}
		defer rows.Close()
		var last listKey
		for rows.Next() {
			p, k, err := scanProjectKeys(rows)
			if err != nil {
				return fmt.Errorf("sqldb: find projects: %w", err)
			}
			if len(out) == f.Limit {
				if f.KeysetSort() {
					out[len(out)-1].Cursor = last.cursor()
				}
				break
			}
			out, last = append(out, p), k
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		return tx.fillProjects(out...)
	})
	return out, total, err
}

// projectPage is the statement of a page of FindProjects: the rows after
// the cursor or the offset, and one more, which says whether a next page
// starts.
func projectPage(f salkku.ProjectFilter, cond string, args []any, order string, orderArgs []any) (string, []any, error) {
	after, afterArgs, err := afterCursor(f)
	if err != nil {
		return "", nil, err
	}
	return projectSelect + ` WHERE ` + cond + after + ` ORDER BY ` + order + sqlLimitOffset(f.Limit+1, f.Offset),
		slices.Concat(args, afterArgs, orderArgs), nil
}

// countProjects counts the projects of a filter. Where the filter is no
// more than a portfolio, or nothing, for a caller who sees every project,
// the count is read from project_counts, which the triggers of migration
// 0016 keep, or for the whole register from project_totals (0018: sixteen
// rows, not a row per portfolio); a page of the register never counts it.
func (tx *Tx) countProjects(f salkku.ProjectFilter, cond string, args []any) (int, error) {
	q, qArgs := tx.countStatement(f, cond, args)
	return tx.count(q, qArgs...)
}

// countStatement is countProjects' statement.
func (tx *Tx) countStatement(f salkku.ProjectFilter, cond string, args []any) (string, []any) {
	plain := f.ID == nil && len(f.IDs) == 0 && f.CategoryID == nil && f.Status == "" && f.Phase == "" &&
		f.Tag == "" && strings.TrimSpace(f.Query) == "" && tx.access().Visibility() == nil
	switch {
	case plain && f.PortfolioID != nil:
		return `SELECT COALESCE(SUM(n), 0) FROM project_counts WHERE portfolio_id = ?`, []any{*f.PortfolioID}
	case plain:
		return `SELECT COALESCE(SUM(n), 0) FROM project_totals`, nil
	}
	return `SELECT COUNT(*) FROM projects p WHERE ` + cond, args
}

// EachProject reads every project FindProjects would list, page or not,
// in its order, in one read-only transaction: the ids first (a few bytes
// each), then the projects a batch of salkku.MaxPageSize at a time, each
// handed to fn before the next is read. An export of a register of any
// size holds one batch, and reads one consistent state.
func (d *DB) EachProject(ctx context.Context, f salkku.ProjectFilter, fn func(batch []*salkku.Project, total int) error) error {
	if err := f.Validate(); err != nil {
		return err
	}
	cond, args, order, orderArgs, err := d.projectQuery(ctx, f)
	if err != nil {
		return err
	}
	return d.read(ctx, func(tx *Tx) error {
		var ids []int64
		rows, err := tx.query(projectIDSelect+` WHERE `+cond+` ORDER BY `+order, append(args, orderArgs...)...)
		if err != nil {
			return fmt.Errorf("sqldb: each project: %w", err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return fmt.Errorf("sqldb: each project: %w", err)
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for from := 0; from < len(ids); from += salkku.MaxPageSize {
			batch := ids[from:min(from+salkku.MaxPageSize, len(ids))]
			rows, err := tx.query(projectSelect+` WHERE p.id IN (`+placeholders(len(batch))+`)`, int64Args(batch)...)
			if err != nil {
				return fmt.Errorf("sqldb: each project: %w", err)
			}
			byID := make(map[int64]*salkku.Project, len(batch))
			for rows.Next() {
				p, err := scanProject(rows)
				if err != nil {
					rows.Close()
					return fmt.Errorf("sqldb: each project: %w", err)
				}
				byID[p.ID] = p
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			ps := make([]*salkku.Project, 0, len(batch))
			for _, id := range batch {
				if p := byID[id]; p != nil {
					ps = append(ps, p)
				}
			}
			if err := tx.fillProjects(ps...); err != nil {
				return err
			}
			if err := fn(ps, len(ids)); err != nil {
				return err
			}
		}
		return nil
	})
}

// projectQuery is a project filter as SQL over projectSelect's tables:
// the WHERE condition (with the caller's visibility) and its arguments,
// and the ORDER BY of its sort and its arguments (sorting by name, the
// caller's language).
func (d *DB) projectQuery(ctx context.Context, f salkku.ProjectFilter) (cond string, args []any, order string, orderArgs []any, err error) {
	where := []string{"1 = 1"}
	if v := f.ID; v != nil {
		where, args = append(where, "p.id = ?"), append(args, *v)
	}
	if len(f.IDs) > 0 {
		ids := f.IDs
		if len(ids) > salkku.MaxPageSize {
			ids = ids[:salkku.MaxPageSize]
		}
		where = append(where, "p.id IN ("+placeholders(len(ids))+")")
		for _, id := range ids {
			args = append(args, id)
		}
	}
	if v := f.PortfolioID; v != nil {
		where, args = append(where, "p.portfolio_id = ?"), append(args, *v)
	}
	if v := f.CategoryID; v != nil {
		where, args = append(where, "p.category_id = ?"), append(args, *v)
	}
	if f.Status != "" {
		where, args = append(where, "p.status = ?"), append(args, f.Status)
	}
	if f.Phase != "" {
		where, args = append(where, "p.phase = ?"), append(args, f.Phase)
	}
	a := salkku.AccessFrom(ctx)
	if a == nil {
		return "", nil, "", nil, errForbidden
	}
	if v := a.Visibility(); v != nil {
		cond, vargs := visibleProjects(v)
		where, args = append(where, cond), append(args, vargs...)
	}
	if f.Tag != "" {
		// The tag as it appears in the JSON list, quotes and all, so that
		// "H" does not match "HELLÄ"; tags are compared exactly, as
		// salkku.CleanList keeps "H" and "h" apart.
		tag, _ := json.Marshal(strings.TrimSpace(f.Tag))
		where, args = append(where, d.dialect.containsExact("p.tags")), append(args, string(tag))
	}
	if strings.TrimSpace(f.Query) != "" {
		where, args = append(where, `p.search_text LIKE ? ESCAPE '\'`), append(args, likePattern(f.Query))
	}
	cond = strings.Join(where, " AND ")
	dir := "ASC"
	if f.Desc {
		dir = "DESC"
	}
	if f.Sort == "name" {
		orderArgs = []any{salkku.LangFrom(ctx)}
	}
	order = fmt.Sprintf(projectOrder[f.Sort], dir)
	switch {
	case (f.Sort == "" || f.Sort == "category") && f.Desc:
		// No category last either way, as on the page.
		order = fmt.Sprintf("(p.cat_rank = %d), ", noCategoryRank) + order
	case !strings.Contains(order, "p.id"):
		order += ", p.id"
	}
	return cond, args, order, orderArgs, nil
}

// afterCursor is the condition of the rows after f.After in f's order:
// a row value compared as the index is ordered, so the page starts where
// the index does.
func afterCursor(f salkku.ProjectFilter) (string, []any, error) {
	if f.After == "" {
		return "", nil, nil
	}
	k, err := parseCursor(f.After)
	if err != nil {
		return "", nil, err
	}
	if f.Sort == "code" {
		op := map[bool]string{false: ">", true: "<"}[f.Desc]
		return " AND (p.code_sort, p.id) " + op + " (?, ?)", []any{k.Code, k.ID}, nil
	}
	return " AND (p.cat_rank, p.code_sort, p.id) > (?, ?, ?)", []any{k.Rank, k.Code, k.ID}, nil
}

// checkProject reports everything wrong with a project to be written in
// one error: the input errors of ctx, the domain rules, the references and
// a code already taken; before is the project as stored, nil for a new one.
func (tx *Tx) checkProject(ctx context.Context, before, p *salkku.Project, more ...error) (projectPortfolio, error) {
	pf, err := tx.portfolioOfProject(p)
	if err != nil {
		return pf, err
	}
	pr, err := newProblems(ctx, p.Validate(pf.langs))
	for _, e := range more {
		if err == nil {
			err = pr.add(e)
		}
	}
	if err == nil {
		err = pr.add(tx.checkProjectRefs(before, p, pf.found))
	}
	if err == nil && pf.codeTaken {
		err = pr.check(func() error { return projectCode.conflict(p.Code) }, "code", "portfolio_id")
	}
	if err == nil {
		err = pr.err()
	}
	return pf, err
}

// projectPortfolio is what checking and placing a project needs of its
// portfolio.
type projectPortfolio struct {
	found     bool
	langs     salkku.Languages // the default ones when not found
	org       int64
	codeTaken bool     // by another project of the portfolio
	model     modelKey // the organisation's current model; id 0 for none
}

// portfolioOfProject reads the project's portfolio's facts in one
// statement, not one for each: a create is a round trip to the database
// for each statement. The current model is named, not read: placeNew
// finds it decoded in the cache unless it changed.
func (tx *Tx) portfolioOfProject(p *salkku.Project) (projectPortfolio, error) {
	out := projectPortfolio{langs: salkku.DefaultLanguages()}
	fold := salkku.Fold(p.Code)
	var used, required string
	err := tx.queryRow(`SELECT o.languages, o.required_languages, pf.organisation_id,
		EXISTS (SELECT 1 FROM projects x WHERE x.portfolio_id = pf.id AND x.code_fold = ? AND x.id <> ?),
		COALESCE(lm.id, 0), COALESCE(lm.version, 0), o.primary_lang
		FROM portfolios pf JOIN organisations o ON o.id = pf.organisation_id
		LEFT JOIN lifecycle_models lm ON lm.id = (SELECT c.id FROM lifecycle_models c
			WHERE c.organisation_id = pf.organisation_id AND c.published_at IS NOT NULL ORDER BY c.number DESC LIMIT 1)
		WHERE pf.id = ?`,
		fold, p.ID, p.PortfolioID).Scan(&used, &required, &out.org, &out.codeTaken, &out.model.id, &out.model.version, &out.model.primary)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return out, nil
	case err != nil:
		return out, fmt.Errorf("sqldb: check project's portfolio: %w", err)
	}
	out.found, out.langs, out.codeTaken = true, decodeLanguages(used, required), out.codeTaken && fold != ""
	return out, nil
}

// checkProjectRefs checks the portfolio (found or not), the category (of
// the same portfolio) and the people, who must be ones the caller may see
// unless the project as stored (before, nil for a new one) names them
// already.
func (tx *Tx) checkProjectRefs(before, p *salkku.Project, portfolioFound bool) error {
	fe := salkku.FieldErrors{}
	var kept []int64
	if before != nil {
		kept = ids(before.OwnerID, before.ManagerID, before.ServiceOwnerID)
	}
	for _, f := range []struct {
		field string
		id    *int64
	}{{"owner_id", p.OwnerID}, {"manager_id", p.ManagerID}, {"service_owner_id", p.ServiceOwnerID}} {
		if err := tx.checkPeople(fe, f.field, kept, ids(f.id)); err != nil {
			return err
		}
	}
	if !portfolioFound {
		fe.Add("portfolio_id", "error.not_found_ref")
	}
	if p.CategoryID != nil {
		var pf int64
		err := tx.queryRow(`SELECT portfolio_id FROM categories WHERE id = ?`, *p.CategoryID).Scan(&pf)
		switch {
		case err == sql.ErrNoRows:
			fe.Add("category_id", "error.not_found_ref")
		case err != nil:
			return fmt.Errorf("sqldb: check category: %w", err)
		case pf != p.PortfolioID:
			fe.Add("category_id", "error.category_other_portfolio")
		}
	}
	for field, id := range map[string]*int64{"owner_id": p.OwnerID, "manager_id": p.ManagerID, "service_owner_id": p.ServiceOwnerID} {
		if err := tx.checkRefs(fe, "people", field, id); err != nil {
			return err
		}
	}
	return fe.Err()
}

// CreateProject stores a new project and sets its id.
func (d *DB) CreateProject(ctx context.Context, p *salkku.Project) error {
	return d.inTx(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanCreateProject(p.PortfolioID)); err != nil {
			return err
		}
		p.ID = 0
		pf, err := tx.checkProject(ctx, nil, p)
		if err != nil {
			return err
		}
		if err := tx.placeNew(pf, p); err != nil {
			return err
		}
		// With its texts' copy (0016), which the texts written next then
		// find current (0020 on PostgreSQL).
		id, err := tx.insert(`INSERT INTO projects (`+strings.Join(projectColumns, ", ")+`, texts_json) VALUES (`+placeholders(len(projectColumns)+1)+`)`,
			append(tx.projectRow(p), projectTextsJSON(p))...)
		if err != nil {
			return fmt.Errorf("sqldb: create project: %w", projectCode.onDuplicate(err, p.Code))
		}
		if err := tx.createTexts(textProject, id, projectTexts(p)...); err != nil {
			return err
		}
		if err := tx.event(salkku.GateEvent{ProjectID: id, Kind: salkku.EventPlaced, To: positionOf(p), ModelID: p.ModelID}); err != nil {
			return err
		}
		after, err := tx.findProject(id)
		if err != nil {
			return err
		}
		if err := tx.keepItem(after); err != nil {
			return err
		}
		*p = *after
		return tx.audit(actionCreate, "project", id, &id, nil, after)
	})
}

// UpdateProject replaces the project's fields. Moving a project to another
// portfolio keeps its category only when that is given anew.
func (d *DB) UpdateProject(ctx context.Context, p *salkku.Project) error {
	return d.inTx(ctx, func(tx *Tx) error {
		before, err := tx.findProject(p.ID)
		if err != nil {
			return err
		}
		if err := allow(tx.access().CanUpdateProject(before, p)); err != nil {
			return err
		}
		if _, err := tx.checkProject(ctx, before, p, keepPosition(before, p)); err != nil {
			return err
		}
		if err := tx.writeProject(p); err != nil {
			return err
		}
		if err := tx.replaceTexts(textProject, p.ID, projectTexts(before), projectTexts(p)); err != nil {
			return err
		}
		if before.PortfolioID != p.PortfolioID {
			// The report roll-up follows the project (see 0008_reports).
			if _, err := tx.exec(`UPDATE report_latest SET portfolio_id = ? WHERE project_id = ?`, p.PortfolioID, p.ID); err != nil {
				return fmt.Errorf("sqldb: update project: %w", err)
			}
			// So do its money's totals (see 0011_finance).
			if err := tx.moveProjectFinance(p.ID, before.PortfolioID, p.PortfolioID); err != nil {
				return err
			}
		}
		after, err := tx.findProject(p.ID)
		if err != nil {
			return err
		}
		if after.Schedule != before.Schedule {
			// A run-rate forecast runs to the project's end.
			if err := tx.refreshFinance(after); err != nil {
				return err
			}
		}
		if err := tx.keepItem(after); err != nil {
			return err
		}
		*p = *after
		return tx.audit(actionUpdate, "project", p.ID, &p.ID, before, after)
	})
}

// projectColumns are the columns of a new project, as projectRow fills
// them.
var projectColumns = []string{"version", "created_at", "updated_at", "portfolio_id", "category_id", "code", "code_fold", "code_sort", "name",
	"owner_id", "manager_id", "service_owner_id", "vendors", "start_month", "end_month", "continuous", "mandatory", "tags", "status", "search_text",
	"model_id", "phase", "next_gate"}

// projectRow is a new project's row of projects, its derived columns
// (the folds, code_sort, search_text) with it.
func (tx *Tx) projectRow(p *salkku.Project) []any {
	return []any{1, tx.now, tx.now, p.PortfolioID, nullID(p.CategoryID), p.Code, salkku.Fold(p.Code), salkku.SortKey(p.Code), p.Name.PrimaryText(),
		nullID(p.OwnerID), nullID(p.ManagerID), nullID(p.ServiceOwnerID), encodeList(p.Vendors),
		nullMonth(p.Start), nullMonth(p.End), p.Continuous, p.Mandatory, encodeList(p.Tags), p.Status, projectSearchText(p),
		p.ModelID, p.Phase, p.NextGate}
}

// writeProject writes a stored project's fields at its version, and
// moves the version on.
func (tx *Tx) writeProject(p *salkku.Project) error {
	res, err := tx.exec(`UPDATE projects SET version = version + 1, updated_at = ?, portfolio_id = ?, category_id = ?, code = ?, code_fold = ?, code_sort = ?,
		name = ?, owner_id = ?, manager_id = ?, service_owner_id = ?, vendors = ?, start_month = ?, end_month = ?,
		continuous = ?, mandatory = ?, tags = ?, status = ?, search_text = ? WHERE id = ? AND version = ?`,
		tx.now, p.PortfolioID, nullID(p.CategoryID), p.Code, salkku.Fold(p.Code), salkku.SortKey(p.Code), p.Name.PrimaryText(),
		nullID(p.OwnerID), nullID(p.ManagerID), nullID(p.ServiceOwnerID), encodeList(p.Vendors),
		nullMonth(p.Start), nullMonth(p.End), p.Continuous, p.Mandatory, encodeList(p.Tags), p.Status, projectSearchText(p),
		p.ID, p.Version)
	if err != nil {
		return fmt.Errorf("sqldb: update project: %w", projectCode.onDuplicate(err, p.Code))
	}
	return tx.checkVersion(res, "projects", p.ID)
}

// DeleteProject removes a project and its work packages.
func (d *DB) DeleteProject(ctx context.Context, id int64) error {
	return d.inTx(ctx, func(tx *Tx) error {
		before, err := tx.findProject(id)
		if err != nil {
			return err
		}
		if err := allow(tx.access().CanDeleteProject(before)); err != nil {
			return err
		}
		// Children first: SQLite's cascade through a self-reference works,
		// but deleting the packages explicitly keeps both engines alike.
		if err := tx.deleteTexts(textWorkPackage, `SELECT id FROM work_packages WHERE project_id = ?`, id); err != nil {
			return err
		}
		if err := tx.deleteTexts(textProject, `?`, id); err != nil {
			return err
		}
		if err := tx.moveProjectFinance(id, before.PortfolioID, 0); err != nil {
			return err
		}
		for _, q := range []string{`DELETE FROM report_latest WHERE project_id = ?`, `DELETE FROM status_reports WHERE project_id = ?`,
			`DELETE FROM work_packages WHERE project_id = ?`} {
			if _, err := tx.exec(q, id); err != nil {
				return fmt.Errorf("sqldb: delete project: %w", err)
			}
		}
		if _, err := tx.exec(`DELETE FROM projects WHERE id = ?`, id); err != nil {
			return fmt.Errorf("sqldb: delete project: %w", err)
		}
		return tx.audit(actionDelete, "project", id, &id, before, nil)
	})
}

// visibleProjects is the WHERE condition of a Visibility on projects p.
func visibleProjects(v *salkku.Visibility) (string, []any) {
	return visibleWhere(v, "p.portfolio_id IN (%s)", "p.id IN (%s)")
}
