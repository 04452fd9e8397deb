package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/checks"
)

// A check's configuration changes are left out of the text and Markdown
// reports, with a line saying how many, and listed with --show-affected.
func TestCheckReportsAffected(t *testing.T) {
	c := &checks.Check{Changes: []checks.StateChange{{
		Node: "aws_instance.web", Scenario: "aws:us-east-1a", Worse: true, After: checks.Outcome{State: analyzer.Failed},
	}, {
		Node: "aws_security_group.web", Scenario: "aws:us-east-1a", Worse: true, After: checks.Outcome{State: analyzer.Failed},
		Configuration: true,
	}}}
	for _, format := range []string{"text", "markdown"} {
		fn, err := Lookup(ViewCheck, format)
		if err != nil {
			t.Fatal(err)
		}
		for _, show := range []bool{false, true} {
			var b bytes.Buffer
			if err := fn(&b, &Report{Check: c, ShowAffected: show}); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			if !strings.Contains(out, "aws_instance.web") {
				t.Errorf("%s: the serving change is missing:\n%s", format, out)
			}
			if got := strings.Contains(out, "aws_security_group.web"); got != show {
				t.Errorf("%s, show %v: security group listed %v:\n%s", format, show, got, out)
			}
			if got := strings.Contains(out, "1 change of a configuration object") || strings.Contains(out, "1 change of configuration objects"); got == show {
				t.Errorf("%s, show %v: the hidden-changes line present %v:\n%s", format, show, got, out)
			}
		}
	}
}
