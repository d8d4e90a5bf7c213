package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/salkku/salkku"
)

var errNotFound = salkku.Errorf(salkku.ENOTFOUND, "error.not_found")

// confirmPage asks before deleting something.
type confirmPage struct {
	Base
	Question string
	Cancel   string
	// Refused is set when the delete was refused; the page then shows the
	// reason and a way back instead of the question.
	Refused bool
	// Hidden are posted with the confirmation; Button labels it (by
	// default "Delete").
	Hidden []Option
	Button string
}

// confirmDelete shows the confirmation on GET and deletes on POST. A
// refused delete (still in use) shows the page again with the reason, and
// nothing changes.
func (s *Server) confirmDelete(w http.ResponseWriter, r *http.Request, b Base, question, cancel string, del func() error, done string) {
	page := confirmPage{Base: b, Question: question, Cancel: cancel}
	if r.Method == http.MethodPost {
		err := del()
		if err == nil {
			redirect(w, r, done, "flash.deleted")
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
		s.render(w, r, ErrorStatus(err), "confirm", page)
		return
	}
	s.render(w, r, http.StatusOK, "confirm", page)
}

// portfolioCrumbs leads to a portfolio's overview, linked.
func portfolioCrumbs(b Base, pf *salkku.Portfolio) []Crumb {
	return []Crumb{{Label: b.T("nav.portfolios"), URL: "/"}, {Label: pf.Name, URL: "/portfolios/" + strconv.FormatInt(pf.ID, 10)}}
}

// pager pages a list in SQL: ?page=N of Size rows, keeping the rest of the
// query string in its links.
type pager struct {
	Page, Size, Total int
	query             url.Values
}

// newPager reads ?page= (1 when missing or bad).
func newPager(q url.Values, size int) pager {
	p := pager{Size: size, query: q}
	p.Page, _ = strconv.Atoi(q.Get("page"))
	p.Page = max(p.Page, 1)
	return p
}

// salkkuPage is the slice of the list to ask the store for.
func (p pager) salkkuPage() salkku.Page {
	return salkku.Page{Offset: (p.Page - 1) * p.Size, Limit: p.Size}
}

// Pages is the number of pages, at least 1.
func (p pager) Pages() int { return max(1, (p.Total+p.Size-1)/p.Size) }

// First and Last number the rows shown, "1–50".
func (p pager) First() int { return min((p.Page-1)*p.Size+1, p.Total) }
func (p pager) Last() int  { return min(p.Page*p.Size, p.Total) }

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
