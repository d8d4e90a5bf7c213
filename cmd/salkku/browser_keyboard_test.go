package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/salkku/salkku"
)

// keyboard drives the browser tab with the keyboard alone: Tab and
// Shift+Tab to move, Enter and Space to act, typing to fill in. After
// every key that moves the focus it checks that the focused element shows
// a visible focus indicator.
type keyboard struct {
	t   *testing.T
	ctx context.Context
}

// kbField is one control a walk fills in: text is typed into a text field
// or text area (tabbing into a text field selects what it holds, so the
// text replaces it); for a select it is the value of the option to choose
// with the arrow keys; for a checkbox "x" ticks it and "" unticks it, with
// Space.
type kbField struct{ sel, text string }

// focusState is what focusJS tells about the focus and a target.
type focusState struct {
	At    string `json:"at"`    // the focused element, described
	Body  bool   `json:"body"`  // nothing is focused
	Ring  bool   `json:"ring"`  // it shows a focus indicator
	Found bool   `json:"found"` // the target exists
	Here  bool   `json:"here"`  // the target is focused
	Back  bool   `json:"back"`  // the target comes before the focus
}

// focusJS describes the focus, and where a target (a CSS selector) is
// from it. A focus indicator is a computed outline or box shadow while the
// element matches :focus-visible.
const focusJS = `sel => {
	const a = document.activeElement, t = document.querySelector(sel);
	const body = !a || a === document.body || a === document.documentElement;
	let at = body ? 'nothing' : a.tagName.toLowerCase() + (a.id ? '#' + a.id : '') + (a.className ? '.' + a.className.trim().split(/\s+/).join('.') : '');
	const text = body ? '' : (a.textContent || a.value || '').trim().replace(/\s+/g, ' ').slice(0, 40);
	if (text) at += ' "' + text + '"';
	let ring = false;
	if (!body && a.matches(':focus-visible')) {
		const cs = getComputedStyle(a);
		ring = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0 || cs.boxShadow !== 'none' && cs.boxShadow !== '';
	}
	return {at, body, ring, found: !!t, here: !!t && a === t,
		back: !!t && !body && !!(a.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_PRECEDING)};
}`

func (k keyboard) state(sel string) focusState {
	k.t.Helper()
	arg, _ := json.Marshal(sel)
	var st focusState
	if err := chromedp.Run(k.ctx, chromedp.Evaluate(`(`+focusJS+`)(`+string(arg)+`)`, &st)); err != nil {
		k.t.Fatal(err)
	}
	return st
}

// press sends one key, with modifiers.
func (k keyboard) press(key string, mods ...input.Modifier) {
	k.t.Helper()
	if err := chromedp.Run(k.ctx, chromedp.KeyEvent(key, chromedp.KeyModifiers(mods...))); err != nil {
		k.t.Fatal(err)
	}
}

// ring fails the test when the focused element shows no focus indicator.
func (k keyboard) ring() {
	k.t.Helper()
	if st := k.state("body"); !st.Body && !st.Ring {
		k.t.Errorf("%s has the keyboard focus but shows no focus indicator", st.At)
	}
}

// tabTo presses Tab (or Shift+Tab, when the target comes before the focus)
// until the element sel names has the focus, checking the focus indicator
// at every stop.
func (k keyboard) tabTo(sel string) {
	k.t.Helper()
	for i := 0; i < 150; i++ {
		st := k.state(sel)
		if !st.Found {
			k.t.Fatalf("tab to %s: the page has no such element (focus on %s)", sel, st.At)
		}
		if st.Here {
			return
		}
		if st.Back {
			k.press(kb.Tab, input.ModifierShift)
		} else {
			k.press(kb.Tab)
		}
		k.ring()
	}
	k.t.Fatalf("tab to %s: not reached in 150 key presses", sel)
}

// fill tabs to each field in turn and fills it in, then checks it holds
// what was asked.
func (k keyboard) fill(fields []kbField) {
	k.t.Helper()
	for _, f := range fields {
		k.tabTo(f.sel)
		var kind string
		k.eval(`(e => e.tagName === 'SELECT' ? 'select' : e.type === 'checkbox' ? 'checkbox' : 'text')(document.activeElement)`, &kind)
		switch kind {
		case "select":
			k.choose(f)
		case "checkbox":
			var checked bool
			k.eval(`document.activeElement.checked`, &checked)
			if checked != (f.text != "") {
				k.press(" ")
			}
		default:
			k.press(f.text)
		}
		var got string
		k.eval(`(e => e.type === 'checkbox' ? (e.checked ? 'x' : '') : e.value)(document.activeElement)`, &got)
		if got != f.text {
			k.t.Errorf("%s holds %q after the keyboard filled it in, want %q", f.sel, got, f.text)
		}
	}
}

// choose moves the focused select to the option with the value asked for,
// with the arrow keys.
func (k keyboard) choose(f kbField) {
	k.t.Helper()
	arg, _ := json.Marshal(f.text)
	var d struct{ At, Want int }
	k.eval(`(e => ({at: e.selectedIndex, want: [...e.options].findIndex(o => o.value === `+string(arg)+`)}))(document.activeElement)`, &d)
	if d.Want < 0 {
		k.t.Fatalf("%s has no option %q", f.sel, f.text)
	}
	key := kb.ArrowDown
	if d.Want < d.At {
		key = kb.ArrowUp
	}
	for i := d.At; i != d.Want; {
		k.press(key)
		if key == kb.ArrowDown {
			i++
		} else {
			i--
		}
	}
}

func (k keyboard) eval(js string, res any) {
	k.t.Helper()
	if err := chromedp.Run(k.ctx, chromedp.Evaluate(js, res)); err != nil {
		k.t.Fatal(err)
	}
}

// waitFor waits until a JavaScript condition holds on a loaded page (the
// page the last key opened). It asks again while a page is loading, when
// the browser may answer that the page it asked went away.
func (k keyboard) waitFor(cond string) {
	k.t.Helper()
	var err error
	for end := time.Now().Add(30 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		var ok bool
		if err = chromedp.Run(k.ctx, chromedp.Evaluate(`document.readyState === 'complete' && !!(`+cond+`)`, &ok)); err == nil && ok {
			return
		}
		if k.ctx.Err() != nil {
			break
		}
	}
	var loc string
	chromedp.Run(k.ctx, chromedp.Location(&loc))
	k.t.Fatalf("waiting for %s (at %s): %v", cond, loc, err)
}

// waitPath waits until the page at a path matching the regular expression
// re has loaded.
func (k keyboard) waitPath(re string) {
	k.t.Helper()
	k.waitFor(`/` + strings.ReplaceAll(re, "/", `\/`) + `/.test(location.pathname)`)
}

// open goes to a URL as a user types it in the address bar.
func (k keyboard) open(url string) {
	k.t.Helper()
	if err := chromedp.Run(k.ctx, emulation.SetDeviceMetricsOverride(desktopWidth, viewHeight, 1, false), chromedp.Navigate(url)); err != nil {
		k.t.Fatal(err)
	}
}

func (k keyboard) text(sel string) string {
	k.t.Helper()
	arg, _ := json.Marshal(sel)
	var s string
	k.eval(`(document.querySelector(`+string(arg)+`) || {}).textContent || ''`, &s)
	return s
}

// checkKeyboard uses the overview and the project form with the keyboard
// only: the skip link, the search box, and a form whose error summary
// takes the focus and keeps what was typed.
func checkKeyboard(t *testing.T, ctx context.Context, m *Main) {
	k := keyboard{t, ctx}
	k.open(m.URL() + "/portfolios/1?lang=fi")
	k.press(kb.Tab)
	if st := k.state(".skip"); !st.Here {
		t.Fatalf("first Tab focuses %s, want the skip link", st.At)
	}
	k.ring()
	k.press(kb.Enter)
	k.tabTo("#q")
	k.press("päiväkot" + kb.Enter)
	k.waitFor(`new URLSearchParams(location.search).get('q') === 'päiväkot'`)
	var rows int
	k.eval(`document.querySelectorAll('table.projects tbody tr:not(.group)').length`, &rows)
	if rows != 4 {
		t.Fatalf("search 'päiväkot' shows %d rows, want 4 (7.1–7.4)", rows)
	}

	// A project form with a bad month: the error summary appears and
	// takes the focus, and the typed values stay.
	k.open(m.URL() + "/portfolios/1/projects/new?lang=fi")
	k.fill([]kbField{{"#f-code", "9.1"}, {"#f-name-fi", "Uusi hanke"}, {"#f-start", "13/2017"}})
	k.press(kb.Enter)
	k.waitFor(`!!document.querySelector('.error-summary')`)
	if st := k.state("#error-summary"); !st.Here {
		t.Errorf("after a refused save the focus is on %s, want the error summary", st.At)
	}
	var code, start string
	k.eval(`document.querySelector('#f-code').value`, &code)
	k.eval(`document.querySelector('#f-start').value`, &start)
	if code != "9.1" || start != "13/2017" {
		t.Fatalf("typed values lost: code %q start %q", code, start)
	}
	if s := k.text(".error-summary"); !strings.Contains(s, "Kuukauden on oltava 1–12") {
		t.Fatalf("error summary %q does not say what is wrong", s)
	}
	screenshot(t, ctx, "project-form-error")
}

// keyboardWalk goes through the main flows with the keyboard alone, from
// the portfolio's overview: create a project, edit it, add a work package
// to it, and grant a user a role on the portfolio. The forms' fields are
// the tables below: a new field is one more line.
func keyboardWalk(t *testing.T, ctx context.Context, m *Main) {
	sys := salkku.System(context.Background())
	pf, err := m.DB.FindPortfolioByID(sys, 1)
	if err != nil {
		t.Fatal(err)
	}
	cats, err := m.DB.FindCategories(sys, pf.ID)
	if err != nil || len(cats) < 2 {
		t.Fatalf("categories: %d, %v", len(cats), err)
	}
	grantee := &salkku.User{Email: "avain@test.invalid", Name: "Näppäimistön Käyttäjä"}
	if err := m.DB.CreateUser(sys, grantee, testPassword); err != nil {
		t.Fatal(err)
	}
	const name, edited, wpName = "Näppäimistöhanke", "Näppäimistöhanke, muokattu", "Näppäimistön työpaketti"
	const nameSV, editedSV, wpNameSV = "Tangentbordsprojekt", "Tangentbordsprojekt, redigerat", "Tangentbordets arbetspaket"
	newProject := []kbField{
		{"#f-code", "9.9"},
		{"#f-name-fi", name},
		{"#f-name-sv", nameSV},
		{"#f-category_id", strconv.FormatInt(cats[1].ID, 10)},
		{"#f-description-fi", "Tehty näppäimistöllä."},
		{"#f-description-sv", "Gjort med tangentbordet."},
		{"#f-mandatory", "x"},
		{"#f-start", "1/2027"},
		{"#f-end", "12/2027"},
	}
	// The edit goes back up the form (Shift+Tab) after the tags.
	editProject := []kbField{
		{"#f-tags", "näppäimistö"},
		{"#f-name-sv", editedSV},
		{"#f-name-fi", edited},
		{"#f-mandatory", ""},
	}
	// The code after the name: Shift+Tab again.
	newWorkPackage := []kbField{
		{"#f-name-fi", wpName},
		{"#f-name-sv", wpNameSV},
		{"#f-code", "1"},
		{"#f-tags", "näppäimistö"},
	}
	grant := []kbField{
		{"#f-role", salkku.RoleViewer},
		{"#f-portfolio_id", pf.Name.PrimaryText()},
	}

	k := keyboard{t, ctx}
	k.open(m.URL() + "/portfolios/" + strconv.FormatInt(pf.ID, 10) + "?lang=fi")

	// Create.
	k.tabTo(`main a[href$="/projects/new"]`)
	k.press(kb.Enter)
	k.waitPath(`/projects/new$`)
	k.fill(newProject)
	k.tabTo(`main form button[type=submit]`)
	k.press(kb.Enter)
	k.waitPath(`^/projects/\d+$`)
	if h1 := k.text("h1"); !strings.Contains(h1, name) {
		t.Fatalf("after saving the new project the page says %q", h1)
	}
	ps, n, err := m.DB.FindProjects(sys, projectQuery(name))
	if err != nil || n != 1 {
		t.Fatalf("the project made with the keyboard: %d found, %v", n, err)
	}
	p := ps[0]
	if p.Code != "9.9" || p.CategoryID == nil || *p.CategoryID != cats[1].ID || !p.Mandatory || !p.Description.Equal(salkku.Text{FI: "Tehty näppäimistöllä.", SV: "Gjort med tangentbordet."}) || p.Name.Get("sv") != nameSV {
		t.Errorf("the project made with the keyboard: %+v", p)
	}
	screenshot(t, ctx, "walk-project")

	// Edit, saving with Space on the button.
	k.tabTo(`main a[href$="/edit"]`)
	k.press(kb.Enter)
	k.waitPath(`/edit$`)
	k.fill(editProject)
	k.tabTo(`main form button[type=submit]`)
	k.press(" ")
	k.waitPath(`^/projects/\d+$`)
	if h1 := k.text("h1"); !strings.Contains(h1, edited) {
		t.Fatalf("after the edit the page says %q", h1)
	}
	if p, err = m.DB.FindProjectByID(sys, p.ID); err != nil || !p.Name.Equal(salkku.Text{FI: edited, SV: editedSV}) || len(p.Tags) != 1 || p.Tags[0] != "näppäimistö" || p.Mandatory {
		t.Fatalf("the edited project: %+v, %v", p, err)
	}

	// A work package.
	k.tabTo(`main a[href$="/workpackages/new"]`)
	k.press(kb.Enter)
	k.waitPath(`/workpackages/new$`)
	k.fill(newWorkPackage)
	k.tabTo(`main form button[type=submit]`)
	k.press(kb.Enter)
	k.waitPath(`^/projects/\d+$`)
	if s := k.text("table.wp-tree"); !strings.Contains(s, wpName) {
		t.Fatalf("the project's work packages %q lack the new one", s)
	}
	if wps, err := m.DB.FindWorkPackages(sys, p.ID); err != nil || len(wps) != 1 || !wps[0].Name.Equal(salkku.Text{FI: wpName, SV: wpNameSV}) || wps[0].Code != "1" {
		t.Fatalf("work packages: %v, %v", wps, err)
	}

	// A role, from the administration's list of users.
	k.tabTo(`header a[href="/admin/users"]`)
	k.press(kb.Enter)
	k.waitPath(`^/admin/users$`)
	user := fmt.Sprintf("/admin/users/%d", grantee.ID)
	k.tabTo(`main a[href="` + user + `"]`)
	k.press(kb.Enter)
	k.waitPath(`^` + user + `$`)
	k.fill(grant)
	k.tabTo(`main form:has(input[name=action][value=grant]) button[type=submit]`)
	k.press(kb.Enter)
	k.waitFor(`!!document.querySelector('.flash, .error-summary')`)
	if s := k.text(".error-summary"); s != "" {
		t.Fatalf("granting the role: %s", s)
	}
	gs, err := m.DB.FindGrants(sys, grantee.ID)
	if err != nil || len(gs) != 1 || gs[0].Role != salkku.RoleViewer || gs[0].PortfolioID == nil || *gs[0].PortfolioID != pf.ID {
		t.Fatalf("grants: %v, %v", gs, err)
	}
	screenshot(t, ctx, "walk-grant")
}
