package oidctest

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// loginPath is where the provider sends the browser to log in.
const loginPath = "/login"

// storage is the provider's in-memory op.Storage: clients, users, auth
// requests, codes, access tokens and signing keys.
type storage struct {
	provider *op.Provider // set once before the server starts

	mu           sync.Mutex
	users        []User
	loginSubject string
	deny         bool
	unpublished  bool
	clients      map[string]Client
	requests     map[string]*authRequest
	codes        map[string]string // code → request id
	tokens       map[string]accessToken
}

var (
	_ op.Storage                   = (*storage)(nil)
	_ op.CanSetUserinfoFromRequest = (*storage)(nil)
)

func newStorage(tb testing.TB, users []User) *storage {
	tb.Helper()
	seen := map[string]bool{}
	for _, u := range users {
		if u.Subject == "" || seen[u.Subject] {
			tb.Fatalf("oidctest: user subjects must be unique and not empty: %+v", users)
		}
		seen[u.Subject] = true
	}
	return &storage{
		users:        slices.Clone(users),
		loginSubject: users[0].Subject,
		clients:      map[string]Client{},
		requests:     map[string]*authRequest{},
		codes:        map[string]string{},
		tokens:       map[string]accessToken{},
	}
}

func (s *storage) addClient(c Client) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c.RedirectURIs = slices.Clone(c.RedirectURIs)
	s.clients[c.ID] = c
}

func (s *storage) loginAs(subject string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.user(subject); !ok {
		return false
	}
	s.loginSubject = subject
	return true
}

func (s *storage) setDeny(deny bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deny = deny
}

func (s *storage) setUnpublished(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.unpublished = on
}

// user finds a user by subject; s.mu must be held.
func (s *storage) user(subject string) (User, bool) {
	i := slices.IndexFunc(s.users, func(u User) bool { return u.Subject == subject })
	if i < 0 {
		return User{}, false
	}
	return s.users[i], true
}

// login is the login step: it signs in the chosen user without a form and
// sends the browser on to the provider's callback, which redirects to the
// client with a code; or, while logins are denied, back to the client with
// an error.
func (s *storage) login(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("id")
	s.mu.Lock()
	req, ok := s.requests[id]
	deny := s.deny
	if ok && !deny {
		req.subject = s.loginSubject
		req.authTime = time.Now().UTC()
		req.done = true
	}
	s.mu.Unlock()
	if !ok {
		http.Error(w, "oidctest: unknown auth request", http.StatusBadRequest)
		return
	}
	if deny {
		op.AuthRequestError(w, r, req, accessDenied(), s.provider)
		return
	}
	http.Redirect(w, r, op.AuthCallbackURL(s.provider)(r.Context(), id), http.StatusFound)
}

// CreateAuthRequest implements op.Storage. It requires PKCE with S256.
func (s *storage) CreateAuthRequest(_ context.Context, ar *oidc.AuthRequest, _ string) (op.AuthRequest, error) {
	if ar.CodeChallenge == "" || ar.CodeChallengeMethod != oidc.CodeChallengeMethodS256 {
		return nil, oidc.ErrInvalidRequest().WithDescription("PKCE with code_challenge_method S256 is required")
	}
	if slices.Contains(ar.Prompt, oidc.PromptNone) {
		return nil, oidc.ErrLoginRequired()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	client, ok := s.clients[ar.ClientID]
	if !ok {
		return nil, errors.New("client not found")
	}
	clientID := ar.ClientID
	if client.IssueTokensAs != "" {
		clientID = client.IssueTokensAs
	}
	req := &authRequest{
		id:           rand.Text(),
		clientID:     clientID,
		redirectURI:  ar.RedirectURI,
		state:        ar.State,
		nonce:        ar.Nonce,
		scopes:       slices.Clone(ar.Scopes),
		responseType: ar.ResponseType,
		responseMode: ar.ResponseMode,
		challenge:    &oidc.CodeChallenge{Challenge: ar.CodeChallenge, Method: ar.CodeChallengeMethod},
	}
	s.requests[req.id] = req
	return req, nil
}

// AuthRequestByID implements op.Storage.
func (s *storage) AuthRequestByID(_ context.Context, id string) (op.AuthRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	req, ok := s.requests[id]
	if !ok {
		return nil, errors.New("auth request not found")
	}
	return req, nil
}

// AuthRequestByCode implements op.Storage.
func (s *storage) AuthRequestByCode(_ context.Context, code string) (op.AuthRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	req, ok := s.requests[s.codes[code]]
	if !ok {
		return nil, errors.New("code invalid or used")
	}
	return req, nil
}

// SaveAuthCode implements op.Storage.
func (s *storage) SaveAuthCode(_ context.Context, id, code string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.codes[code] = id
	return nil
}

// DeleteAuthRequest implements op.Storage; it is called once the code has
// been exchanged, so a code can be used once.
func (s *storage) DeleteAuthRequest(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.requests, id)
	for code, reqID := range s.codes {
		if reqID == id {
			delete(s.codes, code)
		}
	}
	return nil
}

// accessToken is an opaque access token's record, for userinfo.
type accessToken struct {
	clientID string
	subject  string
	scopes   []string
	expires  time.Time
}

// CreateAccessToken implements op.Storage.
func (s *storage) CreateAccessToken(_ context.Context, req op.TokenRequest) (string, time.Time, error) {
	var clientID string
	if ar, ok := req.(*authRequest); ok {
		clientID = ar.clientID
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id := rand.Text()
	expires := time.Now().Add(5 * time.Minute)
	s.tokens[id] = accessToken{clientID: clientID, subject: req.GetSubject(), scopes: slices.Clone(req.GetScopes()), expires: expires}
	return id, expires, nil
}

// CreateAccessAndRefreshTokens implements op.Storage; the test provider
// issues no refresh tokens.
func (s *storage) CreateAccessAndRefreshTokens(context.Context, op.TokenRequest, string) (string, string, time.Time, error) {
	return "", "", time.Time{}, oidc.ErrUnsupportedGrantType().WithDescription("no refresh tokens")
}

// TokenRequestByRefreshToken implements op.Storage; there are no refresh
// tokens.
func (s *storage) TokenRequestByRefreshToken(context.Context, string) (op.RefreshTokenRequest, error) {
	return nil, op.ErrInvalidRefreshToken
}

// TerminateSession implements op.Storage.
func (s *storage) TerminateSession(_ context.Context, userID, clientID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, t := range s.tokens {
		if t.subject == userID && t.clientID == clientID {
			delete(s.tokens, id)
		}
	}
	return nil
}

// RevokeToken implements op.Storage.
func (s *storage) RevokeToken(_ context.Context, tokenOrTokenID, _, clientID string) *oidc.Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.tokens[tokenOrTokenID]; ok && t.clientID != clientID {
		return oidc.ErrInvalidClient().WithDescription("token was not issued to this client")
	}
	delete(s.tokens, tokenOrTokenID)
	return nil
}

// GetRefreshTokenInfo implements op.Storage; there are no refresh tokens.
func (s *storage) GetRefreshTokenInfo(context.Context, string, string) (string, string, error) {
	return "", "", op.ErrInvalidRefreshToken
}

// signingKey is an RSA key the provider signs with or publishes.
type signingKey struct {
	id  string
	key *rsa.PrivateKey
}

func (k signingKey) SignatureAlgorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k signingKey) Algorithm() jose.SignatureAlgorithm          { return jose.RS256 }
func (k signingKey) ID() string                                  { return k.id }
func (k signingKey) Use() string                                 { return "sig" }

// publicKey is a signingKey as op.Key, whose Key is the public half.
type publicKey struct{ signingKey }

func (k publicKey) Key() any { return &k.key.PublicKey }

// privateKey is a signingKey as op.SigningKey, whose Key is the private half.
type privateKey struct{ signingKey }

func (k privateKey) Key() any { return k.key }

func published() signingKey {
	key, _ := keys()
	return signingKey{id: "oidctest-1", key: key}
}

func unpublished() signingKey {
	_, key := keys()
	return signingKey{id: "oidctest-unpublished", key: key}
}

// SigningKey implements op.Storage.
func (s *storage) SigningKey(context.Context) (op.SigningKey, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.unpublished {
		return privateKey{unpublished()}, nil
	}
	return privateKey{published()}, nil
}

// SignatureAlgorithms implements op.Storage.
func (s *storage) SignatureAlgorithms(context.Context) ([]jose.SignatureAlgorithm, error) {
	return []jose.SignatureAlgorithm{jose.RS256}, nil
}

// KeySet implements op.Storage: the JWKS lists only the published key.
func (s *storage) KeySet(context.Context) ([]op.Key, error) {
	return []op.Key{publicKey{published()}}, nil
}

// GetClientByClientID implements op.Storage.
func (s *storage) GetClientByClientID(_ context.Context, clientID string) (op.Client, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.clients[clientID]; ok {
		return client{c}, nil
	}
	// An auth request of a client with IssueTokensAs names the other id.
	for _, c := range s.clients {
		if c.IssueTokensAs == clientID {
			return client{c}, nil
		}
	}
	return nil, fmt.Errorf("client %q not found", clientID)
}

// AuthorizeClientIDSecret implements op.Storage.
func (s *storage) AuthorizeClientIDSecret(_ context.Context, clientID, clientSecret string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.clients[clientID]
	if !ok || subtle.ConstantTimeCompare([]byte(c.Secret), []byte(clientSecret)) != 1 {
		return errors.New("unknown client or wrong secret")
	}
	return nil
}

// SetUserinfoFromScopes implements op.Storage; SetUserinfoFromRequest does
// the work.
func (s *storage) SetUserinfoFromScopes(context.Context, *oidc.UserInfo, string, string, []string) error {
	return nil
}

// SetUserinfoFromRequest implements op.CanSetUserinfoFromRequest: the claims
// of ID tokens.
func (s *storage) SetUserinfoFromRequest(_ context.Context, info *oidc.UserInfo, req op.IDTokenRequest, scopes []string) error {
	return s.setUserinfo(info, req.GetSubject(), scopes)
}

// SetUserinfoFromToken implements op.Storage: the userinfo endpoint.
func (s *storage) SetUserinfoFromToken(_ context.Context, info *oidc.UserInfo, tokenID, _, _ string) error {
	s.mu.Lock()
	t, ok := s.tokens[tokenID]
	s.mu.Unlock()
	if !ok || time.Now().After(t.expires) {
		return errors.New("access token invalid or expired")
	}
	return s.setUserinfo(info, t.subject, t.scopes)
}

// SetIntrospectionFromToken implements op.Storage.
func (s *storage) SetIntrospectionFromToken(_ context.Context, resp *oidc.IntrospectionResponse, tokenID, subject, clientID string) error {
	s.mu.Lock()
	t, ok := s.tokens[tokenID]
	s.mu.Unlock()
	if !ok || time.Now().After(t.expires) || t.clientID != clientID {
		return errors.New("access token invalid or expired")
	}
	info := new(oidc.UserInfo)
	if err := s.setUserinfo(info, subject, t.scopes); err != nil {
		return err
	}
	resp.SetUserInfo(info)
	resp.Scope = t.scopes
	resp.ClientID = t.clientID
	resp.Expiration = oidc.FromTime(t.expires)
	return nil
}

func (s *storage) setUserinfo(info *oidc.UserInfo, subject string, scopes []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.user(subject)
	if !ok {
		return fmt.Errorf("user %q not found", subject)
	}
	for _, scope := range scopes {
		switch scope {
		case oidc.ScopeOpenID:
			info.Subject = u.Subject
		case oidc.ScopeEmail:
			info.Email = u.Email
			info.EmailVerified = oidc.Bool(u.EmailVerified)
		case oidc.ScopeProfile:
			info.Name = u.Name
		}
	}
	return nil
}

// GetPrivateClaimsFromScopes implements op.Storage; there are none.
func (s *storage) GetPrivateClaimsFromScopes(context.Context, string, string, []string) (map[string]any, error) {
	return nil, nil
}

// GetKeyByIDAndClientID implements op.Storage; the JWT profile grant is not
// supported.
func (s *storage) GetKeyByIDAndClientID(context.Context, string, string) (*jose.JSONWebKey, error) {
	return nil, errors.New("JWT profile not supported")
}

// ValidateJWTProfileScopes implements op.Storage; the JWT profile grant is
// not supported.
func (s *storage) ValidateJWTProfileScopes(context.Context, string, []string) ([]string, error) {
	return nil, errors.New("JWT profile not supported")
}

// Health implements op.Storage.
func (s *storage) Health(context.Context) error { return nil }

// authRequest is one authorization request, from /authorize to the code
// exchange. Its fields other than subject, authTime and done do not change
// after creation; those three are written under storage.mu by the login step
// before the callback reads them.
type authRequest struct {
	id           string
	clientID     string
	redirectURI  string
	state        string
	nonce        string
	scopes       []string
	responseType oidc.ResponseType
	responseMode oidc.ResponseMode
	challenge    *oidc.CodeChallenge

	subject  string
	authTime time.Time
	done     bool
}

var _ op.AuthRequest = (*authRequest)(nil)

func (a *authRequest) GetID() string                         { return a.id }
func (a *authRequest) GetACR() string                        { return "" }
func (a *authRequest) GetAMR() []string                      { return []string{"pwd"} }
func (a *authRequest) GetAudience() []string                 { return []string{a.clientID} }
func (a *authRequest) GetAuthTime() time.Time                { return a.authTime }
func (a *authRequest) GetClientID() string                   { return a.clientID }
func (a *authRequest) GetCodeChallenge() *oidc.CodeChallenge { return a.challenge }
func (a *authRequest) GetNonce() string                      { return a.nonce }
func (a *authRequest) GetRedirectURI() string                { return a.redirectURI }
func (a *authRequest) GetResponseType() oidc.ResponseType    { return a.responseType }
func (a *authRequest) GetResponseMode() oidc.ResponseMode    { return a.responseMode }
func (a *authRequest) GetScopes() []string                   { return a.scopes }
func (a *authRequest) GetState() string                      { return a.state }
func (a *authRequest) GetSubject() string                    { return a.subject }
func (a *authRequest) Done() bool                            { return a.done }

// client is a registered Client as op.Client.
type client struct{ c Client }

var _ op.Client = client{}

// GetID is the id tokens are issued to: the client's own, unless the client
// is set to have tokens issued as another.
func (c client) GetID() string {
	if c.c.IssueTokensAs != "" {
		return c.c.IssueTokensAs
	}
	return c.c.ID
}

func (c client) RedirectURIs() []string              { return c.c.RedirectURIs }
func (c client) PostLogoutRedirectURIs() []string    { return nil }
func (c client) ApplicationType() op.ApplicationType { return op.ApplicationTypeWeb }
func (c client) AuthMethod() oidc.AuthMethod         { return oidc.AuthMethodBasic }
func (c client) ResponseTypes() []oidc.ResponseType {
	return []oidc.ResponseType{oidc.ResponseTypeCode}
}
func (c client) GrantTypes() []oidc.GrantType         { return []oidc.GrantType{oidc.GrantTypeCode} }
func (c client) LoginURL(id string) string            { return loginPath + "?id=" + url.QueryEscape(id) }
func (c client) AccessTokenType() op.AccessTokenType  { return op.AccessTokenTypeBearer }
func (c client) DevMode() bool                        { return false }
func (c client) IsScopeAllowed(string) bool           { return false }
func (c client) IDTokenUserinfoClaimsAssertion() bool { return true }
func (c client) ClockSkew() time.Duration             { return 0 }
func (c client) RestrictAdditionalIdTokenScopes() func([]string) []string {
	return func(scopes []string) []string { return scopes }
}
func (c client) RestrictAdditionalAccessTokenScopes() func([]string) []string {
	return func(scopes []string) []string { return scopes }
}

// IDTokenLifetime implements op.Client.
func (c client) IDTokenLifetime() time.Duration {
	if c.c.IDTokenLifetime == 0 {
		return 5 * time.Minute
	}
	return c.c.IDTokenLifetime
}
