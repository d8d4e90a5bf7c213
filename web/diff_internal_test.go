package web

import (
	"testing"

	"github.com/salkku/salkku"

	"github.com/salkku/salkku/i18n"
)

// TestDiff: an audit entry reads in the page's language, only what changed
// is listed, ids show as the names beside them, and values read as people
// write them.
func TestDiff(t *testing.T) {
	b := Base{Lang: "fi", cat: i18n.MustLoad()}
	before := `{"id":1,"version":1,"name":"Palomuuri","code":"2.1","status":"active","mandatory":false,"end":"2018-04","owner_id":3,"owner_name":"Kristiina Taskinen","vendors":["DNA Oy"]}`
	after := `{"id":1,"version":2,"name":"Palomuurin uusiminen","code":"2.1","status":"closed","mandatory":true,"end":"2018-05","owner_id":4,"owner_name":"Hanna Mara","vendors":["DNA Oy","Tiera"]}`
	got := b.Diff(&salkku.AuditEntry{Entity: "project", Before: before, After: after})
	// In the order of the project form, not of the alphabet or the JSON.
	want := []diffRow{
		{Label: "Nimi", Before: "Palomuuri", After: "Palomuurin uusiminen"},
		{Label: "Tila", Before: "Käynnissä", After: "Päättynyt"},
		{Label: "Pakollinen", Before: "Ei", After: "Kyllä"},
		{Label: "Loppukuukausi", Before: "4/2018", After: "5/2018"},
		{Label: "Omistaja", Before: "Kristiina Taskinen", After: "Hanna Mara"},
		{Label: "Toimittajat ja kumppanit", Before: "DNA Oy", After: "DNA Oy, Tiera"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d rows %+v, want %d", len(got), got, len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	// A delete shows what was there, as gone.
	gone := b.Diff(&salkku.AuditEntry{Entity: "project", Before: before})
	if len(gone) == 0 || !gone[0].Gone || gone[0].Before == "" {
		t.Errorf("delete rows %+v", gone)
	}
	if s := b.AuditSubject(&salkku.AuditEntry{Entity: "project", Before: before, After: after}); s != "2.1 Palomuurin uusiminen" {
		t.Errorf("subject %q", s)
	}
}

// TestDiffEvents: a role names whose it is, which and on what; sign-in
// methods, reasons and the system read in the page's language.
func TestDiffEvents(t *testing.T) {
	cat := i18n.MustLoad()
	grant := &salkku.AuditEntry{Entity: "grant", Action: "create",
		After: `{"id":6,"user_id":6,"user_name":"Demo Katselija","role":"project_manager","portfolio_id":null,"project_id":16,"project_name":"4.7 Oracle"}`}
	login := &salkku.AuditEntry{Entity: "user", Action: "login_failed",
		After: `{"addr":"127.0.0.1","email":"a@b.invalid","method":"sso","reason":"unverified e-mail"}`}
	for _, tc := range []struct {
		lang, subject, method, reason, system string
	}{
		{"fi", "Demo Katselija: Hankepäällikkö, hanke 4.7 Oracle", "kertakirjautuminen", "sähköpostiosoitetta ei ole vahvistettu", "järjestelmä"},
		{"sv", "Demo Katselija: Projektledare, projekt 4.7 Oracle", "enkel inloggning", "e-postadressen är inte verifierad", cat.T("sv", "audit.system")},
		{"en", "Demo Katselija: Project manager, project 4.7 Oracle", "single sign-on", "e-mail address not verified", "system"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			b := Base{Lang: tc.lang, cat: cat}
			if got := b.AuditSubject(grant); got != tc.subject {
				t.Errorf("subject %q, want %q", got, tc.subject)
			}
			rows := b.Diff(grant)
			if len(rows) != 3 || rows[0].After != "Demo Katselija" || rows[2].After != "4.7 Oracle" {
				t.Errorf("grant rows %+v, want user, role, project by name", rows)
			}
			got := map[string]string{}
			for _, r := range b.Diff(login) {
				got[r.Label] = r.After
			}
			if got[b.T("field.method")] != tc.method || got[b.T("field.reason")] != tc.reason {
				t.Errorf("login rows %v, want %q and %q", got, tc.method, tc.reason)
			}
			if got := b.AuditActor(grant); got != tc.system {
				t.Errorf("system actor %q, want %q", got, tc.system)
			}
		})
	}
}
