package platform

import (
	"strings"
	"testing"

	"github.com/blast-dev/blast/config"
	"github.com/blast-dev/blast/graph"
)

// Load lays blast.toml's [platform] overrides over the embedded
// knowledge; without them it is the embedded knowledge; a bad override is
// an error naming the file.
func TestLoad(t *testing.T) {
	cfg, err := config.Parse("team/blast.toml", []byte(`
[[platform.override]]
match = "aws_db_instance"
scope = "regional"
source = "our databases run Multi-AZ"
`))
	if err != nil {
		t.Fatal(err)
	}
	k, err := Load(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if e, ok := k.Lookup("aws_db_instance"); !ok || e.Scope != graph.ScopeRegional {
		t.Errorf("override not applied: %+v, %v", e, ok)
	}
	plain, err := Load(config.Empty())
	if err != nil {
		t.Fatal(err)
	}
	if e, ok := plain.Lookup("aws_db_instance"); !ok || e.Scope == graph.ScopeRegional {
		t.Errorf("embedded entry: %+v, %v (an earlier Load's override leaked?)", e, ok)
	}
	bad, err := config.Parse("team/blast.toml", []byte("[[platform.override]]\nmatch = \"aws_db_instance\"\nscope = \"planetary\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Load(bad); err == nil || !strings.HasPrefix(err.Error(), "config: team/blast.toml: ") {
		t.Errorf("bad override: %v", err)
	}
}
