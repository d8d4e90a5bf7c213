package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/salkku/salkku"
)

var _ salkku.ReminderService = (*DB)(nil)

// dueReport is a status report that is due and not yet submitted: a
// project's own (workPackageID 0) or one of its work packages'.
type dueReport struct {
	ProjectID     int64
	WorkPackageID int64
	DueDate       salkku.Date
}

// reportsDue lists the reports due between from and to (both included)
// that have not been submitted: the project reports of the reporting
// cycles (report.go), as the due lists count them (FindReportsDue): an
// active project is due for a period while its latest reported period
// (projects.reported_due) is before the period's due date, unless the
// project was made after that date. Work packages have no due lists of
// their own yet; when they do, their reports join here with their
// WorkPackageID, and remindersFor reminds their responsible people.
func (tx *Tx) reportsDue(from, to salkku.Date) ([]dueReport, error) {
	rows, err := tx.query(`SELECT DISTINCT portfolio_id FROM projects WHERE status = ?`, salkku.StatusActive)
	if err != nil {
		return nil, fmt.Errorf("sqldb: reports due: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("sqldb: reports due: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqldb: reports due: %w", err)
	}
	cycles, err := tx.cyclesOf(ids)
	if err != nil {
		return nil, err
	}
	// The due dates in the window, and the portfolios due on each.
	byDue := map[salkku.Date][]int64{}
	isDue := map[salkku.Date]map[int64]bool{}
	for _, id := range ids {
		c := cycles[id]
		if c == nil {
			continue
		}
		for _, p := range c.Periods(from, to, salkku.ReminderCatchUpDays+100) {
			if p.Due >= from && p.Due <= to {
				byDue[p.Due] = append(byDue[p.Due], id)
				if isDue[p.Due] == nil {
					isDue[p.Due] = map[int64]bool{}
				}
				isDue[p.Due][id] = true
			}
		}
	}
	if len(byDue) == 0 {
		return nil, nil
	}
	dues := make([]salkku.Date, 0, len(byDue))
	for d := range byDue {
		dues = append(dues, d)
	}
	slices.Sort(dues)
	var parts []string
	args := []any{salkku.StatusActive}
	for _, due := range dues {
		parts = append(parts, `(portfolio_id IN (`+placeholders(len(byDue[due]))+`) AND reported_due < ?)`)
		args = append(append(args, anyIDs(byDue[due])...), string(due))
	}
	rows, err = tx.query(`SELECT id, portfolio_id, reported_due, created_at FROM projects
		WHERE status = ? AND (`+strings.Join(parts, " OR ")+`) ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqldb: reports due: %w", err)
	}
	defer rows.Close()
	var out []dueReport
	for rows.Next() {
		var id, pf int64
		var reported string
		var created time.Time
		if err := rows.Scan(&id, &pf, &reported, &created); err != nil {
			return nil, fmt.Errorf("sqldb: reports due: %w", err)
		}
		for _, due := range dues {
			if reported < string(due) && salkku.Today(created) <= due && isDue[due][pf] {
				out = append(out, dueReport{ProjectID: id, DueDate: due})
			}
		}
	}
	return out, rows.Err()
}

// FindRemindersDue lists the reminders due on asOf: for every report due
// in salkku.ReminderWindow and not submitted, one per person responsible
// who has an e-mail address, in that person's language.
func (d *DB) FindRemindersDue(ctx context.Context, asOf salkku.Date, beforeDays int) ([]salkku.ReminderDue, error) {
	if !asOf.Valid() {
		return nil, salkku.FieldErrors{"date": "error.invalid"}.Err()
	}
	var out []salkku.ReminderDue
	err := d.read(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanSendReminders()); err != nil {
			return err
		}
		from, to := salkku.ReminderWindow(asOf, beforeDays)
		reports, err := tx.reportsDue(from, to)
		if err != nil {
			return err
		}
		out, err = tx.remindersFor(reports, asOf, beforeDays)
		return err
	})
	return out, err
}

// remindersFor finds who is reminded of each report and in which
// language, in two queries whatever the number of reports: a project's
// report goes to its manager; a work package's to its responsible people,
// or to the project's manager where none of them has an address. Reports
// for which no reminder is due on asOf are left out.
func (tx *Tx) remindersFor(reports []dueReport, asOf salkku.Date, beforeDays int) ([]salkku.ReminderDue, error) {
	var projects, packages []int64
	for _, r := range reports {
		if salkku.ReminderKind(r.DueDate, asOf, beforeDays) == "" {
			continue
		}
		if r.WorkPackageID == 0 {
			projects = append(projects, r.ProjectID)
		} else {
			packages = append(packages, r.WorkPackageID)
		}
	}
	type recipient struct {
		projectID, personID int64
		code, name, email   string
		lang, primary       string
	}
	managers := map[int64]recipient{} // by project
	people := map[int64][]recipient{} // by work package
	wpProject := map[int64]int64{}    // work package → project
	const who = `pe.id, pe.name, pe.email, COALESCE(u.language, ''), o.primary_lang`
	const orgOf = ` JOIN portfolios pf ON pf.id = p.portfolio_id JOIN organisations o ON o.id = pf.organisation_id`
	// The managers of the projects, also those of the work packages'
	// projects, for the packages without anyone to remind.
	ids := append([]any{}, anyIDs(projects)...)
	if len(packages) > 0 {
		ids = append(ids, anyIDs(packages)...)
	}
	if len(ids) > 0 {
		cond := []string{}
		if len(projects) > 0 {
			cond = append(cond, `p.id IN (`+placeholders(len(projects))+`)`)
		}
		if len(packages) > 0 {
			cond = append(cond, `p.id IN (SELECT wp.project_id FROM work_packages wp WHERE wp.id IN (`+placeholders(len(packages))+`))`)
		}
		rows, err := tx.query(`SELECT p.id, p.code, `+who+` FROM projects p`+orgOf+`
			JOIN people pe ON pe.id = p.manager_id LEFT JOIN users u ON u.person_id = pe.id
			WHERE pe.email <> '' AND (`+strings.Join(cond, " OR ")+`)`, ids...)
		if err != nil {
			return nil, fmt.Errorf("sqldb: find reminders: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var r recipient
			if err := rows.Scan(&r.projectID, &r.code, &r.personID, &r.name, &r.email, &r.lang, &r.primary); err != nil {
				return nil, fmt.Errorf("sqldb: find reminders: %w", err)
			}
			r.lang = salkku.ReminderLanguage(r.lang, r.primary)
			managers[r.projectID] = r
		}
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("sqldb: find reminders: %w", err)
		}
		rows.Close()
	}
	if len(packages) > 0 {
		rows, err := tx.query(`SELECT wp.id, p.id, p.code, `+who+` FROM work_packages wp JOIN projects p ON p.id = wp.project_id`+orgOf+`
			LEFT JOIN work_package_people wpp ON wpp.work_package_id = wp.id
			LEFT JOIN people pe ON pe.id = wpp.person_id AND pe.email <> ''
			LEFT JOIN users u ON u.person_id = pe.id
			WHERE wp.id IN (`+placeholders(len(packages))+`) ORDER BY wp.id, wpp.position`, anyIDs(packages)...)
		if err != nil {
			return nil, fmt.Errorf("sqldb: find reminders: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var wp int64
			var r recipient
			var pid sql.NullInt64
			var name, email, lang sql.NullString
			if err := rows.Scan(&wp, &r.projectID, &r.code, &pid, &name, &email, &lang, &r.primary); err != nil {
				return nil, fmt.Errorf("sqldb: find reminders: %w", err)
			}
			wpProject[wp] = r.projectID
			if !pid.Valid {
				continue
			}
			r.personID, r.name, r.email = pid.Int64, name.String, email.String
			r.lang = salkku.ReminderLanguage(lang.String, r.primary)
			people[wp] = append(people[wp], r)
		}
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("sqldb: find reminders: %w", err)
		}
	}
	var out []salkku.ReminderDue
	texts := textRefs{}
	for _, rep := range reports {
		kind := salkku.ReminderKind(rep.DueDate, asOf, beforeDays)
		if kind == "" {
			continue
		}
		var to []recipient
		if rep.WorkPackageID == 0 {
			if m, ok := managers[rep.ProjectID]; ok {
				to = append(to, m)
			}
		} else if p, ok := wpProject[rep.WorkPackageID]; ok && p == rep.ProjectID {
			to = people[rep.WorkPackageID]
			if m, ok := managers[rep.ProjectID]; ok && len(to) == 0 {
				to = append(to, m)
			}
		}
		for _, r := range to {
			out = append(out, salkku.ReminderDue{ProjectID: rep.ProjectID, WorkPackageID: rep.WorkPackageID, ProjectCode: r.code,
				ProjectName: salkku.Text{Primary: r.primary}, WorkPackageName: salkku.Text{Primary: r.primary},
				DueDate: rep.DueDate, Kind: kind, PersonID: r.personID, PersonName: r.name, Email: r.email, Language: r.lang})
		}
	}
	for i := range out {
		texts.add(textProject, out[i].ProjectID, "name", &out[i].ProjectName)
		texts.add(textWorkPackage, out[i].WorkPackageID, "name", &out[i].WorkPackageName)
	}
	if err := tx.fillTexts(texts); err != nil {
		return nil, err
	}
	return out, nil
}

func anyIDs(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

// MaxReminderError bounds the error text kept of a failed attempt.
const maxReminderError = 1000

func checkReminderDue(r salkku.ReminderDue) error {
	fe := salkku.FieldErrors{}
	if r.ProjectID <= 0 {
		fe.Add("project_id", "error.required")
	}
	if r.WorkPackageID < 0 {
		fe.Add("work_package_id", "error.invalid")
	}
	if r.PersonID <= 0 {
		fe.Add("person_id", "error.required")
	}
	if !r.DueDate.Valid() {
		fe.Add("due_date", "error.invalid")
	}
	if r.Kind != salkku.ReminderBefore && r.Kind != salkku.ReminderOverdue {
		fe.Add("kind", "error.invalid")
	}
	if !salkku.ValidEmail(r.Email) {
		fe.Add("email", "error.email")
	}
	if !salkku.ValidLang(r.Language) {
		fe.Add("language", "error.invalid")
	}
	return fe.Err()
}

// ClaimReminder takes a reminder for sending, in a transaction of its own
// that commits before anything is sent. The unique key of reminders lets
// one INSERT win, whichever instance tries; a failed reminder is taken
// back by an UPDATE that only matches while it is still failed with the
// attempts read, so that two instances cannot both retry it.
func (d *DB) ClaimReminder(ctx context.Context, r salkku.ReminderDue) (id int64, ok bool, err error) {
	if err := checkReminderDue(r); err != nil {
		return 0, false, err
	}
	err = d.inTx(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanSendReminders()); err != nil {
			return err
		}
		err := tx.queryRow(`INSERT INTO reminders (project_id, work_package_id, due_date, kind, person_id, person_name, email, lang,
			status, attempts, created_at, attempted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
			ON CONFLICT (project_id, work_package_id, due_date, kind, person_id) DO NOTHING RETURNING id`,
			r.ProjectID, r.WorkPackageID, string(r.DueDate), r.Kind, r.PersonID, r.PersonName, r.Email, r.Language,
			salkku.ReminderSending, tx.now, tx.now).Scan(&id)
		if err == nil {
			ok = true
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("sqldb: claim reminder: %w", tx.dialect.mapError(err))
		}
		var status string
		var attempts int
		var attempted time.Time
		if err := tx.queryRow(`SELECT id, status, attempts, attempted_at FROM reminders
			WHERE project_id = ? AND work_package_id = ? AND due_date = ? AND kind = ? AND person_id = ?`,
			r.ProjectID, r.WorkPackageID, string(r.DueDate), r.Kind, r.PersonID).Scan(&id, &status, &attempts, &attempted); err != nil {
			return fmt.Errorf("sqldb: claim reminder: %w", err)
		}
		if status != salkku.ReminderFailed || attempts >= salkku.MaxReminderAttempts ||
			attempted.After(tx.now.Add(-salkku.ReminderRetryDelay)) {
			return nil
		}
		res, err := tx.exec(`UPDATE reminders SET status = ?, attempts = attempts + 1, attempted_at = ?, person_name = ?, email = ?, lang = ?
			WHERE id = ? AND status = ? AND attempts = ?`,
			salkku.ReminderSending, tx.now, r.PersonName, r.Email, r.Language, id, salkku.ReminderFailed, attempts)
		if err != nil {
			return fmt.Errorf("sqldb: claim reminder: %w", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("sqldb: claim reminder: %w", err)
		}
		ok = n == 1
		return nil
	})
	if err != nil {
		return 0, false, err
	}
	return id, ok, nil
}

// RecordReminder records how sending a claimed reminder went.
func (d *DB) RecordReminder(ctx context.Context, id int64, sendErr string) error {
	return d.inTx(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanSendReminders()); err != nil {
			return err
		}
		status := salkku.ReminderSent
		var sent any = tx.now
		if sendErr != "" {
			status, sent = salkku.ReminderFailed, nil
			sendErr = strings.ToValidUTF8(strings.ReplaceAll(sendErr, "\x00", ""), "?")
			for len(sendErr) > maxReminderError {
				_, size := utf8.DecodeLastRuneInString(sendErr)
				sendErr = sendErr[:len(sendErr)-size]
			}
		}
		res, err := tx.exec(`UPDATE reminders SET status = ?, error = ?, sent_at = ? WHERE id = ? AND status = ?`,
			status, sendErr, sent, id, salkku.ReminderSending)
		if err != nil {
			return fmt.Errorf("sqldb: record reminder: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("sqldb: record reminder: %w", err)
		} else if n == 0 {
			if ok, err := tx.exists("reminders", id); err != nil {
				return err
			} else if !ok {
				return salkku.Errorf(salkku.ENOTFOUND, "error.not_found")
			}
			return salkku.Errorf(salkku.ECONFLICT, "error.stale")
		}
		return nil
	})
}

// FindReminderLog lists the reminder log, newest first, one page after
// f.BeforeID.
func (d *DB) FindReminderLog(ctx context.Context, f salkku.ReminderFilter) ([]*salkku.Reminder, int64, error) {
	if err := f.Validate(); err != nil {
		return nil, 0, err
	}
	var out []*salkku.Reminder
	var next int64
	err := d.read(ctx, func(tx *Tx) error {
		a := tx.access()
		if err := allow(a.CanViewReminderLog()); err != nil {
			return err
		}
		// A rare status (failed) must not walk the whole log by id.
		if err := tx.planForValues(); err != nil {
			return err
		}
		where, args := []string{"1 = 1"}, []any{}
		if pfs := a.ReminderLogPortfolios(); pfs != nil {
			if len(pfs) == 0 {
				return nil
			}
			where, args = append(where, `p.portfolio_id IN (`+placeholders(len(pfs))+`)`), append(args, anyIDs(pfs)...)
		}
		if f.ProjectID != 0 {
			where, args = append(where, `r.project_id = ?`), append(args, f.ProjectID)
		}
		if f.Status != "" {
			where, args = append(where, `r.status = ?`), append(args, f.Status)
		}
		if f.BeforeID != 0 {
			where, args = append(where, `r.id < ?`), append(args, f.BeforeID)
		}
		rows, err := tx.query(`SELECT r.id, r.project_id, r.work_package_id, p.code, o.primary_lang, r.due_date, r.kind, r.person_id,
			r.person_name, r.email, r.lang, r.status, r.error, r.attempts, r.created_at, r.sent_at
			FROM reminders r JOIN projects p ON p.id = r.project_id JOIN portfolios pf ON pf.id = p.portfolio_id
			JOIN organisations o ON o.id = pf.organisation_id
			WHERE `+strings.Join(where, " AND ")+` ORDER BY r.id DESC`+sqlLimit(f.Limit+1), args...)
		if err != nil {
			return fmt.Errorf("sqldb: find reminder log: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var r salkku.Reminder
			var due, primary string
			var sent sql.NullTime
			if err := rows.Scan(&r.ID, &r.ProjectID, &r.WorkPackageID, &r.ProjectCode, &primary, &due, &r.Kind, &r.PersonID,
				&r.PersonName, &r.Email, &r.Language, &r.Status, &r.Error, &r.Attempts, &r.CreatedAt, &sent); err != nil {
				return fmt.Errorf("sqldb: find reminder log: %w", err)
			}
			r.DueDate = salkku.Date(due)
			r.CreatedAt = r.CreatedAt.UTC()
			if sent.Valid {
				t := sent.Time.UTC()
				r.SentAt = &t
			}
			r.ProjectName.Primary, r.WorkPackageName.Primary = primary, primary
			out = append(out, &r)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("sqldb: find reminder log: %w", err)
		}
		if len(out) > f.Limit {
			out = out[:f.Limit]
			next = out[len(out)-1].ID
		}
		texts := textRefs{}
		for _, r := range out {
			texts.add(textProject, r.ProjectID, "name", &r.ProjectName)
			texts.add(textWorkPackage, r.WorkPackageID, "name", &r.WorkPackageName)
		}
		return tx.fillTexts(texts)
	})
	return out, next, err
}
