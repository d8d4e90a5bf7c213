package salkku

import (
	"fmt"
	"regexp"
	"slices"
	"time"
)

// Decision levels: seed 004 ("Hankkeita koskevia päätöksiä tehdään kolmella
// eri tasolla") names three, strongest first: the portfolio's board, the
// project's steering group, and the project itself within its plan.
const (
	LevelPortfolio = "portfolio"
	LevelSteering  = "steering"
	LevelProject   = "project"
)

// Levels lists the decision levels, strongest first.
var Levels = []string{LevelPortfolio, LevelSteering, LevelProject}

// LevelAtLeast reports whether level a decides at b's level or above.
func LevelAtLeast(a, b string) bool {
	ia, ib := slices.Index(Levels, a), slices.Index(Levels, b)
	return ia >= 0 && ib >= 0 && ia <= ib
}

// Model is one version of an organisation's life-cycle model
// (elinkaarimalli): phases separated by decision gates. A version is a
// draft until it is published; a published version is frozen, because
// projects follow it, and is changed by making a new version. A project
// keeps the version it started with until it is moved to a newer one.
type Model struct {
	Meta
	OrganisationID int64 `json:"organisation_id"`
	// Number counts the organisation's versions: 1, 2, …
	Number      int        `json:"number"`
	Name        Text       `json:"name"`
	Description Text       `json:"description"`
	PublishedAt *time.Time `json:"published_at"`
	Roles       []Role     `json:"roles"`
	Themes      []Theme    `json:"themes"`
	Phases      []Phase    `json:"phases"`

	// Read-only: how many projects follow this version.
	Projects int `json:"projects"`
}

// Role is a role of the project model, such as hankepäällikkö (the project
// manager) or arkkitehti. Fills names the project's field that says who
// holds it, so that a phase's tasks can name the person.
type Role struct {
	Key   string `json:"key"`
	Name  Text   `json:"name"`
	Fills string `json:"fills,omitempty"`
}

// What a role's Fills may name.
const (
	FillsManager      = "manager"
	FillsServiceOwner = "service_owner"
	FillsOwner        = "owner"
	FillsSteering     = "steering_group"
)

var roleFills = []string{"", FillsManager, FillsServiceOwner, FillsOwner, FillsSteering}

// Theme groups a phase's tasks: asiakaslähtöisyys ja ohjaus, hankinta,
// arkkitehtuuri, tietoturva, tietosuoja (seed 001).
type Theme struct {
	Key  string `json:"key"`
	Name Text   `json:"name"`
}

// Phase is a stage of the life cycle between gates.
type Phase struct {
	Key                string `json:"key"`
	Name               Text   `json:"name"`
	Description        Text   `json:"description"`
	EntryCriteria      Text   `json:"entry_criteria"`
	CompletionCriteria Text   `json:"completion_criteria"`
	// Outcome is what the phase delivers as a whole (seed 001: "Käyttöönottovaiheen varsinainen tuotos on …").
	Outcome Text `json:"outcome"`
	// Stages are the phase's course in steps, as seed 001 shows it.
	Stages       []Stage       `json:"stages"`
	Checklist    []CheckItem   `json:"checklist"`
	Deliverables []Deliverable `json:"deliverables"`
	Tasks        []Task        `json:"tasks"`
	// Gates close the phase, in order: a project passes each and then
	// enters the next phase (or, after the last phase, is closed).
	Gates []Gate `json:"gates"`
	// Status is the lifecycle status of a project in this phase: proposed
	// until implementation is decided, then active.
	Status string `json:"status"`
}

// Stage is a step of a phase's course (seed 001: "1. Käyttöönoton
// valmistelu, eli tuotantoon siirron valmiuksen luominen"), with its parts.
type Stage struct {
	Name     Text           `json:"name"`
	Subtitle Text           `json:"subtitle"`
	Items    []Text         `json:"items"`
	Sections []StageSection `json:"sections"`
}

// StageSection is a headed list inside a stage ("Tekninen valmius").
type StageSection struct {
	Name  Text   `json:"name"`
	Items []Text `json:"items"`
}

// CheckItem is a line of a phase's checklist. Required items must be done
// or marked not applicable before the gate that leaves the phase, unless
// the decision makes them conditions.
type CheckItem struct {
	Key      string `json:"key"`
	Text     Text   `json:"text"`
	Required bool   `json:"required"`
}

// Deliverable is a phase's output, with an optional template link.
type Deliverable struct {
	Key      string `json:"key"`
	Name     Text   `json:"name"`
	Template string `json:"template,omitempty"`
}

// Task is what a role does in a phase, under a theme; Sub are its parts.
type Task struct {
	Theme string `json:"theme"`
	Role  string `json:"role"`
	Text  Text   `json:"text"`
	Sub   []Text `json:"sub,omitempty"`
}

// Gate is a decision point (portti): P0 Valmistelupäätös … P6
// Arkistointipäätös. Level says which body takes it by default.
type Gate struct {
	Code  string `json:"code"`
	Name  Text   `json:"name"`
	Level string `json:"level"`
}

// Limits of a model, so that a form cannot grow one without end.
const (
	MaxPhases     = 20
	MaxPhaseItems = 100
)

var keyRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)

// Validate checks a model: names in the organisation's languages, known
// keys and, above all, that its gates make one path: every phase is left
// through at least one gate, and no gate or phase appears twice, which
// would send a project round in a cycle. Errors name the offending part,
// e.g. phases.3.gates for the fourth phase.
func (m *Model) Validate(l Languages) error {
	fe := FieldErrors{}
	if m.OrganisationID <= 0 {
		fe.Add("organisation_id", "error.required")
	}
	l.CheckText(fe, "name", &m.Name, true, MaxNameLen)
	l.CheckText(fe, "description", &m.Description, false, MaxDescriptionLen)
	roles := map[string]bool{}
	for i := range m.Roles {
		r := &m.Roles[i]
		f := fmt.Sprintf("roles.%d", i)
		checkKey(fe, f+".key", r.Key, roles)
		l.CheckText(fe, f+".name", &r.Name, true, MaxNameLen)
		if !slices.Contains(roleFills, r.Fills) {
			fe.Add(f+".fills", "error.invalid")
		}
	}
	themes := map[string]bool{}
	for i := range m.Themes {
		t := &m.Themes[i]
		f := fmt.Sprintf("themes.%d", i)
		checkKey(fe, f+".key", t.Key, themes)
		l.CheckText(fe, f+".name", &t.Name, true, MaxNameLen)
	}
	if len(m.Phases) == 0 {
		fe.Add("phases", "error.model_no_phase")
	}
	if len(m.Phases) > MaxPhases {
		fe.Add("phases", "error.too_many")
	}
	phases, gates, items := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for i := range m.Phases {
		p := &m.Phases[i]
		f := fmt.Sprintf("phases.%d", i)
		if phases[p.Key] {
			fe.Add(f+".key", "error.model_cycle")
		} else {
			checkKey(fe, f+".key", p.Key, phases)
		}
		l.CheckText(fe, f+".name", &p.Name, true, MaxNameLen)
		for _, t := range []struct {
			name string
			t    *Text
		}{{"description", &p.Description}, {"entry_criteria", &p.EntryCriteria}, {"completion_criteria", &p.CompletionCriteria}, {"outcome", &p.Outcome}} {
			l.CheckText(fe, f+"."+t.name, t.t, false, MaxDescriptionLen)
		}
		if p.Status != StatusProposed && p.Status != StatusActive {
			fe.Add(f+".status", "error.status")
		}
		if len(p.Checklist)+len(p.Deliverables)+len(p.Tasks)+len(p.Stages) > MaxPhaseItems {
			fe.Add(f, "error.too_many")
		}
		for j := range p.Stages {
			s := &p.Stages[j]
			sf := fmt.Sprintf("%s.stages.%d", f, j)
			l.CheckText(fe, sf+".name", &s.Name, true, MaxNameLen)
			l.CheckText(fe, sf+".subtitle", &s.Subtitle, false, MaxDescriptionLen)
			checkTexts(fe, l, sf+".items", s.Items)
			for k := range s.Sections {
				l.CheckText(fe, fmt.Sprintf("%s.sections.%d.name", sf, k), &s.Sections[k].Name, true, MaxNameLen)
				checkTexts(fe, l, fmt.Sprintf("%s.sections.%d.items", sf, k), s.Sections[k].Items)
			}
		}
		for j := range p.Checklist {
			c := &p.Checklist[j]
			cf := fmt.Sprintf("%s.checklist.%d", f, j)
			checkKey(fe, cf+".key", c.Key, items)
			l.CheckText(fe, cf+".text", &c.Text, true, MaxDescriptionLen)
		}
		for j := range p.Deliverables {
			d := &p.Deliverables[j]
			df := fmt.Sprintf("%s.deliverables.%d", f, j)
			checkKey(fe, df+".key", d.Key, items)
			l.CheckText(fe, df+".name", &d.Name, true, MaxDescriptionLen)
			if d.Template != "" && !ValidLink(d.Template) {
				fe.Add(df+".template", "error.link")
			}
		}
		for j := range p.Tasks {
			t := &p.Tasks[j]
			tf := fmt.Sprintf("%s.tasks.%d", f, j)
			if !roles[t.Role] {
				fe.Add(tf+".role", "error.model_unknown_role")
			}
			if t.Theme != "" && !themes[t.Theme] {
				fe.Add(tf+".theme", "error.model_unknown_theme")
			}
			l.CheckText(fe, tf+".text", &t.Text, true, MaxDescriptionLen)
			checkTexts(fe, l, tf+".sub", t.Sub)
		}
		if len(p.Gates) == 0 {
			fe.Add(f+".gates", "error.model_missing_gate")
		}
		for j := range p.Gates {
			g := &p.Gates[j]
			gf := fmt.Sprintf("%s.gates.%d", f, j)
			switch {
			case gates[g.Code]:
				fe.Add(gf+".code", "error.model_cycle")
			case g.Code == "":
				fe.Add(gf+".code", "error.required")
			default:
				checkText(fe, gf+".code", g.Code, true, MaxCodeLen)
				gates[g.Code] = true
			}
			l.CheckText(fe, gf+".name", &g.Name, true, MaxNameLen)
			if !slices.Contains(Levels, g.Level) {
				fe.Add(gf+".level", "error.level")
			}
		}
	}
	return fe.Err()
}

func checkKey(fe FieldErrors, field, key string, seen map[string]bool) {
	switch {
	case !keyRE.MatchString(key):
		fe.Add(field, "error.key")
	case seen[key]:
		fe.Add(field, "error.duplicate")
	default:
		seen[key] = true
	}
}

func checkTexts(fe FieldErrors, l Languages, field string, ts []Text) {
	if len(ts) > MaxPhaseItems {
		fe.Add(field, "error.too_many")
		return
	}
	for i := range ts {
		l.CheckText(fe, fmt.Sprintf("%s.%d", field, i), &ts[i], true, MaxDescriptionLen)
	}
}

// ValidLink reports whether s is an http or https address, or a path on
// this server.
func ValidLink(s string) bool {
	return len(s) <= MaxURLLen && (ValidWebURL(s) || validSitePath(s))
}

// Phase returns the phase with the key, or nil.
func (m *Model) Phase(key string) *Phase {
	for i := range m.Phases {
		if m.Phases[i].Key == key {
			return &m.Phases[i]
		}
	}
	return nil
}

// Position is where a project stands in its model: the phase it is in and
// the gate ahead ("" once it has passed the last gate or was stopped).
type Position struct {
	Phase string `json:"phase"`
	Gate  string `json:"gate"`
}

// GateRef is a gate with the phase it closes.
type GateRef struct {
	Gate
	Phase *Phase
	// Index counts the gates from the start: P0 is 0.
	Index int
}

// Gates lists the model's gates in order, each with the phase it closes.
func (m *Model) Gates() []GateRef {
	var out []GateRef
	for i := range m.Phases {
		for _, g := range m.Phases[i].Gates {
			out = append(out, GateRef{Gate: g, Phase: &m.Phases[i], Index: len(out)})
		}
	}
	return out
}

// Gate returns the gate with the code.
func (m *Model) Gate(code string) (GateRef, bool) {
	for _, g := range m.Gates() {
		if g.Code == code {
			return g, true
		}
	}
	return GateRef{}, false
}

// Start is the position of a new project: the first phase, before its
// first gate.
func (m *Model) Start() Position {
	if len(m.Phases) == 0 || len(m.Phases[0].Gates) == 0 {
		return Position{}
	}
	return Position{Phase: m.Phases[0].Key, Gate: m.Phases[0].Gates[0].Code}
}

// After returns the position once gate code is approved: the next gate of
// the same phase, or the next phase's first gate. done is true when the
// gate was the model's last.
func (m *Model) After(code string) (pos Position, done bool) {
	gs := m.Gates()
	for i, g := range gs {
		if g.Code != code {
			continue
		}
		if i+1 == len(gs) {
			return Position{Phase: g.Phase.Key}, true
		}
		return Position{Phase: gs[i+1].Phase.Key, Gate: gs[i+1].Code}, false
	}
	return Position{}, false
}

// PlaceAt returns the position of a project brought in at a phase: before
// its first gate.
func (m *Model) PlaceAt(phase string) (Position, bool) {
	p := m.Phase(phase)
	if p == nil || len(p.Gates) == 0 {
		return Position{}, false
	}
	return Position{Phase: p.Key, Gate: p.Gates[0].Code}, true
}

// PlaceByStatus returns where a project brought in with a lifecycle
// status stands: a proposed one at the start, an active one before the
// first gate of the first active phase, a closed one past the last gate,
// a cancelled one stopped in the first phase.
func (m *Model) PlaceByStatus(status string) (Position, bool) {
	if len(m.Phases) == 0 {
		return Position{}, false
	}
	switch status {
	case StatusProposed:
		return m.Start(), true
	case StatusActive:
		for _, p := range m.Phases {
			if p.Status == StatusActive {
				return m.PlaceAt(p.Key)
			}
		}
	case StatusClosed:
		return Position{Phase: m.Phases[len(m.Phases)-1].Key}, true
	case StatusCancelled:
		return Position{Phase: m.Phases[0].Key}, true
	}
	return Position{}, false
}

// ValidPosition reports whether pos is a phase of the model and, unless
// the project is past its last gate, a gate of that phase.
func (m *Model) ValidPosition(pos Position) bool {
	p := m.Phase(pos.Phase)
	if p == nil {
		return false
	}
	if pos.Gate == "" {
		return true
	}
	return slices.ContainsFunc(p.Gates, func(g Gate) bool { return g.Code == pos.Gate })
}

// FillPrimary sets the primary language of every text of the model, for
// readers whose language it lacks.
func (m *Model) FillPrimary(lang string) {
	set := func(t *Text) { t.Primary = lang }
	each := func(ts []Text) {
		for i := range ts {
			set(&ts[i])
		}
	}
	set(&m.Name)
	set(&m.Description)
	for i := range m.Roles {
		set(&m.Roles[i].Name)
	}
	for i := range m.Themes {
		set(&m.Themes[i].Name)
	}
	for i := range m.Phases {
		p := &m.Phases[i]
		for _, t := range []*Text{&p.Name, &p.Description, &p.EntryCriteria, &p.CompletionCriteria, &p.Outcome} {
			set(t)
		}
		for j := range p.Stages {
			s := &p.Stages[j]
			set(&s.Name)
			set(&s.Subtitle)
			each(s.Items)
			for k := range s.Sections {
				set(&s.Sections[k].Name)
				each(s.Sections[k].Items)
			}
		}
		for j := range p.Checklist {
			set(&p.Checklist[j].Text)
		}
		for j := range p.Deliverables {
			set(&p.Deliverables[j].Name)
		}
		for j := range p.Tasks {
			set(&p.Tasks[j].Text)
			each(p.Tasks[j].Sub)
		}
		for j := range p.Gates {
			set(&p.Gates[j].Name)
		}
	}
}

// Role returns the model's role with the key, or nil.
func (m *Model) Role(key string) *Role {
	for i := range m.Roles {
		if m.Roles[i].Key == key {
			return &m.Roles[i]
		}
	}
	return nil
}

// Clone returns a copy of the model that shares nothing a caller could
// change with m.
func (m *Model) Clone() *Model {
	c := *m
	texts := cloneOf[Text]
	if m.PublishedAt != nil {
		t := *m.PublishedAt
		c.PublishedAt = &t
	}
	c.Roles = cloneOf(m.Roles)
	c.Themes = cloneOf(m.Themes)
	c.Phases = cloneOf(m.Phases)
	for i, p := range c.Phases {
		p.Stages = cloneOf(p.Stages)
		for j, s := range p.Stages {
			s.Items = texts(s.Items)
			s.Sections = cloneOf(s.Sections)
			for k := range s.Sections {
				s.Sections[k].Items = texts(s.Sections[k].Items)
			}
			p.Stages[j] = s
		}
		p.Checklist = cloneOf(p.Checklist)
		p.Deliverables = cloneOf(p.Deliverables)
		p.Tasks = cloneOf(p.Tasks)
		for j := range p.Tasks {
			p.Tasks[j].Sub = texts(p.Tasks[j].Sub)
		}
		p.Gates = cloneOf(p.Gates)
		c.Phases[i] = p
	}
	return &c
}

// cloneOf copies a slice, keeping nil and empty apart (JSON writes null
// and [] for them).
func cloneOf[T any](s []T) []T {
	if s == nil {
		return nil
	}
	return append(make([]T, 0, len(s)), s...)
}
