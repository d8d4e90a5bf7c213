package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/salkku/salkku"
)

// A project's way through its model: checklist marks, deliverable links,
// requests, decisions with their conditions, the steering group and the
// history (gate_events). A decision moves the project (projects.phase,
// next_gate, status) in the transaction that records it.

// positionOf is where a stored project stands.
func positionOf(p *salkku.Project) salkku.Position {
	return salkku.Position{Phase: p.Phase, Gate: p.NextGate}
}

// placeNew puts a new project in its organisation's current model: at the
// start, or at the phase it names (a placement, not a decision). It sets
// the project's status from the phase. The model is the one its
// portfolio's facts name, from the cache when that holds its version (the
// cached model is only read here), else read.
func (tx *Tx) placeNew(pf projectPortfolio, p *salkku.Project) error {
	if pf.model.id != 0 {
		if m := tx.models.get(pf.model); m != nil {
			return placeIn(m, p)
		}
	}
	m, err := tx.currentModel(pf.org)
	if err != nil {
		return err
	}
	return placeIn(m, p)
}

// placeIn puts a new project in the model m (see placeNew).
func placeIn(m *salkku.Model, p *salkku.Project) error {
	pos := m.Start()
	switch {
	case p.Phase != "":
		var ok bool
		if pos, ok = m.PlaceAt(p.Phase); !ok {
			return salkku.FieldErrors{"phase": "error.phase_unknown"}.Err()
		}
	case p.Status != "":
		pos, _ = m.PlaceByStatus(p.Status)
	}
	status := m.Phase(pos.Phase).Status
	switch {
	case pos.Gate == "" && p.Status == salkku.StatusClosed, pos.Gate == "" && p.Status == salkku.StatusCancelled:
		status = p.Status
	case p.Status != "" && p.Status != status:
		return salkku.FieldErrors{"status": "error.status_from_gates"}.Err()
	}
	p.ModelID, p.Phase, p.NextGate, p.Status = m.ID, pos.Phase, pos.Gate, status
	return nil
}

// keepPosition refuses an edit that would set by hand what gates decide,
// and keeps the stored values.
func keepPosition(before, p *salkku.Project) error {
	fe := salkku.FieldErrors{}
	if p.Status != "" && p.Status != before.Status {
		fe.Add("status", "error.status_from_gates")
	}
	if p.Phase != "" && p.Phase != before.Phase || p.NextGate != "" && p.NextGate != before.NextGate {
		fe.Add("phase", "error.status_from_gates")
	}
	if p.ModelID != 0 && p.ModelID != before.ModelID {
		fe.Add("model_id", "error.status_from_gates")
	}
	p.Status, p.Phase, p.NextGate, p.ModelID = before.Status, before.Phase, before.NextGate, before.ModelID
	return fe.Err()
}

// eventColumns are the columns of gate_events that eventRow fills.
var eventColumns = []string{"project_id", "kind", "gate", "from_phase", "from_gate", "to_phase", "to_gate", "model_id", "decision_id", "at", "by_user", "by_name"}

// eventRow is a line of a project's history by the caller, now.
func (tx *Tx) eventRow(e salkku.GateEvent) []any {
	a := salkku.ActorFrom(tx.ctx)
	var by any
	if a.UserID != 0 {
		by = a.UserID
	}
	return []any{e.ProjectID, e.Kind, e.Gate, e.From.Phase, e.From.Gate, e.To.Phase, e.To.Gate,
		nullID(&e.ModelID), nullID(e.DecisionID), tx.now, by, a.Name}
}

// event adds a line to a project's history.
func (tx *Tx) event(e salkku.GateEvent) error {
	if err := tx.insertRowsOf("gate_events", eventColumns, [][]any{tx.eventRow(e)}); err != nil {
		return fmt.Errorf("sqldb: gate history: %w", err)
	}
	return nil
}

// moveProject writes a project's new position and status.
func (tx *Tx) moveProject(p *salkku.Project, modelID int64, pos salkku.Position, status string) error {
	if _, err := tx.exec(`UPDATE projects SET version = version + 1, updated_at = ?, model_id = ?, phase = ?, next_gate = ?, status = ? WHERE id = ?`,
		tx.now, modelID, pos.Phase, pos.Gate, status, p.ID); err != nil {
		return fmt.Errorf("sqldb: move project: %w", err)
	}
	return nil
}

// FindProjectGates reads everything of a project's model and gates, in a
// fixed number of queries.
func (d *DB) FindProjectGates(ctx context.Context, projectID int64) (*salkku.ProjectGates, error) {
	var g *salkku.ProjectGates
	err := d.read(ctx, func(tx *Tx) error {
		p, err := tx.viewProject(projectID)
		if err != nil {
			return err
		}
		g, err = tx.projectGates(p)
		return err
	})
	return g, err
}

// FindGateOutlook returns a project's model, position and open request.
func (d *DB) FindGateOutlook(ctx context.Context, projectID int64) (*salkku.GateOutlook, error) {
	var o *salkku.GateOutlook
	err := d.read(ctx, func(tx *Tx) error {
		p, err := tx.viewProject(projectID)
		if err != nil {
			return err
		}
		o, err = tx.gateOutlook(p)
		return err
	})
	return o, err
}

func (tx *Tx) gateOutlook(p *salkku.Project) (*salkku.GateOutlook, error) {
	m, err := tx.findModel(p.ModelID)
	if err != nil {
		return nil, err
	}
	o := &salkku.GateOutlook{Project: p, Model: m, Position: positionOf(p)}
	if o.Request, err = tx.openRequest(p.ID, p.ContentLangs.Primary()); err != nil {
		return nil, err
	}
	return o, nil
}

func (tx *Tx) projectGates(p *salkku.Project) (*salkku.ProjectGates, error) {
	o, err := tx.gateOutlook(p)
	if err != nil {
		return nil, err
	}
	primary := p.ContentLangs.Primary()
	g := &salkku.ProjectGates{GateOutlook: *o}
	if g.Marks, err = tx.marks(p.ID, primary); err != nil {
		return nil, err
	}
	if g.Links, err = tx.links(p.ID); err != nil {
		return nil, err
	}
	if g.SteeringGroup, err = tx.steeringGroup(p.ID); err != nil {
		return nil, err
	}
	if g.RolePeople, err = tx.rolePeople(p.ID); err != nil {
		return nil, err
	}
	if g.Decisions, err = tx.decisions(p.ID, primary); err != nil {
		return nil, err
	}
	if g.History, err = tx.history(p.ID, g.Decisions); err != nil {
		return nil, err
	}
	newer, err := tx.scanModel(tx.queryRow(modelSelect+` WHERE lm.organisation_id = ? AND lm.published_at IS NOT NULL AND lm.number > ?
		ORDER BY lm.number DESC LIMIT 1`, g.Model.OrganisationID, g.Model.Number))
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return nil, fmt.Errorf("sqldb: find newer model: %w", err)
	default:
		g.Newer = newer
	}
	return g, nil
}

func (tx *Tx) marks(projectID int64, primary string) (map[string]salkku.CheckMark, error) {
	out := map[string]salkku.CheckMark{}
	rows, err := tx.query(`SELECT item_key, state, reason, COALESCE(marked_by, 0), marked_by_name, marked_at FROM check_marks WHERE project_id = ?`, projectID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: find checklist: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c salkku.CheckMark
		var reason string
		if err := rows.Scan(&c.ItemKey, &c.State, &reason, &c.MarkedBy, &c.MarkedByName, &c.MarkedAt); err != nil {
			return nil, fmt.Errorf("sqldb: find checklist: %w", err)
		}
		c.Reason, c.MarkedAt = parseText(reason, primary), c.MarkedAt.UTC()
		out[c.ItemKey] = c
	}
	return out, rows.Err()
}

func (tx *Tx) links(projectID int64) (map[string]salkku.DeliverableLink, error) {
	out := map[string]salkku.DeliverableLink{}
	rows, err := tx.query(`SELECT item_key, url, COALESCE(added_by, 0), added_at FROM deliverable_links WHERE project_id = ?`, projectID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: find deliverables: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var l salkku.DeliverableLink
		if err := rows.Scan(&l.ItemKey, &l.URL, &l.AddedBy, &l.AddedAt); err != nil {
			return nil, fmt.Errorf("sqldb: find deliverables: %w", err)
		}
		l.AddedAt = l.AddedAt.UTC()
		out[l.ItemKey] = l
	}
	return out, rows.Err()
}

const requestSelect = `SELECT r.id, r.project_id, r.gate, r.level, r.planned_for, r.note, COALESCE(r.requested_by, 0), r.requested_by_name, r.requested_at FROM gate_requests r`

func scanRequest(sc interface{ Scan(...any) error }, primary string) (*salkku.GateRequest, error) {
	var r salkku.GateRequest
	var planned, note string
	if err := sc.Scan(&r.ID, &r.ProjectID, &r.Gate, &r.Level, &planned, &note, &r.RequestedBy, &r.RequestedByName, &r.RequestedAt); err != nil {
		return nil, err
	}
	r.PlannedFor, r.Note, r.RequestedAt = salkku.Date(planned), parseText(note, primary), r.RequestedAt.UTC()
	return &r, nil
}

func (tx *Tx) openRequest(projectID int64, primary string) (*salkku.GateRequest, error) {
	r, err := scanRequest(tx.queryRow(requestSelect+` WHERE r.project_id = ? AND r.closed_at IS NULL`, projectID), primary)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sqldb: find gate request: %w", err)
	}
	return r, nil
}

func (tx *Tx) steeringGroup(projectID int64) ([]salkku.SteeringGroupMember, error) {
	out := []salkku.SteeringGroupMember{}
	rows, err := tx.query(`SELECT sm.person_id, sm.role, pe.name FROM steering_members sm JOIN people pe ON pe.id = sm.person_id
		WHERE sm.project_id = ? ORDER BY sm.position`, projectID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: find steering group: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var m salkku.SteeringGroupMember
		if err := rows.Scan(&m.PersonID, &m.Role, &m.PersonName); err != nil {
			return nil, fmt.Errorf("sqldb: find steering group: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

const decisionSelect = `SELECT d.id, d.project_id, d.model_id, d.gate, d.decided_on, d.level, d.decision, d.minutes, d.minutes_url,
	d.from_phase, d.from_gate, d.to_phase, d.to_gate, COALESCE(d.recorded_by, 0), d.recorded_by_name, d.recorded_at FROM gate_decisions d`

func (tx *Tx) decisions(projectID int64, primary string) ([]salkku.GateDecision, error) {
	var out []salkku.GateDecision
	rows, err := tx.query(decisionSelect+` WHERE d.project_id = ? ORDER BY d.id`, projectID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: find decisions: %w", err)
	}
	defer rows.Close()
	index := map[int64]int{}
	for rows.Next() {
		var d salkku.GateDecision
		var on, minutes string
		if err := rows.Scan(&d.ID, &d.ProjectID, &d.ModelID, &d.Gate, &on, &d.Level, &d.Decision, &minutes, &d.MinutesURL,
			&d.From.Phase, &d.From.Gate, &d.To.Phase, &d.To.Gate, &d.RecordedBy, &d.RecordedByName, &d.RecordedAt); err != nil {
			return nil, fmt.Errorf("sqldb: find decisions: %w", err)
		}
		d.DecidedOn, d.Minutes, d.RecordedAt = salkku.Date(on), parseText(minutes, primary), d.RecordedAt.UTC()
		d.Conditions = []salkku.Condition{}
		index[d.ID] = len(out)
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	cs, err := tx.conditions(`c.project_id = ?`, []any{projectID}, primary)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		if i, ok := index[c.decisionID]; ok {
			out[i].Conditions = append(out[i].Conditions, c.Condition)
		}
	}
	return out, nil
}

type storedCondition struct {
	salkku.Condition
	decisionID int64
}

func (tx *Tx) conditions(where string, args []any, primary string) ([]storedCondition, error) {
	var out []storedCondition
	rows, err := tx.query(`SELECT c.id, c.decision_id, c.project_id, d.gate, c.text, c.item_key, c.owner_id, COALESCE(pe.name, ''), c.due, c.met_at, c.met_by
		FROM gate_conditions c JOIN gate_decisions d ON d.id = c.decision_id LEFT JOIN people pe ON pe.id = c.owner_id
		WHERE `+where+` ORDER BY c.decision_id, c.position`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqldb: find conditions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c storedCondition
		var text, due string
		var owner, metBy sql.NullInt64
		var metAt sql.NullTime
		if err := rows.Scan(&c.ID, &c.decisionID, &c.ProjectID, &c.Gate, &text, &c.ItemKey, &owner, &c.OwnerName, &due, &metAt, &metBy); err != nil {
			return nil, fmt.Errorf("sqldb: find conditions: %w", err)
		}
		c.Text, c.Due, c.OwnerID, c.MetAt, c.MetBy = parseText(text, primary), salkku.Date(due), idPtr(owner), nullTime(metAt), idPtr(metBy)
		out = append(out, c)
	}
	return out, rows.Err()
}

func (tx *Tx) history(projectID int64, decisions []salkku.GateDecision) ([]salkku.GateEvent, error) {
	var out []salkku.GateEvent
	rows, err := tx.query(`SELECT id, project_id, kind, gate, from_phase, from_gate, to_phase, to_gate, COALESCE(model_id, 0), decision_id, at, COALESCE(by_user, 0), by_name
		FROM gate_events WHERE project_id = ? ORDER BY id`, projectID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: find gate history: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e salkku.GateEvent
		var dec sql.NullInt64
		if err := rows.Scan(&e.ID, &e.ProjectID, &e.Kind, &e.Gate, &e.From.Phase, &e.From.Gate, &e.To.Phase, &e.To.Gate, &e.ModelID, &dec, &e.At, &e.By, &e.ByName); err != nil {
			return nil, fmt.Errorf("sqldb: find gate history: %w", err)
		}
		e.DecisionID, e.At = idPtr(dec), e.At.UTC()
		if e.DecisionID != nil {
			for i := range decisions {
				if decisions[i].ID == *e.DecisionID {
					e.Decision = &decisions[i]
				}
			}
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// gateProject reads the project for a write on its gates, checks the
// caller's right with can, and reads its model.
func (tx *Tx) gateProject(id int64, can func(*salkku.Access, *salkku.Project) bool) (*salkku.Project, *salkku.Model, error) {
	p, err := tx.viewProject(id)
	if err != nil {
		return nil, nil, err
	}
	if err := allow(can(tx.access(), p)); err != nil {
		return nil, nil, err
	}
	m, err := tx.findModel(p.ModelID)
	if err != nil {
		return nil, nil, err
	}
	return p, m, nil
}

// findItem returns the phase holding a checklist item or deliverable key.
func findItem(m *salkku.Model, key string, deliverable bool) *salkku.Phase {
	for i := range m.Phases {
		ph := &m.Phases[i]
		if deliverable {
			for _, d := range ph.Deliverables {
				if d.Key == key {
					return ph
				}
			}
			continue
		}
		for _, c := range ph.Checklist {
			if c.Key == key {
				return ph
			}
		}
	}
	return nil
}

// MarkItem ticks a checklist item or marks it not applicable.
func (d *DB) MarkItem(ctx context.Context, projectID int64, c *salkku.CheckMark) error {
	return d.inTx(ctx, func(tx *Tx) error {
		p, m, err := tx.gateProject(projectID, (*salkku.Access).CanWorkOnGates)
		if err != nil {
			return err
		}
		if findItem(m, c.ItemKey, false) == nil {
			return salkku.Errorf(salkku.ENOTFOUND, "error.not_found")
		}
		pr, err := newProblems(ctx, c.Validate(p.ContentLangs))
		if err != nil {
			return err
		}
		if err := pr.err(); err != nil {
			return err
		}
		a := salkku.ActorFrom(tx.ctx)
		c.MarkedBy, c.MarkedByName, c.MarkedAt = a.UserID, a.Name, tx.now
		var by any
		if a.UserID != 0 {
			by = a.UserID
		}
		if _, err := tx.exec(`DELETE FROM check_marks WHERE project_id = ? AND item_key = ?`, projectID, c.ItemKey); err != nil {
			return fmt.Errorf("sqldb: mark item: %w", err)
		}
		if _, err := tx.exec(`INSERT INTO check_marks (project_id, item_key, state, reason, marked_by, marked_by_name, marked_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			projectID, c.ItemKey, c.State, jsonText(c.Reason), by, a.Name, tx.now); err != nil {
			return fmt.Errorf("sqldb: mark item: %w", err)
		}
		return tx.audit("mark", "checklist", projectID, &projectID, nil, auditMark(m, c))
	})
}

// UnmarkItem opens a checklist item again.
func (d *DB) UnmarkItem(ctx context.Context, projectID int64, key string) error {
	return d.inTx(ctx, func(tx *Tx) error {
		_, m, err := tx.gateProject(projectID, (*salkku.Access).CanWorkOnGates)
		if err != nil {
			return err
		}
		before, err := tx.marks(projectID, "")
		if err != nil {
			return err
		}
		old, ok := before[key]
		if !ok {
			return nil
		}
		if _, err := tx.exec(`DELETE FROM check_marks WHERE project_id = ? AND item_key = ?`, projectID, key); err != nil {
			return fmt.Errorf("sqldb: unmark item: %w", err)
		}
		return tx.audit("unmark", "checklist", projectID, &projectID, auditMark(m, &old), nil)
	})
}

// SetDeliverableLink sets where a deliverable is kept; an empty address
// removes the link.
func (d *DB) SetDeliverableLink(ctx context.Context, projectID int64, l *salkku.DeliverableLink) error {
	return d.inTx(ctx, func(tx *Tx) error {
		_, m, err := tx.gateProject(projectID, (*salkku.Access).CanWorkOnGates)
		if err != nil {
			return err
		}
		if findItem(m, l.ItemKey, true) == nil {
			return salkku.Errorf(salkku.ENOTFOUND, "error.not_found")
		}
		if l.URL != "" && !salkku.ValidLink(l.URL) {
			return salkku.FieldErrors{"url": "error.link"}.Err()
		}
		if _, err := tx.exec(`DELETE FROM deliverable_links WHERE project_id = ? AND item_key = ?`, projectID, l.ItemKey); err != nil {
			return fmt.Errorf("sqldb: set deliverable: %w", err)
		}
		a := salkku.ActorFrom(tx.ctx)
		l.AddedBy, l.AddedAt = a.UserID, tx.now
		if l.URL != "" {
			var by any
			if a.UserID != 0 {
				by = a.UserID
			}
			if _, err := tx.exec(`INSERT INTO deliverable_links (project_id, item_key, url, added_by, added_at) VALUES (?, ?, ?, ?, ?)`,
				projectID, l.ItemKey, l.URL, by, tx.now); err != nil {
				return fmt.Errorf("sqldb: set deliverable: %w", err)
			}
		}
		return tx.audit("link", "deliverable", projectID, &projectID, nil, map[string]any{"deliverable": deliverableName(m, l.ItemKey), "url": l.URL})
	})
}

// RequestGate puts the project on the list of the body deciding its next
// gate.
func (d *DB) RequestGate(ctx context.Context, r *salkku.GateRequest) error {
	return d.inTx(ctx, func(tx *Tx) error {
		p, m, err := tx.gateProject(r.ProjectID, (*salkku.Access).CanWorkOnGates)
		if err != nil {
			return err
		}
		if p.NextGate == "" {
			return salkku.Errorf(salkku.EINVALID, "error.gate_project_closed")
		}
		g, _ := m.Gate(p.NextGate)
		if r.Gate == "" {
			r.Gate = g.Code
		}
		if r.Gate != g.Code {
			return &salkku.Error{Code: salkku.EINVALID, Message: "error.gate_request_next", Args: []any{g.Code, g.Name}, Fields: map[string]string{"gate": "error.gate_not_next"}}
		}
		if r.Level == "" {
			r.Level = g.Level
		}
		fe := salkku.FieldErrors{}
		if !salkku.LevelAtLeast(r.Level, g.Level) {
			fe.Add("level", "error.gate_level")
		}
		if r.PlannedFor != "" && !r.PlannedFor.Valid() {
			fe.Add("planned_for", "error.date")
		}
		p.ContentLangs.CheckText(fe, "note", &r.Note, false, salkku.MaxDescriptionLen)
		pr, err := newProblems(ctx, fe.Err())
		if err != nil {
			return err
		}
		if err := pr.err(); err != nil {
			return err
		}
		open, err := tx.openRequest(p.ID, "")
		if err != nil {
			return err
		}
		if open != nil {
			return salkku.Errorf(salkku.ECONFLICT, "error.gate_already_requested", open.Gate)
		}
		a := salkku.ActorFrom(tx.ctx)
		var by any
		if a.UserID != 0 {
			by = a.UserID
		}
		r.RequestedBy, r.RequestedByName, r.RequestedAt = a.UserID, a.Name, tx.now
		if r.ID, err = tx.insert(`INSERT INTO gate_requests (project_id, gate, level, planned_for, note, requested_by, requested_by_name, requested_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, p.ID, r.Gate, r.Level, string(r.PlannedFor), jsonText(r.Note), by, a.Name, tx.now); err != nil {
			return fmt.Errorf("sqldb: request gate: %w", err)
		}
		pos := positionOf(p)
		if err := tx.event(salkku.GateEvent{ProjectID: p.ID, Kind: salkku.EventRequested, Gate: r.Gate, From: pos, To: pos, ModelID: m.ID}); err != nil {
			return err
		}
		return tx.audit("request_gate", "project", p.ID, &p.ID, nil, auditRequest(r))
	})
}

// CancelGateRequest withdraws the open request.
func (d *DB) CancelGateRequest(ctx context.Context, projectID int64) error {
	return d.inTx(ctx, func(tx *Tx) error {
		p, _, err := tx.gateProject(projectID, (*salkku.Access).CanWorkOnGates)
		if err != nil {
			return err
		}
		open, err := tx.openRequest(p.ID, "")
		if err != nil || open == nil {
			return err
		}
		if _, err := tx.exec(`UPDATE gate_requests SET closed_at = ? WHERE id = ?`, tx.now, open.ID); err != nil {
			return fmt.Errorf("sqldb: cancel gate request: %w", err)
		}
		return tx.audit("cancel_gate_request", "project", p.ID, &p.ID, auditRequest(open), nil)
	})
}

// RecordDecision records a gate decision and moves the project by it.
func (d *DB) RecordDecision(ctx context.Context, dec *salkku.GateDecision) error {
	return d.inTx(ctx, func(tx *Tx) error {
		p, err := tx.viewProject(dec.ProjectID)
		if err != nil {
			return err
		}
		m, err := tx.findModel(p.ModelID)
		if err != nil {
			return err
		}
		if dec.Level == "" {
			if g, ok := m.Gate(dec.Gate); ok {
				dec.Level = g.Level
			}
		}
		if err := allow(tx.access().CanRecordDecision(p, dec.Level)); err != nil {
			return err
		}
		st, err := tx.gateState(p, m)
		if err != nil {
			return err
		}
		status, verr := salkku.CheckDecision(st, dec, p.ContentLangs)
		if e, ok := verr.(*salkku.Error); ok && e.Message != "error.invalid" {
			return verr // a gate rule, whose message says what to do
		}
		pr, err := newProblems(ctx, verr)
		if err != nil {
			return err
		}
		if verr == nil {
			fe := salkku.FieldErrors{}
			for i, c := range dec.Conditions {
				if err := tx.checkRefs(fe, "people", fmt.Sprintf("conditions.%d.owner_id", i), c.OwnerID); err != nil {
					return err
				}
			}
			if err := pr.add(fe.Err()); err != nil {
				return err
			}
		}
		if err := pr.err(); err != nil {
			return err
		}
		a := salkku.ActorFrom(tx.ctx)
		var by any
		if a.UserID != 0 {
			by = a.UserID
		}
		dec.RecordedBy, dec.RecordedByName, dec.RecordedAt = a.UserID, a.Name, tx.now
		if dec.ID, err = tx.insert(`INSERT INTO gate_decisions (project_id, model_id, gate, decided_on, level, decision, minutes, minutes_url,
			from_phase, from_gate, to_phase, to_gate, recorded_by, recorded_by_name, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			p.ID, m.ID, dec.Gate, string(dec.DecidedOn), dec.Level, dec.Decision, jsonText(dec.Minutes), dec.MinutesURL,
			dec.From.Phase, dec.From.Gate, dec.To.Phase, dec.To.Gate, by, a.Name, tx.now); err != nil {
			return fmt.Errorf("sqldb: record decision: %w", err)
		}
		for i := range dec.Conditions {
			c := &dec.Conditions[i]
			if c.ID, err = tx.insert(`INSERT INTO gate_conditions (decision_id, project_id, position, text, item_key, owner_id, due) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				dec.ID, p.ID, i, jsonText(c.Text), c.ItemKey, nullID(c.OwnerID), string(c.Due)); err != nil {
				return fmt.Errorf("sqldb: record decision: %w", err)
			}
		}
		if _, err := tx.exec(`UPDATE gate_requests SET closed_at = ? WHERE project_id = ? AND closed_at IS NULL`, tx.now, p.ID); err != nil {
			return fmt.Errorf("sqldb: record decision: %w", err)
		}
		if err := tx.moveProject(p, m.ID, dec.To, status); err != nil {
			return err
		}
		if err := tx.event(salkku.GateEvent{ProjectID: p.ID, Kind: salkku.EventDecided, Gate: dec.Gate, From: dec.From, To: dec.To, ModelID: m.ID, DecisionID: &dec.ID}); err != nil {
			return err
		}
		return tx.audit("decide", "project", p.ID, &p.ID, nil, auditDecision(dec, p.ContentLangs.Primary()))
	})
}

// gateState gathers what a decision on p is checked against.
func (tx *Tx) gateState(p *salkku.Project, m *salkku.Model) (salkku.GateState, error) {
	st := salkku.GateState{Model: m, Position: positionOf(p), Status: p.Status, Today: salkku.Today(tx.now)}
	marks, err := tx.marks(p.ID, "")
	if err != nil {
		return st, err
	}
	st.Open = salkku.OpenItems(m.Phase(p.Phase), marks)
	open, err := tx.openRequest(p.ID, "")
	if err != nil {
		return st, err
	}
	st.Requested = open != nil && open.Gate == p.NextGate
	n, err := tx.count(`SELECT COUNT(*) FROM gate_decisions WHERE project_id = ? AND gate = ?`, p.ID, p.NextGate)
	if err != nil {
		return st, err
	}
	st.Decided = n > 0
	return st, nil
}

// MeetCondition marks a decision's condition met: by those who work on
// the project's gates, or by the body that set it.
func (d *DB) MeetCondition(ctx context.Context, conditionID int64) error {
	return d.inTx(ctx, func(tx *Tx) error {
		var projectID int64
		var level string
		var met sql.NullTime
		err := tx.queryRow(`SELECT c.project_id, d.level, c.met_at FROM gate_conditions c JOIN gate_decisions d ON d.id = c.decision_id WHERE c.id = ?`, conditionID).
			Scan(&projectID, &level, &met)
		if errors.Is(err, sql.ErrNoRows) {
			return salkku.Errorf(salkku.ENOTFOUND, "error.not_found")
		}
		if err != nil {
			return fmt.Errorf("sqldb: meet condition: %w", err)
		}
		p, m, err := tx.gateProject(projectID, func(a *salkku.Access, p *salkku.Project) bool {
			return a.CanWorkOnGates(p) || a.CanRecordDecision(p, level)
		})
		if err != nil {
			return err
		}
		if met.Valid {
			return nil
		}
		a := salkku.ActorFrom(tx.ctx)
		var by any
		if a.UserID != 0 {
			by = a.UserID
		}
		if _, err := tx.exec(`UPDATE gate_conditions SET met_at = ?, met_by = ? WHERE id = ?`, tx.now, by, conditionID); err != nil {
			return fmt.Errorf("sqldb: meet condition: %w", err)
		}
		pos := positionOf(p)
		if err := tx.event(salkku.GateEvent{ProjectID: p.ID, Kind: salkku.EventCondition, From: pos, To: pos, ModelID: m.ID}); err != nil {
			return err
		}
		return tx.audit("meet_condition", "project", p.ID, &p.ID, nil, map[string]any{"condition_id": conditionID})
	})
}

// PlaceProject brings a project in at a phase without a decision: only
// while it has none, by those who create projects in its portfolio.
func (d *DB) PlaceProject(ctx context.Context, projectID int64, phase string) error {
	return d.inTx(ctx, func(tx *Tx) error {
		p, m, err := tx.gateProject(projectID, func(a *salkku.Access, p *salkku.Project) bool { return a.CanCreateProject(p.PortfolioID) })
		if err != nil {
			return err
		}
		n, err := tx.count(`SELECT COUNT(*) FROM gate_decisions WHERE project_id = ?`, p.ID)
		if err != nil {
			return err
		}
		if n > 0 {
			return salkku.Errorf(salkku.EINVALID, "error.place_after_decision")
		}
		pos, ok := m.PlaceAt(phase)
		if !ok {
			return salkku.FieldErrors{"phase": "error.phase_unknown"}.Err()
		}
		if pos == positionOf(p) {
			return nil
		}
		if _, err := tx.exec(`UPDATE gate_requests SET closed_at = ? WHERE project_id = ? AND closed_at IS NULL`, tx.now, p.ID); err != nil {
			return fmt.Errorf("sqldb: place project: %w", err)
		}
		if err := tx.moveProject(p, m.ID, pos, m.Phase(pos.Phase).Status); err != nil {
			return err
		}
		if err := tx.event(salkku.GateEvent{ProjectID: p.ID, Kind: salkku.EventPlaced, From: positionOf(p), To: pos, ModelID: m.ID}); err != nil {
			return err
		}
		return tx.audit("place", "project", p.ID, &p.ID, map[string]any{"phase": p.Phase}, map[string]any{"phase": pos.Phase})
	})
}

// MoveProjectModel moves a project to another published version of its
// organisation's model, which must have the project's phase and gate.
func (d *DB) MoveProjectModel(ctx context.Context, projectID, modelID int64) error {
	return d.inTx(ctx, func(tx *Tx) error {
		p, old, err := tx.gateProject(projectID, (*salkku.Access).CanWorkOnGates)
		if err != nil {
			return err
		}
		m, err := tx.findModel(modelID)
		if err != nil {
			return err
		}
		switch {
		case m.OrganisationID != old.OrganisationID:
			return salkku.Errorf(salkku.ENOTFOUND, "error.not_found")
		case m.PublishedAt == nil:
			return salkku.Errorf(salkku.EINVALID, "error.model_not_published", m.Number)
		case m.ID == old.ID:
			return nil
		case !m.ValidPosition(positionOf(p)):
			return salkku.Errorf(salkku.EINVALID, "error.model_lacks_position", m.Number)
		}
		pos := positionOf(p)
		if _, err := tx.exec(`UPDATE projects SET version = version + 1, updated_at = ?, model_id = ? WHERE id = ?`, tx.now, m.ID, p.ID); err != nil {
			return fmt.Errorf("sqldb: move project model: %w", err)
		}
		if err := tx.event(salkku.GateEvent{ProjectID: p.ID, Kind: salkku.EventModel, From: pos, To: pos, ModelID: m.ID}); err != nil {
			return err
		}
		return tx.audit("move_model", "project", p.ID, &p.ID, map[string]any{"model_version": old.Number}, map[string]any{"model_version": m.Number})
	})
}

// SetSteeringGroup replaces a project's steering group.
func (d *DB) SetSteeringGroup(ctx context.Context, projectID int64, members []salkku.SteeringGroupMember) error {
	return d.inTx(ctx, func(tx *Tx) error {
		p, err := tx.viewProject(projectID)
		if err != nil {
			return err
		}
		if err := allow(tx.access().CanSetSteeringGroup(p)); err != nil {
			return err
		}
		before, err := tx.steeringGroup(p.ID)
		if err != nil {
			return err
		}
		pr, err := newProblems(ctx, salkku.ValidateSteeringGroup(members))
		if err != nil {
			return err
		}
		if !pr.failed() {
			var kept, chosen []int64
			for _, b := range before {
				kept = append(kept, b.PersonID)
			}
			for _, m := range members {
				chosen = append(chosen, m.PersonID)
			}
			fe := salkku.FieldErrors{}
			if err := tx.checkPeople(fe, "members", kept, chosen); err != nil {
				return err
			}
			if err := tx.checkRefIDs(fe, "people", "members", chosen); err != nil {
				return err
			}
			if err := pr.add(fe.Err()); err != nil {
				return err
			}
		}
		if err := pr.err(); err != nil {
			return err
		}
		if _, err := tx.exec(`DELETE FROM steering_members WHERE project_id = ?`, p.ID); err != nil {
			return fmt.Errorf("sqldb: set steering group: %w", err)
		}
		for i, m := range members {
			if _, err := tx.exec(`INSERT INTO steering_members (project_id, person_id, role, position) VALUES (?, ?, ?, ?)`, p.ID, m.PersonID, m.Role, i); err != nil {
				return fmt.Errorf("sqldb: set steering group: %w", err)
			}
		}
		after, err := tx.steeringGroup(p.ID)
		if err != nil {
			return err
		}
		return tx.audit("steering_group", "project", p.ID, &p.ID, auditSteering(before), auditSteering(after))
	})
}

// portfolioViewable checks that the caller sees the portfolio and returns
// the condition limiting projects p to those they see.
func (tx *Tx) portfolioViewable(portfolioID int64) (string, []any, error) {
	a := tx.access()
	if !a.CanViewPortfolio(portfolioID) {
		return "", nil, salkku.Errorf(salkku.ENOTFOUND, "error.not_found")
	}
	if v := a.Visibility(); v != nil {
		cond, args := visibleProjects(v)
		return " AND " + cond, args, nil
	}
	return "", nil, nil
}

// CountPhases counts a portfolio's projects by model version, phase and
// status in one grouped query (index projects_phase).
func (d *DB) CountPhases(ctx context.Context, portfolioID int64) ([]salkku.PhaseCount, error) {
	var out []salkku.PhaseCount
	err := d.read(ctx, func(tx *Tx) error {
		cond, args, err := tx.portfolioViewable(portfolioID)
		if err != nil {
			return err
		}
		rows, err := tx.query(`SELECT COALESCE(p.model_id, 0), p.phase, p.status, COUNT(*) FROM projects p WHERE p.portfolio_id = ?`+cond+`
			GROUP BY p.model_id, p.phase, p.status ORDER BY p.model_id, p.phase, p.status`, append([]any{portfolioID}, args...)...)
		if err != nil {
			return fmt.Errorf("sqldb: count phases: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var c salkku.PhaseCount
			if err := rows.Scan(&c.ModelID, &c.Phase, &c.Status, &c.Count); err != nil {
				return fmt.Errorf("sqldb: count phases: %w", err)
			}
			out = append(out, c)
		}
		return rows.Err()
	})
	return out, err
}

// FindWaiting lists a portfolio's projects waiting for a gate decision,
// by planned date and then request time: the deciding bodies' lists and
// the gate calendar.
func (d *DB) FindWaiting(ctx context.Context, f salkku.GateFilter) ([]*salkku.GateWaiting, error) {
	var out []*salkku.GateWaiting
	if f.Level != "" && !slices.Contains(salkku.Levels, f.Level) {
		return nil, salkku.FieldErrors{"level": "error.level"}.Err()
	}
	f.Page = f.Page.Normalize()
	err := d.read(ctx, func(tx *Tx) error {
		cond, args, err := tx.portfolioViewable(f.PortfolioID)
		if err != nil {
			return err
		}
		args = append([]any{f.PortfolioID}, args...)
		if f.Level != "" {
			cond, args = cond+" AND r.level = ?", append(args, f.Level)
		}
		if f.Phase != "" {
			cond, args = cond+" AND p.phase = ?", append(args, f.Phase)
		}
		rows, err := tx.query(`SELECT r.id, r.project_id, r.gate, r.level, r.planned_for, r.note, COALESCE(r.requested_by, 0), r.requested_by_name, r.requested_at,
			`+strings.TrimPrefix(projectSelect, "SELECT ")+`
			JOIN gate_requests r ON r.project_id = p.id AND r.closed_at IS NULL
			WHERE p.portfolio_id = ?`+cond+`
			ORDER BY (r.planned_for = ''), r.planned_for, r.requested_at, p.id`+sqlLimitOffset(f.Limit, f.Offset), args...)
		if err != nil {
			return fmt.Errorf("sqldb: find waiting: %w", err)
		}
		defer rows.Close()
		var ps []*salkku.Project
		for rows.Next() {
			var w salkku.GateWaiting
			var planned, note string
			var pr projectRow
			dest := append([]any{&w.Request.ID, &w.Request.ProjectID, &w.Request.Gate, &w.Request.Level, &planned, &note,
				&w.Request.RequestedBy, &w.Request.RequestedByName, &w.Request.RequestedAt}, pr.dest()...)
			if err := rows.Scan(dest...); err != nil {
				return fmt.Errorf("sqldb: find waiting: %w", err)
			}
			w.Project = pr.project()
			primary := w.Project.ContentLangs.Primary()
			w.Request.PlannedFor, w.Request.Note, w.Request.RequestedAt = salkku.Date(planned), parseText(note, primary), w.Request.RequestedAt.UTC()
			out = append(out, &w)
			ps = append(ps, w.Project)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		if err := tx.fillProjects(ps...); err != nil {
			return err
		}
		return tx.fillGates(out)
	})
	return out, err
}

// fillGates names each waiting project's gate from its model, reading
// each model version once.
func (tx *Tx) fillGates(ws []*salkku.GateWaiting) error {
	models := map[int64]*salkku.Model{}
	for _, w := range ws {
		m, ok := models[w.Project.ModelID]
		if !ok {
			var err error
			if m, err = tx.findModel(w.Project.ModelID); err != nil {
				return err
			}
			models[m.ID] = m
		}
		if g, ok := m.Gate(w.Request.Gate); ok {
			w.Gate = g.Gate
		}
	}
	return nil
}

// FindOverdueConditions lists a portfolio's unmet conditions whose due
// date is before today, oldest first.
func (d *DB) FindOverdueConditions(ctx context.Context, portfolioID int64, today salkku.Date) ([]*salkku.Condition, error) {
	var out []*salkku.Condition
	err := d.read(ctx, func(tx *Tx) error {
		cond, args, err := tx.portfolioViewable(portfolioID)
		if err != nil {
			return err
		}
		var primary string
		if err := tx.queryRow(`SELECT o.primary_lang FROM portfolios pf JOIN organisations o ON o.id = pf.organisation_id WHERE pf.id = ?`, portfolioID).Scan(&primary); err != nil {
			return fmt.Errorf("sqldb: find conditions: %w", err)
		}
		cs, err := tx.conditions(`c.met_at IS NULL AND c.due <> '' AND c.due < ? AND c.project_id IN (SELECT p.id FROM projects p WHERE p.portfolio_id = ?`+cond+`)`,
			append([]any{string(today), portfolioID}, args...), primary)
		for _, c := range cs {
			out = append(out, &c.Condition)
		}
		return err
	})
	return out, err
}

func (tx *Tx) rolePeople(projectID int64) (map[string][]salkku.NamedPerson, error) {
	out := map[string][]salkku.NamedPerson{}
	rows, err := tx.query(`SELECT rp.role_key, rp.person_id, pe.name FROM project_role_people rp JOIN people pe ON pe.id = rp.person_id
		WHERE rp.project_id = ? ORDER BY rp.role_key, rp.position`, projectID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: find role people: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var role string
		var n salkku.NamedPerson
		if err := rows.Scan(&role, &n.ID, &n.Name); err != nil {
			return nil, fmt.Errorf("sqldb: find role people: %w", err)
		}
		out[role] = append(out[role], n)
	}
	return out, rows.Err()
}

// SetRolePeople names who holds a model role on a project, for the roles
// that no field of the project fills.
func (d *DB) SetRolePeople(ctx context.Context, projectID int64, roleKey string, personIDs []int64) error {
	return d.inTx(ctx, func(tx *Tx) error {
		p, m, err := tx.gateProject(projectID, (*salkku.Access).CanEditProject)
		if err != nil {
			return err
		}
		r := m.Role(roleKey)
		if r == nil {
			return salkku.Errorf(salkku.ENOTFOUND, "error.not_found")
		}
		if r.Fills != "" {
			return salkku.FieldErrors{"people": "error.role_filled_elsewhere"}.Err()
		}
		personIDs = salkku.CleanIDs(personIDs)
		before, err := tx.rolePeople(p.ID)
		if err != nil {
			return err
		}
		fe := salkku.FieldErrors{}
		if len(personIDs) > salkku.MaxListItems {
			fe.Add("people", "error.too_many")
		}
		var kept []int64
		for _, n := range before[roleKey] {
			kept = append(kept, n.ID)
		}
		if err := tx.checkPeople(fe, "people", kept, personIDs); err != nil {
			return err
		}
		if err := tx.checkRefIDs(fe, "people", "people", personIDs); err != nil {
			return err
		}
		if err := validInput(ctx, fe.Err()); err != nil {
			return err
		}
		if _, err := tx.exec(`DELETE FROM project_role_people WHERE project_id = ? AND role_key = ?`, p.ID, roleKey); err != nil {
			return fmt.Errorf("sqldb: set role people: %w", err)
		}
		for i, id := range personIDs {
			if _, err := tx.exec(`INSERT INTO project_role_people (project_id, role_key, person_id, position) VALUES (?, ?, ?, ?)`, p.ID, roleKey, id, i); err != nil {
				return fmt.Errorf("sqldb: set role people: %w", err)
			}
		}
		after, err := tx.rolePeople(p.ID)
		if err != nil {
			return err
		}
		names := func(ns []salkku.NamedPerson) map[string]any {
			out := []string{}
			for _, n := range ns {
				out = append(out, n.Name)
			}
			return map[string]any{"role": r.Name, "people": out}
		}
		return tx.audit("role_people", "project", p.ID, &p.ID, names(before[roleKey]), names(after[roleKey]))
	})
}

// What the audit log keeps of the gates' actions: what a reader of the
// minutes looks for, by name rather than by key or id.

func auditDecision(d *salkku.GateDecision, primary string) map[string]any {
	m := map[string]any{"gate": d.Gate, "decision": d.Decision, "decided_on": string(d.DecidedOn), "level": d.Level, "phase": d.To.Phase}
	var conds []string
	for _, c := range d.Conditions {
		s, _ := c.Text.In(primary)
		if c.Due != "" {
			s += " (" + string(c.Due) + ")"
		}
		conds = append(conds, s)
	}
	if len(conds) > 0 {
		m["conditions"] = conds
	}
	if !d.Minutes.IsZero() {
		m["minutes"] = d.Minutes
	}
	if d.MinutesURL != "" {
		m["minutes_url"] = d.MinutesURL
	}
	return m
}

func auditRequest(r *salkku.GateRequest) map[string]any {
	m := map[string]any{"gate": r.Gate, "level": r.Level}
	if r.PlannedFor != "" {
		m["planned_for"] = string(r.PlannedFor)
	}
	if !r.Note.IsZero() {
		m["note"] = r.Note
	}
	return m
}

func auditMark(m *salkku.Model, c *salkku.CheckMark) map[string]any {
	out := map[string]any{"item": salkku.Text{FI: c.ItemKey}, "state": c.State}
	if ph := findItem(m, c.ItemKey, false); ph != nil {
		for _, it := range ph.Checklist {
			if it.Key == c.ItemKey {
				out["item"] = it.Text
			}
		}
	}
	if !c.Reason.IsZero() {
		out["reason"] = c.Reason
	}
	return out
}

func deliverableName(m *salkku.Model, key string) salkku.Text {
	if ph := findItem(m, key, true); ph != nil {
		for _, d := range ph.Deliverables {
			if d.Key == key {
				return d.Name
			}
		}
	}
	return salkku.Text{FI: key}
}

func auditSteering(ms []salkku.SteeringGroupMember) map[string]any {
	out := map[string]any{}
	var members []string
	for _, m := range ms {
		switch m.Role {
		case salkku.SteeringChair, salkku.SteeringSecretary:
			out[m.Role] = m.PersonName
		default:
			members = append(members, m.PersonName)
		}
	}
	if len(members) > 0 {
		out["members"] = members
	}
	return out
}
