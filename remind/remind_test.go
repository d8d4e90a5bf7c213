package remind_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/i18n"
	"github.com/salkku/salkku/internal/mailpit"
	"github.com/salkku/salkku/mail"
	"github.com/salkku/salkku/remind"
	"github.com/salkku/salkku/sqldb"
	"github.com/salkku/salkku/sqldb/sqldbtest"
)

// clock is a time source the tests move by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// fixture is a project with a manager who chose Swedish, a work package
// with a responsible person writing Finnish and one writing English, and
// the reminders due of their reports (as the reporting cycles will find
// them).
type fixture struct {
	db    *sqldb.DB
	clock *clock
	p     *salkku.Project
	due   []salkku.ReminderDue
}

func newFixture(t *testing.T, engine string) *fixture {
	t.Helper()
	ctx := salkku.System(t.Context())
	f := &fixture{db: sqldbtest.MustOpen(t, engine), clock: &clock{t: time.Date(2026, 11, 1, 7, 0, 0, 0, time.UTC)}}
	f.db.Now = f.clock.Now
	org := &salkku.Organisation{Name: salkku.T("Naantalin kaupunki")}
	if err := f.db.CreateOrganisation(ctx, org); err != nil {
		t.Fatal(err)
	}
	pf := &salkku.Portfolio{OrganisationID: org.ID, Name: salkku.T("Tietohallinto")}
	if err := f.db.CreatePortfolio(ctx, pf); err != nil {
		t.Fatal(err)
	}
	person := func(name, email string) *salkku.Person {
		p := &salkku.Person{Name: name, Email: email, OrganisationID: &org.ID}
		if err := f.db.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	aino := person("Aino Åberg", "aino.aberg@naantali.example")
	jukka := person("Jukka Mäkelä", "jukka.makela@naantali.example")
	emma := person("Emma Smith", "emma.smith@naantali.example")
	f.p = &salkku.Project{PortfolioID: pf.ID, Code: "2.1", Name: salkku.T("Palomuurin jatkaminen"), ManagerID: &aino.ID,
		Status: salkku.StatusActive}
	if err := f.db.CreateProject(ctx, f.p); err != nil {
		t.Fatal(err)
	}
	wp := &salkku.WorkPackage{ProjectID: f.p.ID, Name: salkku.T("Kilpailutus")}
	if err := f.db.CreateWorkPackage(ctx, wp); err != nil {
		t.Fatal(err)
	}
	mk := func(kind string, wpID int64, due salkku.Date, p *salkku.Person, lang string) salkku.ReminderDue {
		return salkku.ReminderDue{ProjectID: f.p.ID, WorkPackageID: wpID, ProjectCode: f.p.Code, ProjectName: f.p.Name,
			WorkPackageName: wp.Name, DueDate: due, Kind: kind, PersonID: p.ID, PersonName: p.Name, Email: p.Email, Language: lang}
	}
	f.clock.Add(30 * 24 * time.Hour) // today is 1.12.2026
	f.due = []salkku.ReminderDue{
		mk(salkku.ReminderBefore, 0, "2026-12-04", aino, "sv"),
		mk(salkku.ReminderOverdue, wp.ID, "2026-11-30", jukka, "fi"),
		mk(salkku.ReminderOverdue, wp.ID, "2026-11-30", emma, "en"),
	}
	return f
}

func (f *fixture) job(store salkku.ReminderService, s remind.Sender) *remind.Job {
	return &remind.Job{Store: store, Sender: s, Catalog: i18n.MustLoad(), BaseURL: "https://salkku.naantali.example/",
		BeforeDays: 3, Now: f.clock.Now, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Due: func(context.Context, salkku.Date, int) ([]salkku.ReminderDue, error) { return f.due, nil }}
}

func sender(t *testing.T, s *mailpit.Server) *mail.Client {
	t.Helper()
	c, err := mail.New(mail.Config{Host: s.Host, Port: s.Port, TLS: mail.TLSNone, From: "Salkku <salkku@naantali.example>"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestPass: one pass sends each reminder due once, in its recipient's
// language, with the link to the project's reports; the next pass sends
// nothing.
func TestPass(t *testing.T) {
	for _, engine := range sqldbtest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			f := newFixture(t, engine)
			srv := mailpit.Start(t, mailpit.Options{})
			job := f.job(f.db, sender(t, srv))
			p, err := job.RunOnce(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if p != (remind.Pass{Due: 3, Sent: 3}) {
				t.Fatalf("pass %+v", p)
			}
			ms := srv.Wait(t, 3)
			if len(ms) != 3 {
				t.Fatalf("%d messages arrived, want 3", len(ms))
			}
			want := map[string]struct{ subject, greeting, date string }{
				"aino.aberg@naantali.example":   {"Påminnelse: lägesrapporten ska lämnas – 2.1 Palomuurin jatkaminen, 4.12.2026", "Hej Aino Åberg,", "senast 4.12.2026"},
				"jukka.makela@naantali.example": {"Muistutus: tilanneraportti on myöhässä – 2.1 Palomuurin jatkaminen / Kilpailutus, 30.11.2026", "Hei Jukka Mäkelä,", "määräpäivä oli 30.11.2026"},
				"emma.smith@naantali.example":   {"Reminder: status report overdue – 2.1 Palomuurin jatkaminen / Kilpailutus, 30 Nov 2026", "Hello Emma Smith,", "was due on 30 Nov 2026"},
			}
			for _, s := range ms {
				m := srv.Message(t, s.ID)
				if len(m.To) != 1 {
					t.Fatalf("to %+v", m.To)
				}
				w, ok := want[m.To[0].Address]
				if !ok {
					t.Fatalf("a message to %s", m.To[0].Address)
				}
				delete(want, m.To[0].Address)
				if m.Subject != w.subject {
					t.Errorf("subject %q, want %q", m.Subject, w.subject)
				}
				for _, part := range []string{w.greeting, w.date, "https://salkku.naantali.example/projects/" + strconv.FormatInt(f.p.ID, 10) + "/reports\n"} {
					if !strings.Contains(strings.ReplaceAll(m.Text, "\r\n", "\n"), part) {
						t.Errorf("body to %s lacks %q:\n%s", m.To[0].Address, part, m.Text)
					}
				}
			}
			p, err = job.RunOnce(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if p != (remind.Pass{Due: 3}) {
				t.Fatalf("second pass %+v", p)
			}
			// A restart is a new job on the same database: nothing again.
			f.clock.Add(time.Hour)
			if p, err := f.job(f.db, sender(t, srv)).RunOnce(t.Context()); err != nil || p.Sent != 0 {
				t.Fatalf("after a restart: %+v, %v", p, err)
			}
			if ms := srv.Messages(t); len(ms) != 3 {
				t.Fatalf("%d messages after the second pass, want 3", len(ms))
			}
			log, _, err := f.db.FindReminderLog(salkku.System(t.Context()), salkku.ReminderFilter{})
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range log {
				if l.Status != salkku.ReminderSent || l.Attempts != 1 || l.SentAt == nil {
					t.Errorf("log line %+v", l)
				}
			}
		})
	}
}

// TestFailedSend: with the SMTP server unreachable the log shows the
// error; a pass after ReminderRetryDelay, with the server back, sends.
func TestFailedSend(t *testing.T) {
	f := newFixture(t, "sqlite")
	f.due = f.due[:1]
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	down, err := mail.New(mail.Config{Host: "127.0.0.1", Port: port, TLS: mail.TLSNone, From: "salkku@naantali.example", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	p, err := f.job(f.db, down).RunOnce(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if p != (remind.Pass{Due: 1, Failed: 1}) {
		t.Fatalf("pass %+v", p)
	}
	ctx := salkku.System(t.Context())
	log, _, err := f.db.FindReminderLog(ctx, salkku.ReminderFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 1 || log[0].Status != salkku.ReminderFailed || !strings.Contains(log[0].Error, "connect") || log[0].Attempts != 1 {
		t.Fatalf("log %+v", log[0])
	}
	srv := mailpit.Start(t, mailpit.Options{})
	up := f.job(f.db, sender(t, srv))
	if p, err := up.RunOnce(t.Context()); err != nil || p.Sent != 0 {
		t.Fatalf("a retry at once: %+v, %v", p, err)
	}
	f.clock.Add(salkku.ReminderRetryDelay)
	if p, err := up.RunOnce(t.Context()); err != nil || p.Sent != 1 {
		t.Fatalf("the retry: %+v, %v", p, err)
	}
	if ms := srv.Wait(t, 1); len(ms) != 1 {
		t.Fatalf("%d messages, want 1", len(ms))
	}
	log, _, err = f.db.FindReminderLog(ctx, salkku.ReminderFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if log[0].Status != salkku.ReminderSent || log[0].Attempts != 2 || log[0].SentAt == nil {
		t.Fatalf("log after the retry %+v", log[0])
	}
}

// TestTwoInstances: two instances of Salkku on one PostgreSQL database
// make passes at the same time; each reminder arrives once.
func TestTwoInstances(t *testing.T) {
	if !slices.Contains(sqldbtest.Engines(t), "postgres") {
		t.Skip("needs PostgreSQL (SALKKU_TEST_POSTGRES)")
	}
	f := newFixture(t, "postgres")
	other := sqldbtest.Reopen(t, f.db)
	other.Now = f.clock.Now
	srv := mailpit.Start(t, mailpit.Options{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	var sent int
	for _, db := range []*sqldb.DB{f.db, other, f.db, other} {
		job := f.job(db, sender(t, srv))
		wg.Go(func() {
			for range 3 {
				p, err := job.RunOnce(t.Context())
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				sent += p.Sent
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if sent != len(f.due) {
		t.Fatalf("the instances sent %d, want %d", sent, len(f.due))
	}
	srv.Wait(t, len(f.due))
	time.Sleep(200 * time.Millisecond) // a duplicate would arrive by now
	ms := srv.Messages(t)
	seen := map[string]int{}
	for _, m := range ms {
		for _, to := range m.To {
			seen[to.Address]++
		}
	}
	if len(ms) != len(f.due) || len(seen) != len(f.due) {
		t.Fatalf("%d messages to %v, want one to each of %d", len(ms), seen, len(f.due))
	}
}

// TestReportDueYesterday is issue 9's "done when": a report due yesterday
// is on the overdue list, and its reminder arrives once, in the
// recipient's language, found through the store's reporting cycles.
func TestReportDueYesterday(t *testing.T) {
	for _, engine := range sqldbtest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			f := newFixture(t, engine)
			ctx := salkku.System(t.Context())
			// Its manager's user chose Swedish.
			u := &salkku.User{Email: "aino.aberg@naantali.example", Name: "Aino Åberg"}
			if err := f.db.CreateUser(ctx, u, ""); err != nil {
				t.Fatal(err)
			}
			if err := f.db.SetUserLanguage(ctx, u.ID, "sv"); err != nil {
				t.Fatal(err)
			}
			// A cycle whose report was due yesterday (the clock says 1.12.2026).
			if err := f.db.SetReportingCycle(ctx, &salkku.ReportingCycle{PortfolioID: f.p.PortfolioID, Kind: salkku.CycleGivenDates,
				Start: "2026-11-01", Dates: []salkku.Date{"2026-11-30", "2026-12-31"}}); err != nil {
				t.Fatal(err)
			}
			due, err := f.db.FindReportsDue(ctx, salkku.DueFilter{PortfolioID: &f.p.PortfolioID, AsOf: "2026-12-01"})
			if err != nil {
				t.Fatal(err)
			}
			if len(due) != 1 || !due[0].Overdue || due[0].Period.Due != "2026-11-30" {
				t.Fatalf("overdue list %+v", due)
			}
			srv := mailpit.Start(t, mailpit.Options{})
			job := f.job(f.db, sender(t, srv))
			job.Due = nil // the store finds them
			for range 2 {
				if _, err := job.RunOnce(t.Context()); err != nil {
					t.Fatal(err)
				}
			}
			srv.Wait(t, 1)
			ms := srv.Messages(t)
			if len(ms) != 1 {
				t.Fatalf("%d messages, want 1", len(ms))
			}
			if want := "Påminnelse: lägesrapporten är försenad – 2.1 Palomuurin jatkaminen, 30.11.2026"; ms[0].Subject != want || ms[0].To[0].Address != u.Email {
				t.Fatalf("message %q to %v, want %q", ms[0].Subject, ms[0].To, want)
			}
		})
	}
}
