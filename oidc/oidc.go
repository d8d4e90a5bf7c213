// Package oidc signs users in with OpenID Connect: the authorization-code flow
// with PKCE (S256) against any provider found by discovery.
//
// The package is configured only by the issuer URL, the client id and secret
// and the redirect URL; everything else (endpoints, signing keys, client
// authentication method) comes from the provider's discovery document. It is
// meant to work with Microsoft Entra ID, whose issuer for a tenant is
// https://login.microsoftonline.com/{tenant}/v2.0, as with any other
// conforming provider. Multi-tenant Entra endpoints ("common",
// "organizations") are not supported: their discovery document does not name
// a single issuer, and ID tokens could not be checked against it.
//
// A login has two halves. Start makes an Attempt (random state, nonce and
// PKCE verifier, and the URL to send the browser to); the caller keeps the
// attempt until the provider redirects back, for example in a short-lived
// cookie made with Attempt.Seal and read back with Open, and checks that the
// state in the callback is the attempt's. Finish then exchanges the code,
// verifies the ID token and returns the Identity.
package oidc

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	gooidc "github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// DefaultScopes are the scopes requested when Config.Scopes is empty.
var DefaultScopes = []string{"openid", "email", "profile"}

// defaultTimeout bounds each request to the provider when Config.HTTPClient
// is nil.
const defaultTimeout = 30 * time.Second

// Config says which provider to use and how this application is registered
// with it.
type Config struct {
	// Issuer is the provider's issuer URL exactly as its discovery document
	// names it, e.g. https://login.microsoftonline.com/{tenant}/v2.0.
	Issuer string
	// ClientID is the application's client id at the provider.
	ClientID string
	// ClientSecret is the application's client secret at the provider.
	ClientSecret string
	// RedirectURL is the application's callback URL, registered at the
	// provider; the provider sends the browser back to it with a code.
	RedirectURL string
	// Scopes are the scopes requested; empty means DefaultScopes ("openid
	// email profile"). "openid" is added if it is missing.
	Scopes []string
	// TrustEmail treats the email claim as verified (for providers such as
	// Entra ID that do not send email_verified).
	TrustEmail bool
	// HTTPClient makes the requests to the provider (discovery, token, keys);
	// nil means a client with a 30-second timeout.
	HTTPClient *http.Client
}

// Provider is a discovered OpenID Connect provider together with this
// application's registration at it. It is safe for concurrent use.
type Provider struct {
	cfg      Config
	client   *http.Client
	oauth    oauth2.Config
	verifier *gooidc.IDTokenVerifier
}

// New discovers the provider (GET {issuer}/.well-known/openid-configuration)
// and returns an error naming what failed. The discovery document must name
// the configured issuer exactly. ctx bounds discovery only.
func New(ctx context.Context, cfg Config) (*Provider, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	client := cfg.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: defaultTimeout}
	}
	discovered, err := gooidc.NewProvider(gooidc.ClientContext(ctx, client), cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("oidc: discover issuer %q: %w", cfg.Issuer, err)
	}
	var meta struct {
		AuthMethods []string `json:"token_endpoint_auth_methods_supported"`
	}
	if err := discovered.Claims(&meta); err != nil {
		return nil, fmt.Errorf("oidc: discover issuer %q: read metadata: %w", cfg.Issuer, err)
	}
	endpoint := discovered.Endpoint()
	if endpoint.AuthURL == "" || endpoint.TokenURL == "" {
		return nil, fmt.Errorf("oidc: discover issuer %q: authorization or token endpoint missing", cfg.Issuer)
	}
	endpoint.AuthStyle, err = authStyle(meta.AuthMethods)
	if err != nil {
		return nil, fmt.Errorf("oidc: discover issuer %q: %w", cfg.Issuer, err)
	}

	scopes := cfg.Scopes
	if len(scopes) == 0 {
		scopes = DefaultScopes
	}
	if !slices.Contains(scopes, gooidc.ScopeOpenID) {
		scopes = append([]string{gooidc.ScopeOpenID}, scopes...)
	}
	return &Provider{
		cfg:    cfg,
		client: client,
		oauth: oauth2.Config{
			ClientID:     cfg.ClientID,
			ClientSecret: cfg.ClientSecret,
			RedirectURL:  cfg.RedirectURL,
			Endpoint:     endpoint,
			Scopes:       slices.Clone(scopes),
		},
		verifier: discovered.Verifier(&gooidc.Config{ClientID: cfg.ClientID}),
	}, nil
}

// validate reports the first missing or malformed setting.
func (cfg Config) validate() error {
	switch {
	case cfg.Issuer == "":
		return errors.New("oidc: issuer is required")
	case cfg.ClientID == "":
		return errors.New("oidc: client id is required")
	case cfg.ClientSecret == "":
		return errors.New("oidc: client secret is required")
	case cfg.RedirectURL == "":
		return errors.New("oidc: redirect URL is required")
	}
	for _, s := range []struct{ name, value string }{{"issuer", cfg.Issuer}, {"redirect URL", cfg.RedirectURL}} {
		u, err := url.Parse(s.value)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return fmt.Errorf("oidc: %s %q is not an absolute http(s) URL", s.name, s.value)
		}
	}
	return nil
}

// authStyle picks how the client secret is sent to the token endpoint from
// the methods the provider lists: in the form body if it may be, since
// providers differ in whether they URL-decode an HTTP Basic header (RFC 6749,
// section 2.3.1), and otherwise in the header. A provider that lists no
// methods supports client_secret_basic (OpenID Connect Discovery 1.0,
// section 3).
func authStyle(methods []string) (oauth2.AuthStyle, error) {
	switch {
	case slices.Contains(methods, "client_secret_post"):
		return oauth2.AuthStyleInParams, nil
	case len(methods) == 0, slices.Contains(methods, "client_secret_basic"):
		return oauth2.AuthStyleInHeader, nil
	}
	return 0, fmt.Errorf("token endpoint supports neither client_secret_post nor client_secret_basic (only %v)", methods)
}

// Attempt is one login in progress: the values that tie the provider's
// callback to the browser that started the login. The caller keeps it from
// Start until the callback (see Seal and Open) and must check that the
// callback's state parameter equals State before calling Finish.
type Attempt struct {
	// State is sent to the provider and comes back in the callback.
	State string
	// Nonce is sent to the provider and must come back in the ID token.
	Nonce string
	// Verifier is the PKCE code verifier; its S256 challenge is in URL.
	Verifier string
	// URL is the provider's authorization URL to redirect the browser to.
	URL string
}

// Start returns a fresh login attempt: a random state, nonce and PKCE
// verifier, and the URL to send the browser to.
func (p *Provider) Start() (Attempt, error) {
	state, err := randomString()
	if err != nil {
		return Attempt{}, fmt.Errorf("oidc: start: state: %w", err)
	}
	nonce, err := randomString()
	if err != nil {
		return Attempt{}, fmt.Errorf("oidc: start: nonce: %w", err)
	}
	verifier := oauth2.GenerateVerifier()
	return Attempt{
		State:    state,
		Nonce:    nonce,
		Verifier: verifier,
		URL:      p.oauth.AuthCodeURL(state, gooidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)),
	}, nil
}

// randomString returns 256 random bits, base64url-encoded.
func randomString() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// Identity is who signed in, as the provider's verified ID token says.
type Identity struct {
	// Issuer is the provider's issuer URL (the token's iss claim).
	Issuer string
	// Subject is the user's stable id at the issuer (sub claim); with Issuer
	// it identifies the user. Entra ID's sub is specific to the application.
	Subject string
	// Email is the email claim, possibly empty.
	Email string
	// EmailVerified says the provider vouches for Email: the email_verified
	// claim is true, or Config.TrustEmail is set and Email is not empty.
	EmailVerified bool
	// Name is the name claim, possibly empty.
	Name string
}

// idClaims are the ID token claims Finish reads beyond the registered ones.
type idClaims struct {
	Email         string    `json:"email"`
	EmailVerified jsonBool  `json:"email_verified"`
	Name          string    `json:"name"`
	AZP           string    `json:"azp"`
	Audience      audiences `json:"aud"`
}

// Finish exchanges the code (with the PKCE verifier), verifies the ID token
// (issuer, audience, expiry, signature, nonce) and returns the identity. The
// caller must already have checked the callback's state against a.State.
func (p *Provider) Finish(ctx context.Context, code string, a Attempt) (Identity, error) {
	if code == "" {
		return Identity{}, errors.New("oidc: finish: code is empty")
	}
	if a.Nonce == "" || a.Verifier == "" {
		return Identity{}, errors.New("oidc: finish: attempt has no nonce or verifier")
	}
	ctx = gooidc.ClientContext(ctx, p.client)
	token, err := p.oauth.Exchange(ctx, code, oauth2.VerifierOption(a.Verifier))
	if err != nil {
		return Identity{}, fmt.Errorf("oidc: exchange code: %w", err)
	}
	raw, _ := token.Extra("id_token").(string)
	if raw == "" {
		return Identity{}, errors.New("oidc: exchange code: token response has no id_token")
	}
	idToken, err := p.verifier.Verify(ctx, raw)
	if err != nil {
		return Identity{}, fmt.Errorf("oidc: verify id token: %w", err)
	}
	if subtle.ConstantTimeCompare([]byte(idToken.Nonce), []byte(a.Nonce)) != 1 {
		return Identity{}, errors.New("oidc: verify id token: nonce does not match the attempt")
	}
	var c idClaims
	if err := idToken.Claims(&c); err != nil {
		return Identity{}, fmt.Errorf("oidc: verify id token: read claims: %w", err)
	}
	// OpenID Connect Core 1.0, section 3.1.3.7, steps 4 and 5.
	if c.AZP != "" && c.AZP != p.cfg.ClientID {
		return Identity{}, fmt.Errorf("oidc: verify id token: authorized party %q is not this client", c.AZP)
	}
	if len(c.Audience) > 1 && c.AZP == "" {
		return Identity{}, errors.New("oidc: verify id token: several audiences and no authorized party")
	}
	if idToken.Subject == "" {
		return Identity{}, errors.New("oidc: verify id token: subject is empty")
	}
	return Identity{
		Issuer:        idToken.Issuer,
		Subject:       idToken.Subject,
		Email:         c.Email,
		EmailVerified: bool(c.EmailVerified) || (p.cfg.TrustEmail && c.Email != ""),
		Name:          c.Name,
	}, nil
}

// jsonBool is a claim that is a JSON boolean or, from some providers, the
// string "true" or "false". Missing or null is false.
type jsonBool bool

// UnmarshalJSON implements json.Unmarshaler.
func (b *jsonBool) UnmarshalJSON(data []byte) error {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	switch v := v.(type) {
	case nil:
		*b = false
	case bool:
		*b = jsonBool(v)
	case string:
		parsed, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("boolean claim %q: %w", v, err)
		}
		*b = jsonBool(parsed)
	default:
		return fmt.Errorf("boolean claim is %T", v)
	}
	return nil
}

// audiences is the aud claim, a string or an array of strings.
type audiences []string

// UnmarshalJSON implements json.Unmarshaler.
func (a *audiences) UnmarshalJSON(data []byte) error {
	var one string
	if err := json.Unmarshal(data, &one); err == nil {
		*a = audiences{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(data, &many); err != nil {
		return err
	}
	*a = many
	return nil
}
