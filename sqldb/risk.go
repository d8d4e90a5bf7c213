package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/salkku/salkku"
)

// Projects' risk registers (migration 0009_risks_logs) and the portfolio
// heat map. A risk's texts are JSON objects by language in its own row
// (jsonText); its score is stored for sorting.

const riskSelect = `SELECT r.id, r.version, r.created_at, r.updated_at, r.project_id, r.work_package_id, r.report_id,
	r.description, r.cause, r.consequence, r.probability, r.impact, r.score, r.owner_id, r.mitigation, r.status, r.review_date,
	COALESCE(pe.name, ''), COALESCE(w.code, ''), COALESCE(w.name, ''), p.code, p.name, o.primary_lang
	FROM risks r JOIN projects p ON p.id = r.project_id JOIN portfolios pf ON pf.id = p.portfolio_id
	JOIN organisations o ON o.id = pf.organisation_id
	LEFT JOIN people pe ON pe.id = r.owner_id LEFT JOIN work_packages w ON w.id = r.work_package_id`

func scanRisk(sc interface{ Scan(...any) error }) (*salkku.Risk, error) {
	var r salkku.Risk
	var wp, report, owner sql.NullInt64
	var desc, cause, cons, mit, review, wpName, pName, primary string
	if err := sc.Scan(&r.ID, &r.Version, &r.CreatedAt, &r.UpdatedAt, &r.ProjectID, &wp, &report,
		&desc, &cause, &cons, &r.Probability, &r.Impact, &r.Score, &owner, &mit, &r.Status, &review,
		&r.OwnerName, &r.WorkPackageCode, &wpName, &r.ProjectCode, &pName, &primary); err != nil {
		return nil, err
	}
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	r.WorkPackageID, r.ReportID, r.OwnerID = idPtr(wp), idPtr(report), idPtr(owner)
	r.Description, r.Cause, r.Consequence, r.Mitigation = parseText(desc, primary), parseText(cause, primary), parseText(cons, primary), parseText(mit, primary)
	r.ReviewDate = salkku.Date(review)
	r.WorkPackageName, r.ProjectName = primaryText(wpName, primary), primaryText(pName, primary)
	return &r, nil
}

// primaryText is a name kept in its record's own row, in the primary
// language, as a Text for display.
func primaryText(s, primary string) salkku.Text {
	t := salkku.Text{Primary: primary}
	t.Set(primary, s)
	return t
}

func (tx *Tx) findRisk(id int64) (*salkku.Risk, error) {
	r, err := scanRisk(tx.queryRow(riskSelect+` WHERE r.id = ?`, id))
	if err != nil {
		return nil, notFound(err)
	}
	return r, nil
}

// FindRiskByID returns a risk of a project the caller may see.
func (d *DB) FindRiskByID(ctx context.Context, id int64) (*salkku.Risk, error) {
	var r *salkku.Risk
	err := d.read(ctx, func(tx *Tx) (err error) {
		if r, err = tx.findRisk(id); err != nil {
			return err
		}
		_, err = tx.viewProject(r.ProjectID)
		return err
	})
	return r, err
}

// subPortfolios selects the ids of a portfolio and every portfolio under
// it; its one argument is the portfolio's id.
const subPortfolios = `WITH RECURSIVE sub(id) AS (SELECT id FROM portfolios WHERE id = ?
	UNION ALL SELECT c.id FROM portfolios c JOIN sub ON c.parent_id = sub.id) `

// FindRisks lists a project's risks, or a portfolio's (its sub-portfolios'
// too) that the caller may see, by score and then by id.
func (d *DB) FindRisks(ctx context.Context, f salkku.RiskFilter) ([]*salkku.Risk, int, error) {
	if err := f.Validate(); err != nil {
		return nil, 0, err
	}
	f.Page = f.Page.Normalize()
	var out []*salkku.Risk
	total := 0
	err := d.read(ctx, func(tx *Tx) error {
		with, where, args, err := tx.riskScope(f.ProjectID, f.PortfolioID)
		if err != nil {
			return err
		}
		if f.Probability != 0 {
			where, args = append(where, "r.probability = ?", "r.impact = ?", "r.status <> 'closed'"), append(args, f.Probability, f.Impact)
		}
		if f.Overdue != "" {
			where, args = append(where, "r.status <> 'closed'", "r.review_date <> ''", "r.review_date < ?"), append(args, string(f.Overdue))
		}
		if f.ReportID != nil {
			where, args = append(where, "r.report_id = ?"), append(args, *f.ReportID)
		}
		cond := strings.Join(where, " AND ")
		if total, err = tx.count(with+`SELECT COUNT(*) FROM risks r JOIN projects p ON p.id = r.project_id WHERE `+cond, args...); err != nil {
			return err
		}
		order := ` ORDER BY r.score DESC, r.id`
		if f.Overdue != "" {
			order = ` ORDER BY r.review_date, r.score DESC, r.id`
		}
		rows, err := tx.query(with+riskSelect+` WHERE `+cond+order+sqlLimitOffset(f.Limit, f.Offset), args...)
		if err != nil {
			return fmt.Errorf("sqldb: find risks: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanRisk(rows)
			if err != nil {
				return fmt.Errorf("sqldb: find risks: %w", err)
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, total, err
}

// riskScope checks that the caller sees the project or portfolio and
// returns the WITH clause, conditions and arguments selecting its risks
// (r, joined to its project p).
func (tx *Tx) riskScope(projectID, portfolioID *int64) (with string, where []string, args []any, err error) {
	if projectID != nil {
		if _, err := tx.viewProject(*projectID); err != nil {
			return "", nil, nil, err
		}
		return "", []string{"r.project_id = ?"}, []any{*projectID}, nil
	}
	cond, vargs, err := tx.portfolioViewable(*portfolioID)
	if err != nil {
		return "", nil, nil, err
	}
	return subPortfolios, []string{"p.portfolio_id IN (SELECT id FROM sub)" + cond}, append([]any{*portfolioID}, vargs...), nil
}

// RiskHeatMap counts the portfolio's risks that are not closed, with its
// sub-portfolios', by probability and impact: one grouped query (index
// risks_heat, reached through projects' portfolio_id), whatever the
// number of projects.
func (d *DB) RiskHeatMap(ctx context.Context, portfolioID int64) (*salkku.HeatMap, error) {
	var h *salkku.HeatMap
	err := d.read(ctx, func(tx *Tx) error {
		with, where, args, err := tx.riskScope(nil, &portfolioID)
		if err != nil {
			return err
		}
		rows, err := tx.query(with+`SELECT r.probability, r.impact, COUNT(*) FROM projects p JOIN risks r ON r.project_id = p.id
			WHERE r.status <> 'closed' AND `+strings.Join(where, " AND ")+` GROUP BY r.probability, r.impact`, args...)
		if err != nil {
			return fmt.Errorf("sqldb: heat map: %w", err)
		}
		defer rows.Close()
		var cells []salkku.RiskCell
		for rows.Next() {
			var c salkku.RiskCell
			if err := rows.Scan(&c.Probability, &c.Impact, &c.Count); err != nil {
				return fmt.Errorf("sqldb: heat map: %w", err)
			}
			cells = append(cells, c)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		h = salkku.NewHeatMap(portfolioID, cells)
		return nil
	})
	return h, err
}

// checkRisk reports everything wrong with a risk to be written: the
// input errors of ctx, the domain rules and the references (a work
// package of the project, an owner the caller may see).
func (tx *Tx) checkRisk(ctx context.Context, p *salkku.Project, before, r *salkku.Risk) error {
	pr, err := newProblems(ctx, r.Validate(p.ContentLangs))
	if err != nil {
		return err
	}
	var kept []int64
	if before != nil {
		kept = ids(before.OwnerID)
	}
	fe := salkku.FieldErrors{}
	if err := tx.checkPeople(fe, "owner_id", kept, ids(r.OwnerID)); err != nil {
		return err
	}
	if err := tx.checkRefs(fe, "people", "owner_id", r.OwnerID); err != nil {
		return err
	}
	if err := tx.checkProjectWorkPackage(fe, "work_package_id", p.ID, r.WorkPackageID); err != nil {
		return err
	}
	if err := pr.add(fe.Err()); err != nil {
		return err
	}
	return pr.err()
}

// checkProjectWorkPackage adds a field error unless the work package
// (when one is named) is the project's.
func (tx *Tx) checkProjectWorkPackage(fe salkku.FieldErrors, field string, projectID int64, id *int64) error {
	if id == nil {
		return nil
	}
	var proj int64
	err := tx.queryRow(`SELECT project_id FROM work_packages WHERE id = ?`, *id).Scan(&proj)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		fe.Add(field, "error.not_found_ref")
	case err != nil:
		return fmt.Errorf("sqldb: check work package: %w", err)
	case proj != projectID:
		fe.Add(field, "error.parent_other_project")
	}
	return nil
}

// editRisks loads the project whose register is written and checks the
// caller's right to keep it.
func (tx *Tx) editRisks(projectID int64) (*salkku.Project, error) {
	p, err := tx.viewProject(projectID)
	if err != nil {
		return nil, err
	}
	return p, allow(tx.access().CanEditRisks(p))
}

// CreateRisk adds a risk to a project's register.
func (d *DB) CreateRisk(ctx context.Context, r *salkku.Risk) error {
	return d.inTx(ctx, func(tx *Tx) error {
		exists, err := tx.refProject(r.ProjectID, (*salkku.Access).CanEditRisks)
		if err != nil {
			return err
		}
		if !exists {
			return salkku.FieldErrors{"project_id": "error.not_found_ref"}.Err()
		}
		p, err := tx.editRisks(r.ProjectID)
		if err != nil {
			return err
		}
		if err := tx.checkRisk(ctx, p, nil, r); err != nil {
			return err
		}
		id, err := tx.insert(`INSERT INTO risks (version, created_at, updated_at, project_id, work_package_id, report_id, description, cause, consequence,
			probability, impact, score, owner_id, mitigation, status, review_date) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			tx.now, tx.now, r.ProjectID, nullID(r.WorkPackageID), nullID(r.ReportID), jsonText(r.Description), jsonText(r.Cause), jsonText(r.Consequence),
			r.Probability, r.Impact, r.Score, nullID(r.OwnerID), jsonText(r.Mitigation), r.Status, string(r.ReviewDate))
		if err != nil {
			return fmt.Errorf("sqldb: create risk: %w", err)
		}
		after, err := tx.findRisk(id)
		if err != nil {
			return err
		}
		*r = *after
		return tx.audit(actionCreate, "risk", id, &r.ProjectID, nil, after)
	})
}

// UpdateRisk replaces a risk's fields; it stays in its project.
func (d *DB) UpdateRisk(ctx context.Context, r *salkku.Risk) error {
	return d.inTx(ctx, func(tx *Tx) error {
		before, err := tx.findRisk(r.ID)
		if err != nil {
			return err
		}
		p, err := tx.editRisks(before.ProjectID)
		if err != nil {
			return err
		}
		if r.ProjectID == 0 {
			r.ProjectID = before.ProjectID
		}
		if r.ProjectID != before.ProjectID {
			return salkku.FieldErrors{"project_id": "error.immutable"}.Err()
		}
		if err := tx.checkRisk(ctx, p, before, r); err != nil {
			return err
		}
		res, err := tx.exec(`UPDATE risks SET version = version + 1, updated_at = ?, work_package_id = ?, report_id = ?, description = ?, cause = ?,
			consequence = ?, probability = ?, impact = ?, score = ?, owner_id = ?, mitigation = ?, status = ?, review_date = ? WHERE id = ? AND version = ?`,
			tx.now, nullID(r.WorkPackageID), nullID(r.ReportID), jsonText(r.Description), jsonText(r.Cause), jsonText(r.Consequence),
			r.Probability, r.Impact, r.Score, nullID(r.OwnerID), jsonText(r.Mitigation), r.Status, string(r.ReviewDate), r.ID, r.Version)
		if err != nil {
			return fmt.Errorf("sqldb: update risk: %w", err)
		}
		if err := tx.checkVersion(res, "risks", r.ID); err != nil {
			return err
		}
		after, err := tx.findRisk(r.ID)
		if err != nil {
			return err
		}
		*r = *after
		return tx.audit(actionUpdate, "risk", r.ID, &r.ProjectID, before, after)
	})
}

// DeleteRisk removes a risk from its project's register.
func (d *DB) DeleteRisk(ctx context.Context, id int64) error {
	return d.inTx(ctx, func(tx *Tx) error {
		before, err := tx.findRisk(id)
		if err != nil {
			return err
		}
		if _, err := tx.editRisks(before.ProjectID); err != nil {
			return err
		}
		if _, err := tx.exec(`DELETE FROM risks WHERE id = ?`, id); err != nil {
			return fmt.Errorf("sqldb: delete risk: %w", err)
		}
		return tx.audit(actionDelete, "risk", id, &before.ProjectID, before, nil)
	})
}
