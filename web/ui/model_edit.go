package ui

import (
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/salkku/salkku/web"

	"github.com/salkku/salkku"
)

// The editor of a draft version: the model's name and description, its
// roles and themes, and its phases (added with a typed key, removed, moved
// up and down), each with its name, status, texts, gates, stages,
// checklist, deliverables and tasks (a task's parts, like a stage's
// items, one a line). Field names follow the paths of
// salkku.Model.Validate's errors (phases.2.gates.0.code), so each error
// shows at its control.

// errAddRow stops a post that only asked for another empty row.
var errAddRow = salkku.Errorf(salkku.EINVALID, "lcmodel.add_row")

// modelFormPage is the editor; Model holds the form as typed.
type modelFormPage struct {
	web.Base
	Organisation *salkku.Organisation
	Model        *salkku.Model
	// Stored is the version as saved: a phase, role or theme it has keeps
	// its key; a new one's key is typed.
	Stored  *salkku.Model
	Summary []modelProblem
}

// NewPhase, NewRole and NewTheme report whether a key is not yet saved,
// so that its key is typed in.
func (p modelFormPage) NewPhase(key string) bool { return key == "" || p.Stored.Phase(key) == nil }

func (p modelFormPage) NewRole(key string) bool { return key == "" || p.Stored.Role(key) == nil }

func (p modelFormPage) NewTheme(key string) bool {
	for _, t := range p.Stored.Themes {
		if t.Key == key {
			return false
		}
	}
	return true
}

// Lines are a one-a-line list's textareas, a language each: line n is item
// n. An error at a line shows at its language's textarea.
func (p modelFormPage) Lines(name, label string, ts []salkku.Text) []web.Field {
	var joined salkku.Text
	for _, lang := range salkku.ContentLangs {
		lines, any := make([]string, len(ts)), false
		for i, t := range ts {
			lines[i] = t.Get(lang)
			any = any || lines[i] != ""
		}
		if any {
			v := strings.Join(lines, "\n")
			if strings.HasPrefix(v, "\n") {
				v = "\n" + v // a textarea drops its first newline
			}
			joined.Set(lang, v)
		}
	}
	fs := p.Texts(name, label, joined, "textarea")
	if k, ok := p.Errors[name]; ok && len(fs) > 0 && fs[0].Error == "" {
		fs[0].Error = p.T(k)
	}
	for i := range fs {
		fs[i].Hint = p.T("lcmodel.one_a_line")
	}
	return fs
}

// Fills are a role's choices of the project field that names its holder.
func (p modelFormPage) Fills(selected string) []web.Option {
	var out []web.Option
	for _, f := range []string{"", salkku.FillsManager, salkku.FillsServiceOwner, salkku.FillsOwner, salkku.FillsSteering} {
		key := "lcmodel.fills." + f
		if f == "" {
			key = "lcmodel.fills.none"
		}
		out = append(out, web.Option{Value: f, Label: p.T(key), Selected: f == selected})
	}
	return out
}

// modelProblem is a line of the editor's error summary.
type modelProblem struct{ ID, Label, Message string }

// Path builds a field name from parts: Path "phases" 2 "gates" 0 "code".
func (p modelFormPage) Path(parts ...any) string {
	s := make([]string, len(parts))
	for i, v := range parts {
		s[i] = fmt.Sprint(v)
	}
	return strings.Join(s, ".")
}

// In is a one-line control (or with opts "textarea", "checkbox") of the
// editor, labelled by a catalogue key.
func (p modelFormPage) In(name, label, value, opts string) web.Field {
	f := web.Field{ID: web.FieldID(name), Name: name, Label: p.T(label), Value: value, Type: "text"}
	for _, o := range strings.Split(opts, ",") {
		switch o = strings.TrimSpace(o); o {
		case "required":
			f.Required = true
		case "textarea", "checkbox":
			f.Type = o
		}
	}
	f.Checked = f.Type == "checkbox" && value == "true"
	if k, ok := p.Errors[name]; ok {
		f.Error = p.T(k)
	}
	return f
}

// Select is a select of the editor.
func (p modelFormPage) Select(name, label string, options []web.Option) web.Field {
	f := p.In(name, label, "", "")
	f.Type, f.Options = "select", options
	return f
}

// Texts is a text's controls in the organisation's languages side by
// side (as Base.TF), labelled by a catalogue key.
func (p modelFormPage) Texts(name, label string, t salkku.Text, opts string) []web.Field {
	langs := p.ContentLangs
	required := strings.Contains(opts, "required")
	t = t.Resolve(langs.Primary())
	shown := append([]string(nil), langs.Used...)
	for _, lang := range salkku.ContentLangs {
		_, bad := p.Errors[name+"."+lang]
		if !contains(shown, lang) && (t.Get(lang) != "" || bad) {
			shown = append(shown, lang)
		}
	}
	var out []web.Field
	for _, lang := range shown {
		key := name + "." + lang
		f := p.In(key, label, t.Get(lang), strings.ReplaceAll(opts, "required", ""))
		f.Lang = lang
		f.Required = required && langs.Requires(lang)
		if len(shown) > 1 {
			f.Label += " " + p.InLang(lang)
		}
		out = append(out, f)
	}
	return out
}

func contains(ss []string, s string) bool {
	for _, v := range ss {
		if v == s {
			return true
		}
	}
	return false
}

// Levels are a gate's level choices.
func (p modelFormPage) Levels(selected string) []web.Option {
	var out []web.Option
	for _, l := range salkku.Levels {
		out = append(out, web.Option{Value: l, Label: levelName(p.Base, l), Selected: l == selected})
	}
	return out
}

// Statuses are a phase's status choices.
func (p modelFormPage) Statuses(selected string) []web.Option {
	var out []web.Option
	for _, s := range []string{salkku.StatusProposed, salkku.StatusActive} {
		out = append(out, web.Option{Value: s, Label: p.Status(s), Selected: s == selected})
	}
	return out
}

// Empty is the text of a new row.
func (p modelFormPage) Empty() salkku.Text { return salkku.Text{} }

// Bool writes a checkbox's state.
func (p modelFormPage) Bool(v bool) string { return strconv.FormatBool(v) }

// RoleOptions and ThemeOptions are a task's choices of role and theme.
func (p modelFormPage) RoleOptions(selected string) []web.Option {
	var out []web.Option
	if p.Model.Role(selected) == nil {
		out = append(out, web.Option{Value: selected, Label: p.T("lcmodel.choose"), Selected: true})
	}
	for _, r := range p.Model.Roles {
		out = append(out, web.Option{Value: r.Key, Label: p.Plain(r.Name), Selected: r.Key == selected})
	}
	return out
}

func (p modelFormPage) ThemeOptions(selected string) []web.Option {
	out := []web.Option{{Value: "", Label: p.T("lcmodel.no_theme"), Selected: selected == ""}}
	for _, t := range p.Model.Themes {
		out = append(out, web.Option{Value: t.Key, Label: p.Plain(t.Name), Selected: t.Key == selected})
	}
	return out
}

// handleModelEdit shows a draft's editor and saves it.
func (s *Server) handleModelEdit(w http.ResponseWriter, r *http.Request) {
	stored, ok := load(s, w, r, s.Register.FindModelByID)
	if !ok || !s.Allowed(w, r, web.AccessOf(r).CanEditModel(stored.OrganisationID)) {
		return
	}
	if stored.PublishedAt != nil && r.Method == http.MethodGet {
		s.Error(w, r, salkku.Errorf(salkku.EINVALID, "error.model_published", stored.Number))
		return
	}
	o, err := s.Register.FindOrganisationByID(r.Context(), stored.OrganisationID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	b := s.modelBase(w, r, o, stored)
	b.Title = b.T("lcmodel.edit_title", b.Plain(stored.Name), stored.Number)
	b.Crumbs = append(b.Crumbs, web.Crumb{Label: b.T("action.edit")})
	b.ContentLangs = o.Languages
	form := stored
	status := http.StatusOK
	if r.Method == http.MethodPost {
		var done bool
		status, done = s.PostForm(w, r, &b, func() (salkku.FieldErrors, error, string) {
			form = readModelForm(r, stored)
			if unsaved(r) {
				// "Add a row", "remove", "move": the form again, unsaved.
				return nil, errAddRow, ""
			}
			err := s.Register.UpdateModel(r.Context(), form)
			return nil, err, modelURL(stored.ID)
		})
		if done {
			return
		}
		if unsaved(r) {
			status, b.Error, b.Errors, b.Flash = http.StatusOK, "", nil, "lcmodel.add_row"
			if r.PostFormValue("act") != "" {
				b.Flash = "lcmodel.unsaved"
			}
		}
	}
	page := modelFormPage{Base: b, Organisation: o, Model: form, Stored: stored}
	errs := orderedModelErrors(b.Errors)
	for _, e := range errs {
		// An error at a line of a one-a-line list shows at its textarea.
		if c := lineControl(e.Field, o.Languages.Primary()); c != e.Field {
			if _, ok := b.Errors[c]; !ok {
				b.Errors[c] = e.Key
			}
		}
	}
	page.Base = b
	for _, e := range errs {
		page.Summary = append(page.Summary, modelProblem{ID: web.FieldID(lineControl(e.Field, o.Languages.Primary())), Label: modelFieldLabel(b, form, e.Field), Message: b.T(e.Key)})
	}
	s.Render(w, r, status, "model_form", page)
}

// unsaved reports whether a post only asked for another row, a row's
// removal or a phase's move: the form comes back, nothing saved.
func unsaved(r *http.Request) bool {
	return r.PostFormValue("add") != "" || r.PostFormValue("act") != ""
}

// orderedModelErrors lists the editor's errors in the order of the form:
// by phase and part, numbers compared as numbers.
func orderedModelErrors(errs map[string]string) []web.FieldError {
	out := make([]web.FieldError, 0, len(errs))
	for f, k := range errs {
		out = append(out, web.FieldError{Field: f, Key: k})
	}
	sort.Slice(out, func(i, j int) bool { return pathLess(out[i].Field, out[j].Field) })
	return out
}

func pathLess(a, b string) bool {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) && i < len(bs); i++ {
		if as[i] == bs[i] {
			continue
		}
		an, aerr := strconv.Atoi(as[i])
		bn, berr := strconv.Atoi(bs[i])
		if aerr == nil && berr == nil {
			return an < bn
		}
		return as[i] < bs[i]
	}
	return len(as) < len(bs)
}

// modelParts name the parts of a model in an error's path.
var modelParts = map[string]string{
	"gates": "lcmodel.label_gate", "checklist": "lcmodel.label_check", "deliverables": "lcmodel.label_deliverable",
	"tasks": "lcmodel.label_task", "stages": "lcmodel.label_stage", "sections": "lcmodel.label_section",
	"items": "lcmodel.label_item", "sub": "lcmodel.label_item", "roles": "lcmodel.label_role", "themes": "lcmodel.label_theme",
}

// modelFields are the names of the fields of a model's parts.
var modelFields = map[string]string{
	"name":                "lcmodel.f_name",
	"description":         "lcmodel.f_description",
	"entry_criteria":      "lcmodel.f_entry_criteria",
	"completion_criteria": "lcmodel.f_completion_criteria",
	"outcome":             "lcmodel.f_outcome",
	"status":              "lcmodel.f_status",
	"key":                 "lcmodel.f_key",
	"code":                "lcmodel.f_code",
	"level":               "lcmodel.f_level",
	"text":                "lcmodel.f_text",
	"required":            "lcmodel.f_required",
	"template":            "lcmodel.f_template",
	"role":                "lcmodel.f_role",
	"theme":               "lcmodel.f_theme",
	"subtitle":            "lcmodel.f_subtitle",
	"fills":               "lcmodel.f_fills",
	"phases":              "lcmodel.f_phases",
	"gates":               "lcmodel.f_gates",
	"checklist":           "lcmodel.f_checklist",
	"deliverables":        "lcmodel.f_deliverables",
	"tasks":               "lcmodel.f_tasks",
	"stages":              "lcmodel.f_stages",
}

// modelFieldLabel names an error's field for the summary: "Vaihe 3:
// Suunnittelu – portti 1 – tunnus ruotsiksi".
func modelFieldLabel(b web.Base, m *salkku.Model, field string) string {
	if stem, _, _ := strings.Cut(field, "."); modelParts[stem] == "" && stem != "phases" {
		return b.FieldLabel(field) // the model's own name, description, version
	}
	parts := strings.Split(field, ".")
	var out []string
	for i := 0; i < len(parts); i++ {
		seg := parts[i]
		n, err := -1, error(nil)
		if i+1 < len(parts) {
			n, err = strconv.Atoi(parts[i+1])
		}
		switch {
		case seg == "phases" && i+1 < len(parts) && err == nil:
			name := ""
			if n >= 0 && n < len(m.Phases) {
				name = b.Plain(m.Phases[n].Name)
			}
			out = append(out, b.T("lcmodel.label_phase", n+1, name))
			i++
		case modelParts[seg] != "" && i+1 < len(parts) && err == nil:
			out = append(out, b.T(modelParts[seg], n+1))
			i++
		case salkku.ValidLang(seg) && i == len(parts)-1 && len(out) > 0:
			out[len(out)-1] += " " + b.InLang(seg)
		case modelFields[seg] != "":
			out = append(out, b.T(modelFields[seg]))
		default:
			out = append(out, seg)
		}
	}
	return strings.Join(out, " – ")
}

// readModelForm reads the editor onto a copy of the stored version. The
// hidden "editing" fields say which parts the form holds (phases, roles,
// themes); a part not posted stays as stored. Removed rows and empty new
// ones drop out; a new checklist item or deliverable gets a key; the
// "act" button (remove a row, move a phase) is applied as the form is read.
func readModelForm(r *http.Request, stored *salkku.Model) *salkku.Model {
	m := *stored
	m.Version, _ = strconv.Atoi(r.PostFormValue("version"))
	m.Name, m.Description = web.FormText(r, "name"), web.FormText(r, "description")
	act := r.PostFormValue("act")
	removed := func(path string) bool { return act == path+".remove" }
	posted := func(name string) bool { _, ok := r.PostForm[name]; return ok }
	editing := r.PostForm["editing"]
	keys := map[string]bool{}
	for _, p := range stored.Phases {
		for _, c := range p.Checklist {
			keys[c.Key] = true
		}
		for _, d := range p.Deliverables {
			keys[d.Key] = true
		}
	}
	newKey := func(phase, kind string) string {
		if len(phase) > 20 {
			phase = phase[:20]
		}
		for n := 1; ; n++ {
			k := fmt.Sprintf("%s-%s%d", phase, kind, n)
			if !keys[k] {
				keys[k] = true
				return k
			}
		}
	}
	if contains(editing, "roles") {
		m.Roles = nil
		for i := 0; i <= salkku.MaxPhaseItems && posted(fmt.Sprintf("roles.%d.key", i)); i++ {
			f := fmt.Sprintf("roles.%d", i)
			role := salkku.Role{Key: strings.TrimSpace(r.PostFormValue(f + ".key")), Name: web.FormText(r, f+".name"), Fills: r.PostFormValue(f + ".fills")}
			if removed(f) || r.PostFormValue(f+".kept") != "true" && role.Key == "" && blank(role.Name) {
				continue
			}
			m.Roles = append(m.Roles, role)
		}
	}
	if contains(editing, "themes") {
		m.Themes = nil
		for i := 0; i <= salkku.MaxPhaseItems && posted(fmt.Sprintf("themes.%d.key", i)); i++ {
			f := fmt.Sprintf("themes.%d", i)
			theme := salkku.Theme{Key: strings.TrimSpace(r.PostFormValue(f + ".key")), Name: web.FormText(r, f+".name")}
			if removed(f) || r.PostFormValue(f+".kept") != "true" && theme.Key == "" && blank(theme.Name) {
				continue
			}
			m.Themes = append(m.Themes, theme)
		}
	}
	if !contains(editing, "phases") {
		return &m
	}
	m.Phases = nil
	for i := 0; i <= salkku.MaxPhases && posted(fmt.Sprintf("phases.%d.key", i)); i++ {
		f := fmt.Sprintf("phases.%d.", i)
		p := salkku.Phase{Key: strings.TrimSpace(r.PostFormValue(f + "key")), Status: r.PostFormValue(f + "status")}
		p.Name = web.FormText(r, f+"name")
		if removed(f[:len(f)-1]) || r.PostFormValue(f+"kept") != "true" && p.Key == "" && blank(p.Name) {
			continue
		}
		p.Description = web.FormText(r, f+"description")
		p.EntryCriteria = web.FormText(r, f+"entry_criteria")
		p.CompletionCriteria = web.FormText(r, f+"completion_criteria")
		p.Outcome = web.FormText(r, f+"outcome")
		for j := 0; j <= salkku.MaxPhaseItems && posted(fmt.Sprintf("%sgates.%d.code", f, j)); j++ {
			g := fmt.Sprintf("%sgates.%d.", f, j)
			gate := salkku.Gate{Code: strings.TrimSpace(r.PostFormValue(g + "code")), Name: web.FormText(r, g+"name"), Level: r.PostFormValue(g + "level")}
			if removed(g[:len(g)-1]) || r.PostFormValue(g+"kept") != "true" && gate.Code == "" && blank(gate.Name) {
				continue
			}
			p.Gates = append(p.Gates, gate)
		}
		for j := 0; j <= salkku.MaxPhaseItems && posted(fmt.Sprintf("%sstages.%d.row", f, j)); j++ {
			s := fmt.Sprintf("%sstages.%d.", f, j)
			st := salkku.Stage{Name: web.FormText(r, s+"name"), Subtitle: web.FormText(r, s+"subtitle"), Items: formLines(r, s+"items")}
			for k := 0; k <= salkku.MaxPhaseItems && posted(fmt.Sprintf("%ssections.%d.row", s, k)); k++ {
				sec := fmt.Sprintf("%ssections.%d.", s, k)
				part := salkku.StageSection{Name: web.FormText(r, sec+"name"), Items: formLines(r, sec+"items")}
				if removed(sec[:len(sec)-1]) || r.PostFormValue(sec+"row") != "kept" && blank(part.Name) && len(part.Items) == 0 {
					continue
				}
				st.Sections = append(st.Sections, part)
			}
			if removed(s[:len(s)-1]) || r.PostFormValue(s+"row") != "kept" && blank(st.Name) && blank(st.Subtitle) && len(st.Items) == 0 && len(st.Sections) == 0 {
				continue
			}
			p.Stages = append(p.Stages, st)
		}
		for j := 0; j <= salkku.MaxPhaseItems && posted(fmt.Sprintf("%schecklist.%d.key", f, j)); j++ {
			c := fmt.Sprintf("%schecklist.%d.", f, j)
			item := salkku.CheckItem{Key: r.PostFormValue(c + "key"), Text: web.FormText(r, c+"text"), Required: r.PostFormValue(c+"required") == "true"}
			if r.PostFormValue(c+"remove") == "true" || item.Key == "" && blank(item.Text) {
				continue
			}
			if item.Key == "" {
				item.Key = newKey(p.Key, "item")
			}
			p.Checklist = append(p.Checklist, item)
		}
		for j := 0; j <= salkku.MaxPhaseItems && posted(fmt.Sprintf("%sdeliverables.%d.key", f, j)); j++ {
			d := fmt.Sprintf("%sdeliverables.%d.", f, j)
			del := salkku.Deliverable{Key: r.PostFormValue(d + "key"), Name: web.FormText(r, d+"name"), Template: strings.TrimSpace(r.PostFormValue(d + "template"))}
			if r.PostFormValue(d+"remove") == "true" || del.Key == "" && blank(del.Name) && del.Template == "" {
				continue
			}
			if del.Key == "" {
				del.Key = newKey(p.Key, "output")
			}
			p.Deliverables = append(p.Deliverables, del)
		}
		for j := 0; j <= salkku.MaxPhaseItems && posted(fmt.Sprintf("%stasks.%d.role", f, j)); j++ {
			t := fmt.Sprintf("%stasks.%d.", f, j)
			task := salkku.Task{Theme: r.PostFormValue(t + "theme"), Role: r.PostFormValue(t + "role"), Text: web.FormText(r, t+"text"), Sub: formLines(r, t+"sub")}
			// A new row left empty adds nothing; a kept one emptied is an
			// error to correct, not a silent removal.
			if r.PostFormValue(t+"remove") == "true" || r.PostFormValue(t+"kept") != "true" && blank(task.Text) {
				continue
			}
			p.Tasks = append(p.Tasks, task)
		}
		m.Phases = append(m.Phases, p)
	}
	// Moving a phase: phases.2.up swaps it with the one before.
	if rest, ok := strings.CutPrefix(act, "phases."); ok {
		n, dir, _ := strings.Cut(rest, ".")
		i, err := strconv.Atoi(n)
		j := i - 1
		if dir == "down" {
			j = i + 1
		}
		if err == nil && (dir == "up" || dir == "down") && i >= 0 && j >= 0 && i < len(m.Phases) && j < len(m.Phases) {
			m.Phases[i], m.Phases[j] = m.Phases[j], m.Phases[i]
		}
	}
	return &m
}

// formLines reads a list of texts typed one a line, a textarea per
// language (name.fi, name.sv, name.en): line n of each makes item n; a
// line empty in every language is dropped.
func formLines(r *http.Request, name string) []salkku.Text {
	cols := make([][]string, len(salkku.ContentLangs))
	n := 0
	for i, lang := range salkku.ContentLangs {
		v := strings.ReplaceAll(r.PostFormValue(name+"."+lang), "\r\n", "\n")
		if strings.TrimSpace(v) == "" {
			continue
		}
		cols[i] = strings.Split(v, "\n")
		n = max(n, len(cols[i]))
	}
	var out []salkku.Text
	for k := 0; k < n; k++ {
		var t salkku.Text
		for i, lang := range salkku.ContentLangs {
			if k < len(cols[i]) {
				t.Set(lang, strings.TrimSpace(cols[i][k]))
			}
		}
		if !blank(t) {
			out = append(out, t)
		}
	}
	return out
}

// lineItemRE matches an error's path at one line of a one-a-line list:
// phases.0.stages.1.items.3.fi is shown at phases.0.stages.1.items.fi.
var lineItemRE = regexp.MustCompile(`^(.*\.(?:items|sub))\.[0-9]+\.([a-z]+)$`)

// lineControl is the name of the control that shows an error's field.
func lineControl(field, primary string) string {
	if m := lineItemRE.FindStringSubmatch(field); m != nil {
		return m[1] + "." + m[2]
	}
	if strings.HasSuffix(field, ".items") || strings.HasSuffix(field, ".sub") {
		return field + "." + primary
	}
	return field
}

func blank(t salkku.Text) bool { return strings.TrimSpace(t.FI+t.SV+t.EN) == "" }
