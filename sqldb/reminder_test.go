package sqldb_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/sqldb"
	"github.com/salkku/salkku/sqldb/sqldbtest"
)

// reminderWorld is a project managed by Aino, who has a user that chose
// Swedish, with a work package of Jukka's (no user: the organisation's
// Finnish) and one whose only person has no address (its manager is
// reminded).
type reminderWorld struct {
	*world
	p        *salkku.Project
	wp, wpNo *salkku.WorkPackage
	user     *salkku.User
	clock    *setClock
}

// setClock is a clock tests move by hand.
type setClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *setClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *setClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func mustReminderWorld(t *testing.T, engine string) *reminderWorld {
	t.Helper()
	ctx := salkku.System(t.Context())
	w := &reminderWorld{world: mustWorld(t, engine), clock: &setClock{t: time.Date(2026, 12, 1, 6, 0, 0, 0, time.UTC)}}
	w.db.Now = w.clock.Now
	for _, pe := range []*salkku.Person{w.aino, w.jukka} {
		pe.Email = map[string]string{"Aino Aalto": "aino.aalto@naantali.example", "Jukka Mäkelä": "jukka.makela@naantali.example"}[pe.Name]
		if err := w.db.UpdatePerson(ctx, pe); err != nil {
			t.Fatal(err)
		}
	}
	w.user = &salkku.User{Email: "aino.aalto@naantali.example", Name: "Aino Aalto"}
	if err := w.db.CreateUser(ctx, w.user, ""); err != nil {
		t.Fatal(err)
	}
	if err := w.db.SetUserLanguage(ctx, w.user.ID, "sv"); err != nil {
		t.Fatal(err)
	}
	w.p = mustCreateProject(t, w.db, w.pf, &salkku.Project{ManagerID: ptr(w.aino.ID), Name: salkku.T("Palomuuri")})
	w.wp = mustCreateWorkPackage(t, w.db, w.p, nil, "Palomuurin vaihto")
	w.wp.ResponsibleIDs = []int64{w.jukka.ID}
	if err := w.db.UpdateWorkPackage(ctx, w.wp); err != nil {
		t.Fatal(err)
	}
	w.wpNo = mustCreateWorkPackage(t, w.db, w.p, nil, "Kilpailutus")
	w.wpNo.ResponsibleIDs = []int64{w.kristiina.ID}
	if err := w.db.UpdateWorkPackage(ctx, w.wpNo); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *reminderWorld) due(kind string, wp int64, date salkku.Date, person *salkku.Person, lang string) salkku.ReminderDue {
	return salkku.ReminderDue{ProjectID: w.p.ID, WorkPackageID: wp, DueDate: date, Kind: kind,
		PersonID: person.ID, PersonName: person.Name, Email: person.Email, Language: lang}
}

// TestRemindersFor: who is reminded of which report, of which kind and in
// which language.
func TestRemindersFor(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustReminderWorld(t, engine)
		ctx := salkku.System(t.Context())
		const asOf = salkku.Date("2026-12-01")
		got, err := w.db.RemindersFor(ctx, []sqldb.DueReport{
			{ProjectID: w.p.ID, DueDate: "2026-12-03"},                         // before: the manager
			{ProjectID: w.p.ID, WorkPackageID: w.wp.ID, DueDate: "2026-11-30"}, // overdue: the responsible person
			{ProjectID: w.p.ID, WorkPackageID: w.wpNo.ID, DueDate: "2026-12-01"},
			{ProjectID: w.p.ID, DueDate: "2026-12-10"},                              // too early
			{ProjectID: w.p.ID, DueDate: "2026-10-01"},                              // too late
			{ProjectID: w.p.ID + 99, DueDate: "2026-12-01"},                         // no such project
			{ProjectID: w.p.ID + 99, WorkPackageID: w.wp.ID, DueDate: "2026-12-01"}, // not the package's project
		}, asOf, 3)
		if err != nil {
			t.Fatal(err)
		}
		want := []salkku.ReminderDue{
			w.due(salkku.ReminderBefore, 0, "2026-12-03", w.aino, "sv"),
			w.due(salkku.ReminderOverdue, w.wp.ID, "2026-11-30", w.jukka, "fi"),
			w.due(salkku.ReminderBefore, w.wpNo.ID, "2026-12-01", w.aino, "sv"),
		}
		if len(got) != len(want) {
			t.Fatalf("got %d reminders, want %d: %+v", len(got), len(want), got)
		}
		for i := range want {
			g := got[i]
			if g.ProjectName.FI != "Palomuuri" {
				t.Errorf("%d: project name %+v", i, g.ProjectName)
			}
			if want[i].WorkPackageID != 0 && g.WorkPackageName.FI == "" {
				t.Errorf("%d: no work package name", i)
			}
			g.ProjectName, g.WorkPackageName, g.ProjectCode = salkku.Text{}, salkku.Text{}, ""
			if g != want[i] {
				t.Errorf("%d:\n got %+v\nwant %+v", i, g, want[i])
			}
		}
		// Only Salkku itself finds them.
		if _, err := w.db.RemindersFor(asUser(t, w.db, w.user), nil, asOf, 3); salkku.ErrorCode(err) != salkku.EFORBIDDEN {
			t.Fatalf("a user: %v, want forbidden", err)
		}
		if _, err := w.db.FindRemindersDue(asUser(t, w.db, w.user), asOf, 3); salkku.ErrorCode(err) != salkku.EFORBIDDEN {
			t.Fatalf("FindRemindersDue by a user: %v, want forbidden", err)
		}
	})
}

func asUser(t *testing.T, db *sqldb.DB, u *salkku.User) context.Context {
	t.Helper()
	a, err := db.FindAccess(salkku.System(t.Context()), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return salkku.WithCaller(t.Context(), salkku.Actor{UserID: u.ID, Name: u.Name}, a)
}

// TestClaimReminder: a reminder is claimed once; a failed one is retried
// until MaxReminderAttempts; a sent one never again.
func TestClaimReminder(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustReminderWorld(t, engine)
		ctx := salkku.System(t.Context())
		r := w.due(salkku.ReminderOverdue, w.wp.ID, "2026-11-30", w.jukka, "fi")
		claim := func(want bool) int64 {
			t.Helper()
			id, ok, err := w.db.ClaimReminder(ctx, r)
			if err != nil {
				t.Fatal(err)
			}
			if ok != want {
				t.Fatalf("claimed %v, want %v", ok, want)
			}
			return id
		}
		id := claim(true)
		claim(false) // being sent
		for attempt := 1; attempt <= salkku.MaxReminderAttempts; attempt++ {
			if err := w.db.RecordReminder(ctx, id, "dial tcp 127.0.0.1:1: connect: connection refused"); err != nil {
				t.Fatal(err)
			}
			if attempt < salkku.MaxReminderAttempts {
				claim(false) // too soon
				w.clock.Add(salkku.ReminderRetryDelay)
				if got := claim(true); got != id {
					t.Fatalf("retry claimed %d, want %d", got, id)
				}
			}
		}
		w.clock.Add(salkku.ReminderRetryDelay)
		claim(false) // out of attempts
		log, next, err := w.db.FindReminderLog(ctx, salkku.ReminderFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(log) != 1 || next != 0 {
			t.Fatalf("log %d lines, next %d", len(log), next)
		}
		if l := log[0]; l.Status != salkku.ReminderFailed || l.Attempts != salkku.MaxReminderAttempts ||
			l.Error != "dial tcp 127.0.0.1:1: connect: connection refused" || l.SentAt != nil || l.ProjectName.FI != "Palomuuri" ||
			l.WorkPackageName.FI != "Palomuurin vaihto" || l.Email != w.jukka.Email || l.PersonName != w.jukka.Name {
			t.Fatalf("log line %+v", l)
		}

		// Sent: recorded once, never claimed again.
		r2 := w.due(salkku.ReminderBefore, 0, "2026-12-03", w.aino, "sv")
		id2, ok, err := w.db.ClaimReminder(ctx, r2)
		if err != nil || !ok {
			t.Fatalf("claim: %v %v", ok, err)
		}
		if err := w.db.RecordReminder(ctx, id2, ""); err != nil {
			t.Fatal(err)
		}
		if err := w.db.RecordReminder(ctx, id2, ""); salkku.ErrorCode(err) != salkku.ECONFLICT {
			t.Fatalf("recording twice: %v, want conflict", err)
		}
		if _, ok, err := w.db.ClaimReminder(ctx, r2); err != nil || ok {
			t.Fatalf("claiming a sent reminder: %v %v", ok, err)
		}
		log, _, err = w.db.FindReminderLog(ctx, salkku.ReminderFilter{Status: salkku.ReminderSent})
		if err != nil {
			t.Fatal(err)
		}
		if len(log) != 1 || log[0].ID != id2 || log[0].SentAt == nil || log[0].Language != "sv" {
			t.Fatalf("sent log %+v", log)
		}

		// Users cannot claim or record, nor pass a bad reminder.
		uctx := asUser(t, w.db, w.user)
		if _, _, err := w.db.ClaimReminder(uctx, r); salkku.ErrorCode(err) != salkku.EFORBIDDEN {
			t.Fatalf("claim by a user: %v", err)
		}
		if err := w.db.RecordReminder(uctx, id, ""); salkku.ErrorCode(err) != salkku.EFORBIDDEN {
			t.Fatalf("record by a user: %v", err)
		}
		bad := r
		bad.Kind = "sometimes"
		if _, _, err := w.db.ClaimReminder(ctx, bad); salkku.ErrorCode(err) != salkku.EINVALID {
			t.Fatalf("a bad kind: %v", err)
		}
	})
}

// TestClaimReminderRace: two stores on one database (two instances of
// Salkku) claiming the same reminders at once: each is claimed once, and
// a failed one is retried by one of them.
func TestClaimReminderRace(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustReminderWorld(t, engine)
		other := w.db
		if engine == "postgres" {
			other = sqldbtest.Reopen(t, w.db)
			other.Now = w.clock.Now
		}
		ctx := salkku.System(t.Context())
		var rs []salkku.ReminderDue
		for d := 1; d <= 10; d++ {
			rs = append(rs, w.due(salkku.ReminderBefore, 0, salkku.Date(fmt.Sprintf("2026-12-%02d", d)), w.aino, "sv"))
		}
		var mu sync.Mutex
		claimed := map[int64]int{}
		run := func(db *sqldb.DB, fail bool) {
			var wg sync.WaitGroup
			for _, inst := range []*sqldb.DB{db, other} {
				for range 2 {
					wg.Go(func() {
						for _, r := range rs {
							id, ok, err := inst.ClaimReminder(ctx, r)
							if err != nil {
								t.Error(err)
								return
							}
							if ok {
								mu.Lock()
								claimed[id]++
								mu.Unlock()
								msg := ""
								if fail {
									msg = "refused"
								}
								if err := inst.RecordReminder(ctx, id, msg); err != nil {
									t.Error(err)
								}
							}
						}
					})
				}
			}
			wg.Wait()
		}
		run(w.db, true)
		if len(claimed) != len(rs) {
			t.Fatalf("%d reminders claimed, want %d", len(claimed), len(rs))
		}
		for id, n := range claimed {
			if n != 1 {
				t.Errorf("reminder %d claimed %d times", id, n)
			}
		}
		clear(claimed)
		run(w.db, false) // too soon: nothing
		if len(claimed) != 0 {
			t.Fatalf("%d reminders retried at once", len(claimed))
		}
		w.clock.Add(salkku.ReminderRetryDelay)
		run(w.db, false) // the retry
		for id, n := range claimed {
			if n != 1 {
				t.Errorf("retry of reminder %d claimed %d times", id, n)
			}
		}
		if len(claimed) != len(rs) {
			t.Fatalf("%d reminders retried, want %d", len(claimed), len(rs))
		}
	})
}

// TestReminderLogAccess: admins see all of the log, owners and project
// offices their portfolios' reminders, others nothing; pages follow one
// another by id.
func TestReminderLogAccess(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustReminderWorld(t, engine)
		ctx := salkku.System(t.Context())
		otherPF := mustCreatePortfolio(t, w.db, w.org, nil, "Sivistystoimi")
		otherP := mustCreateProject(t, w.db, otherPF, &salkku.Project{Code: "9", ManagerID: ptr(w.aino.ID)})
		for d := 10; d < 15; d++ {
			r := w.due(salkku.ReminderBefore, 0, salkku.Date(fmt.Sprintf("2026-12-%02d", d)), w.aino, "sv")
			if d == 14 {
				r.ProjectID = otherP.ID
			}
			if _, ok, err := w.db.ClaimReminder(ctx, r); err != nil || !ok {
				t.Fatal(ok, err)
			}
		}
		mkUser := func(email, role string, pf *salkku.Portfolio) context.Context {
			u := &salkku.User{Email: email, Name: email}
			if err := w.db.CreateUser(ctx, u, ""); err != nil {
				t.Fatal(err)
			}
			if role != "" {
				if err := w.db.CreateGrant(ctx, &salkku.Grant{UserID: u.ID, Role: role, PortfolioID: ptr(pf.ID)}); err != nil {
					t.Fatal(err)
				}
			}
			return asUser(t, w.db, u)
		}
		office := mkUser("office@naantali.example", salkku.RoleProjectOffice, w.pf)
		viewer := mkUser("viewer@naantali.example", salkku.RoleViewer, w.pf)

		var ids []int64
		for before := int64(0); ; {
			page, next, err := w.db.FindReminderLog(office, salkku.ReminderFilter{Limit: 2, BeforeID: before})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range page {
				if r.ProjectID != w.p.ID {
					t.Errorf("the office sees project %d's reminder", r.ProjectID)
				}
				ids = append(ids, r.ID)
			}
			if next == 0 {
				break
			}
			before = next
		}
		if len(ids) != 4 || ids[0] < ids[3] {
			t.Fatalf("office pages gave %v, want 4 ids newest first", ids)
		}
		if all, _, err := w.db.FindReminderLog(ctx, salkku.ReminderFilter{Limit: 100}); err != nil || len(all) != 5 {
			t.Fatalf("admin: %d, %v", len(all), err)
		}
		if _, _, err := w.db.FindReminderLog(viewer, salkku.ReminderFilter{}); salkku.ErrorCode(err) != salkku.EFORBIDDEN {
			t.Fatalf("viewer: %v, want forbidden", err)
		}
		if _, _, err := w.db.FindReminderLog(ctx, salkku.ReminderFilter{Status: "lost"}); salkku.ErrorCode(err) != salkku.EINVALID {
			t.Fatalf("bad status: %v, want invalid", err)
		}
	})
}

// TestSetUserLanguage: users set their own language, not another's.
func TestSetUserLanguage(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustReminderWorld(t, engine)
		ctx := salkku.System(t.Context())
		u, err := w.db.FindUserByID(ctx, w.user.ID)
		if err != nil || u.Language != "sv" {
			t.Fatalf("language %q, %v", u.Language, err)
		}
		uctx := asUser(t, w.db, w.user)
		if err := w.db.SetUserLanguage(uctx, w.user.ID, "en"); err != nil {
			t.Fatal(err)
		}
		if err := w.db.SetUserLanguage(uctx, w.user.ID, "de"); salkku.ErrorCode(err) != salkku.EINVALID {
			t.Fatalf("de: %v", err)
		}
		other := &salkku.User{Email: "toinen@naantali.example", Name: "Toinen"}
		if err := w.db.CreateUser(ctx, other, ""); err != nil {
			t.Fatal(err)
		}
		if err := w.db.SetUserLanguage(uctx, other.ID, "en"); salkku.ErrorCode(err) != salkku.EFORBIDDEN {
			t.Fatalf("another's: %v", err)
		}
		if u, _ := w.db.FindUserByID(ctx, w.user.ID); u.Language != "en" {
			t.Fatalf("language %q, want en", u.Language)
		}
	})
}

// TestFindRemindersDue: the reports of the reporting cycles that are due
// and not submitted give their reminders; a submitted report ends them.
func TestFindRemindersDue(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustReminderWorld(t, engine)
		ctx := salkku.System(t.Context())
		w.clock.Add(-60 * 24 * time.Hour) // the project is older than its first due date
		p := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "3", ManagerID: ptr(w.aino.ID), Status: salkku.StatusActive})
		closed := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "4", ManagerID: ptr(w.aino.ID), Status: salkku.StatusClosed})
		w.clock.Add(60 * 24 * time.Hour)
		mustSetCycle(t, w.db, &salkku.ReportingCycle{PortfolioID: w.pf.ID, Kind: salkku.CycleGivenDates, Start: "2026-10-01",
			Dates: []salkku.Date{"2026-10-31", "2026-11-30", "2026-12-03", "2026-12-20"}})
		find := func() map[string]string {
			t.Helper()
			rs, err := w.db.FindRemindersDue(ctx, "2026-12-01", 3)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, r := range rs {
				if r.ProjectID == closed.ID {
					t.Errorf("a reminder for a closed project: %+v", r)
				}
				if r.ProjectID != p.ID {
					continue // the world's own project, proposed
				}
				if r.PersonID != w.aino.ID || r.Language != "sv" || r.WorkPackageID != 0 {
					t.Errorf("reminder %+v", r)
				}
				got[string(r.DueDate)] = r.Kind
			}
			return got
		}
		wantEqual(t, find(), map[string]string{"2026-11-30": salkku.ReminderOverdue, "2026-12-03": salkku.ReminderBefore})
		mustReport(t, ctx, w.db, p, nil, "2026-11-20", salkku.Lights{Overall: salkku.LightValues[0]})
		wantEqual(t, find(), map[string]string{"2026-12-03": salkku.ReminderBefore})
		mustReport(t, ctx, w.db, p, nil, "2026-12-01", salkku.Lights{Overall: salkku.LightValues[0]})
		wantEqual(t, find(), map[string]string{})
	})
}
