package pdf

import (
	"fmt"
	"strings"
)

// An elem is an element of the PDF's structure tree (tagged PDF): the
// document, a heading, a paragraph, a list and its items, a table, its
// rows and cells, a figure with its text alternative. Its kids are
// elements and, at the leaves, the marked content drawn for it.
type elem struct {
	tag    string // standard structure type: Document, H1, P, L, LI, Table, TR, TH, TD, Figure, …
	alt    string
	parent *elem
	kids   []any // *elem or mcr
	n      int   // object number
}

// mcr is a piece of marked content: the MCID-th on a page.
type mcr struct{ page, mcid int }

// child makes an element under l.cur (the document at the top).
func (l *layouter) child(tag string) *elem {
	p := l.cur
	if p == nil {
		p = l.root
	}
	e := &elem{tag: tag, parent: p}
	p.kids = append(p.kids, e)
	return e
}

// within makes e the parent of the elements fn makes.
func (l *layouter) within(e *elem, fn func()) {
	saved := l.cur
	l.cur = e
	defer func() { l.cur = saved }()
	fn()
}

// mark draws fn's content as e's, numbered on the page for the parent
// tree; with no element, as is.
func (c *canvas) mark(e *elem, fn func()) {
	if e == nil {
		fn()
		return
	}
	id := len(c.marks)
	c.marks = append(c.marks, e)
	e.kids = append(e.kids, mcr{c.page, id})
	c.f("/%s <</MCID %d>> BDC\n", e.tag, id)
	fn()
	c.f("EMC\n")
}

// artifact draws fn's content as an artifact: a rule, a frame, the
// footer, a repeated table header, which readers of the text skip.
func (c *canvas) artifact(fn func()) {
	c.f("/Artifact BMC\n")
	fn()
	c.f("EMC\n")
}

// drawChunk draws a chunk at (x, y): marked as its element's content, or
// as an artifact.
func drawChunk(c *canvas, ch *chunk, x, y float64) {
	switch {
	case ch.artifact:
		c.artifact(func() { ch.draw(c, x, y) })
	default:
		c.mark(ch.elem, func() { ch.draw(c, x, y) })
	}
}

// prune drops the elements that got no content.
func prune(e *elem) bool {
	kids := e.kids[:0]
	for _, k := range e.kids {
		if ke, ok := k.(*elem); ok && !prune(ke) {
			continue
		}
		kids = append(kids, k)
	}
	e.kids = kids
	return len(kids) > 0
}

// structTree writes the structure tree and the parent tree that maps
// each page's marked content back to its element; it returns the tree
// root's object number.
func (p *pdfWriter) structTree(root *elem, pageObjs []int, marks [][]*elem) int {
	prune(root)
	treeRoot := p.alloc()
	var number func(e *elem)
	number = func(e *elem) {
		e.n = p.alloc()
		for _, k := range e.kids {
			if ke, ok := k.(*elem); ok {
				number(ke)
			}
		}
	}
	number(root)
	var write func(e *elem)
	write = func(e *elem) {
		var b strings.Builder
		parent := treeRoot
		if e.parent != nil {
			parent = e.parent.n
		}
		fmt.Fprintf(&b, "<< /Type /StructElem /S /%s /P %d 0 R", e.tag, parent)
		if e.alt != "" {
			fmt.Fprintf(&b, " /Alt %s", text(e.alt))
		}
		b.WriteString(" /K [")
		for _, k := range e.kids {
			switch k := k.(type) {
			case *elem:
				fmt.Fprintf(&b, " %d 0 R", k.n)
			case mcr:
				fmt.Fprintf(&b, " << /Type /MCR /Pg %d 0 R /MCID %d >>", pageObjs[k.page], k.mcid)
			}
		}
		b.WriteString(" ] >>")
		p.obj(e.n, "%s", b.String())
		for _, k := range e.kids {
			if ke, ok := k.(*elem); ok {
				write(ke)
			}
		}
	}
	write(root)
	var nums strings.Builder
	for i, ms := range marks {
		fmt.Fprintf(&nums, " %d [", i)
		for _, e := range ms {
			fmt.Fprintf(&nums, " %d 0 R", e.n)
		}
		nums.WriteString(" ]")
	}
	p.obj(treeRoot, "<< /Type /StructTreeRoot /K [%d 0 R] /ParentTree << /Nums [%s ] >> /ParentTreeNextKey %d >>",
		root.n, nums.String(), len(marks))
	return treeRoot
}
