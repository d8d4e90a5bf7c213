package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/i18n"
	"github.com/salkku/salkku/importer"
)

// maxImportFile bounds a file "salkku import" reads, as the upload does.
const maxImportFile = 64 << 20

const importUsage = "Usage: salkku import actuals [--organisation ID|NAME] [--dry-run] [--map field=Header …] FILE\n"

// mapFlags collects --map field=Header pairs.
type mapFlags map[string]string

func (m mapFlags) String() string { return fmt.Sprint(map[string]string(m)) }
func (m mapFlags) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return fmt.Errorf("want field=Header, got %q", s)
	}
	m[strings.TrimSpace(k)] = strings.TrimSpace(v)
	return nil
}

// runImport is "salkku import actuals FILE": the same checks and the same
// all-or-nothing apply as the import page, with progress on stderr.
func runImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "actuals" {
		fmt.Fprint(stderr, importUsage)
		return flag.ErrHelp
	}
	m := NewMain()
	m.Stdout = stdout
	fs := flag.NewFlagSet("salkku import actuals", flag.ContinueOnError)
	fs.SetOutput(stderr)
	org := fs.String("organisation", envOr("SALKKU_ORGANISATION", ""), "the organisation, by id or name; may be left out when there is only one (SALKKU_ORGANISATION)")
	dry := fs.Bool("dry-run", false, "check every row and show what would change, changing nothing")
	lang := fs.String("lang", envOr("SALKKU_LANG", i18n.Default), "language of the messages: fi, sv or en (SALKKU_LANG)")
	mapping := mapFlags{}
	fs.Var(mapping, "map", "field=Header: take the field from the column with that header (repeatable); fields: "+fieldKeys())
	// The file comes last, after the flags.
	rest := args[1:]
	if len(rest) == 0 || strings.HasPrefix(rest[len(rest)-1], "-") {
		fmt.Fprint(stderr, importUsage)
		return flag.ErrHelp
	}
	path := rest[len(rest)-1]
	if err := m.parseWith(fs, "import actuals", rest[:len(rest)-1], stderr); err != nil {
		return err
	}
	cat := i18n.MustLoad()
	db, err := m.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	sys := salkku.System(ctx)
	o, err := findOrganisation(sys, db, *org)
	if err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	bar := newProgressBar(stderr)
	t, err := importer.Read(filepath.Base(path), f, maxImportFile, importer.Progress(func(done, total int) { bar.show("read", done, total) }))
	bar.done()
	if err != nil {
		return errors.New(messageOf(cat, *lang, err))
	}
	if len(mapping) == 0 {
		if saved, err := db.FindImportMapping(sys, o.ID, salkku.ImportKindActuals); err == nil && importer.Check(saved, t.Header, importer.ActualFields) == nil {
			mapping = saved
		} else {
			mapping = mapFlags(importer.Guess(t.Header, importer.ActualFields))
		}
	}
	b, err := importer.Bind(importer.Mapping(mapping), t.Header, importer.ActualFields)
	if err != nil {
		return fmt.Errorf("the columns do not fit: %s (header: %s); give them with --map field=Header", messageOf(cat, *lang, err), strings.Join(t.Header, "; "))
	}
	rows := importer.ActualRows(t, b)
	res, err := db.ImportActuals(sys, salkku.ImportRequest{OrganisationID: o.ID, FileName: filepath.Base(path), Rows: rows, Apply: !*dry,
		Columns: b.Columns(), Progress: func(done, total int) { bar.show("rows", done, total) }})
	bar.done()
	if err != nil {
		return err
	}
	for _, p := range res.Problems {
		where := cat.T(*lang, "import.cli_row", p.Row)
		if p.Column != "" {
			where += ", " + p.Column
		}
		fmt.Fprintf(stdout, "%s: %s\n", where, cat.T(*lang, p.Key, p.Args...))
	}
	fmt.Fprintf(stdout, "salkku: %d rows: %d new, %d changed, %d unchanged, %d with problems; total %s\n",
		res.Rows, res.New, res.Updated, res.Unchanged, errorRows(res), res.Total.Format(*lang, false))
	if len(res.Problems) > 0 {
		return fmt.Errorf("%d problems: nothing was imported", len(res.Problems))
	}
	if *dry {
		fmt.Fprintln(stdout, "salkku: dry run, nothing was changed")
		return nil
	}
	if err := db.SaveImportMapping(sys, o.ID, salkku.ImportKindActuals, mapping); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "salkku: imported into %s (import %d)\n", o.Name.PrimaryText(), res.ImportID)
	return nil
}

func errorRows(res *salkku.ImportResult) int {
	n := 0
	for _, p := range res.Preview {
		if p.Action == salkku.ImportError {
			n++
		}
	}
	return n
}

func fieldKeys() string {
	var keys []string
	for _, f := range importer.ActualFields {
		keys = append(keys, f.Key)
	}
	return strings.Join(keys, ", ")
}

// messageOf is an error in the reader's language when it carries
// catalogue keys.
func messageOf(cat *i18n.Catalog, lang string, err error) string {
	var e *salkku.Error
	if !errors.As(err, &e) {
		return err.Error()
	}
	var parts []string
	if len(e.Fields) == 0 {
		parts = append(parts, cat.T(lang, e.Message, e.Args...))
	}
	for f, k := range e.Fields {
		parts = append(parts, f+": "+cat.T(lang, k))
	}
	return strings.Join(parts, "; ")
}

// findOrganisation finds an organisation by id or name, or the only one.
func findOrganisation(ctx context.Context, db interface {
	FindOrganisations(context.Context, salkku.Page) ([]*salkku.Organisation, int, error)
}, which string) (*salkku.Organisation, error) {
	orgs, _, err := db.FindOrganisations(ctx, salkku.Page{Limit: salkku.MaxPageSize})
	if err != nil {
		return nil, err
	}
	var names []string
	for _, o := range orgs {
		if which == "" && len(orgs) == 1 || strconv.FormatInt(o.ID, 10) == which || which != "" && salkku.Fold(o.Name.PrimaryText()) == salkku.Fold(which) {
			return o, nil
		}
		names = append(names, fmt.Sprintf("%d %s", o.ID, o.Name.PrimaryText()))
	}
	if which == "" {
		return nil, fmt.Errorf("name the organisation with --organisation: %s", strings.Join(names, ", "))
	}
	return nil, fmt.Errorf("no organisation %q: %s", which, strings.Join(names, ", "))
}

// progressBar draws "rows  [#####     ] 5000 / 10000" on one line.
type progressBar struct {
	w     io.Writer
	shown bool
}

func newProgressBar(w io.Writer) *progressBar { return &progressBar{w: w} }

func (b *progressBar) show(what string, done, total int) {
	if total <= 0 {
		return
	}
	const width = 30
	n := min(width, done*width/total)
	fmt.Fprintf(b.w, "\r%-5s [%s%s] %d / %d", what, strings.Repeat("#", n), strings.Repeat(" ", width-n), done, total)
	b.shown = true
}

func (b *progressBar) done() {
	if b.shown {
		fmt.Fprintln(b.w)
		b.shown = false
	}
}
