package sqldb

import (
	"context"
	"fmt"
	"strings"

	"github.com/salkku/salkku"
)

// Suggestions for the search-as-you-type pickers (web/ui/picker.go): at
// most salkku.MaxSuggestions rows whose name contains the text typed,
// those beginning with it first, among the rows the caller may see. Each
// is one read-only transaction; the caller's access is read from the
// context and applied in SQL, before the LIMIT.

// suggestLimit bounds a suggestion list.
func suggestLimit(limit int) int { return min(max(limit, 1), salkku.MaxSuggestions) }

// prefixPattern is the LIKE pattern of text beginning with q.
func prefixPattern(q string) string {
	return strings.TrimSuffix(likePattern(q), "%")[1:] + "%"
}

// suggest runs a suggestion query and scans its rows.
// fill reads the texts of the rows, in one query per kind.
func suggest[T any](ctx context.Context, d *DB, what, query string, args []any, scan func(interface{ Scan(...any) error }) (T, error),
	fill func(*Tx, ...T) error) ([]T, error) {
	out := []T{}
	err := d.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(query, args...)
		if err != nil {
			return fmt.Errorf("sqldb: suggest %s: %w", what, err)
		}
		defer rows.Close()
		for rows.Next() {
			v, err := scan(rows)
			if err != nil {
				return fmt.Errorf("sqldb: suggest %s: %w", what, err)
			}
			out = append(out, v)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		return fill(tx, out...)
	})
	return out, err
}

// SuggestOrganisations lists at most limit organisations whose name or
// business id contains q, by name; every signed-in user sees every
// organisation.
func (d *DB) SuggestOrganisations(ctx context.Context, q string, limit int) ([]*salkku.Organisation, error) {
	a := salkku.AccessFrom(ctx)
	if err := allow(a.SignedIn()); err != nil {
		return nil, err
	}
	if strings.TrimSpace(q) == "" {
		return []*salkku.Organisation{}, nil
	}
	// The folds are salkku.Fold, kept by the store: it knows more than
	// ASCII, as SQLite's lower() does not. A name in any language
	// matches; the primary one orders.
	f := salkku.Fold(q)
	return suggest(ctx, d, "organisations", `SELECT `+organisationCols+` FROM organisations o
		WHERE `+textMatch(textOrganisation, "o.id", "name")+` OR business_id LIKE ? ESCAPE '\'
		ORDER BY CASE WHEN name_fold = ? OR business_id = ? THEN 0 WHEN name_fold LIKE ? ESCAPE '\' THEN 1 ELSE 2 END, name, id`+sqlLimit(suggestLimit(limit)),
		[]any{likePattern(f), likePattern(f), f, strings.TrimSpace(q), prefixPattern(f)}, scanOrganisation, (*Tx).fillOrganisations)
}

// SuggestPortfolios lists at most limit portfolios whose name contains
// q, by name and organisation, among those the caller may see.
func (d *DB) SuggestPortfolios(ctx context.Context, q string, limit int) ([]*salkku.Portfolio, error) {
	return suggestVisible(ctx, d, "portfolios", portfolioSelect, salkku.Fold(q), textMatch(textPortfolio, "pf.id", "name"), visiblePortfolios,
		`CASE WHEN lower(pf.name) = ? THEN 0 WHEN lower(pf.name) LIKE ? ESCAPE '\' THEN 1 ELSE 2 END, pf.name, o.name, pf.id`,
		[]any{strings.ToLower(strings.TrimSpace(q)), prefixPattern(q)}, limit, scanPortfolio, (*Tx).fillPortfolios)
}

// SuggestProjects lists at most limit projects whose code, name or
// description contains q, an exact code first, by code, among those the
// caller may see.
func (d *DB) SuggestProjects(ctx context.Context, q string, limit int) ([]*salkku.Project, error) {
	return suggestVisible(ctx, d, "projects", projectSelect, q, `p.search_text LIKE ? ESCAPE '\'`, visibleProjects,
		`CASE WHEN p.code_fold = ? THEN 0 WHEN p.search_text LIKE ? ESCAPE '\' THEN 1 ELSE 2 END, p.code_sort, p.id`,
		[]any{salkku.Fold(q), prefixPattern(q)}, limit, scanProject, (*Tx).fillProjects)
}

// suggestVisible runs sel for the rows matching q (match holds one
// placeholder, for likePattern(q)) among those the caller may see
// (visible, unless the caller sees everything), ordered by order and its
// orderArgs, at most limit.
func suggestVisible[T any](ctx context.Context, d *DB, what, sel, q, match string, visible func(*salkku.Visibility) (string, []any),
	order string, orderArgs []any, limit int, scan func(interface{ Scan(...any) error }) (T, error), fill func(*Tx, ...T) error) ([]T, error) {
	a := salkku.AccessFrom(ctx)
	if a == nil {
		return nil, errForbidden
	}
	if strings.TrimSpace(q) == "" {
		return []T{}, nil
	}
	where, args := []string{match}, []any{likePattern(q)}
	if v := a.Visibility(); v != nil {
		cond, vargs := visible(v)
		where, args = append(where, cond), append(args, vargs...)
	}
	args = append(args, orderArgs...)
	return suggest(ctx, d, what, sel+` WHERE `+strings.Join(where, " AND ")+` ORDER BY `+order+sqlLimit(suggestLimit(limit)), args, scan, fill)
}

// visiblePortfolios is the WHERE condition of a Visibility on portfolios pf.
func visiblePortfolios(v *salkku.Visibility) (string, []any) {
	return visibleWhere(v, "pf.id IN (%s)", "pf.id IN (SELECT portfolio_id FROM projects WHERE id IN (%s))")
}

// visibleWhere is the WHERE condition of a Visibility: byPortfolio and
// byProject hold %s for the portfolios' and the projects' placeholders.
func visibleWhere(v *salkku.Visibility, byPortfolio, byProject string) (string, []any) {
	var parts []string
	var args []any
	for _, c := range []struct {
		cond string
		ids  []int64
	}{{byPortfolio, v.PortfolioIDs}, {byProject, v.ProjectIDs}} {
		if len(c.ids) == 0 {
			continue
		}
		parts = append(parts, fmt.Sprintf(c.cond, placeholders(len(c.ids))))
		for _, id := range c.ids {
			args = append(args, id)
		}
	}
	if len(parts) == 0 {
		return "1 = 0", nil
	}
	return "(" + strings.Join(parts, " OR ") + ")", args
}

// FindOrganisationsByID returns the organisations of ids that exist, by
// name: one query however many, for naming the organisations of a page
// of rows.
func (d *DB) FindOrganisationsByID(ctx context.Context, ids []int64) ([]*salkku.Organisation, error) {
	if err := allow(salkku.AccessFrom(ctx).SignedIn()); err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return []*salkku.Organisation{}, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return suggest(ctx, d, "organisations by id", `SELECT `+organisationCols+` FROM organisations WHERE id IN (`+placeholders(len(ids))+`) ORDER BY name, id`, args, scanOrganisation,
		(*Tx).fillOrganisations)
}
