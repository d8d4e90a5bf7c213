package sqldb

import (
	"context"
	"fmt"

	"github.com/salkku/salkku"
)

const categorySelect = `SELECT c.id, c.version, c.created_at, c.updated_at, c.portfolio_id, c.name, c.description, c.position,
	(SELECT COUNT(*) FROM projects p WHERE p.category_id = c.id)
	FROM categories c`

func scanCategory(sc interface{ Scan(...any) error }) (*salkku.Category, error) {
	var c salkku.Category
	err := sc.Scan(&c.ID, &c.Version, &c.CreatedAt, &c.UpdatedAt, &c.PortfolioID, &c.Name, &c.Description, &c.Position, &c.ProjectCount)
	return &c, err
}

// FindCategoryByID returns one category.
func (d *DB) FindCategoryByID(ctx context.Context, id int64) (*salkku.Category, error) {
	var c *salkku.Category
	err := d.read(ctx, func(tx *Tx) (err error) {
		if c, err = tx.findCategory(id); err != nil {
			return err
		}
		return allow(tx.access().CanViewPortfolio(c.PortfolioID))
	})
	return c, err
}

func (tx *Tx) findCategory(id int64) (*salkku.Category, error) {
	c, err := scanCategory(tx.queryRow(categorySelect+` WHERE c.id = ?`, id))
	if err != nil {
		return nil, notFound(fmt.Errorf("sqldb: find category: %w", err))
	}
	return c, nil
}

// FindCategories lists a portfolio's categories in order.
func (d *DB) FindCategories(ctx context.Context, portfolioID int64) ([]*salkku.Category, error) {
	out := []*salkku.Category{}
	err := d.read(ctx, func(tx *Tx) error {
		// A portfolio that does not exist has no categories; only admins,
		// who see everything, may learn that it does not.
		if _, err := tx.viewPortfolio(portfolioID); salkku.ErrorCode(err) == salkku.ENOTFOUND {
			return allow(tx.access().CanAdminister())
		} else if err != nil {
			return err
		}
		rows, err := tx.query(categorySelect+` WHERE c.portfolio_id = ? ORDER BY c.position, c.id`, portfolioID)
		if err != nil {
			return fmt.Errorf("sqldb: find categories: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			c, err := scanCategory(rows)
			if err != nil {
				return fmt.Errorf("sqldb: find categories: %w", err)
			}
			out = append(out, c)
		}
		return rows.Err()
	})
	return out, err
}

// CreateCategory stores a new category, at the end when Position is 0.
func (d *DB) CreateCategory(ctx context.Context, c *salkku.Category) error {
	return d.inTx(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanManageCategories(c.PortfolioID)); err != nil {
			return err
		}
		pr, err := newProblems(ctx, c.Validate())
		if err == nil {
			err = tx.checkRefs(pr.fe, "portfolios", "portfolio_id", &c.PortfolioID)
		}
		if err == nil {
			err = pr.check(func() error { return tx.checkCategoryName(c) }, "name", "portfolio_id")
		}
		if err == nil {
			err = pr.err()
		}
		if err != nil {
			return err
		}
		if c.Position == 0 {
			n, err := tx.count(`SELECT COALESCE(MAX(position), 0) FROM categories WHERE portfolio_id = ?`, c.PortfolioID)
			if err != nil {
				return err
			}
			c.Position = n + 1
		}
		c.Version, c.CreatedAt, c.UpdatedAt = 1, tx.now, tx.now
		id, err := tx.insert(`INSERT INTO categories (version, created_at, updated_at, portfolio_id, name, name_fold, description, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			c.Version, c.CreatedAt, c.UpdatedAt, c.PortfolioID, c.Name, salkku.Fold(c.Name), c.Description, c.Position)
		if err != nil {
			return fmt.Errorf("sqldb: create category: %w", categoryName.onDuplicate(err, c.Name))
		}
		c.ID = id
		return tx.audit(actionCreate, "category", id, nil, nil, c)
	})
}

// UpdateCategory replaces the category's fields; it cannot move to another
// portfolio, since its projects stay where they are.
func (d *DB) UpdateCategory(ctx context.Context, c *salkku.Category) error {
	return d.inTx(ctx, func(tx *Tx) error {
		before, err := tx.findCategory(c.ID)
		if err != nil {
			return err
		}
		if err := allow(tx.access().CanManageCategories(before.PortfolioID)); err != nil {
			return err
		}
		pr, err := newProblems(ctx, c.Validate())
		if err == nil && before.PortfolioID != c.PortfolioID {
			pr.fe.Add("portfolio_id", "error.immutable")
		}
		if err == nil {
			err = pr.check(func() error { return tx.checkCategoryName(c) }, "name", "portfolio_id")
		}
		if err == nil {
			err = pr.err()
		}
		if err != nil {
			return err
		}
		if c.Position == 0 {
			c.Position = before.Position
		}
		res, err := tx.exec(`UPDATE categories SET version = version + 1, updated_at = ?, name = ?, name_fold = ?, description = ?, position = ? WHERE id = ? AND version = ?`,
			tx.now, c.Name, salkku.Fold(c.Name), c.Description, c.Position, c.ID, c.Version)
		if err != nil {
			return fmt.Errorf("sqldb: update category: %w", categoryName.onDuplicate(err, c.Name))
		}
		if err := tx.checkVersion(res, "categories", c.ID); err != nil {
			return err
		}
		c.Version, c.CreatedAt, c.UpdatedAt, c.ProjectCount = before.Version+1, before.CreatedAt, tx.now, before.ProjectCount
		return tx.audit(actionUpdate, "category", c.ID, nil, before, c)
	})
}

// DeleteCategory removes an empty category.
func (d *DB) DeleteCategory(ctx context.Context, id int64) error {
	return d.inTx(ctx, func(tx *Tx) error {
		before, err := tx.findCategory(id)
		if err != nil {
			return err
		}
		if err := allow(tx.access().CanManageCategories(before.PortfolioID)); err != nil {
			return err
		}
		if before.ProjectCount > 0 {
			return salkku.Errorf(salkku.ECONFLICT, "error.category_has_projects", before.ProjectCount)
		}
		if _, err := tx.exec(`DELETE FROM categories WHERE id = ?`, id); err != nil {
			return fmt.Errorf("sqldb: delete category: %w", err)
		}
		return tx.audit(actionDelete, "category", id, nil, before, nil)
	})
}

// checkCategoryName keeps a portfolio's category names apart.
func (tx *Tx) checkCategoryName(c *salkku.Category) error {
	return tx.checkFree(categoryName, c.Name, c.PortfolioID, c.ID)
}
