-- Issue 12: one page of projects costs the same whatever the register's
-- size. The default order (category position, then code) is kept on the
-- project itself, where an index can serve it, and the number of projects
-- of each portfolio is kept as projects come and go, so that a page need
-- not count the register. Triggers keep both current in the transaction
-- of every write, whoever writes (the store, the bulk loader, an import).

ALTER TABLE projects ADD COLUMN cat_rank INTEGER NOT NULL DEFAULT 2147483647;
UPDATE projects SET cat_rank = COALESCE((SELECT c.position FROM categories c WHERE c.id = projects.category_id), 2147483647);

CREATE TRIGGER projects_cat_rank_insert AFTER INSERT ON projects WHEN NEW.category_id IS NOT NULL BEGIN
	UPDATE projects SET cat_rank = COALESCE((SELECT position FROM categories WHERE id = NEW.category_id), 2147483647) WHERE id = NEW.id;
END;
CREATE TRIGGER projects_cat_rank_update AFTER UPDATE OF category_id ON projects BEGIN
	UPDATE projects SET cat_rank = COALESCE((SELECT position FROM categories WHERE id = NEW.category_id), 2147483647) WHERE id = NEW.id;
END;
CREATE TRIGGER categories_cat_rank AFTER UPDATE OF position ON categories WHEN NEW.position <> OLD.position BEGIN
	UPDATE projects SET cat_rank = NEW.position WHERE category_id = NEW.id;
END;

CREATE INDEX projects_list ON projects(cat_rank, code_sort, id);
CREATE INDEX projects_portfolio_list ON projects(portfolio_id, cat_rank, code_sort, id);
CREATE INDEX projects_code_list ON projects(code_sort, id);
DROP INDEX projects_category;
CREATE INDEX projects_category ON projects(category_id, cat_rank, code_sort, id);

CREATE TABLE project_counts (
	portfolio_id INTEGER PRIMARY KEY REFERENCES portfolios(id) ON DELETE CASCADE,
	n            INTEGER NOT NULL
);
INSERT INTO project_counts (portfolio_id, n) SELECT portfolio_id, COUNT(*) FROM projects GROUP BY portfolio_id;

CREATE TRIGGER project_counts_insert AFTER INSERT ON projects BEGIN
	INSERT INTO project_counts (portfolio_id, n) VALUES (NEW.portfolio_id, 1)
		ON CONFLICT (portfolio_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER project_counts_delete AFTER DELETE ON projects BEGIN
	UPDATE project_counts SET n = n - 1 WHERE portfolio_id = OLD.portfolio_id;
END;
CREATE TRIGGER project_counts_move AFTER UPDATE OF portfolio_id ON projects WHEN NEW.portfolio_id <> OLD.portfolio_id BEGIN
	UPDATE project_counts SET n = n - 1 WHERE portfolio_id = OLD.portfolio_id;
	INSERT INTO project_counts (portfolio_id, n) VALUES (NEW.portfolio_id, 1)
		ON CONFLICT (portfolio_id) DO UPDATE SET n = n + 1;
END;

-- The texts of a page's rows are read by their key, a few hundred at a
-- time: kept in key order (WITHOUT ROWID), each is one seek, not a seek
-- in the key and another in the table.
CREATE TABLE texts_by_key (
	entity    TEXT NOT NULL,
	entity_id INTEGER NOT NULL,
	field     TEXT NOT NULL,
	lang      TEXT NOT NULL,
	value     TEXT NOT NULL,
	fold      TEXT NOT NULL,
	sort_key  TEXT NOT NULL,
	scope     INTEGER,
	PRIMARY KEY (entity, entity_id, field, lang)
) WITHOUT ROWID;
INSERT INTO texts_by_key SELECT entity, entity_id, field, lang, value, fold, sort_key, scope FROM texts;
DROP TABLE texts;
ALTER TABLE texts_by_key RENAME TO texts;
CREATE UNIQUE INDEX texts_unique ON texts(entity, field, lang, scope, fold) WHERE scope IS NOT NULL;

-- A project's own texts (name and description in each language) are kept
-- on its row too, as {"name.fi": "…", …}, so that a page of projects reads
-- them with the rows rather than a few hundred rows of texts more. The
-- texts table stays what is searched, sorted and checked for uniqueness;
-- these triggers keep the copy current in the transaction of every write.
ALTER TABLE projects ADD COLUMN texts_json TEXT NOT NULL DEFAULT '{}';
UPDATE projects SET texts_json = COALESCE((SELECT json_group_object(t.field || '.' || t.lang, t.value)
	FROM texts t WHERE t.entity = 'project' AND t.entity_id = projects.id), '{}');
CREATE TRIGGER texts_project_insert AFTER INSERT ON texts WHEN NEW.entity = 'project' BEGIN
	UPDATE projects SET texts_json = COALESCE((SELECT json_group_object(t.field || '.' || t.lang, t.value)
		FROM texts t WHERE t.entity = 'project' AND t.entity_id = NEW.entity_id), '{}') WHERE id = NEW.entity_id;
END;
CREATE TRIGGER texts_project_update AFTER UPDATE ON texts WHEN NEW.entity = 'project' OR OLD.entity = 'project' BEGIN
	UPDATE projects SET texts_json = COALESCE((SELECT json_group_object(t.field || '.' || t.lang, t.value)
		FROM texts t WHERE t.entity = 'project' AND t.entity_id = projects.id), '{}')
		WHERE id IN (NEW.entity_id, OLD.entity_id);
END;
CREATE TRIGGER texts_project_delete AFTER DELETE ON texts WHEN OLD.entity = 'project' BEGIN
	UPDATE projects SET texts_json = COALESCE((SELECT json_group_object(t.field || '.' || t.lang, t.value)
		FROM texts t WHERE t.entity = 'project' AND t.entity_id = OLD.entity_id), '{}') WHERE id = OLD.entity_id;
END;
