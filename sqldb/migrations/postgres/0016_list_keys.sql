-- Issue 12: one page of projects costs the same whatever the register's
-- size. The default order (category position, then code) is kept on the
-- project itself, where an index can serve it, and the number of projects
-- of each portfolio is kept as projects come and go, so that a page need
-- not count the register. Triggers keep both current in the transaction
-- of every write, whoever writes (the store, the bulk loader, an import).

ALTER TABLE projects ADD COLUMN cat_rank INTEGER NOT NULL DEFAULT 2147483647;
UPDATE projects p SET cat_rank = c.position FROM categories c WHERE c.id = p.category_id;

CREATE FUNCTION projects_cat_rank() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.cat_rank := COALESCE((SELECT position FROM categories WHERE id = NEW.category_id), 2147483647);
	RETURN NEW;
END $$;
CREATE TRIGGER projects_cat_rank BEFORE INSERT OR UPDATE OF category_id ON projects
	FOR EACH ROW EXECUTE FUNCTION projects_cat_rank();

CREATE FUNCTION categories_cat_rank() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE projects SET cat_rank = NEW.position WHERE category_id = NEW.id;
	RETURN NULL;
END $$;
CREATE TRIGGER categories_cat_rank AFTER UPDATE OF position ON categories
	FOR EACH ROW WHEN (NEW.position <> OLD.position) EXECUTE FUNCTION categories_cat_rank();

CREATE INDEX projects_list ON projects(cat_rank, code_sort, id);
CREATE INDEX projects_portfolio_list ON projects(portfolio_id, cat_rank, code_sort, id);
CREATE INDEX projects_code_list ON projects(code_sort, id);
DROP INDEX projects_category;
CREATE INDEX projects_category ON projects(category_id, cat_rank, code_sort, id);

CREATE TABLE project_counts (
	portfolio_id BIGINT PRIMARY KEY REFERENCES portfolios(id) ON DELETE CASCADE,
	n            BIGINT NOT NULL
);
INSERT INTO project_counts (portfolio_id, n) SELECT portfolio_id, COUNT(*) FROM projects GROUP BY portfolio_id;

CREATE FUNCTION project_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'INSERT' THEN
		UPDATE project_counts SET n = n - 1 WHERE portfolio_id = OLD.portfolio_id;
	END IF;
	IF TG_OP <> 'DELETE' THEN
		INSERT INTO project_counts (portfolio_id, n) VALUES (NEW.portfolio_id, 1)
			ON CONFLICT (portfolio_id) DO UPDATE SET n = project_counts.n + 1;
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER project_counts_change AFTER INSERT OR DELETE ON projects
	FOR EACH ROW EXECUTE FUNCTION project_counts();
CREATE TRIGGER project_counts_move AFTER UPDATE OF portfolio_id ON projects
	FOR EACH ROW WHEN (NEW.portfolio_id <> OLD.portfolio_id) EXECUTE FUNCTION project_counts();

-- A project's own texts (name and description in each language) are kept
-- on its row too, as {"name.fi": "…", …}, so that a page of projects reads
-- them with the rows rather than a few hundred rows of texts more. The
-- texts table stays what is searched, sorted and checked for uniqueness;
-- these triggers keep the copy current in the transaction of every write.
ALTER TABLE projects ADD COLUMN texts_json TEXT NOT NULL DEFAULT '{}';
CREATE FUNCTION project_texts_json(pid BIGINT) RETURNS TEXT LANGUAGE sql STABLE AS $$
	SELECT COALESCE(json_object_agg(field || '.' || lang, value)::text, '{}')
	FROM texts WHERE entity = 'project' AND entity_id = pid
$$;
UPDATE projects SET texts_json = project_texts_json(id);
CREATE FUNCTION texts_project_json() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'INSERT' AND OLD.entity = 'project' THEN
		UPDATE projects SET texts_json = project_texts_json(OLD.entity_id) WHERE id = OLD.entity_id;
	END IF;
	IF TG_OP <> 'DELETE' AND NEW.entity = 'project' THEN
		UPDATE projects SET texts_json = project_texts_json(NEW.entity_id) WHERE id = NEW.entity_id;
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER texts_project_json AFTER INSERT OR UPDATE OR DELETE ON texts
	FOR EACH ROW EXECUTE FUNCTION texts_project_json();
