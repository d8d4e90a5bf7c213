-- Issue 12: projects.texts_json (0016_list_keys) was rebuilt once for each
-- row of texts written, so a project's create or edit, which writes its
-- name and description in each language in one statement, wrote the
-- project's row once per text, and each of those rows marked its item
-- stale again (0017_project_items). These triggers rebuild it once per
-- statement, for each project whose texts the statement wrote, and write
-- the row only when the copy changed.
DROP TRIGGER texts_project_json ON texts;
DROP FUNCTION texts_project_json();
DROP FUNCTION project_texts_json(BIGINT);

-- A trigger with transition tables has one event, so there are three;
-- the function reads only the tables its event has. The ids are read
-- first: the UPDATE's plan, kept by PL/pgSQL for the session, then names
-- no transition table. The JSON is built in the UPDATE, not by 0016's
-- project_texts_json (dropped), since a call of an SQL function is
-- planned anew in each statement.
CREATE FUNCTION texts_project_json() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	pids BIGINT[];
BEGIN
	IF TG_OP = 'INSERT' THEN
		pids := ARRAY(SELECT DISTINCT entity_id FROM new_texts WHERE entity = 'project');
	ELSIF TG_OP = 'DELETE' THEN
		pids := ARRAY(SELECT DISTINCT entity_id FROM old_texts WHERE entity = 'project');
	ELSE
		pids := ARRAY(SELECT entity_id FROM old_texts WHERE entity = 'project'
			UNION SELECT entity_id FROM new_texts WHERE entity = 'project');
	END IF;
	IF cardinality(pids) > 0 THEN
		UPDATE projects p SET texts_json = j.texts_json
		FROM (SELECT x.id, COALESCE((SELECT json_object_agg(t.field || '.' || t.lang, t.value)
				FROM texts t WHERE t.entity = 'project' AND t.entity_id = x.id)::text, '{}') AS texts_json
			FROM unnest(pids) AS x(id)) j
		WHERE p.id = j.id AND p.texts_json IS DISTINCT FROM j.texts_json;
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER texts_project_json_insert AFTER INSERT ON texts
	REFERENCING NEW TABLE AS new_texts FOR EACH STATEMENT EXECUTE FUNCTION texts_project_json();
CREATE TRIGGER texts_project_json_update AFTER UPDATE ON texts
	REFERENCING OLD TABLE AS old_texts NEW TABLE AS new_texts FOR EACH STATEMENT EXECUTE FUNCTION texts_project_json();
CREATE TRIGGER texts_project_json_delete AFTER DELETE ON texts
	REFERENCING OLD TABLE AS old_texts FOR EACH STATEMENT EXECUTE FUNCTION texts_project_json();
