-- Codes and names are unique regardless of case ("dup-case-0" and
-- "DUP-case-0" are one code), under concurrency too: each gets a folded
-- column, written by the store as salkku.Fold computes it (SQLite's lower()
-- knows only ASCII, and the names are Finnish), under a unique index.
--
-- The values set here only keep the new indexes satisfiable: each is
-- unique by the row's id and never a real fold, since no code or name
-- holds a line break. The Go step of this migration (migrationSteps in
-- sqldb.go) replaces them with the real folds in the same transaction;
-- rows that already clash keep a marked fold until they are renamed.
ALTER TABLE organisations ADD COLUMN name_fold TEXT NOT NULL DEFAULT '';
UPDATE organisations SET name_fold = lower(name) || chr(10) || id::text;
CREATE UNIQUE INDEX organisations_name_fold ON organisations(name_fold);

ALTER TABLE categories ADD COLUMN name_fold TEXT NOT NULL DEFAULT '';
UPDATE categories SET name_fold = lower(name) || chr(10) || id::text;
CREATE UNIQUE INDEX categories_name_fold ON categories(portfolio_id, name_fold);

ALTER TABLE projects ADD COLUMN code_fold TEXT NOT NULL DEFAULT '';
UPDATE projects SET code_fold = lower(code) || chr(10) || id::text;
CREATE UNIQUE INDEX projects_code_fold ON projects(portfolio_id, code_fold);

-- A work package may have no code: those are not indexed.
ALTER TABLE work_packages ADD COLUMN code_fold TEXT NOT NULL DEFAULT '';
UPDATE work_packages SET code_fold = lower(code) || chr(10) || id::text WHERE code <> '';
CREATE UNIQUE INDEX work_packages_code_fold ON work_packages(project_id, code_fold) WHERE code_fold <> '';
