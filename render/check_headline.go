package render

import (
	"fmt"
	"sort"
	"strings"

	"github.com/blast-dev/blast/checks"
	"github.com/blast-dev/blast/graph"
)

// chkStatusWords says a verdict's status in words, beside its emoji.
func chkStatusWords(status string) string {
	switch status {
	case "violated":
		return "policy violated"
	case "worse":
		return "blast radius grew"
	case "better":
		return "blast radius shrank"
	case "changed":
		return "blast radius moved"
	}
	return "no change in blast radius"
}

// chkHeadline is the check's answer in one line: "this change makes
// checkout fail when aws:us-east-1a goes down". It names the rows the
// open findings point at (else the services, else the nodes, that fare
// worse), the worst state they reach and the domains that do it; a
// change that makes nothing worse has the verdict's summary.
func chkHeadline(c *checks.Check) string {
	changes := map[[2]string]checks.StateChange{}
	for _, ch := range c.Changes {
		changes[[2]string{ch.Node, ch.Scenario}] = ch
	}
	var picked []checks.StateChange
	for _, f := range chkOpenFindings(c) {
		if ch, ok := changes[[2]string{f.Node, f.Scenario}]; ok && ch.Worse && (f.Kind == checks.FindingViolation || f.Kind == checks.FindingImpact) {
			picked = append(picked, ch)
		}
	}
	if len(picked) == 0 {
		for _, kind := range []graph.Kind{graph.KindService, ""} {
			for _, ch := range c.Worse() {
				if kind == "" || ch.Kind == kind {
					picked = append(picked, ch)
				}
			}
			if len(picked) > 0 {
				break
			}
		}
	}
	if len(picked) == 0 || (c.Verdict.Status != "violated" && c.Verdict.Status != "worse") {
		return c.Verdict.Summary
	}
	worst := picked[0].After
	for _, ch := range picked[1:] {
		if chkOutcomeRank(ch.After) > chkOutcomeRank(worst) {
			worst = ch.After
		}
	}
	var names, domains []string
	seenName, seenDomain := map[string]bool{}, map[string]bool{}
	for _, ch := range picked {
		if chkOutcomeRank(ch.After) != chkOutcomeRank(worst) {
			continue
		}
		if n := chkNodeName(ch); !seenName[n] {
			seenName[n] = true
			names = append(names, n)
		}
		if !seenDomain[ch.Scenario] {
			seenDomain[ch.Scenario] = true
			domains = append(domains, ch.Scenario)
		}
	}
	sort.Strings(names)
	sort.Strings(domains)
	goes := "goes"
	if len(domains) > 2 {
		goes = "go"
	}
	return fmt.Sprintf("this change makes %s %s when %s %s down", chkList(names, 3, "and", "more", "more"), worst.Infinitive(), chkList(domains, 2, "or", "other domain", "other domains"), goes)
}

// chkOutcomeRank orders outcomes: failed, then degraded, then frozen.
func chkOutcomeRank(o checks.Outcome) int {
	r := int(o.State) * 2
	if o.Frozen {
		r++
	}
	return r
}

// chkNodeName is a service's name, else the node's ID.
func chkNodeName(ch checks.StateChange) string {
	if ch.Kind == graph.KindService && ch.Name != "" {
		return ch.Name
	}
	return ch.Node
}

// chkList joins the first n items, "a, b and c", and counts the rest:
// "a, b and 3 more" (one and many name the rest).
func chkList(items []string, n int, and, one, many string) string {
	if len(items) > n {
		rest := len(items) - n
		noun := many
		if rest == 1 {
			noun = one
		}
		return strings.Join(items[:n], ", ") + " " + and + " " + fmt.Sprintf("%d %s", rest, noun)
	}
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + and + " " + items[len(items)-1]
}

// chkVerdictLine is the status in words and the headline, the status
// not said twice when the headline is the verdict's summary.
func chkVerdictLine(c *checks.Check) (words, line string) {
	words, line = chkStatusWords(c.Verdict.Status), chkHeadline(c)
	if line == c.Verdict.Summary {
		line = strings.TrimPrefix(strings.TrimPrefix(line, words), ": ")
	}
	return words, line
}
