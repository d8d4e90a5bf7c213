package docgen

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/doc"
)

// key is a translator that writes the key and its arguments, so that the
// tests see which text went where.
func key(k string, args ...any) string {
	if len(args) == 0 {
		return k
	}
	return k + fmt.Sprint(args...)
}

func headings(d *doc.Document) []string {
	var out []string
	for _, h := range d.Headings(3) {
		out = append(out, h.FullText())
	}
	return out
}

func id(n int64) *int64 { return &n }

func TestSectionNumber(t *testing.T) {
	for _, c := range []struct {
		chapter, code, want string
		i                   int
	}{
		{"2", "2.1", "2.1", 0},
		{"2", "2.10", "2.10", 4},
		{"2", "3.1", "2.1", 0},   // another chapter's number: renumbered
		{"2", "2.1a", "2.2", 1},  // not a number
		{"2", "KaRa", "2.3", 2},  // a code of its own
		{"2", "2.", "2.1", 0},    // no section
		{"12", "1.2", "12.1", 0}, // a prefix that is not the chapter
	} {
		if got := sectionNumber(c.chapter, c.i, c.code); got != c.want {
			t.Errorf("sectionNumber(%q, %d, %q) = %q, want %q", c.chapter, c.i, c.code, got, c.want)
		}
	}
}

func TestActionPlan(t *testing.T) {
	m := func(y, mo int) salkku.Month { return salkku.NewMonth(y, mo) }
	pf := &salkku.Portfolio{Name: salkku.T("Suunnitelma"), Description: salkku.T("Johdanto.\n\n- yksi\n- kaksi"), FollowUp: salkku.T("Seuranta.")}
	cats := []*salkku.Category{
		{Meta: salkku.Meta{ID: 1}, Name: salkku.T("Perus"), Chapter: 2},
		{Meta: salkku.Meta{ID: 2}, Name: salkku.T("Tyhjä"), Chapter: 3},
		{Meta: salkku.Meta{ID: 3}, Name: salkku.T("Toimiala"), Chapter: 5},
	}
	projects := []*salkku.Project{
		{CategoryID: id(1), Code: "2.1", Name: salkku.T("Palomuuri"), Schedule: salkku.Schedule{Start: m(2017, 10), End: m(2018, 4)}, Vendors: []string{"DNA Oy"}, Status: "active", Phase: "impl"},
		{CategoryID: id(1), Code: "X", Name: salkku.T("Ilman numeroa"), Schedule: salkku.Schedule{Continuous: true}, Status: "active"},
		{CategoryID: id(3), Code: "5.1", Name: salkku.T("Pegasos"), Schedule: salkku.Schedule{End: m(2018, 12)}, Status: "proposed"},
		{Code: "A", Name: salkku.T("Irrallinen"), Status: "active"},
	}
	plan := Plan{Lang: "fi", Organisation: salkku.T("Naantalin kaupunki"), Portfolio: pf, Categories: cats, Projects: projects,
		PhaseName: func(k string) string { return "vaihe:" + k }, Printed: time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)}
	d := ActionPlan(plan, key)
	want := []string{"1. docs.plan.intro", "2. Perus", "2.1 Palomuuri (10/2017 – 4/2018)", "2.2 Ilman numeroa (schedule.continuous)",
		"3. Tyhjä", "5. Toimiala", "5.1 Pegasos (– 12/2018)", "6. docs.plan.uncategorised", "6.1 Irrallinen", "7. docs.plan.follow_up"}
	if got := headings(d); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("headings\n got %q\nwant %q", got, want)
	}
	if d.Organisation != "Naantalin kaupunki" || d.Title != "Suunnitelma" || d.Lang != "fi" || !strings.Contains(d.Footer, "2.12.2026") {
		t.Errorf("document: %+v", d)
	}
	// The introduction's list is a list; the facts name vendors and phase.
	var list, facts bool
	for _, b := range d.Blocks {
		if l, ok := b.(doc.List); ok && strings.Join(l.Items, ",") == "yksi,kaksi" {
			list = true
		}
		if p, ok := b.(doc.Paragraph); ok && p.Small {
			var s strings.Builder
			for _, r := range p.Runs {
				s.WriteString(r.Text)
			}
			facts = facts || s.String() == "docs.plan.vendors: DNA Oy · docs.plan.phase: vaihe:impl · docs.plan.status: status.active"
		}
	}
	if !list || !facts {
		t.Errorf("list %v, facts %v", list, facts)
	}

	// A filtered plan leaves out the chapters it has no project for, and
	// says what it was filtered by.
	plan.Filters = []string{"tila aktiivinen"}
	plan.Projects = projects[:1]
	d = ActionPlan(plan, key)
	want = []string{"1. docs.plan.intro", "2. Perus", "2.1 Palomuuri (10/2017 – 4/2018)", "3. docs.plan.follow_up"}
	if got := headings(d); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("filtered headings\n got %q\nwant %q", got, want)
	}
	if tp := d.Blocks[0].(doc.Title); !strings.Contains(strings.Join(tp.Lines, "|"), "docs.filterstila aktiivinen") {
		t.Errorf("the title page does not say the filter: %q", tp.Lines)
	}
}

func TestSteeringPack(t *testing.T) {
	wp := int64(7)
	p := Pack{Lang: "fi", Organisation: salkku.T("Kainuun sote"), Project: &salkku.Project{Code: "KaRa", Name: salkku.T("Rakenneuudistus"), Description: salkku.T("Lisätietoja\nKristiina")},
		Date: "2021-11-22", Printed: time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC),
		Reports: []*salkku.StatusReport{{WorkPackageID: &wp, WorkPackageCode: "OA1", WorkPackageName: salkku.T("Koordinaatio"), ReportDate: "2021-11-22",
			ResponsibleIDs: []int64{1, 2}, ResponsibleNames: []string{"Kristiina Taskinen", "Hanna Mara"}, Shares: []salkku.Share{{PersonID: 2, Percent: 50}},
			Overall: salkku.T("Etenee."), Achievements: salkku.T("• Projektinhallinta\n• Ohjausryhmät x 5"), Deviations: salkku.T("• Korona"),
			Lights: salkku.Lights{Overall: "green", Cost: "yellow"}, Tags: []string{"H"}, Legend: salkku.T("H=HELLÄ-yhteys")}},
		People: map[int64]*salkku.Person{1: {Name: "Kristiina Taskinen", Title: "projektipäällikkö"}},
	}
	d := SteeringPack(p, key)
	want := []string{"OA1 Koordinaatio (H)", "docs.pack.contact"}
	if got := headings(d); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("without finance or comms\n got %q\nwant %q", got, want)
	}
	if !d.Landscape || d.Title != "Rakenneuudistus (KaRa)" {
		t.Errorf("document: landscape %v, title %q", d.Landscape, d.Title)
	}
	var boxes doc.Boxes
	var who doc.Fields
	for _, b := range d.Blocks {
		switch x := b.(type) {
		case doc.Boxes:
			boxes = x
		case doc.Fields:
			who = x
		}
	}
	if len(who.Items) != 1 || who.Items[0].Value != "Kristiina Taskinen, projektipäällikkö\nHanna Mara (50 %)" {
		t.Errorf("responsible: %+v", who.Items)
	}
	if len(boxes.Items) != 4 || boxes.Items[0].Light != "green" || boxes.Items[0].LightText != "report.light.green" ||
		boxes.Items[1].Title != "report.achievements_by22.11.2021" || boxes.Items[2].Blocks[0].(doc.Paragraph).Runs[0].Text != "form.not_set" {
		t.Errorf("boxes: %+v", boxes)
	}
	if l, ok := boxes.Items[1].Blocks[0].(doc.List); !ok || len(l.Items) != 2 {
		t.Errorf("achievements are not a list of two: %+v", boxes.Items[1].Blocks)
	}

	// With finance and a comms log: the log, then the budget with a
	// 100 % chart and its figures; a category without money is left out.
	p.Comms = []*salkku.CommsEntry{{Channel: "release", Scope: "internal", WorkPackageCode: "OA1", Subject: salkku.T("Käynnistyminen"), Start: salkku.NewMonth(2021, 1)}}
	p.Finance = &salkku.FinanceFollowUp{From: "2020-08-01", Through: "2021-11-15", Lines: []salkku.FinanceLine{
		{Name: salkku.T("Henkilöstömenot"), Budget: 99004000, Actual: 48015700},
		{Name: salkku.T("Tyhjä"), Budget: 0, Actual: 0},
	}}
	p.Finance.Sum()
	d = SteeringPack(p, key)
	want = []string{"OA1 Koordinaatio (H)", "docs.pack.comms", "docs.pack.budget_heading", "docs.pack.contact"}
	if got := headings(d); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("with finance\n got %q\nwant %q", got, want)
	}
	for _, b := range d.Blocks {
		if c, ok := b.(doc.Chart); ok {
			if !c.Full || len(c.Categories) != 2 || c.Series[0].Labels[0] != salkku.Money(48015700).Format("fi", true) || c.Series[1].Labels[1] != salkku.Money(50988300).Format("fi", true) || c.Series[1].Pattern != "hatch" {
				t.Errorf("chart: %+v", c)
			}
		}
	}
}
