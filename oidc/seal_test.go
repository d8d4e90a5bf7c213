package oidc_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/salkku/salkku/oidc"
)

var sealKey = bytes.Repeat([]byte("k"), oidc.MinKeySize)

// testAttempt is an attempt as Start makes one.
var testAttempt = oidc.Attempt{
	State:    "c3RhdGUtc3RhdGUtc3RhdGUtc3RhdGUtc3RhdGUtc3Q",
	Nonce:    "bm9uY2Utbm9uY2Utbm9uY2Utbm9uY2Utbm9uY2Utbm8",
	Verifier: "dmVyaWZpZXItdmVyaWZpZXItdmVyaWZpZXItdmVyaWZp",
	URL:      "https://login.example.com/authorize?client_id=salkku",
}

// MustSeal seals a with key.
func MustSeal(tb testing.TB, a oidc.Attempt, key []byte) string {
	tb.Helper()
	sealed, err := a.Seal(key)
	if err != nil {
		tb.Fatalf("Seal: %v", err)
	}
	return sealed
}

func TestAttempt_Seal(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		sealed := MustSeal(t, testAttempt, sealKey)
		got, err := oidc.Open(sealKey, sealed, 10*time.Minute)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		want := testAttempt
		want.URL = ""
		if got != want {
			t.Fatalf("Open = %+v, want %+v", got, want)
		}
	})

	t.Run("CookieSafe", func(t *testing.T) {
		sealed := MustSeal(t, testAttempt, sealKey)
		if _, err := base64.RawURLEncoding.DecodeString(sealed); err != nil {
			t.Fatalf("sealed %q is not unpadded base64url: %v", sealed, err)
		}
		if len(sealed) > 512 {
			t.Fatalf("sealed is %d bytes, want a small cookie", len(sealed))
		}
	})

	t.Run("Randomized", func(t *testing.T) {
		if MustSeal(t, testAttempt, sealKey) == MustSeal(t, testAttempt, sealKey) {
			t.Fatal("sealing twice gave the same value")
		}
	})

	t.Run("LongKey", func(t *testing.T) {
		key := bytes.Repeat([]byte("x"), 64)
		if _, err := oidc.Open(key, MustSeal(t, testAttempt, key), time.Minute); err != nil {
			t.Fatalf("Open: %v", err)
		}
	})

	t.Run("ErrShortKey", func(t *testing.T) {
		_, err := testAttempt.Seal(sealKey[:oidc.MinKeySize-1])
		wantErr(t, err, "oidc: seal attempt:", "key")
	})

	t.Run("ErrIncomplete", func(t *testing.T) {
		_, err := oidc.Attempt{State: "s", Nonce: "n"}.Seal(sealKey)
		wantErr(t, err, "oidc: seal attempt:")
	})
}

func TestOpen(t *testing.T) {
	t.Run("ErrTampered", func(t *testing.T) {
		box, err := base64.RawURLEncoding.DecodeString(MustSeal(t, testAttempt, sealKey))
		if err != nil {
			t.Fatal(err)
		}
		for _, i := range []int{0, 11, 12, len(box) / 2, len(box) - 17, len(box) - 1} {
			tampered := bytes.Clone(box)
			tampered[i] ^= 0x01
			_, err := oidc.Open(sealKey, base64.RawURLEncoding.EncodeToString(tampered), time.Hour)
			if !errors.Is(err, oidc.ErrAttemptInvalid) {
				t.Errorf("byte %d flipped: err = %v, want ErrAttemptInvalid", i, err)
			}
		}
	})

	t.Run("ErrTruncated", func(t *testing.T) {
		sealed := MustSeal(t, testAttempt, sealKey)
		for _, s := range []string{"", sealed[:10], sealed[:len(sealed)-1]} {
			if _, err := oidc.Open(sealKey, s, time.Hour); !errors.Is(err, oidc.ErrAttemptInvalid) {
				t.Errorf("Open(%q): err = %v, want ErrAttemptInvalid", s, err)
			}
		}
	})

	t.Run("ErrNotBase64", func(t *testing.T) {
		_, err := oidc.Open(sealKey, "not base64!", time.Hour)
		if !errors.Is(err, oidc.ErrAttemptInvalid) {
			t.Fatalf("err = %v, want ErrAttemptInvalid", err)
		}
	})

	t.Run("ErrOtherKey", func(t *testing.T) {
		other := bytes.Repeat([]byte("o"), oidc.MinKeySize)
		_, err := oidc.Open(other, MustSeal(t, testAttempt, sealKey), time.Hour)
		if !errors.Is(err, oidc.ErrAttemptInvalid) {
			t.Fatalf("err = %v, want ErrAttemptInvalid", err)
		}
	})

	t.Run("ErrExpired", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			sealed := MustSeal(t, testAttempt, sealKey)
			time.Sleep(9 * time.Minute)
			if _, err := oidc.Open(sealKey, sealed, 10*time.Minute); err != nil {
				t.Fatalf("Open after 9 minutes: %v", err)
			}
			time.Sleep(2 * time.Minute)
			_, err := oidc.Open(sealKey, sealed, 10*time.Minute)
			if !errors.Is(err, oidc.ErrAttemptExpired) {
				t.Fatalf("Open after 11 minutes: err = %v, want ErrAttemptExpired", err)
			}
		})
	})

	t.Run("ErrMaxAge", func(t *testing.T) {
		_, err := oidc.Open(sealKey, MustSeal(t, testAttempt, sealKey), 0)
		wantErr(t, err, "oidc: open attempt:", "maximum age")
	})
}
