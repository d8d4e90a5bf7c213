-- Issue 12: the number of projects in the register, kept in sixteen
-- rows (a project counts in the row of its id modulo 16) so that the
-- list's total is a sum of sixteen, not of a row per portfolio, and
-- concurrent creates rarely wait on the same row. An id never changes,
-- so a move between portfolios leaves these alone.
CREATE TABLE project_totals (
	slot BIGINT PRIMARY KEY,
	n    BIGINT NOT NULL
);
INSERT INTO project_totals (slot, n) SELECT id % 16, COUNT(*) FROM projects GROUP BY id % 16;

CREATE FUNCTION project_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		INSERT INTO project_totals (slot, n) VALUES (NEW.id % 16, 1)
			ON CONFLICT (slot) DO UPDATE SET n = project_totals.n + 1;
	ELSE
		UPDATE project_totals SET n = n - 1 WHERE slot = OLD.id % 16;
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER project_totals_change AFTER INSERT OR DELETE ON projects
	FOR EACH ROW EXECUTE FUNCTION project_totals();
