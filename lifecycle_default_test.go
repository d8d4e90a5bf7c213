package salkku_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/salkku/salkku"
)

var allLangs = salkku.Languages{
	Used:     []string{salkku.LangFI, salkku.LangSV, salkku.LangEN},
	Required: []string{salkku.LangFI, salkku.LangSV, salkku.LangEN},
}

func TestDefaultModelValidates(t *testing.T) {
	m := salkku.DefaultModel()
	if m.Number != 1 || m.PublishedAt != nil || m.OrganisationID != 0 || m.ID != 0 {
		t.Errorf("number %d, published %v, organisation %d, id %d; want 1, nil, 0, 0 (the store fills them)",
			m.Number, m.PublishedAt, m.OrganisationID, m.ID)
	}
	m.OrganisationID = 1 // as the store sets it
	if err := m.Validate(allLangs); err != nil {
		var e *salkku.Error
		if errors.As(err, &e) {
			t.Fatalf("Validate: %v", e.Fields)
		}
		t.Fatalf("Validate: %v", err)
	}
}

func TestDefaultModelIsFresh(t *testing.T) {
	a, b := salkku.DefaultModel(), salkku.DefaultModel()
	if a == b {
		t.Fatal("DefaultModel returned the same pointer twice")
	}
	a.Name.FI = "x"
	a.Roles[0].Name.FI = "x"
	d := a.Phase("deployment")
	d.Tasks[0].Text.FI = "x"
	d.Tasks = append(d.Tasks[:0], d.Tasks[1:]...)
	for i := range d.Tasks {
		if len(d.Tasks[i].Sub) > 0 {
			d.Tasks[i].Sub[0].FI = "x"
		}
	}
	d.Stages[0].Sections[1].Items[0].FI = "x"
	d.Gates[0].Level = "x"
	if !reflect.DeepEqual(b, salkku.DefaultModel()) {
		t.Error("changing one DefaultModel changed another")
	}
}

// texts walks v and calls fn with the path and value of every Text in it.
func texts(v reflect.Value, path string, fn func(path string, t salkku.Text)) {
	if v.Type() == reflect.TypeOf(salkku.Text{}) {
		fn(path, v.Interface().(salkku.Text))
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			texts(v.Elem(), path, fn)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if f := v.Type().Field(i); f.IsExported() {
				texts(v.Field(i), path+"."+f.Name, fn)
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			texts(v.Index(i), path+"["+strconv.Itoa(i)+"]", fn)
		}
	}
}

func TestDefaultModelTextsInAllLanguages(t *testing.T) {
	n := 0
	texts(reflect.ValueOf(salkku.DefaultModel()), "model", func(path string, x salkku.Text) {
		if x.IsZero() {
			return
		}
		n++
		for _, l := range salkku.ContentLangs {
			s := x.Get(l)
			switch {
			case s == "":
				t.Errorf("%s has no %s: %q", path, l, x.FI)
			case s != strings.TrimSpace(s), strings.Contains(s, "  "), strings.ContainsRune(s, '\u00a0'):
				t.Errorf("%s.%s has stray spaces: %q", path, l, s)
			case l != salkku.LangFI && s == x.FI:
				t.Errorf("%s.%s is the Finnish text untranslated: %q", path, l, s)
			}
		}
	})
	if n < 90 {
		t.Errorf("walked %d texts, want the whole model (over 90)", n)
	}
}

func TestDefaultModelGates(t *testing.T) {
	m := salkku.DefaultModel()
	want := []struct{ phase, code, name, level string }{
		{"proposal", "P0", "Valmistelupäätös", salkku.LevelPortfolio},
		{"prestudy", "P1", "Suunnittelupäätös", salkku.LevelPortfolio},
		{"planning", "P2", "Toteutuspäätös", salkku.LevelPortfolio},
		{"planning", "P3", "Käynnistyspäätös", salkku.LevelSteering},
		{"implementation", "P4", "Toteutuksen hyväksyntä", salkku.LevelSteering},
		{"deployment", "P5", "Lopettamispäätös", salkku.LevelSteering},
		{"closing", "P6", "Arkistointipäätös", salkku.LevelProject},
	}
	gs := m.Gates()
	if len(gs) != len(want) {
		t.Fatalf("got %d gates, want %d", len(gs), len(want))
	}
	for i, w := range want {
		g := gs[i]
		if got := [...]string{g.Phase.Key, g.Code, g.Name.FI, g.Level}; got != [...]string{w.phase, w.code, w.name, w.level} {
			t.Errorf("gate %d = %v, want %v", i, got, w)
		}
	}

	var phases []string
	for _, p := range m.Phases {
		phases = append(phases, p.Key+":"+p.Name.FI+":"+p.Status)
	}
	wantPhases := []string{
		"proposal:Esitys/ehdotus:proposed", "prestudy:Esiselvitys:proposed", "planning:Suunnittelu:proposed",
		"implementation:Toteutus:active", "deployment:Käyttöönotto:active", "closing:Päättäminen:active",
	}
	if !slices.Equal(phases, wantPhases) {
		t.Errorf("phases = %v, want %v", phases, wantPhases)
	}
	if got := m.Start(); got != (salkku.Position{Phase: "proposal", Gate: "P0"}) {
		t.Errorf("Start = %v", got)
	}
	if pos, done := m.After("P2"); done || pos != (salkku.Position{Phase: "planning", Gate: "P3"}) {
		t.Errorf("After(P2) = %v, %v; want planning before P3", pos, done)
	}
	if _, done := m.After("P6"); !done {
		t.Error("After(P6) is not the end")
	}
}

// TestDefaultModelSeedContent checks the phases other than deployment say
// what seed 004 says of them, and no more.
func TestDefaultModelSeedContent(t *testing.T) {
	m := salkku.DefaultModel()
	if p := m.Phase("prestudy"); !strings.Contains(p.Description.FI, "kevyt hyötyjen arviointi") ||
		len(p.Checklist) != 1 || p.Checklist[0].Required {
		t.Errorf("prestudy: %q, %+v; want the light benefit estimate, optional", p.Description.FI, p.Checklist)
	}
	p := m.Phase("planning")
	if !strings.Contains(p.Description.FI, "Lopullinen kustannushyötyanalyysi laaditaan varsinaisen suunnittelun yhteydessä") {
		t.Errorf("planning description = %q", p.Description.FI)
	}
	var required []string
	for _, c := range p.Checklist {
		if c.Required {
			required = append(required, c.Text.FI)
		}
	}
	if !slices.Equal(required, []string{"Lopullinen kustannushyötyanalyysi"}) {
		t.Errorf("planning required items = %q", required)
	}
	for _, key := range []string{"proposal", "implementation", "closing"} {
		p := *m.Phase(key)
		p.Name, p.Gates, p.Status, p.Key = salkku.Text{}, nil, "", ""
		if !reflect.DeepEqual(p, salkku.Phase{}) {
			t.Errorf("%s has content the seeds do not give: %+v", key, p)
		}
	}
}

// seed001 reads seed 001 (the deployment phase) from the shared seeds
// beside the repository, or skips.
func seed001(t *testing.T) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join("..", "shared", "seeds", "001_*.txt"))
	if len(files) == 0 {
		t.Skip("seed 001 not found in ../shared/seeds: the deployment phase is not checked against it")
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(string(b), "\n")
}

// clean is a seed line as the model writes it: spaces (non-breaking ones
// too) collapsed and trimmed.
func clean(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ")
}

// seed001Headings are the lines of seed 001 that are only the page's
// headings and labels, not content of the phase.
var seed001Headings = []string{
	"Beta", "Luonnos", "Perinteinen_toteutus_03", "Kuvaus",
	"Edellytykset käyttöönottovaiheen aloittamiselle",
	"Milloin käyttöönottovaihe on onnistuneesti valmis",
	"Tarkistuslista vaiheen päättämiseksi",
	"Käyttöönottovaiheen kulku ja tuotokset", "Käyttöönottovaiheen kulku",
	"Tärkeimmät tehtävät",
}

var stageNumber = regexp.MustCompile(`^[0-9]+\. `)

// TestDefaultModelDeploymentIsSeed001 checks that every line of seed 001
// is in the deployment phase's Finnish texts, and that its tasks are the
// seed's, in order, under the same theme and role.
func TestDefaultModelDeploymentIsSeed001(t *testing.T) {
	lines := seed001(t)
	m := salkku.DefaultModel()
	p := m.Phase("deployment")
	if p == nil {
		t.Fatal("no deployment phase")
	}
	var fi []string
	texts(reflect.ValueOf(p), "", func(_ string, x salkku.Text) { fi = append(fi, x.FI) })
	for _, task := range p.Tasks {
		if r := m.Role(task.Role); r != nil {
			fi = append(fi, r.Name.FI)
		}
		for _, th := range m.Themes {
			if th.Key == task.Theme {
				fi = append(fi, th.Name.FI)
			}
		}
	}
	checked := 0
	for _, raw := range lines {
		line := stageNumber.ReplaceAllString(clean(strings.TrimPrefix(clean(raw), "•")), "")
		if line == "" || slices.Contains(seed001Headings, line) {
			continue
		}
		checked++
		if !slices.ContainsFunc(fi, func(s string) bool { return strings.Contains(s, line) }) {
			t.Errorf("seed 001 line missing from the deployment phase: %q", line)
		}
	}
	if checked < 60 {
		t.Errorf("checked %d lines of seed 001, want all of it (over 60)", checked)
	}

	// The tasks, as the seed lists them under "Tärkeimmät tehtävät": a
	// theme heading, a role heading, the role's tasks ("•"), their parts
	// (indented "•").
	type task struct {
		theme, role, text string
		sub               []string
	}
	themeByName, roleByName := map[string]string{}, map[string]string{}
	for _, th := range m.Themes {
		themeByName[th.Name.FI] = th.Key
	}
	for _, r := range m.Roles {
		roleByName[r.Name.FI] = r.Key
	}
	var want []task
	theme, role, inTasks := "", "", false
	for _, raw := range lines {
		line := clean(raw)
		switch {
		case line == "Tärkeimmät tehtävät":
			inTasks = true
		case !inTasks || line == "" || line == "Luonnos":
		case strings.HasPrefix(line, "•") && strings.HasPrefix(raw, "  "):
			if len(want) == 0 {
				t.Fatalf("seed 001: a sub item before any task: %q", raw)
			}
			want[len(want)-1].sub = append(want[len(want)-1].sub, clean(strings.TrimPrefix(line, "•")))
		case strings.HasPrefix(line, "•"):
			want = append(want, task{theme, role, clean(strings.TrimPrefix(line, "•")), nil})
		case themeByName[line] != "":
			theme, role = themeByName[line], ""
		case roleByName[line] != "":
			role = roleByName[line]
		default:
			t.Errorf("seed 001: %q under Tärkeimmät tehtävät is no theme or role of the model", line)
		}
	}
	var got []task
	for _, x := range p.Tasks {
		var sub []string
		for _, s := range x.Sub {
			sub = append(sub, s.FI)
		}
		got = append(got, task{x.Theme, x.Role, x.Text.FI, sub})
	}
	if len(want) != 28 {
		t.Errorf("parsed %d tasks from seed 001, want 28", len(want))
	}
	if !reflect.DeepEqual(got, want) {
		for i := 0; i < max(len(got), len(want)); i++ {
			var g, w task
			if i < len(got) {
				g = got[i]
			}
			if i < len(want) {
				w = want[i]
			}
			if !reflect.DeepEqual(g, w) {
				t.Errorf("task %d = %+v, want %+v", i, g, w)
			}
		}
	}

	// The checklist's required items are the seed's completion criteria.
	var criteria, required []string
	in := false
	for _, raw := range lines {
		line := clean(raw)
		switch {
		case line == "Milloin käyttöönottovaihe on onnistuneesti valmis":
			in = true
		case line == "Tarkistuslista vaiheen päättämiseksi":
			in = false
		case in && strings.HasPrefix(line, "•"):
			criteria = append(criteria, clean(strings.TrimPrefix(line, "•")))
		}
	}
	for _, c := range p.Checklist {
		if c.Required {
			required = append(required, c.Text.FI)
		}
	}
	if len(criteria) == 0 || !slices.Equal(required, criteria) {
		t.Errorf("required checklist items = %q, want the completion criteria %q", required, criteria)
	}
}
