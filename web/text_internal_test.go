package web

import (
	"testing"

	"github.com/salkku/salkku"
)

// TestParasLists checks that lines starting with "- " show as a list
// under the paragraph they follow, and that a text in another language
// than the page's is marked with its own.
func TestParasLists(t *testing.T) {
	for _, tc := range []struct {
		name string
		text salkku.Text
		want string
	}{
		{"paragraphs", salkku.Text{FI: "Yksi.\n\nKaksi."}, "<p>Yksi.</p><p>Kaksi.</p>"},
		{"list", salkku.Text{FI: "Voidaan aloittaa, kun\n- a & b\n- c"}, "<p>Voidaan aloittaa, kun</p><ul><li>a &amp; b</li><li>c</li></ul>"},
		{"text after list", salkku.Text{FI: "- a\nLoppu"}, "<ul><li>a</li></ul><p>Loppu</p>"},
		{"bullets as the slides write them", salkku.Text{FI: "Järjestäjän tietotarpeet\n• Vähimmäistietosisällöt\n• (Tehtäviä)"}, "<p>Järjestäjän tietotarpeet</p><ul><li>Vähimmäistietosisällöt</li><li>(Tehtäviä)</li></ul>"},
		{"dash without space", salkku.Text{FI: "-a"}, "<p>-a</p>"},
		{"fallback", salkku.Text{SV: "Då\n- x", Primary: "sv"}, `<p lang="sv">Då</p><ul lang="sv"><li>x</li></ul>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(Base{Lang: "fi"}.Paras(tc.text)); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}
