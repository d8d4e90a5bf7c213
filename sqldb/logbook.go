package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/salkku/salkku"
)

// Decision logs (decision_entries, with the gate decisions of
// gate_decisions read alongside in one query) and communications logs
// (comms_entries), migration 0009_risks_logs.

// decisionLogSelect reads a log's written entries and its gate decisions
// as one list, newest first; the WHERE conditions and arguments of each
// half are given. Every column of both halves has one type, so that
// PostgreSQL unites them.
func decisionLogSelect(entryWhere, gateWhere string) string {
	return `SELECT 'entry' AS kind, e.id, e.version, e.created_at, e.updated_at, e.project_id, e.portfolio_id, e.decided_on,
		e.decided_by, e.decision, e.who, e.who_id, COALESCE(pe.name, ''), e.minutes_url, '' AS gate, '' AS gate_decision, '' AS level,
		COALESCE(p.code, ''), COALESCE(p.name, ''), o.primary_lang
		FROM decision_entries e LEFT JOIN people pe ON pe.id = e.who_id LEFT JOIN projects p ON p.id = e.project_id
		JOIN portfolios pf ON pf.id = COALESCE(p.portfolio_id, e.portfolio_id) JOIN organisations o ON o.id = pf.organisation_id
		WHERE ` + entryWhere + `
		UNION ALL
		SELECT 'gate', d.id, 0, d.recorded_at, d.recorded_at, d.project_id, CAST(NULL AS BIGINT), d.decided_on,
		'{}', d.minutes, d.recorded_by_name, CAST(NULL AS BIGINT), '', d.minutes_url, d.gate, d.decision, d.level,
		p.code, p.name, o.primary_lang
		FROM gate_decisions d JOIN projects p ON p.id = d.project_id JOIN portfolios pf ON pf.id = p.portfolio_id
		JOIN organisations o ON o.id = pf.organisation_id
		WHERE ` + gateWhere
}

func scanDecisionEntry(sc interface{ Scan(...any) error }) (*salkku.DecisionEntry, error) {
	var e salkku.DecisionEntry
	var project, portfolio, who sql.NullInt64
	var on, by, dec, code, name, primary string
	if err := sc.Scan(&e.Kind, &e.ID, &e.Version, &e.CreatedAt, &e.UpdatedAt, &project, &portfolio, &on,
		&by, &dec, &e.Who, &who, &e.WhoName, &e.MinutesURL, &e.Gate, &e.GateDecision, &e.Level, &code, &name, &primary); err != nil {
		return nil, err
	}
	e.CreatedAt, e.UpdatedAt = e.CreatedAt.UTC(), e.UpdatedAt.UTC()
	e.ProjectID, e.PortfolioID, e.WhoID = idPtr(project), idPtr(portfolio), idPtr(who)
	e.DecidedOn, e.DecidedBy, e.Decision = salkku.Date(on), parseText(by, primary), parseText(dec, primary)
	if code != "" || name != "" {
		e.ProjectLabel = code + " " + name
	}
	if e.Kind == salkku.LogGate {
		e.GateDecisionID, e.ID = e.ID, 0
	}
	return &e, nil
}

func (tx *Tx) findDecisionEntry(id int64) (*salkku.DecisionEntry, error) {
	e, err := scanDecisionEntry(tx.queryRow(decisionLogSelect("e.id = ?", "1 = 0"), id))
	if err != nil {
		return nil, notFound(err)
	}
	return e, nil
}

// viewLogOwner checks that the caller sees the entry's project or
// portfolio.
func (tx *Tx) viewLogOwner(projectID, portfolioID *int64) error {
	if projectID != nil {
		_, err := tx.viewProject(*projectID)
		return err
	}
	_, err := tx.viewPortfolio(*portfolioID)
	return err
}

// editLogOwner checks the caller's right to write the log of the entry's
// project or portfolio and returns its content languages.
func (tx *Tx) editLogOwner(projectID, portfolioID *int64) (salkku.Languages, error) {
	if projectID != nil {
		p, err := tx.editRisks(*projectID)
		if err != nil {
			return salkku.Languages{}, err
		}
		return p.ContentLangs, nil
	}
	pf, err := tx.viewPortfolio(*portfolioID)
	if err != nil {
		return salkku.Languages{}, err
	}
	return pf.ContentLangs, allow(tx.access().CanEditPortfolioLog(pf.ID))
}

// FindDecisionEntryByID returns a written entry of a log the caller may
// see.
func (d *DB) FindDecisionEntryByID(ctx context.Context, id int64) (*salkku.DecisionEntry, error) {
	var e *salkku.DecisionEntry
	err := d.read(ctx, func(tx *Tx) (err error) {
		if e, err = tx.findDecisionEntry(id); err != nil {
			return err
		}
		return tx.viewLogOwner(e.ProjectID, e.PortfolioID)
	})
	return e, err
}

// FindDecisionLog lists a project's decisions with its gate decisions, or
// a portfolio's with the portfolio-level gate decisions of its projects
// that the caller sees, newest first: one query for the page and one for
// the total.
func (d *DB) FindDecisionLog(ctx context.Context, f salkku.LogFilter) ([]*salkku.DecisionEntry, int, error) {
	if (f.ProjectID == nil) == (f.PortfolioID == nil) {
		return nil, 0, salkku.FieldErrors{"project_id": "error.required"}.Err()
	}
	f.Page = f.Page.Normalize()
	var out []*salkku.DecisionEntry
	total := 0
	err := d.read(ctx, func(tx *Tx) error {
		var entryWhere, gateWhere string
		var args []any
		if f.ProjectID != nil {
			if _, err := tx.viewProject(*f.ProjectID); err != nil {
				return err
			}
			entryWhere, gateWhere, args = "e.project_id = ?", "d.project_id = ?", []any{*f.ProjectID, *f.ProjectID}
		} else {
			cond, vargs, err := tx.portfolioViewable(*f.PortfolioID)
			if err != nil {
				return err
			}
			entryWhere, gateWhere = "e.portfolio_id = ?", "p.portfolio_id = ? AND d.level = '"+salkku.LevelPortfolio+"'"+cond
			args = append([]any{*f.PortfolioID, *f.PortfolioID}, vargs...)
		}
		q := decisionLogSelect(entryWhere, gateWhere)
		var err error
		if total, err = tx.count(`SELECT COUNT(*) FROM (`+q+`) l`, args...); err != nil {
			return err
		}
		rows, err := tx.query(`SELECT * FROM (`+q+`) l ORDER BY decided_on DESC, kind DESC, id DESC`+sqlLimitOffset(f.Limit, f.Offset), args...)
		if err != nil {
			return fmt.Errorf("sqldb: find decisions: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			e, err := scanDecisionEntry(rows)
			if err != nil {
				return fmt.Errorf("sqldb: find decisions: %w", err)
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, total, err
}

// checkDecisionEntry reports everything wrong with an entry to be
// written.
func (tx *Tx) checkDecisionEntry(ctx context.Context, langs salkku.Languages, before, e *salkku.DecisionEntry) error {
	pr, err := newProblems(ctx, e.Validate(langs, salkku.Today(tx.now)))
	if err != nil {
		return err
	}
	var kept []int64
	if before != nil {
		kept = ids(before.WhoID)
	}
	fe := salkku.FieldErrors{}
	if err := tx.checkPeople(fe, "who_id", kept, ids(e.WhoID)); err != nil {
		return err
	}
	if err := tx.checkRefs(fe, "people", "who_id", e.WhoID); err != nil {
		return err
	}
	if err := pr.add(fe.Err()); err != nil {
		return err
	}
	return pr.err()
}

// CreateDecisionEntry writes a decision in a project's or a portfolio's
// log.
func (d *DB) CreateDecisionEntry(ctx context.Context, e *salkku.DecisionEntry) error {
	return d.inTx(ctx, func(tx *Tx) error {
		if (e.ProjectID == nil) == (e.PortfolioID == nil) {
			return validInput(ctx, e.Validate(salkku.DefaultLanguages(), ""))
		}
		if e.ProjectID != nil {
			exists, err := tx.refProject(*e.ProjectID, (*salkku.Access).CanEditRisks)
			if err != nil {
				return err
			}
			if !exists {
				return salkku.FieldErrors{"project_id": "error.not_found_ref"}.Err()
			}
		}
		langs, err := tx.editLogOwner(e.ProjectID, e.PortfolioID)
		if err != nil {
			return err
		}
		if err := tx.checkDecisionEntry(ctx, langs, nil, e); err != nil {
			return err
		}
		id, err := tx.insert(`INSERT INTO decision_entries (version, created_at, updated_at, project_id, portfolio_id, decided_on, decided_by, decision, who, who_id, minutes_url)
			VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, tx.now, tx.now, nullID(e.ProjectID), nullID(e.PortfolioID), string(e.DecidedOn),
			jsonText(e.DecidedBy), jsonText(e.Decision), e.Who, nullID(e.WhoID), e.MinutesURL)
		if err != nil {
			return fmt.Errorf("sqldb: create decision: %w", err)
		}
		after, err := tx.findDecisionEntry(id)
		if err != nil {
			return err
		}
		*e = *after
		return tx.audit(actionCreate, "decision_entry", id, e.ProjectID, nil, auditEntry(after))
	})
}

// UpdateDecisionEntry replaces a written entry; it stays in its log.
func (d *DB) UpdateDecisionEntry(ctx context.Context, e *salkku.DecisionEntry) error {
	return d.inTx(ctx, func(tx *Tx) error {
		before, err := tx.findDecisionEntry(e.ID)
		if err != nil {
			return err
		}
		langs, err := tx.editLogOwner(before.ProjectID, before.PortfolioID)
		if err != nil {
			return err
		}
		if e.ProjectID == nil && e.PortfolioID == nil {
			e.ProjectID, e.PortfolioID = before.ProjectID, before.PortfolioID
		}
		if !sameID(e.ProjectID, before.ProjectID) || !sameID(e.PortfolioID, before.PortfolioID) {
			return salkku.FieldErrors{"project_id": "error.immutable"}.Err()
		}
		if err := tx.checkDecisionEntry(ctx, langs, before, e); err != nil {
			return err
		}
		res, err := tx.exec(`UPDATE decision_entries SET version = version + 1, updated_at = ?, decided_on = ?, decided_by = ?, decision = ?, who = ?, who_id = ?, minutes_url = ?
			WHERE id = ? AND version = ?`, tx.now, string(e.DecidedOn), jsonText(e.DecidedBy), jsonText(e.Decision), e.Who, nullID(e.WhoID), e.MinutesURL, e.ID, e.Version)
		if err != nil {
			return fmt.Errorf("sqldb: update decision: %w", err)
		}
		if err := tx.checkVersion(res, "decision_entries", e.ID); err != nil {
			return err
		}
		after, err := tx.findDecisionEntry(e.ID)
		if err != nil {
			return err
		}
		*e = *after
		return tx.audit(actionUpdate, "decision_entry", e.ID, e.ProjectID, auditEntry(before), auditEntry(after))
	})
}

// DeleteDecisionEntry removes a written entry; gate decisions stay.
func (d *DB) DeleteDecisionEntry(ctx context.Context, id int64) error {
	return d.inTx(ctx, func(tx *Tx) error {
		before, err := tx.findDecisionEntry(id)
		if err != nil {
			return err
		}
		if _, err := tx.editLogOwner(before.ProjectID, before.PortfolioID); err != nil {
			return err
		}
		if _, err := tx.exec(`DELETE FROM decision_entries WHERE id = ?`, id); err != nil {
			return fmt.Errorf("sqldb: delete decision: %w", err)
		}
		return tx.audit(actionDelete, "decision_entry", id, before.ProjectID, auditEntry(before), nil)
	})
}

// auditEntry is what the audit log keeps of a written entry: its fields,
// without the kind every written entry has.
func auditEntry(e *salkku.DecisionEntry) *salkku.DecisionEntry {
	c := *e
	c.Kind = ""
	return &c
}

const commsSelect = `SELECT c.id, c.version, c.created_at, c.updated_at, c.project_id, c.work_package_id, c.on_day, c.start_month, c.end_month,
	c.channel, c.scope, c.audience, c.subject, c.link, COALESCE(w.code, ''), COALESCE(w.name, ''), o.primary_lang
	FROM comms_entries c JOIN projects p ON p.id = c.project_id JOIN portfolios pf ON pf.id = p.portfolio_id
	JOIN organisations o ON o.id = pf.organisation_id LEFT JOIN work_packages w ON w.id = c.work_package_id`

func scanCommsEntry(sc interface{ Scan(...any) error }) (*salkku.CommsEntry, error) {
	var c salkku.CommsEntry
	var wp, start, end sql.NullInt64
	var on, audience, subject, wpName, primary string
	if err := sc.Scan(&c.ID, &c.Version, &c.CreatedAt, &c.UpdatedAt, &c.ProjectID, &wp, &on, &start, &end,
		&c.Channel, &c.Scope, &audience, &subject, &c.Link, &c.WorkPackageCode, &wpName, &primary); err != nil {
		return nil, err
	}
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	c.WorkPackageID, c.Date = idPtr(wp), salkku.Date(on)
	c.Start, c.End = salkku.Month(start.Int64), salkku.Month(end.Int64)
	c.Audience, c.Subject, c.WorkPackageName = parseText(audience, primary), parseText(subject, primary), primaryText(wpName, primary)
	return &c, nil
}

func (tx *Tx) findCommsEntry(id int64) (*salkku.CommsEntry, error) {
	c, err := scanCommsEntry(tx.queryRow(commsSelect+` WHERE c.id = ?`, id))
	if err != nil {
		return nil, notFound(err)
	}
	return c, nil
}

// FindCommsEntryByID returns an entry of a project the caller may see.
func (d *DB) FindCommsEntryByID(ctx context.Context, id int64) (*salkku.CommsEntry, error) {
	var c *salkku.CommsEntry
	err := d.read(ctx, func(tx *Tx) (err error) {
		if c, err = tx.findCommsEntry(id); err != nil {
			return err
		}
		_, err = tx.viewProject(c.ProjectID)
		return err
	})
	return c, err
}

// FindCommsLog lists a project's communications by day, the earliest
// first; those with no day or period last.
func (d *DB) FindCommsLog(ctx context.Context, f salkku.LogFilter) ([]*salkku.CommsEntry, int, error) {
	if f.ProjectID == nil || f.PortfolioID != nil {
		return nil, 0, salkku.FieldErrors{"project_id": "error.required"}.Err()
	}
	f.Page = f.Page.Normalize()
	var out []*salkku.CommsEntry
	total := 0
	err := d.read(ctx, func(tx *Tx) error {
		if _, err := tx.viewProject(*f.ProjectID); err != nil {
			return err
		}
		var err error
		if total, err = tx.count(`SELECT COUNT(*) FROM comms_entries WHERE project_id = ?`, *f.ProjectID); err != nil {
			return err
		}
		rows, err := tx.query(commsSelect+` WHERE c.project_id = ? ORDER BY (c.sort_day = ''), c.sort_day, c.id`+sqlLimitOffset(f.Limit, f.Offset), *f.ProjectID)
		if err != nil {
			return fmt.Errorf("sqldb: find communications: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			c, err := scanCommsEntry(rows)
			if err != nil {
				return fmt.Errorf("sqldb: find communications: %w", err)
			}
			out = append(out, c)
		}
		return rows.Err()
	})
	return out, total, err
}

func (tx *Tx) checkCommsEntry(ctx context.Context, p *salkku.Project, c *salkku.CommsEntry) error {
	pr, err := newProblems(ctx, c.Validate(p.ContentLangs))
	if err != nil {
		return err
	}
	fe := salkku.FieldErrors{}
	if err := tx.checkProjectWorkPackage(fe, "work_package_id", p.ID, c.WorkPackageID); err != nil {
		return err
	}
	if err := pr.add(fe.Err()); err != nil {
		return err
	}
	return pr.err()
}

// CreateCommsEntry adds a line to a project's communications log.
func (d *DB) CreateCommsEntry(ctx context.Context, c *salkku.CommsEntry) error {
	return d.inTx(ctx, func(tx *Tx) error {
		exists, err := tx.refProject(c.ProjectID, (*salkku.Access).CanEditRisks)
		if err != nil {
			return err
		}
		if !exists {
			return salkku.FieldErrors{"project_id": "error.not_found_ref"}.Err()
		}
		p, err := tx.editRisks(c.ProjectID)
		if err != nil {
			return err
		}
		if err := tx.checkCommsEntry(ctx, p, c); err != nil {
			return err
		}
		id, err := tx.insert(`INSERT INTO comms_entries (version, created_at, updated_at, project_id, work_package_id, on_day, start_month, end_month, sort_day,
			channel, scope, audience, subject, link) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			tx.now, tx.now, c.ProjectID, nullID(c.WorkPackageID), string(c.Date), nullMonth(c.Start), nullMonth(c.End), string(c.SortDay()),
			c.Channel, c.Scope, jsonText(c.Audience), jsonText(c.Subject), c.Link)
		if err != nil {
			return fmt.Errorf("sqldb: create communication: %w", err)
		}
		after, err := tx.findCommsEntry(id)
		if err != nil {
			return err
		}
		*c = *after
		return tx.audit(actionCreate, "comms_entry", id, &c.ProjectID, nil, after)
	})
}

// UpdateCommsEntry replaces a line of the log; it stays in its project.
func (d *DB) UpdateCommsEntry(ctx context.Context, c *salkku.CommsEntry) error {
	return d.inTx(ctx, func(tx *Tx) error {
		before, err := tx.findCommsEntry(c.ID)
		if err != nil {
			return err
		}
		p, err := tx.editRisks(before.ProjectID)
		if err != nil {
			return err
		}
		if c.ProjectID == 0 {
			c.ProjectID = before.ProjectID
		}
		if c.ProjectID != before.ProjectID {
			return salkku.FieldErrors{"project_id": "error.immutable"}.Err()
		}
		if err := tx.checkCommsEntry(ctx, p, c); err != nil {
			return err
		}
		res, err := tx.exec(`UPDATE comms_entries SET version = version + 1, updated_at = ?, work_package_id = ?, on_day = ?, start_month = ?, end_month = ?,
			sort_day = ?, channel = ?, scope = ?, audience = ?, subject = ?, link = ? WHERE id = ? AND version = ?`,
			tx.now, nullID(c.WorkPackageID), string(c.Date), nullMonth(c.Start), nullMonth(c.End), string(c.SortDay()),
			c.Channel, c.Scope, jsonText(c.Audience), jsonText(c.Subject), c.Link, c.ID, c.Version)
		if err != nil {
			return fmt.Errorf("sqldb: update communication: %w", err)
		}
		if err := tx.checkVersion(res, "comms_entries", c.ID); err != nil {
			return err
		}
		after, err := tx.findCommsEntry(c.ID)
		if err != nil {
			return err
		}
		*c = *after
		return tx.audit(actionUpdate, "comms_entry", c.ID, &c.ProjectID, before, after)
	})
}

// DeleteCommsEntry removes a line of a communications log.
func (d *DB) DeleteCommsEntry(ctx context.Context, id int64) error {
	return d.inTx(ctx, func(tx *Tx) error {
		before, err := tx.findCommsEntry(id)
		if err != nil {
			return err
		}
		if _, err := tx.editRisks(before.ProjectID); err != nil {
			return err
		}
		if _, err := tx.exec(`DELETE FROM comms_entries WHERE id = ?`, id); err != nil {
			return fmt.Errorf("sqldb: delete communication: %w", err)
		}
		return tx.audit(actionDelete, "comms_entry", id, &before.ProjectID, before, nil)
	})
}
