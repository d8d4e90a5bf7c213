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
func suggest[T any](ctx context.Context, d *DB, what, query string, args []any, scan func(interface{ Scan(...any) error }) (T, error)) ([]T, error) {
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
		return rows.Err()
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
	// name_fold is salkku.Fold(name), kept by the store: it knows more
	// than ASCII, as SQLite's lower() does not.
	f := salkku.Fold(q)
	return suggest(ctx, d, "organisations", `SELECT `+organisationCols+` FROM organisations
		WHERE name_fold LIKE ? ESCAPE '\' OR business_id LIKE ? ESCAPE '\'
		ORDER BY CASE WHEN name_fold = ? OR business_id = ? THEN 0 WHEN name_fold LIKE ? ESCAPE '\' THEN 1 ELSE 2 END, name, id LIMIT ?`,
		[]any{likePattern(f), likePattern(f), f, strings.TrimSpace(q), prefixPattern(f), suggestLimit(limit)}, scanOrganisation)
}

// SuggestPortfolios lists at most limit portfolios whose name contains
// q, by organisation and name, among those the caller may see.
func (d *DB) SuggestPortfolios(ctx context.Context, q string, limit int) ([]*salkku.Portfolio, error) {
	a := salkku.AccessFrom(ctx)
	if a == nil {
		return nil, errForbidden
	}
	if strings.TrimSpace(q) == "" {
		return []*salkku.Portfolio{}, nil
	}
	f := strings.ToLower(strings.TrimSpace(q))
	where, args := []string{`lower(pf.name) LIKE ? ESCAPE '\'`}, []any{likePattern(q)}
	if v := a.Visibility(); v != nil {
		cond, vargs := visiblePortfolios(v)
		where, args = append(where, cond), append(args, vargs...)
	}
	return suggest(ctx, d, "portfolios", portfolioSelect+` WHERE `+strings.Join(where, " AND ")+`
		ORDER BY CASE WHEN lower(pf.name) = ? THEN 0 WHEN lower(pf.name) LIKE ? ESCAPE '\' THEN 1 ELSE 2 END, pf.name, o.name, pf.id LIMIT ?`,
		append(args, f, prefixPattern(q), suggestLimit(limit)), scanPortfolio)
}

// SuggestProjects lists at most limit projects whose code or name
// contains q, by code, among those the caller may see.
func (d *DB) SuggestProjects(ctx context.Context, q string, limit int) ([]*salkku.Project, error) {
	a := salkku.AccessFrom(ctx)
	if a == nil {
		return nil, errForbidden
	}
	if strings.TrimSpace(q) == "" {
		return []*salkku.Project{}, nil
	}
	where, args := []string{`p.search_text LIKE ? ESCAPE '\'`}, []any{likePattern(q)}
	if v := a.Visibility(); v != nil {
		cond, vargs := visibleProjects(v)
		where, args = append(where, cond), append(args, vargs...)
	}
	// An exact code comes first, then codes and names beginning with q.
	return suggest(ctx, d, "projects", projectSelect+` WHERE `+strings.Join(where, " AND ")+`
		ORDER BY CASE WHEN p.code_fold = ? THEN 0 WHEN p.search_text LIKE ? ESCAPE '\' THEN 1 ELSE 2 END, p.code_sort, p.id LIMIT ?`,
		append(args, salkku.Fold(q), prefixPattern(q), suggestLimit(limit)), scanProject)
}

// visiblePortfolios is the WHERE condition of a Visibility on portfolios pf.
func visiblePortfolios(v *salkku.Visibility) (string, []any) {
	var parts []string
	var args []any
	if len(v.PortfolioIDs) > 0 {
		parts = append(parts, "pf.id IN ("+placeholders(len(v.PortfolioIDs))+")")
		for _, id := range v.PortfolioIDs {
			args = append(args, id)
		}
	}
	if len(v.ProjectIDs) > 0 {
		parts = append(parts, "pf.id IN (SELECT portfolio_id FROM projects WHERE id IN ("+placeholders(len(v.ProjectIDs))+"))")
		for _, id := range v.ProjectIDs {
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
	return suggest(ctx, d, "organisations by id", `SELECT `+organisationCols+` FROM organisations WHERE id IN (`+placeholders(len(ids))+`) ORDER BY name, id`, args, scanOrganisation)
}
