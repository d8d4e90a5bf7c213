// Package browser drives a real headless Chromium for tests and for
// rendering pages to PNG, through the DevTools protocol (chromedp). Tests
// skip where no Chromium is installed, and fail under SALKKU_TEST_ALL=1.
package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/salkku/salkku/internal/testenv"
)

// Path finds Chromium: SALKKU_CHROMIUM, else chromium on the PATH.
func Path() string {
	if p := os.Getenv("SALKKU_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// New starts a headless Chromium for one test and returns its context.
func New(tb testing.TB) context.Context {
	tb.Helper()
	path := Path()
	if path == "" {
		testenv.SkipOrFail(tb, "Chromium is not installed (apt-get install chromium, or set SALKKU_CHROMIUM); skipping browser tests")
	}
	// Chromium may still write its profile for a moment after it is told
	// to stop, so the folder is removed after it, best-effort, rather than
	// with t.TempDir's strict cleanup.
	profile, err := os.MkdirTemp("", "salkku-chromium-")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		for i := 0; i < 20 && os.RemoveAll(profile) != nil; i++ {
			time.Sleep(100 * time.Millisecond)
		}
	})
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1366, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	tb.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Run(ctx); err != nil {
		tb.Fatalf("start chromium: %v", err)
	}
	// Every action after the start must finish within the test's budget:
	// a page that never shows what a test waits for fails, not hangs.
	// Generous: under the race detector on a busy 2-core machine a sign-in
	// alone takes seconds, and the page table now visits some 150 pages,
	// each with axe, reflow and text-spacing checks.
	tctx, tcancel := context.WithTimeout(ctx, 15*time.Minute)
	tb.Cleanup(tcancel)
	return tctx
}

// Violation is one accessibility rule that a page breaks, as axe-core
// reports it.
type Violation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

func (v Violation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s", v.ID, v.Impact, v.Help)
	for i, n := range v.Nodes {
		if i == 3 {
			fmt.Fprintf(&b, "\n    … and %d more", len(v.Nodes)-3)
			break
		}
		fmt.Fprintf(&b, "\n    %v %s", n.Target, n.HTML)
	}
	return b.String()
}

// AxePath finds axe-core's axe.min.js: SALKKU_AXE, else .ci/node_modules
// above the working directory (where .ci/run installs it).
func AxePath() string {
	if p := os.Getenv("SALKKU_AXE"); p != "" {
		return p
	}
	dir, _ := os.Getwd()
	for i := 0; i < 5 && dir != "/"; i++ {
		p := filepath.Join(dir, ".ci", "node_modules", "axe-core", "axe.min.js")
		if _, err := os.Stat(p); err == nil {
			return p
		}
		dir = filepath.Dir(dir)
	}
	return ""
}

// Axe runs axe-core's WCAG 2.1 A and AA rules on the current page and
// returns the violations.
func Axe(tb testing.TB, ctx context.Context) []Violation {
	tb.Helper()
	path := AxePath()
	if path == "" {
		testenv.SkipOrFail(tb, "axe-core is not installed (cd .ci && npm ci); skipping the accessibility check")
	}
	src, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var res string
	js := string(src) + `;
		axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
			.then(r => JSON.stringify(r.violations))`
	if err := chromedp.Run(ctx, chromedp.Evaluate(js, &res, func(p *runtime.EvaluateParams) *runtime.EvaluateParams {
		return p.WithAwaitPromise(true)
	})); err != nil {
		tb.Fatalf("axe: %v", err)
	}
	var vs []Violation
	if err := json.Unmarshal([]byte(res), &vs); err != nil {
		tb.Fatalf("axe result: %v", err)
	}
	return vs
}
