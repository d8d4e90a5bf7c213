package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/salkku/salkku"
)

// An organisation's life-cycle model is kept in versions (table
// lifecycle_models), each one JSON document: a version is read and written
// whole, and frozen once published. Every organisation has a published
// version 1, the built-in model, from its creation on.

// modelContent is what a version's content column holds.
type modelContent struct {
	Name        salkku.Text    `json:"name"`
	Description salkku.Text    `json:"description"`
	Roles       []salkku.Role  `json:"roles"`
	Themes      []salkku.Theme `json:"themes"`
	Phases      []salkku.Phase `json:"phases"`
}

// DecodeModel fills m's name, description, roles, themes and phases from
// the stored content of its version, with primary as its texts' primary
// language (the bench's bare project page decodes with it too).
func DecodeModel(content, primary string, m *salkku.Model) error {
	var c modelContent
	if err := json.Unmarshal([]byte(content), &c); err != nil {
		return fmt.Errorf("sqldb: decode model %d: %w", m.ID, err)
	}
	m.Name, m.Description, m.Roles, m.Themes, m.Phases = c.Name, c.Description, c.Roles, c.Themes, c.Phases
	m.FillPrimary(primary)
	return nil
}

func encodeModel(m *salkku.Model) (string, error) {
	b, err := json.Marshal(modelContent{m.Name, m.Description, m.Roles, m.Themes, m.Phases})
	if err != nil {
		return "", fmt.Errorf("sqldb: encode model: %w", err)
	}
	return string(b), nil
}

// modelSelect reads a version for the store's own use; modelSelectCounted
// adds how many projects follow it, for display only, so that creating a
// project or recording a decision counts nothing.
var (
	modelSelect        = strings.Replace(modelColumns, "PROJECTS", "0", 1)
	modelSelectCounted = strings.Replace(modelColumns, "PROJECTS", "(SELECT COUNT(*) FROM projects p WHERE p.model_id = lm.id)", 1)
)

const modelColumns = `SELECT lm.id, lm.version, lm.created_at, lm.updated_at, lm.organisation_id, lm.number, lm.content, lm.published_at,
	o.primary_lang, PROJECTS
	FROM lifecycle_models lm JOIN organisations o ON o.id = lm.organisation_id`

// modelCache keeps decoded model versions by id, version and primary
// language: a version's content changes only with its version, and
// decoding one (tens of kilobytes of texts in three languages) costs more
// than the rest of a page. It is small and simply starts over when full.
type modelCache struct {
	mu sync.Mutex
	m  map[modelKey]*salkku.Model
}

type modelKey struct {
	id      int64
	version int
	primary string
}

const modelCacheSize = 256

func (c *modelCache) get(k modelKey) *salkku.Model {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[k]
}

func (c *modelCache) put(k modelKey, m *salkku.Model) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= modelCacheSize {
		c.m = map[modelKey]*salkku.Model{}
	}
	c.m[k] = m
}

// scanModel reads a row of modelSelect; each caller gets its own copy,
// which it may change.
func (tx *Tx) scanModel(sc interface{ Scan(...any) error }) (*salkku.Model, error) {
	var m salkku.Model
	var content, primary string
	var published sql.NullTime
	if err := sc.Scan(&m.ID, &m.Version, &m.CreatedAt, &m.UpdatedAt, &m.OrganisationID, &m.Number, &content, &published, &primary, &m.Projects); err != nil {
		return nil, err
	}
	if published.Valid {
		t := published.Time.UTC()
		m.PublishedAt = &t
	}
	k := modelKey{m.ID, m.Version, primary}
	if c := tx.models.get(k); c != nil {
		out := c.Clone()
		out.Meta, out.PublishedAt, out.Projects = m.Meta, m.PublishedAt, m.Projects
		return out, nil
	}
	if err := DecodeModel(content, primary, &m); err != nil {
		return nil, err
	}
	tx.models.put(k, m.Clone())
	return &m, nil
}

func (tx *Tx) findModel(id int64) (*salkku.Model, error) {
	m, err := tx.scanModel(tx.queryRow(modelSelect+` WHERE lm.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, salkku.Errorf(salkku.ENOTFOUND, "error.not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("sqldb: find model: %w", err)
	}
	return m, nil
}

// currentModel is the organisation's latest published version, which new
// projects follow.
func (tx *Tx) currentModel(organisationID int64) (*salkku.Model, error) {
	m, err := tx.scanModel(tx.queryRow(modelSelect+` WHERE lm.organisation_id = ? AND lm.published_at IS NOT NULL
		ORDER BY lm.number DESC LIMIT 1`, organisationID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, salkku.Errorf(salkku.EINVALID, "error.model_none")
	}
	if err != nil {
		return nil, fmt.Errorf("sqldb: find current model: %w", err)
	}
	return m, nil
}

// createDefaultModel gives an organisation the built-in model as its
// published version 1.
func (tx *Tx) createDefaultModel(organisationID int64) error {
	m := salkku.DefaultModel()
	content, err := encodeModel(m)
	if err != nil {
		return err
	}
	if _, err := tx.exec(`INSERT INTO lifecycle_models (version, created_at, updated_at, organisation_id, number, content, published_at)
		VALUES (1, ?, ?, ?, 1, ?, ?)`, tx.now, tx.now, organisationID, content, tx.now); err != nil {
		return fmt.Errorf("sqldb: create model: %w", err)
	}
	return nil
}

// modelLanguages: a model may hold every content language (the built-in
// one ships in all three), and must have the organisation's required ones.
func (tx *Tx) modelLanguages(organisationID int64) (salkku.Languages, error) {
	l, err := tx.languagesOf(langsOfOrganisation, organisationID)
	if err != nil {
		return l, err
	}
	l.Used = append([]string(nil), salkku.ContentLangs...)
	return l, nil
}

// FindModels lists an organisation's versions, newest first.
func (d *DB) FindModels(ctx context.Context, organisationID int64) ([]*salkku.Model, error) {
	var out []*salkku.Model
	err := d.read(ctx, func(tx *Tx) error {
		a := tx.access()
		if !a.CanAdminister() {
			if _, ok := a.Organisations[organisationID]; !ok {
				return salkku.Errorf(salkku.ENOTFOUND, "error.not_found")
			}
		}
		rows, err := tx.query(modelSelectCounted+` WHERE lm.organisation_id = ? ORDER BY lm.number DESC`, organisationID)
		if err != nil {
			return fmt.Errorf("sqldb: find models: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			m, err := tx.scanModel(rows)
			if err != nil {
				return err
			}
			out = append(out, m)
		}
		return rows.Err()
	})
	return out, err
}

// FindModelByID returns one version to anyone with a role in its
// organisation.
func (d *DB) FindModelByID(ctx context.Context, id int64) (*salkku.Model, error) {
	var m *salkku.Model
	err := d.read(ctx, func(tx *Tx) (err error) {
		m, err = tx.viewModel(id)
		return err
	})
	return m, err
}

func (tx *Tx) viewModel(id int64) (*salkku.Model, error) {
	m, err := tx.scanModel(tx.queryRow(modelSelectCounted+` WHERE lm.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, salkku.Errorf(salkku.ENOTFOUND, "error.not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("sqldb: find model: %w", err)
	}
	a := tx.access()
	if !a.CanAdminister() {
		if _, ok := a.Organisations[m.OrganisationID]; !ok {
			return nil, salkku.Errorf(salkku.ENOTFOUND, "error.not_found")
		}
	}
	return m, nil
}

// NewModelVersion copies the latest version into a new draft.
func (d *DB) NewModelVersion(ctx context.Context, organisationID int64) (*salkku.Model, error) {
	var m *salkku.Model
	err := d.inTx(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanEditModel(organisationID)); err != nil {
			return err
		}
		latest, err := tx.scanModel(tx.queryRow(modelSelect+` WHERE lm.organisation_id = ? ORDER BY lm.number DESC LIMIT 1`, organisationID))
		if errors.Is(err, sql.ErrNoRows) {
			return salkku.Errorf(salkku.ENOTFOUND, "error.not_found")
		}
		if err != nil {
			return fmt.Errorf("sqldb: new model version: %w", err)
		}
		if latest.PublishedAt == nil {
			return salkku.Errorf(salkku.ECONFLICT, "error.model_draft_exists", latest.Number)
		}
		content, err := encodeModel(latest)
		if err != nil {
			return err
		}
		id, err := tx.insert(`INSERT INTO lifecycle_models (version, created_at, updated_at, organisation_id, number, content)
			VALUES (1, ?, ?, ?, ?, ?)`, tx.now, tx.now, organisationID, latest.Number+1, content)
		if err != nil {
			return fmt.Errorf("sqldb: new model version: %w", err)
		}
		if m, err = tx.findModel(id); err != nil {
			return err
		}
		return tx.audit(actionCreate, "model", id, nil, nil, auditModel(m))
	})
	return m, err
}

// auditModel is what the audit log keeps of a version: its number and
// state; the content is the version itself, frozen once published.
func auditModel(m *salkku.Model) map[string]any {
	return map[string]any{"organisation_id": m.OrganisationID, "number": m.Number, "published_at": m.PublishedAt, "name": m.Name}
}

// editDraft returns a version the caller may change: a draft of an
// organisation whose model they edit.
func (tx *Tx) editDraft(id int64) (*salkku.Model, error) {
	before, err := tx.viewModel(id)
	if err != nil {
		return nil, err
	}
	if err := allow(tx.access().CanEditModel(before.OrganisationID)); err != nil {
		return nil, err
	}
	if before.PublishedAt != nil {
		return nil, salkku.Errorf(salkku.EINVALID, "error.model_published", before.Number)
	}
	return before, nil
}

// UpdateModel replaces a draft's content.
func (d *DB) UpdateModel(ctx context.Context, m *salkku.Model) error {
	return d.inTx(ctx, func(tx *Tx) error {
		before, err := tx.editDraft(m.ID)
		if err != nil {
			return err
		}
		m.OrganisationID = before.OrganisationID
		langs, err := tx.modelLanguages(m.OrganisationID)
		if err != nil {
			return err
		}
		pr, err := newProblems(ctx, m.Validate(langs))
		if err != nil {
			return err
		}
		if err := pr.err(); err != nil {
			return err
		}
		content, err := encodeModel(m)
		if err != nil {
			return err
		}
		res, err := tx.exec(`UPDATE lifecycle_models SET version = version + 1, updated_at = ?, content = ? WHERE id = ? AND version = ?`,
			tx.now, content, m.ID, m.Version)
		if err != nil {
			return fmt.Errorf("sqldb: update model: %w", err)
		}
		if err := tx.checkVersion(res, "lifecycle_models", m.ID); err != nil {
			return err
		}
		after, err := tx.findModel(m.ID)
		if err != nil {
			return err
		}
		*m = *after
		return tx.audit(actionUpdate, "model", m.ID, nil, auditModel(before), auditModel(after))
	})
}

// PublishModel freezes a draft, after checking it whole, and makes it the
// version new projects follow.
func (d *DB) PublishModel(ctx context.Context, id int64, version int) error {
	return d.inTx(ctx, func(tx *Tx) error {
		m, err := tx.editDraft(id)
		if err != nil {
			return err
		}
		langs, err := tx.modelLanguages(m.OrganisationID)
		if err != nil {
			return err
		}
		if err := m.Validate(langs); err != nil {
			return err
		}
		res, err := tx.exec(`UPDATE lifecycle_models SET version = version + 1, updated_at = ?, published_at = ? WHERE id = ? AND version = ?`,
			tx.now, tx.now, id, version)
		if err != nil {
			return fmt.Errorf("sqldb: publish model: %w", err)
		}
		if err := tx.checkVersion(res, "lifecycle_models", id); err != nil {
			return err
		}
		before := auditModel(m)
		now := tx.now
		m.PublishedAt = &now
		return tx.audit("publish", "model", id, nil, before, auditModel(m))
	})
}

// DeleteModel removes a draft.
func (d *DB) DeleteModel(ctx context.Context, id int64) error {
	return d.inTx(ctx, func(tx *Tx) error {
		m, err := tx.editDraft(id)
		if err != nil {
			return err
		}
		if _, err := tx.exec(`DELETE FROM lifecycle_models WHERE id = ?`, id); err != nil {
			return fmt.Errorf("sqldb: delete model: %w", err)
		}
		return tx.audit(actionDelete, "model", id, nil, auditModel(m), nil)
	})
}

// placeProjects is the Go step of migration 0007_gates, and the last step
// of loading a dataset: it gives every organisation without a model the
// built-in one and places every project that follows none by its status,
// noting the placement in its history: proposed projects at the start,
// active ones in the first active phase, closed ones past the last gate,
// cancelled ones stopped at the start.
func placeProjects(tx *Tx) error {
	rows, err := tx.query(`SELECT o.id FROM organisations o WHERE NOT EXISTS (SELECT 1 FROM lifecycle_models lm WHERE lm.organisation_id = o.id) ORDER BY o.id`)
	if err != nil {
		return fmt.Errorf("sqldb: place projects: %w", err)
	}
	var orgs []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return fmt.Errorf("sqldb: place projects: %w", err)
		}
		orgs = append(orgs, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range orgs {
		if err := tx.createDefaultModel(id); err != nil {
			return err
		}
	}
	m := salkku.DefaultModel()
	for _, status := range salkku.Statuses {
		pos, _ := m.PlaceByStatus(status)
		// Each organisation's current model; the new ones are the
		// built-in, whose phases these are.
		if _, err := tx.exec(`UPDATE projects SET phase = ?, next_gate = ?, model_id = (
				SELECT MAX(lm.id) FROM lifecycle_models lm JOIN portfolios pf ON pf.organisation_id = lm.organisation_id
				WHERE pf.id = projects.portfolio_id AND lm.published_at IS NOT NULL)
			WHERE model_id IS NULL AND status = ?`, pos.Phase, pos.Gate, status); err != nil {
			return fmt.Errorf("sqldb: place projects: %w", err)
		}
	}
	if _, err := tx.exec(`INSERT INTO gate_events (project_id, kind, to_phase, to_gate, model_id, at)
		SELECT p.id, ?, p.phase, p.next_gate, p.model_id, ? FROM projects p
		WHERE NOT EXISTS (SELECT 1 FROM gate_events e WHERE e.project_id = p.id)`, salkku.EventPlaced, tx.now); err != nil {
		return fmt.Errorf("sqldb: place projects: %w", err)
	}
	return nil
}

// jsonText and parseText keep a salkku.Text in one column, as an object by
// language: texts written on a project's gates are shown, never searched.
func jsonText(t salkku.Text) string {
	b, _ := json.Marshal(t)
	return string(b)
}

func parseText(s, primary string) salkku.Text {
	var t salkku.Text
	_ = json.Unmarshal([]byte(s), &t)
	t = t.Resolve(primary)
	t.Primary = primary
	return t
}

func nullTime(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}
