package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/salkku/salkku"
)

const workPackageSelect = `SELECT w.id, w.version, w.created_at, w.updated_at, w.project_id, w.parent_id,
	w.code, w.tags, w.position, o.primary_lang FROM work_packages w
	JOIN projects p ON p.id = w.project_id
	JOIN portfolios pf ON pf.id = p.portfolio_id
	JOIN organisations o ON o.id = pf.organisation_id`

func scanWorkPackage(sc interface{ Scan(...any) error }) (*salkku.WorkPackage, error) {
	var w salkku.WorkPackage
	var parent sql.NullInt64
	var tags string
	err := sc.Scan(&w.ID, &w.Version, &w.CreatedAt, &w.UpdatedAt, &w.ProjectID, &parent,
		&w.Code, &tags, &w.Position, &w.Name.Primary)
	w.Description.Primary = w.Name.Primary
	w.ParentID, w.Tags = idPtr(parent), decodeList(tags)
	w.ResponsibleIDs, w.ResponsibleNames = []int64{}, []string{}
	return &w, err
}

// FindWorkPackageByID returns one work package.
func (d *DB) FindWorkPackageByID(ctx context.Context, id int64) (*salkku.WorkPackage, error) {
	var w *salkku.WorkPackage
	err := d.read(ctx, func(tx *Tx) (err error) {
		if w, err = tx.findWorkPackage(id); err != nil {
			return err
		}
		_, err = tx.viewProject(w.ProjectID)
		return err
	})
	return w, err
}

func (tx *Tx) findWorkPackage(id int64) (*salkku.WorkPackage, error) {
	w, err := scanWorkPackage(tx.queryRow(workPackageSelect+` WHERE w.id = ?`, id))
	if err != nil {
		return nil, notFound(fmt.Errorf("sqldb: find work package: %w", err))
	}
	if err := tx.attachResponsible([]*salkku.WorkPackage{w}, "w.id = ?", id); err != nil {
		return nil, err
	}
	return w, tx.fillWorkPackages(w)
}

// fillWorkPackages reads the texts of work packages in one query.
func (tx *Tx) fillWorkPackages(ws ...*salkku.WorkPackage) error {
	r := textRefs{}
	for _, w := range ws {
		r.add(textWorkPackage, w.ID, "name", &w.Name)
		r.add(textWorkPackage, w.ID, "description", &w.Description)
	}
	return tx.fillTexts(r)
}

func workPackageTexts(w *salkku.WorkPackage) []textField {
	return describedTexts(w.Name, w.Description)
}

// attachResponsible loads the responsible people of the packages matching
// cond in one query.
func (tx *Tx) attachResponsible(ws []*salkku.WorkPackage, cond string, args ...any) error {
	byID := make(map[int64]*salkku.WorkPackage, len(ws))
	for _, w := range ws {
		byID[w.ID] = w
	}
	rows, err := tx.query(`SELECT wp.work_package_id, wp.person_id, pe.name FROM work_package_people wp
		JOIN work_packages w ON w.id = wp.work_package_id
		JOIN people pe ON pe.id = wp.person_id
		WHERE `+cond+` ORDER BY wp.work_package_id, wp.position`, args...)
	if err != nil {
		return fmt.Errorf("sqldb: find responsible people: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var wid, pid int64
		var name string
		if err := rows.Scan(&wid, &pid, &name); err != nil {
			return fmt.Errorf("sqldb: find responsible people: %w", err)
		}
		if w := byID[wid]; w != nil {
			w.ResponsibleIDs = append(w.ResponsibleIDs, pid)
			w.ResponsibleNames = append(w.ResponsibleNames, name)
		}
	}
	return rows.Err()
}

// FindWorkPackages lists a project's work packages by position; callers
// arrange them with salkku.BuildTree.
func (d *DB) FindWorkPackages(ctx context.Context, projectID int64) ([]*salkku.WorkPackage, error) {
	out := []*salkku.WorkPackage{}
	err := d.read(ctx, func(tx *Tx) error {
		if _, err := tx.refProject(projectID, (*salkku.Access).CanViewProject); err != nil {
			return err
		}
		rows, err := tx.query(workPackageSelect+` WHERE w.project_id = ? ORDER BY w.position, w.id`, projectID)
		if err != nil {
			return fmt.Errorf("sqldb: find work packages: %w", err)
		}
		for rows.Next() {
			w, err := scanWorkPackage(rows)
			if err != nil {
				rows.Close()
				return fmt.Errorf("sqldb: find work packages: %w", err)
			}
			out = append(out, w)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if err := tx.fillWorkPackages(out...); err != nil {
			return err
		}
		return tx.attachResponsible(out, "w.project_id = ?", projectID)
	})
	return out, err
}

// checkWorkPackage reports everything wrong with a work package to be
// written in one error: the input errors of ctx, the domain rules, the
// references and a code already taken; before is the package as stored,
// nil for a new one.
func (tx *Tx) checkWorkPackage(ctx context.Context, before, w *salkku.WorkPackage) error {
	langs, err := tx.languagesOf(langsOfProject, w.ProjectID)
	if err != nil {
		return err
	}
	pr, err := newProblems(ctx, w.Validate(langs))
	if err == nil {
		err = pr.add(tx.checkWorkPackageRefs(before, w))
	}
	if err == nil {
		err = pr.check(func() error { return tx.checkWorkPackageCode(w) }, "code", "project_id")
	}
	if err == nil {
		err = pr.err()
	}
	return err
}

// checkWorkPackageRefs checks the project, the parent (same project, no
// cycle, not too deep) and the responsible people, who must be ones the
// caller may see unless the package as stored (before) names them already.
func (tx *Tx) checkWorkPackageRefs(before, w *salkku.WorkPackage) error {
	fe := salkku.FieldErrors{}
	var kept []int64
	if before != nil {
		kept = before.ResponsibleIDs
	}
	if err := tx.checkPeople(fe, "responsible_ids", kept, w.ResponsibleIDs); err != nil {
		return err
	}
	if err := tx.checkRefs(fe, "projects", "project_id", &w.ProjectID); err != nil {
		return err
	}
	if err := tx.checkRefIDs(fe, "people", "responsible_ids", w.ResponsibleIDs); err != nil {
		return err
	}
	if w.ParentID != nil {
		var proj int64
		err := tx.queryRow(`SELECT project_id FROM work_packages WHERE id = ?`, *w.ParentID).Scan(&proj)
		switch {
		case err == sql.ErrNoRows:
			fe.Add("parent_id", "error.not_found_ref")
		case err != nil:
			return fmt.Errorf("sqldb: check parent: %w", err)
		case proj != w.ProjectID:
			fe.Add("parent_id", "error.parent_other_project")
		default:
			depth, cycle, err := tx.wpAncestry(*w.ParentID, w.ID)
			if err != nil {
				return err
			}
			height := 0
			if w.ID != 0 && !cycle {
				if height, _, err = tx.wpSubtree(w.ID); err != nil {
					return err
				}
			}
			switch {
			case cycle:
				fe.Add("parent_id", "error.parent_cycle")
			case depth+1+height >= salkku.MaxWorkPackageDepth:
				fe.Add("parent_id", "error.too_deep")
			}
		}
	}
	return fe.Err()
}

func (tx *Tx) writeResponsible(w *salkku.WorkPackage) error {
	if _, err := tx.exec(`DELETE FROM work_package_people WHERE work_package_id = ?`, w.ID); err != nil {
		return fmt.Errorf("sqldb: write responsible: %w", err)
	}
	for i, person := range w.ResponsibleIDs {
		if _, err := tx.exec(`INSERT INTO work_package_people (work_package_id, person_id, position) VALUES (?, ?, ?)`, w.ID, person, i+1); err != nil {
			return fmt.Errorf("sqldb: write responsible: %w", err)
		}
	}
	return nil
}

// CreateWorkPackage stores a new work package, last among its siblings when
// Position is 0.
func (d *DB) CreateWorkPackage(ctx context.Context, w *salkku.WorkPackage) error {
	return d.inTx(ctx, func(tx *Tx) error {
		w.ID = 0
		if _, err := tx.refProject(w.ProjectID, (*salkku.Access).CanEditProject); err != nil {
			return err
		}
		if w.ParentID != nil {
			if err := tx.lockTree("work_packages", w.ProjectID); err != nil {
				return err
			}
		}
		if err := tx.checkWorkPackage(ctx, nil, w); err != nil {
			return err
		}
		if w.Position == 0 {
			n, err := tx.count(`SELECT COALESCE(MAX(position), 0) FROM work_packages WHERE project_id = ?`, w.ProjectID)
			if err != nil {
				return err
			}
			w.Position = n + 1
		}
		id, err := tx.insert(`INSERT INTO work_packages (version, created_at, updated_at, project_id, parent_id, code, code_fold, name, tags, position)
			VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			tx.now, tx.now, w.ProjectID, nullID(w.ParentID), w.Code, salkku.Fold(w.Code), w.Name.PrimaryText(), encodeList(w.Tags), w.Position)
		if err != nil {
			return fmt.Errorf("sqldb: create work package: %w", workPackageCode.onDuplicate(err, w.Code))
		}
		w.ID = id
		if err := tx.writeResponsible(w); err != nil {
			return err
		}
		if err := tx.createTexts(textWorkPackage, id, workPackageTexts(w)...); err != nil {
			return err
		}
		after, err := tx.findWorkPackage(id)
		if err != nil {
			return err
		}
		*w = *after
		return tx.audit(actionCreate, "work_package", id, &w.ProjectID, nil, after)
	})
}

// UpdateWorkPackage replaces the package's fields; it stays in its project.
func (d *DB) UpdateWorkPackage(ctx context.Context, w *salkku.WorkPackage) error {
	return d.inTx(ctx, func(tx *Tx) error {
		before, err := tx.findWorkPackage(w.ID)
		if err != nil {
			return err
		}
		if _, err := tx.editProject(before.ProjectID); err != nil {
			return err
		}
		if before.ProjectID != w.ProjectID {
			return &salkku.Error{Code: salkku.EINVALID, Message: "error.invalid", Fields: map[string]string{"project_id": "error.immutable"}}
		}
		if !sameID(before.ParentID, w.ParentID) {
			if err := tx.lockTree("work_packages", w.ProjectID); err != nil {
				return err
			}
		}
		if err := tx.checkWorkPackage(ctx, before, w); err != nil {
			return err
		}
		if w.Position == 0 {
			w.Position = before.Position
		}
		res, err := tx.exec(`UPDATE work_packages SET version = version + 1, updated_at = ?, parent_id = ?, code = ?, code_fold = ?, name = ?, tags = ?, position = ?
			WHERE id = ? AND version = ?`,
			tx.now, nullID(w.ParentID), w.Code, salkku.Fold(w.Code), w.Name.PrimaryText(), encodeList(w.Tags), w.Position, w.ID, w.Version)
		if err != nil {
			return fmt.Errorf("sqldb: update work package: %w", workPackageCode.onDuplicate(err, w.Code))
		}
		if err := tx.checkVersion(res, "work_packages", w.ID); err != nil {
			return err
		}
		if err := tx.writeResponsible(w); err != nil {
			return err
		}
		if err := tx.replaceTexts(textWorkPackage, w.ID, workPackageTexts(before), workPackageTexts(w)); err != nil {
			return err
		}
		after, err := tx.findWorkPackage(w.ID)
		if err != nil {
			return err
		}
		*w = *after
		return tx.audit(actionUpdate, "work_package", w.ID, &w.ProjectID, before, after)
	})
}

// DeleteWorkPackage removes the package and everything under it.
func (d *DB) DeleteWorkPackage(ctx context.Context, id int64) error {
	return d.inTx(ctx, func(tx *Tx) error {
		before, err := tx.findWorkPackage(id)
		if err != nil {
			return err
		}
		if _, err := tx.editProject(before.ProjectID); err != nil {
			return err
		}
		if err := tx.lockTree("work_packages", before.ProjectID); err != nil {
			return err
		}
		_, sub, err := tx.wpSubtree(id)
		if err != nil {
			return err
		}
		args := make([]any, 0, len(sub))
		for v := range sub {
			args = append(args, v)
		}
		if err := tx.deleteTexts(textWorkPackage, placeholders(len(args)), args...); err != nil {
			return err
		}
		if _, err := tx.exec(`DELETE FROM work_packages WHERE id IN (`+placeholders(len(args))+`)`, args...); err != nil {
			return fmt.Errorf("sqldb: delete work package: %w", err)
		}
		return tx.audit(actionDelete, "work_package", id, &before.ProjectID, before, nil)
	})
}

// checkWorkPackageCode keeps the codes of a project's packages apart; a
// package may also have no code.
func (tx *Tx) checkWorkPackageCode(w *salkku.WorkPackage) error {
	return tx.checkFree(workPackageCode, w.Code, w.ProjectID, w.ID)
}
