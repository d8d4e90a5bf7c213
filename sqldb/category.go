package sqldb

import (
	"context"
	"fmt"
	"strconv"

	"github.com/salkku/salkku"
)

const categorySelect = `SELECT c.id, c.version, c.created_at, c.updated_at, c.portfolio_id, c.position, c.chapter,
	(SELECT COUNT(*) FROM projects p WHERE p.category_id = c.id), o.primary_lang
	FROM categories c
	JOIN portfolios pf ON pf.id = c.portfolio_id
	JOIN organisations o ON o.id = pf.organisation_id`

func scanCategory(sc interface{ Scan(...any) error }) (*salkku.Category, error) {
	var c salkku.Category
	err := sc.Scan(&c.ID, &c.Version, &c.CreatedAt, &c.UpdatedAt, &c.PortfolioID, &c.Position, &c.Chapter, &c.ProjectCount, &c.Name.Primary)
	c.Description.Primary = c.Name.Primary
	return &c, err
}

// fillCategories reads the texts of categories in one query.
func (tx *Tx) fillCategories(cs ...*salkku.Category) error {
	r := textRefs{}
	for _, c := range cs {
		r.add(textCategory, c.ID, "name", &c.Name)
		r.add(textCategory, c.ID, "description", &c.Description)
	}
	return tx.fillTexts(r)
}

// categoryTexts are a category's texts as written: names are unique
// within the portfolio in every language.
func categoryTexts(c *salkku.Category) []textField {
	return []textField{{field: "name", text: c.Name, unique: &c.PortfolioID}, {field: "description", text: c.Description}}
}

// checkCategory reports everything wrong with a category to be written in
// one error; before is the category as stored, nil for a new one.
func (tx *Tx) checkCategory(ctx context.Context, before, c *salkku.Category) error {
	langs, err := tx.languagesOf(langsOfPortfolio, c.PortfolioID)
	if err != nil {
		return err
	}
	pr, err := newProblems(ctx, c.Validate(langs))
	if err == nil && before == nil {
		err = tx.checkRefs(pr.fe, "portfolios", "portfolio_id", &c.PortfolioID)
	}
	if err == nil && before != nil && before.PortfolioID != c.PortfolioID {
		pr.fe.Add("portfolio_id", "error.immutable")
	}
	if _, bad := pr.fe["portfolio_id"]; err == nil && !bad {
		err = tx.checkTextsFree(pr, textCategory, c.ID, categoryTexts(c)...)
		if err == nil {
			err = pr.check(func() error { return tx.checkChapterFree(c) }, "chapter")
		}
	}
	if err == nil {
		err = pr.err()
	}
	return err
}

// checkChapterFree gives the conflict of a chapter number another
// category of the portfolio has.
func (tx *Tx) checkChapterFree(c *salkku.Category) error {
	n, err := tx.count(`SELECT COUNT(*) FROM categories WHERE portfolio_id = ? AND chapter = ? AND id <> ?`, c.PortfolioID, c.Chapter, c.ID)
	if err != nil {
		return fmt.Errorf("sqldb: check chapter number: %w", err)
	}
	if n > 0 {
		return chapterConflict(c.Chapter)
	}
	return nil
}

func chapterConflict(number int) error {
	return conflictAt("chapter", "error.duplicate_chapter", strconv.Itoa(number))
}

// lockCategories makes the category writes of one portfolio wait for
// each other on PostgreSQL (SQLite has one writer at a time), so that
// each checks names and chapter numbers with the others' committed: two
// racing for one name then hear of the name, and two taking the next
// number get one each.
func (tx *Tx) lockCategories(portfolioID int64) error {
	if tx.dialect.name != "postgres" {
		return nil
	}
	if _, err := tx.exec(`SELECT id FROM portfolios WHERE id = ? FOR UPDATE`, portfolioID); err != nil {
		return fmt.Errorf("sqldb: lock categories: %w", err)
	}
	return nil
}

// nextChapter is the number after the portfolio's last chapter.
func (tx *Tx) nextChapter(portfolioID int64) (int, error) {
	n, err := tx.count(`SELECT COALESCE(MAX(chapter), 0) FROM categories WHERE portfolio_id = ?`, portfolioID)
	if err != nil {
		return 0, fmt.Errorf("sqldb: next chapter number: %w", err)
	}
	return n + 1, nil
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
	return c, tx.fillCategories(c)
}

// FindCategories lists a portfolio's categories in order.
func (d *DB) FindCategories(ctx context.Context, portfolioID int64) ([]*salkku.Category, error) {
	out := []*salkku.Category{}
	err := d.read(ctx, func(tx *Tx) error {
		// A portfolio that does not exist has no categories; only admins,
		// who see everything, may learn that it does not.
		if n, err := tx.count(`SELECT COUNT(*) FROM portfolios WHERE id = ?`, portfolioID); err != nil {
			return err
		} else if n == 0 {
			return allow(tx.access().CanAdminister())
		} else if err := allow(tx.access().CanViewPortfolio(portfolioID)); err != nil {
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
		if err := rows.Err(); err != nil {
			return err
		}
		return tx.fillCategories(out...)
	})
	return out, err
}

// CreateCategory stores a new category, at the end when Position is 0.
func (d *DB) CreateCategory(ctx context.Context, c *salkku.Category) error {
	return d.inTx(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanManageCategories(c.PortfolioID)); err != nil {
			return err
		}
		c.ID = 0
		if err := tx.lockCategories(c.PortfolioID); err != nil {
			return err
		}
		if c.Chapter == 0 && c.PortfolioID > 0 {
			n, err := tx.nextChapter(c.PortfolioID)
			if err != nil {
				return err
			}
			c.Chapter = n
		}
		if err := tx.checkCategory(ctx, nil, c); err != nil {
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
		id, err := tx.insert(`INSERT INTO categories (version, created_at, updated_at, portfolio_id, name, name_fold, position, chapter) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			c.Version, c.CreatedAt, c.UpdatedAt, c.PortfolioID, c.Name.PrimaryText(), salkku.Fold(c.Name.PrimaryText()), c.Position, c.Chapter)
		if err != nil {
			return fmt.Errorf("sqldb: create category: %w", err)
		}
		c.ID = id
		if err := tx.createTexts(textCategory, id, categoryTexts(c)...); err != nil {
			return err
		}
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
		if err := tx.lockCategories(before.PortfolioID); err != nil {
			return err
		}
		if c.Chapter == 0 {
			c.Chapter = before.Chapter
		}
		if err := tx.checkCategory(ctx, before, c); err != nil {
			return err
		}
		if c.Position == 0 {
			c.Position = before.Position
		}
		res, err := tx.exec(`UPDATE categories SET version = version + 1, updated_at = ?, name = ?, name_fold = ?, position = ?, chapter = ? WHERE id = ? AND version = ?`,
			tx.now, c.Name.PrimaryText(), salkku.Fold(c.Name.PrimaryText()), c.Position, c.Chapter, c.ID, c.Version)
		if err != nil {
			return fmt.Errorf("sqldb: update category: %w", err)
		}
		if err := tx.checkVersion(res, "categories", c.ID); err != nil {
			return err
		}
		if err := tx.replaceTexts(textCategory, c.ID, categoryTexts(before), categoryTexts(c)); err != nil {
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
		if err := tx.deleteTexts(textCategory, `?`, id); err != nil {
			return err
		}
		return tx.audit(actionDelete, "category", id, nil, before, nil)
	})
}
