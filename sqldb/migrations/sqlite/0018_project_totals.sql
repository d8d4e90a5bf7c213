-- Issue 12: the number of projects in the register, kept in sixteen
-- rows (a project counts in the row of its id modulo 16) so that the
-- list's total is a sum of sixteen, not of a row per portfolio, and
-- concurrent creates on PostgreSQL rarely wait on the same row. An id
-- never changes, so a move between portfolios leaves these alone.
CREATE TABLE project_totals (
	slot INTEGER PRIMARY KEY,
	n    INTEGER NOT NULL
);
INSERT INTO project_totals (slot, n) SELECT id % 16, COUNT(*) FROM projects GROUP BY id % 16;

CREATE TRIGGER project_totals_insert AFTER INSERT ON projects BEGIN
	INSERT INTO project_totals (slot, n) VALUES (NEW.id % 16, 1)
		ON CONFLICT (slot) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER project_totals_delete AFTER DELETE ON projects BEGIN
	UPDATE project_totals SET n = n - 1 WHERE slot = OLD.id % 16;
END;

