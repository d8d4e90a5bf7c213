package password_test

import (
	"strings"
	"testing"

	"github.com/salkku/salkku/password"
)

func TestHashVerify(t *testing.T) {
	h, err := password.Hash("oikea hevonen patteri niitti")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=3,p=2$") {
		t.Fatalf("hash %q is not argon2id PHC", h)
	}
	h2, _ := password.Hash("oikea hevonen patteri niitti")
	if h == h2 {
		t.Fatal("two hashes of one password are equal: the salt is not random")
	}
	for _, tc := range []struct {
		name, pw string
		want     bool
	}{
		{"right", "oikea hevonen patteri niitti", true},
		{"wrong", "oikea hevonen patteri niitt", false},
		{"empty", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := password.Verify(h, tc.pw)
			if err != nil || got != tc.want {
				t.Fatalf("Verify = %v, %v; want %v", got, err, tc.want)
			}
		})
	}
}

func TestVerifyMalformed(t *testing.T) {
	for _, h := range []string{"", "plain", "$argon2i$v=19$m=65536,t=3,p=2$c2FsdA$a2V5", "$argon2id$v=19$m=0,t=3,p=2$c2FsdA$a2V5",
		"$argon2id$v=19$m=99999999,t=3,p=2$c2FsdA$a2V5", "$argon2id$v=19$m=65536,t=3,p=2$!!$a2V5"} {
		if ok, err := password.Verify(h, "x"); ok || err == nil {
			t.Errorf("Verify(%q) = %v, %v; want a malformed error", h, ok, err)
		}
	}
}

func FuzzVerify(f *testing.F) {
	f.Add("$argon2id$v=19$m=16,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5", "pw")
	f.Fuzz(func(t *testing.T, h, pw string) {
		password.Verify(h, pw) // must not panic
	})
}
