package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/salkku/salkku"
)

const portfolioSelect = `SELECT pf.id, pf.version, pf.created_at, pf.updated_at, pf.organisation_id, pf.parent_id,
	pf.owner_id, o.languages, o.required_languages, COALESCE(ow.name, ''),
	COALESCE((SELECT n FROM project_counts pc WHERE pc.portfolio_id = pf.id), 0)
	FROM portfolios pf
	JOIN organisations o ON o.id = pf.organisation_id
	LEFT JOIN people ow ON ow.id = pf.owner_id
	LEFT JOIN portfolios par ON par.id = pf.parent_id`

func scanPortfolio(sc interface{ Scan(...any) error }) (*salkku.Portfolio, error) {
	var p salkku.Portfolio
	var parent, owner sql.NullInt64
	var used, required string
	err := sc.Scan(&p.ID, &p.Version, &p.CreatedAt, &p.UpdatedAt, &p.OrganisationID, &parent,
		&owner, &used, &required, &p.OwnerName, &p.ProjectCount)
	p.ContentLangs = decodeLanguages(used, required)
	primary := p.ContentLangs.Primary()
	p.ParentID, p.OwnerID = idPtr(parent), idPtr(owner)
	p.BoardIDs = []int64{}
	p.Name.Primary, p.Description.Primary, p.FollowUp.Primary = primary, primary, primary
	p.OrganisationName.Primary, p.ParentName.Primary = primary, primary
	return &p, err
}

// fillPortfolios reads the texts of portfolios, and the names of their
// organisations and parents, in one query for each kind.
func (tx *Tx) fillPortfolios(ps ...*salkku.Portfolio) error {
	r := textRefs{}
	for _, p := range ps {
		r.add(textPortfolio, p.ID, "name", &p.Name)
		r.add(textPortfolio, p.ID, "description", &p.Description)
		r.add(textPortfolio, p.ID, "follow_up", &p.FollowUp)
		r.add(textOrganisation, p.OrganisationID, "name", &p.OrganisationName)
		if p.ParentID != nil {
			r.add(textPortfolio, *p.ParentID, "name", &p.ParentName)
		}
	}
	return tx.fillTexts(r)
}

func portfolioTexts(p *salkku.Portfolio) []textField {
	return append(describedTexts(p.Name, p.Description), textField{field: "follow_up", text: p.FollowUp})
}

// checkPortfolio reports everything wrong with a portfolio to be written
// in one error; before is the portfolio as stored, nil for a new one.
func (tx *Tx) checkPortfolio(ctx context.Context, before, p *salkku.Portfolio) error {
	langs, err := tx.languagesOf(langsOfOrganisation, p.OrganisationID)
	if err != nil {
		return err
	}
	pr, err := newProblems(ctx, p.Validate(langs))
	if err == nil {
		err = pr.add(tx.checkPortfolioRefs(before, p))
	}
	if err == nil {
		err = pr.err()
	}
	return err
}

// FindPortfolioByID returns one portfolio the caller may see, with its
// board.
func (d *DB) FindPortfolioByID(ctx context.Context, id int64) (*salkku.Portfolio, error) {
	var p *salkku.Portfolio
	err := d.read(ctx, func(tx *Tx) (err error) {
		p, err = tx.viewPortfolio(id)
		return err
	})
	return p, err
}

// viewPortfolio loads a portfolio the caller may see.
func (tx *Tx) viewPortfolio(id int64) (*salkku.Portfolio, error) {
	p, err := tx.findPortfolio(id)
	if err != nil {
		return nil, err
	}
	return p, allow(tx.access().CanViewPortfolio(id))
}

func (tx *Tx) findPortfolio(id int64) (*salkku.Portfolio, error) {
	p, err := scanPortfolio(tx.queryRow(portfolioSelect+` WHERE pf.id = ?`, id))
	if err != nil {
		return nil, notFound(fmt.Errorf("sqldb: find portfolio: %w", err))
	}
	if err := tx.attachBoards([]*salkku.Portfolio{p}); err != nil {
		return nil, err
	}
	return p, tx.fillPortfolios(p)
}

// attachBoards loads the board members of all the given portfolios in one
// query.
func (tx *Tx) attachBoards(ps []*salkku.Portfolio) error {
	if len(ps) == 0 {
		return nil
	}
	byID := map[int64]*salkku.Portfolio{}
	args := make([]any, len(ps))
	for i, p := range ps {
		byID[p.ID], args[i] = p, p.ID
	}
	rows, err := tx.query(`SELECT portfolio_id, person_id FROM portfolio_board WHERE portfolio_id IN (`+placeholders(len(ps))+`) ORDER BY portfolio_id, position`, args...)
	if err != nil {
		return fmt.Errorf("sqldb: find boards: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var pid, person int64
		if err := rows.Scan(&pid, &person); err != nil {
			return fmt.Errorf("sqldb: find boards: %w", err)
		}
		byID[pid].BoardIDs = append(byID[pid].BoardIDs, person)
	}
	return rows.Err()
}

// FindPortfolios lists the portfolios the caller may see by organisation
// and name.
func (d *DB) FindPortfolios(ctx context.Context, f salkku.PortfolioFilter) ([]*salkku.Portfolio, int, error) {
	f.Page = f.Page.Normalize()
	where, args := []string{"1 = 1"}, []any{}
	if v := f.OrganisationID; v != nil {
		where, args = append(where, "pf.organisation_id = ?"), append(args, *v)
	}
	if v := f.ParentID; v != nil {
		where, args = append(where, "pf.parent_id = ?"), append(args, *v)
	}
	if ids := f.OrganisationIDs; len(ids) > 0 {
		ids = ids[:min(len(ids), salkku.MaxPageSize)]
		where, args = append(where, "pf.organisation_id IN ("+placeholders(len(ids))+")"), append(args, int64Args(ids)...)
	}
	a := salkku.AccessFrom(ctx)
	if a == nil {
		return nil, 0, errForbidden
	}
	if v := a.Visibility(); v != nil {
		cond, vargs := visiblePortfolios(v)
		where, args = append(where, cond), append(args, vargs...)
	}
	cond := strings.Join(where, " AND ")
	var out []*salkku.Portfolio
	var total int
	err := d.read(ctx, func(tx *Tx) error {
		lang := salkku.LangFrom(ctx)
		order := textOrder(textOrganisation, "o.id", "name", "o.primary_lang") + ", o.id, " + textOrder(textPortfolio, "pf.id", "name", "o.primary_lang")
		rows, err := tx.query(portfolioSelect+` WHERE `+cond+` ORDER BY `+order+`, pf.id`+sqlLimitOffset(f.Limit, f.Offset), append(slices.Clip(args), lang, lang)...)
		if err != nil {
			return fmt.Errorf("sqldb: find portfolios: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			p, err := scanPortfolio(rows)
			if err != nil {
				return fmt.Errorf("sqldb: find portfolios: %w", err)
			}
			out = append(out, p)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		total, err = pageTotal(len(out), f.Page, func() (int, error) { return tx.count(`SELECT COUNT(*) FROM portfolios pf WHERE `+cond, args...) })
		if err != nil {
			return err
		}
		if err := tx.fillPortfolios(out...); err != nil {
			return err
		}
		return tx.attachBoards(out)
	})
	return out, total, err
}

// checkPortfolioRefs checks the organisation, the parent (same
// organisation, no cycle), the sub-portfolios (same organisation), the owner
// and the board members.
// The owner and board must be people the caller may see unless the
// portfolio as stored (before, nil for a new one) names them already.
func (tx *Tx) checkPortfolioRefs(before, p *salkku.Portfolio) error {
	fe := salkku.FieldErrors{}
	var kept []int64
	if before != nil {
		kept = append(ids(before.OwnerID), before.BoardIDs...)
	}
	if err := tx.checkPeople(fe, "owner_id", kept, ids(p.OwnerID)); err != nil {
		return err
	}
	if err := tx.checkPeople(fe, "board_ids", kept, p.BoardIDs); err != nil {
		return err
	}
	if err := tx.checkRefs(fe, "organisations", "organisation_id", &p.OrganisationID); err != nil {
		return err
	}
	if err := tx.checkRefs(fe, "people", "owner_id", p.OwnerID); err != nil {
		return err
	}
	if err := tx.checkRefIDs(fe, "people", "board_ids", p.BoardIDs); err != nil {
		return err
	}
	if p.ParentID != nil {
		var org int64
		err := tx.queryRow(`SELECT organisation_id FROM portfolios WHERE id = ?`, *p.ParentID).Scan(&org)
		switch {
		case err == sql.ErrNoRows:
			fe.Add("parent_id", "error.not_found_ref")
		case err != nil:
			return fmt.Errorf("sqldb: check parent: %w", err)
		case org != p.OrganisationID:
			fe.Add("parent_id", "error.parent_other_organisation")
		case p.ID != 0:
			if cycle, err := tx.portfolioCycle(p.ID, *p.ParentID); err != nil {
				return err
			} else if cycle {
				fe.Add("parent_id", "error.parent_cycle")
			}
		}
	}
	// Sub-portfolios stay in their organisation, so a portfolio that has
	// any cannot move to another one. (No catalogue key says exactly that
	// yet; "immutable" is the nearest.)
	if p.ID != 0 {
		n, err := tx.count(`SELECT COUNT(*) FROM portfolios WHERE parent_id = ? AND organisation_id <> ?`, p.ID, p.OrganisationID)
		if err != nil {
			return err
		}
		if n > 0 {
			fe.Add("organisation_id", "error.immutable")
		}
	}
	return fe.Err()
}

func (tx *Tx) writeBoard(p *salkku.Portfolio) error {
	if _, err := tx.exec(`DELETE FROM portfolio_board WHERE portfolio_id = ?`, p.ID); err != nil {
		return fmt.Errorf("sqldb: write board: %w", err)
	}
	for i, person := range p.BoardIDs {
		if _, err := tx.exec(`INSERT INTO portfolio_board (portfolio_id, person_id, position) VALUES (?, ?, ?)`, p.ID, person, i+1); err != nil {
			return fmt.Errorf("sqldb: write board: %w", err)
		}
	}
	return nil
}

// CreatePortfolio stores a new portfolio and sets its id.
func (d *DB) CreatePortfolio(ctx context.Context, p *salkku.Portfolio) error {
	p.ID = 0 // an id left in p must not take part in the cycle checks
	return d.inTx(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanCreatePortfolio(p.ParentID)); err != nil {
			return err
		}
		if p.ParentID != nil {
			if err := tx.lockTree("portfolios", p.OrganisationID); err != nil {
				return err
			}
		}
		if err := tx.checkPortfolio(ctx, nil, p); err != nil {
			return err
		}
		p.Version, p.CreatedAt, p.UpdatedAt = 1, tx.now, tx.now
		id, err := tx.insert(`INSERT INTO portfolios (version, created_at, updated_at, organisation_id, parent_id, name, owner_id) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			p.Version, p.CreatedAt, p.UpdatedAt, p.OrganisationID, nullID(p.ParentID), p.Name.PrimaryText(), nullID(p.OwnerID))
		if err != nil {
			return fmt.Errorf("sqldb: create portfolio: %w", err)
		}
		p.ID = id
		if err := tx.createTexts(textPortfolio, id, portfolioTexts(p)...); err != nil {
			return err
		}
		if err := tx.writeBoard(p); err != nil {
			return err
		}
		// Read it back, as CreateProject does, so that the caller gets the
		// names filled in for display and not whatever p held.
		after, err := tx.findPortfolio(id)
		if err != nil {
			return err
		}
		*p = *after
		return tx.audit(actionCreate, "portfolio", id, nil, nil, after)
	})
}

// UpdatePortfolio replaces the portfolio's fields and board.
func (d *DB) UpdatePortfolio(ctx context.Context, p *salkku.Portfolio) error {
	return d.inTx(ctx, func(tx *Tx) error {
		before, err := tx.findPortfolio(p.ID)
		if err != nil {
			return err
		}
		if err := allow(tx.access().CanUpdatePortfolio(before, p)); err != nil {
			return err
		}
		// A move, within the organisation or to another, takes its turn
		// with the other moves in both trees.
		if !sameID(before.ParentID, p.ParentID) || before.OrganisationID != p.OrganisationID {
			if err := tx.lockTree("portfolios", before.OrganisationID, p.OrganisationID); err != nil {
				return err
			}
		}
		if err := tx.checkPortfolio(ctx, before, p); err != nil {
			return err
		}
		if !sameID(before.ParentID, p.ParentID) || before.OrganisationID != p.OrganisationID {
			if err := tx.movePortfolioFinance(before, p); err != nil {
				return err
			}
		}
		res, err := tx.exec(`UPDATE portfolios SET version = version + 1, updated_at = ?, organisation_id = ?, parent_id = ?, name = ?, owner_id = ? WHERE id = ? AND version = ?`,
			tx.now, p.OrganisationID, nullID(p.ParentID), p.Name.PrimaryText(), nullID(p.OwnerID), p.ID, p.Version)
		if err != nil {
			return fmt.Errorf("sqldb: update portfolio: %w", err)
		}
		if err := tx.checkVersion(res, "portfolios", p.ID); err != nil {
			return err
		}
		if err := tx.writeBoard(p); err != nil {
			return err
		}
		if err := tx.replaceTexts(textPortfolio, p.ID, portfolioTexts(before), portfolioTexts(p)); err != nil {
			return err
		}
		after, err := tx.findPortfolio(p.ID)
		if err != nil {
			return err
		}
		*p = *after
		return tx.audit(actionUpdate, "portfolio", p.ID, nil, before, after)
	})
}

// DeletePortfolio removes a portfolio without projects or sub-portfolios.
func (d *DB) DeletePortfolio(ctx context.Context, id int64) error {
	return d.inTx(ctx, func(tx *Tx) error {
		before, err := tx.findPortfolio(id)
		if err != nil {
			return err
		}
		if err := allow(tx.access().CanDeletePortfolio(before)); err != nil {
			return err
		}
		if before.ProjectCount > 0 {
			return salkku.Errorf(salkku.ECONFLICT, "error.portfolio_has_projects", before.ProjectCount)
		}
		n, err := tx.count(`SELECT COUNT(*) FROM portfolios WHERE parent_id = ?`, id)
		if err != nil {
			return err
		}
		if n > 0 {
			return salkku.Errorf(salkku.ECONFLICT, "error.portfolio_has_children", n)
		}
		if err := tx.deleteTexts(textCategory, `SELECT id FROM categories WHERE portfolio_id = ?`, id); err != nil {
			return err
		}
		if err := tx.deleteTexts(textPortfolio, `?`, id); err != nil {
			return err
		}
		if _, err := tx.exec(`DELETE FROM portfolios WHERE id = ?`, id); err != nil {
			return fmt.Errorf("sqldb: delete portfolio: %w", err)
		}
		return tx.audit(actionDelete, "portfolio", id, nil, before, nil)
	})
}
