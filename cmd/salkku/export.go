package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/i18n"
	"github.com/salkku/salkku/web"
	"github.com/salkku/salkku/web/jobs"
	"github.com/salkku/salkku/web/site"
)

const exportUsage = "Usage: salkku export [--format xlsx|csv-fi|csv] [--as EMAIL] [--out FILE|-] [--lang fi|sv|en] PATH\n" +
	"  PATH is a list's page or its download link, e.g. /portfolios/3 or /portfolios/3/export?status=active\n"

// runExport is "salkku export PATH": the file a download or a background
// job of GET PATH gives, made in-process by the same handler (jobs.RunFile)
// as the given user, with the page's filters from PATH's query.
func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	m := NewMain()
	m.Stdout = stderr // stdout may be the file
	fs := flag.NewFlagSet("salkku export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "", "xlsx, csv-fi (Excel, Finnish) or csv (RFC 4180); default the PATH's format=, else xlsx")
	as := fs.String("as", envOr("SALKKU_AS", ""), "the user whose access the file is made with, by e-mail; default the first admin (SALKKU_AS)")
	out := fs.String("out", "", "the file to write, - for standard output; default the file's own name in the current folder")
	lang := fs.String("lang", envOr("SALKKU_LANG", i18n.Default), "language of the file: fi, sv or en (SALKKU_LANG)")
	// The path comes last, after the flags.
	if len(args) == 0 || strings.HasPrefix(args[len(args)-1], "-") {
		fmt.Fprint(stderr, exportUsage)
		return flag.ErrHelp
	}
	path := args[len(args)-1]
	if err := m.parseWith(fs, "export", args[:len(args)-1], stderr); err != nil {
		return err
	}
	if i18n.Supported(*lang) == "" {
		return fmt.Errorf("unknown language %q: fi, sv or en", *lang)
	}
	path, err := exportPath(path, *format)
	if err != nil {
		return errors.New(i18n.MustLoad().T(*lang, salkku.ErrorMessage(err)))
	}
	db, err := m.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	sys := salkku.System(ctx)
	caller, err := exportCaller(sys, db, *as)
	if err != nil {
		return err
	}
	caller.Lang = *lang
	srv, err := site.New(web.Config{Register: db, Users: db, DB: db,
		Logger: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelError}))})
	if err != nil {
		return err
	}
	// The file is written beside its final name and moved there when whole.
	var w io.Writer = stdout
	var tmp *os.File
	if *out != "-" {
		dir := "."
		if *out != "" {
			dir = filepath.Dir(*out)
		}
		if tmp, err = os.CreateTemp(dir, ".salkku-export-*"); err != nil {
			return err
		}
		defer os.Remove(tmp.Name())
		defer tmp.Close()
		w = tmp
	}
	bar := newProgressBar(stderr)
	name, _, err := jobs.RunFile(ctx, srv, caller, path, w, func(done, total int, _ string) { bar.show("rows", done, total) })
	bar.done()
	if err != nil {
		return errors.New(messageOf(i18n.MustLoad(), *lang, err))
	}
	if tmp == nil {
		return nil
	}
	if err := tmp.Chmod(0o644); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	dest := *out
	if dest == "" {
		if dest = filepath.Base(name); dest == "" || dest == "." || dest == "/" {
			dest = "salkku-export"
		}
	}
	if err := os.Rename(tmp.Name(), dest); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "salkku: wrote %s\n", dest)
	return nil
}

// exportPath is the download path of PATH: its format set from --format
// (xlsx when neither gives one), "/export" added to a list page's path.
func exportPath(path, format string) (string, error) {
	u, err := url.ParseRequestURI(path)
	if err != nil {
		return "", fmt.Errorf("not a path of Salkku: %q", path)
	}
	q := u.Query()
	if format != "" {
		q.Set("format", format)
	} else if q.Get("format") == "" {
		q.Set("format", "xlsx")
	}
	u.RawQuery = q.Encode()
	p, _, err := web.CheckJobPath(u.RequestURI())
	if err != nil && !strings.Contains(u.Path, "/export") {
		u.Path = strings.TrimSuffix(u.Path, "/") + "/export"
		if p2, _, err2 := web.CheckJobPath(u.RequestURI()); salkku.ErrorMessage(err2) != salkku.ErrorMessage(err) {
			return p2, err2
		}
	}
	return p, err
}

// exportCaller is the user a file is made as: the one named, or the
// first admin, or when there is none Salkku itself.
func exportCaller(sys context.Context, db interface {
	FindUserByEmail(context.Context, string) (*salkku.User, error)
	FindUsers(context.Context, salkku.UserFilter) ([]*salkku.User, int, error)
	FindAccess(context.Context, int64) (*salkku.Access, error)
}, email string) (jobs.Caller, error) {
	var u *salkku.User
	if email != "" {
		var err error
		if u, err = db.FindUserByEmail(sys, email); err != nil {
			return jobs.Caller{}, fmt.Errorf("no user %q: %w", email, err)
		}
	} else {
		for off := 0; u == nil; off += salkku.MaxPageSize {
			users, _, err := db.FindUsers(sys, salkku.UserFilter{Page: salkku.Page{Offset: off, Limit: salkku.MaxPageSize}})
			if err != nil {
				return jobs.Caller{}, err
			}
			for _, c := range users {
				if c.Admin && !c.Disabled {
					u = c
					break
				}
			}
			if len(users) < salkku.MaxPageSize {
				break
			}
		}
		if u == nil {
			return jobs.Caller{User: &salkku.User{Name: "Salkku", Admin: true}, Access: salkku.AccessFrom(sys)}, nil
		}
	}
	if u.Disabled {
		return jobs.Caller{}, fmt.Errorf("user %s is disabled", u.Email)
	}
	a, err := db.FindAccess(sys, u.ID)
	if err != nil {
		return jobs.Caller{}, err
	}
	return jobs.Caller{User: u, Access: a}, nil
}
