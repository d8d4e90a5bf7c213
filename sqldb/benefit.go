package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/salkku/salkku"
)

// Projects' benefits, their measurements and life-cycle profitability
// (migration 0012_benefits). A benefit row keeps its latest measurement's
// id and day and the number of its measurements (setLatest), so that a
// list reads expected vs realised in one query.

const benefitSelect = `SELECT b.id, b.version, b.created_at, b.updated_at, b.project_id, b.work_package_id, b.description, b.kind,
	b.metric, b.unit, b.baseline, b.target, b.target_date, b.owner_id, b.measurements,
	m.id, m.version, m.created_at, m.updated_at, m.measured_on, m.value, m.note,
	COALESCE(pe.name, ''), COALESCE(w.code, ''), COALESCE(w.name, ''), p.code, p.name, o.primary_lang
	FROM benefits b JOIN projects p ON p.id = b.project_id JOIN portfolios pf ON pf.id = p.portfolio_id
	JOIN organisations o ON o.id = pf.organisation_id
	LEFT JOIN benefit_measurements m ON m.id = b.latest_id
	LEFT JOIN people pe ON pe.id = b.owner_id LEFT JOIN work_packages w ON w.id = b.work_package_id`

func scanBenefit(sc interface{ Scan(...any) error }) (*salkku.Benefit, error) {
	var b salkku.Benefit
	var wp, owner, baseline, target, mID, mVersion, mValue sql.NullInt64
	var mCreated, mUpdated sql.NullTime
	var mOn, mNote sql.NullString
	var desc, metric, targetDate, wpName, pName, primary string
	if err := sc.Scan(&b.ID, &b.Version, &b.CreatedAt, &b.UpdatedAt, &b.ProjectID, &wp, &desc, &b.Kind,
		&metric, &b.Unit, &baseline, &target, &targetDate, &owner, &b.Measurements,
		&mID, &mVersion, &mCreated, &mUpdated, &mOn, &mValue, &mNote,
		&b.OwnerName, &b.WorkPackageCode, &wpName, &b.ProjectCode, &pName, &primary); err != nil {
		return nil, err
	}
	b.CreatedAt, b.UpdatedAt = b.CreatedAt.UTC(), b.UpdatedAt.UTC()
	b.WorkPackageID, b.OwnerID = idPtr(wp), idPtr(owner)
	b.Description, b.Metric = parseText(desc, primary), parseText(metric, primary)
	b.Baseline, b.Target = decimalPtr(baseline), decimalPtr(target)
	b.TargetDate = salkku.Date(targetDate)
	b.WorkPackageName, b.ProjectName = primaryText(wpName, primary), primaryText(pName, primary)
	if mID.Valid {
		b.Latest = &salkku.Measurement{Meta: salkku.Meta{ID: mID.Int64, Version: int(mVersion.Int64), CreatedAt: mCreated.Time.UTC(), UpdatedAt: mUpdated.Time.UTC()},
			BenefitID: b.ID, ProjectID: b.ProjectID, Date: salkku.Date(mOn.String), Value: salkku.Decimal(mValue.Int64), Note: parseText(mNote.String, primary)}
	}
	return &b, nil
}

func decimalPtr(n sql.NullInt64) *salkku.Decimal {
	if !n.Valid {
		return nil
	}
	d := salkku.Decimal(n.Int64)
	return &d
}

func nullDecimal(d *salkku.Decimal) any {
	if d == nil {
		return nil
	}
	return int64(*d)
}

func (tx *Tx) findBenefit(id int64) (*salkku.Benefit, error) {
	b, err := scanBenefit(tx.queryRow(benefitSelect+` WHERE b.id = ?`, id))
	if err != nil {
		return nil, notFound(err)
	}
	return b, nil
}

// FindBenefitByID returns a benefit of a project the caller may see.
func (d *DB) FindBenefitByID(ctx context.Context, id int64) (*salkku.Benefit, error) {
	var b *salkku.Benefit
	err := d.read(ctx, func(tx *Tx) (err error) {
		if b, err = tx.findBenefit(id); err != nil {
			return err
		}
		_, err = tx.viewProject(b.ProjectID)
		return err
	})
	return b, err
}

// FindBenefits lists a project's benefits, or a portfolio's (its
// sub-portfolios' too) that the caller may see, by target date (none
// last), with each one's latest measurement: a count and one query for
// the page.
func (d *DB) FindBenefits(ctx context.Context, f salkku.BenefitFilter) ([]*salkku.Benefit, int, error) {
	if err := f.Validate(); err != nil {
		return nil, 0, err
	}
	f.Page = f.Page.Normalize()
	var out []*salkku.Benefit
	total := 0
	err := d.read(ctx, func(tx *Tx) error {
		with, where, args, err := tx.benefitScope(f.ProjectID, f.PortfolioID)
		if err != nil {
			return err
		}
		if f.Unverified != "" {
			where, args = append(where, "b.target_date <> ''", "b.target_date < ?", "b.latest_on < b.target_date"), append(args, string(f.Unverified))
		}
		cond := strings.Join(where, " AND ")
		if total, err = tx.count(with+`SELECT COUNT(*) FROM benefits b JOIN projects p ON p.id = b.project_id WHERE `+cond, args...); err != nil {
			return err
		}
		rows, err := tx.query(with+benefitSelect+` WHERE `+cond+` ORDER BY CASE WHEN b.target_date = '' THEN 1 ELSE 0 END, b.target_date, p.code, b.id`+sqlLimitOffset(f.Limit, f.Offset),
			args...)
		if err != nil {
			return fmt.Errorf("sqldb: find benefits: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			b, err := scanBenefit(rows)
			if err != nil {
				return fmt.Errorf("sqldb: find benefits: %w", err)
			}
			out = append(out, b)
		}
		return rows.Err()
	})
	return out, total, err
}

// benefitScope checks that the caller sees the project or portfolio and
// returns the WITH clause, conditions and arguments selecting its
// benefits (b, joined to its project p).
func (tx *Tx) benefitScope(projectID, portfolioID *int64) (with string, where []string, args []any, err error) {
	if projectID != nil {
		if _, err := tx.viewProject(*projectID); err != nil {
			return "", nil, nil, err
		}
		return "", []string{"b.project_id = ?"}, []any{*projectID}, nil
	}
	cond, vargs, err := tx.portfolioViewable(*portfolioID)
	if err != nil {
		return "", nil, nil, err
	}
	return subPortfolios, []string{"p.portfolio_id IN (SELECT id FROM sub)" + cond}, append([]any{*portfolioID}, vargs...), nil
}

// editBenefits loads the project whose benefits are written and checks
// the caller's right to keep them.
func (tx *Tx) editBenefits(projectID int64) (*salkku.Project, error) {
	p, err := tx.viewProject(projectID)
	if err != nil {
		return nil, err
	}
	return p, allow(tx.access().CanEditBenefits(p))
}

// checkBenefit reports everything wrong with a benefit to be written.
func (tx *Tx) checkBenefit(ctx context.Context, p *salkku.Project, before, b *salkku.Benefit) error {
	pr, err := newProblems(ctx, b.Validate(p.ContentLangs))
	if err != nil {
		return err
	}
	var kept []int64
	if before != nil {
		kept = ids(before.OwnerID)
	}
	fe := salkku.FieldErrors{}
	if err := tx.checkPeople(fe, "owner_id", kept, ids(b.OwnerID)); err != nil {
		return err
	}
	if err := tx.checkRefs(fe, "people", "owner_id", b.OwnerID); err != nil {
		return err
	}
	if err := tx.checkProjectWorkPackage(fe, "work_package_id", p.ID, b.WorkPackageID); err != nil {
		return err
	}
	if err := pr.add(fe.Err()); err != nil {
		return err
	}
	return pr.err()
}

// CreateBenefit adds an expected benefit to a project.
func (d *DB) CreateBenefit(ctx context.Context, b *salkku.Benefit) error {
	return d.inTx(ctx, func(tx *Tx) error {
		exists, err := tx.refProject(b.ProjectID, (*salkku.Access).CanEditBenefits)
		if err != nil {
			return err
		}
		if !exists {
			return salkku.FieldErrors{"project_id": "error.not_found_ref"}.Err()
		}
		p, err := tx.editBenefits(b.ProjectID)
		if err != nil {
			return err
		}
		if err := tx.checkBenefit(ctx, p, nil, b); err != nil {
			return err
		}
		id, err := tx.insert(`INSERT INTO benefits (version, created_at, updated_at, project_id, work_package_id, description, kind, metric, unit,
			baseline, target, target_date, owner_id) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			tx.now, tx.now, b.ProjectID, nullID(b.WorkPackageID), jsonText(b.Description), b.Kind, jsonText(b.Metric), b.Unit,
			nullDecimal(b.Baseline), nullDecimal(b.Target), string(b.TargetDate), nullID(b.OwnerID))
		if err != nil {
			return fmt.Errorf("sqldb: create benefit: %w", err)
		}
		after, err := tx.findBenefit(id)
		if err != nil {
			return err
		}
		*b = *after
		return tx.audit(actionCreate, "benefit", id, &b.ProjectID, auditBenefit(nil), auditBenefit(after))
	})
}

// auditBenefit is a benefit as the audit log keeps it: its own fields,
// not the latest measurement read with it.
func auditBenefit(b *salkku.Benefit) any {
	if b == nil {
		return nil
	}
	c := *b
	c.Latest, c.Measurements = nil, 0
	return &c
}

// UpdateBenefit replaces a benefit's fields; it stays in its project.
func (d *DB) UpdateBenefit(ctx context.Context, b *salkku.Benefit) error {
	return d.inTx(ctx, func(tx *Tx) error {
		before, err := tx.findBenefit(b.ID)
		if err != nil {
			return err
		}
		p, err := tx.editBenefits(before.ProjectID)
		if err != nil {
			return err
		}
		if b.ProjectID == 0 {
			b.ProjectID = before.ProjectID
		}
		if b.ProjectID != before.ProjectID {
			return salkku.FieldErrors{"project_id": "error.immutable"}.Err()
		}
		if err := tx.checkBenefit(ctx, p, before, b); err != nil {
			return err
		}
		res, err := tx.exec(`UPDATE benefits SET version = version + 1, updated_at = ?, work_package_id = ?, description = ?, kind = ?, metric = ?,
			unit = ?, baseline = ?, target = ?, target_date = ?, owner_id = ? WHERE id = ? AND version = ?`,
			tx.now, nullID(b.WorkPackageID), jsonText(b.Description), b.Kind, jsonText(b.Metric), b.Unit,
			nullDecimal(b.Baseline), nullDecimal(b.Target), string(b.TargetDate), nullID(b.OwnerID), b.ID, b.Version)
		if err != nil {
			return fmt.Errorf("sqldb: update benefit: %w", err)
		}
		if err := tx.checkVersion(res, "benefits", b.ID); err != nil {
			return err
		}
		after, err := tx.findBenefit(b.ID)
		if err != nil {
			return err
		}
		*b = *after
		return tx.audit(actionUpdate, "benefit", b.ID, &b.ProjectID, auditBenefit(before), auditBenefit(after))
	})
}

// DeleteBenefit removes a benefit and its measurements.
func (d *DB) DeleteBenefit(ctx context.Context, id int64) error {
	return d.inTx(ctx, func(tx *Tx) error {
		before, err := tx.findBenefit(id)
		if err != nil {
			return err
		}
		if _, err := tx.editBenefits(before.ProjectID); err != nil {
			return err
		}
		for _, q := range []string{`DELETE FROM benefit_measurements WHERE benefit_id = ?`, `DELETE FROM benefits WHERE id = ?`} {
			if _, err := tx.exec(q, id); err != nil {
				return fmt.Errorf("sqldb: delete benefit: %w", err)
			}
		}
		return tx.audit(actionDelete, "benefit", id, &before.ProjectID, auditBenefit(before), nil)
	})
}

const measurementSelect = `SELECT m.id, m.version, m.created_at, m.updated_at, m.benefit_id, m.measured_on, m.value, m.note, b.project_id, o.primary_lang
	FROM benefit_measurements m JOIN benefits b ON b.id = m.benefit_id JOIN projects p ON p.id = b.project_id
	JOIN portfolios pf ON pf.id = p.portfolio_id JOIN organisations o ON o.id = pf.organisation_id`

func scanMeasurement(sc interface{ Scan(...any) error }) (*salkku.Measurement, error) {
	var m salkku.Measurement
	var on, note, primary string
	if err := sc.Scan(&m.ID, &m.Version, &m.CreatedAt, &m.UpdatedAt, &m.BenefitID, &on, &m.Value, &note, &m.ProjectID, &primary); err != nil {
		return nil, err
	}
	m.CreatedAt, m.UpdatedAt = m.CreatedAt.UTC(), m.UpdatedAt.UTC()
	m.Date, m.Note = salkku.Date(on), parseText(note, primary)
	return &m, nil
}

func (tx *Tx) findMeasurement(id int64) (*salkku.Measurement, error) {
	m, err := scanMeasurement(tx.queryRow(measurementSelect+` WHERE m.id = ?`, id))
	if err != nil {
		return nil, notFound(err)
	}
	return m, nil
}

// FindMeasurementByID returns a measurement of a benefit the caller may
// see.
func (d *DB) FindMeasurementByID(ctx context.Context, id int64) (*salkku.Measurement, error) {
	var m *salkku.Measurement
	err := d.read(ctx, func(tx *Tx) (err error) {
		if m, err = tx.findMeasurement(id); err != nil {
			return err
		}
		_, err = tx.viewProject(m.ProjectID)
		return err
	})
	return m, err
}

// FindMeasurements lists a benefit's measurements by date, oldest first.
// A benefit has a handful a year: the list is not paged.
func (d *DB) FindMeasurements(ctx context.Context, benefitID int64) ([]*salkku.Measurement, error) {
	var out []*salkku.Measurement
	err := d.read(ctx, func(tx *Tx) error {
		b, err := tx.findBenefit(benefitID)
		if err != nil {
			return err
		}
		if _, err := tx.viewProject(b.ProjectID); err != nil {
			return err
		}
		rows, err := tx.query(measurementSelect+` WHERE m.benefit_id = ? ORDER BY m.measured_on, m.id`, benefitID)
		if err != nil {
			return fmt.Errorf("sqldb: find measurements: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			m, err := scanMeasurement(rows)
			if err != nil {
				return fmt.Errorf("sqldb: find measurements: %w", err)
			}
			out = append(out, m)
		}
		return rows.Err()
	})
	return out, err
}

// setLatest rewrites a benefit's latest measurement and count.
func (tx *Tx) setLatest(benefitID int64) error {
	_, err := tx.exec(`UPDATE benefits SET
		latest_id = (SELECT id FROM benefit_measurements WHERE benefit_id = ? ORDER BY measured_on DESC, id DESC LIMIT 1),
		latest_on = COALESCE((SELECT MAX(measured_on) FROM benefit_measurements WHERE benefit_id = ?), ''),
		measurements = (SELECT COUNT(*) FROM benefit_measurements WHERE benefit_id = ?) WHERE id = ?`, benefitID, benefitID, benefitID, benefitID)
	if err != nil {
		return fmt.Errorf("sqldb: benefit's latest measurement: %w", err)
	}
	return nil
}

// measuredBenefit loads the benefit a measurement is written for and
// checks the caller's right to keep it.
func (tx *Tx) measuredBenefit(benefitID int64) (*salkku.Benefit, *salkku.Project, error) {
	b, err := tx.findBenefit(benefitID)
	if err != nil {
		return nil, nil, err
	}
	p, err := tx.editBenefits(b.ProjectID)
	return b, p, err
}

// CreateMeasurement records a measured value of a benefit.
func (d *DB) CreateMeasurement(ctx context.Context, m *salkku.Measurement) error {
	return d.inTx(ctx, func(tx *Tx) error {
		if m.BenefitID <= 0 {
			return validInput(ctx, m.Validate(salkku.DefaultLanguages()))
		}
		b, p, err := tx.measuredBenefit(m.BenefitID)
		if err != nil {
			return err
		}
		if err := validInput(ctx, m.Validate(p.ContentLangs)); err != nil {
			return err
		}
		id, err := tx.insert(`INSERT INTO benefit_measurements (version, created_at, updated_at, benefit_id, measured_on, value, note)
			VALUES (1, ?, ?, ?, ?, ?, ?)`, tx.now, tx.now, b.ID, string(m.Date), int64(m.Value), jsonText(m.Note))
		if err != nil {
			return fmt.Errorf("sqldb: create measurement: %w", err)
		}
		if err := tx.setLatest(b.ID); err != nil {
			return err
		}
		after, err := tx.findMeasurement(id)
		if err != nil {
			return err
		}
		*m = *after
		return tx.audit(actionCreate, "measurement", id, &b.ProjectID, nil, after)
	})
}

// UpdateMeasurement replaces a measurement's day, value and note.
func (d *DB) UpdateMeasurement(ctx context.Context, m *salkku.Measurement) error {
	return d.inTx(ctx, func(tx *Tx) error {
		before, err := tx.findMeasurement(m.ID)
		if err != nil {
			return err
		}
		if m.BenefitID == 0 {
			m.BenefitID = before.BenefitID
		}
		if m.BenefitID != before.BenefitID {
			return salkku.FieldErrors{"benefit_id": "error.immutable"}.Err()
		}
		_, p, err := tx.measuredBenefit(before.BenefitID)
		if err != nil {
			return err
		}
		if err := validInput(ctx, m.Validate(p.ContentLangs)); err != nil {
			return err
		}
		res, err := tx.exec(`UPDATE benefit_measurements SET version = version + 1, updated_at = ?, measured_on = ?, value = ?, note = ?
			WHERE id = ? AND version = ?`, tx.now, string(m.Date), int64(m.Value), jsonText(m.Note), m.ID, m.Version)
		if err != nil {
			return fmt.Errorf("sqldb: update measurement: %w", err)
		}
		if err := tx.checkVersion(res, "benefit_measurements", m.ID); err != nil {
			return err
		}
		if err := tx.setLatest(before.BenefitID); err != nil {
			return err
		}
		after, err := tx.findMeasurement(m.ID)
		if err != nil {
			return err
		}
		*m = *after
		return tx.audit(actionUpdate, "measurement", m.ID, &m.ProjectID, before, after)
	})
}

// DeleteMeasurement removes a measurement.
func (d *DB) DeleteMeasurement(ctx context.Context, id int64) error {
	return d.inTx(ctx, func(tx *Tx) error {
		before, err := tx.findMeasurement(id)
		if err != nil {
			return err
		}
		if _, _, err := tx.measuredBenefit(before.BenefitID); err != nil {
			return err
		}
		if _, err := tx.exec(`DELETE FROM benefit_measurements WHERE id = ?`, id); err != nil {
			return fmt.Errorf("sqldb: delete measurement: %w", err)
		}
		if err := tx.setLatest(before.BenefitID); err != nil {
			return err
		}
		return tx.audit(actionDelete, "measurement", id, &before.ProjectID, before, nil)
	})
}

// findProfitability reads a project's inputs with their years.
func (tx *Tx) findProfitability(projectID int64) (*salkku.Profitability, error) {
	p := &salkku.Profitability{ProjectID: projectID}
	var investment int64
	err := tx.queryRow(`SELECT id, version, created_at, updated_at, investment, years, rate FROM project_profitability WHERE project_id = ?`, projectID).
		Scan(&p.ID, &p.Version, &p.CreatedAt, &p.UpdatedAt, &investment, &p.Years, &p.Rate)
	if err != nil {
		return nil, notFound(err)
	}
	p.CreatedAt, p.UpdatedAt, p.Investment = p.CreatedAt.UTC(), p.UpdatedAt.UTC(), salkku.Money(investment)
	p.Costs, p.Savings = make([]salkku.Money, p.Years), make([]salkku.Money, p.Years)
	rows, err := tx.query(`SELECT year, costs, savings FROM project_profitability_years WHERE profitability_id = ? ORDER BY year`, p.ID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: find profitability: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var y int
		var c, s int64
		if err := rows.Scan(&y, &c, &s); err != nil {
			return nil, fmt.Errorf("sqldb: find profitability: %w", err)
		}
		if y >= 1 && y <= p.Years {
			p.Costs[y-1], p.Savings[y-1] = salkku.Money(c), salkku.Money(s)
		}
	}
	return p, rows.Err()
}

// FindProfitability returns the profitability inputs of a project the
// caller may see; ENOTFOUND when it has none.
func (d *DB) FindProfitability(ctx context.Context, projectID int64) (*salkku.Profitability, error) {
	var p *salkku.Profitability
	err := d.read(ctx, func(tx *Tx) (err error) {
		if _, err = tx.viewProject(projectID); err != nil {
			return err
		}
		p, err = tx.findProfitability(projectID)
		return err
	})
	return p, err
}

// SaveProfitability creates (version 0) or replaces a project's
// profitability inputs, their years rewritten.
func (d *DB) SaveProfitability(ctx context.Context, p *salkku.Profitability) error {
	return d.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.editBenefits(p.ProjectID); err != nil {
			return err
		}
		if err := validInput(ctx, p.Validate()); err != nil {
			return err
		}
		before, err := tx.findProfitability(p.ProjectID)
		if err != nil && salkku.ErrorCode(err) != salkku.ENOTFOUND {
			return err
		}
		action := actionUpdate
		var id int64
		switch {
		case before == nil && p.Version != 0, before != nil && p.Version != before.Version:
			return salkku.Errorf(salkku.ECONFLICT, "error.stale")
		case before == nil:
			action = actionCreate
			if id, err = tx.insert(`INSERT INTO project_profitability (version, created_at, updated_at, project_id, investment, years, rate)
				VALUES (1, ?, ?, ?, ?, ?, ?)`, tx.now, tx.now, p.ProjectID, int64(p.Investment), p.Years, int(p.Rate)); err != nil {
				return fmt.Errorf("sqldb: save profitability: %w", err)
			}
		default:
			id = before.ID
			res, err := tx.exec(`UPDATE project_profitability SET version = version + 1, updated_at = ?, investment = ?, years = ?, rate = ?
				WHERE id = ? AND version = ?`, tx.now, int64(p.Investment), p.Years, int(p.Rate), id, p.Version)
			if err != nil {
				return fmt.Errorf("sqldb: save profitability: %w", err)
			}
			if err := tx.checkVersion(res, "project_profitability", id); err != nil {
				return err
			}
			if _, err := tx.exec(`DELETE FROM project_profitability_years WHERE profitability_id = ?`, id); err != nil {
				return fmt.Errorf("sqldb: save profitability: %w", err)
			}
		}
		// One multi-row INSERT for the years (30 at most).
		vals := make([]string, p.Years)
		args := make([]any, 0, 4*p.Years)
		for y := 1; y <= p.Years; y++ {
			vals[y-1] = "(?, ?, ?, ?)"
			args = append(args, id, y, int64(p.Costs[y-1]), int64(p.Savings[y-1]))
		}
		if _, err := tx.exec(`INSERT INTO project_profitability_years (profitability_id, year, costs, savings) VALUES `+strings.Join(vals, ", "), args...); err != nil {
			return fmt.Errorf("sqldb: save profitability: %w", err)
		}
		after, err := tx.findProfitability(p.ProjectID)
		if err != nil {
			return err
		}
		*p = *after
		var b any
		if before != nil {
			b = before
		}
		return tx.audit(action, "profitability", id, &p.ProjectID, b, after)
	})
}
