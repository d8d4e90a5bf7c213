// Package oidctest runs a real OpenID Connect provider on loopback for tests:
// discovery, authorization (with a login step that approves a chosen test
// user without a form), the token endpoint with client authentication and
// PKCE verification, signed ID tokens, JWKS and userinfo. It is built on
// github.com/zitadel/oidc's provider package, so the protocol is handled by
// code that is not this project's.
//
// A test starts one with NewProvider, registers its application with
// AddClient, configures its relying party with Issuer and drives a browser
// (an http.Client with a cookie jar) through the login.
package oidctest

import (
	"crypto/rand"
	"crypto/rsa"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// User is a person the test provider can sign in.
type User struct {
	// Subject is the user's id, the sub claim; it must be unique and not
	// empty.
	Subject string
	// Email is the email claim (with the email scope); empty leaves it out.
	Email string
	// EmailVerified is the email_verified claim; false leaves the claim out,
	// as Entra ID does.
	EmailVerified bool
	// Name is the name claim (with the profile scope); empty leaves it out.
	Name string
}

// DefaultUser is the only user of a provider started without users.
var DefaultUser = User{
	Subject:       "test-user-1",
	Email:         "testi.kayttaja@example.com",
	EmailVerified: true,
	Name:          "Testi Käyttäjä",
}

// Client is an application registered at the test provider: a confidential
// client of the authorization-code flow that authenticates with its secret
// (HTTP Basic or form post).
type Client struct {
	// ID is the client id.
	ID string
	// Secret is the client secret.
	Secret string
	// RedirectURIs are the callback URLs the client may use; they must
	// match the redirect_uri of a request exactly.
	RedirectURIs []string
	// IDTokenLifetime is how long ID tokens issued to the client stay valid;
	// zero means five minutes, and a negative value issues tokens that have
	// already expired.
	IDTokenLifetime time.Duration
	// IssueTokensAs, if set, makes the provider misbehave: tokens issued to
	// this client name that other client id as their audience and authorized
	// party, to test that an application refuses a token meant for another.
	IssueTokensAs string
}

// Provider is a running test provider. Its server is closed when the test
// that started it ends.
type Provider struct {
	// Issuer is the provider's issuer URL, http://127.0.0.1:{port}; discovery
	// is at Issuer + "/.well-known/openid-configuration".
	Issuer string

	tb      testing.TB
	storage *storage
}

// NewProvider starts a provider on loopback that knows the given users (or
// DefaultUser if none are given). The login step signs in the first user
// until LoginAs chooses another. It requires PKCE with S256 on every
// authorization request.
func NewProvider(tb testing.TB, users ...User) *Provider {
	tb.Helper()
	if len(users) == 0 {
		users = []User{DefaultUser}
	}
	st := newStorage(tb, users)

	srv := httptest.NewUnstartedServer(nil)
	issuer := "http://" + srv.Listener.Addr().String()
	var key [32]byte
	if _, err := rand.Read(key[:]); err != nil {
		tb.Fatalf("oidctest: crypto key: %v", err)
	}
	config := &op.Config{
		CryptoKey:      key,
		CryptoKeyId:    "oidctest",
		CodeMethodS256: true,
		AuthMethodPost: true,
	}
	provider, err := op.NewProvider(config, st, op.StaticIssuer(issuer), op.WithAllowInsecure())
	if err != nil {
		srv.Listener.Close()
		tb.Fatalf("oidctest: new provider: %v", err)
	}
	st.provider = provider

	mux := http.NewServeMux()
	mux.Handle("GET "+loginPath, op.NewIssuerInterceptor(provider.IssuerFromRequest).HandlerFunc(st.login))
	mux.Handle("/", provider)
	srv.Config.Handler = mux
	srv.Start()
	tb.Cleanup(srv.Close)

	return &Provider{Issuer: issuer, tb: tb, storage: st}
}

// AddClient registers an application with the provider, replacing any with
// the same id; it may be called at any time. A client without an id, secret
// or redirect URI is not added and fails the test that started the provider.
func (p *Provider) AddClient(c Client) {
	p.tb.Helper()
	if c.ID == "" || c.Secret == "" || len(c.RedirectURIs) == 0 {
		p.tb.Errorf("oidctest: client needs an id, a secret and a redirect URI: %+v", c)
		return
	}
	p.storage.addClient(c)
}

// LoginAs makes the login step sign in the user with the given subject from
// now on. An unknown subject changes nothing and fails the test that started
// the provider.
func (p *Provider) LoginAs(subject string) {
	p.tb.Helper()
	if !p.storage.loginAs(subject) {
		p.tb.Errorf("oidctest: no user with subject %q", subject)
	}
}

// Deny makes the login step refuse while deny is true: the browser is sent
// back to the client with error=access_denied, as when a user cancels.
func (p *Provider) Deny(deny bool) {
	p.storage.setDeny(deny)
}

// SignWithUnpublishedKey makes the provider misbehave while on is true: it
// signs ID tokens with a key that its JWKS does not list, to test that an
// application refuses a token whose signature it cannot verify.
func (p *Provider) SignWithUnpublishedKey(on bool) {
	p.storage.setUnpublished(on)
}

// Keys are made once per test binary: RSA key generation is slow.
var keys = sync.OnceValues(func() (*rsa.PrivateKey, *rsa.PrivateKey) {
	return mustRSAKey(), mustRSAKey()
})

func mustRSAKey() *rsa.PrivateKey {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic("oidctest: generate RSA key: " + err.Error())
	}
	return key
}

// accessDenied is the error sent to the client when logins are denied.
func accessDenied() *oidc.Error {
	return oidc.ErrAccessDenied().WithDescription("the test provider denies logins")
}
