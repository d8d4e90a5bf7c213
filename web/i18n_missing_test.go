package web_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/salkku/salkku/i18n"
)

// TestMain fails the package when any page, form or API answer rendered by
// its tests asked for a catalogue key that a language lacks: T falls back
// to Finnish or to the key itself, which a user must never read. Keys built
// at run time ("role." + role, "http." + status) are caught here.
func TestMain(m *testing.M) {
	code := m.Run()
	if missing := i18n.Missing(); code == 0 && len(missing) > 0 {
		fmt.Fprintln(os.Stderr, "FAIL: catalogue keys asked for but missing (language key):")
		for _, k := range missing {
			fmt.Fprintln(os.Stderr, "\t"+k)
		}
		code = 1
	}
	os.Exit(code)
}
