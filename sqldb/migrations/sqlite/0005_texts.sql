-- Texts people write in several languages (salkku.Text): names and
-- descriptions of organisations, portfolios, categories, projects and work
-- packages, and of every kind that follows, a row per entity, field and
-- language. fold is salkku.Fold of the value, for search; sort_key is
-- salkku.CollationKey in the row's language, for sorting in the reader's
-- language. scope is set on texts unique within a scope (an
-- organisation's name among all, a category's within its portfolio), so
-- that the unique index keeps them apart in every language.
--
-- The Go step of this migration (migrationSteps in sqldb.go) copies the
-- names and descriptions written before into it, in the primary language,
-- and drops the description columns.
CREATE TABLE texts (
	entity    TEXT NOT NULL,
	entity_id INTEGER NOT NULL,
	field     TEXT NOT NULL,
	lang      TEXT NOT NULL,
	value     TEXT NOT NULL,
	fold      TEXT NOT NULL,
	sort_key  TEXT NOT NULL,
	scope     INTEGER,
	PRIMARY KEY (entity, entity_id, field, lang)
);
CREATE UNIQUE INDEX texts_unique ON texts(entity, field, lang, scope, fold) WHERE scope IS NOT NULL;

-- The content languages of an organisation: the primary one, all used
-- ("fi,sv", the primary first) and those every name must have.
ALTER TABLE organisations ADD COLUMN primary_lang TEXT NOT NULL DEFAULT 'fi';
ALTER TABLE organisations ADD COLUMN languages TEXT NOT NULL DEFAULT 'fi';
ALTER TABLE organisations ADD COLUMN required_languages TEXT NOT NULL DEFAULT 'fi';

-- Names of organisations and categories are unique in every language now,
-- by texts_unique; the folds of the primary name stay, for search.
DROP INDEX organisations_name_fold;
DROP INDEX categories_name_fold;
