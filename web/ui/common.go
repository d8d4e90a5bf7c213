package ui

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/salkku/salkku/web"

	"github.com/salkku/salkku"
)

var errNotFound = salkku.Errorf(salkku.ENOTFOUND, "error.not_found")

// confirmPage asks before deleting something.
type confirmPage struct {
	web.Base
	Question string
	Cancel   string
	// Refused is set when the delete was refused; the page then shows the
	// reason and a way back instead of the question.
	Refused bool
	// Hidden are posted with the confirmation; Button labels it (by
	// default "Delete").
	Hidden []web.Option
	Button string
}

// confirmDelete shows the confirmation on GET and deletes on POST. A
// refused delete (still in use) shows the page again with the reason, and
// nothing changes.
func (s *Server) confirmDelete(w http.ResponseWriter, r *http.Request, b web.Base, question, cancel string, del func() error, done string) {
	page := confirmPage{Base: b, Question: question, Cancel: cancel}
	if r.Method == http.MethodPost {
		err := del()
		if err == nil {
			web.Redirect(w, r, done, "flash.deleted")
			return
		}
		if code := salkku.ErrorCode(err); code != salkku.ECONFLICT && code != salkku.EINVALID {
			s.Error(w, r, err)
			return
		}
		page.Refused = true
		page.Error = salkku.ErrorMessage(err)
		if e, ok := err.(*salkku.Error); ok {
			page.ErrorArgs = e.Args
		}
		s.Render(w, r, web.ErrorStatus(err), "confirm", page)
		return
	}
	s.Render(w, r, http.StatusOK, "confirm", page)
}

// portfolioCrumbs leads to a portfolio's overview, linked.
func portfolioCrumbs(b web.Base, pf *salkku.Portfolio) []web.Crumb {
	return []web.Crumb{{Label: b.T("nav.portfolios"), URL: "/"}, b.TextCrumb(pf.Name, "/portfolios/"+strconv.FormatInt(pf.ID, 10))}
}

// pager pages a list in SQL: ?page=N of Size rows, keeping the rest of the
// query string in its links.
type pager struct {
	Page, Size, Total int
	query             url.Values
}

// newPager reads ?page= (1 when missing or bad).
func newPager(q url.Values, size int) pager {
	return pager{Page: pageNumber(q.Get("page")), Size: size, query: q}
}

// maxPageNumber bounds ?page=, so that no page's offset can overflow
// (page 184467440737095517 of 50 rows would start at a negative row).
const maxPageNumber = (1<<31 - 1) / salkku.MaxPageSize

// pageNumber reads a ?page= of a page: a number from 1 to maxPageNumber;
// anything else, from a hand-edited URL, is the nearest of those or 1.
func pageNumber(v string) int {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange && !strings.HasPrefix(strings.TrimSpace(v), "-") {
			return maxPageNumber
		}
		return 1
	}
	return min(max(n, 1), maxPageNumber)
}

// pageCount is the number of pages of total rows, at least 1.
func pageCount(total, size int) int { return max(1, (total+size-1)/size) }

// rowRange numbers the rows shown on page of a list, "51–100": 0, 0 when
// the list is empty, and never past its end.
func rowRange(page, size, total int) (first, last int) {
	if total <= 0 || size <= 0 {
		return 0, 0
	}
	page = min(max(page, 1), pageCount(total, size))
	return (page-1)*size + 1, min(page*size, total)
}

// load asks find for the page's rows and the total; when ?page= is past
// the end of a list that has shrunk since the link was made, it shows the
// last page instead.
func (p *pager) load(find func(salkku.Page) (total int, err error)) error {
	var err error
	if p.Total, err = find(p.salkkuPage()); err != nil || p.Page <= p.Pages() {
		return err
	}
	p.Page = p.Pages()
	p.Total, err = find(p.salkkuPage())
	return err
}

// salkkuPage is the slice of the list to ask the store for.
func (p pager) salkkuPage() salkku.Page {
	return salkku.Page{Offset: (p.Page - 1) * p.Size, Limit: p.Size}
}

// Pages is the number of pages, at least 1.
func (p pager) Pages() int { return pageCount(p.Total, p.Size) }

// First and Last number the rows shown, "1–50" (see rowRange).
func (p pager) First() int { f, _ := rowRange(p.Page, p.Size, p.Total); return f }
func (p pager) Last() int  { _, l := rowRange(p.Page, p.Size, p.Total); return l }

// URL links to page n with the same query otherwise.
func (p pager) URL(n int) string {
	q := url.Values{}
	for k, v := range p.query {
		if k != "page" && k != "lang" {
			q[k] = v
		}
	}
	if n > 1 {
		q.Set("page", strconv.Itoa(n))
	}
	if len(q) == 0 {
		return "?"
	}
	return "?" + q.Encode()
}

func sameID(a, b *int64) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}

// ids collects the set ids among optional ones.
func ids(ps ...*int64) []int64 {
	var out []int64
	for _, p := range ps {
		if p != nil {
			out = append(out, *p)
		}
	}
	return out
}

// save writes a new record (editing false) or an edited one. The form's
// own errors go with it: the store reports them together with its checks
// (a code or name already taken) in one answer, and writes nothing while
// there are any.
func save[T any](r *http.Request, fe salkku.FieldErrors, v T, editing bool, create, update func(context.Context, T) error) error {
	ctx := salkku.WithInputErrors(r.Context(), fe)
	if editing {
		return update(ctx, v)
	}
	return create(ctx, v)
}

// load reads the record that the path's {id} names with find; on any error
// (a bad id, not found, not the caller's to see) it answers the error and
// reports false.
func load[T any](s *Server, w http.ResponseWriter, r *http.Request, find func(context.Context, int64) (T, error)) (T, bool) {
	var v T
	id, err := web.PathID(r, "id")
	if err == nil {
		if v, err = find(r.Context(), id); err == nil {
			return v, true
		}
	}
	s.Error(w, r, err)
	return v, false
}

// loadWithProject reads the record of the path's {id} with find and the
// project it belongs to; on any error it answers it and reports false.
func loadWithProject[T any](s *Server, w http.ResponseWriter, r *http.Request, find func(context.Context, int64) (T, error), projectOf func(T) int64) (T, *salkku.Project, bool) {
	v, ok := load(s, w, r, find)
	if !ok {
		return v, nil, false
	}
	p, err := s.Register.FindProjectByID(r.Context(), projectOf(v))
	if err != nil {
		s.Error(w, r, err)
		return v, nil, false
	}
	return v, p, true
}
