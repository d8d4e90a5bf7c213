package salkku

import "strings"

// Line diff of report boxes: what changed since the previous report. The
// boxes are lists of bullets, so a line is the unit of change.

// Diff line kinds.
const (
	LineSame    = "same"
	LineAdded   = "added"
	LineRemoved = "removed"
)

// DiffLine is one line of a diff.
type DiffLine struct {
	Kind string
	Text string
}

// MaxDiffLines bounds the lines compared; beyond it the texts are shown
// as removed and added whole, so that a diff costs at most its square.
const MaxDiffLines = 2000

// DiffLines compares two texts line by line (longest common subsequence),
// ignoring blank lines and surrounding spaces.
func DiffLines(before, after string) []DiffLine {
	a, b := diffSplit(before), diffSplit(after)
	if len(a) > MaxDiffLines || len(b) > MaxDiffLines {
		var out []DiffLine
		for _, l := range a {
			out = append(out, DiffLine{LineRemoved, l})
		}
		for _, l := range b {
			out = append(out, DiffLine{LineAdded, l})
		}
		return out
	}
	// lcs[i][j] is the length of the common subsequence of a[i:] and b[j:].
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []DiffLine
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			out = append(out, DiffLine{LineSame, a[i]})
			i, j = i+1, j+1
		case lcs[i+1][j] >= lcs[i][j+1]:
			out = append(out, DiffLine{LineRemoved, a[i]})
			i++
		default:
			out = append(out, DiffLine{LineAdded, b[j]})
			j++
		}
	}
	for ; i < len(a); i++ {
		out = append(out, DiffLine{LineRemoved, a[i]})
	}
	for ; j < len(b); j++ {
		out = append(out, DiffLine{LineAdded, b[j]})
	}
	return out
}

// Changed reports whether a diff has any added or removed line.
func Changed(d []DiffLine) bool {
	for _, l := range d {
		if l.Kind != LineSame {
			return true
		}
	}
	return false
}

func diffSplit(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
