package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/url"
	"strings"
)

const docUsage = `Usage:
  salkku doc action-plan --portfolio ID [--status S] [--category ID] [--phase KEY] [flags]
  salkku doc pack --project ID --date DAY [flags]
  salkku doc pack --portfolio ID --date DAY [flags]

Flags of every document:
  --format pdf|docx|html   the document's format (default pdf)
  --language fi|sv|en      the document's language (default the --lang of the messages)
  --as EMAIL, --out FILE|-, --lang fi|sv|en, and the database flags of "salkku export -h"
`

// docFlags are the flags "salkku doc" reads itself; the others go on to
// "salkku export", which makes the file.
var docFlags = map[string]string{
	"portfolio": "", "project": "", "date": "date", "status": "status", "category": "category_id",
	"phase": "phase", "language": "language",
}

// runDoc is "salkku doc action-plan|pack": the document the page's form
// makes, written by the same handler as "salkku export" writes a list,
// with a progress bar, as the given user.
func runDoc(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "action-plan" && args[0] != "pack") {
		fmt.Fprint(stderr, docUsage)
		return flag.ErrHelp
	}
	kind := args[0]
	own, rest, err := splitFlags(args[1:], docFlags)
	if err != nil {
		fmt.Fprint(stderr, docUsage)
		return err
	}
	q := url.Values{}
	for name, param := range docFlags {
		if v, ok := own[name]; ok && param != "" {
			q.Set(param, v)
		}
	}
	var path string
	switch {
	case kind == "action-plan" && own["portfolio"] != "":
		path = "/portfolios/" + own["portfolio"] + "/action-plan/file"
	case kind == "pack" && own["date"] == "":
		return fmt.Errorf("salkku doc pack: --date is required, the report date, e.g. 22.11.2021")
	case kind == "pack" && own["project"] != "":
		path = "/projects/" + own["project"] + "/pack/file"
	case kind == "pack" && own["portfolio"] != "":
		path = "/portfolios/" + own["portfolio"] + "/pack/file"
	default:
		fmt.Fprint(stderr, docUsage)
		return fmt.Errorf("salkku doc %s: which portfolio or project?", kind)
	}
	for _, id := range []string{own["portfolio"], own["project"]} {
		if strings.ContainsAny(id, "/?#") {
			return fmt.Errorf("salkku doc: %q is not an id", id)
		}
	}
	if !hasFlag(rest, "format") {
		rest = append(rest, "--format", "pdf")
	}
	return runExport(ctx, append(rest, path+"?"+q.Encode()), stdout, stderr)
}

// splitFlags takes the flags named in names (as -name V, --name V or
// --name=V) out of args, returning their values and the other arguments.
func splitFlags(args []string, names map[string]string) (map[string]string, []string, error) {
	own, rest := map[string]string{}, []string{}
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if _, ok := names[name]; !ok || !strings.HasPrefix(a, "-") {
			rest = append(rest, a)
			continue
		}
		if !hasValue {
			if i+1 >= len(args) {
				return nil, nil, fmt.Errorf("flag needs an argument: -%s", name)
			}
			i++
			value = args[i]
		}
		own[name] = value
	}
	return own, rest, nil
}

// hasFlag reports whether args set the flag name.
func hasFlag(args []string, name string) bool {
	for _, a := range args {
		n, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && n == name {
			return true
		}
	}
	return false
}
