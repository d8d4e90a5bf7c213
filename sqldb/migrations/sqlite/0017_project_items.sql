-- Issue 12: the API's project list and a project through the API are,
-- per project, the JSON the API writes for it, kept here so that a page
-- reads fifty short rows and joins nothing. A row's json is NULL while it
-- is stale: these triggers mark it so in the transaction of every write
-- to what it shows (the project, its texts through texts_json, its
-- portfolio's and category's names, its people's names), whoever writes,
-- and gen counts the markings. The store rebuilds stale rows before each
-- write commits (a batch at a time) and when it opens; a read that meets
-- one builds it from the tables, so a stale row is never served.
CREATE TABLE project_items (
	id   INTEGER PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
	gen  INTEGER NOT NULL DEFAULT 0,
	json TEXT
);
CREATE INDEX project_items_stale ON project_items(id) WHERE json IS NULL;
INSERT INTO project_items (id) SELECT id FROM projects;

CREATE TRIGGER project_items_insert AFTER INSERT ON projects BEGIN
	INSERT INTO project_items (id) VALUES (NEW.id);
END;
-- The columns the JSON shows (created_at is never changed): a report's
-- reported_due or a category's cat_rank leaves the item as it is. A
-- column added to the API's project must be added here.
CREATE TRIGGER project_items_update AFTER UPDATE OF version, updated_at, portfolio_id, category_id, code,
	owner_id, manager_id, service_owner_id, vendors, start_month, end_month, continuous, mandatory, tags, status,
	model_id, phase, next_gate, texts_json ON projects BEGIN
	UPDATE project_items SET json = NULL, gen = gen + 1 WHERE id = NEW.id;
END;

CREATE TRIGGER project_items_names_insert AFTER INSERT ON texts
	WHEN NEW.field = 'name' AND NEW.entity IN ('portfolio', 'category') BEGIN
	UPDATE project_items SET json = NULL, gen = gen + 1
		WHERE NEW.entity = 'portfolio' AND id IN (SELECT id FROM projects WHERE portfolio_id = NEW.entity_id);
	UPDATE project_items SET json = NULL, gen = gen + 1
		WHERE NEW.entity = 'category' AND id IN (SELECT id FROM projects WHERE category_id = NEW.entity_id);
END;
CREATE TRIGGER project_items_names_update AFTER UPDATE ON texts
	WHEN (NEW.field = 'name' AND NEW.entity IN ('portfolio', 'category')) OR (OLD.field = 'name' AND OLD.entity IN ('portfolio', 'category')) BEGIN
	UPDATE project_items SET json = NULL, gen = gen + 1
		WHERE id IN (SELECT id FROM projects WHERE NEW.entity = 'portfolio' AND portfolio_id = NEW.entity_id
			UNION SELECT id FROM projects WHERE OLD.entity = 'portfolio' AND portfolio_id = OLD.entity_id
			UNION SELECT id FROM projects WHERE NEW.entity = 'category' AND category_id = NEW.entity_id
			UNION SELECT id FROM projects WHERE OLD.entity = 'category' AND category_id = OLD.entity_id);
END;
CREATE TRIGGER project_items_names_delete AFTER DELETE ON texts
	WHEN OLD.field = 'name' AND OLD.entity IN ('portfolio', 'category') BEGIN
	UPDATE project_items SET json = NULL, gen = gen + 1
		WHERE OLD.entity = 'portfolio' AND id IN (SELECT id FROM projects WHERE portfolio_id = OLD.entity_id);
	UPDATE project_items SET json = NULL, gen = gen + 1
		WHERE OLD.entity = 'category' AND id IN (SELECT id FROM projects WHERE category_id = OLD.entity_id);
END;

CREATE TRIGGER project_items_people AFTER UPDATE OF name ON people WHEN NEW.name IS NOT OLD.name BEGIN
	UPDATE project_items SET json = NULL, gen = gen + 1
		WHERE id IN (SELECT id FROM projects WHERE owner_id = NEW.id
			UNION SELECT id FROM projects WHERE manager_id = NEW.id
			UNION SELECT id FROM projects WHERE service_owner_id = NEW.id);
END;
