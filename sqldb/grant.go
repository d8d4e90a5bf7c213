package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/salkku/salkku"
)

// FindGrants lists a user's roles with the names of their targets.
func (d *DB) FindGrants(ctx context.Context, userID int64) ([]*salkku.Grant, error) {
	out := []*salkku.Grant{}
	err := d.read(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanActAsUser(userID)); err != nil {
			return err
		}
		rows, err := tx.query(`SELECT g.id, g.user_id, g.role, g.portfolio_id, g.project_id, g.created_at, u.name,
			COALESCE(p.code, ''), COALESCE(o.primary_lang, po.primary_lang, 'fi')
			FROM grants g JOIN users u ON u.id = g.user_id
			LEFT JOIN portfolios pf ON pf.id = g.portfolio_id
			LEFT JOIN organisations o ON o.id = pf.organisation_id
			LEFT JOIN projects p ON p.id = g.project_id
			LEFT JOIN portfolios ppf ON ppf.id = p.portfolio_id
			LEFT JOIN organisations po ON po.id = ppf.organisation_id
			WHERE g.user_id = ? ORDER BY g.id`, userID)
		if err != nil {
			return fmt.Errorf("sqldb: find grants: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var g salkku.Grant
			var pf, p sql.NullInt64
			if err := rows.Scan(&g.ID, &g.UserID, &g.Role, &pf, &p, &g.CreatedAt, &g.UserName, &g.TargetCode, &g.Target.Primary); err != nil {
				return fmt.Errorf("sqldb: find grants: %w", err)
			}
			g.PortfolioID, g.ProjectID = idPtr(pf), idPtr(p)
			out = append(out, &g)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		return tx.fillGrantTargets(out)
	})
	return out, err
}

// CreateGrant gives a user a role.
func (d *DB) CreateGrant(ctx context.Context, g *salkku.Grant) error {
	if err := g.Validate(); err != nil {
		return err
	}
	return d.inTx(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanAdminister()); err != nil {
			return err
		}
		fe := salkku.FieldErrors{}
		if err := tx.checkRefs(fe, "users", "user_id", &g.UserID); err != nil {
			return err
		}
		if err := tx.checkRefs(fe, "portfolios", "portfolio_id", g.PortfolioID); err != nil {
			return err
		}
		if err := tx.checkRefs(fe, "projects", "project_id", g.ProjectID); err != nil {
			return err
		}
		if err := fe.Err(); err != nil {
			return err
		}
		g.CreatedAt = tx.now
		id, err := tx.insert(`INSERT INTO grants (user_id, role, portfolio_id, project_id, created_at) VALUES (?, ?, ?, ?, ?)`,
			g.UserID, g.Role, nullID(g.PortfolioID), nullID(g.ProjectID), tx.now)
		if err != nil {
			if salkku.ErrorCode(err) == salkku.ECONFLICT {
				return salkku.Errorf(salkku.ECONFLICT, "error.grant_exists")
			}
			return fmt.Errorf("sqldb: create grant: %w", err)
		}
		g.ID = id
		return tx.audit(actionCreate, "grant", id, g.ProjectID, nil, g)
	})
}

// DeleteGrant takes a role away.
func (d *DB) DeleteGrant(ctx context.Context, id int64) error {
	return d.inTx(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanAdminister()); err != nil {
			return err
		}
		var g salkku.Grant
		var pf, p sql.NullInt64
		err := tx.queryRow(`SELECT id, user_id, role, portfolio_id, project_id, created_at FROM grants WHERE id = ?`, id).
			Scan(&g.ID, &g.UserID, &g.Role, &pf, &p, &g.CreatedAt)
		if err != nil {
			return notFound(fmt.Errorf("sqldb: delete grant: %w", err))
		}
		g.PortfolioID, g.ProjectID = idPtr(pf), idPtr(p)
		if _, err := tx.exec(`DELETE FROM grants WHERE id = ?`, id); err != nil {
			return fmt.Errorf("sqldb: delete grant: %w", err)
		}
		return tx.audit(actionDelete, "grant", id, g.ProjectID, &g, nil)
	})
}

// FindAccess computes what the user may see and do from their grants, the
// sub-portfolios below the granted portfolios (a recursive query from the
// grants down, so its cost follows the user's roles, not the register's
// size) and the projects they manage: by a project-manager grant, or by
// being named the project's manager (users.person_id = projects.manager_id),
// a role derived from the project itself that nothing has to keep in step.
func (d *DB) FindAccess(ctx context.Context, userID int64) (*salkku.Access, error) {
	var a *salkku.Access
	err := d.signInRead(ctx, func(tx *Tx) error {
		u, err := tx.findUser(`id = ?`, userID)
		if err != nil {
			return err
		}
		a, err = tx.accessOf(u)
		return err
	})
	return a, err
}

// accessOf is what the user may do: everything for an administrator,
// else their grants expanded down the trees, the projects they manage
// and their seats in decision bodies.
func (tx *Tx) accessOf(u *salkku.User) (*salkku.Access, error) {
	userID := u.ID
	if u.Admin {
		return &salkku.Access{UserID: userID, Admin: true, Portfolios: map[int64]string{}, Projects: map[int64]int64{}, Organisations: map[int64]string{}}, nil
	}
	grants, err := tx.accessGrants(userID)
	if err != nil {
		return nil, err
	}
	parents, orgOf, err := tx.grantedTree(userID)
	if err != nil {
		return nil, err
	}
	projects, err := tx.managedProjects(userID, orgOf)
	if err != nil {
		return nil, err
	}
	for id := range projects {
		grants = append(grants, &salkku.Grant{Role: salkku.RoleProjectManager, ProjectID: &id})
	}
	a := salkku.ExpandGrants(userID, false, grants, parents, orgOf, projects)
	steers, boards, err := tx.seats(userID, orgOf)
	if err != nil {
		return nil, err
	}
	a.AddBodies(steers, boards, orgOf)
	return a, nil
}

// seats returns the user's seats in decision bodies: the projects whose
// steering group has their person (with each project's portfolio, whose
// organisation it adds to orgOf) and the portfolios whose board has them.
func (tx *Tx) seats(userID int64, orgOf map[int64]int64) (map[int64]int64, []int64, error) {
	steers := map[int64]int64{}
	var boards []int64
	rows, err := tx.query(`SELECT 's', p.id, p.portfolio_id, pf.organisation_id FROM steering_members sm
			JOIN projects p ON p.id = sm.project_id JOIN portfolios pf ON pf.id = p.portfolio_id
			WHERE sm.person_id = (SELECT u.person_id FROM users u WHERE u.id = ?)
		UNION ALL
		SELECT 'b', 0, b.portfolio_id, pf.organisation_id FROM portfolio_board b JOIN portfolios pf ON pf.id = b.portfolio_id
			WHERE b.person_id = (SELECT u.person_id FROM users u WHERE u.id = ?)`, userID, userID)
	if err != nil {
		return nil, nil, fmt.Errorf("sqldb: find access: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind string
		var project, pf, org int64
		if err := rows.Scan(&kind, &project, &pf, &org); err != nil {
			return nil, nil, fmt.Errorf("sqldb: find access: %w", err)
		}
		if kind == "s" {
			steers[project] = pf
		} else {
			boards = append(boards, pf)
		}
		if _, ok := orgOf[pf]; !ok {
			orgOf[pf] = org
		}
	}
	return steers, boards, rows.Err()
}

// accessGrants reads a user's stored roles.
func (tx *Tx) accessGrants(userID int64) ([]*salkku.Grant, error) {
	var grants []*salkku.Grant
	rows, err := tx.query(`SELECT role, portfolio_id, project_id FROM grants WHERE user_id = ?`, userID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: find access: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var g salkku.Grant
		var pf, p sql.NullInt64
		if err := rows.Scan(&g.Role, &pf, &p); err != nil {
			return nil, fmt.Errorf("sqldb: find access: %w", err)
		}
		g.PortfolioID, g.ProjectID = idPtr(pf), idPtr(p)
		grants = append(grants, &g)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqldb: find access: %w", err)
	}
	return grants, nil
}

// grantedTree returns the portfolios the user holds a role on and all
// their sub-portfolios, each with its parent and organisation: the part of
// the tree that salkku.ExpandGrants needs. UNION (not UNION ALL) stops at a
// portfolio already reached, so even a cycle ends.
func (tx *Tx) grantedTree(userID int64) (map[int64]*int64, map[int64]int64, error) {
	parents, orgOf := map[int64]*int64{}, map[int64]int64{}
	rows, err := tx.query(`WITH RECURSIVE tree(id, parent_id, organisation_id) AS (
			SELECT pf.id, pf.parent_id, pf.organisation_id FROM portfolios pf
			WHERE pf.id IN (SELECT g.portfolio_id FROM grants g WHERE g.user_id = ? AND g.portfolio_id IS NOT NULL)
			UNION
			SELECT c.id, c.parent_id, c.organisation_id FROM portfolios c JOIN tree t ON c.parent_id = t.id
		)
		SELECT id, parent_id, organisation_id FROM tree`, userID)
	if err != nil {
		return nil, nil, fmt.Errorf("sqldb: find access: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, org int64
		var parent sql.NullInt64
		if err := rows.Scan(&id, &parent, &org); err != nil {
			return nil, nil, fmt.Errorf("sqldb: find access: %w", err)
		}
		parents[id], orgOf[id] = idPtr(parent), org
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("sqldb: find access: %w", err)
	}
	return parents, orgOf, nil
}

// managedProjects returns the projects the user manages, by grant or as
// the project's named manager, with their portfolios; it adds those
// portfolios' organisations to orgOf.
func (tx *Tx) managedProjects(userID int64, orgOf map[int64]int64) (map[int64]int64, error) {
	projects := map[int64]int64{}
	rows, err := tx.query(`SELECT p.id, p.portfolio_id, pf.organisation_id FROM projects p JOIN portfolios pf ON pf.id = p.portfolio_id
		WHERE p.id IN (SELECT g.project_id FROM grants g WHERE g.user_id = ? AND g.project_id IS NOT NULL)
		UNION
		SELECT p.id, p.portfolio_id, pf.organisation_id FROM projects p JOIN portfolios pf ON pf.id = p.portfolio_id
		WHERE p.manager_id = (SELECT u.person_id FROM users u WHERE u.id = ?)`, userID, userID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: find access: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, pf, org int64
		if err := rows.Scan(&id, &pf, &org); err != nil {
			return nil, fmt.Errorf("sqldb: find access: %w", err)
		}
		projects[id], orgOf[pf] = pf, org
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqldb: find access: %w", err)
	}
	return projects, nil
}

// FindManagedProjects lists the project-manager roles a user has because
// their person is named as a project's manager, for display: they come
// and go with the project's manager field and are not grants.
func (d *DB) FindManagedProjects(ctx context.Context, userID int64) ([]*salkku.Grant, error) {
	out := []*salkku.Grant{}
	err := d.read(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanActAsUser(userID)); err != nil {
			return err
		}
		rows, err := tx.query(`SELECT p.id, p.code, o.primary_lang, u.name FROM projects p JOIN users u ON u.person_id = p.manager_id
			JOIN portfolios pf ON pf.id = p.portfolio_id JOIN organisations o ON o.id = pf.organisation_id
			WHERE u.id = ? ORDER BY p.code_sort, p.id`, userID)
		if err != nil {
			return fmt.Errorf("sqldb: find managed projects: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			g := salkku.Grant{UserID: userID, Role: salkku.RoleProjectManager, FromManagerField: true}
			var id int64
			if err := rows.Scan(&id, &g.TargetCode, &g.Target.Primary, &g.UserName); err != nil {
				return fmt.Errorf("sqldb: find managed projects: %w", err)
			}
			g.ProjectID = &id
			out = append(out, &g)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		return tx.fillGrantTargets(out)
	})
	return out, err
}

// Setting returns a setting's value, "" when unset. The instance key is
// not a setting anyone may read.
func (d *DB) Setting(ctx context.Context, key string) (string, error) {
	m, err := d.Settings(ctx, key)
	return m[key], err
}

// Settings returns several settings at once, in one query: each key's
// value, "" when unset. Settings are public (the accessibility statement
// shows some to anyone); the instance key is not a setting anyone may read.
func (d *DB) Settings(ctx context.Context, keys ...string) (map[string]string, error) {
	out := make(map[string]string, len(keys))
	args := make([]any, 0, len(keys))
	for _, k := range keys {
		if k == "instance_key" {
			return nil, salkku.Errorf(salkku.ENOTFOUND, "error.not_found")
		}
		out[k] = ""
		args = append(args, k)
	}
	if len(keys) == 0 {
		return out, nil
	}
	err := d.signInRead(ctx, func(tx *Tx) error {
		rows, err := tx.query(`SELECT key, value FROM settings WHERE key IN (`+placeholders(len(args))+`)`, args...)
		if err != nil {
			return fmt.Errorf("sqldb: settings: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var k, v string
			if err := rows.Scan(&k, &v); err != nil {
				return fmt.Errorf("sqldb: settings: %w", err)
			}
			out[k] = v
		}
		return rows.Err()
	})
	return out, err
}

// SetSetting stores a setting.
func (d *DB) SetSetting(ctx context.Context, key, value string) error {
	return d.SetSettings(ctx, map[string]string{key: value})
}

// SetSettings stores several settings in one transaction with one audit
// row: the values before and after, by key (admins).
func (d *DB) SetSettings(ctx context.Context, values map[string]string) error {
	if len(values) == 0 {
		return salkku.Errorf(salkku.EINVALID, "error.invalid")
	}
	for k, v := range values {
		if k == "instance_key" || k == "" || !salkku.ValidText(k) || !salkku.ValidText(v) {
			return salkku.Errorf(salkku.EINVALID, "error.invalid")
		}
	}
	return d.inTx(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanAdminister()); err != nil {
			return err
		}
		before := map[string]string{}
		for _, k := range slices.Sorted(maps.Keys(values)) {
			old := ""
			if err := tx.queryRow(`SELECT value FROM settings WHERE key = ?`, k).Scan(&old); err != nil && err != sql.ErrNoRows {
				return fmt.Errorf("sqldb: set setting: %w", err)
			}
			before[k] = old
			if _, err := tx.exec(`DELETE FROM settings WHERE key = ?`, k); err != nil {
				return fmt.Errorf("sqldb: set setting: %w", err)
			}
			if _, err := tx.exec(`INSERT INTO settings (key, value) VALUES (?, ?)`, k, values[k]); err != nil {
				return fmt.Errorf("sqldb: set setting: %w", err)
			}
		}
		return tx.audit(actionUpdate, "setting", 0, nil, before, values)
	})
}

// Audit records an event that changes no record, such as an export.
func (d *DB) Audit(ctx context.Context, action, entity string, id int64, detail any) error {
	return d.inTx(ctx, func(tx *Tx) error {
		if err := allow(tx.access().SignedIn()); err != nil {
			return err
		}
		return tx.audit(action, entity, id, nil, nil, detail)
	})
}

// FindAudit lists audit entries newest first, filtered and paged in SQL
// by the primary key (f.Before, f.After), counted only when f.Count. The
// ids in each entry's records come with the names of what they point to.
func (d *DB) FindAudit(ctx context.Context, f salkku.AuditFilter) ([]*salkku.AuditEntry, int, error) {
	if err := f.Validate(); err != nil {
		return nil, 0, err
	}
	var out []*salkku.AuditEntry
	total := -1
	err := d.read(ctx, func(tx *Tx) error {
		if err := tx.canReadAudit(f); err != nil {
			return err
		}
		var err error
		out, total, err = tx.findAudit(f)
		return err
	})
	return out, total, err
}

// InstanceKey returns the installation's secret key, making it on first
// use. Every instance over the same database gets the same key, so a
// cookie sealed by one opens on another. It is never audited or shown.
func (d *DB) InstanceKey(ctx context.Context) ([]byte, error) {
	var v string
	err := d.signInTx(ctx, func(tx *Tx) error {
		if _, err := tx.exec(`INSERT INTO settings (key, value) VALUES ('instance_key', ?) ON CONFLICT (key) DO NOTHING`, randomSecret(32)); err != nil {
			return fmt.Errorf("sqldb: instance key: %w", err)
		}
		return tx.queryRow(`SELECT value FROM settings WHERE key = 'instance_key'`).Scan(&v)
	})
	if err != nil {
		return nil, err
	}
	return []byte(v), nil
}

// fillGrantTargets names the portfolios and projects of grants, in one
// query per kind, in the reader's language (salkku.LangFrom).
func (tx *Tx) fillGrantTargets(gs []*salkku.Grant) error {
	r := textRefs{}
	for _, g := range gs {
		switch {
		case g.ProjectID != nil:
			r.add(textProject, *g.ProjectID, "name", &g.Target)
		case g.PortfolioID != nil:
			r.add(textPortfolio, *g.PortfolioID, "name", &g.Target)
		}
	}
	if err := tx.fillTexts(r); err != nil {
		return err
	}
	for _, g := range gs {
		name, _ := g.Target.In(salkku.LangFrom(tx.ctx))
		g.TargetName = strings.TrimSpace(g.TargetCode + " " + name)
	}
	return nil
}
