-- A user and the person named in the register are one human: each user is
-- linked to their person record, found by e-mail (ignoring case) or made
-- for them. Existing users are linked, or get a person of no organisation.
ALTER TABLE users ADD COLUMN person_id BIGINT REFERENCES people(id) ON DELETE SET NULL;
CREATE UNIQUE INDEX users_person ON users(person_id);
CREATE INDEX people_email ON people(lower(email));
CREATE INDEX people_name ON people(name, id);

UPDATE users SET person_id = (SELECT MIN(p.id) FROM people p WHERE lower(p.email) = users.email);

INSERT INTO people (version, created_at, updated_at, name, email, search_text)
SELECT 1, now(), now(), u.name, u.email, lower(u.name || ' ' || u.email || ' ')
FROM users u WHERE u.person_id IS NULL;

UPDATE users SET person_id = (SELECT MIN(p.id) FROM people p WHERE lower(p.email) = users.email)
WHERE person_id IS NULL;
