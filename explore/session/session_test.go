package session

import (
	"os"
	"strings"
	"testing"
)

// TestCheckConfig: the blast.toml sections a page carries are checked as
// the page's own session reads them when it opens: sections that read
// pass, and each kind of section that would fail the page's opening
// fails the check, naming the problem.
func TestCheckConfig(t *testing.T) {
	good, err := os.ReadFile("../../fixtures/scenarios/blast.toml")
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"", string(good)} {
		if err := CheckConfig(text); err != nil {
			t.Errorf("CheckConfig(%.40q): %v", text, err)
		}
	}
	for _, c := range []struct{ text, want string }{
		{"[platform\n", "blast.toml"},
		{"[[platform.override]]\nmatch = \"aws_db_instance\"\nscope = \"everywhere\"\n", "everywhere"},
		{"[[scenario]]\nname = \"drill\"\ndown = [\"no-such-cloud:nowhere\"]\n", "drill"},
	} {
		err := CheckConfig(c.text)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("CheckConfig(%q) = %v, want an error naming %q", c.text, err, c.want)
		}
	}
}
