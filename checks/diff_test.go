package checks

import (
	"testing"

	"github.com/blast-dev/blast/analyzer"
)

// Verb and Infinitive say the same outcome in two persons.
func TestOutcomeVerbs(t *testing.T) {
	for _, c := range []struct {
		o          Outcome
		verb, base string
	}{
		{Outcome{State: analyzer.Failed}, "fails", "fail"},
		{Outcome{State: analyzer.Degraded, Frozen: true}, "degrades and freezes", "degrade and freeze"},
		{Outcome{State: analyzer.Degraded}, "degrades", "degrade"},
		{Outcome{State: analyzer.Healthy, Frozen: true}, "freezes", "freeze"},
	} {
		if v, b := c.o.Verb(), c.o.Infinitive(); v != c.verb || b != c.base {
			t.Errorf("%+v: %q, %q; want %q, %q", c.o, v, b, c.verb, c.base)
		}
	}
}
