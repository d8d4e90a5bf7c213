package browser_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/salkku/salkku/internal/browser"
)

func TestBrowserAndAxe(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<!doctype html><html><head><title>x</title></head><body><main><h1>Hei</h1><img src="a.png"></main></body></html>`))
	}))
	defer srv.Close()
	ctx := browser.New(t)
	var title string
	if err := chromedp.Run(ctx, chromedp.Navigate(srv.URL), chromedp.Text("h1", &title)); err != nil {
		t.Fatal(err)
	}
	if title != "Hei" {
		t.Fatalf("h1 = %q", title)
	}
	// The image has no alt text and the page no lang: axe must say so, or
	// the check is not working.
	vs := browser.Axe(t, ctx)
	ids := map[string]bool{}
	for _, v := range vs {
		ids[v.ID] = true
	}
	if !ids["image-alt"] || !ids["html-has-lang"] {
		t.Fatalf("axe missed known violations: %v", vs)
	}
}
