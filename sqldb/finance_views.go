package sqldb

import (
	"context"
	"fmt"
	"strconv"

	"github.com/salkku/salkku"
)

// The finance pages' reads: a fixed number of statements each, whatever
// the size of the register, from the roll-ups refreshFinance keeps.

// FindProjectFinance returns a project's cost categories, current and
// original budget with their lines, every revision, settings, funding and
// follow-up.
func (d *DB) FindProjectFinance(ctx context.Context, projectID int64) (*salkku.ProjectFinance, error) {
	var out *salkku.ProjectFinance
	err := d.read(ctx, func(tx *Tx) error {
		p, err := tx.viewProject(projectID)
		if err != nil {
			return err
		}
		org, err := tx.projectOrganisation(p)
		if err != nil {
			return err
		}
		pf := &salkku.ProjectFinance{}
		if pf.Categories, err = tx.costCategories(org); err != nil {
			return err
		}
		if pf.Revisions, err = tx.budgetRevisions(p); err != nil {
			return err
		}
		if n := len(pf.Revisions); n > 0 {
			pf.Current, pf.Original = pf.Revisions[0], pf.Revisions[n-1]
			if err := tx.fillBudgetLines(pf.Current, pf.Original); err != nil {
				return err
			}
		}
		if pf.Settings, err = tx.financeSettings(p.ID); err != nil {
			return err
		}
		if pf.Funding, err = tx.fundings(p.ID); err != nil {
			return err
		}
		totals, err := tx.projectTotals(p.ID)
		if err != nil {
			return err
		}
		pf.FollowUp = followUp(pf.Categories, totals)
		if !p.Start.IsZero() {
			pf.FollowUp.From = salkku.Date(fmt.Sprintf("%04d-%02d-01", p.Start.Year(), p.Start.Number()))
		}
		pf.FollowUp.Through = pf.Settings.ActualsThrough
		out = pf
		return nil
	})
	return out, err
}

// FindPortfolioFinance rolls up a portfolio with all its sub-portfolios,
// lists its direct sub-portfolios with their totals, and one page of the
// projects directly in it by code (after: the id of the last project
// shown).
func (d *DB) FindPortfolioFinance(ctx context.Context, portfolioID int64, after string, limit int) (*salkku.PortfolioFinance, error) {
	if limit <= 0 || limit > salkku.MaxPageSize {
		limit = salkku.DefaultPageSize
	}
	var out *salkku.PortfolioFinance
	err := d.read(ctx, func(tx *Tx) error {
		// Only the organisation is needed of the portfolio, not the
		// whole record with its board and texts.
		org, err := tx.portfolioOrganisation(portfolioID)
		if err != nil {
			return err
		}
		if err := allow(tx.access().CanViewPortfolio(portfolioID)); err != nil {
			return err
		}
		if err := allow(tx.access().CanViewPortfolioFinance(portfolioID)); err != nil {
			return err
		}
		cats, err := tx.costCategories(org)
		if err != nil {
			return err
		}
		res := &salkku.PortfolioFinance{PortfolioID: portfolioID, Children: []salkku.FinanceRow{}, Projects: []salkku.FinanceRow{}}
		totals, err := tx.portfolioTotals(portfolioID)
		if err != nil {
			return err
		}
		res.FollowUp = followUp(cats, totals)
		refs := textRefs{}

		// Sub-portfolios, each with its whole subtree's totals.
		rows, err := tx.query(`SELECT c.id, COALESCE(SUM(f.budget), 0), COALESCE(SUM(f.original), 0), COALESCE(SUM(f.actual), 0), COALESCE(SUM(f.forecast), 0)
			FROM portfolios c LEFT JOIN portfolio_finance f ON f.portfolio_id = c.id WHERE c.parent_id = ? GROUP BY c.id ORDER BY c.id`, portfolioID)
		if err != nil {
			return fmt.Errorf("sqldb: portfolio finance: %w", err)
		}
		for rows.Next() {
			var r salkku.FinanceRow
			if err := rows.Scan(&r.ID, &r.Total.Budget, &r.Total.Original, &r.Total.Actual, &r.Total.Forecast); err != nil {
				rows.Close()
				return fmt.Errorf("sqldb: portfolio finance: %w", err)
			}
			res.Children = append(res.Children, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for i := range res.Children {
			refs.add(textPortfolio, res.Children[i].ID, "name", &res.Children[i].Name)
		}

		// One page of the portfolio's own projects, by code.
		q, args := `p.portfolio_id = ?`, []any{portfolioID}
		if id, err := strconv.ParseInt(after, 10, 64); err == nil && id > 0 {
			var k string
			if err := tx.queryRow(`SELECT code_sort FROM projects WHERE id = ?`, id).Scan(&k); err == nil {
				q, args = q+` AND (p.code_sort > ? OR p.code_sort = ? AND p.id > ?)`, append(args, k, k, id)
			}
		}
		rows, err = tx.query(`SELECT p.id, p.code, p.code_sort, COALESCE(SUM(t.budget), 0), COALESCE(SUM(t.original), 0), COALESCE(SUM(t.actual), 0), COALESCE(SUM(t.forecast), 0)
			FROM (SELECT id, code, code_sort FROM projects p WHERE `+q+` ORDER BY p.code_sort, p.id`+sqlLimit(limit+1)+`) p
			LEFT JOIN finance_totals t ON t.project_id = p.id GROUP BY p.id, p.code, p.code_sort ORDER BY p.code_sort, p.id`, args...)
		if err != nil {
			return fmt.Errorf("sqldb: portfolio finance: %w", err)
		}
		for rows.Next() {
			var r salkku.FinanceRow
			var sort string
			if err := rows.Scan(&r.ID, &r.Code, &sort, &r.Total.Budget, &r.Total.Original, &r.Total.Actual, &r.Total.Forecast); err != nil {
				rows.Close()
				return fmt.Errorf("sqldb: portfolio finance: %w", err)
			}
			res.Projects = append(res.Projects, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(res.Projects) > limit {
			res.Projects = res.Projects[:limit]
			res.Next = strconv.FormatInt(res.Projects[limit-1].ID, 10)
		}
		for i := range res.Projects {
			refs.add(textProject, res.Projects[i].ID, "name", &res.Projects[i].Name)
		}
		if err := tx.fillTexts(refs); err != nil {
			return err
		}
		out = res
		return nil
	})
	return out, err
}
