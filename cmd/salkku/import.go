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
	"github.com/salkku/salkku/sqldb"
)

// maxImportFile bounds a file "salkku import" reads, as the upload does.
const maxImportFile = 64 << 20

const importUsage = "Usage: salkku import actuals [--organisation ID|NAME] [--dry-run] [--map field=Header …] FILE\n" +
	"       salkku import projects --portfolio ID [--dry-run] [--map field=Header …] FILE\n"

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

// runImport is "salkku import actuals|projects FILE": the same checks and
// the same all-or-nothing apply as the import pages, with progress on
// stderr.
func runImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "actuals":
			return runImportActuals(ctx, args[1:], stdout, stderr)
		case "projects":
			return runImportProjects(ctx, args[1:], stdout, stderr)
		}
	}
	fmt.Fprint(stderr, importUsage)
	return flag.ErrHelp
}

// importCommand is what both imports share: the flags, the file read
// with a progress bar, its mapping, and the report of the outcome.
type importCommand struct {
	m       *Main
	fs      *flag.FlagSet
	name    string
	fields  []importer.Field
	dry     *bool
	lang    *string
	mapping mapFlags
	path    string
	cat     *i18n.Catalog
	bar     *progressBar
	stdout  io.Writer
}

func newImportCommand(kind string, fields []importer.Field, stdout, stderr io.Writer) *importCommand {
	c := &importCommand{m: NewMain(), name: "import " + kind, fields: fields, mapping: mapFlags{}, stdout: stdout, bar: newProgressBar(stderr)}
	c.m.Stdout = stdout
	c.fs = flag.NewFlagSet("salkku "+c.name, flag.ContinueOnError)
	c.fs.SetOutput(stderr)
	c.dry = c.fs.Bool("dry-run", false, "check every row and show what would change, changing nothing")
	c.lang = c.fs.String("lang", envOr("SALKKU_LANG", i18n.Default), "language of the messages: fi, sv or en (SALKKU_LANG)")
	var keys []string
	for _, f := range fields {
		keys = append(keys, f.Key)
	}
	c.fs.Var(c.mapping, "map", "field=Header: take the field from the column with that header (repeatable); fields: "+strings.Join(keys, ", "))
	return c
}

// parse reads the flags and the file, which comes last, after them.
func (c *importCommand) parse(args []string, stderr io.Writer) error {
	if len(args) == 0 || strings.HasPrefix(args[len(args)-1], "-") {
		fmt.Fprint(stderr, importUsage)
		return flag.ErrHelp
	}
	c.path = args[len(args)-1]
	if err := c.m.parseWith(c.fs, c.name, args[:len(args)-1], stderr); err != nil {
		return err
	}
	c.cat = i18n.MustLoad()
	return nil
}

// read reads the file, showing how far it is.
func (c *importCommand) read() (*importer.Table, error) {
	f, err := os.Open(c.path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	t, err := importer.Read(filepath.Base(c.path), f, maxImportFile, importer.Progress(func(done, total int) { c.bar.show("read", done, total) }))
	c.bar.done()
	if err != nil {
		return nil, errors.New(messageOf(c.cat, *c.lang, err))
	}
	return t, nil
}

// bind maps the file's columns: the mapping saved for the organisation
// when it fits, else the one guessed, with the --map flags over it (a
// column a flag names is no other field's).
func (c *importCommand) bind(ctx context.Context, db *sqldb.DB, org int64, kind string, t *importer.Table,
	bind func(importer.Mapping, []string) (*importer.Binding, error)) (*importer.Binding, error) {
	saved, _ := db.FindImportMapping(ctx, org, kind)
	m := importer.Choose(saved, t.Header, c.fields)
	for field, col := range c.mapping {
		for f, other := range m {
			if other == col {
				delete(m, f)
			}
		}
		m[field] = col
	}
	c.mapping = mapFlags(m)
	b, err := bind(m, t.Header)
	if err != nil {
		return nil, fmt.Errorf("the columns do not fit: %s (header: %s); give them with --map field=Header", messageOf(c.cat, *c.lang, err), strings.Join(t.Header, "; "))
	}
	return b, nil
}

// report prints every problem and the counts; with problems nothing was
// imported, which is the error.
func (c *importCommand) report(sum *salkku.ImportSummary, errorRows int, extra string) error {
	for _, p := range sum.Problems {
		where := c.cat.T(*c.lang, "import.cli_row", p.Row)
		if p.Column != "" {
			where += ", " + p.Column
		}
		fmt.Fprintf(c.stdout, "%s: %s\n", where, c.cat.T(*c.lang, p.Key, p.Args...))
	}
	fmt.Fprintf(c.stdout, "salkku: %d rows: %d new, %d changed, %d unchanged, %d with problems%s\n",
		sum.Rows, sum.New, sum.Updated, sum.Unchanged, errorRows, extra)
	if len(sum.Problems) > 0 {
		return fmt.Errorf("%d problems: nothing was imported", len(sum.Problems))
	}
	if *c.dry {
		fmt.Fprintln(c.stdout, "salkku: dry run, nothing was changed")
	}
	return nil
}

// runImportActuals is "salkku import actuals FILE".
func runImportActuals(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newImportCommand("actuals", importer.ActualFields, stdout, stderr)
	org := c.fs.String("organisation", envOr("SALKKU_ORGANISATION", ""), "the organisation, by id or name; may be left out when there is only one (SALKKU_ORGANISATION)")
	if err := c.parse(args, stderr); err != nil {
		return err
	}
	db, err := c.m.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	sys := salkku.System(ctx)
	o, err := findOrganisation(sys, db, *org)
	if err != nil {
		return err
	}
	t, err := c.read()
	if err != nil {
		return err
	}
	b, err := c.bind(sys, db, o.ID, salkku.ImportKindActuals, t, func(m importer.Mapping, h []string) (*importer.Binding, error) {
		return importer.Bind(m, h, importer.ActualFields)
	})
	if err != nil {
		return err
	}
	res, err := db.ImportActuals(sys, salkku.ImportRequest{OrganisationID: o.ID, FileName: filepath.Base(c.path), Rows: importer.ActualRows(t, b), Apply: !*c.dry,
		Columns: b.Columns(), Progress: func(done, total int) { c.bar.show("rows", done, total) }})
	c.bar.done()
	if err != nil {
		return err
	}
	bad := 0
	for _, p := range res.Preview {
		if p.Action == salkku.ImportError {
			bad++
		}
	}
	if err := c.report(&res.ImportSummary, bad, "; total "+res.Total.Format(*c.lang, false)); err != nil || *c.dry {
		return err
	}
	if err := db.SaveImportMapping(sys, o.ID, salkku.ImportKindActuals, c.mapping); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "salkku: imported into %s (import %d)\n", o.Name.PrimaryText(), res.ImportID)
	return nil
}

// runImportProjects is "salkku import projects --portfolio ID FILE": a
// project list into a portfolio.
func runImportProjects(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newImportCommand("projects", importer.ProjectFields, stdout, stderr)
	pfID := c.fs.Int64("portfolio", 0, "the portfolio to import into, by id")
	if err := c.parse(args, stderr); err != nil {
		return err
	}
	if *pfID <= 0 {
		fmt.Fprint(stderr, importUsage)
		return errors.New("name the portfolio with --portfolio ID")
	}
	db, err := c.m.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	sys := salkku.System(ctx)
	pf, err := db.FindPortfolioByID(sys, *pfID)
	if err != nil {
		return fmt.Errorf("portfolio %d: %s", *pfID, messageOf(c.cat, *c.lang, err))
	}
	t, err := c.read()
	if err != nil {
		return err
	}
	b, err := c.bind(sys, db, pf.OrganisationID, salkku.ImportKindProjects, t, importer.BindProjects)
	if err != nil {
		return err
	}
	in := importer.ProjectList(filepath.Base(c.path), t, b, pf.Name.Primary)
	in.Progress = func(done, total int) { c.bar.show("rows", done, total) }
	res, err := db.ImportProjects(sys, pf.ID, in, *c.dry)
	c.bar.done()
	if err != nil {
		return err
	}
	bad := 0
	for _, p := range res.Preview {
		if p.Action == salkku.ImportError {
			bad++
		}
	}
	if err := c.report(&res.ImportSummary, bad, ""); err != nil || *c.dry {
		return err
	}
	if err := db.SaveImportMapping(sys, pf.OrganisationID, salkku.ImportKindProjects, c.mapping); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "salkku: imported into %s\n", pf.Name.PrimaryText())
	return nil
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
