package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/salkku/salkku"
)

// The rows of the authorization matrix for background jobs (issue 11,
// web/ui/jobs.go, web/api/jobs.go): anyone signed in queues jobs; a job,
// its progress and its file are its creator's (ownerA here) and the
// admins'; to everyone else it does not exist.
func azJobCases(f *azFixture) []azCase {
	const (
		everyone = azSignedIn
		mine     = azAdmin | azOwner
		others   = azSignedIn &^ mine
	)
	p := fmt.Sprintf
	api := func(format string, args ...any) string { return "/api/v1" + p(format, args...) }
	exportPath := p("/portfolios/%d/export?format=csv", f.a.ID)
	done := f.azJob(azOwner, exportPath)
	runJobs(f.t, f.db, f.srv)
	fresh := func() int64 { return f.azJob(azOwner, exportPath).ID }
	get := func(route, target string, allow, notFound azSet, path string) azCase {
		return azCase{route: route, target: target, allow: allow, notFound: notFound, ok: http.StatusOK, req: func() azReq { return azReq{path: path} }}
	}
	return []azCase{
		{route: "POST /jobs", target: "A's overview", allow: everyone, ok: http.StatusSeeOther,
			req: func() azReq { return azReq{path: "/jobs", form: url.Values{"path": {exportPath}}} }},
		get("GET /jobs", "own", everyone, 0, "/jobs"),
		get("GET /jobs/{id}", "ownerA's, done", mine, others, p("/jobs/%d", done.ID)),
		get("GET /jobs/{id}/result", "ownerA's, done", mine, others, p("/jobs/%d/result", done.ID)),
		{route: "POST /jobs/{id}/cancel", target: "ownerA's, queued", allow: mine, notFound: others, ok: http.StatusSeeOther,
			req: func() azReq { return azReq{path: p("/jobs/%d/cancel", fresh())} }},

		{route: "POST /api/v1/jobs", target: "A's overview", allow: everyone, ok: http.StatusAccepted,
			req: func() azReq { return azReq{path: api("/jobs"), body: map[string]any{"path": exportPath}} }},
		get("GET /api/v1/jobs", "own", everyone, 0, api("/jobs")),
		get("GET /api/v1/jobs/{id}", "ownerA's, done", mine, others, api("/jobs/%d", done.ID)),
		get("GET /api/v1/jobs/{id}/result", "ownerA's, done", mine, others, api("/jobs/%d/result", done.ID)),
		{route: "DELETE /api/v1/jobs/{id}", target: "ownerA's, queued", allow: mine, notFound: others, ok: http.StatusOK,
			req: func() azReq { return azReq{path: api("/jobs/%d", fresh())} }},
	}
}

// azJob queues a job of path as who.
func (f *azFixture) azJob(who azSet, path string) *salkku.Job {
	f.t.Helper()
	sys := salkku.System(context.Background())
	u := f.users[who]
	a, err := f.db.FindAccess(sys, u.ID)
	must(f.t, err)
	j := &salkku.Job{Kind: salkku.JobFile, Method: http.MethodGet, Path: path, Lang: "en"}
	must(f.t, f.db.CreateJob(salkku.WithCaller(context.Background(), salkku.Actor{UserID: u.ID, Name: u.Name}, a), j))
	return j
}
