package web

import (
	"testing"

	"github.com/salkku/salkku/i18n"
)

// TestDiff: an audit entry reads in the page's language, only what changed
// is listed, ids show as the names beside them, and values read as people
// write them.
func TestDiff(t *testing.T) {
	b := Base{Lang: "fi", cat: i18n.MustLoad()}
	before := `{"id":1,"version":1,"name":"Palomuuri","code":"2.1","status":"active","mandatory":false,"end":"2018-04","owner_id":3,"owner_name":"Kristiina Taskinen","vendors":["DNA Oy"]}`
	after := `{"id":1,"version":2,"name":"Palomuurin uusiminen","code":"2.1","status":"closed","mandatory":true,"end":"2018-05","owner_id":4,"owner_name":"Hanna Mara","vendors":["DNA Oy","Tiera"]}`
	got := b.Diff(before, after)
	want := []diffRow{
		{Label: "Loppukuukausi", Before: "4/2018", After: "5/2018"},
		{Label: "Pakollinen", Before: "Ei", After: "Kyllä"},
		{Label: "Nimi", Before: "Palomuuri", After: "Palomuurin uusiminen"},
		{Label: "Omistaja", Before: "Kristiina Taskinen", After: "Hanna Mara"},
		{Label: "Tila", Before: "Käynnissä", After: "Päättynyt"},
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
	gone := b.Diff(before, "")
	if len(gone) == 0 || !gone[0].Gone || gone[0].Before == "" {
		t.Errorf("delete rows %+v", gone)
	}
	if s := b.AuditSubject(before, after); s != "2.1 Palomuurin uusiminen" {
		t.Errorf("subject %q", s)
	}
}
