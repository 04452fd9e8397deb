package render

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/checks"
	"github.com/blast-dev/blast/graph"
)

// A markdown check report stays under GitHub's comment limit: optional
// sections go first, the last first, with a note; the marker and the
// verdict always stay.
func TestCheckMarkdownLimit(t *testing.T) {
	big := func(name string, n int, optional bool) chkMdSection {
		return chkMdSection{name: name, text: "\n" + strings.Repeat("| row | ü |\n", n), optional: optional}
	}
	verdict := chkMdSection{name: "verdict", text: CheckMarker + "\n**verdict**\n"}
	for _, tc := range []struct {
		name    string
		secs    []chkMdSection
		dropped []string
	}{
		{"fits", []chkMdSection{verdict, big("changes", 10, false), big("details", 10, true)}, nil},
		{"drops details", []chkMdSection{verdict, big("changes", 3000, false), big("scenarios", 3000, true), big("explanations", 3000, true)},
			[]string{"scenarios", "explanations"}},
		{"drops the last first", []chkMdSection{verdict, big("changes", 1000, false), big("scenarios", 1000, true), big("explanations", 4000, true)},
			[]string{"explanations"}},
		{"cuts what must stay", []chkMdSection{verdict, big("changes", 10000, false)}, nil},
	} {
		out := chkAssemble(tc.secs, MarkdownLimit)
		if n := utf8.RuneCountInString(out); n > MarkdownLimit {
			t.Errorf("%s: %d characters, over %d", tc.name, n, MarkdownLimit)
		}
		if !strings.HasPrefix(out, CheckMarker+"\n**verdict**") {
			t.Errorf("%s: marker and verdict lost", tc.name)
		}
		truncated := strings.Contains(out, "Truncated to stay under")
		if want := tc.dropped != nil || tc.name == "cuts what must stay"; truncated != want {
			t.Errorf("%s: truncation note %v, want %v", tc.name, truncated, want)
		}
		for _, d := range tc.dropped {
			if !strings.Contains(out, "left out: ") || !strings.Contains(out, d) {
				t.Errorf("%s: the note does not name %s", tc.name, d)
			}
		}
	}
}

func TestGitHubEscaping(t *testing.T) {
	if got := chkGhData("50% done\nnext"); got != "50%25 done%0Anext" {
		t.Errorf("data: %q", got)
	}
	if got := chkGhProp("a:b,c"); got != "a%3Ab%2Cc" {
		t.Errorf("property: %q", got)
	}
}

// mermaidSyntax checks the flowchart blast check writes: a header, node
// lines with quoted, escaped labels and a class, edges between declared
// nodes, and class definitions for every class used.
func mermaidSyntax(t *testing.T, block string) {
	t.Helper()
	nodeRe := regexp.MustCompile(`^  (n\d+)(\["[^"<>]*"\]|\{\{"[^"<>]*"\}\}):::(\w+)$`)
	edgeRe := regexp.MustCompile(`^  (n\d+) -->(?:\|"[^"<>|]*"\|)? (n\d+)$`)
	classRe := regexp.MustCompile(`^  classDef (\w+) [\w#:,]+$`)
	lines := strings.Split(strings.TrimSpace(block), "\n")
	if lines[0] != "flowchart LR" {
		t.Fatalf("header %q", lines[0])
	}
	nodes, used, defined := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, l := range lines[1:] {
		switch {
		case nodeRe.MatchString(l):
			m := nodeRe.FindStringSubmatch(l)
			if nodes[m[1]] {
				t.Errorf("node %s declared twice", m[1])
			}
			nodes[m[1]], used[m[3]] = true, true
		case edgeRe.MatchString(l):
			m := edgeRe.FindStringSubmatch(l)
			if !nodes[m[1]] || !nodes[m[2]] {
				t.Errorf("edge between undeclared nodes: %q", l)
			}
		case classRe.MatchString(l):
			defined[classRe.FindStringSubmatch(l)[1]] = true
		default:
			t.Errorf("not a flowchart line: %q", l)
		}
	}
	for c := range used {
		if !defined[c] {
			t.Errorf("class %s used, not defined", c)
		}
	}
}

// The diagram of what newly fails is a valid flowchart, with addresses
// holding quotes and brackets escaped.
func TestCheckMermaid(t *testing.T) {
	c := &checks.Check{Changes: []checks.StateChange{{
		Node: `module.a["x.io"].aws_instance.web[0]`, Scenario: "aws:us-east-1a", Worse: true,
		After: checks.Outcome{State: analyzer.Failed}, Domain: "aws:us-east-1a",
		Chain: []analyzer.Step{{Node: `module.a["x.io"].aws_instance.web[0]`, Why: "needs"}, {Node: `aws_subnet.a<b>#1`, Why: "in"}},
	}, {
		Node: "service:checkout", Scenario: "aws:us-east-1a", Worse: true, After: checks.Outcome{State: analyzer.Failed},
		Domain: "aws:us-east-1a", Chain: []analyzer.Step{{Node: "service:checkout"}, {Node: `module.a["x.io"].aws_instance.web[0]`}, {Node: `aws_subnet.a<b>#1`}},
	}}}
	md := chkMdDiagram(c)
	start := strings.Index(md, "```mermaid\n")
	end := strings.LastIndex(md, "```")
	if start < 0 || end <= start {
		t.Fatalf("no mermaid block:\n%s", md)
	}
	block := md[start+len("```mermaid\n") : end]
	mermaidSyntax(t, block)
	if strings.Count(block, "-->") != 3 {
		t.Errorf("want 3 edges (shared steps drawn once):\n%s", block)
	}
	for _, want := range []string{`#quot;x.io#quot;`, "#lt;b#gt;#35;1", `{{"aws:us-east-1a down"}}`} {
		if !strings.Contains(block, want) {
			t.Errorf("diagram lacks %s:\n%s", want, block)
		}
	}
}

// zoneChange is a service that newly fails in a zone because a resource
// was removed, with the policy finding and the new-impact finding a check
// reports for it.
func zoneChange(c *checks.Check, service, zone string) {
	c.Changes = append(c.Changes, checks.StateChange{Node: service, Kind: graph.KindService, Name: strings.TrimPrefix(service, "service:"),
		Scenario: zone, ScenarioKind: "zone", Worse: true, Before: checks.Outcome{State: analyzer.Degraded}, After: checks.Outcome{State: analyzer.Failed},
		Domain: zone, Cause: "aws_instance.web[1]",
		Chain: []analyzer.Step{{Node: service, Why: "needs aws_lb.web"}, {Node: "aws_lb.web", Why: "needs aws_instance.web[0]"}, {Node: "aws_instance.web[0]", Why: "in " + zone + " (zone down)"}}})
	c.Findings = append(c.Findings,
		checks.Finding{ID: "p/" + service + "/" + zone, Kind: checks.FindingViolation, Level: checks.LevelError, Policy: "critical-survives-a-zone",
			Node: service, Scenario: zone, New: true, Status: checks.StatusOpen, Address: "aws_instance.web[1]",
			Message: service + " (tier critical) is failed when " + zone + " is down; policy \"critical-survives-a-zone\" allows at worst degraded; behind it: aws_instance.web[1] removed"},
		checks.Finding{ID: "impact/" + service + "/" + zone, Kind: checks.FindingImpact, Level: checks.LevelWarning,
			Node: service, Scenario: zone, New: true, Status: checks.StatusOpen, Address: "aws_instance.web[1]",
			Message: service + " newly fails when " + zone + " is down (was degraded); behind it: aws_instance.web[1] removed"})
}

// The comment leads with one line, status in words beside the emoji;
// one service failing the same way in 13 zones is one finding row, not
// 26; the diagram of a change that fails services is the services view,
// folded.
func TestCheckMarkdownGrouped(t *testing.T) {
	c := &checks.Check{Verdict: checks.Verdict{Status: "violated", Summary: "policy violated: a long sentence"}, RowKind: "services"}
	for i := range 13 {
		zoneChange(c, "service:checkout", fmt.Sprintf("aws:us-east-1%c", 'a'+i))
	}
	zoneChange(c, "service:payments", "aws:us-east-1a")
	c.NewSPOFs = []checks.SPOFChange{{Resource: "aws_instance.web[0]", Rows: []string{"service:checkout"}}, {Resource: "aws_subnet.app[0]", Rows: []string{"service:checkout"}}}
	for _, sp := range c.NewSPOFs {
		c.Findings = append(c.Findings, checks.Finding{ID: "spof/" + sp.Resource, Kind: checks.FindingSPOF, Level: checks.LevelWarning, Node: sp.Resource,
			New: true, Status: checks.StatusOpen, Address: sp.Resource, Message: sp.Resource + " alone now fails service:checkout"})
	}
	var b strings.Builder
	if err := checkMarkdown(&b, &Report{Check: c}); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	lines := strings.Split(md, "\n")
	want := "❌ **policy violated** · blast: this change makes checkout and payments fail when aws:us-east-1a, aws:us-east-1b or 11 other domains go down"
	if lines[1] != want {
		t.Errorf("headline\n got %q\nwant %q", lines[1], want)
	}
	if strings.Count(md, "a long sentence") != 0 {
		t.Errorf("the verdict's long summary is repeated in the comment")
	}
	findings := md[strings.Index(md, "#### Findings"):strings.Index(md, "#### What changes")]
	rows := 0
	for _, l := range strings.Split(findings, "\n") {
		if strings.HasPrefix(l, "| ❌") || strings.HasPrefix(l, "| ⚠️") {
			rows++
		}
	}
	if rows != 3 { // checkout in 13 zones, payments in one, the two new single points of failure
		t.Errorf("want 3 finding rows (one per service and outcome, one for the single points of failure), got %d:\n%s", rows, findings)
	}
	for _, want := range []string{"| ❌ error | `service:checkout` | `aws:us-east-1a`, `aws:us-east-1b`", "and 7 more | fails (was degraded); behind it: aws_instance.web[1]; breaks policy critical-survives-a-zone",
		"| ⚠️ warning | `service:checkout` | `aws_instance.web[0]`, `aws_subnet.app[0]` (any one alone) |",
		"#### What changes (14 changes)", "| 🔴 worse | `service:checkout` | `aws:us-east-1a`, `aws:us-east-1b`, `aws:us-east-1c`, `aws:us-east-1d`, `aws:us-east-1e`, `aws:us-east-1f`, and 7 more | degraded | failed | needs aws_lb.web → needs aws_instance.web[0] → in that zone (zone down) |",
		"| 🔴 worse | `service:payments` | `aws:us-east-1a` | degraded | failed | needs aws_lb.web → needs aws_instance.web[0] → in aws:us-east-1a (zone down) |"} {
		if !strings.Contains(md, want) {
			t.Errorf("comment lacks %q:\n%s", want, md)
		}
	}
	d := md[strings.Index(md, "<details><summary>Diagram"):]
	if !strings.Contains(d, "(2 services, each with the resource its chain ends in)") || !strings.Contains(d, "</details>") {
		t.Errorf("the diagram is not the folded services view:\n%s", d)
	}
	block := d[strings.Index(d, "```mermaid\n")+len("```mermaid\n") : strings.LastIndex(d, "```")]
	mermaidSyntax(t, block)
	if strings.Contains(block, "aws_lb.web") || !strings.Contains(block, `-->|"via 1 more"|`) {
		t.Errorf("the services view draws the steps between a service and the resource its chain ends in:\n%s", block)
	}
}

// A change to thousands of resources stays under GitHub's comment limit,
// and the comment says what it left out.
func TestCheckMarkdownLargeChange(t *testing.T) {
	c := &checks.Check{Verdict: checks.Verdict{Status: "violated", Summary: "policy violated"}, RowKind: "services"}
	for i := range 3000 {
		zoneChange(c, fmt.Sprintf("service:svc-%04d-%s", i, strings.Repeat("x", 40)), fmt.Sprintf("aws:us-east-1%c", 'a'+i%6))
		c.Resources = append(c.Resources, checks.ResourceChange{Node: fmt.Sprintf("module.m[%d].aws_instance.web", i), Change: "removed",
			Details: []string{"placement: us-east-1 us-east-1a (zonal) " + strings.Repeat("y", 60)}})
	}
	for i := range 2000 {
		c.Scenarios = append(c.Scenarios, checks.ScenarioChange{Name: fmt.Sprintf("aws:zone-%04d", i), After: checks.Radius{Failed: i}})
	}
	var b strings.Builder
	if err := checkMarkdown(&b, &Report{Check: c}); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	if n := utf8.RuneCountInString(md); n > MarkdownLimit {
		t.Fatalf("%d characters, over GitHub's %d", n, MarkdownLimit)
	}
	for _, want := range []string{CheckMarker + "\n❌ **policy violated**", "… and 2940 more groups", "Truncated to stay under GitHub's 65536-character comment limit (left out: ", "scenarios"} {
		if !strings.Contains(md, want) {
			t.Errorf("comment lacks %q", want)
		}
	}
	t.Logf("%d characters; the note: %s", utf8.RuneCountInString(md), md[strings.LastIndex(md, "> Truncated"):])
}
