package web

import (
	"net/url"

	"github.com/salkku/salkku/export"
)

// ExportLink is one link of a list page's "Download" group.
type ExportLink struct {
	URL, Label string
}

// ExportLinks are the links that download the page's list as a file, one
// for each format: the page's path + "/export" with the page's query
// string (its filters and sort) but not its paging, since the file holds
// every page.
func (b Base) ExportLinks() []ExportLink {
	q := url.Values{}
	for k, v := range b.Query {
		switch k {
		case "page", "before", "after", "after_id", "format", "lang":
			continue
		}
		q[k] = v
	}
	var out []ExportLink
	for _, f := range export.Formats {
		q.Set("format", string(f))
		out = append(out, ExportLink{URL: b.Path + "/export?" + q.Encode(), Label: b.T(export.Label(f))})
	}
	return out
}
