package oidctest_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"

	"github.com/salkku/salkku/oidc/oidctest"
)

// getJSON GETs url and decodes the JSON answer into v.
func getJSON(tb testing.TB, url string, v any) {
	tb.Helper()
	resp, err := http.Get(url)
	if err != nil {
		tb.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		tb.Fatalf("GET %s: %s", url, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		tb.Fatalf("GET %s: decode: %v", url, err)
	}
}

func TestNewProvider(t *testing.T) {
	t.Run("Discovery", func(t *testing.T) {
		p := oidctest.NewProvider(t)
		var doc struct {
			Issuer           string   `json:"issuer"`
			JWKSURI          string   `json:"jwks_uri"`
			ChallengeMethods []string `json:"code_challenge_methods_supported"`
		}
		getJSON(t, p.Issuer+"/.well-known/openid-configuration", &doc)
		if doc.Issuer != p.Issuer {
			t.Errorf("issuer = %q, want %q", doc.Issuer, p.Issuer)
		}
		if !slices.Contains(doc.ChallengeMethods, "S256") {
			t.Errorf("code_challenge_methods_supported = %v, want S256", doc.ChallengeMethods)
		}
		var jwks struct {
			Keys []struct {
				KID string `json:"kid"`
				Alg string `json:"alg"`
			} `json:"keys"`
		}
		getJSON(t, doc.JWKSURI, &jwks)
		if len(jwks.Keys) != 1 || jwks.Keys[0].Alg != "RS256" {
			t.Errorf("jwks = %+v, want one RS256 key", jwks)
		}
	})

	t.Run("ErrNoPKCE", func(t *testing.T) {
		p := oidctest.NewProvider(t)
		callback := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
		t.Cleanup(callback.Close)
		p.AddClient(oidctest.Client{ID: "app", Secret: "secret", RedirectURIs: []string{callback.URL + "/cb"}})

		q := url.Values{
			"client_id":     {"app"},
			"redirect_uri":  {callback.URL + "/cb"},
			"response_type": {"code"},
			"scope":         {"openid"},
			"state":         {"xyz"},
		}
		resp, err := http.Get(p.Issuer + "/authorize?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		got := resp.Request.URL.Query()
		if got.Get("error") != "invalid_request" || got.Get("state") != "xyz" {
			t.Fatalf("callback query = %v, want error=invalid_request and the state", got)
		}
	})
}
