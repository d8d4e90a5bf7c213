package salkku

import "strings"

// Fold returns the form under which two codes or names count as one:
// "KaRa", "kara" and " KARA " are one project code, "Äänekoski" and
// "ÄÄNEKOSKI" one organisation. The store keeps it in a column of its own
// with a unique index, since SQLite's lower() knows only ASCII and the
// names are Finnish. Upper then lower case maps the variants of a letter
// to one rune, as strings.EqualFold compares them ("ς" and "σ" both to
// "σ").
func Fold(s string) string {
	return strings.ToLower(strings.ToUpper(strings.TrimSpace(s)))
}
