package salkku_test

import (
	"strings"
	"testing"

	"github.com/salkku/salkku"
)

func TestDiffLines(t *testing.T) {
	tests := []struct {
		name, before, after string
		want                string
	}{
		{"same", "• a\n• b", "• a\n• b", "=• a =• b"},
		{"added at the end", "• a", "• a\n• b", "=• a +• b"},
		{"removed in the middle", "• a\n• b\n• c", "• a\n• c", "=• a -• b =• c"},
		{"changed line", "• Korona\n• Etätyö", "• Korona\n• Etätyö jatkuu", "=• Korona -• Etätyö +• Etätyö jatkuu"},
		{"blank lines and spaces ignored", "  • a  \n\n• b", "• a\n• b\n", "=• a =• b"},
		{"from nothing", "", "• a", "+• a"},
		{"to nothing", "• a", "", "-• a"},
	}
	sign := map[string]string{salkku.LineSame: "=", salkku.LineAdded: "+", salkku.LineRemoved: "-"}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, l := range salkku.DiffLines(tc.before, tc.after) {
				got = append(got, sign[l.Kind]+l.Text)
			}
			if g := strings.Join(got, " "); g != tc.want {
				t.Errorf("got %q, want %q", g, tc.want)
			}
		})
	}
	if salkku.Changed(salkku.DiffLines("a", "a")) || !salkku.Changed(salkku.DiffLines("a", "b")) {
		t.Error("Changed")
	}
}

func TestDiffLinesLong(t *testing.T) {
	long := strings.Repeat("x\n", salkku.MaxDiffLines+1)
	d := salkku.DiffLines(long, "y")
	if len(d) != salkku.MaxDiffLines+2 || d[len(d)-1] != (salkku.DiffLine{Kind: salkku.LineAdded, Text: "y"}) {
		t.Fatalf("long diff: %d lines", len(d))
	}
}
