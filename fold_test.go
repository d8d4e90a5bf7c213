package salkku_test

import (
	"strings"
	"testing"

	"github.com/salkku/salkku"
)

func TestFold(t *testing.T) {
	for _, tc := range []struct{ a, b string }{
		{"dup-case-0", "DUP-case-0"},
		{"KaRa", "kara"},
		{" OA1 ", "oa1"},
		{"Äänekoski", "ÄÄNEKOSKI"},
		{"Perusinfrä", "PERUSINFRÄ"},
		{"Åbo Akademi", "åbo akademi"},
		{"Töölö", "TÖÖLÖ"},
		{"ΟΔΟΣ", "οδος"}, // final sigma
		{"\u212a", "k"},  // Kelvin sign
	} {
		t.Run(tc.a, func(t *testing.T) {
			if got, want := salkku.Fold(tc.a), salkku.Fold(tc.b); got != want {
				t.Errorf("Fold(%q) = %q, Fold(%q) = %q: want them equal", tc.a, got, tc.b, want)
			}
			if !strings.EqualFold(strings.TrimSpace(tc.a), strings.TrimSpace(tc.b)) {
				t.Errorf("strings.EqualFold(%q, %q) = false: the case is not one of folding", tc.a, tc.b)
			}
		})
	}
	for _, tc := range []struct{ a, b string }{
		{"2.1", "2.10"},
		{"Aa", "Ää"},
		{"Oulu", "Öulu"},
		{"OA 1", "OA1"},
	} {
		t.Run("Apart/"+tc.a, func(t *testing.T) {
			if salkku.Fold(tc.a) == salkku.Fold(tc.b) {
				t.Errorf("Fold(%q) = Fold(%q): want them apart", tc.a, tc.b)
			}
		})
	}
}
