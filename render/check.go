package render

import (
	"errors"
	"fmt"
	"strings"

	"github.com/blast-dev/blast/checks"
)

// ViewCheck is the comparison of a change's two sides (blast check and
// blast diff).
const ViewCheck View = "check"

func checkOf(r *Report) (*checks.Check, error) {
	if r.Check == nil {
		return nil, errors.New("no check result to render")
	}
	return r.Check, nil
}

// RadiusText renders a blast radius: "3 failed, 1 degraded; 2 frozen",
// with the services among them when there are any. Frozen is a flag that
// overlaps the states (a failed node may be frozen too), so it stands
// apart from them.
func RadiusText(x checks.Radius) string {
	s := fmt.Sprintf("%d failed, %d degraded; %d frozen", x.Failed, x.Degraded, x.Frozen)
	if x.ServicesFailed+x.ServicesDegraded+x.ServicesFrozen > 0 {
		s += fmt.Sprintf(" (services: %d failed, %d degraded; %d frozen)", x.ServicesFailed, x.ServicesDegraded, x.ServicesFrozen)
	}
	return s
}

// chkChangedScenarios returns the suite scenarios whose blast radius
// differs between the sides.
func chkChangedScenarios(c *checks.Check) []checks.ScenarioChange {
	var out []checks.ScenarioChange
	for _, s := range c.Scenarios {
		if s.Changed() {
			out = append(out, s)
		}
	}
	return out
}

// chkOpenFindings returns the findings that are neither suppressed nor in
// the baseline.
func chkOpenFindings(c *checks.Check) []checks.Finding {
	var out []checks.Finding
	for _, f := range c.Findings {
		if f.Status == checks.StatusOpen {
			out = append(out, f)
		}
	}
	return out
}

// chkFindingWhere says where a finding points: file:line, else the address,
// else the node.
func chkFindingWhere(f checks.Finding) string {
	switch {
	case f.File != "" && f.Line > 0:
		return fmt.Sprintf("%s:%d (%s)", f.File, f.Line, f.Address)
	case f.Address != "":
		return f.Address
	case f.Resource != "":
		return f.Resource
	}
	return f.Node
}

// chkChangeWhy is a state change's explanation in one line.
func chkChangeWhy(ch checks.StateChange) string {
	why := ChainText(ch.Chain)
	if why == "" {
		why = ch.Reason
	}
	if !ch.Worse && why != "" {
		why = "no longer: " + why
	}
	return why
}

// chkSideLine describes both sides in one line.
func chkSideLine(c *checks.Check) string {
	side := func(s checks.CheckSide) string {
		t := chkCount(s.Resources, "resource")
		if s.Services > 0 {
			t += ", " + chkCount(s.Services, "service")
		}
		return s.Label + ": " + t
	}
	return fmt.Sprintf("%s → %s · %s · fail on %s", side(c.Base), side(c.Head), chkCount(len(c.Scenarios), "scenario"), c.Verdict.FailOn)
}

// chkResourceChangeLabel is "changed (update)" and the like.
func chkResourceChangeLabel(rc checks.ResourceChange) string {
	if rc.Action != "" && rc.Action != rc.Change {
		return rc.Change + " (" + rc.Action + ")"
	}
	return rc.Change
}

func chkSuppressionText(s checks.SuppressionStatus) string {
	var m []string
	for _, kv := range [][2]string{{"id", s.ID}, {"policy", s.Policy}, {"node", s.Node}, {"scenario", s.Scenario}, {"kind", s.Kind}} {
		if kv[1] != "" {
			m = append(m, kv[0]+"="+kv[1])
		}
	}
	return strings.Join(m, " ")
}

// chkCount is "1 service", "3 services".
func chkCount(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// shownChanges are the state changes a check report lists: what serves,
// and the configuration objects' with --show-affected.
func shownChanges(r *Report) []checks.StateChange {
	var out []checks.StateChange
	for _, ch := range r.Check.Changes {
		if !ch.Configuration || r.ShowAffected {
			out = append(out, ch)
		}
	}
	return out
}
