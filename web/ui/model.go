package ui

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/salkku/salkku/web"

	"github.com/salkku/salkku"
)

// The organisation's life-cycle model: its versions, one version whole,
// and the editor of a draft.

type modelsPage struct {
	web.Base
	Organisation *salkku.Organisation
	Models       []*salkku.Model
	// Draft is the version being drafted, if any: only one at a time.
	Draft *salkku.Model
}

// handleModels lists an organisation's model versions; a POST makes a new
// draft version from the latest.
func (s *Server) handleModels(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	o, ok := s.loadOrganisation(w, r)
	if !ok {
		return
	}
	if r.Method == http.MethodPost {
		if !s.Allowed(w, r, web.AccessOf(r).CanEditModel(o.ID)) {
			return
		}
		m, err := s.Register.NewModelVersion(ctx, o.ID)
		if err != nil && salkku.ErrorCode(err) != salkku.ECONFLICT {
			s.Error(w, r, err)
			return
		}
		if err != nil {
			// A draft exists already: the list, with the reason.
			s.renderModels(w, r, o, err)
			return
		}
		web.Redirect(w, r, modelURL(m.ID)+"/edit", "lcmodel.flash_created")
		return
	}
	s.renderModels(w, r, o, nil)
}

func (s *Server) renderModels(w http.ResponseWriter, r *http.Request, o *salkku.Organisation, failed error) {
	ms, err := s.Register.FindModels(r.Context(), o.ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	page := modelsPage{Organisation: o, Models: ms}
	for _, m := range ms {
		if m.PublishedAt == nil {
			page.Draft = m
		}
	}
	b := s.NewBase(r, "")
	b.Title = b.T("lcmodel.list_title", b.Plain(o.Name))
	b.NavIndex, b.Flash = "organisations", s.TakeFlash(w, r)
	b.Crumbs = []web.Crumb{{Label: b.T("nav.organisations"), URL: "/organisations"}, b.TextCrumb(o.Name, ""), {Label: b.T("lcmodel.crumb")}}
	status := http.StatusOK
	if failed != nil {
		b.SetFormError(nil, failed)
		status = web.ErrorStatus(failed)
	}
	page.Base = b
	s.Render(w, r, status, "models", page)
}

func modelURL(id int64) string { return "/models/" + strconv.FormatInt(id, 10) }

// modelPage shows one version whole.
type modelPage struct {
	web.Base
	Organisation *salkku.Organisation
	Model        *salkku.Model
	Gates        []salkku.GateRef
	Phases       []phaseView
	// Problems are what keeps a draft from being published, after a
	// failed try.
	Problems []modelProblem
}

// phaseView is a phase with its tasks grouped by theme and role.
type phaseView struct {
	*salkku.Phase
	Index  int
	Themes []themeTasks
}

type themeTasks struct {
	Theme *salkku.Theme
	Roles []roleTasks
}

type roleTasks struct {
	Role  *salkku.Role
	Tasks []salkku.Task
}

// modelTaskGroups orders a phase's tasks by the model's themes and, within
// each, its roles; tasks without a theme come first.
func modelTaskGroups(m *salkku.Model, p *salkku.Phase) []themeTasks {
	themes := []*salkku.Theme{nil}
	for i := range m.Themes {
		themes = append(themes, &m.Themes[i])
	}
	var out []themeTasks
	for _, th := range themes {
		key := ""
		if th != nil {
			key = th.Key
		}
		tt := themeTasks{Theme: th}
		for i := range m.Roles {
			rt := roleTasks{Role: &m.Roles[i]}
			for _, t := range p.Tasks {
				if t.Theme == key && t.Role == m.Roles[i].Key {
					rt.Tasks = append(rt.Tasks, t)
				}
			}
			if len(rt.Tasks) > 0 {
				tt.Roles = append(tt.Roles, rt)
			}
		}
		if len(tt.Roles) > 0 {
			out = append(out, tt)
		}
	}
	return out
}

// Rich shows a text whose lines starting "- " are list items: each run of
// them is a <ul>, the other lines of a paragraph a <p>.
func (p modelPage) Rich(t salkku.Text) template.HTML { return richText(p.Base, t) }

// Level names a decision level.
func (p modelPage) Level(level string) string { return levelName(p.Base, level) }

// Published formats the moment a version was published.
func (p modelPage) Published() string { return p.Date(*p.Model.PublishedAt) }

func richText(b web.Base, t salkku.Text) template.HTML {
	s, lang := t.In(b.Lang)
	attr := ""
	if lang != b.Lang {
		attr = ` lang="` + lang + `"`
	}
	var out strings.Builder
	for _, para := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		var text []string
		inList := false
		flush := func() {
			if len(text) > 0 {
				out.WriteString("<p" + attr + ">" + template.HTMLEscapeString(strings.Join(text, " ")) + "</p>")
				text = nil
			}
		}
		for _, line := range strings.Split(para, "\n") {
			line = strings.TrimSpace(line)
			if item, ok := strings.CutPrefix(line, "- "); ok {
				flush()
				if !inList {
					out.WriteString("<ul" + attr + ">")
					inList = true
				}
				out.WriteString("<li>" + template.HTMLEscapeString(strings.TrimSpace(item)) + "</li>")
				continue
			}
			if inList {
				out.WriteString("</ul>")
				inList = false
			}
			if line != "" {
				text = append(text, line)
			}
		}
		if inList {
			out.WriteString("</ul>")
		}
		flush()
	}
	return template.HTML(out.String())
}

// handleModelView shows a version: its gates in order, then every phase.
func (s *Server) handleModelView(w http.ResponseWriter, r *http.Request) {
	m, ok := load(s, w, r, s.Register.FindModelByID)
	if ok {
		s.renderModel(w, r, m, nil)
	}
}

func (s *Server) renderModel(w http.ResponseWriter, r *http.Request, m *salkku.Model, failed error) {
	o, err := s.Register.FindOrganisationByID(r.Context(), m.OrganisationID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	page := modelPage{Organisation: o, Model: m, Gates: m.Gates()}
	for i := range m.Phases {
		page.Phases = append(page.Phases, phaseView{Phase: &m.Phases[i], Index: i, Themes: modelTaskGroups(m, &m.Phases[i])})
	}
	b := s.modelBase(w, r, o, m)
	b.Crumbs = b.Crumbs[:len(b.Crumbs)-1]
	b.Crumbs = append(b.Crumbs, web.Crumb{Label: b.T("lcmodel.version_n", m.Number)})
	status := http.StatusOK
	if failed != nil {
		b.SetFormError(nil, failed)
		for _, e := range orderedModelErrors(b.Errors) {
			page.Problems = append(page.Problems, modelProblem{ID: web.FieldID(e.Field), Label: modelFieldLabel(b, m, e.Field), Message: b.T(e.Key)})
		}
		b.Errors = nil
		status = web.ErrorStatus(failed)
	}
	page.Base = b
	s.Render(w, r, status, "model", page)
}

// modelBase is the frame of a version's pages: title and crumbs through
// the organisation's versions.
func (s *Server) modelBase(w http.ResponseWriter, r *http.Request, o *salkku.Organisation, m *salkku.Model) web.Base {
	b := s.NewBase(r, "")
	b.Title = b.T("lcmodel.title", b.Plain(m.Name), m.Number)
	b.NavIndex, b.Flash = "organisations", s.TakeFlash(w, r)
	b.Crumbs = []web.Crumb{{Label: b.T("nav.organisations"), URL: "/organisations"}, b.TextCrumb(o.Name, ""),
		{Label: b.T("lcmodel.crumb"), URL: "/organisations/" + strconv.FormatInt(o.ID, 10) + "/model"},
		{Label: b.T("lcmodel.version_n", m.Number), URL: modelURL(m.ID)}}
	return b
}

// handleModelPublish freezes a draft; a draft that does not hold together
// is shown again with what is wrong.
func (s *Server) handleModelPublish(w http.ResponseWriter, r *http.Request) {
	m, ok := load(s, w, r, s.Register.FindModelByID)
	if !ok || !s.Allowed(w, r, web.AccessOf(r).CanEditModel(m.OrganisationID)) {
		return
	}
	if err := r.ParseForm(); err != nil {
		s.Error(w, r, salkku.Errorf(salkku.EINVALID, "error.form"))
		return
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	err := s.Register.PublishModel(r.Context(), m.ID, version)
	if err == nil {
		web.Redirect(w, r, modelURL(m.ID), "lcmodel.flash_published")
		return
	}
	if code := salkku.ErrorCode(err); code != salkku.EINVALID && code != salkku.ECONFLICT {
		s.Error(w, r, err)
		return
	}
	s.renderModel(w, r, m, err)
}

// handleModelDelete removes a draft, after asking.
func (s *Server) handleModelDelete(w http.ResponseWriter, r *http.Request) {
	m, ok := load(s, w, r, s.Register.FindModelByID)
	if !ok || !s.Allowed(w, r, web.AccessOf(r).CanEditModel(m.OrganisationID)) {
		return
	}
	if m.PublishedAt != nil {
		s.Error(w, r, salkku.Errorf(salkku.EINVALID, "error.model_published", m.Number))
		return
	}
	o, err := s.Register.FindOrganisationByID(r.Context(), m.OrganisationID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	b := s.modelBase(w, r, o, m)
	b.Title = b.T("lcmodel.delete_title", m.Number)
	b.Crumbs = append(b.Crumbs, web.Crumb{Label: b.T("action.delete")})
	list := "/organisations/" + strconv.FormatInt(o.ID, 10) + "/model"
	s.confirmDelete(w, r, b, b.T("lcmodel.delete_question", m.Number, b.Plain(m.Name)), modelURL(m.ID),
		func() error { return s.Register.DeleteModel(r.Context(), m.ID) }, list)
}
