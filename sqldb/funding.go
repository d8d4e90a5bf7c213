package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/salkku/salkku"
)

// Actuals, funding sources and payment applications (migration
// 0011_finance). Every write to an actual refreshes its project's
// finance totals in the same transaction.

const actualSelect = `SELECT a.id, a.version, a.created_at, a.updated_at, a.project_id, a.work_package_id, a.category_id, a.month, a.amount,
	a.description, a.import_id, a.source_key, c.name, COALESCE(w.code, ''), o.primary_lang
	FROM actuals a JOIN cost_categories c ON c.id = a.category_id JOIN organisations o ON o.id = c.organisation_id
	LEFT JOIN work_packages w ON w.id = a.work_package_id`

func scanActual(sc interface{ Scan(...any) error }) (*salkku.Actual, error) {
	var a salkku.Actual
	var wp, imp sql.NullInt64
	var cat, primary string
	if err := sc.Scan(&a.ID, &a.Version, &a.CreatedAt, &a.UpdatedAt, &a.ProjectID, &wp, &a.CategoryID, &a.Month, &a.Amount,
		&a.Description, &imp, &a.SourceKey, &cat, &a.WorkPackageCode, &primary); err != nil {
		return nil, err
	}
	a.CreatedAt, a.UpdatedAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	a.WorkPackageID, a.ImportID = idPtr(wp), idPtr(imp)
	a.CategoryName = parseText(cat, primary)
	return &a, nil
}

func (tx *Tx) findActual(id int64) (*salkku.Actual, error) {
	a, err := scanActual(tx.queryRow(actualSelect+` WHERE a.id = ?`, id))
	if err != nil {
		return nil, notFound(err)
	}
	return a, nil
}

// FindActualByID returns an actual of a project the caller may see.
func (d *DB) FindActualByID(ctx context.Context, id int64) (*salkku.Actual, error) {
	var out *salkku.Actual
	err := d.read(ctx, func(tx *Tx) (err error) {
		if out, err = tx.findActual(id); err != nil {
			return err
		}
		_, err = tx.viewProject(out.ProjectID)
		return err
	})
	return out, err
}

// FindActuals lists a project's actuals newest first, one page after the
// keyset cursor.
func (d *DB) FindActuals(ctx context.Context, f salkku.ActualFilter) ([]*salkku.Actual, error) {
	if f.Limit <= 0 || f.Limit > salkku.MaxPageSize {
		f.Limit = salkku.DefaultPageSize
	}
	out := []*salkku.Actual{}
	err := d.read(ctx, func(tx *Tx) error {
		if _, err := tx.viewProject(f.ProjectID); err != nil {
			return err
		}
		q, args := actualSelect+` WHERE a.project_id = ?`, []any{f.ProjectID}
		if f.CategoryID != nil {
			q, args = q+` AND a.category_id = ?`, append(args, *f.CategoryID)
		}
		if !f.From.IsZero() {
			q, args = q+` AND a.month >= ?`, append(args, f.From)
		}
		if !f.To.IsZero() {
			q, args = q+` AND a.month <= ?`, append(args, f.To)
		}
		if f.AfterID != 0 {
			q, args = q+` AND (a.month < ? OR a.month = ? AND a.id < ?)`, append(args, f.AfterMonth, f.AfterMonth, f.AfterID)
		}
		rows, err := tx.query(q+` ORDER BY a.month DESC, a.id DESC`+sqlLimit(f.Limit), args...)
		if err != nil {
			return fmt.Errorf("sqldb: find actuals: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			a, err := scanActual(rows)
			if err != nil {
				return fmt.Errorf("sqldb: find actuals: %w", err)
			}
			out = append(out, a)
		}
		return rows.Err()
	})
	return out, err
}

func (tx *Tx) checkActual(ctx context.Context, p *salkku.Project, a *salkku.Actual) error {
	pr, err := newProblems(ctx, a.Validate(p))
	if err != nil {
		return err
	}
	fe := salkku.FieldErrors{}
	if err := tx.checkFinanceRefs(fe, p, func(yield func(string, int64, *int64) bool) { yield("", a.CategoryID, a.WorkPackageID) }); err != nil {
		return err
	}
	// checkFinanceRefs names fields with a prefix; an actual's are bare.
	for k, v := range fe {
		pr.fe.Add(k[1:], v)
	}
	return pr.err()
}

// CreateActual records money spent by hand.
func (d *DB) CreateActual(ctx context.Context, a *salkku.Actual) error {
	return d.inTx(ctx, func(tx *Tx) error {
		exists, err := tx.refProject(a.ProjectID, (*salkku.Access).CanEditFinance)
		if err != nil {
			return err
		}
		if !exists {
			return salkku.FieldErrors{"project_id": "error.not_found_ref"}.Err()
		}
		p, err := tx.editFinance(a.ProjectID)
		if err != nil {
			return err
		}
		if err := tx.checkActual(ctx, p, a); err != nil {
			return err
		}
		id, err := tx.insert(`INSERT INTO actuals (created_at, updated_at, project_id, work_package_id, category_id, month, amount, description) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			tx.now, tx.now, p.ID, nullID(a.WorkPackageID), a.CategoryID, a.Month, a.Amount, a.Description)
		if err != nil {
			return fmt.Errorf("sqldb: create actual: %w", err)
		}
		if err := tx.refreshFinance(p); err != nil {
			return err
		}
		after, err := tx.findActual(id)
		if err != nil {
			return err
		}
		*a = *after
		return tx.audit(actionCreate, "actual", id, &p.ID, nil, after)
	})
}

// UpdateActual corrects an actual; it stays in its project.
func (d *DB) UpdateActual(ctx context.Context, a *salkku.Actual) error {
	return d.inTx(ctx, func(tx *Tx) error {
		before, err := tx.findActual(a.ID)
		if err != nil {
			return err
		}
		p, err := tx.editFinance(before.ProjectID)
		if err != nil {
			return err
		}
		if a.ProjectID == 0 {
			a.ProjectID = before.ProjectID
		}
		if a.ProjectID != before.ProjectID {
			return salkku.FieldErrors{"project_id": "error.immutable"}.Err()
		}
		if err := tx.checkActual(ctx, p, a); err != nil {
			return err
		}
		res, err := tx.exec(`UPDATE actuals SET version = version + 1, updated_at = ?, work_package_id = ?, category_id = ?, month = ?, amount = ?, description = ?
			WHERE id = ? AND version = ?`, tx.now, nullID(a.WorkPackageID), a.CategoryID, a.Month, a.Amount, a.Description, a.ID, a.Version)
		if err != nil {
			return fmt.Errorf("sqldb: update actual: %w", err)
		}
		if err := tx.checkVersion(res, "actuals", a.ID); err != nil {
			return err
		}
		if err := tx.refreshFinance(p); err != nil {
			return err
		}
		after, err := tx.findActual(a.ID)
		if err != nil {
			return err
		}
		*a = *after
		return tx.audit(actionUpdate, "actual", a.ID, &p.ID, before, after)
	})
}

// DeleteActual removes an actual.
func (d *DB) DeleteActual(ctx context.Context, id int64) error {
	return d.inTx(ctx, func(tx *Tx) error {
		before, err := tx.findActual(id)
		if err != nil {
			return err
		}
		p, err := tx.editFinance(before.ProjectID)
		if err != nil {
			return err
		}
		if _, err := tx.exec(`DELETE FROM actuals WHERE id = ?`, id); err != nil {
			return fmt.Errorf("sqldb: delete actual: %w", err)
		}
		if err := tx.refreshFinance(p); err != nil {
			return err
		}
		return tx.audit(actionDelete, "actual", id, &p.ID, before, nil)
	})
}

// --- Funding ---

const fundingSelect = `SELECT f.id, f.version, f.created_at, f.updated_at, f.project_id, f.kind, f.name, f.amount, f.share, f.decision_number,
	f.decision_date, f.granted, f.eligible_from, f.eligible_to, f.final_report_due, o.primary_lang
	FROM fundings f JOIN projects p ON p.id = f.project_id JOIN portfolios pf ON pf.id = p.portfolio_id JOIN organisations o ON o.id = pf.organisation_id`

func scanFunding(sc interface{ Scan(...any) error }) (*salkku.Funding, error) {
	var f salkku.Funding
	var name, decided, from, to, final, primary string
	var amount, granted sql.NullInt64
	if err := sc.Scan(&f.ID, &f.Version, &f.CreatedAt, &f.UpdatedAt, &f.ProjectID, &f.Kind, &name, &amount, &f.Share, &f.DecisionNumber,
		&decided, &granted, &from, &to, &final, &primary); err != nil {
		return nil, err
	}
	f.CreatedAt, f.UpdatedAt = f.CreatedAt.UTC(), f.UpdatedAt.UTC()
	f.Name = parseText(name, primary)
	f.Amount, f.Granted = moneyPtr(amount), moneyPtr(granted)
	f.DecisionDate, f.EligibleFrom, f.EligibleTo, f.FinalReportDue = salkku.Date(decided), salkku.Date(from), salkku.Date(to), salkku.Date(final)
	f.Applications = []*salkku.PaymentApplication{}
	return &f, nil
}

func moneyPtr(n sql.NullInt64) *salkku.Money {
	if !n.Valid {
		return nil
	}
	m := salkku.Money(n.Int64)
	return &m
}

func nullMoney(m *salkku.Money) any {
	if m == nil {
		return nil
	}
	return int64(*m)
}

// fundings lists a project's funding sources with their applications, in
// two queries.
func (tx *Tx) fundings(projectID int64) ([]*salkku.Funding, error) {
	rows, err := tx.query(fundingSelect+` WHERE f.project_id = ? ORDER BY f.id`, projectID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: fundings: %w", err)
	}
	out := []*salkku.Funding{}
	byID := map[int64]*salkku.Funding{}
	for rows.Next() {
		f, err := scanFunding(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("sqldb: fundings: %w", err)
		}
		out, byID[f.ID] = append(out, f), f
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	rows, err = tx.query(applicationSelect+` WHERE f.project_id = ? ORDER BY a.funding_id, a.number`, projectID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: payment applications: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		a, err := scanApplication(rows)
		if err != nil {
			return nil, fmt.Errorf("sqldb: payment applications: %w", err)
		}
		byID[a.FundingID].Applications = append(byID[a.FundingID].Applications, a)
	}
	return out, rows.Err()
}

func (tx *Tx) findFunding(id int64) (*salkku.Funding, error) {
	f, err := scanFunding(tx.queryRow(fundingSelect+` WHERE f.id = ?`, id))
	if err != nil {
		return nil, notFound(err)
	}
	all, err := tx.fundings(f.ProjectID)
	if err != nil {
		return nil, err
	}
	for _, g := range all {
		if g.ID == id {
			return g, nil
		}
	}
	return f, nil
}

// FindFundingByID returns a funding source with its applications.
func (d *DB) FindFundingByID(ctx context.Context, id int64) (*salkku.Funding, error) {
	var out *salkku.Funding
	err := d.read(ctx, func(tx *Tx) (err error) {
		if out, err = tx.findFunding(id); err != nil {
			return err
		}
		_, err = tx.viewProject(out.ProjectID)
		return err
	})
	return out, err
}

func (tx *Tx) checkFunding(ctx context.Context, p *salkku.Project, f *salkku.Funding) error {
	pr, err := newProblems(ctx, f.Validate(p.ContentLangs))
	if err != nil {
		return err
	}
	return pr.err()
}

// CreateFunding adds a funding source to a project.
func (d *DB) CreateFunding(ctx context.Context, f *salkku.Funding) error {
	return d.inTx(ctx, func(tx *Tx) error {
		exists, err := tx.refProject(f.ProjectID, (*salkku.Access).CanEditFinance)
		if err != nil {
			return err
		}
		if !exists {
			return salkku.FieldErrors{"project_id": "error.not_found_ref"}.Err()
		}
		p, err := tx.editFinance(f.ProjectID)
		if err != nil {
			return err
		}
		if err := tx.checkFunding(ctx, p, f); err != nil {
			return err
		}
		id, err := tx.insert(`INSERT INTO fundings (created_at, updated_at, project_id, kind, name, amount, share, decision_number, decision_date, granted,
			eligible_from, eligible_to, final_report_due) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			tx.now, tx.now, p.ID, f.Kind, jsonText(f.Name), nullMoney(f.Amount), f.Share, f.DecisionNumber, string(f.DecisionDate), nullMoney(f.Granted),
			string(f.EligibleFrom), string(f.EligibleTo), string(f.FinalReportDue))
		if err != nil {
			return fmt.Errorf("sqldb: create funding: %w", err)
		}
		after, err := tx.findFunding(id)
		if err != nil {
			return err
		}
		*f = *after
		return tx.audit(actionCreate, "funding", id, &p.ID, nil, after)
	})
}

// UpdateFunding replaces a funding source's fields; it stays in its
// project and keeps its applications.
func (d *DB) UpdateFunding(ctx context.Context, f *salkku.Funding) error {
	return d.inTx(ctx, func(tx *Tx) error {
		before, err := tx.findFunding(f.ID)
		if err != nil {
			return err
		}
		p, err := tx.editFinance(before.ProjectID)
		if err != nil {
			return err
		}
		if f.ProjectID == 0 {
			f.ProjectID = before.ProjectID
		}
		if f.ProjectID != before.ProjectID {
			return salkku.FieldErrors{"project_id": "error.immutable"}.Err()
		}
		if err := tx.checkFunding(ctx, p, f); err != nil {
			return err
		}
		if !salkku.IsGrant(f.Kind) && len(before.Applications) > 0 {
			return salkku.FieldErrors{"kind": "error.applications_need_grant"}.Err()
		}
		res, err := tx.exec(`UPDATE fundings SET version = version + 1, updated_at = ?, kind = ?, name = ?, amount = ?, share = ?, decision_number = ?,
			decision_date = ?, granted = ?, eligible_from = ?, eligible_to = ?, final_report_due = ? WHERE id = ? AND version = ?`,
			tx.now, f.Kind, jsonText(f.Name), nullMoney(f.Amount), f.Share, f.DecisionNumber, string(f.DecisionDate), nullMoney(f.Granted),
			string(f.EligibleFrom), string(f.EligibleTo), string(f.FinalReportDue), f.ID, f.Version)
		if err != nil {
			return fmt.Errorf("sqldb: update funding: %w", err)
		}
		if err := tx.checkVersion(res, "fundings", f.ID); err != nil {
			return err
		}
		after, err := tx.findFunding(f.ID)
		if err != nil {
			return err
		}
		*f = *after
		return tx.audit(actionUpdate, "funding", f.ID, &p.ID, before, after)
	})
}

// DeleteFunding removes a funding source with its applications.
func (d *DB) DeleteFunding(ctx context.Context, id int64) error {
	return d.inTx(ctx, func(tx *Tx) error {
		before, err := tx.findFunding(id)
		if err != nil {
			return err
		}
		if _, err := tx.editFinance(before.ProjectID); err != nil {
			return err
		}
		if _, err := tx.exec(`DELETE FROM payment_applications WHERE funding_id = ?`, id); err != nil {
			return fmt.Errorf("sqldb: delete funding: %w", err)
		}
		if _, err := tx.exec(`DELETE FROM fundings WHERE id = ?`, id); err != nil {
			return fmt.Errorf("sqldb: delete funding: %w", err)
		}
		return tx.audit(actionDelete, "funding", id, &before.ProjectID, before, nil)
	})
}

// --- Payment applications ---

const applicationSelect = `SELECT a.id, a.version, a.created_at, a.updated_at, a.funding_id, a.number, a.period_from, a.period_to, a.due, a.submitted,
	a.applied, a.received, a.status, a.note, o.primary_lang
	FROM payment_applications a JOIN fundings f ON f.id = a.funding_id JOIN projects p ON p.id = f.project_id
	JOIN portfolios pf ON pf.id = p.portfolio_id JOIN organisations o ON o.id = pf.organisation_id`

func scanApplication(sc interface{ Scan(...any) error }) (*salkku.PaymentApplication, error) {
	var a salkku.PaymentApplication
	var from, to, due, sent, note, primary string
	var applied, received sql.NullInt64
	if err := sc.Scan(&a.ID, &a.Version, &a.CreatedAt, &a.UpdatedAt, &a.FundingID, &a.Number, &from, &to, &due, &sent,
		&applied, &received, &a.Status, &note, &primary); err != nil {
		return nil, err
	}
	a.CreatedAt, a.UpdatedAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	a.PeriodFrom, a.PeriodTo, a.Due, a.Submitted = salkku.Date(from), salkku.Date(to), salkku.Date(due), salkku.Date(sent)
	a.Applied, a.Received = moneyPtr(applied), moneyPtr(received)
	a.Note = parseText(note, primary)
	return &a, nil
}

func (tx *Tx) findApplication(id int64) (*salkku.PaymentApplication, *salkku.Funding, error) {
	a, err := scanApplication(tx.queryRow(applicationSelect+` WHERE a.id = ?`, id))
	if err != nil {
		return nil, nil, notFound(err)
	}
	f, err := scanFunding(tx.queryRow(fundingSelect+` WHERE f.id = ?`, a.FundingID))
	if err != nil {
		return nil, nil, notFound(err)
	}
	return a, f, nil
}

// FindPaymentApplicationByID returns an application of a grant the
// caller may see.
func (d *DB) FindPaymentApplicationByID(ctx context.Context, id int64) (*salkku.PaymentApplication, error) {
	var out *salkku.PaymentApplication
	err := d.read(ctx, func(tx *Tx) error {
		a, f, err := tx.findApplication(id)
		if err != nil {
			return err
		}
		out = a
		_, err = tx.viewProject(f.ProjectID)
		return err
	})
	return out, err
}

// checkApplication validates an application of grant f: its fields, a
// grant, and a number no other application of the grant has.
func (tx *Tx) checkApplication(ctx context.Context, p *salkku.Project, f *salkku.Funding, a *salkku.PaymentApplication) error {
	pr, err := newProblems(ctx, a.Validate(p.ContentLangs))
	if err != nil {
		return err
	}
	if !salkku.IsGrant(f.Kind) {
		pr.fe.Add("funding_id", "error.applications_need_grant")
	}
	var taken int
	if err := tx.queryRow(`SELECT COUNT(*) FROM payment_applications WHERE funding_id = ? AND number = ? AND id <> ?`, f.ID, a.Number, a.ID).Scan(&taken); err != nil {
		return fmt.Errorf("sqldb: check payment application: %w", err)
	}
	if taken > 0 {
		pr.fe.Add("number", "error.taken")
	}
	return pr.err()
}

// editApplicationFunding loads the grant of an application and checks the
// caller's right to keep its project's money.
func (tx *Tx) editApplicationFunding(fundingID int64) (*salkku.Project, *salkku.Funding, error) {
	f, err := scanFunding(tx.queryRow(fundingSelect+` WHERE f.id = ?`, fundingID))
	if err != nil {
		return nil, nil, notFound(err)
	}
	p, err := tx.editFinance(f.ProjectID)
	return p, f, err
}

// CreatePaymentApplication adds an application to a grant.
func (d *DB) CreatePaymentApplication(ctx context.Context, a *salkku.PaymentApplication) error {
	return d.inTx(ctx, func(tx *Tx) error {
		p, f, err := tx.editApplicationFunding(a.FundingID)
		if salkku.ErrorCode(err) == salkku.ENOTFOUND {
			return salkku.FieldErrors{"funding_id": "error.not_found_ref"}.Err()
		} else if err != nil {
			return err
		}
		a.ID = 0
		if err := tx.checkApplication(ctx, p, f, a); err != nil {
			return err
		}
		id, err := tx.insert(`INSERT INTO payment_applications (created_at, updated_at, funding_id, number, period_from, period_to, due, submitted,
			applied, received, status, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			tx.now, tx.now, f.ID, a.Number, string(a.PeriodFrom), string(a.PeriodTo), string(a.Due), string(a.Submitted),
			nullMoney(a.Applied), nullMoney(a.Received), a.Status, jsonText(a.Note))
		if err != nil {
			return fmt.Errorf("sqldb: create payment application: %w", err)
		}
		after, _, err := tx.findApplication(id)
		if err != nil {
			return err
		}
		*a = *after
		return tx.audit(actionCreate, "payment_application", id, &p.ID, nil, after)
	})
}

// UpdatePaymentApplication replaces an application's fields; it stays
// with its grant.
func (d *DB) UpdatePaymentApplication(ctx context.Context, a *salkku.PaymentApplication) error {
	return d.inTx(ctx, func(tx *Tx) error {
		before, _, err := tx.findApplication(a.ID)
		if err != nil {
			return err
		}
		p, f, err := tx.editApplicationFunding(before.FundingID)
		if err != nil {
			return err
		}
		if a.FundingID == 0 {
			a.FundingID = before.FundingID
		}
		if a.FundingID != before.FundingID {
			return salkku.FieldErrors{"funding_id": "error.immutable"}.Err()
		}
		if err := tx.checkApplication(ctx, p, f, a); err != nil {
			return err
		}
		res, err := tx.exec(`UPDATE payment_applications SET version = version + 1, updated_at = ?, number = ?, period_from = ?, period_to = ?, due = ?,
			submitted = ?, applied = ?, received = ?, status = ?, note = ? WHERE id = ? AND version = ?`,
			tx.now, a.Number, string(a.PeriodFrom), string(a.PeriodTo), string(a.Due), string(a.Submitted),
			nullMoney(a.Applied), nullMoney(a.Received), a.Status, jsonText(a.Note), a.ID, a.Version)
		if err != nil {
			return fmt.Errorf("sqldb: update payment application: %w", err)
		}
		if err := tx.checkVersion(res, "payment_applications", a.ID); err != nil {
			return err
		}
		after, _, err := tx.findApplication(a.ID)
		if err != nil {
			return err
		}
		*a = *after
		return tx.audit(actionUpdate, "payment_application", a.ID, &p.ID, before, after)
	})
}

// DeletePaymentApplication removes an application.
func (d *DB) DeletePaymentApplication(ctx context.Context, id int64) error {
	return d.inTx(ctx, func(tx *Tx) error {
		before, _, err := tx.findApplication(id)
		if err != nil {
			return err
		}
		p, _, err := tx.editApplicationFunding(before.FundingID)
		if err != nil {
			return err
		}
		if _, err := tx.exec(`DELETE FROM payment_applications WHERE id = ?`, id); err != nil {
			return fmt.Errorf("sqldb: delete payment application: %w", err)
		}
		return tx.audit(actionDelete, "payment_application", id, &p.ID, before, nil)
	})
}
