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
	id   BIGINT PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
	gen  BIGINT NOT NULL DEFAULT 0,
	json TEXT
);
CREATE INDEX project_items_stale ON project_items(id) WHERE json IS NULL;
INSERT INTO project_items (id) SELECT id FROM projects;

CREATE FUNCTION project_items_project() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		INSERT INTO project_items (id) VALUES (NEW.id);
	ELSE
		UPDATE project_items SET json = NULL, gen = gen + 1 WHERE id = NEW.id;
	END IF;
	RETURN NULL;
END $$;
-- The columns the JSON shows (created_at is never changed): a report's
-- reported_due or a category's cat_rank leaves the item as it is. A
-- column added to the API's project must be added here.
CREATE TRIGGER project_items_project AFTER INSERT OR UPDATE OF version, updated_at, portfolio_id, category_id, code,
	owner_id, manager_id, service_owner_id, vendors, start_month, end_month, continuous, mandatory, tags, status,
	model_id, phase, next_gate, texts_json ON projects
	FOR EACH ROW EXECUTE FUNCTION project_items_project();

-- project_items_named marks the projects that show the name of a
-- portfolio or a category.
CREATE FUNCTION project_items_named(ent TEXT, eid BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	IF ent = 'portfolio' THEN
		UPDATE project_items SET json = NULL, gen = gen + 1
			WHERE id IN (SELECT id FROM projects WHERE portfolio_id = eid);
	ELSIF ent = 'category' THEN
		UPDATE project_items SET json = NULL, gen = gen + 1
			WHERE id IN (SELECT id FROM projects WHERE category_id = eid);
	END IF;
END $$;
CREATE FUNCTION project_items_names() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'INSERT' AND OLD.field = 'name' THEN
		PERFORM project_items_named(OLD.entity, OLD.entity_id);
	END IF;
	IF TG_OP <> 'DELETE' AND NEW.field = 'name'
		AND (TG_OP = 'INSERT' OR OLD.field <> 'name' OR NEW.entity <> OLD.entity OR NEW.entity_id <> OLD.entity_id) THEN
		PERFORM project_items_named(NEW.entity, NEW.entity_id);
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER project_items_names AFTER INSERT OR UPDATE OR DELETE ON texts
	FOR EACH ROW EXECUTE FUNCTION project_items_names();

CREATE FUNCTION project_items_people() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE project_items SET json = NULL, gen = gen + 1
		WHERE id IN (SELECT id FROM projects WHERE owner_id = NEW.id
			UNION SELECT id FROM projects WHERE manager_id = NEW.id
			UNION SELECT id FROM projects WHERE service_owner_id = NEW.id);
	RETURN NULL;
END $$;
CREATE TRIGGER project_items_people AFTER UPDATE OF name ON people
	FOR EACH ROW WHEN (NEW.name IS DISTINCT FROM OLD.name) EXECUTE FUNCTION project_items_people();
