package sqldb

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/salkku/salkku"
)

// maxPortfolioDepth bounds the walk up a portfolio tree: a chain of
// ancestors longer than this is taken for a cycle.
const maxPortfolioDepth = 100

// lockTree makes the transactions that change one tree take turns: the
// portfolios of an organisation ("portfolios") or the work packages of a
// project ("work_packages"). Without it two moves on PostgreSQL could each
// pass the cycle check before the other commits, and together make two
// portfolios each other's parent. The lock is held until the transaction
// ends; the keys are taken in order, so that two movers never deadlock.
// SQLite's write transactions are serialised already.
func (tx *Tx) lockTree(tree string, ids ...int64) error {
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	for _, id := range ids {
		if err := tx.dialect.lockKey(tx, "tree:"+tree+":"+strconv.FormatInt(id, 10)); err != nil {
			return fmt.Errorf("sqldb: lock %s tree: %w", tree, err)
		}
	}
	return nil
}

// ancestry walks up a tree from the row start in one query and returns
// how many ancestors start has and whether id is start itself or one of
// them, so that putting id under start would close a cycle. A walk that
// does not reach a root within limit levels (a cycle stored before this
// check existed) counts as a cycle too. table is a constant.
func (tx *Tx) ancestry(table string, start, id int64, limit int) (depth int, cycle bool, err error) {
	var n, hits, roots int
	err = tx.queryRow(`WITH RECURSIVE up(id, parent_id, depth) AS (
			SELECT id, parent_id, 0 FROM `+table+` WHERE id = ?
			UNION ALL
			SELECT t.id, t.parent_id, up.depth + 1 FROM `+table+` t JOIN up ON t.id = up.parent_id WHERE up.depth < ?)
		SELECT COUNT(*), COUNT(CASE WHEN id = ? THEN 1 END), COUNT(CASE WHEN parent_id IS NULL THEN 1 END) FROM up`,
		start, limit, id).Scan(&n, &hits, &roots)
	if err != nil {
		return 0, false, fmt.Errorf("sqldb: walk up %s: %w", table, err)
	}
	return n - 1, hits > 0 || roots == 0, nil
}

// portfolioCycle reports whether putting portfolio id under parent would
// make it its own ancestor.
func (tx *Tx) portfolioCycle(id, parent int64) (bool, error) {
	_, cycle, err := tx.ancestry("portfolios", parent, id, maxPortfolioDepth)
	return cycle, err
}

// wpAncestry returns how many ancestors the work package parent has, and
// whether putting the package id under it would close a cycle.
func (tx *Tx) wpAncestry(parent, id int64) (depth int, cycle bool, err error) {
	return tx.ancestry("work_packages", parent, id, salkku.MaxWorkPackageDepth+2)
}

// wpSubtree returns the number of levels below the package (0 for a leaf)
// and the ids of the package and its descendants, in one query.
func (tx *Tx) wpSubtree(id int64) (height int, ids map[int64]bool, err error) {
	rows, err := tx.query(`WITH RECURSIVE down(id, depth) AS (
			SELECT id, 0 FROM work_packages WHERE id = ?
			UNION ALL
			SELECT w.id, down.depth + 1 FROM work_packages w JOIN down ON w.parent_id = down.id WHERE down.depth < ?)
		SELECT id, depth FROM down`, id, salkku.MaxWorkPackageDepth+2)
	if err != nil {
		return 0, nil, fmt.Errorf("sqldb: work package subtree: %w", err)
	}
	defer rows.Close()
	ids = map[int64]bool{id: true}
	for rows.Next() {
		var c int64
		var depth int
		if err := rows.Scan(&c, &depth); err != nil {
			return 0, nil, fmt.Errorf("sqldb: work package subtree: %w", err)
		}
		ids[c], height = true, max(height, depth)
	}
	if err := rows.Err(); err != nil {
		return 0, nil, fmt.Errorf("sqldb: work package subtree: %w", err)
	}
	return height, ids, nil
}

// sameID reports whether two optional ids are equal.
func sameID(a, b *int64) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}
