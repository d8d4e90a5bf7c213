// Package chrome prints a document's HTML (doc/html) to PDF with headless
// Chromium: a tagged PDF with an outline of its headings, the footer on
// every page. It is the best PDF Salkku makes; where no Chromium is
// installed, doc/pdf makes one in pure Go instead (see doc/render).
package chrome

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/salkku/salkku/doc"
)

// Find finds Chromium: SALKKU_CHROMIUM, else chromium on the PATH; ""
// when there is none.
func Find() string {
	if p := os.Getenv("SALKKU_CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err == nil {
			return p
		}
		return ""
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Printer prints with one Chromium, started on first use and kept for the
// next documents; each print is a tab of its own. It is safe for
// concurrent use.
type Printer struct {
	Path string
	// Timeout bounds one print; 2 minutes when zero.
	Timeout time.Duration

	mu      sync.Mutex
	alloc   context.Context
	browser context.Context
	cancel  func()
}

// New is a printer for the Chromium at path.
func New(path string) *Printer { return &Printer{Path: path} }

// start starts Chromium unless it runs.
func (p *Printer) start() (context.Context, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.browser != nil && p.browser.Err() == nil {
		return p.browser, nil
	}
	profile, err := os.MkdirTemp("", "salkku-print-")
	if err != nil {
		return nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(p.Path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(profile),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-extensions", true),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	if err := chromedp.Run(browser); err != nil {
		cancelBrowser()
		cancelAlloc()
		os.RemoveAll(profile)
		return nil, fmt.Errorf("chrome: start %s: %w", p.Path, err)
	}
	p.alloc, p.browser = alloc, browser
	p.cancel = func() {
		cancelBrowser()
		cancelAlloc()
		os.RemoveAll(profile)
	}
	return browser, nil
}

// Close stops Chromium.
func (p *Printer) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cancel != nil {
		p.cancel()
		p.cancel, p.browser, p.alloc = nil, nil, nil
	}
}

// PDF prints html, the page doc/html wrote for d, to PDF.
func (p *Printer) PDF(ctx context.Context, html []byte, d *doc.Document) ([]byte, error) {
	out, err := p.print(ctx, html, d)
	if err != nil && ctx.Err() == nil {
		// Chromium may have died between documents: once more, afresh.
		p.Close()
		out, err = p.print(ctx, html, d)
	}
	return out, err
}

func (p *Printer) print(ctx context.Context, html []byte, d *doc.Document) ([]byte, error) {
	browser, err := p.start()
	if err != nil {
		return nil, err
	}
	tab, cancel := chromedp.NewContext(browser)
	defer cancel()
	timeout := p.Timeout
	if timeout == 0 {
		timeout = 2 * time.Minute
	}
	tab, cancelT := context.WithTimeout(tab, timeout)
	defer cancelT()
	stop := context.AfterFunc(ctx, cancelT)
	defer stop()
	var pdf []byte
	err = chromedp.Run(tab,
		chromedp.Navigate("about:blank"),
		chromedp.ActionFunc(func(ctx context.Context) error {
			tree, err := page.GetFrameTree().Do(ctx)
			if err != nil {
				return err
			}
			return page.SetDocumentContent(tree.Frame.ID, string(html)).Do(ctx)
		}),
		// Fonts and the layout settle before printing.
		chromedp.Evaluate(`document.fonts ? document.fonts.ready.then(() => true) : true`, nil, func(p *runtime.EvaluateParams) *runtime.EvaluateParams {
			return p.WithAwaitPromise(true)
		}),
		chromedp.ActionFunc(func(ctx context.Context) error {
			var err error
			pdf, _, err = page.PrintToPDF().
				WithPrintBackground(true).
				WithPreferCSSPageSize(true).
				WithDisplayHeaderFooter(true).
				WithHeaderTemplate(`<span></span>`).
				WithFooterTemplate(Footer(d)).
				WithGenerateTaggedPDF(true).
				WithGenerateDocumentOutline(true).
				Do(ctx)
			return err
		}),
	)
	if err != nil {
		return nil, fmt.Errorf("chrome: print: %w", err)
	}
	if len(pdf) == 0 {
		return nil, errors.New("chrome: print: empty PDF")
	}
	return pdf, nil
}

// Footer is the footer template Chromium prints on every page: the
// organisation and the footer text on the left, the page number on the
// right, in the document's words ("Sivu 3 / 12").
func Footer(d *doc.Document) string {
	esc := template.HTMLEscapeString
	left := esc(strings.Trim(d.Organisation+" · "+d.Footer, " ·"))
	label := d.PageLabel
	if strings.Count(label, "%d") != 2 {
		label = "%d / %d"
	}
	label = esc(label)
	label = strings.Replace(label, "%d", `<span class="pageNumber"></span>`, 1)
	label = strings.Replace(label, "%d", `<span class="totalPages"></span>`, 1)
	return `<div style="font-family: Carlito, Calibri, 'DejaVu Sans', sans-serif; font-size: 8pt; color: #333; width: 100%; margin: 0 18mm; display: flex; justify-content: space-between;">` +
		`<span>` + left + `</span><span>` + label + `</span></div>`
}
