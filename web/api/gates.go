package api

import (
	"context"
	"maps"
	"net/http"
	"slices"
	"strconv"

	"github.com/salkku/salkku/web"

	"github.com/salkku/salkku"
)

// The project model and the gates (issue 8): an organisation's model
// versions, a project's way through its model, its steering group, and the
// portfolio views. The store checks access and the gate rules in each
// call; these handlers decode, call and encode, as the register's do.

// gateRoutes adds the model and gate endpoints to the API's table.
func gateRoutes(s *Server, route func(string, http.HandlerFunc)) {
	route("GET /organisations/{id}/models", s.apiModelList)
	route("POST /organisations/{id}/models", s.apiModelCreate)
	route("GET /models/{id}", getHandler(s, s.findModel))
	route("PUT /models/{id}", updateHandler(s, (*modelBody).record, func(ctx context.Context, m *salkku.Model) error {
		err := s.Register.UpdateModel(ctx, m)
		emptyLists(m)
		return err
	}))
	route("POST /models/{id}/publish", s.apiModelPublish)
	route("DELETE /models/{id}", deleteHandler(s, s.Register.DeleteModel))

	route("GET /projects/{id}/gates", s.apiProjectGates)
	route("POST /projects/{id}/gates/placement", s.apiPlaceProject)
	route("POST /projects/{id}/gates/model", s.apiMoveProjectModel)
	route("PUT /projects/{id}/checklist/{key}", s.apiMarkItem)
	route("DELETE /projects/{id}/checklist/{key}", s.apiUnmarkItem)
	route("PUT /projects/{id}/deliverables/{key}", s.apiSetDeliverable)
	route("POST /projects/{id}/gates/requests", s.apiRequestGate)
	route("DELETE /projects/{id}/gates/requests/open", s.apiCancelGateRequest)
	route("POST /projects/{id}/gates/decisions", s.apiRecordDecision)
	route("POST /conditions/{id}/met", s.apiMeetCondition)
	route("GET /projects/{id}/steering-group", s.apiSteeringGroup)
	route("PUT /projects/{id}/steering-group", s.apiSetSteeringGroup)

	route("GET /portfolios/{id}/phases", s.apiPortfolioPhases)
	route("GET /portfolios/{id}/gates/waiting", s.apiPortfolioWaiting)
	route("GET /portfolios/{id}/conditions/overdue", s.apiOverdueConditions)
}

// modelBody is the JSON a client sends for a model version: the version
// as read, its read-only fields ignored. Only a draft can be replaced.
type modelBody struct {
	salkku.Model
	readOnlyMeta
	OrganisationID ignored `json:"organisation_id"`
	Number         ignored `json:"number"`
	PublishedAt    ignored `json:"published_at"`
	Projects       ignored `json:"projects"`
}

func (b *modelBody) record() *salkku.Model { return &b.Model }

// findModel reads a version for the API.
func (s *Server) findModel(ctx context.Context, id int64) (*salkku.Model, error) {
	m, err := s.Register.FindModelByID(ctx, id)
	emptyLists(m)
	return m, err
}

// emptyLists gives a version's lists as [] rather than null where the
// stored document has none, as the API's lists are.
func emptyLists(m *salkku.Model) {
	if m == nil {
		return
	}
	orEmpty(&m.Roles)
	orEmpty(&m.Themes)
	orEmpty(&m.Phases)
	for i := range m.Phases {
		p := &m.Phases[i]
		orEmpty(&p.Stages)
		orEmpty(&p.Checklist)
		orEmpty(&p.Deliverables)
		orEmpty(&p.Tasks)
		orEmpty(&p.Gates)
		for j := range p.Stages {
			st := &p.Stages[j]
			orEmpty(&st.Items)
			orEmpty(&st.Sections)
			for k := range st.Sections {
				orEmpty(&st.Sections[k].Items)
			}
		}
	}
}

func orEmpty[T any](s *[]T) {
	if *s == nil {
		*s = []T{}
	}
}

// apiModelList lists an organisation's model versions, newest first.
func (s *Server) apiModelList(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err == nil {
		err = newQuery(r).err()
	}
	if err == nil {
		// An unknown organisation is 404 for admins too, whose list the
		// store does not limit.
		_, err = s.Register.FindOrganisationByID(r.Context(), id)
	}
	var items []*salkku.Model
	if err == nil {
		items, err = s.Register.FindModels(r.Context(), id)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	for _, m := range items {
		emptyLists(m)
	}
	writeList(w, items, len(items))
}

// apiModelCreate makes a new draft version from the organisation's latest
// one; there is at most one draft at a time.
func (s *Server) apiModelCreate(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	var m *salkku.Model
	if err == nil {
		m, err = s.Register.NewModelVersion(r.Context(), id)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	emptyLists(m)
	writeCreated(w, "models", m.ID, m.Version, m)
}

// versionBody names the version of a record an action applies to.
type versionBody struct {
	Version int `json:"version"`
}

// apiModelPublish freezes a draft; the body (or If-Match) names the
// version published.
func (s *Server) apiModelPublish(w http.ResponseWriter, r *http.Request) {
	var in versionBody
	id, err := web.PathID(r, "id")
	// With If-Match the body may be left out.
	if err == nil && (r.ContentLength != 0 || r.Header.Get("If-Match") == "") {
		err = decodeBody(r, &in)
	}
	var v int
	if err == nil {
		v, err = editedVersion(r, in.Version)
	}
	if err == nil {
		err = s.Register.PublishModel(r.Context(), id, v)
	}
	var m *salkku.Model
	if err == nil {
		m, err = s.findModel(r.Context(), id)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeRecord(w, http.StatusOK, m.Version, m)
}

// projectGatesBody is a project's way through its model as JSON. The model
// itself is linked, not inlined: it is large and the same for every
// project that follows the version.
type projectGatesBody struct {
	ProjectID   int64  `json:"project_id"`
	ModelID     int64  `json:"model_id"`
	ModelNumber int    `json:"model_number"`
	ModelURL    string `json:"model_url"`
	// NewerModelID is the organisation's latest published version when
	// it is newer than the project's: the one to move the project to.
	NewerModelID *int64          `json:"newer_model_id"`
	Position     salkku.Position `json:"position"`
	Status       string          `json:"status"`
	// OpenItems are the keys of the current phase's required checklist
	// items that are neither done nor marked not applicable.
	OpenItems     []string                     `json:"open_items"`
	Marks         []salkku.CheckMark           `json:"marks"`
	Links         []salkku.DeliverableLink     `json:"links"`
	Request       *salkku.GateRequest          `json:"request"`
	SteeringGroup []salkku.SteeringGroupMember `json:"steering_group"`
	Decisions     []salkku.GateDecision        `json:"decisions"`
	History       []salkku.GateEvent           `json:"history"`
}

// newGatesBody shapes the store's ProjectGates for the API: marks and
// links in the model's order, the history without the decisions it
// points to (they are in decisions, by decision_id).
func newGatesBody(g *salkku.ProjectGates) projectGatesBody {
	b := projectGatesBody{
		ProjectID: g.Project.ID, ModelID: g.Model.ID, ModelNumber: g.Model.Number,
		ModelURL: APIPrefix + "/models/" + strconv.FormatInt(g.Model.ID, 10),
		Position: g.Position, Status: g.Project.Status, Request: g.Request,
		OpenItems: []string{}, Marks: []salkku.CheckMark{}, Links: []salkku.DeliverableLink{},
		SteeringGroup: g.SteeringGroup, Decisions: g.Decisions, History: []salkku.GateEvent{},
	}
	if g.Newer != nil {
		b.NewerModelID = &g.Newer.ID
	}
	for _, it := range salkku.OpenItems(g.Model.Phase(g.Position.Phase), g.Marks) {
		b.OpenItems = append(b.OpenItems, it.Key)
	}
	seenMark, seenLink := map[string]bool{}, map[string]bool{}
	for _, ph := range g.Model.Phases {
		for _, it := range ph.Checklist {
			if m, ok := g.Marks[it.Key]; ok && !seenMark[it.Key] {
				b.Marks, seenMark[it.Key] = append(b.Marks, m), true
			}
		}
		for _, d := range ph.Deliverables {
			if l, ok := g.Links[d.Key]; ok && !seenLink[d.Key] {
				b.Links, seenLink[d.Key] = append(b.Links, l), true
			}
		}
	}
	// Marks and links of items a newer or older version lacks stay
	// visible, after the model's, by key.
	for _, k := range slices.Sorted(maps.Keys(g.Marks)) {
		if !seenMark[k] {
			b.Marks = append(b.Marks, g.Marks[k])
		}
	}
	for _, k := range slices.Sorted(maps.Keys(g.Links)) {
		if !seenLink[k] {
			b.Links = append(b.Links, g.Links[k])
		}
	}
	if b.SteeringGroup == nil {
		b.SteeringGroup = []salkku.SteeringGroupMember{}
	}
	if b.Decisions == nil {
		b.Decisions = []salkku.GateDecision{}
	}
	for _, e := range g.History {
		e.Decision = nil
		b.History = append(b.History, e)
	}
	return b
}

// writeGates answers with a project's gates as they now are.
func (s *Server) writeGates(w http.ResponseWriter, r *http.Request, projectID int64, status int) {
	g, err := s.Register.FindProjectGates(r.Context(), projectID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	web.WriteJSON(w, status, newGatesBody(g))
}

// apiProjectGates shows where a project stands in its model and how it
// got there.
func (s *Server) apiProjectGates(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err == nil {
		err = newQuery(r).err()
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.writeGates(w, r, id, http.StatusOK)
}

// placementBody brings a project in at a phase.
type placementBody struct {
	Phase string `json:"phase"`
}

// apiPlaceProject places a project at a phase without a decision (a
// project brought in mid-way); once it has decisions, only they move it.
func (s *Server) apiPlaceProject(w http.ResponseWriter, r *http.Request) {
	var in placementBody
	id, err := web.PathID(r, "id")
	if err == nil {
		err = decodeBody(r, &in)
	}
	if err == nil {
		err = s.Register.PlaceProject(r.Context(), id, in.Phase)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.writeGates(w, r, id, http.StatusOK)
}

// moveModelBody moves a project to another version of its model.
type moveModelBody struct {
	ModelID int64 `json:"model_id"`
}

func (s *Server) apiMoveProjectModel(w http.ResponseWriter, r *http.Request) {
	var in moveModelBody
	id, err := web.PathID(r, "id")
	if err == nil {
		err = decodeBody(r, &in)
	}
	if err == nil && in.ModelID <= 0 {
		err = salkku.FieldErrors{"model_id": "error.required"}.Err()
	}
	if err == nil {
		err = s.Register.MoveProjectModel(r.Context(), id, in.ModelID)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.writeGates(w, r, id, http.StatusOK)
}

// checkMarkBody is a checklist mark as a client sends it: the item comes
// from the path, who marked it and when from the server.
type checkMarkBody struct {
	salkku.CheckMark
	ItemKey      ignored `json:"item_key"`
	MarkedBy     ignored `json:"marked_by"`
	MarkedAt     ignored `json:"marked_at"`
	MarkedByName ignored `json:"marked_by_name"`
}

// apiMarkItem ticks a checklist item done, or marks it not applicable with
// a reason.
func (s *Server) apiMarkItem(w http.ResponseWriter, r *http.Request) {
	var in checkMarkBody
	id, err := web.PathID(r, "id")
	if err == nil {
		err = decodeBody(r, &in)
	}
	m := in.CheckMark
	m.ItemKey = r.PathValue("key")
	if err == nil {
		err = s.Register.MarkItem(r.Context(), id, &m)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, m)
}

// apiUnmarkItem opens a checklist item again.
func (s *Server) apiUnmarkItem(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err == nil {
		err = s.Register.UnmarkItem(r.Context(), id, r.PathValue("key"))
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// deliverableBody is where a project keeps a deliverable.
type deliverableBody struct {
	salkku.DeliverableLink
	ItemKey ignored `json:"item_key"`
	AddedBy ignored `json:"added_by"`
	AddedAt ignored `json:"added_at"`
}

// apiSetDeliverable links a deliverable; an empty url removes the link
// (204).
func (s *Server) apiSetDeliverable(w http.ResponseWriter, r *http.Request) {
	var in deliverableBody
	id, err := web.PathID(r, "id")
	if err == nil {
		err = decodeBody(r, &in)
	}
	l := in.DeliverableLink
	l.ItemKey = r.PathValue("key")
	if err == nil {
		err = s.Register.SetDeliverableLink(r.Context(), id, &l)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if l.URL == "" {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	web.WriteJSON(w, http.StatusOK, l)
}

// gateRequestBody is a request for a gate decision as a client sends it.
type gateRequestBody struct {
	salkku.GateRequest
	ID              ignored `json:"id"`
	ProjectID       ignored `json:"project_id"`
	RequestedBy     ignored `json:"requested_by"`
	RequestedAt     ignored `json:"requested_at"`
	RequestedByName ignored `json:"requested_by_name"`
}

// apiRequestGate puts the project on the list of the body deciding its
// next gate; gate and level default to the next gate's.
func (s *Server) apiRequestGate(w http.ResponseWriter, r *http.Request) {
	var in gateRequestBody
	id, err := web.PathID(r, "id")
	if err == nil {
		err = decodeBody(r, &in)
	}
	req := in.GateRequest
	req.ID, req.ProjectID = 0, id
	if err == nil {
		err = s.Register.RequestGate(r.Context(), &req)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("Location", gatesURL(id))
	web.WriteJSON(w, http.StatusCreated, req)
}

func gatesURL(projectID int64) string {
	return APIPrefix + "/projects/" + strconv.FormatInt(projectID, 10) + "/gates"
}

// apiCancelGateRequest withdraws the open request, if any.
func (s *Server) apiCancelGateRequest(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err == nil {
		err = s.Register.CancelGateRequest(r.Context(), id)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// conditionBody is a decision's condition as a client sends it.
type conditionBody struct {
	salkku.Condition
	ID        ignored `json:"id"`
	MetAt     ignored `json:"met_at"`
	MetBy     ignored `json:"met_by"`
	OwnerName ignored `json:"owner_name"`
	ProjectID ignored `json:"project_id"`
	Gate      ignored `json:"gate"`
}

// decisionBody is a gate decision as a client sends it: the server sets
// the project, the model, the positions and who recorded it.
type decisionBody struct {
	salkku.GateDecision
	Conditions     []conditionBody `json:"conditions"`
	ID             ignored         `json:"id"`
	ProjectID      ignored         `json:"project_id"`
	ModelID        ignored         `json:"model_id"`
	From           ignored         `json:"from"`
	To             ignored         `json:"to"`
	RecordedBy     ignored         `json:"recorded_by"`
	RecordedAt     ignored         `json:"recorded_at"`
	RecordedByName ignored         `json:"recorded_by_name"`
}

// apiRecordDecision records a decision on the project's next gate, which
// moves the project: 201 with the decision as stored.
func (s *Server) apiRecordDecision(w http.ResponseWriter, r *http.Request) {
	var in decisionBody
	id, err := web.PathID(r, "id")
	if err == nil {
		err = decodeBody(r, &in)
	}
	d := in.GateDecision
	d.ID, d.ProjectID = 0, id
	d.Conditions = []salkku.Condition{}
	for _, c := range in.Conditions {
		cond := c.Condition
		cond.ID, cond.MetAt, cond.MetBy = 0, nil, nil
		d.Conditions = append(d.Conditions, cond)
	}
	if err == nil {
		err = s.Register.RecordDecision(r.Context(), &d)
	}
	var g *salkku.ProjectGates
	if err == nil {
		g, err = s.Register.FindProjectGates(r.Context(), id)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	// The stored decision, with the names the store fills in.
	for _, sd := range g.Decisions {
		if sd.ID == d.ID {
			d = sd
		}
	}
	w.Header().Set("Location", gatesURL(id))
	web.WriteJSON(w, http.StatusCreated, d)
}

// apiMeetCondition marks a decision's condition met.
func (s *Server) apiMeetCondition(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err == nil {
		err = s.Register.MeetCondition(r.Context(), id)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// steeringGroupBody is a project's own steering group, chair and secretary
// among its members.
type steeringGroupBody struct {
	Members []steeringMemberBody `json:"members"`
}

type steeringMemberBody struct {
	salkku.SteeringGroupMember
	PersonName ignored `json:"person_name"`
}

// apiSteeringGroup lists a project's steering group.
func (s *Server) apiSteeringGroup(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err == nil {
		err = newQuery(r).err()
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.writeSteeringGroup(w, r, id)
}

func (s *Server) writeSteeringGroup(w http.ResponseWriter, r *http.Request, projectID int64) {
	g, err := s.Register.FindProjectGates(r.Context(), projectID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	members := g.SteeringGroup
	if members == nil {
		members = []salkku.SteeringGroupMember{}
	}
	web.WriteJSON(w, http.StatusOK, struct {
		Members []salkku.SteeringGroupMember `json:"members"`
	}{members})
}

// apiSetSteeringGroup replaces a project's steering group.
func (s *Server) apiSetSteeringGroup(w http.ResponseWriter, r *http.Request) {
	var in steeringGroupBody
	id, err := web.PathID(r, "id")
	if err == nil {
		err = decodeBody(r, &in)
	}
	members := []salkku.SteeringGroupMember{}
	for _, m := range in.Members {
		members = append(members, m.SteeringGroupMember)
	}
	if err == nil {
		err = s.Register.SetSteeringGroup(r.Context(), id, members)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.writeSteeringGroup(w, r, id)
}

// phaseCountBody is the number of a portfolio's projects in one phase of
// one model version, with one status.
type phaseCountBody struct {
	ModelID int64  `json:"model_id"`
	Phase   string `json:"phase"`
	Status  string `json:"status"`
	Count   int    `json:"count"`
}

// viewPortfolio reads the portfolio of a portfolio view: an unknown one
// is 404 for admins too, whose views the store does not limit.
func (s *Server) viewPortfolio(r *http.Request) (int64, error) {
	id, err := web.PathID(r, "id")
	if err == nil {
		_, err = s.Register.FindPortfolioByID(r.Context(), id)
	}
	return id, err
}

// apiPortfolioPhases counts a portfolio's projects by phase.
func (s *Server) apiPortfolioPhases(w http.ResponseWriter, r *http.Request) {
	id, err := s.viewPortfolio(r)
	if err == nil {
		err = newQuery(r).err()
	}
	var counts []salkku.PhaseCount
	if err == nil {
		counts, err = s.Register.CountPhases(r.Context(), id)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	items := []phaseCountBody{}
	for _, c := range counts {
		items = append(items, phaseCountBody(c))
	}
	writeList(w, items, len(items))
}

// waitingBody is a project waiting for a gate decision: the project, its
// open request and the gate it asks for.
type waitingBody struct {
	Project *salkku.Project    `json:"project"`
	Request salkku.GateRequest `json:"request"`
	Gate    salkku.Gate        `json:"gate"`
}

// apiPortfolioWaiting lists the projects of a portfolio waiting for a
// decision, by planned date: a deciding body's list with level, the gate
// calendar without.
func (s *Server) apiPortfolioWaiting(w http.ResponseWriter, r *http.Request) {
	id, err := s.viewPortfolio(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	q := newQuery(r, "level", "phase", "limit", "offset")
	f := salkku.GateFilter{PortfolioID: id, Level: q.get("level"), Phase: q.get("phase")}
	page := q.page()
	if f.Level != "" && !slices.Contains(salkku.Levels, f.Level) {
		q.fe.Add("level", "error.level")
	}
	if err := q.err(); err != nil {
		s.Error(w, r, err)
		return
	}
	// The store lists a page at a time without a count: read every page
	// (one, unless more than MaxPageSize projects wait), so that total is
	// the whole number.
	var all []*salkku.GateWaiting
	for f.Offset = 0; ; f.Offset += salkku.MaxPageSize {
		f.Limit = salkku.MaxPageSize
		ws, err := s.Register.FindWaiting(r.Context(), f)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		all = append(all, ws...)
		if len(ws) < salkku.MaxPageSize {
			break
		}
	}
	items := []waitingBody{}
	for i := page.Offset; i < len(all) && i < page.Offset+page.Limit; i++ {
		items = append(items, waitingBody{Project: all[i].Project, Request: all[i].Request, Gate: all[i].Gate})
	}
	writeList(w, items, len(all))
}

// apiOverdueConditions lists a portfolio's unmet conditions past their due
// date, oldest first.
func (s *Server) apiOverdueConditions(w http.ResponseWriter, r *http.Request) {
	id, err := s.viewPortfolio(r)
	if err == nil {
		err = newQuery(r).err()
	}
	var cs []*salkku.Condition
	if err == nil {
		cs, err = s.Register.FindOverdueConditions(r.Context(), id, salkku.Today(s.Now()))
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeList(w, cs, len(cs))
}
