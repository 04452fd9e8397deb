package analyzer

import (
	"strings"
	"testing"

	"github.com/blast-dev/blast/config"
)

// The catalog of a run: built-in scenarios plus the file's, each with the
// file as its origin; a bad declaration is one error naming the file.
func TestLoadCatalog(t *testing.T) {
	cfg, err := config.Parse("team/blast.toml", []byte("[[scenario]]\nname = \"east-out\"\ndown = [\"aws:us-east-1\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := LoadCatalog(cfg)
	if err != nil {
		t.Fatal(err)
	}
	d, ok := c.Lookup("east-out")
	if !ok || d.Origin != "team/blast.toml" {
		t.Errorf("east-out: %+v, %v", d, ok)
	}
	if len(c.List()) < 2 {
		t.Errorf("built-in scenarios missing: %v", c.Names())
	}
	builtin, err := LoadCatalog(config.Empty())
	if err != nil || len(builtin.List()) != len(c.List())-1 {
		t.Errorf("empty config: %v, %v", builtin.Names(), err)
	}
	bad, _ := config.Parse("", []byte("[[scenario]]\nname = \"nothing\"\n"))
	if _, err := LoadCatalog(bad); err == nil || !strings.HasPrefix(err.Error(), "config: blast.toml: scenario[0]") {
		t.Errorf("bad scenario: %v", err)
	}
}
