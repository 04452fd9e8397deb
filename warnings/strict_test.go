package warnings

import (
	"strings"
	"testing"

	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
)

// Strict names the first warning, else the first skipped file, with a
// count of the rest; nothing to say, or strict off, is no error.
func TestStrict(t *testing.T) {
	ws := []graph.Warning{{Source: "a.tfstate", Message: "one"}, {Source: "a.tfstate", Message: "two"}}
	sk := []importers.Skipped{{File: "README.md", Reason: "not an input"}}
	if err := Strict(true, ws, sk); err == nil || !strings.HasPrefix(err.Error(), "--strict: ") || !strings.Contains(err.Error(), "one") ||
		!strings.Contains(err.Error(), "and 1 more warnings") {
		t.Errorf("warnings: %v", err)
	}
	if err := Strict(true, nil, sk); err == nil || err.Error() != "--strict: README.md: not an input" {
		t.Errorf("skipped: %v", err)
	}
	if err := Strict(true, nil, nil); err != nil {
		t.Errorf("nothing: %v", err)
	}
	if err := Strict(false, ws, sk); err != nil {
		t.Errorf("not strict: %v", err)
	}
}
