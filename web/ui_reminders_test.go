package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/salkku/salkku"
)

// TestReminderLogPage: the log shows who was reminded, when, of which
// report, and whether it was delivered or the error; it pages by id, and
// the API gives the same lines.
func TestReminderLogPage(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newApp(t, engine)
		ctx := salkku.System(context.Background())
		org := &salkku.Organisation{Name: salkku.T("Naantalin kaupunki")}
		must(t, a.db.CreateOrganisation(ctx, org))
		pf := &salkku.Portfolio{OrganisationID: org.ID, Name: salkku.T("Tietohallinto")}
		must(t, a.db.CreatePortfolio(ctx, pf))
		pe := &salkku.Person{Name: "Aino Aalto", Email: "aino.aalto@naantali.example", OrganisationID: &org.ID}
		must(t, a.db.CreatePerson(ctx, pe))
		p := &salkku.Project{PortfolioID: pf.ID, Code: "2.1", Name: salkku.T("Palomuurin jatkaminen"), ManagerID: &pe.ID}
		must(t, a.db.CreateProject(ctx, p))
		for d := 1; d <= salkku.DefaultPageSize+1; d++ {
			r := salkku.ReminderDue{ProjectID: p.ID, DueDate: salkku.Date(fmt.Sprintf("2026-%02d-%02d", 1+d/28, 1+d%28)), Kind: salkku.ReminderOverdue,
				PersonID: pe.ID, PersonName: pe.Name, Email: pe.Email, Language: "fi"}
			id, ok, err := a.db.ClaimReminder(ctx, r)
			if err != nil || !ok {
				t.Fatal(ok, err)
			}
			msg := ""
			if d == salkku.DefaultPageSize+1 {
				msg = "dial tcp 127.0.0.1:25: connect: connection refused"
			}
			must(t, a.db.RecordReminder(ctx, id, msg))
		}
		pg := a.get(t, "/admin/reminders")
		wantStatus(t, pg, http.StatusOK)
		wantText(t, pg, "Raporttimuistutukset", "Aino Aalto", "aino.aalto@naantali.example", "2.1 Palomuurin jatkaminen",
			"epäonnistui", "dial tcp 127.0.0.1:25: connect: connection refused", "lähetetty", "myöhässä", "Vanhemmat muistutukset")
		i := strings.Index(pg.Body, `href="/admin/reminders?before=`)
		if i < 0 {
			t.Fatal("no link to the older reminders")
		}
		next := pg.Body[i+len(`href="`):]
		next = next[:strings.IndexByte(next, '"')]
		older := a.get(t, strings.ReplaceAll(next, "&amp;", "&"))
		wantStatus(t, older, http.StatusOK)
		wantText(t, older, "Uusimmat", "lähetetty")
		wantNoText(t, older, "connection refused", "Vanhemmat muistutukset")

		failed := a.get(t, "/admin/reminders?status=failed")
		wantText(t, failed, "connection refused")
		wantNoText(t, failed, "Vanhemmat muistutukset")
		wantStatus(t, a.get(t, "/admin/reminders?status=lost"), http.StatusBadRequest)
		wantStatus(t, a.get(t, "/admin/reminders?before=x"), http.StatusBadRequest)

		// The API, with a session: the same first page.
		res := a.get(t, "/api/v1/reminders?limit=2&status=failed")
		wantStatus(t, res, http.StatusOK)
		var body struct {
			Items []salkku.Reminder `json:"items"`
			Next  int64             `json:"next"`
		}
		if err := json.Unmarshal([]byte(res.Body), &body); err != nil {
			t.Fatal(err)
		}
		if len(body.Items) != 1 || body.Next != 0 || body.Items[0].Error == "" || body.Items[0].ProjectName.FI != "Palomuurin jatkaminen" {
			t.Fatalf("API: %s", res.Body)
		}
	})
}

// TestLanguageRemembered: a signed-in user who switches the pages'
// language has it stored, for their e-mail reminders.
func TestLanguageRemembered(t *testing.T) {
	a := newApp(t, "sqlite")
	ctx := salkku.System(context.Background())
	wantStatus(t, a.get(t, "/?lang=sv"), http.StatusOK)
	u, err := a.db.FindUserByID(ctx, a.admin.ID)
	must(t, err)
	if u.Language != "sv" {
		t.Fatalf("language %q after ?lang=sv, want sv", u.Language)
	}
	wantStatus(t, a.get(t, "/?lang=en"), http.StatusOK)
	if u, _ := a.db.FindUserByID(ctx, a.admin.ID); u.Language != "en" {
		t.Fatalf("language %q after ?lang=en, want en", u.Language)
	}
	wantStatus(t, a.get(t, "/?lang=xx"), http.StatusOK)
	if u, _ := a.db.FindUserByID(ctx, a.admin.ID); u.Language != "en" {
		t.Fatalf("language %q after ?lang=xx, want en kept", u.Language)
	}
}
