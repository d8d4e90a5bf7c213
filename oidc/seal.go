package oidc

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// MinKeySize is the least number of bytes of the secret given to Seal and
// Open.
const MinKeySize = 32

var (
	// ErrAttemptExpired is returned (wrapped) by Open for a sealed attempt
	// older than its maximum age: the login took too long and must be
	// started again.
	ErrAttemptExpired = errors.New("login attempt expired")
	// ErrAttemptInvalid is returned (wrapped) by Open for a sealed attempt
	// that is malformed, was altered, or was sealed with another key.
	ErrAttemptInvalid = errors.New("login attempt invalid")
)

const (
	// sealInfo separates the key derived for attempts from other uses of the
	// same secret.
	sealInfo = "salkku oidc attempt v1"
	// sealAAD is authenticated with every sealed attempt.
	sealAAD = "salkku-oidc-attempt-v1"
	// futureSkew is how far in the future an attempt may have been sealed,
	// for clocks of instances that differ a little.
	futureSkew = time.Minute
)

// sealed is what a sealed attempt holds. The URL is left out: it is not
// needed after the redirect and would only make the cookie larger.
type sealed struct {
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"`
	Created  int64  `json:"t"` // Unix nanoseconds
}

// Seal encrypts and authenticates the attempt (AES-256-GCM) into a string
// fit for a cookie value, so that the attempt can be kept by the browser
// instead of in server memory. key is a secret of at least MinKeySize bytes
// that every instance of the application shares; the AES key is derived from
// it with HKDF-SHA256, so the same secret may serve other purposes too. The
// sealed value carries the time it was made, checked by Open, and not the
// attempt's URL.
func (a Attempt) Seal(key []byte) (string, error) {
	if a.State == "" || a.Nonce == "" || a.Verifier == "" {
		return "", errors.New("oidc: seal attempt: state, nonce or verifier is empty")
	}
	aead, err := newAEAD(key)
	if err != nil {
		return "", fmt.Errorf("oidc: seal attempt: %w", err)
	}
	plain, err := json.Marshal(sealed{State: a.State, Nonce: a.Nonce, Verifier: a.Verifier, Created: time.Now().UnixNano()})
	if err != nil {
		return "", fmt.Errorf("oidc: seal attempt: %w", err)
	}
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plain)+aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("oidc: seal attempt: %w", err)
	}
	box := aead.Seal(nonce, nonce, plain, []byte(sealAAD))
	return base64.RawURLEncoding.EncodeToString(box), nil
}

// Open decrypts an attempt made by Seal with the same key. It fails with
// ErrAttemptInvalid if the value is malformed, altered or sealed with another
// key, and with ErrAttemptExpired if it was sealed more than maxAge ago. The
// returned attempt has no URL.
func Open(key []byte, sealedAttempt string, maxAge time.Duration) (Attempt, error) {
	if maxAge <= 0 {
		return Attempt{}, errors.New("oidc: open attempt: maximum age must be positive")
	}
	aead, err := newAEAD(key)
	if err != nil {
		return Attempt{}, fmt.Errorf("oidc: open attempt: %w", err)
	}
	box, err := base64.RawURLEncoding.DecodeString(sealedAttempt)
	if err != nil || len(box) < aead.NonceSize()+aead.Overhead() {
		return Attempt{}, fmt.Errorf("oidc: open attempt: %w: malformed", ErrAttemptInvalid)
	}
	nonce, ciphertext := box[:aead.NonceSize()], box[aead.NonceSize():]
	plain, err := aead.Open(nil, nonce, ciphertext, []byte(sealAAD))
	if err != nil {
		return Attempt{}, fmt.Errorf("oidc: open attempt: %w: authentication failed", ErrAttemptInvalid)
	}
	var s sealed
	if err := json.Unmarshal(plain, &s); err != nil {
		return Attempt{}, fmt.Errorf("oidc: open attempt: %w: %v", ErrAttemptInvalid, err)
	}
	if s.State == "" || s.Nonce == "" || s.Verifier == "" {
		return Attempt{}, fmt.Errorf("oidc: open attempt: %w: incomplete", ErrAttemptInvalid)
	}
	created := time.Unix(0, s.Created)
	now := time.Now()
	if now.Sub(created) > maxAge {
		return Attempt{}, fmt.Errorf("oidc: open attempt: %w (sealed %s ago, limit %s)", ErrAttemptExpired, now.Sub(created).Round(time.Second), maxAge)
	}
	if created.Sub(now) > futureSkew {
		return Attempt{}, fmt.Errorf("oidc: open attempt: %w: sealed in the future", ErrAttemptInvalid)
	}
	return Attempt{State: s.State, Nonce: s.Nonce, Verifier: s.Verifier}, nil
}

// newAEAD derives the attempt key from the secret and returns its AES-GCM.
func newAEAD(secret []byte) (cipher.AEAD, error) {
	if len(secret) < MinKeySize {
		return nil, fmt.Errorf("key is %d bytes, want at least %d", len(secret), MinKeySize)
	}
	key, err := hkdf.Key(sha256.New, secret, nil, sealInfo, 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}
