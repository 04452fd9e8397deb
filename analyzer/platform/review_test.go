package platform

import (
	"os"
	"strings"
	"testing"
)

// TestReviewTableMatchesKnowledge holds data/REVIEW.md, the table of
// reviewed types, to the embedded knowledge: each row's scope, entry and
// service must be what Lookup answers, and each row must cite a source,
// so a later change to the TOML that the review does not follow fails
// here.
func TestReviewTableMatchesKnowledge(t *testing.T) {
	raw, err := os.ReadFile("data/REVIEW.md")
	if err != nil {
		t.Fatal(err)
	}
	k := Default()
	rows := 0
	for _, line := range strings.Split(string(raw), "\n") {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		cells := strings.Split(line, "|")
		if len(cells) < 9 {
			t.Errorf("REVIEW.md: short row %q", line)
			continue
		}
		cell := func(i int) string { return strings.Trim(strings.TrimSpace(cells[i]), "`") }
		typ, scope, match, service, source, review := cell(1), cell(2), cell(3), cell(4), cell(6), cell(7)
		rows++
		e, ok := k.Lookup(typ)
		if !ok {
			t.Errorf("%s: reviewed but has no entry", typ)
			continue
		}
		if string(e.Scope) != scope || e.Match != match {
			t.Errorf("%s: review says scope %s (entry %s), knowledge says %s (entry %s)", typ, scope, match, e.Scope, e.Match)
		}
		if service != "-" && e.Service != service {
			t.Errorf("%s: review says service %s, knowledge says %s", typ, service, e.Service)
		}
		if !strings.HasPrefix(source, "https://") || source != e.Source {
			t.Errorf("%s: review cites %q, the entry %q", typ, source, e.Source)
		}
		if review != "confirmed" && !strings.HasPrefix(review, "changed") {
			t.Errorf("%s: review column %q is neither confirmed nor changed", typ, review)
		}
	}
	if rows < 200 {
		t.Errorf("REVIEW.md lists %d types, want the 200 most common at least", rows)
	}
}
