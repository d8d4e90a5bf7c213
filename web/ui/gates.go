package ui

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/salkku/salkku/web"

	"github.com/salkku/salkku"
)

// One project's way through its life-cycle model: the phase line on the
// project page, the gates page with its checklist, deliverables, tasks,
// steering group, decisions and history, and the forms that act on them
// (each posts to its own URL and comes back to the gates page).

// phaseStep is one phase of the phase line.
type phaseStep struct {
	Key             string
	Name            salkku.Text
	Current, Passed bool
	Gates           []salkku.Gate
}

// gateSummary is what the project page shows of the model: the phase
// line, the gate ahead and the open request.
type gateSummary struct {
	Phases []phaseStep
	Phase  *salkku.Phase
	// Ahead is the gate ahead; nil once the project is closed or stopped.
	Ahead   *salkku.GateRef
	Request *salkku.GateRequest
}

func summarise(g *salkku.GateOutlook) *gateSummary {
	m := g.Model
	s := &gateSummary{Phase: m.Phase(g.Position.Phase), Request: g.Request}
	cur := slices.IndexFunc(m.Phases, func(p salkku.Phase) bool { return p.Key == g.Position.Phase })
	done := g.Position.Gate == "" && g.Project.Status == salkku.StatusClosed
	for i, p := range m.Phases {
		s.Phases = append(s.Phases, phaseStep{Key: p.Key, Name: p.Name, Current: i == cur, Passed: i < cur || done && i == cur, Gates: p.Gates})
	}
	if g.Position.Gate != "" {
		if a, ok := m.Gate(g.Position.Gate); ok {
			s.Ahead = &a
		}
	}
	return s
}

// gateBase adds the gate pages' helpers to web.Base.
type gateBase struct{ web.Base }

// Level names a decision level.
func (b gateBase) Level(l string) string { return b.T("gates.level." + l) }

// GateLabel is a gate's code and name, "P3 Käynnistyspäätös".
func (b gateBase) GateLabel(g salkku.Gate) string { return g.Code + " " + b.Plain(g.Name) }

// DecisionKind names a kind of decision.
func (b gateBase) DecisionKind(k string) string { return b.T("gates.decision." + k) }

// Day formats a calendar day the language's way.
func (b gateBase) Day(d salkku.Date) string {
	if !d.Valid() {
		return string(d)
	}
	return b.Date(d.Time())
}

type projectGatesPage struct {
	gateBase
	Project *salkku.Project
	S       *gateSummary
	G       *salkku.ProjectGates
	Items   []checkRow
	Deliv   []deliverableRow
	Themes  []themeGroup
	Chairs  []salkku.SteeringGroupMember
	History []historyLine
	// Can* say which actions the caller sees.
	CanWork, CanDecide, CanSteer bool
	// CanName is true for those who name the people in the model's roles.
	CanName bool
}

// checkRow is a checklist item with its mark and, for editors, the
// reason field of "not applicable".
type checkRow struct {
	Item   salkku.CheckItem
	Mark   *salkku.CheckMark
	Reason []web.Field
	// Open is true when the not-applicable form is shown open (it failed).
	Open bool
	// Profit says whether the project has a life-cycle profitability
	// calculation, beside an item it answers (web/ui/benefits.go).
	Profit *profitCheck
}

type deliverableRow struct {
	D    salkku.Deliverable
	Link *salkku.DeliverableLink
	URL  web.Field
}

type themeGroup struct {
	Theme salkku.Text
	Roles []roleGroup
}

type roleGroup struct {
	Key    string
	Role   salkku.Text
	People []string
	Tasks  []salkku.Task
	// Named is true for a role whose people the project names itself
	// (no field of the project fills it).
	Named bool
}

type historyLine struct {
	E    salkku.GateEvent
	Text string
}

// failed names the form of the gates page that came back with errors.
type failed struct {
	kind, key string
	reason    salkku.Text
	url       string
}

func (s *Server) loadGates(w http.ResponseWriter, r *http.Request) (*salkku.ProjectGates, bool) {
	id, err := web.PathID(r, "id")
	if err == nil {
		var g *salkku.ProjectGates
		if g, err = s.Register.FindProjectGates(r.Context(), id); err == nil {
			return g, true
		}
	}
	s.Error(w, r, err)
	return nil, false
}

func gatesURL(p *salkku.Project) string { return "/projects/" + strconv.FormatInt(p.ID, 10) + "/gates" }

func (s *Server) handleProjectGates(w http.ResponseWriter, r *http.Request) {
	g, ok := s.loadGates(w, r)
	if !ok {
		return
	}
	b := s.NewBase(r, "")
	b.Flash = s.TakeFlash(w, r)
	s.renderGates(w, r, http.StatusOK, b, g, failed{})
}

// gateFormBase is the Base of a form under a project's gates page.
func (s *Server) gateFormBase(r *http.Request, p *salkku.Project) web.Base {
	b := s.NewBase(r, "")
	b.NavIndex, b.ContentLangs = "portfolios", p.ContentLangs
	return b
}

// gateCrumbs leads from the project through its gates page to last.
func gateCrumbs(b web.Base, p *salkku.Project, last web.Crumb) []web.Crumb {
	return append(projectCrumbs(b, p, true), web.Crumb{Label: b.T("gates.crumb"), URL: gatesURL(p)}, last)
}

// renderGates shows the gates page; f names a form sent back with the
// errors in b.
func (s *Server) renderGates(w http.ResponseWriter, r *http.Request, status int, b web.Base, g *salkku.ProjectGates, f failed) {
	p := g.Project
	b.NavIndex, b.ContentLangs = "portfolios", p.ContentLangs
	b.Title = b.T("gates.title", p.Code+" "+b.Plain(p.Name))
	b.Crumbs = append(projectCrumbs(b, p, true), web.Crumb{Label: b.T("gates.crumb")})
	a := web.AccessOf(r)
	page := projectGatesPage{gateBase: gateBase{b}, Project: p, G: g, S: summarise(&g.GateOutlook), CanWork: a.CanWorkOnGates(p), CanSteer: a.CanSetSteeringGroup(p),
		CanName: a.CanEditProject(p)}
	if page.S.Ahead != nil {
		page.CanDecide = canDecide(a, p, page.S.Ahead.Level)
	}
	if ph := page.S.Phase; ph != nil {
		profit, err := s.gateProfitCheck(r, p, ph.Checklist)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		for i, it := range ph.Checklist {
			row := checkRow{Item: it}
			if profitItems[it.Key] {
				row.Profit = profit
			}
			if m, ok := g.Marks[it.Key]; ok {
				row.Mark = &m
			}
			if page.CanWork && row.Mark == nil {
				var reason salkku.Text
				mine := f.kind == "item" && f.key == it.Key
				if mine {
					reason, row.Open = f.reason, true
				}
				row.Reason = b.TF("reason", reason, "required")
				if !mine {
					for j := range row.Reason {
						row.Reason[j].ID = "f-item" + strconv.Itoa(i) + "-" + row.Reason[j].Lang
						row.Reason[j].Error = ""
					}
				}
			}
			page.Items = append(page.Items, row)
		}
		for i, d := range ph.Deliverables {
			row := deliverableRow{D: d}
			if l, ok := g.Links[d.Key]; ok {
				row.Link = &l
			}
			u := ""
			if row.Link != nil {
				u = row.Link.URL
			}
			mine := f.kind == "deliverable" && f.key == d.Key
			if mine {
				u = f.url
			}
			row.URL = b.F("url", u, "")
			row.URL.Label = b.T("gates.deliverable_url", b.Plain(d.Name))
			if !mine {
				row.URL.ID, row.URL.Error = "f-url-"+strconv.Itoa(i), ""
			}
			page.Deliv = append(page.Deliv, row)
		}
		page.Themes = groupTasks(g, ph)
	}
	for _, e := range g.History {
		page.History = append(page.History, historyLine{E: e, Text: page.eventText(e)})
	}
	s.Render(w, r, status, "project_gates", page)
}

// canDecide reports whether a records decisions on p at level or above.
func canDecide(a *salkku.Access, p *salkku.Project, level string) bool {
	for _, l := range salkku.Levels {
		if salkku.LevelAtLeast(l, level) && a.CanRecordDecision(p, l) {
			return true
		}
	}
	return false
}

// groupTasks groups a phase's tasks by theme (in the model's order, those
// without one last) and then by role, naming the project's people who
// hold each role (salkku.ProjectGates.Holders).
func groupTasks(g *salkku.ProjectGates, ph *salkku.Phase) []themeGroup {
	m := g.Model
	var themes []string
	for _, t := range m.Themes {
		themes = append(themes, t.Key)
	}
	themes = append(themes, "")
	var out []themeGroup
	for _, key := range themes {
		var tg themeGroup
		for _, t := range m.Themes {
			if t.Key == key {
				tg.Theme = t.Name
			}
		}
		roleIndex := map[string]int{}
		for _, t := range ph.Tasks {
			if t.Theme != key && !(key == "" && !slices.ContainsFunc(m.Themes, func(th salkku.Theme) bool { return th.Key == t.Theme })) {
				continue
			}
			i, ok := roleIndex[t.Role]
			if !ok {
				i = len(tg.Roles)
				roleIndex[t.Role] = i
				rg := roleGroup{Key: t.Role, Role: salkku.Text{FI: t.Role}}
				if role := m.Role(t.Role); role != nil {
					rg.Role, rg.Named = role.Name, role.Fills == ""
					for _, h := range g.Holders(t.Role) {
						rg.People = append(rg.People, h.Name)
					}
				}
				tg.Roles = append(tg.Roles, rg)
			}
			tg.Roles[i].Tasks = append(tg.Roles[i].Tasks, t)
		}
		if len(tg.Roles) > 0 {
			out = append(out, tg)
		}
	}
	return out
}

// PhaseName names a phase of the project's model by its key.
func (p projectGatesPage) PhaseName(key string) string {
	if ph := p.G.Model.Phase(key); ph != nil {
		return p.Plain(ph.Name)
	}
	return key
}

// GateName is a gate's code and name by its code.
func (p projectGatesPage) GateName(code string) string {
	if g, ok := p.G.Model.Gate(code); ok {
		return p.GateLabel(g.Gate)
	}
	return code
}

// eventText says what a line of the history did.
func (p projectGatesPage) eventText(e salkku.GateEvent) string {
	switch e.Kind {
	case salkku.EventPlaced:
		return p.T("gates.event_placed", p.PhaseName(e.To.Phase))
	case salkku.EventRequested:
		return p.T("gates.event_requested", p.GateName(e.Gate))
	case salkku.EventDecided:
		kind := ""
		if e.Decision != nil {
			kind = p.DecisionKind(e.Decision.Decision)
		}
		return p.T("gates.event_decided", p.GateName(e.Gate), kind)
	case salkku.EventModel:
		if e.ModelID == p.G.Model.ID {
			return p.T("gates.event_model", p.G.Model.Number)
		}
		return p.T("gates.event_model_other")
	case salkku.EventCondition:
		return p.T("gates.event_condition")
	}
	return e.Kind
}

// CanMeet reports whether the caller may mark a condition of d met.
func (p projectGatesPage) CanMeet(d salkku.GateDecision) bool {
	return p.CanWork || p.Access.CanRecordDecision(p.Project, d.Level)
}

// SteeringRole names a steering-group role.
func (b gateBase) SteeringRole(role string) string { return b.T("gates.steering_role." + role) }

// gatesAction runs a POST of the gates page: on success back to the page
// with a flash, on a rule the user broke the page again with the message
// and, at the form that failed, what was typed.
func (s *Server) gatesAction(w http.ResponseWriter, r *http.Request, anchor string, act func(g *salkku.ProjectGates) (failed, salkku.FieldErrors, error)) {
	g, ok := s.loadGates(w, r)
	if !ok {
		return
	}
	b := s.NewBase(r, "")
	var f failed
	status, done := s.PostForm(w, r, &b, func() (salkku.FieldErrors, error, string) {
		var fe salkku.FieldErrors
		var err error
		f, fe, err = act(g)
		return fe, err, gatesURL(g.Project) + anchor
	})
	if done {
		return
	}
	g, err := s.Register.FindProjectGates(r.Context(), g.Project.ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.renderGates(w, r, status, b, g, f)
}

func (s *Server) handleGateItem(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("key")
	s.gatesAction(w, r, "#checklist", func(g *salkku.ProjectGates) (failed, salkku.FieldErrors, error) {
		ctx, id := r.Context(), g.Project.ID
		switch r.PostFormValue("action") {
		case "unmark":
			return failed{}, nil, s.Register.UnmarkItem(ctx, id, key)
		case salkku.CheckDone:
			return failed{}, nil, s.Register.MarkItem(ctx, id, &salkku.CheckMark{ItemKey: key, State: salkku.CheckDone})
		case salkku.CheckNotApplicable:
			reason := web.FormText(r, "reason")
			f := failed{kind: "item", key: key, reason: reason}
			return f, nil, s.Register.MarkItem(ctx, id, &salkku.CheckMark{ItemKey: key, State: salkku.CheckNotApplicable, Reason: reason})
		}
		return failed{}, salkku.FieldErrors{"state": "error.invalid"}, nil
	})
}

func (s *Server) handleGateDeliverable(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("key")
	s.gatesAction(w, r, "#deliverables", func(g *salkku.ProjectGates) (failed, salkku.FieldErrors, error) {
		u := strings.TrimSpace(r.PostFormValue("url"))
		return failed{kind: "deliverable", key: key, url: u}, nil,
			s.Register.SetDeliverableLink(r.Context(), g.Project.ID, &salkku.DeliverableLink{ItemKey: key, URL: u})
	})
}

func (s *Server) handleGateRequestCancel(w http.ResponseWriter, r *http.Request) {
	s.gatesAction(w, r, "", func(g *salkku.ProjectGates) (failed, salkku.FieldErrors, error) {
		return failed{}, nil, s.Register.CancelGateRequest(r.Context(), g.Project.ID)
	})
}

func (s *Server) handleGateConditionMet(w http.ResponseWriter, r *http.Request) {
	s.gatesAction(w, r, "#decisions", func(g *salkku.ProjectGates) (failed, salkku.FieldErrors, error) {
		cid, err := web.PathID(r, "cid")
		if err != nil {
			return failed{}, nil, err
		}
		for _, d := range g.Decisions {
			for _, c := range d.Conditions {
				if c.ID == cid {
					return failed{}, nil, s.Register.MeetCondition(r.Context(), cid)
				}
			}
		}
		return failed{}, nil, errNotFound
	})
}

func (s *Server) handleGateModel(w http.ResponseWriter, r *http.Request) {
	s.gatesAction(w, r, "", func(g *salkku.ProjectGates) (failed, salkku.FieldErrors, error) {
		fe := salkku.FieldErrors{}
		id := web.FormID(fe, "model_id", r.PostFormValue("model_id"))
		if id == nil {
			fe.Add("model_id", "error.required")
			return failed{}, fe, nil
		}
		return failed{}, nil, s.Register.MoveProjectModel(r.Context(), g.Project.ID, *id)
	})
}

// aheadOf is the gate ahead of the project, or the error to show when it
// has none.
func aheadOf(g *salkku.ProjectGates) (salkku.GateRef, error) {
	if g.Position.Gate != "" {
		if a, ok := g.Model.Gate(g.Position.Gate); ok {
			return a, nil
		}
	}
	return salkku.GateRef{}, salkku.Errorf(salkku.EINVALID, "error.gate_project_closed")
}

// levelOptions offers the levels that may take a gate of level min.
func levelOptions(b gateBase, min, selected string) []web.Option {
	var out []web.Option
	for _, l := range salkku.Levels {
		if salkku.LevelAtLeast(l, min) {
			out = append(out, web.Option{Value: l, Label: b.Level(l), Selected: l == selected})
		}
	}
	return out
}

// formDate reads an optional day, written d.m.yyyy or yyyy-mm-dd.
func formDate(fe salkku.FieldErrors, field, v string) salkku.Date {
	if strings.TrimSpace(v) == "" {
		return ""
	}
	d, ok := salkku.ParseDate(v)
	if !ok {
		fe.Add(field, "error.date")
	}
	return d
}

// dayString writes a day the Finnish way, 14.1.2022, for a form.
func dayString(d salkku.Date) string {
	if !d.Valid() {
		return string(d)
	}
	return d.Time().Format("2.1.2006")
}

type requestForm struct {
	Level, PlannedFor string
	Note              salkku.Text
}

type gateRequestPage struct {
	gateBase
	Project *salkku.Project
	Ahead   salkku.GateRef
	Form    requestForm
	Levels  []web.Option
}

func (s *Server) handleGateRequest(w http.ResponseWriter, r *http.Request) {
	g, ok := s.loadGates(w, r)
	if !ok {
		return
	}
	p := g.Project
	if !s.Allowed(w, r, web.AccessOf(r).CanWorkOnGates(p)) {
		return
	}
	ahead, err := aheadOf(g)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	b := s.gateFormBase(r, p)
	b.Title = b.T("gates.request_title", ahead.Code+" "+b.Plain(ahead.Name))
	b.Crumbs = gateCrumbs(b, p, web.Crumb{Label: b.T("gates.request")})
	form := requestForm{Level: ahead.Level}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		var done bool
		if status, done = s.PostForm(w, r, &b, func() (salkku.FieldErrors, error, string) {
			form = requestForm{Level: r.PostFormValue("level"), PlannedFor: r.PostFormValue("planned_for"), Note: web.FormText(r, "note")}
			fe := salkku.FieldErrors{}
			req := &salkku.GateRequest{ProjectID: p.ID, Gate: r.PostFormValue("gate"), Level: form.Level,
				PlannedFor: formDate(fe, "planned_for", form.PlannedFor), Note: form.Note}
			err := s.Register.RequestGate(salkku.WithInputErrors(r.Context(), fe), req)
			return fe, err, gatesURL(p)
		}); done {
			return
		}
	}
	gb := gateBase{b}
	s.Render(w, r, status, "gate_request", gateRequestPage{gateBase: gb, Project: p, Ahead: ahead, Form: form, Levels: levelOptions(gb, ahead.Level, form.Level)})
}

// conditionForm is a row of the decision form's conditions, as typed.
type conditionForm struct {
	Text             salkku.Text
	Owner, Due, Item string
}

func (c conditionForm) blank() bool {
	return c.Text.Trim().IsZero() && strings.TrimSpace(c.Due) == "" && c.Owner == ""
}

type decisionForm struct {
	DecidedOn, Level, Decision, MinutesURL string
	Minutes                                salkku.Text
	Conditions                             []conditionForm
}

// conditionRow is a condition row as the form shows it.
type conditionRow struct {
	N     int
	Item  *salkku.CheckItem
	Text  []web.Field
	Owner web.Field
	Due   web.Field
	Items web.Field
}

type gateDecisionPage struct {
	gateBase
	Project   *salkku.Project
	Ahead     salkku.GateRef
	Form      decisionForm
	Levels    []web.Option
	Decisions []web.Option
	Rows      []conditionRow
	// Open are the phase's open required items.
	Open []salkku.CheckItem
}

// FieldLabel names a field in the error summary; a condition's fields
// say which row: "Ehdon teksti (rivi 2)".
func (p gateDecisionPage) FieldLabel(field string) string {
	parts := strings.Split(field, ".")
	if len(parts) >= 3 && parts[0] == "conditions" {
		if n, err := strconv.Atoi(parts[1]); err == nil {
			label := p.T("field." + "condition_" + parts[2])
			if len(parts) > 3 {
				label += " " + p.InLang(parts[3])
			}
			return p.T("gates.row_field", label, n+1)
		}
	}
	return p.Base.FieldLabel(field)
}

const maxConditionRows = salkku.MaxListItems + 10

func readDecisionForm(r *http.Request) decisionForm {
	f := decisionForm{DecidedOn: r.PostFormValue("decided_on"), Level: r.PostFormValue("level"), Decision: r.PostFormValue("decision"),
		MinutesURL: r.PostFormValue("minutes_url"), Minutes: web.FormText(r, "minutes")}
	n, _ := strconv.Atoi(r.PostFormValue("condition_rows"))
	for i := 0; i < min(max(n, 0), maxConditionRows); i++ {
		pre := "conditions." + strconv.Itoa(i) + "."
		f.Conditions = append(f.Conditions, conditionForm{Text: web.FormText(r, pre+"text"), Owner: r.PostFormValue(pre + "owner_id"),
			Due: r.PostFormValue(pre + "due"), Item: r.PostFormValue(pre + "item_key")})
	}
	return f
}

// parse fills d from the form; rows left blank are no conditions. It
// returns, for each condition, the form row it came from.
func (f decisionForm) parse(fe salkku.FieldErrors, d *salkku.GateDecision) []int {
	d.DecidedOn = salkku.Date(strings.TrimSpace(f.DecidedOn))
	if v, ok := salkku.ParseDate(f.DecidedOn); ok {
		d.DecidedOn = v
	} else if d.DecidedOn != "" {
		fe.Add("decided_on", "error.date")
	}
	d.Level, d.Decision, d.Minutes, d.MinutesURL = f.Level, f.Decision, f.Minutes, f.MinutesURL
	d.Conditions = []salkku.Condition{}
	var rows []int
	for i, c := range f.Conditions {
		if c.blank() {
			continue
		}
		pre := "conditions." + strconv.Itoa(i) + "."
		d.Conditions = append(d.Conditions, salkku.Condition{Text: c.Text, ItemKey: c.Item, OwnerID: web.FormID(fe, pre+"owner_id", c.Owner),
			Due: formDate(fe, pre+"due", c.Due)})
		rows = append(rows, i)
	}
	return rows
}

// toRows renames the conditions' field errors after the form rows.
func toRows(err error, rows []int) error {
	e, ok := err.(*salkku.Error)
	if !ok || len(e.Fields) == 0 {
		return err
	}
	out := *e
	out.Fields = map[string]string{}
	for k, v := range e.Fields {
		if rest, ok := strings.CutPrefix(k, "conditions."); ok {
			n, tail, _ := strings.Cut(rest, ".")
			if i, err := strconv.Atoi(n); err == nil && i < len(rows) {
				k = "conditions." + strconv.Itoa(rows[i]) + "." + tail
			}
		}
		out.Fields[k] = v
	}
	return &out
}

func (s *Server) handleGateDecision(w http.ResponseWriter, r *http.Request) {
	g, ok := s.loadGates(w, r)
	if !ok {
		return
	}
	p := g.Project
	ahead, err := aheadOf(g)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if !s.Allowed(w, r, canDecide(web.AccessOf(r), p, ahead.Level)) {
		return
	}
	b := s.gateFormBase(r, p)
	b.Title = b.T("gates.decision_title", ahead.Code+" "+b.Plain(ahead.Name))
	b.Crumbs = gateCrumbs(b, p, web.Crumb{Label: b.T("gates.decide")})
	open := salkku.OpenItems(g.Model.Phase(g.Position.Phase), g.Marks)
	form := decisionForm{DecidedOn: dayString(salkku.Today(time.Now())), Level: ahead.Level}
	if g.Request != nil && g.Request.Gate == ahead.Code {
		form.Level = g.Request.Level
	}
	for _, it := range open {
		form.Conditions = append(form.Conditions, conditionForm{Item: it.Key})
	}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		var done bool
		if status, done = s.PostForm(w, r, &b, func() (salkku.FieldErrors, error, string) {
			form = readDecisionForm(r)
			fe := salkku.FieldErrors{}
			d := &salkku.GateDecision{ProjectID: p.ID, Gate: r.PostFormValue("gate")}
			rows := form.parse(fe, d)
			err := s.Register.RecordDecision(salkku.WithInputErrors(r.Context(), fe), d)
			return fe, toRows(err, rows), gatesURL(p)
		}); done {
			return
		}
		// Keep the typed rows, without the blank ones past them.
		for len(form.Conditions) > 0 && form.Conditions[len(form.Conditions)-1].blank() && form.Conditions[len(form.Conditions)-1].Item == "" {
			form.Conditions = form.Conditions[:len(form.Conditions)-1]
		}
	}
	form.Conditions = append(form.Conditions, conditionForm{}, conditionForm{})
	gb := gateBase{b}
	page := gateDecisionPage{gateBase: gb, Project: p, Ahead: ahead, Form: form, Levels: levelOptions(gb, ahead.Level, form.Level), Open: open}
	for _, k := range salkku.Decisions {
		page.Decisions = append(page.Decisions, web.Option{Value: k, Label: gb.DecisionKind(k), Selected: k == form.Decision})
	}
	people := projectPeopleOptions(g)
	ph := g.Model.Phase(g.Position.Phase)
	for i, c := range form.Conditions {
		page.Rows = append(page.Rows, makeConditionRow(gb, i, c, people, ph))
	}
	s.Render(w, r, status, "gate_decision", page)
}

// personOption is a person a select offers.
type personOption struct {
	ID   int64
	Name string
}

// projectPeopleOptions are the people the project names: owner, manager,
// service owner and the steering group, each once.
func projectPeopleOptions(g *salkku.ProjectGates) []personOption {
	p := g.Project
	var out []personOption
	add := func(id *int64, name string) {
		if id != nil && name != "" && !slices.ContainsFunc(out, func(o personOption) bool { return o.ID == *id }) {
			out = append(out, personOption{*id, name})
		}
	}
	add(p.ManagerID, p.ManagerName)
	add(p.OwnerID, p.OwnerName)
	add(p.ServiceOwnerID, p.ServiceOwnerName)
	for _, m := range g.SteeringGroup {
		id := m.PersonID
		add(&id, m.PersonName)
	}
	return out
}

// makeConditionRow builds the controls of condition row i; their names
// are conditions.I.text.LANG, .owner_id, .due and .item_key.
func makeConditionRow(b gateBase, i int, c conditionForm, people []personOption, ph *salkku.Phase) conditionRow {
	pre := "conditions." + strconv.Itoa(i) + "."
	row := conditionRow{N: i + 1}
	errOf := func(name string) string {
		if k, ok := b.Errors[name]; ok {
			return b.T(k)
		}
		return ""
	}
	named := func(f web.Field, name string) web.Field {
		f.Name, f.ID, f.Error = name, web.FieldID(name), errOf(name)
		return f
	}
	for _, f := range b.TF("condition_text", c.Text, "") {
		row.Text = append(row.Text, named(f, pre+"text."+f.Lang))
	}
	owners := []web.Option{{Value: "", Label: b.T("form.none")}}
	for _, o := range people {
		v := strconv.FormatInt(o.ID, 10)
		owners = append(owners, web.Option{Value: v, Label: o.Name, Selected: v == c.Owner})
	}
	row.Owner = named(b.S("condition_owner_id", owners, ""), pre+"owner_id")
	row.Due = named(b.F("condition_due", c.Due, ""), pre+"due")
	items := []web.Option{{Value: "", Label: b.T("form.none")}}
	if ph != nil {
		for j := range ph.Checklist {
			it := ph.Checklist[j]
			items = append(items, web.Option{Value: it.Key, Label: b.Plain(it.Text), Selected: it.Key == c.Item})
			if it.Key == c.Item {
				row.Item = &it
			}
		}
	}
	row.Items = named(b.S("condition_item_key", items, ""), pre+"item_key")
	return row
}

// steeringRow is a member of the steering group as the form shows it.
type steeringRow struct {
	PersonID string
	Name     string
	Role     web.Field
	Remove   web.Field
}

type steeringGroupPage struct {
	gateBase
	Project *salkku.Project
	Rows    []steeringRow
	Picker  Picker
	AddRole web.Field
}

// handleSteeringGroup edits a project's steering group: the members with
// their roles (or removed), and one person to add, picked by name.
func (s *Server) handleSteeringGroup(w http.ResponseWriter, r *http.Request) {
	g, ok := s.loadGates(w, r)
	if !ok {
		return
	}
	p := g.Project
	if !s.Allowed(w, r, web.AccessOf(r).CanSetSteeringGroup(p)) {
		return
	}
	pf, err := s.Register.FindPortfolioByID(r.Context(), p.PortfolioID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	b := s.gateFormBase(r, p)
	b.Title = b.T("gates.steering_title", p.Code+" "+b.Plain(p.Name))
	b.Crumbs = gateCrumbs(b, p, web.Crumb{Label: b.T("gates.steering_group")})
	kept := map[int64]string{}
	for _, m := range g.SteeringGroup {
		kept[m.PersonID] = m.PersonName
	}
	fields := pickFields(personKind, pf.OrganisationID, kept, "person_id")
	members := g.SteeringGroup
	removed := map[int64]bool{}
	addRole := salkku.SteeringMember
	var picks pickState
	var chosen []int64
	status := http.StatusOK
	if r.Method == http.MethodPost {
		var done bool
		if status, done = s.PostForm(w, r, &b, func() (salkku.FieldErrors, error, string) {
			var fe salkku.FieldErrors
			var err error
			if picks, fe, err = s.resolvePickers(r, r.PostForm, fields...); err != nil {
				return nil, err, ""
			}
			members = nil
			roles := r.PostForm["member_role"]
			for _, v := range r.PostForm["member_remove"] {
				if id, err := strconv.ParseInt(v, 10, 64); err == nil {
					removed[id] = true
				}
			}
			var out []salkku.SteeringGroupMember
			for i, v := range r.PostForm["member_person_id"] {
				id, err := strconv.ParseInt(v, 10, 64)
				if err != nil {
					fe.Add("members", "error.invalid")
					continue
				}
				m := salkku.SteeringGroupMember{PersonID: id, PersonName: kept[id]}
				if i < len(roles) {
					m.Role = roles[i]
				}
				members = append(members, m)
				if !removed[id] {
					out = append(out, m)
				}
			}
			addRole = r.PostFormValue("role")
			to := gatesURL(p) + "#steering"
			if id := web.FormID(fe, "person_id", r.PostFormValue("person_id")); id != nil {
				chosen = []int64{*id}
				out = append(out, salkku.SteeringGroupMember{PersonID: *id, Role: addRole})
				// Back to the form, to add another.
				to = "/projects/" + strconv.FormatInt(p.ID, 10) + "/steering-group"
			}
			if len(fe) > 0 {
				return fe, nil, ""
			}
			return fe, s.Register.SetSteeringGroup(r.Context(), p.ID, out), to
		}); done {
			return
		}
	}
	gb := gateBase{b}
	page := steeringGroupPage{gateBase: gb, Project: p}
	roleOptions := func(sel string) []web.Option {
		var out []web.Option
		for _, role := range salkku.SteeringRoles {
			out = append(out, web.Option{Value: role, Label: gb.SteeringRole(role), Selected: role == sel})
		}
		return out
	}
	for i, m := range members {
		n := strconv.Itoa(i)
		role := b.S("role", roleOptions(m.Role), "")
		role.ID, role.Name, role.Error, role.Label = "f-member-role-"+n, "member_role", "", b.T("gates.member_role", m.PersonName)
		rm := b.F("member_remove", "", "checkbox")
		rm.ID, rm.CheckValue, rm.Checked, rm.Label = "f-member-remove-"+n, strconv.FormatInt(m.PersonID, 10), removed[m.PersonID], b.T("gates.member_remove", m.PersonName)
		page.Rows = append(page.Rows, steeringRow{PersonID: strconv.FormatInt(m.PersonID, 10), Name: m.PersonName, Role: role, Remove: rm})
	}
	pks, err := s.pickers(r, b, picks, map[string][]int64{"person_id": chosen}, fields...)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	page.Picker = pks["person_id"]
	page.AddRole = b.S("role", roleOptions(addRole), "")
	s.Render(w, r, status, "steering_group", page)
}

type rolePeoplePage struct {
	gateBase
	Project *salkku.Project
	Role    *salkku.Role
	Picker  Picker
}

// handleRolePeople names the people who hold a role of the model on the
// project, for the roles no field of the project fills (arkkitehti,
// toteutustiimi…): a list picker, one name added at a time.
func (s *Server) handleRolePeople(w http.ResponseWriter, r *http.Request) {
	g, ok := s.loadGates(w, r)
	if !ok {
		return
	}
	p := g.Project
	if !s.Allowed(w, r, web.AccessOf(r).CanEditProject(p)) {
		return
	}
	role := g.Model.Role(r.PathValue("key"))
	if role == nil || role.Fills != "" {
		s.Error(w, r, errNotFound)
		return
	}
	pf, err := s.Register.FindPortfolioByID(r.Context(), p.PortfolioID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	b := s.gateFormBase(r, p)
	b.Title = b.T("gates.role_title", b.Plain(role.Name), p.Code+" "+b.Plain(p.Name))
	b.Crumbs = gateCrumbs(b, p, b.TextCrumb(role.Name, ""))
	kept := map[int64]string{}
	var chosen []int64
	for _, n := range g.RolePeople[role.Key] {
		kept[n.ID] = n.Name
		chosen = append(chosen, n.ID)
	}
	fields := pickFields(personKind, pf.OrganisationID, kept, "people_ids")
	var picks pickState
	status := http.StatusOK
	if r.Method == http.MethodPost {
		var done bool
		if status, done = s.PostForm(w, r, &b, func() (salkku.FieldErrors, error, string) {
			typed := strings.TrimSpace(r.PostFormValue("people_ids_name")) != ""
			var fe salkku.FieldErrors
			var err error
			if picks, fe, err = s.resolvePickers(r, r.PostForm, fields...); err != nil {
				return nil, err, ""
			}
			ids := web.FormIDs(fe, "people_ids", r.PostForm["people_ids"])
			chosen = ids
			to := gatesURL(p) + "#tasks"
			if typed {
				// A name was added: back to the form, to add another.
				to = r.URL.Path
			}
			if len(fe) > 0 {
				return fe, nil, ""
			}
			err = s.Register.SetRolePeople(r.Context(), p.ID, role.Key, ids)
			if e, ok := err.(*salkku.Error); ok && e.Fields["people"] != "" {
				out := *e
				out.Fields = map[string]string{"people_ids": e.Fields["people"]}
				err = &out
			}
			return fe, err, to
		}); done {
			return
		}
	}
	pks, err := s.pickers(r, b, picks, map[string][]int64{"people_ids": chosen}, fields...)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.Render(w, r, status, "role_people", rolePeoplePage{gateBase: gateBase{b}, Project: p, Role: role, Picker: pks["people_ids"]})
}
