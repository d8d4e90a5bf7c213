-- Issue 12: a project's create writes its texts_json with its row, so
-- that the texts it inserts next find the copy current and rewrite
-- nothing: before, the trigger's UPDATE of the new row cost as much as
-- the row's INSERT (its foreign keys checked again, its item marked stale
-- again). The copy is compared as JSON, not as text, because the store
-- and json_object_agg write the same object in different layouts.
CREATE OR REPLACE FUNCTION texts_project_json() RETURNS trigger LANGUAGE plpgsql AS $$
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
		WHERE p.id = j.id AND p.texts_json::jsonb IS DISTINCT FROM j.texts_json::jsonb;
	END IF;
	RETURN NULL;
END $$;
