package checks

import (
	"strings"
	"testing"
	"time"
)

// --fail-on and --today are checked before anything loads, with the
// flag named in the message.
func TestCheckFlags(t *testing.T) {
	for _, v := range []string{FailOnViolations, FailOnNewImpact, FailOnNone} {
		if err := CheckFailOn(v); err != nil {
			t.Errorf("%s: %v", v, err)
		}
	}
	if err := CheckFailOn("always"); err == nil || err.Error() != `--fail-on: unknown value "always" (want violations, new-impact or none)` {
		t.Errorf("always: %v", err)
	}
	if d, err := Today("2026-01-31"); err != nil || d != "2026-01-31" {
		t.Errorf("a date: %q, %v", d, err)
	}
	if _, err := Today("31/01/2026"); err == nil || !strings.HasPrefix(err.Error(), "--today: ") {
		t.Errorf("not a date: %v", err)
	}
	if d, err := Today(""); err != nil || d != time.Now().UTC().Format(time.DateOnly) {
		t.Errorf("empty: %q, %v", d, err)
	}
	if len(FailOnChoices()) != 3 {
		t.Errorf("choices %q", FailOnChoices())
	}
}
