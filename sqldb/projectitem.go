package sqldb

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/salkku/salkku"
)

// Each project's JSON, as the API writes it, is kept in project_items
// (migration 0017), so that the API's list reads fifty short rows and
// joins nothing. Triggers mark a row stale (json NULL) in the transaction
// of every write to what it shows; the store rebuilds stale rows before a
// write commits and when it opens, and a read that meets one builds it
// from the tables. A stale row is never served.

// itemBatch is how many stale items a write rebuilds before it commits:
// a rename of someone who manages thousands of projects leaves the rest
// to drainItems (reads build them meanwhile), so that no write waits for
// the whole register. Tests set DB.itemBatch lower.
const itemBatch = 500

// projectJSON is the API's JSON of a project: web.WriteJSON's encoding
// (no HTML escaping), without its newline.
func projectJSON(p *salkku.Project) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(p); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// buildItems reads the projects of ids as FindProjectByID does and
// returns their JSON by id.
func (tx *Tx) buildItems(ids []int64) (map[int64][]byte, error) {
	ps, err := tx.projectsByID(ids)
	if err != nil {
		return nil, err
	}
	out := make(map[int64][]byte, len(ps))
	for id, p := range ps {
		if out[id], err = projectJSON(p); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// keepItem stores the item of a project just written and read back
// whole, after the write's last change to it, so that the commit has none
// to rebuild. It is for a write of one project, which marks no other item
// stale (CreateProject, UpdateProject): the commit then does not look for
// stale items, a round trip less. Any left by others are built by the
// read that meets them and rebuilt by the next other write.
func (tx *Tx) keepItem(p *salkku.Project) error {
	b, err := projectJSON(p)
	if err == nil {
		_, err = tx.exec(`UPDATE project_items SET json = ? WHERE id = ?`, string(b), p.ID)
	}
	if err != nil {
		return fmt.Errorf("sqldb: write project item: %w", err)
	}
	tx.refreshed = true
	return nil
}

// refreshItems rebuilds at most limit stale items and reports how many
// it found. Each is written only if no write has marked it again since it
// was read (gen), so that two instances draining at once never store an
// item older than its project.
func (tx *Tx) refreshItems(limit int) (int, error) {
	tx.refreshed = true
	rows, err := tx.query(`SELECT id, gen FROM project_items WHERE json IS NULL ORDER BY id` + sqlLimit(limit))
	if err != nil {
		return 0, fmt.Errorf("sqldb: stale project items: %w", err)
	}
	var ids, gens []int64
	for rows.Next() {
		var id, gen int64
		if err := rows.Scan(&id, &gen); err != nil {
			rows.Close()
			return 0, err
		}
		ids, gens = append(ids, id), append(gens, gen)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(ids) == 0 {
		return 0, err
	}
	items, err := tx.buildItems(ids)
	if err != nil {
		return 0, err
	}
	for i, id := range ids {
		if _, err := tx.exec(`UPDATE project_items SET json = ? WHERE id = ? AND gen = ?`, string(items[id]), id, gens[i]); err != nil {
			return 0, fmt.Errorf("sqldb: write project item: %w", err)
		}
	}
	return len(ids), nil
}

// refreshAllItems rebuilds every stale item, a batch per transaction,
// reporting progress as it goes: at open, and after a bulk load.
func (d *DB) refreshAllItems(ctx context.Context, progress Progress) error {
	var total int
	if err := d.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM project_items WHERE json IS NULL`).Scan(&total); err != nil {
		return fmt.Errorf("sqldb: stale project items: %w", err)
	}
	for done := 0; done < total; {
		var n int
		err := d.run(ctx, false, false, func(tx *Tx) (err error) {
			n, err = tx.refreshItems(5 * itemBatch)
			return err
		})
		if err != nil {
			return err
		}
		if n == 0 {
			break
		}
		done += n
		if progress != nil {
			progress("project_items", min(done, total), total)
		}
	}
	return nil
}

// drainer is the one background rebuild of stale items at a time.
type drainer struct {
	ctx     context.Context
	stop    context.CancelFunc
	wg      sync.WaitGroup
	running atomic.Bool
}

// drainItems starts rebuilding the stale items in the background, a batch
// per transaction, unless it is running: after a write that left more
// than its batch (an import, a rename of someone who manages thousands of
// projects), so that the writes after it do not each rebuild a batch.
// Close stops it.
func (d *DB) drainItems() {
	if !d.drain.running.CompareAndSwap(false, true) {
		return
	}
	d.drain.wg.Add(1)
	go func() {
		defer d.drain.wg.Done()
		defer d.drain.running.Store(false)
		for d.drain.ctx.Err() == nil {
			var n int
			err := d.run(d.drain.ctx, false, false, func(tx *Tx) (err error) {
				n, err = tx.refreshItems(d.itemBatch)
				return err
			})
			if err != nil || n < d.itemBatch {
				return // what is left, reads build and writes rebuild
			}
		}
	}()
}

// fillStaleItems builds the items of a page that a write has marked and
// no write has rebuilt yet, in the reader's transaction.
func (tx *Tx) fillStaleItems(ids []int64, items []json.RawMessage) error {
	var stale []int64
	for i, it := range items {
		if it == nil {
			stale = append(stale, ids[i])
		}
	}
	if len(stale) == 0 {
		return nil
	}
	built, err := tx.buildItems(stale)
	if err != nil {
		return err
	}
	for i, it := range items {
		if it == nil {
			items[i] = built[ids[i]]
		}
	}
	return nil
}

// FindProjectItems is FindProjects with each project's kept JSON: the
// same filter, order, visibility and total. It is one statement in no
// transaction, the total a column of the page's rows so that both are of
// one moment; a page with no rows (which carry the total) or with a stale
// item is read again in a read transaction, its count and page apart and
// its stale items built.
func (d *DB) FindProjectItems(ctx context.Context, f salkku.ProjectFilter) (salkku.ProjectItems, error) {
	var out salkku.ProjectItems
	if err := f.Validate(); err != nil {
		return out, err
	}
	if salkku.AccessFrom(ctx) == nil {
		return out, errForbidden
	}
	f.Page = f.Page.Normalize()
	cond, args, order, orderArgs, err := d.projectQuery(ctx, f)
	if err != nil {
		return out, err
	}
	var ids []int64
	done := false
	err = d.readOne(ctx, func(tx *Tx) error {
		count, countArgs := tx.countStatement(f, cond, args)
		q, qArgs, err := projectItemsStatement(f, `(`+count+`) AS total, `, cond, args, order, orderArgs)
		if err != nil {
			return err
		}
		if out, ids, err = tx.scanItems(f, q, slices.Concat(countArgs, qArgs), true); err != nil {
			return err
		}
		done = len(ids) > 0 && !slices.ContainsFunc(out.Items, func(it json.RawMessage) bool { return it == nil })
		return nil
	})
	if err != nil || done {
		return out, err
	}
	q, qArgs, err := projectItemsPage(f, cond, args, order, orderArgs)
	if err != nil {
		return out, err
	}
	err = d.read(ctx, func(tx *Tx) error {
		if out, ids, err = tx.scanItems(f, q, qArgs, false); err != nil {
			return err
		}
		if out.Total, err = tx.countProjects(f, cond, args); err != nil {
			return err
		}
		return tx.fillStaleItems(ids, out.Items)
	})
	return out, err
}

// scanItems runs a page's statement and reads its rows (with the total
// first when withTotal): the items, nil where stale, the cursor of the
// next page, and the projects' ids.
func (tx *Tx) scanItems(f salkku.ProjectFilter, q string, args []any, withTotal bool) (salkku.ProjectItems, []int64, error) {
	var out salkku.ProjectItems
	rows, err := tx.query(q, args...)
	if err != nil {
		return out, nil, fmt.Errorf("sqldb: find project items: %w", err)
	}
	defer rows.Close()
	// The items are read into one buffer, each a slice of it: a page is
	// two allocations, not one per project.
	var buf []byte
	var ends []int
	var ids []int64
	var last listKey
	for rows.Next() {
		var k listKey
		var item sql.RawBytes
		dest := []any{&k.ID, &k.Rank, &k.Code, &item}
		if withTotal {
			dest = append([]any{&out.Total}, dest...)
		}
		if err := rows.Scan(dest...); err != nil {
			return out, nil, fmt.Errorf("sqldb: find project items: %w", err)
		}
		if len(ids) == f.Limit {
			if f.KeysetSort() {
				out.Next = last.cursor()
			}
			break
		}
		if buf == nil {
			buf = make([]byte, 0, (f.Limit+1)*(len(item)+256))
		}
		if item == nil {
			ends = append(ends, -1) // stale
		} else {
			buf = append(buf, item...)
			ends = append(ends, len(buf))
		}
		ids, last = append(ids, k.ID), k
	}
	if err := rows.Err(); err != nil {
		return out, nil, err
	}
	out.Items = make([]json.RawMessage, len(ids))
	start := 0
	for i, end := range ends {
		if end >= 0 {
			out.Items[i], start = buf[start:end:end], end
		}
	}
	return out, ids, nil
}

// projectItemsPage is the statement of a page of FindProjectItems:
// projectPage's rows, their keys and their items.
func projectItemsPage(f salkku.ProjectFilter, cond string, args []any, order string, orderArgs []any) (string, []any, error) {
	return projectItemsStatement(f, "", cond, args, order, orderArgs)
}

// projectItemsStatement is projectItemsPage with lead, columns (each
// followed by a comma) before the rest.
func projectItemsStatement(f salkku.ProjectFilter, lead, cond string, args []any, order string, orderArgs []any) (string, []any, error) {
	after, afterArgs, err := afterCursor(f)
	if err != nil {
		return "", nil, err
	}
	// The page's order and filters are the project's own columns, but
	// for the sorts by name (the organisation's language) and manager.
	from := ` FROM projects p`
	if f.Sort == "name" || f.Sort == "manager" {
		from = projectFrom
	}
	return `SELECT ` + lead + `p.id, p.cat_rank, p.code_sort, i.json` + from + ` JOIN project_items i ON i.id = p.id WHERE ` + cond + after +
			` ORDER BY ` + order + sqlLimitOffset(f.Limit+1, f.Offset),
		slices.Concat(args, afterArgs, orderArgs), nil
}

// FindProjectItem is FindProjectByID with the project's kept JSON: one
// statement, in no transaction of its own but where the item is stale and
// is built from the tables.
func (d *DB) FindProjectItem(ctx context.Context, id int64) (json.RawMessage, int, error) {
	if salkku.AccessFrom(ctx) == nil {
		return nil, 0, errForbidden
	}
	var item []byte
	var version int
	err := d.readOne(ctx, func(tx *Tx) error {
		p := &salkku.Project{}
		err := tx.queryRow(`SELECT p.id, p.portfolio_id, p.version, i.json FROM projects p JOIN project_items i ON i.id = p.id WHERE p.id = ?`, id).
			Scan(&p.ID, &p.PortfolioID, &version, &item)
		if err != nil {
			return notFound(fmt.Errorf("sqldb: find project item: %w", err))
		}
		return allow(tx.access().CanViewProject(p))
	})
	if err != nil || item != nil {
		return item, version, err
	}
	err = d.read(ctx, func(tx *Tx) error {
		p, err := tx.viewProject(id)
		if err != nil {
			return err
		}
		version = p.Version
		item, err = projectJSON(p)
		return err
	})
	return item, version, err
}
