-- Categories carry their chapter number (issue 11): the number the action
-- plan gives the category's chapter (seed 000 numbers them 2–7, after its
-- own introduction), unique within the portfolio. The categories stored
-- before are numbered from 1 in their order, as the overview showed them.
ALTER TABLE categories ADD COLUMN chapter INTEGER NOT NULL DEFAULT 0;
UPDATE categories SET chapter = (SELECT COUNT(*) FROM categories c2
	WHERE c2.portfolio_id = categories.portfolio_id
	AND (c2.position < categories.position OR (c2.position = categories.position AND c2.id <= categories.id)));
CREATE UNIQUE INDEX categories_chapter ON categories(portfolio_id, chapter);
