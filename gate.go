package salkku

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Gate decisions (seed 003: "Kullakin portilla arvioidaan tehtyä työtä ja
// edellytyksiä edetä seuraavaan vaiheeseen").
const (
	DecisionApproved           = "approved"
	DecisionApprovedConditions = "approved_with_conditions"
	DecisionReturned           = "returned"
	DecisionRejected           = "rejected"
	DecisionStopped            = "stopped"
)

// Decisions lists the kinds of decision in the order a form offers them.
var Decisions = []string{DecisionApproved, DecisionApprovedConditions, DecisionReturned, DecisionRejected, DecisionStopped}

// Approves reports whether the decision lets the project through the gate.
func Approves(decision string) bool {
	return decision == DecisionApproved || decision == DecisionApprovedConditions
}

// Steering-group member roles.
const (
	SteeringChair     = "chair"
	SteeringSecretary = "secretary"
	SteeringMember    = "member"
)

// SteeringRoles lists the roles in a steering group, chair first.
var SteeringRoles = []string{SteeringChair, SteeringSecretary, SteeringMember}

// SteeringMember is a person in a project's own steering group
// (ohjausryhmä). A member who is also a user has the steering-group role on
// that project.
type SteeringGroupMember struct {
	PersonID int64  `json:"person_id"`
	Role     string `json:"role"`
	// Read-only.
	PersonName string `json:"person_name,omitempty"`
}

// ValidateSteeringGroup checks a steering group: known roles, no one twice,
// at most one chair and one secretary.
func ValidateSteeringGroup(ms []SteeringGroupMember) error {
	fe := FieldErrors{}
	if len(ms) > MaxListItems {
		fe.Add("members", "error.too_many")
	}
	seen := map[int64]bool{}
	count := map[string]int{}
	for _, m := range ms {
		switch {
		case m.PersonID <= 0:
			fe.Add("members", "error.required")
		case seen[m.PersonID]:
			fe.Add("members", "error.duplicate")
		}
		seen[m.PersonID] = true
		if !slices.Contains(SteeringRoles, m.Role) {
			fe.Add("members", "error.invalid")
		}
		count[m.Role]++
	}
	if count[SteeringChair] > 1 {
		fe.Add("members", "error.steering_one_chair")
	}
	if count[SteeringSecretary] > 1 {
		fe.Add("members", "error.steering_one_secretary")
	}
	return fe.Err()
}

// Date is a calendar day, written 2006-01-02.
type Date string

// ParseDate reads a day as 2006-01-02 or the Finnish way, 14.1.2022.
func ParseDate(s string) (Date, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02", "2.1.2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return Date(t.Format("2006-01-02")), true
		}
	}
	return "", false
}

// Time is the day at midnight UTC.
func (d Date) Time() time.Time {
	t, _ := time.Parse("2006-01-02", string(d))
	return t
}

// Valid reports whether d is a calendar day.
func (d Date) Valid() bool {
	_, err := time.Parse("2006-01-02", string(d))
	return err == nil
}

// Today is the current day in Finland.
func Today(now time.Time) Date {
	return Date(now.In(helsinki).Format("2006-01-02"))
}

var helsinki = func() *time.Location {
	if l, err := time.LoadLocation("Europe/Helsinki"); err == nil {
		return l
	}
	return time.FixedZone("EET", 2*3600)
}()

// Checklist marks.
const (
	CheckDone          = "done"
	CheckNotApplicable = "not_applicable"
)

// CheckMark is the state of one checklist item on one project: done, or
// not applicable with a reason; who marked it and when are kept.
type CheckMark struct {
	ItemKey  string    `json:"item_key"`
	State    string    `json:"state"`
	Reason   Text      `json:"reason"`
	MarkedBy int64     `json:"marked_by"`
	MarkedAt time.Time `json:"marked_at"`
	// Read-only.
	MarkedByName string `json:"marked_by_name,omitempty"`
}

// Validate checks a mark: a known state, and a reason when the item does
// not apply.
func (c *CheckMark) Validate(l Languages) error {
	fe := FieldErrors{}
	switch c.State {
	case CheckDone:
		c.Reason = Text{}
	case CheckNotApplicable:
		// Required: an empty reason is an error at the primary
		// language's input.
		l.CheckText(fe, "reason", &c.Reason, true, MaxDescriptionLen)
	default:
		fe.Add("state", "error.invalid")
	}
	return fe.Err()
}

// DeliverableLink is where a project keeps one of its phase's
// deliverables.
type DeliverableLink struct {
	ItemKey string    `json:"item_key"`
	URL     string    `json:"url"`
	AddedBy int64     `json:"added_by"`
	AddedAt time.Time `json:"added_at"`
}

// GateRequest puts a project on the list of the body that decides its next
// gate.
type GateRequest struct {
	ID          int64     `json:"id"`
	ProjectID   int64     `json:"project_id"`
	Gate        string    `json:"gate"`
	Level       string    `json:"level"`
	PlannedFor  Date      `json:"planned_for,omitempty"`
	Note        Text      `json:"note"`
	RequestedBy int64     `json:"requested_by"`
	RequestedAt time.Time `json:"requested_at"`
	// Read-only.
	RequestedByName string `json:"requested_by_name,omitempty"`
}

// Condition is a condition set by a decision, with who sees it met and by
// when. ItemKey names the open checklist item it stands for, if any.
type Condition struct {
	ID        int64      `json:"id"`
	Text      Text       `json:"text"`
	ItemKey   string     `json:"item_key,omitempty"`
	OwnerID   *int64     `json:"owner_id"`
	Due       Date       `json:"due,omitempty"`
	MetAt     *time.Time `json:"met_at"`
	MetBy     *int64     `json:"met_by"`
	OwnerName string     `json:"owner_name,omitempty"`
	// Read-only, for lists of open conditions.
	ProjectID int64  `json:"project_id,omitempty"`
	Gate      string `json:"gate,omitempty"`
}

// GateDecision is a recorded decision at a gate: the date, the deciding
// body, what it decided with its conditions and the minutes.
type GateDecision struct {
	ID         int64       `json:"id"`
	ProjectID  int64       `json:"project_id"`
	ModelID    int64       `json:"model_id"`
	Gate       string      `json:"gate"`
	DecidedOn  Date        `json:"decided_on"`
	Level      string      `json:"level"`
	Decision   string      `json:"decision"`
	Conditions []Condition `json:"conditions"`
	Minutes    Text        `json:"minutes"`
	MinutesURL string      `json:"minutes_url"`
	// From and To are the project's position before and after.
	From       Position  `json:"from"`
	To         Position  `json:"to"`
	RecordedBy int64     `json:"recorded_by"`
	RecordedAt time.Time `json:"recorded_at"`
	// Read-only.
	RecordedByName string `json:"recorded_by_name,omitempty"`
}

// GateState is what a decision is checked against: where the project
// stands and what is open there.
type GateState struct {
	Model    *Model
	Position Position
	Status   string
	// Requested is true while a request for the gate ahead is open;
	// Decided is true when the gate ahead already has a decision since
	// the last request.
	Requested, Decided bool
	// Open are the required checklist items of the phase that are neither
	// done nor marked not applicable.
	Open []CheckItem
	// Today is the day of recording, in Finland.
	Today Date
}

// CheckDecision applies the gate rules to a decision and fills its From
// and To positions. It returns the project's status after the decision.
// Errors name what is wrong in the user's terms: the gate that has not
// been taken, the open required items.
func CheckDecision(st GateState, d *GateDecision, l Languages) (string, error) {
	m := st.Model
	if st.Status == StatusClosed || st.Status == StatusCancelled {
		return "", Errorf(EINVALID, "error.gate_project_closed")
	}
	g, ok := m.Gate(d.Gate)
	if !ok {
		return "", &Error{Code: EINVALID, Message: "error.gate_unknown", Fields: map[string]string{"gate": "error.gate_unknown"}}
	}
	ahead, ok := m.Gate(st.Position.Gate)
	if !ok {
		return "", Errorf(EINVALID, "error.gate_project_closed")
	}
	if g.Index > ahead.Index {
		return "", &Error{Code: EINVALID, Message: "error.gate_not_taken", Args: []any{ahead.Code, ahead.Name}, Fields: map[string]string{"gate": "error.gate_not_next"}}
	}
	if g.Index < ahead.Index {
		return "", &Error{Code: EINVALID, Message: "error.gate_already_passed", Args: []any{g.Code, g.Name}, Fields: map[string]string{"gate": "error.gate_not_next"}}
	}
	if st.Decided && !st.Requested {
		return "", &Error{Code: EINVALID, Message: "error.gate_needs_request", Args: []any{g.Code, g.Name}}
	}
	fe := FieldErrors{}
	if !slices.Contains(Decisions, d.Decision) {
		fe.Add("decision", "error.required")
	}
	switch {
	case d.DecidedOn == "":
		fe.Add("decided_on", "error.required")
	case !d.DecidedOn.Valid():
		fe.Add("decided_on", "error.date")
	case st.Today != "" && d.DecidedOn > st.Today:
		fe.Add("decided_on", "error.date_future")
	}
	if !LevelAtLeast(d.Level, g.Level) {
		fe.Add("level", "error.gate_level")
	}
	l.CheckText(fe, "minutes", &d.Minutes, false, MaxDescriptionLen)
	d.MinutesURL = strings.TrimSpace(d.MinutesURL)
	if d.MinutesURL != "" && !ValidLink(d.MinutesURL) {
		fe.Add("minutes_url", "error.link")
	}
	if len(d.Conditions) > MaxListItems {
		fe.Add("conditions", "error.too_many")
	}
	covered := map[string]bool{}
	for i := range d.Conditions {
		c := &d.Conditions[i]
		f := "conditions." + strconv.Itoa(i)
		l.CheckText(fe, f+".text", &c.Text, true, MaxDescriptionLen)
		switch {
		case c.Due != "" && !c.Due.Valid():
			fe.Add(f+".due", "error.date")
		case c.Due != "" && d.DecidedOn.Valid() && c.Due < d.DecidedOn:
			fe.Add(f+".due", "error.condition_due_before")
		}
		covered[c.ItemKey] = true
	}
	if len(d.Conditions) > 0 && d.Decision != DecisionApprovedConditions {
		fe.Add("conditions", "error.gate_conditions_need_kind")
	}
	if d.Decision == DecisionApprovedConditions && len(d.Conditions) == 0 {
		fe.Add("conditions", "error.required")
	}
	if err := fe.Err(); err != nil {
		return "", err
	}
	if Approves(d.Decision) && g.leavesPhase() {
		var open []string
		for _, it := range st.Open {
			if !covered[it.Key] {
				open = append(open, it.Key)
			}
		}
		if len(open) > 0 {
			return "", &Error{Code: EINVALID, Message: "error.gate_open_items", Args: []any{len(open)}, Fields: map[string]string{"conditions": "error.gate_open_items_field"}}
		}
	}
	d.From = st.Position
	d.ModelID = m.ID
	switch {
	case Approves(d.Decision):
		pos, done := m.After(g.Code)
		d.To = pos
		if done {
			return StatusClosed, nil
		}
		return m.Phase(pos.Phase).Status, nil
	case d.Decision == DecisionReturned:
		d.To = st.Position
		return st.Status, nil
	default:
		d.To = Position{Phase: st.Position.Phase}
		return StatusCancelled, nil
	}
}

// leavesPhase reports whether passing g leaves its phase, where the
// phase's required items are checked.
func (g GateRef) leavesPhase() bool {
	return g.Code == g.Phase.Gates[len(g.Phase.Gates)-1].Code
}

// OpenItems returns the required items of phase p that marks leave open.
func OpenItems(p *Phase, marks map[string]CheckMark) []CheckItem {
	var out []CheckItem
	if p == nil {
		return out
	}
	for _, it := range p.Checklist {
		if _, ok := marks[it.Key]; it.Required && !ok {
			out = append(out, it)
		}
	}
	return out
}

// Kinds of entry in a project's gate history.
const (
	EventPlaced    = "placed"    // brought in at a phase, not by a decision
	EventRequested = "requested" // a decision requested
	EventDecided   = "decided"   // a decision recorded
	EventModel     = "model"     // moved to another version of the model
	EventCondition = "condition" // a condition marked met
)

// GateEvent is a line of a project's gate history.
type GateEvent struct {
	ID         int64         `json:"id"`
	ProjectID  int64         `json:"project_id"`
	Kind       string        `json:"kind"`
	Gate       string        `json:"gate,omitempty"`
	From       Position      `json:"from"`
	To         Position      `json:"to"`
	ModelID    int64         `json:"model_id"`
	DecisionID *int64        `json:"decision_id,omitempty"`
	At         time.Time     `json:"at"`
	By         int64         `json:"by"`
	ByName     string        `json:"by_name,omitempty"`
	Decision   *GateDecision `json:"decision,omitempty"`
}

// GateOutlook is what the project page shows of a project's gates: its
// model version, where it stands and the request open at its gate.
type GateOutlook struct {
	Project  *Project
	Model    *Model
	Position Position
	Request  *GateRequest
}

// ProjectGates is everything the gates page shows of the model: the
// outlook, the marks, links, the steering group and the history.
type ProjectGates struct {
	GateOutlook
	Marks         map[string]CheckMark
	Links         map[string]DeliverableLink
	SteeringGroup []SteeringGroupMember
	// RolePeople names, by role key, the people who hold the model's
	// roles that no field of the project fills (see RolePeople).
	RolePeople map[string][]NamedPerson
	History    []GateEvent
	Decisions  []GateDecision
	// Newer is the organisation's latest published version when it is
	// newer than the project's.
	Newer *Model
}

// NamedPerson is a person's id with their name, for display.
type NamedPerson struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Holders returns the people who hold a role of the model on the project:
// from the project's field the role fills, its steering group, or the
// people named for the role.
func (g *ProjectGates) Holders(roleKey string) []NamedPerson {
	r := g.Model.Role(roleKey)
	if r == nil {
		return nil
	}
	p := g.Project
	one := func(id *int64, name string) []NamedPerson {
		if id == nil {
			return nil
		}
		return []NamedPerson{{ID: *id, Name: name}}
	}
	switch r.Fills {
	case FillsManager:
		return one(p.ManagerID, p.ManagerName)
	case FillsServiceOwner:
		return one(p.ServiceOwnerID, p.ServiceOwnerName)
	case FillsOwner:
		return one(p.OwnerID, p.OwnerName)
	case FillsSteering:
		var out []NamedPerson
		for _, m := range g.SteeringGroup {
			out = append(out, NamedPerson{ID: m.PersonID, Name: m.PersonName})
		}
		return out
	}
	return g.RolePeople[roleKey]
}

// PhaseCount is the number of projects in one phase of one model version.
type PhaseCount struct {
	ModelID int64
	Phase   string
	Status  string
	Count   int
}

// GateFilter selects projects in a portfolio's gate views.
type GateFilter struct {
	PortfolioID int64
	// Phase limits to a phase key; Level to the body deciding the gate
	// ahead.
	Phase string
	Level string
	Page
}

// GateWaiting is a project waiting for a decision, with its request.
type GateWaiting struct {
	Project *Project
	Request GateRequest
	// Body names the deciding body: the portfolio for the board, the
	// project for its steering group or itself.
	Gate Gate
}

// GateService is the project model, the gates and the steering groups.
type GateService interface {
	// FindModels lists an organisation's model versions, newest first.
	FindModels(ctx context.Context, organisationID int64) ([]*Model, error)
	FindModelByID(ctx context.Context, id int64) (*Model, error)
	// NewModelVersion copies the organisation's latest version into a new
	// draft.
	NewModelVersion(ctx context.Context, organisationID int64) (*Model, error)
	// UpdateModel changes a draft; a published version is refused.
	UpdateModel(ctx context.Context, m *Model) error
	PublishModel(ctx context.Context, id int64, version int) error
	DeleteModel(ctx context.Context, id int64) error

	FindProjectGates(ctx context.Context, projectID int64) (*ProjectGates, error)
	// FindGateOutlook returns the part of FindProjectGates the project
	// page shows, without the checklists, people and history.
	FindGateOutlook(ctx context.Context, projectID int64) (*GateOutlook, error)
	// PlaceProject brings a project in at a phase without a decision.
	PlaceProject(ctx context.Context, projectID int64, phase string) error
	MoveProjectModel(ctx context.Context, projectID, modelID int64) error
	MarkItem(ctx context.Context, projectID int64, m *CheckMark) error
	UnmarkItem(ctx context.Context, projectID int64, itemKey string) error
	SetDeliverableLink(ctx context.Context, projectID int64, l *DeliverableLink) error
	RequestGate(ctx context.Context, r *GateRequest) error
	CancelGateRequest(ctx context.Context, projectID int64) error
	RecordDecision(ctx context.Context, d *GateDecision) error
	MeetCondition(ctx context.Context, conditionID int64) error
	SetSteeringGroup(ctx context.Context, projectID int64, members []SteeringGroupMember) error
	// SetRolePeople names the people holding a model role on a project
	// (one the project's fields do not fill); none clears it.
	SetRolePeople(ctx context.Context, projectID int64, roleKey string, personIDs []int64) error

	// Portfolio views, each one query whatever the portfolio's size.
	CountPhases(ctx context.Context, portfolioID int64) ([]PhaseCount, error)
	FindWaiting(ctx context.Context, f GateFilter) ([]*GateWaiting, error)
	FindOverdueConditions(ctx context.Context, portfolioID int64, today Date) ([]*Condition, error)
}
